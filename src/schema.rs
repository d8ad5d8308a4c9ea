//! JSON Schemas of the three file formats, generated from the Rust types the code reads
//! and writes, so the schemas cannot drift from the code (a test compares them with the
//! committed copies in `schemas/`).

use schemars::{schema_for, Schema};

use crate::answers::AnswersFile;
use crate::bank::BankFile;
use crate::report::Report;

/// A file format with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A question bank file (`questions/*.json`, `--bank`).
    Bank,
    /// A scripted answers file (`--answers`).
    Answers,
    /// A saved JSON report.
    Report,
}

impl Kind {
    /// Every kind, for tests and tooling.
    pub const ALL: [Self; 3] = [Self::Bank, Self::Answers, Self::Report];

    /// File name of the committed schema.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Bank => "bank.schema.json",
            Self::Answers => "answers.schema.json",
            Self::Report => "report.schema.json",
        }
    }
}

/// The schema as pretty JSON text, ending in a newline.
pub fn text(kind: Kind) -> String {
    let (mut schema, title): (Schema, &str) = match kind {
        Kind::Bank => (schema_for!(BankFile), "tpm-ready question bank file"),
        Kind::Answers => (schema_for!(AnswersFile), "tpm-ready answers file"),
        Kind::Report => (schema_for!(Report), "tpm-ready report (schema_version 2)"),
    };
    schema.insert("title".into(), title.into());
    schema.insert(
        "$id".into(),
        format!("https://tpm-ready.invalid/schemas/{}", kind.file_name()).into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    text
}
