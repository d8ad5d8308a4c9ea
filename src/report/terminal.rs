//! The report for a mentor in the terminal (`tpm-ready review`): everything in the
//! report, as plain text or with colours.

use crate::clean::{fit, MAX_CELL_WIDTH};
use std::fmt::Write;

use console::Style;

use super::markdown::bar;
use super::text::{
    level_or_na, mentor_levels, quality_lines, rating_rows, run_line, self_level, UNCORRECTED,
};
use super::{Format, Outline, Part, Report};
use crate::bank::Status;
use crate::scoring::CalibrationStatus;

/// Terminal text; `color` adds ANSI colours.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// Whether to colour the output.
    pub color: bool,
}

impl Terminal {
    fn style(self, style: Style) -> Style {
        style.force_styling(self.color)
    }

    fn heading(self, text: &str) -> String {
        self.style(Style::new().bold().underlined())
            .apply_to(text)
            .to_string()
    }

    fn status(self, status: Status) -> String {
        let style = match status {
            Status::Met | Status::Offset => Style::new().green(),
            Status::Partial => Style::new().yellow(),
            Status::Unmet => Style::new().red(),
        };
        self.style(style).apply_to(status.as_str()).to_string()
    }
}

/// The readiness line: the score with its range, then the reason, saying the score
/// once. Most reasons already name it ("Skills readiness 100 reaches the 90 needed…",
/// "…skills readiness 72 is below the 90 it needs"), and then they stand alone.
fn headline(r: &Report) -> String {
    let score = format!("{:.0}", r.readiness.score);
    let reason = r.readiness.reason.trim();
    if !reason
        .to_lowercase()
        .contains(&format!("readiness {score}"))
    {
        let range = r.readiness.interval.map_or_else(String::new, |[lo, hi]| {
            format!(" (90% range {lo:.0}–{hi:.0})")
        });
        return format!("Skills readiness {score}/100{range}. {reason}");
    }
    match r.readiness.interval {
        Some([lo, hi]) if !reason.contains("90% range") => {
            format!("{reason} Its 90% range is {lo:.0}–{hi:.0}.")
        }
        _ => reason.to_string(),
    }
}

/// Wraps rendered terminal text to `width` columns. Words are never broken (a word
/// longer than the line overflows it), colour codes take no width, and a wrapped line
/// continues under its text: after the indent and a leading marker such as `Q: `,
/// `[ ] ` or `2. `, or two columns in from an indented line.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (line, newline) = line.strip_suffix('\n').map_or((line, ""), |l| (l, "\n"));
        if console::measure_text_width(line) <= width {
            out.push_str(line);
            out.push_str(newline);
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let hang =
            indent.len() + marker_width(body).unwrap_or(if indent.is_empty() { 0 } else { 2 });
        let continuation = " ".repeat(hang);
        let options = textwrap::Options::new(width)
            .initial_indent(indent)
            .subsequent_indent(&continuation)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(body, options));
        out.push_str(newline);
    }
    out
}

/// Width of a list or label marker that starts `body`: `[ ] `, `12. `, or one short
/// word and a colon (`Q: `, `Answer: `, `warning: `), colour codes not counted.
fn marker_width(body: &str) -> Option<usize> {
    let plain = console::strip_ansi_codes(body);
    if plain.starts_with("[ ] ") {
        return Some(4);
    }
    let digits = plain.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && plain[digits..].starts_with(". ") {
        return Some(digits + 2);
    }
    let word = plain.split(' ').next().unwrap_or_default();
    (word.len() >= 2
        && word.len() <= 9
        && word.ends_with(':')
        && word[..word.len() - 1].chars().all(char::is_alphabetic))
    .then_some(word.len() + 1)
}

impl Format for Terminal {
    fn extension(&self) -> &'static str {
        "txt"
    }

    // `write!` into a String cannot fail; the results are ignored on purpose.
    #[allow(clippy::too_many_lines)]
    fn render(&self, r: &Report) -> String {
        let mut out = String::new();
        self.parts(&mut out, r);
        let dim = self.style(Style::new().dim());
        let _ = writeln!(out, "\n{}", dim.apply_to(&r.limits));
        out
    }
}

