//! Prerequisite choices: pick any number of options (e.g. the roles held so far).

use serde_json::Value;

use super::{parse_options, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The multiple-choice prerequisite kind.
pub struct Choices;

impl Kind for Choices {
    fn name(&self) -> KindId {
        KindId::Choices
    }

    fn answer_format(&self) -> &'static str {
        "a list of option ids"
    }

    /// A list of options; an exclusive option ("None of these") stands alone, the same
    /// rule as the interactive list.
    fn parse(&self, question: QuestionRef<'_>, value: &Value) -> Result<Answer, String> {
        let picks = parse_options(question, value)?;
        if picks.len() > 1 {
            if let Some(none) = question
                .options()
                .into_iter()
                .find(|o| o.exclusive && picks.iter().any(|p| p == o.id))
            {
                return Err(format!(
                    "option `{}` (\"{}\") cannot be combined with other options; list it alone or leave it out",
                    none.id, none.text
                ));
            }
        }
        Ok(Answer::Choices(picks))
    }

    fn ask(
        &self,
        question: QuestionRef<'_>,
        option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError> {
        super::ask_options(question, option_order, prompter, false)
    }
}
