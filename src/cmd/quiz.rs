//! `tpm-ready quiz`: take the quiz (interactive or scripted), score it, write the report.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::answer::Responses;
use crate::answers::{self, AnswersError, AnswersFile};
use crate::bank::Bank;
use crate::cli::{QuizArgs, ReportFormat};
use crate::error::{Aborted, UsageError};
use crate::form;
use crate::history;
use crate::prompt::{PromptError, Prompter, Terminal};
use crate::quiz::{self, AskError};
use crate::report::{Chart, Format, Html, Json, Markdown, Report, RunResult};
use crate::resume::{self, InProgress};
use crate::session::Plan;
use crate::store;

/// Runs `quiz`.
pub fn run(args: &QuizArgs) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.bank.as_deref())?;
    check_flags(args, &bank)?;
    bank.print_warnings();
    let seed = args
        .seed
        .or_else(|| args.shuffle.then(|| fastrand::u64(..)));
    let focus = args
        .focus
        .as_deref()
        .map(|f| Focus::load(f, &args.out, &bank))
        .transpose()?;
    if let Some(focus) = &focus {
        if focus.skills.is_empty() && focus.criteria.is_empty() {
            println!(
                "Nothing to retake: in {} every skill is at target and every prerequisite is met.",
                focus.file
            );
            return Ok(());
        }
    }
    let setup = Setup {
        bank: &bank,
        args,
        seed,
        focus: focus.as_ref(),
    };
    match &args.answers {
        Some(path) => scripted(&setup, path),
        None => interactive(&setup),
    }
}

/// Refuses a wrong `--track`, `--skills` or an empty `--name` before anything is asked,
/// naming the flag, every unknown id and the closest known one.
fn check_flags(args: &QuizArgs, bank: &Bank) -> anyhow::Result<()> {
    let hint = |id: &str, known: &[&str]| {
        crate::suggest::did_you_mean(id, known.iter().copied())
            .map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
    };
    if let Some(track) = &args.track {
        let known = bank.track_ids();
        if !known.contains(&track.as_str()) {
            return Err(UsageError::Invalid(format!(
                "--track: unknown track `{track}`{}; tracks are: {}",
                hint(track, &known),
                known.join(", ")
            ))
            .into());
        }
    }
    if let Some(skills) = &args.skills {
        let known: Vec<&str> = bank.skills.iter().map(|s| s.id.as_str()).collect();
        let unknown: Vec<String> = skills
            .iter()
            .filter(|s| !known.contains(&s.as_str()))
            .map(|s| format!("`{s}`{}", hint(s, &known)))
            .collect();
        if !unknown.is_empty() {
            return Err(UsageError::Invalid(format!(
                "--skills: unknown {} {}; skills are: {}",
                if unknown.len() == 1 {
                    "skill"
                } else {
                    "skills"
                },
                unknown.join(", "),
                known.join(", ")
            ))
            .into());
        }
    }
    if args.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(
            UsageError::Invalid("--name is empty; give the candidate's name".into()).into(),
        );
    }
    Ok(())
}

/// What every run needs to know.
struct Setup<'a> {
    bank: &'a Bank,
    args: &'a QuizArgs,
    seed: Option<u64>,
    focus: Option<&'a Focus>,
}

impl<'a> Setup<'a> {
    /// The plan for `track` (the focus report's track when retaking gaps), with the
    /// bank's form drawn for `candidate`, or the items of an answers file.
    fn plan(
        &self,
        track: &str,
        candidate: &str,
        answered: Option<form::Answered<'_>>,
    ) -> anyhow::Result<Plan<'a>> {
        let mut plan = match self.focus {
            None => Plan::new(self.bank, track, self.args.skills.as_deref(), self.seed)?,
            Some(focus) => {
                let mut plan = Plan::new(
                    self.bank,
                    &focus.report.track,
                    Some(&focus.skills),
                    self.seed,
                )?;
                plan.keep_criteria(&focus.criteria);
                plan
            }
        };
        let name = if self.args.quick {
            form::QUICK
        } else {
            form::STANDARD
        };
        let dir = store::candidate_dir(&self.args.out, candidate);
        form::apply(self.bank, &mut plan, name, Some(&dir), answered)?;
        Ok(plan)
    }
}

/// An earlier report whose gaps a focused run retakes.
struct Focus {
    report: Report,
    path: PathBuf,
    file: String,
    /// Skills below target there (and in the bank).
    skills: Vec<String>,
    /// Prerequisites not met there (their status can still change).
    criteria: Vec<String>,
}

