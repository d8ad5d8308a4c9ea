//! Asking one thing at a time: the [`Prompter`] trait and its terminal implementation
//! (dialoguer prompts, an indicatif bar between them).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set by the signal handler; checked after every prompt.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What a stop signal does now.
enum Stop {
    /// Prompts are on screen: restore the terminal, say how to carry on, exit 130.
    Prompting(Option<String>),
    /// The answers are in and the report is being written: only mark the interrupt,
    /// so the report set is finished whole.
    Finishing,
}

static STOP: std::sync::Mutex<Stop> = std::sync::Mutex::new(Stop::Prompting(None));

/// The terminal's modes before the quiz, restored when a signal stops it.
static SAVED_MODES: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// Sets what a stop signal prints after "quiz stopped" (where the answers are and how to
/// carry on).
pub fn set_stop_hint(hint: String) {
    *STOP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Stop::Prompting(Some(hint));
}

/// The prompts are over: from now on a stop signal lets the report be written.
pub fn finishing() {
    *STOP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Stop::Finishing;
}

/// SIGINT, SIGTERM or SIGHUP (the `ctrlc` crate's `termination` feature): a prompt
/// blocked on a key would not see a flag, so while prompts are on screen the handler
/// itself restores the terminal (modes and cursor), prints the hint and exits 130. The
/// answers are already safe: the in-progress file is saved after every answer.
fn on_signal() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let stop = STOP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Stop::Prompting(hint) = &*stop else {
        return;
    };
    if let Some(modes) = SAVED_MODES.get() {
        // SAFETY: tcsetattr on stdin with a termios that tcgetattr filled in.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, modes);
        }
    }
    let mut stderr = io::stderr().lock();
    let _ = io::Write::write_all(&mut stderr, b"\x1b[?25h\n");
    let message = match hint {
        Some(hint) => format!("quiz stopped; {hint}\n"),
        None => "quiz stopped\n".to_string(),
    };
    let _ = io::Write::write_all(&mut stderr, message.as_bytes());
    let _ = io::Write::flush(&mut stderr);
    std::process::exit(130);
}

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
    /// Asks for an optional line of text; `None` when the user just presses Enter.
    fn optional_text(&self, prompt: &str) -> Result<Option<String>, PromptError>;
    /// Asks to pick one item; returns its index. `lettered` shows A., B., ... before items.
    fn select(&self, prompt: &str, items: &[String], lettered: bool) -> Result<usize, PromptError>;
    /// Asks to pick any number of items; returns their indices.
    fn multi_select(
        &self,
        prompt: &str,
        items: &[String],
        lettered: bool,
    ) -> Result<Vec<usize>, PromptError>;
    /// Asks for a number in `min..=max`.
    fn number(&self, prompt: &str, min: f64, max: f64) -> Result<f64, PromptError>;
    /// Asks yes or no.
    fn confirm(&self, prompt: &str) -> Result<bool, PromptError>;
    /// Moves the progress display on: `done` answered, now in `section`.
    fn progress(&self, done: u64, section: &str);
}

/// The interactive terminal: prompts on stderr, an indicatif bar drawn above each question.
///
/// The bar is drawn once per question and left on screen (`abandon`), never live while a
/// prompt runs: a live bar and a dialoguer prompt both redraw stderr and garble each other.
pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    total: u64,
    width: usize,
}

