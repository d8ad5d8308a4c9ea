//! The gap report: its data model (the JSON contract, `schema_version` 2) and its formats.
//!
//! Each format is one module behind the [`Format`] trait and returns the document's text;
//! writing files is done in one place ([`crate::store`]).

mod chart;
mod documents;
mod html;
mod json;
mod markdown;
mod terminal;
pub(crate) mod text;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use chart::Chart;
pub use documents::Documents;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use terminal::{wrap, Terminal};

use crate::answer::{Answer, Responses};

use crate::bank::Bank;
use crate::quality::QualityFlag;
use crate::question::{KindId, QuestionRef};
use crate::scoring::{self, CriterionResult, Gap, GroupResult, Readiness, Scores, SkillResult};
use crate::session::Plan;

/// Version of the report's JSON shape. Raised only for changes that break readers.
///
/// 2: skill scores are chance-corrected (`skills[].raw`, `chance`, `interval`,
/// `readiness.interval`, quality flag `near_chance`, rubric status `offset`). Version 1
/// reports are still read; their scores are uncorrected.
pub const SCHEMA_VERSION: u32 = 2;

pub use crate::quality::NEAR_CHANCE;

/// A complete gap report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// Version of this shape.
    pub schema_version: u32,
    /// The program that wrote the report.
    pub tool: ToolInfo,
    /// The bank the answers were scored against.
    pub bank: BankInfo,
    /// Candidate name as given.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// Track display name.
    pub track_name: String,
    /// When the quiz started (RFC 3339 with offset).
    #[serde(with = "rfc3339")]
    #[schemars(with = "DateTime<FixedOffset>")]
    pub started_at: DateTime<FixedOffset>,
    /// When the answers were scored.
    #[serde(with = "rfc3339")]
    #[schemars(with = "DateTime<FixedOffset>")]
    pub finished_at: DateTime<FixedOffset>,
    /// How the run was made.
    pub run: RunInfo,
    /// Which skills this run measured and which it carried over from an earlier report.
    pub coverage: Coverage,
    /// The form drawn from the bank's pool and how many of its items the candidate had
    /// answered in earlier reports (banks with forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<crate::session::FormChoice>,
    /// Every answer, in the order asked.
    pub answers: Vec<AnswerRecord>,
    /// Per skill.
    pub skills: Vec<SkillResult>,
    /// Per group (e.g. soft, hard).
    pub groups: Vec<GroupResult>,
    /// Prerequisites.
    pub rubric: Vec<CriterionResult>,
    /// Readiness score and verdict.
    pub readiness: Readiness,
    /// Response-quality flags; empty when nothing looked wrong.
    pub quality: Vec<QualityFlag>,
    /// Gaps with next steps, highest priority first.
    pub gaps: Vec<Gap>,
    /// Notes added by mentors (`review --note`), oldest first.
    pub mentor_notes: Vec<MentorNote>,
    /// Mentors' ratings of skills (`review --rate`), oldest first; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentor_ratings: Vec<MentorRating>,
    /// What the result is and is not.
    pub limits: String,
    /// Certainty-based marking, when the candidate gave certainties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cbm: Option<crate::cbm::Cbm>,
}

/// A report without its answers: what `progress` and `cohort` read. The answers are
/// most of a report's bytes; serde skips them without building anything.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Version of the report's shape.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: ToolInfo,
    /// The bank it was scored against.
    pub bank: BankInfo,
    /// Candidate name.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// When the answers were scored.
    #[serde(with = "rfc3339")]
    #[schemars(with = "DateTime<FixedOffset>")]
    pub finished_at: DateTime<FixedOffset>,
    /// How the run was made.
    pub run: RunInfo,
    /// What the run measured.
    pub coverage: Coverage,
    /// The form and how much of it the candidate had seen before.
    #[serde(default)]
    pub exposure: Option<crate::session::FormChoice>,
    /// Per skill.
    pub skills: Vec<SkillResult>,
    /// Per group.
    pub groups: Vec<GroupResult>,
    /// Prerequisites.
    pub rubric: Vec<CriterionResult>,
    /// Readiness and verdict.
    pub readiness: Readiness,
    /// Gaps, highest priority first.
    pub gaps: Vec<Gap>,
    /// Certainty-based marking, when the run had it.
    #[serde(default)]
    pub cbm: Option<crate::cbm::Cbm>,
    /// Response-quality flags, so `progress` and `cohort` can mark flagged runs.
    #[serde(default)]
    pub quality: Vec<QualityFlag>,
    /// Mentors' ratings, so `progress` and `cohort` can show them (a few per report).
    #[serde(default)]
    pub mentor_ratings: Vec<MentorRating>,
}

