//! `tpm-ready`: assess readiness to become a Technical Program Manager.
//!
//! The data flows one way: **bank → plan → run → scores → report → documents**.
//!
//! - [`bank::Bank`] holds skills, questions, rubric, thresholds and next steps (data in
//!   `questions/`, never in code).
//! - [`session::Plan`] orders the questions of one run and hands out
//!   [`question::QuestionRef`]s; each kind of question ([`question::Kind`], one file per
//!   kind) parses, asks, scores and explains its answers.
//! - `run` is the workflow: candidate, track, form, resume or focus; the answers come
//!   through a [`prompt::Prompter`] (the terminal, or a scripted double in tests) or
//!   from an answers file ([`answers`]), as [`answer::Answer`] values.
//! - [`scoring`] turns answers into chance-corrected skill scores with intervals and a
//!   verdict; [`report::Report`] assembles the scored run.
//! - [`report::Documents`] decides which files a report has (JSON, chart, Markdown,
//!   HTML); [`store`] writes them atomically. [`history`], [`progress`] and [`cohort`]
//!   read them back.
//!
//! [`cmd`] is the edge: one module per subcommand, given a [`cmd::Context`] (clock,
//! output settings) by `main`.

pub mod answer;
pub mod answers;
pub mod bank;
mod cbm;
mod clean;
pub mod cli;
pub mod cmd;
pub mod cohort;
pub mod error;
mod export;
pub mod form;
pub mod history;
mod input;
mod panel;
mod par;
pub mod progress;
pub mod prompt;
pub mod quality;
pub mod question;
mod quiz;
pub mod report;
mod resume;
mod rubric;
mod run;
pub mod schema;
pub mod scoring;
pub mod session;
mod stats;
pub mod store;
pub mod study;
mod suggest;
mod words;

pub use error::{exit_code, Aborted, UsageError};

/// The version line: the tool's version and the built-in bank's id and version.
pub fn version_line() -> String {
    let (id, version) = bank::embedded_identity();
    format!(
        "{} (built-in bank {id} {version})",
        env!("CARGO_PKG_VERSION")
    )
}
