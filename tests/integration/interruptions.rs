//! Stopping and resuming interactive runs through a real pseudo-terminal: a stop at the
//! evidence note, a focused run resumed, `--restart` answered yes and no, "no" to keeping
//! answers after the bank changed, a real SIGINT, and the unfinished run kept until the
//! reports are on disk.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::Signal;
use expectrl::session::OsSession as Session;
use expectrl::Expect;
use serde_json::{json, Value};

use crate::common::{files_with, fixture, only_report, NOW};
use crate::interactive::{answer, exit_code, regex_escape, reword_talk_2, spawn, spawn_at, DOWN};

fn saved(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Expects `text` word by word, whatever the terminal's line wrapping did to the spaces.
fn expect_words(s: &mut Session, text: &str) {
    let pattern = text
        .split(' ')
        .map(regex_escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    s.expect(expectrl::Regex(pattern))
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
}

/// Answers the general track from talk-2 on: a, a, (a, b), level 1, no note, b, b, (a),
/// 2 years, no mentor.
fn finish_from_talk_2(s: &mut Session) {
    answer(s, "A stakeholder is confused", &[]);
    answer(s, "Your answer", &["\r"]);
    answer(s, "What should a status note lead with?", &[]);
    answer(s, "Your answer", &["\r"]);
    answer(s, "Select all that apply", &[" ", DOWN, " ", "\r"]);
    answer(s, "How do you plan?", &[]);
    answer(s, "Which level describes you best?", &["\r"]);
    answer(s, "An example from your work", &["\r"]);
    answer(s, "Your answer", &[DOWN, "\r"]);
    answer(s, "Your answer", &[DOWN, "\r"]);
    answer(s, "Select all that apply", &[" ", "\r"]);
    answer(s, "Number of years", &["2", "\r"]);
    answer(s, "Do you have a mentor?", &[]);
    answer(s, "Your answer", &[DOWN, DOWN, "\r"]);
}

#[test]
fn stopping_at_the_evidence_note_keeps_the_self_rating() {
    let out = tempfile::tempdir().unwrap();
    let progress = out.path().join("nora-n/in-progress.json");
    let mut s = spawn(out.path(), &["--name", "Nora N", "--track", "general"]);
    answer(&mut s, "How clearly do you write?", &[]);
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]); // level 2
    answer(&mut s, "An example from your work", &["\x03"]);
    s.expect("quiz stopped").unwrap();
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(saved(&progress)["answers"], json!({"talk-1": 2}));

    // Resumed, the rating is not asked again: the next question is talk-2.
    let mut s = spawn(out.path(), &["--name", "Nora N", "--resume"]);
    answer(&mut s, "Resuming: 1 of 11 answered.", &[]);
    let seen = s.expect("A stakeholder is confused").unwrap();
    let before = String::from_utf8_lossy(seen.before()).into_owned();
    assert!(
        !before.contains("How clearly do you write?"),
        "talk-1 was asked again:\n{before}"
    );
    answer(&mut s, "Your answer", &["\r"]);
    answer(&mut s, "What should a status note lead with?", &[]);
    answer(&mut s, "Your answer", &["\r"]);
    answer(&mut s, "Select all that apply", &[" ", DOWN, " ", "\r"]);
    answer(&mut s, "How do you plan?", &[]);
    answer(&mut s, "Which level describes you best?", &["\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]);
    answer(&mut s, "Select all that apply", &[" ", "\r"]);
    answer(&mut s, "Number of years", &["2", "\r"]);
    answer(&mut s, "Do you have a mentor?", &[]);
    answer(&mut s, "Your answer", &[DOWN, DOWN, "\r"]);
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    let r = only_report(out.path());
    assert_eq!(r["answers"][0]["id"], "talk-1");
    assert_eq!(
        r["answers"][0]["answer"], 2,
        "the rating given before the stop"
    );
    assert_eq!(r["run"]["resumed"], true);
    assert!(!progress.exists());
}

#[test]
fn a_focused_run_stopped_and_resumed_still_carries_the_rest() {
    let out = tempfile::tempdir().unwrap();
    // First run (scripted): talk all right (100, target 70: no gap), plan all wrong
    // (0, target 60: a gap), 10 years (met), no mentor (unmet). A retake asks plan's 4
    // questions and mentor's 2 (mentor-meets only after a mentor): 6 planned.
    let answers = out.path().join("first.json");
    std::fs::write(
        &answers,
        json!({"candidate": "Fay F", "track": "general", "answers": {
            "talk-1": 4, "talk-2": "a", "talk-3": "a", "talk-4": ["a", "b"],
            "plan-1": 2, "plan-2": "a", "plan-3": "a", "plan-4": ["c"],
            "exp-years": 10, "mentor-kind": "none"}})
        .to_string(),
    )
    .unwrap();
    let mut cmd = crate::common::tpm();
    cmd.args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let first = out.path().join("fay-f/2026-03-04T05-06-07Z.json");
    assert!(first.is_file());

    let focus = first.to_str().unwrap();
    let mut s = spawn_at(out.path(), &["--focus", focus], "2026-03-05T10:00:00+00:00");
    expect_words(
        &mut s,
        "Retaking the gaps of 2026-03-04T05-06-07Z.json: 1 skill and 1 prerequisite",
    );
    answer(&mut s, "How do you plan?", &[]);
    answer(
        &mut s,
        "Which level describes you best?",
        &[DOWN, DOWN, "\r"],
    ); // 3
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "A dependency slips two weeks", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(&mut s, "What sets the earliest finish?", &[]);
    answer(&mut s, "Your answer", &["\x03"]);
    assert_eq!(exit_code(&mut s), 130);
    let progress = out.path().join("fay-f/in-progress.json");
    let run = saved(&progress);
    assert_eq!(run["answers"], json!({"plan-1": 3, "plan-2": "b"}));
    assert_eq!(run["focus_report"], focus);

    // Resumed by name, without --focus: the saved focus still applies.
    let mut s = spawn_at(
        out.path(),
        &["--name", "Fay F", "--resume"],
        "2026-03-06T11:00:00+00:00",
    );
    answer(&mut s, "Resuming: 2 of 6 answered.", &[]);
    answer(&mut s, "What sets the earliest finish?", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b
    answer(
        &mut s,
        "Select all that apply",
        &[" ", DOWN, " ", DOWN, DOWN, " ", "\r"],
    ); // a b d
    answer(&mut s, "Do you have a mentor?", &[]);
    answer(&mut s, "Your answer", &["\r"]); // expert
    answer(&mut s, "Yes or no?", &["y"]);
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    assert!(!progress.exists());

    let r = saved(&out.path().join("fay-f/2026-03-06T11-00-00Z.json"));
    assert_eq!(r["run"]["resumed"], true);
    assert_eq!(r["run"]["partial"], true);
    assert_eq!(r["started_at"], "2026-03-05T10:00:00+00:00");
    assert_eq!(r["coverage"]["measured"], json!(["plan"]));
    assert_eq!(r["coverage"]["carried"], json!(["talk", "experience"]));
    assert_eq!(r["coverage"]["carried_from"], "2026-03-04T05-06-07Z.json");
    let talk = &r["skills"][0];
    assert_eq!(
        (&talk["id"], &talk["score"], &talk["carried"]),
        (&json!("talk"), &json!(100.0), &json!(true))
    );
    // plan now: plan-2 b = 1, plan-3 b (correct) = 1, plan-4 a b d (all right) = 1 -> 100.
    let plan = &r["skills"][1];
    assert_eq!(
        (&plan["id"], &plan["score"]),
        (&json!("plan"), &json!(100.0))
    );
    assert_eq!(r["rubric"][1]["id"], "mentor");
    assert_eq!(r["rubric"][1]["status"], "met");
}

/// Starts a run for `name`, answers talk-1 (level 2, no note), stops at talk-2.
fn unfinished(out: &Path, name: &str) -> PathBuf {
    let mut s = spawn(out, &["--name", name, "--track", "general"]);
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "Your answer", &["\x1b"]);
    assert_eq!(exit_code(&mut s), 130);
    let path = out
        .join(tpm_ready::store::slug(name))
        .join("in-progress.json");
    assert_eq!(saved(&path)["answers"], json!({"talk-1": 2}));
    path
}

#[test]
fn restart_answered_no_keeps_the_unfinished_run() {
    let out = tempfile::tempdir().unwrap();
    let path = unfinished(out.path(), "Re Start");
    let before = std::fs::read(&path).unwrap();
    let mut s = spawn(out.path(), &["--name", "Re Start", "--restart"]);
    expect_words(&mut s, "(1 of 11 answered)?");
    s.send("n").unwrap();
    s.expect("nothing was discarded").unwrap();
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn restart_answered_yes_starts_afresh() {
    let out = tempfile::tempdir().unwrap();
    let path = unfinished(out.path(), "Re Start");
    let mut s = spawn(
        out.path(),
        &["--name", "Re Start", "--restart", "--track", "general"],
    );
    expect_words(&mut s, "(1 of 11 answered)?");
    s.send("y").unwrap();
    // The first question again, not a resume.
    answer(&mut s, "How clearly do you write?", &[]);
    answer(&mut s, "Which level describes you best?", &["\x1b"]);
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(saved(&path)["answers"], json!({}));
}

#[test]
fn no_to_keeping_answers_after_a_bank_change_asks_everything_again() {
    let out = tempfile::tempdir().unwrap();
    let bank = out.path().join("bank.json");
    std::fs::copy(fixture("banks/small.json"), &bank).unwrap();
    let start = |extra: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tpm-ready"));
        cmd.arg("quiz")
            .arg("--out")
            .arg(out.path())
            .arg("--bank")
            .arg(&bank)
            .args(["--name", "Bo", "--track", "general"])
            .args(extra)
            .env("TPM_READY_NOW", NOW)
            .env("TERM", "xterm");
        let mut session = Session::spawn(cmd).unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        session
    };
    let mut s = start(&[]);
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]); // level 2
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "Your answer", &["\r"]); // talk-2 a
    answer(&mut s, "Your answer", &["\x1b"]);
    assert_eq!(exit_code(&mut s), 130);
    reword_talk_2(&bank);

    let mut s = start(&["--resume"]);
    // talk-1 is unchanged, talk-2 changed: 1 of 2 kept if the candidate says yes.
    expect_words(
        &mut s,
        "1 of 2 answers are to questions that are unchanged; 1 will be asked again.",
    );
    answer(&mut s, "Keep the answers to unchanged questions?", &["n"]);
    answer(&mut s, "Resuming: 0 of 11 answered.", &[]);
    answer(&mut s, "How clearly do you write?", &[]);
    answer(&mut s, "Which level describes you best?", &["\x1b"]);
    assert_eq!(exit_code(&mut s), 130);
    let run = saved(&out.path().join("bo/in-progress.json"));
    assert_eq!(run["answers"], json!({}), "no answer was kept");
}

