//! The quiz's prompts as a candidate sees them, through a real pseudo-terminal of 80
//! columns: every byte the quiz writes is replayed on a small terminal model ([`Screen`])
//! so the tests check the screen (cursor markers, redraws of wrapped text, wrapped stop
//! messages), not only the byte stream.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::Expect;
use serde_json::{json, Value};

use crate::common::{fixture, NOW};
use crate::interactive::{exit_code, DOWN};

const ESC: &str = "\x1b";
/// The pty's width (ptyprocess opens 80 by 24).
const COLS: usize = 80;

/// A terminal model: enough of a VT100 for what console, dialoguer and indicatif write
/// (text, CR, LF, cursor moves, line and screen clears; colours ignored). Rows are
/// unbounded, so moves are relative to what was written, as on a scrolled terminal.
struct Screen {
    grid: Vec<Vec<char>>,
    row: usize,
    col: usize,
    /// A character went into the last column: the next one starts a new row.
    pending: bool,
}

impl Screen {
    fn new() -> Self {
        Self {
            grid: vec![Vec::new()],
            row: 0,
            col: 0,
            pending: false,
        }
    }

    fn cell(&mut self) -> &mut char {
        while self.grid.len() <= self.row {
            self.grid.push(Vec::new());
        }
        let line = &mut self.grid[self.row];
        while line.len() <= self.col {
            line.push(' ');
        }
        &mut line[self.col]
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '\x1b' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut last = ' ';
                        for x in chars.by_ref() {
                            if x.is_ascii_alphabetic() || x == '~' || x == '@' {
                                last = x;
                                break;
                            }
                            params.push(x);
                        }
                        self.csi(&params, last);
                    }
                    Some(']') => {
                        // Window title: up to BEL.
                        for x in chars.by_ref() {
                            if x == '\x07' {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => {
                    self.col = 0;
                    self.pending = false;
                }
                '\n' => {
                    self.row += 1;
                    self.pending = false;
                }
                '\x08' => {
                    self.col = self.col.saturating_sub(1);
                    self.pending = false;
                }
                c if c.is_control() => {}
                c => {
                    if self.pending {
                        self.row += 1;
                        self.col = 0;
                        self.pending = false;
                    }
                    *self.cell() = c;
                    if self.col + 1 == COLS {
                        self.pending = true;
                    } else {
                        self.col += 1;
                    }
                }
            }
        }
    }

    fn csi(&mut self, params: &str, last: char) {
        if params.starts_with('?') {
            return; // cursor shown or hidden
        }
        let n: Option<usize> = params.split(';').next().and_then(|p| p.parse().ok());
        let count = n.unwrap_or(1).max(1);
        self.pending = false;
        while self.grid.len() <= self.row {
            self.grid.push(Vec::new());
        }
        match last {
            'A' => self.row = self.row.saturating_sub(count),
            'B' => self.row += count,
            'C' => self.col = (self.col + count).min(COLS - 1),
            'D' => self.col = self.col.saturating_sub(count),
            'G' => self.col = count - 1,
            'J' if n.unwrap_or(0) == 0 => {
                self.grid[self.row].truncate(self.col);
                self.grid.truncate(self.row + 1);
            }
            'J' => self.grid.iter_mut().for_each(Vec::clear),
            'K' => match n.unwrap_or(0) {
                0 => self.grid[self.row].truncate(self.col),
                1 => {
                    let line = &mut self.grid[self.row];
                    for cell in line.iter_mut().take(self.col + 1) {
                        *cell = ' ';
                    }
                }
                _ => self.grid[self.row].clear(),
            },
            _ => {} // colours and styles
        }
    }

    /// The screen's rows, trailing spaces trimmed.
    fn rows(&self) -> Vec<String> {
        self.grid
            .iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_string())
            .collect()
    }
}

/// A quiz in a pty with every byte it writes replayed on a [`Screen`].
struct Pty {
    session: Session,
    screen: Screen,
}

