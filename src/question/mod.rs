//! A question as a unit of the code: its data (a [`QuestionRef`] into the bank) and its
//! behaviour (a [`Kind`]).
//!
//! Each kind lives in its own file and implements [`Kind`]: how an answer is parsed from
//! an answers file, asked through a [`Prompter`], scored, what guessing would score, the
//! feedback and best answer shown in a report, and the answer format `questions` lists.
//! Adding a kind means one new file, its name in the bank's type enum and in [`KindId`],
//! and one line in [`QuestionRef::kind`], like hyperfine's `export/` formats.

mod boolean;
mod choice;
mod choices;
mod knowledge;
mod multi;
mod number;
mod scenario;
mod self_rating;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::answer::Answer;
use crate::bank::{
    Bank, Condition, Criterion, Question, QuestionType, RubricQuestion, RubricQuestionType,
};
use crate::prompt::{PromptError, Prompter};

/// One question of the bank: a skill question or a prerequisite (rubric) question with
/// its criterion. Borrowed from the bank, so it can never point at a question that is not
/// there.
#[derive(Debug, Clone, Copy)]
pub enum QuestionRef<'bank> {
    /// A question measuring a skill.
    Skill(&'bank Question),
    /// A question about a prerequisite, with the criterion it feeds.
    Prerequisite {
        /// The criterion.
        criterion: &'bank Criterion,
        /// The question.
        question: &'bank RubricQuestion,
    },
}

/// The view of one option that every kind reads: skill options carry a score, a
/// correct mark and feedback; prerequisite options only an id and a text.
#[derive(Debug, Clone, Copy)]
pub struct OptionView<'bank> {
    /// Option id, a public contract for answers files.
    pub id: &'bank str,
    /// Option text.
    pub text: &'bank str,
    /// Score in [0, 1] (scenario options).
    pub score: Option<f64>,
    /// Whether the option is correct (knowledge and multi options).
    pub correct: bool,
    /// Why the option is or is not a good answer.
    pub feedback: Option<&'bank str>,
    /// Whether the option stands alone ("None of these" in a `choices` question).
    pub exclusive: bool,
}

impl PartialEq for QuestionRef<'_> {
    /// Two references are equal when they name the same question of the same bank.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Skill(a), Self::Skill(b)) => std::ptr::eq(*a, *b),
            (Self::Prerequisite { question: a, .. }, Self::Prerequisite { question: b, .. }) => {
                std::ptr::eq(*a, *b)
            }
            _ => false,
        }
    }
}

