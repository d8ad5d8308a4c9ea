//! Scripted runs (`--answers`): exact scores, report files, every problem listed.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{files_with, fixture, only_report, quiz_small, quiz_with, skill, tpm};

fn run_small(out: &std::path::Path) -> Value {
    quiz_small(out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Grace Hopper: Nearly ready"));
    only_report(out)
}

#[test]
fn scripted_run_scores_exactly() {
    let out = tempfile::tempdir().unwrap();
    let r = run_small(out.path());
    assert_eq!(r["schema_version"], 2);
    assert_eq!(r["candidate"], "Grace Hopper");
    assert_eq!(r["track"], "general");
    assert_eq!(r["started_at"], "2026-03-04T05:06:07+00:00");
    assert_eq!(r["run"]["mode"], "scripted");
    assert_eq!(r["run"]["partial"], false);

    // talk: items 0.5 (talk-2 "b"), 1, 1: raw 83.3; chance (0.5 + 1/3 + 0.2)/3 = 34.4;
    // corrected 100·(0.8333 − 0.3444)/(1 − 0.3444) = 74.6, above the target 70.
    let talk = skill(&r, "talk");
    assert_eq!(talk["raw"], 83.3);
    assert_eq!(talk["chance"], 34.4);
    assert_eq!(talk["score"], 74.6);
    // Wilson 90% on 3 items: raw [0.374, 0.977] → corrected [4.5, 96.4].
    assert_eq!(talk["interval"], serde_json::json!([4.5, 96.4]));
    assert_eq!(talk["self_rating"], 75.0);
    // Level 4 spans 60-80 and holds 74.6.
    assert_eq!(talk["calibration"]["level"], 4);
    assert_eq!(talk["calibration"]["status"], "aligned");
    assert_eq!(talk["band"], "mid");
    assert_eq!(talk["gap"], 0.0);
    // plan: items 1, 0, 1: raw 66.7; chance (1.3/3 + 1/3 + 17/45)/3 = 38.1;
    // corrected 100·(0.6667 − 0.3815)/0.6185 = 46.1; gap 60 − 46.1 = 13.9.
    let plan = skill(&r, "plan");
    assert_eq!(plan["score"], 46.1);
    assert_eq!(plan["interval"], serde_json::json!([0.0, 87.3]));
    assert_eq!(plan["gap"], 13.9);
    assert_eq!(plan["band"], "low");
    // Level 5 starts at 80, 33.9 above the score: more than the threshold 25, but less
    // than the half-width 43.7 of the interval, so not flagged.
    assert_eq!(plan["calibration"]["status"], "aligned");

    assert_eq!(r["groups"][0]["id"], "soft");
    assert_eq!(r["groups"][0]["score"], 74.6);
    assert_eq!(r["groups"][1]["score"], 46.1);
    // (min(74.6, 70)·1 + 46.1·2) / (70·1 + 60·2) = 162.2/190 = 85.4
    assert_eq!(r["readiness"]["score"], 85.4);
    // se talk (70 − 4.5)/(2·1.645) = 19.9, plan (60 − 0)/(2·1.645) = 18.2;
    // half 1.645·100·√(19.9² + (2·18.2)²)/190 = 35.9: [49.5, 100] after rounding.
    let interval = r["readiness"]["interval"].as_array().unwrap();
    assert!(
        (interval[0].as_f64().unwrap() - 49.4).abs() <= 0.15,
        "{interval:?}"
    );
    assert_eq!(interval[1], 100.0);
    assert_eq!(r["readiness"]["verdict"], "nearly");
    assert_eq!(
        r["readiness"]["reason"],
        "Nearly ready, within measurement error of Early and of Ready. What keeps you from Ready: skills readiness 85 is below the 90 it needs."
    );
    assert_eq!(r["quality"], serde_json::json!([]));

    let statuses: Vec<(&str, &str)> = r["rubric"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("experience", "partial"), ("mentor", "partial")]);

    let gaps: Vec<(&str, f64)> = r["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["id"].as_str().unwrap(), g["priority"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        gaps,
        [("plan", 27.8), ("experience", 10.0), ("mentor", 5.0)]
    );
    assert_eq!(r["gaps"][0]["next_steps"][1], "Find its critical path.");

    let multi = r["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "talk-4")
        .unwrap();
    assert_eq!(multi["answer"], serde_json::json!(["a", "b"]));
    assert_eq!(multi["score"], 1.0);
    assert_eq!(r["mentor_notes"], serde_json::json!([]));
    assert_eq!(
        r["answers"][0]["evidence"],
        "I write the weekly | team note that 12 people read"
    );
    assert_eq!(
        r["coverage"]["measured"],
        serde_json::json!(["talk", "plan"])
    );
    assert_eq!(r["coverage"]["carried"], serde_json::json!([]));
}

#[test]
fn markdown_report_snapshot() {
    let out = tempfile::tempdir().unwrap();
    run_small(out.path());
    let md = files_with(out.path(), "md");
    assert_eq!(md.len(), 1);
    assert_eq!(md[0].file_name().unwrap(), "2026-03-04T05-06-07Z.md");
    assert_eq!(md[0].parent().unwrap().file_name().unwrap(), "grace-hopper");
    insta::assert_snapshot!(
        "small_general_report_md",
        std::fs::read_to_string(&md[0]).unwrap()
    );
}

#[test]
fn a_second_run_in_the_same_second_gets_its_own_files() {
    let out = tempfile::tempdir().unwrap();
    run_small(out.path());
    quiz_small(out.path()).assert().success();
    let names: Vec<String> = files_with(out.path(), "json")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["2026-03-04T05-06-07Z-2.json", "2026-03-04T05-06-07Z.json"]
    );
}

