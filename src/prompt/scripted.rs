//! A [`Prompter`] that answers from a script: the test double that drives the quiz loop
//! and the run workflow in unit tests, and records what the candidate would have seen.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::{PromptError, Prompter};

/// One scripted reply, consumed by the next prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Picks the item at this display position (select).
    Pick(usize),
    /// Picks these display positions (multi-select).
    Picks(Vec<usize>),
    /// Types this text (text and optional text prompts; empty skips an optional one).
    Text(String),
    /// Types this number.
    Number(f64),
    /// Answers a yes/no question.
    Confirm(bool),
    /// Presses Esc: the prompt stops the quiz.
    Stop,
}

/// Answers prompts from a queue of [`Reply`]s and keeps a transcript.
///
/// A prompt whose reply is missing or of the wrong kind fails with an I/O error that
/// names the prompt, so a test that scripted the wrong flow says where it went wrong.
#[derive(Debug, Default)]
pub struct Scripted {
    replies: RefCell<VecDeque<Reply>>,
    transcript: RefCell<Vec<String>>,
}

impl Scripted {
    /// A prompter that will give these replies, in order.
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Self {
            replies: RefCell::new(replies.into_iter().collect()),
            transcript: RefCell::new(Vec::new()),
        }
    }

    /// Everything shown so far, one entry per line said or prompt asked.
    pub fn transcript(&self) -> Vec<String> {
        self.transcript.borrow().clone()
    }

    /// Replies not used yet.
    pub fn left(&self) -> usize {
        self.replies.borrow().len()
    }

    fn next(&self, prompt: &str) -> Result<Reply, PromptError> {
        self.transcript.borrow_mut().push(format!("? {prompt}"));
        match self.replies.borrow_mut().pop_front() {
            Some(Reply::Stop) => Err(PromptError::Aborted),
            Some(reply) => Ok(reply),
            None => Err(unexpected(prompt, "no reply left")),
        }
    }
}

fn unexpected(prompt: &str, got: &str) -> PromptError {
    PromptError::Io(std::io::Error::other(format!(
        "scripted prompter: `{prompt}` got {got}"
    )))
}

impl Prompter for Scripted {
    fn say(&self, text: &str) {
        self.transcript.borrow_mut().push(text.to_string());
    }

    fn text(
        &self,
        prompt: &str,
        _initial: Option<&str>,
        _required: &str,
    ) -> Result<String, PromptError> {
        match self.next(prompt)? {
            Reply::Text(text) if !text.trim().is_empty() => Ok(text),
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn optional_text(&self, prompt: &str, _hint: &str) -> Result<Option<String>, PromptError> {
        match self.next(prompt)? {
            Reply::Text(text) => Ok((!text.trim().is_empty()).then_some(text)),
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn select(
        &self,
        prompt: &str,
        items: &[String],
        _lettered: bool,
    ) -> Result<usize, PromptError> {
        match self.next(prompt)? {
            Reply::Pick(i) if i < items.len() => Ok(i),
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn multi_select(
        &self,
        prompt: &str,
        items: &[String],
        _lettered: bool,
        exclusive: &[usize],
    ) -> Result<Vec<usize>, PromptError> {
        match self.next(prompt)? {
            Reply::Picks(picks)
                if picks.iter().all(|&i| i < items.len())
                    && (picks.len() < 2 || !picks.iter().any(|i| exclusive.contains(i))) =>
            {
                Ok(picks)
            }
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn number(
        &self,
        prompt: &str,
        _unit: Option<&str>,
        min: f64,
        max: f64,
    ) -> Result<f64, PromptError> {
        match self.next(prompt)? {
            Reply::Number(x) if (min..=max).contains(&x) => Ok(x),
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn confirm(&self, prompt: &str) -> Result<bool, PromptError> {
        match self.next(prompt)? {
            Reply::Confirm(yes) => Ok(yes),
            other => Err(unexpected(prompt, &format!("{other:?}"))),
        }
    }

    fn progress(&self, done: u64, total: u64, section: &str) {
        self.transcript
            .borrow_mut()
            .push(format!("[{done} of {total} done · {section}]"));
    }
}
