//! Mentors and repeat runs: `review` (reading and notes), `progress`, `cohort`, and
//! focused retakes, on fixture reports of one candidate's four runs (the third with a
//! newer bank version, the fourth a focused, partial retake).

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{files_with, fixture, quiz_with, tpm};

/// A temp copy of the fixture reports (commands write beside them).
fn reports_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("reports/grace-hopper");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(fixture("reports/grace-hopper")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
    }
    let reports = dir.path().join("reports");
    (dir, reports)
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const FIRST: &str = "grace-hopper/2026-01-10T09-00-00Z.json";

#[test]
fn review_prints_the_whole_report_as_plain_text() {
    let (_tmp, reports) = reports_copy();
    let assert = tpm()
        .arg("review")
        .arg(reports.join(FIRST))
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes when stdout is not a terminal"
    );
    insta::assert_snapshot!("review_first_run", text);
}

#[test]
fn review_finds_the_latest_report_by_candidate_name() {
    let (_tmp, reports) = reports_copy();
    tpm()
        .args(["review", "Grace Hopper", "--dir"])
        .arg(&reports)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Partial run: measured").and(predicate::str::contains(
                "Carried from 2026-07-10T09-00-00Z.json",
            )),
        );
    tpm()
        .args(["review", "Nobody Here", "--dir"])
        .arg(&reports)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "neither a report file nor a candidate",
        ));
}

#[test]
fn review_note_appends_and_keeps_everything_else_identical() {
    let (_tmp, reports) = reports_copy();
    let path = reports.join(FIRST);
    let before = json(&path);
    tpm()
        .args([
            "review",
            "--mentor",
            "Ada L",
            "--skill",
            "plan",
            "--note",
            "Walk me through plan-3 | next week",
        ])
        .arg(&path)
        .env("TPM_READY_NOW", "2026-02-01T10:00:00+00:00")
        .assert()
        .success()
        .stdout(predicate::str::contains("added note 1"));
    tpm()
        .args(["review", "--mentor", "Bo", "--note", "-"])
        .arg(&path)
        .write_stdin("Second note\nfrom stdin\n")
        .env("TPM_READY_NOW", "2026-02-02T10:00:00+00:00")
        .assert()
        .success();
    let mut after = json(&path);
    let notes = after["mentor_notes"].take();
    let mut expected = before.clone();
    expected["mentor_notes"] = Value::Null;
    after["mentor_notes"] = Value::Null;
    assert_eq!(after, expected, "only mentor_notes may change");
    assert_eq!(
        notes,
        serde_json::json!([
            {"mentor": "Ada L", "at": "2026-02-01T10:00:00+00:00", "skill": "plan", "text": "Walk me through plan-3 | next week"},
            {"mentor": "Bo", "at": "2026-02-02T10:00:00+00:00", "text": "Second note\nfrom stdin"}
        ])
    );
    let markdown = std::fs::read_to_string(path.with_extension("md")).unwrap();
    assert!(markdown.contains("## Mentor notes"));
    assert!(markdown
        .contains("- **Ada L** on Planning, 2026-02-01: Walk me through plan-3 \\| next week"));
    let text = tpm().arg("review").arg(&path).assert().success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(
        text.find("Ada L").unwrap() < text.find("Second note").unwrap(),
        "notes keep their order"
    );
}

#[test]
fn review_note_rejects_unknown_skills_and_missing_mentor() {
    let (_tmp, reports) = reports_copy();
    let path = reports.join(FIRST);
    let before = std::fs::read(&path).unwrap();
    tpm()
        .args([
            "review", "--mentor", "Ada", "--skill", "juggling", "--note", "x",
        ])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no skill `juggling`; its skills are: talk, plan",
        ));
    tpm()
        .args(["review", "--note", "x"])
        .arg(&path)
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a refused note changes nothing"
    );
}

#[test]
fn review_of_bad_reports_exits_1_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content, reason) in [
        (
            "truncated.json",
            "{\"schema_version\": 1, \"tool\": {",
            "not valid JSON",
        ),
        (
            "foreign.json",
            "{\"name\": \"package\", \"version\": \"1.0.0\"}",
            "not a tpm-ready report",
        ),
        (
            "newer.json",
            "{\"tool\": {\"name\": \"tpm-ready\"}, \"schema_version\": 9}",
            "written by a newer tpm-ready",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        tpm()
            .arg("review")
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(reason).and(predicate::str::contains(name)));
    }
}

