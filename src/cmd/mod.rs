//! One module per subcommand. These are the edge of the library: they print, and they
//! return `anyhow` errors with context for `main`. What they need from the outside world
//! (the time, whether to print confirmations, colours) comes in a [`Context`] that
//! `main` builds, so nothing deeper reads the environment or a global.

pub mod cohort;
pub mod completions;
pub mod convert;
pub mod export;
pub mod man;
pub mod progress;
pub mod questions;
pub mod quiz;
pub mod review;
pub mod schema;
pub mod stats;
pub mod study;
pub mod validate;

use chrono::{DateTime, FixedOffset};

use crate::cli;

/// Where commands get the time from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, with the local offset.
    System,
    /// A fixed time (tests set one at the edge, so reports are stable).
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    /// The current time, in whole seconds: the precision every saved file records, so a
    /// value read back equals the one written.
    pub fn now(self) -> DateTime<FixedOffset> {
        let now = match self {
            Self::System => chrono::Local::now().fixed_offset(),
            Self::Fixed(at) => at,
        };
        chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
    }
}

/// How a command prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Output {
    /// `--quiet`: leave out confirmations and summaries.
    pub quiet: bool,
    /// Whether text printed to stdout is coloured (`--color`, `NO_COLOR`, a terminal).
    pub color: bool,
}

/// What every command gets from the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The clock.
    pub clock: Clock,
    /// How to print.
    pub output: Output,
}

impl Context {
    /// The current time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }
}

/// Runs the parsed command line.
pub fn run(cli: cli::Cli, ctx: &Context) -> anyhow::Result<()> {
    match cli.command {
        None => quiz::run(&cli.quiz, ctx),
        Some(cli::Command::Quiz(args)) => quiz::run(&args, ctx),
        Some(cli::Command::Questions(args)) => questions::run(&args),
        Some(cli::Command::Validate(args)) => validate::run(&args, ctx),
        Some(cli::Command::Review(args)) => review::run(&args, ctx),
        Some(cli::Command::Progress(args)) => progress::run(&args, ctx),
        Some(cli::Command::Cohort(args)) => cohort::run(&args, ctx),
        Some(cli::Command::Export(args)) => export::run(&args),
        Some(cli::Command::Stats(args)) => stats::run(&args, ctx),
        Some(cli::Command::Study(args)) => study::run(&args, ctx),
        Some(cli::Command::Convert(args)) => convert::run(&args, ctx),
        Some(cli::Command::Schema(args)) => schema::run(&args),
        Some(cli::Command::Completions(args)) => completions::run(&args),
        Some(cli::Command::Man) => man::run(),
    }
}
