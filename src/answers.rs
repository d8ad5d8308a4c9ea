//! Answers: the typed value of one answer, and the scripted answers file (`--answers`).
//!
//! The file's JSON values are interpreted against the quiz plan, so one pass can list every
//! problem (unknown ids, wrong types, unknown options, out-of-range numbers, missing answers).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answer::{Answer, Responses};
use crate::bank::Bank;
use crate::question::QuestionRef;
use crate::session::Plan;

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
        let asked = plan
            .items
            .iter()
            .any(|p| p.question.id() == id && p.question.is_self_rating());
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
        let evidence_item = plan
            .items
            .iter()
            .any(|p| p.question.id() == id && p.question.is_evidence());
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
    let planned: HashMap<&str, QuestionRef<'_>> = plan
        .items
        .iter()
        .map(|i| (i.question.id(), i.question))
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
            if plan.measures(&q.skill) && !q.in_track(&plan.track) {
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
        let id = planned.question.id();
        if !plan.is_asked(planned.question, &answers) {
            continue;
        }
        let Some(value) = raw.get(id) else {
            if !allow_partial {
                missing.push(id);
            }
            continue;
        };
        match planned.question.parse(value) {
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
