//! The quiz workflow, from plain inputs to a finished report: which candidate, which
//! track and plan (with a focused retake's gaps and the bank's form), an unfinished run
//! resumed or discarded, the questions asked through a [`Prompter`] or read from an
//! answers file, and the scored report. `cmd::quiz` only picks the source and prints.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, FixedOffset};

use crate::answer::Responses;
use crate::answers::{self, AnswersError, AnswersFile};
use crate::bank::Bank;
use crate::error::{Aborted, UsageError};
use crate::prompt::{PromptError, Prompter};
use crate::quiz::{self, AskError};
use crate::report::{Mode, Report, RunResult};
use crate::resume::{self, InProgress};
use crate::session::Plan;
use crate::store::{self, StoreError};
use crate::{form, history};

/// What to do with a candidate's unfinished run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unfinished {
    /// Ask the candidate (resume or start again).
    #[default]
    Ask,
    /// Resume it without asking (`--resume`); with none, it is an error.
    Resume,
    /// Discard it after confirming (`--restart`).
    Restart,
}

/// Everything a run is made from, as plain values.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The question bank.
    pub bank: &'a Bank,
    /// The reports folder.
    pub out: &'a Path,
    /// The track asked for, if any.
    pub track: Option<&'a str>,
    /// Only these skills, if given.
    pub skills: Option<&'a [String]>,
    /// Seed of the shuffle, when shuffled.
    pub seed: Option<u64>,
    /// Draw the bank's quick form.
    pub quick: bool,
    /// The earlier report whose gaps are retaken.
    pub focus: Option<&'a Focus>,
    /// What to do with an unfinished run.
    pub unfinished: Unfinished,
    /// Ask how sure the candidate is after each evidence answer.
    pub certainty: bool,
}

/// A run whose questions are answered, ready to be scored.
#[derive(Debug)]
pub struct Taken<'bank> {
    /// Candidate name, cleaned.
    pub candidate: String,
    /// The questions asked.
    pub plan: Plan<'bank>,
    /// The answers.
    pub responses: Responses,
    /// Interactive or scripted.
    pub mode: Mode,
    /// Whether an interrupted run was resumed.
    pub resumed: bool,
    /// When the run started.
    pub started_at: DateTime<FixedOffset>,
    /// The in-progress file, removed once the report is on disk.
    pub in_progress: Option<PathBuf>,
    /// The report a resumed focused run carries results from.
    pub resumed_focus: Option<Focus>,
}

/// Why an interactive run ended before its report.
#[derive(Debug)]
pub enum Stop {
    /// The candidate stopped (Esc or Ctrl-C): `answered` of `total` are saved in `path`.
    Stopped {
        /// Candidate name.
        candidate: String,
        /// Answers saved.
        answered: usize,
        /// Questions planned.
        total: usize,
        /// The in-progress file.
        path: PathBuf,
    },
    /// Progress could not be saved: the answers so far, for a file elsewhere.
    SaveFailed(Box<SaveFailure>),
    /// Anything else (usage errors, the terminal failing, a damaged file).
    Failed(anyhow::Error),
}

/// What a failed save leaves: everything needed to keep the answers elsewhere.
#[derive(Debug)]
pub struct SaveFailure {
    /// What failed.
    pub error: StoreError,
    /// Candidate name.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// The answers so far.
    pub responses: Responses,
    /// Whether questions are unanswered (scoring needs `--allow-partial`).
    pub partial: bool,
    /// Whether the in-progress file is still there to resume from.
    pub resumable: bool,
}

impl From<anyhow::Error> for Stop {
    fn from(e: anyhow::Error) -> Self {
        Self::Failed(e)
    }
}

