//! Progress over time: one candidate's runs, oldest first, with honest change.
//!
//! A change counts as improved or declined only when it is at least the score's minimum
//! meaningful change (measurement noise, recorded in each report from the bank's
//! [`crate::bank::ChangeRules`]); smaller changes are "no clear change". Only what was
//! measured is compared: skills carried over by a focused run, the readiness and groups
//! of a focused run that carried any of their skills, and whole-report figures of a run
//! limited with `--skills`, are left out of comparisons.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

mod chart;
pub mod marks;
pub mod ratings;

pub use chart::chart;
pub use marks::Provenance;
pub use ratings::Rated;

use crate::report::text::{level_or_na, md_cell as cell, plural, with_range};
use crate::report::Summary;
use crate::scoring::GapKind;

/// Direction of a change, judged against measurement noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Up by at least the minimum meaningful change.
    Improved,
    /// Down by at least the minimum meaningful change.
    Declined,
    /// Within the noise.
    NoClearChange,
}

impl Direction {
    /// Words for people.
    pub fn words(self) -> &'static str {
        match self {
            Self::Improved => "improved",
            Self::Declined => "declined",
            Self::NoClearChange => "no clear change",
        }
    }
}

/// A change between two measured values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// Earlier value.
    pub from: f64,
    /// Later value.
    pub to: f64,
    /// `to - from`.
    pub delta: f64,
    /// The threshold used.
    pub min_change: f64,
    /// Improved, declined or no clear change.
    pub direction: Direction,
}

impl Change {
    fn between(from: f64, to: f64, min_change: f64) -> Self {
        let delta = crate::scoring::round1(to - from);
        let direction = if min_change > 0.0 && delta >= min_change {
            Direction::Improved
        } else if min_change > 0.0 && -delta >= min_change {
            Direction::Declined
        } else {
            Direction::NoClearChange
        };
        Self {
            from,
            to,
            delta,
            min_change,
            direction,
        }
    }
}

/// One run in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    /// Report file.
    pub file: PathBuf,
    /// A label unique among the candidate's runs: the date when it is the only run that
    /// day, else date and time (`2026-03-01 10:00`), with `#N` (its place in the
    /// history) when two runs share the minute.
    pub label: String,
    /// When the run finished (RFC 3339).
    pub date: String,
    /// Track id.
    pub track: String,
    /// Readiness score.
    pub readiness: f64,
    /// Verdict display name.
    pub verdict: String,
    /// Group scores by group id, in report order.
    pub groups: Vec<(String, Option<f64>)>,
    /// Whether the run measured only part of the skills.
    pub partial: bool,
    /// Bank version and sha256.
    pub bank: String,
    /// 90% interval of the readiness score (version 2 reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_interval: Option<[f64; 2]>,
    /// True for version 1 reports, whose scores are not corrected for guessing.
    pub uncorrected: bool,
    /// How the run was taken, and its quality flags.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Each mentor's latest rating per skill in this run's report, beside the
    /// self-rating and evidence levels of this run; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentor_ratings: Vec<Rated>,
}

/// The parts of a progress view, in the order every format (text, Markdown) shows
/// them, as the report's formats share one outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressPart {
    /// Who, how many runs, warnings (and the chart in Markdown).
    Summary,
    /// The runs, with marks for how each was taken.
    Runs,
    /// Self, mentor and evidence levels over time.
    Ratings,
    /// The change of each score.
    Change,
    /// Gaps closed, remaining and opened.
    Gaps,
}

impl ProgressPart {
    /// Every part, in order.
    pub const ALL: [Self; 5] = [
        Self::Summary,
        Self::Runs,
        Self::Ratings,
        Self::Change,
        Self::Gaps,
    ];
}

/// What a series of `progress` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// Skills readiness.
    Readiness,
    /// A group of skills.
    Group,
    /// One skill.
    Skill,
    /// Certainty-based marking (accuracy plus bonus).
    Cbm,
}