impl Pty {
    fn spawn(out: &Path, bank: Option<&str>, extra: &[&str], no_color: bool) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tpm-ready"));
        cmd.arg("quiz");
        if let Some(bank) = bank {
            cmd.arg("--bank").arg(fixture(bank));
        }
        cmd.arg("--out")
            .arg(out)
            .args(extra)
            .env("TPM_READY_NOW", NOW)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        Self {
            session,
            screen: Screen::new(),
        }
    }

    /// Waits for a regex; returns the matched text.
    fn wait_re(&mut self, pattern: &str) -> String {
        let found = self
            .session
            .expect(expectrl::Regex(pattern))
            .unwrap_or_else(|e| panic!("waiting for {pattern:?}: {e}\n{}", self.shown()));
        self.screen.feed(found.as_bytes());
        String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned()
    }

    /// Waits for `text`, then sends each key in its own write.
    fn answer(&mut self, text: &str, keys: &[&str]) {
        let found = self
            .session
            .expect(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}\n{}", self.shown()));
        self.screen.feed(found.as_bytes());
        self.keys(keys);
    }

    fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.session.send(key).unwrap();
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Reads until the quiz has written nothing for a while: the screen is settled.
    fn settle(&mut self) {
        let mut quiet = 0;
        while quiet < 3 {
            std::thread::sleep(Duration::from_millis(150));
            match self.session.check(expectrl::Regex("(?s-u).+")) {
                Ok(found) if !found.is_empty() => {
                    self.screen.feed(found.as_bytes());
                    quiet = 0;
                }
                _ => quiet += 1,
            }
        }
    }

    fn rows(&self) -> Vec<String> {
        self.screen.rows()
    }

    /// The last rows of the screen, for failure messages.
    fn shown(&self) -> String {
        let rows = self.rows();
        rows[rows.len().saturating_sub(30)..].join("\n")
    }

    fn exit_code(&mut self) -> i32 {
        exit_code(&mut self.session)
    }
}

fn saved(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn lists_mark_the_cursor_and_ticks_with_and_without_colour() {
    for no_color in [true, false] {
        let out = tempfile::tempdir().unwrap();
        let mut q = Pty::spawn(
            out.path(),
            Some("banks/small.json"),
            &["--name", "Mo", "--track", "general"],
            no_color,
        );
        q.answer("Which level describes you best?", &[DOWN]);
        q.settle();
        let rows = q.rows();
        // Select: the marker moved with the cursor to level 2.
        assert!(
            rows.iter().any(|r| r == "❯ 2. I write when asked."),
            "no_color={no_color}:\n{}",
            q.shown()
        );
        assert!(
            rows.iter().any(|r| r == "  1. I avoid writing."),
            "{}",
            q.shown()
        );
        q.keys(&["\r"]);
        q.answer("An example from your work", &["\r"]);
        q.answer("Your answer", &["\r"]);
        q.answer("Your answer", &["\r"]);
        // Multi-select: A ticked, the cursor on B; neither depends on colour.
        q.answer("Select all that apply", &[" ", DOWN]);
        q.settle();
        let rows = q.rows();
        let list: Vec<&str> = rows
            .iter()
            .map(String::as_str)
            .skip_while(|r| !r.starts_with("? Select all that apply"))
            .skip(1)
            .take(4)
            .collect();
        assert_eq!(
            list,
            [
                "  [x] A. A one-line summary.",
                "❯ [ ] B. Named owners.",
                "  [ ] C. Jargon.",
                "  [ ] D. Ten pages."
            ],
            "no_color={no_color}:\n{}",
            q.shown()
        );
        q.keys(&[ESC]);
        assert_eq!(q.exit_code(), 130);
    }
}

#[test]
fn the_example_prompt_is_short_and_redraws_cleanly_when_text_wraps() {
    let out = tempfile::tempdir().unwrap();
    let mut q = Pty::spawn(
        out.path(),
        Some("banks/small.json"),
        &["--name", "Wu", "--track", "general"],
        true,
    );
    q.answer("Which level describes you best?", &["\r"]);
    q.answer("Example", &[]);
    // 100 characters typed: with "? Example › " (12 columns) that is 112, two rows.
    let note = "I wrote the launch notes for the payments migration and then ran the weekly status review on Friday.";
    assert_eq!(note.chars().count(), 100);
    for chunk in note.as_bytes().chunks(10) {
        q.keys(&[std::str::from_utf8(chunk).unwrap()]);
    }
    // 40 characters rubbed out, back across the wrap: 72 columns remain, one row.
    q.keys(&["\x7f"; 40]);
    q.settle();
    let rows = q.rows();
    let hint = rows
        .iter()
        .position(|r| r.starts_with("An example from your work"))
        .unwrap_or_else(|| panic!("no hint line:\n{}", q.shown()));
    let kept: String = note.chars().take(60).collect();
    assert_eq!(
        &rows[hint..],
        [
            "An example from your work that shows this level (optional, Enter skips)".to_string(),
            format!("? Example › {}", kept.trim_end()),
        ],
        "the prompt sits under its hint, with no stale copy of the wrapped row:\n{}",
        q.shown()
    );
    assert!(
        "? Example › ".chars().count() < 40,
        "the prompt leaves room for the text"
    );
    // Typed again past the edge, then answered: one summary line, nothing left over.
    q.keys(&[" and more notes on the rollout plan"]);
    q.keys(&["\r"]);
    q.answer("A stakeholder is confused", &[]);
    q.settle();
    let rows = q.rows();
    let mentions: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("payments") || r.contains("rollout") || r.contains("Example"))
        .collect();
    assert_eq!(mentions.len(), 1, "{}", q.shown());
    assert!(
        mentions[0].starts_with("✔ Example · I wrote the launch notes"),
        "{}",
        q.shown()
    );
    q.keys(&[ESC]);
    assert_eq!(q.exit_code(), 130);
    let progress = saved(&out.path().join("wu/in-progress.json"));
    // The first 60 characters end "and then"; the rest was typed after them.
    assert_eq!(
        progress["evidence"]["talk-1"],
        format!("{kept} and more notes on the rollout plan")
    );
}