impl Focus {
    fn load(what: &str, dir: &Path, bank: &Bank) -> anyhow::Result<Self> {
        let path = history::resolve_for(what, dir, "--out")?;
        let report = history::read(&path)?;
        if report.bank.id != bank.meta.id {
            return Err(
                UsageError::OtherBank(path.display().to_string(), report.bank.id.clone()).into(),
            );
        }
        let skills = report
            .skills
            .iter()
            .filter(|s| s.gap > 0.0 && bank.skill(&s.id).is_some())
            .map(|s| s.id.clone())
            .collect();
        let criteria = report
            .rubric
            .iter()
            .filter(|c| !c.status.counts_as_met())
            .map(|c| c.id.clone())
            .collect();
        Ok(Self {
            path: path.clone(),
            file: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            report,
            skills,
            criteria,
        })
    }
}

fn scripted(setup: &Setup<'_>, path: &Path) -> anyhow::Result<()> {
    let (bank, args) = (setup.bank, setup.args);
    let file = AnswersFile::read(path)?;
    let candidate = args
        .name
        .clone()
        .or(file.candidate.clone())
        .or_else(|| setup.focus.map(|f| f.report.candidate.clone()))
        .ok_or_else(|| UsageError::NoName(path.display().to_string()))?;
    let candidate = candidate_name(&candidate)?;
    let track = bank.track_or_default(args.track.as_deref().or(file.track.as_deref()));
    let ids: HashSet<&str> = file.answers.keys().map(String::as_str).collect();
    let answered = form::Answered {
        ids: &ids,
        partial: args.allow_partial,
    };
    let plan = setup
        .plan(&track, &candidate, Some(answered))
        .with_context(|| format!("answers file {}", path.display()))?;
    let responses =
        answers::interpret(bank, &plan, &file, args.allow_partial).map_err(|problems| {
            AnswersError::Invalid {
                path: path.to_path_buf(),
                problems,
            }
        })?;
    let at = crate::now();
    finish(
        setup, &plan, candidate, &responses, "scripted", false, at, None,
    )
}

/// Scores a finished run, writes its report and prints the summary. The in-progress
/// file, if any, is removed only once every document is on disk.
#[allow(clippy::too_many_arguments)]
fn finish(
    setup: &Setup<'_>,
    plan: &Plan,
    candidate: String,
    responses: &Responses,
    mode: &str,
    resumed: bool,
    started_at: chrono::DateTime<chrono::FixedOffset>,
    in_progress: Option<&Path>,
) -> anyhow::Result<()> {
    let mut report = Report::build(&RunResult {
        bank: setup.bank,
        plan,
        candidate,
        responses,
        mode,
        resumed,
        started_at,
        finished_at: crate::now(),
    });
    if let Some(focus) = setup.focus {
        report.carry_from(setup.bank, &focus.report, &focus.file);
    }
    let advice = Advice {
        args: setup.args,
        partial: responses.answers.len() < plan.items.len(),
        resume: None,
    };
    let paths = save(
        &setup.args.out,
        &report,
        responses,
        &setup.args.format,
        &advice,
    )?;
    if let Some(path) = in_progress {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    print_summary(&report, &paths);
    Ok(())
}

fn interactive(setup: &Setup<'_>) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError::NotATerminal.into());
    }
    let mut terminal = Terminal::new(0);
    let result = interactive_in(setup, &mut terminal);
    terminal.restore();
    result
}