/// One measured figure across runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// `readiness`, a group id or a skill id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `readiness`, `group`, `skill` or `cbm` (certainty-based marking).
    pub kind: SeriesKind,
    /// Value per run, `None` where not measured in that run.
    pub values: Vec<Option<f64>>,
    /// Target in the latest run that has one.
    pub target: Option<f64>,
    /// Latest measured value against the one before it.
    pub since_previous: Option<Change>,
    /// Latest measured value against the first.
    pub since_first: Option<Change>,
}

/// Gaps compared between two runs (only ids measured in both count).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GapChanges {
    /// Gaps in the earlier run that are gone.
    pub closed: Vec<String>,
    /// Gaps in both.
    pub remain: Vec<String>,
    /// Gaps new in the later run.
    pub opened: Vec<String>,
}

/// A candidate's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Candidate name (from the latest report).
    pub candidate: String,
    /// Runs, oldest first.
    pub runs: Vec<RunSummary>,
    /// Readiness, groups, then skills.
    pub series: Vec<Series>,
    /// Latest run against the previous one.
    pub gaps_since_previous: GapChanges,
    /// Latest run against the first one.
    pub gaps_since_first: GapChanges,
    /// Things that limit comparisons (bank versions, tracks).
    pub warnings: Vec<String>,
}

/// Strings many runs share (skill, group and criterion ids and names), stored once.
#[derive(Debug, Default)]
pub struct Names {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(text.to_string());
        self.index.insert(text.to_string(), i);
        i
    }

    fn get(&self, i: u32) -> &str {
        self.list.get(i as usize).map_or("", String::as_str)
    }
}

/// One measured score of a run: `(id, name, value, min_change, target)`.
#[derive(Debug, Clone, Copy)]
struct Measure {
    id: u32,
    name: u32,
    value: Option<f64>,
    min_change: f64,
    target: f64,
    carried: bool,
}

/// What `progress` keeps of one report: a few hundred bytes instead of the report, so a
/// history of ten thousand runs fits in little memory.
#[derive(Debug, Clone)]
pub struct Run {
    summary: RunSummary,
    candidate: String,
    bank_sha256: String,
    bank_label: String,
    schema_version: u32,
    whole: bool,
    readiness_min_change: f64,
    /// Some skill was carried over, not measured: readiness is not a measured figure.
    skills_carried: bool,
    groups: Vec<Measure>,
    skills: Vec<Measure>,
    criteria: Vec<u32>,
    /// `(id, name, is a prerequisite)` per gap.
    gaps: Vec<(u32, u32, bool)>,
    /// Certainty-based marking: Moodle's accuracy + 100 × bonus, when the run had it.
    cbm: Option<f64>,
}

