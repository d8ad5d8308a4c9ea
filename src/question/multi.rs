//! Multi-select: select all that apply; partial credit, and every wrong pick cancels a
//! right one.

use serde_json::Value;

use super::{join_sentences, parse_options, Kind, KindId, QuestionRef};
use crate::answer::Answer;
use crate::prompt::{PromptError, Prompter};

/// The multi-select kind.
pub struct Multi;

impl Kind for Multi {
    fn name(&self) -> KindId {
        KindId::Multi
    }

    fn is_evidence(&self) -> bool {
        true
    }

    fn shuffles_options(&self) -> bool {
        true
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
        super::ask_options(question, option_order, prompter, true)
    }

    /// (right picks − wrong picks) / right options, within [0, 1].
    fn score(&self, question: QuestionRef<'_>, answer: &Answer) -> Option<f64> {
        let Answer::Choices(ids) = answer else {
            return Some(0.0);
        };
        let right_options = question.options().iter().filter(|o| o.correct).count();
        if right_options == 0 {
            return Some(0.0);
        }
        let (mut right, mut wrong) = (0usize, 0usize);
        for id in ids {
            match question.option(id) {
                Some(o) if o.correct => right += 1,
                _ => wrong += 1,
            }
        }
        Some((right.saturating_sub(wrong) as f64 / right_options as f64).clamp(0.0, 1.0))
    }

    /// The expectation over every non-empty subset of the options, each equally likely,
    /// computed by counting subsets with `r` right and `w` wrong picks
    /// (`C(R, r)·C(W, w)` of them) instead of listing them.
    fn chance(&self, question: QuestionRef<'_>) -> Option<f64> {
        let options = question.options();
        let right = options.iter().filter(|o| o.correct).count();
        let wrong = options.len() - right;
        if right == 0 {
            return Some(0.0);
        }
        let subsets = 2f64.powi(i32::try_from(options.len()).ok()?) - 1.0;
        let mut expected = 0.0;
        for r in 0..=right {
            for w in 0..=wrong {
                let score = (r.saturating_sub(w) as f64 / right as f64).clamp(0.0, 1.0);
                expected += binomial(right, r) * binomial(wrong, w) * score;
            }
        }
        Some(expected / subsets)
    }

    fn answer_items(&self, question: QuestionRef<'_>, answer: &Answer) -> Vec<String> {
        match answer {
            Answer::Choices(ids) => ids.iter().map(|id| question.option_text(id)).collect(),
            _ => Vec::new(),
        }
    }

    fn best_items(&self, question: QuestionRef<'_>) -> Vec<String> {
        question
            .options()
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.to_string())
            .collect()
    }

    fn best_answer(&self, question: QuestionRef<'_>) -> Option<String> {
        Some(super::correct_texts(question))
    }

    /// Each wrong pick and each missed option with its feedback, then the explanation.
    fn feedback(&self, question: QuestionRef<'_>, answer: &Answer) -> Option<String> {
        let Answer::Choices(ids) = answer else {
            return None;
        };
        let mut parts = Vec::new();
        for o in question.options() {
            let picked = ids.iter().any(|id| id == o.id);
            let note = o.feedback.unwrap_or("");
            if picked && !o.correct {
                parts.push(format!(
                    "You picked \"{}\", which does not belong: {note}",
                    o.text
                ));
            } else if !picked && o.correct {
                parts.push(format!("You missed \"{}\": {note}", o.text));
            }
        }
        parts.push(question.explanation().unwrap_or_default().into());
        join_sentences(parts)
    }
}

/// C(n, k) as a float, for `k <= n` (exact for the option counts a bank allows).
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}
