//! Honest change between runs (and the cohort's figures): the noise formula, the larger noise of the two runs, the
//! improved/declined boundaries, the per-skill `min_change` override, and runs limited
//! with `--skills` left out of whole-report figures. Every expected number is worked out
//! by hand in a comment; none is read from a file the tool wrote.

use std::path::PathBuf;

use serde_json::{json, Value};
use tpm_ready::bank::ChangeRules;
use tpm_ready::progress::{Direction, Progress, Series};
use tpm_ready::report::Summary;

use crate::common::{fixture, only_report, quiz_small, skill, tpm};

/// One whole run on day `day` of January: readiness 50 (noise 10), group `soft` 50
/// (noise 10), skill `talk` 50 (noise 10), no gaps.
pub(crate) fn run(day: u32) -> Value {
    json!({
        "schema_version": 2,
        "tool": {"name": "tpm-ready", "version": "0.1.0"},
        "bank": {"id": "mini", "version": "1.0.0", "title": "Mini", "sha256": "aaaa"},
        "candidate": "Ada",
        "track": "general",
        "finished_at": format!("2026-01-{day:02}T09:00:00+00:00"),
        "run": {"mode": "scripted", "shuffled": false, "seed": null, "skills": ["talk"],
                "partial": false, "resumed": false},
        "coverage": {"measured": ["talk"], "carried": [], "carried_from": null},
        "skills": [{
            "id": "talk", "name": "Talking", "group": "soft", "score": 50.0,
            "band": "mid", "band_name": "Mid", "target": 70.0, "gap": 20.0,
            "self_rating": null,
            "calibration": {"status": "unknown", "difference": null, "note": ""},
            "evidence_items": 3, "weight": 1.0, "min_change": 10.0
        }],
        "groups": [{"id": "soft", "name": "Soft skills", "score": 50.0, "target": 70.0,
                    "min_change": 10.0}],
        "rubric": [],
        "readiness": {"score": 50.0, "verdict": "not_yet", "verdict_name": "Not yet",
                      "summary": "", "reason": "", "min_change": 10.0},
        "gaps": []
    })
}

/// Sets readiness, the group and the skill to `score` with noise `noise`.
pub(crate) fn scored(mut r: Value, score: f64, noise: f64) -> Value {
    for pointer in ["/readiness", "/groups/0", "/skills/0"] {
        let place = r.pointer_mut(pointer).unwrap();
        place["score"] = json!(score);
        place["min_change"] = json!(noise);
    }
    r
}

pub(crate) fn progress(runs: &[Value]) -> Progress {
    let reports: Vec<(PathBuf, Summary)> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                PathBuf::from(format!("{i}.json")),
                serde_json::from_value(r.clone()).unwrap(),
            )
        })
        .collect();
    Progress::from_reports(&reports).unwrap()
}

pub(crate) fn series<'a>(p: &'a Progress, id: &str) -> &'a Series {
    p.series.iter().find(|s| s.id == id).unwrap()
}

/// Direction of the latest change of `id` against the previous run.
fn direction(p: &Progress, id: &str) -> Direction {
    series(p, id).since_previous.unwrap().direction
}

#[test]
fn noise_is_z_root2_sd_100_over_root_n() {
    // Defaults: z 1.28, item sd 0.25. z·√2·sd·100 = 1.28 × 1.414214 × 0.25 × 100 = 45.2548.
    let rules = ChangeRules::default();
    // n = 1: 45.2548 / 1 -> 45.3
    assert_eq!(rules.min_change(1), 45.3);
    // n = 4: 45.2548 / √4 = 22.627 -> 22.6 (dividing by n would give 11.3)
    assert_eq!(rules.min_change(4), 22.6);
    // n = 9: 45.2548 / 3 = 15.085 -> 15.1 (by n: 5.0)
    assert_eq!(rules.min_change(9), 15.1);
    // n = 3: 45.2548 / 1.732051 = 26.128 -> 26.1
    assert_eq!(rules.min_change(3), 26.1);
    // n = 0: nothing to count, the bank's default.
    assert_eq!(rules.min_change(0), 10.0);
    // Each factor counts: z 1.96, sd 0.3, n 16: 1.96 × 1.414214 × 0.3 × 100 / 4 = 20.788 -> 20.8
    let custom = ChangeRules {
        item_sd: 0.3,
        confidence_z: 1.96,
        default_min_change: 7.0,
    };
    assert_eq!(custom.min_change(16), 20.8);
    assert_eq!(custom.min_change(0), 7.0);
}

