//! `questions`, `validate`, help, and the errors every command must give clearly.

use predicates::prelude::*;

use crate::common::{files_with, fixture, quiz_small, quiz_with, tpm};

#[test]
fn questions_json_lists_ids_but_never_scores_or_answers() {
    let assert = tpm()
        .args(["questions", "--json", "--track", "back-end"])
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let listing: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listing["bank"], "tpm");
    assert_eq!(listing["track"], "back-end");
    let questions = listing["questions"].as_array().unwrap();
    assert!(questions.len() > 50);
    assert!(questions
        .iter()
        .any(|q| q["section"] == "rubric" && q["id"] == "experience-years"));
    for forbidden in [
        "\"score\"",
        "\"correct\"",
        "\"feedback\"",
        "\"explanation\"",
    ] {
        assert!(
            !text.contains(forbidden),
            "questions --json leaks {forbidden}"
        );
    }
}

#[test]
fn questions_text_follows_the_track() {
    let senior = tpm()
        .args(["questions", "--bank"])
        .arg(fixture("banks/small.json"))
        .args(["--track", "senior"])
        .assert()
        .success();
    let general = tpm()
        .args(["questions", "--bank"])
        .arg(fixture("banks/small.json"))
        .assert()
        .success();
    let senior = String::from_utf8(senior.get_output().stdout.clone()).unwrap();
    let general = String::from_utf8(general.get_output().stdout.clone()).unwrap();
    assert!(senior.contains("plan-5"));
    assert!(!general.contains("plan-5"));
    assert!(general.contains("answer: a list of option ids"));
    assert!(
        !general.contains("Pictures help"),
        "feedback must not be listed"
    );
}

#[test]
fn validate_accepts_the_default_bank_and_the_questions_folder() {
    tpm()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("9 skills"));
    tpm()
        .arg("validate")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/questions"))
        .assert()
        .success();
}

#[test]
fn validate_lists_every_problem_with_file_and_place() {
    let assert = tpm()
        .arg("validate")
        .arg(fixture("banks/broken.json"))
        .assert()
        .code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for expected in [
        "broken.json: band `high`: thresholds must ascend",
        "broken.json: skill `plan`: unknown group `medium`",
        "broken.json: question `talk-2`: option `a` has score 1.4, expected 0 to 1",
        "broken.json: question `talk-3`: a knowledge question needs exactly one correct option, found 2",
        "broken.json: question `talk-1`: a self-rating needs 5 described levels, found 3",
        "broken.json: question `plan-2`: unknown skill `nope`",
        "broken.json: question `talk-4`: duplicate question id",
        "broken.json: skill `talk`: band `mid` lies below a target but has 0 next steps",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert.stderr(predicate::str::contains("problems in bank"));
}

#[test]
fn bank_syntax_errors_name_file_line_and_column() {
    tpm()
        .arg("validate")
        .arg(fixture("banks/syntax.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "syntax.json: line 5, column 3: trailing comma",
        ));
}

#[test]
fn quiz_refuses_an_invalid_bank_with_exit_2() {
    let out = tempfile::tempdir().unwrap();
    quiz_with(
        "banks/broken.json",
        "answers/small-general.json",
        out.path(),
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("option `a` has score 1.4"));
}

#[test]
fn without_a_terminal_the_quiz_says_how_to_run_scripted() {
    tpm().arg("quiz").write_stdin("").assert().code(2).stderr(
        predicate::str::contains("not a terminal").and(predicate::str::contains("--answers FILE")),
    );
}

#[test]
fn unknown_track_and_skill_are_usage_errors() {
    tpm()
        .args(["quiz", "--track", "mobile", "--answers"])
        .arg(fixture("answers/small-general.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown track `mobile`; tracks are: general, front-end, back-end, senior",
        ));
    tpm()
        .args(["quiz", "--skills", "juggling", "--answers"])
        .arg(fixture("answers/small-general.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown skill `juggling`"));
}

#[test]
fn malformed_answers_file_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    std::fs::write(&path, "{\"answers\": {\"x\": }}").unwrap();
    tpm()
        .args(["quiz", "--answers"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.json: line 1, column 19"));
}

#[test]
fn missing_answers_file_is_a_runtime_error_naming_it() {
    tpm()
        .args(["quiz", "--answers", "/nonexistent/answers.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read answers file /nonexistent/answers.json",
        ));
}

#[test]
fn unwritable_output_keeps_the_answers_in_a_fallback_file() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the output folder must go blocks writes even for root.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    let assert = quiz_small(&blocked)
        .env("TMPDIR", dir.path())
        .assert()
        .code(1);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("cannot write"), "{err}");
    assert!(err.contains("blocked/grace-hopper"), "{err}");
    let saved = files_with(dir.path(), "json");
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(err.contains(&saved[0].display().to_string()), "{err}");
    // The fallback file is a valid answers file: scoring it later gives the same result.
    let out = dir.path().join("later");
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(&saved[0])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // The same answers as `scripted_run_scores_exactly`: readiness 85.4.
    assert_eq!(crate::common::only_report(&out)["readiness"]["score"], 85.4);
}

