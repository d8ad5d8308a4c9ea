//! `tpm-ready validate [PATH]`: check a bank and list every problem.

use serde_json::json;

use crate::bank::{Bank, BankError};
use crate::cli::ValidateArgs;
use crate::error::ProblemsFound;

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let result = Bank::load_or_embedded(args.path.as_deref());
    let (source_name, problems) = match result {
        Ok(bank) => {
            let rubric_questions: usize = bank.rubric.iter().map(|c| c.questions.len()).sum();
            if args.json {
                let summary = json!({
                    "ok": true,
                    "bank": {
                        "source": bank.source, "id": bank.meta.id, "version": bank.meta.version,
                        "sha256": bank.sha256, "skills": bank.skills.len(), "questions": bank.questions.len(),
                        "prerequisites": bank.rubric.len(), "prerequisite_questions": rubric_questions,
                        "tracks": bank.track_ids(),
                    },
                    "problems": [],
                });
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else if !crate::quiet() {
                println!(
                    "ok: {} (bank `{}` version {}): {} skills, {} questions, {} prerequisites with {} questions, {} tracks",
                    bank.source,
                    bank.meta.id,
                    bank.meta.version,
                    bank.skills.len(),
                    bank.questions.len(),
                    bank.rubric.len(),
                    rubric_questions,
                    bank.meta.tracks.len()
                );
            }
            return Ok(());
        }
        Err(BankError::Invalid {
            source_name,
            problems,
        }) => (source_name, problems),
        Err(other) => return Err(other.into()),
    };
    if args.json {
        let listed: Vec<_> = problems
            .iter()
            .map(|p| json!({"file": p.file, "place": p.place, "message": p.message}))
            .collect();
        let summary = json!({"ok": false, "bank": {"source": source_name}, "problems": listed});
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        for problem in &problems {
            println!("{problem}");
        }
    }
    let n = problems.len();
    Err(ProblemsFound(format!(
        "{n} problem{} in bank {source_name}",
        if n == 1 { "" } else { "s" }
    ))
    .into())
}