#[test]
fn reports_carry_the_noise_of_their_item_counts() {
    // The small bank has the default change rules. Per skill 3 evidence items:
    // 45.2548 / √3 = 26.1. Per group (one skill each) also 3 items: 26.1.
    // Readiness over both skills, 6 items: 45.2548 / √6 = 45.2548 / 2.449490 = 18.475 -> 18.5.
    let out = tempfile::tempdir().unwrap();
    quiz_small(out.path()).assert().success();
    let r = only_report(out.path());
    assert_eq!(skill(&r, "talk")["evidence_items"], 3);
    assert_eq!(skill(&r, "talk")["min_change"], 26.1);
    assert_eq!(skill(&r, "plan")["min_change"], 26.1);
    assert_eq!(r["groups"][0]["min_change"], 26.1);
    assert_eq!(r["readiness"]["min_change"], 18.5);
}

#[test]
fn a_change_of_exactly_the_noise_counts_and_one_tenth_less_does_not() {
    // Noise 10 in both runs. 50 -> 60: +10 = noise, improved. 50 -> 59.9: +9.9, not.
    let p = progress(&[scored(run(1), 50.0, 10.0), scored(run(2), 60.0, 10.0)]);
    assert_eq!(direction(&p, "readiness"), Direction::Improved);
    assert_eq!(series(&p, "readiness").since_previous.unwrap().delta, 10.0);
    let p = progress(&[scored(run(1), 50.0, 10.0), scored(run(2), 59.9, 10.0)]);
    assert_eq!(direction(&p, "readiness"), Direction::NoClearChange);
    assert_eq!(direction(&p, "soft"), Direction::NoClearChange);
    assert_eq!(direction(&p, "talk"), Direction::NoClearChange);
}

#[test]
fn a_decline_counts_from_exactly_the_noise_down() {
    // 60 -> 50: -10 = -noise, declined. 60 -> 50.1: -9.9, no clear change.
    let p = progress(&[scored(run(1), 60.0, 10.0), scored(run(2), 50.0, 10.0)]);
    for id in ["readiness", "soft", "talk"] {
        assert_eq!(direction(&p, id), Direction::Declined, "{id}");
    }
    assert_eq!(series(&p, "talk").since_previous.unwrap().delta, -10.0);
    let p = progress(&[scored(run(1), 60.0, 10.0), scored(run(2), 50.1, 10.0)]);
    assert_eq!(direction(&p, "talk"), Direction::NoClearChange);
    // A rise of 15 is never a decline, whatever the sign handling.
    let p = progress(&[scored(run(1), 50.0, 10.0), scored(run(2), 65.0, 10.0)]);
    assert_eq!(direction(&p, "talk"), Direction::Improved);
}

#[test]
fn the_larger_noise_of_the_two_runs_is_used() {
    // Noise 10 then 20, change +15: against 10 it would count, against max(10, 20) = 20
    // it does not. Both orders, so neither run's noise alone passes.
    let p = progress(&[scored(run(1), 50.0, 10.0), scored(run(2), 65.0, 20.0)]);
    let change = series(&p, "talk").since_previous.unwrap();
    assert_eq!(change.min_change, 20.0);
    assert_eq!(change.direction, Direction::NoClearChange);
    let p = progress(&[scored(run(1), 50.0, 20.0), scored(run(2), 65.0, 10.0)]);
    let change = series(&p, "readiness").since_previous.unwrap();
    assert_eq!(change.min_change, 20.0);
    assert_eq!(change.direction, Direction::NoClearChange);
    // +20 reaches the larger noise.
    let p = progress(&[scored(run(1), 50.0, 20.0), scored(run(2), 70.0, 10.0)]);
    assert_eq!(direction(&p, "soft"), Direction::Improved);
}

