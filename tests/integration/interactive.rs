//! The interactive quiz driven through a real pseudo-terminal (expectrl): arrow keys,
//! Enter, Space in multi-selects, typed numbers, y/n, and Esc.

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::Expect;

use crate::common::{fixture, only_report, skill, NOW};

pub(crate) const DOWN: &str = "\x1b[B";

pub(crate) fn spawn(out: &std::path::Path, extra: &[&str]) -> Session {
    spawn_at(out, extra, NOW)
}

pub(crate) fn spawn_at(out: &std::path::Path, extra: &[&str], now: &str) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tpm-ready"));
    cmd.arg("quiz")
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("TPM_READY_NOW", now)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Waits for `text`, then sends each key in its own write (escape sequences whole).
pub(crate) fn answer(session: &mut Session, text: &str, keys: &[&str]) {
    session
        .expect(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    for key in keys {
        session.send(key).unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }
}

pub(crate) fn exit_code(session: &mut Session) -> i32 {
    match session.get_process_mut().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("process did not exit normally: {other:?}"),
    }
}

#[test]
fn interactive_quiz_through_a_pty_writes_the_report() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &[]);
    answer(&mut s, "Your name", &["Linus T", "\r"]);
    answer(&mut s, "Which track", &["\r"]); // General
    answer(&mut s, "How clearly do you write?", &[]);
    answer(
        &mut s,
        "Which level describes you best?",
        &[DOWN, DOWN, "\r"],
    ); // level 3
    answer(
        &mut s,
        "An example from your work",
        &["I wrote the Q3 launch notes", "\r"],
    );
    answer(&mut s, "A stakeholder is confused", &[]);
    answer(&mut s, "Your answer", &["\r"]); // a
    answer(&mut s, "What should a status note lead with?", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(&mut s, "Which make a note clearer?", &[]);
    answer(&mut s, "Select all that apply", &[" ", DOWN, " ", "\r"]); // a, b
    answer(&mut s, "How do you plan?", &[]);
    answer(&mut s, "Which level describes you best?", &["\r"]); // level 1
    answer(&mut s, "An example from your work", &["\r"]); // skipped
    answer(&mut s, "A dependency slips two weeks", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(&mut s, "What sets the earliest finish?", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(&mut s, "Which belong in a plan?", &[]);
    answer(&mut s, "Select all that apply", &[" ", "\r"]); // a
    answer(&mut s, "Years in related roles?", &[]);
    answer(&mut s, "Number of years", &["4", "\r"]);
    answer(&mut s, "Do you have a mentor?", &[]);
    answer(&mut s, "Your answer", &["\r"]); // expert
    answer(&mut s, "Do you meet monthly?", &[]);
    answer(&mut s, "Yes or no?", &["y"]);
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);

    let r = only_report(out.path());
    assert_eq!(r["candidate"], "Linus T");
    assert_eq!(r["run"]["mode"], "interactive");
    let given: Vec<(String, serde_json::Value)> = r["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["answer"].clone()))
        .collect();
    let expected = serde_json::json!([
        ["talk-1", 3],
        ["talk-2", "a"],
        ["talk-3", "b"],
        ["talk-4", ["a", "b"]],
        ["plan-1", 1],
        ["plan-2", "b"],
        ["plan-3", "b"],
        ["plan-4", ["a"]],
        ["exp-years", 4.0],
        ["mentor-kind", "expert"],
        ["mentor-meets", true]
    ]);
    assert_eq!(serde_json::to_value(&given).unwrap(), expected);
    // talk items 1, 0, 1: raw 66.7, chance 34.4: 100·(0.6667 − 0.3444)/0.6556 = 49.2.
    assert_eq!(skill(&r, "talk")["raw"], 66.7);
    assert_eq!(skill(&r, "talk")["score"], 49.2);
    assert_eq!(r["rubric"][1]["status"], "met");
    assert!(
        r["answers"][0]["seconds"].as_f64().is_some(),
        "interactive answers are timed"
    );
    // Each answer was keyed in about 60 ms after its question appeared, far under the
    // bank's 1.0 s per item; 6 evidence items (talk-2..4, plan-2..4) are timed, and the
    // flag needs 0.5 * 6 = 3 of them fast. Under load a few may be slower, never 4 of 6.
    let flags = r["quality"].as_array().unwrap();
    let too_fast = flags
        .iter()
        .find(|f| f["id"] == "too_fast")
        .unwrap_or_else(|| panic!("a keyed-in run is too fast: {flags:?}"));
    let message = too_fast["message"].as_str().unwrap();
    let fast: usize = message.split(' ').next().unwrap().parse().unwrap();
    assert!(
        (3..=6).contains(&fast)
            && message.contains(" of 6 scenario and knowledge answers came in under 1 seconds"),
        "{message}"
    );
}

#[test]
fn escape_stops_the_quiz_with_exit_130_and_a_visible_cursor() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &["--name", "Esc Person", "--track", "general"]);
    answer(&mut s, "Which level describes you best?", &["\x1b"]);
    s.expect(expectrl::Regex(r"\x1b\[\?25h(?s:.*)quiz stopped"))
        .unwrap();
    assert_eq!(exit_code(&mut s), 130);
    let files = crate::common::files_with(out.path(), "json");
    assert_eq!(files.len(), 1, "only the in-progress file: {files:?}");
    assert!(files[0].ends_with("esc-person/in-progress.json"));
}