#[test]
fn a_real_sigint_stops_the_quiz_with_exit_130_and_keeps_the_answers() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &["--name", "Sig Int", "--track", "general"]);
    answer(
        &mut s,
        "Which level describes you best?",
        &[DOWN, DOWN, "\r"],
    ); // 3
    answer(
        &mut s,
        "An example from your work",
        &["Ran the retro", "\r"],
    );
    answer(&mut s, "A stakeholder is confused", &[]);
    s.expect("Your answer").unwrap();
    // The signal itself (kill(pid, SIGINT)), not the 0x03 byte a raw-mode prompt reads
    // as a key. The handler only marks the interrupt; the prompt ends at the next key.
    s.get_process_mut().kill(Signal::SIGINT).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let _ = s.send("\r");
    s.expect(expectrl::Regex(r"\x1b\[\?25h(?s:.*)quiz stopped"))
        .unwrap();
    assert_eq!(exit_code(&mut s), 130, "a clean stop, not death by signal");
    let run = saved(&out.path().join("sig-int/in-progress.json"));
    assert_eq!(
        run["answers"],
        json!({"talk-1": 3}),
        "the interrupted answer is not taken"
    );
    assert_eq!(run["evidence"], json!({"talk-1": "Ran the retro"}));
}

/// Largest file the quiz may write in the next test: the in-progress file fits, a report
/// (about 8 KB of JSON, 7 KB of SVG for the small bank) does not.
const FILE_SIZE_LIMIT: u64 = 5000;

