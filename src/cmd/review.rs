//! `tpm-ready review`: read a saved report in the terminal, or append a mentor's note.

use std::io::Read;

use anyhow::Context;

use crate::cli::ReviewArgs;
use crate::error::UsageError;
use crate::history;
use crate::report::{Format, Html, Json, Markdown, MentorNote, Terminal};
use crate::store;

/// Runs `review`.
pub fn run(args: &ReviewArgs) -> anyhow::Result<()> {
    let path = history::resolve(&args.report, &args.dir)?;
    let mut report = history::read(&path)?;
    let Some(note) = &args.note else {
        if args.json {
            print!("{}", Json.render(&report));
        } else {
            let color = crate::color_stdout();
            print!("{}", Terminal { color }.render(&report));
        }
        return Ok(());
    };
    let text = if note == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the note from stdin")?;
        text
    } else {
        note.clone()
    };
    let text = text.trim().to_string();
    let mentor = args
        .mentor
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    if text.is_empty() || mentor.is_empty() {
        return Err(UsageError::EmptyNote.into());
    }
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
    // The Markdown beside the report shows the notes too; regenerate it (and only it).
    let markdown_path = path.with_extension("md");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let chart = path.with_extension("svg");
    let markdown = Markdown {
        chart_file: chart.exists().then(|| format!("{stem}.svg")),
    };
    if markdown_path.exists() {
        store::write_atomic(&markdown_path, markdown.render(&report).as_bytes())?;
    }
    let html_path = path.with_extension("html");
    if html_path.exists() {
        store::write_atomic(&html_path, Html.render(&report).as_bytes())?;
    }
    if crate::quiet() {
        return Ok(());
    }
    println!(
        "added note {} to {}",
        report.mentor_notes.len(),
        path.display()
    );
    for regenerated in [&markdown_path, &html_path]
        .into_iter()
        .filter(|p| p.exists())
    {
        println!("regenerated {}", regenerated.display());
    }
    Ok(())
}
