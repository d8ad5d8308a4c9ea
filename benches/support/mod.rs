//! Generated inputs for the benchmarks: large banks, complete answer sets and folders of
//! saved reports. Shared by `benches/engine.rs` (as `mod support;`) and by the
//! `gen_data` example (through `#[path]`), which `scripts/bench.sh` runs; nothing
//! generated is committed.
//!
//! Everything is deterministic: the same arguments give the same bytes (apart from the
//! report `tool.version`, which follows the crate).

// Each includer uses only part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset};
use serde_json::{json, Value};

use tpm_ready::answers::{self, AnswersFile};
use tpm_ready::bank::{Bank, QuestionType, RubricQuestionType};
use tpm_ready::question::QuestionRef;
use tpm_ready::report::{Format, Json, Report, RunResult};
use tpm_ready::session::Plan;
use tpm_ready::store;

/// The small fixture bank the generated banks are patterned on.
pub const SMALL_BANK: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/banks/small.json"
));

/// Candidate of `write_reports` when no name is given.
pub const CANDIDATE: &str = "Bench Candidate";

/// Track the generated answers and reports use.
pub const TRACK: &str = "general";

/// Fewest questions a generated bank can have (one skill of the smallest template).
pub const MIN_BANK_QUESTIONS: usize = 4;

/// A valid bank of exactly `n` skill questions (`n >= 4`), in one JSON file.
///
/// It keeps the small fixture bank's header (tracks, bands, verdicts) and rubric, and
/// repeats its two skills as templates: skill `k` copies template `k % 2` (its targets,
/// next steps for every band below a target, a self-rating and three or four evidence
/// items) under new ids. The few questions left over go to the last skill as extra
/// evidence items, so the count is exact.
pub fn bank_json(n: usize) -> String {
    assert!(
        n >= MIN_BANK_QUESTIONS,
        "a bank needs at least {MIN_BANK_QUESTIONS} questions"
    );
    let small: Value = serde_json::from_str(SMALL_BANK).expect("the fixture bank is JSON");
    let templates: Vec<(&Value, Vec<&Value>)> = small["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|skill| {
            let questions = small["questions"]
                .as_array()
                .expect("questions")
                .iter()
                .filter(|q| q["skill"] == skill["id"])
                .collect();
            (skill, questions)
        })
        .collect();
    let mut header = small["bank"].clone();
    header["id"] = json!("generated");
    header["title"] = json!(format!("Generated bank of {n} questions"));
    let (mut skills, mut questions) = (Vec::new(), Vec::<Value>::new());
    for k in 0.. {
        let (skill, items) = &templates[k % templates.len()];
        if questions.len() + items.len() > n {
            break;
        }
        let id = format!("skill-{k:06}");
        let mut skill = (*skill).clone();
        skill["name"] = json!(format!("{} {k}", skill["name"].as_str().unwrap_or("Skill")));
        skill["id"] = json!(id);
        skills.push(skill);
        for item in items {
            let mut q = (*item).clone();
            q["id"] = json!(format!("s{k}-{}", item["id"].as_str().unwrap_or("q")));
            q["skill"] = json!(id);
            questions.push(q);
        }
    }
    // Top up with evidence items (asked in every track) on the last skill.
    let last = skills.last().expect("n >= 4 makes at least one skill")["id"].clone();
    let evidence: Vec<&Value> = templates
        .iter()
        .flat_map(|(_, items)| items.iter().copied())
        .filter(|q| q["type"] != "self_rating" && q.get("tracks").is_none())
        .collect();
    for extra in 0..n - questions.len() {
        let mut q = evidence[extra % evidence.len()].clone();
        q["id"] = json!(format!("{}-extra-{extra}", last.as_str().unwrap_or("s")));
        q["skill"] = last.clone();
        questions.push(q);
    }
    debug_assert_eq!(questions.len(), n);
    let bank = json!({
        "bank": header,
        "skills": skills,
        "questions": questions,
        "rubric": small["rubric"],
    });
    serde_json::to_string_pretty(&bank).expect("JSON values serialise")
}

