//! `tpm-ready cohort`: the latest report of every candidate under a folder, side by side.

use crate::cli::CohortArgs;
use crate::cohort::Cohort;
use crate::error::UsageError;
use crate::history;
use crate::store;

/// Runs `cohort`.
pub fn run(args: &CohortArgs, ctx: &super::Context) -> anyhow::Result<()> {
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
    // Printed first: a read-only folder still shows the cohort. With --json the file is
    // still written when it can be, but only the JSON is printed: a failure to write it
    // is not reported.
    if args.json {
        println!("{}", serde_json::to_string_pretty(&cohort)?);
    } else {
        print!("{}", cohort.text());
    }
    let path = args.dir.join("cohort.md");
    match store::write_atomic(&path, cohort.markdown().as_bytes()) {
        _ if args.json => {}
        Err(e) => eprintln!("warning: cohort.md was not written: {e}"),
        Ok(()) if !ctx.output.quiet => println!("Wrote {}", path.display()),
        Ok(()) => {}
    }
    Ok(())
}
