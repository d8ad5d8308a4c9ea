//! The question bank's data types, exactly as they appear in the bank's JSON files.
//!
//! A bank is one file or a folder of files; every file has the shape of [`BankFile`]
//! and the files are merged. Exactly one file carries the [`BankMeta`] header.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One JSON file of a bank. Every section is optional so a bank can be split freely.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankFile {
    /// Optional JSON Schema reference, for editors; ignored by the engine.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The bank header (identity, tracks, bands, verdict rules). Exactly one file has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<BankMeta>,
    /// Skills measured by the quiz.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    /// Skill questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Readiness rubric criteria (prerequisites), asked as their own section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric: Vec<Criterion>,
}

/// The bank header: identity, tracks, groups, bands and the rules that turn scores into words.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankMeta {
    /// Stable identifier of the bank, e.g. `tpm`.
    pub id: String,
    /// Version of the bank's content.
    pub version: String,
    /// Title shown at the start of the quiz and in reports.
    pub title: String,
    /// Text shown before the first question (what the quiz is, how it is scored).
    pub intro: String,
    /// What the result is and is not; printed in every report.
    pub limits: String,
    /// Tracks (specialisations) a candidate can choose.
    pub tracks: Vec<Track>,
    /// Track used when none is given.
    pub default_track: String,
    /// Skill groups, e.g. soft and hard skills.
    pub groups: Vec<Group>,
    /// Score bands, lowest first; a score falls in the last band whose `min` it reaches.
    pub bands: Vec<Band>,
    /// Points of difference between self-rating and evidence that raise a calibration flag.
    pub calibration_threshold: f64,
    /// Minimum evidence items every skill needs in every track.
    #[serde(default = "default_min_evidence")]
    pub min_evidence_items: usize,
    /// Rules for flagging unreliable response patterns.
    pub quality: QualityRules,
    /// Weight of each evidence item type in a skill score (see [`TypeWeights`]).
    #[serde(default)]
    pub type_weights: TypeWeights,
    /// Forms by name (`standard`, and `quick` for `--quick`): how many items of each type
    /// a run asks per skill, drawn from the pool. Without forms every item is asked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub forms: BTreeMap<String, FormCounts>,
    /// Corrected scores (0-100) where self-rating levels 2, 3, 4 and 5 begin: the evidence
    /// a level's behaviours should produce. Four ascending numbers.
    #[serde(default = "default_level_cuts")]
    pub level_cuts: Vec<f64>,
    /// Verdicts, best first; the first whose conditions all hold is the verdict.
    pub verdicts: Vec<VerdictRule>,
    /// How large a change between two runs must be to count (see [`ChangeRules`]).
    #[serde(default)]
    pub change: ChangeRules,
}

/// Measurement noise: the smallest change between two runs that counts as real.
///
/// For a score that is the mean of `n` items, the minimum meaningful change is
/// `z · √2 · item_sd · 100 / √n` points: the difference of two noisy measurements at the
/// chosen confidence. Fewer items mean more noise, so a larger change is needed.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRules {
    /// Typical spread (standard deviation, 0-1) of one item's score.
    pub item_sd: f64,
    /// Confidence multiplier (1.28 ≈ 80 %, 1.64 ≈ 90 %, 1.96 ≈ 95 %).
    pub confidence_z: f64,
    /// Used when a score has no items to count (e.g. a carried skill).
    pub default_min_change: f64,
}

impl Default for ChangeRules {
    fn default() -> Self {
        Self {
            item_sd: 0.25,
            confidence_z: 1.28,
            default_min_change: 10.0,
        }
    }
}

impl ChangeRules {
    /// Minimum meaningful change, in points, for a score averaged over `items` items.
    pub fn min_change(&self, items: usize) -> f64 {
        if items == 0 {
            return self.default_min_change;
        }
        let points = self.confidence_z * std::f64::consts::SQRT_2 * self.item_sd * 100.0
            / (items as f64).sqrt();
        (points * 10.0).round() / 10.0
    }
}

