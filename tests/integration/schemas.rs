//! JSON Schemas: the committed copies match the code, and real files validate against
//! them with an independent validator (the `jsonschema` crate).

use std::path::Path;

use serde_json::Value;
use tpm_ready::schema::{self, Kind};

use crate::common::{files_with, fixture};

fn committed(kind: Kind) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(kind.file_name());
    std::fs::read_to_string(path).unwrap()
}

fn validator(kind: Kind) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed(kind)).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let instance: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn committed_schemas_match_the_code() {
    for kind in Kind::ALL {
        assert_eq!(
            committed(kind),
            schema::text(kind),
            "schemas/{} is stale; regenerate with `tpm-ready schema {:?} > schemas/{}`",
            kind.file_name(),
            kind,
            kind.file_name()
        );
    }
}

#[test]
fn the_default_bank_files_follow_the_bank_schema() {
    let v = validator(Kind::Bank);
    let files = files_with(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("questions"),
        "json",
    );
    assert!(files.len() >= 11);
    // Panel ratings sit beside the bank but are not bank files.
    for file in files
        .into_iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "panel"))
    {
        assert_eq!(
            errors(&v, &file),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("\"$schema\""),
            "{} has no $schema for editors",
            file.display()
        );
    }
    assert!(errors(&v, &fixture("banks/small.json")).is_empty());
    assert!(
        !errors(&v, &fixture("bad/banks/unknown-field.json")).is_empty(),
        "typos are caught by the schema too"
    );
}

#[test]
fn fixture_answers_follow_the_answers_schema() {
    let v = validator(Kind::Answers);
    for file in files_with(&fixture("answers"), "json") {
        assert_eq!(
            errors(&v, &file),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
    }
    assert!(!errors(&v, &fixture("bad/answers/misspelt-key.json")).is_empty());
}

#[test]
fn fixture_and_fresh_reports_follow_the_report_schema() {
    let v = validator(Kind::Report);
    let reports = files_with(&fixture("reports"), "json");
    assert_eq!(reports.len(), 4);
    for file in reports {
        assert_eq!(
            errors(&v, &file),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
    }
    // A fresh report with every optional part: evidence notes and a mentor note.
    let out = tempfile::tempdir().unwrap();
    crate::common::quiz_small(out.path()).assert().success();
    let report = files_with(out.path(), "json").remove(0);
    crate::common::tpm()
        .args(["review", "--mentor", "M", "--skill", "talk", "--note", "n"])
        .arg(&report)
        .assert()
        .success();
    assert_eq!(errors(&v, &report), Vec::<String>::new());
}
