//! What a verdict means: the gates of the built-in bank (guessing, surface strategies,
//! "definitions only", keyed answers), its blueprint counts, forms and retakes, quick
//! runs, the expert panel and the degree offset.

use std::collections::{BTreeMap, HashSet};

use predicates::prelude::*;
use serde_json::Value;
use tpm_ready::bank::{Bank, QuestionType};
use tpm_ready::form::{self, Exposure};
use tpm_ready::session::Plan;
use tpm_ready::study::{self, Strategy};

use crate::common::{files_with, tpm};

const RUNS: usize = 400;
const SEED: u64 = 20_261_128;

fn built_in() -> Bank {
    Bank::embedded().unwrap()
}

fn share(result: &study::StrategyResult, verdicts: &[&str]) -> f64 {
    verdicts
        .iter()
        .map(|v| result.verdict_shares.get(*v).copied().unwrap_or(0.0))
        .sum()
}

#[test]
fn built_in_bank_passes_the_verdict_gates_on_every_track() {
    let bank = built_in();
    let lowest = bank.meta.verdicts.last().unwrap().id.clone();
    for track in bank.track_ids() {
        let s = study::run(&bank, track, RUNS, SEED, || {}).unwrap();
        let of = |strategy: Strategy| {
            s.strategies
                .iter()
                .find(|r| r.strategy == strategy)
                .unwrap()
        };
        let random = of(Strategy::Random);
        assert!(
            share(random, &[&lowest]) >= 0.95,
            "{track}: random respondents reach the lowest verdict in only {:.0}%",
            100.0 * share(random, &[&lowest])
        );
        assert!(
            random.near_chance >= 0.90,
            "{track}: near_chance {}",
            random.near_chance
        );
        let definitions = of(Strategy::DefinitionsOnly);
        assert!(
            share(definitions, &["nearly-ready", "ready"]) <= 0.10,
            "{track}: definitions only reach nearly-ready or ready in {:.0}%",
            100.0 * share(definitions, &["nearly-ready", "ready"])
        );
        assert_eq!(
            share(of(Strategy::Keyed), &["ready"]),
            1.0,
            "{track}: keyed"
        );
        for surface in Strategy::SURFACE {
            assert!(
                share(of(surface), &["nearly-ready", "ready"]) == 0.0,
                "{track}: {surface:?} reaches a good verdict"
            );
        }
    }
}

#[test]
fn no_surface_strategy_finds_more_than_35_percent_of_scenario_keys() {
    let bank = built_in();
    let all: Vec<_> = bank.questions.iter().collect();
    let audit = study::audit(&all);
    assert!(audit.scenarios >= 100, "{} scenarios", audit.scenarios);
    for (strategy, rate) in &audit.scenario_key_hits {
        assert!(
            *rate <= 0.35,
            "{strategy} finds {:.0}% of scenario keys",
            100.0 * rate
        );
    }
    // Key positions balanced: every position within a quarter of the mean count.
    let counts: Vec<usize> = audit.key_positions.values().copied().collect();
    let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
    for (position, n) in &audit.key_positions {
        assert!(
            (*n as f64 - mean).abs() <= 0.25 * mean,
            "position {position} holds {n} keys, mean {mean:.1}"
        );
    }
    assert!(
        audit.key_longest <= 0.35,
        "key is longest in {:.0}%",
        100.0 * audit.key_longest
    );
    assert!(audit.rationale.keys <= 0.05 && audit.rationale.distractors <= 0.05);
}

#[test]
fn built_in_pool_meets_the_blueprint_counts() {
    let bank = built_in();
    for skill in &bank.skills {
        let of = |general: bool, kind: Option<QuestionType>| {
            bank.questions
                .iter()
                .filter(|q| q.skill == skill.id && q.tracks.is_empty() == general)
                .filter(|q| kind.map_or(q.kind.is_evidence(), |k| q.kind == k))
                .count()
        };
        assert!(
            of(true, None) >= 18,
            "{}: {} general evidence items",
            skill.id,
            of(true, None)
        );
        let ratings = of(true, Some(QuestionType::SelfRating));
        assert!(
            (1..=2).contains(&ratings),
            "{}: {ratings} self-ratings",
            skill.id
        );
        assert!(
            bank.questions
                .iter()
                .filter(|q| q.skill == skill.id)
                .all(|q| q.topic.is_some()),
            "{}: every item has a blueprint topic",
            skill.id
        );
    }
    for track in ["front-end", "back-end", "senior"] {
        let specific = bank
            .questions
            .iter()
            .filter(|q| q.kind.is_evidence() && q.tracks.iter().any(|t| t == track))
            .count();
        assert!(specific >= 8, "{track}: {specific} track items");
    }
}

