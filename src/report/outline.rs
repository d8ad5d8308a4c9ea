//! The outline every human-readable format follows (Markdown, HTML, the terminal text of
//! `review`): the same named parts, in the same order, each a small function of the
//! format. A new part is added here once and every format must say how it looks.

use super::Report;

/// One part of a human-readable report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Verdict, readiness, how the run was taken.
    Summary,
    /// Response-quality warnings.
    Quality,
    /// Groups and skills with their scores, ranges and targets.
    Skills,
    /// Self-rating, mentor ratings and evidence side by side.
    Ratings,
    /// Where self-ratings and evidence disagree; certainty-based marking.
    Calibration,
    /// The candidate's examples for their self-ratings.
    Examples,
    /// Prerequisites and their status.
    Prerequisites,
    /// Gaps with next steps.
    Gaps,
    /// Mentors' notes.
    MentorNotes,
    /// The evidence answers with the best answer and why.
    Appendix,
}

impl Part {
    /// Every part, in the order a report shows them.
    pub const ALL: [Self; 10] = [
        Self::Summary,
        Self::Quality,
        Self::Skills,
        Self::Ratings,
        Self::Calibration,
        Self::Examples,
        Self::Prerequisites,
        Self::Gaps,
        Self::MentorNotes,
        Self::Appendix,
    ];
}

/// A format that writes the outline, one function per part.
pub trait Outline {
    /// Writes one part of `report` to `out`; an empty part writes nothing.
    fn part(&self, part: Part, out: &mut String, report: &Report);

    /// Writes every part, in order.
    fn parts(&self, out: &mut String, report: &Report) {
        for part in Part::ALL {
            self.part(part, out, report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Format, Html, Markdown, MentorNote, MentorRating, Terminal};

    /// A report in which every part has something to show.
    fn full_report() -> Report {
        let mut r = crate::report::chart::tests::small_report();
        r.quality.push(crate::quality::QualityFlag {
            id: crate::quality::FlagId::TooFast,
            message: "Fast.".into(),
        });
        r.mentor_notes.push(MentorNote {
            mentor: "Ada".into(),
            at: r.finished_at,
            skill: None,
            text: "Keep going.".into(),
        });
        r.mentor_ratings.push(MentorRating {
            skill: r.skills[0].id.clone(),
            level: 2,
            mentor: "Ada".into(),
            at: r.finished_at,
        });
        if let Some(a) = r.answers.iter_mut().find(|a| a.id == "talk-1") {
            a.evidence = Some("I write the weekly note.".into());
        }
        r
    }

    /// Where each part's heading is in `text`, in outline order.
    fn positions(text: &str, headings: &[(Part, &str)]) -> Vec<usize> {
        Part::ALL
            .iter()
            .filter(|p| **p != Part::Summary)
            .map(|part| {
                let (_, heading) = headings.iter().find(|(p, _)| p == part).unwrap();
                text.find(heading)
                    .unwrap_or_else(|| panic!("{part:?} (`{heading}`) is missing"))
            })
            .collect()
    }

    #[test]
    fn every_format_shows_the_same_parts_in_the_same_order() {
        let r = full_report();
        let markdown = [
            (Part::Quality, "## Response quality"),
            (Part::Skills, "## Skills"),
            (Part::Ratings, "## Self, mentor and evidence"),
            (Part::Calibration, "## Calibration"),
            (Part::Examples, "## Examples from your work"),
            (Part::Prerequisites, "## Prerequisites"),
            (Part::Gaps, "## Gaps and next steps"),
            (Part::MentorNotes, "## Mentor notes"),
            (Part::Appendix, "## Appendix"),
        ];
        let terminal = [
            (Part::Quality, "warning:"),
            (Part::Skills, "\nSkills"),
            (Part::Ratings, "\nSelf, mentor and evidence"),
            (Part::Calibration, "\nCalibration"),
            (Part::Examples, "\nCandidate's examples"),
            (Part::Prerequisites, "\nPrerequisites"),
            (Part::Gaps, "\nGaps and next steps"),
            (Part::MentorNotes, "\nMentor notes"),
            (Part::Appendix, "\nEvidence answers"),
        ];
        let html = [
            (Part::Quality, "<h2>Response quality</h2>"),
            (Part::Skills, "<h2>Skills</h2>"),
            (Part::Ratings, "<h2>Self, mentor and evidence</h2>"),
            (Part::Calibration, "<h2>Calibration</h2>"),
            (Part::Examples, "<h2>Examples from your work</h2>"),
            (Part::Prerequisites, "<h2>Prerequisites</h2>"),
            (Part::Gaps, "<h2>Gaps and next steps</h2>"),
            (Part::MentorNotes, "<h2>Mentor notes</h2>"),
            (Part::Appendix, "<h2>Appendix"),
        ];
        for (name, text, headings) in [
            ("markdown", Markdown::default().render(&r), &markdown),
            ("terminal", Terminal { color: false }.render(&r), &terminal),
            ("html", Html::default().render(&r), &html),
        ] {
            let at = positions(&text, headings);
            assert!(
                at.windows(2).all(|w| w[0] < w[1]),
                "{name}: parts out of order at {at:?}"
            );
        }
    }
}
