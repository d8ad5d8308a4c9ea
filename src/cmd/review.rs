//! `tpm-ready review`: read a saved report in the terminal, or append a mentor's note
//! or skill ratings.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use anyhow::Context;

use crate::clean;
use crate::cli::ReviewArgs;
use crate::error::UsageError;
use crate::history;
use crate::report::{wrap, Documents, Format, Json, MentorNote, MentorRating, Report, Terminal};
use crate::store;

/// Runs `review`.
pub fn run(args: &ReviewArgs, ctx: &super::Context) -> anyhow::Result<()> {
    let path = history::resolve(&args.report, &args.dir)?;
    if args.note.is_none() && args.rate.is_empty() {
        let report = history::read(&path)?;
        if args.json {
            print!("{}", Json.render(&report));
        } else {
            let color = ctx.output.color;
            show(&Terminal { color }.render(&report), args.no_pager);
        }
        return Ok(());
    }
    let text = match &args.note {
        Some(note) => Some(note_text(note)?),
        None => None,
    };
    let ratings = args
        .rate
        .iter()
        .map(|r| parse_rating(r))
        .collect::<Result<Vec<_>, _>>()?;
    let mentor = clean::name(
        args.mentor.as_deref().unwrap_or_default(),
        crate::input::MAX_NAME_CHARS,
    )
    .map_err(|e| UsageError::Invalid(format!("--mentor: {e}")))?;
    if mentor.is_empty() {
        return Err(UsageError::EmptyNote.into());
    }
    // Read-modify-write under the report's lock: a second mentor waits, then adds their
    // note to the report as this one left it, and the documents are regenerated from the
    // JSON as written, inside the lock, so they always agree with it.
    let _lock = store::lock(&path)?;
    let mut report = history::read(&path)?;
    if let Some(skill) = &args.skill {
        known_skill(&report, skill)?;
    }
    for (skill, _) in &ratings {
        known_skill(&report, skill)?;
    }
    // The anchors come from the bank; a level beyond the skill's scale is refused.
    let anchors = Anchors::load(args.bank.as_deref(), &report)?;
    for (skill, level) in &ratings {
        let top = anchors.scale(skill);
        if !(1..=top).contains(level) {
            return Err(UsageError::Invalid(format!(
                "--rate {skill}={level}: the level must be 1 to {top} (the skill's self-rating scale)"
            ))
            .into());
        }
    }
    let at = ctx.now();
    if let Some(text) = text {
        report.mentor_notes.push(MentorNote {
            mentor: mentor.clone(),
            at,
            skill: args.skill.clone(),
            text,
        });
    }
    for (skill, level) in &ratings {
        report.mentor_ratings.push(MentorRating {
            skill: skill.clone(),
            level: *level,
            mentor: mentor.clone(),
            at,
        });
    }
    store::write_atomic(&path, Json.render(&report).as_bytes())?;
    // The JSON is the source of truth and is saved: from here on the note is kept, so
    // a document that cannot be regenerated is a warning, not a failure (a retry would
    // store the note twice).
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The documents the report already has, rendered again (the chart shows scores only,
    // which a note or a rating does not change).
    let has = |extension: &str| path.with_extension(extension).exists();
    let documents: Vec<(std::path::PathBuf, String)> = Documents {
        json: false,
        chart: has("svg"),
        markdown: has("md"),
        html: has("html"),
        appendix: args.appendix,
    }
    .render(&report, &stem)
    .into_iter()
    .filter(|(extension, _)| *extension != "svg")
    .map(|(extension, text)| (path.with_extension(extension), text))
    .collect();
    let mut regenerated = Vec::new();
    let mut failed = Vec::new();
    for (document, text) in &documents {
        match store::write_atomic(document, text.as_bytes()) {
            Ok(()) => regenerated.push(document),
            Err(e) => failed.push(e),
        }
    }
    for e in &failed {
        eprintln!(
            "warning: the change is saved in {} (the report's source of truth), but {}; that document is regenerated with the next note or rating",
            path.display(),
            e
        );
    }
    if ctx.output.quiet {
        return Ok(());
    }
    if args.note.is_some() {
        println!(
            "added note {} to {}",
            report.mentor_notes.len(),
            path.display()
        );
    }
    for (skill, level) in &ratings {
        let own = report
            .skills
            .iter()
            .find(|s| &s.id == skill)
            .and_then(crate::report::text::self_level_number)
            .map_or_else(String::new, |l| format!("; self-rating level {l}"));
        println!(
            "rated {} level {level} ({mentor}){own}",
            report.name_of(skill)
        );
        if let Some(anchor) = anchors.text(skill, *level) {
            println!("  level {level}: {anchor}");
        }
    }
    if !ratings.is_empty() {
        println!("saved in {}", path.display());
    }
    for document in regenerated {
        println!("regenerated {}", document.display());
    }
    Ok(())
}

/// The note's text: the argument, or stdin for `-`, cleaned and within the size limit.
fn note_text(note: &str) -> anyhow::Result<String> {
    let text = if note == "-" {
        let bytes = crate::input::read_limited(
            std::io::stdin().lock(),
            crate::input::MAX_NOTE_BYTES as u64,
            "a mentor note",
        )
        .context("cannot read the note from stdin")?;
        String::from_utf8(bytes).context("the note on stdin is not UTF-8 text")?
    } else {
        note.to_string()
    };
    let text = clean::multiline(text.trim()).trim().to_string();
    if text.len() > crate::input::MAX_NOTE_BYTES {
        return Err(UsageError::Invalid(format!(
            "the note has {} bytes; a note may have at most {}",
            text.len(),
            crate::input::human(crate::input::MAX_NOTE_BYTES as u64)
        ))
        .into());
    }
    if text.is_empty() {
        return Err(UsageError::EmptyNote.into());
    }
    Ok(text)
}

/// `SKILL=LEVEL` as a skill id and a level; the level's range is checked later, against
/// the skill's scale.
fn parse_rating(text: &str) -> Result<(String, u8), UsageError> {
    let bad = || {
        UsageError::Invalid(format!(
            "--rate {text}: expected SKILL=LEVEL with a level from 1 to 5, e.g. --rate risk-management=3"
        ))
    };
    let (skill, level) = text.split_once('=').ok_or_else(bad)?;
    let level: u8 = level.trim().parse().map_err(|_| bad())?;
    let skill = skill.trim();
    if skill.is_empty() {
        return Err(bad());
    }
    Ok((skill.to_string(), level))
}

/// Refuses a skill id the report does not have, listing the ids it has and the closest.
fn known_skill(report: &Report, skill: &str) -> Result<(), UsageError> {
    if report.skills.iter().any(|s| s.id == skill) {
        return Ok(());
    }
    let known: Vec<&str> = report.skills.iter().map(|s| s.id.as_str()).collect();
    let mut list = known.join(", ");
    if let Some(close) = crate::suggest::did_you_mean(skill, known.iter().copied()) {
        list.push_str(&format!(" (did you mean `{close}`?)"));
    }
    Err(UsageError::UnknownSkillInReport(skill.to_string(), list))
}

/// The self-rating anchors of the report's bank, when the bank at hand is that bank.
struct Anchors {
    bank: Option<crate::bank::Bank>,
}

impl Anchors {
    /// Loads `--bank` (or the built-in bank) and keeps it only if the report was scored
    /// with it: another bank's anchors would describe other levels.
    fn load(path: Option<&std::path::Path>, report: &Report) -> anyhow::Result<Self> {
        let bank = crate::bank::Bank::load_or_embedded(path)?;
        if bank.meta.id != report.bank.id {
            if path.is_some() {
                return Err(
                    UsageError::OtherBank("the report".into(), report.bank.id.clone()).into(),
                );
            }
            return Ok(Self { bank: None });
        }
        Ok(Self { bank: Some(bank) })
    }

    /// The first self-rating question of a skill.
    fn question(&self, skill: &str) -> Option<&crate::bank::Question> {
        self.bank
            .as_ref()?
            .questions
            .iter()
            .find(|q| q.skill == skill && q.kind == crate::bank::QuestionType::SelfRating)
    }

    /// The top level of the skill's scale (5 when the bank is not at hand).
    fn scale(&self, skill: &str) -> u8 {
        self.question(skill)
            .and_then(|q| u8::try_from(q.levels.len()).ok())
            .filter(|&n| n > 0)
            .unwrap_or(5)
    }

    /// The anchor text of a level.
    fn text(&self, skill: &str, level: u8) -> Option<&str> {
        self.question(skill)?
            .levels
            .get(usize::from(level).checked_sub(1)?)
            .map(String::as_str)
    }
}

/// Width of the text when stdout is not a terminal (a file, a pipe, a test).
const DEFAULT_WIDTH: usize = 80;

/// Prints the report wrapped to the terminal (80 columns when stdout is not one), through
/// the pager when stdout is a terminal and `no_pager` is not set. A pager that cannot be
/// started is reported on stderr and the text printed instead.
fn show(text: &str, no_pager: bool) {
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let width = if terminal {
        console::Term::stdout()
            .size_checked()
            .map_or(DEFAULT_WIDTH, |(_, w)| usize::from(w))
    } else {
        DEFAULT_WIDTH
    };
    let text = wrap(text, width.max(20));
    let pager = if terminal && !no_pager {
        pager_command(std::env::var("PAGER").ok().as_deref())
    } else {
        None
    };
    if let Some(command) = pager {
        match page(&command, &text) {
            Ok(()) => return,
            Err(e) => eprintln!(
                "warning: the pager `{}` did not start ({e}); printing instead (--no-pager skips it)",
                command.join(" ")
            ),
        }
    }
    print!("{text}");
}

/// The pager to use: `$PAGER` split at spaces, `less -FR` when it is unset, none when it
/// is empty or `cat` (the text is then printed as it is).
pub fn pager_command(pager: Option<&str>) -> Option<Vec<String>> {
    let Some(pager) = pager else {
        return Some(vec!["less".into(), "-FR".into()]);
    };
    let words: Vec<String> = pager.split_whitespace().map(str::to_string).collect();
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some(words),
    }
}

