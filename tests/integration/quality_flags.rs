//! Response-quality flags (`quality::check`): each flag fires exactly at its threshold
//! and not one step below. The fixture bank's rules: a run of 4 same-position picks,
//! answers under 1.0 s counted as too fast, and a fast share of 0.5.

use std::collections::HashMap;

use tpm_ready::answer::Answer;
use tpm_ready::bank::{Bank, QuestionType};
use tpm_ready::quality::{check, QualityFlag};
use tpm_ready::question::QuestionRef;
use tpm_ready::session::Plan;

use crate::common::fixture;

/// The small bank, with `extra_ratings` more self-ratings (copies of `talk-1`) and
/// `extra_choices` more single-choice questions (copies of `talk-2`).
fn bank_with(extra_ratings: usize, extra_choices: usize) -> Bank {
    let mut bank = Bank::load(&fixture("banks/small.json")).unwrap();
    let rating = bank.questions.iter().find(|q| q.id == "talk-1").unwrap();
    let choice = bank.questions.iter().find(|q| q.id == "talk-2").unwrap();
    let mut extra = Vec::new();
    for i in 0..extra_ratings {
        let mut q = rating.clone();
        q.id = format!("rating-{i}");
        extra.push(q);
    }
    for i in 0..extra_choices {
        let mut q = choice.clone();
        q.id = format!("choice-{i}");
        extra.push(q);
    }
    bank.questions.extend(extra);
    bank
}

/// A shuffled plan (seed 7), so screen positions differ from option ids.
fn plan(bank: &Bank) -> Plan<'_> {
    Plan::new(bank, "general", None, Some(7)).unwrap()
}

/// Ids of the planned questions of `kinds`, in the order asked.
fn asked(plan: &Plan, kinds: &[QuestionType]) -> Vec<String> {
    plan.items
        .iter()
        .filter_map(|p| p.question.skill_question())
        .filter(|q| kinds.contains(&q.kind))
        .map(|q| q.id.clone())
        .collect()
}

/// The answer that picks the option shown at screen position `position` of `id`.
fn at_position(plan: &Plan, id: &str, position: usize) -> Answer {
    let planned = plan.items.iter().find(|p| p.question.id() == id).unwrap();
    let QuestionRef::Skill(q) = planned.question else {
        panic!("{id} is not a skill question")
    };
    Answer::Choice(q.options[planned.option_order[position]].id.clone())
}

fn ids(flags: &[QualityFlag]) -> Vec<&str> {
    flags.iter().map(|f| f.id.as_str()).collect()
}

const SINGLE: [QuestionType; 2] = [QuestionType::Scenario, QuestionType::Knowledge];

/// Answers every single-choice question at position 1, except those in `at_zero`
/// (by index among the single-choice questions), which go to position 0.
fn positions(plan: &Plan, at_zero: &[usize]) -> HashMap<String, Answer> {
    asked(plan, &SINGLE)
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let position = usize::from(!at_zero.contains(&i));
            (id.clone(), at_position(plan, id, position))
        })
        .collect()
}

#[test]
fn same_position_fires_at_a_run_of_exactly_the_threshold() {
    // General track single-choice questions: talk-2, talk-3, plan-2, plan-3 and three
    // copies of talk-2 = 7. Threshold 4.
    let bank = bank_with(0, 3);
    let plan = plan(&bank);
    assert_eq!(asked(&plan, &SINGLE).len(), 7);
    // Positions 1,0,0,0,0,1,1: a run of 4 at position 0 (= the threshold) fires.
    let answers = positions(&plan, &[1, 2, 3, 4]);
    let flags = check(&bank, &plan, &answers, &HashMap::new());
    assert_eq!(ids(&flags), ["same_position"]);
    assert_eq!(
        flags[0].message,
        "4 single-choice answers in a row picked the option in position 1; the result may reflect answering habit more than judgement."
    );
    // The longest run is at position 1 (0-based), so the message says position 2:
    // 0,1,1,1,1,1,0 is a run of 5.
    let answers = positions(&plan, &[0, 6]);
    let flags = check(&bank, &plan, &answers, &HashMap::new());
    assert!(
        flags[0].message.starts_with("5 single-choice answers")
            && flags[0].message.contains("position 2;"),
        "{}",
        flags[0].message
    );
}

