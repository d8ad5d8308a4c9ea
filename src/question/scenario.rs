//! Scenario (situational judgement): every option has a score in [0, 1] set by a panel.

use serde_json::Value;

use super::{parse_option, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The scenario kind.
pub struct Scenario;

impl Kind for Scenario {
    fn name(&self) -> KindId {
        KindId::Scenario
    }

    fn is_evidence(&self) -> bool {
        true
    }

    fn shuffles_options(&self) -> bool {
        true
    }

    fn answer_format(&self) -> &'static str {
        "one option id"
    }

    fn parse(&self, question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        parse_option(question, value).map(Answer::Choice)
    }

    fn ask(
        &self,
        question: QuestionRef<'_>,
        option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        super::ask_option(question, option_order, prompter, true)
    }

    fn score(&self, question: QuestionRef<'_>, answer: &Answer) -> Option<f64> {
        Some(match answer {
            Answer::Choice(id) => question.option(id).and_then(|o| o.score).unwrap_or(0.0),
            _ => 0.0,
        })
    }

    /// The mean of the option scores.
    fn chance(&self, question: QuestionRef<'_>) -> Option<f64> {
        let options = question.options();
        let n = options.len();
        (n > 0).then(|| options.iter().filter_map(|o| o.score).sum::<f64>() / n as f64)
    }

    fn best_answer(&self, question: QuestionRef<'_>) -> Option<String> {
        question
            .options()
            .into_iter()
            .max_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)))
            .map(|o| o.text.to_string())
    }

    /// The chosen option's own feedback.
    fn feedback(&self, question: QuestionRef<'_>, answer: &Answer) -> Option<String> {
        let Answer::Choice(id) = answer else {
            return None;
        };
        question
            .option(id)
            .and_then(|o| o.feedback.map(str::to_string))
    }
}
