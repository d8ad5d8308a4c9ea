//! The interactive quiz: walks the plan, asks each question through a [`Prompter`] and
//! records typed answers with the time each took.

use std::time::Instant;

use crate::answers::Answer;
use crate::bank::{Bank, QuestionType, RubricQuestionType};
use crate::prompt::{PromptError, Prompter};
use crate::session::{Item, Plan};

pub use crate::answers::Responses;

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
        let id = planned.item.id(bank);
        if responses.answers.contains_key(id)
            || !plan.is_asked(bank, &planned.item, &responses.answers)
        {
            continue;
        }
        let this_section = planned.item.section(bank);
        if this_section != section {
            section = this_section;
            if let (Item::Rubric { .. }, false) = (planned.item, in_rubric) {
                in_rubric = true;
                prompter.say("");
                prompter.say(
                    &console::style("Prerequisites")
                        .bold()
                        .underlined()
                        .to_string(),
                );
                prompter.say(
                    "These questions are about your background. They are reported as prerequisites beside your skills, not mixed into the skills score.",
                );
            }
            prompter.say("");
            prompter.say(
                &console::style(format!("── {section} ──"))
                    .cyan()
                    .bold()
                    .to_string(),
            );
            if let Item::Skill(q) = planned.item {
                if let Some(skill) = bank.skill(&bank.questions[q].skill) {
                    prompter.say(&console::style(&skill.description).dim().to_string());
                }
            }
        }
        prompter.say("");
        // Questions before this one are behind (answered or not asked); this one is not.
        prompter.progress(n as u64, this_section);
        let started = Instant::now();
        let answer = ask_one(bank, planned, prompter).map_err(AskError::Prompt)?;
        responses
            .seconds
            .insert(id.to_string(), started.elapsed().as_secs_f64());
        let is_rating = matches!(answer, Answer::Level(_));
        let is_evidence =
            matches!(planned.item, Item::Skill(q) if bank.questions[q].kind.is_evidence());
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

fn ask_one(
    bank: &Bank,
    planned: &crate::session::PlannedItem,
    prompter: &dyn Prompter,
) -> Result<Answer, PromptError> {
    match planned.item {
        Item::Skill(qi) => {
            let q = &bank.questions[qi];
            prompter.say(&console::style(&q.prompt).bold().to_string());
            match q.kind {
                QuestionType::SelfRating => {
                    let items: Vec<String> = q
                        .levels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| format!("{}. {l}", i + 1))
                        .collect();
                    let picked =
                        prompter.select("Which level describes you best?", &items, false)?;
                    Ok(Answer::Level(u8::try_from(picked + 1).unwrap_or(5)))
                }
                QuestionType::Scenario | QuestionType::Knowledge => {
                    let items: Vec<String> = planned
                        .option_order
                        .iter()
                        .map(|&i| q.options[i].text.clone())
                        .collect();
                    let picked = prompter.select("Your answer", &items, true)?;
                    Ok(Answer::Choice(
                        q.options[planned.option_order[picked]].id.clone(),
                    ))
                }
                QuestionType::Multi => {
                    let items: Vec<String> = planned
                        .option_order
                        .iter()
                        .map(|&i| q.options[i].text.clone())
                        .collect();
                    let picked = prompter.multi_select(
                        "Select all that apply (Space to mark, Enter to confirm)",
                        &items,
                        true,
                        &[],
                    )?;
                    Ok(Answer::Choices(
                        picked
                            .into_iter()
                            .map(|p| q.options[planned.option_order[p]].id.clone())
                            .collect(),
                    ))
                }
            }
        }
        Item::Rubric {
            criterion,
            question,
        } => {
            let q = &bank.rubric[criterion].questions[question];
            prompter.say(&console::style(&q.prompt).bold().to_string());
            let texts = || q.options.iter().map(|o| o.text.clone()).collect::<Vec<_>>();
            match q.kind {
                RubricQuestionType::Choice => {
                    let picked = prompter.select("Your answer", &texts(), false)?;
                    Ok(Answer::Choice(q.options[picked].id.clone()))
                }
                RubricQuestionType::Choices => {
                    let exclusive: Vec<usize> = q
                        .options
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.exclusive)
                        .map(|(i, _)| i)
                        .collect();
                    let picked = prompter.multi_select(
                        "Select all that apply (Space to mark, Enter to confirm)",
                        &texts(),
                        false,
                        &exclusive,
                    )?;
                    Ok(Answer::Choices(
                        picked
                            .into_iter()
                            .map(|p| q.options[p].id.clone())
                            .collect(),
                    ))
                }
                RubricQuestionType::Number => {
                    let (min, max) = (q.min.unwrap_or(0.0), q.max.unwrap_or(f64::MAX));
                    let label = q
                        .unit
                        .as_deref()
                        .map_or_else(|| "Number".to_string(), |u| format!("Number of {u}"));
                    prompter
                        .number(&label, q.unit.as_deref(), min, max)
                        .map(Answer::Number)
                }
                RubricQuestionType::Boolean => prompter.confirm("Yes or no?").map(Answer::Flag),
            }
        }
    }
}