impl Run {
    /// Keeps what `progress` needs of `report`, read from `file`.
    pub fn from_report(file: PathBuf, r: &Summary, names: &mut Names) -> Self {
        let measure = |names: &mut Names,
                       id: &str,
                       name: &str,
                       value: Option<f64>,
                       min_change: f64,
                       target: f64,
                       carried: bool| Measure {
            id: names.intern(id),
            name: names.intern(name),
            value,
            min_change,
            target,
            carried,
        };
        Self {
            summary: RunSummary {
                // Set by `Progress::from_runs`, which sees every run.
                label: String::new(),
                provenance: Provenance::of(r),
                mentor_ratings: ratings::of(r),
                file,
                date: r
                    .finished_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                track: r.track.clone(),
                readiness: r.readiness.score,
                verdict: r.readiness.verdict_name.clone(),
                groups: r.groups.iter().map(|g| (g.id.clone(), g.score)).collect(),
                partial: r.run.partial,
                readiness_interval: r.readiness.interval,
                uncorrected: r.schema_version < 2,
                bank: format!(
                    "{} {} ({})",
                    r.bank.id,
                    r.bank.version,
                    r.bank.sha256.get(..12).unwrap_or(&r.bank.sha256)
                ),
            },
            candidate: r.candidate.clone(),
            bank_sha256: r.bank.sha256.clone(),
            bank_label: format!("{} {}", r.bank.id, r.bank.version),
            schema_version: r.schema_version,
            // Whole-report figures (readiness, groups) are comparable unless the run left
            // skills out without carrying them over.
            whole: !r.run.partial || !r.coverage.carried.is_empty(),
            readiness_min_change: r.readiness.min_change,
            skills_carried: r.skills.iter().any(|s| s.carried),
            groups: r
                .groups
                .iter()
                .map(|g| {
                    // A group is measured when none of its skills was carried (a skill
                    // without a group, as in a compacted summary, counts for every group).
                    let carried = r
                        .skills
                        .iter()
                        .any(|s| s.carried && (s.group == g.id || s.group.is_empty()));
                    measure(
                        names,
                        &g.id,
                        &g.name,
                        g.score,
                        g.min_change,
                        g.target,
                        carried,
                    )
                })
                .collect(),
            skills: r
                .skills
                .iter()
                .map(|s| {
                    measure(
                        names,
                        &s.id,
                        &s.name,
                        s.score,
                        s.min_change,
                        s.target,
                        s.carried,
                    )
                })
                .collect(),
            criteria: r.rubric.iter().map(|c| names.intern(&c.id)).collect(),
            cbm: r
                .cbm
                .as_ref()
                .map(|c| crate::scoring::round1(c.accuracy + 100.0 * c.bonus)),
            gaps: r
                .gaps
                .iter()
                .map(|g| {
                    (
                        names.intern(&g.id),
                        names.intern(&g.name),
                        g.kind == GapKind::Prerequisite,
                    )
                })
                .collect(),
        }
    }
}

/// One run's `(value, min_change, target)` for a score.
type Point = (f64, f64, Option<f64>);

fn series_of(
    runs: &[Run],
    id: &str,
    name: &str,
    kind: SeriesKind,
    value: impl Fn(&Run) -> Option<Point>,
) -> Series {
    // (value, min_change, target) per run
    let points: Vec<Option<Point>> = runs.iter().map(value).collect();
    let measured: Vec<(usize, Point)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p)))
        .collect();
    let change = |a: Point, b: Point| Change::between(a.0, b.0, a.1.max(b.1));
    // Compare the last two measurements (a focused run may not have measured the score).
    let (since_previous, since_first) = match measured.as_slice() {
        [(_, first), .., (_, previous), (_, latest)] | [(_, first @ previous), (_, latest)] => (
            Some(change(*previous, *latest)),
            Some(change(*first, *latest)),
        ),
        _ => (None, None),
    };
    Series {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        values: points.iter().map(|p| p.map(|p| p.0)).collect(),
        target: measured.last().and_then(|(_, p)| p.2),
        since_previous,
        since_first,
    }
}

/// Gap ids of a run among the ids it measured (carried results count as known).
fn gap_ids(run: &Run) -> (BTreeSet<u32>, BTreeSet<u32>) {
    let known: BTreeSet<u32> = run
        .skills
        .iter()
        .filter(|s| s.value.is_some())
        .map(|s| s.id)
        .chain(run.criteria.iter().copied())
        .collect();
    let gaps = run
        .gaps
        .iter()
        .filter(|(id, _, prerequisite)| *prerequisite || known.contains(id))
        .map(|(id, ..)| *id)
        .collect();
    (known, gaps)
}