impl<'a> Inputs<'a> {
    /// The plan for `track` (the focus report's track when retaking gaps), with the
    /// bank's form drawn for `candidate`, or the items of an answers file.
    pub fn plan(
        &self,
        track: &str,
        candidate: &str,
        answered: Option<form::Answered<'_>>,
    ) -> anyhow::Result<Plan<'a>> {
        let mut plan = match self.focus {
            None => Plan::new(self.bank, track, self.skills, self.seed)?,
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
        let name = if self.quick {
            form::QUICK
        } else {
            form::STANDARD
        };
        let dir = store::candidate_dir(self.out, candidate);
        form::apply(self.bank, &mut plan, name, Some(&dir), answered)?;
        Ok(plan)
    }

    /// A scripted run: the answers of `file` (read from `path`) against the plan. The
    /// name comes from `name`, the file or the focus report; the track from `self`, the
    /// file or the bank's default.
    pub fn scripted(
        &self,
        file: &AnswersFile,
        path: &Path,
        name: Option<&str>,
        allow_partial: bool,
        now: DateTime<FixedOffset>,
    ) -> anyhow::Result<Taken<'a>> {
        let candidate = name
            .map(str::to_string)
            .or(file.candidate.clone())
            .or_else(|| self.focus.map(|f| f.report.candidate.clone()))
            .ok_or_else(|| UsageError::NoName(path.display().to_string()))?;
        let candidate = candidate_name(&candidate)?;
        let track = self
            .bank
            .track_or_default(self.track.or(file.track.as_deref()));
        let ids: HashSet<&str> = file.answers.keys().map(String::as_str).collect();
        let answered = form::Answered {
            ids: &ids,
            partial: allow_partial,
        };
        let plan = self
            .plan(&track, &candidate, Some(answered))
            .with_context(|| format!("answers file {}", path.display()))?;
        let responses =
            answers::interpret(self.bank, &plan, file, allow_partial).map_err(|problems| {
                AnswersError::Invalid {
                    path: path.to_path_buf(),
                    problems,
                }
            })?;
        Ok(Taken {
            candidate,
            plan,
            responses,
            mode: Mode::Scripted,
            resumed: false,
            started_at: now,
            in_progress: None,
            resumed_focus: None,
        })
    }

    /// An interactive run: the candidate (`name`, the focus report's, or asked), an
    /// unfinished run resumed or discarded, then every question asked through
    /// `prompter`, progress saved after each answer. `ready` is called with the
    /// candidate and the in-progress file once the questions are about to start.
    pub fn interview(
        &self,
        prompter: &dyn Prompter,
        name: Option<&str>,
        now: &dyn Fn() -> DateTime<FixedOffset>,
        ready: &mut dyn FnMut(&str, &Path),
    ) -> Result<Taken<'a>, Stop> {
        let bank = self.bank;
        let candidate = match (name, self.focus) {
            (Some(name), _) => name.to_string(),
            (None, Some(focus)) => focus.report.candidate.clone(),
            (None, None) => prompter
                .text("Your name", None, "A name is needed to file your reports")
                .map_err(prompt_error)?,
        };
        let candidate = candidate_name(&candidate)?;
        let progress_path = resume::path_for(self.out, &candidate);
        store::ensure_candidate_dir(progress_path.parent().unwrap_or(self.out))
            .map_err(anyhow::Error::from)?;
        // One live run per candidate: the in-progress file is locked for the whole run.
        let Some(_live) = store::try_lock(&progress_path).map_err(anyhow::Error::from)? else {
            return Err(anyhow::Error::from(UsageError::Invalid(format!(
                "{candidate} has a run in progress in another terminal ({}); finish or stop that one first",
                progress_path.display()
            )))
            .into());
        };
        let (plan, mut responses, mut run, resumed) =
            match start_or_resume(self, prompter, &candidate, &progress_path)? {
                Start::Fresh(plan) => {
                    let mut run = InProgress::new(bank, &plan, &candidate, now());
                    run.focus_report = self.focus.map(|f| f.path.display().to_string());
                    (plan, Responses::default(), run, false)
                }
                Start::Resumed(plan, responses, run) => (plan, responses, *run, true),
            };
        if !resumed {
            prompter.say(&length_line(&plan));
        }
        let save_failed = |error: StoreError, responses: Responses| {
            Stop::SaveFailed(Box::new(SaveFailure {
                error,
                candidate: candidate.clone(),
                track: plan.track.clone(),
                partial: responses.answers.len() < plan.items.len(),
                responses,
                resumable: progress_path.exists(),
            }))
        };
        run.save(&progress_path, &responses, now())
            .map_err(anyhow::Error::from)?;
        ready(&candidate, &progress_path);
        let ask_certainty = self.certainty || run.certainty_asked;
        run.certainty_asked = ask_certainty;
        let asked = quiz::ask_all(bank, &plan, ask_certainty, prompter, &mut responses, |r| {
            run.save(&progress_path, r, now())
        });
        match asked {
            Ok(()) => {}
            Err(AskError::Prompt(PromptError::Aborted)) => {
                return Err(Stop::Stopped {
                    candidate,
                    answered: responses.answers.len(),
                    total: plan.items.len(),
                    path: progress_path,
                });
            }
            Err(AskError::Prompt(PromptError::Io(e))) => {
                return Err(anyhow::Error::new(e).context("terminal").into());
            }
            Err(AskError::Save(error)) => return Err(save_failed(error, responses)),
        }
        // A resumed focused run carries results from the report it was started from.
        let resumed_focus = match (&run.focus_report, self.focus) {
            (Some(path), None) => Some(Focus::load(path, self.out, bank)?),
            _ => None,
        };
        Ok(Taken {
            candidate,
            plan,
            responses,
            mode: Mode::Interactive,
            resumed,
            started_at: run.started_at,
            in_progress: Some(progress_path),
            resumed_focus,
        })
    }

    /// Scores a finished run into its report, carrying the focus report's results for
    /// what a focused retake did not measure.
    pub fn finish(&self, taken: &Taken<'_>, finished_at: DateTime<FixedOffset>) -> Report {
        let mut report = Report::build(&RunResult {
            bank: self.bank,
            plan: &taken.plan,
            candidate: taken.candidate.clone(),
            responses: &taken.responses,
            mode: taken.mode,
            resumed: taken.resumed,
            started_at: taken.started_at,
            finished_at,
        });
        if let Some(focus) = taken.resumed_focus.as_ref().or(self.focus) {
            report.carry_from(self.bank, &focus.report, &focus.file);
        }
        report
    }
}

