//! Asking one thing at a time: the [`Prompter`] trait and its terminal implementation
//! (dialoguer prompts, an indicatif bar between them).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use std::fmt;

use console::{style, Key, Term};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Confirm, MultiSelect, Select};
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
        Some(hint) => format!("quiz stopped; {hint}"),
        None => "quiz stopped".to_string(),
    };
    // Wrapped at word boundaries so the terminal does not break the message mid-word.
    let message = format!("{}\n", wrap_to_terminal(&message));
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
    /// Asks for a line of text that may not be empty; `required` says why when it is.
    fn text(
        &self,
        prompt: &str,
        initial: Option<&str>,
        required: &str,
    ) -> Result<String, PromptError>;
    /// Asks for an optional line of text, `hint` shown on its own line above the prompt;
    /// `None` when the user just presses Enter.
    fn optional_text(&self, prompt: &str, hint: &str) -> Result<Option<String>, PromptError>;
    /// Asks to pick one item; returns its index. `lettered` shows A., B., ... before items.
    fn select(&self, prompt: &str, items: &[String], lettered: bool) -> Result<usize, PromptError>;
    /// Asks to pick any number of items; returns their indices. An item listed in
    /// `exclusive` ("None of these") cannot be picked together with any other item.
    fn multi_select(
        &self,
        prompt: &str,
        items: &[String],
        lettered: bool,
        exclusive: &[usize],
    ) -> Result<Vec<usize>, PromptError>;
    /// Asks for a number in `min..=max`; `unit` (e.g. "years") words the error messages.
    fn number(
        &self,
        prompt: &str,
        unit: Option<&str>,
        min: f64,
        max: f64,
    ) -> Result<f64, PromptError>;
    /// Asks yes or no.
    fn confirm(&self, prompt: &str) -> Result<bool, PromptError>;
    /// Moves the progress display on: `done` questions behind, now in `section`.
    fn progress(&self, done: u64, total: u64, section: &str);
    /// Opens a part of the quiz (e.g. the prerequisites) with a note on what it is.
    fn part(&self, title: &str, note: &str) {
        self.say("");
        self.say(title);
        self.say(note);
    }
    /// Opens a section (a skill or a criterion), with its description when it has one.
    fn section(&self, name: &str, description: Option<&str>) {
        self.say("");
        self.say(&format!("── {name} ──"));
        if let Some(description) = description {
            self.say(description);
        }
    }
    /// Shows the text of the question about to be asked.
    fn question(&self, text: &str) {
        self.say(text);
    }
}

mod scripted;
pub use scripted::{Reply, Scripted};

/// The prompts' look: dialoguer's colourful theme, with list markers that do not depend
/// on colour (a `❯` before the active row, `[x]`/`[ ]` for ticks), so the cursor shows
/// with `NO_COLOR` and for colour-blind users.
#[derive(Default)]
pub struct Marked {
    colorful: ColorfulTheme,
}

/// Columns a select row's marker takes ("❯ "); wrapped items hang under their text.
const SELECT_MARK: usize = 2;
/// Columns a multi-select row's marker takes ("❯ [x] ").
const MULTI_MARK: usize = 6;

impl Marked {
    fn cursor(active: bool) -> String {
        if active {
            style("❯").for_stderr().cyan().bold().to_string()
        } else {
            " ".to_string()
        }
    }

    fn text(text: &str, active: bool) -> String {
        if active {
            style(text).for_stderr().cyan().bold().to_string()
        } else {
            text.to_string()
        }
    }
}

impl Theme for Marked {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.colorful.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.colorful.format_error(f, err)
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        self.colorful.format_confirm_prompt(f, prompt, default)
    }

    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selection: Option<bool>,
    ) -> fmt::Result {
        self.colorful
            .format_confirm_prompt_selection(f, prompt, selection)
    }

    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.colorful.format_input_prompt(f, prompt, default)
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.colorful.format_input_prompt_selection(f, prompt, sel)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.colorful
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        write!(f, "{} {}", Self::cursor(active), Self::text(text, active))
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let tick = if checked {
            style("[x]").for_stderr().green().bold().to_string()
        } else {
            "[ ]".to_string()
        };
        write!(
            f,
            "{} {tick} {}",
            Self::cursor(active),
            Self::text(text, active)
        )
    }
}

