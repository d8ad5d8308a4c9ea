//! Certainty-based marking: answers-file certainties, the report's marks and calibration,
//! every output's section, `progress`, and `quiz --certainty` through a pty.

use crate::common::{files_with, fixture, only_report, quiz_small, quiz_with, tpm};
use expectrl::Expect;

use crate::interactive::{answer, exit_code, spawn, DOWN};

/// tests/fixtures/answers/small-certainty.json: item scores and certainties
/// talk-2 1.0 at C3 → 3, talk-3 1.0 at C3 → 3, talk-4 0.5 at C2 → 2 × 0.5 = 1,
/// plan-2 0.3 at C3 → 3 × 0.3 = 0.9, plan-3 1.0 at C1 → 1, plan-4 1.0 at C2 → 2.
/// Average mark 10.9 / 6 = 1.82; accuracy 4.8 / 6 = 80 %; the best fixed certainty at
/// 80 % earns max(0.8, 4·0.8 − 2, 9·0.8 − 6) = 1.2; bonus 0.1 · (1.8167 − 1.2) = 0.062.
#[test]
fn cbm_marks_and_calibration_in_the_report() {
    let out = tempfile::tempdir().unwrap();
    let run = quiz_with(
        "banks/small.json",
        "answers/small-certainty.json",
        out.path(),
    )
    .assert()
    .success();
    let summary = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(
        summary.contains("Certainty-based marking over 6 items"),
        "{summary}"
    );
    assert!(summary.contains("C2 mid (above 67%): 2 items, 75% right (window 67-80%): OK"));
    let r = only_report(out.path());
    let marks: Vec<(String, serde_json::Value, serde_json::Value)> = r["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["certainty"].clone(),
                a["cbm_mark"].clone(),
            )
        })
        .collect();
    assert_eq!(
        serde_json::to_value(&marks).unwrap(),
        serde_json::json!([
            ["talk-1", null, null],
            ["talk-2", 3, 3.0],
            ["talk-3", 3, 3.0],
            ["talk-4", 2, 1.0],
            ["plan-1", null, null],
            ["plan-2", 3, 0.9],
            ["plan-3", 1, 1.0],
            ["plan-4", 2, 2.0],
            ["exp-years", null, null],
            ["mentor-kind", null, null]
        ])
    );
    let cbm = &r["cbm"];
    assert_eq!(cbm["items"], 6);
    assert_eq!(cbm["accuracy"], 80.0);
    assert_eq!(cbm["average_mark"], 1.82);
    assert_eq!(cbm["bonus"], 0.062);
    // C1: 1 of 1 right, above its 0-67 % window; C2: (0.5 + 1)/2 = 75 %, inside 67-80 %;
    // C3: (1 + 1 + 0.3)/3 = 76.7 %, below 80 %.
    let fits: Vec<_> = cbm["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["n"].clone(), l["share_correct"].clone(), l["fit"].clone()))
        .collect();
    assert_eq!(
        serde_json::to_value(&fits).unwrap(),
        serde_json::json!([
            [1, 100.0, "under_confident"],
            [2, 75.0, "ok"],
            [3, 76.7, "over_confident"]
        ])
    );
    // Skill scores stay as they are without certainty.
    let plain = tempfile::tempdir().unwrap();
    let mut without: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("answers/small-certainty.json")).unwrap(),
    )
    .unwrap();
    without.as_object_mut().unwrap().remove("certainty");
    let path = plain.path().join("a.json");
    std::fs::write(&path, without.to_string()).unwrap();
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(&path)
        .arg("--out")
        .arg(plain.path().join("out"))
        .assert()
        .success();
    let p = only_report(&plain.path().join("out"));
    assert_eq!(p["skills"], r["skills"]);
    assert!(p.get("cbm").is_none());
    assert!(p["answers"][1].get("certainty").is_none());
}

