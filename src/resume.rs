//! In-progress runs: the answers so far, saved atomically after every answer, so an
//! interrupted quiz can be resumed with the same order, options and start time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answer::Answer;
use crate::answer::Responses;
use crate::bank::Bank;
use crate::session::Plan;
use crate::store;

/// File name of the in-progress run in a candidate's folder.
pub const FILE_NAME: &str = store::IN_PROGRESS_FILE;

/// Marks the file as ours, so a stray JSON file is never mistaken for a run.
const KIND: &str = "tpm-ready in-progress run";

/// The saved state of an unfinished interactive run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InProgress {
    /// Always `tpm-ready in-progress run`.
    pub kind: String,
    /// Version of this shape.
    pub schema_version: u32,
    /// Candidate name.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// Measured skill ids.
    pub skills: Vec<String>,
    /// Rubric criteria asked.
    pub criteria: Vec<String>,
    /// Shuffle seed, if shuffled.
    pub seed: Option<u64>,
    /// Bank id.
    pub bank_id: String,
    /// sha256 of the bank the run started on.
    pub bank_sha256: String,
    /// When the run started (kept on resume).
    #[serde(with = "crate::report::rfc3339")]
    pub started_at: DateTime<FixedOffset>,
    /// When this file was last saved.
    #[serde(with = "crate::report::rfc3339")]
    pub saved_at: DateTime<FixedOffset>,
    /// `[question id, [option ids in display order]]` per planned question.
    pub order: Vec<(String, Vec<String>)>,
    /// Fingerprint (sha256 of the question as written in the bank) per question id, to
    /// tell which answers still fit a changed bank.
    pub fingerprints: BTreeMap<String, String>,
    /// Answers so far, as in an answers file.
    pub answers: BTreeMap<String, Value>,
    /// Seconds per answered question.
    pub seconds: BTreeMap<String, f64>,
    /// Evidence notes per self-rating question id.
    #[serde(default)]
    pub evidence: BTreeMap<String, String>,
    /// The earlier report a focused run (`--focus`) carries results from.
    #[serde(default)]
    pub focus_report: Option<String>,
    /// The form drawn for the run, when the bank has forms.
    #[serde(default)]
    pub form: Option<crate::session::FormChoice>,
    /// Whether the run asks for certainty after each evidence item (`--certainty`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub certainty_asked: bool,
    /// Certainty (1-3) per evidence question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub certainty: BTreeMap<String, u8>,
}

/// Why an in-progress file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    /// Reading failed.
    #[error("cannot read the unfinished run {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is damaged or not ours.
    #[error("the unfinished run {path} is damaged ({reason}); move it away or start again with --restart")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Where a candidate's in-progress run lives.
pub fn path_for(out: &Path, candidate: &str) -> PathBuf {
    store::candidate_dir(out, candidate).join(FILE_NAME)
}

impl InProgress {
    /// A new in-progress record for a plan.
    pub fn new(
        bank: &Bank,
        plan: &Plan,
        candidate: &str,
        started_at: DateTime<FixedOffset>,
    ) -> Self {
        Self {
            kind: KIND.into(),
            schema_version: 1,
            candidate: candidate.into(),
            track: plan.track.clone(),
            criteria: plan.criteria.iter().map(|c| c.id.clone()).collect(),
            skills: plan.skills.iter().map(|s| s.id.clone()).collect(),
            seed: plan.seed,
            bank_id: bank.meta.id.clone(),
            bank_sha256: bank.sha256.clone(),
            started_at,
            saved_at: started_at,
            order: plan.order(),
            fingerprints: plan
                .items
                .iter()
                .map(|p| (p.question.id().to_string(), p.question.fingerprint()))
                .collect(),
            answers: BTreeMap::new(),
            seconds: BTreeMap::new(),
            evidence: BTreeMap::new(),
            focus_report: None,
            form: plan.form.clone(),
            certainty_asked: false,
            certainty: BTreeMap::new(),
        }
    }

    /// Copies the responses in and saves the file atomically.
    pub fn save(
        &mut self,
        path: &Path,
        responses: &Responses,
        now: DateTime<FixedOffset>,
    ) -> Result<(), store::StoreError> {
        self.answers = responses
            .answers
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect();
        self.evidence = responses.evidence.clone().into_iter().collect();
        self.certainty = responses.certainty.clone().into_iter().collect();
        self.seconds = responses
            .seconds
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        self.saved_at = now;
        let text = serde_json::to_string_pretty(self).expect("plain data serialises");
        store::write_atomic(path, text.as_bytes())
    }

