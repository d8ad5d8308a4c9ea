//! Every generated Markdown document parses as CommonMark + GFM (pulldown-cmark with
//! tables and task lists): tables are real tables with the right number of rows, and
//! next steps are task-list items.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::common::{files_with, fixture, tpm};

/// Rows (header included) of each table, and the number of task-list items.
fn structure(markdown: &str) -> (Vec<usize>, usize) {
    let mut tables = Vec::new();
    let mut tasks = 0;
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(0),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                *tables.last_mut().expect("rows are inside a table") += 1;
            }
            Event::TaskListMarker(false) => tasks += 1,
            _ => {}
        }
    }
    (tables, tasks)
}

#[test]
fn the_report_markdown_has_real_tables_and_checklists() {
    let out = tempfile::tempdir().unwrap();
    let answers = out.path().join("a.json");
    std::fs::write(
        &answers,
        crate::scripted::best_answers_for_default_bank("senior"),
    )
    .unwrap();
    // Worse answers for a few questions so there are gaps with next steps.
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&answers).unwrap()).unwrap();
    // The weakest option of every risk-management and agile scenario: two skills below
    // target.
    let skills = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/skills");
    for file in ["07-risk-management.json", "09-agile-methods.json"] {
        let bank: Value =
            serde_json::from_str(&std::fs::read_to_string(skills.join(file)).unwrap()).unwrap();
        for q in bank["questions"].as_array().unwrap() {
            if q["type"] == "scenario" && q.get("tracks").is_none() {
                let worst = q["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .min_by(|a, b| {
                        a["score"]
                            .as_f64()
                            .unwrap()
                            .total_cmp(&b["score"].as_f64().unwrap())
                    })
                    .unwrap();
                value["answers"][q["id"].as_str().unwrap()] = worst["id"].clone();
            }
        }
    }
    value["answers"]["degree-level"] = Value::from("none");
    value["answers"]
        .as_object_mut()
        .unwrap()
        .remove("degree-field");
    value["candidate"] = Value::from("Pipe | Name");
    std::fs::write(&answers, value.to_string()).unwrap();
    tpm()
        .args(["quiz", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(out.path().join("r"))
        .assert()
        .success();
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(files_with(&out.path().join("r"), "json").remove(0)).unwrap(),
    )
    .unwrap();
    let markdown =
        std::fs::read_to_string(files_with(&out.path().join("r"), "md").remove(0)).unwrap();
    let (tables, tasks) = structure(&markdown);
    let skills = report["skills"].as_array().unwrap().len();
    let criteria = report["rubric"].as_array().unwrap().len();
    // summary (header + 5-7 rows), skills, prerequisites
    assert_eq!(tables.len(), 3, "{tables:?}");
    assert_eq!(tables[1], 1 + skills);
    assert_eq!(tables[2], 1 + criteria);
    let steps: usize = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["next_steps"].as_array().unwrap().len())
        .sum();
    assert!(steps > 0);
    assert_eq!(
        tasks, steps,
        "every next step is an unchecked task-list item"
    );
}

#[test]
fn progress_and_cohort_markdown_tables_have_a_row_per_run_and_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    for (name, at) in [
        ("Lin", "2026-01-01T00:00:00+00:00"),
        ("Lin", "2026-02-01T00:00:00+00:00"),
        ("Kay", "2026-01-05T00:00:00+00:00"),
    ] {
        tpm()
            .args(["quiz", "--name", name, "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture("answers/small-general.json"))
            .arg("--out")
            .arg(&reports)
            .env("TPM_READY_NOW", at)
            .assert()
            .success();
    }
    tpm()
        .args(["progress", "Lin", "--dir"])
        .arg(&reports)
        .assert()
        .success();
    let (tables, _) = structure(&std::fs::read_to_string(reports.join("lin/progress.md")).unwrap());
    // runs table: header + 2 runs; change table: header + readiness + 2 groups + 2 skills
    assert_eq!(tables, [3, 6]);
    tpm().arg("cohort").arg(&reports).assert().success();
    let (tables, _) = structure(&std::fs::read_to_string(reports.join("cohort.md")).unwrap());
    // members: header + 2; weakest skills: header + 2
    assert_eq!(tables, [3, 3]);
}
