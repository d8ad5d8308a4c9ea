//! Small text helpers shared by the report formats and the other Markdown documents.

use crate::scoring::CalibrationStatus;

/// A score for people: rounded, or `n/a` when not measured.
pub fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.0}"))
}

/// One word for a calibration status.
pub fn calibration_word(status: CalibrationStatus) -> &'static str {
    match status {
        CalibrationStatus::Over => "over-rated",
        CalibrationStatus::Under => "under-rated",
        CalibrationStatus::Aligned => "aligned",
        CalibrationStatus::Unknown => "n/a",
    }
}

/// The text with its first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Makes text safe inside a Markdown table cell or on a single Markdown line.
pub fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
        assert_eq!(capitalise("über"), "Über");
        assert_eq!(figure(None), "n/a");
    }
}
