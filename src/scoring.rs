//! Scoring: item scores, chance levels, chance-corrected skill scores with 90% intervals,
//! calibration, groups, readiness, the guessing test, verdict and gaps.
//!
//! Pure functions of the bank, the plan and the answers. Self-ratings are reported beside
//! the evidence score and never averaged into it: self-ratings track measured performance
//! only loosely (r ≈ .3 in Mabe & West 1982). README's "How scoring works" explains the
//! model in plain words with a worked example.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::bank::{Bank, Question, QuestionType, Status};
use crate::quality::QualityFlag;
use crate::question::QuestionRef;
use crate::rubric;
use crate::session::Plan;
use crate::words::plural;

/// The normal quantile for a two-sided 90% interval (and a one-sided 95% test).
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// Rounds to one decimal, so reports show stable, readable figures.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Chance level of an evidence item (Moodle's "random guess score"): the exact expected
/// score, in [0, 1], of a respondent who picks uniformly at random among the allowed
/// answers. `None` for self-ratings, which are not evidence. Each kind says how
/// ([`crate::question::Kind::chance`]).
pub fn chance_level(q: &Question) -> Option<f64> {
    QuestionRef::Skill(q).chance()
}

/// One evidence item as scoring sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemEvidence {
    /// Item score in [0, 1].
    pub score: f64,
    /// Chance level in [0, 1].
    pub chance: f64,
    /// Question weight times its type weight.
    pub weight: f64,
}

/// A weighted mean of item scores with its chance level and 90% interval, all in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Weighted mean item score.
    pub raw: f64,
    /// Weighted mean chance level.
    pub chance: f64,
    /// Lower end of the 90% interval of `raw`.
    pub low: f64,
    /// Upper end of the 90% interval of `raw`.
    pub high: f64,
    /// Kish's effective number of items, (Σw)² / Σw².
    pub effective_items: f64,
}

impl Estimate {
    /// Estimates from evidence items; `None` when there are none (or no weight).
    ///
    /// The interval is Wilson's score interval at 90% on the effective number of items,
    /// with the item variance taken at its largest possible value for a score in [0, 1]
    /// with this mean, `raw·(1 − raw)`. With 3-8 items per skill a sample variance is too
    /// unstable (it is zero when every answer scored the same), so this bound errs on the
    /// wide side: the interval may be too wide, never too narrow, and never empty.
    pub fn from_items(items: &[ItemEvidence]) -> Option<Self> {
        let total: f64 = items.iter().map(|i| i.weight).sum();
        let squares: f64 = items.iter().map(|i| i.weight * i.weight).sum();
        if total <= 0.0 || squares <= 0.0 {
            return None;
        }
        let raw = items.iter().map(|i| i.score * i.weight).sum::<f64>() / total;
        let chance = items.iter().map(|i| i.chance * i.weight).sum::<f64>() / total;
        let n = total * total / squares;
        let (low, high) = wilson(raw, n, Z90);
        Some(Self {
            raw,
            chance,
            low,
            high,
            effective_items: n,
        })
    }

    /// `x` on the chance-corrected scale, 0-100: 100·(x − chance)/(1 − chance), floored at
    /// 0, so guessing scores about 0 and a perfect answer sheet 100.
    pub fn corrected(&self, x: f64) -> f64 {
        if self.chance >= 1.0 {
            return 0.0;
        }
        (100.0 * (x - self.chance) / (1.0 - self.chance)).clamp(0.0, 100.0)
    }

    /// Whether the evidence is not clearly above chance: the one-sided 95% lower bound of
    /// the raw score (the lower end of the 90% interval) does not exceed the chance level.
    pub fn near_chance(&self) -> bool {
        self.low <= self.chance
    }
}

/// Wilson's score interval for a proportion `p` observed over `n` trials.
pub fn wilson(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Score of one answered skill question, in [0, 1] (a self-rating's level on the same
/// scale: level 1 is 0, level 5 is 1).
pub fn item_score(q: &Question, answer: &Answer) -> f64 {
    QuestionRef::Skill(q).score(answer).unwrap_or(0.0)
}

/// Whether self-rating and evidence agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationStatus {
    /// The chosen level is clearly above what the evidence shows.
    Over,
    /// The chosen level is clearly below what the evidence shows.
    Under,
    /// Consistent within the threshold and the measurement error.
    Aligned,
    /// One of the two is missing.
    Unknown,
}

/// Self-rating checked against evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Calibration {
    /// Over, under, aligned or unknown.
    pub status: CalibrationStatus,
    /// Points between the corrected score and the score range of the chosen level:
    /// positive when the level is above the evidence, negative when below, 0 inside.
    /// (Version 1 reports: self-rating minus evidence score.)
    pub difference: Option<f64>,
    /// The level chosen, 1-5 (the mean of the skill's self-ratings, rounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// The level whose score range holds the corrected score (the bank's `level_cuts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_level: Option<u8>,
    /// A sentence for the candidate.
    pub note: String,
}

/// The result for one skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkillResult {
    /// Skill id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Group id.
    pub group: String,
    /// Weighted mean item score, 0-100, before the chance correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<f64>,
    /// What guessing would score on the same items, 0-100 (weighted mean chance level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chance: Option<f64>,
    /// Chance-corrected evidence score 0-100: 100·(raw − chance)/(100 − chance), floored
    /// at 0. (Version 1 reports: the uncorrected weighted mean.)
    pub score: Option<f64>,
    /// 90% interval of `score`, `[low, high]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    /// Band id of the score.
    pub band: Option<String>,
    /// Band display name.
    pub band_name: Option<String>,
    /// Target for the track.
    pub target: f64,
    /// Target minus score when positive, else 0.
    pub gap: f64,
    /// Self-rating 0-100 (level 1 = 0, level 5 = 100), reported beside the score, never
    /// mixed into it.
    pub self_rating: Option<f64>,
    /// Self-rating checked against evidence.
    pub calibration: Calibration,
    /// Number of evidence items answered.
    pub evidence_items: usize,
    /// Skill weight from the bank.
    pub weight: f64,
    /// Smallest change between runs that counts as real, in points (measurement noise).
    #[serde(default)]
    pub min_change: f64,
    /// True when not measured in this run but carried over from an earlier report.
    #[serde(default, skip_serializing_if = "is_false")]
    pub carried: bool,
}

