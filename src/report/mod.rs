//! The gap report, in three parts: its data model (`model`: the JSON contract,
//! `schema_version` 2), its assembly from a scored run (`assemble`), and its formats.
//!
//! Each format is one module behind the [`Format`] trait and returns the document's text;
//! [`Documents`] decides which documents a report has, and writing files is done in one
//! place ([`crate::store`]).

mod assemble;
mod chart;
mod documents;
mod html;
mod json;
mod markdown;
mod model;
mod outline;
mod terminal;
pub(crate) mod text;

pub use assemble::RunResult;
pub use chart::Chart;
pub use documents::Documents;
pub use html::Html;
pub use json::Json;
pub use markdown::Markdown;
pub use model::*;
pub use outline::{Outline, Part};
pub use terminal::{wrap, Terminal};

/// A report format: turns a report into the text of one document.
pub trait Format {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// The document.
    fn render(&self, report: &Report) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;
    use crate::bank::Bank;
    use crate::question::{KindId, QuestionRef};
    use serde_json::Value;

    /// The keys of a type's JSON object and the shape of each (descriptions and
    /// defaults dropped: only the shape must agree).
    fn properties<T: schemars::JsonSchema>() -> serde_json::Map<String, Value> {
        fn shape(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    map.remove("description");
                    map.remove("default");
                    map.values_mut().for_each(shape);
                }
                Value::Array(items) => items.iter_mut().for_each(shape),
                _ => {}
            }
        }
        let mut schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        shape(&mut schema);
        schema["properties"].as_object().unwrap().clone()
    }

    #[test]
    fn only_evidence_answers_have_a_best_answer() {
        let r = crate::report::chart::tests::small_report();
        for a in &r.answers {
            let evidence = a.section == Section::Skill && a.kind != KindId::SelfRating;
            assert_eq!(a.best_answer.is_some(), evidence, "{}", a.id);
            if !evidence {
                assert_eq!(a.feedback, None, "{}: nothing to explain", a.id);
            }
            // Only multi-select answers are lists.
            assert_eq!(
                !a.best_items.is_empty(),
                a.kind == KindId::Multi,
                "{}",
                a.id
            );
        }
        let multi = r.answers.iter().find(|a| a.id == "talk-4").unwrap();
        assert_eq!(multi.answer_items.len(), 2, "a and b were picked");
        // A number reads with its unit.
        let years = r.answers.iter().find(|a| a.id == "exp-years").unwrap();
        assert_eq!(years.answer_text, "2.5 years");
        // The small bank's talk-4 keys options a and b.
        assert_eq!(
            multi.best_answer.as_deref(),
            Some("A one-line summary.; Named owners.")
        );
    }

    #[test]
    fn old_multi_answers_split_only_when_the_pieces_match_the_picks() {
        // Reports written before `answer_items` joined the picked options with "; ".
        let r = crate::report::chart::tests::small_report();
        let mut old = r.answers.iter().find(|a| a.id == "talk-4").unwrap().clone();
        old.answer_items.clear();
        old.answer = serde_json::json!(["a", "b"]);
        old.answer_text = "A one-line summary.; Named owners.".into();
        assert_eq!(old.answer_list(), ["A one-line summary.", "Named owners."]);
        // Two picks but three pieces: an option's own text holds "; ", so no split.
        old.answer_text = "Owners; dates.; Named owners.".into();
        assert_eq!(old.answer_list(), ["Owners; dates.; Named owners."]);
    }

    #[test]
    fn run_modes_in_text_are_the_modes_in_files() {
        for mode in [Mode::Interactive, Mode::Scripted] {
            assert_eq!(serde_json::to_value(mode).unwrap(), mode.as_str());
            assert_eq!(mode.to_string(), mode.as_str());
        }
    }

    /// `Summary` is the report minus its long parts. A field added to `Report` must be
    /// added to `Summary` too, or named here with the reason it is left out, so
    /// `progress` and `cohort` cannot silently miss it.
    #[test]
    fn the_summary_has_every_report_field_but_the_long_ones() {
        const LEFT_OUT: &[&str] = &[
            "answers",      // most of a report's bytes; progress never shows them
            "mentor_notes", // free text, read by `review` only
            "limits",       // the bank's caveat paragraph, the same in every report
            "started_at",   // progress dates runs by their finish
            "track_name",   // progress shows the track id
        ];
        let report = properties::<Report>();
        let summary = properties::<Summary>();
        for (key, schema) in &report {
            if LEFT_OUT.contains(&key.as_str()) {
                assert!(
                    !summary.contains_key(key),
                    "`{key}` is both left out and kept"
                );
                continue;
            }
            let kept = summary.get(key).unwrap_or_else(|| {
                panic!("Report has `{key}` but Summary does not: add it, or to LEFT_OUT")
            });
            assert_eq!(kept, schema, "`{key}` has another shape in Summary");
        }
        for key in summary.keys() {
            assert!(
                report.contains_key(key),
                "Summary has `{key}`, Report does not"
            );
        }
    }

    #[test]
    fn multi_feedback_names_missed_and_wrong_picks() {
        let bank = Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        let q = QuestionRef::Skill(bank.question("talk-4").unwrap());
        let text = q
            .kind()
            .feedback(q, &Answer::Choices(vec!["a".into(), "c".into()]))
            .unwrap();
        assert_eq!(
            text,
            "You missed \"Named owners.\": Yes. You picked \"Jargon.\", which does not belong: No. Short, owned, plain."
        );
    }
}
