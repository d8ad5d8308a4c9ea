//! A mentor's cohort: the latest report of each candidate, one row each, and the skills
//! the cohort as a whole is weakest in (mean gap to target).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clean::{fit, MAX_CELL_WIDTH};
use crate::progress::{ratings, table, Align, Provenance, Rated};
use crate::report::text::{level_or_na, md_cell as cell, plural, with_range};
use crate::report::Summary;

/// One candidate's latest result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Candidate name.
    pub candidate: String,
    /// Their latest report.
    pub file: PathBuf,
    /// When it finished (RFC 3339).
    pub date: String,
    /// Track id.
    pub track: String,
    /// Readiness score.
    pub readiness: f64,
    /// Verdict display name.
    pub verdict: String,
    /// Highest-priority gap, if any.
    pub top_gap: Option<String>,
    /// True for a version 1 report, whose scores are not corrected for guessing.
    pub uncorrected: bool,
    /// 90% interval of the readiness score (version 2 reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_interval: Option<[f64; 2]>,
    /// How the run was taken, and its quality flags (a focused retake's include those of
    /// the run it carried from).
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Each mentor's latest rating per skill in this report, beside the self-rating and
    /// evidence levels; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentor_ratings: Vec<Rated>,
}

/// At most this many earlier reports are followed back from a focused retake.
const MAX_CARRIED_CHAIN: usize = 20;

/// The parts of the cohort view, in the order every format (text, Markdown) shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortPart {
    /// The members' latest runs, with marks for how each was taken.
    Members,
    /// The latest mentor ratings.
    Ratings,
    /// The weakest skills across the cohort.
    Weakest,
}

impl CohortPart {
    /// Every part, in order.
    pub const ALL: [Self; 3] = [Self::Members, Self::Ratings, Self::Weakest];
}

/// The quality flag ids of the report a focused retake carried results from, and of the
/// report that one carried from, read from the candidate's folder beside `file`.
/// A report that cannot be read ends the chain: the flags found so far are kept.
fn inherited_quality(file: &Path, r: &Summary) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut from = r.coverage.carried_from.clone();
    for _ in 0..MAX_CARRIED_CHAIN {
        let (Some(name), Some(dir)) = (from.take(), file.parent()) else {
            break;
        };
        // Only a file of the same folder: a report cannot point anywhere else.
        if Path::new(&name).file_name() != Some(std::ffi::OsStr::new(&name)) {
            break;
        }
        let Ok(earlier) = crate::history::read_as::<Summary>(&dir.join(&name)) else {
            break;
        };
        for flag in &earlier.quality {
            let id = flag.id.to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        from = earlier.coverage.carried_from;
    }
    ids
}

/// The verdict, with `*` for a version 1 report.
fn verdict(m: &Member) -> String {
    if m.uncorrected {
        format!("{} *", m.verdict)
    } else {
        m.verdict.clone()
    }
}

/// A skill across the cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillGap {
    /// Skill id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Mean gap to target over the candidates who were measured on it.
    pub mean_gap: f64,
    /// How many of them are below target.
    pub below_target: usize,
    /// How many were measured.
    pub measured: usize,
}

/// The cohort view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    /// One row per candidate, by readiness (lowest first: who needs help most).
    pub members: Vec<Member>,
    /// Skills, largest mean gap first.
    pub weakest_skills: Vec<SkillGap>,
}