impl<'bank> QuestionRef<'bank> {
    /// The behaviour of this question's kind: the one registration point for kinds.
    pub fn kind(self) -> &'static dyn Kind {
        match self {
            Self::Skill(q) => match q.kind {
                QuestionType::SelfRating => &self_rating::SelfRating,
                QuestionType::Scenario => &scenario::Scenario,
                QuestionType::Knowledge => &knowledge::Knowledge,
                QuestionType::Multi => &multi::Multi,
            },
            Self::Prerequisite { question, .. } => match question.kind {
                RubricQuestionType::Choice => &choice::Choice,
                RubricQuestionType::Choices => &choices::Choices,
                RubricQuestionType::Number => &number::Number,
                RubricQuestionType::Boolean => &boolean::Boolean,
            },
        }
    }

    /// The question id, unique in the bank.
    pub fn id(self) -> &'bank str {
        match self {
            Self::Skill(q) => &q.id,
            Self::Prerequisite { question, .. } => &question.id,
        }
    }

    /// The question text.
    pub fn prompt(self) -> &'bank str {
        match self {
            Self::Skill(q) => &q.prompt,
            Self::Prerequisite { question, .. } => &question.prompt,
        }
    }

    /// The skill question, when this is one.
    pub fn skill_question(self) -> Option<&'bank Question> {
        match self {
            Self::Skill(q) => Some(q),
            Self::Prerequisite { .. } => None,
        }
    }

    /// The skill id of a skill question.
    pub fn skill_id(self) -> Option<&'bank str> {
        self.skill_question().map(|q| q.skill.as_str())
    }

    /// The criterion of a prerequisite question.
    pub fn criterion(self) -> Option<&'bank Criterion> {
        match self {
            Self::Skill(_) => None,
            Self::Prerequisite { criterion, .. } => Some(criterion),
        }
    }

    /// Whether answers to this question count as evidence of a skill.
    pub fn is_evidence(self) -> bool {
        self.kind().is_evidence()
    }

    /// Whether this is a self-rating (a level on the skill's own scale).
    pub fn is_self_rating(self) -> bool {
        matches!(self, Self::Skill(q) if q.kind == QuestionType::SelfRating)
    }

    /// Display name of the section the question belongs to: its skill or its criterion.
    pub fn section_name(self, bank: &'bank Bank) -> &'bank str {
        match self {
            Self::Skill(q) => bank.skill(&q.skill).map_or(q.skill.as_str(), |s| &s.name),
            Self::Prerequisite { criterion, .. } => &criterion.name,
        }
    }

    /// The options, in bank order.
    pub fn options(self) -> Vec<OptionView<'bank>> {
        match self {
            Self::Skill(q) => q
                .options
                .iter()
                .map(|o| OptionView {
                    id: &o.id,
                    text: &o.text,
                    score: o.score,
                    correct: o.correct,
                    feedback: o.feedback.as_deref(),
                    exclusive: false,
                })
                .collect(),
            Self::Prerequisite { question, .. } => question
                .options
                .iter()
                .map(|o| OptionView {
                    id: &o.id,
                    text: &o.text,
                    score: None,
                    correct: false,
                    feedback: None,
                    exclusive: o.exclusive,
                })
                .collect(),
        }
    }

    /// The option with id `id`.
    pub fn option(self, id: &str) -> Option<OptionView<'bank>> {
        self.options().into_iter().find(|o| o.id == id)
    }

    /// The text of option `id`, or the id itself when the bank has no such option.
    pub fn option_text(self, id: &str) -> String {
        self.option(id)
            .map_or_else(|| id.to_string(), |o| o.text.to_string())
    }

    /// How many answers a list prompt offers (levels or options).
    pub fn choice_count(self) -> usize {
        match self {
            Self::Skill(q) if q.kind == QuestionType::SelfRating => q.levels.len(),
            Self::Skill(q) => q.options.len(),
            Self::Prerequisite { question, .. } => question.options.len(),
        }
    }

    /// The behaviour anchors of a self-rating, level 1 first (empty otherwise).
    pub fn levels(self) -> &'bank [String] {
        match self {
            Self::Skill(q) => &q.levels,
            Self::Prerequisite { .. } => &[],
        }
    }

    /// What the candidate should learn from the item.
    pub fn explanation(self) -> Option<&'bank str> {
        self.skill_question().and_then(|q| q.explanation.as_deref())
    }

    /// The condition on earlier answers under which a prerequisite question is asked.
    pub fn ask_if(self) -> Option<&'bank Condition> {
        match self {
            Self::Skill(_) => None,
            Self::Prerequisite { question, .. } => question.ask_if.as_ref(),
        }
    }

    /// A short digest of the question as the bank states it: an in-progress run notices
    /// when a question it answered has changed since.
    pub fn fingerprint(self) -> String {
        let json = match self {
            Self::Skill(q) => serde_json::to_vec(q),
            Self::Prerequisite { question, .. } => serde_json::to_vec(question),
        }
        .unwrap_or_default();
        let digest = Sha256::digest(json);
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// Parses an answers-file value for this question.
    pub fn parse(self, value: &Value) -> Result<Answer, String> {
        self.kind().parse(self, value)
    }

    /// The score of an answer in [0, 1] (evidence questions only).
    pub fn score(self, answer: &Answer) -> Option<f64> {
        self.kind().score(self, answer)
    }

    /// The expected score of a uniform guess (evidence questions only).
    pub fn chance(self) -> Option<f64> {
        self.kind().chance(self)
    }
}

