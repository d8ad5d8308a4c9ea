//! One module per subcommand. These are the edge of the library: they print, and they
//! return `anyhow` errors with context for `main`.

pub mod questions;
pub mod quiz;
pub mod validate;
