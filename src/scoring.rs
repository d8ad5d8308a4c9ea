//! Scoring: item scores, skill scores, calibration, groups, readiness, verdict and gaps.
//!
//! Pure functions of the bank, the plan and the answers. Self-ratings are reported beside
//! the evidence score and never averaged into it: self-ratings track measured performance
//! only loosely (r ≈ .3 in Mabe & West 1982).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::bank::{Bank, Question, QuestionType, Status};
use crate::rubric;
use crate::session::{Item, Plan};

/// Rounds to one decimal, so reports show stable, readable figures.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Score of one answered skill question, in [0, 1].
pub fn item_score(q: &Question, answer: &Answer) -> f64 {
    match (q.kind, answer) {
        (QuestionType::SelfRating, Answer::Level(l)) => f64::from(l.saturating_sub(1).min(4)) / 4.0,
        (QuestionType::Scenario, Answer::Choice(id)) => {
            q.option(id).and_then(|o| o.score).unwrap_or(0.0)
        }
        (QuestionType::Knowledge, Answer::Choice(id)) => {
            f64::from(u8::from(q.option(id).is_some_and(|o| o.correct)))
        }
        (QuestionType::Multi, Answer::Choices(ids)) => {
            let right_options = q.options.iter().filter(|o| o.correct).count();
            if right_options == 0 {
                return 0.0;
            }
            let (mut right, mut wrong) = (0usize, 0usize);
            for id in ids {
                match q.option(id) {
                    Some(o) if o.correct => right += 1,
                    _ => wrong += 1,
                }
            }
            (right.saturating_sub(wrong) as f64 / right_options as f64).clamp(0.0, 1.0)
        }
        _ => 0.0,
    }
}

/// Whether self-rating and evidence agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationStatus {
    /// Self-rating is at least the threshold above the evidence.
    Over,
    /// Self-rating is at least the threshold below the evidence.
    Under,
    /// Within the threshold.
    Aligned,
    /// One of the two is missing.
    Unknown,
}

/// Self-rating checked against evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Calibration {
    /// Over, under, aligned or unknown.
    pub status: CalibrationStatus,
    /// Self-rating minus evidence score, in points.
    pub difference: Option<f64>,
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
    /// Evidence score 0-100 (weighted mean of scenario, knowledge and multi items).
    pub score: Option<f64>,
    /// Band id of the score.
    pub band: Option<String>,
    /// Band display name.
    pub band_name: Option<String>,
    /// Target for the track.
    pub target: f64,
    /// Target minus score when positive, else 0.
    pub gap: f64,
    /// Self-rating 0-100, reported beside the score, never mixed into it.
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
    /// Met, partial or unmet.
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
}

fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = pairs.fold((0.0, 0.0), |(s, w), (x, wx)| (s + x * wx, w + wx));
    (weights > 0.0).then(|| sum / weights)
}