/// The kinds of question, as files and reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KindId {
    /// A self-rating on the skill's scale.
    SelfRating,
    /// A situational judgement item.
    Scenario,
    /// One correct option.
    Knowledge,
    /// Select all that apply.
    Multi,
    /// Prerequisite: one option.
    Choice,
    /// Prerequisite: any number of options.
    Choices,
    /// Prerequisite: a number.
    Number,
    /// Prerequisite: yes or no.
    Boolean,
}

impl KindId {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfRating => "self_rating",
            Self::Scenario => "scenario",
            Self::Knowledge => "knowledge",
            Self::Multi => "multi",
            Self::Choice => "choice",
            Self::Choices => "choices",
            Self::Number => "number",
            Self::Boolean => "boolean",
        }
    }
}

impl std::fmt::Display for KindId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The behaviour of one kind of question. Every method gets the question it acts on.
pub trait Kind: Sync {
    /// The kind's name in files and reports (`scenario`, `number`, ...).
    fn name(&self) -> KindId;

    /// Whether answers count as evidence of a skill (scored against chance).
    fn is_evidence(&self) -> bool {
        false
    }

    /// Whether a seeded plan shuffles the options (never for scales and prerequisites).
    fn shuffles_options(&self) -> bool {
        false
    }

    /// The answer format an answers file uses, as `questions` lists it.
    fn answer_format(&self) -> &'static str;

    /// Interprets an answers-file value, or says what is wrong with it.
    fn parse(&self, question: QuestionRef<'_>, value: &Value) -> Result<Answer, String>;

    /// Asks the question through the prompter. `option_order` is the display order
    /// (indices into the options or levels).
    fn ask(
        &self,
        question: QuestionRef<'_>,
        option_order: &[usize],
        prompter: &dyn Prompter,
    ) -> Result<Answer, PromptError>;

    /// The score of an answer in [0, 1]; `None` for questions that are not evidence.
    fn score(&self, _question: QuestionRef<'_>, _answer: &Answer) -> Option<f64> {
        None
    }

    /// Chance level (Moodle's "random guess score"): the exact expected score, in
    /// [0, 1], of a respondent who picks uniformly at random among the allowed answers.
    fn chance(&self, _question: QuestionRef<'_>) -> Option<f64> {
        None
    }

    /// The answer as a reader sees it.
    fn answer_text(&self, question: QuestionRef<'_>, answer: &Answer) -> String {
        default_answer_text(question, answer)
    }

    /// The options picked, one entry each, for answers that are a list (multi-select);
    /// empty otherwise.
    fn answer_items(&self, _question: QuestionRef<'_>, _answer: &Answer) -> Vec<String> {
        Vec::new()
    }

    /// The options of the best answer, one entry each, when it is a list; empty otherwise.
    fn best_items(&self, _question: QuestionRef<'_>) -> Vec<String> {
        Vec::new()
    }

    /// The best answer as a reader sees it, for questions that have one.
    fn best_answer(&self, _question: QuestionRef<'_>) -> Option<String> {
        None
    }

    /// Why the answer scored as it did, and what to learn.
    fn feedback(&self, _question: QuestionRef<'_>, _answer: &Answer) -> Option<String> {
        None
    }
}

/// Option texts for option answers, the value itself otherwise.
fn default_answer_text(question: QuestionRef<'_>, answer: &Answer) -> String {
    match answer {
        Answer::Choice(id) => question.option_text(id),
        Answer::Choices(ids) if ids.is_empty() => "(nothing selected)".into(),
        Answer::Choices(ids) => ids
            .iter()
            .map(|id| question.option_text(id))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_json().to_string(),
    }
}

/// How a JSON value reads in an error message.
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

/// One option id, checked against the question's options.
fn parse_option(question: QuestionRef<'_>, value: &Value) -> Result<String, String> {
    let Value::String(id) = value else {
        return Err(format!(
            "expected an option id such as \"a\", found {}",
            describe(value)
        ));
    };
    let options = question.options();
    if options.iter().any(|o| o.id == id) {
        Ok(id.clone())
    } else {
        Err(format!(
            "option `{id}` does not exist; options are {}",
            options.iter().map(|o| o.id).collect::<Vec<_>>().join(", ")
        ))
    }
}

/// A list of distinct option ids.
fn parse_options(question: QuestionRef<'_>, value: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "expected a list of option ids such as [\"a\", \"c\"], found {}",
            describe(value)
        ));
    };
    let mut picks: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let id = parse_option(question, item)?;
        if picks.contains(&id) {
            return Err(format!("option `{id}` is listed twice"));
        }
        picks.push(id);
    }
    Ok(picks)
}