/// The interactive run proper; the caller restores the terminal whatever happens.
fn interactive_in(setup: &Setup<'_>, terminal: &mut Terminal) -> anyhow::Result<()> {
    let (bank, args) = (setup.bank, setup.args);
    terminal.say(&console::style(&bank.meta.title).bold().to_string());
    terminal.say(&bank.meta.intro);
    terminal.say("Use the arrow keys and Enter to answer; Space marks items in lists; Esc or Ctrl-C stops (your answers are kept).");
    if let Some(focus) = setup.focus {
        terminal.say(&format!(
            "Retaking the gaps of {}: {} and {}; the rest is carried over.",
            focus.file,
            crate::report::text::plural(focus.skills.len(), "skill", "skills"),
            crate::report::text::plural(focus.criteria.len(), "prerequisite", "prerequisites")
        ));
    }
    terminal.say("");
    let candidate = match (&args.name, setup.focus) {
        (Some(name), _) => name.clone(),
        (None, Some(focus)) => focus.report.candidate.clone(),
        (None, None) => terminal
            .text("Your name", None, "A name is needed to file your reports")
            .map_err(prompt_error)?,
    };
    let candidate = candidate_name(&candidate)?;
    let progress_path = resume::path_for(&args.out, &candidate);
    store::ensure_candidate_dir(progress_path.parent().unwrap_or(&args.out))?;
    // One live run per candidate: the in-progress file is locked for the whole run.
    let Some(_live) = store::try_lock(&progress_path)? else {
        return Err(UsageError::Invalid(format!(
            "{candidate} has a run in progress in another terminal ({}); finish or stop that one first",
            progress_path.display()
        ))
        .into());
    };
    let (plan, mut responses, mut run, resumed) =
        match start_or_resume(setup, terminal, &candidate, &progress_path)? {
            Start::Fresh(plan) => {
                let mut run = InProgress::new(bank, &plan, &candidate, crate::now());
                run.focus_report = setup.focus.map(|f| f.path.display().to_string());
                (plan, Responses::default(), run, false)
            }
            Start::Resumed(plan, responses, run) => (plan, responses, *run, true),
        };
    terminal.set_total(plan.items.len() as u64);
    if !resumed {
        terminal.say(&length_line(&plan));
    }
    run.save(&progress_path, &responses)?;
    crate::prompt::set_stop_hint(format!(
        "answers are saved in {}; carry on with `{}`",
        progress_path.display(),
        resume_command(args, &candidate)
    ));
    let ask_certainty = args.certainty || run.certainty_asked;
    run.certainty_asked = ask_certainty;
    let asked = quiz::ask_all(bank, &plan, ask_certainty, terminal, &mut responses, |r| {
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
            let stem = store::report_stem(crate::now());
            let advice = Advice {
                args,
                partial: responses.answers.len() < plan.items.len(),
                resume: progress_path
                    .exists()
                    .then(|| resume_command(args, &candidate)),
            };
            return Err(fallback(
                e,
                &candidate,
                &plan.track,
                &responses,
                &stem,
                &advice,
            ));
        }
    }
    terminal.restore();
    crate::prompt::finishing();
    // A resumed focused run carries results from the report it was started from.
    let resumed_focus = match (&run.focus_report, setup.focus) {
        (Some(path), None) => Some(Focus::load(path, &args.out, bank)?),
        _ => None,
    };
    let setup = &Setup {
        focus: resumed_focus.as_ref().or(setup.focus),
        ..*setup
    };
    finish(
        setup,
        &plan,
        candidate,
        &responses,
        "interactive",
        resumed,
        run.started_at,
        Some(&progress_path),
    )
}

/// "This run has N questions, about M minutes", from the words a candidate reads.
fn length_line(plan: &Plan) -> String {
    let words: usize = plan
        .items
        .iter()
        .map(|p| match p.question.skill_question() {
            Some(q) => {
                form::word_count(&q.prompt)
                    + q.options
                        .iter()
                        .map(|o| form::word_count(&o.text))
                        .sum::<usize>()
                    + q.levels.iter().map(|l| form::word_count(l)).sum::<usize>()
            }
            None => 15,
        })
        .sum();
    let quick = plan.form.as_ref().is_some_and(|f| f.form == form::QUICK);
    format!(
        "This {}run has {} and takes about {}.{}",
        if quick { "quick " } else { "" },
        crate::report::text::plural(plan.items.len(), "question", "questions"),
        crate::report::text::plural(form::minutes(words, plan.items.len()), "minute", "minutes"),
        if quick || plan.form.is_none() {
            ""
        } else {
            " A shorter check: `tpm-ready quiz --quick`."
        }
    )
}

/// How an interactive run begins.
enum Start<'bank> {
    Fresh(Plan<'bank>),
    Resumed(Plan<'bank>, Responses, Box<InProgress>),
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
fn start_or_resume<'bank>(
    setup: &Setup<'bank>,
    terminal: &Terminal,
    candidate: &str,
    path: &Path,
) -> anyhow::Result<Start<'bank>> {
    let (bank, args) = (setup.bank, setup.args);
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
        return fresh_plan(setup, terminal, candidate).map(Start::Fresh);
    };
    let (done, total) = run.counts();
    let when = run.started_at.format("%Y-%m-%d %H:%M");
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
        return fresh_plan(setup, terminal, candidate).map(Start::Fresh);
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
    let fresh = InProgress::new(bank, &plan, candidate, run.started_at);
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

