//! Prerequisite number: a value within the question's `min`..=`max` (e.g. years in
//! related roles).

use serde_json::Value;

use super::{describe, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The number prerequisite kind.
pub struct Number;

impl Kind for Number {
    fn name(&self) -> KindId {
        KindId::Number
    }

    fn answer_format(&self) -> &'static str {
        "a number"
    }

    fn parse(&self, question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        let x = value
            .as_f64()
            .ok_or_else(|| format!("expected a number, found {}", describe(value)))?;
        let (min, max, unit) = bounds(question);
        let (lo, hi) = (min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX));
        if (lo..=hi).contains(&x) {
            Ok(Answer::Number(x))
        } else {
            Err(format!(
                "{x} is outside {lo}-{hi}{}",
                unit.map_or(String::new(), |u| format!(" {u}"))
            ))
        }
    }

    fn ask(
        &self,
        question: QuestionRef<'_>,
        _option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        let (min, max, unit) = bounds(question);
        let label = unit.map_or_else(|| "Number".to_string(), |u| format!("Number of {u}"));
        prompter
            .number(&label, unit, min.unwrap_or(0.0), max.unwrap_or(f64::MAX))
            .map(Answer::Number)
    }

    /// The number with its unit.
    fn answer_text(&self, question: QuestionRef<'_>, answer: &Answer) -> String {
        match (answer, bounds(question).2) {
            (Answer::Number(x), Some(unit)) => format!("{x} {unit}"),
            (Answer::Number(x), None) => x.to_string(),
            (other, _) => super::default_answer_text(question, other),
        }
    }
}

/// The question's smallest and largest accepted numbers and its unit.
fn bounds(question: QuestionRef<'_>) -> (Option<f64>, Option<f64>, Option<&str>) {
    match question {
        QuestionRef::Prerequisite { question, .. } => {
            (question.min, question.max, question.unit.as_deref())
        }
        QuestionRef::Skill(_) => (None, None, None),
    }
}
