//! The interactive quiz: walks the plan, asks each question through a [`Prompter`] and
//! records typed answers with the time each took.

use std::time::Instant;

use crate::answer::{Answer, Responses};
use crate::bank::Bank;
use crate::prompt::{PromptError, Prompter};
use crate::question::QuestionRef;
use crate::session::Plan;

/// Asks every planned question not yet answered in `responses`, calling `saved` after
/// each answer (to save progress). Stops at the first abort or terminal error.
pub fn ask_all<E>(
    bank: &Bank,
    plan: &Plan,
    ask_certainty: bool,
    prompter: &dyn Prompter,
    responses: &mut Responses,
    mut saved: impl FnMut(&Responses) -> Result<(), E>,
) -> Result<(), AskError<E>> {
    let mut section = "";
    let mut in_rubric = false;
    for (n, planned) in plan.items.iter().enumerate() {
        let question = planned.question;
        let id = question.id();
        if responses.answers.contains_key(id) || !plan.is_asked(question, &responses.answers) {
            continue;
        }
        let this_section = question.section_name(bank);
        if this_section != section {
            section = this_section;
            if let (QuestionRef::Prerequisite { .. }, false) = (question, in_rubric) {
                in_rubric = true;
                prompter.part(
                    "Prerequisites",
                    "These questions are about your background. They are reported as prerequisites beside your skills, not mixed into the skills score.",
                );
            }
            let description = question
                .skill_id()
                .and_then(|id| bank.skill(id))
                .map(|skill| skill.description.as_str());
            prompter.section(section, description);
        }
        prompter.say("");
        // Questions before this one are behind (answered or not asked); this one is not.
        prompter.progress(n as u64, plan.items.len() as u64, this_section);
        let started = Instant::now();
        prompter.question(question.prompt());
        let answer = question
            .kind()
            .ask(question, &planned.option_order, prompter)
            .map_err(AskError::Prompt)?;
        responses
            .seconds
            .insert(id.to_string(), started.elapsed().as_secs_f64());
        let is_rating = matches!(answer, Answer::Level(_));
        let is_evidence = question.is_evidence();
        responses.answers.insert(id.to_string(), answer);
        // Saved before the optional note, so stopping at the note keeps the rating.
        saved(responses).map_err(AskError::Save)?;
        if ask_certainty && is_evidence {
            let levels: Vec<String> = crate::cbm::LEVELS
                .iter()
                .map(|(_, label, right, wrong, _)| {
                    format!("{label}: {right:+} if right, {wrong:+} if wrong")
                })
                .collect();
            let picked = prompter
                .select(crate::cbm::QUESTION, &levels, false)
                .map_err(AskError::Prompt)?;
            responses
                .certainty
                .insert(id.to_string(), u8::try_from(picked + 1).unwrap_or(1));
            saved(responses).map_err(AskError::Save)?;
        }
        if is_rating {
            // A short prompt with the hint above it: a long prompt leaves little room
            // before the typed text wraps.
            let note = prompter
                .optional_text(
                    "Example",
                    "An example from your work that shows this level (optional, Enter skips)",
                )
                .map_err(AskError::Prompt)?;
            if let Some(note) = note {
                // One line of text, cleaned, at most the evidence limit.
                let mut note = crate::clean::line(&note);
                if note.len() > crate::input::MAX_EVIDENCE_BYTES {
                    let mut end = crate::input::MAX_EVIDENCE_BYTES;
                    while !note.is_char_boundary(end) {
                        end -= 1;
                    }
                    note.truncate(end);
                }
                responses.evidence.insert(id.to_string(), note);
                saved(responses).map_err(AskError::Save)?;
            }
        }
    }
    Ok(())
}

/// Why the quiz stopped early.
#[derive(Debug, thiserror::Error)]
pub enum AskError<E> {
    /// The prompt failed or the user aborted.
    #[error(transparent)]
    Prompt(PromptError),
    /// Saving progress failed.
    #[error(transparent)]
    Save(E),
}
