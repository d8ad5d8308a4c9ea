//! Nothing lost under concurrency and faults, nothing injected: locked read-modify-write,
//! sanitised text in every output, bounded inputs, honest partial failures, read-only
//! folders, signals, kills and file modes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tpm_ready::report::{Format, Html, Markdown, Report};

use crate::common::{files_with, fixture, quiz_small, tpm};

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A scored report of the small bank under `out`, with Markdown and HTML beside it.
fn one_report(out: &Path) -> PathBuf {
    quiz_small(out)
        .args(["--format", "md", "--format", "html"])
        .assert()
        .success();
    files_with(out, "json").remove(0)
}

/// The documents a report's JSON regenerates to, as `review` writes them.
fn rendered(path: &Path) -> (String, String) {
    let report: Report = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy();
    let markdown = Markdown {
        chart_file: Some(format!("{stem}.svg")),
    };
    (markdown.render(&report), Html.render(&report))
}

#[test]
fn two_mentors_at_once_lose_no_note_and_documents_match_the_json() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    const ROUNDS: usize = 12;
    let writers: Vec<_> = ["ann", "bob"]
        .into_iter()
        .map(|mentor| {
            let report = report.clone();
            std::thread::spawn(move || {
                let mut said = Vec::new();
                for round in 0..ROUNDS {
                    let out = tpm()
                        .arg("review")
                        .arg(&report)
                        .args(["--mentor", mentor, "--note"])
                        .arg(format!("{mentor} note {round}"))
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{out:?}");
                    said.push(String::from_utf8(out.stdout).unwrap());
                }
                said
            })
        })
        .collect();
    let mut numbers: Vec<String> = Vec::new();
    for writer in writers {
        for out in writer.join().unwrap() {
            numbers.push(out.lines().next().unwrap().to_string());
        }
    }
    let v = json(&report);
    let notes: Vec<&str> = v["mentor_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 2 * ROUNDS, "every note kept: {notes:?}");
    for mentor in ["ann", "bob"] {
        for round in 0..ROUNDS {
            let text = format!("{mentor} note {round}");
            assert!(notes.contains(&text.as_str()), "{text} lost");
        }
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        2 * ROUNDS,
        "each writer was told its own number"
    );
    let (markdown, html) = rendered(&report);
    assert_eq!(
        std::fs::read_to_string(report.with_extension("md")).unwrap(),
        markdown
    );
    assert_eq!(
        std::fs::read_to_string(report.with_extension("html")).unwrap(),
        html
    );
}

#[test]
fn review_succeeds_when_the_json_is_saved_and_warns_about_a_document() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    // The HTML cannot be replaced: a folder stands in its place.
    let html = report.with_extension("html");
    std::fs::remove_file(&html).unwrap();
    std::fs::create_dir(&html).unwrap();
    std::fs::write(html.join("keep"), "x").unwrap();
    let out = tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", "Ann", "--note", "kept once"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: the note is saved") && stderr.contains(".html"),
        "{stderr}"
    );
    assert_eq!(json(&report)["mentor_notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        std::fs::read_to_string(report.with_extension("md")).unwrap(),
        rendered(&report).0
    );
}

#[test]
fn review_keeps_the_report_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let report = one_report(tmp.path());
    for path in [report.clone(), report.with_extension("md")] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    tpm()
        .arg("review")
        .arg(&report)
        .args(["--mentor", "Ann", "--note", "mode"])
        .assert()
        .success();
    for path in [report.clone(), report.with_extension("md")] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", path.display());
    }
}

#[test]
fn new_reports_follow_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    // sh sets the umask for the binary it starts.
    let bin = assert_cmd::cargo::cargo_bin("tpm-ready");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' quiz --bank '{}' --answers '{}' --out '{}'",
            bin.display(),
            fixture("banks/small.json").display(),
            fixture("answers/small-general.json").display(),
            tmp.path().display()
        ))
        .env("TPM_READY_NOW", crate::common::NOW)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    for path in files_with(tmp.path(), "json")
        .into_iter()
        .chain(files_with(tmp.path(), "svg"))
    {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", path.display());
    }
}
