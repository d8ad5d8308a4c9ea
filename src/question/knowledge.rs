//! Knowledge: one correct option; recall of facts a TPM works with.

use serde_json::Value;

use super::{join_sentences, parse_option, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The knowledge kind.
pub struct Knowledge;

impl Kind for Knowledge {
    fn name(&self) -> KindId {
        KindId::Knowledge
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
        let right =
            matches!(answer, Answer::Choice(id) if question.option(id).is_some_and(|o| o.correct));
        Some(f64::from(u8::from(right)))
    }

    /// The share of options that are correct.
    fn chance(&self, question: QuestionRef<'_>) -> Option<f64> {
        let options = question.options();
        let n = options.len();
        (n > 0).then(|| options.iter().filter(|o| o.correct).count() as f64 / n as f64)
    }

    fn best_answer(&self, question: QuestionRef<'_>) -> Option<String> {
        Some(super::correct_texts(question))
    }

    /// Right or not, the chosen option's feedback, then the explanation.
    fn feedback(&self, question: QuestionRef<'_>, answer: &Answer) -> Option<String> {
        let Answer::Choice(id) = answer else {
            return None;
        };
        let chosen = question.option(id);
        let verdict = if chosen.is_some_and(|o| o.correct) {
            "Correct."
        } else {
            "Not quite."
        };
        join_sentences(vec![
            verdict.into(),
            chosen.and_then(|o| o.feedback).unwrap_or_default().into(),
            question.explanation().unwrap_or_default().into(),
        ])
    }
}
