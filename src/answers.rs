//! Answers: the typed value of one answer, and the scripted answers file (`--answers`).
//!
//! The file's JSON values are interpreted against the quiz plan, so one pass can list every
//! problem (unknown ids, wrong types, unknown options, out-of-range numbers, missing answers).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bank::{Bank, Question, QuestionType, RubricQuestion, RubricQuestionType};
use crate::session::{Item, Plan};

/// One answer, typed by the question it answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Self-rating level 1-5.
    Level(u8),
    /// One option id.
    Choice(String),
    /// Several option ids (multi and `choices`).
    Choices(Vec<String>),
    /// A number (`number` rubric questions).
    Number(f64),
    /// Yes or no (`boolean` rubric questions).
    Flag(bool),
}

impl Answer {
    /// The answer as it is written in answers files and reports.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Level(l) => Value::from(*l),
            Self::Choice(id) => Value::from(id.as_str()),
            Self::Choices(ids) => Value::from(ids.clone()),
            Self::Number(x) => Value::from(*x),
            Self::Flag(b) => Value::from(*b),
        }
    }
}

/// Answers given so far in a run, with what came with them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responses {
    /// Answers by question id.
    pub answers: HashMap<String, Answer>,
    /// Seconds taken per question id (interactive runs).
    pub seconds: HashMap<String, f64>,
    /// Evidence notes (an example from the candidate's work) per self-rating question id.
    pub evidence: HashMap<String, String>,
    /// Certainty (1-3, certainty-based marking) per evidence question id.
    pub certainty: HashMap<String, u8>,
}

/// The scripted answers file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// Optional JSON Schema reference, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Candidate name (used when `--name` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<String>,
    /// Track id (used when `--track` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// Answers by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Value>,
    /// Evidence notes by self-rating question id: an example from the candidate's work.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, String>,
    /// Certainty-based marking: how sure the candidate was of each evidence answer, by
    /// question id: 1 (unsure, below 67%), 2 (mid, above 67%) or 3 (quite sure, above 80%).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub certainty: BTreeMap<String, u8>,
}

/// One problem with an answers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    /// The question id, or `None` for problems with the file as a whole.
    pub question: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.question {
            Some(q) => write!(f, "question `{q}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why an answers file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    /// The file could not be read.
    #[error("cannot read answers file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Too large, or not a regular file.
    #[error("answers file {path}: {reason}")]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is not valid JSON of the expected shape (file, line and column).
    #[error("answers file {0}")]
    Syntax(crate::bank::Problem),
    /// The answers do not fit the questions; every problem is listed.
    #[error("{} in answers file {path}:\n{}", count(.problems.len()), .problems.iter().map(|p| format!("  - {}: {p}", path.display())).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<AnswerProblem>,
    },
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

impl AnswersFile {
    /// Reads and parses an answers file (`-` reads stdin).
    pub fn read(path: &Path) -> Result<Self, AnswersError> {
        let bytes = crate::input::read_file_or_stdin(
            path,
            crate::input::MAX_ANSWERS_BYTES,
            "an answers file",
        )
        .map_err(|e| match e {
            crate::input::InputError::Io(source) => AnswersError::Io {
                path: path.to_path_buf(),
                source,
            },
            other => AnswersError::Refused {
                path: path.to_path_buf(),
                reason: other.to_string(),
            },
        })?;
        Self::parse(path, &bytes)
    }

    /// Parses the bytes of an answers file named `path`.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self, AnswersError> {
        let bytes = crate::input::strip_bom(bytes);
        if let Some(problem) = crate::bank::not_an_object(&path.display().to_string(), bytes) {
            return Err(AnswersError::Syntax(problem));
        }
        if let Err(e) = crate::input::check_json(bytes) {
            if !e.is_syntax() && !e.is_eof() {
                return Err(AnswersError::Syntax(crate::bank::json_problem(
                    &path.display().to_string(),
                    &e,
                )));
            }
        }
        serde_json::from_slice(bytes).map_err(|e| {
            AnswersError::Syntax(crate::bank::json_problem(&path.display().to_string(), &e))
        })
    }
}

