//! The `tpm-ready` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tpm_ready::cli::Cli::parse();
    match tpm_ready::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(tpm_ready::exit_code(&err))
        }
    }
}