#[test]
fn every_item_is_reachable_through_retakes() {
    let bank = built_in();
    let counts = &bank.meta.forms[form::STANDARD];
    for track in bank.track_ids() {
        let pool = Plan::new(&bank, track, None, None).unwrap();
        let all: HashSet<&str> = pool.skill_questions().map(|q| q.id.as_str()).collect();
        let mut exposure = Exposure::default();
        let mut seen = HashSet::new();
        let mut previous: Option<HashSet<&str>> = None;
        for _ in 0..12 {
            let seed = form::seed_for(&bank, track, &exposure);
            let drawn = form::draw(&bank, track, &pool.skills, counts, &exposure, seed);
            if let Some(previous) = &previous {
                // A retake repeats an item only when its type's pool is used up.
                let repeated = drawn.intersection(previous).count();
                assert!(repeated <= 9 * 2, "{track}: {repeated} items repeated");
            }
            exposure.add_run(drawn.iter().map(|id| (*id).to_string()));
            seen.extend(drawn.iter().copied());
            previous = Some(drawn);
        }
        assert_eq!(seen, all, "{track}: items never drawn in 12 runs");
    }
}

fn questions_json(args: &[&str]) -> Value {
    let out = tpm()
        .args(["questions", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An answers file that answers `listing`'s questions with the keyed options.
fn keyed_answers(bank: &Bank, listing: &Value, name: &str) -> Value {
    let mut answers = serde_json::Map::new();
    for q in listing["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let value = match bank.questions.iter().find(|b| b.id == id) {
            Some(b) => match b.kind {
                QuestionType::SelfRating => Value::from(4),
                QuestionType::Multi => Value::from(
                    b.options
                        .iter()
                        .filter(|o| o.correct)
                        .map(|o| o.id.clone())
                        .collect::<Vec<_>>(),
                ),
                _ => Value::from(
                    study::keys(b)
                        .first()
                        .map(|&i| b.options[i].id.clone())
                        .unwrap(),
                ),
            },
            None => strong_background(id),
        };
        answers.insert(id.to_string(), value);
    }
    serde_json::json!({"candidate": name, "answers": answers})
}

fn strong_background(id: &str) -> Value {
    match id {
        "degree-level" => "bachelor".into(),
        "degree-field" => "computer-science".into(),
        "experience-years" => 6.into(),
        "experience-roles" => serde_json::json!(["software-development"]),
        "mentor-kind" => "experienced-tpm".into(),
        "mentor-frequency" => "monthly".into(),
        "mentors-others" => false.into(),
        "network-activities" => serde_json::json!(["conferences", "connections"]),
        "network-tpms" => 3.into(),
        other => panic!("no background answer for {other}"),
    }
}

fn run_answers(out: &std::path::Path, answers: &Value, extra: &[&str]) -> Value {
    let file = out.join(format!("answers-{}.json", fastrand::u32(..)));
    std::fs::write(&file, answers.to_string()).unwrap();
    let before: HashSet<_> = files_with(out, "json").into_iter().collect();
    let assert = tpm()
        .args(["quiz", "--answers"])
        .arg(&file)
        .arg("--out")
        .arg(out.join("reports"))
        .args(extra)
        .assert()
        .success();
    let _ = assert;
    let new: Vec<_> = files_with(&out.join("reports"), "json")
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    serde_json::from_str(&std::fs::read_to_string(&new[0]).unwrap()).unwrap()
}

#[test]
fn retakes_get_fresh_items_and_record_exposure() {
    let bank = built_in();
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let reports_arg = reports.to_str().unwrap();
    // Without --name: the first form, the same one a new candidate gets.
    let first = questions_json(&[]);
    let named = questions_json(&["--name", "Ada L", "--out", reports_arg]);
    assert_eq!(first["questions"], named["questions"]);
    assert_eq!(first["form"]["form"], "standard");
    // 9 skills x (1 self-rating + 5 scenarios + 1 knowledge + 1 multi) + 9 prerequisites.
    assert_eq!(first["questions"].as_array().unwrap().len(), 9 * 8 + 9);

    let r1 = run_answers(tmp.path(), &keyed_answers(&bank, &first, "Ada L"), &[]);
    assert_eq!(r1["readiness"]["verdict"], "ready");
    assert_eq!(r1["exposure"]["seen_before"], 0);
    assert_eq!(r1["exposure"]["items"], 72);

    // The next form for Ada avoids everything she answered.
    let second = questions_json(&["--name", "Ada L", "--out", reports_arg]);
    let ids = |listing: &Value| -> HashSet<String> {
        listing["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q["section"] == "skill")
            .map(|q| q["id"].as_str().unwrap().to_string())
            .collect()
    };
    let overlap = ids(&first).intersection(&ids(&second)).count();
    // Self-ratings (one per skill in the general pool) can only repeat.
    assert!(overlap <= 9, "{overlap} items repeated on the retake");
    let r2 = run_answers(tmp.path(), &keyed_answers(&bank, &second, "Ada L"), &[]);
    assert_eq!(
        r2["exposure"]["seen_before"].as_u64().unwrap(),
        overlap as u64
    );
    // Both runs share a second (fixed clock): the second report's name has a suffix.
    let markdown: Vec<String> = files_with(&reports, "md")
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(markdown.len(), 2);
    let said = format!("{overlap} answered in earlier runs");
    assert!(markdown.iter().any(|m| m.contains(&said)), "{said}");
}

#[test]
fn an_answers_file_that_is_not_a_whole_form_is_refused_unless_partial() {
    let bank = built_in();
    let tmp = tempfile::tempdir().unwrap();
    let mut answers = keyed_answers(&bank, &questions_json(&[]), "Bo K");
    // Drop one scenario of the first skill.
    let first_scenario = bank
        .questions
        .iter()
        .find(|q| q.kind == QuestionType::Scenario && answers["answers"].get(&q.id).is_some())
        .unwrap()
        .id
        .clone();
    answers["answers"]
        .as_object_mut()
        .unwrap()
        .remove(&first_scenario);
    let file = tmp.path().join("a.json");
    std::fs::write(&file, answers.to_string()).unwrap();
    tpm()
        .args(["quiz", "--answers"])
        .arg(&file)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "question `{first_scenario}`: no answer"
        )))
        .stderr(predicate::str::contains("error: 1 problem in answers file"));
    let r = run_answers(tmp.path(), &answers, &["--allow-partial"]);
    assert_eq!(r["exposure"]["items"], 71);
}

