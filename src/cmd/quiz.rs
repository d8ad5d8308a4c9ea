//! `tpm-ready quiz`: take the quiz (interactive or scripted), score it, write the report.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::answers::{self, AnswersError, AnswersFile};
use crate::bank::Bank;
use crate::cli::QuizArgs;
use crate::error::{Aborted, UsageError};
use crate::prompt::{PromptError, Prompter, Terminal};
use crate::quiz::{self, AskError, Responses};
use crate::report::{Format, Json, Markdown, Report, RunResult};
use crate::session::Plan;
use crate::store;

/// Runs `quiz`.
pub fn run(args: &QuizArgs) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.bank.as_deref())?;
    let seed = args
        .seed
        .or_else(|| args.shuffle.then(|| fastrand::u64(..)));
    match &args.answers {
        Some(path) => scripted(&bank, args, path, seed),
        None => interactive(&bank, args, seed),
    }
}

fn scripted(bank: &Bank, args: &QuizArgs, path: &Path, seed: Option<u64>) -> anyhow::Result<()> {
    let file = AnswersFile::read(path)?;
    let candidate = args
        .name
        .clone()
        .or(file.candidate.clone())
        .ok_or(UsageError::NoName)?;
    let track = args
        .track
        .clone()
        .or(file.track.clone())
        .unwrap_or_else(|| bank.meta.default_track.clone());
    let plan = Plan::new(bank, &track, args.skills.as_deref(), seed)
        .with_context(|| format!("answers file {}", path.display()))?;
    let answers =
        answers::interpret(bank, &plan, &file.answers, args.allow_partial).map_err(|problems| {
            AnswersError::Invalid {
                path: path.to_path_buf(),
                problems,
            }
        })?;
    let at = crate::now();
    let report = Report::build(&RunResult {
        bank,
        plan: &plan,
        candidate,
        answers: &answers,
        seconds: &HashMap::new(),
        mode: "scripted",
        resumed: false,
        started_at: at,
        finished_at: at,
    });
    let paths = save(&args.out, &report, &file.answers)?;
    print_summary(&report, &paths);
    Ok(())
}

fn interactive(bank: &Bank, args: &QuizArgs, seed: Option<u64>) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError::NotATerminal.into());
    }
    let started_at = crate::now();
    // The plan is needed for the bar's length, but the track comes from a prompt; the
    // question count is the same for every track order, so plan again once it is known.
    let terminal = Terminal::new(0);
    let aborted = |e: PromptError| -> anyhow::Error {
        terminal.restore();
        match e {
            PromptError::Aborted => Aborted { hint: None }.into(),
            PromptError::Io(io) => anyhow::Error::new(io).context("terminal"),
        }
    };
    terminal.say(&console::style(&bank.meta.title).bold().to_string());
    terminal.say(&bank.meta.intro);
    terminal.say(
        "Use the arrow keys and Enter to answer; Space marks items in lists; Esc or Ctrl-C stops.",
    );
    terminal.say("");
    let candidate = match &args.name {
        Some(name) => name.clone(),
        None => terminal.text("Your name", None).map_err(aborted)?,
    };
    let track = match &args.track {
        Some(track) => track.clone(),
        None => {
            let items: Vec<String> = bank
                .meta
                .tracks
                .iter()
                .map(|t| format!("{}: {}", t.name, t.description))
                .collect();
            let picked = terminal
                .select("Which track fits the role you want?", &items, false)
                .map_err(aborted)?;
            bank.meta.tracks[picked].id.clone()
        }
    };
    let plan = Plan::new(bank, &track, args.skills.as_deref(), seed)?;
    let mut terminal = terminal;
    terminal.set_total(plan.items.len() as u64);
    let mut responses = Responses::default();
    let asked = quiz::ask_all(bank, &plan, &terminal, &mut responses, |_| {
        Ok::<(), std::convert::Infallible>(())
    });
    match asked {
        Ok(()) => {}
        Err(AskError::Prompt(PromptError::Aborted)) => {
            terminal.restore();
            return Err(Aborted { hint: None }.into());
        }
        Err(AskError::Prompt(PromptError::Io(e))) => {
            terminal.restore();
            return Err(anyhow::Error::new(e).context("terminal"));
        }
        Err(AskError::Save(never)) => match never {},
    }
    terminal.restore();
    let report = Report::build(&RunResult {
        bank,
        plan: &plan,
        candidate,
        answers: &responses.answers,
        seconds: &responses.seconds,
        mode: "interactive",
        resumed: false,
        started_at,
        finished_at: crate::now(),
    });
    let raw = responses
        .answers
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    let paths = save(&args.out, &report, &raw)?;
    print_summary(&report, &paths);
    Ok(())
}

/// Writes the report's documents. If that fails, the answers go to a file in the system
/// temp folder so nothing the candidate gave is lost, and the error says where.
fn save(
    out: &Path,
    report: &Report,
    raw_answers: &std::collections::BTreeMap<String, serde_json::Value>,
) -> anyhow::Result<Vec<PathBuf>> {
    let dir = store::candidate_dir(out, &report.candidate);
    let documents: Vec<(&str, String)> = [&Json as &dyn Format, &Markdown]
        .iter()
        .map(|f| (f.extension(), f.render(report)))
        .collect();
    let stem = store::report_stem(report.finished_at);
    store::write_report(&dir, &stem, &documents).map_err(|err| {
        let fallback = AnswersFile {
            schema: None,
            candidate: Some(report.candidate.clone()),
            track: Some(report.track.clone()),
            answers: raw_answers.clone(),
        };
        let text = serde_json::to_string_pretty(&fallback).expect("answers serialise");
        let path = std::env::temp_dir().join(format!("tpm-ready-{}-{stem}.answers.json", store::slug(&report.candidate)));
        match store::write_atomic(&path, text.as_bytes()) {
            Ok(()) => anyhow::Error::new(err).context(format!(
                "the report was not written, but your answers are safe in {}; score them later with `tpm-ready quiz --answers {} --out DIR`",
                path.display(),
                path.display()
            )),
            Err(second) => anyhow::Error::new(err).context(format!(
                "saving the answers to {} also failed: {second}",
                path.display()
            )),
        }
    })
}

fn print_summary(report: &Report, paths: &[PathBuf]) {
    let r = &report.readiness;
    println!(
        "\n{}: {} (skills readiness {:.0}/100, track {})",
        report.candidate, r.verdict_name, r.score, report.track_name
    );
    println!("{}", r.reason);
    let top: Vec<_> = report.gaps.iter().take(3).collect();
    if top.is_empty() {
        println!("No gaps against the {} targets.", report.track_name);
    } else {
        println!("Top gaps:");
        for (i, gap) in top.iter().enumerate() {
            match gap.status {
                None => println!("  {}. {}: {}", i + 1, gap.name, gap.detail),
                Some(status) => println!(
                    "  {}. {} (prerequisite): {}",
                    i + 1,
                    gap.name,
                    status.as_str()
                ),
            }
        }
    }
    if !report.quality.is_empty() {
        println!("Note: this result may be unreliable; see \"Response quality\" in the report.");
    }
    println!("Reports:");
    for path in paths {
        println!("  {}", path.display());
    }
}