impl Terminal {
    /// A terminal prompter for a quiz of `total` questions. Installs the Ctrl-C handler
    /// so an interrupt ends the prompt (and the quiz) cleanly instead of killing the process.
    pub fn new(total: u64) -> Self {
        // SAFETY: tcgetattr fills the zeroed termios when stdin is a terminal.
        unsafe {
            let mut modes: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut modes) == 0 {
                let _ = SAVED_MODES.set(modes);
            }
        }
        *STOP
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Stop::Prompting(None);
        // If a handler is already installed (a second quiz in one process), keep it.
        let _ = ctrlc::set_handler(on_signal);
        let term = Term::stderr();
        let width = usize::from(term.size().1).clamp(40, 100);
        Self {
            term,
            theme: ColorfulTheme::default(),
            total,
            width,
        }
    }

    /// Sets the number of questions the bar counts to.
    pub fn set_total(&mut self, total: u64) {
        self.total = total;
    }

    /// Restores the terminal after an abort: cursor visible again.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
        let _ = self.term.flush();
    }

    /// Prints a one-line summary of an answer in place of dialoguer's own report line,
    /// which would repeat a wrapped, multi-line item.
    fn answered(&self, prompt: &str, answer: &str) {
        let room = self
            .width
            .saturating_sub(console::measure_text_width(prompt) + 6);
        let flat = answer.split_whitespace().collect::<Vec<_>>().join(" ");
        let answer = console::truncate_str(&flat, room, "…");
        let _ = self.term.write_line(&format!(
            "{} {prompt} {} {answer}",
            style("✔").green(),
            style("·").dim()
        ));
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

    /// Letters items (A., B., ...) and wraps them under their text, so long options stay
    /// readable and apart.
    fn items(&self, items: &[String], lettered: bool) -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if lettered {
                    let letter = char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
                    self.wrap(&format!("{letter}. {item}"), 3)
                } else {
                    self.wrap(item, 3)
                }
            })
            .collect()
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
        let _ = self.term.write_line(&self.wrap(text, 0));
    }

    fn text(&self, prompt: &str, initial: Option<&str>) -> Result<String, PromptError> {
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
        let answer = input.interact_text_on(&self.term)?;
        self.check()?;
        Ok(answer.trim().to_string())
    }

    fn optional_text(&self, prompt: &str) -> Result<Option<String>, PromptError> {
        let answer = Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text_on(&self.term)?;
        self.check()?;
        let answer = answer.trim();
        Ok((!answer.is_empty()).then(|| answer.to_string()))
    }

    fn select(&self, prompt: &str, items: &[String], lettered: bool) -> Result<usize, PromptError> {
        let shown = self.items(items, lettered);
        let picked = Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&shown)
            .default(0)
            .report(false)
            .interact_on_opt(&self.term)?;
        self.check()?;
        let picked = picked.ok_or(PromptError::Aborted)?;
        self.answered(prompt, &shown[picked]);
        Ok(picked)
    }

    fn multi_select(
        &self,
        prompt: &str,
        items: &[String],
        lettered: bool,
    ) -> Result<Vec<usize>, PromptError> {
        let shown = self.items(items, lettered);
        let picked = MultiSelect::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&shown)
            .report(false)
            .interact_on_opt(&self.term)?;
        self.check()?;
        let picked = picked.ok_or(PromptError::Aborted)?;
        let summary = if picked.is_empty() {
            "(nothing selected)".to_string()
        } else if lettered {
            picked
                .iter()
                .map(|&i| char::from(b'A' + u8::try_from(i % 26).unwrap_or(0)).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            picked
                .iter()
                .map(|&i| items[i].as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        self.answered("Selected", &summary);
        Ok(picked)
    }

    fn number(&self, prompt: &str, min: f64, max: f64) -> Result<f64, PromptError> {
        let answer = Input::<f64>::with_theme(&self.theme)
            .with_prompt(prompt)
            .validate_with(move |x: &f64| {
                if x.is_finite() && (min..=max).contains(x) {
                    Ok(())
                } else {
                    Err(format!("please enter a number from {min} to {max}"))
                }
            })
            .interact_text_on(&self.term)?;
        self.check()?;
        Ok(answer)
    }

    fn confirm(&self, prompt: &str) -> Result<bool, PromptError> {
        let answer = Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .interact_on_opt(&self.term)?;
        self.check()?;
        answer.ok_or(PromptError::Aborted)
    }

    fn progress(&self, done: u64, section: &str) {
        let target = ProgressDrawTarget::term(self.term.clone(), 20);
        let bar = ProgressBar::with_draw_target(Some(self.total), target);
        bar.set_style(
            ProgressStyle::with_template("[{bar:30.cyan/blue}] {pos}/{len} · {msg}")
                .expect("static template is valid")
                .progress_chars("=> "),
        );
        bar.set_position(done);
        bar.set_message(section.to_string());
        // Leave this frame on screen as a plain line; the prompt goes below it.
        bar.abandon();
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
