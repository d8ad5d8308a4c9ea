//! Prerequisite yes/no question.

use serde_json::Value;

use super::{describe, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The yes/no prerequisite kind.
pub struct Boolean;

impl Kind for Boolean {
    fn name(&self) -> KindId {
        KindId::Boolean
    }

    fn answer_format(&self) -> &'static str {
        "true or false"
    }

    fn parse(&self, _question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        value
            .as_bool()
            .map(Answer::Flag)
            .ok_or_else(|| format!("expected true or false, found {}", describe(value)))
    }

    fn ask(
        &self,
        _question: QuestionRef<'_>,
        _option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        prompter.confirm("Yes or no?").map(Answer::Flag)
    }

    fn answer_text(&self, question: QuestionRef<'_>, answer: &Answer) -> String {
        match answer {
            Answer::Flag(b) => if *b { "Yes" } else { "No" }.into(),
            other => super::default_answer_text(question, other),
        }
    }
}