/// An earlier report whose gaps a focused run retakes.
#[derive(Debug)]
pub struct Focus {
    /// The report.
    pub report: Report,
    /// Where it is.
    pub path: PathBuf,
    /// Its file name, as reports name it.
    pub file: String,
    /// Skills below target there (and in the bank).
    pub skills: Vec<String>,
    /// Prerequisites not met there (their status can still change).
    pub criteria: Vec<String>,
}

impl Focus {
    /// Finds `what` (a report file or a candidate name, latest report) under `dir` and
    /// reads which skills and prerequisites it leaves to retake.
    pub fn load(what: &str, dir: &Path, bank: &Bank) -> anyhow::Result<Self> {
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

/// Finds an unfinished run and resumes it, discards it or starts fresh, as asked.
fn start_or_resume<'bank>(
    inputs: &Inputs<'bank>,
    prompter: &dyn Prompter,
    candidate: &str,
    path: &Path,
) -> anyhow::Result<Start<'bank>> {
    let bank = inputs.bank;
    let existing = match InProgress::load(path) {
        Ok(existing) => existing,
        // A damaged file is only in the way when starting again.
        Err(_) if inputs.unfinished == Unfinished::Restart => {
            discard(prompter, path, "a damaged unfinished run")?;
            None
        }
        Err(e) => return Err(e.into()),
    };
    let Some(run) = existing else {
        if inputs.unfinished == Unfinished::Resume {
            return Err(UsageError::NothingToResume(
                candidate.to_string(),
                path.display().to_string(),
            )
            .into());
        }
        return fresh_plan(inputs, prompter, candidate).map(Start::Fresh);
    };
    let (done, total) = run.counts();
    let when = run.started_at.format("%Y-%m-%d %H:%M");
    let described = format!("an unfinished run from {when} ({done} of {total} answered)");
    let resume = match inputs.unfinished {
        Unfinished::Restart => {
            discard(prompter, path, &described)?;
            false
        }
        Unfinished::Resume => true,
        Unfinished::Ask => {
            let items = [
                format!("Resume it ({done} of {total} answered)"),
                "Start again (discards those answers)".to_string(),
            ];
            let picked = prompter
                .select(&format!("{candidate} has {described}"), &items, false)
                .map_err(prompt_error)?;
            if picked == 1 {
                std::fs::remove_file(path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
            picked == 0
        }
    };
    if !resume {
        return fresh_plan(inputs, prompter, candidate).map(Start::Fresh);
    }
    let (plan, mut responses, dropped) = run.restore(bank)?;
    if run.bank_sha256 != bank.sha256 {
        prompter.say(&format!(
            "The question bank changed since this run started: {} of {done} answers are to questions that are unchanged; {dropped} will be asked again.",
            responses.answers.len()
        ));
        let keep = prompter
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
    prompter.say(&format!(
        "Resuming: {} of {} answered.",
        responses.answers.len(),
        plan.items.len()
    ));
    Ok(Start::Resumed(plan, responses, Box::new(run)))
}

/// Asks before discarding an unfinished run; "no" stops without touching it.
fn discard(prompter: &dyn Prompter, path: &Path, what: &str) -> anyhow::Result<()> {
    let sure = prompter
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

/// A new plan: the track given, the focus report's, or the one the candidate picks.
fn fresh_plan<'bank>(
    inputs: &Inputs<'bank>,
    prompter: &dyn Prompter,
    candidate: &str,
) -> anyhow::Result<Plan<'bank>> {
    let bank = inputs.bank;
    let track = match (inputs.track, inputs.focus) {
        (Some(track), _) => track.to_string(),
        (None, Some(focus)) => focus.report.track.clone(),
        (None, None) => {
            let items: Vec<String> = bank
                .meta
                .tracks
                .iter()
                .map(|t| format!("{}: {}", t.name, t.description))
                .collect();
            let picked = prompter
                .select("Which track fits the role you want?", &items, false)
                .map_err(prompt_error)?;
            bank.meta.tracks[picked].id.clone()
        }
    };
    inputs.plan(&track, candidate, None)
}

/// A candidate's name as given: one line, NFC, no control characters, at most 200
/// characters.
pub fn candidate_name(name: &str) -> anyhow::Result<String> {
    crate::clean::name(name, crate::input::MAX_NAME_CHARS)
        .map_err(|e| UsageError::Invalid(format!("candidate name: {e}")).into())
}

/// "This run has N questions, about M minutes", from the words a candidate reads.
pub fn length_line(plan: &Plan) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::{Reply, Scripted};
    use crate::report::Format;
    use Reply::{Confirm, Number, Pick, Picks, Stop as Esc, Text};

    fn bank() -> Bank {
        Bank::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap()
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-03-04T05:06:07+00:00").unwrap()
    }

    fn inputs<'a>(bank: &'a Bank, out: &'a Path) -> Inputs<'a> {
        Inputs {
            bank,
            out,
            track: Some("general"),
            skills: None,
            seed: None,
            quick: false,
            focus: None,
            unfinished: Unfinished::Ask,
            certainty: false,
        }
    }

    /// The general track in bank order: talk-1..4, plan-1..4, exp-years, mentor-kind
    /// (mentor-meets only when a mentor is named).
    fn talk_replies() -> Vec<Reply> {
        vec![
            Pick(1),
            Text(String::new()),
            Pick(0),
            Pick(0),
            Picks(vec![0, 1]),
        ]
    }

    fn plan_and_background_replies() -> Vec<Reply> {
        vec![
            Pick(0),
            Text("I ran the launch plan.".into()),
            Pick(1),
            Pick(1),
            Picks(vec![0]),
            Number(2.0),
            Pick(2),
        ]
    }

    /// `first` (the answer to "resume or start again?"), then the general track from
    /// the `from`-th talk reply on.
    fn replies_after(first: Reply, from: usize) -> Scripted {
        Scripted::new(
            std::iter::once(first)
                .chain(talk_replies().into_iter().skip(from))
                .chain(plan_and_background_replies()),
        )
    }

    /// Answers talk-1, stops with Esc at the next question, and returns the unfinished
    /// run's file.
    fn stopped_after_talk_1(inputs: &Inputs<'_>) -> PathBuf {
        let (stopped, _) = interview(inputs, &Scripted::new([Pick(1), Text(String::new()), Esc]));
        let Err(Stop::Stopped { path, .. }) = stopped else {
            panic!("expected a stop");
        };
        path
    }

    fn interview<'a>(
        inputs: &Inputs<'a>,
        prompter: &Scripted,
    ) -> (Result<Taken<'a>, Stop>, Vec<(String, PathBuf)>) {
        let mut started = Vec::new();
        let taken = inputs.interview(prompter, Some("Ada L"), &now, &mut |name, path| {
            started.push((name.to_string(), path.to_path_buf()));
        });
        (taken, started)
    }