#[test]
fn zero_noise_never_claims_a_change() {
    // A score with no recorded noise (older reports) is never called improved or declined.
    let p = progress(&[scored(run(1), 10.0, 0.0), scored(run(2), 90.0, 0.0)]);
    assert_eq!(direction(&p, "talk"), Direction::NoClearChange);
    let p = progress(&[scored(run(1), 90.0, 0.0), scored(run(2), 10.0, 0.0)]);
    assert_eq!(direction(&p, "talk"), Direction::NoClearChange);
}

#[test]
fn since_previous_and_since_first_compare_the_right_runs() {
    // 40, 50, 70 with noise 10: since previous 50 -> 70 (+20), since first 40 -> 70 (+30).
    let p = progress(&[
        scored(run(1), 40.0, 10.0),
        scored(run(2), 50.0, 10.0),
        scored(run(3), 70.0, 10.0),
    ]);
    let s = series(&p, "talk");
    assert_eq!(s.values, [Some(40.0), Some(50.0), Some(70.0)]);
    let (previous, first) = (s.since_previous.unwrap(), s.since_first.unwrap());
    assert_eq!(
        (previous.from, previous.to, previous.delta),
        (50.0, 70.0, 20.0)
    );
    assert_eq!((first.from, first.to, first.delta), (40.0, 70.0, 30.0));
    assert_eq!(s.target, Some(70.0));
    // Two runs: both comparisons are the same pair. One run: nothing to compare.
    let p = progress(&[scored(run(1), 40.0, 10.0), scored(run(2), 45.0, 10.0)]);
    let s = series(&p, "talk");
    assert_eq!(s.since_previous, s.since_first);
    assert_eq!(s.since_first.unwrap().delta, 5.0);
    let p = progress(&[scored(run(1), 40.0, 10.0)]);
    assert!(series(&p, "talk").since_previous.is_none());
    assert!(series(&p, "readiness").since_first.is_none());
}

/// A run limited with `--skills` (partial, nothing carried).
fn subset(r: Value) -> Value {
    let mut r = r;
    r["run"]["partial"] = json!(true);
    r
}

/// A focused retake: partial, with results carried over from an earlier report.
pub(crate) fn focused(r: Value) -> Value {
    let mut r = r;
    r["run"]["partial"] = json!(true);
    r["coverage"]["carried"] = json!(["talk"]);
    r["coverage"]["measured"] = json!([]);
    r["skills"][0]["carried"] = json!(true);
    r
}

#[test]
fn subset_runs_are_left_out_of_whole_report_figures() {
    // Runs: 50 (whole), 90 (--skills subset), 52 (whole); noise 10.
    // Readiness and groups skip the subset run: 50 -> 52, +2, no clear change. Counted,
    // it would be 90 -> 52, a decline. Its skill score was measured, so it counts there.
    let p = progress(&[
        scored(run(1), 50.0, 10.0),
        subset(scored(run(2), 90.0, 10.0)),
        scored(run(3), 52.0, 10.0),
    ]);
    for id in ["readiness", "soft"] {
        let s = series(&p, id);
        assert_eq!(s.values, [Some(50.0), None, Some(52.0)], "{id}");
        let change = s.since_previous.unwrap();
        assert_eq!((change.from, change.delta), (50.0, 2.0), "{id}");
        assert_eq!(change.direction, Direction::NoClearChange, "{id}");
    }
    let talk = series(&p, "talk");
    assert_eq!(talk.values, [Some(50.0), Some(90.0), Some(52.0)]);
    assert_eq!(talk.since_previous.unwrap().direction, Direction::Declined);
    assert!(p.runs[1].partial);
    // A subset run as the latest: readiness compares the two whole runs before it.
    let p = progress(&[
        scored(run(1), 40.0, 10.0),
        scored(run(2), 60.0, 10.0),
        subset(scored(run(3), 10.0, 10.0)),
    ]);
    let change = series(&p, "readiness").since_previous.unwrap();
    assert_eq!((change.from, change.to), (40.0, 60.0));
}

