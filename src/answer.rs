//! Answer values: what a candidate gave for one question, and the answers of a run so
//! far. Plain value types at the bottom of the crate: they depend on nothing else in it.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

/// One answer, typed by the question it answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
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
