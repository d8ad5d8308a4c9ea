//! `stats`: item analysis checked against a hand computation on a small cohort, and
//! `export`.
//!
//! The cohort (tests/fixtures/stats, bank tests/fixtures/banks/small.json, answers in
//! tests/fixtures/answers/stats-*.json): Ann, Bob, Cleo and Dev answered the `talk` items,
//! only Ann and Bob the `plan` items, Eve (senior) only `plan-5`; Ann has a second run.
//!
//! First runs, `talk` item scores (talk-2, talk-3, talk-4):
//! Ann (1, 1, 0), Bob (0.5, 1, 1), Cleo (0.5, 0, 0.5), Dev (0, 0, 0.5).
//!
//! talk-2: mean 0.5, sample variance 1/6 (sd 40.8). Rest (talk-3 + talk-4): 1, 2, 0.5,
//! 0.5, variance 0.5. Cov = 0.25/3 = 1/12, r = (1/12)/√(1/6 · 1/2) = 0.2887 → 28.9.
//! Sorted marks (0, .5, .5, 1) against sorted rests (.5, .5, 1, 2): Cov 0.25, so the
//! efficiency is (1/12)/0.25 = 33.3. Chance: the mean option score (1 + .5 + 0)/3 = 50.
//! talk-3: mean 0.5, variance 1/3 (sd 57.7). Rest 1, 1.5, 1, 0.5, variance 1/6, Cov 1/6,
//! r = (1/6)/√(1/3 · 1/6) = 0.7071 → 70.7; sorted Cov 1/6 → efficiency 100. Chance 1/3.
//! talk-4: mean 0.5, variance 1/6 (sd 40.8). Rest 2, 1.5, 0.5, 0, variance 2.5/3,
//! Cov = (−0.5 + 0.25)/3 = −1/12, r = −(1/12)/√(1/6 · 2.5/3) = −0.2236 → −22.4; sorted
//! Cov 1/3 → efficiency −25.0: dubious. Chance: of the 15 non-empty picks of 2 right and
//! 2 wrong options, one right alone (2 picks) scores .5, both right 1, both right and one
//! wrong (2 picks) .5: 3/15 = 20.
//! α(talk): item variances 1/6 + 1/3 + 1/6 = 2/3; totals 2, 2.5, 1, 0.5 with variance
//! 2.5/3; α = 3/2 · (1 − (2/3)/(2.5/3)) = 0.3 → 30.0. Error ratio 100·√0.7 = 83.7.
//! Standard error 0.8367 · 100 · √(2.5/3) / 3 = 25.5 points.
//! plan-2: Ann 1, Bob 0.3: n 2, facility 65, sd 0.7/√2 = 49.5. plan-5: n 1: no sd, no
//! discrimination. plan: nobody answered all four plan items, so no α.

use serde_json::Value;

use crate::common::{fixture, tpm};

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the cohort fixture (`stats` writes stats.md into it).
fn cohort() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("stats"), dir.path());
    dir
}

fn stats_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let assert = tpm()
        .arg("stats")
        .arg(dir)
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .arg("--json")
        .args(extra)
        .assert()
        .success();
    serde_json::from_slice(&assert.get_output().stdout).unwrap()
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn stats_match_the_hand_computation() {
    let dir = cohort();
    let stats = stats_json(dir.path(), &[]);
    assert_eq!(stats["respondents"], 5);
    assert_eq!(stats["runs"], "first");
    let items = &stats["items"];
    let row = |id: &str| {
        let i = find(items, id);
        (
            i["n"].as_u64().unwrap(),
            i["facility"].as_f64().unwrap(),
            i["sd"].as_f64(),
            i["random_guess"].as_f64(),
            i["discrimination"].as_f64(),
            i["discriminative_efficiency"].as_f64(),
            i["dubious"].as_bool().unwrap(),
        )
    };
    assert_eq!(
        row("talk-2"),
        (
            4,
            50.0,
            Some(40.8),
            Some(50.0),
            Some(28.9),
            Some(33.3),
            false
        )
    );
    assert_eq!(
        row("talk-3"),
        (
            4,
            50.0,
            Some(57.7),
            Some(33.3),
            Some(70.7),
            Some(100.0),
            false
        )
    );
    assert_eq!(
        row("talk-4"),
        (
            4,
            50.0,
            Some(40.8),
            Some(20.0),
            Some(-22.4),
            Some(-25.0),
            true
        )
    );
    let plan2 = row("plan-2");
    assert_eq!((plan2.0, plan2.1, plan2.2), (2, 65.0, Some(49.5)));
    // Guards: one respondent has no SD and no discrimination (null in JSON).
    let plan5 = find(items, "plan-5");
    assert_eq!(plan5["n"], 1);
    assert!(plan5["sd"].is_null() && plan5["discrimination"].is_null());
    assert!(plan5["discriminative_efficiency"].is_null());

    let talk = find(&stats["skills"], "talk");
    assert_eq!(talk["n"], 4);
    assert_eq!(talk["alpha"], 30.0);
    assert_eq!(talk["error_ratio"], 83.7);
    assert_eq!(talk["standard_error"], 25.5);
    // No complete case for plan: no α.
    let plan = find(&stats["skills"], "plan");
    assert_eq!(plan["n"], 0);
    assert!(plan["alpha"].is_null() && plan["error_ratio"].is_null());
}

