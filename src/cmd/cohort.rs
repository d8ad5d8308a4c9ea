//! `tpm-ready cohort`: the latest report of every candidate under a folder, side by side.

use crate::cli::CohortArgs;
use crate::cohort::Cohort;
use crate::error::UsageError;
use crate::history;
use crate::store;

/// Runs `cohort`.
pub fn run(args: &CohortArgs) -> anyhow::Result<()> {
    let dirs = history::candidate_dirs(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.dir.display()))?;
    let mut latest = Vec::new();
    for dir in dirs {
        // Only the newest readable report of each candidate is read.
        let (newest, bad) = history::latest(&dir)?;
        for problem in &bad {
            eprintln!("warning: skipping {problem}");
        }
        latest.extend(newest);
    }
    if latest.is_empty() {
        return Err(UsageError::NoReports(args.dir.display().to_string()).into());
    }
    let cohort = Cohort::from_latest(&latest);
    let path = args.dir.join("cohort.md");
    store::write_atomic(&path, cohort.markdown().as_bytes())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&cohort)?);
    } else {
        print!("{}", cohort.text());
        if !crate::quiet() {
            println!("Wrote {}", path.display());
        }
    }
    Ok(())
}
