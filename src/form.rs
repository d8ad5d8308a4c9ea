//! Forms: which items of a bank's pool one run asks. A bank with `forms` asks, per skill,
//! a fixed number of items of each type, drawn from the pool so that a retake gets items
//! the candidate has not seen (then the least recently seen), deterministically from the
//! candidate's history and a seed. A bank without `forms` asks every item.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::bank::{Bank, FormCounts, QuestionType, Skill};
use crate::history;
use crate::session::Plan;

/// The form of an ordinary run.
pub const STANDARD: &str = crate::bank::STANDARD_FORM;
/// The short form of `--quick`.
pub const QUICK: &str = crate::bank::QUICK_FORM;

pub use crate::session::FormChoice;

/// Which skill questions a candidate answered in earlier runs, and when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exposure {
    /// Earlier reports read.
    pub runs: usize,
    /// Question id → index of the latest run that asked it (0 = oldest).
    last_seen: HashMap<String, usize>,
}

/// The part of a report a form needs: the ids answered.
#[derive(Deserialize)]
struct ReportAnswers {
    answers: Vec<AnsweredId>,
}

#[derive(Deserialize)]
struct AnsweredId {
    id: String,
}

impl Exposure {
    /// Reads the reports in a candidate's folder (oldest first); a missing folder is an
    /// empty history and an unreadable report is skipped (`review` says why).
    pub fn read(candidate_dir: &Path) -> Self {
        let files = history::report_files(candidate_dir).unwrap_or_default();
        let mut exposure = Self::default();
        for file in files {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let Ok(report) = serde_json::from_slice::<ReportAnswers>(&bytes) else {
                continue;
            };
            exposure.add_run(report.answers.into_iter().map(|a| a.id));
        }
        exposure
    }

    /// Adds one run that answered `ids`.
    pub fn add_run(&mut self, ids: impl IntoIterator<Item = String>) {
        let run = self.runs;
        for id in ids {
            self.last_seen.insert(id, run);
        }
        self.runs += 1;
    }

    /// The index of the latest run that asked `id`, if any.
    pub fn last_seen(&self, id: &str) -> Option<usize> {
        self.last_seen.get(id).copied()
    }
}

/// The seed of a candidate's next draw: from the bank, the track and how many runs they
/// have made, so `questions --name` can list the form before the run and every candidate's
/// first form is the same (the one `questions` lists without a name).
pub fn seed_for(bank: &Bank, track: &str, exposure: &Exposure) -> u64 {
    // FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bank
        .meta
        .id
        .bytes()
        .chain([0])
        .chain(track.bytes())
        .chain([0])
        .chain(exposure.runs.to_le_bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn wanted(counts: &FormCounts, kind: QuestionType) -> usize {
    match kind {
        QuestionType::SelfRating => counts.self_rating,
        QuestionType::Scenario => counts.scenario,
        QuestionType::Knowledge => counts.knowledge,
        QuestionType::Multi => counts.multi,
    }
}

const KINDS: [QuestionType; 4] = [
    QuestionType::SelfRating,
    QuestionType::Scenario,
    QuestionType::Knowledge,
    QuestionType::Multi,
];

/// Draws a form: for each skill in `skills` and each question type, `counts` items of the
/// skill's pool on `track`. Unseen items come first, then the least recently seen; among
/// equals, items written for the track come before general ones, then a seeded shuffle
/// decides (the bank order breaks the last ties). Returns the ids of the questions drawn.
pub fn draw<'bank>(
    bank: &'bank Bank,
    track: &str,
    skills: &[&Skill],
    counts: &FormCounts,
    exposure: &Exposure,
    seed: u64,
) -> HashSet<&'bank str> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut chosen = HashSet::new();
    for skill in skills {
        let skill = &skill.id;
        for kind in KINDS {
            let mut pool: Vec<(usize, usize, bool, u64, &str)> = bank
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| &q.skill == skill && q.kind == kind && q.in_track(track))
                .map(|(i, q)| {
                    // Unseen sorts first: (0, _); seen by recency: (1, run index).
                    let seen = exposure.last_seen(&q.id).map_or(0, |run| run + 1);
                    (i, seen, q.tracks.is_empty(), rng.u64(..), q.id.as_str())
                })
                .collect();
            pool.sort_by_key(|&(i, seen, general, shuffle, _)| (seen, general, shuffle, i));
            chosen.extend(pool.iter().take(wanted(counts, kind)).map(|&(.., id)| id));
        }
    }
    chosen
}

