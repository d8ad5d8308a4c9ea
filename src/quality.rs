//! Response-quality flags: patterns that make a result unreliable (the same screen
//! position picked again and again, self-ratings all alike, answers faster than reading).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::bank::{Bank, QuestionType};
use crate::session::Plan;

/// The id of the quality flag raised when answers score about what guessing would.
pub const NEAR_CHANCE: &str = "near_chance";

/// The kinds of doubt a result can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagId {
    /// The same screen position picked again and again.
    SamePosition,
    /// Every self-rating at one level.
    UniformSelfRatings,
    /// Answers faster than the questions can be read.
    TooFast,
    /// The evidence as a whole is not clearly above what guessing would score.
    NearChance,
}

impl FlagId {
    /// The id used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SamePosition => "same_position",
            Self::UniformSelfRatings => "uniform_self_ratings",
            Self::TooFast => "too_fast",
            Self::NearChance => NEAR_CHANCE,
        }
    }
}

impl std::fmt::Display for FlagId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason to doubt a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QualityFlag {
    /// `same_position`, `uniform_self_ratings`, `too_fast` or `near_chance`.
    pub id: FlagId,
    /// What was seen and what it means.
    pub message: String,
}

/// Checks a run. `seconds` holds per-question answer times (interactive runs only).
pub fn check(
    bank: &Bank,
    plan: &Plan,
    answers: &HashMap<String, Answer>,
    seconds: &HashMap<String, f64>,
) -> Vec<QualityFlag> {
    let rules = &bank.meta.quality;
    let mut flags = Vec::new();

    let mut positions = Vec::new();
    let mut levels = Vec::new();
    for planned in &plan.items {
        let Some(q) = planned.question.skill_question() else {
            continue;
        };
        match (q.kind, answers.get(&q.id)) {
            (QuestionType::Scenario | QuestionType::Knowledge, Some(Answer::Choice(id))) => {
                if let Some(pos) = planned
                    .option_order
                    .iter()
                    .position(|&o| q.options.get(o).is_some_and(|o| &o.id == id))
                {
                    positions.push(pos);
                }
            }
            (QuestionType::SelfRating, Some(Answer::Level(l))) => levels.push(*l),
            _ => {}
        }
    }
    let (run, position) = longest_run(&positions);
    if run >= rules.max_same_position_run {
        flags.push(QualityFlag {
            id: FlagId::SamePosition,
            message: format!(
                "{run} single-choice answers in a row picked the option in position {}; the result may reflect answering habit more than judgement.",
                position + 1
            ),
        });
    }
    if levels.len() >= 4 && levels.windows(2).all(|w| w[0] == w[1]) {
        flags.push(QualityFlag {
            id: FlagId::UniformSelfRatings,
            message: format!(
                "All {} self-ratings were level {}; self-ratings that never vary say little about real strengths and gaps.",
                levels.len(),
                levels[0]
            ),
        });
    }
    let timed: Vec<f64> = plan
        .items
        .iter()
        .filter(|p| p.question.is_evidence())
        .filter_map(|p| seconds.get(p.question.id()).copied())
        .collect();
    let fast = timed
        .iter()
        .filter(|&&s| s < rules.min_seconds_per_item)
        .count();
    if timed.len() >= 3 && fast as f64 >= rules.max_fast_share * timed.len() as f64 && fast > 0 {
        flags.push(QualityFlag {
            id: FlagId::TooFast,
            message: format!(
                "{fast} of {} scenario and knowledge answers came in under {} seconds, faster than the questions can be read; the result may be unreliable.",
                timed.len(),
                rules.min_seconds_per_item
            ),
        });
    }
    flags
}

/// Length and value of the longest run of equal values.
fn longest_run(values: &[usize]) -> (usize, usize) {
    let (mut best, mut best_value, mut current) = (0, 0, 0);
    for (i, &v) in values.iter().enumerate() {
        current = if i > 0 && values[i - 1] == v {
            current + 1
        } else {
            1
        };
        if current > best {
            best = current;
            best_value = v;
        }
    }
    (best, best_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_ids_in_text_are_the_ids_in_files() {
        for id in [
            FlagId::SamePosition,
            FlagId::UniformSelfRatings,
            FlagId::TooFast,
            FlagId::NearChance,
        ] {
            assert_eq!(serde_json::to_value(id).unwrap(), id.as_str(), "{id:?}");
            assert_eq!(id.to_string(), id.as_str());
        }
    }

    #[test]
    fn longest_run_finds_the_streak() {
        assert_eq!(longest_run(&[]), (0, 0));
        assert_eq!(longest_run(&[1, 0, 0, 0, 2, 2]), (3, 0));
        assert_eq!(longest_run(&[3, 3]), (2, 3));
    }
}
