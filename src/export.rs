//! Flat rows of saved reports for analysis engines (`DuckDB`, Spark, spreadsheets): one row
//! per (report, skill), or per (report, answer).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What `export` reads of a report.
#[derive(Debug, Clone, Deserialize)]
pub struct Exported {
    /// Version of the report's shape.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: crate::report::ToolInfo,
    /// Candidate name.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// Start (RFC 3339), as written.
    #[serde(default)]
    pub started_at: Option<String>,
    /// End (RFC 3339), as written.
    pub finished_at: String,
    /// How the run was made.
    pub run: Run,
    /// Per skill.
    pub skills: Vec<SkillRow>,
    /// Mentors' ratings (`review --rate`), oldest first.
    #[serde(default)]
    pub mentor_ratings: Vec<RatingRow>,
}

impl Exported {
    /// The latest mentor rating of a skill on the 0-100 scale of `self_rating` (level 1
    /// is 0, level 5 is 100), or `None` when no mentor rated it.
    pub fn mentor_rating(&self, skill: &str) -> Option<f64> {
        self.mentor_ratings
            .iter()
            .rev()
            .find(|m| m.skill == skill)
            .map(|m| f64::from(m.level.clamp(1, 5) - 1) * 25.0)
    }
}

/// A mentor's rating as `export` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct RatingRow {
    /// Skill id.
    pub skill: String,
    /// Level 1-5.
    pub level: u8,
}

/// A report with its answers.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportedItems {
    /// Version of the report's shape.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: crate::report::ToolInfo,
    /// Candidate name.
    pub candidate: String,
    /// Track id.
    pub track: String,
    /// Start (RFC 3339), as written.
    #[serde(default)]
    pub started_at: Option<String>,
    /// End (RFC 3339), as written.
    pub finished_at: String,
    /// How the run was made.
    pub run: Run,
    /// Every answer.
    pub answers: Vec<AnswerRow>,
}

impl crate::history::Readable for Exported {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
}

impl crate::history::Readable for ExportedItems {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
}

/// How a run was made.
#[derive(Debug, Clone, Deserialize)]
pub struct Run {
    /// `interactive` or `scripted`.
    pub mode: crate::report::Mode,
    /// A `--quick` run.
    #[serde(default)]
    pub quick: bool,
}

/// A skill as `export` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct SkillRow {
    /// Skill id.
    pub id: String,
    /// Raw score.
    #[serde(default)]
    pub raw: Option<f64>,
    /// Chance level.
    #[serde(default)]
    pub chance: Option<f64>,
    /// Corrected score.
    #[serde(default)]
    pub score: Option<f64>,
    /// 90 % interval.
    #[serde(default)]
    pub interval: Option<[f64; 2]>,
    /// Self-rating, 0-100.
    #[serde(default)]
    pub self_rating: Option<f64>,
}

/// An answer as `export` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct AnswerRow {
    /// Question id.
    pub id: String,
    /// `skill` or `rubric`.
    pub section: String,
    /// Skill id.
    #[serde(default)]
    pub skill: Option<String>,
    /// Criterion id.
    #[serde(default)]
    pub criterion: Option<String>,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The answer as in an answers file.
    pub answer: Value,
    /// Item score.
    #[serde(default)]
    pub score: Option<f64>,
    /// Seconds taken.
    #[serde(default)]
    pub seconds: Option<f64>,
}

/// One (report, skill) row.
#[derive(Debug, Clone, Serialize)]
pub struct SkillLine<'a> {
    /// Candidate name.
    pub candidate: &'a str,
    /// The report's file name.
    pub report: &'a str,
    /// 1 for the candidate's first report, 2 for the next, ...
    pub run: usize,
    /// Start (RFC 3339).
    pub started_at: Option<&'a str>,
    /// End (RFC 3339).
    pub finished_at: &'a str,
    /// Track id.
    pub track: &'a str,
    /// `interactive` or `scripted`.
    pub mode: &'a str,
    /// Whether the run was `--quick`.
    pub quick: bool,
    /// Skill id.
    pub skill: &'a str,
    /// Weighted mean item score, 0-100.
    pub raw: Option<f64>,
    /// What guessing scores, 0-100.
    pub chance: Option<f64>,
    /// Chance-corrected score, 0-100.
    pub score: Option<f64>,
    /// Low end of the 90 % interval.
    pub interval_low: Option<f64>,
    /// High end of the 90 % interval.
    pub interval_high: Option<f64>,
    /// Self-rating, 0-100.
    pub self_rating: Option<f64>,
    /// The latest mentor rating of the skill, 0-100 like `self_rating`, when the report
    /// has one.
    pub mentor_rating: Option<f64>,
}

/// One (report, answer) row.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine<'a> {
    /// Candidate name.
    pub candidate: &'a str,
    /// The report's file name.
    pub report: &'a str,
    /// 1 for the candidate's first report, 2 for the next, ...
    pub run: usize,
    /// Start (RFC 3339).
    pub started_at: Option<&'a str>,
    /// End (RFC 3339).
    pub finished_at: &'a str,
    /// Track id.
    pub track: &'a str,
    /// `interactive` or `scripted`.
    pub mode: &'a str,
    /// Whether the run was `--quick`.
    pub quick: bool,
    /// Question id.
    pub question: &'a str,
    /// `skill` or `rubric`.
    pub section: &'a str,
    /// Skill id.
    pub skill: Option<&'a str>,
    /// Criterion id.
    pub criterion: Option<&'a str>,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The answer: JSON in JSON lines; its JSON text (`"b"`, `["a","c"]`, `4`) in CSV.
    pub answer: Value,
    /// Item score, 0-1.
    pub score: Option<f64>,
    /// Seconds taken (interactive runs).
    pub seconds: Option<f64>,
}