impl Summary {
    /// Drops the long texts `progress` and `cohort` never show (calibration notes, gap
    /// and prerequisite details and next steps, the verdict's summary and reason), so
    /// that thousands of summaries fit in little memory.
    pub fn compact(&mut self) {
        for s in &mut self.skills {
            s.calibration.note = String::new();
            // Neither reader shows bands or groups per run.
            s.band = None;
            s.band_name = None;
            s.group = String::new();
        }
        self.run.skills = Vec::new();
        self.coverage.measured = Vec::new();
        self.bank.title = String::new();
        for g in &mut self.gaps {
            g.detail = String::new();
            g.next_steps = Vec::new();
        }
        for c in &mut self.rubric {
            c.detail = String::new();
            c.next_steps = Vec::new();
        }
        self.readiness.summary = String::new();
        self.readiness.reason = String::new();
        // The ids say which flags; the messages are in the report.
        for flag in &mut self.quality {
            flag.message = String::new();
        }
        self.skills.shrink_to_fit();
        self.groups.shrink_to_fit();
        self.rubric.shrink_to_fit();
        self.gaps.shrink_to_fit();
    }
}

/// The program that wrote a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ToolInfo {
    /// Always `tpm-ready`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Identity of the bank a report was scored against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BankInfo {
    /// Bank id.
    pub id: String,
    /// Bank version.
    pub version: String,
    /// Bank title.
    pub title: String,
    /// sha256 of the bank files; differs whenever the content differs.
    pub sha256: String,
}

/// How the answers were given.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Answered at the terminal.
    #[default]
    Interactive,
    /// Read from an answers file (`--answers`).
    Scripted,
}

impl Mode {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interactive => "interactive",
            Self::Scripted => "scripted",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a run was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunInfo {
    /// `interactive` or `scripted`.
    pub mode: Mode,
    /// Whether question and option order were shuffled.
    pub shuffled: bool,
    /// The shuffle seed, to reproduce the order.
    pub seed: Option<u64>,
    /// Ids of the skills measured.
    pub skills: Vec<String>,
    /// True when some skills were left out or some answers were missing.
    pub partial: bool,
    /// True when the run was resumed after an interruption.
    pub resumed: bool,
    /// True for a `--quick` run (the bank's short form: fewer items, wider ranges).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub quick: bool,
}

/// What a run measured. A focused retake (`quiz --focus`) measures only the earlier
/// gaps and carries the other results over, so the report stays whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coverage {
    /// Skill ids measured in this run.
    pub measured: Vec<String>,
    /// Skill and prerequisite ids copied from an earlier report, not measured now.
    pub carried: Vec<String>,
    /// File name of the report they were carried from.
    pub carried_from: Option<String>,
    /// Response-quality flags of the run the carried results come from (and of the runs
    /// it carried from in turn): they still describe part of this report. Absent when
    /// none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_quality: Vec<QualityFlag>,
}

/// Which part of the quiz an answer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// A skill question.
    Skill,
    /// A prerequisite (rubric) question.
    Rubric,
}

