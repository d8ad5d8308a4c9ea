//! The quiz plan: which questions are asked, in which order, with which option order.
//!
//! Pure data, no I/O: the same plan drives the interactive and the scripted quiz, and a
//! seed makes a shuffled order reproducible.

use std::collections::HashMap;

use crate::answer::Answer;
use crate::bank::{Bank, QuestionType};

/// A reference to one question of the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Index into `bank.questions`.
    Skill(usize),
    /// Indices into `bank.rubric` and that criterion's questions.
    Rubric {
        /// Criterion index.
        criterion: usize,
        /// Question index within the criterion.
        question: usize,
    },
}

impl Item {
    /// The question id.
    pub fn id<'a>(&self, bank: &'a Bank) -> &'a str {
        match *self {
            Self::Skill(q) => &bank.questions[q].id,
            Self::Rubric {
                criterion,
                question,
            } => &bank.rubric[criterion].questions[question].id,
        }
    }

    /// Display name of the section the item belongs to (the skill or the criterion).
    pub fn section<'a>(&self, bank: &'a Bank) -> &'a str {
        match *self {
            Self::Skill(q) => bank
                .skill(&bank.questions[q].skill)
                .map_or(bank.questions[q].skill.as_str(), |s| s.name.as_str()),
            Self::Rubric { criterion, .. } => &bank.rubric[criterion].name,
        }
    }
}

/// A question as it will be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedItem {
    /// The question.
    pub item: Item,
    /// Display order of the options (indices into the question's options or levels).
    pub option_order: Vec<usize>,
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
pub struct Plan {
    /// Track id.
    pub track: String,
    /// Indices of the measured skills, in section order.
    pub skills: Vec<usize>,
    /// Indices of the rubric criteria asked, in bank order.
    pub criteria: Vec<usize>,
    /// Seed of the shuffle, when shuffled.
    pub seed: Option<u64>,
    /// Every question that may be asked, in order (rubric questions with `ask_if` included).
    pub items: Vec<PlannedItem>,
    /// The form drawn from the bank's pool, when the bank has forms.
    pub form: Option<crate::form::FormChoice>,
}

