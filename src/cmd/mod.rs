//! One module per subcommand. These are the edge of the library: they print, and they
//! return `anyhow` errors with context for `main`.

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