#[test]
fn quick_runs_are_shorter_and_marked_in_every_output() {
    let bank = built_in();
    let tmp = tempfile::tempdir().unwrap();
    let listing = questions_json(&["--quick"]);
    // 9 skills x (1 self-rating + 2 scenarios + 1 knowledge) + 9 prerequisites.
    assert_eq!(listing["questions"].as_array().unwrap().len(), 9 * 4 + 9);
    let r = run_answers(
        tmp.path(),
        &keyed_answers(&bank, &listing, "Cy Q"),
        &["--quick", "--format", "json,md,html"],
    );
    assert_eq!(r["run"]["quick"], true);
    assert_eq!(r["exposure"]["form"], "quick");
    let reports = tmp.path().join("reports");
    let md = std::fs::read_to_string(files_with(&reports, "md").pop().unwrap()).unwrap();
    assert!(md.contains("quick form"), "{md}");
    let html = std::fs::read_to_string(files_with(&reports, "html").pop().unwrap()).unwrap();
    assert!(html.contains("quick form"));
    tpm()
        .args(["review", "Cy Q", "--dir"])
        .arg(&reports)
        .assert()
        .success()
        .stdout(predicate::str::contains("quick form"));
}

#[test]
fn experience_offsets_a_missing_degree_on_the_built_in_bank() {
    let bank = built_in();
    let tmp = tempfile::tempdir().unwrap();
    let listing = questions_json(&[]);
    let mut answers = keyed_answers(&bank, &listing, "Di N");
    answers["answers"]["degree-level"] = "none".into();
    answers["answers"]
        .as_object_mut()
        .unwrap()
        .remove("degree-field");
    answers["answers"]["experience-years"] = 15.into();
    let degree = |r: &Value| -> Value {
        r["rubric"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "degree")
            .unwrap()["status"]
            .clone()
    };
    let r = run_answers(tmp.path(), &answers, &[]);
    assert_eq!(degree(&r), "offset");
    assert_eq!(
        r["readiness"]["verdict"], "ready",
        "{}",
        r["readiness"]["reason"]
    );
    // With four years, no offset: the degree stays unmet and Ready is out of reach.
    answers["answers"]["experience-years"] = 4.into();
    let r = run_answers(tmp.path(), &answers, &[]);
    assert_eq!(degree(&r), "unmet");
    assert_ne!(r["readiness"]["verdict"], "ready");
}

