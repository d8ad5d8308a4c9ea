//! `tpm-ready stats DIR`: item analysis over the saved reports of every candidate.

use std::collections::HashMap;

use crate::bank::Bank;
use crate::cli::StatsArgs;
use crate::error::UsageError;
use crate::history;
use crate::scoring;
use crate::stats::{Builder, Scored};
use crate::store;

/// Runs `stats`.
pub fn run(args: &StatsArgs, ctx: &super::Context) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.bank.as_deref())?;
    let chance: HashMap<&str, f64> = bank
        .questions
        .iter()
        .filter_map(|q| scoring::chance_level(q).map(|c| (q.id.as_str(), c)))
        .collect();
    let dirs = history::candidate_dirs(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.dir.display()))?;
    // One unit per candidate (its first readable report), or per report with --all-runs.
    let mut units: Vec<Vec<std::path::PathBuf>> = Vec::new();
    for dir in dirs {
        let files = history::report_files(&dir)?;
        if args.all_runs {
            units.extend(files.into_iter().map(|f| vec![f]));
        } else {
            units.push(files);
        }
    }
    let mut builder = Builder::default();
    let mut read = 0;
    let first_readable = |files: &Vec<std::path::PathBuf>| {
        let mut problems = Vec::new();
        for path in files {
            match history::read_as::<Scored>(path) {
                Ok(report) => return (Some(report), problems),
                Err(problem) => problems.push(problem),
            }
        }
        (None, problems)
    };
    crate::par::map_ordered(&units, first_readable, |(report, problems)| {
        for problem in problems {
            eprintln!("warning: skipping {problem}");
        }
        if let Some(report) = report {
            builder.add(&report.answers);
            read += 1;
        }
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    if read == 0 {
        return Err(UsageError::NoReports(args.dir.display().to_string()).into());
    }
    let stats = builder.finish(if args.all_runs { "all" } else { "first" }, |id| {
        chance.get(id).copied()
    });
    let path = args.dir.join("stats.md");
    store::write_atomic(&path, stats.markdown().as_bytes())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{}", stats.text());
        if !ctx.output.quiet {
            println!("Wrote {}", path.display());
        }
    }
    Ok(())
}