/// Interprets an answers file against the plan: typed answers and checked evidence notes.
/// `allow_partial` accepts missing answers. Every problem is returned at once.
pub fn interpret(
    bank: &Bank,
    plan: &Plan,
    file: &AnswersFile,
    allow_partial: bool,
) -> Result<Responses, Vec<AnswerProblem>> {
    let answers = interpret_answers(bank, plan, &file.answers, allow_partial);
    let mut problems = answers.as_ref().err().cloned().unwrap_or_default();
    let mut evidence = HashMap::new();
    for (id, note) in &file.evidence {
        let asked = plan.items.iter().any(|p| match p.item {
            Item::Skill(q) => {
                bank.questions[q].id == *id && bank.questions[q].kind == QuestionType::SelfRating
            }
            Item::Rubric { .. } => false,
        });
        if !asked {
            problems.push(AnswerProblem {
                question: Some(id.clone()),
                message: "evidence notes belong to self-rating questions asked in this run".into(),
            });
        } else if note.trim().len() > crate::input::MAX_EVIDENCE_BYTES {
            problems.push(AnswerProblem {
                question: Some(id.clone()),
                message: format!(
                    "the evidence note has {} bytes; at most {} are allowed",
                    note.trim().len(),
                    crate::input::human(crate::input::MAX_EVIDENCE_BYTES as u64)
                ),
            });
        } else if !note.trim().is_empty() {
            evidence.insert(id.clone(), crate::clean::multiline(note.trim()));
        }
    }
    let mut certainty = HashMap::new();
    for (id, level) in &file.certainty {
        let evidence_item = plan.items.iter().any(|p| match p.item {
            Item::Skill(q) => bank.questions[q].id == *id && bank.questions[q].kind.is_evidence(),
            Item::Rubric { .. } => false,
        });
        if !evidence_item {
            problems.push(AnswerProblem {
                question: Some(id.clone()),
                message: "a certainty belongs to a scenario, knowledge or multi question asked in this run".into(),
            });
        } else if !(1..=3).contains(level) {
            problems.push(AnswerProblem {
                question: Some(id.clone()),
                message: format!("certainty {level} must be 1, 2 or 3"),
            });
        } else {
            certainty.insert(id.clone(), *level);
        }
    }
    match answers {
        Ok(answers) if problems.is_empty() => Ok(Responses {
            answers,
            seconds: HashMap::new(),
            evidence,
            certainty,
        }),
        _ => Err(problems),
    }
}