#[test]
fn guessing_on_the_built_in_bank_is_flagged_and_gets_the_lowest_verdict() {
    let bank = built_in();
    let tmp = tempfile::tempdir().unwrap();
    let listing = questions_json(&[]);
    let mut answers = keyed_answers(&bank, &listing, "Ev R");
    // Always the first option: chance-level answering on a bank with balanced keys.
    for q in listing["questions"].as_array().unwrap() {
        if q["section"] == "skill" && q["type"] != "self_rating" {
            let first = q["options"][0]["id"].clone();
            answers["answers"][q["id"].as_str().unwrap()] = if q["type"] == "multi" {
                Value::from(vec![first])
            } else {
                first
            };
        }
    }
    let r = run_answers(tmp.path(), &answers, &[]);
    let flags: Vec<&str> = r["quality"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(flags.contains(&"near_chance"), "{flags:?}");
    assert_eq!(r["readiness"]["verdict"], "early");
    assert!(r["readiness"]["reason"]
        .as_str()
        .unwrap()
        .contains("guessing"));
}

#[test]
fn the_built_in_panel_keys_every_scenario_and_agrees() {
    let assert = tpm()
        .args(["validate", "--panel", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let a = &v["agreement"];
    assert!(a["raters"].as_array().unwrap().len() >= 3);
    assert_eq!(a["unrated"], serde_json::json!([]));
    assert_eq!(
        a["items"].as_array().unwrap().len() as u64,
        a["scenarios"].as_u64().unwrap()
    );
    assert_eq!(a["all_agree"], 1.0);
    assert!(a["icc_mean"].as_f64().unwrap() >= 0.8);
}

#[test]
fn panel_disagreement_and_drifted_scores_are_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("bank");
    std::fs::create_dir_all(bank.join("panel")).unwrap();
    std::fs::copy(
        crate::common::fixture("banks/small.json"),
        bank.join("small.json"),
    )
    .unwrap();
    // talk-2 options a 1.0, b 0.5, c 0; plan-2 a 0, b 1.0, c 0.3; plan-5 a 1.0, b 0.4, c 0.
    let rater = |name: &str, talk: [u8; 3], plan: [u8; 3]| {
        let opts = |r: [u8; 3]| -> BTreeMap<&str, Value> {
            ["a", "b", "c"]
                .iter()
                .zip(r)
                .map(|(o, x)| (*o, serde_json::json!({"rating": x, "why": "."})))
                .collect()
        };
        serde_json::json!({"rater": name, "ratings": {"talk-2": opts(talk), "plan-2": opts(plan), "plan-5": opts([7, 3, 1])}})
    };
    // talk-2 means 7, 4, 1 → scores 1, 0.5, 0 (as in the bank); plan-2: raters split on
    // the best option (b, b, a).
    for (name, plan) in [("r1", [1, 7, 3]), ("r2", [2, 7, 3]), ("r3", [7, 5, 3])] {
        std::fs::write(
            bank.join("panel").join(format!("ratings-{name}.json")),
            rater(name, [7, 4, 1], plan).to_string(),
        )
        .unwrap();
    }
    let assert = tpm()
        .args(["validate", "--panel"])
        .arg(&bank)
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        out.contains("question `plan-2`: raters disagree on the best option"),
        "{out}"
    );
    assert!(
        !out.contains("question `talk-2`"),
        "talk-2 is keyed as the panel rated it: {out}"
    );
    // plan-5: means 7, 3, 1 → 1, 0.33, 0, but the bank says b 0.4.
    assert!(
        out.contains("question `plan-5`: option scores differ from the panel's for b"),
        "{out}"
    );
    assert!(out.contains("3 raters (r1, r2, r3)"), "{out}");
}

#[test]
fn study_reports_every_respondent_and_refuses_bad_flags() {
    let assert = tpm()
        .args(["study", "--runs", "40", "--seed", "3", "--json", "--bank"])
        .arg(crate::common::fixture("banks/small.json"))
        .assert()
        .success();
    let s: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let names: Vec<&str> = s["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    for expected in [
        "random",
        "always-first",
        "longest",
        "no-rationale-most-steps",
        "definitions-only",
        "skilled",
        "keyed",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    // The small bank's talk skill: (0.5 + 1/3 + 0.2)/3 = 34.4 chance with equal weights.
    let talk = s["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "talk")
        .unwrap();
    assert_eq!(talk["chance"], 34.4);
    assert_eq!(s["runs"], 40);
    let text = tpm()
        .args(["study", "--runs", "20", "--bank"])
        .arg(crate::common::fixture("banks/small.json"))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(
        out.contains("Cue audit") && out.contains("definitions-only"),
        "{out}"
    );
    tpm()
        .args(["study", "--track", "backend"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--track"));
    tpm().args(["study", "--runs", "0"]).assert().code(2);
    tpm()
        .args(["quiz", "--quick", "--answers"])
        .arg(crate::common::fixture("answers/small-general.json"))
        .arg("--bank")
        .arg(crate::common::fixture("banks/small.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `quick` form"));
}