/// One answer as it appears in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnswerRecord {
    /// Question id.
    pub id: String,
    /// `skill` or `rubric`.
    pub section: Section,
    /// Skill id (skill questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Criterion id (rubric questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: KindId,
    /// The question as asked.
    pub prompt: String,
    /// The answer, as in an answers file.
    pub answer: Value,
    /// The answer in words.
    pub answer_text: String,
    /// Multi-select answers: each option picked, in words (`answer_text` joins them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_items: Vec<String>,
    /// Item score in [0, 1] (skill questions), to 0.1 of a percentage point.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "rounded::item_score"
    )]
    pub score: Option<f64>,
    /// The best answer in words (scenario, knowledge, multi).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_answer: Option<String>,
    /// Multi-select questions: each correct option, in words (`best_answer` joins them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub best_items: Vec<String>,
    /// Why the answer scored as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Seconds taken (interactive runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// The candidate's example from their work (self-ratings), for a mentor to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// How sure the candidate was (1-3), with certainty-based marking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certainty: Option<u8>,
    /// The CBM mark of the answer (−6 to 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cbm_mark: Option<f64>,
}

/// A mentor's note on a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MentorNote {
    /// Who wrote it.
    pub mentor: String,
    /// When.
    #[serde(with = "rfc3339")]
    #[schemars(with = "DateTime<FixedOffset>")]
    pub at: DateTime<FixedOffset>,
    /// The skill it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// The note.
    pub text: String,
}

/// A mentor's rating of one skill, on the skill's own 1-5 self-rating scale, so it can
/// sit beside the candidate's self-rating and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MentorRating {
    /// Skill id.
    pub skill: String,
    /// Level 1-5, as in the skill's self-rating anchors.
    pub level: u8,
    /// Who rated.
    pub mentor: String,
    /// When.
    #[serde(with = "rfc3339")]
    #[schemars(with = "DateTime<FixedOffset>")]
    pub at: DateTime<FixedOffset>,
}

impl MentorRating {
    /// The latest rating of each mentor for `skill` among `ratings`, oldest first.
    pub fn latest<'a>(ratings: &'a [Self], skill: &str) -> Vec<&'a Self> {
        let mut latest: Vec<&Self> = Vec::new();
        for rating in ratings.iter().filter(|m| m.skill == skill) {
            latest.retain(|m| m.mentor != rating.mentor);
            latest.push(rating);
        }
        latest
    }
}

/// What a run produced, before it becomes a report.
pub struct RunResult<'a> {
    /// The bank.
    pub bank: &'a Bank,
    /// The plan.
    pub plan: &'a Plan<'a>,
    /// Candidate name.
    pub candidate: String,
    /// Answers, timings and evidence notes.
    pub responses: &'a Responses,

    /// `interactive` or `scripted`.
    pub mode: Mode,
    /// Whether the run was resumed.
    pub resumed: bool,
    /// Start and finish times.
    pub started_at: DateTime<FixedOffset>,
    /// Finish time.
    pub finished_at: DateTime<FixedOffset>,
}