fn interpret_answers(
    bank: &Bank,
    plan: &Plan,
    raw: &BTreeMap<String, Value>,
    allow_partial: bool,
) -> Result<HashMap<String, Answer>, Vec<AnswerProblem>> {
    let mut problems = Vec::new();
    let mut answers = HashMap::with_capacity(raw.len());
    let planned: HashMap<&str, &Item> = plan
        .items
        .iter()
        .map(|i| (i.item.id(bank), &i.item))
        .collect();
    for id in raw.keys() {
        if planned.contains_key(id.as_str()) {
            continue;
        }
        let problem = |message: String| AnswerProblem {
            question: Some(id.clone()),
            message,
        };
        if let Some(q) = bank.questions.iter().find(|q| &q.id == id) {
            // Answers for skills left out with --skills are ignored, not errors: one
            // complete answers file serves any subset.
            if plan.skills.iter().any(|&s| bank.skills[s].id == q.skill) && !q.in_track(&plan.track)
            {
                problems.push(problem(format!(
                    "is not asked in track `{}` (it belongs to {})",
                    plan.track,
                    q.tracks.join(", ")
                )));
            }
        } else if !bank
            .rubric
            .iter()
            .any(|c| c.questions.iter().any(|q| &q.id == id))
        {
            problems.push(problem(
                "unknown question id; `tpm-ready questions` lists the ids".into(),
            ));
        }
    }
    let mut missing = Vec::new();
    for planned in &plan.items {
        let id = planned.item.id(bank);
        if let Item::Rubric { .. } = planned.item {
            if !plan.is_asked(bank, &planned.item, &answers) {
                continue;
            }
        }
        let Some(value) = raw.get(id) else {
            if !allow_partial {
                missing.push(id);
            }
            continue;
        };
        let parsed = match planned.item {
            Item::Skill(q) => parse_skill_answer(&bank.questions[q], value),
            Item::Rubric {
                criterion,
                question,
            } => parse_rubric_answer(&bank.rubric[criterion].questions[question], value),
        };
        match parsed {
            Ok(answer) => {
                answers.insert(id.to_string(), answer);
            }
            Err(message) => problems.push(AnswerProblem {
                question: Some(id.to_string()),
                message,
            }),
        }
    }
    match missing.as_slice() {
        [] => {}
        [one] => problems.push(AnswerProblem {
            question: Some((*one).to_string()),
            message: "no answer (use --allow-partial to score without it)".into(),
        }),
        many => problems.push(AnswerProblem {
            question: None,
            message: format!(
                "no answer for {} questions (use --allow-partial to score without them): {}",
                many.len(),
                many.join(", ")
            ),
        }),
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(problems)
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn parse_option(options: impl Iterator<Item = String>, value: &Value) -> Result<String, String> {
    let Value::String(id) = value else {
        return Err(format!(
            "expected an option id such as \"a\", found {}",
            describe(value)
        ));
    };
    let known: Vec<String> = options.collect();
    if known.iter().any(|o| o == id) {
        Ok(id.clone())
    } else {
        Err(format!(
            "option `{id}` does not exist; options are {}",
            known.join(", ")
        ))
    }
}

fn parse_options(
    options: impl Iterator<Item = String>,
    value: &Value,
) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "expected a list of option ids such as [\"a\", \"c\"], found {}",
            describe(value)
        ));
    };
    let known: Vec<String> = options.collect();
    let mut picks: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let id = parse_option(known.iter().cloned(), item)?;
        if picks.contains(&id) {
            return Err(format!("option `{id}` is listed twice"));
        }
        picks.push(id);
    }
    Ok(picks)
}

/// Interprets one answer to a skill question.
pub fn parse_skill_answer(q: &Question, value: &Value) -> Result<Answer, String> {
    let ids = || q.options.iter().map(|o| o.id.clone());
    match q.kind {
        QuestionType::SelfRating => match value.as_f64() {
            Some(x) if x.fract() == 0.0 && (1.0..=5.0).contains(&x) => Ok(Answer::Level(x as u8)),
            Some(x) => Err(format!("level {x} is outside 1-5")),
            None => Err(format!("expected a level 1-5, found {}", describe(value))),
        },
        QuestionType::Scenario | QuestionType::Knowledge => {
            parse_option(ids(), value).map(Answer::Choice)
        }
        QuestionType::Multi => parse_options(ids(), value).map(Answer::Choices),
    }
}

