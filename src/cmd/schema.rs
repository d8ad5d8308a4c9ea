//! `tpm-ready schema bank|answers|report`: print a JSON Schema.

use crate::cli::SchemaArgs;

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> anyhow::Result<()> {
    print!("{}", crate::schema::text(args.kind));
    Ok(())
}