/// The interactive terminal: prompts on stderr, an indicatif bar drawn above each question.
///
/// The bar is drawn once per question and left on screen (`abandon`), never live while a
/// prompt runs: a live bar and a dialoguer prompt both redraw stderr and garble each other.
pub struct Terminal {
    term: Term,
    theme: Marked,
    width: usize,
}

impl Terminal {
    /// A terminal prompter. Installs the Ctrl-C handler so an interrupt ends the prompt
    /// (and the quiz) cleanly instead of killing the process.
    #[allow(clippy::new_without_default)] // construction installs a signal handler
    pub fn new() -> Self {
        // SAFETY: tcgetattr fills the zeroed termios when stdin is a terminal.
        unsafe {
            let mut modes: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &raw mut modes) == 0 {
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
            theme: Marked::default(),
            width,
        }
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
            style("✔").for_stderr().green(),
            style("·").for_stderr().dim()
        ));
    }

    /// Wraps `text` to the terminal width, continuation lines indented by `indent`.
    fn wrap(&self, text: &str, indent: usize) -> String {
        wrap(text, self.width.saturating_sub(4 + indent), indent)
    }

    fn check() -> Result<(), PromptError> {
        if INTERRUPTED.swap(false, Ordering::SeqCst) {
            Err(PromptError::Aborted)
        } else {
            Ok(())
        }
    }

    /// Letters items (A., B., ...) and wraps them under their text, so long options stay
    /// readable and apart. `mark` is the width of the row marker the theme draws first.
    fn items(&self, items: &[String], lettered: bool, mark: usize) -> Vec<String> {
        // One column spare: a row that fills the last column makes some terminals wrap.
        let width = self.width.saturating_sub(1);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if lettered {
                    let letter = char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
                    wrap_hanging(&format!("{letter}. {item}"), width, mark, mark + 3)
                } else {
                    wrap_hanging(item, width, mark, mark + 3)
                }
            })
            .collect()
    }

    /// A one-line editor for text prompts. Unlike dialoguer's input it redraws the whole
    /// prompt when the typed text wraps (no stale half-drawn copies), stops on Esc like
    /// the list prompts do, and shows why an answer is refused. `check` turns the typed
    /// text into the answer or a plain-language reason; the prompt is erased on return.
    fn edit<T>(
        &self,
        prompt: &str,
        hint: Option<&str>,
        initial: &str,
        check: impl Fn(&str) -> Result<T, String>,
    ) -> Result<(T, String), PromptError> {
        let mut line = LineState {
            chars: initial.chars().collect(),
            pos: initial.chars().count(),
            error: None,
        };
        let hint = hint.map(|h| self.wrap(h, 0));
        let mut row = 0;
        let _keys = KeyMode::enter();
        self.term.show_cursor()?;
        loop {
            row = self.draw(row, hint.as_deref(), prompt, &line)?;
            let key = match self.term.read_key() {
                Ok(key) => key,
                // A signal (Ctrl-C with the terminal's signal keys on) interrupts the read:
                // a stop, as at the list prompts, not a terminal failure.
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    self.erase(row)?;
                    return Err(PromptError::Aborted);
                }
                Err(e) => return Err(e.into()),
            };
            match key {
                Key::Enter => {
                    let typed: String = line.chars.iter().collect();
                    match check(&typed) {
                        Ok(answer) => {
                            self.erase(row)?;
                            return Ok((answer, typed));
                        }
                        Err(why) => line.error = Some(why),
                    }
                }
                Key::Escape | Key::CtrlC => {
                    self.erase(row)?;
                    return Err(PromptError::Aborted);
                }
                Key::Char(c) if !c.is_control() => {
                    line.chars.insert(line.pos, c);
                    line.pos += 1;
                }
                Key::Backspace if line.pos > 0 => {
                    line.pos -= 1;
                    line.chars.remove(line.pos);
                }
                Key::Del if line.pos < line.chars.len() => {
                    line.chars.remove(line.pos);
                }
                Key::ArrowLeft if line.pos > 0 => line.pos -= 1,
                Key::ArrowRight if line.pos < line.chars.len() => line.pos += 1,
                Key::Home => line.pos = 0,
                Key::End => line.pos = line.chars.len(),
                _ => {}
            }
            Self::check()?;
        }
    }

    /// Draws the editor from the top: the cursor is `row` rows below the top of the last
    /// drawing. Everything below the top is cleared first, so no wrapped row is left
    /// behind. Returns the row the cursor is left on (at the typing position).
    fn draw(
        &self,
        row: usize,
        hint: Option<&str>,
        prompt: &str,
        line: &LineState,
    ) -> io::Result<usize> {
        let cols = usize::from(self.term.size().1).max(1);
        let mut frame = String::new();
        if row > 0 {
            frame.push_str(&format!("\x1b[{row}A"));
        }
        frame.push_str("\r\x1b[J");
        let mut top = 0;
        let mut above = |text: &str, frame: &mut String| {
            frame.push_str(text);
            frame.push('\n');
            top += console::measure_text_width(text).div_ceil(cols).max(1);
        };
        for text in hint.into_iter().flat_map(str::lines) {
            above(&style(text).for_stderr().dim().to_string(), &mut frame);
        }
        if let Some(error) = &line.error {
            let text = format!(
                "{} {}",
                style("✘").for_stderr().red(),
                style(error).for_stderr().red()
            );
            above(&text, &mut frame);
        }
        let head = format!(
            "{} {} {} ",
            style("?").for_stderr().yellow(),
            style(prompt).for_stderr().bold(),
            style("›").for_stderr().dim()
        );
        let typed: String = line.chars.iter().collect();
        frame.push_str(&head);
        frame.push_str(&typed);
        let start = console::measure_text_width(&head);
        let end = start + console::measure_text_width(&typed);
        if end % cols == 0 {
            // The cursor waits past the last column; a space moves it to the next row so
            // the row arithmetic below holds.
            frame.push_str(" \r");
        }
        let before: String = line.chars[..line.pos].iter().collect();
        let at = start + console::measure_text_width(&before);
        let (end_row, at_row) = (top + end / cols, top + at / cols);
        if end_row > at_row {
            frame.push_str(&format!("\x1b[{}A", end_row - at_row));
        }
        frame.push('\r');
        if at % cols > 0 {
            frame.push_str(&format!("\x1b[{}C", at % cols));
        }
        self.term.write_str(&frame)?;
        self.term.flush()?;
        Ok(at_row)
    }

    /// Clears what [`Self::draw`] drew; the cursor is `row` rows below its top.
    fn erase(&self, row: usize) -> io::Result<()> {
        if row > 0 {
            self.term.write_str(&format!("\x1b[{row}A"))?;
        }
        self.term.write_str("\r\x1b[J")?;
        self.term.flush()
    }
}

