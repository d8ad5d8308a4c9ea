//! Prerequisite choices: pick any number of options (e.g. the roles held so far).

use serde_json::Value;

use super::{parse_options, Kind, QuestionRef, SELECT_ALL};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The multiple-choice prerequisite kind.
pub struct Choices;

impl Kind for Choices {
    fn name(&self) -> &'static str {
        "choices"
    }

    fn answer_format(&self) -> &'static str {
        "a list of option ids"
    }

    fn parse(&self, question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        parse_options(question, value).map(Answer::Choices)
    }

    fn ask(
        &self,
        question: QuestionRef<'_>,
        option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        let items = super::texts_in_order(question, option_order);
        let picked = prompter.multi_select(SELECT_ALL, &items, false)?;
        Ok(Answer::Choices(
            picked
                .into_iter()
                .map(|p| super::picked_id(question, option_order, p))
                .collect(),
        ))
    }
}