/// Completes a form that lost items (the bank changed under an unfinished run): keeps
/// `kept` and adds freshly drawn items where a skill now has fewer than `counts`.
pub fn top_up<'bank>(
    bank: &'bank Bank,
    track: &str,
    skills: &[&Skill],
    counts: &FormCounts,
    kept: &HashSet<&'bank str>,
    seed: u64,
) -> HashSet<&'bank str> {
    let drawn = draw(bank, track, skills, counts, &Exposure::default(), seed);
    let mut form = kept.clone();
    for skill in skills {
        for kind in KINDS {
            let of_kind = |id: &&&str| is_of(bank, id, &skill.id, kind);
            let have = kept.iter().filter(of_kind).count();
            let extra = drawn
                .iter()
                .filter(of_kind)
                .filter(|id| !kept.contains(**id))
                .take(wanted(counts, kind).saturating_sub(have))
                .copied();
            form.extend(extra);
        }
    }
    form
}

/// Why answered items do not make a form: per skill and type, how many are missing.
pub fn shortfall(
    bank: &Bank,
    skills: &[&Skill],
    counts: &FormCounts,
    answered: &HashSet<&str>,
) -> Vec<String> {
    let mut missing = Vec::new();
    for skill in skills {
        let skill = &skill.id;
        for kind in KINDS {
            let have = answered
                .iter()
                .filter(|id| is_of(bank, id, skill, kind))
                .count();
            let need = wanted(counts, kind);
            if have < need {
                missing.push(format!(
                    "skill `{skill}` has {have} {} answers, the form needs {need}",
                    kind.as_str()
                ));
            }
        }
    }
    missing
}

/// Whether the question `id` is of `kind` and measures `skill`.
fn is_of(bank: &Bank, id: &str, skill: &str, kind: QuestionType) -> bool {
    bank.question(id)
        .is_some_and(|q| q.skill == skill && q.kind == kind)
}

/// Why a form cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// `--quick` on a bank without a quick form.
    #[error("the bank has no `{0}` form; its forms are: {1}")]
    Unknown(String, String),
}

/// The skill question ids of an answers file, and whether a partial set is accepted.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    /// Question ids answered.
    pub ids: &'a HashSet<&'a str>,
    /// `--allow-partial`: score the answered items even if they are not a whole form.
    pub partial: bool,
}

/// Applies the bank's form `name` to `plan`: draws it for the candidate whose earlier
/// reports are in `candidate_dir` (none: a first run), or, when an answers file's items
/// already make a whole form (or `--allow-partial`), keeps those. A bank without forms
/// keeps every item.
pub fn apply(
    bank: &Bank,
    plan: &mut Plan,
    name: &str,
    candidate_dir: Option<&Path>,
    answered: Option<Answered<'_>>,
) -> Result<(), FormError> {
    if bank.meta.forms.is_empty() {
        // Every item is asked; a short form cannot be made up.
        return if name == QUICK {
            Err(FormError::Unknown(name.to_string(), "none".into()))
        } else {
            Ok(())
        };
    }
    let counts = bank.meta.forms.get(name).ok_or_else(|| {
        FormError::Unknown(
            name.to_string(),
            bank.meta
                .forms
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        )
    })?;
    let exposure = candidate_dir.map(Exposure::read).unwrap_or_default();
    let seed = seed_for(bank, &plan.track, &exposure);
    let own: Option<(HashSet<&str>, bool)> = answered.map(|a| {
        let own = plan
            .skill_questions()
            .map(|q| q.id.as_str())
            .filter(|id| a.ids.contains(id))
            .collect();
        (own, a.partial)
    });
    let keep = match own {
        Some((own, partial))
            if !own.is_empty()
                && (partial || shortfall(bank, &plan.skills, counts, &own).is_empty()) =>
        {
            own
        }
        _ => draw(bank, &plan.track, &plan.skills, counts, &exposure, seed),
    };
    let seen_before = keep
        .iter()
        .filter(|id| exposure.last_seen(id).is_some())
        .count();
    plan.restrict(&keep);
    plan.form = Some(FormChoice {
        form: name.to_string(),
        seed,
        seen_before,
        items: keep.len(),
    });
    Ok(())
}