/// `run(day)` with a second skill, `plan` in group `hard`: readiness `readiness`, talk
/// and soft `talk`, plan and hard `plan`; noise 10 everywhere.
fn two_groups(day: u32, readiness: f64, talk: f64, plan: f64) -> Value {
    let mut r = scored(run(day), talk, 10.0);
    r["readiness"]["score"] = json!(readiness);
    let mut skill = r["skills"][0].clone();
    skill["id"] = json!("plan");
    skill["name"] = json!("Planning");
    skill["group"] = json!("hard");
    skill["score"] = json!(plan);
    r["skills"].as_array_mut().unwrap().push(skill);
    let mut group = r["groups"][0].clone();
    group["id"] = json!("hard");
    group["name"] = json!("Hard skills");
    group["score"] = json!(plan);
    r["groups"].as_array_mut().unwrap().push(group);
    r
}

#[test]
fn focused_runs_compare_only_what_they_measured() {
    // A focused retake carries talk (so the soft group and readiness mix in a carried
    // score) and measures plan (the only skill of the hard group).
    let p = progress(&[
        two_groups(1, 50.0, 50.0, 40.0),
        two_groups(2, 60.0, 60.0, 45.0),
        focused(two_groups(3, 80.0, 60.0, 70.0)),
    ]);
    // Readiness and soft skip the focused run: 50 -> 60 is +10 (±10), improved. Counted,
    // readiness would read 60 -> 80.
    for id in ["readiness", "soft"] {
        let s = series(&p, id);
        assert_eq!(s.values, [Some(50.0), Some(60.0), None], "{id}");
        let change = s.since_previous.unwrap();
        assert_eq!(
            (change.from, change.to, change.delta),
            (50.0, 60.0, 10.0),
            "{id}"
        );
        assert_eq!(change.direction, Direction::Improved, "{id}");
    }
    // Hard was measured whole: 45 -> 70 is +25 since the previous, 40 -> 70 +30 since
    // the first.
    let hard = series(&p, "hard");
    assert_eq!(hard.values, [Some(40.0), Some(45.0), Some(70.0)]);
    assert_eq!(hard.since_previous.unwrap().delta, 25.0);
    assert_eq!(hard.since_first.unwrap().delta, 30.0);
    let talk = series(&p, "talk");
    assert_eq!(talk.values, [Some(50.0), Some(60.0), None]);
    assert_eq!(series(&p, "plan").values[2], Some(70.0));
    // The table shows the focused run marked, its readiness as the report has it and its
    // soft group as not measured; the change rows compare measured runs only.
    let text = p.text();
    assert!(
        text.contains("  2026-01-03  SF     general         80  Not yet (partial)     –    70\n"),
        "{text}"
    );
    assert!(text.contains("F focused retake"), "{text}");
    assert!(
        text.contains(
            "  Readiness       50      60  +10 (±10) improved  +10 (±10) improved  ▅▅ \n"
        ),
        "{text}"
    );
}