impl Plan {
    /// Plans a run: skill sections (groups in bank order, skills in bank order), then the
    /// rubric. With a seed, questions within a skill and the options of scenario,
    /// knowledge and multi questions are shuffled; scales and rubric stay in order.
    pub fn new(
        bank: &Bank,
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
            for (i, skill) in bank.skills.iter().enumerate() {
                if skill.group == group.id && only.is_none_or(|o| o.contains(&skill.id)) {
                    skills.push(i);
                }
            }
        }
        let mut by_skill: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, q) in bank.questions.iter().enumerate() {
            if q.in_track(track) {
                by_skill.entry(q.skill.as_str()).or_default().push(i);
            }
        }
        let mut items = Vec::new();
        for &s in &skills {
            let mut questions = by_skill
                .remove(bank.skills[s].id.as_str())
                .unwrap_or_default();
            if let Some(rng) = rng.as_mut() {
                rng.shuffle(&mut questions);
            }
            for q in questions {
                let question = &bank.questions[q];
                let count = if question.kind == QuestionType::SelfRating {
                    question.levels.len()
                } else {
                    question.options.len()
                };
                let mut option_order: Vec<usize> = (0..count).collect();
                if let (Some(rng), true) = (rng.as_mut(), question.kind.is_evidence()) {
                    rng.shuffle(&mut option_order);
                }
                items.push(PlannedItem {
                    item: Item::Skill(q),
                    option_order,
                });
            }
        }
        for (c, criterion) in bank.rubric.iter().enumerate() {
            for (q, question) in criterion.questions.iter().enumerate() {
                items.push(PlannedItem {
                    item: Item::Rubric {
                        criterion: c,
                        question: q,
                    },
                    option_order: (0..question.options.len()).collect(),
                });
            }
        }
        Ok(Self {
            track: track.to_string(),
            skills,
            criteria: (0..bank.rubric.len()).collect(),
            seed,
            items,
            form: None,
        })
    }

    /// Keeps only the skill questions in `keep` (indices into `bank.questions`): the
    /// items of a form. Rubric questions stay.
    pub fn restrict(&mut self, keep: &std::collections::HashSet<usize>) {
        self.items.retain(|p| match p.item {
            Item::Skill(q) => keep.contains(&q),
            Item::Rubric { .. } => true,
        });
    }

    /// Indices of the skill questions in the plan.
    pub fn skill_questions(&self) -> std::collections::HashSet<usize> {
        self.items
            .iter()
            .filter_map(|p| match p.item {
                Item::Skill(q) => Some(q),
                Item::Rubric { .. } => None,
            })
            .collect()
    }

    /// Keeps only the rubric criteria with these ids (a focused retake asks only the
    /// prerequisites whose status can still change).
    pub fn keep_criteria(&mut self, bank: &Bank, keep: &[String]) {
        self.criteria.retain(|&c| keep.contains(&bank.rubric[c].id));
        let criteria = self.criteria.clone();
        self.items.retain(|p| match p.item {
            Item::Skill(_) => true,
            Item::Rubric { criterion, .. } => criteria.contains(&criterion),
        });
    }

    /// Whether `item` is asked given the answers so far (rubric `ask_if` conditions).
    pub fn is_asked(&self, bank: &Bank, item: &Item, answers: &HashMap<String, Answer>) -> bool {
        match *item {
            Item::Skill(_) => true,
            Item::Rubric {
                criterion,
                question,
            } => bank.rubric[criterion].questions[question]
                .ask_if
                .as_ref()
                .is_none_or(|cond| crate::rubric::holds(cond, answers)),
        }
    }

    /// The order as ids: `(question id, option ids in display order)` per item, the form
    /// saved in an in-progress file.
    pub fn order(&self, bank: &Bank) -> Vec<(String, Vec<String>)> {
        self.items
            .iter()
            .map(|p| {
                let ids = match p.item {
                    Item::Skill(q) => {
                        let question = &bank.questions[q];
                        if question.kind == QuestionType::SelfRating {
                            Vec::new()
                        } else {
                            p.option_order
                                .iter()
                                .map(|&i| question.options[i].id.clone())
                                .collect()
                        }
                    }
                    Item::Rubric { .. } => Vec::new(),
                };
                (p.item.id(bank).to_string(), ids)
            })
            .collect()
    }

    /// Rebuilds a plan from a saved order. `None` when the bank no longer has an item or
    /// option of it, or has questions the order lacks (the bank changed).
    pub fn from_order(
        bank: &Bank,
        track: &str,
        skills: &[String],
        criteria: &[String],
        seed: Option<u64>,
        order: &[(String, Vec<String>)],
    ) -> Option<Self> {
        let mut fresh = Self::new(bank, track, Some(skills), seed).ok()?;
        fresh.keep_criteria(bank, criteria);
        if bank.meta.forms.is_empty() {
            if fresh.items.len() != order.len() {
                return None;
            }
        } else {
            // A form asks part of the pool: keep the skill questions the order names.
            let named: std::collections::HashSet<&str> =
                order.iter().map(|(id, _)| id.as_str()).collect();
            let keep = bank
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| named.contains(q.id.as_str()))
                .map(|(i, _)| i)
                .collect();
            fresh.restrict(&keep);
            if fresh.items.len() != order.len() {
                return None;
            }
        }
        let by_id: HashMap<&str, &PlannedItem> =
            fresh.items.iter().map(|p| (p.item.id(bank), p)).collect();
        let mut items = Vec::with_capacity(order.len());
        for (id, option_ids) in order {
            let planned = by_id.get(id.as_str())?;
            let option_order = match planned.item {
                Item::Skill(q) if !option_ids.is_empty() => {
                    let options = &bank.questions[q].options;
                    if option_ids.len() != options.len() {
                        return None;
                    }
                    option_ids
                        .iter()
                        .map(|oid| options.iter().position(|o| &o.id == oid))
                        .collect::<Option<Vec<usize>>>()?
                }
                _ => planned.option_order.clone(),
            };
            items.push(PlannedItem {
                item: planned.item,
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

    fn ids(bank: &Bank, plan: &Plan) -> Vec<String> {
        plan.items
            .iter()
            .map(|i| i.item.id(bank).to_string())
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
                .find(|i| i.item.id(&bank) == "talk-1")
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
        let order = plan.order(&bank);
        let rebuilt = Plan::from_order(&bank, "senior", &skills, &all, Some(99), &order).unwrap();
        assert_eq!(rebuilt.items, plan.items);
        let mut broken = plan.order(&bank);
        broken[1].0 = "gone".into();
        assert!(Plan::from_order(&bank, "senior", &skills, &all, Some(99), &broken).is_none());
    }

    #[test]
    fn skill_subset_and_unknown_names() {
        let bank = bank();
        let plan = Plan::new(&bank, "general", Some(&["plan".to_string()]), None).unwrap();
        let skill_items = plan
            .items
            .iter()
            .filter(|i| matches!(i.item, Item::Skill(_)));
        assert_eq!(skill_items.count(), 4);
        assert!(Plan::new(&bank, "nope", None, None)
            .unwrap_err()
            .to_string()
            .contains("tracks are: general, senior"));
        assert!(Plan::new(&bank, "general", Some(&["x".to_string()]), None).is_err());
    }
}
