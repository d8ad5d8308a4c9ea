//! How a run was taken, as short marks for the rows of `progress` and `cohort` and a key
//! under their tables, so a mentor sees at a glance which results to read with care.

use serde::Serialize;

use crate::report::{Mode, Summary};

/// How a run was taken and whether it was flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// `interactive` or `scripted` (answers from a file).
    pub mode: Mode,
    /// A `--quick` run: the short form, fewer items, wider ranges.
    pub quick: bool,
    /// Resumed after an interruption.
    pub resumed: bool,
    /// A focused retake: some results were carried over from an earlier report.
    pub focused: bool,
    /// The report file a focused retake carried its other results from.
    pub carried_from: Option<String>,
    /// Ids of the run's own response-quality flags.
    pub quality: Vec<String>,
    /// Ids of the flags of the run a focused retake carried results from (and of the run
    /// that one carried from), when that report could be read.
    pub inherited_quality: Vec<String>,
}

/// One mark: its symbol and what it means.
const MARKS: [(&str, &str); 5] = [
    ("S", "scripted (answers from a file)"),
    ("Q", "quick form (fewer items, wider ranges)"),
    (
        "F",
        "focused retake (other results carried from an earlier run)",
    ),
    ("R", "resumed after an interruption"),
    (
        "!",
        "quality warning (its own, or of the run it carried from; see its report)",
    ),
];

impl Provenance {
    /// What a report says about how it was taken (inherited flags are added by the caller,
    /// who can find the earlier run).
    pub fn of(r: &Summary) -> Self {
        Self {
            mode: r.run.mode,
            quick: r.run.quick,
            resumed: r.run.resumed,
            focused: r.coverage.carried_from.is_some() || !r.coverage.carried.is_empty(),
            carried_from: r.coverage.carried_from.clone(),
            quality: r.quality.iter().map(|f| f.id.to_string()).collect(),
            inherited_quality: Vec::new(),
        }
    }

    /// `! WHO: quality warning FLAGS` for a flagged run (inherited flags with the report
    /// they came with); `None` when nothing is flagged.
    pub fn flag_line(&self, who: &str) -> Option<String> {
        if !self.flagged() {
            return None;
        }
        let mut parts = Vec::new();
        if !self.quality.is_empty() {
            parts.push(self.quality.join(", "));
        }
        if !self.inherited_quality.is_empty() {
            parts.push(format!(
                "{} (carried from {})",
                self.inherited_quality.join(", "),
                self.carried_from.as_deref().unwrap_or("an earlier run")
            ));
        }
        Some(format!("! {who}: quality warning {}", parts.join("; ")))
    }

    /// Whether any quality flag applies, its own or inherited.
    pub fn flagged(&self) -> bool {
        !self.quality.is_empty() || !self.inherited_quality.is_empty()
    }

    /// Every flag id that applies, own first, each once.
    pub fn all_quality(&self) -> Vec<String> {
        let mut all = self.quality.clone();
        for id in &self.inherited_quality {
            if !all.contains(id) {
                all.push(id.clone());
            }
        }
        all
    }

    fn has(&self, symbol: &str) -> bool {
        match symbol {
            "S" => self.mode == Mode::Scripted,
            "Q" => self.quick,
            "F" => self.focused,
            "R" => self.resumed,
            _ => self.flagged(),
        }
    }

    /// The marks of this run, e.g. `SF!`; empty for a plain interactive run.
    pub fn marks(&self) -> String {
        MARKS
            .iter()
            .filter(|(symbol, _)| self.has(symbol))
            .map(|(symbol, _)| *symbol)
            .collect()
    }

    /// The key to the marks used by `runs`, one `symbol meaning` per entry; empty when
    /// no run has a mark.
    #[allow(clippy::needless_pass_by_value)] // a cheap iterator, cloned once per mark
    pub fn key<'a>(runs: impl IntoIterator<Item = &'a Self> + Clone) -> Vec<String> {
        MARKS
            .iter()
            .filter(|(symbol, _)| runs.clone().into_iter().any(|p| p.has(symbol)))
            .map(|(symbol, meaning)| format!("{symbol} {meaning}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_their_key() {
        let plain = Provenance {
            mode: Mode::Interactive,
            ..Provenance::default()
        };
        assert_eq!(plain.marks(), "");
        let focused = Provenance {
            mode: Mode::Scripted,
            focused: true,
            carried_from: Some("a.json".into()),
            inherited_quality: vec!["same_position".into()],
            ..Provenance::default()
        };
        assert_eq!(focused.marks(), "SF!");
        assert!(focused.flagged());
        let quick = Provenance {
            mode: Mode::Interactive,
            quick: true,
            resumed: true,
            quality: vec!["too_fast".into(), "same_position".into()],
            inherited_quality: vec!["same_position".into()],
            ..Provenance::default()
        };
        assert_eq!(quick.marks(), "QR!");
        assert_eq!(quick.all_quality(), ["too_fast", "same_position"]);
        let key = Provenance::key([&plain, &focused]);
        assert_eq!(key.len(), 3, "{key:?}");
        assert!(key[0].starts_with("S scripted"));
        assert!(key[1].starts_with("F focused retake"));
        assert!(key[2].starts_with("! quality warning"));
        assert!(Provenance::key([&plain]).is_empty());
    }
}
