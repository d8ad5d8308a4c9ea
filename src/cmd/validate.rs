//! `tpm-ready validate [PATH]`: check a bank and list every problem.

use crate::bank::{Bank, BankError};
use crate::cli::ValidateArgs;
use crate::error::ProblemsFound;

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    match Bank::load_or_embedded(args.path.as_deref()) {
        Ok(bank) => {
            let rubric_questions: usize = bank.rubric.iter().map(|c| c.questions.len()).sum();
            println!(
                "ok: {} (bank `{}` version {}): {} skills, {} questions, {} prerequisites with {} questions, {} tracks",
                bank.source,
                bank.meta.id,
                bank.meta.version,
                bank.skills.len(),
                bank.questions.len(),
                bank.rubric.len(),
                rubric_questions,
                bank.meta.tracks.len()
            );
            Ok(())
        }
        Err(BankError::Invalid {
            source_name,
            problems,
        }) => {
            for problem in &problems {
                println!("{problem}");
            }
            let n = problems.len();
            Err(ProblemsFound(format!(
                "{n} problem{} in bank {source_name}",
                if n == 1 { "" } else { "s" }
            ))
            .into())
        }
        Err(other) => Err(other.into()),
    }
}