/// The option texts in display order.
fn texts_in_order(question: QuestionRef<'_>, option_order: &[usize]) -> Vec<String> {
    let options = question.options();
    option_order
        .iter()
        .filter_map(|&i| options.get(i).map(|o| o.text.to_string()))
        .collect()
}

/// The id of the option shown at display position `picked`.
fn picked_id(question: QuestionRef<'_>, option_order: &[usize], picked: usize) -> String {
    let options = question.options();
    option_order
        .get(picked)
        .and_then(|&i| options.get(i))
        .map_or_else(String::new, |o| o.id.to_string())
}

/// Asks for one option, shown in `option_order`.
fn ask_option(
    question: QuestionRef<'_>,
    option_order: &[usize],
    prompter: &dyn Prompter,
    lettered: bool,
) -> Result<Answer, PromptError> {
    let items = texts_in_order(question, option_order);
    let picked = prompter.select("Your answer", &items, lettered)?;
    Ok(Answer::Choice(picked_id(question, option_order, picked)))
}

/// Asks for any number of options, shown in `option_order`; an option marked exclusive
/// ("None of these") stands alone.
fn ask_options(
    question: QuestionRef<'_>,
    option_order: &[usize],
    prompter: &dyn Prompter,
    lettered: bool,
) -> Result<Answer, PromptError> {
    let items = texts_in_order(question, option_order);
    let options = question.options();
    // Positions on screen of the options that stand alone.
    let exclusive: Vec<usize> = option_order
        .iter()
        .enumerate()
        .filter(|(_, &i)| options.get(i).is_some_and(|o| o.exclusive))
        .map(|(position, _)| position)
        .collect();
    let picked = prompter.multi_select(SELECT_ALL, &items, lettered, &exclusive)?;
    Ok(Answer::Choices(
        picked
            .into_iter()
            .map(|p| picked_id(question, option_order, p))
            .collect(),
    ))
}

/// The label of a multi-select prompt.
const SELECT_ALL: &str = "Select all that apply (Space to mark, Enter to confirm)";