/// Scores a set of answers.
pub fn score(bank: &Bank, plan: &Plan, answers: &HashMap<String, Answer>) -> Scores {
    let threshold = bank.meta.calibration_threshold;
    // (evidence score·weight, weight, count) and self-rating sums per skill
    let mut evidence: HashMap<&str, (f64, f64, usize)> = HashMap::new();
    let mut ratings: HashMap<&str, (f64, usize)> = HashMap::new();
    for planned in &plan.items {
        let Item::Skill(qi) = planned.item else {
            continue;
        };
        let q = &bank.questions[qi];
        let Some(answer) = answers.get(&q.id) else {
            continue;
        };
        let s = item_score(q, answer);
        if q.kind.is_evidence() {
            let e = evidence.entry(&q.skill).or_default();
            e.0 += s * q.weight;
            e.1 += q.weight;
            e.2 += 1;
        } else {
            let r = ratings.entry(&q.skill).or_default();
            r.0 += s;
            r.1 += 1;
        }
    }

    let skills: Vec<SkillResult> = plan
        .skills
        .iter()
        .map(|&si| {
            let skill = &bank.skills[si];
            let target = skill.targets.get(&plan.track).copied().unwrap_or(0.0);
            let (sum, weight, count) = evidence.get(skill.id.as_str()).copied().unwrap_or_default();
            let score = (weight > 0.0).then(|| round1(100.0 * sum / weight));
            let self_rating = ratings
                .get(skill.id.as_str())
                .map(|(s, n)| round1(100.0 * s / *n as f64));
            let band = score.map(|s| bank.band_for(s));
            SkillResult {
                id: skill.id.clone(),
                name: skill.name.clone(),
                group: skill.group.clone(),
                score,
                band: band.map(|b| b.id.clone()),
                band_name: band.map(|b| b.name.clone()),
                target,
                gap: score.map_or(0.0, |s| round1((target - s).max(0.0))),
                self_rating,
                calibration: calibrate(self_rating, score, threshold),
                evidence_items: count,
                weight: skill.weight,
                min_change: skill
                    .min_change
                    .unwrap_or_else(|| bank.meta.change.min_change(count)),
                carried: false,
            }
        })
        .collect();

    let rubric: Vec<CriterionResult> = plan
        .criteria
        .iter()
        .map(|&ci| {
            let c = &bank.rubric[ci];
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

    Scores::combine(bank, skills, rubric)
}

impl Scores {
    /// Derives groups, readiness, verdict and gaps from skill and prerequisite results
    /// (also used when a focused run carries results over from an earlier report).
    pub fn combine(bank: &Bank, skills: Vec<SkillResult>, rubric: Vec<CriterionResult>) -> Self {
        let groups = group_results(bank, &skills);
        let mut readiness_result = verdict(bank, readiness(&skills), &skills, &rubric);
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

/// Skills readiness: the weighted share of the targets that the scores reach, 0-100.
/// A skill above target counts as exactly at target, so strength in one skill cannot
/// hide a gap in another.
pub fn readiness(skills: &[SkillResult]) -> f64 {
    let (reached, wanted) =
        skills
            .iter()
            .filter(|s| s.target > 0.0)
            .fold((0.0, 0.0), |(r, w), s| {
                (
                    r + s.weight * s.score.unwrap_or(0.0).min(s.target),
                    w + s.weight * s.target,
                )
            });
    if wanted > 0.0 {
        round1(100.0 * reached / wanted)
    } else {
        100.0
    }
}

fn calibrate(self_rating: Option<f64>, score: Option<f64>, threshold: f64) -> Calibration {
    let (Some(rating), Some(score)) = (self_rating, score) else {
        return Calibration {
            status: CalibrationStatus::Unknown,
            difference: None,
            note: "Not enough answers to compare your self-rating with the evidence.".into(),
        };
    };
    let difference = round1(rating - score);
    let (status, note) = if difference >= threshold {
        (
            CalibrationStatus::Over,
            format!(
                "You rated yourself {rating:.0} but your answers scored {score:.0}, {difference:.0} points lower. Compare your answers with the feedback in the appendix, and ask a mentor where your view of this skill differs from what you would do."
            ),
        )
    } else if -difference >= threshold {
        (
            CalibrationStatus::Under,
            format!(
                "You rated yourself {rating:.0} but your answers scored {score:.0}, {:.0} points higher. You may be underselling yourself here; gather examples that show this skill.",
                -difference
            ),
        )
    } else {
        (
            CalibrationStatus::Aligned,
            format!("Your self-rating ({rating:.0}) and your answers ({score:.0}) agree within {threshold:.0} points."),
        )
    };
    Calibration {
        status,
        difference: Some(difference),
        note,
    }
}

fn verdict(
    bank: &Bank,
    score: f64,
    skills: &[SkillResult],
    rubric: &[CriterionResult],
) -> Readiness {
    let unmet: Vec<&str> = rubric
        .iter()
        .filter(|c| c.status == Status::Unmet)
        .map(|c| c.name.as_str())
        .collect();
    let not_met = rubric.iter().filter(|c| c.status != Status::Met).count();
    let below: Vec<&str> = skills
        .iter()
        .filter(|s| s.gap > 0.0)
        .map(|s| s.name.as_str())
        .collect();
    let failures = |rule: &crate::bank::VerdictRule| -> Vec<String> {
        let mut out = Vec::new();
        if score < rule.min_readiness {
            out.push(format!(
                "skills readiness {score:.0} is below the {:.0} it needs",
                rule.min_readiness
            ));
        }
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
    let verdicts = &bank.meta.verdicts;
    let index = verdicts
        .iter()
        .position(|v| failures(v).is_empty())
        .unwrap_or(verdicts.len() - 1);
    let rule = &verdicts[index];
    let reason = if index == 0 {
        format!("Skills readiness {score:.0} reaches the {:.0} needed, and no prerequisite holds you back.", rule.min_readiness)
    } else {
        let above = &verdicts[index - 1];
        let mut text = format!("Not yet {}: {}.", above.name, failures(above).join("; "));
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text
    };
    Readiness {
        score,
        verdict: rule.id.clone(),
        verdict_name: rule.name.clone(),
        summary: rule.summary.clone(),
        reason,
        min_change: 0.0,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
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
            Gap {
                kind: GapKind::Skill,
                id: s.id.clone(),
                name: s.name.clone(),
                priority: round1(s.gap * s.weight),
                status: None,
                detail: format!(
                    "scored {:.0} against a target of {:.0} ({:.0} points short)",
                    s.score.unwrap_or(0.0),
                    s.target,
                    s.gap
                ),
                next_steps: steps,
            }
        })
        .collect();
    for c in rubric.iter().filter(|c| c.status != Status::Met) {
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

    #[test]
    fn self_rating_stays_out_of_the_skill_score() {
        let b = bank();
        let plan = Plan::new(&b, "general", None, None).unwrap();
        let mut a = all_best();
        let before = score(&b, &plan, &a);
        a.insert("talk-1".into(), Answer::Level(1));
        let after = score(&b, &plan, &a);
        assert_eq!(before.skills[0].score, after.skills[0].score);
        assert_eq!(before.skills[0].self_rating, Some(50.0));
        assert_eq!(after.skills[0].self_rating, Some(0.0));
    }

    #[test]
    fn perfect_answers_are_ready_with_no_gaps() {
        let b = bank();
        let plan = Plan::new(&b, "general", None, None).unwrap();
        let s = score(&b, &plan, &all_best());
        assert_eq!(s.skills[0].score, Some(100.0));
        assert_eq!(s.readiness.score, 100.0);
        assert_eq!(s.readiness.verdict, "ready");
        assert!(s.gaps.is_empty(), "{:?}", s.gaps);
        assert_eq!(s.skills[0].calibration.status, CalibrationStatus::Under);
        assert_eq!(s.skills[1].calibration.status, CalibrationStatus::Aligned);
    }

    #[test]
    fn weak_answers_give_gaps_in_priority_order_and_a_reason() {
        let b = bank();
        let plan = Plan::new(&b, "general", None, None).unwrap();
        let mut a = all_best();
        a.insert("talk-2".into(), Answer::Choice("b".into())); // talk: (0.5+1+1)/3 = 83.3
        a.insert("plan-2".into(), Answer::Choice("c".into())); // plan: 0.3
        a.insert("plan-3".into(), Answer::Choice("a".into())); // plan: 0
        a.insert("exp-years".into(), Answer::Number(0.0));
        let s = score(&b, &plan, &a);
        let plan_skill = &s.skills[1];
        assert_eq!(plan_skill.score, Some(43.3));
        assert_eq!(plan_skill.gap, 16.7);
        assert_eq!(plan_skill.band.as_deref(), Some("low"));
        assert_eq!(plan_skill.calibration.status, CalibrationStatus::Over);
        // priorities: plan 16.7 x weight 2 = 33.4, then experience unmet 25
        let order: Vec<&str> = s.gaps.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(order, ["plan", "experience"]);
        assert_eq!(
            s.gaps[0].next_steps[0],
            "Draw the dependencies of one project."
        );
        // readiness: (70*1 + 43.33*2) / (70 + 60*2) = 82.4
        assert_eq!(s.readiness.score, 82.4);
        assert_eq!(s.readiness.verdict, "nearly");
        assert_eq!(
            s.readiness.reason,
            "Not yet Ready: skills readiness 82 is below the 90 it needs; 1 prerequisite is unmet (Related experience; at most 0 allowed)."
        );
    }

    #[test]
    fn readiness_caps_each_skill_at_its_target() {
        let b = bank();
        let plan = Plan::new(&b, "general", None, None).unwrap();
        let s = score(&b, &plan, &all_best());
        let mut skills = s.skills.clone();
        skills[0].score = Some(100.0);
        skills[1].score = Some(30.0);
        // (70 + 2*30) / (70 + 2*60)
        assert_eq!(readiness(&skills), round1(100.0 * 130.0 / 190.0));
    }
}
