//! `tpm-ready progress`: a candidate's runs over time, with honest change, written as
//! `progress.md` and `progress.svg` in the candidate's folder.

use std::path::{Path, PathBuf};

use crate::cli::ProgressArgs;
use crate::error::UsageError;
use crate::history;
use crate::progress::{self, Progress};
use crate::store;

/// The folder of the candidate to show: named, or the only one under `dir`.
pub fn candidate_folder(name: Option<&str>, dir: &Path) -> anyhow::Result<PathBuf> {
    if let Some(name) = name {
        return Ok(store::candidate_dir(dir, name));
    }
    let dirs = history::candidate_dirs(dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", dir.display()))?;
    match dirs.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(UsageError::NoReports(dir.display().to_string()).into()),
        many => Err(UsageError::WhichCandidate(
            dir.display().to_string(),
            many.iter()
                .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect::<Vec<_>>()
                .join(", "),
        )
        .into()),
    }
}

/// Runs `progress`.
pub fn run(args: &ProgressArgs, ctx: &super::Context) -> anyhow::Result<()> {
    let folder = candidate_folder(args.name.as_deref(), &args.dir)?;
    // Each report becomes a compact run as soon as it is read.
    let mut names = progress::Names::default();
    let (runs, bad) = history::load_each(&folder, |path, report| {
        progress::Run::from_report(path.to_path_buf(), &report, &mut names)
    })
    .map_err(|_| UsageError::NoReports(folder.display().to_string()))?;
    for problem in &bad {
        eprintln!("warning: skipping {problem}");
    }
    let progress = Progress::from_runs(runs, &names)
        .ok_or_else(|| UsageError::NoReports(folder.display().to_string()))?;
    // Printed first: a read-only folder still shows the progress. With --json the
    // files are still written when they can be, but stdout and stderr carry only the
    // JSON: a failure to write them is not reported.
    if args.json {
        println!("{}", serde_json::to_string_pretty(&progress)?);
    } else {
        print!("{}", progress.text());
    }
    let markdown_path = folder.join("progress.md");
    let chart_path = folder.join("progress.svg");
    let written = store::refuse_symlink(&folder)
        .and_then(|()| store::write_atomic(&chart_path, progress::chart(&progress).as_bytes()))
        .and_then(|()| {
            store::write_atomic(
                &markdown_path,
                progress.markdown(Some("progress.svg")).as_bytes(),
            )
        });
    match written {
        _ if args.json => {}
        Err(e) => eprintln!("warning: progress.md and progress.svg were not written: {e}"),
        Ok(()) if !ctx.output.quiet => println!(
            "Wrote {} and {}",
            markdown_path.display(),
            chart_path.display()
        ),
        Ok(()) => {}
    }
    Ok(())
}