impl Report {
    /// Scores a run and assembles its report.
    pub fn build(run: &RunResult<'_>) -> Self {
        let RunResult {
            bank,
            plan,
            responses,
            ..
        } = *run;
        let answers = &responses.answers;
        let Scores {
            skills,
            groups,
            rubric,
            readiness,
            gaps,
            quality: guessing,
            ..
        } = scoring::score(bank, plan, answers);
        let mut quality = guessing;
        quality.extend(crate::quality::check(
            bank,
            plan,
            answers,
            &responses.seconds,
        ));
        let records: Vec<AnswerRecord> = plan
            .items
            .iter()
            .filter_map(|p| {
                let id = p.question.id();
                answers.get(id).map(|a| {
                    let mut rec = record(p.question, a, responses.seconds.get(id).copied());
                    rec.evidence = responses.evidence.get(id).cloned();
                    if let (Some(&level), Some(score)) = (responses.certainty.get(id), rec.score) {
                        rec.certainty = Some(level);
                        rec.cbm_mark =
                            Some((crate::cbm::mark(level, score) * 100.0).round() / 100.0);
                    }
                    rec
                })
            })
            .collect();
        let cbm = crate::cbm::summarise(
            &records
                .iter()
                .filter_map(|r| Some((r.certainty?, r.score?)))
                .collect::<Vec<_>>(),
        );
        let asked = plan
            .items
            .iter()
            .filter(|p| plan.is_asked(p.question, answers))
            .count();
        Self {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            bank: BankInfo {
                id: bank.meta.id.clone(),
                version: bank.meta.version.clone(),
                title: bank.meta.title.clone(),
                sha256: bank.sha256.clone(),
            },
            candidate: run.candidate.clone(),
            track: plan.track.clone(),
            track_name: bank
                .track(&plan.track)
                .map_or_else(|| plan.track.clone(), |t| t.name.clone()),
            started_at: run.started_at,
            finished_at: run.finished_at,
            run: RunInfo {
                mode: run.mode,
                shuffled: plan.seed.is_some(),
                seed: plan.seed,
                skills: skills.iter().map(|s| s.id.clone()).collect(),
                partial: plan.skills.len() < bank.skills.len() || records.len() < asked,
                resumed: run.resumed,
                quick: plan
                    .form
                    .as_ref()
                    .is_some_and(|f| f.form == crate::bank::QUICK_FORM),
            },
            coverage: Coverage {
                measured: skills.iter().map(|s| s.id.clone()).collect(),
                carried: Vec::new(),
                carried_from: None,
                carried_quality: Vec::new(),
            },
            exposure: plan.form.clone(),
            answers: records,
            skills,
            groups,
            rubric,
            readiness,
            quality,
            gaps,
            mentor_notes: Vec::new(),
            mentor_ratings: Vec::new(),
            limits: bank.meta.limits.clone(),
            cbm,
        }
    }
}

/// The report's record of one answer: the kind of question decides how the answer,
/// the best answer and the feedback read.
fn record(question: QuestionRef<'_>, answer: &Answer, seconds: Option<f64>) -> AnswerRecord {
    let kind = question.kind();
    let skill = question.skill_id();
    AnswerRecord {
        id: question.id().to_string(),
        section: if skill.is_some() {
            Section::Skill
        } else {
            Section::Rubric
        },
        skill: skill.map(str::to_string),
        criterion: question.criterion().map(|c| c.id.clone()),
        kind: kind.name(),
        prompt: question.prompt().to_string(),
        answer: answer.to_json(),
        answer_text: kind.answer_text(question, answer),
        answer_items: kind.answer_items(question, answer),
        // To 0.1 of a percentage point, as the nearest double (no float noise).
        score: skill.map(|_| (question.score(answer).unwrap_or(0.0) * 1000.0).round() / 1000.0),
        best_answer: kind.best_answer(question),
        best_items: kind.best_items(question),
        feedback: kind.feedback(question, answer),
        seconds: seconds.map(scoring::round1),
        evidence: None,
        certainty: None,
        cbm_mark: None,
    }
}

