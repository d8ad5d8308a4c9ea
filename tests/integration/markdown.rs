//! Every generated Markdown document parses as `CommonMark` + GFM (pulldown-cmark with
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
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
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

/// The first cell of every body row of every table in `markdown`, as plain text (code
/// spans included), table by table.
fn first_cells(markdown: &str) -> Vec<Vec<String>> {
    let mut tables: Vec<Vec<String>> = Vec::new();
    let (mut in_head, mut cell, mut column) = (false, None::<String>, 0);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => {
                column += 1;
                if !in_head && column == 1 {
                    cell = Some(String::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(text) = cell.take() {
                    tables.last_mut().unwrap().push(text);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = cell.as_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

/// Whether `cell` names `flag` as a whole word (`--seed` in "--shuffle, --seed N", but
/// not `--format` in "--formats").
fn names_flag(cell: &str, flag: &str) -> bool {
    cell.match_indices(flag).any(|(at, _)| {
        !cell[at + flag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[test]
fn readme_documents_every_quiz_flag_in_one_whole_table() {
    let help = tpm().args(["quiz", "--help"]).output().unwrap();
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    // Flag lines of clap's help: "  -q, --quiet", "      --name <NAME>".
    let flags: Vec<String> = help
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| {
            l.split([' ', ','])
                .find(|t| t.starts_with("--"))
                .map(str::to_string)
        })
        .filter(|f| f != "--help" && f != "--version")
        .collect();
    assert!(flags.len() >= 15, "{flags:?}");
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let tables = first_cells(&readme);
    let options = tables
        .iter()
        .find(|rows| rows.iter().any(|c| names_flag(c, "--name")))
        .expect("README has a quiz options table");
    // A blank line inside the table would end it: the rows after it would be a
    // paragraph, and their flags missing here.
    let missing: Vec<&String> = flags
        .iter()
        .filter(|f| !options.iter().any(|c| names_flag(c, f)))
        .collect();
    assert!(
        missing.is_empty(),
        "quiz flags not in README's options table: {missing:?}"
    );
    // The table ends with its last documented row, not before.
    assert!(options.last().unwrap().contains("--color"), "{options:?}");
}
