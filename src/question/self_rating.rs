//! Self-rating: a behaviourally anchored level 1-5 on the skill's own scale. Reported
//! beside the evidence and checked against it, never scored as evidence.

use serde_json::Value;

use super::{describe, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The self-rating kind.
pub struct SelfRating;

impl Kind for SelfRating {
    fn name(&self) -> KindId {
        KindId::SelfRating
    }

    fn answer_format(&self) -> &'static str {
        "a level from 1 to 5"
    }

    fn parse(&self, _question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        match value.as_f64() {
            Some(x) if x.fract() == 0.0 && (1.0..=5.0).contains(&x) => Ok(Answer::Level(x as u8)),
            Some(x) => Err(format!("level {x} is outside 1-5")),
            None => Err(format!("expected a level 1-5, found {}", describe(value))),
        }
    }

    fn ask(
        &self,
        question: QuestionRef<'_>,
        _option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        let items: Vec<String> = question
            .levels()
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}. {l}", i + 1))
            .collect();
        let picked = prompter.select("Which level describes you best?", &items, false)?;
        Ok(Answer::Level(u8::try_from(picked + 1).unwrap_or(5)))
    }

    /// The level on the evidence scale (level 1 is 0, level 5 is 1), shown beside the
    /// answer in reports; never counted as evidence, which has no chance level here.
    fn score(&self, _question: QuestionRef<'_>, answer: &Answer) -> Option<f64> {
        Some(match answer {
            Answer::Level(l) => f64::from(l.saturating_sub(1).min(4)) / 4.0,
            _ => 0.0,
        })
    }

    fn answer_text(&self, question: QuestionRef<'_>, answer: &Answer) -> String {
        match answer {
            Answer::Level(l) => format!(
                "Level {l}: {}",
                question
                    .levels()
                    .get(usize::from(*l).saturating_sub(1))
                    .map_or("", String::as_str)
            ),
            other => super::default_answer_text(question, other),
        }
    }
}
