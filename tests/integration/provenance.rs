//! Provenance in the documents: how a run was taken (scripted, interactive, quick),
//! resumed, focused (what was carried from which report) and every quality warning,
//! including those of the run a focused retake carries from.

use serde_json::Value;
use tpm_ready::answer::Responses;
use tpm_ready::bank::Bank;
use tpm_ready::report::{Format, Html, Markdown, Report, RunResult};
use tpm_ready::session::Plan;

use crate::common::{files_with, fixture, quiz_small, tpm};

#[test]
fn a_scripted_run_says_so_in_markdown_and_html() {
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path())
        .args(["--format", "json,md,html"])
        .assert()
        .success();
    let md = std::fs::read_to_string(&files_with(out.path(), "md")[0]).unwrap();
    assert!(md.contains("| Run | scripted |"), "{md}");
    let html = std::fs::read_to_string(&files_with(out.path(), "html")[0]).unwrap();
    assert!(html.contains("<dt>Run</dt><dd>scripted</dd>"), "{html}");
}

#[test]
fn a_resumed_interactive_run_says_so_in_markdown_and_html() {
    let bank = Bank::load(&fixture("banks/small.json")).unwrap();
    let plan = Plan::new(&bank, "general", None, None).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(crate::common::NOW).unwrap();
    let responses = Responses::default();
    let report = Report::build(&RunResult {
        bank: &bank,
        plan: &plan,
        candidate: "Ren R".into(),
        responses: &responses,
        mode: tpm_ready::report::Mode::Interactive,
        resumed: true,
        started_at: at,
        finished_at: at,
    });
    let md = Markdown::default().render(&report);
    assert!(
        md.contains("| Run | interactive · resumed after an interruption |"),
        "{md}"
    );
    let html = Html::default().render(&report);
    assert!(html.contains("<dd>interactive · resumed after an interruption</dd>"));
}

#[test]
fn a_focused_retake_shows_what_it_carried_and_the_warnings_it_inherited() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("reports/grace-hopper");
    std::fs::create_dir_all(&folder).unwrap();
    let earlier = "2026-07-10T09-00-00Z.json";
    // The earlier run was flagged; the retake must not drop the warning.
    let mut report: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("reports/grace-hopper/{earlier}"))).unwrap(),
    )
    .unwrap();
    report["quality"] = serde_json::json!([
        {"id": "same_position", "message": "Most answers were the first option on screen."}
    ]);
    std::fs::write(folder.join(earlier), report.to_string()).unwrap();
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("banks/small-v2.json"))
        .arg("--focus")
        .arg(folder.join(earlier))
        .arg("--answers")
        .arg(fixture("answers/grace-focus.json"))
        .args(["--format", "json,md,html", "--out"])
        .arg(tmp.path().join("reports"))
        .env("TPM_READY_NOW", "2026-12-02T00:00:00+00:00")
        .assert()
        .success();
    let new = folder.join("2026-12-02T00-00-00Z.json");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&new).unwrap()).unwrap();
    assert_eq!(
        r["coverage"]["carried_quality"],
        serde_json::json!([{"id": "same_position", "message": "Most answers were the first option on screen."}])
    );
    let inherited = format!(
        "In {earlier}, whose results are carried over: Most answers were the first option on screen."
    );
    let md = std::fs::read_to_string(new.with_extension("md")).unwrap();
    // Carried: talk, plan, experience (3 results); names, not ids.
    assert!(
        md.contains(&format!(
            "| Run | scripted · focused retake: 3 results carried from {earlier} |"
        )),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "| Coverage | partial: measured no skills; carried from {earlier}: Talking, Planning, Related experience |"
        )),
        "{md}"
    );
    assert!(md.contains("| Quality | 1 warning (see Response quality) |"));
    assert!(md.contains(&format!("- {inherited}")), "{md}");
    let html = std::fs::read_to_string(new.with_extension("html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let flags: Vec<String> = page
        .select(&scraper::Selector::parse("#quality li[data-flag=same_position]").unwrap())
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(flags, [inherited]);
    assert!(html.contains(&format!(
        "<dd>scripted · focused retake: 3 results carried from {earlier}</dd>"
    )));
}
