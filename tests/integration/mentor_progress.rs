//! Mentor ratings over time and across a cohort: `progress` shows each run's ratings
//! beside that run's self-rating and evidence levels, `cohort` the latest report's, both
//! flagging a mentor two or more levels from the self-rating with "disagree"; and the
//! counts in their headings (and `stats`') read "1 run", "2 runs".

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::{fixture, quiz_small, quiz_with, tpm};
use crate::progress_rules::{progress, run};

const FIRST: &str = "2026-01-10T09-00-00Z.json";
const SECOND: &str = "2026-04-10T09-00-00Z.json";

/// Grace Hopper's first two fixture reports, copied to `<tmp>/grace-hopper`.
fn two_runs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("grace-hopper");
    std::fs::create_dir_all(&folder).unwrap();
    for name in [FIRST, SECOND] {
        std::fs::copy(
            fixture(&format!("reports/grace-hopper/{name}")),
            folder.join(name),
        )
        .unwrap();
    }
    (tmp, folder.join(FIRST), folder.join(SECOND))
}

/// `review --mentor MENTOR --rate RATING REPORT` at time `now`, through the binary.
fn rate(report: &Path, mentor: &str, rating: &str, now: &str) {
    tpm()
        .args(["review", "--mentor", mentor, "--rate", rating])
        .arg(report)
        .env("TPM_READY_NOW", now)
        .assert()
        .success();
}

fn stdout(args: &[&str], dir: &Path) -> String {
    let assert = tpm().args(args).arg(dir).assert().success();
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn json_of(args: &[&str], dir: &Path) -> Value {
    serde_json::from_str(&stdout(args, dir)).unwrap()
}

/// The rows of the "Self, mentor and evidence" table of a terminal view, each split into
/// its words (column widths are not what is tested here).
fn rating_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with("Self, mentor and evidence"))
        .skip(3) // heading, the levels note, the column names
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

fn words(row: &str) -> Vec<String> {
    row.split_whitespace().map(str::to_string).collect()
}

#[test]
fn progress_shows_each_runs_mentor_rating_and_cohort_the_latest() {
    let (tmp, first, second) = two_runs();
    rate(&first, "Grace H", "plan=2", "2026-02-01T10:00:00+00:00");
    rate(&second, "Grace H", "plan=4", "2026-05-01T10:00:00+00:00");

    // Planning's self-rating is 100 in the first report and 75 in the second (version 1
    // reports, 0-100): level (100 / 25) + 1 = 5, then (75 / 25) + 1 = 4. The mentor says
    // 2, then 4: |5 - 2| = 3 ≥ 2 disagrees; |4 - 4| = 0 does not. Version 1 reports have
    // no evidence level (–, n/a).
    let text = stdout(&["progress", "--dir"], tmp.path());
    assert_eq!(
        rating_rows(&text),
        [
            words("Planning 2026-01-10 5 2 (Grace H) – disagree"),
            words("Planning 2026-04-10 4 4 (Grace H) –"),
        ],
        "{text}"
    );
    assert!(
        text.contains(
            "\n  Levels 1-5 on each skill's self-rating scale; two or more apart: disagree.\n"
        ),
        "{text}"
    );

    let md = std::fs::read_to_string(tmp.path().join("grace-hopper/progress.md")).unwrap();
    assert!(md.contains("## Self, mentor and evidence"), "{md}");
    assert!(
        md.contains(
            "| Planning | 2026-01-10 | level 5 | level 2 (Grace H) | n/a | **disagree** (2+ levels) |\n\
             | Planning | 2026-04-10 | level 4 | level 4 (Grace H) | n/a | within 1 level |\n"
        ),
        "{md}"
    );
    assert_eq!(md.matches("**disagree**").count(), 1, "{md}");

    let p = json_of(&["progress", "--json", "--dir"], tmp.path());
    assert_eq!(
        p["runs"][0]["mentor_ratings"],
        json!([{"skill": "plan", "name": "Planning", "level": 2, "mentor": "Grace H",
                "at": "2026-02-01T10:00:00+00:00", "self_level": 5,
                "evidence_level": null, "disagree": true}])
    );
    assert_eq!(
        p["runs"][1]["mentor_ratings"],
        json!([{"skill": "plan", "name": "Planning", "level": 4, "mentor": "Grace H",
                "at": "2026-05-01T10:00:00+00:00", "self_level": 4,
                "evidence_level": null, "disagree": false}])
    );

    // The cohort reads the latest report only: the rating of 4 beside self-rating 4.
    let text = stdout(&["cohort"], tmp.path());
    assert!(
        text.starts_with("Cohort of 1 candidate (latest report of each)\n"),
        "{text}"
    );
    assert_eq!(
        rating_rows(&text),
        [words("Grace Hopper Planning 4 4 (Grace H) –")],
        "{text}"
    );
    assert!(!text.contains("2 (Grace H)"), "{text}");
    let md = std::fs::read_to_string(tmp.path().join("cohort.md")).unwrap();
    assert!(
        md.contains(
            "| Grace Hopper | Planning | level 4 | level 4 (Grace H) | n/a | within 1 level |"
        ),
        "{md}"
    );
    assert!(!md.contains("disagree**"), "{md}");
    let c = json_of(&["cohort", "--json"], tmp.path());
    assert_eq!(
        c["members"][0]["mentor_ratings"],
        json!([{"skill": "plan", "name": "Planning", "level": 4, "mentor": "Grace H",
                "at": "2026-05-01T10:00:00+00:00", "self_level": 4,
                "evidence_level": null, "disagree": false}])
    );
}

