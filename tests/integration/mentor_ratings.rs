//! Mentor ratings (`review --rate SKILL=LEVEL --mentor NAME`): stored beside the notes
//! under the same lock, shown beside the self-rating and the evidence in every output,
//! disagreements of two levels or more flagged, and exported.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{fixture, tpm};

const FIRST: &str = "grace-hopper/2026-01-10T09-00-00Z.json";

/// A temp copy of Grace Hopper's first report with Markdown and HTML beside it.
fn first_report() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("grace-hopper");
    std::fs::create_dir_all(&target).unwrap();
    let path = dir.path().join(FIRST);
    std::fs::copy(fixture(&format!("reports/{FIRST}")), &path).unwrap();
    // Documents to regenerate: their presence is what `review` looks for.
    std::fs::write(path.with_extension("md"), "old").unwrap();
    std::fs::write(path.with_extension("html"), "old").unwrap();
    (dir, path)
}

fn json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn ratings_are_stored_confirmed_with_their_anchor_and_nothing_else_changes() {
    let (_tmp, path) = first_report();
    let before = json(&path);
    let assert = tpm()
        .args([
            "review", "--mentor", "Grace H", "--rate", "plan=2", "--rate",
        ])
        .arg("talk=3")
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .arg(&path)
        .env("TPM_READY_NOW", "2026-02-01T10:00:00+00:00")
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // The confirmation names the skill and shows the level's anchor from the bank.
    assert!(
        out.contains("rated Planning level 2 (Grace H); self-rating level 5"),
        "{out}"
    );
    assert!(out.contains("level 2: I keep a to-do list."), "{out}");
    assert!(out.contains("level 3: I write weekly notes."), "{out}");
    let mut after = json(&path);
    let ratings = after["mentor_ratings"].take();
    after.as_object_mut().unwrap().remove("mentor_ratings");
    assert_eq!(after, before, "only mentor_ratings may change");
    assert_eq!(
        ratings,
        serde_json::json!([
            {"skill": "plan", "level": 2, "mentor": "Grace H", "at": "2026-02-01T10:00:00+00:00"},
            {"skill": "talk", "level": 3, "mentor": "Grace H", "at": "2026-02-01T10:00:00+00:00"}
        ])
    );
    // A later rating by the same mentor replaces the earlier one in the documents, and
    // the history stays in the JSON.
    tpm()
        .args(["review", "--mentor", "Grace H", "--rate", "talk=4"])
        .arg(&path)
        .env("TPM_READY_NOW", "2026-02-08T10:00:00+00:00")
        .assert()
        .success();
    assert_eq!(json(&path)["mentor_ratings"].as_array().unwrap().len(), 3);

    // Self-rating 100 is level 5 (100 / 25 + 1); the mentor says 2: 5 - 2 = 3 levels
    // apart, a disagreement. Talking: self 75 is level 4 (75 / 25 + 1), mentor 4: agree.
    let md = std::fs::read_to_string(path.with_extension("md")).unwrap();
    assert!(md.contains("## Self, mentor and evidence"), "{md}");
    assert!(
        md.contains("| Planning | level 5 | level 2 (Grace H) | n/a | **disagree** (2+ levels) |"),
        "{md}"
    );
    assert!(
        md.contains("| Talking | level 4 | level 4 (Grace H) | n/a | within 1 level |"),
        "{md}"
    );
    assert_eq!(md.matches("disagree").count(), 1);
    let html = std::fs::read_to_string(path.with_extension("html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let rows: Vec<String> = page
        .select(&scraper::Selector::parse("#ratings tbody tr").unwrap())
        .map(|r| r.text().collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(
        rows,
        [
            "Talking|level 4|level 4 (Grace H)|n/a|within 1 level",
            "Planning|level 5|level 2 (Grace H)|n/a|disagree| (2+ levels)"
        ]
    );
    tpm().arg("review").arg(&path).assert().success().stdout(
        predicate::str::contains("Self, mentor and evidence").and(predicate::str::contains(
            "Planning: self level 5 · mentor level 2 (Grace H) · evidence n/a  disagree",
        )),
    );
}

#[test]
fn export_fills_the_mentor_rating_column_with_the_latest_rating() {
    let (tmp, path) = first_report();
    for (level, at) in [
        ("talk=2", "2026-02-01T10:00:00+00:00"),
        ("talk=4", "2026-02-02T10:00:00+00:00"),
    ] {
        tpm()
            .args(["review", "--mentor", "Bo", "--rate", level])
            .arg(&path)
            .env("TPM_READY_NOW", at)
            .assert()
            .success();
    }
    let out = tpm()
        .args(["export", "--format", "jsonl"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rating =
        |skill: &str| rows.iter().find(|r| r["skill"] == skill).unwrap()["mentor_rating"].clone();
    // The latest, level 4, on the self-rating's 0-100 scale: (4 - 1) * 25 = 75.
    assert_eq!(rating("talk"), 75.0);
    assert_eq!(rating("plan"), Value::Null, "not rated");
}

#[test]
fn bad_ratings_are_refused_and_nothing_is_written() {
    let (_tmp, path) = first_report();
    let before = std::fs::read_to_string(&path).unwrap();
    let refused = |args: &[&str], says: &str| {
        tpm()
            .arg("review")
            .args(args)
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    };
    refused(
        &["--mentor", "Ann", "--rate", "planing=3"],
        "the report has no skill `planing`; its skills are: talk, plan (did you mean `plan`?)",
    );
    refused(
        &["--mentor", "Ann", "--rate", "plan=6"],
        "the level must be 1 to 5",
    );
    refused(
        &["--mentor", "Ann", "--rate", "plan=0"],
        "the level must be 1 to 5",
    );
    refused(
        &["--mentor", "Ann", "--rate", "plan=high"],
        "expected SKILL=LEVEL",
    );
    refused(
        &["--mentor", "Ann", "--rate", "plan"],
        "expected SKILL=LEVEL",
    );
    refused(&["--rate", "plan=3"], "--mentor");
    refused(&["--mentor", "  ", "--rate", "plan=3"], "mentor");
    // One bad rating among good ones: none is stored.
    refused(
        &["--mentor", "Ann", "--rate", "talk=3", "--rate", "nope=3"],
        "no skill `nope`",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}
