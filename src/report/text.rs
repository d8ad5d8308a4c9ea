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

/// The self-rating as a level 1-5.
pub fn self_level_number(s: &SkillResult) -> Option<u8> {
    s.calibration.level.or_else(|| {
        // Version 1 reports store only the 0-100 self-rating: level 1 is 0, level 5 is 100.
        s.self_rating
            .map(|r| (r / 25.0).round().clamp(0.0, 4.0) as u8 + 1)
    })
}

/// The self-rating as the level chosen, e.g. `level 3 of 5`, or `n/a`.
pub fn self_level(s: &SkillResult) -> String {
    self_level_number(s).map_or_else(|| "n/a".to_string(), |l| format!("level {l} of 5"))
}

pub use crate::words::plural;

/// How the run was taken, e.g. `scripted · quick form (fewer items, wider ranges) ·
/// focused retake: 2 results carried from X.json · 27 skill questions, 3 answered in
/// earlier runs`, so a mentor sees provenance beside the scores.
pub fn run_line(r: &super::Report) -> String {
    let mut parts = vec![r.run.mode.to_string()];
    if r.run.quick {
        parts.push("quick form (fewer items, wider ranges)".into());
    }
    if r.run.resumed {
        parts.push("resumed after an interruption".into());
    }
    if let Some(from) = &r.coverage.carried_from {
        parts.push(format!(
            "focused retake: {} carried from {from}",
            plural(r.coverage.carried.len(), "result", "results")
        ));
    }
    if let Some(e) = &r.exposure {
        let form = if r.run.quick {
            String::new()
        } else {
            format!("{} form: ", e.form)
        };
        parts.push(format!(
            "{form}{}, {} answered in earlier runs",
            plural(e.items, "skill question", "skill questions"),
            e.seen_before
        ));
    }
    parts.join(" · ")
}

/// What a partial run measured and carried, with names, e.g. `measured Planning;
/// carried from X.json: Talking, Degree`; `None` for a whole run.
pub fn coverage_line(r: &super::Report) -> Option<String> {
    if !r.run.partial {
        return None;
    }
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| r.name_of(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let measured = if r.coverage.measured.is_empty() {
        "no skills".to_string()
    } else {
        names(&r.coverage.measured)
    };
    let mut line = format!("partial: measured {measured}");
    if let Some(from) = &r.coverage.carried_from {
        line.push_str(&format!(
            "; carried from {from}: {}",
            names(&r.coverage.carried)
        ));
    }
    Some(line)
}

/// Every response-quality warning that applies to the report: this run's, then those of
/// the run its carried results come from, marked as such.
pub fn quality_lines(r: &super::Report) -> Vec<String> {
    let from = r
        .coverage
        .carried_from
        .as_deref()
        .unwrap_or("an earlier run");
    r.quality
        .iter()
        .map(|f| f.message.clone())
        .chain(
            r.coverage
                .carried_quality
                .iter()
                .map(|f| format!("In {from}, whose results are carried over: {}", f.message)),
        )
        .collect()
}

/// One skill's self-rating, mentor ratings and evidence level, side by side.
pub struct RatingRow<'a> {
    /// The skill.
    pub skill: &'a SkillResult,
    /// The candidate's level, 1-5.
    pub own: Option<u8>,
    /// The latest rating of each mentor.
    pub mentors: Vec<&'a super::MentorRating>,
    /// The level the evidence score falls in, 1-5.
    pub evidence: Option<u8>,
    /// True when a mentor's rating is two or more levels from the self-rating.
    pub disagree: bool,
}

/// Rows for the skills a mentor has rated, in the report's skill order.
pub fn rating_rows(r: &super::Report) -> Vec<RatingRow<'_>> {
    r.skills
        .iter()
        .filter_map(|s| {
            let mentors = r.mentor_ratings_of(&s.id);
            if mentors.is_empty() {
                return None;
            }
            let own = self_level_number(s);
            // Progression frameworks treat one level apart as normal, two as a disconnect.
            let disagree = own.is_some_and(|own| {
                mentors
                    .iter()
                    .any(|m| i16::from(m.level).abs_diff(i16::from(own)) >= 2)
            });
            Some(RatingRow {
                skill: s,
                own,
                mentors,
                evidence: s.calibration.evidence_level,
                disagree,
            })
        })
        .collect()
}

/// `level 4 (Grace H)`, for each mentor, joined.
pub fn mentor_levels(row: &RatingRow<'_>) -> String {
    row.mentors
        .iter()
        .map(|m| format!("level {} ({})", m.level, m.mentor))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `level 3` or `n/a`.
pub fn level_or_na(level: Option<u8>) -> String {
    level.map_or_else(|| "n/a".to_string(), |l| format!("level {l}"))
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
