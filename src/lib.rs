//! `tpm-ready`: assess readiness to become a Technical Program Manager.
//!
//! The engine is role-agnostic: a [`bank::Bank`] supplies skills, questions, rubric,
//! thresholds and next steps. A [`session::Plan`] orders the questions; answers come from
//! the terminal ([`quiz`], [`prompt`]) or a file ([`answers`]); [`scoring`] and [`rubric`]
//! turn them into results; [`report`] renders them and [`store`] writes them safely.

pub mod answer;
pub mod answers;
pub mod bank;
pub mod cbm;
pub mod clean;
pub mod cli;
pub mod cmd;
pub mod cohort;
pub mod error;
pub mod export;
pub mod form;
pub mod history;
pub mod input;
pub mod panel;
pub mod par;
pub mod progress;
pub mod prompt;
pub mod quality;
pub mod question;
pub mod quiz;
pub mod report;
pub mod resume;
pub mod rubric;
pub mod run;
pub mod schema;
pub mod scoring;
pub mod session;
pub mod stats;
pub mod store;
pub mod study;
pub mod suggest;
pub mod words;

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use chrono::{DateTime, FixedOffset};

pub use error::{exit_code, Aborted, UsageError};

/// Environment variable that fixes the clock (RFC 3339), so tests get stable reports.
pub const NOW_VAR: &str = "TPM_READY_NOW";

/// The current time with the local offset, or the time in `TPM_READY_NOW` when set.
/// Whole seconds only, the precision every saved file records, so a value read back
/// equals the one written.
pub fn now() -> DateTime<FixedOffset> {
    let now = std::env::var(NOW_VAR)
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .unwrap_or_else(|| chrono::Local::now().fixed_offset());
    chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
}

static QUIET: AtomicBool = AtomicBool::new(false);
/// `--color`: 0 auto, 1 always, 2 never.
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Whether text printed to stdout should be coloured, following `--color`.
pub fn color_stdout() -> bool {
    match COLOR.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => std::io::IsTerminal::is_terminal(&std::io::stdout()) && console::colors_enabled(),
    }
}

/// Whether `--quiet` was given: confirmations and summaries are left out.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Applies `--color`: `auto` leaves the decision to the terminal check, except that a
/// non-empty `NO_COLOR` turns colour off (<https://no-color.org>).
fn apply_color(choice: cli::ColorChoice) {
    COLOR.store(
        match choice {
            cli::ColorChoice::Auto => 0,
            cli::ColorChoice::Always => 1,
            cli::ColorChoice::Never => 2,
        },
        Ordering::Relaxed,
    );
    let enabled = match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else {
                return;
            }
        }
    };
    console::set_colors_enabled(enabled);
    console::set_colors_enabled_stderr(enabled);
}

/// The version line: the tool's version and the built-in bank's id and version.
pub fn version_line() -> String {
    let (id, version) = bank::embedded_identity();
    format!(
        "{} (built-in bank {id} {version})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Runs the parsed command line.
pub fn run(cli: cli::Cli) -> anyhow::Result<()> {
    QUIET.store(cli.quiet, Ordering::Relaxed);
    apply_color(cli.color);
    match cli.command {
        None => cmd::quiz::run(&cli.quiz),
        Some(cli::Command::Quiz(args)) => cmd::quiz::run(&args),
        Some(cli::Command::Questions(args)) => cmd::questions::run(&args),
        Some(cli::Command::Validate(args)) => cmd::validate::run(&args),
        Some(cli::Command::Review(args)) => cmd::review::run(&args),
        Some(cli::Command::Progress(args)) => cmd::progress::run(&args),
        Some(cli::Command::Cohort(args)) => cmd::cohort::run(&args),
        Some(cli::Command::Export(args)) => cmd::export::run(&args),
        Some(cli::Command::Stats(args)) => cmd::stats::run(&args),
        Some(cli::Command::Study(args)) => cmd::study::run(&args),
        Some(cli::Command::Convert(args)) => cmd::convert::run(&args),
        Some(cli::Command::Schema(args)) => cmd::schema::run(&args),
        Some(cli::Command::Completions(args)) => cmd::completions::run(&args),
        Some(cli::Command::Man) => cmd::man::run(),
    }
}