#[test]
fn gaps_compare_only_what_both_runs_measured() {
    let gap = |id: &str, name: &str| {
        json!({"kind": "skill", "id": id, "name": name, "priority": 1.0, "detail": "",
               "next_steps": []})
    };
    let prerequisite = |id: &str, name: &str| {
        json!({"kind": "prerequisite", "id": id, "name": name, "priority": 1.0,
               "status": "unmet", "detail": "", "next_steps": []})
    };
    let with_plan = |mut r: Value, score: Option<f64>| {
        let mut plan = r["skills"][0].clone();
        plan["id"] = json!("plan");
        plan["name"] = json!("Planning");
        plan["score"] = json!(score);
        r["skills"].as_array_mut().unwrap().push(plan);
        r["rubric"] = json!([{"id": "mentor", "name": "Mentorship", "status": "unmet",
                              "detail": "", "next_steps": []}]);
        r
    };
    // Run 1: gaps talk, plan, mentor. Run 2: gap plan and a new gap `write` that run 1
    // did not measure; talk closed, mentor (a prerequisite) closed.
    let mut first = with_plan(run(1), Some(40.0));
    first["gaps"] = json!([
        gap("talk", "Talking"),
        gap("plan", "Planning"),
        prerequisite("mentor", "Mentorship")
    ]);
    let mut second = with_plan(run(2), Some(45.0));
    second["gaps"] = json!([gap("plan", "Planning"), gap("write", "Writing")]);
    let p = progress(&[first.clone(), second.clone()]);
    let g = &p.gaps_since_previous;
    // Listed in id order: mentor, talk.
    assert_eq!(g.closed, ["Mentorship", "Talking"]);
    assert_eq!(g.remain, ["Planning"]);
    assert!(
        g.opened.is_empty(),
        "`write` was not measured before: {g:?}"
    );
    // Run 3 does not measure plan (score null) and has gap talk. Against run 2: plan,
    // a gap there, is not known in run 3, so it is neither closed nor remaining; talk
    // is opened. Against run 1 (known in both: talk, mentor): mentor closed, talk remains.
    // `write` is listed as a gap in runs 2 and 3 but measured in neither: it never
    // "remains".
    let mut third = with_plan(run(3), None);
    third["gaps"] = json!([gap("talk", "Talking"), gap("write", "Writing")]);
    let p = progress(&[first, second, third]);
    let g = &p.gaps_since_previous;
    assert!(g.closed.is_empty() && g.remain.is_empty(), "{g:?}");
    assert_eq!(g.opened, ["Talking"]);
    let f = &p.gaps_since_first;
    assert_eq!(f.closed, ["Mentorship"]);
    assert!(f.opened.is_empty());
    assert_eq!(f.remain, ["Talking"]);
}

#[test]
fn mixed_banks_and_tracks_are_warned_about() {
    let mut second = run(2);
    second["bank"]["sha256"] = json!("bbbb");
    second["bank"]["version"] = json!("1.1.0");
    second["track"] = json!("senior");
    let p = progress(&[run(1), second]);
    assert_eq!(
        p.warnings,
        [
            "the runs used 2 different question banks (mini 1.0.0, mini 1.1.0); scores are not strictly comparable across them",
            "the runs used different tracks (general, senior), with different questions and targets; compare with care"
        ]
    );
    assert!(progress(&[run(1), run(2)]).warnings.is_empty());
}