impl Outline for Terminal {
    fn part(&self, part: Part, out: &mut String, r: &Report) {
        match part {
            Part::Summary => self.summary(out, r),
            Part::Quality => self.quality(out, r),
            Part::Skills => self.skills(out, r),
            Part::Ratings => self.ratings(out, r),
            Part::Calibration => self.calibration(out, r),
            Part::Examples => self.examples(out, r),
            Part::Prerequisites => self.prerequisites(out, r),
            Part::Gaps => self.gaps(out, r),
            Part::MentorNotes => self.mentor_notes(out, r),
            Part::Appendix => self.evidence_answers(out, r),
        }
    }
}

impl Terminal {
    /// Title, verdict, readiness and how the run was taken.
    fn summary(self, out: &mut String, r: &Report) {
        let dim = self.style(Style::new().dim());
        let bold = self.style(Style::new().bold());
        let warn = self.style(Style::new().yellow());
        let _ = writeln!(
            out,
            "{}",
            self.heading(&format!("{}: {}", r.bank.title, r.candidate))
        );
        let _ = writeln!(
            out,
            "{} · track {} · {} · bank {} {}",
            bold.apply_to(&r.readiness.verdict_name),
            r.track_name,
            r.finished_at.format("%Y-%m-%d %H:%M %:z"),
            r.bank.id,
            r.bank.version
        );
        let _ = writeln!(out, "{}", headline(r));
        if r.schema_version < 2 {
            let _ = writeln!(out, "{}", dim.apply_to(format!("Note: {UNCORRECTED}.")));
        }
        let _ = writeln!(out, "{}", dim.apply_to(format!("Run: {}", run_line(r))));
        let names = |ids: &[String]| {
            ids.iter()
                .map(|id| r.name_of(id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if r.run.partial {
            let _ = writeln!(
                out,
                "{}",
                warn.apply_to(format!(
                    "Partial run: measured {}",
                    names(&r.coverage.measured)
                ))
            );
            if let Some(from) = &r.coverage.carried_from {
                let _ = writeln!(
                    out,
                    "{}",
                    dim.apply_to(format!(
                        "Carried from {from}: {}",
                        names(&r.coverage.carried)
                    ))
                );
            }
        }
    }

    /// Response-quality warnings, one line each.
    fn quality(self, out: &mut String, r: &Report) {
        let warn = self.style(Style::new().yellow());
        for line in quality_lines(r) {
            let _ = writeln!(out, "{} {line}", warn.apply_to("warning:"));
        }
    }

    /// Groups, then a bar per skill with its range, target and self-rating.
    fn skills(self, out: &mut String, r: &Report) {
        let dim = self.style(Style::new().dim());
        let bold = self.style(Style::new().bold());
        let warn = self.style(Style::new().yellow());
        let _ = writeln!(out, "\n{}", self.heading("Skills"));
        let width = r
            .skills
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(MAX_CELL_WIDTH);
        for g in &r.groups {
            let _ = writeln!(
                out,
                "{:width$}  {}",
                bold.apply_to(fit(&g.name, width.max(MAX_CELL_WIDTH))),
                g.score.map_or_else(
                    || "n/a".to_string(),
                    |s| format!("{s:.0} (target {:.0})", g.target)
                ),
            );
        }
        let range_of = |s: &crate::scoring::SkillResult| {
            s.interval
                .map_or_else(String::new, |[lo, hi]| format!(" ({lo:.0}–{hi:.0})"))
        };
        let range_width = r
            .skills
            .iter()
            .map(|s| range_of(s).chars().count())
            .max()
            .unwrap_or(0);
        for s in &r.skills {
            let score = s.score.map_or_else(
                || format!("{}  n/a", bar(0.0)),
                |v| {
                    let style = if v >= s.target {
                        Style::new().green()
                    } else {
                        Style::new().red()
                    };
                    format!(
                        "{} {:>3.0}{:<range_width$}",
                        self.style(style).apply_to(bar(v)),
                        v,
                        range_of(s)
                    )
                },
            );
            let rating = if s.self_rating.is_some() {
                format!("self {}", self_level(s))
            } else {
                String::new()
            };
            let flag = match s.calibration.status {
                CalibrationStatus::Over => warn.apply_to(" over-rated").to_string(),
                CalibrationStatus::Under => warn.apply_to(" under-rated").to_string(),
                _ => String::new(),
            };
            let carried = if s.carried {
                dim.apply_to(" (carried)").to_string()
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:width$}  {score} / {:.0}  {}  {rating}{flag}{carried}",
                fit(&s.name, width),
                s.target,
                s.band_name.as_deref().unwrap_or("n/a"),
            );
        }
    }

    /// Self, mentor and evidence levels per rated skill.
    fn ratings(self, out: &mut String, r: &Report) {
        let warn = self.style(Style::new().yellow());
        let rows = rating_rows(r);
        if !rows.is_empty() {
            let _ = writeln!(out, "\n{}", self.heading("Self, mentor and evidence"));
            for row in &rows {
                let flag = if row.disagree {
                    warn.apply_to("  disagree (2+ levels)").to_string()
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "  {}: self {} · mentor {} · evidence {}{flag}",
                    row.skill.name,
                    level_or_na(row.own),
                    mentor_levels(row),
                    level_or_na(row.evidence)
                );
            }
        }
    }

    /// Miscalibrated skills and certainty-based marking.
    fn calibration(self, out: &mut String, r: &Report) {
        let bold = self.style(Style::new().bold());
        let calibration: Vec<_> = r.miscalibrated().collect();
        if !calibration.is_empty() {
            let _ = writeln!(out, "\n{}", self.heading("Calibration"));
            for s in calibration {
                let _ = writeln!(out, "  {}: {}", bold.apply_to(&s.name), s.calibration.note);
            }
        }
        if let Some(cbm) = &r.cbm {
            let _ = writeln!(out, "\n{}", self.heading("Certainty-based marking"));
            let _ = writeln!(out, "  {}", cbm.headline());
            for line in cbm.level_lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }

    /// The candidate's examples for their self-ratings.
    fn examples(self, out: &mut String, r: &Report) {
        let notes: Vec<_> = r.evidence_notes().collect();
        if !notes.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                self.heading("Candidate's examples (evidence for self-ratings)")
            );
            for (skill, a) in notes {
                let _ = writeln!(
                    out,
                    "  {} ({}): {}",
                    skill,
                    a.answer_text.split(':').next().unwrap_or_default(),
                    a.evidence.as_deref().unwrap_or_default()
                );
            }
        }
    }

    /// Each prerequisite with its status.
    fn prerequisites(self, out: &mut String, r: &Report) {
        let _ = writeln!(out, "\n{}", self.heading("Prerequisites"));
        for c in &r.rubric {
            let carried = if c.carried { " (carried)" } else { "" };
            let _ = writeln!(
                out,
                "  {}{carried}: {} ({})",
                c.name,
                self.status(c.status),
                c.detail
            );
        }
    }

    /// Gaps with their next steps.
    fn gaps(self, out: &mut String, r: &Report) {
        let bold = self.style(Style::new().bold());
        let _ = writeln!(out, "\n{}", self.heading("Gaps and next steps"));
        if r.gaps.is_empty() {
            let _ = writeln!(out, "  No gaps.");
        }
        for (i, gap) in r.gaps.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} ({:.1}): {}",
                i + 1,
                bold.apply_to(&gap.name),
                gap.priority,
                gap.detail
            );
            for step in &gap.next_steps {
                let _ = writeln!(out, "     [ ] {step}");
            }
        }
    }

    /// Mentors' notes.
    fn mentor_notes(self, out: &mut String, r: &Report) {
        let dim = self.style(Style::new().dim());
        let bold = self.style(Style::new().bold());
        if !r.mentor_notes.is_empty() {
            let _ = writeln!(out, "\n{}", self.heading("Mentor notes"));
            for note in &r.mentor_notes {
                let about = note
                    .skill
                    .as_ref()
                    .map_or(String::new(), |s| format!(" on {}", r.name_of(s)));
                let _ = writeln!(
                    out,
                    "  {} {}{about}: {}",
                    dim.apply_to(note.at.format("%Y-%m-%d")),
                    bold.apply_to(&note.mentor),
                    note.text
                );
            }
        }
    }

    /// Every evidence answer with the best answer and why.
    fn evidence_answers(self, out: &mut String, r: &Report) {
        let dim = self.style(Style::new().dim());
        let bold = self.style(Style::new().bold());
        let _ = writeln!(out, "\n{}", self.heading("Evidence answers"));
        for a in r.answers.iter().filter(|a| {
            a.section == super::Section::Skill && a.kind != crate::question::KindId::SelfRating
        }) {
            let score = a.score.unwrap_or(0.0);
            let style = if score >= 0.99 {
                Style::new().green()
            } else if score > 0.0 {
                Style::new().yellow()
            } else {
                Style::new().red()
            };
            let _ = writeln!(
                out,
                "  {} {} {}",
                bold.apply_to(&a.id),
                dim.apply_to(&a.kind),
                self.style(style).apply_to(format!("{score:.2}"))
            );
            let _ = writeln!(out, "    Q: {}", a.prompt);
            entries(out, "Answer", &a.answer_list());
            if a.is_best() {
                let _ = writeln!(out, "    Best: same");
            } else if a.best_answer.is_some() {
                entries(out, "Best", &a.best_list());
            }
            if let Some(feedback) = &a.feedback {
                let _ = writeln!(out, "    Why: {feedback}");
            }
        }
    }
}

