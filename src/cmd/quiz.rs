//! `tpm-ready quiz`: take the quiz (interactive or scripted), score it, write the report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::answer::Responses;
use crate::answers::AnswersFile;
use crate::bank::Bank;
use crate::cli::{QuizArgs, ReportFormat};
use crate::error::{Aborted, UsageError};
use crate::prompt::{Prompter, Terminal};
use crate::report::{Documents, Report};
use crate::run::{Focus, Inputs, SaveFailure, Stop, Taken, Unfinished};
use crate::store;
use crate::words::plural;

/// Runs `quiz`.
pub fn run(args: &QuizArgs, ctx: &super::Context) -> anyhow::Result<()> {
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
    let inputs = Inputs {
        bank: &bank,
        out: &args.out,
        track: args.track.as_deref(),
        skills: args.skills.as_deref(),
        seed,
        quick: args.quick,
        focus: focus.as_ref(),
        unfinished: if args.restart {
            Unfinished::Restart
        } else if args.resume {
            Unfinished::Resume
        } else {
            Unfinished::Ask
        },
        certainty: args.certainty,
    };
    let taken = match &args.answers {
        Some(path) => {
            let file = AnswersFile::read(path)?;
            inputs.scripted(
                &file,
                path,
                args.name.as_deref(),
                args.allow_partial,
                ctx.now(),
            )?
        }
        None => interactive(&inputs, args, ctx)?,
    };
    let report = inputs.finish(&taken, ctx.now());
    let advice = Advice {
        args,
        partial: taken.responses.answers.len() < taken.plan.items.len(),
        resume: None,
    };
    let paths = save(&args.out, &report, &taken.responses, &args.format, &advice)?;
    // The unfinished run goes only once every document is on disk.
    if let Some(path) = &taken.in_progress {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    print_summary(&report, &paths, ctx.output.quiet);
    Ok(())
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

/// The interactive source: the terminal asks, the run workflow records. The terminal is
/// restored however the run ends, and a stop says where the answers are.
fn interactive<'a>(
    inputs: &Inputs<'a>,
    args: &QuizArgs,
    ctx: &super::Context,
) -> anyhow::Result<Taken<'a>> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(UsageError::NotATerminal.into());
    }
    let terminal = Terminal::new();
    terminal.say(&console::style(&inputs.bank.meta.title).bold().to_string());
    terminal.say(&inputs.bank.meta.intro);
    terminal.say("Use the arrow keys and Enter to answer; Space marks items in lists; Esc or Ctrl-C stops (your answers are kept).");
    if let Some(focus) = inputs.focus {
        terminal.say(&format!(
            "Retaking the gaps of {}: {} and {}; the rest is carried over.",
            focus.file,
            plural(focus.skills.len(), "skill", "skills"),
            plural(focus.criteria.len(), "prerequisite", "prerequisites")
        ));
    }
    terminal.say("");
    let taken = inputs.interview(
        &terminal,
        args.name.as_deref(),
        &|| ctx.now(),
        &mut |candidate, path| {
            crate::prompt::set_stop_hint(format!(
                "answers are saved in {}; carry on with `{}`",
                path.display(),
                resume_command(args, candidate)
            ));
        },
    );
    terminal.restore();
    match taken {
        Ok(taken) => {
            // The prompts are over: a stop signal now lets the report be written.
            crate::prompt::finishing();
            Ok(taken)
        }
        Err(Stop::Stopped {
            candidate,
            answered,
            total,
            path,
        }) => Err(Aborted {
            hint: Some(format!(
                "{answered} of {total} answers are saved in {}; carry on with `{}`",
                path.display(),
                resume_command(args, &candidate)
            )),
        }
        .into()),
        Err(Stop::SaveFailed(failure)) => {
            let SaveFailure {
                error,
                candidate,
                track,
                responses,
                partial,
                resumable,
            } = *failure;
            let advice = Advice {
                args,
                partial,
                resume: resumable.then(|| resume_command(args, &candidate)),
            };
            let stem = store::report_stem(ctx.now());
            Err(fallback(
                error, &candidate, &track, &responses, &stem, &advice,
            ))
        }
        Err(Stop::Failed(e)) => Err(e),
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
    let documents = Documents {
        json: true,
        chart: true,
        markdown: formats.contains(&ReportFormat::Md),
        html: formats.contains(&ReportFormat::Html),
        appendix: advice.args.appendix,
    };
    store::write_report(&dir, &stem, |stem| documents.render(report, stem)).map_err(|err| {
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
            Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => {}
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

fn print_summary(report: &Report, paths: &[PathBuf], quiet: bool) {
    if quiet {
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
