//! `tpm-ready completions SHELL`: print a shell completion script.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// Runs `completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "tpm-ready",
        &mut std::io::stdout(),
    );
    Ok(())
}
