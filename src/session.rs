//! The quiz plan: which questions are asked, in which order, with which option order.
//!
//! Pure data, no I/O: the same plan drives the interactive and the scripted quiz, and a
//! seed makes a shuffled order reproducible. The plan hands out [`QuestionRef`]s
//! borrowed from the bank, never indices.

use std::collections::{HashMap, HashSet};

use crate::answer::Answer;
use crate::bank::{Bank, Criterion, Skill};
use crate::question::QuestionRef;
use serde::{Deserialize, Serialize};

/// A question as it will be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem<'bank> {
    /// The question.
    pub question: QuestionRef<'bank>,
    /// Display order of the options (indices into the question's options or levels).
    pub option_order: Vec<usize>,
}

/// The form a run used and how much of it the candidate had seen: the report's
/// `exposure`, also kept in the in-progress file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FormChoice {
    /// `standard` or `quick` (the bank's form names).
    pub form: String,
    /// Seed of the draw, to reproduce it (with the same history).
    pub seed: u64,
    /// How many of its skill questions the candidate had answered in earlier reports.
    pub seen_before: usize,
    /// How many skill questions the form has.
    pub items: usize,
}

/// Why a plan cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The track is not in the bank.
    #[error("unknown track `{track}`; tracks are: {known}")]
    UnknownTrack {
        /// What was asked for.
        track: String,
        /// The bank's tracks.
        known: String,
    },
    /// A skill given with `--skills` is not in the bank.
    #[error("unknown skill `{skill}`; skills are: {known}")]
    UnknownSkill {
        /// What was asked for.
        skill: String,
        /// The bank's skills.
        known: String,
    },
}

/// The questions of one quiz run, in order.
#[derive(Debug, Clone)]
pub struct Plan<'bank> {
    /// Track id.
    pub track: String,
    /// The measured skills, in section order.
    pub skills: Vec<&'bank Skill>,
    /// The rubric criteria asked, in bank order.
    pub criteria: Vec<&'bank Criterion>,
    /// Seed of the shuffle, when shuffled.
    pub seed: Option<u64>,
    /// Every question that may be asked, in order (rubric questions with `ask_if` included).
    pub items: Vec<PlannedItem<'bank>>,
    /// The form drawn from the bank's pool, when the bank has forms.
    pub form: Option<FormChoice>,
}

