//! The `tpm-ready` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tpm_ready::cli::Cli::parse();
    match tpm_ready::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = tpm_ready::exit_code(&err);
            // A user's own stop is not an error; say what happened and how to go on.
            if code == 130 {
                eprintln!("{err:#}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(code)
        }
    }
}