#[test]
fn same_position_does_not_fire_one_below_the_threshold() {
    let bank = bank_with(0, 3);
    let plan = plan(&bank);
    // Positions 0,0,0,1,0,0,0: two runs of 3 at position 0, one below the threshold of
    // 4 (and 6 picks at that position in all, so it is the run that counts, not the total).
    let answers = positions(&plan, &[0, 1, 2, 4, 5, 6]);
    assert!(check(&bank, &plan, &answers, &HashMap::new()).is_empty());
    // Positions 1,0,1,0,1,0,1: no run longer than 1.
    let answers = positions(&plan, &[1, 3, 5]);
    assert!(check(&bank, &plan, &answers, &HashMap::new()).is_empty());
}

#[test]
fn same_position_counts_screen_positions_not_option_ids() {
    // With a shuffle, the same option id sits at different positions. Four answers
    // "a" are not a same-position run unless "a" was shown at the same place each time.
    let bank = bank_with(0, 3);
    let plan = plan(&bank);
    let single = asked(&plan, &SINGLE);
    let all_a: HashMap<String, Answer> = single
        .iter()
        .map(|id| (id.clone(), Answer::Choice("a".into())))
        .collect();
    let where_a: Vec<usize> = single
        .iter()
        .map(|id| {
            (0..3)
                .find(|&p| at_position(&plan, id, p) == Answer::Choice("a".into()))
                .unwrap()
        })
        .collect();
    let longest = where_a
        .chunk_by(|x, y| x == y)
        .map(<[usize]>::len)
        .max()
        .unwrap();
    assert!(longest < 4, "seed 7 must spread `a` around: {where_a:?}");
    assert!(check(&bank, &plan, &all_a, &HashMap::new()).is_empty());
}

/// Self-ratings: every one at `level`, except the first at `first`.
fn ratings(plan: &Plan, first: u8, level: u8) -> HashMap<String, Answer> {
    asked(plan, &[QuestionType::SelfRating])
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, Answer::Level(if i == 0 { first } else { level })))
        .collect()
}

#[test]
fn uniform_self_ratings_fires_at_four_equal_ratings() {
    // talk-1, plan-1 and two copies = 4 self-ratings, all level 3.
    let bank = bank_with(2, 0);
    let plan = plan(&bank);
    let flags = check(&bank, &plan, &ratings(&plan, 3, 3), &HashMap::new());
    assert_eq!(ids(&flags), ["uniform_self_ratings"]);
    assert_eq!(
        flags[0].message,
        "All 4 self-ratings were level 3; self-ratings that never vary say little about real strengths and gaps."
    );
}

#[test]
fn uniform_self_ratings_needs_four_ratings() {
    // Three equal ratings are one below the minimum of 4: no flag.
    let bank = bank_with(1, 0);
    let plan = plan(&bank);
    assert_eq!(asked(&plan, &[QuestionType::SelfRating]).len(), 3);
    assert!(check(&bank, &plan, &ratings(&plan, 5, 5), &HashMap::new()).is_empty());
}

#[test]
fn uniform_self_ratings_does_not_fire_when_one_differs() {
    // Four ratings, the first 2 and the rest 4: not uniform. And the other way round
    // (only the last differs) is checked by making the first equal and one later differ.
    let bank = bank_with(2, 0);
    let plan = plan(&bank);
    assert!(check(&bank, &plan, &ratings(&plan, 2, 4), &HashMap::new()).is_empty());
    let mut answers = ratings(&plan, 4, 4);
    let last = asked(&plan, &[QuestionType::SelfRating]).pop().unwrap();
    answers.insert(last, Answer::Level(1));
    assert!(check(&bank, &plan, &answers, &HashMap::new()).is_empty());
}

/// Seconds for the evidence questions (scenario, knowledge, multi): the first `fast`
/// get `quick` seconds, the rest 30.
fn timings(plan: &Plan, fast: usize, quick: f64) -> HashMap<String, f64> {
    let evidence = [
        QuestionType::Scenario,
        QuestionType::Knowledge,
        QuestionType::Multi,
    ];
    asked(plan, &evidence)
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, if i < fast { quick } else { 30.0 }))
        .collect()
}

