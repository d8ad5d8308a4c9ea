//! `tpm-ready`: assess readiness to become a Technical Program Manager.
//!
//! The engine is role-agnostic: a [`bank::Bank`] supplies skills, questions, rubric,
//! thresholds and next steps. A [`session::Plan`] orders the questions; answers come from
//! the terminal ([`quiz`], [`prompt`]) or a file ([`answers`]); [`scoring`] and [`rubric`]
//! turn them into results; [`report`] renders them and [`store`] writes them safely.

pub mod answers;
pub mod bank;
pub mod cli;
pub mod cmd;
pub mod cohort;
pub mod error;
pub mod history;
pub mod progress;
pub mod prompt;
pub mod quality;
pub mod quiz;
pub mod report;
pub mod resume;
pub mod rubric;
pub mod scoring;
pub mod session;
pub mod store;

use chrono::{DateTime, FixedOffset};

pub use error::{exit_code, Aborted, UsageError};

/// Environment variable that fixes the clock (RFC 3339), so tests get stable reports.
pub const NOW_VAR: &str = "TPM_READY_NOW";

/// The current time with the local offset, or the time in `TPM_READY_NOW` when set.
pub fn now() -> DateTime<FixedOffset> {
    std::env::var(NOW_VAR)
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .unwrap_or_else(|| chrono::Local::now().fixed_offset())
}

/// Runs the parsed command line.
pub fn run(cli: cli::Cli) -> anyhow::Result<()> {
    match cli.command {
        None => cmd::quiz::run(&cli.quiz),
        Some(cli::Command::Quiz(args)) => cmd::quiz::run(&args),
        Some(cli::Command::Questions(args)) => cmd::questions::run(&args),
        Some(cli::Command::Validate(args)) => cmd::validate::run(&args),
        Some(cli::Command::Review(args)) => cmd::review::run(&args),
        Some(cli::Command::Progress(args)) => cmd::progress::run(&args),
        Some(cli::Command::Cohort(args)) => cmd::cohort::run(&args),
    }
}