#[test]
fn number_prompts_explain_in_plain_words() {
    let out = tempfile::tempdir().unwrap();
    let mut q = Pty::spawn(
        out.path(),
        Some("banks/small.json"),
        &["--name", "Ng", "--track", "general"],
        true,
    );
    q.answer("Which level describes you best?", &["\r"]);
    q.answer("An example from your work", &["\r"]);
    for _ in 0..2 {
        q.answer("Your answer", &["\r"]);
    }
    q.answer("Select all that apply", &["\r"]);
    q.answer("Which level describes you best?", &["\r"]);
    q.answer("An example from your work", &["\r"]);
    for _ in 0..2 {
        q.answer("Your answer", &["\r"]);
    }
    q.answer("Select all that apply", &["\r"]);
    q.answer("Number of years", &["four", "\r"]);
    q.wait_re("type a number of years in digits, like 4");
    q.settle();
    let rows = q.rows();
    assert!(
        rows.iter()
            .any(|r| r == "✘ \"four\" is not a number: type a number of years in digits, like 4"),
        "{}",
        q.shown()
    );
    assert!(!rows.iter().any(|r| r.contains("float")), "{}", q.shown());
    q.keys(&["\x7f"; 4]);
    q.keys(&["75", "\r"]);
    q.wait_re("75 is more than 60: type a number of years from 0 to 60");
    q.keys(&["\x7f"; 2]);
    q.keys(&["-1", "\r"]);
    q.wait_re("-1 is less than 0: type a number of years from 0 to 60");
    q.keys(&["\x7f"; 2]);
    q.keys(&["4", "\r"]);
    q.answer("Do you have a mentor?", &[]);
    q.settle();
    assert!(
        q.rows().iter().any(|r| r == "✔ Number of years · 4"),
        "{}",
        q.shown()
    );
    q.keys(&[ESC]);
    assert_eq!(q.exit_code(), 130);
    let progress = saved(&out.path().join("ng/in-progress.json"));
    assert_eq!(progress["answers"]["exp-years"], json!(4.0));
}