    /// A first run, strong on talking and weak on planning, written as Ada L's report
    /// (the unfinished-run file removed, as `quiz` does once the report is on disk).
    fn first_report(inputs: &Inputs<'_>, out: &Path) -> (Report, PathBuf) {
        let first = Scripted::new(talk_replies().into_iter().chain([
            Pick(0),
            Text(String::new()),
            Pick(2),
            Pick(2),
            Picks(vec![2]),
            Number(2.0),
            Pick(2),
        ]));
        let taken = inputs
            .interview(&first, Some("Ada L"), &now, &mut |_, _| {})
            .unwrap();
        let report = inputs.finish(&taken, now());
        let dir = out.join("ada-l");
        let file = dir.join("2026-03-04T05-06-07Z.json");
        std::fs::write(&file, crate::report::Json.render(&report)).unwrap();
        std::fs::remove_file(dir.join(resume::FILE_NAME)).unwrap();
        (report, file)
    }

    #[test]
    fn an_interview_asks_each_question_once_and_saves_after_each_answer() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs = inputs(&bank, out.path());
        let prompter = Scripted::new(
            talk_replies()
                .into_iter()
                .chain(plan_and_background_replies()),
        );
        let (taken, started) = interview(&inputs, &prompter);
        let taken = taken.unwrap();
        assert_eq!(prompter.left(), 0, "every reply used");
        // 11 planned; mentor-meets is skipped because "none" was picked: 10 answers.
        assert_eq!(
            (taken.plan.items.len(), taken.responses.answers.len()),
            (11, 10)
        );
        assert_eq!(taken.mode, Mode::Interactive);
        assert!(!taken.resumed);
        let progress = out.path().join("ada-l/in-progress.json");
        assert_eq!(started, [("Ada L".to_string(), progress.clone())]);
        assert_eq!(taken.in_progress.as_deref(), Some(progress.as_path()));
        let saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&progress).unwrap()).unwrap();
        assert_eq!(saved["answers"].as_object().unwrap().len(), 10);
        assert_eq!(saved["evidence"]["plan-1"], "I ran the launch plan.");
        let transcript = prompter.transcript();
        assert!(transcript.contains(&"── Talking ──".to_string()));
        assert!(transcript.contains(&"[0 of 11 done · Talking]".to_string()));
        assert!(transcript.contains(&"[9 of 11 done · Mentorship]".to_string()));
        // The report is scored from the same answers.
        let report = inputs.finish(&taken, now());
        assert_eq!(report.candidate, "Ada L");
        assert_eq!(report.answers.len(), 10);
    }

    #[test]
    fn esc_midway_keeps_the_answers_and_a_resume_asks_only_the_rest() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs = inputs(&bank, out.path());
        // talk-1 (level 2, no note), talk-2, then Esc at talk-3.
        let first = Scripted::new([Pick(1), Text(String::new()), Pick(0), Esc]);
        let (stopped, _) = interview(&inputs, &first);
        let Err(Stop::Stopped {
            answered,
            total,
            path,
            ..
        }) = stopped
        else {
            panic!("expected a stop, got {stopped:?}");
        };
        assert_eq!((answered, total), (2, 11));
        assert!(path.exists());
        // Resumed: "Resume it" is the first choice, then talk-3 onwards only.
        let second = replies_after(Pick(0), 3);
        let (taken, _) = interview(&inputs, &second);
        let taken = taken.unwrap();
        assert!(taken.resumed);
        assert_eq!(second.left(), 0);
        assert_eq!(taken.responses.answers.len(), 10);
        assert_eq!(
            taken.responses.answers["talk-1"],
            crate::answer::Answer::Level(2)
        );
        let transcript = second.transcript();
        assert!(transcript.contains(&"Resuming: 2 of 11 answered.".to_string()));
        assert!(
            !transcript.iter().any(|l| l == "How clearly do you write?"),
            "talk-1 asked again"
        );
    }

    #[test]
    fn restart_discards_only_when_confirmed() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let mut inputs = inputs(&bank, out.path());
        let path = stopped_after_talk_1(&inputs);
        inputs.unfinished = Unfinished::Restart;
        // "No": nothing is discarded and the run stops.
        let (kept, _) = interview(&inputs, &Scripted::new([Confirm(false)]));
        let Err(Stop::Failed(e)) = kept else {
            panic!("expected a refusal");
        };
        assert!(e.to_string().contains("nothing was discarded"), "{e}");
        assert!(path.exists());
        // "Yes": a fresh run from talk-1.
        let yes = replies_after(Confirm(true), 0);
        let (taken, _) = interview(&inputs, &yes);
        assert!(!taken.unwrap().resumed);
        assert!(yes
            .transcript()
            .iter()
            .any(|l| l == "? Discard an unfinished run from 2026-03-04 05:06 (1 of 11 answered)?"));
    }

    #[test]
    fn a_focused_retake_asks_only_the_gaps_and_carries_the_rest() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs = inputs(&bank, out.path());
        let (report, file) = first_report(&inputs, out.path());
        let gaps: Vec<&str> = report
            .skills
            .iter()
            .filter(|s| s.gap > 0.0)
            .map(|s| s.id.as_str())
            .collect();
        assert!(gaps.contains(&"plan"), "planning is a gap: {gaps:?}");
        let focus = Focus::load(&file.display().to_string(), out.path(), &bank).unwrap();
        // Planning is the one skill below target; both prerequisites are not met.
        assert_eq!(focus.skills, ["plan"]);
        assert_eq!(focus.criteria, ["experience", "mentor"]);
        let focused = Inputs {
            focus: Some(&focus),
            ..inputs
        };
        // plan-1..4, then years, a mentor ("expert") and how often they meet.
        let retake = Scripted::new([
            Pick(3),
            Text(String::new()),
            Pick(0),
            Pick(0),
            Picks(vec![0, 1]),
            Number(5.0),
            Pick(0),
            Confirm(true),
        ]);
        let taken = focused
            .interview(&retake, None, &now, &mut |_, _| {})
            .unwrap();
        assert_eq!(retake.left(), 0, "exactly the gaps were asked");
        assert_eq!(
            taken.candidate, "Ada L",
            "the name comes from the focus report"
        );
        let sections: Vec<String> = retake
            .transcript()
            .into_iter()
            .filter(|l| l.starts_with("── "))
            .collect();
        assert_eq!(
            sections,
            [
                "── Planning ──",
                "── Related experience ──",
                "── Mentorship ──"
            ]
        );
        // Talking is carried from the first report, not measured again.
        let retaken = focused.finish(&taken, now());
        assert_eq!(
            retaken.coverage.carried_from.as_deref(),
            Some(focus.file.as_str())
        );
        assert!(retaken.coverage.carried.contains(&"talk".to_string()));
        let talk = |r: &Report| r.skills.iter().find(|s| s.id == "talk").unwrap().score;
        assert_eq!(talk(&retaken), talk(&report));
    }

    #[test]
    fn the_length_line_opens_a_fresh_run_only() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs = inputs(&bank, out.path());
        let first = Scripted::new([Pick(1), Text(String::new()), Esc]);
        let _ = interview(&inputs, &first);
        let opens = |p: &Scripted| {
            p.transcript()
                .iter()
                .any(|l| l.starts_with("This run has 11 questions"))
        };
        assert!(opens(&first));
        let resumed = replies_after(Pick(0), 2);
        assert!(interview(&inputs, &resumed).0.unwrap().resumed);
        assert!(
            !opens(&resumed),
            "a resumed run does not announce its length again"
        );
    }

    #[test]
    fn a_damaged_unfinished_run_is_discarded_only_with_restart() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let mut inputs = inputs(&bank, out.path());
        let path = out.path().join("ada-l").join(resume::FILE_NAME);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{ not json").unwrap();
        // Asked to resume or start again, a damaged file is an error naming it, nothing
        // is asked, and the file stays.
        let ask = Scripted::new([]);
        let (damaged, _) = interview(&inputs, &ask);
        let Err(Stop::Failed(e)) = damaged else {
            panic!("expected an error");
        };
        assert!(format!("{e:#}").contains("in-progress.json"), "{e:#}");
        assert!(!ask.transcript().iter().any(|l| l.starts_with('?')));
        assert!(path.exists());
        // With --restart it is discarded after a yes, and a fresh run starts.
        inputs.unfinished = Unfinished::Restart;
        let restart = replies_after(Confirm(true), 0);
        let (taken, _) = interview(&inputs, &restart);
        assert!(!taken.unwrap().resumed);
        assert!(restart
            .transcript()
            .contains(&"? Discard a damaged unfinished run?".to_string()));
    }

    #[test]
    fn a_resumed_run_keeps_asking_for_certainty() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let mut inputs = inputs(&bank, out.path());
        inputs.certainty = true;
        // talk-1 (a rating: no certainty), talk-2 and its certainty, then Esc.
        let first = Scripted::new([Pick(1), Text(String::new()), Pick(0), Pick(2), Esc]);
        assert!(matches!(
            interview(&inputs, &first).0,
            Err(Stop::Stopped { .. })
        ));
        // Resumed without --certainty: talk-3 is still followed by its certainty.
        inputs.certainty = false;
        let second = Scripted::new([Pick(0), Pick(0), Pick(1), Esc]);
        let (stopped, _) = interview(&inputs, &second);
        assert!(
            matches!(stopped, Err(Stop::Stopped { answered: 3, .. })),
            "{stopped:?}"
        );
        assert_eq!(second.left(), 0);
        let asked = second
            .transcript()
            .iter()
            .filter(|l| **l == format!("? {}", crate::cbm::QUESTION))
            .count();
        assert_eq!(asked, 1);
    }

    #[test]
    fn a_resumed_focused_run_carries_from_its_report() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs = inputs(&bank, out.path());
        let (_, file) = first_report(&inputs, out.path());
        let focus = Focus::load(&file.display().to_string(), out.path(), &bank).unwrap();
        let focused = Inputs {
            focus: Some(&focus),
            ..inputs
        };
        // The focused retake stops after plan-1; resumed later without --focus.
        let first = Scripted::new([Pick(3), Text(String::new()), Esc]);
        let (stopped, _) = interview(&focused, &first);
        assert!(matches!(stopped, Err(Stop::Stopped { answered: 1, .. })));
        let rest = Scripted::new([
            Pick(0),
            Pick(0),
            Pick(0),
            Picks(vec![0, 1]),
            Number(5.0),
            Pick(0),
            Confirm(true),
        ]);
        let (taken, _) = interview(&inputs, &rest);
        let taken = taken.unwrap();
        assert!(taken.resumed);
        assert_eq!(
            taken.resumed_focus.as_ref().map(|f| f.file.as_str()),
            Some("2026-03-04T05-06-07Z.json")
        );
        let retaken = inputs.finish(&taken, now());
        assert!(retaken.coverage.carried.contains(&"talk".to_string()));
    }

    #[test]
    fn start_again_discards_the_unfinished_run_at_once() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let mut inputs = inputs(&bank, out.path());
        let path = stopped_after_talk_1(&inputs);
        // "Start again", then Esc at the track question: the old answers are gone
        // already, as the choice said.
        inputs.track = None;
        let (again, _) = interview(&inputs, &Scripted::new([Pick(1), Esc]));
        assert!(again.is_err());
        assert!(!path.exists(), "the discarded run is still on disk");
    }

    #[test]
    fn a_changed_bank_asks_before_keeping_answers() {
        let (bank, out) = (bank(), tempfile::tempdir().unwrap());
        let inputs_then = inputs(&bank, out.path());
        let (stopped, _) = interview(
            &inputs_then,
            &Scripted::new([Pick(1), Text(String::new()), Pick(0), Esc]),
        );
        assert!(matches!(stopped, Err(Stop::Stopped { answered: 2, .. })));
        let mut changed = bank.clone();
        changed.sha256 = "changed".into();
        let inputs_now = inputs(&changed, out.path());
        // Resume, then "no" to keeping the answers: talk-1 is asked again.
        let no = Scripted::new([Pick(0), Confirm(false), Pick(3), Text(String::new()), Esc]);
        let (stopped, _) = interview(&inputs_now, &no);
        assert!(
            matches!(stopped, Err(Stop::Stopped { answered: 1, .. })),
            "{stopped:?}"
        );
        assert!(no
            .transcript()
            .iter()
            .any(|l| l.starts_with("The question bank changed since this run started")));
        // The same bank again: no question about it.
        let same = Scripted::new([Pick(0), Esc]);
        let _ = interview(&inputs_now, &same);
        assert!(!same
            .transcript()
            .iter()
            .any(|l| l.starts_with("The question bank changed")));
    }

    #[test]
    fn the_length_line_counts_the_words_a_candidate_reads() {
        let bank = Bank::embedded().unwrap();
        let out = tempfile::tempdir().unwrap();
        for quick in [false, true] {
            let inputs = Inputs {
                quick,
                ..inputs(&bank, out.path())
            };
            let plan = inputs.plan("general", "Ada", None).unwrap();
            // Words read: each skill question's text, options and levels; 15 for a
            // prerequisite. Minutes: words / 200 plus 10 s a question, up to a 5.
            let words: usize = plan
                .items
                .iter()
                .map(|p| match p.question.skill_question() {
                    Some(q) => {
                        let count = |t: &str| t.split_whitespace().count();
                        count(&q.prompt)
                            + q.options.iter().map(|o| count(&o.text)).sum::<usize>()
                            + q.levels.iter().map(|l| count(l)).sum::<usize>()
                    }
                    None => 15,
                })
                .sum();
            let n = plan.items.len();
            let minutes = ((words as f64 / 200.0 + n as f64 / 6.0) / 5.0).ceil() as usize * 5;
            let line = length_line(&plan);
            if quick {
                assert_eq!(
                    line,
                    format!("This quick run has {n} questions and takes about {minutes} minutes.")
                );
            } else {
                assert_eq!(
                    line,
                    format!("This run has {n} questions and takes about {minutes} minutes. A shorter check: `tpm-ready quiz --quick`.")
                );
            }
        }
    }
}