/// A complete set of answers for every question of `plan` (rubric questions included,
/// whether or not their `ask_if` holds), as an answers file's `answers` map.
///
/// `ability` in [0, 1] is how often the best answer is picked, so a series of rising
/// abilities gives a history that improves.
pub fn answer_values(
    plan: &Plan,
    ability: f64,
    rng: &mut fastrand::Rng,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for planned in &plan.items {
        let value = match planned.question {
            QuestionRef::Skill(q) => {
                let knows = |rng: &mut fastrand::Rng| rng.f64() < ability;
                match q.kind {
                    QuestionType::SelfRating => {
                        let level = 1.0 + 4.0 * ability + (rng.f64() * 2.0 - 1.0);
                        json!(level.round().clamp(1.0, 5.0) as u8)
                    }
                    QuestionType::Scenario => {
                        let pick = if knows(rng) {
                            q.options
                                .iter()
                                .max_by(|a, b| {
                                    a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0))
                                })
                                .expect("a scenario has options")
                        } else {
                            &q.options[rng.usize(..q.options.len())]
                        };
                        json!(pick.id)
                    }
                    QuestionType::Knowledge => {
                        let pick = if knows(rng) {
                            q.options
                                .iter()
                                .find(|o| o.correct)
                                .unwrap_or(&q.options[0])
                        } else {
                            &q.options[rng.usize(..q.options.len())]
                        };
                        json!(pick.id)
                    }
                    QuestionType::Multi => {
                        let picks: Vec<&str> = q
                            .options
                            .iter()
                            .filter(|o| {
                                let p = if o.correct {
                                    ability
                                } else {
                                    (1.0 - ability) / 2.0
                                };
                                rng.f64() < p
                            })
                            .map(|o| o.id.as_str())
                            .collect();
                        json!(picks)
                    }
                }
            }
            QuestionRef::Prerequisite { question: q, .. } => match q.kind {
                RubricQuestionType::Choice => {
                    json!(q.options[rng.usize(..q.options.len())].id)
                }
                RubricQuestionType::Choices => {
                    let picks: Vec<&str> = q
                        .options
                        .iter()
                        .filter(|_| rng.f64() < 0.4)
                        .map(|o| o.id.as_str())
                        .collect();
                    json!(picks)
                }
                RubricQuestionType::Number => {
                    let lo = q.min.unwrap_or(0.0);
                    let span = (q.max.unwrap_or(lo + 12.0) - lo).min(12.0);
                    json!(lo + (rng.f64() * span * 2.0).round() / 2.0)
                }
                RubricQuestionType::Boolean => json!(rng.bool()),
            },
        };
        out.insert(planned.question.id().to_string(), value);
    }
    out
}

/// A complete answers file for `bank` in `track`, as `tpm-ready quiz --answers` reads it.
pub fn answers_file(bank: &Bank, track: &str, candidate: &str, seed: u64) -> AnswersFile {
    let plan = Plan::new(bank, track, None, None).expect("the track exists");
    let mut rng = fastrand::Rng::with_seed(seed);
    AnswersFile {
        candidate: Some(candidate.to_string()),
        track: Some(track.to_string()),
        answers: answer_values(&plan, 0.6, &mut rng),
        ..AnswersFile::default()
    }
}

/// The first generated report finishes at this time; each later one an hour after.
pub fn first_finish() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-01-05T09:00:00+00:00").expect("a valid time")
}

/// Scores a complete, generated answer set of `ability` into a report, as a scripted
/// run finishing at `finished_at` would.
pub fn report(
    bank: &Bank,
    plan: &Plan,
    candidate: &str,
    ability: f64,
    seed: u64,
    finished_at: DateTime<FixedOffset>,
) -> Report {
    let mut rng = fastrand::Rng::with_seed(seed);
    let file = AnswersFile {
        candidate: Some(candidate.to_string()),
        track: Some(plan.track.clone()),
        answers: answer_values(plan, ability, &mut rng),
        ..AnswersFile::default()
    };
    let responses = answers::interpret(bank, plan, &file, false)
        .unwrap_or_else(|problems| panic!("generated answers are invalid: {problems:?}"));
    Report::build(&RunResult {
        bank,
        plan,
        candidate: candidate.to_string(),
        responses: &responses,
        mode: tpm_ready::report::Mode::Scripted,
        resumed: false,
        started_at: finished_at - Duration::minutes(25),
        finished_at,
    })
}

/// Writes `n` JSON reports of `candidate` (embedded bank, complete answers, one hour
/// apart, ability rising from 0.3 to 0.9 with noise) into `dir/<slug>/`, named as
/// `tpm-ready quiz` names them. Returns the candidate's folder.
pub fn write_reports(dir: &Path, candidate: &str, n: usize, seed: u64) -> io::Result<PathBuf> {
    let bank = Bank::embedded().map_err(io::Error::other)?;
    let plan = Plan::new(&bank, TRACK, None, None).map_err(io::Error::other)?;
    write_reports_with(&bank, &plan, dir, candidate, n, seed)
}

fn write_reports_with(
    bank: &Bank,
    plan: &Plan,
    dir: &Path,
    candidate: &str,
    n: usize,
    seed: u64,
) -> io::Result<PathBuf> {
    let folder = store::candidate_dir(dir, candidate);
    std::fs::create_dir_all(&folder)?;
    let mut noise = fastrand::Rng::with_seed(seed);
    for i in 0..n {
        let trend = if n > 1 {
            i as f64 / (n - 1) as f64
        } else {
            0.5
        };
        let ability = (0.3 + 0.6 * trend + (noise.f64() - 0.5) * 0.2).clamp(0.0, 1.0);
        let at = first_finish() + Duration::hours(i as i64);
        let report = report(
            bank,
            plan,
            candidate,
            ability,
            seed ^ ((i as u64) << 20),
            at,
        );
        let path = folder.join(format!("{}.json", store::report_stem(at)));
        std::fs::write(path, Json.render(&report))?;
    }
    Ok(folder)
}

/// Writes `candidates` candidates with `runs` reports each under `dir`, named
/// `Candidate 0001`, `Candidate 0002`, ... Returns their folders.
pub fn write_cohort(
    dir: &Path,
    candidates: usize,
    runs: usize,
    seed: u64,
) -> io::Result<Vec<PathBuf>> {
    let bank = Bank::embedded().map_err(io::Error::other)?;
    let plan = Plan::new(&bank, TRACK, None, None).map_err(io::Error::other)?;
    (0..candidates)
        .map(|c| {
            let name = format!("Candidate {:04}", c + 1);
            write_reports_with(&bank, &plan, dir, &name, runs, seed.wrapping_add(c as u64))
        })
        .collect()
}
