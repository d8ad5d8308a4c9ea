//! Shared helpers: the binary, fixture paths, a temp output folder, reading reports.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A fixed clock so reports and snapshots are stable.
pub const NOW: &str = "2026-03-04T05:06:07+00:00";

/// Path of a fixture file.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The binary, with a fixed clock and no colour.
pub fn tpm() -> Command {
    let mut cmd = Command::cargo_bin("tpm-ready").unwrap();
    cmd.env("TPM_READY_NOW", NOW).env("NO_COLOR", "1");
    cmd
}

/// Every file under `dir` with extension `ext`, sorted.
pub fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == ext) {
            out.push(entry);
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The single JSON report under `dir`, parsed.
pub fn only_report(dir: &Path) -> Value {
    let reports = files_with(dir, "json");
    assert_eq!(reports.len(), 1, "expected one report, found {reports:?}");
    serde_json::from_str(&std::fs::read_to_string(&reports[0]).unwrap()).unwrap()
}

/// The skill entry with `id` in a report.
pub fn skill<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

/// `quiz` on a fixture bank with a fixture answers file, reports to `out`.
pub fn quiz_with(bank: &str, answers: &str, out: impl AsRef<Path>) -> Command {
    let mut cmd = tpm();
    cmd.args(["quiz", "--bank"])
        .arg(fixture(bank))
        .arg("--answers")
        .arg(fixture(answers))
        .arg("--out")
        .arg(out.as_ref());
    cmd
}

/// `quiz` on the small fixture bank with the `small-general` answers, reports to `out`.
pub fn quiz_small(out: impl AsRef<Path>) -> Command {
    quiz_with("banks/small.json", "answers/small-general.json", out)
}

/// Everything a command printed: stdout, then stderr.
pub fn all_output(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
