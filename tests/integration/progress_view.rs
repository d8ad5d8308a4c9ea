//! What `progress` and `cohort` show a mentor: a label unique to each run (tables,
//! chart axis, `--json`), marks for scripted, quick, focused, resumed and flagged runs
//! with a key, tables that stay aligned, and a chart legend drawn like its lines.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};
use tpm_ready::progress::chart;

use crate::common::{quiz_small, tpm};
use crate::progress_rules::{focused, progress, run, scored, series};

/// `run(day)` finishing at `time` (`HH:MM:SS`) instead of 09:00.
fn at(day: u32, time: &str) -> Value {
    let mut r = run(day);
    r["finished_at"] = json!(format!("2026-01-{day:02}T{time}+00:00"));
    r
}

#[test]
fn every_run_has_a_label_unique_within_the_candidate() {
    // Day 1 has three runs, two of them in the same minute; day 2 has one.
    let p = progress(&[
        at(1, "09:00:00"),
        at(1, "10:00:00"),
        at(1, "10:00:30"),
        at(2, "08:00:00"),
    ]);
    let labels: Vec<&str> = p.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "2026-01-01 09:00",
            "2026-01-01 10:00 #2",
            "2026-01-01 10:00 #3",
            "2026-01-02"
        ]
    );
    let text = p.text();
    for label in &labels {
        assert!(text.contains(&format!("\n  {label}  ")), "{label}: {text}");
    }
    let md = p.markdown(None);
    assert!(md.contains("| 2026-01-01 10:00 #3 | S |"), "{md}");
    // The chart's axis uses the same labels.
    let svg = chart(&p);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for label in &labels {
        assert!(texts.contains(label), "{label} not on the axis: {texts:?}");
    }
}

#[test]
fn same_day_runs_are_labelled_in_the_json_of_the_real_binary() {
    let out = tempfile::tempdir().unwrap();
    for now in [
        "2026-03-01T09:00:00+00:00",
        "2026-03-01T10:00:00+00:00",
        "2026-03-02T08:00:00+00:00",
    ] {
        quiz_small(out.path())
            .env("TPM_READY_NOW", now)
            .assert()
            .success();
    }
    let assert = tpm()
        .args(["progress", "--json", "--dir"])
        .arg(out.path())
        .assert()
        .success();
    let p: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let labels: Vec<&str> = p["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["2026-03-01 09:00", "2026-03-01 10:00", "2026-03-02"]
    );
    assert_eq!(p["runs"][0]["mode"], "scripted");
    assert_eq!(p["runs"][0]["focused"], false);
}

#[test]
fn scripted_quick_focused_resumed_and_flagged_runs_are_marked_with_a_key() {
    // Run 1 (file 0.json): interactive, with a quality flag. Run 2: interactive, quick and
    // resumed. Run 3: scripted, a focused retake carried from 0.json: it inherits the flag.
    let mut flagged = run(1);
    flagged["run"]["mode"] = json!("interactive");
    flagged["quality"] = json!([{"id": "same_position", "message": "…"}]);
    let mut quick = run(2);
    quick["run"]["mode"] = json!("interactive");
    quick["run"]["quick"] = json!(true);
    quick["run"]["resumed"] = json!(true);
    let mut retake = focused(run(3));
    retake["coverage"]["carried_from"] = json!("0.json");
    let p = progress(&[flagged, quick, retake]);
    let marks: Vec<String> = p.runs.iter().map(|r| r.provenance.marks()).collect();
    assert_eq!(marks, ["!", "QR", "SF!"]);
    assert_eq!(p.runs[2].provenance.inherited_quality, ["same_position"]);
    assert!(p.runs[1].provenance.inherited_quality.is_empty());

    let text = p.text();
    assert!(
        text.contains("\n  2026-01-03  SF!    general"),
        "the mark sits in its own column: {text}"
    );
    // The key names only the marks in use, each once, wrapped to 80 columns.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for meaning in [
        "marks: S scripted (answers from a file); Q quick form",
        "F focused retake",
        "R resumed after an interruption",
        "! quality warning",
    ] {
        assert!(words.contains(meaning), "{meaning}: {text}");
    }
    assert!(
        words.contains("! 2026-01-01: quality warning same_position")
            && words.contains("! 2026-01-03: quality warning same_position (carried from 0.json)"),
        "{text}"
    );
    assert!(text
        .lines()
        .all(|l| l.chars().count() <= 80 || !l.contains("marks")));

    let md = p.markdown(None);
    assert!(md.contains("| 2026-01-02 | QR | general |"), "{md}");
    assert!(
        md.contains("| 2026-01-03 (partial) | SF\\! | general |"),
        "{md}"
    );
    assert!(md.contains("\nMarks: S scripted (answers from a file); Q quick form"));

    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["runs"][2]["focused"], true);
    assert_eq!(json["runs"][2]["carried_from"], "0.json");
    assert_eq!(
        json["runs"][2]["inherited_quality"],
        json!(["same_position"])
    );
    assert_eq!(json["runs"][0]["quality"], json!(["same_position"]));
    assert_eq!(json["runs"][1]["quick"], true);
    assert_eq!(json["runs"][1]["resumed"], true);
}