#[test]
fn each_mentors_latest_rating_sits_beside_the_evidence_level() {
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path())
        .env("TPM_READY_NOW", "2026-03-01T09:00:00+00:00")
        .assert()
        .success();
    let report = crate::common::files_with(out.path(), "json").remove(0);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    // The premises: Planning self-rated 5 and scored 46.1, which is ≥ 40 and < 60 on the
    // default level cuts 20/40/60/80: evidence level 3. Talking self-rated 4, scored
    // 74.6 (≥ 60, < 80): evidence level 4.
    let skill = |id: &str| crate::common::skill(&saved, id).clone();
    assert_eq!(skill("plan")["score"], 46.1);
    assert_eq!(skill("plan")["calibration"]["level"], 5);
    assert_eq!(skill("talk")["score"], 74.6);
    assert_eq!(skill("talk")["calibration"]["level"], 4);

    // Ada rates Planning 1, then changes her mind to 3: only her latest counts, and
    // |5 - 3| = 2 is already a disagreement. Bo's 4 is |5 - 4| = 1 apart: no flag.
    // Talking 4 against self 4: |4 - 4| = 0.
    rate(&report, "Ada M", "plan=1", "2026-03-02T10:00:00+00:00");
    rate(&report, "Bo", "plan=4", "2026-03-03T10:00:00+00:00");
    rate(&report, "Ada M", "plan=3", "2026-03-04T10:00:00+00:00");
    rate(&report, "Ada M", "talk=4", "2026-03-04T10:00:00+00:00");

    let text = stdout(&["progress", "--dir"], out.path());
    // Skills in the report's order (Talking, then Planning); mentors in the order of
    // their latest rating (Bo on the 3rd, Ada on the 4th).
    assert_eq!(
        rating_rows(&text),
        [
            words("Talking 2026-03-01 4 4 (Ada M) 4"),
            words("Planning 2026-03-01 5 4 (Bo) 3"),
            words("Planning 2026-03-01 5 3 (Ada M) 3 disagree"),
        ],
        "{text}"
    );
    let p = json_of(&["progress", "--json", "--dir"], out.path());
    let levels: Vec<(Value, Value, Value, Value)> = p["runs"][0]["mentor_ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["level"].clone(),
                r["self_level"].clone(),
                r["evidence_level"].clone(),
                r["disagree"].clone(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            (json!(4), json!(4), json!(4), json!(false)),
            (json!(4), json!(5), json!(3), json!(false)),
            (json!(3), json!(5), json!(3), json!(true)),
        ]
    );

    let text = stdout(&["cohort"], out.path());
    assert_eq!(
        rating_rows(&text),
        [
            words("Grace Hopper Talking 4 4 (Ada M) 4"),
            words("Grace Hopper Planning 5 4 (Bo) 3"),
            words("Grace Hopper Planning 5 3 (Ada M) 3 disagree"),
        ],
        "{text}"
    );
    let md = std::fs::read_to_string(out.path().join("cohort.md")).unwrap();
    assert!(
        md.contains(
            "| Grace Hopper | Planning | level 5 | level 3 (Ada M) | level 3 | **disagree** (2+ levels) |"
        ),
        "{md}"
    );
}

