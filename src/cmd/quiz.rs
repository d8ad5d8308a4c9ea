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
use crate::resume::{self, InProgress};
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
        .ok_or_else(|| UsageError::NoName(path.display().to_string()))?;
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
    let mut terminal = Terminal::new(0);
    let result = interactive_in(bank, args, seed, &mut terminal);
    terminal.restore();
    result
}

/// The interactive run proper; the caller restores the terminal whatever happens.
fn interactive_in(
    bank: &Bank,
    args: &QuizArgs,
    seed: Option<u64>,
    terminal: &mut Terminal,
) -> anyhow::Result<()> {
    terminal.say(&console::style(&bank.meta.title).bold().to_string());
    terminal.say(&bank.meta.intro);
    terminal.say("Use the arrow keys and Enter to answer; Space marks items in lists; Esc or Ctrl-C stops (your answers are kept).");
    terminal.say("");
    let candidate = match &args.name {
        Some(name) => name.clone(),
        None => terminal.text("Your name", None).map_err(prompt_error)?,
    };
    let progress_path = resume::path_for(&args.out, &candidate);
    let (plan, mut responses, mut run, resumed) =
        match start_or_resume(bank, args, seed, terminal, &candidate, &progress_path)? {
            Start::Fresh(plan) => {
                let run = InProgress::new(bank, &plan, &candidate, crate::now());
                (plan, Responses::default(), run, false)
            }
            Start::Resumed(plan, responses, run) => (plan, responses, *run, true),
        };
    terminal.set_total(plan.items.len() as u64);
    store::ensure_dir(progress_path.parent().unwrap_or(&args.out))?;
    run.save(&progress_path, &responses)?;
    let asked = quiz::ask_all(bank, &plan, terminal, &mut responses, |r| {
        run.save(&progress_path, r)
    });
    match asked {
        Ok(()) => {}
        Err(AskError::Prompt(PromptError::Aborted)) => {
            terminal.restore();
            let (done, total) = (responses.answers.len(), plan.items.len());
            return Err(Aborted {
                hint: Some(format!(
                    "{done} of {total} answers are saved in {}; carry on with `{}`",
                    progress_path.display(),
                    resume_command(args, &candidate)
                )),
            }
            .into());
        }
        Err(AskError::Prompt(PromptError::Io(e))) => {
            return Err(anyhow::Error::new(e).context("terminal"))
        }
        Err(AskError::Save(e)) => {
            let raw = responses
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            return Err(fallback(
                e,
                &candidate,
                &plan.track,
                &raw,
                &store::report_stem(crate::now()),
            ));
        }
    }
    terminal.restore();
    let report = Report::build(&RunResult {
        bank,
        plan: &plan,
        candidate,
        answers: &responses.answers,
        seconds: &responses.seconds,
        mode: "interactive",
        resumed,
        started_at: run.started(),
        finished_at: crate::now(),
    });
    let raw = responses
        .answers
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    let paths = save(&args.out, &report, &raw)?;
    // Only now, with both reports on disk, is the in-progress file no longer needed.
    std::fs::remove_file(&progress_path)
        .with_context(|| format!("cannot remove {}", progress_path.display()))?;
    print_summary(&report, &paths);
    Ok(())
}

/// How an interactive run begins.
enum Start {
    Fresh(Plan),
    Resumed(Plan, Responses, Box<InProgress>),
}

fn prompt_error(e: PromptError) -> anyhow::Error {
    match e {
        PromptError::Aborted => Aborted { hint: None }.into(),
        PromptError::Io(io) => anyhow::Error::new(io).context("terminal"),
    }
}

/// The command that resumes this candidate's run, for messages.
fn resume_command(args: &QuizArgs, candidate: &str) -> String {
    let mut command = format!("tpm-ready quiz --name {} --resume", shell_quote(candidate));
    if args.out != Path::new("reports") {
        command.push_str(&format!(
            " --out {}",
            shell_quote(&args.out.display().to_string())
        ));
    }
    if let Some(bank) = &args.bank {
        command.push_str(&format!(
            " --bank {}",
            shell_quote(&bank.display().to_string())
        ));
    }
    command
}

fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Finds an unfinished run and resumes it, discards it or starts fresh, as asked.
fn start_or_resume(
    bank: &Bank,
    args: &QuizArgs,
    seed: Option<u64>,
    terminal: &Terminal,
    candidate: &str,
    path: &Path,
) -> anyhow::Result<Start> {
    let existing = match InProgress::load(path) {
        Ok(existing) => existing,
        // A damaged file is only in the way when starting again.
        Err(_) if args.restart => {
            discard(terminal, path, "a damaged unfinished run")?;
            None
        }
        Err(e) => return Err(e.into()),
    };
    let Some(run) = existing else {
        if args.resume {
            return Err(UsageError::NothingToResume(
                candidate.to_string(),
                path.display().to_string(),
            )
            .into());
        }
        return fresh_plan(bank, args, seed, terminal).map(Start::Fresh);
    };
    let (done, total) = run.counts();
    let when = run.started().format("%Y-%m-%d %H:%M");
    let described = format!("an unfinished run from {when} ({done} of {total} answered)");
    let resume = if args.restart {
        discard(terminal, path, &described)?;
        false
    } else if args.resume {
        true
    } else {
        let items = [
            format!("Resume it ({done} of {total} answered)"),
            "Start again (discards those answers)".to_string(),
        ];
        let picked = terminal
            .select(&format!("{candidate} has {described}"), &items, false)
            .map_err(prompt_error)?;
        if picked == 1 {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        picked == 0
    };
    if !resume {
        return fresh_plan(bank, args, seed, terminal).map(Start::Fresh);
    }
    let (plan, mut responses, dropped) = run.restore(bank)?;
    if run.bank_sha256 != bank.sha256 {
        terminal.say(&format!(
            "The question bank changed since this run started: {} of {done} answers are to questions that are unchanged; {dropped} will be asked again.",
            responses.answers.len()
        ));
        let keep = terminal
            .confirm("Keep the answers to unchanged questions?")
            .map_err(prompt_error)?;
        if !keep {
            responses = Responses::default();
        }
    }
    let mut run = run;
    // Record the current bank, so a second interruption compares against it.
    run.bank_sha256.clone_from(&bank.sha256);
    let fresh = InProgress::new(bank, &plan, candidate, run.started());
    run.order = fresh.order;
    run.fingerprints = fresh.fingerprints;
    terminal.say(&format!(
        "Resuming: {} of {} answered.",
        responses.answers.len(),
        plan.items.len()
    ));
    Ok(Start::Resumed(plan, responses, Box::new(run)))
}

fn discard(terminal: &Terminal, path: &Path, what: &str) -> anyhow::Result<()> {
    let sure = terminal
        .confirm(&format!("Discard {what}?"))
        .map_err(prompt_error)?;
    if !sure {
        return Err(Aborted {
            hint: Some("nothing was discarded".into()),
        }
        .into());
    }
    std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))
}

fn fresh_plan(
    bank: &Bank,
    args: &QuizArgs,
    seed: Option<u64>,
    terminal: &Terminal,
) -> anyhow::Result<Plan> {
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
                .map_err(prompt_error)?;
            bank.meta.tracks[picked].id.clone()
        }
    };
    Ok(Plan::new(bank, &track, args.skills.as_deref(), seed)?)
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
    store::write_report(&dir, &stem, &documents)
        .map_err(|err| fallback(err, &report.candidate, &report.track, raw_answers, &stem))
}

/// Turns a storage failure into an error that says where the answers were saved instead
/// (an answers file in the system temp folder), so nothing the candidate gave is lost.
fn fallback(
    err: store::StoreError,
    candidate: &str,
    track: &str,
    raw_answers: &std::collections::BTreeMap<String, serde_json::Value>,
    stem: &str,
) -> anyhow::Error {
    let saved = AnswersFile {
        schema: None,
        candidate: Some(candidate.to_string()),
        track: Some(track.to_string()),
        answers: raw_answers.clone(),
    };
    let text = serde_json::to_string_pretty(&saved).expect("answers serialise");
    let path = std::env::temp_dir().join(format!(
        "tpm-ready-{}-{stem}.answers.json",
        store::slug(candidate)
    ));
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
