//! Errors that end a command with a particular exit code, and the mapping to codes.

use crate::answers::AnswersError;
use crate::bank::BankError;
use crate::session::PlanError;

/// The command line asks for something that cannot be done as asked.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// Interactive quiz without a terminal.
    #[error(
        "stdin or stderr is not a terminal, so the quiz cannot ask questions\n\
         hint: score a file instead with `tpm-ready quiz --answers FILE`; `tpm-ready questions` lists the ids"
    )]
    NotATerminal,
    /// `--resume` without an unfinished run.
    #[error("no unfinished run for {0} (looked for {1}); leave out --resume to start one")]
    NothingToResume(String, String),
    /// `--focus` names a report of another bank.
    #[error("{0} was scored with bank `{1}`, not the bank in use; pass the same --bank to retake its gaps")]
    OtherBank(String, String),
    /// A mentor note with no text or no mentor.
    #[error("a note needs text and a mentor name (--note TEXT --mentor NAME)")]
    EmptyNote,
    /// `--skill` names a skill the report does not have.
    #[error("the report has no skill `{0}`; its skills are: {1}")]
    UnknownSkillInReport(String, String),
    /// `convert` cannot tell the output format from the extension.
    #[error("cannot tell the format of {0} from its extension; name it .json or .gift")]
    UnknownFormat(String),
    /// No reports where some were expected.
    #[error("no readable reports under {0}")]
    NoReports(String),
    /// `progress` without a name, but several candidates.
    #[error("{0} holds reports of several candidates ({1}); name one: `tpm-ready progress NAME`")]
    WhichCandidate(String, String),
    /// Scripted run without a candidate name.
    #[error(
        "answers file {0} has no candidate name: pass --name or set \"candidate\" in the file"
    )]
    NoName(String),
    /// A flag with a value that cannot be used; the text names the flag.
    #[error("{0}")]
    Invalid(String),
}

/// The user stopped the quiz (Esc or Ctrl-C). Maps to exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("quiz stopped{}", .hint.as_ref().map_or(String::new(), |h| format!("; {h}")))]
pub struct Aborted {
    /// How to carry on, if there is a way.
    pub hint: Option<String>,
}

/// `validate` found problems. Maps to exit code 1 (the check ran; the bank failed it).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProblemsFound(pub String);

/// The exit code for an error: 130 user abort, 2 usage or invalid input, 1 otherwise.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<Aborted>() {
            return 130;
        }
        if cause.is::<ProblemsFound>() {
            return 1;
        }
        let invalid_bank = cause
            .downcast_ref::<BankError>()
            .is_some_and(|e| matches!(e, BankError::Invalid { .. } | BankError::NoFiles(_)));
        let invalid_answers = cause
            .downcast_ref::<AnswersError>()
            .is_some_and(|e| !matches!(e, AnswersError::Io { .. }));
        if invalid_bank
            || invalid_answers
            || cause.is::<UsageError>()
            || cause.is::<PlanError>()
            || cause.is::<crate::form::FormError>()
            || cause.is::<crate::panel::PanelError>()
            || cause.is::<crate::history::LookupError>()
        {
            return 2;
        }
    }
    1
}

/// An error and its causes on one line, each cause said once: a cause whose text ends
/// the message before it already (an error that names its source) is left out.
pub fn message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if parts.iter().any(|p| p.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::other("disk full");
        let store = crate::store::StoreError {
            path: "r.json".into(),
            source: io,
        };
        let err = anyhow::Error::new(store).context("the report was not written");
        assert_eq!(
            message(&err),
            "the report was not written: cannot write r.json: disk full"
        );
    }
}