/// Rough minutes a run takes: reading at 200 words a minute plus 10 seconds to decide
/// per question, rounded up to 5 minutes.
pub fn minutes(words: usize, questions: usize) -> usize {
    let minutes = words as f64 / 200.0 + questions as f64 / 6.0;
    ((minutes / 5.0).ceil() as usize).max(1) * 5
}

/// Number of words in `text`.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_keeps_the_latest_run_of_each_item() {
        let mut e = Exposure::default();
        e.add_run(["a".to_string(), "b".to_string()]);
        e.add_run(["b".to_string()]);
        assert_eq!(e.runs, 2);
        assert_eq!(e.last_seen("a"), Some(0));
        assert_eq!(e.last_seen("b"), Some(1));
        assert_eq!(e.last_seen("c"), None);
    }

    #[test]
    fn a_first_form_prefers_track_items_and_a_retake_prefers_unseen_ones() {
        let bank = Bank::embedded().unwrap();
        let counts = &bank.meta.forms[STANDARD];
        let plan = Plan::new(&bank, "back-end", None, None).unwrap();
        let first = draw(
            &bank,
            "back-end",
            &plan.skills,
            counts,
            &Exposure::default(),
            7,
        );
        // The back-end self-rating of technical expertise wins over the general one.
        let tech_rating: Vec<&str> = first
            .iter()
            .filter_map(|id| bank.question(id))
            .filter(|q| q.skill == "technical-expertise" && q.kind == QuestionType::SelfRating)
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(tech_rating, ["be-101"]);
        // Seen items go to the back: the retake's scenarios are all new.
        let mut seen = Exposure::default();
        seen.add_run(first.iter().map(|id| (*id).to_string()));
        let second = draw(&bank, "back-end", &plan.skills, counts, &seen, 7);
        let repeated_scenarios = second
            .intersection(&first)
            .filter(|id| bank.question(id).unwrap().kind == QuestionType::Scenario)
            .count();
        assert_eq!(repeated_scenarios, 0);
        // The same history and seed give the same form.
        assert_eq!(
            second,
            draw(&bank, "back-end", &plan.skills, counts, &seen, 7)
        );
    }

    #[test]
    fn seeds_differ_by_track_and_run_count() {
        let bank = Bank::embedded().unwrap();
        let mut e = Exposure::default();
        let first = seed_for(&bank, "general", &e);
        assert_ne!(first, seed_for(&bank, "senior", &e));
        e.add_run(["x".to_string()]);
        assert_ne!(first, seed_for(&bank, "general", &e));
        // FNV-1a of "tpm\0general\0" and eight zero bytes: stable across versions.
        assert_eq!(first, seed_for(&bank, "general", &Exposure::default()));
        assert!(first > 1);
    }

    #[test]
    fn exposure_is_read_from_a_candidate_folder() {
        let dir = tempfile::tempdir().unwrap();
        let report = |ids: &[&str]| {
            let answers: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id})).collect();
            serde_json::json!({"answers": answers}).to_string()
        };
        std::fs::write(
            dir.path().join("2026-01-01T00-00-00Z.json"),
            report(&["a", "b"]),
        )
        .unwrap();
        std::fs::write(dir.path().join("2026-02-01T00-00-00Z.json"), report(&["b"])).unwrap();
        std::fs::write(dir.path().join("2026-03-01T00-00-00Z.json"), "not json").unwrap();
        let e = Exposure::read(dir.path());
        assert_eq!(e.runs, 2, "the damaged file is skipped");
        assert_eq!((e.last_seen("a"), e.last_seen("b")), (Some(0), Some(1)));
        assert_eq!(Exposure::read(&dir.path().join("nobody")).runs, 0);
    }

    #[test]
    fn minutes_round_up_to_five() {
        // 1000 words: 5 min reading; 12 questions: 2 min deciding; 7 → 10.
        assert_eq!(minutes(1000, 12), 10);
        assert_eq!(minutes(0, 0), 5);
        assert_eq!(minutes(2000, 30), 15);
    }
}
