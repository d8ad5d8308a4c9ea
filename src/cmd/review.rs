//! `tpm-ready review`: read a saved report in the terminal, or append a mentor's note.

use anyhow::Context;

use crate::clean;
use crate::cli::ReviewArgs;
use crate::error::UsageError;
use crate::history;
use crate::report::{Format, Html, Json, Markdown, MentorNote, Terminal};
use crate::store;

/// Runs `review`.
pub fn run(args: &ReviewArgs) -> anyhow::Result<()> {
    let path = history::resolve(&args.report, &args.dir)?;
    let Some(note) = &args.note else {
        let report = history::read(&path)?;
        if args.json {
            print!("{}", Json.render(&report));
        } else {
            let color = crate::color_stdout();
            print!("{}", Terminal { color }.render(&report));
        }
        return Ok(());
    };
    let text = if note == "-" {
        let bytes = crate::input::read_limited(
            std::io::stdin().lock(),
            crate::input::MAX_NOTE_BYTES as u64,
            "a mentor note",
        )
        .context("cannot read the note from stdin")?;
        String::from_utf8(bytes).context("the note on stdin is not UTF-8 text")?
    } else {
        note.clone()
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
    let mentor = clean::name(
        args.mentor.as_deref().unwrap_or_default(),
        crate::input::MAX_NAME_CHARS,
    )
    .map_err(|e| UsageError::Invalid(format!("--mentor: {e}")))?;
    if text.is_empty() || mentor.is_empty() {
        return Err(UsageError::EmptyNote.into());
    }
    // Read-modify-write under the report's lock: a second mentor waits, then adds their
    // note to the report as this one left it, and the documents are regenerated from the
    // JSON as written, inside the lock, so they always agree with it.
    let _lock = store::lock(&path)?;
    let mut report = history::read(&path)?;
    if let Some(skill) = &args.skill {
        if !report.skills.iter().any(|s| &s.id == skill) {
            let known: Vec<&str> = report.skills.iter().map(|s| s.id.as_str()).collect();
            return Err(UsageError::UnknownSkillInReport(skill.clone(), known.join(", ")).into());
        }
    }
    report.mentor_notes.push(MentorNote {
        mentor,
        at: crate::now(),
        skill: args.skill.clone(),
        text,
    });
    store::write_atomic(&path, Json.render(&report).as_bytes())?;
    // The JSON is the source of truth and is saved: from here on the note is kept, so
    // a document that cannot be regenerated is a warning, not a failure (a retry would
    // store the note twice).
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let chart = path.with_extension("svg");
    let markdown = Markdown {
        chart_file: chart.exists().then(|| format!("{stem}.svg")),
    };
    let documents = [
        (path.with_extension("md"), markdown.render(&report)),
        (path.with_extension("html"), Html.render(&report)),
    ];
    let mut regenerated = Vec::new();
    let mut failed = Vec::new();
    for (document, text) in documents.iter().filter(|(p, _)| p.exists()) {
        match store::write_atomic(document, text.as_bytes()) {
            Ok(()) => regenerated.push(document),
            Err(e) => failed.push(e),
        }
    }
    for e in &failed {
        eprintln!(
            "warning: the note is saved in {} (the report's source of truth), but {}; that document is regenerated with the next note",
            path.display(),
            e
        );
    }
    if crate::quiet() {
        return Ok(());
    }
    println!(
        "added note {} to {}",
        report.mentor_notes.len(),
        path.display()
    );
    for document in regenerated {
        println!("regenerated {}", document.display());
    }
    Ok(())
}