impl SkillResult {
    /// Half the width of the 90% interval, in points; 0 when unknown.
    pub fn half_width(&self) -> f64 {
        self.interval.map_or(0.0, |[lo, hi]| (hi - lo) / 2.0)
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// The result for one group of skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupResult {
    /// Group id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Weighted mean of the group's skill scores.
    pub score: Option<f64>,
    /// Weighted mean of the group's targets.
    pub target: f64,
    /// Smallest change between runs that counts as real, in points.
    #[serde(default)]
    pub min_change: f64,
}

/// The result for one rubric criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriterionResult {
    /// Criterion id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Met, partial, unmet or offset.
    pub status: Status,
    /// Why.
    pub detail: String,
    /// Next steps when not met.
    pub next_steps: Vec<String>,
    /// True when not asked in this run but carried over from an earlier report.
    #[serde(default, skip_serializing_if = "is_false")]
    pub carried: bool,
}

/// Overall readiness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Readiness {
    /// Skills readiness 0-100: how much of the targets the scores reach, weighted.
    pub score: f64,
    /// 90% interval of `score`, `[low, high]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<[f64; 2]>,
    /// Verdict id.
    pub verdict: String,
    /// Verdict display name.
    pub verdict_name: String,
    /// What the verdict means.
    pub summary: String,
    /// Which part holds the candidate back, or why the verdict holds.
    pub reason: String,
    /// Smallest change of `score` between runs that counts as real, in points.
    #[serde(default)]
    pub min_change: f64,
}

/// What a gap is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// A skill below target.
    Skill,
    /// A prerequisite not met.
    Prerequisite,
}

/// A gap with its next steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Gap {
    /// Skill or prerequisite.
    pub kind: GapKind,
    /// Skill or criterion id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Gap size times weight (skills) or the bank's priority (prerequisites); higher first.
    pub priority: f64,
    /// Prerequisites only: partial or unmet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// One line saying how big the gap is.
    pub detail: String,
    /// What to do next.
    pub next_steps: Vec<String>,
}

/// Everything scoring produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Per skill, in plan order.
    pub skills: Vec<SkillResult>,
    /// Per group with measured skills.
    pub groups: Vec<GroupResult>,
    /// Per criterion.
    pub rubric: Vec<CriterionResult>,
    /// Readiness and verdict.
    pub readiness: Readiness,
    /// Gaps, highest priority first.
    pub gaps: Vec<Gap>,
    /// All evidence of the run taken together (the guessing test), when there was any.
    pub evidence: Option<Estimate>,
    /// `near_chance` when the evidence as a whole is not clearly above guessing.
    pub quality: Vec<QualityFlag>,
}

fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = pairs.fold((0.0, 0.0), |(s, w), (x, wx)| (s + x * wx, w + wx));
    (weights > 0.0).then(|| sum / weights)
}

/// The evidence of one answered question: its score, chance level and weight.
pub fn item_evidence(bank: &Bank, q: &Question, answer: &Answer) -> Option<ItemEvidence> {
    Some(ItemEvidence {
        score: item_score(q, answer),
        chance: chance_level(q)?,
        weight: q.weight * bank.meta.type_weights.of(q.kind),
    })
}

/// The quality flag raised when the evidence as a whole is not clearly above chance.
pub fn near_chance_flag(evidence: &Estimate) -> QualityFlag {
    QualityFlag {
        id: crate::quality::FlagId::NearChance,
        message: format!(
            "Your answers score about what guessing would: {:.0} against a chance level of {:.0} (90% range {:.0}–{:.0}). The result cannot tell your readiness apart from luck.",
            100.0 * evidence.raw,
            100.0 * evidence.chance,
            100.0 * evidence.low,
            100.0 * evidence.high
        ),
    }
}