#[test]
fn cbm_section_in_markdown_html_and_review() {
    let out = tempfile::tempdir().unwrap();
    quiz_with(
        "banks/small.json",
        "answers/small-certainty.json",
        out.path(),
    )
    .args(["--format", "json,md,html"])
    .assert()
    .success();
    let md = std::fs::read_to_string(&files_with(out.path(), "md")[0]).unwrap();
    assert!(
        md.contains("## Calibration (certainty-based marking)"),
        "{md}"
    );
    assert!(md.contains("| C3 quite sure (above 80%) | 3 | 77% | 80-100% | over-confident |"));
    let html = std::fs::read_to_string(&files_with(out.path(), "html")[0]).unwrap();
    assert!(html.contains("<h3>Certainty-based marking</h3>"));
    assert!(
        html.contains("C1 unsure (below 67%): 1 item, 100% right (window 0-67%): under-confident")
    );
    let report = &files_with(out.path(), "json")[0];
    let review = tpm().arg("review").arg(report).assert().success();
    let text = String::from_utf8(review.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Certainty-based marking"), "{text}");
    // `review` wraps at 80 columns: compare with the line breaks undone.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("accuracy 80.0%, average mark 1.82 (−6 to 3), bonus +0.062"));
}

#[test]
fn cbm_certainty_problems_in_an_answers_file_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("answers/small-certainty.json")).unwrap(),
    )
    .unwrap();
    file["certainty"] = serde_json::json!({"talk-1": 2, "talk-2": 4, "exp-years": 1});
    let path = dir.path().join("a.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let assert = tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(&path)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("question `talk-1`: a certainty belongs to a scenario"),
        "{err}"
    );
    assert!(
        err.contains("question `exp-years`: a certainty belongs"),
        "{err}"
    );
    assert!(
        err.contains("question `talk-2`: certainty 4 must be 1, 2 or 3"),
        "{err}"
    );
}

#[test]
fn cbm_progress_has_a_row() {
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path()).assert().success();
    quiz_with(
        "banks/small.json",
        "answers/small-certainty.json",
        out.path(),
    )
    .env("TPM_READY_NOW", "2026-04-04T05:06:07+00:00")
    .arg("--name")
    .arg("Grace Hopper")
    .assert()
    .success();
    let assert = tpm()
        .args(["progress", "Grace Hopper", "--json", "--dir"])
        .arg(out.path())
        .assert()
        .success();
    let progress: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let row = progress["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "cbm")
        .expect("a CBM row");
    // Accuracy 80 + 100 × bonus 0.062 = 86.2; the first run had no certainty.
    assert_eq!(row["values"], serde_json::json!([null, 86.2]));
    assert_eq!(row["name"], "CBM accuracy + bonus");
}

#[test]
fn cbm_interactive_asks_how_sure_after_each_evidence_item() {
    let out = tempfile::tempdir().unwrap();
    let mut s = spawn(out.path(), &["--certainty", "--name", "Ada"]);
    answer(&mut s, "Which track", &["\r"]);
    answer(&mut s, "Which level describes you best?", &["\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "A stakeholder is confused", &[]);
    answer(&mut s, "Your answer", &["\r"]); // a: right
    answer(&mut s, "How sure are you?", &[DOWN, DOWN, "\r"]); // C3
    answer(&mut s, "What should a status note lead with?", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]); // b: wrong
    answer(&mut s, "How sure are you?", &[DOWN, "\r"]); // C2
    answer(&mut s, "Which make a note clearer?", &[]);
    answer(&mut s, "Select all that apply", &[" ", DOWN, " ", "\r"]);
    answer(&mut s, "How sure are you?", &["\r"]); // C1
    answer(&mut s, "Which level describes you best?", &["\r"]);
    answer(&mut s, "An example from your work", &["\r"]);
    answer(&mut s, "A dependency slips two weeks", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]);
    answer(&mut s, "How sure are you?", &["\r"]);
    answer(&mut s, "What sets the earliest finish?", &[]);
    answer(&mut s, "Your answer", &[DOWN, "\r"]);
    answer(&mut s, "How sure are you?", &["\r"]);
    answer(&mut s, "Which belong in a plan?", &[]);
    answer(&mut s, "Select all that apply", &[" ", "\r"]);
    answer(&mut s, "How sure are you?", &["\r"]);
    answer(&mut s, "Number of years", &["4", "\r"]);
    answer(&mut s, "Do you have a mentor?", &[]);
    answer(&mut s, "Your answer", &["\r"]);
    answer(&mut s, "Yes or no?", &["y"]);
    s.expect("Reports:").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    let r = only_report(out.path());
    assert_eq!(r["answers"][1]["certainty"], 3);
    assert_eq!(r["answers"][1]["cbm_mark"], 3.0);
    assert_eq!(r["answers"][2]["certainty"], 2);
    assert_eq!(r["answers"][2]["cbm_mark"], -2.0);
    assert_eq!(r["answers"][3]["certainty"], 1);
    assert_eq!(r["cbm"]["items"], 6);
}