/// Runs the pager with `text` on its stdin and waits for the reader to quit it.
fn page(command: &[String], text: &str) -> std::io::Result<()> {
    let mut pager = Command::new(&command[0]);
    pager.args(&command[1..]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // As git does: a `less` named in $PAGER still shows colours and quits on a short text.
        pager.env("LESS", "FR");
    }
    let mut child = pager.spawn()?;
    // Ctrl-C belongs to the pager while it runs (less uses it to stop a search); this
    // process must not die under it and leave the pager holding the terminal.
    // SAFETY: setting a signal's disposition to ignore, and back, has no preconditions.
    let previous = unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) };
    if let Some(mut stdin) = child.stdin.take() {
        // The reader may quit before reading everything: a broken pipe is not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let waited = child.wait();
    // SAFETY: restores the disposition returned above.
    unsafe {
        libc::signal(libc::SIGINT, previous);
    }
    waited.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_is_pager_or_less_and_never_cat() {
        assert_eq!(pager_command(None), Some(vec!["less".into(), "-FR".into()]));
        assert_eq!(
            pager_command(Some("most -s")),
            Some(vec!["most".into(), "-s".into()])
        );
        assert_eq!(pager_command(Some("")), None);
        assert_eq!(pager_command(Some("  ")), None);
        assert_eq!(pager_command(Some("cat")), None);
    }
}
