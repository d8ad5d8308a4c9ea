//! The corpus of bad inputs (`tests/fixtures/bad/cases.json`): every file goes through the
//! real binary and must give its exit code, no panic, and a problem line that itself names
//! the file, the place (question id or line and column) and the expected error. Every case
//! runs; the failures are listed together at the end, each under its case's name.

use std::collections::BTreeMap;

use crate::common::{all_output, fixture, tpm};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The bad file, under tests/fixtures/bad.
    file: String,
    /// `bank`, `answers` or `report`: which commands read it.
    kind: String,
    /// Exit code per command (`validate`, `quiz`, `review`).
    exit: BTreeMap<String, i32>,
    /// Where the problem is, as the problem line says it: `line 2, column 22`, "question
    /// `talk-2`", ...; `file` for problems with the file as a whole (wrong tool, no header).
    place: String,
    /// The error itself, as the problem line says it.
    expect: String,
    /// The file the problem line must name (followed by `:`), when not `file` itself
    /// (a folder bank names the file inside it).
    #[serde(default)]
    names: Option<String>,
    /// More text the problem line must hold (e.g. which other file a duplicate is in).
    #[serde(default)]
    also: Option<String>,
}

/// Runs `cmd` and returns what is wrong with its output for `case`, if anything.
fn check(case: &Case, command: &str, cmd: &mut assert_cmd::Command) -> Vec<String> {
    let mut wrong = Vec::new();
    let output = cmd.output().unwrap();
    let text = all_output(&output);
    let code = case.exit[command];
    if output.status.code() != Some(code) {
        wrong.push(format!(
            "{command}: exit {:?}, expected {code}",
            output.status.code()
        ));
    }
    if text.contains("panicked") {
        wrong.push(format!("{command}: panicked"));
    }
    // The problem line: the line that states the expected error. The summary line
    // ("1 problem in bank X") names the file too, but does not count.
    let Some(line) = text.lines().find(|l| l.contains(&case.expect)) else {
        wrong.push(format!(
            "{command}: no line says {:?}; output:\n{text}",
            case.expect
        ));
        return wrong;
    };
    let file = match &case.names {
        Some(names) => format!("bad/{names}:"),
        None => format!("bad/{}", case.file),
    };
    if !line.contains(&file) {
        wrong.push(format!(
            "{command}: the problem line does not name {file}: {line}"
        ));
    }
    if case.place != "file" && !line.contains(&case.place) {
        wrong.push(format!(
            "{command}: the problem line does not say where ({}): {line}",
            case.place
        ));
    }
    if let Some(also) = &case.also {
        if !line.contains(also.as_str()) {
            wrong.push(format!(
                "{command}: the problem line lacks {also:?}: {line}"
            ));
        }
    }
    wrong
}

/// Progress and cohort skip a bad report with a warning naming it, and carry on.
fn skipped_by_progress_and_cohort(path: &std::path::Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("grace-hopper");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        fixture("reports/grace-hopper/2026-01-10T09-00-00Z.json"),
        folder.join("2026-01-10T09-00-00Z.json"),
    )
    .unwrap();
    std::fs::copy(path, folder.join("2026-02-01T00-00-00Z.json")).unwrap();
    for command in ["progress", "cohort"] {
        let mut cmd = tpm();
        if command == "progress" {
            cmd.args(["progress", "--dir"]).arg(dir.path());
        } else {
            cmd.arg("cohort").arg(dir.path());
        }
        let output = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            wrong.push(format!("{command} failed instead of skipping: {err}"));
        }
        let warning = err
            .lines()
            .find(|l| l.contains("warning: skipping"))
            .unwrap_or_default();
        if !warning.contains("2026-02-01T00-00-00Z.json") {
            wrong.push(format!(
                "{command}: no warning line names the skipped file: {err}"
            ));
        }
    }
    wrong
}

#[test]
fn every_bad_input_gets_its_own_clear_error() {
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(fixture("bad/cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 54, "the corpus has {} cases", cases.len());
    let out = tempfile::tempdir().unwrap();
    let mut failures: Vec<String> = Vec::new();
    for case in &cases {
        let path = fixture(&format!("bad/{}", case.file));
        let expected_commands: Vec<&str> = match case.kind.as_str() {
            "bank" => vec!["quiz", "validate"],
            "answers" => vec!["quiz"],
            "report" => vec!["review"],
            other => vec![other],
        };
        let mut wrong = Vec::new();
        if case.exit.keys().map(String::as_str).collect::<Vec<_>>() != expected_commands {
            wrong.push(format!("`exit` must give a code for {expected_commands:?}"));
        }
        match case.kind.as_str() {
            "bank" => {
                wrong.extend(check(case, "validate", tpm().arg("validate").arg(&path)));
                wrong.extend(check(
                    case,
                    "quiz",
                    tpm()
                        .args(["quiz", "--bank"])
                        .arg(&path)
                        .arg("--answers")
                        .arg(fixture("answers/small-general.json"))
                        .arg("--out")
                        .arg(out.path()),
                ));
            }
            "answers" => wrong.extend(check(
                case,
                "quiz",
                tpm()
                    .args(["quiz", "--bank"])
                    .arg(fixture("banks/small.json"))
                    .arg("--answers")
                    .arg(&path)
                    .arg("--out")
                    .arg(out.path()),
            )),
            "report" => {
                wrong.extend(check(case, "review", tpm().arg("review").arg(&path)));
                wrong.extend(skipped_by_progress_and_cohort(&path));
            }
            other => wrong.push(format!("unknown kind {other}")),
        }
        failures.extend(wrong.into_iter().map(|w| format!("{}: {w}", case.file)));
    }
    assert!(
        failures.is_empty(),
        "{} problems in the bad-input corpus:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "no report from bad input"
    );
}

#[test]
fn a_huge_bank_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file: large on paper, no disk used.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    tpm()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "huge.json: file is 209715200 bytes, larger than",
        ));
}

#[test]
fn odd_names_stay_inside_the_output_folder() {
    let out = tempfile::tempdir().unwrap();
    for (name, folder) in [
        ("../../escape", "escape"),
        ("/etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("...", "candidate"),
        ("tab\tand\u{7}bell", "tab-and-bell"),
        ("Zoë 李", "zoë-李"),
    ] {
        tpm()
            .args(["quiz", "--name", name, "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture("answers/small-general.json"))
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        assert!(
            out.path().join(folder).is_dir(),
            "{name:?} should land in {folder}"
        );
    }
    let entries = std::fs::read_dir(out.path()).unwrap().count();
    assert_eq!(entries, 6);
}

#[test]
fn two_runs_at_once_both_succeed_with_distinct_reports() {
    let out = tempfile::tempdir().unwrap();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tpm-ready"))
            .args(["quiz", "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture("answers/small-general.json"))
            .arg("--out")
            .arg(out.path())
            .env("TPM_READY_NOW", crate::common::NOW)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let reports = crate::common::files_with(out.path(), "json");
    let markdown = crate::common::files_with(out.path(), "md");
    assert_eq!(reports.len(), 4, "{reports:?}");
    assert_eq!(markdown.len(), 4, "{markdown:?}");
    for report in reports {
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(r["candidate"], "Grace Hopper");
        assert!(
            report.with_extension("md").exists(),
            "each report has its Markdown twin"
        );
    }
}
