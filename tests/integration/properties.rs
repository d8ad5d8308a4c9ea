//! Property tests (proptest): scoring stays in range and is monotone, parsers never panic
//! on arbitrary or mutated bytes (our stand-in for a fuzzer that runs in CI), and reports
//! survive a JSON round trip.

use std::collections::HashMap;

use proptest::prelude::*;
use tpm_ready::answer::Answer;
use tpm_ready::answers::AnswersFile;
use tpm_ready::bank::{Bank, QuestionType, RubricQuestionType};
use tpm_ready::question::QuestionRef;
use tpm_ready::report::{Report, RunResult};
use tpm_ready::scoring;
use tpm_ready::session::Plan;

fn bank() -> &'static Bank {
    static BANK: std::sync::OnceLock<Bank> = std::sync::OnceLock::new();
    BANK.get_or_init(|| Bank::embedded().unwrap())
}

/// Turns random numbers into a valid (possibly incomplete) answer set for `plan`.
fn answers_from(plan: &Plan, picks: &[u32]) -> HashMap<String, Answer> {
    let mut answers = HashMap::new();
    for (planned, &pick) in plan.items.iter().zip(picks.iter().cycle()) {
        if pick % 7 == 0 {
            continue; // leave some unanswered
        }
        let id = planned.question.id().to_string();
        let answer = match planned.question {
            QuestionRef::Skill(q) => {
                let n = q.options.len().max(1);
                match q.kind {
                    QuestionType::SelfRating => Answer::Level((pick % 5 + 1) as u8),
                    QuestionType::Scenario | QuestionType::Knowledge => {
                        Answer::Choice(q.options[pick as usize % n].id.clone())
                    }
                    QuestionType::Multi => Answer::Choices(
                        q.options
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| pick >> i & 1 == 1)
                            .map(|(_, o)| o.id.clone())
                            .collect(),
                    ),
                }
            }
            QuestionRef::Prerequisite { question: q, .. } => match q.kind {
                RubricQuestionType::Choice => {
                    Answer::Choice(q.options[pick as usize % q.options.len()].id.clone())
                }
                RubricQuestionType::Choices => Answer::Choices(
                    q.options
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| pick >> i & 1 == 1)
                        .map(|(_, o)| o.id.clone())
                        .collect(),
                ),
                RubricQuestionType::Number => Answer::Number(f64::from(pick % 61)),
                RubricQuestionType::Boolean => Answer::Flag(pick % 2 == 0),
            },
        };
        answers.insert(id, answer);
    }
    answers
}

fn track_strategy() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["general", "front-end", "back-end", "senior"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_in_range(track in track_strategy(), picks in prop::collection::vec(any::<u32>(), 1..120), seed in any::<Option<u64>>()) {
        let bank = bank();
        let plan = Plan::new(bank, track, None, seed).unwrap();
        let answers = answers_from(&plan, &picks);
        let s = scoring::score(bank, &plan, &answers);
        for skill in &s.skills {
            if let Some(score) = skill.score {
                prop_assert!((0.0..=100.0).contains(&score), "{} = {score}", skill.id);
            }
            prop_assert!(skill.gap >= 0.0 && skill.gap <= skill.target);
            if let Some(rating) = skill.self_rating {
                prop_assert!((0.0..=100.0).contains(&rating));
            }
        }
        prop_assert!((0.0..=100.0).contains(&s.readiness.score));
        prop_assert!(bank.meta.verdicts.iter().any(|v| v.id == s.readiness.verdict));
        prop_assert!(s.gaps.windows(2).all(|w| w[0].priority >= w[1].priority));
    }

    #[test]
    fn improving_one_answer_never_lowers_its_skill(track in track_strategy(), picks in prop::collection::vec(any::<u32>(), 1..120), which in any::<prop::sample::Index>()) {
        let bank = bank();
        let plan = Plan::new(bank, track, None, None).unwrap();
        let mut answers = answers_from(&plan, &picks);
        let evidence: Vec<&tpm_ready::bank::Question> = plan.skill_questions().filter(|q| q.kind.is_evidence()).collect();
        let q = *which.get(&evidence);
        let before = scoring::score(bank, &plan, &answers);
        let best = match q.kind {
            QuestionType::Scenario => Answer::Choice(q.options.iter().max_by(|a, b| a.score.unwrap().total_cmp(&b.score.unwrap())).unwrap().id.clone()),
            QuestionType::Knowledge => Answer::Choice(q.options.iter().find(|o| o.correct).unwrap().id.clone()),
            _ => Answer::Choices(q.options.iter().filter(|o| o.correct).map(|o| o.id.clone()).collect()),
        };
        let had = answers.contains_key(&q.id);
        answers.insert(q.id.clone(), best);
        let after = scoring::score(bank, &plan, &answers);
        let skill = |s: &scoring::Scores| s.skills.iter().find(|k| k.id == q.skill).unwrap().score;
        if had {
            prop_assert!(skill(&after).unwrap() >= skill(&before).unwrap(), "{}: {:?} -> {:?}", q.id, skill(&before), skill(&after));
        }
        prop_assert!(after.readiness.score >= before.readiness.score || !had);
    }

    #[test]
    fn report_survives_a_json_round_trip(track in track_strategy(), picks in prop::collection::vec(any::<u32>(), 1..120)) {
        let bank = bank();
        let plan = Plan::new(bank, track, None, Some(1)).unwrap();
        let answers = answers_from(&plan, &picks);
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05+01:00").unwrap();
        let seconds: HashMap<String, f64> = answers.keys().map(|k| (k.clone(), 2.5)).collect();
        let evidence: HashMap<String, String> = answers.keys().take(2).map(|k| (k.clone(), format!("note <{k}> & \"quotes\""))).collect();
        let responses = tpm_ready::answer::Responses { answers, seconds, evidence, ..Default::default() };
        let report = Report::build(&RunResult {
            bank, plan: &plan, candidate: "Prop Test".into(), responses: &responses,
            mode: tpm_ready::report::Mode::Interactive, resumed: false, started_at: at, finished_at: at,
        });
        let text = serde_json::to_string_pretty(&report).unwrap();
        let back: Report = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, report);
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Bank::from_json("fuzz.json", &bytes);
        let _ = AnswersFile::parse(std::path::Path::new("fuzz.json"), &bytes);
    }
}

