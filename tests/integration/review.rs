//! `review` for a reader: wrapped to the terminal, paged through `$PAGER` when stdout is
//! a terminal (driven through a real pseudo-terminal), one readiness line, and a
//! not-found message that says where it looked.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::Expect;
use predicates::prelude::*;
use tpm_ready::report::{Format, Report, Terminal};

use crate::common::{fixture, quiz_small, tpm, NOW};
use crate::interactive::exit_code;

const FIRST: &str = "reports/grace-hopper/2026-01-10T09-00-00Z.json";

/// A pager that records how it was called, the `LESS` it saw, and the text it was given.
fn recording_pager(dir: &Path) -> (PathBuf, PathBuf) {
    let script = dir.join("pager.sh");
    let record = dir.join("paged.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"args: $* LESS=$LESS\" > '{0}'\ncat >> '{0}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, record)
}

/// `tpm-ready review ARGS` in a pty of `cols` columns, with `PAGER` as given (unset
/// when `None`). The size is set by `stty` before the binary starts, so it is in force
/// when `review` asks for it.
fn review_in_pty(cols: u16, pager: Option<&Path>, args: &[&str]) -> Session {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        // Wait for a line first: the pty library sets its own size right after the
        // spawn, which would race with (and sometimes undo) this `stty`.
        .arg(format!(
            "read _ && stty cols {cols} rows 40 && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_tpm-ready"))
        .arg("review")
        .args(args)
        .env("TPM_READY_NOW", NOW)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("LESS");
    match pager {
        Some(p) => cmd.env("PAGER", p),
        None => cmd.env_remove("PAGER"),
    };
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.send_line("").expect("start the command");
    session
}

/// Everything the session prints until it ends, with the pty's CR LF made LF.
fn all_output(session: &mut Session) -> String {
    let found = session.expect(expectrl::Eof).expect("the output ends");
    String::from_utf8_lossy(found.get(0).unwrap_or_default()).replace("\r\n", "\n")
}

#[test]
fn review_in_a_terminal_pages_through_pager_and_no_pager_prints() {
    let dir = tempfile::tempdir().unwrap();
    let (pager, record) = recording_pager(dir.path());
    let report = fixture(FIRST);
    let report = report.to_str().unwrap();

    let mut s = review_in_pty(80, Some(&pager), &[report]);
    let shown = all_output(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    let paged = std::fs::read_to_string(&record).expect("the pager was run");
    // No arguments of our own for a named pager; LESS set as git sets it.
    assert!(paged.starts_with("args:  LESS=FR\n"), "{paged}");
    assert!(
        paged.contains("Mini readiness check: Grace Hopper"),
        "{paged}"
    );
    assert!(
        paged.contains("\nEvidence answers\n"),
        "the whole report: {paged}"
    );
    assert!(
        !shown.contains("Evidence answers"),
        "the report went to the pager, not the terminal: {shown}"
    );

    std::fs::remove_file(&record).unwrap();
    let mut s = review_in_pty(80, Some(&pager), &["--no-pager", report]);
    let shown = all_output(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    assert!(!record.exists(), "--no-pager runs no pager");
    assert!(
        shown.contains("Mini readiness check: Grace Hopper"),
        "{shown}"
    );
    assert!(shown.contains("Evidence answers"), "{shown}");

    // PAGER=cat and PAGER="" mean no pager.
    for none in ["cat", ""] {
        let mut cmd_pager = review_in_pty(80, Some(Path::new(none)), &[report]);
        let shown = all_output(&mut cmd_pager);
        assert_eq!(exit_code(&mut cmd_pager), 0);
        assert!(
            shown.contains("Evidence answers"),
            "PAGER={none:?}: {shown}"
        );
    }
}

#[test]
fn a_pager_that_cannot_start_falls_back_to_printing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-pager");
    let report = fixture(FIRST);
    let mut s = review_in_pty(80, Some(&missing), &[report.to_str().unwrap()]);
    let shown = all_output(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    assert!(shown.contains("did not start"), "{shown}");
    assert!(shown.contains("printing instead"), "{shown}");
    assert!(shown.contains("Evidence answers"), "{shown}");
}

/// Display width of a line (the pty output has no colour: `NO_COLOR` is set).
fn width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn review_wraps_to_the_terminal_width_without_breaking_words() {
    let report = fixture(FIRST);
    let unwrapped = Terminal { color: false }.render(
        &serde_json::from_str::<Report>(&std::fs::read_to_string(&report).unwrap()).unwrap(),
    );
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(
        unwrapped.lines().any(|l| width(l) > 80),
        "the fixture has long lines to wrap"
    );

    // In a 60-column terminal: every line fits, and the words are the same words.
    let mut s = review_in_pty(60, None, &["--no-pager", report.to_str().unwrap()]);
    let shown = all_output(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    for line in shown.lines() {
        assert!(width(line) <= 60, "{} columns: {line:?}", width(line));
    }
    assert_eq!(words(&shown), words(&unwrapped));
    // A continued line hangs under its label.
    assert!(
        shown.contains("  Talking: You rated yourself 75 but your answers scored 50,\n           25 points lower."),
        "{shown}"
    );

    // Not a terminal: 80 columns.
    let out = tpm().arg("review").arg(&report).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.lines().all(|l| width(l) <= 80), "{text}");
    assert!(text.lines().any(|l| width(l) > 60), "80, not 60: {text}");
    assert_eq!(words(&text), words(&unwrapped));
}

#[test]
fn without_a_terminal_review_never_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (pager, record) = recording_pager(dir.path());
    tpm()
        .arg("review")
        .arg(fixture(FIRST))
        .env("PAGER", &pager)
        .assert()
        .success()
        .stdout(predicate::str::contains("Evidence answers"));
    assert!(!record.exists(), "stdout is a pipe: no pager");
}

#[test]
fn the_readiness_line_says_the_score_once() {
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path()).assert().success();
    let json = crate::common::files_with(out.path(), "json").remove(0);
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let score = format!("{:.0}", r["readiness"]["score"].as_f64().unwrap());
    let assert = tpm().arg("review").arg(&json).assert().success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let header: String = text
        .split("\n\n")
        .next()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    assert_eq!(
        header.matches(&format!("readiness {score}")).count(),
        1,
        "{header}"
    );
}

#[test]
fn a_name_not_found_says_where_it_looked_and_who_is_there() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    for name in ["Grace Hopper", "Alan Turing"] {
        quiz_small(&reports)
            .args(["--name", name])
            .assert()
            .success();
    }
    // A typo: the folder, the candidates, a suggestion and the flag.
    tpm()
        .args(["review", "Grace Hoper", "--dir"])
        .arg(&reports)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "`Grace Hoper` is neither a report file nor a candidate with reports under {}; did you mean `grace-hopper`?",
                reports.display()
            ))
            .and(predicate::str::contains(format!(
                "candidates under {}: alan-turing, grace-hopper\n",
                reports.display()
            )))
            .and(predicate::str::contains("--dir FOLDER")),
        );
    // Run from another folder with the default --dir: it says so.
    tpm()
        .current_dir(tmp.path().join(".."))
        .args(["review", "Grace Hopper"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("under reports")
                .and(predicate::str::contains(
                    "the folder reports does not exist",
                ))
                .and(predicate::str::contains("--dir FOLDER")),
        );
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    tpm()
        .args(["review", "Grace Hopper", "--dir"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no candidates with reports"));
    // The folder names it lists work as names.
    tpm()
        .args(["review", "alan-turing", "--dir"])
        .arg(&reports)
        .assert()
        .success();
    // quiz --focus names its own flag.
    tpm()
        .args(["quiz", "--focus", "Nobody", "--answers"])
        .arg(fixture("answers/small-general.json"))
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .arg("--out")
        .arg(&reports)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out FOLDER"));
}