#[test]
fn a_skill_min_change_in_the_bank_overrides_the_formula() {
    // The small bank with `min_change: 5` on `plan`; two runs a month apart in which
    // only the answer to plan-2 changes.
    let dir = tempfile::tempdir().unwrap();
    let mut bank: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("banks/small.json")).unwrap())
            .unwrap();
    let plan = bank["skills"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["id"] == "plan")
        .unwrap();
    plan["min_change"] = json!(5.0);
    let bank_path = dir.path().join("bank.json");
    std::fs::write(&bank_path, serde_json::to_string_pretty(&bank).unwrap()).unwrap();
    let answers = |plan2: &str, file: &str| {
        // plan: plan-2 (scenario a 0, b 1, c 0.3), plan-3 (knowledge, b correct),
        // plan-4 (multi, a b d correct). talk answers are fixed.
        let a = json!({
            "candidate": "Kim", "track": "general",
            "answers": {"talk-1": 3, "talk-2": "a", "talk-3": "a", "talk-4": ["a", "b"],
                        "plan-1": 3, "plan-2": plan2, "plan-3": "b", "plan-4": ["a", "b", "d"],
                        "exp-years": 4, "mentor-kind": "none"}
        });
        let path = dir.path().join(file);
        std::fs::write(&path, a.to_string()).unwrap();
        path
    };
    let two_runs = |bank: &std::path::Path, out: &std::path::Path| {
        for (now, plan2, file) in [
            ("2026-01-01T00:00:00+00:00", "a", "one.json"),
            ("2026-02-01T00:00:00+00:00", "c", "two.json"),
        ] {
            tpm()
                .args(["quiz", "--bank"])
                .arg(bank)
                .arg("--answers")
                .arg(answers(plan2, file))
                .arg("--out")
                .arg(out)
                .env("TPM_READY_NOW", now)
                .assert()
                .success();
        }
        let assert = tpm()
            .args(["progress", "Kim", "--json", "--dir"])
            .arg(out)
            .assert()
            .success();
        let p: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
        p
    };
    let series = |p: &Value, id: &str| {
        p["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    let p = two_runs(&bank_path, &dir.path().join("reports"));
    // plan items scored: plan-2 a = 0 then c = 0.3; plan-3 = 1; plan-4 all right = 1.
    // Chance (1.3/3 + 1/3 + 17/45)/3 = 0.3815. Run 1: raw (0 + 1 + 1)/3 = 0.6667,
    // corrected (0.6667 − 0.3815)/0.6185 = 46.1; run 2: raw 0.7667 → 62.3. Delta +16.2.
    // Against the formula's 26.1 (3 items) that is no clear change; against the
    // bank's override of 5 it is an improvement.
    let plan = series(&p, "plan");
    assert_eq!(plan["values"], json!([46.1, 62.3]));
    assert_eq!(plan["since_previous"]["delta"], 16.2);
    assert_eq!(plan["since_previous"]["min_change"], 5.0);
    assert_eq!(plan["since_previous"]["direction"], "improved");
    // talk keeps the formula: 45.2548 / √3 = 26.1, and did not move.
    let talk = series(&p, "talk");
    assert_eq!(talk["since_previous"]["min_change"], 26.1);
    assert_eq!(talk["since_previous"]["direction"], "no_clear_change");
    // The same two runs on the bank without the override: within the noise.
    let p = two_runs(&fixture("banks/small.json"), &dir.path().join("plain"));
    let plan = series(&p, "plan");
    assert_eq!(plan["since_previous"]["delta"], 16.2);
    assert_eq!(plan["since_previous"]["min_change"], 26.1);
    assert_eq!(plan["since_previous"]["direction"], "no_clear_change");
}

#[test]
fn cohort_orders_members_and_averages_gaps_over_the_measured() {
    // Three candidates' latest runs. talk: Ada 50 (gap 20), Bo 80 (gap 0), Cy unmeasured.
    // Mean gap over the 2 measured: (20 + 0) / 2 = 10.0; below target: 1 of 2.
    // plan (Cy only): 30 against 60, gap 30 -> mean 30.0, 1 of 1 below.
    let latest = |name: &str, readiness: f64, talk: Option<f64>, gap: f64| {
        let mut r = run(1);
        r["candidate"] = json!(name);
        r["readiness"]["score"] = json!(readiness);
        r["skills"][0]["score"] = json!(talk);
        r["skills"][0]["gap"] = json!(gap);
        r
    };
    let ada = latest("Ada", 70.0, Some(50.0), 20.0);
    let bo = latest("Bo", 95.0, Some(80.0), 0.0);
    let mut cy = latest("Cy", 70.0, None, 0.0);
    let mut plan = cy["skills"][0].clone();
    plan["id"] = json!("plan");
    plan["name"] = json!("Planning");
    plan["score"] = json!(30.0);
    plan["gap"] = json!(30.0);
    cy["skills"].as_array_mut().unwrap().push(plan);
    cy["gaps"] = json!([{"kind": "skill", "id": "plan", "name": "Planning",
                         "priority": 30.0, "detail": "", "next_steps": []}]);
    let reports: Vec<(PathBuf, Summary)> = [bo, cy, ada]
        .iter()
        .map(|r| {
            (
                PathBuf::from("r.json"),
                serde_json::from_value(r.clone()).unwrap(),
            )
        })
        .collect();
    let c = tpm_ready::cohort::Cohort::from_latest(&reports);
    // Lowest readiness first; a tie (Ada and Cy at 70) goes by name.
    let names: Vec<&str> = c.members.iter().map(|m| m.candidate.as_str()).collect();
    assert_eq!(names, ["Ada", "Cy", "Bo"]);
    assert_eq!(c.members[1].top_gap.as_deref(), Some("Planning"));
    assert_eq!(c.members[0].top_gap, None);
    let skills: Vec<(&str, f64, usize, usize)> = c
        .weakest_skills
        .iter()
        .map(|s| (s.id.as_str(), s.mean_gap, s.below_target, s.measured))
        .collect();
    assert_eq!(skills, [("plan", 30.0, 1, 1), ("talk", 10.0, 1, 2)]);
    let text = c.text();
    assert!(text.contains("Cohort of 3 candidates"), "{text}");
    assert!(
        text.contains("Talking                   10.0  (1 of 2 below target)"),
        "{text}"
    );
    let md = c.markdown();
    assert!(md.contains("| Talking | 10.0 | 1 of 2 |"), "{md}");
    assert!(
        md.contains("| Cy | 2026-01-01 | S | general | 70 | Not yet | Planning |"),
        "{md}"
    );
}

#[test]
fn the_terminal_view_shows_the_last_ten_runs_and_says_how_many_are_hidden() {
    // 12 runs, readiness 10, 15, ..., 65 (noise 10); run 12 is a --skills subset.
    let mut runs: Vec<Value> = (1..=12)
        .map(|day| scored(run(day), 5.0 + 5.0 * f64::from(day), 10.0))
        .collect();
    runs[11] = subset(runs[11].clone());
    runs[11]["bank"]["sha256"] = json!("bbbb");
    let p = progress(&runs);
    let text = p.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Progress of Ada: 12 runs from 2026-01-01 to 2026-01-12"
    );
    assert!(lines[1].starts_with("warning: the runs used 2 different question banks"));
    // Group ids cut to 6 characters head their column; columns are as wide as their
    // widest cell ("Not yet (partial)", 17) plus two spaces.
    assert_eq!(
        lines[3], "  run         marks  track    readiness  verdict            soft",
        "{text}"
    );
    assert!(
        text.contains("  … 2 earlier runs (all are in progress.md and --json)\n"),
        "{text}"
    );
    // Runs 3..12 are shown, runs 1 and 2 are not; the last is marked partial.
    assert!(!text.contains("2026-01-01  S") && !text.contains("2026-01-02  S"));
    assert!(
        text.contains("  2026-01-03  S      general         20  Not yet              20\n"),
        "{text}"
    );
    assert!(text.contains("Not yet (partial)"), "{text}");
    // Readiness: the subset run (65) is left out; 55 -> 60 is +5 (±10), first 10 -> 60 +50.
    let readiness = lines
        .iter()
        .find(|l| l.trim_start().starts_with("Readiness"))
        .unwrap();
    assert!(
        readiness.contains("+5 (±10) no clear change"),
        "{readiness}"
    );
    assert!(readiness.contains("+50 (±10) improved"), "{readiness}");
    assert!(
        text.ends_with("Gaps since the previous run: closed none; remain none; opened none\n"),
        "{text}"
    );
    // Ten runs: nothing hidden.
    let p = progress(&runs[..10]);
    assert!(!p.text().contains("earlier runs"));
    // The Markdown keeps every run.
    let md = progress(&runs).markdown(None);
    assert!(
        md.contains("| 2026-01-01 | S | general | 10 | Not yet | 10 |"),
        "{md}"
    );
    assert!(
        md.contains("| 2026-01-12 (partial) | S | general | 65 | Not yet | – |"),
        "{md}"
    );
    assert!(!md.contains("!["), "no chart link without a chart");
}