#[test]
fn a_long_change_keeps_the_score_table_aligned() {
    // Noise 101 and a fall from 100 to 0 (within the noise): "-100 (±101) no clear
    // change", 27 columns, longer than any other cell of its column.
    let p = progress(&[
        scored(run(1), 100.0, 101.0),
        scored(run(2), 100.0, 101.0),
        scored(run(3), 100.0, 101.0),
        scored(run(4), 100.0, 101.0),
        scored(run(5), 0.0, 101.0),
    ]);
    assert_eq!(
        series(&p, "readiness").since_previous.unwrap().delta,
        -100.0
    );
    let text = p.text();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("score"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(table.len(), 4, "header, readiness, group, skill: {text}");
    assert!(
        table[1].contains("-100 (±101) no clear change  -100 (±101) no clear change  "),
        "{text}"
    );
    // Every column starts at the same place in every row: the header's "since first" and
    // "trend" sit where the cells under them start.
    let column = |line: &str, at: usize| line.chars().skip(at).collect::<String>();
    let since_first = table[0].find("since first").unwrap();
    let trend = table[0].chars().count() - "trend".len();
    for row in &table[1..] {
        let chars: Vec<char> = row.chars().collect();
        let start = table[0][..since_first].chars().count();
        assert!(
            chars[start - 1] == ' ' && chars[start] != ' ',
            "since first starts at column {start}: {row}"
        );
        assert_eq!(
            column(row, trend).chars().count(),
            5,
            "trend at {trend}: {row}"
        );
    }
}

#[test]
fn the_legend_draws_each_target_with_the_dashes_of_its_line() {
    let mut hard = run(1);
    hard["groups"].as_array_mut().unwrap().push(
        json!({"id": "hard", "name": "Hard skills", "score": 40.0, "target": 60.0,
                     "min_change": 10.0}),
    );
    let mut later = hard.clone();
    later["finished_at"] = json!("2026-02-01T09:00:00+00:00");
    let svg = chart(&progress(&[hard, later]));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Dashed lines by colour: the target line across the plot and its legend swatch.
    let mut dashed: HashMap<&str, Vec<roxmltree::Node>> = HashMap::new();
    for line in doc
        .descendants()
        .filter(|n| n.attribute("stroke-dasharray").is_some())
    {
        dashed
            .entry(line.attribute("stroke").unwrap())
            .or_default()
            .push(line);
    }
    assert_eq!(dashed.len(), 2, "two groups, two targets: {svg}");
    let x = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    for (colour, lines) in &dashed {
        assert_eq!(lines.len(), 2, "{colour}: the line and its legend entry");
        let (plot, legend) = if x(&lines[0], "x2") - x(&lines[0], "x1") > 100.0 {
            (&lines[0], &lines[1])
        } else {
            (&lines[1], &lines[0])
        };
        assert!(x(legend, "x2") - x(legend, "x1") < 40.0, "a short swatch");
        assert!(
            x(legend, "x1") > x(plot, "x2"),
            "the swatch is right of the plot"
        );
        for attribute in [
            "stroke-dasharray",
            "stroke",
            "stroke-opacity",
            "stroke-width",
        ] {
            assert_eq!(
                legend.attribute(attribute),
                plot.attribute(attribute),
                "{colour} {attribute}"
            );
        }
        assert_eq!(legend.attribute("stroke-dasharray"), Some("6 4"));
    }
    // The group lines and their swatches are solid.
    let solid_swatches = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .count();
    // Readiness, soft and hard: a line each in the plot and in the legend.
    assert_eq!(solid_swatches, 6, "{svg}");
}

/// Writes `report` as `dir/name` (a candidate folder and a report file).
fn save(dir: &Path, name: &str, report: &Value) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string(report).unwrap()).unwrap();
}