#[test]
fn progress_compares_runs_honestly() {
    let (_tmp, reports) = reports_copy();
    let assert = tpm()
        .args(["progress", "Grace Hopper", "--json", "--dir"])
        .arg(&reports)
        .assert()
        .success();
    let p: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(p["runs"].as_array().unwrap().len(), 4);
    assert_eq!(p["runs"][3]["partial"], true);
    let warnings = p["warnings"].to_string();
    assert!(
        warnings.contains("2 different question banks (mini 1.0.0, mini 1.1.0)"),
        "{warnings}"
    );
    let series = |id: &str| {
        p["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    let talk = series("talk");
    // Measured in runs 1-3; carried (not compared) in the focused run 4.
    assert_eq!(talk["values"], serde_json::json!([50.0, 83.3, 83.3, null]));
    assert_eq!(talk["since_previous"]["direction"], "no_clear_change");
    assert_eq!(talk["since_first"]["delta"], 33.3);
    assert_eq!(talk["since_first"]["min_change"], 26.1);
    assert_eq!(talk["since_first"]["direction"], "improved");
    let plan = series("plan");
    // 43.3 -> 66.7 is within the noise of 3 items; 66.7 -> 100 is not.
    assert_eq!(plan["values"], serde_json::json!([43.3, 66.7, 100.0, null]));
    assert_eq!(plan["since_previous"]["direction"], "improved");
    assert_eq!(
        p["gaps_since_previous"]["closed"],
        serde_json::json!(["Mentorship"])
    );
    assert_eq!(
        p["gaps_since_first"]["closed"],
        serde_json::json!(["Related experience", "Mentorship", "Planning", "Talking"])
    );
    let folder = reports.join("grace-hopper");
    let markdown = std::fs::read_to_string(folder.join("progress.md")).unwrap();
    assert!(markdown.contains("![Readiness and skill groups over time](progress.svg)"));
    insta::assert_snapshot!("progress_md", markdown);
    let svg = std::fs::read_to_string(folder.join("progress.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("progress.svg is XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for label in [
        "Readiness",
        "Soft skills",
        "Hard skills",
        "Soft skills target (70)",
        "2026-01-10",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(label)),
            "{label} missing from {texts:?}"
        );
    }
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .count();
    assert!(
        lines >= 5,
        "three series and two target lines, found {lines} polylines"
    );
}

#[test]
fn progress_skips_a_bad_file_with_a_warning_and_carries_on() {
    let (_tmp, reports) = reports_copy();
    std::fs::write(
        reports.join("grace-hopper/2026-05-01T00-00-00Z.json"),
        "{ broken",
    )
    .unwrap();
    tpm()
        .arg("progress")
        .arg("--dir")
        .arg(&reports)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("warning: skipping report")
                .and(predicate::str::contains("2026-05-01T00-00-00Z.json")),
        )
        .stdout(predicate::str::contains("4 runs"));
}

#[test]
fn cohort_lists_each_candidate_and_the_weakest_skills() {
    let (_tmp, reports) = reports_copy();
    quiz_with("banks/small.json", "answers/small-general.json", &reports)
        .args(["--name", "Alan T"])
        .assert()
        .success();
    let assert = tpm()
        .args(["cohort", "--json"])
        .arg(&reports)
        .assert()
        .success();
    let c: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let names: Vec<&str> = c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alan T", "Grace Hopper"], "lowest readiness first");
    assert_eq!(c["members"][0]["top_gap"], "Planning");
    // Grace Hopper's latest fixture is a version 1 report (scores not corrected for
    // guessing); Alan T's is fresh.
    assert_eq!(c["members"][0]["uncorrected"], false);
    assert_eq!(c["members"][1]["uncorrected"], true);
    // Alan T: plan 13.9 below target, talk at target; Grace Hopper: no gaps.
    // Mean plan gap (13.9 + 0)/2 = 6.95.
    assert_eq!(c["weakest_skills"][0]["id"], "plan");
    assert!((c["weakest_skills"][0]["mean_gap"].as_f64().unwrap() - 6.95).abs() <= 0.051);
    assert_eq!(c["weakest_skills"][0]["below_target"], 1);
    let markdown = std::fs::read_to_string(reports.join("cohort.md")).unwrap();
    assert!(markdown.contains("| Alan T |"));
    tpm()
        .arg("cohort")
        .arg(&reports)
        .assert()
        .success()
        .stdout(predicate::str::contains("Weakest skills"));
}

#[test]
fn focus_retakes_only_the_gaps_and_carries_the_rest() {
    let (_tmp, reports) = reports_copy();
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--focus")
        .arg(reports.join(FIRST))
        .arg("--answers")
        .arg(fixture("answers/small-general.json"))
        .arg("--out")
        .arg(&reports)
        .env("TPM_READY_NOW", "2026-12-01T00:00:00+00:00")
        .assert()
        .success();
    let r = json(&reports.join("grace-hopper/2026-12-01T00-00-00Z.json"));
    // The first run's gaps: both skills and both prerequisites; nothing to carry.
    assert_eq!(
        r["coverage"]["measured"],
        serde_json::json!(["talk", "plan"])
    );
    assert_eq!(r["run"]["partial"], true);
    // A retake of the third run (all skills at target) asks only the unmet prerequisite.
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small-v2.json"))
        .arg("--focus")
        .arg(reports.join("grace-hopper/2026-07-10T09-00-00Z.json"))
        .arg("--answers")
        .arg(fixture("answers/grace-focus.json"))
        .arg("--out")
        .arg(&reports)
        .env("TPM_READY_NOW", "2026-12-02T00:00:00+00:00")
        .assert()
        .success();
    let r = json(&reports.join("grace-hopper/2026-12-02T00-00-00Z.json"));
    assert_eq!(r["coverage"]["measured"], serde_json::json!([]));
    assert_eq!(
        r["coverage"]["carried"],
        serde_json::json!(["talk", "plan", "experience"])
    );
    assert_eq!(r["coverage"]["carried_from"], "2026-07-10T09-00-00Z.json");
    assert!(r["skills"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["carried"] == true));
    assert_eq!(r["rubric"][0]["id"], "experience");
    assert_eq!(r["rubric"][0]["carried"], true);
    assert_eq!(r["rubric"][1]["id"], "mentor");
    assert_eq!(r["rubric"][1]["status"], "met");
    assert!(r["rubric"][1].get("carried").is_none());
    assert_eq!(r["readiness"]["verdict"], "ready");
    assert_eq!(files_with(&reports, "json").len(), 6);
}