impl<'bank> Plan<'bank> {
    /// Plans a run: skill sections (groups in bank order, skills in bank order), then the
    /// rubric. With a seed, questions within a skill and the options of scenario,
    /// knowledge and multi questions are shuffled; scales and rubric stay in order.
    pub fn new(
        bank: &'bank Bank,
        track: &str,
        only: Option<&[String]>,
        seed: Option<u64>,
    ) -> Result<Self, PlanError> {
        if bank.track(track).is_none() {
            return Err(PlanError::UnknownTrack {
                track: track.to_string(),
                known: bank.track_ids().join(", "),
            });
        }
        if let Some(only) = only {
            for id in only {
                if bank.skill(id).is_none() {
                    return Err(PlanError::UnknownSkill {
                        skill: id.clone(),
                        known: bank
                            .skills
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        }
        let mut rng = seed.map(fastrand::Rng::with_seed);
        let mut skills = Vec::new();
        for group in &bank.meta.groups {
            for skill in &bank.skills {
                if skill.group == group.id && only.is_none_or(|o| o.contains(&skill.id)) {
                    skills.push(skill);
                }
            }
        }
        let mut by_skill: HashMap<&str, Vec<QuestionRef<'bank>>> = HashMap::new();
        for q in &bank.questions {
            if q.in_track(track) {
                by_skill
                    .entry(q.skill.as_str())
                    .or_default()
                    .push(QuestionRef::Skill(q));
            }
        }
        let mut items = Vec::new();
        for skill in &skills {
            let mut questions = by_skill.remove(skill.id.as_str()).unwrap_or_default();
            if let Some(rng) = rng.as_mut() {
                rng.shuffle(&mut questions);
            }
            for question in questions {
                let mut option_order: Vec<usize> = (0..question.choice_count()).collect();
                if let (Some(rng), true) = (rng.as_mut(), question.kind().shuffles_options()) {
                    rng.shuffle(&mut option_order);
                }
                items.push(PlannedItem {
                    question,
                    option_order,
                });
            }
        }
        for criterion in &bank.rubric {
            for question in &criterion.questions {
                items.push(PlannedItem {
                    question: QuestionRef::Prerequisite {
                        criterion,
                        question,
                    },
                    option_order: (0..question.options.len()).collect(),
                });
            }
        }
        Ok(Self {
            track: track.to_string(),
            skills,
            criteria: bank.rubric.iter().collect(),
            seed,
            items,
            form: None,
        })
    }

    /// Keeps only the skill questions whose ids are in `keep`: the items of a form.
    /// Rubric questions stay.
    pub fn restrict(&mut self, keep: &HashSet<&str>) {
        self.items.retain(|p| match p.question {
            QuestionRef::Skill(q) => keep.contains(q.id.as_str()),
            QuestionRef::Prerequisite { .. } => true,
        });
    }

    /// The skill questions in the plan.
    pub fn skill_questions(&self) -> impl Iterator<Item = &'bank crate::bank::Question> + '_ {
        self.items
            .iter()
            .filter_map(|p| p.question.skill_question())
    }

    /// Whether the plan measures the skill with id `skill`.
    pub fn measures(&self, skill: &str) -> bool {
        self.skills.iter().any(|s| s.id == skill)
    }

    /// Keeps only the rubric criteria with these ids (a focused retake asks only the
    /// prerequisites whose status can still change).
    pub fn keep_criteria(&mut self, keep: &[String]) {
        self.criteria.retain(|c| keep.contains(&c.id));
        let criteria = self.criteria.clone();
        self.items.retain(|p| match p.question.criterion() {
            None => true,
            Some(c) => criteria.iter().any(|k| std::ptr::eq(*k, c)),
        });
    }

    /// Whether `question` is asked given the answers so far (rubric `ask_if` conditions).
    pub fn is_asked(&self, question: QuestionRef<'_>, answers: &HashMap<String, Answer>) -> bool {
        question
            .ask_if()
            .is_none_or(|cond| crate::rubric::holds(cond, answers))
    }

    /// The order as ids: `(question id, option ids in display order)` per item, the form
    /// saved in an in-progress file.
    pub fn order(&self) -> Vec<(String, Vec<String>)> {
        self.items
            .iter()
            .map(|p| {
                let ids = if p.question.is_evidence() {
                    let options = p.question.options();
                    p.option_order
                        .iter()
                        .filter_map(|&i| options.get(i).map(|o| o.id.to_string()))
                        .collect()
                } else {
                    Vec::new()
                };
                (p.question.id().to_string(), ids)
            })
            .collect()
    }

    /// Rebuilds a plan from a saved order. `None` when the bank no longer has an item or
    /// option of it, or has questions the order lacks (the bank changed).
    pub fn from_order(
        bank: &'bank Bank,
        track: &str,
        skills: &[String],
        criteria: &[String],
        seed: Option<u64>,
        order: &[(String, Vec<String>)],
    ) -> Option<Self> {
        let mut fresh = Self::new(bank, track, Some(skills), seed).ok()?;
        fresh.keep_criteria(criteria);
        if !bank.meta.forms.is_empty() {
            // A form asks part of the pool: keep the skill questions the order names.
            let named: HashSet<&str> = order.iter().map(|(id, _)| id.as_str()).collect();
            fresh.restrict(&named);
        }
        if fresh.items.len() != order.len() {
            return None;
        }
        let by_id: HashMap<&str, &PlannedItem> =
            fresh.items.iter().map(|p| (p.question.id(), p)).collect();
        let mut items = Vec::with_capacity(order.len());
        for (id, option_ids) in order {
            let planned = by_id.get(id.as_str())?;
            let option_order = if option_ids.is_empty() || !planned.question.is_evidence() {
                planned.option_order.clone()
            } else {
                let options = planned.question.options();
                if option_ids.len() != options.len() {
                    return None;
                }
                option_ids
                    .iter()
                    .map(|oid| options.iter().position(|o| o.id == oid))
                    .collect::<Option<Vec<usize>>>()?
            };
            items.push(PlannedItem {
                question: planned.question,
                option_order,
            });
        }
        Some(Self { items, ..fresh })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Bank {
        Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap()
    }

    fn ids(_bank: &Bank, plan: &Plan) -> Vec<String> {
        plan.items
            .iter()
            .map(|i| i.question.id().to_string())
            .collect()
    }

    #[test]
    fn sections_follow_groups_and_track_filters_questions() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        assert_eq!(
            ids(&bank, &plan),
            [
                "talk-1",
                "talk-2",
                "talk-3",
                "talk-4",
                "plan-1",
                "plan-2",
                "plan-3",
                "plan-4",
                "exp-years",
                "mentor-kind",
                "mentor-meets"
            ]
        );
        let senior = Plan::new(&bank, "senior", None, None).unwrap();
        assert!(ids(&bank, &senior).contains(&"plan-5".to_string()));
    }

    #[test]
    fn same_seed_same_order_and_sections_stay_together() {
        let bank = bank();
        let a = Plan::new(&bank, "general", None, Some(7)).unwrap();
        let b = Plan::new(&bank, "general", None, Some(7)).unwrap();
        assert_eq!(a.items, b.items);
        let order = ids(&bank, &a);
        assert!(order[..4].iter().all(|id| id.starts_with("talk")));
        let shuffled = (0..50u64).any(|seed| {
            let p = Plan::new(&bank, "general", None, Some(seed)).unwrap();
            p.items
                .iter()
                .any(|i| i.option_order.windows(2).any(|w| w[0] > w[1]))
        });
        assert!(shuffled, "no seed shuffled any options");
    }

    #[test]
    fn self_rating_scales_are_never_shuffled() {
        let bank = bank();
        for seed in 0..20 {
            let plan = Plan::new(&bank, "general", None, Some(seed)).unwrap();
            let rating = plan
                .items
                .iter()
                .find(|i| i.question.id() == "talk-1")
                .unwrap();
            assert_eq!(rating.option_order, [0, 1, 2, 3, 4]);
        }
    }

    #[test]
    fn a_saved_order_rebuilds_the_same_plan() {
        let bank = bank();
        let plan = Plan::new(&bank, "senior", None, Some(99)).unwrap();
        let skills: Vec<String> = bank.skills.iter().map(|s| s.id.clone()).collect();
        let all: Vec<String> = bank.rubric.iter().map(|c| c.id.clone()).collect();
        let order = plan.order();
        let rebuilt = Plan::from_order(&bank, "senior", &skills, &all, Some(99), &order).unwrap();
        assert_eq!(rebuilt.items, plan.items);
        let mut broken = plan.order();
        broken[1].0 = "gone".into();
        assert!(Plan::from_order(&bank, "senior", &skills, &all, Some(99), &broken).is_none());
    }

    #[test]
    fn a_saved_order_is_followed_even_where_a_fresh_plan_differs() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let skills: Vec<String> = bank.skills.iter().map(|s| s.id.clone()).collect();
        let all: Vec<String> = bank.rubric.iter().map(|c| c.id.clone()).collect();
        let mut order = plan.order();
        // Swap talk-1 and talk-2, and show talk-2's options (a, b, c) as c, b, a.
        order.swap(0, 1);
        assert_eq!(order[0].0, "talk-2");
        order[0].1.reverse();
        let rebuilt = Plan::from_order(&bank, "general", &skills, &all, None, &order).unwrap();
        let ids: Vec<&str> = rebuilt.items.iter().map(|p| p.question.id()).collect();
        assert_eq!(&ids[..2], ["talk-2", "talk-1"]);
        assert_eq!(rebuilt.items[0].option_order, [2, 1, 0]);
        // A self-rating's scale never follows saved ids: it has none.
        assert_eq!(rebuilt.items[1].option_order, [0, 1, 2, 3, 4]);
        // An option the bank no longer has: the order cannot be used.
        order[0].1[0] = "gone".into();
        assert!(Plan::from_order(&bank, "general", &skills, &all, None, &order).is_none());
    }

    #[test]
    fn skill_subset_and_unknown_names() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", Some(&["plan".to_string()]), None).unwrap();
        let skill_items = plan
            .items
            .iter()
            .filter(|i| i.question.skill_question().is_some());
        assert_eq!(skill_items.count(), 4);
        assert!(plan.measures("plan") && !plan.measures("talk"));
        assert!(Plan::new(&bank, "nope", None, None)
            .unwrap_err()
            .to_string()
            .contains("tracks are: general, senior"));
        assert!(Plan::new(&bank, "general", Some(&["x".to_string()]), None).is_err());
    }
}
