//! Readiness rubric: turns the answers to a criterion's questions into met, partial or unmet
//! by the bank's rules (first matching rule wins, then `otherwise`).

use std::collections::HashMap;

use crate::answer::Answer;
use crate::bank::{Condition, Criterion, Status};

/// The outcome of one criterion for one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Met, partial or unmet.
    pub status: Status,
    /// The bank's sentence explaining it.
    pub detail: String,
}

/// Whether `cond` holds for the given answers. A missing answer never satisfies a test.
pub fn holds(cond: &Condition, answers: &HashMap<String, Answer>) -> bool {
    let Some(answer) = answers.get(&cond.question) else {
        return false;
    };
    let in_set = |id: &str| {
        cond.any_of
            .as_ref()
            .is_none_or(|set| set.iter().any(|s| s == id))
    };
    let choice_ok = match answer {
        Answer::Choice(id) => in_set(id) && cond.min_picks.is_none_or(|n| n <= 1),
        Answer::Choices(ids) => {
            let picks = ids.iter().filter(|id| in_set(id)).count();
            picks >= cond.min_picks.unwrap_or(1)
        }
        _ => cond.any_of.is_none() && cond.min_picks.is_none(),
    };
    let number_ok = match answer {
        Answer::Number(x) => {
            cond.at_least.is_none_or(|lo| *x >= lo) && cond.below.is_none_or(|hi| *x < hi)
        }
        _ => cond.at_least.is_none() && cond.below.is_none(),
    };
    let flag_ok = match (answer, cond.is) {
        (Answer::Flag(b), Some(want)) => *b == want,
        (_, Some(_)) => false,
        (_, None) => true,
    };
    choice_ok && number_ok && flag_ok
}