#[test]
fn cohort_marks_flagged_and_focused_runs_including_inherited_flags() {
    let dir = tempfile::tempdir().unwrap();
    // Ada: a flagged interactive run, then a focused retake of it (her latest), which
    // carries the flag. Bo: one quick interactive run, no flags.
    let mut first = run(1);
    first["run"]["mode"] = json!("interactive");
    first["quality"] = json!([{"id": "uniform_self_ratings", "message": "…"}]);
    save(dir.path(), "ada/2026-01-01T09-00-00Z.json", &first);
    let mut retake = focused(run(2));
    retake["coverage"]["carried_from"] = json!("2026-01-01T09-00-00Z.json");
    retake["readiness"]["score"] = json!(40.0);
    save(dir.path(), "ada/2026-01-02T09-00-00Z.json", &retake);
    let mut bo = run(3);
    bo["candidate"] = json!("Bo");
    bo["run"]["mode"] = json!("interactive");
    bo["run"]["quick"] = json!(true);
    save(dir.path(), "bo/2026-01-03T09-00-00Z.json", &bo);

    let assert = tpm()
        .args(["cohort", "--json"])
        .arg(dir.path())
        .assert()
        .success();
    let c: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let ada = &c["members"][0];
    assert_eq!(ada["candidate"], "Ada");
    assert_eq!(ada["focused"], true);
    assert_eq!(ada["quality"], json!([]));
    assert_eq!(ada["inherited_quality"], json!(["uniform_self_ratings"]));
    assert_eq!(c["members"][1]["quick"], true);

    let assert = tpm().arg("cohort").arg(dir.path()).assert().success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("  candidate  date        marks  track"),
        "{text}"
    );
    assert!(
        text.contains("\n  Ada        2026-01-02  SF!    general"),
        "{text}"
    );
    assert!(
        text.contains("\n  Bo         2026-01-03  Q      general"),
        "{text}"
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "! Ada: quality warning uniform_self_ratings (carried from 2026-01-01T09-00-00Z.json)"
        ),
        "{text}"
    );
    assert!(words.contains("Q quick form"), "{text}");
    let md = std::fs::read_to_string(dir.path().join("cohort.md")).unwrap();
    assert!(
        md.contains("| Ada | 2026-01-02 | SF\\! | general | 40 | Not yet | none |"),
        "{md}"
    );
    assert!(md.contains("\nMarks: S scripted"), "{md}");
}

#[test]
fn a_report_cannot_point_its_carried_from_outside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut outside = run(1);
    outside["quality"] = json!([{"id": "same_position", "message": "…"}]);
    save(dir.path(), "elsewhere.json", &outside);
    let mut retake = focused(run(2));
    retake["coverage"]["carried_from"] = json!("../elsewhere.json");
    save(dir.path(), "ada/2026-01-02T09-00-00Z.json", &retake);
    let assert = tpm()
        .args(["cohort", "--json"])
        .arg(dir.path())
        .assert()
        .success();
    let c: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(c["members"][0]["inherited_quality"], json!([]));
}
