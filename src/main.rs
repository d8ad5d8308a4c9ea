//! The `tpm-ready` binary: parse arguments, run, map errors to exit codes.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use tpm_ready::cli::ColorChoice;
use tpm_ready::cmd::{Clock, Context, Output};

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
    let ctx = context(&cli);
    match tpm_ready::cmd::run(cli, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of stdout went away (`| head`): end quietly, as `cat` does.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
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

/// Environment variable that fixes the clock (RFC 3339), so tests get stable reports.
/// Read here, at the edge, and nowhere else.
const NOW_VAR: &str = "TPM_READY_NOW";

/// The clock and the output settings every command gets.
fn context(cli: &tpm_ready::cli::Cli) -> Context {
    let clock = std::env::var(NOW_VAR)
        .ok()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map_or(Clock::System, Clock::Fixed);
    Context {
        clock,
        output: Output {
            quiet: cli.quiet,
            color: apply_color(cli.color),
        },
    }
}

/// Applies `--color` to the terminal library (which styles both streams) and says
/// whether stdout is coloured. `auto` leaves the decision to the terminal check, except
/// that a non-empty `NO_COLOR` turns colour off (<https://no-color.org>).
fn apply_color(choice: ColorChoice) -> bool {
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        ColorChoice::Auto => {
            return std::io::IsTerminal::is_terminal(&std::io::stdout())
                && console::colors_enabled();
        }
    };
    console::set_colors_enabled(enabled);
    console::set_colors_enabled_stderr(enabled);
    enabled
}

/// Whether the error is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
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