fn compare_gaps(before: &Run, after: &Run, names: &Names) -> GapChanges {
    let (known_before, gaps_before) = gap_ids(before);
    let (known_after, gaps_after) = gap_ids(after);
    let both: BTreeSet<&u32> = known_before.intersection(&known_after).collect();
    let name = |id: &u32| {
        after
            .gaps
            .iter()
            .chain(&before.gaps)
            .find(|g| g.0 == *id)
            .map_or_else(
                || names.get(*id).to_string(),
                |g| names.get(g.1).to_string(),
            )
    };
    // Listed in the order of the ids' names, as the report ids sort.
    let sorted = |ids: Vec<&u32>| -> Vec<String> {
        let mut ids = ids;
        ids.sort_by(|a, b| names.get(**a).cmp(names.get(**b)));
        ids.into_iter().map(name).collect()
    };
    GapChanges {
        closed: sorted(
            gaps_before
                .iter()
                .filter(|g| both.contains(g) && !gaps_after.contains(*g))
                .collect(),
        ),
        remain: sorted(
            gaps_before
                .iter()
                .filter(|g| gaps_after.contains(*g))
                .collect(),
        ),
        opened: sorted(
            gaps_after
                .iter()
                .filter(|g| both.contains(g) && !gaps_before.contains(*g))
                .collect(),
        ),
    }
}

impl Progress {
    /// Builds the progress of one candidate from their reports, oldest first.
    pub fn from_reports(reports: &[(PathBuf, Summary)]) -> Option<Self> {
        let mut names = Names::default();
        let runs: Vec<Run> = reports
            .iter()
            .map(|(file, r)| Run::from_report(file.clone(), r, &mut names))
            .collect();
        Self::from_runs(runs, &names)
    }

