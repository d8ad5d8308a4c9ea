//! `tpm-ready validate [PATH]`: check a bank and list every problem.

use std::path::Path;

use serde_json::json;

use crate::bank::{Bank, BankError};
use crate::cli::ValidateArgs;
use crate::error::ProblemsFound;
use crate::panel;

/// Runs `validate --panel`: the panel's agreement on the bank's scenario keys.
fn panel(args: &ValidateArgs) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.path.as_deref())?;
    let raters = match &args.path {
        None => panel::embedded()?,
        Some(path) => {
            let folder = if path.is_dir() {
                path.clone()
            } else {
                path.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            panel::read_dir(&folder.join(crate::bank::PANEL_DIR))?
        }
    };
    let agreement = panel::agreement(&bank, &raters);
    let problems = agreement.problems();
    if args.json {
        let value =
            json!({"ok": problems.is_empty(), "agreement": agreement, "problems": problems});
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "{:<12} {:>6}  {:>6}  {:<5} panel means",
            "item", "best", "margin", "agree"
        );
        for item in &agreement.items {
            let means: Vec<String> = item
                .means
                .iter()
                .map(|(id, m)| format!("{id} {m:.2}"))
                .collect();
            println!(
                "{:<12} {:>6}  {:>6.2}  {:<5} {}",
                item.id,
                item.best,
                item.margin,
                if item.all_agree { "yes" } else { "NO" },
                means.join(", ")
            );
        }
        let pct = |x: f64| format!("{:.0}%", 100.0 * x);
        let icc = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"));
        println!(
            "\n{} raters ({}); {} of {} scenario items rated",
            agreement.raters.len(),
            agreement.raters.join(", "),
            agreement.items.len(),
            agreement.scenarios
        );
        println!(
            "best option the same for every rater: {}; best leads by a rating point or more: {}",
            pct(agreement.all_agree),
            pct(agreement.clear_best)
        );
        println!(
            "intraclass correlation over every option: ICC(2,1) {} (one rater), ICC(2,k) {} (the panel mean)",
            icc(agreement.icc_single),
            icc(agreement.icc_mean)
        );
        for problem in &problems {
            println!("problem: {problem}");
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ProblemsFound(format!(
            "{} panel {} the keys",
            problems.len(),
            if problems.len() == 1 {
                "problem with"
            } else {
                "problems with"
            }
        ))
        .into())
    }
}

/// Runs `validate`.
pub fn run(args: &ValidateArgs, ctx: &super::Context) -> anyhow::Result<()> {
    if args.panel {
        return panel(args);
    }
    let result = Bank::load_or_embedded(args.path.as_deref());
    let (source_name, problems) = match result {
        Ok(bank) => {
            let rubric_questions: usize = bank.rubric.iter().map(|c| c.questions.len()).sum();
            if args.json {
                let summary = json!({
                    "ok": true,
                    "bank": {
                        "source": bank.source, "id": bank.meta.id, "version": bank.meta.version,
                        "sha256": bank.sha256, "skills": bank.skills.len(), "questions": bank.questions.len(),
                        "prerequisites": bank.rubric.len(), "prerequisite_questions": rubric_questions,
                        "tracks": bank.track_ids(),
                    },
                    "problems": [],
                    "warnings": bank.warnings.iter().map(|p| json!({"file": p.file, "place": p.place, "message": p.message})).collect::<Vec<_>>(),
                });
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else if !ctx.output.quiet {
                bank.print_warnings();
                println!(
                    "ok: {} (bank `{}` version {}): {}, {}, {} with {}, {}",
                    bank.source,
                    bank.meta.id,
                    bank.meta.version,
                    crate::report::text::plural(bank.skills.len(), "skill", "skills"),
                    crate::report::text::plural(bank.questions.len(), "question", "questions"),
                    crate::report::text::plural(bank.rubric.len(), "prerequisite", "prerequisites"),
                    crate::report::text::plural(rubric_questions, "question", "questions"),
                    crate::report::text::plural(bank.meta.tracks.len(), "track", "tracks")
                );
            }
            return Ok(());
        }
        Err(BankError::Invalid {
            source_name,
            problems,
        }) => (source_name, problems),
        Err(other) => return Err(other.into()),
    };
    if args.json {
        let listed: Vec<_> = problems
            .iter()
            .map(|p| json!({"file": p.file, "place": p.place, "message": p.message}))
            .collect();
        let summary = json!({"ok": false, "bank": {"source": source_name}, "problems": listed});
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        for problem in &problems {
            println!("{problem}");
        }
    }
    let n = problems.len();
    Err(ProblemsFound(format!(
        "{n} problem{} in bank {source_name}",
        if n == 1 { "" } else { "s" }
    ))
    .into())
}
