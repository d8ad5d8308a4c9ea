//! Prerequisite choice: pick one option; the criterion's rules decide what it means.

use serde_json::Value;

use super::{parse_option, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The single-choice prerequisite kind.
pub struct Choice;

impl Kind for Choice {
    fn name(&self) -> KindId {
        KindId::Choice
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
        super::ask_option(question, option_order, prompter, false)
    }
}
