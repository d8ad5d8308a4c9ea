//! Mentor ratings as `progress` and `cohort` show them: each mentor's latest rating of a
//! skill in one report, beside the candidate's self-rating level and the evidence level
//! of that report, with disagreements of two levels or more flagged (the report's rule).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::report::text::self_level_number;
use crate::report::{MentorRating, Summary};

/// One mentor's latest rating of one skill in one report, with what it is compared to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rated {
    /// Skill id.
    pub skill: String,
    /// Skill display name.
    pub name: String,
    /// The mentor's level, 1-5 on the skill's self-rating scale.
    pub level: u8,
    /// Who rated.
    pub mentor: String,
    /// When (RFC 3339).
    pub at: String,
    /// The candidate's self-rating level in that report, 1-5.
    pub self_level: Option<u8>,
    /// The level the evidence score of that report falls in, 1-5.
    pub evidence_level: Option<u8>,
    /// True when the mentor's level is two or more from the self-rating level.
    pub disagree: bool,
}

/// Each mentor's latest rating per skill in `r`, in the report's skill order, then in
/// the order the mentors last rated (as the report's own table).
pub fn of(r: &Summary) -> Vec<Rated> {
    let mut out = Vec::new();
    for s in &r.skills {
        let own = self_level_number(s);
        for m in MentorRating::latest(&r.mentor_ratings, &s.id) {
            out.push(Rated {
                skill: s.id.clone(),
                name: s.name.clone(),
                level: m.level,
                mentor: m.mentor.clone(),
                at: stamp(m.at),
                self_level: own,
                evidence_level: s.calibration.evidence_level,
                // Progression frameworks treat one level apart as normal, two as a
                // disconnect to discuss.
                disagree: own.is_some_and(|own| m.level.abs_diff(own) >= 2),
            });
        }
    }
    out
}

fn stamp(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A level for a table cell: the digit, or `–` when unknown.
pub fn level(level: Option<u8>) -> String {
    level.map_or_else(|| "–".to_string(), |l| l.to_string())
}

/// The mentor's cell of a text table: `4 (Grace H)`, the name cut to `name_width`
/// columns so the level and the parentheses always show.
pub fn mentor_cell(r: &Rated, name_width: usize) -> String {
    format!("{} ({})", r.level, crate::clean::fit(&r.mentor, name_width))
}

/// The agreement cell of a text table: `disagree` or nothing.
pub fn flag(r: &Rated) -> &'static str {
    if r.disagree {
        "disagree"
    } else {
        ""
    }
}

/// The agreement cell of a Markdown table, worded as in the report.
pub fn agreement_md(r: &Rated) -> &'static str {
    if r.disagree {
        "**disagree** (2+ levels)"
    } else {
        "within 1 level"
    }
}

/// What the levels mean, said once above each ratings table (short enough for one line
/// of an 80-column terminal).
pub const LEVELS_NOTE: &str =
    "Levels 1-5 on each skill's self-rating scale; two or more apart: disagree.";

/// The terminal table of ratings: two leading columns named by `first` (who or which
/// run), then self, mentor, evidence and agreement. Cells are fitted so a row stays
/// within 80 columns with usual names.
pub fn write_table<'a>(
    out: &mut String,
    first: [&str; 2],
    rows: impl IntoIterator<Item = ([String; 2], &'a Rated)>,
) {
    use super::{table, Align};
    let mut cells = vec![vec![
        first[0].to_string(),
        first[1].to_string(),
        "self".into(),
        "mentor".into(),
        "evidence".into(),
        "agreement".into(),
    ]];
    for ([a, b], r) in rows {
        cells.push(vec![
            a,
            b,
            level(r.self_level),
            mentor_cell(r, 14),
            level(r.evidence_level),
            flag(r).to_string(),
        ]);
    }
    let align = [
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Left,
        Align::Right,
        Align::Left,
    ];
    // An agreeing row's empty last cell would leave trailing blanks.
    for line in table(&cells, &align).lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