    /// Builds the progress of one candidate from compact runs, oldest first.
    pub fn from_runs(runs: Vec<Run>, names: &Names) -> Option<Self> {
        let latest = runs.last()?;
        let mut series = vec![series_of(
            &runs,
            "readiness",
            "Readiness",
            SeriesKind::Readiness,
            |r| {
                (r.whole && !r.skills_carried).then_some((
                    r.summary.readiness,
                    r.readiness_min_change,
                    Some(100.0),
                ))
            },
        )];
        for group in &latest.groups {
            series.push(series_of(
                &runs,
                names.get(group.id),
                names.get(group.name),
                SeriesKind::Group,
                |r| {
                    let g = r.groups.iter().find(|g| g.id == group.id)?;
                    (r.whole && !g.carried).then_some((g.value?, g.min_change, Some(g.target)))
                },
            ));
        }
        let mut skill_ids: Vec<(u32, u32)> = Vec::new();
        for r in &runs {
            for s in &r.skills {
                if !skill_ids.iter().any(|(id, _)| *id == s.id) {
                    skill_ids.push((s.id, s.name));
                }
            }
        }
        for &(id, name) in &skill_ids {
            series.push(series_of(
                &runs,
                names.get(id),
                names.get(name),
                SeriesKind::Skill,
                |r| {
                    let s = r.skills.iter().find(|s| s.id == id)?;
                    (!s.carried).then_some((s.value?, s.min_change, Some(s.target)))
                },
            ));
        }
        // Runs with certainty-based marking: Moodle's accuracy + bonus, in points.
        if runs.iter().any(|r| r.cbm.is_some()) {
            series.push(series_of(
                &runs,
                "cbm",
                "CBM accuracy + bonus",
                SeriesKind::Cbm,
                |r| {
                    let value = r.cbm?;
                    Some((value, r.readiness_min_change, None))
                },
            ));
        }
        let mut warnings = Vec::new();
        let banks: BTreeSet<&str> = runs.iter().map(|r| r.bank_sha256.as_str()).collect();
        if banks.len() > 1 {
            let versions: BTreeSet<&str> = runs.iter().map(|r| r.bank_label.as_str()).collect();
            warnings.push(format!(
                "the runs used {} different question banks ({}); scores are not strictly comparable across them",
                banks.len(),
                versions.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        let old = runs.iter().filter(|r| r.schema_version < 2).count();
        if old > 0 {
            let (are, reports, their) = if old == 1 {
                ("is a", "report", "its")
            } else {
                ("are", "reports", "their")
            };
            warnings.push(format!(
                "{old} of the runs {are} version 1 {reports}, marked *: {their} scores are uncorrected for guessing and read higher than chance-corrected scores; compare them with later runs with care"
            ));
        }
        let tracks: BTreeSet<&str> = runs.iter().map(|r| r.summary.track.as_str()).collect();
        if tracks.len() > 1 {
            warnings.push(format!(
                "the runs used different tracks ({}), with different questions and targets; compare with care",
                tracks.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        let (gaps_since_previous, gaps_since_first) = match runs.as_slice() {
            [first, .., previous, last] => (
                compare_gaps(previous, last, names),
                compare_gaps(first, last, names),
            ),
            [first, last] => (
                compare_gaps(first, last, names),
                compare_gaps(first, last, names),
            ),
            _ => (GapChanges::default(), GapChanges::default()),
        };
        let candidate = latest.candidate.clone();
        let mut summaries: Vec<RunSummary> = runs.into_iter().map(|r| r.summary).collect();
        label_runs(&mut summaries);
        inherit_quality(&mut summaries);
        Some(Self {
            candidate,
            runs: summaries,
            series,
            gaps_since_previous,
            gaps_since_first,
            warnings,
        })
    }

    /// The Markdown document (`progress.md`); `chart_file` is linked when given.
    pub fn markdown(&self, chart_file: Option<&str>) -> String {
        let mut md = String::new();
        for part in ProgressPart::ALL {
            match part {
                ProgressPart::Summary => self.md_summary(&mut md, chart_file),
                ProgressPart::Runs => self.md_runs(&mut md),
                ProgressPart::Ratings => self.ratings_markdown(&mut md),
                ProgressPart::Change => self.md_change(&mut md),
                ProgressPart::Gaps => self.md_gaps(&mut md),
            }
        }
        md
    }

    /// The terminal view: runs (the last ten), then one row per score with a sparkline.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for part in ProgressPart::ALL {
            match part {
                ProgressPart::Summary => self.text_summary(&mut out),
                ProgressPart::Runs => self.text_runs(&mut out),
                ProgressPart::Ratings => self.ratings_text(&mut out, self.hidden_runs()),
                ProgressPart::Change => self.text_change(&mut out),
                ProgressPart::Gaps => self.text_gaps(&mut out),
            }
        }
        out
    }

    /// How many early runs the terminal view leaves out (it shows the last ten).
    fn hidden_runs(&self) -> usize {
        self.runs.len().saturating_sub(10)
    }

    /// Title, how many runs over which dates, warnings and the chart.
    fn md_summary(&self, md: &mut String, chart_file: Option<&str>) {
        let _ = writeln!(md, "# Progress: {}\n", cell(&self.candidate));
        let _ = writeln!(
            md,
            "{}, from {} to {}.\n",
            plural(self.runs.len(), "run", "runs"),
            day(&self.runs[0].date),
            day(&self.runs[self.runs.len() - 1].date)
        );
        for w in &self.warnings {
            let _ = writeln!(md, "> **Note:** {}\n", cell(w));
        }
        if let Some(chart) = chart_file {
            let _ = writeln!(md, "![Readiness and skill groups over time]({chart})\n");
        }
    }

    /// The runs table with its marks and flags.
    fn md_runs(&self, md: &mut String) {
        let groups: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| s.kind == SeriesKind::Group)
            .collect();
        let _ = write!(
            md,
            "## Runs\n\n| Run | Marks | Track | Readiness | Verdict |"
        );
        for g in &groups {
            let _ = write!(md, " {} |", cell(&g.name));
        }
        let _ = write!(md, "\n|---|---|---|---|---|");
        md.push_str(&"---|".repeat(groups.len()));
        md.push('\n');
        for (i, run) in self.runs.iter().enumerate() {
            let partial = if run.partial { " (partial)" } else { "" };
            let uncorrected = if run.uncorrected { " *" } else { "" };
            let _ = write!(
                md,
                "| {}{partial} | {} | {} | {} | {}{uncorrected} |",
                run.label,
                cell(&run.provenance.marks()),
                run.track,
                with_range(Some(run.readiness), run.readiness_interval),
                cell(&run.verdict)
            );
            for g in &groups {
                let _ = write!(md, " {} |", figure(g.values[i]));
            }
            md.push('\n');
        }
        let key = Provenance::key(self.runs.iter().map(|r| &r.provenance));
        if !key.is_empty() {
            let _ = writeln!(md, "\nMarks: {}.", cell(&key.join("; ")));
        }
        for line in self.flag_lines() {
            let _ = writeln!(md, "\n- {}", cell(&line));
        }
    }

    /// Each score: first, previous, latest, the changes and a trend.
    fn md_change(&self, md: &mut String) {
        let _ = writeln!(md, "\n## Change\n");
        let _ = writeln!(md, "A change counts only when it is at least the measurement noise of that score (shown as ±); smaller changes are \"no clear change\".\n");
        let _ = writeln!(md, "| Score | First | Previous | Latest | Since previous | Since first | Trend |\n|---|---|---|---|---|---|---|");
        for s in &self.series {
            let measured: Vec<f64> = s.values.iter().flatten().copied().collect();
            let previous = s.since_previous.map(|c| c.from);
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | `{}` |",
                cell(&s.name),
                figure(measured.first().copied()),
                figure(previous),
                figure(s.values.iter().flatten().last().copied()),
                change_words(s.since_previous),
                change_words(s.since_first),
                sparkline(&s.values)
            );
        }
    }

    /// Gaps closed, remaining and opened.
    fn md_gaps(&self, md: &mut String) {
        let _ = writeln!(md, "\n## Gaps\n");
        for (title, changes) in [
            ("Since the previous run", &self.gaps_since_previous),
            ("Since the first run", &self.gaps_since_first),
        ] {
            let _ = writeln!(md, "**{title}**\n");
            let _ = writeln!(md, "- Closed: {}", list(&changes.closed));
            let _ = writeln!(md, "- Remain: {}", list(&changes.remain));
            let _ = writeln!(md, "- Opened: {}\n", list(&changes.opened));
        }
    }

    /// Who, how many runs over which dates, and warnings.
    fn text_summary(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Progress of {}: {} from {} to {}",
            self.candidate,
            plural(self.runs.len(), "run", "runs"),
            day(&self.runs[0].date),
            day(&self.runs[self.runs.len() - 1].date)
        );
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
    }

    /// The last ten runs with their marks and flags.
    fn text_runs(&self, out: &mut String) {
        let groups: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| s.kind == SeriesKind::Group)
            .collect();
        let mut header = vec![
            "run".to_string(),
            "marks".into(),
            "track".into(),
            "readiness".into(),
            "verdict".into(),
        ];
        header.extend(groups.iter().map(|g| short(&g.id)));
        let mut align = vec![
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ];
        align.extend(groups.iter().map(|_| Align::Right));
        let shown = self.hidden_runs();
        let mut rows = vec![header];
        for (i, run) in self.runs.iter().enumerate().skip(shown) {
            let mut verdict = if run.partial {
                format!("{} (partial)", run.verdict)
            } else {
                run.verdict.clone()
            };
            if run.uncorrected {
                verdict.push_str(" *");
            }
            let mut row = vec![
                run.label.clone(),
                run.provenance.marks(),
                run.track.clone(),
                with_range(Some(run.readiness), run.readiness_interval),
                verdict,
            ];
            row.extend(groups.iter().map(|g| figure(g.values[i])));
            rows.push(row);
        }
        let table_text = table(&rows, &align);
        out.push('\n');
        let mut lines = table_text.lines();
        if let Some(head) = lines.next() {
            let _ = writeln!(out, "{head}");
        }
        if shown > 0 {
            let _ = writeln!(
                out,
                "  … {} (all are in progress.md and --json)",
                plural(shown, "earlier run", "earlier runs")
            );
        }
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let key = Provenance::key(self.runs[shown..].iter().map(|r| &r.provenance));
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

    /// Each score: first, latest, the changes and a trend.
    fn text_change(&self, out: &mut String) {
        let mut rows = vec![vec![
            "score".to_string(),
            "first".into(),
            "latest".into(),
            "since previous".into(),
            "since first".into(),
            "trend".into(),
        ]];
        for s in &self.series {
            let first = s.values.iter().flatten().next().copied();
            rows.push(vec![
                crate::clean::fit(&s.name, crate::clean::MAX_CELL_WIDTH).into_owned(),
                figure(first),
                figure(s.values.iter().flatten().last().copied()),
                change_words(s.since_previous),
                change_words(s.since_first),
                sparkline(&s.values),
            ]);
        }
        out.push('\n');
        out.push_str(&table(
            &rows,
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Left,
                Align::Left,
                Align::Left,
            ],
        ));
    }