#[test]
fn the_bar_counts_questions_done_not_the_one_on_screen() {
    let out = tempfile::tempdir().unwrap();
    let mut q = Pty::spawn(
        out.path(),
        Some("banks/small.json"),
        &["--name", "Bo", "--track", "general"],
        true,
    );
    // The first of 11 questions: none done yet.
    let first = q.wait_re(r"\] \d+ of 11 done · Talking");
    assert_eq!(first, "] 0 of 11 done · Talking");
    q.answer("Which level describes you best?", &["\r"]);
    q.answer("An example from your work", &["\r"]);
    // The second: talk-1 done (its note belongs to it).
    let second = q.wait_re(r"\] \d+ of 11 done · Talking");
    assert_eq!(second, "] 1 of 11 done · Talking");
    q.answer("Your answer", &["\r"]);
    let third = q.wait_re(r"\] \d+ of 11 done · Talking");
    assert_eq!(third, "] 2 of 11 done · Talking");
    q.answer("Your answer", &[ESC]);
    assert_eq!(q.exit_code(), 130);
}

#[test]
fn an_empty_name_says_why_it_asks_again_and_esc_stops_there() {
    let out = tempfile::tempdir().unwrap();
    let mut q = Pty::spawn(out.path(), Some("banks/small.json"), &[], true);
    q.answer("Your name", &["\r"]);
    q.wait_re("A name is needed to file your reports");
    q.settle();
    let rows = q.rows();
    let at = rows
        .iter()
        .position(|r| r == "✘ A name is needed to file your reports")
        .unwrap_or_else(|| panic!("{}", q.shown()));
    assert_eq!(rows[at + 1], "? Your name ›", "{}", q.shown());
    // Esc at a text prompt stops the quiz like at the lists.
    q.keys(&[ESC]);
    q.wait_re("quiz stopped");
    assert_eq!(q.exit_code(), 130);
}

#[test]
fn esc_at_the_example_prompt_stops_and_keeps_the_rating() {
    let out = tempfile::tempdir().unwrap();
    let mut q = Pty::spawn(
        out.path(),
        Some("banks/small.json"),
        &["--name", "Eve", "--track", "general"],
        false,
    );
    q.answer("Which level describes you best?", &[DOWN, DOWN, "\r"]);
    q.answer("An example from your work", &["half a note", ESC]);
    q.wait_re("quiz stopped");
    assert_eq!(q.exit_code(), 130);
    let progress = saved(&out.path().join("eve/in-progress.json"));
    assert_eq!(progress["answers"], json!({"talk-1": 3}));
    assert!(progress
        .get("evidence")
        .is_none_or(|e| e.get("talk-1").is_none()));
}

/// Checks the stop message on screen: rows within 80 columns, broken only between words.
fn assert_wrapped_at_words(q: &mut Pty, out: &Path) {
    q.wait_re("quiz stopped");
    q.settle();
    let rows = q.rows();
    let at = rows
        .iter()
        .rposition(|r| r.starts_with("quiz stopped"))
        .unwrap();
    let message: Vec<&String> = rows[at..].iter().take_while(|r| !r.is_empty()).collect();
    assert!(message.len() >= 2, "{}", q.shown());
    assert!(
        message.iter().all(|r| r.chars().count() < COLS),
        "{message:?}"
    );
    let joined = message
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let path = out.join("lin-o-brien/in-progress.json");
    assert!(
        joined.contains(&format!("saved in {}; carry on with", path.display())),
        "a word or path was split across rows: {message:#?}"
    );
    assert!(joined.contains("--resume"), "{message:#?}");
}

#[test]
fn the_stop_message_wraps_at_words_after_esc_and_after_a_signal() {
    for signal in [false, true] {
        let out = tempfile::tempdir().unwrap();
        // A long folder name, so the message needs two or three rows.
        let deep = out.path().join("reports-for-the-spring-cohort");
        let mut q = Pty::spawn(
            &deep,
            Some("banks/small.json"),
            &["--name", "Lin O'Brien", "--track", "general"],
            true,
        );
        q.answer("Which level describes you best?", &[]);
        if signal {
            // The signal itself, not the 0x03 byte a raw-mode prompt reads.
            q.session
                .get_process_mut()
                .kill(expectrl::process::unix::Signal::SIGINT)
                .unwrap();
        } else {
            q.keys(&[ESC]);
        }
        assert_wrapped_at_words(&mut q, &deep);
        assert_eq!(q.exit_code(), 130);
    }
}