#[test]
fn help_and_version() {
    tpm()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes").and(predicate::str::contains("questions")));
    tpm()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("tpm-ready "));
    tpm().arg("--bogus").assert().code(2);
}

#[test]
fn validate_json_lists_problems_for_scripts() {
    let assert = tpm()
        .args(["validate", "--json"])
        .arg(fixture("banks/broken.json"))
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    assert!(problems.len() >= 8);
    assert!(problems.iter().any(|p| p["place"] == "question `talk-2`"
        && p["message"] == "option `a` has score 1.4, expected 0 to 1"));
    let ok = tpm().args(["validate", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&ok.get_output().stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["bank"]["skills"], 9);
}

#[test]
fn the_example_bank_in_the_guide_passes_validate_and_runs() {
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/questions/README.md"))
            .unwrap();
    let start = guide.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + guide[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("sre.json");
    std::fs::write(&bank, &guide[start..end]).unwrap();
    tpm().arg("validate").arg(&bank).assert().success();
    let answers = dir.path().join("a.json");
    std::fs::write(
        &answers,
        r#"{"candidate": "S", "answers": {"ir-01": 3, "ir-02": "a", "ir-03": "b", "ir-04": ["a", "b"], "oncall-months": 8}}"#,
    )
    .unwrap();
    tpm()
        .args(["quiz", "--bank"])
        .arg(&bank)
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .success()
        .stdout(predicate::str::contains("S: Ready"));
}

#[test]
fn completions_man_and_schema_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        tpm()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("tpm-ready"));
    }
    tpm()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH tpm-ready"));
    tpm()
        .args(["schema", "report"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"mentor_notes\""));
    tpm()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains("built-in bank tpm 2.0.0"));
}

#[test]
fn quiet_leaves_out_the_summary_and_color_never_means_plain() {
    let out = tempfile::tempdir().unwrap();
    tpm()
        .args(["--quiet", "quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(fixture("answers/small-general.json"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let report = files_with(out.path(), "json").remove(0);
    let colored = tpm()
        .args(["review", "--color", "always"])
        .arg(&report)
        .env_remove("NO_COLOR")
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&colored.get_output().stdout).contains('\u{1b}'));
    let plain = tpm()
        .args(["review", "--color", "always"])
        .arg(&report)
        .assert()
        .success();
    // --color always wins over NO_COLOR (an explicit flag beats the environment).
    assert!(String::from_utf8_lossy(&plain.get_output().stdout).contains('\u{1b}'));
    let never = tpm()
        .args(["review", "--color", "never"])
        .arg(&report)
        .env_remove("NO_COLOR")
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&never.get_output().stdout).contains('\u{1b}'));
}

#[test]
fn bad_track_skills_and_empty_names_are_refused_before_any_prompt() {
    let out = tempfile::tempdir().unwrap();
    // No answers file and no terminal: the flags are checked before the quiz would
    // complain that it cannot ask questions.
    tpm()
        .args(["quiz", "--track", "backend", "--out"])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--track: unknown track `backend` (did you mean `back-end`?)",
        ))
        .stderr(predicate::str::contains("stdin").not());
    tpm()
        .args(["quiz", "--skills", "risk,leadership,comms", "--out"])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--skills: unknown skills `risk` (did you mean `risk-management`?), `comms` (did you mean `communication`?)",
        ));
    quiz_small(out.path())
        .args(["--name", " "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--name is empty"));
    assert!(
        crate::common::files_with(out.path(), "json").is_empty(),
        "nothing written"
    );
}

/// Every command that can print a lot ends quietly with exit 0 when the reader of its
/// stdout goes away (`tpm-ready questions --json | head -1`), as `cat` does: no panic
/// message, no exit code 101.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    use std::process::{Command, Stdio};
    let reports = crate::common::fixture("reports");
    let report = reports.join("grace-hopper/2026-01-10T09-00-00Z.json");
    let runs: Vec<Vec<String>> = vec![
        vec!["questions".into()],
        vec!["questions".into(), "--json".into()],
        vec!["schema".into(), "report".into()],
        vec!["man".into()],
        vec!["completions".into(), "bash".into()],
        vec![
            "review".into(),
            report.display().to_string(),
            "--no-pager".into(),
        ],
        vec![
            "export".into(),
            reports.display().to_string(),
            "--format".into(),
            "jsonl".into(),
            "--items".into(),
        ],
    ];
    for args in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tpm-ready"))
            .args(&args)
            .env("TPM_READY_NOW", crate::common::NOW)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes anything: its first write
        // meets a closed pipe, whatever the size of its output.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
