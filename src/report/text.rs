//! Small text helpers shared by the report formats and the other Markdown documents.

use crate::scoring::{CalibrationStatus, SkillResult};

/// A score for people: rounded, or `n/a` when not measured.
pub fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.0}"))
}

/// A score with its 90% interval for people, e.g. `62 (48–75)`; the bare score when the
/// interval is unknown (version 1 reports), `n/a` when not measured.
pub fn with_range(x: Option<f64>, interval: Option<[f64; 2]>) -> String {
    match (x, interval) {
        (Some(v), Some([lo, hi])) => format!("{v:.0} ({lo:.0}–{hi:.0})"),
        _ => figure(x),
    }
}

/// The self-rating as the level chosen, e.g. `level 3 of 5`, or `n/a`.
pub fn self_level(s: &SkillResult) -> String {
    let level = s.calibration.level.or_else(|| {
        // Version 1 reports store only the 0-100 self-rating: level 1 is 0, level 5 is 100.
        s.self_rating
            .map(|r| (r / 25.0).round().clamp(0.0, 4.0) as u8 + 1)
    });
    level.map_or_else(|| "n/a".to_string(), |l| format!("level {l} of 5"))
}

/// How the run was taken, e.g. `scripted · quick form: 27 skill questions, 3 answered in
/// earlier runs`, so a mentor sees provenance beside the scores.
pub fn run_line(r: &super::Report) -> String {
    let mut parts = vec![r.run.mode.clone()];
    if r.run.resumed {
        parts.push("resumed".into());
    }
    if let Some(e) = &r.exposure {
        let mut form = format!(
            "{} form: {} skill questions, {} answered in earlier runs",
            e.form, e.items, e.seen_before
        );
        if r.run.quick {
            form.push_str(" (quick: fewer items, wider ranges)");
        }
        parts.push(form);
    }
    parts.join(" · ")
}

/// Said of a version 1 report wherever its scores are shown.
pub const UNCORRECTED: &str = "scores uncorrected for guessing (report version 1)";

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

/// Makes text safe inside a Markdown table cell or on a single Markdown line: one line,
/// no control characters, and every character a renderer could start raw HTML, an
/// entity, a link, an image, code or emphasis with is backslash-escaped (`<`, `&`, `[`,
/// `]`, `!`, backtick, `*`, `_`, `~`, `|`, `\\`), so user text stays text.
pub fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in crate::clean::line(text).chars() {
        if matches!(
            c,
            '\\' | '|' | '<' | '>' | '&' | '[' | ']' | '!' | '`' | '*' | '_' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
        assert_eq!(
            md_cell("<img src=x> [a](javascript:b) ![i](http://x/p.png) \u{1b}"),
            "\\<img src=x\\> \\[a\\](javascript:b) \\!\\[i\\](http://x/p.png) \u{FFFD}"
        );
        assert_eq!(capitalise("über"), "Über");
        assert_eq!(figure(None), "n/a");
        assert_eq!(with_range(Some(62.4), Some([48.0, 75.2])), "62 (48–75)");
        assert_eq!(with_range(Some(62.4), None), "62");
    }
}
