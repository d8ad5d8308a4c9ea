//! Generates benchmark inputs (nothing generated is committed). Used by
//! `scripts/bench.sh`; `cargo bench` uses the same code (`benches/support/mod.rs`).
//!
//! ```sh
//! cargo run --release --example gen_data -- bank N OUT.json      # valid bank, N questions
//! cargo run --release --example gen_data -- reports N DIR [NAME] # N reports in DIR/<slug>/
//! cargo run --release --example gen_data -- cohort C R DIR       # C candidates x R reports
//! cargo run --release --example gen_data -- answers OUT.json     # complete answers, built-in bank
//! ```
//!
//! Reports are scored against the built-in bank (track `general`) from complete answer
//! sets, one hour apart, so they have the size and shape of real ones. `reports` prints
//! the candidate's folder; the default candidate is "Bench Candidate"
//! (folder `bench-candidate`).

use std::path::Path;
use std::process::ExitCode;

use tpm_ready::bank::Bank;

#[path = "../benches/support/mod.rs"]
mod support;

const USAGE: &str = "usage:
  gen_data bank N OUT.json
  gen_data reports N DIR [NAME]
  gen_data cohort C R DIR
  gen_data answers OUT.json";

const SEED: u64 = 0x7e57_da7a;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_data: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn count(text: &str) -> Result<usize, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a count"))
}

fn run(args: &[&str]) -> Result<(), String> {
    match args {
        ["bank", n, out] => {
            let n = count(n)?;
            if n < support::MIN_BANK_QUESTIONS {
                return Err(format!(
                    "a bank needs at least {} questions",
                    support::MIN_BANK_QUESTIONS
                ));
            }
            let text = support::bank_json(n);
            // Never hand out a bank the engine would refuse.
            let bank = Bank::from_json(out, text.as_bytes()).map_err(|e| e.to_string())?;
            write(out, text.as_bytes())?;
            eprintln!(
                "wrote {out}: {} skills, {} questions, {} bytes",
                bank.skills.len(),
                bank.questions.len(),
                text.len()
            );
            Ok(())
        }
        ["reports", n, dir] | ["reports", n, dir, _] => {
            let name = args.get(3).copied().unwrap_or(support::CANDIDATE);
            let folder = support::write_reports(Path::new(dir), name, count(n)?, SEED)
                .map_err(|e| format!("cannot write reports under {dir}: {e}"))?;
            println!("{}", folder.display());
            Ok(())
        }
        ["cohort", c, r, dir] => {
            let folders = support::write_cohort(Path::new(dir), count(c)?, count(r)?, SEED)
                .map_err(|e| format!("cannot write reports under {dir}: {e}"))?;
            eprintln!("wrote {} candidate folders under {dir}", folders.len());
            Ok(())
        }
        ["answers", out] => {
            let bank = Bank::embedded().map_err(|e| e.to_string())?;
            let file = support::answers_file(&bank, support::TRACK, support::CANDIDATE, SEED);
            let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
            write(out, text.as_bytes())
        }
        _ => Err("unknown command or wrong number of arguments".into()),
    }
}

fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    let path = Path::new(path);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