/// Stdin out of line mode (no canonical editing, no echo) for the life of the value.
///
/// console switches to raw mode only inside each key read; keys typed while the editor
/// redraws would otherwise meet the terminal's own line editing, which echoes them on
/// screen and swallows a Backspace it has nothing to erase for.
struct KeyMode(Option<libc::termios>);

impl KeyMode {
    fn enter() -> Self {
        // SAFETY: tcgetattr fills the zeroed termios; tcsetattr gets a copy of it with
        // three local flags cleared.
        unsafe {
            let mut modes: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &raw mut modes) != 0 {
                return Self(None);
            }
            let saved = modes;
            modes.c_lflag &= !(libc::ICANON | libc::ECHO | libc::IEXTEN);
            modes.c_cc[libc::VMIN] = 1;
            modes.c_cc[libc::VTIME] = 0;
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw const modes);
            Self(Some(saved))
        }
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        if let Some(saved) = &self.0 {
            // SAFETY: restores the termios tcgetattr returned.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved);
            }
        }
    }
}

/// What the line editor holds: the typed characters, the cursor and the last refusal.
struct LineState {
    chars: Vec<char>,
    pos: usize,
    error: Option<String>,
}

/// Greedy word wrap at `width` columns; lines after the first start with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    wrap_hanging(text, width.max(20), 0, indent)
}