#[test]
fn the_unfinished_run_stays_until_the_reports_are_written() {
    let out = tempfile::tempdir().unwrap();
    let temp = out.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tpm-ready"));
    cmd.arg("quiz")
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .arg("--out")
        .arg(out.path())
        .args(["--name", "Full Disk", "--track", "general"])
        .env("TPM_READY_NOW", NOW)
        .env("TMPDIR", &temp)
        .env("TERM", "xterm");
    // SAFETY: setrlimit and signal are async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: FILE_SIZE_LIMIT,
                rlim_max: FILE_SIZE_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &raw const limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Over the limit a write then fails with EFBIG instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut s = Session::spawn(cmd).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    answer(&mut s, "Which level describes you best?", &[DOWN, "\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    finish_from_talk_2(&mut s);
    expect_words(
        &mut s,
        "the report was not written, but your answers are safe in",
    );
    let code = exit_code(&mut s);
    assert!(code != 0 && code != 130, "a failure, exit {code}");

    let progress = out.path().join("full-disk/in-progress.json");
    assert!(progress.exists(), "kept: the reports were not written");
    let kept = std::fs::metadata(&progress).unwrap().len();
    assert!(
        kept < FILE_SIZE_LIMIT,
        "the in-progress file fits ({kept} bytes)"
    );
    assert_eq!(saved(&progress)["answers"].as_object().unwrap().len(), 10);
    assert!(
        files_with(&out.path().join("full-disk"), "json")
            .iter()
            .all(|f| f.ends_with("in-progress.json")),
        "no report"
    );
    assert_eq!(
        files_with(&temp, "json").len(),
        1,
        "answers saved aside too"
    );

    // Without the limit, resuming writes the reports and only then drops the file.
    let mut s = spawn(out.path(), &["--name", "Full Disk", "--resume"]);
    answer(&mut s, "Resuming: 10 of 11 answered.", &[]);
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    assert!(!progress.exists(), "gone once the reports are written");
    let r = only_report(&out.path().join("full-disk"));
    assert_eq!(r["answers"].as_array().unwrap().len(), 10);
}

/// SIGTERM and SIGHUP stop the quiz like Ctrl-C, at once even while a prompt waits for a
/// key: the cursor is shown again, the terminal's modes restored, the answers kept, exit 130.
#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_the_answers() {
    for (signal, name) in [(Signal::SIGTERM, "sig-term"), (Signal::SIGHUP, "sig-hup")] {
        let out = tempfile::tempdir().unwrap();
        let mut s = spawn(out.path(), &["--name", name, "--track", "general"]);
        answer(
            &mut s,
            "Which level describes you best?",
            &[DOWN, DOWN, "\r"],
        );
        answer(&mut s, "An example from your work", &["\r"]);
        answer(&mut s, "A stakeholder is confused", &[]);
        s.expect("Your answer").unwrap();
        s.get_process_mut().kill(signal).unwrap();
        s.expect(expectrl::Regex(
            r"\x1b\[\?25h(?s:.*)quiz stopped(?s:.*)--resume",
        ))
        .unwrap_or_else(|e| panic!("{signal:?}: {e}"));
        assert_eq!(exit_code(&mut s), 130, "{signal:?}: a clean stop");
        let run = saved(&out.path().join(format!("{name}/in-progress.json")));
        assert_eq!(run["answers"], json!({"talk-1": 3}), "{signal:?}");
    }
}

/// A second interactive run for a candidate whose run is live stops (exit 2) instead of
/// sharing the in-progress file.
#[test]
fn a_second_live_run_for_one_candidate_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let mut first = spawn(out.path(), &["--name", "Twice", "--track", "general"]);
    answer(&mut first, "Which level describes you best?", &[]);
    let mut second = spawn(out.path(), &["--name", "Twice", "--track", "general"]);
    second
        .expect("has a run in progress in another terminal")
        .unwrap();
    assert_eq!(exit_code(&mut second), 2);
    first.get_process_mut().kill(Signal::SIGTERM).unwrap();
    assert_eq!(exit_code(&mut first), 130);
}