impl Report {
    /// The evidence answers (not self-ratings) given for one skill, in the order asked.
    pub fn evidence_answers<'a>(
        &'a self,
        skill: &'a str,
    ) -> impl Iterator<Item = &'a AnswerRecord> + 'a {
        self.answers.iter().filter(move |a| {
            a.skill.as_deref() == Some(skill) && a.kind != crate::question::KindId::SelfRating
        })
    }

    /// Skills whose self-rating is flagged over or under the evidence.
    pub fn miscalibrated(&self) -> impl Iterator<Item = &SkillResult> {
        self.skills.iter().filter(|s| {
            matches!(
                s.calibration.status,
                scoring::CalibrationStatus::Over | scoring::CalibrationStatus::Under
            )
        })
    }

    /// The candidate's evidence notes with the name of the skill each belongs to.
    pub fn evidence_notes(&self) -> impl Iterator<Item = (&str, &AnswerRecord)> {
        self.answers
            .iter()
            .filter(|a| a.evidence.is_some())
            .map(|a| {
                let skill = self
                    .skills
                    .iter()
                    .find(|s| Some(&s.id) == a.skill.as_ref())
                    .map_or("", |s| s.name.as_str());
                (skill, a)
            })
    }

    /// Completes a focused run: copies the skills and prerequisites this run did not
    /// measure from `earlier` (marked `carried`), then recomputes groups, readiness,
    /// verdict and gaps over the whole, so the report stays comparable.
    pub fn carry_from(&mut self, bank: &Bank, earlier: &Report, earlier_file: &str) {
        let mut carried_ids = Vec::new();
        let mut skills = Vec::with_capacity(bank.skills.len());
        for skill in &bank.skills {
            if let Some(now) = self.skills.iter().find(|s| s.id == skill.id) {
                skills.push(now.clone());
            } else if let Some(then) = earlier.skills.iter().find(|s| s.id == skill.id) {
                carried_ids.push(then.id.clone());
                skills.push(SkillResult {
                    carried: true,
                    ..then.clone()
                });
            }
        }
        let mut rubric = Vec::with_capacity(bank.rubric.len());
        for criterion in &bank.rubric {
            if let Some(now) = self.rubric.iter().find(|c| c.id == criterion.id) {
                rubric.push(now.clone());
            } else if let Some(then) = earlier.rubric.iter().find(|c| c.id == criterion.id) {
                carried_ids.push(then.id.clone());
                rubric.push(CriterionResult {
                    carried: true,
                    ..then.clone()
                });
            }
        }
        // The guessing test judged the answers of this run; it still holds for the whole.
        let near_chance = self
            .quality
            .iter()
            .any(|f| f.id == crate::quality::FlagId::NearChance);
        let Scores {
            skills,
            groups,
            rubric,
            readiness,
            gaps,
            ..
        } = Scores::combine(bank, skills, rubric, near_chance);
        self.skills = skills;
        self.groups = groups;
        self.rubric = rubric;
        self.readiness = readiness;
        self.gaps = gaps;
        self.run.partial = true;
        self.coverage.carried = carried_ids;
        self.coverage.carried_from = Some(earlier_file.to_string());
        // The earlier run's warnings still describe the results copied from it; without
        // them a flagged run would look clean after a focused retake.
        let mut inherited: Vec<QualityFlag> = Vec::new();
        for flag in earlier
            .quality
            .iter()
            .chain(&earlier.coverage.carried_quality)
        {
            if !inherited.contains(flag) {
                inherited.push(flag.clone());
            }
        }
        self.coverage.carried_quality = inherited;
    }

    /// The latest rating of each mentor for `skill`, oldest first.
    pub fn mentor_ratings_of<'a>(&'a self, skill: &str) -> Vec<&'a MentorRating> {
        MentorRating::latest(&self.mentor_ratings, skill)
    }

    /// The display name of a skill or prerequisite id (the id itself when unknown).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.skills
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.as_str())
            .or_else(|| {
                self.rubric
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.as_str())
            })
            .unwrap_or(id)
    }
}

/// Rounding when writing, so the JSON says `0.333`, not `0.33299999999999996`: the value
/// is rounded to its decimals, and `serde_json` writes the shortest text for the result.
pub(crate) mod rounded {
    use serde::Serializer;

    /// An item score in [0, 1] to three decimals (one decimal of a percentage point, as
    /// every 0-100 score in the report).
    #[allow(clippy::ref_option)] // serde's serialize_with passes a reference
    pub fn item_score<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(v) => s.serialize_some(&((v * 1000.0).round() / 1000.0)),
            None => s.serialize_none(),
        }
    }
}

/// Timestamps as RFC 3339 with seconds and an explicit offset (`+00:00`, never `Z`),
/// the same shape whatever the machine's time zone.
pub(crate) mod rfc3339 {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes a timestamp with seconds and an explicit offset.
    pub fn serialize<S: Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, false))
    }

    /// Reads an RFC 3339 timestamp.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// Which evidence answers a document's appendix lists (`quiz --appendix`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Appendix {
    /// Every evidence answer.
    #[default]
    All,
    /// Only the answers that missed the best answer (a printed report stays short).
    Wrong,
    /// No appendix.
    None,
}

