//! `tpm-ready convert IN OUT`: a bank between JSON and GIFT, chosen by OUT's extension.

use anyhow::Context;

use crate::bank::{gift, Bank, BankFile};
use crate::cli::ConvertArgs;
use crate::error::UsageError;
use crate::store;

/// Runs `convert`.
pub fn run(args: &ConvertArgs, ctx: &super::Context) -> anyhow::Result<()> {
    let ext = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let to_gift = match ext.as_deref() {
        Some("gift") => true,
        Some("json") => false,
        _ => return Err(UsageError::UnknownFormat(args.output.display().to_string()).into()),
    };
    let bank = Bank::load(&args.input)?;
    bank.print_warnings();
    if to_gift {
        let renamed = bank
            .questions
            .iter()
            .filter(|q| {
                q.options
                    .iter()
                    .enumerate()
                    .any(|(i, o)| o.id != gift::option_id(i))
            })
            .count();
        if renamed > 0 {
            eprintln!(
                "warning: {renamed} questions have option ids other than a, b, c, … in order; GIFT has no option ids, so reading the file back numbers them a, b, c, …"
            );
        }
    }
    let bytes = if to_gift {
        gift::write(&bank.meta.id, &bank.questions).into_bytes()
    } else {
        let file = BankFile {
            schema: None,
            bank: Some(bank.meta.clone()),
            skills: bank.skills.clone(),
            questions: bank.questions.clone(),
            rubric: bank.rubric.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file)?;
        text.push('\n');
        text.into_bytes()
    };
    store::write_atomic(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    if !ctx.output.quiet {
        println!(
            "wrote {} ({} of {})",
            args.output.display(),
            crate::report::text::plural(bank.questions.len(), "question", "questions"),
            crate::report::text::plural(bank.skills.len(), "skill", "skills")
        );
        if to_gift && !bank.rubric.is_empty() {
            println!(
                "note: GIFT has no place for the bank header, skills or {} prerequisites; keep them in JSON beside the .gift file",
                bank.rubric.len()
            );
        }
    }
    Ok(())
}