/// `    Label: text`, or the label over an indented list when there are several entries.
fn entries(out: &mut String, label: &str, list: &[&str]) {
    if let [one] = list {
        let _ = writeln!(out, "    {label}: {one}");
    } else {
        let _ = writeln!(out, "    {label}:");
        for entry in list {
            let _ = writeln!(out, "      - {entry}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_hangs_under_the_marker() {
        let text = "    Q: A dependency slips two weeks and the launch date is fixed by a partner event.\nshort\n";
        let wrapped = wrap(text, 40);
        assert_eq!(
            wrapped,
            "    Q: A dependency slips two weeks and\n       the launch date is fixed by a\n       partner event.\nshort\n"
        );
        // A step under a gap, and a word longer than the line left whole.
        assert_eq!(
            wrap(
                "     [ ] Read https://example.com/a-very-long-address-here today",
                30
            ),
            "     [ ] Read\n         https://example.com/a-very-long-address-here\n         today"
        );
        // Hyphenated ids are not split at the hyphen; an indented line hangs by two.
        assert_eq!(
            wrap("  Talking: risk-management and stakeholder-management", 30),
            "  Talking: risk-management and\n           stakeholder-management"
        );
        assert_eq!(
            // "  1. Planning (33.4): scored 43" is 31 columns: one too many for 30.
            wrap("  1. Planning (33.4): scored 43 against a target of 60", 30),
            "  1. Planning (33.4): scored\n     43 against a target of 60"
        );
        // "    scored 43 against" is 21 columns.
        assert_eq!(
            wrap("  Planning (33.4) scored 43 against", 21),
            "  Planning (33.4)\n    scored 43 against"
        );
    }

    #[test]
    fn colour_codes_take_no_width() {
        let red = "\u{1b}[31m";
        let reset = "\u{1b}[0m";
        let text = format!("{red}abcd{reset} efgh ijkl");
        // 14 visible columns fit in 14 although the text is longer in bytes.
        assert_eq!(wrap(&text, 14), text);
        assert_eq!(wrap(&text, 10), format!("{red}abcd{reset} efgh\nijkl"));
    }
}