/// Interprets one answer to a rubric question.
pub fn parse_rubric_answer(q: &RubricQuestion, value: &Value) -> Result<Answer, String> {
    let ids = || q.options.iter().map(|o| o.id.clone());
    match q.kind {
        RubricQuestionType::Choice => parse_option(ids(), value).map(Answer::Choice),
        RubricQuestionType::Choices => {
            let picks = parse_options(ids(), value)?;
            // The same rule as the interactive list: "None of these" stands alone.
            if picks.len() > 1 {
                if let Some(none) = q
                    .options
                    .iter()
                    .find(|o| o.exclusive && picks.contains(&o.id))
                {
                    return Err(format!(
                        "option `{}` (\"{}\") cannot be combined with other options; list it alone or leave it out",
                        none.id, none.text
                    ));
                }
            }
            Ok(Answer::Choices(picks))
        }
        RubricQuestionType::Boolean => value
            .as_bool()
            .map(Answer::Flag)
            .ok_or_else(|| format!("expected true or false, found {}", describe(value))),
        RubricQuestionType::Number => {
            let x = value
                .as_f64()
                .ok_or_else(|| format!("expected a number, found {}", describe(value)))?;
            let (lo, hi) = (q.min.unwrap_or(f64::MIN), q.max.unwrap_or(f64::MAX));
            if (lo..=hi).contains(&x) {
                Ok(Answer::Number(x))
            } else {
                Err(format!(
                    "{x} is outside {lo}-{hi}{}",
                    q.unit.as_ref().map_or(String::new(), |u| format!(" {u}"))
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rating() -> Question {
        serde_json::from_value(
            json!({"id": "x", "skill": "s", "type": "self_rating", "prompt": "p",
            "levels": ["1", "2", "3", "4", "5"]}),
        )
        .unwrap()
    }

    fn multi() -> Question {
        serde_json::from_value(json!({"id": "m", "skill": "s", "type": "multi", "prompt": "p",
            "options": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B"}], "explanation": "e"}))
        .unwrap()
    }

    #[test]
    fn levels_must_be_whole_numbers_from_1_to_5() {
        assert_eq!(
            parse_skill_answer(&rating(), &json!(4)),
            Ok(Answer::Level(4))
        );
        assert!(parse_skill_answer(&rating(), &json!(6))
            .unwrap_err()
            .contains("outside 1-5"));
        assert!(parse_skill_answer(&rating(), &json!(2.5)).is_err());
        assert!(parse_skill_answer(&rating(), &json!("4"))
            .unwrap_err()
            .contains("the text"));
    }

    #[test]
    fn multi_answers_name_existing_options_once() {
        assert_eq!(
            parse_skill_answer(&multi(), &json!(["a", "b"])),
            Ok(Answer::Choices(vec!["a".into(), "b".into()]))
        );
        assert!(parse_skill_answer(&multi(), &json!(["a", "z"]))
            .unwrap_err()
            .contains("`z` does not exist"));
        assert!(parse_skill_answer(&multi(), &json!(["a", "a"]))
            .unwrap_err()
            .contains("twice"));
        assert!(parse_skill_answer(&multi(), &json!("a"))
            .unwrap_err()
            .contains("list"));
    }

    #[test]
    fn an_exclusive_option_stands_alone() {
        let q: RubricQuestion = serde_json::from_value(json!({"id": "roles", "prompt": "p",
            "type": "choices", "options": [{"id": "dev", "text": "Dev"},
            {"id": "pm", "text": "PM"}, {"id": "none", "text": "None of these", "exclusive": true}]}))
        .unwrap();
        assert_eq!(
            parse_rubric_answer(&q, &json!(["none"])),
            Ok(Answer::Choices(vec!["none".into()]))
        );
        assert_eq!(
            parse_rubric_answer(&q, &json!(["dev", "pm"])),
            Ok(Answer::Choices(vec!["dev".into(), "pm".into()]))
        );
        assert_eq!(
            parse_rubric_answer(&q, &json!(["dev", "none"])).unwrap_err(),
            "option `none` (\"None of these\") cannot be combined with other options; list it alone or leave it out"
        );
    }

    #[test]
    fn numbers_stay_in_range() {
        let q: RubricQuestion = serde_json::from_value(
            json!({"id": "y", "prompt": "p", "type": "number", "min": 0, "max": 60, "unit": "years"}),
        )
        .unwrap();
        assert_eq!(
            parse_rubric_answer(&q, &json!(3.5)),
            Ok(Answer::Number(3.5))
        );
        assert_eq!(
            parse_rubric_answer(&q, &json!(-1)).unwrap_err(),
            "-1 is outside 0-60 years"
        );
        assert!(parse_rubric_answer(&q, &json!(1000)).is_err());
    }
}