impl Cohort {
    /// Builds the cohort from each candidate's latest report.
    pub fn from_latest(latest: &[(PathBuf, Summary)]) -> Self {
        let mut members: Vec<Member> = latest
            .iter()
            .map(|(file, r)| Member {
                candidate: r.candidate.clone(),
                file: file.clone(),
                date: r
                    .finished_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                track: r.track.clone(),
                readiness: r.readiness.score,
                verdict: r.readiness.verdict_name.clone(),
                top_gap: r.gaps.first().map(|g| g.name.clone()),
                uncorrected: r.schema_version < 2,
                readiness_interval: r.readiness.interval,
                provenance: Provenance {
                    inherited_quality: inherited_quality(file, r),
                    ..Provenance::of(r)
                },
                mentor_ratings: ratings::of(r),
            })
            .collect();
        members.sort_by(|a, b| {
            a.readiness
                .total_cmp(&b.readiness)
                .then_with(|| a.candidate.cmp(&b.candidate))
        });
        let mut skills: Vec<SkillGap> = Vec::new();
        for (_, r) in latest {
            for s in r.skills.iter().filter(|s| s.score.is_some()) {
                let entry = if let Some(i) = skills.iter_mut().position(|k| k.id == s.id) {
                    &mut skills[i]
                } else {
                    skills.push(SkillGap {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        mean_gap: 0.0,
                        below_target: 0,
                        measured: 0,
                    });
                    skills.last_mut().expect("just pushed")
                };
                entry.mean_gap += s.gap;
                entry.measured += 1;
                entry.below_target += usize::from(s.gap > 0.0);
            }
        }
        for s in &mut skills {
            s.mean_gap = crate::scoring::round1(s.mean_gap / s.measured as f64);
        }
        skills.sort_by(|a, b| {
            b.mean_gap
                .total_cmp(&a.mean_gap)
                .then_with(|| a.id.cmp(&b.id))
        });
        Self {
            members,
            weakest_skills: skills,
        }
    }