/// The texts of the correct options, joined.
fn correct_texts(question: QuestionRef<'_>) -> String {
    question
        .options()
        .iter()
        .filter(|o| o.correct)
        .map(|o| o.text)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Non-empty parts joined with spaces; `None` when nothing is left.
fn join_sentences(parts: Vec<String>) -> Option<String> {
    let text = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
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
            QuestionRef::Skill(&rating()).parse(&json!(4)),
            Ok(Answer::Level(4))
        );
        assert!(QuestionRef::Skill(&rating())
            .parse(&json!(6))
            .unwrap_err()
            .contains("outside 1-5"));
        assert!(QuestionRef::Skill(&rating()).parse(&json!(2.5)).is_err());
        assert!(QuestionRef::Skill(&rating())
            .parse(&json!("4"))
            .unwrap_err()
            .contains("the text"));
    }

    #[test]
    fn multi_answers_name_existing_options_once() {
        assert_eq!(
            QuestionRef::Skill(&multi()).parse(&json!(["a", "b"])),
            Ok(Answer::Choices(vec!["a".into(), "b".into()]))
        );
        assert!(QuestionRef::Skill(&multi())
            .parse(&json!(["a", "z"]))
            .unwrap_err()
            .contains("`z` does not exist"));
        assert!(QuestionRef::Skill(&multi())
            .parse(&json!(["a", "a"]))
            .unwrap_err()
            .contains("twice"));
        assert!(QuestionRef::Skill(&multi())
            .parse(&json!("a"))
            .unwrap_err()
            .contains("list"));
    }

    #[test]
    fn a_question_ref_reads_its_question_and_names_its_kind() {
        let bank = crate::bank::Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        let plan = crate::session::Plan::new(&bank, "general", None, None).unwrap();
        let find = |id: &str| {
            plan.items
                .iter()
                .find(|p| p.question.id() == id)
                .unwrap()
                .question
        };
        let (rating, scenario, mentor) = (find("talk-1"), find("talk-2"), find("mentor-kind"));
        assert_eq!(rating.prompt(), "How clearly do you write?");
        assert_eq!(
            (rating.skill_id(), rating.criterion().map(|c| c.id.as_str())),
            (Some("talk"), None)
        );
        assert!(rating.is_self_rating() && !rating.is_evidence());
        assert_eq!(rating.kind().name(), KindId::SelfRating);
        assert!(scenario.is_evidence() && !scenario.is_self_rating());
        assert_eq!(scenario.option_text("a"), "Explain with a picture.");
        assert_eq!(
            scenario.option_text("gone"),
            "gone",
            "an unknown id reads as itself"
        );
        assert_eq!(mentor.prompt(), "Do you have a mentor?");
        assert_eq!(
            (mentor.skill_id(), mentor.criterion().map(|c| c.id.as_str())),
            (None, Some("mentor"))
        );
        assert!(!mentor.is_evidence() && !mentor.is_self_rating());
        assert_eq!(mentor.kind().name(), KindId::Choice);
        // A prerequisite is not evidence: no score and no chance level.
        assert_eq!(mentor.score(&Answer::Choice("expert".into())), None);
        assert_eq!(mentor.chance(), None);
        // Equal when they name the same question of the bank.
        assert_eq!(rating, find("talk-1"));
        assert_ne!(rating, scenario);
        assert_ne!(scenario, mentor);
    }

    #[test]
    fn list_answers_read_as_their_options() {
        let m = multi();
        let q = QuestionRef::Skill(&m);
        let text = |ids: &[&str]| {
            q.kind().answer_text(
                q,
                &Answer::Choices(ids.iter().map(|s| (*s).to_string()).collect()),
            )
        };
        assert_eq!(text(&["a", "b"]), "A; B");
        assert_eq!(text(&[]), "(nothing selected)");
        assert_eq!(
            q.kind()
                .answer_items(q, &Answer::Choices(vec!["b".into(), "a".into()])),
            ["B", "A"]
        );
        assert_eq!(q.kind().best_items(q), ["A"]);
    }

    #[test]
    fn each_kind_says_its_answer_format() {
        let bank = crate::bank::Bank::embedded().unwrap();
        let plan = crate::session::Plan::new(&bank, "general", None, None).unwrap();
        let mut seen = std::collections::HashSet::new();
        for item in &plan.items {
            let kind = item.question.kind();
            let expected = match kind.name() {
                KindId::SelfRating => "a level from 1 to 5",
                KindId::Scenario | KindId::Knowledge | KindId::Choice => "one option id",
                KindId::Multi | KindId::Choices => "a list of option ids",
                KindId::Number => "a number",
                KindId::Boolean => "true or false",
            };
            assert_eq!(kind.answer_format(), expected, "{}", item.question.id());
            seen.insert(kind.name());
        }
        // The built-in bank has every kind but `boolean`; the test bank has one.
        let small = crate::bank::Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        let plan = crate::session::Plan::new(&small, "general", None, None).unwrap();
        let meets = plan
            .items
            .iter()
            .find(|p| p.question.id() == "mentor-meets")
            .unwrap()
            .question;
        assert_eq!(meets.kind().answer_format(), "true or false");
        assert_eq!(meets.kind().answer_text(meets, &Answer::Flag(true)), "Yes");
        assert_eq!(meets.kind().answer_text(meets, &Answer::Flag(false)), "No");
        seen.insert(meets.kind().name());
        assert_eq!(seen.len(), 8, "every kind checked: {seen:?}");
    }

    #[test]
    fn evidence_options_are_shuffled_and_scales_and_prerequisites_are_not() {
        for kind in [KindId::Scenario, KindId::Knowledge, KindId::Multi] {
            let bank = crate::bank::Bank::embedded().unwrap();
            let plan = crate::session::Plan::new(&bank, "general", None, None).unwrap();
            let item = plan
                .items
                .iter()
                .find(|p| p.question.kind().name() == kind)
                .unwrap();
            assert!(item.question.kind().shuffles_options(), "{kind:?}");
        }
        let bank = crate::bank::Bank::embedded().unwrap();
        let plan = crate::session::Plan::new(&bank, "general", None, None).unwrap();
        for item in &plan.items {
            let kind = item.question.kind();
            if !kind.is_evidence() {
                assert!(!kind.shuffles_options(), "{}", item.question.id());
            }
        }
    }

    #[test]
    fn kind_names_in_text_are_the_names_in_files() {
        use KindId::*;
        for kind in [
            SelfRating, Scenario, Knowledge, Multi, Choice, Choices, Number, Boolean,
        ] {
            let in_files = serde_json::to_value(kind).unwrap();
            assert_eq!(in_files, kind.as_str(), "{kind:?}");
            assert_eq!(kind.to_string(), kind.as_str());
        }
    }

    #[test]
    fn an_exclusive_option_stands_alone() {
        let criterion: Criterion = serde_json::from_value(json!({
            "id": "c", "name": "C", "description": "d",
            "questions": [{"id": "roles", "prompt": "p", "type": "choices", "options": [
                {"id": "dev", "text": "Dev"}, {"id": "pm", "text": "PM"},
                {"id": "none", "text": "None of these", "exclusive": true}]}],
            "rules": [], "otherwise": {"status": "met", "detail": "d"},
            "priority": {}, "next_steps": {}
        }))
        .unwrap();
        let q = QuestionRef::Prerequisite {
            criterion: &criterion,
            question: &criterion.questions[0],
        };
        assert_eq!(
            q.parse(&json!(["none"])),
            Ok(Answer::Choices(vec!["none".into()]))
        );
        assert_eq!(
            q.parse(&json!(["dev", "pm"])),
            Ok(Answer::Choices(vec!["dev".into(), "pm".into()]))
        );
        assert_eq!(
            q.parse(&json!(["dev", "none"])).unwrap_err(),
            "option `none` (\"None of these\") cannot be combined with other options; list it alone or leave it out"
        );
    }

    #[test]
    fn numbers_stay_in_range() {
        let criterion: Criterion = serde_json::from_value(json!({
            "id": "c", "name": "C", "description": "d",
            "questions": [{"id": "y", "prompt": "p", "type": "number", "min": 0, "max": 60, "unit": "years"}],
            "rules": [], "otherwise": {"status": "met", "detail": "d"},
            "priority": {}, "next_steps": {}
        }))
        .unwrap();
        let q = QuestionRef::Prerequisite {
            criterion: &criterion,
            question: &criterion.questions[0],
        };
        assert_eq!(q.parse(&json!(3.5)), Ok(Answer::Number(3.5)));
        assert_eq!(q.parse(&json!(-1)).unwrap_err(), "-1 is outside 0-60 years");
        assert!(q.parse(&json!(1000)).is_err());
    }
}
