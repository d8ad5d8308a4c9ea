//! A mentor's cohort: the latest report of each candidate, one row each, and the skills
//! the cohort as a whole is weakest in (mean gap to target).

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::clean::{fit, MAX_CELL_WIDTH};
use crate::report::text::{md_cell as cell, with_range};
use crate::report::Summary as Report;

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
    pub fn from_latest(latest: &[(PathBuf, Report)]) -> Self {
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
                let entry = match skills.iter_mut().position(|k| k.id == s.id) {
                    Some(i) => &mut skills[i],
                    None => {
                        skills.push(SkillGap {
                            id: s.id.clone(),
                            name: s.name.clone(),
                            mean_gap: 0.0,
                            below_target: 0,
                            measured: 0,
                        });
                        skills.last_mut().expect("just pushed")
                    }
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
        let width = self
            .members
            .iter()
            .map(|m| m.candidate.chars().count())
            .max()
            .unwrap_or(9)
            .clamp(9, MAX_CELL_WIDTH);
        let _ = writeln!(
            out,
            "Cohort of {} candidates (latest report of each)\n",
            self.members.len()
        );
        let _ = writeln!(
            out,
            "  {:<width$}  {:<10}  {:<10} {:>14}  {:<21} top gap",
            "candidate", "date", "track", "readiness", "verdict"
        );
        for m in &self.members {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<10}  {:<10} {:>14}  {:<21} {}",
                fit(&m.candidate, width),
                m.date.get(..10).unwrap_or(&m.date),
                fit(&m.track, 10),
                with_range(Some(m.readiness), m.readiness_interval),
                if m.uncorrected {
                    format!("{} *", m.verdict)
                } else {
                    m.verdict.clone()
                },
                fit(m.top_gap.as_deref().unwrap_or("none"), MAX_CELL_WIDTH)
            );
        }
        if self.members.iter().any(|m| m.uncorrected) {
            let _ = writeln!(
                out,
                "  * {}: they read higher than chance-corrected scores",
                crate::report::text::UNCORRECTED
            );
        }
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
        out
    }

    /// `cohort.md`.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "# Cohort\n\n{} candidates, latest report of each, lowest readiness first.\n",
            self.members.len()
        );
        let _ = writeln!(md, "| Candidate | Date | Track | Readiness | Verdict | Top gap |\n|---|---|---|---|---|---|");
        for m in &self.members {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&m.candidate),
                m.date.get(..10).unwrap_or(&m.date),
                cell(&m.track),
                with_range(Some(m.readiness), m.readiness_interval),
                cell(&if m.uncorrected {
                    format!("{} *", m.verdict)
                } else {
                    m.verdict.clone()
                }),
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
        md
    }
}