    /// Gaps since the previous run.
    fn text_gaps(&self, out: &mut String) {
        let g = &self.gaps_since_previous;
        let _ = writeln!(
            out,
            "\nGaps since the previous run: closed {}; remain {}; opened {}",
            list(&g.closed),
            list(&g.remain),
            list(&g.opened)
        );
    }
}

impl Progress {
    /// The mentor ratings of the runs from `from` on, as `(run index, rating)`, grouped
    /// by skill (in the order skills first appear) and oldest run first within a skill,
    /// so each skill reads as its ratings over time.
    fn ratings_over_time(&self, from: usize) -> Vec<(usize, &Rated)> {
        let mut skills: Vec<&str> = Vec::new();
        let mut rows: Vec<(usize, &Rated)> = Vec::new();
        for (i, run) in self.runs.iter().enumerate().skip(from) {
            for rated in &run.mentor_ratings {
                if !skills.contains(&rated.skill.as_str()) {
                    skills.push(&rated.skill);
                }
                rows.push((i, rated));
            }
        }
        // Stable: within a skill, runs stay oldest first and mentors in report order.
        rows.sort_by_key(|(_, r)| skills.iter().position(|s| *s == r.skill));
        rows
    }

    /// The terminal table of mentor ratings over the runs shown (from `shown` on);
    /// nothing when no shown run was rated.
    fn ratings_text(&self, out: &mut String, shown: usize) {
        let rated = self.ratings_over_time(shown);
        if rated.is_empty() {
            return;
        }
        let _ = writeln!(out, "\nSelf, mentor and evidence");
        out.push_str(&crate::report::wrap(
            &format!("  {}\n", ratings::LEVELS_NOTE),
            80,
        ));
        ratings::write_table(
            out,
            ["skill", "run"],
            rated.into_iter().map(|(i, r)| {
                (
                    [
                        crate::clean::fit(&r.name, 16).into_owned(),
                        self.runs[i].label.clone(),
                    ],
                    r,
                )
            }),
        );
    }