#[test]
fn every_problem_in_an_answers_file_is_listed_at_once() {
    let out = tempfile::tempdir().unwrap();
    let assert = quiz_with("banks/small.json", "answers/small-wrong.json", out.path())
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    // Nine questions with a problem plus one line for the two missing answers.
    assert!(err.contains("error: 10 problems in answers file"), "{err}");
    for expected in [
        "small-wrong.json",
        "question `talk-1`: level 7 is outside 1-5",
        "question `talk-2`: option `z` does not exist; options are a, b, c",
        "question `talk-3`: expected an option id such as \"a\", found a list",
        "question `talk-4`: expected a list of option ids",
        "question `plan-1`: expected a level 1-5, found the text \"high\"",
        "question `plan-5`: is not asked in track `general`",
        "question `nope-1`: unknown question id",
        "question `exp-years`: -3 is outside 0-60 years",
        "question `mentor-meets`: expected true or false",
        "no answer for 2 questions (use --allow-partial to score without them): plan-3, plan-4",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        files_with(out.path(), "json").is_empty(),
        "no report for invalid answers"
    );
}

#[test]
fn allow_partial_scores_what_is_there_and_marks_the_report() {
    let out = tempfile::tempdir().unwrap();
    let answers = out.path().join("partial.json");
    std::fs::write(
        &answers,
        r#"{"candidate": "P", "answers": {"talk-1": 3, "talk-2": "a", "exp-years": 4, "mentor-kind": "none"}}"#,
    )
    .unwrap();
    let reports = out.path().join("reports");
    tpm()
        .args(["quiz", "--allow-partial", "--bank"])
        .arg(fixture("banks/small.json"))
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(&reports)
        .assert()
        .success();
    let r = only_report(&reports);
    assert_eq!(r["run"]["partial"], true);
    assert_eq!(skill(&r, "talk")["score"], 100.0);
    assert_eq!(skill(&r, "talk")["evidence_items"], 1);
    assert_eq!(skill(&r, "plan")["score"], Value::Null);
}

#[test]
fn skills_subset_track_and_seed_are_recorded() {
    let out = tempfile::tempdir().unwrap();
    quiz_with(
        "banks/small.json",
        "answers/small-senior-plan.json",
        out.path(),
    )
    .args([
        "--skills", "plan", "--track", "senior", "--seed", "42", "--name", "Override",
    ])
    .assert()
    .success();
    let r = only_report(out.path());
    assert_eq!(r["candidate"], "Override");
    assert_eq!(r["track"], "senior");
    assert_eq!(r["run"]["seed"], 42);
    assert_eq!(r["run"]["shuffled"], true);
    assert_eq!(r["run"]["skills"], serde_json::json!(["plan"]));
    assert_eq!(r["run"]["partial"], true);
    // senior target for plan is 75; plan-5 (senior only) counts
    assert_eq!(skill(&r, "plan")["target"], 75.0);
    assert_eq!(skill(&r, "plan")["evidence_items"], 4);
    // senior rules are stricter: 4 years is only partial
    assert_eq!(r["rubric"][0]["status"], "partial");
}