/// Greedy word wrap for text drawn after `start` columns of something else (a marker):
/// no line passes `width` columns on screen; lines after the first start with `indent`
/// spaces. Words longer than a line are left whole.
fn wrap_hanging(text: &str, width: usize, start: usize, indent: usize) -> String {
    // Room for a few words even on a very narrow terminal.
    let width = width.max(start.max(indent) + 10);
    let mut out = String::new();
    let mut line = start;
    let mut first = true;
    for word in text.split_whitespace() {
        let len = console::measure_text_width(word);
        if !first && line + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
        } else if !first {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
        first = false;
    }
    out
}

/// Wraps a message to the width of the terminal on stderr at word boundaries (as is
/// when stderr is not a terminal: logs keep whole lines).
pub fn wrap_to_terminal(message: &str) -> String {
    match Term::stderr().size_checked() {
        Some((_, cols)) => message
            .lines()
            .map(|line| wrap(line, usize::from(cols).saturating_sub(1), 0))
            .collect::<Vec<_>>()
            .join("\n"),
        None => message.to_string(),
    }
}

/// Plain words for a number prompt's unit: "years", or "a number" without one.
fn number_words(unit: Option<&str>) -> String {
    unit.map_or_else(|| "a number".to_string(), |u| format!("a number of {u}"))
}

/// Reads a typed number, or says in plain words what to type instead.
fn parse_number(typed: &str, unit: Option<&str>, min: f64, max: f64) -> Result<f64, String> {
    let example = if (min..=max).contains(&4.0) { 4.0 } else { min };
    let what = number_words(unit);
    let typed = typed.trim();
    let Some(x) = typed.parse::<f64>().ok().filter(|x| x.is_finite()) else {
        return Err(if typed.is_empty() {
            format!("Type {what}, like {example}, then press Enter")
        } else {
            format!("\"{typed}\" is not a number: type {what} in digits, like {example}")
        });
    };
    if x < min {
        Err(format!(
            "{x} is less than {min}: type {what} from {min} to {max}"
        ))
    } else if x > max {
        Err(format!(
            "{x} is more than {max}: type {what} from {min} to {max}"
        ))
    } else {
        Ok(x)
    }
}

impl Prompter for Terminal {
    fn say(&self, text: &str) {
        let _ = self.term.write_line(&self.wrap(text, 0));
    }

    fn part(&self, title: &str, note: &str) {
        self.say("");
        self.say(&style(title).bold().underlined().to_string());
        self.say(note);
    }

    fn section(&self, name: &str, description: Option<&str>) {
        self.say("");
        self.say(&style(format!("── {name} ──")).cyan().bold().to_string());
        if let Some(description) = description {
            self.say(&style(description).dim().to_string());
        }
    }

    fn question(&self, text: &str) {
        self.say(&style(text).bold().to_string());
    }

    fn text(
        &self,
        prompt: &str,
        initial: Option<&str>,
        required: &str,
    ) -> Result<String, PromptError> {
        let (answer, _) = self.edit(prompt, None, initial.unwrap_or(""), |typed| {
            let typed = typed.trim();
            if typed.is_empty() {
                Err(required.to_string())
            } else {
                Ok(typed.to_string())
            }
        })?;
        Self::check()?;
        self.answered(prompt, &answer);
        Ok(answer)
    }

    fn optional_text(&self, prompt: &str, hint: &str) -> Result<Option<String>, PromptError> {
        let (answer, _) = self.edit(prompt, Some(hint), "", |typed| {
            let typed = typed.trim();
            Ok((!typed.is_empty()).then(|| typed.to_string()))
        })?;
        Self::check()?;
        self.answered(prompt, answer.as_deref().unwrap_or("(skipped)"));
        Ok(answer)
    }

