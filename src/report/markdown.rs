//! The Markdown report, for people: summary, skills with bars, calibration, prerequisites,
//! gaps as checklists, and an appendix of every evidence answer for the mentor.

use std::fmt::Write;

use super::text::{
    calibration_word, capitalise, coverage_line, figure, level_or_na, md_cell as cell,
    mentor_levels, plural, quality_lines, rating_rows, run_line, self_level, with_range,
    UNCORRECTED,
};
use super::{Appendix, Format, Outline, Part, Report};
use crate::scoring::GapKind;

/// GitHub-flavoured Markdown.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// File name of the skills chart beside the report, linked from the skills section.
    pub chart_file: Option<String>,
    /// Which evidence answers the appendix lists (all by default).
    pub appendix: Appendix,
}

/// A ten-cell text bar for a 0-100 score.
pub fn bar(score: f64) -> String {
    let filled = ((score / 10.0).round() as usize).min(10);
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

impl Format for Markdown {
    fn extension(&self) -> &'static str {
        "md"
    }

    // `write!` into a String cannot fail; the results are ignored on purpose.
    #[allow(clippy::too_many_lines)]
    fn render(&self, r: &Report) -> String {
        let mut md = String::new();
        self.parts(&mut md, r);
        let _ = writeln!(md, "---\n\n*{}*", cell(&r.limits));
        md
    }
}

impl Outline for Markdown {
    fn part(&self, part: Part, md: &mut String, r: &Report) {
        match part {
            Part::Summary => summary(md, r),
            Part::Quality => quality(md, r),
            Part::Skills => self.skills(md, r),
            Part::Ratings => ratings(md, r),
            Part::Calibration => calibration(md, r),
            Part::Examples => examples(md, r),
            Part::Prerequisites => prerequisites(md, r),
            Part::Gaps => gaps(md, r),
            Part::MentorNotes => mentor_notes(md, r),
            Part::Appendix => appendix(md, r, self.appendix),
        }
    }
}

impl Markdown {
    /// Groups, then a table of skills, and the chart when there is one.
    fn skills(&self, md: &mut String, r: &Report) {
        let _ = writeln!(md, "## Skills\n");
        for g in &r.groups {
            let _ = writeln!(
                md,
                "- **{}**: {} (target {:.0})",
                g.name,
                figure(g.score),
                g.target
            );
        }
        let _ = writeln!(
                md,
                "\n| Skill | Score (90% range) | Band | Self-rating | Calibration |\n|---|---|---|---|---|"
            );
        for s in &r.skills {
            let score = s.score.map_or_else(
                || format!("n/a / target {:.0}", s.target),
                |v| {
                    format!(
                        "`{} {} / target {:.0}`",
                        bar(v),
                        with_range(Some(v), s.interval),
                        s.target
                    )
                },
            );
            let carried = if s.carried { " (carried)" } else { "" };
            let _ = writeln!(
                md,
                "| {}{carried} | {score} | {} | {} | {} |",
                cell(&s.name),
                s.band_name.as_deref().unwrap_or("n/a"),
                self_level(s),
                calibration_word(s.calibration.status)
            );
        }
        md.push('\n');
        if let Some(chart) = &self.chart_file {
            let _ = writeln!(
                md,
                "![Skills: score and target]({})\n",
                chart.replace(' ', "%20")
            );
        }
    }
}