    /// The Markdown table of mentor ratings over every run; nothing when none was rated.
    fn ratings_markdown(&self, md: &mut String) {
        let rated = self.ratings_over_time(0);
        if rated.is_empty() {
            return;
        }
        let _ = writeln!(
            md,
            "\n## Self, mentor and evidence\n\n{}\n\n| Skill | Run | Self-rating | Mentor rating | Evidence | Agreement |\n|---|---|---|---|---|---|",
            ratings::LEVELS_NOTE
        );
        for (i, r) in rated {
            let _ = writeln!(
                md,
                "| {} | {} | {} | level {} ({}) | {} | {} |",
                cell(&r.name),
                self.runs[i].label,
                level_or_na(r.self_level),
                r.level,
                cell(&r.mentor),
                level_or_na(r.evidence_level),
                ratings::agreement_md(r)
            );
        }
    }

    /// One line per flagged run: its label and the flags, with where inherited ones
    /// came from.
    fn flag_lines(&self) -> Vec<String> {
        self.runs
            .iter()
            .filter_map(|r| r.provenance.flag_line(&r.label))
            .collect()
    }
}

/// Gives every run a label unique among them: the date when it is the day's only run,
/// else the date and time of day, and the run's place in the history (`#3`) when runs
/// share even the minute.
fn label_runs(runs: &mut [RunSummary]) {
    let minute = |date: &str| -> String {
        format!("{} {}", day(date), date.get(11..16).unwrap_or_default())
    };
    let labels: Vec<String> = runs
        .iter()
        .map(|run| {
            let same_day = runs
                .iter()
                .filter(|o| day(&o.date) == day(&run.date))
                .count();
            if same_day == 1 {
                day(&run.date).to_string()
            } else {
                minute(&run.date)
            }
        })
        .collect();
    for (i, run) in runs.iter_mut().enumerate() {
        let label = &labels[i];
        run.label = if labels.iter().filter(|l| *l == label).count() > 1 {
            format!("{label} #{}", i + 1)
        } else {
            label.clone()
        };
    }
}