#[test]
fn default_bank_best_answers_are_ready() {
    let out = tempfile::tempdir().unwrap();
    let answers = out.path().join("best.json");
    std::fs::write(&answers, best_answers_for_default_bank("back-end")).unwrap();
    tpm()
        .arg("quiz")
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(out.path().join("r"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Best Candidate: Ready"));
    let r = only_report(&out.path().join("r"));
    assert_eq!(r["bank"]["id"], "tpm");
    assert_eq!(r["skills"].as_array().unwrap().len(), 9);
    assert!(r["skills"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["score"] == 100.0));
    assert_eq!(r["readiness"]["score"], 100.0);
    assert_eq!(r["gaps"], serde_json::json!([]));
    assert!(r["rubric"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "met"));
}

/// Builds a complete, best-possible answers file for the default bank from the bank's own
/// files, so the test follows content edits.
pub fn best_answers_for_default_bank(track: &str) -> String {
    let mut answers = serde_json::Map::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/skills");
    for entry in std::fs::read_dir(dir).unwrap() {
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for q in file["questions"].as_array().unwrap() {
            let tracks = q["tracks"].as_array().cloned().unwrap_or_default();
            if !tracks.is_empty() && !tracks.iter().any(|t| t == track) {
                continue;
            }
            let options = q["options"].as_array().cloned().unwrap_or_default();
            let answer = match q["type"].as_str().unwrap() {
                "self_rating" => Value::from(5),
                "scenario" => options.iter().find(|o| o["score"] == 1.0).unwrap()["id"].clone(),
                "knowledge" => options.iter().find(|o| o["correct"] == true).unwrap()["id"].clone(),
                _ => Value::from(
                    options
                        .iter()
                        .filter(|o| o["correct"] == true)
                        .map(|o| o["id"].clone())
                        .collect::<Vec<_>>(),
                ),
            };
            answers.insert(q["id"].as_str().unwrap().to_string(), answer);
        }
    }
    for (id, value) in [
        ("degree-level", serde_json::json!("bachelor")),
        ("degree-field", serde_json::json!("computer-science")),
        ("experience-years", serde_json::json!(4)),
        (
            "experience-roles",
            serde_json::json!(["software-development"]),
        ),
        ("mentor-kind", serde_json::json!("experienced-tpm")),
        ("mentor-frequency", serde_json::json!("monthly")),
        ("mentors-others", serde_json::json!(false)),
        (
            "network-activities",
            serde_json::json!(["conferences", "connections"]),
        ),
        ("network-tpms", serde_json::json!(3)),
    ] {
        answers.insert(id.into(), value);
    }
    serde_json::json!({"candidate": "Best Candidate", "track": track, "answers": answers})
        .to_string()
}

#[test]
fn every_run_writes_a_chart_and_html_on_request() {
    let out = tempfile::tempdir().unwrap();
    quiz_with("banks/small.json", "answers/small-general.json", out.path())
        .args(["--format", "md,html"])
        .assert()
        .success();
    let dir = out.path().join("grace-hopper");
    let stem = "2026-03-04T05-06-07Z";
    for ext in ["json", "md", "svg", "html"] {
        assert!(dir.join(format!("{stem}.{ext}")).is_file(), "{ext} missing");
    }
    let md = std::fs::read_to_string(dir.join(format!("{stem}.md"))).unwrap();
    assert!(
        md.contains(&format!("]({stem}.svg)")),
        "the Markdown links the chart"
    );
    let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
    roxmltree::Document::parse(&svg).expect("the chart is XML");
    // Without md, only JSON and the chart.
    let out = tempfile::tempdir().unwrap();
    quiz_with("banks/small.json", "answers/small-general.json", out.path())
        .args(["--format", "json"])
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(out.path().join("grace-hopper"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [format!("{stem}.json"), format!("{stem}.svg")]);
}

#[test]
fn quiz_format_html_writes_a_whole_page_with_the_name_and_verdict() {
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path())
        .args(["--format", "html"])
        .assert()
        .success();
    let path = out.path().join("grace-hopper/2026-03-04T05-06-07Z.html");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.len() > 2000,
        "a real page, not a stub: {} bytes",
        html.len()
    );
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..40.min(html.len())]
    );
    assert!(html.trim_end().ends_with("</html>"), "the page is complete");
    let page = scraper::Html::parse_document(&html);
    assert!(
        page.errors.is_empty(),
        "HTML parse errors: {:?}",
        page.errors
    );
    let text = |selector: &str| -> String {
        let selector = scraper::Selector::parse(selector).unwrap();
        page.select(&selector)
            .flat_map(|e| e.text())
            .collect::<String>()
    };
    assert!(text("title").contains("Grace Hopper"), "{}", text("title"));
    // Readiness: talk 50 of target 70 (weight 1), plan 43.3 of 60 (weight 2):
    // (50 + 2 × 43.3) / (70 + 2 × 60) = 136.6 / 190 = 71.9. Below Ready's 90, at least
    // Nearly ready's 60 with no prerequisite unmet (both partial; at most 1 allowed).
    let body = text("body");
    assert!(body.contains("Grace Hopper"), "the candidate's name");
    assert!(body.contains("Nearly ready"), "the verdict");
}
