//! The report's data model: the JSON contract (`schema_version` 2), the summary that
//! `progress` and `cohort` read, and the serialisation helpers that keep its numbers
//! and times stable.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::quality::QualityFlag;
use crate::question::KindId;
use crate::scoring::{self, CriterionResult, Gap, GroupResult, Readiness, SkillResult};

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

impl Report {
    /// The answers an appendix lists, grouped by skill in report order; skills with none
    /// left out.
    pub fn appendix_answers(&self, appendix: Appendix) -> Vec<(&SkillResult, Vec<&AnswerRecord>)> {
        self.skills
            .iter()
            .map(|s| {
                let answers: Vec<_> = self
                    .evidence_answers(&s.id)
                    .filter(|a| appendix.lists(a))
                    .collect();
                (s, answers)
            })
            .filter(|(_, answers)| !answers.is_empty())
            .collect()
    }

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