/// Resolves a criterion for `track`.
pub fn resolve(
    criterion: &Criterion,
    track: &str,
    answers: &HashMap<String, Answer>,
) -> Resolution {
    criterion
        .rules
        .iter()
        .filter(|r| r.tracks.is_empty() || r.tracks.iter().any(|t| t == track))
        .find(|r| r.when.iter().all(|c| holds(c, answers)))
        .map_or_else(
            || Resolution {
                status: criterion.otherwise.status,
                detail: criterion.otherwise.detail.clone(),
            },
            |rule| Resolution {
                status: rule.status,
                detail: rule.detail.clone(),
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;

    fn answers(pairs: &[(&str, Answer)]) -> HashMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    fn tpm() -> Bank {
        Bank::embedded().unwrap()
    }

    fn criterion<'a>(bank: &'a Bank, id: &str) -> &'a Criterion {
        bank.rubric.iter().find(|c| c.id == id).unwrap()
    }

    fn experience(track: &str, years: f64, roles: &[&str]) -> Status {
        let bank = tpm();
        let a = answers(&[
            ("experience-years", Answer::Number(years)),
            (
                "experience-roles",
                Answer::Choices(roles.iter().map(ToString::to_string).collect()),
            ),
        ]);
        resolve(criterion(&bank, "experience"), track, &a).status
    }

    #[test]
    fn three_to_five_related_years_meet_and_five_plus_is_strong() {
        assert_eq!(
            experience("general", 3.0, &["software-development"]),
            Status::Met
        );
        let bank = tpm();
        let strong = resolve(
            criterion(&bank, "experience"),
            "general",
            &answers(&[
                ("experience-years", Answer::Number(6.0)),
                (
                    "experience-roles",
                    Answer::Choices(vec!["business-analysis".into()]),
                ),
            ]),
        );
        assert_eq!(strong.status, Status::Met);
        assert!(strong.detail.starts_with("Strong"), "{}", strong.detail);
    }

    #[test]
    fn little_or_unrelated_experience_is_partial_or_unmet() {
        assert_eq!(
            experience("general", 1.5, &["product-management"]),
            Status::Partial
        );
        assert_eq!(experience("general", 4.0, &["other"]), Status::Partial);
        assert_eq!(
            experience("general", 0.5, &["software-development"]),
            Status::Unmet
        );
    }

    #[test]
    fn senior_track_is_stricter() {
        assert_eq!(
            experience("general", 5.0, &["software-development"]),
            Status::Met
        );
        assert_eq!(
            experience("senior", 5.0, &["software-development"]),
            Status::Partial
        );
        assert_eq!(
            experience("senior", 8.0, &["program-management"]),
            Status::Met
        );
    }

    #[test]
    fn degree_field_decides_between_met_and_partial() {
        let bank = tpm();
        let degree = criterion(&bank, "degree");
        let with = |level: &str, field: Option<&str>| {
            let mut a = answers(&[("degree-level", Answer::Choice(level.into()))]);
            if let Some(f) = field {
                a.insert("degree-field".into(), Answer::Choice(f.into()));
            }
            resolve(degree, "general", &a).status
        };
        assert_eq!(
            with("bachelor", Some("business-administration")),
            Status::Met
        );
        assert_eq!(with("master", Some("other-technical")), Status::Met);
        assert_eq!(with("bachelor", Some("unrelated")), Status::Partial);
        assert_eq!(with("studying", Some("computer-science")), Status::Partial);
        assert_eq!(with("none", None), Status::Unmet);
    }

    #[test]
    fn missing_answers_never_satisfy_a_condition() {
        let cond = Condition {
            question: "x".into(),
            at_least: Some(0.0),
            ..Condition::default()
        };
        assert!(!holds(&cond, &HashMap::new()));
    }

    #[test]
    fn a_test_of_one_kind_never_holds_for_an_answer_of_another() {
        // Each bound alone: a number bound on a choice answer, a choice set on a number,
        // a yes/no test on a number. The validator refuses such banks; the rule still
        // must not read a mismatched answer as "no limit given".
        let choice = answers(&[("q", Answer::Choice("a".into()))]);
        let number = answers(&[("q", Answer::Number(4.0))]);
        for cond in [
            Condition {
                question: "q".into(),
                at_least: Some(3.0),
                ..Condition::default()
            },
            Condition {
                question: "q".into(),
                below: Some(5.0),
                ..Condition::default()
            },
        ] {
            assert!(!holds(&cond, &choice), "{cond:?}");
            assert!(holds(&cond, &number), "{cond:?}");
        }
        for cond in [
            Condition {
                question: "q".into(),
                any_of: Some(vec!["a".into()]),
                ..Condition::default()
            },
            Condition {
                question: "q".into(),
                min_picks: Some(1),
                ..Condition::default()
            },
            Condition {
                question: "q".into(),
                is: Some(true),
                ..Condition::default()
            },
        ] {
            assert!(!holds(&cond, &number), "{cond:?}");
        }
    }

    #[test]
    fn min_picks_counts_only_listed_options() {
        let cond = Condition {
            question: "n".into(),
            any_of: Some(vec!["a".into(), "b".into()]),
            min_picks: Some(2),
            ..Condition::default()
        };
        let two = answers(&[("n", Answer::Choices(vec!["a".into(), "b".into()]))]);
        let one = answers(&[("n", Answer::Choices(vec!["a".into(), "z".into()]))]);
        assert!(holds(&cond, &two));
        assert!(!holds(&cond, &one));
    }

    #[test]
    fn each_test_of_a_condition_holds_at_its_boundary() {
        let cond = |c: Condition| Condition {
            question: "q".into(),
            ..c
        };
        let with = |a: Answer| answers(&[("q", a)]);
        // A single choice meets `min_picks` of at most 1, never 2.
        let one_pick = cond(Condition {
            min_picks: Some(1),
            ..Condition::default()
        });
        assert!(holds(&one_pick, &with(Answer::Choice("a".into()))));
        let two_picks = cond(Condition {
            min_picks: Some(2),
            ..Condition::default()
        });
        assert!(!holds(&two_picks, &with(Answer::Choice("a".into()))));
        // Choice tests never hold for a number, and number tests never for a choice.
        let any = cond(Condition {
            any_of: Some(vec!["a".into()]),
            ..Condition::default()
        });
        assert!(!holds(&any, &with(Answer::Number(3.0))));
        // `below` is strict; `at_least` is inclusive.
        let range = cond(Condition {
            at_least: Some(3.0),
            below: Some(5.0),
            ..Condition::default()
        });
        assert!(holds(&range, &with(Answer::Number(3.0))));
        assert!(holds(&range, &with(Answer::Number(4.9))));
        assert!(!holds(&range, &with(Answer::Number(5.0))));
        assert!(!holds(&range, &with(Answer::Number(2.9))));
        assert!(!holds(&range, &with(Answer::Choice("a".into()))));
        // `is` needs a yes/no answer equal to it.
        let yes = cond(Condition {
            is: Some(true),
            ..Condition::default()
        });
        assert!(holds(&yes, &with(Answer::Flag(true))));
        assert!(!holds(&yes, &with(Answer::Flag(false))));
        assert!(!holds(&yes, &with(Answer::Number(1.0))));
        // A bare condition holds for any answer that exists.
        assert!(holds(
            &cond(Condition::default()),
            &with(Answer::Flag(false))
        ));
    }
}
