//! `tpm-ready man`: print the man page (roff).

use clap::CommandFactory;

use crate::cli::Cli;

/// Runs `man`.
pub fn run() -> anyhow::Result<()> {
    let page = clap_mangen::Man::new(Cli::command());
    page.render(&mut std::io::stdout())?;
    Ok(())
}