#[test]
fn ctrl_c_stops_the_quiz_with_exit_130() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &["--name", "Ctrl C", "--track", "general"]);
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "Your answer", &["\x03"]);
    // The cursor is shown again (ESC [ ? 25 h) before the message.
    s.expect(expectrl::Regex(r"\x1b\[\?25h(?s:.*)quiz stopped"))
        .unwrap();
    assert_eq!(exit_code(&mut s), 130);
}

#[test]
fn ctrl_c_mid_quiz_then_resume_keeps_every_answer() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn_at(
        out.path(),
        &["--name", "Rosa P", "--track", "general"],
        "2026-03-04T05:00:00+00:00",
    );
    answer(&mut s, "How clearly do you write?", &[]);
    answer(
        &mut s,
        "Which level describes you best?",
        &[DOWN, DOWN, DOWN, "\r"],
    ); // level 4
    answer(
        &mut s,
        "An example from your work",
        &["Ran the weekly update", "\r"],
    );
    answer(&mut s, "A stakeholder is confused", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(&mut s, "What should a status note lead with?", &[]);
    answer(&mut s, "Your answer", &["\r"]); // a
    answer(&mut s, "Which make a note clearer?", &[]);
    answer(
        &mut s,
        "Select all that apply",
        &[" ", DOWN, DOWN, " ", "\r"],
    ); // a, c
    answer(&mut s, "How do you plan?", &[]);
    answer(&mut s, "Which level describes you best?", &["\x03"]);
    s.expect("--resume").unwrap();
    assert_eq!(exit_code(&mut s), 130);

    let progress = out.path().join("rosa-p/in-progress.json");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&progress).unwrap()).unwrap();
    let before: serde_json::Map<String, serde_json::Value> =
        saved["answers"].as_object().unwrap().clone();
    assert_eq!(before.len(), 4, "{before:?}");
    assert_eq!(
        serde_json::Value::Object(before.clone()),
        serde_json::json!({
            "talk-1": 4, "talk-2": "b", "talk-3": "a", "talk-4": ["a", "c"]
        })
    );

    // Second session: offered to resume (no flag), picks "Resume it", answers the rest.
    let mut s = spawn_at(
        out.path(),
        &["--name", "Rosa P"],
        "2026-03-05T09:00:00+00:00",
    );
    answer(&mut s, "has an unfinished run", &["\r"]);
    answer(&mut s, "Resuming: 4 of 11 answered", &[]);
    answer(&mut s, "How do you plan?", &[]);
    answer(&mut s, "Which level describes you best?", &["\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    for _ in 0..3 {
        answer(&mut s, "Your answer", &["\r"]);
    }
    answer(&mut s, "Select all that apply", &["\r"]);
    answer(&mut s, "Number of years", &["2", "\r"]);
    answer(&mut s, "Do you have a mentor?", &[]);
    answer(&mut s, "Your answer", &[DOWN, DOWN, "\r"]); // none: mentor-meets not asked
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);

    assert!(
        !progress.exists(),
        "the in-progress file goes once the reports are written"
    );
    let r = only_report(out.path());
    assert_eq!(r["run"]["resumed"], true);
    // The Markdown says so, for the mentor.
    let md = std::fs::read_to_string(&crate::common::files_with(out.path(), "md")[0]).unwrap();
    assert!(
        md.contains("| Run | interactive · resumed after an interruption |"),
        "{md}"
    );
    assert_eq!(r["started_at"], "2026-03-04T05:00:00+00:00");
    assert_eq!(r["finished_at"], "2026-03-05T09:00:00+00:00");
    let answers = r["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 10);
    assert_eq!(
        answers[0]["evidence"], "Ran the weekly update",
        "evidence survives the interruption"
    );
    for (id, value) in &before {
        let given = answers.iter().find(|a| a["id"] == id.as_str()).unwrap();
        assert_eq!(
            &given["answer"], value,
            "answer to {id} changed after resuming"
        );
    }
}