/// Scores a set of answers.
pub fn score(bank: &Bank, plan: &Plan, answers: &HashMap<String, Answer>) -> Scores {
    let mut evidence: HashMap<&str, Vec<ItemEvidence>> = HashMap::new();
    let mut levels: HashMap<&str, Vec<u8>> = HashMap::new();
    for planned in &plan.items {
        let Some(q) = planned.question.skill_question() else {
            continue;
        };
        let Some(answer) = answers.get(&q.id) else {
            continue;
        };
        match (q.kind, answer) {
            (QuestionType::SelfRating, Answer::Level(l)) => {
                levels.entry(&q.skill).or_default().push(*l);
            }
            _ => {
                if let Some(item) = item_evidence(bank, q, answer) {
                    evidence.entry(&q.skill).or_default().push(item);
                }
            }
        }
    }

    let skills: Vec<SkillResult> = plan
        .skills
        .iter()
        .map(|&skill| {
            let items = evidence
                .get(skill.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let target = skill.targets.get(&plan.track).copied().unwrap_or(0.0);
            let estimate = Estimate::from_items(items);
            let score = estimate.map(|e| round1(e.corrected(e.raw)));
            let interval =
                estimate.map(|e| [round1(e.corrected(e.low)), round1(e.corrected(e.high))]);
            let chosen = levels.get(skill.id.as_str());
            let self_rating = chosen.map(|ls| {
                round1(
                    100.0
                        * ls.iter()
                            .map(|&l| f64::from(l.clamp(1, 5) - 1))
                            .sum::<f64>()
                        / (4.0 * ls.len() as f64),
                )
            });
            let level = chosen.map(|ls| {
                let mean = ls.iter().map(|&l| f64::from(l)).sum::<f64>() / ls.len() as f64;
                mean.round().clamp(1.0, 5.0) as u8
            });
            let band = score.map(|s| bank.band_for(s));
            SkillResult {
                id: skill.id.clone(),
                name: skill.name.clone(),
                group: skill.group.clone(),
                raw: estimate.map(|e| round1(100.0 * e.raw)),
                chance: estimate.map(|e| round1(100.0 * e.chance)),
                score,
                interval,
                band: band.map(|b| b.id.clone()),
                band_name: band.map(|b| b.name.clone()),
                target,
                gap: score.map_or(0.0, |s| round1((target - s).max(0.0))),
                self_rating,
                calibration: calibrate(bank, level, score, interval),
                evidence_items: items.len(),
                weight: skill.weight,
                min_change: skill
                    .min_change
                    .unwrap_or_else(|| bank.meta.change.min_change(items.len())),
                carried: false,
            }
        })
        .collect();

    let rubric: Vec<CriterionResult> = plan
        .criteria
        .iter()
        .map(|c| {
            let resolution = rubric::resolve(c, &plan.track, answers);
            CriterionResult {
                id: c.id.clone(),
                name: c.name.clone(),
                status: resolution.status,
                detail: resolution.detail,
                next_steps: c
                    .next_steps
                    .get(&resolution.status)
                    .cloned()
                    .unwrap_or_default(),
                carried: false,
            }
        })
        .collect();

    let all: Vec<ItemEvidence> = evidence.into_values().flatten().collect();
    let overall = Estimate::from_items(&all);
    let quality: Vec<QualityFlag> = overall
        .filter(Estimate::near_chance)
        .map(|e| near_chance_flag(&e))
        .into_iter()
        .collect();
    let mut scores = Scores::combine(bank, skills, rubric, !quality.is_empty());
    scores.evidence = overall;
    scores.quality = quality;
    scores
}

impl Scores {
    /// Derives groups, readiness, verdict and gaps from skill and prerequisite results
    /// (also used when a focused run carries results over from an earlier report).
    /// `near_chance` forces the lowest verdict (the guessing test failed).
    pub fn combine(
        bank: &Bank,
        skills: Vec<SkillResult>,
        rubric: Vec<CriterionResult>,
        near_chance: bool,
    ) -> Self {
        let groups = group_results(bank, &skills);
        let (score, interval) = readiness(&skills);
        let mut readiness_result = verdict(bank, score, interval, &skills, &rubric, near_chance);
        readiness_result.min_change = bank
            .meta
            .change
            .min_change(skills.iter().map(|s| s.evidence_items).sum());
        let gaps = gaps(bank, &skills, &rubric);
        Self {
            skills,
            groups,
            rubric,
            readiness: readiness_result,
            gaps,
            evidence: None,
            quality: Vec::new(),
        }
    }
}

/// Group scores: weighted means of the measured skills of each group.
fn group_results(bank: &Bank, skills: &[SkillResult]) -> Vec<GroupResult> {
    bank.meta
        .groups
        .iter()
        .filter_map(|g| {
            let members: Vec<&SkillResult> = skills.iter().filter(|s| s.group == g.id).collect();
            if members.is_empty() {
                return None;
            }
            Some(GroupResult {
                id: g.id.clone(),
                name: g.name.clone(),
                score: weighted_mean(
                    members
                        .iter()
                        .filter_map(|s| s.score.map(|x| (x, s.weight))),
                )
                .map(round1),
                target: round1(
                    weighted_mean(members.iter().map(|s| (s.target, s.weight))).unwrap_or(0.0),
                ),
                min_change: bank
                    .meta
                    .change
                    .min_change(members.iter().map(|s| s.evidence_items).sum()),
            })
        })
        .collect()
}

/// Skills readiness: the weighted share of the targets that the scores reach, 0-100,
/// with its 90% interval. A skill above target counts as exactly at target, so strength
/// in one skill cannot hide a gap in another.
///
/// The interval propagates each skill's error: a skill's standard error is its capped
/// interval width (both ends capped at the target) over 2·z, the skills are independent
/// samples of items, so the errors add in quadrature with the readiness weights.
/// Skills without an interval (carried from a version 1 report) add no error.
pub fn readiness(skills: &[SkillResult]) -> (f64, Option<[f64; 2]>) {
    let scored = skills.iter().filter(|s| s.target > 0.0);
    let (mut reached, mut wanted, mut variance) = (0.0, 0.0, 0.0);
    for s in scored {
        reached += s.weight * s.score.unwrap_or(0.0).min(s.target);
        wanted += s.weight * s.target;
        if let Some([lo, hi]) = s.interval {
            let se = (hi.min(s.target) - lo.min(s.target)) / (2.0 * Z90);
            variance += (s.weight * se).powi(2);
        }
    }
    if wanted <= 0.0 {
        return (100.0, Some([100.0, 100.0]));
    }
    let score = 100.0 * reached / wanted;
    let half = Z90 * 100.0 * variance.sqrt() / wanted;
    (
        round1(score),
        Some([
            round1((score - half).max(0.0)),
            round1((score + half).min(100.0)),
        ]),
    )
}

/// The level (1-5) whose score range holds `score`, by the bank's cut points.
fn level_of(cuts: &[f64], score: f64) -> u8 {
    1 + cuts.iter().filter(|&&c| score >= c).count() as u8
}

/// The score range `[low, high)` that level `level` (1-5) stands for.
fn level_range(cuts: &[f64], level: u8) -> (f64, f64) {
    let i = usize::from(level.clamp(1, 5)) - 1;
    let low = if i == 0 { 0.0 } else { cuts[i - 1] };
    let high = cuts.get(i).copied().unwrap_or(100.0);
    (low, high)
}

fn calibrate(
    bank: &Bank,
    level: Option<u8>,
    score: Option<f64>,
    interval: Option<[f64; 2]>,
) -> Calibration {
    let (Some(level), Some(score)) = (level, score) else {
        return Calibration {
            status: CalibrationStatus::Unknown,
            difference: None,
            level,
            evidence_level: None,
            note: "Not enough answers to compare your self-rating with the evidence.".into(),
        };
    };
    let cuts = &bank.meta.level_cuts;
    let threshold = bank.meta.calibration_threshold;
    let half_width = interval.map_or(0.0, |[lo, hi]| (hi - lo) / 2.0);
    let evidence_level = level_of(cuts, score);
    let (low, high) = level_range(cuts, level);
    let difference = round1(if score < low {
        low - score
    } else if score > high {
        high - score
    } else {
        0.0
    });
    // A gap counts only when it exceeds both the bank's threshold and the measurement
    // error, so a few unlucky answers cannot call a candidate over-rated.
    let clear = |gap: f64| gap > threshold && gap > half_width;
    let range = interval.map_or_else(String::new, |[lo, hi]| format!(" ({lo:.0}–{hi:.0})"));
    let (status, note) = if clear(difference) {
        (
            CalibrationStatus::Over,
            format!(
                "You chose level {level} of 5, but your answers scored {score:.0}{range}, which fits level {evidence_level} on this bank's scale (level {level} starts at {low:.0}). Compare your answers with the feedback, and ask a mentor where your view of this skill differs from what you would do."
            ),
        )
    } else if clear(-difference) {
        (
            CalibrationStatus::Under,
            format!(
                "You chose level {level} of 5, but your answers scored {score:.0}{range}, which fits level {evidence_level} on this bank's scale. You may be underselling yourself here; gather examples that show this skill."
            ),
        )
    } else {
        (
            CalibrationStatus::Aligned,
            format!(
                "You chose level {level} of 5, and your answers scored {score:.0}{range}: consistent with that level within measurement error."
            ),
        )
    };
    Calibration {
        status,
        difference: Some(difference),
        level: Some(level),
        evidence_level: Some(evidence_level),
        note,
    }
}

fn verdict(
    bank: &Bank,
    score: f64,
    interval: Option<[f64; 2]>,
    skills: &[SkillResult],
    rubric: &[CriterionResult],
    near_chance: bool,
) -> Readiness {
    let unmet: Vec<&str> = rubric
        .iter()
        .filter(|c| c.status == Status::Unmet)
        .map(|c| c.name.as_str())
        .collect();
    let not_met = rubric.iter().filter(|c| !c.status.counts_as_met()).count();
    let below: Vec<&str> = skills
        .iter()
        .filter(|s| s.gap > 0.0)
        .map(|s| s.name.as_str())
        .collect();
    // Conditions other than readiness that `rule` needs and the candidate misses.
    let other_failures = |rule: &crate::bank::VerdictRule| -> Vec<String> {
        let mut out = Vec::new();
        if let Some(max) = rule.max_unmet.filter(|&m| unmet.len() > m) {
            out.push(format!(
                "{} unmet ({}; at most {max} allowed)",
                plural(unmet.len(), "prerequisite is", "prerequisites are"),
                unmet.join(", ")
            ));
        }
        if let Some(max) = rule.max_not_met.filter(|&m| not_met > m) {
            out.push(format!(
                "{} not fully met (at most {max} allowed)",
                plural(not_met, "prerequisite is", "prerequisites are")
            ));
        }
        if let Some(max) = rule.max_skill_gaps.filter(|&m| below.len() > m) {
            out.push(format!(
                "{} below target ({}; at most {max} allowed)",
                plural(below.len(), "skill is", "skills are"),
                below.join(", ")
            ));
        }
        out
    };
    let failures = |rule: &crate::bank::VerdictRule| -> Vec<String> {
        let mut out = Vec::new();
        if score < rule.min_readiness {
            out.push(format!(
                "skills readiness {score:.0} is below the {:.0} it needs",
                rule.min_readiness
            ));
        }
        out.extend(other_failures(rule));
        out
    };
    let verdicts = &bank.meta.verdicts;
    let last = verdicts.len() - 1;
    let index = if near_chance {
        last
    } else {
        verdicts
            .iter()
            .position(|v| failures(v).is_empty())
            .unwrap_or(last)
    };
    let rule = &verdicts[index];
    let range = interval.map_or_else(String::new, |[lo, hi]| {
        format!(" (90% range {lo:.0}–{hi:.0})")
    });
    let reason = if near_chance {
        format!(
            "{}: your answers score about what guessing would, so this check cannot measure your readiness. Retake it when you can give each question your full attention.",
            rule.name
        )
    } else {
        let body = if index == 0 {
            format!(
                "Skills readiness {score:.0}{range} reaches the {:.0} needed, and no prerequisite holds you back.",
                rule.min_readiness
            )
        } else {
            let above = &verdicts[index - 1];
            format!(
                "What keeps you from {}: {}.",
                above.name,
                failures(above).join("; ")
            )
        };
        // Verdicts the readiness interval reaches into, on readiness alone.
        let mut near = Vec::new();
        if let Some([lo, hi]) = interval {
            if index < last && lo < rule.min_readiness {
                if let Some(lower) = verdicts[index + 1..]
                    .iter()
                    .find(|v| v.min_readiness <= lo)
                    .or(verdicts.last())
                {
                    near.push(lower.name.as_str());
                }
            }
            if let Some(higher) = verdicts[..index]
                .iter()
                .find(|v| hi >= v.min_readiness && other_failures(v).is_empty())
            {
                near.push(higher.name.as_str());
            }
        }
        if near.is_empty() {
            body
        } else {
            format!(
                "{}, within measurement error of {}. {body}",
                rule.name,
                near.join(" and of ")
            )
        }
    };
    Readiness {
        score,
        interval,
        verdict: rule.id.clone(),
        verdict_name: rule.name.clone(),
        summary: rule.summary.clone(),
        reason,
        min_change: 0.0,
    }
}

fn gaps(bank: &Bank, skills: &[SkillResult], rubric: &[CriterionResult]) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = skills
        .iter()
        .filter(|s| s.gap > 0.0)
        .map(|s| {
            let steps = bank
                .skill(&s.id)
                .and_then(|skill| s.band.as_ref().and_then(|b| skill.next_steps.get(b)))
                .cloned()
                .unwrap_or_default();
            let range = s
                .interval
                .map_or_else(String::new, |[lo, hi]| format!(" ({lo:.0}–{hi:.0})"));
            Gap {
                kind: GapKind::Skill,
                id: s.id.clone(),
                name: s.name.clone(),
                priority: round1(s.gap * s.weight),
                status: None,
                detail: format!(
                    "scored {:.0}{range} against a target of {:.0} ({:.0} {} short)",
                    s.score.unwrap_or(0.0),
                    s.target,
                    s.gap,
                    if format!("{:.0}", s.gap) == "1" {
                        "point"
                    } else {
                        "points"
                    }
                ),
                next_steps: steps,
            }
        })
        .collect();
    for c in rubric.iter().filter(|c| !c.status.counts_as_met()) {
        let priority = bank
            .rubric
            .iter()
            .find(|k| k.id == c.id)
            .and_then(|k| k.priority.get(&c.status))
            .copied()
            .unwrap_or(0.0);
        gaps.push(Gap {
            kind: GapKind::Prerequisite,
            id: c.id.clone(),
            name: c.name.clone(),
            priority,
            status: Some(c.status),
            detail: c.detail.clone(),
            next_steps: c.next_steps.clone(),
        });
    }
    gaps.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.id.cmp(&b.id))
    });
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn bank() -> Bank {
        Bank::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap()
    }

    fn question(bank: &Bank, id: &str) -> Question {
        bank.questions.iter().find(|q| q.id == id).unwrap().clone()
    }

    fn choices(ids: &[&str]) -> Answer {
        Answer::Choices(ids.iter().map(ToString::to_string).collect())
    }

    fn answers(pairs: &[(&str, Answer)]) -> HashMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn item_scores_follow_the_rules() {
        let b = bank();
        assert_eq!(item_score(&question(&b, "talk-1"), &Answer::Level(1)), 0.0);
        assert_eq!(item_score(&question(&b, "talk-1"), &Answer::Level(4)), 0.75);
        assert_eq!(
            item_score(&question(&b, "talk-2"), &Answer::Choice("b".into())),
            0.5
        );
        assert_eq!(
            item_score(&question(&b, "talk-3"), &Answer::Choice("a".into())),
            1.0
        );
        assert_eq!(
            item_score(&question(&b, "talk-3"), &Answer::Choice("b".into())),
            0.0
        );
        let multi = question(&b, "plan-4"); // a, b, d correct
        assert_eq!(item_score(&multi, &choices(&["a", "b", "d"])), 1.0);
        assert!((item_score(&multi, &choices(&["a", "b"])) - 2.0 / 3.0).abs() < 1e-9);
        assert!((item_score(&multi, &choices(&["a", "b", "c"])) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(item_score(&multi, &choices(&["a", "c"])), 0.0);
        assert_eq!(item_score(&multi, &choices(&["c"])), 0.0, "floored at 0");
        assert_eq!(
            item_score(&multi, &choices(&["a", "b", "c", "d"])),
            2.0 / 3.0
        );
    }

    fn all_best() -> HashMap<String, Answer> {
        answers(&[
            ("talk-1", Answer::Level(3)),
            ("talk-2", Answer::Choice("a".into())),
            ("talk-3", Answer::Choice("a".into())),
            ("talk-4", choices(&["a", "b"])),
            ("plan-1", Answer::Level(5)),
            ("plan-2", Answer::Choice("b".into())),
            ("plan-3", Answer::Choice("b".into())),
            ("plan-4", choices(&["a", "b", "d"])),
            ("exp-years", Answer::Number(4.0)),
            ("mentor-kind", Answer::Choice("expert".into())),
            ("mentor-meets", Answer::Flag(true)),
        ])
    }

    fn general(b: &Bank) -> Plan<'_> {
        Plan::new(b, "general", None, None).unwrap()
    }

    fn skill<'a>(s: &'a Scores, id: &str) -> &'a SkillResult {
        s.skills.iter().find(|k| k.id == id).unwrap()
    }

    /// Every non-empty subset of a multi item's options, scored one by one: an oracle for
    /// the counting formula in `chance_level`.
    fn brute_force_multi_chance(q: &Question) -> f64 {
        let n = q.options.len();
        let subsets = (1u32..(1 << n)).map(|mask| {
            let ids: Vec<&str> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| q.options[i].id.as_str())
                .collect();
            item_score(q, &choices(&ids))
        });
        let scores: Vec<f64> = subsets.collect();
        scores.iter().sum::<f64>() / scores.len() as f64
    }

    #[test]
    fn chance_level_is_the_expected_score_of_a_uniform_guess() {
        let b = bank();
        // talk-2 option scores 1, 0.5, 0: mean 0.5.
        assert_eq!(chance_level(&question(&b, "talk-2")), Some(0.5));
        // talk-3: one correct of three.
        assert_eq!(chance_level(&question(&b, "talk-3")), Some(1.0 / 3.0));
        assert_eq!(chance_level(&question(&b, "talk-1")), None, "self-rating");
        // talk-4: 2 right, 2 wrong, 15 subsets; score max(0, r - w)/2 is non-zero for
        // {1 right}: 2 subsets x 0.5, {2 right}: 1 x 1, {2 right, 1 wrong}: 2 x 0.5
        // = 3 / 15 = 0.2.
        let talk4 = question(&b, "talk-4");
        assert!((chance_level(&talk4).unwrap() - 0.2).abs() < 1e-12);
        assert!((brute_force_multi_chance(&talk4) - 0.2).abs() < 1e-12);
        // plan-4: 3 right, 1 wrong: 3x(1/3) + 3x(2/3) + 1x1 + 3x(1/3) + 1x(2/3) = 17/3,
        // over 15 subsets = 17/45.
        let plan4 = question(&b, "plan-4");
        assert!((chance_level(&plan4).unwrap() - 17.0 / 45.0).abs() < 1e-12);
        assert!((brute_force_multi_chance(&plan4) - 17.0 / 45.0).abs() < 1e-12);
    }

    #[test]
    fn chance_level_of_larger_multi_items_matches_enumeration() {
        let mut q = question(&bank(), "plan-4");
        for (right, wrong) in [(1, 5), (2, 4), (3, 3), (5, 1), (6, 0)] {
            q.options = (0..right + wrong)
                .map(|i| crate::bank::QuestionOption {
                    id: format!("o{i}"),
                    text: String::new(),
                    score: None,
                    correct: i < right,
                    feedback: None,
                })
                .collect();
            let exact = chance_level(&q).unwrap();
            assert!(
                (exact - brute_force_multi_chance(&q)).abs() < 1e-12,
                "{right} right, {wrong} wrong"
            );
        }
    }

    #[test]
    fn the_effective_number_of_items_follows_the_weights() {
        let item = |score: f64, weight: f64| ItemEvidence {
            score,
            chance: 0.25,
            weight,
        };
        // Weights 2 and 1: (2 + 1)² / (4 + 1) = 1.8 effective items; raw (2·1 + 0)/3.
        let e = Estimate::from_items(&[item(1.0, 2.0), item(0.0, 1.0)]).unwrap();
        assert!(
            (e.effective_items - 1.8).abs() < 1e-12,
            "{}",
            e.effective_items
        );
        assert!((e.raw - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!((e.low, e.high), wilson(2.0 / 3.0, 1.8, Z90));
        assert!(Estimate::from_items(&[]).is_none());
        assert!(
            Estimate::from_items(&[item(1.0, 0.0)]).is_none(),
            "no weight"
        );
        // A question without options has no chance level (and validation refuses it).
        let mut empty = question(&bank(), "talk-2");
        empty.options.clear();
        assert_eq!(chance_level(&empty), None);
        empty.kind = QuestionType::Knowledge;
        assert_eq!(chance_level(&empty), None);
    }

    #[test]
    fn wilson_interval_matches_a_hand_computation() {
        // p = 1, n = 3, z = 1.6449: z² = 2.7055; denominator 1 + z²/3 = 1.9018;
        // centre (1 + z²/6) / 1.9018 = 0.76291; half 1.6449/1.9018 · √(z²/36) = 0.23710.
        let (lo, hi) = wilson(1.0, 3.0, Z90);
        assert!((lo - 0.525_81).abs() < 1e-4, "{lo}");
        assert_eq!(hi, 1.0);
        // p = 0.5, n = 100: about 0.5 ± 1.645·0.05 = [0.4180, 0.5820].
        let (lo, hi) = wilson(0.5, 100.0, Z90);
        assert!(
            (lo - 0.4182).abs() < 1e-3 && (hi - 0.5818).abs() < 1e-3,
            "{lo} {hi}"
        );
    }

    #[test]
    fn perfect_answers_score_100_with_an_honest_interval() {
        let b = bank();
        let s = score(&b, &general(&b), &all_best());
        let talk = skill(&s, "talk");
        // raw 100; chance (0.5 + 1/3 + 0.2)/3 = 34.4; corrected 100.
        assert_eq!(talk.raw, Some(100.0));
        assert_eq!(talk.chance, Some(34.4));
        assert_eq!(talk.score, Some(100.0));
        // Wilson low 0.52581 on 3 items → (0.52581 − 0.34444)/0.65556 = 27.7.
        assert_eq!(talk.interval, Some([27.7, 100.0]));
        assert_eq!(s.readiness.score, 100.0);
        assert_eq!(s.readiness.verdict, "ready");
        assert!(s.gaps.is_empty(), "{:?}", s.gaps);
        assert!(s.quality.is_empty());
    }

    #[test]
    fn skill_scores_are_corrected_for_chance() {
        let b = bank();
        let mut a = all_best();
        a.insert("talk-2".into(), Answer::Choice("b".into())); // 0.5
        a.insert("plan-2".into(), Answer::Choice("c".into())); // 0.3
        a.insert("plan-3".into(), Answer::Choice("a".into())); // 0
        let s = score(&b, &general(&b), &a);
        // talk: raw (0.5 + 1 + 1)/3 = 83.3; chance 34.4;
        // corrected 100·(0.8333 − 0.3444)/(1 − 0.3444) = 74.6.
        let talk = skill(&s, "talk");
        assert_eq!((talk.raw, talk.score), (Some(83.3), Some(74.6)));
        // plan: raw (0.3 + 0 + 1)/3 = 43.3; chance (1.3/3 + 1/3 + 17/45)/3 = 38.1;
        // corrected 100·(0.4333 − 0.3815)/(0.6185) = 8.4.
        let plan = skill(&s, "plan");
        assert_eq!(
            (plan.raw, plan.chance, plan.score),
            (Some(43.3), Some(38.1), Some(8.4))
        );
        // The interval holds the score: plan [0, 68.9].
        assert_eq!(plan.interval, Some([0.0, 68.9]));
    }

    #[test]
    fn scores_below_chance_are_floored_at_zero() {
        let b = bank();
        let mut a = all_best();
        a.insert("plan-2".into(), Answer::Choice("a".into())); // 0
        a.insert("plan-3".into(), Answer::Choice("a".into())); // 0
        a.insert("plan-4".into(), choices(&["c"])); // 0
        let s = score(&b, &general(&b), &a);
        assert_eq!(skill(&s, "plan").raw, Some(0.0));
        assert_eq!(skill(&s, "plan").score, Some(0.0));
        assert_eq!(skill(&s, "plan").interval.unwrap()[0], 0.0);
    }

    #[test]
    fn question_and_type_weights_change_the_skill_score() {
        let mut b = bank();
        let mut a = all_best();
        a.insert("talk-2".into(), Answer::Choice("c".into())); // 0, chance 0.5
        let unweighted = skill(&score(&b, &general(&b), &a), "talk").raw;
        // Equal weights: raw (0 + 1 + 1)/3 = 66.7.
        assert_eq!(unweighted, Some(66.7));
        // Question weight 2 on talk-2: raw (0·2 + 1 + 1)/4 = 50.
        b.questions
            .iter_mut()
            .find(|q| q.id == "talk-2")
            .unwrap()
            .weight = 2.0;
        assert_eq!(skill(&score(&b, &general(&b), &a), "talk").raw, Some(50.0));
        // And type weights knowledge 0.5, multi 0.5: (0·2 + 0.5 + 0.5)/(2 + 1) = 33.3.
        b.meta.type_weights.knowledge = 0.5;
        b.meta.type_weights.multi = 0.5;
        let s = score(&b, &general(&b), &a);
        assert_eq!(skill(&s, "talk").raw, Some(33.3));
        // chance (0.5·2 + 1/3·0.5 + 0.2·0.5)/3 = 42.2
        assert_eq!(skill(&s, "talk").chance, Some(42.2));
    }

    #[test]
    fn self_rating_stays_out_of_the_skill_score() {
        let b = bank();
        let plan = general(&b);
        let mut a = all_best();
        let before = score(&b, &plan, &a);
        a.insert("talk-1".into(), Answer::Level(1));
        let after = score(&b, &plan, &a);
        assert_eq!(before.skills[0].score, after.skills[0].score);
        assert_eq!(before.skills[0].self_rating, Some(50.0));
        assert_eq!(before.skills[0].calibration.level, Some(3));
        assert_eq!(after.skills[0].self_rating, Some(0.0));
        assert_eq!(after.skills[0].calibration.level, Some(1));
    }

    fn estimate(low: f64, chance: f64) -> Estimate {
        Estimate {
            raw: 0.5,
            chance,
            low,
            high: 0.9,
            effective_items: 10.0,
        }
    }

    #[test]
    fn near_chance_fires_when_the_lower_bound_reaches_chance() {
        assert!(estimate(0.30, 0.30).near_chance(), "at chance");
        assert!(estimate(0.29, 0.30).near_chance(), "below");
        assert!(!estimate(0.301, 0.30).near_chance(), "just above");
    }

    #[test]
    fn guessing_gets_the_lowest_verdict_and_says_why() {
        let b = bank();
        let mut a = all_best();
        // Every evidence item at its worst: raw 0, far below chance.
        for (id, answer) in [
            ("talk-2", Answer::Choice("c".into())),
            ("talk-3", Answer::Choice("b".into())),
            ("talk-4", choices(&["c"])),
            ("plan-2", Answer::Choice("a".into())),
            ("plan-3", Answer::Choice("a".into())),
            ("plan-4", choices(&["c"])),
        ] {
            a.insert(id.into(), answer);
        }
        let s = score(&b, &general(&b), &a);
        assert_eq!(s.quality.len(), 1);
        assert_eq!(s.quality[0].id.as_str(), "near_chance");
        assert_eq!(s.readiness.verdict, "early");
        assert!(
            s.readiness.reason.contains("about what guessing would"),
            "{}",
            s.readiness.reason
        );
        // Strong answers on the same plan are not flagged.
        assert!(score(&b, &general(&b), &all_best()).quality.is_empty());
    }

    fn result(id: &str, score: f64, target: f64, interval: [f64; 2]) -> SkillResult {
        SkillResult {
            id: id.into(),
            name: id.to_uppercase(),
            group: "soft".into(),
            raw: None,
            chance: None,
            score: Some(score),
            interval: Some(interval),
            band: None,
            band_name: None,
            target,
            gap: round1((target - score).max(0.0)),
            self_rating: None,
            calibration: calibrate(&bank(), None, None, None),
            evidence_items: 5,
            weight: 1.0,
            min_change: 0.0,
            carried: false,
        }
    }

    fn criterion(id: &str, status: Status) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            name: id.to_uppercase(),
            status,
            detail: String::new(),
            next_steps: Vec::new(),
            carried: false,
        }
    }

    #[test]
    fn readiness_exactly_at_the_minimum_gets_the_verdict() {
        let b = bank();
        // Two skills at 63 and 45 against targets 70 and 50: (63 + 45)/(70 + 50) = 90.
        let skills = vec![
            result("a", 63.0, 70.0, [62.0, 64.0]),
            result("b", 45.0, 50.0, [44.0, 46.0]),
        ];
        let met = vec![criterion("x", Status::Met)];
        let s = Scores::combine(&b, skills.clone(), met.clone(), false);
        assert_eq!(s.readiness.score, 90.0);
        assert_eq!(s.readiness.verdict, "ready");
        // One point lower on a: (62 + 45)/120 = 89.2, below 90.
        let mut lower = skills;
        lower[0] = result("a", 62.0, 70.0, [61.0, 63.0]);
        let s = Scores::combine(&b, lower, met, false);
        assert_eq!(s.readiness.verdict, "nearly");
        assert!(
            s.readiness.reason.starts_with("Nearly ready, within measurement error of Ready. What keeps you from Ready: skills readiness 89 is below the 90 it needs."),
            "{}",
            s.readiness.reason
        );
    }

    #[test]
    fn the_interval_reaches_a_lower_verdict_only_when_it_dips_below_the_minimum() {
        let b = bank();
        let skills = vec![result("a", 70.0, 70.0, [69.0, 71.0])];
        let met = vec![criterion("x", Status::Met)];
        // Ready needs 90: an interval from exactly 90 stays within Ready; from 89.9 it
        // reaches into Nearly ready.
        let at = verdict(&b, 92.0, Some([90.0, 94.0]), &skills, &met, false);
        assert_eq!(at.verdict, "ready");
        assert!(!at.reason.contains("measurement error"), "{}", at.reason);
        let below = verdict(&b, 92.0, Some([89.9, 94.0]), &skills, &met, false);
        assert_eq!(below.verdict, "ready");
        assert!(
            below
                .reason
                .starts_with("Ready, within measurement error of Nearly ready."),
            "{}",
            below.reason
        );
    }

    #[test]
    fn a_weighted_mean_needs_some_weight() {
        // (50·1 + 70·3) / (1 + 3) = 260 / 4 = 65; with no weight there is no mean (not NaN).
        assert_eq!(
            weighted_mean([(50.0, 1.0), (70.0, 3.0)].into_iter()),
            Some(65.0)
        );
        assert_eq!(weighted_mean([(50.0, 0.0), (70.0, 0.0)].into_iter()), None);
        assert_eq!(weighted_mean(std::iter::empty()), None);
    }

    #[test]
    fn half_width_is_half_the_interval_and_zero_without_one() {
        // [40, 60]: (60 - 40) / 2 = 10 points.
        let mut s = result("a", 50.0, 70.0, [40.0, 60.0]);
        assert!((s.half_width() - 10.0).abs() < 1e-12);
        s.interval = None;
        assert!(s.half_width().abs() < 1e-12);
    }

    #[test]
    fn offset_counts_as_met_and_unmet_counts_against_max_unmet() {
        let b = bank();
        let skills = vec![result("a", 70.0, 70.0, [69.0, 71.0])];
        let s = Scores::combine(
            &b,
            skills.clone(),
            vec![criterion("x", Status::Offset)],
            false,
        );
        assert_eq!(s.readiness.verdict, "ready");
        assert!(s.gaps.is_empty(), "offset is not a gap");
        let s = Scores::combine(&b, skills, vec![criterion("x", Status::Unmet)], false);
        assert_eq!(s.readiness.verdict, "nearly");
        assert!(
            s.readiness
                .reason
                .contains("1 prerequisite is unmet (X; at most 0 allowed)"),
            "{}",
            s.readiness.reason
        );
    }

    #[test]
    fn max_not_met_and_max_skill_gaps_hold_back_the_verdict() {
        let mut b = bank();
        b.meta.verdicts[0].max_not_met = Some(1);
        b.meta.verdicts[0].max_skill_gaps = Some(2);
        let at = |id: &str| result(id, 70.0, 70.0, [69.0, 71.0]);
        let below = |id: &str| result(id, 69.0, 70.0, [68.0, 70.0]);
        let one_partial = vec![criterion("x", Status::Partial), criterion("y", Status::Met)];
        let two_partial = vec![
            criterion("x", Status::Partial),
            criterion("y", Status::Partial),
        ];
        // Readiness stays ≥ 90 throughout: at most 3 points short of 70 per 10 skills.
        let mut skills: Vec<SkillResult> = (0..8).map(|i| at(&format!("s{i}"))).collect();
        skills.extend([below("g1"), below("g2")]);
        let ready = Scores::combine(&b, skills.clone(), one_partial.clone(), false);
        assert_eq!(
            ready.readiness.verdict, "ready",
            "two gaps and one partial are allowed"
        );
        let s = Scores::combine(&b, skills.clone(), two_partial, false);
        assert_eq!(s.readiness.verdict, "nearly");
        assert!(
            s.readiness
                .reason
                .contains("2 prerequisites are not fully met (at most 1 allowed)"),
            "{}",
            s.readiness.reason
        );
        skills[0] = below("g3");
        let s = Scores::combine(&b, skills, one_partial, false);
        assert_eq!(s.readiness.verdict, "nearly");
        assert!(
            s.readiness
                .reason
                .contains("3 skills are below target (G3, G1, G2; at most 2 allowed)")
                || s.readiness.reason.contains("3 skills are below target"),
            "{}",
            s.readiness.reason
        );
    }

    #[test]
    fn the_reason_names_a_verdict_within_measurement_error() {
        let b = bank();
        let met = vec![criterion("x", Status::Met)];
        // 65/70 → readiness 92.9, interval 92.9 ± 1.645·100·se/70 with se = (70 − 40)/(2·1.645)
        // = 9.12 → ± 21.4: [71.4, 100]; the low end lies in Nearly ready (60-90).
        let s = Scores::combine(
            &b,
            vec![result("a", 65.0, 70.0, [40.0, 90.0])],
            met.clone(),
            false,
        );
        assert_eq!(s.readiness.verdict, "ready");
        assert_eq!(s.readiness.interval, Some([71.4, 100.0]));
        assert!(
            s.readiness
                .reason
                .starts_with("Ready, within measurement error of Nearly ready."),
            "{}",
            s.readiness.reason
        );
        // A narrow interval: no such clause.
        let s = Scores::combine(&b, vec![result("a", 65.0, 70.0, [64.0, 66.0])], met, false);
        assert!(
            s.readiness.reason.starts_with("Skills readiness 93"),
            "{}",
            s.readiness.reason
        );
    }

    #[test]
    fn readiness_caps_each_skill_at_its_target() {
        let b = bank();
        let s = score(&b, &general(&b), &all_best());
        let mut skills = s.skills.clone();
        skills[0].score = Some(100.0);
        skills[1].score = Some(30.0);
        // (70 + 2*30) / (70 + 2*60)
        assert_eq!(readiness(&skills).0, round1(100.0 * 130.0 / 190.0));
    }

    fn calibration_of(level: u8, score: f64, interval: [f64; 2]) -> CalibrationStatus {
        // Bank `small`: threshold 25, default cuts 20/40/60/80.
        calibrate(&bank(), Some(level), Some(score), Some(interval)).status
    }

    #[test]
    fn calibration_compares_the_level_with_its_score_range() {
        // Level 5 starts at 80: a score of 55 is 25 short, exactly the threshold: aligned.
        assert_eq!(
            calibration_of(5, 55.0, [50.0, 60.0]),
            CalibrationStatus::Aligned
        );
        // 54.9 is 25.1 short, above the threshold and the half-width 5: over.
        assert_eq!(
            calibration_of(5, 54.9, [50.0, 60.0]),
            CalibrationStatus::Over
        );
        // The same gap within a wide interval (half-width 30) is not flagged.
        assert_eq!(
            calibration_of(5, 54.9, [20.0, 80.0]),
            CalibrationStatus::Aligned
        );
        // Level 1 ends at 20: a score of 45 is 25 above, aligned; 45.1 is under.
        assert_eq!(
            calibration_of(1, 45.0, [40.0, 50.0]),
            CalibrationStatus::Aligned
        );
        assert_eq!(
            calibration_of(1, 45.1, [40.0, 50.0]),
            CalibrationStatus::Under
        );
        // Level 3 with strong answers (95) is 35 above 60: under only when the interval
        // is narrower than that.
        assert_eq!(
            calibration_of(3, 95.0, [90.0, 100.0]),
            CalibrationStatus::Under
        );
        assert_eq!(
            calibration_of(3, 95.0, [30.0, 100.0]),
            CalibrationStatus::Aligned
        );
        let c = calibrate(&bank(), Some(4), Some(30.0), Some([25.0, 35.0]));
        assert_eq!(c.status, CalibrationStatus::Over);
        assert_eq!(c.difference, Some(30.0));
        assert_eq!(c.evidence_level, Some(2));
        assert!(
            c.note.starts_with(
                "You chose level 4 of 5, but your answers scored 30 (25–35), which fits level 2"
            ),
            "{}",
            c.note
        );
    }

    #[test]
    fn calibration_threshold_comes_from_the_bank() {
        let mut b = bank();
        b.meta.calibration_threshold = 20.0;
        // Level 5 (from 80), score 59: 21 short: over with threshold 20, aligned with 25.
        let c = |b: &Bank| calibrate(b, Some(5), Some(59.0), Some([58.0, 60.0])).status;
        assert_eq!(c(&b), CalibrationStatus::Over);
        assert_eq!(c(&bank()), CalibrationStatus::Aligned);
    }
}