    /// The terminal view.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for part in CohortPart::ALL {
            match part {
                CohortPart::Members => self.text_members(&mut out),
                CohortPart::Ratings => self.ratings_text(&mut out),
                CohortPart::Weakest => self.text_weakest(&mut out),
            }
        }
        out
    }

    /// Who, and each member's latest run with its marks and flags.
    fn text_members(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Cohort of {} (latest report of each)\n",
            plural(self.members.len(), "candidate", "candidates")
        );
        let mut rows = vec![vec![
            "candidate".to_string(),
            "date".into(),
            "marks".into(),
            "track".into(),
            "readiness".into(),
            "verdict".into(),
            "top gap".into(),
        ]];
        for m in &self.members {
            rows.push(vec![
                fit(&m.candidate, MAX_CELL_WIDTH).into_owned(),
                m.date.get(..10).unwrap_or(&m.date).to_string(),
                m.provenance.marks(),
                fit(&m.track, 10).into_owned(),
                with_range(Some(m.readiness), m.readiness_interval),
                verdict(m),
                fit(m.top_gap.as_deref().unwrap_or("none"), MAX_CELL_WIDTH).into_owned(),
            ]);
        }
        out.push_str(&table(
            &rows,
            &[
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Left,
                Align::Left,
            ],
        ));
        if self.members.iter().any(|m| m.uncorrected) {
            let _ = writeln!(
                out,
                "  * {}: they read higher than chance-corrected scores",
                crate::report::text::UNCORRECTED
            );
        }
        let key = Provenance::key(self.members.iter().map(|m| &m.provenance));
        if !key.is_empty() {
            out.push_str(&crate::report::wrap(
                &format!("  marks: {}\n", key.join("; ")),
                80,
            ));
        }
        for line in self.flag_lines() {
            out.push_str(&crate::report::wrap(&format!("  {line}\n"), 80));
        }
    }

    /// The weakest skills across the cohort.
    fn text_weakest(&self, out: &mut String) {
        let _ = writeln!(out, "\nWeakest skills (mean gap to target)");
        for s in self.weakest_skills.iter().take(5) {
            let _ = writeln!(
                out,
                "  {:<24} {:>5.1}  ({} of {} below target)",
                fit(&s.name, MAX_CELL_WIDTH),
                s.mean_gap,
                s.below_target,
                s.measured
            );
        }
    }

    /// Every member's mentor ratings, members in table order.
    fn rated(&self) -> impl Iterator<Item = (&Member, &Rated)> {
        self.members
            .iter()
            .flat_map(|m| m.mentor_ratings.iter().map(move |r| (m, r)))
    }

    /// The latest mentor ratings as a table of their own under the members' table, one
    /// row per candidate, skill and mentor: the members' table already fills most of 80
    /// columns, and a cell per candidate would hide all but one skill.
    fn ratings_text(&self, out: &mut String) {
        if self.rated().next().is_none() {
            return;
        }
        let _ = writeln!(out, "\nSelf, mentor and evidence (latest report of each)");
        let _ = writeln!(out, "  {}", ratings::LEVELS_NOTE);
        ratings::write_table(
            out,
            ["candidate", "skill"],
            self.rated().map(|(m, r)| {
                (
                    [
                        fit(&m.candidate, 16).into_owned(),
                        fit(&r.name, 16).into_owned(),
                    ],
                    r,
                )
            }),
        );
    }

    /// The latest mentor ratings in `cohort.md`; nothing when no latest report has one.
    fn ratings_markdown(&self, md: &mut String) {
        if self.rated().next().is_none() {
            return;
        }
        let _ = writeln!(
            md,
            "\n## Self, mentor and evidence\n\nThe latest report of each candidate. {}\n\n| Candidate | Skill | Self-rating | Mentor rating | Evidence | Agreement |\n|---|---|---|---|---|---|",
            ratings::LEVELS_NOTE
        );
        for (m, r) in self.rated() {
            let _ = writeln!(
                md,
                "| {} | {} | {} | level {} ({}) | {} | {} |",
                cell(&m.candidate),
                cell(&r.name),
                level_or_na(r.self_level),
                r.level,
                cell(&r.mentor),
                level_or_na(r.evidence_level),
                ratings::agreement_md(r)
            );
        }
    }

    /// One line per flagged member: who, and which flags (inherited ones with the report
    /// they came with).
    fn flag_lines(&self) -> Vec<String> {
        self.members
            .iter()
            .filter_map(|m| m.provenance.flag_line(&m.candidate))
            .collect()
    }

    /// `cohort.md`.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        for part in CohortPart::ALL {
            match part {
                CohortPart::Members => self.md_members(&mut md),
                CohortPart::Ratings => self.ratings_markdown(&mut md),
                CohortPart::Weakest => self.md_weakest(&mut md),
            }
        }
        md
    }

    /// Who, and each member's latest run with its marks and flags.
    fn md_members(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "# Cohort\n\n{}, latest report of each, lowest readiness first.\n",
            plural(self.members.len(), "candidate", "candidates")
        );
        let _ = writeln!(md, "| Candidate | Date | Marks | Track | Readiness | Verdict | Top gap |\n|---|---|---|---|---|---|---|");
        for m in &self.members {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} |",
                cell(&m.candidate),
                m.date.get(..10).unwrap_or(&m.date),
                cell(&m.provenance.marks()),
                cell(&m.track),
                with_range(Some(m.readiness), m.readiness_interval),
                cell(&verdict(m)),
                cell(m.top_gap.as_deref().unwrap_or("none"))
            );
        }
        if self.members.iter().any(|m| m.uncorrected) {
            let _ = writeln!(
                md,
                "\n\\* {}: they read higher than chance-corrected scores.",
                crate::report::text::UNCORRECTED
            );
        }
        let key = Provenance::key(self.members.iter().map(|m| &m.provenance));
        if !key.is_empty() {
            let _ = writeln!(md, "\nMarks: {}.", cell(&key.join("; ")));
        }
        for line in self.flag_lines() {
            let _ = writeln!(md, "\n- {}", cell(&line));
        }
    }

    /// The weakest skills across the cohort.
    fn md_weakest(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "\n## Weakest skills\n\n| Skill | Mean gap | Below target |\n|---|---|---|"
        );
        for s in &self.weakest_skills {
            let _ = writeln!(
                md,
                "| {} | {:.1} | {} of {} |",
                cell(&s.name),
                s.mean_gap,
                s.below_target,
                s.measured
            );
        }
    }
}