    /// Reads an in-progress file; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Self>, ResumeError> {
        let read =
            crate::input::read_file(path, crate::input::MAX_REPORT_BYTES, "an unfinished run");
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(crate::input::InputError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None)
            }
            Err(e) => {
                return Err(ResumeError::Io {
                    path: path.to_path_buf(),
                    source: match e {
                        crate::input::InputError::Io(e) => e,
                        other => std::io::Error::other(other.to_string()),
                    },
                })
            }
        };
        let corrupt = |reason: String| ResumeError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        let run: Self = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if run.kind != KIND {
            return Err(corrupt(format!("its kind is {:?}", run.kind)));
        }
        if run.schema_version != 1 {
            return Err(corrupt(format!(
                "written by another version (schema {})",
                run.schema_version
            )));
        }
        Ok(Some(run))
    }

    /// Restores the plan and the answers that still fit `bank`. With the same bank, the
    /// saved order is kept exactly; with a changed bank, the plan is made afresh (same
    /// track, skills and seed) and only answers to unchanged questions are kept. Returns
    /// the plan, the kept responses and how many answers were dropped.
    pub fn restore<'bank>(
        &self,
        bank: &'bank Bank,
    ) -> Result<(Plan<'bank>, Responses, usize), crate::session::PlanError> {
        let plan = match Plan::from_order(
            bank,
            &self.track,
            &self.skills,
            &self.criteria,
            self.seed,
            &self.order,
        ) {
            Some(plan) if bank.sha256 == self.bank_sha256 => plan,
            _ => {
                let mut plan = Plan::new(bank, &self.track, Some(&self.skills), self.seed)?;
                plan.keep_criteria(&self.criteria);
                if let Some(form) = &self.form {
                    // Keep the form's questions the bank still has; draw the rest anew.
                    let kept = plan
                        .skill_questions()
                        .filter(|q| self.order.iter().any(|(id, _)| *id == q.id))
                        .map(|q| q.id.as_str())
                        .collect();
                    let counts = bank.meta.forms.get(&form.form).cloned().unwrap_or_default();
                    let keep = crate::form::top_up(
                        bank,
                        &self.track,
                        &plan.skills,
                        &counts,
                        &kept,
                        form.seed,
                    );
                    plan.restrict(&keep);
                }
                plan
            }
        };
        let mut plan = plan;
        plan.form.clone_from(&self.form);
        let mut responses = Responses::default();
        for planned in &plan.items {
            let id = planned.question.id();
            let Some(value) = self.answers.get(id) else {
                continue;
            };
            let unchanged = self
                .fingerprints
                .get(id)
                .is_some_and(|f| *f == planned.question.fingerprint());
            let parsed: Option<Answer> = planned.question.parse(value).ok();
            if let Some(answer) = parsed.filter(|_| unchanged) {
                responses.answers.insert(id.to_string(), answer);
                if let Some(s) = self.seconds.get(id) {
                    responses.seconds.insert(id.to_string(), *s);
                }
                if let Some(note) = self.evidence.get(id) {
                    responses.evidence.insert(id.to_string(), note.clone());
                }
                if let Some(level) = self.certainty.get(id) {
                    responses.certainty.insert(id.to_string(), *level);
                }
            }
        }
        let dropped = self.answers.len() - responses.answers.len();
        Ok((plan, responses, dropped))
    }

    /// Number of questions answered and planned.
    pub fn counts(&self) -> (usize, usize) {
        (self.answers.len(), self.order.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Bank {
        Bank::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap()
    }

    fn talk_2(bank: &mut Bank) -> &mut crate::bank::Question {
        bank.questions
            .iter_mut()
            .find(|q| q.id == "talk-2")
            .unwrap()
    }

    #[test]
    fn a_form_is_resumed_whole_and_topped_up_when_the_bank_lost_an_item() {
        let bank = Bank::embedded().unwrap();
        let mut plan = Plan::new(&bank, "general", None, None).unwrap();
        crate::form::apply(&bank, &mut plan, crate::form::QUICK, None, None).unwrap();
        let form = plan.form.clone().unwrap();
        let run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        let (restored, _, _) = run.restore(&bank).unwrap();
        assert_eq!(
            restored.items, plan.items,
            "the same form, in the same order"
        );
        assert_eq!(restored.form.as_ref(), Some(&form));
        // The bank loses one scenario of the form: the rest is kept, one is drawn anew.
        let lost_id = plan
            .skill_questions()
            .find(|q| q.kind == crate::bank::QuestionType::Scenario)
            .unwrap()
            .id
            .clone();
        let mut changed = bank.clone();
        changed.questions.retain(|q| q.id != lost_id);
        changed.sha256 = "changed".into();
        let (topped, _, _) = run.restore(&changed).unwrap();
        assert_eq!(
            topped.skill_questions().count(),
            plan.skill_questions().count()
        );
        let ids: Vec<&str> = topped.items.iter().map(|p| p.question.id()).collect();
        assert!(!ids.contains(&lost_id.as_str()));
        let kept = plan
            .items
            .iter()
            .map(|p| p.question.id())
            .filter(|id| ids.contains(id))
            .count();
        assert_eq!(kept, plan.items.len() - 1);
    }

    #[test]
    fn save_load_restore_round_trip() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", None, Some(5)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        let mut responses = Responses::default();
        responses.answers.insert("talk-1".into(), Answer::Level(2));
        responses
            .answers
            .insert("talk-4".into(), Answer::Choices(vec!["b".into()]));
        responses.seconds.insert("talk-1".into(), 4.5);
        responses.certainty.insert("talk-4".into(), 3);
        run.certainty_asked = true;
        run.save(&path, &responses, crate::cmd::Clock::System.now())
            .unwrap();
        let loaded = InProgress::load(&path).unwrap().unwrap();
        assert!(
            loaded.certainty_asked,
            "a --certainty run keeps asking after --resume"
        );
        assert_eq!(loaded, run);
        let (restored, kept, dropped) = loaded.restore(&bank).unwrap();
        assert_eq!(restored.items, plan.items);
        assert_eq!(kept, responses);
        assert_eq!(dropped, 0);
    }

    #[test]
    fn a_changed_question_drops_only_its_answer() {
        let mut bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let mut run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        let mut responses = Responses::default();
        responses.answers.insert("talk-1".into(), Answer::Level(2));
        responses
            .answers
            .insert("talk-2".into(), Answer::Choice("a".into()));
        let dir = tempfile::tempdir().unwrap();
        run.save(
            &dir.path().join(FILE_NAME),
            &responses,
            crate::cmd::Clock::System.now(),
        )
        .unwrap();
        talk_2(&mut bank).prompt.push_str(" (reworded)");
        bank.sha256 = "changed".into();
        let (_, kept, dropped) = run.restore(&bank).unwrap();
        assert_eq!(dropped, 1);
        assert!(kept.answers.contains_key("talk-1"));
        assert!(!kept.answers.contains_key("talk-2"));
    }

    #[test]
    fn only_our_own_kind_and_version_of_file_is_resumed() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let write = |change: &dyn Fn(&mut Value)| {
            let mut value = serde_json::to_value(&run).unwrap();
            change(&mut value);
            std::fs::write(&path, value.to_string()).unwrap();
        };
        write(&|_| {});
        assert_eq!(InProgress::load(&path).unwrap().unwrap(), run);
        write(&|v| v["kind"] = "something else".into());
        let err = InProgress::load(&path).unwrap_err().to_string();
        assert!(err.contains("its kind is \"something else\""), "{err}");
        write(&|v| v["schema_version"] = 2.into());
        let err = InProgress::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("written by another version (schema 2)"),
            "{err}"
        );
        // A file that cannot be read is an error, not "no unfinished run".
        let folder = dir.path().join("a-folder");
        std::fs::create_dir(&folder).unwrap();
        let err = InProgress::load(&folder).unwrap_err().to_string();
        assert!(err.contains("cannot read the unfinished run"), "{err}");
    }

    #[test]
    fn a_changed_bank_is_planned_afresh_with_its_new_questions() {
        let mut bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        assert_eq!(run.counts(), (0, 11));
        // A new talk question: the saved order does not have it, a fresh plan does.
        let mut extra = talk_2(&mut bank).clone();
        extra.id = "talk-9".into();
        bank.questions.push(extra);
        bank.sha256 = "changed".into();
        let (restored, _, dropped) = run.restore(&bank).unwrap();
        assert_eq!(dropped, 0);
        assert_eq!(restored.items.len(), 12);
        assert!(restored.items.iter().any(|p| p.question.id() == "talk-9"));
    }

    #[test]
    fn a_changed_bank_shows_options_in_its_own_order() {
        // Unshuffled, options show in bank order. Reordered in the bank (talk-2: c, b, a),
        // a resumed run shows the new order, not the saved one.
        let mut bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let run = InProgress::new(&bank, &plan, "Ada", crate::cmd::Clock::System.now());
        talk_2(&mut bank).options.reverse();
        bank.sha256 = "changed".into();
        let (restored, _, _) = run.restore(&bank).unwrap();
        let talk_2 = restored
            .items
            .iter()
            .find(|p| p.question.id() == "talk-2")
            .unwrap();
        assert_eq!(talk_2.option_order, [0, 1, 2]);
    }

    #[test]
    fn foreign_or_broken_files_are_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert!(InProgress::load(&path).unwrap().is_none());
        std::fs::write(&path, "{\"truncated\": ").unwrap();
        let err = InProgress::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("is damaged") && err.contains("--restart"),
            "{err}"
        );
    }

    #[test]
    fn only_a_missing_file_means_no_unfinished_run() {
        // A file where the candidate's folder should be: reading fails with "not a
        // directory", which is reported, not taken for "nothing to resume".
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("grace-hopper");
        std::fs::write(&blocker, "x").unwrap();
        let err = InProgress::load(&blocker.join(FILE_NAME)).unwrap_err();
        assert!(matches!(err, ResumeError::Io { .. }), "{err}");
    }
}