#[test]
fn too_fast_fires_at_exactly_the_fast_share() {
    // 6 evidence items in the general track; share 0.5 -> 0.5 * 6 = 3 fast answers fire.
    let bank = bank_with(0, 0);
    let plan = plan(&bank);
    let seconds = timings(&plan, 3, 0.4);
    assert_eq!(seconds.len(), 6);
    let flags = check(&bank, &plan, &HashMap::new(), &seconds);
    assert_eq!(ids(&flags), ["too_fast"]);
    assert_eq!(
        flags[0].message,
        "3 of 6 scenario and knowledge answers came in under 1 seconds, faster than the questions can be read; the result may be unreliable."
    );
}

#[test]
fn too_fast_does_not_fire_one_below_the_fast_share() {
    // 2 fast of 6: 2 < 3.
    let bank = bank_with(0, 0);
    let plan = plan(&bank);
    let seconds = timings(&plan, 2, 0.4);
    assert!(check(&bank, &plan, &HashMap::new(), &seconds).is_empty());
}

#[test]
fn too_fast_means_strictly_under_the_minimum_seconds() {
    // 3 of 6 at exactly 1.0 s (the minimum) are not fast; at 0.99 s they are.
    let bank = bank_with(0, 0);
    let plan = plan(&bank);
    assert!(check(&bank, &plan, &HashMap::new(), &timings(&plan, 3, 1.0)).is_empty());
    assert_eq!(
        ids(&check(
            &bank,
            &plan,
            &HashMap::new(),
            &timings(&plan, 3, 0.99)
        )),
        ["too_fast"]
    );
}

#[test]
fn too_fast_needs_three_timed_answers() {
    // Two timed answers, both fast (100 %): too few to judge. Three, all fast: flagged.
    let bank = bank_with(0, 0);
    let plan = plan(&bank);
    let all = timings(&plan, 6, 0.2);
    let evidence: Vec<String> = asked(
        &plan,
        &[
            QuestionType::Scenario,
            QuestionType::Knowledge,
            QuestionType::Multi,
        ],
    );
    let some = |n: usize| -> HashMap<String, f64> {
        evidence[..n]
            .iter()
            .map(|id| (id.clone(), all[id]))
            .collect()
    };
    assert!(check(&bank, &plan, &HashMap::new(), &some(2)).is_empty());
    assert_eq!(
        ids(&check(&bank, &plan, &HashMap::new(), &some(3))),
        ["too_fast"]
    );
}

#[test]
fn too_fast_ignores_self_ratings_and_needs_one_fast_answer() {
    let mut bank = bank_with(0, 0);
    let plan = plan(&bank);
    // 2 fast of 6 evidence items (no flag); the 2 self-ratings are fast too, but do not
    // count: counted, it would be 4 of 8 >= 0.5 * 8 and the flag would fire.
    let mut seconds = timings(&plan, 2, 0.3);
    for id in asked(&plan, &[QuestionType::SelfRating]) {
        seconds.insert(id, 0.1);
    }
    assert!(check(&bank, &plan, &HashMap::new(), &seconds).is_empty());
    // A share of 0 would let "0 fast of 6" pass the share test; it still needs one.
    bank.meta.quality.max_fast_share = 0.0;
    let plan = self::plan(&bank);
    let slow = timings(&plan, 0, 0.0);
    assert!(check(&bank, &plan, &HashMap::new(), &slow).is_empty());
}

#[test]
fn clean_runs_have_no_flags_and_flags_come_in_a_fixed_order() {
    let bank = bank_with(2, 3);
    let plan = plan(&bank);
    // Varied positions, varied ratings, slow answers: nothing.
    let mut answers = positions(&plan, &[1, 3, 5]);
    answers.extend(ratings(&plan, 1, 4));
    assert!(check(&bank, &plan, &answers, &timings(&plan, 0, 0.0)).is_empty());
    // Everything wrong at once: all three flags, in the documented order.
    let mut answers = positions(&plan, &[0, 1, 2, 3, 4, 5, 6]);
    answers.extend(ratings(&plan, 2, 2));
    let flags = check(&bank, &plan, &answers, &timings(&plan, 9, 0.1));
    assert_eq!(
        ids(&flags),
        ["same_position", "uniform_self_ratings", "too_fast"]
    );
}