impl Appendix {
    /// Whether the appendix lists this answer.
    pub fn lists(self, answer: &AnswerRecord) -> bool {
        match self {
            Self::All => true,
            Self::Wrong => !answer.is_best(),
            Self::None => false,
        }
    }
}

impl AnswerRecord {
    /// True when the answer was the best one (full marks, or the same words as the best
    /// answer).
    pub fn is_best(&self) -> bool {
        self.score.is_some_and(|s| s >= 0.999)
            || self.best_answer.as_deref() == Some(self.answer_text.as_str())
    }

    /// The options picked, one per entry (multi-select), or the answer in words.
    pub fn answer_list(&self) -> Vec<&str> {
        if !self.answer_items.is_empty() {
            return self.answer_items.iter().map(String::as_str).collect();
        }
        // Reports written before `answer_items` joined the options with "; "; split them
        // only when the pieces match the number of options picked.
        let picked = self.answer.as_array().map_or(0, Vec::len);
        let pieces: Vec<&str> = self.answer_text.split("; ").collect();
        if self.kind == KindId::Multi && picked > 1 && pieces.len() == picked {
            pieces
        } else {
            vec![self.answer_text.as_str()]
        }
    }

    /// The best options, one per entry (multi-select), or the best answer in words.
    pub fn best_list(&self) -> Vec<&str> {
        if !self.best_items.is_empty() {
            return self.best_items.iter().map(String::as_str).collect();
        }
        match &self.best_answer {
            // Older reports: joined with "; " (see `answer_list`).
            Some(best) if self.kind == KindId::Multi => best.split("; ").collect(),
            Some(best) => vec![best.as_str()],
            None => Vec::new(),
        }
    }
}

/// A report format: turns a report into the text of one document.
pub trait Format {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// The document.
    fn render(&self, report: &Report) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a type's JSON object and the shape of each (descriptions and
    /// defaults dropped: only the shape must agree).
    fn properties<T: schemars::JsonSchema>() -> serde_json::Map<String, Value> {
        fn shape(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    map.remove("description");
                    map.remove("default");
                    map.values_mut().for_each(shape);
                }
                Value::Array(items) => items.iter_mut().for_each(shape),
                _ => {}
            }
        }
        let mut schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        shape(&mut schema);
        schema["properties"].as_object().unwrap().clone()
    }

    /// `Summary` is the report minus its long parts. A field added to `Report` must be
    /// added to `Summary` too, or named here with the reason it is left out, so
    /// `progress` and `cohort` cannot silently miss it.
    #[test]
    fn the_summary_has_every_report_field_but_the_long_ones() {
        const LEFT_OUT: &[&str] = &[
            "answers",      // most of a report's bytes; progress never shows them
            "mentor_notes", // free text, read by `review` only
            "limits",       // the bank's caveat paragraph, the same in every report
            "started_at",   // progress dates runs by their finish
            "track_name",   // progress shows the track id
        ];
        let report = properties::<Report>();
        let summary = properties::<Summary>();
        for (key, schema) in &report {
            if LEFT_OUT.contains(&key.as_str()) {
                assert!(!summary.contains_key(key), "`{key}` is both left out and kept");
                continue;
            }
            let kept = summary.get(key).unwrap_or_else(|| {
                panic!("Report has `{key}` but Summary does not: add it, or to LEFT_OUT")
            });
            assert_eq!(kept, schema, "`{key}` has another shape in Summary");
        }
        for key in summary.keys() {
            assert!(report.contains_key(key), "Summary has `{key}`, Report does not");
        }
    }

    #[test]
    fn multi_feedback_names_missed_and_wrong_picks() {
        let bank = Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        let q = QuestionRef::Skill(bank.question("talk-4").unwrap());
        let text = q
            .kind()
            .feedback(q, &Answer::Choices(vec!["a".into(), "c".into()]))
            .unwrap();
        assert_eq!(
            text,
            "You missed \"Named owners.\": Yes. You picked \"Jargon.\", which does not belong: No. Short, owned, plain."
        );
    }
}