/// How many items of each type a form asks per skill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormCounts {
    /// Self-ratings.
    #[serde(default)]
    pub self_rating: usize,
    /// Scenario items.
    #[serde(default)]
    pub scenario: usize,
    /// Knowledge items.
    #[serde(default)]
    pub knowledge: usize,
    /// Multi-select items.
    #[serde(default)]
    pub multi: usize,
}

fn default_level_cuts() -> Vec<f64> {
    vec![20.0, 40.0, 60.0, 80.0]
}

/// Weight of each evidence item type in a skill score, multiplied with a question's own
/// `weight`. Judgement (scenarios) should count for more than recall that reading buys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeWeights {
    /// Scenario (situational judgement) items.
    pub scenario: f64,
    /// Knowledge items.
    pub knowledge: f64,
    /// Multi-select items.
    pub multi: f64,
}

impl Default for TypeWeights {
    fn default() -> Self {
        Self {
            scenario: 1.0,
            knowledge: 1.0,
            multi: 1.0,
        }
    }
}

impl TypeWeights {
    /// The weight of `kind`; self-ratings are not evidence and weigh 0.
    pub fn of(&self, kind: QuestionType) -> f64 {
        match kind {
            QuestionType::SelfRating => 0.0,
            QuestionType::Scenario => self.scenario,
            QuestionType::Knowledge => self.knowledge,
            QuestionType::Multi => self.multi,
        }
    }
}

fn default_min_evidence() -> usize {
    3
}

fn default_weight() -> f64 {
    1.0
}

/// A specialisation with its own questions and targets.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Identifier, e.g. `back-end`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One sentence saying who should pick it.
    pub description: String,
}

/// A group of skills reported together (e.g. soft skills).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Identifier, e.g. `soft`.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A score band such as "developing".
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Identifier, used as the key of a skill's `next_steps`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Lowest score (0-100) in this band.
    pub min: f64,
}

/// Thresholds for response-quality flags.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityRules {
    /// A run of this many single-choice answers at the same screen position is flagged.
    pub max_same_position_run: usize,
    /// Interactive answers faster than this many seconds count as too fast to have been read.
    pub min_seconds_per_item: f64,
    /// Share (0-1) of too-fast answers that raises the flag.
    pub max_fast_share: f64,
}

/// One verdict and the conditions it needs.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictRule {
    /// Identifier, e.g. `ready`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the verdict means for the candidate.
    pub summary: String,
    /// Skills readiness (0-100) needed.
    #[serde(default)]
    pub min_readiness: f64,
    /// Most prerequisites allowed to be unmet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unmet: Option<usize>,
    /// Most prerequisites allowed to be partial or unmet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_not_met: Option<usize>,
    /// Most skills allowed below target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_skill_gaps: Option<usize>,
}

/// A skill the quiz measures.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// Identifier (kebab-case).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Group id.
    pub group: String,
    /// One paragraph: what the skill is and what good looks like.
    pub description: String,
    /// Weight in readiness and gap priority.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Target score (0-100) per track id.
    pub targets: BTreeMap<String, f64>,
    /// Next steps per band id, for bands that can lie below a target.
    pub next_steps: BTreeMap<String, Vec<String>>,
    /// Minimum meaningful change between runs, in points; computed from the number of
    /// evidence items when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_change: Option<f64>,
}

/// The name of the form an ordinary run draws (a key of the bank's `forms`).
pub const STANDARD_FORM: &str = "standard";
/// The name of the short form `--quick` draws.
pub const QUICK_FORM: &str = "quick";

/// The kind of a skill question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Behaviourally anchored 5-level self-rating; never averaged into evidence.
    SelfRating,
    /// Situational judgement: every option has a score.
    Scenario,
    /// One correct option.
    Knowledge,
    /// Select all that apply; partial credit, wrong picks cost.
    Multi,
}

impl QuestionType {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfRating => "self_rating",
            Self::Scenario => "scenario",
            Self::Knowledge => "knowledge",
            Self::Multi => "multi",
        }
    }

    /// Whether answers of this type count as evidence (everything but self-ratings).
    pub fn is_evidence(self) -> bool {
        self != Self::SelfRating
    }
}