#[test]
fn resume_without_an_unfinished_run_is_a_usage_error() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &["--name", "Nobody", "--resume"]);
    s.expect("no unfinished run for Nobody").unwrap();
    assert_eq!(exit_code(&mut s), 2);
}

#[test]
fn resuming_after_a_bank_change_keeps_only_unchanged_answers() {
    let out = tempfile::tempdir().unwrap();
    let bank = out.path().join("bank.json");
    std::fs::copy(fixture("banks/small.json"), &bank).unwrap();
    let bank_arg = bank.to_str().unwrap();
    let start = |extra: &[&str]| {
        let mut args = vec!["--bank", bank_arg, "--name", "Bo", "--track", "general"];
        args.extend_from_slice(extra);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tpm-ready"));
        cmd.arg("quiz")
            .arg("--out")
            .arg(out.path())
            .args(&args)
            .env("TERM", "xterm");
        let mut session = Session::spawn(cmd).unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        session
    };
    let mut s = start(&[]);
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]); // level 2
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "A stakeholder is confused", &[]);
    answer(&mut s, "Your answer", &["\r"]); // a
    answer(&mut s, "What should a status note lead with?", &[]);
    answer(&mut s, "Your answer", &["\x03"]);
    assert_eq!(exit_code(&mut s), 130);

    // The bank changes: talk-2 is reworded, so its answer no longer fits.
    reword_talk_2(&bank);

    let mut s = start(&["--resume"]);
    // The notice is word-wrapped to the terminal, so match any whitespace between words.
    let notice = "The question bank changed since this run started: 1 of 2 answers are to questions that are unchanged; 1 will be asked again.";
    let pattern = notice
        .split(' ')
        .map(regex_escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    s.expect(expectrl::Regex(pattern)).unwrap();
    answer(&mut s, "Keep the answers to unchanged questions?", &["y"]);
    answer(&mut s, "Resuming: 1 of 11 answered.", &[]);
    answer(&mut s, "A key stakeholder is confused", &[]);
    answer(&mut s, "Your answer", &["\x1b"]);
    assert_eq!(exit_code(&mut s), 130);
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("bo/in-progress.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved["answers"], serde_json::json!({"talk-1": 2}));
}

/// Rewords question talk-2 of a copied small bank, so an answer to it no longer fits.
pub(crate) fn reword_talk_2(bank: &std::path::Path) {
    let text = std::fs::read_to_string(bank).unwrap();
    assert!(text.contains("A stakeholder is confused."));
    std::fs::write(
        bank,
        text.replace(
            "A stakeholder is confused.",
            "A key stakeholder is confused.",
        ),
    )
    .unwrap();
}

pub(crate) fn regex_escape(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}