/// The verdict table, then the readiness summary and reason.
fn summary(md: &mut String, r: &Report) {
    let _ = writeln!(md, "# {}: {}\n", cell(&r.bank.title), cell(&r.candidate));
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| Verdict | **{}** |", cell(&r.readiness.verdict_name));
    let _ = writeln!(
        md,
        "| Skills readiness | {:.0} / 100{} |",
        r.readiness.score,
        r.readiness
            .interval
            .map_or_else(String::new, |[lo, hi]| format!(
                " (90% range {lo:.0}–{hi:.0})"
            ))
    );
    if r.schema_version < 2 {
        let _ = writeln!(md, "| Scoring | {UNCORRECTED} |");
    }
    let _ = writeln!(md, "| Run | {} |", cell(&run_line(r)));
    let _ = writeln!(md, "| Track | {} |", cell(&r.track_name));
    let _ = writeln!(
        md,
        "| Date | {} |",
        r.finished_at.format("%Y-%m-%d %H:%M (UTC%:z)")
    );
    let _ = writeln!(
        md,
        "| Bank | {} {} (sha256 {}) |",
        cell(&r.bank.id),
        cell(&r.bank.version),
        r.bank.sha256.get(..12).unwrap_or(&r.bank.sha256)
    );
    if let Some(coverage) = coverage_line(r) {
        let _ = writeln!(md, "| Coverage | {} |", cell(&coverage));
    }
    let warnings = quality_lines(r);
    if !warnings.is_empty() {
        let _ = writeln!(
            md,
            "| Quality | {} (see Response quality) |",
            plural(warnings.len(), "warning", "warnings")
        );
    }
    let _ = writeln!(md, "\n{}\n\n{}\n", r.readiness.summary, r.readiness.reason);
}

/// Response-quality warnings, when there are any.
fn quality(md: &mut String, r: &Report) {
    let warnings = quality_lines(r);
    if !warnings.is_empty() {
        let _ = writeln!(
            md,
            "## Response quality\n\nThis result may be unreliable:\n"
        );
        for warning in &warnings {
            let _ = writeln!(md, "- {}", cell(warning));
        }
        md.push('\n');
    }
}

/// Miscalibrated skills and certainty-based marking.
fn calibration(md: &mut String, r: &Report) {
    let _ = writeln!(md, "## Calibration\n");
    let flagged: Vec<_> = r.miscalibrated().collect();
    if flagged.is_empty() {
        let _ = writeln!(
            md,
            "Your self-ratings match the evidence for every skill measured.\n"
        );
    } else {
        for s in flagged {
            let _ = writeln!(
                md,
                "- **{}** ({}): {}",
                cell(&s.name),
                calibration_word(s.calibration.status),
                s.calibration.note
            );
        }
        md.push('\n');
    }
    if let Some(cbm) = &r.cbm {
        md.push_str(&cbm.markdown());
    }
}

/// The candidate's examples for their self-ratings.
fn examples(md: &mut String, r: &Report) {
    let notes: Vec<_> = r.evidence_notes().collect();
    if !notes.is_empty() {
        let _ = writeln!(md, "## Examples from your work\n");
        let _ = writeln!(
            md,
            "What you gave as evidence for your self-ratings, for a mentor to check.\n"
        );
        for (skill, a) in notes {
            let _ = writeln!(
                md,
                "- **{}** ({}): {}",
                cell(skill),
                cell(a.answer_text.split(':').next().unwrap_or_default()),
                cell(a.evidence.as_deref().unwrap_or_default())
            );
        }
        md.push('\n');
    }
}

/// The prerequisites table.
fn prerequisites(md: &mut String, r: &Report) {
    let _ = writeln!(
        md,
        "## Prerequisites\n\n| Prerequisite | Status | Detail |\n|---|---|---|"
    );
    for c in &r.rubric {
        let carried = if c.carried { " (carried)" } else { "" };
        let _ = writeln!(
            md,
            "| {}{carried} | {} | {} |",
            cell(&c.name),
            c.status.as_str(),
            cell(&c.detail)
        );
    }
    md.push('\n');
}

/// Gaps with their next steps as a checklist.
fn gaps(md: &mut String, r: &Report) {
    let _ = writeln!(md, "## Gaps and next steps\n");
    if r.gaps.is_empty() {
        let _ = writeln!(
            md,
            "No gaps: every skill measured is at or above target and every prerequisite is met.\n"
        );
    }
    for (i, gap) in r.gaps.iter().enumerate() {
        let kind = match gap.kind {
            GapKind::Skill => "skill",
            GapKind::Prerequisite => "prerequisite",
        };
        let _ = writeln!(
            md,
            "### {}. {} ({kind}, priority {:.1})\n",
            i + 1,
            cell(&gap.name),
            gap.priority
        );
        let detail = match gap.status {
            Some(status) => format!("{}: {}", status.as_str(), gap.detail),
            None => gap.detail.clone(),
        };
        let _ = writeln!(md, "{}\n", cell(&capitalise(&detail)));
        for step in &gap.next_steps {
            let _ = writeln!(md, "- [ ] {}", cell(step));
        }
        md.push('\n');
    }
}

