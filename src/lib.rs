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

pub use error::{exit_code, Aborted, UsageError};

/// The version line: the tool's version and the built-in bank's id and version.
pub fn version_line() -> String {
    let (id, version) = bank::embedded_identity();
    format!(
        "{} (built-in bank {id} {version})",
        env!("CARGO_PKG_VERSION")
    )
}
