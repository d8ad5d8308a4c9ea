//! The report for a mentor in the terminal (`tpm-ready review`): everything in the
//! report, as plain text or with colours.

use crate::clean::{fit, MAX_CELL_WIDTH};
use std::fmt::Write;

use console::Style;

use super::markdown::bar;
use super::text::{
    level_or_na, mentor_levels, quality_lines, rating_rows, run_line, self_level, UNCORRECTED,
};
use super::{Format, Report};
use crate::bank::Status;
use crate::scoring::CalibrationStatus;

/// Terminal text; `color` adds ANSI colours.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// Whether to colour the output.
    pub color: bool,
}

impl Terminal {
    fn style(&self, style: Style) -> Style {
        style.force_styling(self.color)
    }

    fn heading(&self, text: &str) -> String {
        self.style(Style::new().bold().underlined())
            .apply_to(text)
            .to_string()
    }

    fn status(&self, status: Status) -> String {
        let style = match status {
            Status::Met | Status::Offset => Style::new().green(),
            Status::Partial => Style::new().yellow(),
            Status::Unmet => Style::new().red(),
        };
        self.style(style).apply_to(status.as_str()).to_string()
    }
}

impl Format for Terminal {
    fn extension(&self) -> &'static str {
        "txt"
    }

    // `write!` into a String cannot fail; the results are ignored on purpose.
    #[allow(clippy::too_many_lines)]
    fn render(&self, r: &Report) -> String {
        let dim = self.style(Style::new().dim());
        let bold = self.style(Style::new().bold());
        let warn = self.style(Style::new().yellow());
        let mut out = String::new();

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
        let range = r.readiness.interval.map_or_else(String::new, |[lo, hi]| {
            format!(" (90% range {lo:.0}–{hi:.0})")
        });
        let _ = writeln!(
            out,
            "Skills readiness {:.0}/100{range}. {}",
            r.readiness.score, r.readiness.reason
        );
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
        for line in quality_lines(r) {
            let _ = writeln!(out, "{} {line}", warn.apply_to("warning:"));
        }

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

        let _ = writeln!(out, "\n{}", self.heading("Evidence answers"));
        for a in r
            .answers
            .iter()
            .filter(|a| a.section == "skill" && a.kind != "self_rating")
        {
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
            entries(&mut out, "Answer", &a.answer_list());
            if a.is_best() {
                let _ = writeln!(out, "    Best: same");
            } else if a.best_answer.is_some() {
                entries(&mut out, "Best", &a.best_list());
            }
            if let Some(feedback) = &a.feedback {
                let _ = writeln!(out, "    Why: {feedback}");
            }
        }
        let _ = writeln!(out, "\n{}", dim.apply_to(&r.limits));
        out
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