/// Mentors' notes.
fn mentor_notes(md: &mut String, r: &Report) {
    if !r.mentor_notes.is_empty() {
        let _ = writeln!(md, "## Mentor notes\n");
        for note in &r.mentor_notes {
            let about = note
                .skill
                .as_ref()
                .map_or(String::new(), |s| format!(" on {}", cell(r.name_of(s))));
            let _ = writeln!(
                md,
                "- **{}**{about}, {}: {}",
                cell(&note.mentor),
                note.at.format("%Y-%m-%d"),
                cell(&note.text)
            );
        }
        md.push('\n');
    }
}

/// Self-rating, mentor ratings and evidence per rated skill, with disagreements of two
/// levels or more flagged.
fn ratings(md: &mut String, r: &Report) {
    let rows = rating_rows(r);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "## Self, mentor and evidence\n\nLevels 1-5 on each skill's self-rating scale. One level apart is worth a short talk; two or more is a disconnect to discuss.\n\n| Skill | Self-rating | Mentor rating | Evidence | Agreement |\n|---|---|---|---|---|"
    );
    for row in &rows {
        let agreement = if row.disagree {
            "**disagree** (2+ levels)"
        } else {
            "within 1 level"
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {agreement} |",
            cell(&row.skill.name),
            level_or_na(row.own),
            cell(&mentor_levels(row)),
            level_or_na(row.evidence)
        );
    }
    md.push('\n');
}

/// The appendix: evidence answers with the best answer and why, as `appendix` chooses.
fn appendix(md: &mut String, r: &Report, appendix: Appendix) {
    let listed = r.appendix_answers(appendix);
    let _ = match appendix {
        Appendix::None => return,
        Appendix::All => writeln!(
            md,
            "## Appendix: evidence answers\n\nEvery scenario, knowledge and multi-select answer, with the best answer and why.\n"
        ),
        Appendix::Wrong => {
            let missed: usize = listed.iter().map(|(_, a)| a.len()).sum();
            writeln!(
                md,
                "## Appendix: answers that missed the best\n\n{} missed the best answer; each is below with the best answer and why (`--appendix all` lists every answer).\n",
                plural(missed, "evidence answer", "evidence answers")
            )
        }
    };
    for (s, answers) in listed {
        let _ = writeln!(md, "### {}\n", cell(&s.name));
        for a in answers {
            let _ = writeln!(
                md,
                "**{}** ({}, score {:.2})\n",
                a.id,
                a.kind,
                a.score.unwrap_or(0.0)
            );
            let _ = writeln!(md, "> {}\n", cell(&a.prompt));
            list_item(md, "Your answer", &a.answer_list());
            if a.is_best() {
                let _ = writeln!(md, "- Best answer: same");
            } else if a.best_answer.is_some() {
                list_item(md, "Best answer", &a.best_list());
            }
            if let Some(feedback) = &a.feedback {
                let _ = writeln!(md, "- Why: {}", cell(feedback));
            }
            md.push('\n');
        }
    }
}

/// `- Label: text`, or the label with a nested list when there are several entries.
fn list_item(md: &mut String, label: &str, entries: &[&str]) {
    match entries {
        [one] => {
            let _ = writeln!(md, "- {label}: {}", cell(one));
        }
        [] => {
            let _ = writeln!(md, "- {label}: (nothing selected)");
        }
        many => {
            let _ = writeln!(md, "- {label}:");
            for entry in many {
                let _ = writeln!(md, "  - {}", cell(entry));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_ten_cells() {
        assert_eq!(bar(78.0), "████████░░");
        assert_eq!(bar(0.0), "░░░░░░░░░░");
        assert_eq!(bar(100.0), "██████████");
    }
}