fn fresh_plan<'bank>(
    setup: &Setup<'bank>,
    terminal: &Terminal,
    candidate: &str,
) -> anyhow::Result<Plan<'bank>> {
    let bank = setup.bank;
    let track = match (&setup.args.track, setup.focus) {
        (Some(track), _) => track.clone(),
        (None, Some(focus)) => focus.report.track.clone(),
        (None, None) => {
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
    setup.plan(&track, candidate, None)
}

/// Writes the report's documents: JSON and the skills chart always, Markdown and HTML
/// as asked. If that fails, the answers go to a file in the system temp folder so nothing
/// the candidate gave is lost, and the error says where.
fn save(
    out: &Path,
    report: &Report,
    responses: &Responses,
    formats: &[ReportFormat],
    advice: &Advice<'_>,
) -> anyhow::Result<Vec<PathBuf>> {
    let dir = store::candidate_dir(out, &report.candidate);
    let stem = store::report_stem(report.finished_at);
    let render = |stem: &str| {
        let mut documents = vec![
            (Json.extension(), Json.render(report)),
            (Chart.extension(), Chart.render(report)),
        ];
        if formats.contains(&ReportFormat::Html) {
            let mut html = Html::default();
            html.appendix = advice.args.appendix.unwrap_or(html.appendix);
            documents.push((html.extension(), html.render(report)));
        }
        if formats.contains(&ReportFormat::Md) {
            let markdown = Markdown {
                chart_file: Some(format!("{stem}.svg")),
                appendix: advice.args.appendix.unwrap_or_default(),
            };
            documents.push((markdown.extension(), markdown.render(report)));
        }
        documents
    };
    store::write_report(&dir, &stem, render).map_err(|err| {
        fallback(
            err,
            &report.candidate,
            &report.track,
            responses,
            &stem,
            advice,
        )
    })
}

/// A candidate's name as given: one line, NFC, no control characters, at most 200
/// characters.
fn candidate_name(name: &str) -> anyhow::Result<String> {
    crate::clean::name(name, crate::input::MAX_NAME_CHARS)
        .map_err(|e| UsageError::Invalid(format!("candidate name: {e}")).into())
}

/// What the advice after a failed save needs: the command line to repeat and how.
struct Advice<'a> {
    args: &'a QuizArgs,
    /// Not every planned question was answered: scoring needs `--allow-partial`.
    partial: bool,
    /// The in-progress file remains: this command carries on the run.
    resume: Option<String>,
}

impl Advice<'_> {
    /// The command that scores the saved answers, as it can be pasted.
    fn score_command(&self, answers: &Path) -> String {
        let args = self.args;
        let mut command = format!(
            "tpm-ready quiz --answers {} --out {}",
            shell_quote(&answers.display().to_string()),
            shell_quote(&args.out.display().to_string())
        );
        if let Some(bank) = &args.bank {
            command.push_str(&format!(
                " --bank {}",
                shell_quote(&bank.display().to_string())
            ));
        }
        if args.quick {
            command.push_str(" --quick");
        }
        if self.partial {
            command.push_str(" --allow-partial");
        }
        command
    }
}

/// Turns a storage failure into an error that says where the answers were saved instead
/// (a new answers file in the system temp folder, never one that exists: a counter is
/// added when two runs fail in the same second), so nothing the candidate gave is lost,
/// and how to score them (a command that works as printed).
fn fallback(
    err: store::StoreError,
    candidate: &str,
    track: &str,
    responses: &Responses,
    stem: &str,
    advice: &Advice<'_>,
) -> anyhow::Error {
    let saved = AnswersFile {
        schema: None,
        candidate: Some(candidate.to_string()),
        track: Some(track.to_string()),
        answers: responses
            .answers
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect(),
        evidence: responses.evidence.clone().into_iter().collect(),
        certainty: responses.certainty.clone().into_iter().collect(),
    };
    let text = serde_json::to_string_pretty(&saved).expect("answers serialise");
    let base = format!("tpm-ready-{}-{stem}", store::slug(candidate));
    let mut result = Err(store::StoreError {
        path: std::env::temp_dir(),
        source: std::io::Error::other("no free file name"),
    });
    let mut path = PathBuf::new();
    for n in 1..1000u32 {
        let name = if n == 1 {
            format!("{base}.answers.json")
        } else {
            format!("{base}-{n}.answers.json")
        };
        path = std::env::temp_dir().join(name);
        result = store::write_new(&path, text.as_bytes());
        match &result {
            Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => continue,
            _ => break,
        }
    }
    match result {
        Ok(()) => {
            let mut message = format!(
                "the report was not written, but your answers are safe in {}; score them later with `{}`",
                path.display(),
                advice.score_command(&path)
            );
            if let Some(resume) = &advice.resume {
                message.push_str(&format!(
                    ", or carry on answering with `{resume}` (the unfinished run is kept)"
                ));
            }
            anyhow::Error::new(err).context(message)
        }
        Err(second) => anyhow::Error::new(err).context(format!(
            "the report was not written, and saving the answers to the temp folder also failed ({})",
            second.source
        )),
    }
}

fn print_summary(report: &Report, paths: &[PathBuf]) {
    if crate::quiet() {
        return;
    }
    let r = &report.readiness;
    let range = r.interval.map_or_else(String::new, |[lo, hi]| {
        format!(", 90% range {lo:.0}–{hi:.0}")
    });
    let quick = if report.run.quick { ", quick form" } else { "" };
    println!(
        "\n{}: {} (skills readiness {:.0}/100{range}, track {}{quick})",
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
    if let Some(cbm) = &report.cbm {
        println!("{}", cbm.headline());
        for line in cbm.level_lines() {
            println!("  {line}");
        }
    }
    println!("Reports:");
    for path in paths {
        println!("  {}", path.display());
    }
}
