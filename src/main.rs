//! The `tpm-ready` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    quiet_broken_pipe();
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
            let message = tpm_ready::error::message(&err);
            if code == 130 {
                // Wrapped at words: the hint holds a long path and command.
                eprintln!("\n{}", tpm_ready::prompt::wrap_to_terminal(&message));
            } else {
                eprintln!("error: {message}");
            }
            ExitCode::from(code)
        }
    }
}

/// `tpm-ready questions --json | head -1`: when the reader of stdout goes away, `print!`
/// panics with "Broken pipe". Like `cat`, end quietly and successfully instead; every
/// other panic keeps the default report.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
