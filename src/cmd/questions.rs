//! `tpm-ready questions`: list the questions of a track (never scores or correct answers).

use serde::Serialize;

use crate::bank::{Bank, Condition};
use crate::cli::QuestionsArgs;
use crate::question::QuestionRef;
use crate::session::Plan;
use crate::{form, store};

/// One question as listed.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: &'a str,
    section: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    skill: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    criterion: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    prompt: &'a str,
    /// What an answers file must hold for this question.
    answer: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<ListedOption<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ask_if: Option<&'a Condition>,
}

#[derive(Debug, Serialize)]
struct ListedOption<'a> {
    id: &'a str,
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct Listing<'a> {
    bank: &'a str,
    version: &'a str,
    track: &'a str,
    /// The form listed (absent for banks without forms and with `--pool`).
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<&'a form::FormChoice>,
    questions: Vec<Listed<'a>>,
}

/// One question as `questions` lists it: its kind says which answer format it takes.
fn listed(question: QuestionRef<'_>) -> Listed<'_> {
    let kind = question.kind();
    let (min, max, unit) = match question {
        QuestionRef::Prerequisite { question, .. } => {
            (question.min, question.max, question.unit.as_deref())
        }
        QuestionRef::Skill(_) => (None, None, None),
    };
    Listed {
        id: question.id(),
        section: if question.skill_id().is_some() {
            "skill"
        } else {
            "rubric"
        },
        skill: question.skill_id(),
        criterion: question.criterion().map(|c| c.id.as_str()),
        kind: kind.name().as_str(),
        prompt: question.prompt(),
        answer: kind.answer_format(),
        levels: question.levels().iter().map(String::as_str).collect(),
        options: question
            .options()
            .into_iter()
            .map(|o| ListedOption {
                id: o.id,
                text: o.text,
            })
            .collect(),
        min,
        max,
        unit,
        ask_if: question.ask_if(),
    }
}

/// Runs `questions`.
pub fn run(args: &QuestionsArgs) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.bank.as_deref())?;
    bank.print_warnings();
    let track = bank.track_or_default(args.track.as_deref());
    let mut plan = Plan::new(&bank, &track, None, None)?;
    if !args.pool {
        // The same draw `quiz` makes for this candidate's next run.
        let name = if args.quick {
            form::QUICK
        } else {
            form::STANDARD
        };
        let dir = args
            .name
            .as_deref()
            .map(|n| store::candidate_dir(&args.out, n));
        form::apply(&bank, &mut plan, name, dir.as_deref(), None)?;
    }
    let questions: Vec<Listed<'_>> = plan.items.iter().map(|p| listed(p.question)).collect();
    if args.json {
        let listing = Listing {
            bank: &bank.meta.id,
            version: &bank.meta.version,
            track: &track,
            form: plan.form.as_ref(),
            questions,
        };
        println!("{}", serde_json::to_string_pretty(&listing)?);
        return Ok(());
    }
    let form = plan.form.as_ref().map_or_else(
        || "all questions".to_string(),
        |f| format!("{} form", f.form),
    );
    println!(
        "{} {} · track {track} · {form} · {}\n",
        bank.meta.title,
        bank.meta.version,
        crate::report::text::plural(questions.len(), "question", "questions")
    );
    let mut section = "";
    for (q, planned) in questions.iter().zip(&plan.items) {
        let name = planned.question.section_name(&bank);
        if name != section {
            section = name;
            println!("{name}");
        }
        println!("  {}  [{}] {}", q.id, q.kind, q.prompt);
        for (i, level) in q.levels.iter().enumerate() {
            println!("      {}  {level}", i + 1);
        }
        for o in &q.options {
            println!("      {}  {}", o.id, o.text);
        }
        if let (Some(min), Some(max)) = (q.min, q.max) {
            println!(
                "      a number from {min} to {max}{}",
                q.unit.map_or(String::new(), |u| format!(" ({u})"))
            );
        }
        if let Some(cond) = q.ask_if {
            println!(
                "      asked only when `{}` is one of: {}",
                cond.question,
                cond.any_of.as_deref().unwrap_or_default().join(", ")
            );
        }
        println!("      answer: {}", q.answer);
    }
    Ok(())
}