#[test]
fn unrated_runs_add_nothing_and_long_histories_show_the_last_ten_runs_ratings() {
    // No ratings: no section in the text or Markdown, no key in the JSON.
    let plain = progress(&[run(1), run(2)]);
    assert!(!plain.text().contains("Self, mentor and evidence"));
    assert!(!plain.markdown(None).contains("Self, mentor and evidence"));
    let value = serde_json::to_value(&plain).unwrap();
    assert!(value["runs"][0].get("mentor_ratings").is_none(), "{value}");

    // Twelve runs, each rated: the terminal shows the last ten (days 3-12), the
    // Markdown all twelve.
    let runs: Vec<Value> = (1..=12)
        .map(|day| {
            let mut r = run(day);
            r["mentor_ratings"] = json!([{"skill": "talk", "level": 3, "mentor": "Bo",
                "at": format!("2026-02-{day:02}T09:00:00+00:00")}]);
            r
        })
        .collect();
    let p = progress(&runs);
    let rows = rating_rows(&p.text());
    assert_eq!(rows.len(), 10, "{rows:?}");
    assert_eq!(rows[0][1], "2026-01-03");
    assert_eq!(rows[9][1], "2026-01-12");
    // No self-rating in these runs: nothing to disagree with.
    assert_eq!(rows[0], words("Talking 2026-01-03 – 3 (Bo) –"));
    let md = p.markdown(None);
    assert_eq!(md.matches("| Talking | 2026-01-").count(), 12, "{md}");
}

#[test]
fn counts_of_one_are_singular() {
    let one = progress(&[run(1)]);
    assert!(
        one.text()
            .starts_with("Progress of Ada: 1 run from 2026-01-01 to 2026-01-01\n"),
        "{}",
        one.text()
    );
    assert!(one
        .markdown(None)
        .contains("\n1 run, from 2026-01-01 to 2026-01-01.\n"));
    // One version 1 report among two runs.
    let mut old = run(1);
    old["schema_version"] = json!(1);
    let p = progress(&[old, run(2)]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.starts_with("1 of the runs is a version 1 report, marked *: its scores")),
        "{:?}",
        p.warnings
    );
    // Eleven runs: the terminal hides 11 - 10 = 1.
    let p = progress(&(1..=11).map(run).collect::<Vec<_>>());
    assert!(
        p.text()
            .contains("  … 1 earlier run (all are in progress.md and --json)\n"),
        "{}",
        p.text()
    );

    let out = tempfile::tempdir().unwrap();
    quiz_with("banks/small.json", "answers/small-general.json", out.path())
        .assert()
        .success();
    let text = stdout(&["cohort"], out.path());
    assert!(text.starts_with("Cohort of 1 candidate (latest report of each)\n"));
    let md = std::fs::read_to_string(out.path().join("cohort.md")).unwrap();
    assert!(md.contains("\n1 candidate, latest report of each"), "{md}");
    let assert = tpm()
        .arg("stats")
        .arg(out.path())
        .arg("--bank")
        .arg(fixture("banks/small.json"))
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Item analysis of 1 report (the first run of each candidate)"),
        "{text}"
    );
}