/// Cases for the bank-loader properties: 400 in CI; set `TPM_FUZZ_CASES` to fuzz longer.
fn fuzz_cases() -> u32 {
    std::env::var("TPM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

/// Structure-aware mutation of a valid bank: flip, insert and delete bytes of the small
/// fixture bank, so inputs get deep into validation, not only the JSON tokenizer.
fn mutated_bank() -> impl Strategy<Value = Vec<u8>> {
    let base = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/banks/small.json"
    ))
    .unwrap();
    let len = base.len();
    prop::collection::vec((0..len, any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
        let mut bytes = base.clone();
        for (at, byte, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        bytes
    })
}

/// Swaps JSON values for other plausible ones (numbers out of range, wrong types, empty
/// strings and lists) at random places, keeping the document valid JSON.
fn value_swaps() -> impl Strategy<Value = Vec<(prop::sample::Index, u8)>> {
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..6)
}

fn count_leaves(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => map.values().map(count_leaves).sum(),
        serde_json::Value::Array(items) => items.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

/// Replaces the `n`th leaf (depth first); returns how many leaves it passed.
fn replace_leaf(v: &mut serde_json::Value, n: usize, with: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut seen = 0;
            for child in map.values_mut() {
                seen += replace_leaf(child, n.wrapping_sub(seen), with);
                if seen > n {
                    break;
                }
            }
            seen
        }
        serde_json::Value::Array(items) => {
            let mut seen = 0;
            for child in items.iter_mut() {
                seen += replace_leaf(child, n.wrapping_sub(seen), with);
                if seen > n {
                    break;
                }
            }
            seen
        }
        leaf => {
            if n == 0 {
                *leaf = with.clone();
            }
            1
        }
    }
}

fn swap_values(value: &mut serde_json::Value, swaps: &[(prop::sample::Index, u8)]) {
    for (index, kind) in swaps {
        let with = match kind {
            0 => serde_json::json!(-1),
            1 => serde_json::json!(1.5),
            2 => serde_json::json!(""),
            3 => serde_json::json!([]),
            4 => serde_json::json!(null),
            5 => serde_json::json!(1e308),
            6 => serde_json::json!("talk-1"),
            _ => serde_json::json!(true),
        };
        let n = index.index(count_leaves(value).max(1));
        replace_leaf(value, n, &with);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    #[test]
    fn bank_loader_never_panics_on_mutated_banks(bytes in mutated_bank()) {
        if let Ok(bank) = Bank::from_json("mutated.json", &bytes) {
            // Whatever validation lets through must be usable end to end.
            for track in bank.track_ids() {
                let plan = Plan::new(&bank, track, None, Some(7)).unwrap();
                let _ = scoring::score(&bank, &plan, &HashMap::new());
            }
        }
    }

    #[test]
    fn bank_loader_never_panics_on_swapped_values(swaps in value_swaps()) {
        let mut value: serde_json::Value = serde_json::from_str(include_str!("../fixtures/banks/small.json")).unwrap();
        swap_values(&mut value, &swaps);
        let bytes = serde_json::to_vec(&value).unwrap();
        if let Ok(bank) = Bank::from_json("swapped.json", &bytes) {
            for track in bank.track_ids() {
                let plan = Plan::new(&bank, track, None, None).unwrap();
                let answers = answers_from(&plan, &[1, 2, 3, 4, 5]);
                let s = scoring::score(&bank, &plan, &answers);
                prop_assert!((0.0..=100.0).contains(&s.readiness.score));
            }
        }
    }
}