#[test]
fn stats_all_runs_counts_every_report() {
    let dir = cohort();
    let stats = stats_json(dir.path(), &["--all-runs"]);
    assert_eq!(stats["respondents"], 6);
    assert_eq!(stats["runs"], "all");
    assert_eq!(find(&stats["items"], "talk-2")["n"], 5);
}

#[test]
fn stats_text_and_markdown_show_dashes_and_the_complete_case_note() {
    let dir = cohort();
    let assert = tpm()
        .arg("stats")
        .arg(dir.path())
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Item analysis of 5 reports (the first run of each candidate)"));
    let plan5 = text.lines().find(|l| l.starts_with("plan-5")).unwrap();
    assert!(plan5.contains('–'), "{plan5}");
    let talk4 = text.lines().find(|l| l.starts_with("talk-4")).unwrap();
    assert!(talk4.ends_with("dubious"), "{talk4}");
    assert!(text.contains("complete cases"));
    let md = std::fs::read_to_string(dir.path().join("stats.md")).unwrap();
    assert!(md.starts_with("# Item analysis"));
    assert!(md.contains("| talk | 3 | 4 | 30.0 | 83.7 | 25.5 |"), "{md}");
    assert!(md.contains("complete cases"));
}

#[test]
fn stats_without_reports_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    tpm().arg("stats").arg(dir.path()).assert().code(2);
}

fn export(extra: &[&str]) -> String {
    let assert = tpm()
        .arg("export")
        .arg(fixture("stats"))
        .args(extra)
        .assert()
        .success();
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn export_csv_has_one_row_per_report_and_skill() {
    let text = export(&["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "candidate",
            "report",
            "run",
            "started_at",
            "finished_at",
            "track",
            "mode",
            "quick",
            "skill",
            "raw",
            "chance",
            "score",
            "interval_low",
            "interval_high",
            "self_rating",
            "mentor_rating"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 6 reports × 2 skills.
    assert_eq!(rows.len(), 12);
    let ann2 = rows
        .iter()
        .find(|r| &r[0] == "Ann" && &r[2] == "2" && &r[8] == "talk")
        .unwrap();
    assert_eq!(&ann2[1], "2026-06-01T10-00-00Z.json");
    assert_eq!(&ann2[4], "2026-06-01T10:00:00+00:00");
    assert_eq!((&ann2[5], &ann2[6]), ("general", "scripted"));
    assert_eq!((&ann2[9], &ann2[11], &ann2[14]), ("100.0", "100.0", "75.0"));
    assert_eq!(&ann2[15], "", "no mentor rating in these reports");
}

#[test]
fn export_items_jsonl_has_one_object_per_answer() {
    let text = export(&["--format", "jsonl", "--items"]);
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let bob_multi = rows
        .iter()
        .find(|r| r["candidate"] == "Bob" && r["question"] == "talk-4")
        .unwrap();
    assert_eq!(bob_multi["answer"], serde_json::json!(["a", "b"]));
    assert_eq!(bob_multi["score"], 1.0);
    assert_eq!(bob_multi["type"], "multi");
    assert!(rows.iter().any(|r| r["section"] == "rubric"));
    // CSV keeps the answer as its JSON text.
    let csv_text = export(&["--items"]);
    assert!(
        csv_text.contains(r#"talk-4,skill,talk,,multi,"[""a"",""b""]",1.0,"#),
        "{csv_text}"
    );
}

#[test]
fn stats_and_export_skip_a_damaged_report_with_a_warning() {
    let dir = cohort();
    std::fs::write(
        dir.path().join("bob/2026-09-01T10-00-00Z.json"),
        "{ not json",
    )
    .unwrap();
    // Bob's first run is still read; the damaged later one only counts with --all-runs.
    let assert = tpm()
        .arg("stats")
        .arg(dir.path())
        .args(["--json", "--all-runs"])
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("warning: skipping") && err.contains("2026-09-01T10-00-00Z.json"),
        "{err}"
    );
    let stats: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(stats["respondents"], 6);
    let assert = tpm().arg("export").arg(dir.path()).assert().success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("warning: skipping"), "{err}");
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1 + 12);
}
