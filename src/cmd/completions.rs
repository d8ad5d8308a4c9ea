//! `tpm-ready completions SHELL`: print a shell completion script.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// Runs `completions`. The script is built in memory first: `clap_complete` panics on a
/// failed write, and a closed pipe (`| head`) is not a bug.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tpm-ready", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(())
}