/// A focused retake carries results, and with them the doubts about them: it inherits
/// the quality flags of the run it carried from (and of the run that one carried from),
/// when that run is in the history.
fn inherit_quality(runs: &mut [RunSummary]) {
    for i in 0..runs.len() {
        let Some(from) = runs[i].provenance.carried_from.clone() else {
            continue;
        };
        // Runs are oldest first, so the earlier run's own inheritance is already known.
        let earlier = runs[..i].iter().rev().find(|r| {
            r.file
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == from)
        });
        if let Some(earlier) = earlier {
            let inherited = earlier.provenance.all_quality();
            runs[i].provenance.inherited_quality = inherited;
        }
    }
}

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Figures.
    Right,
}

/// A text table: each row indented by two spaces, columns two spaces apart, each as wide
/// as its widest cell by display width (so `±`, `–`, `█` and colour codes count as they
/// show, and a long cell pushes its column instead of the rest of the row).
pub(crate) fn table(rows: &[Vec<String>], align: &[Align]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| console::measure_text_width(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(console::measure_text_width(cell));
            line.push(' ');
            if align.get(c) == Some(&Align::Right) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else if c + 1 < row.len() {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                // The last cell is not padded (a sparkline's blank for an unmeasured run
                // is kept; padding is not).
                line.push_str(cell);
            }
            line.push(' ');
        }
        line.pop();
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

fn short(id: &str) -> String {
    id.chars().take(6).collect()
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.0}"))
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

fn change_words(change: Option<Change>) -> String {
    change.map_or_else(
        || "–".to_string(),
        |c| {
            format!(
                "{:+.0} (±{:.0}) {}",
                c.delta,
                c.min_change,
                c.direction.words()
            )
        },
    )
}

/// A sparkline on the absolute 0-100 scale (so a flat line means a flat score); runs
/// where the score was not measured are blank.
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    // Long histories keep their last 24 points; the full series is in the JSON.
    let start = values.len().saturating_sub(24);
    values[start..]
        .iter()
        .map(|v| {
            v.map_or(' ', |x| {
                let i = ((x.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize;
                BARS[i.min(7)]
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_within_noise_are_not_called_improvement() {
        assert_eq!(
            Change::between(50.0, 58.0, 10.0).direction,
            Direction::NoClearChange
        );
        assert_eq!(
            Change::between(50.0, 60.0, 10.0).direction,
            Direction::Improved
        );
        assert_eq!(
            Change::between(60.0, 45.0, 10.0).direction,
            Direction::Declined
        );
    }

    #[test]
    fn sparkline_uses_the_absolute_scale() {
        assert_eq!(
            sparkline(&[Some(0.0), Some(100.0), None, Some(50.0)]),
            "▁█ ▅"
        );
    }
}
