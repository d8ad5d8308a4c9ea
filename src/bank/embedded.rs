//! The default bank, compiled into the binary so the quiz runs from any folder.
//!
//! Names are relative to `questions/` and sorted as a folder load sorts them, so the
//! embedded bank and `--bank questions` have the same sha256 (a unit test checks it).

/// `(path relative to questions/, contents)` of every file of the default bank.
pub(super) const FILES: &[(&str, &str)] = &[
    ("bank.json", include_str!("../../questions/bank.json")),
    ("rubric.json", include_str!("../../questions/rubric.json")),
    (
        "skills/01-communication.json",
        include_str!("../../questions/skills/01-communication.json"),
    ),
    (
        "skills/02-emotional-intelligence.json",
        include_str!("../../questions/skills/02-emotional-intelligence.json"),
    ),
    (
        "skills/03-business-knowledge.json",
        include_str!("../../questions/skills/03-business-knowledge.json"),
    ),
    (
        "skills/04-critical-thinking.json",
        include_str!("../../questions/skills/04-critical-thinking.json"),
    ),
    (
        "skills/05-leadership.json",
        include_str!("../../questions/skills/05-leadership.json"),
    ),
    (
        "skills/06-technical-expertise.json",
        include_str!("../../questions/skills/06-technical-expertise.json"),
    ),
    (
        "skills/07-risk-management.json",
        include_str!("../../questions/skills/07-risk-management.json"),
    ),
    (
        "skills/08-project-management.json",
        include_str!("../../questions/skills/08-project-management.json"),
    ),
    (
        "skills/09-agile-methods.json",
        include_str!("../../questions/skills/09-agile-methods.json"),
    ),
];