/// A skill question.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique in the bank; a public contract for answers files.
    pub id: String,
    /// Skill id.
    pub skill: String,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Blueprint topic within the skill (e.g. `launch-readiness`), for coverage checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The question text.
    pub prompt: String,
    /// Tracks this question is asked in; empty means every track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    /// Weight within the skill's evidence score.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// The five behaviour anchors of a self-rating, level 1 first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Options of scenario, knowledge and multi questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<QuestionOption>,
    /// What the candidate should learn from the item (knowledge and multi).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl Question {
    /// Whether the question is asked in `track`.
    pub fn in_track(&self, track: &str) -> bool {
        self.tracks.is_empty() || self.tracks.iter().any(|t| t == track)
    }

    /// The option with id `id`.
    pub fn option(&self, id: &str) -> Option<&QuestionOption> {
        self.options.iter().find(|o| o.id == id)
    }
}

/// An option of a skill question.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    /// Identifier within the question (e.g. `a`); a public contract for answers files.
    pub id: String,
    /// The option text.
    pub text: String,
    /// Score in [0, 1] (scenario options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Whether the option is correct (knowledge and multi options).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub correct: bool,
    /// Why this option is or is not a good answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// A prerequisite status.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The prerequisite is met.
    Met,
    /// Partly met.
    Partial,
    /// Not met.
    Unmet,
    /// Not met as asked, but offset by something the bank accepts instead (e.g. years of
    /// related experience in place of a degree); counted as met by the verdict rules.
    Offset,
}

impl Status {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Partial => "partial",
            Self::Unmet => "unmet",
            Self::Offset => "offset",
        }
    }

    /// Whether the verdict rules count this status as met.
    pub fn counts_as_met(self) -> bool {
        matches!(self, Self::Met | Self::Offset)
    }
}

/// A readiness rubric criterion (a prerequisite such as a degree).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Why it matters.
    pub description: String,
    /// Questions that feed the rules.
    pub questions: Vec<RubricQuestion>,
    /// Rules, first match wins.
    pub rules: Vec<Rule>,
    /// Outcome when no rule matches.
    pub otherwise: Outcome,
    /// Gap priority (points comparable to a skill gap) per non-met status.
    pub priority: BTreeMap<Status, f64>,
    /// Next steps per non-met status.
    pub next_steps: BTreeMap<Status, Vec<String>>,
}

/// The kind of a rubric question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RubricQuestionType {
    /// Pick one option.
    Choice,
    /// Pick any number of options.
    Choices,
    /// A number within `min`..=`max`.
    Number,
    /// Yes or no.
    Boolean,
}

impl RubricQuestionType {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Choice => "choice",
            Self::Choices => "choices",
            Self::Number => "number",
            Self::Boolean => "boolean",
        }
    }
}

/// A rubric question.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricQuestion {
    /// Identifier, unique in the bank.
    pub id: String,
    /// The question text.
    pub prompt: String,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: RubricQuestionType,
    /// Options of choice questions (no scores: rules decide).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<PlainOption>,
    /// Smallest accepted number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest accepted number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Unit shown after a number, e.g. `years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Ask only when this condition holds on earlier answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_if: Option<Condition>,
}

/// An option without a score.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlainOption {
    /// Identifier within the question.
    pub id: String,
    /// The option text.
    pub text: String,
    /// `choices` questions: this option ("None of these") cannot be picked together with
    /// any other option.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

/// A rubric rule: when every condition holds (and the track matches), the criterion gets `status`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Resulting status.
    pub status: Status,
    /// Sentence explaining the outcome to the candidate.
    pub detail: String,
    /// Tracks the rule applies to; empty means every track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    /// Conditions that must all hold.
    pub when: Vec<Condition>,
}

/// The fallback outcome of a criterion.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Resulting status.
    pub status: Status,
    /// Sentence explaining the outcome.
    pub detail: String,
}

/// A test on one rubric answer; every test given must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Rubric question id.
    pub question: String,
    /// Choice: the answer is one of these. Choices: at least one pick is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<String>>,
    /// Choices: at least this many picks (counting only `any_of` when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_picks: Option<usize>,
    /// Number: at least this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// Number: below this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// Boolean: equals this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
}