#[test]
fn prerequisites_ask_which_roles_count_before_the_years_and_none_stands_alone() {
    let out = tempfile::tempdir().unwrap();
    // The built-in bank, one skill of the quick form, then the prerequisites.
    let mut q = Pty::spawn(
        out.path(),
        None,
        &[
            "--name",
            "Ida",
            "--track",
            "general",
            "--quick",
            "--skills",
            "communication",
        ],
        true,
    );
    q.answer("Which level describes you best?", &["\r"]);
    q.answer("An example from your work", &["\r"]);
    for _ in 0..3 {
        q.answer("Your answer", &["\r"]);
    }
    q.answer("What is the highest degree you hold?", &[]);
    q.answer("Your answer", &["\r"]); // no degree: the field is not asked
    let next = q.wait_re("Which of these roles have you held|how many years");
    assert_eq!(next, "Which of these roles have you held");
    // Software development and "None of these" (the last of 7) ticked together.
    q.answer(
        "Select all that apply",
        &[" ", DOWN, DOWN, DOWN, DOWN, DOWN, DOWN, " ", "\r"],
    );
    q.wait_re("cannot be ticked with other options");
    q.settle();
    let rows = q.rows();
    assert!(
        rows.iter()
            .any(|r| r
                == "✘ \"None of these\" cannot be ticked with other options: untick it or them"),
        "{}",
        q.shown()
    );
    // Asked again with both ticks kept; unticking software development is accepted.
    let list: Vec<&str> = rows
        .iter()
        .rev()
        .take_while(|r| !r.starts_with("? Select all that apply"))
        .map(String::as_str)
        .collect();
    assert!(list.contains(&"  [x] None of these"), "{}", q.shown());
    assert!(
        list.contains(&"❯ [x] Software development"),
        "{}",
        q.shown()
    );
    q.keys(&[" ", "\r"]);
    q.answer("how many years have you worked in the roles listed", &[]);
    q.settle();
    // Once accepted, the refusal goes: the answer line follows the question.
    let rows = q.rows();
    let at = rows
        .iter()
        .position(|r| r.starts_with("Which of these roles have you held?"))
        .unwrap();
    assert_eq!(rows[at + 1], "✔ Selected · None of these", "{}", q.shown());
    assert!(
        rows.last().unwrap().starts_with("? Number of years ›"),
        "{}",
        q.shown()
    );
    q.keys(&["3"]);
    // Esc at the number prompt stops the quiz; the roles answer is kept.
    q.keys(&[ESC]);
    q.wait_re("quiz stopped");
    assert_eq!(q.exit_code(), 130);
    let progress = saved(&out.path().join("ida/in-progress.json"));
    assert_eq!(progress["answers"]["experience-roles"], json!(["other"]));
    assert!(progress["answers"].get("experience-years").is_none());
}

#[test]
fn an_answers_file_with_none_and_other_roles_is_refused_with_its_place() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("roles.json");
    std::fs::write(
        &file,
        json!({"answers": {"experience-roles": ["software-development", "other"],
                           "network-activities": ["none"]}})
        .to_string(),
    )
    .unwrap();
    let assert = crate::common::tpm()
        .args([
            "quiz",
            "--name",
            "Al",
            "--track",
            "general",
            "--allow-partial",
            "--answers",
        ])
        .arg(&file)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // One problem: "none" alone is fine, "other" with another role is not.
    assert!(
        stderr.contains(&format!(
            "1 problem in answers file {0}:\n  - {0}: question `experience-roles`: option `other` (\"None of these\") cannot be combined with other options",
            file.display()
        )),
        "{stderr}"
    );
}
