//! Asking one thing at a time: the [`Prompter`] trait and its terminal implementation
//! (dialoguer prompts, an indicatif bar between them).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set by the Ctrl-C handler; checked after every prompt.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Why a prompt gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// The user pressed Esc or Ctrl-C.
    #[error("stopped by the user")]
    Aborted,
    /// The terminal failed.
    #[error("terminal error: {0}")]
    Io(#[from] io::Error),
}

impl From<dialoguer::Error> for PromptError {
    fn from(e: dialoguer::Error) -> Self {
        let dialoguer::Error::IO(e) = e;
        if e.kind() == io::ErrorKind::Interrupted {
            Self::Aborted
        } else {
            Self::Io(e)
        }
    }
}

/// Something that can ask the candidate questions.
pub trait Prompter {
    /// Shows text that is not a question (headers, question text).
    fn say(&self, text: &str);
    /// Asks for a line of text.
    fn text(&self, prompt: &str, initial: Option<&str>) -> Result<String, PromptError>;
    /// Asks to pick one item; returns its index.
    fn select(&self, prompt: &str, items: &[String]) -> Result<usize, PromptError>;
    /// Asks to pick any number of items; returns their indices.
    fn multi_select(&self, prompt: &str, items: &[String]) -> Result<Vec<usize>, PromptError>;
    /// Asks for a number in `min..=max`.
    fn number(&self, prompt: &str, min: f64, max: f64) -> Result<f64, PromptError>;
    /// Asks yes or no.
    fn confirm(&self, prompt: &str) -> Result<bool, PromptError>;
    /// Moves the progress display on: `done` answered, now in `section`.
    fn progress(&self, done: u64, section: &str);
}

/// The interactive terminal: prompts on stderr, a progress bar drawn between prompts.
pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    bar: ProgressBar,
    width: usize,
}

impl Terminal {
    /// A terminal prompter for a quiz of `total` questions. Installs the Ctrl-C handler
    /// so an interrupt ends the prompt (and the quiz) cleanly instead of killing the process.
    pub fn new(total: u64) -> Self {
        // If a handler is already installed (a second quiz in one process), keep it.
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
        let term = Term::stderr();
        let bar =
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::term(term.clone(), 10));
        bar.set_style(
            ProgressStyle::with_template("{prefix:.bold} [{bar:30.cyan/blue}] {pos}/{len} {msg}")
                .expect("static template is valid")
                .progress_chars("=> "),
        );
        let width = usize::from(term.size().1).clamp(40, 100);
        Self {
            term,
            theme: ColorfulTheme::default(),
            bar,
            width,
        }
    }

    /// Restores the terminal after an abort: bar gone, cursor visible.
    pub fn restore(&self) {
        self.bar.finish_and_clear();
        let _ = self.term.show_cursor();
    }

    /// Wraps `text` to the terminal width, continuation lines indented by `indent`.
    fn wrap(&self, text: &str, indent: usize) -> String {
        wrap(text, self.width.saturating_sub(4 + indent), indent)
    }

    fn check(&self) -> Result<(), PromptError> {
        if INTERRUPTED.swap(false, Ordering::SeqCst) {
            Err(PromptError::Aborted)
        } else {
            Ok(())
        }
    }

    fn items(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|i| self.wrap(i, 2)).collect()
    }
}

/// Greedy word wrap at `width` columns; lines after the first start with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = console::measure_text_width(word);
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

impl Prompter for Terminal {
    fn say(&self, text: &str) {
        let wrapped = self.wrap(text, 0);
        self.bar.suspend(|| {
            let _ = self.term.write_line(&wrapped);
        });
    }

    fn text(&self, prompt: &str, initial: Option<&str>) -> Result<String, PromptError> {
        let answer = self.bar.suspend(|| {
            let mut input = Input::<String>::with_theme(&self.theme)
                .with_prompt(prompt)
                .validate_with(|s: &String| {
                    if s.trim().is_empty() {
                        Err("please type something")
                    } else {
                        Ok(())
                    }
                });
            if let Some(initial) = initial {
                input = input.with_initial_text(initial);
            }
            input.interact_text_on(&self.term)
        })?;
        self.check()?;
        Ok(answer.trim().to_string())
    }

    fn select(&self, prompt: &str, items: &[String]) -> Result<usize, PromptError> {
        let items = self.items(items);
        let picked = self.bar.suspend(|| {
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(&items)
                .default(0)
                .interact_on_opt(&self.term)
        })?;
        self.check()?;
        picked.ok_or(PromptError::Aborted)
    }

    fn multi_select(&self, prompt: &str, items: &[String]) -> Result<Vec<usize>, PromptError> {
        let items = self.items(items);
        let picked = self.bar.suspend(|| {
            MultiSelect::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(&items)
                .interact_on_opt(&self.term)
        })?;
        self.check()?;
        picked.ok_or(PromptError::Aborted)
    }

    fn number(&self, prompt: &str, min: f64, max: f64) -> Result<f64, PromptError> {
        let answer = self.bar.suspend(|| {
            Input::<f64>::with_theme(&self.theme)
                .with_prompt(prompt)
                .validate_with(move |x: &f64| {
                    if x.is_finite() && (min..=max).contains(x) {
                        Ok(())
                    } else {
                        Err(format!("please enter a number from {min} to {max}"))
                    }
                })
                .interact_text_on(&self.term)
        })?;
        self.check()?;
        Ok(answer)
    }

    fn confirm(&self, prompt: &str) -> Result<bool, PromptError> {
        let answer = self.bar.suspend(|| {
            Confirm::with_theme(&self.theme)
                .with_prompt(prompt)
                .interact_on_opt(&self.term)
        })?;
        self.check()?;
        answer.ok_or(PromptError::Aborted)
    }

    fn progress(&self, done: u64, section: &str) {
        self.bar.set_prefix("Progress");
        self.bar.set_position(done);
        self.bar
            .set_message(style(section.to_string()).dim().to_string());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_short_and_indents() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let wrapped = wrap(text, 20, 2);
        assert!(wrapped.lines().all(|l| l.len() <= 20), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("  ")));
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>().join(" "),
            text
        );
    }
}
