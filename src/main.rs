//! The `tpm-ready` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // The version line names the built-in bank, known only at run time.
    let version: &'static str = Box::leak(tpm_ready::version_line().into_boxed_str());
    let matches = tpm_ready::cli::Cli::command()
        .version(version)
        .get_matches();
    if let Err(e) = tpm_ready::cli::Cli::check_placement(&matches) {
        e.exit();
    }
    let cli = match tpm_ready::cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match tpm_ready::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = tpm_ready::exit_code(&err);
            // A user's own stop is not an error; say what happened and how to go on.
            if code == 130 {
                eprintln!("\n{err:#}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(code)
        }
    }
}