    fn select(&self, prompt: &str, items: &[String], lettered: bool) -> Result<usize, PromptError> {
        let shown = self.items(items, lettered, SELECT_MARK);
        let picked = Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&shown)
            .default(0)
            .report(false)
            .interact_on_opt(&self.term)?;
        Self::check()?;
        let picked = picked.ok_or(PromptError::Aborted)?;
        self.answered(prompt, &shown[picked]);
        Ok(picked)
    }

    fn multi_select(
        &self,
        prompt: &str,
        items: &[String],
        lettered: bool,
        exclusive: &[usize],
    ) -> Result<Vec<usize>, PromptError> {
        let shown = self.items(items, lettered, MULTI_MARK);
        let mut ticked = vec![false; items.len()];
        // Rows of the last refusal on screen, cleared once the answer is accepted.
        let mut refused = 0;
        let picked = loop {
            let picked = MultiSelect::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(&shown)
                .defaults(&ticked)
                .report(false)
                .interact_on_opt(&self.term)?;
            Self::check()?;
            let picked = picked.ok_or(PromptError::Aborted)?;
            // "None of these" with other ticks contradicts itself; refused rather than
            // fixed silently, so the candidate decides which of the two is true.
            match picked.iter().find(|i| exclusive.contains(i)) {
                Some(&none) if picked.len() > 1 => {
                    let why = self.wrap(
                        &format!(
                            "✘ \"{}\" cannot be ticked with other options: untick it or them",
                            items[none]
                        ),
                        2,
                    );
                    let _ = self.term.clear_last_lines(refused);
                    refused = why.lines().count();
                    let _ = self
                        .term
                        .write_line(&style(why).for_stderr().red().to_string());
                    ticked = (0..items.len()).map(|i| picked.contains(&i)).collect();
                }
                _ => {
                    let _ = self.term.clear_last_lines(refused);
                    break picked;
                }
            }
        };
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

    fn number(
        &self,
        prompt: &str,
        unit: Option<&str>,
        min: f64,
        max: f64,
    ) -> Result<f64, PromptError> {
        let (answer, typed) = self.edit(prompt, None, "", |typed| {
            parse_number(typed, unit, min, max)
        })?;
        Self::check()?;
        self.answered(prompt, typed.trim());
        Ok(answer)
    }

    fn confirm(&self, prompt: &str) -> Result<bool, PromptError> {
        let answer = Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .interact_on_opt(&self.term)?;
        Self::check()?;
        answer.ok_or(PromptError::Aborted)
    }

    fn progress(&self, done: u64, total: u64, section: &str) {
        let target = ProgressDrawTarget::term(self.term.clone(), 20);
        let bar = ProgressBar::with_draw_target(Some(total), target);
        bar.set_style(
            ProgressStyle::with_template("[{bar:30.cyan/blue}] {pos} of {len} done · {msg}")
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
    fn numbers_are_refused_in_plain_words() {
        let years = Some("years");
        assert_eq!(parse_number(" 4 ", years, 0.0, 60.0), Ok(4.0));
        assert_eq!(parse_number("2.5", years, 0.0, 60.0), Ok(2.5));
        assert_eq!(
            parse_number("four", years, 0.0, 60.0).unwrap_err(),
            "\"four\" is not a number: type a number of years in digits, like 4"
        );
        assert_eq!(
            parse_number("", years, 0.0, 60.0).unwrap_err(),
            "Type a number of years, like 4, then press Enter"
        );
        assert_eq!(
            parse_number("inf", None, 0.0, 60.0).unwrap_err(),
            "\"inf\" is not a number: type a number in digits, like 4"
        );
        assert_eq!(
            parse_number("61", years, 0.0, 60.0).unwrap_err(),
            "61 is more than 60: type a number of years from 0 to 60"
        );
        // 4 is out of range here, so the example is the smallest number allowed.
        assert_eq!(
            parse_number("x", years, 10.0, 20.0).unwrap_err(),
            "\"x\" is not a number: type a number of years in digits, like 10"
        );
    }

    #[test]
    fn hanging_wrap_leaves_room_for_the_marker() {
        // "❯ [x] " takes 6 columns; rows stay within 30 and continue under the text.
        let wrapped = wrap_hanging("A. alpha beta gamma delta epsilon zeta", 30, 6, 9);
        let rows: Vec<&str> = wrapped.lines().collect();
        assert_eq!(rows, ["A. alpha beta gamma", "         delta epsilon zeta"]);
        // 6 + "A. alpha beta gamma" (19) = 25; adding " delta" would make 31 > 30.
        assert!(rows.iter().skip(1).all(|r| r.len() <= 30));
    }

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
