//! Item analysis over saved reports, as Moodle's quiz statistics: per item facility,
//! spread, discrimination and discriminative efficiency; per skill Cronbach's α, the
//! error ratio and the standard error.
//!
//! A respondent is one report (the first run of each candidate by default). Forms rotate
//! items, so each item is computed over the respondents who answered it, and α over the
//! respondents who answered every evidence item of the skill (complete cases).

use std::collections::HashMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::report::text::md_cell as cell;
use crate::scoring::round1;

/// Fewest respondents for an SD or a discrimination.
pub const MIN_FOR_SPREAD: usize = 2;
/// Fewest complete cases for Cronbach's α.
pub const MIN_FOR_ALPHA: usize = 3;
/// Discriminative efficiency below this marks an item as dubious.
pub const DUBIOUS_BELOW: f64 = 15.0;

/// What `stats` reads of a report: the scored answers.
#[derive(Debug, Clone, Deserialize)]
pub struct Scored {
    /// Version of the report's shape.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: crate::report::ToolInfo,
    /// The answers.
    pub answers: Vec<ScoredAnswer>,
}

impl crate::history::Readable for Scored {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
}

/// One answer as `stats` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct ScoredAnswer {
    /// Question id.
    pub id: String,
    /// Skill id (skill questions).
    #[serde(default)]
    pub skill: Option<String>,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Item score in [0, 1].
    #[serde(default)]
    pub score: Option<f64>,
}

/// One item's statistics (percentages, rounded to 0.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Question id.
    pub id: String,
    /// Skill id.
    pub skill: String,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Respondents who answered it.
    pub n: usize,
    /// Mean score × 100.
    pub facility: f64,
    /// Sample standard deviation of the score × 100 (`null` under 2 respondents).
    pub sd: Option<f64>,
    /// The chance level × 100 (`null` when the item is not in the bank used).
    pub random_guess: Option<f64>,
    /// 100 × correlation of the item with the rest of its skill (`null` under 2
    /// respondents or without spread).
    pub discrimination: Option<f64>,
    /// 100 × Cov(item, rest) / the largest covariance the same marks allow.
    pub discriminative_efficiency: Option<f64>,
    /// True when the efficiency is below 15.
    pub dubious: bool,
}

/// One skill's reliability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillStats {
    /// Skill id.
    pub id: String,
    /// Evidence items seen for the skill.
    pub items: usize,
    /// Complete cases: respondents who answered every one of them.
    pub n: usize,
    /// Cronbach's α × 100 over the complete cases (`null` under 3 or one item).
    pub alpha: Option<f64>,
    /// 100 × √(1 − α).
    pub error_ratio: Option<f64>,
    /// Error ratio × the SD of the skill's mean item score, in points (0-100).
    pub standard_error: Option<f64>,
}

/// The analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Reports analysed (one per respondent).
    pub respondents: usize,
    /// `first` (each candidate's first run) or `all`.
    pub runs: String,
    /// Per item, by skill then id.
    pub items: Vec<ItemStats>,
    /// Per skill, by id.
    pub skills: Vec<SkillStats>,
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample covariance (n − 1).
fn cov(xs: &[f64], ys: &[f64]) -> f64 {
    let (mx, my) = (mean(xs), mean(ys));
    xs.iter()
        .zip(ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum::<f64>()
        / (xs.len() as f64 - 1.0)
}

/// Accumulates respondents, then computes.
#[derive(Debug, Default)]
pub struct Builder {
    items: Vec<(String, String, String)>,
    index: HashMap<String, usize>,
    /// Per respondent, (item index, score), by item index.
    respondents: Vec<Vec<(usize, f64)>>,
}

impl Builder {
    /// Adds one report's evidence answers (self-ratings and unscored answers are left out).
    pub fn add(&mut self, answers: &[ScoredAnswer]) {
        let mut row = Vec::new();
        for a in answers {
            let (Some(skill), Some(score)) = (&a.skill, a.score) else {
                continue;
            };
            if a.kind == "self_rating" {
                continue;
            }
            let i = if let Some(&i) = self.index.get(&a.id) {
                i
            } else {
                let i = self.items.len();
                self.index.insert(a.id.clone(), i);
                self.items
                    .push((a.id.clone(), skill.clone(), a.kind.clone()));
                i
            };
            row.push((i, score));
        }
        row.sort_by_key(|(i, _)| *i);
        row.dedup_by_key(|(i, _)| *i);
        self.respondents.push(row);
    }

    /// The analysis; `chance` gives an item's chance level (0-1) by id.
    pub fn finish(&self, runs: &str, chance: impl Fn(&str) -> Option<f64>) -> Stats {
        // Each item's skill as a number, and each respondent's sum per skill, so an
        // item's "rest" is that sum minus the item: one pass, not one per item.
        let mut skill_names: Vec<&str> = Vec::new();
        let item_skill: Vec<usize> = self
            .items
            .iter()
            .map(|(_, s, _)| {
                skill_names.iter().position(|k| k == s).unwrap_or_else(|| {
                    skill_names.push(s);
                    skill_names.len() - 1
                })
            })
            .collect();
        let sums: Vec<Vec<f64>> = self
            .respondents
            .iter()
            .map(|r| {
                let mut sum = vec![0.0; skill_names.len()];
                for &(j, s) in r {
                    sum[item_skill[j]] += s;
                }
                sum
            })
            .collect();
        let mut columns: Vec<(Vec<f64>, Vec<f64>)> =
            vec![(Vec::new(), Vec::new()); self.items.len()];
        for (r, sum) in self.respondents.iter().zip(&sums) {
            for &(i, x) in r {
                columns[i].0.push(x);
                columns[i].1.push(sum[item_skill[i]] - x);
            }
        }
        let mut items = Vec::new();
        for (i, (id, skill, kind)) in self.items.iter().enumerate() {
            let (xs, rests) = std::mem::take(&mut columns[i]);
            let n = xs.len();
            let spread = n >= MIN_FOR_SPREAD;
            let sd = spread.then(|| cov(&xs, &xs).sqrt());
            let (mut discrimination, mut efficiency) = (None, None);
            if spread {
                let (vx, vr, c) = (cov(&xs, &xs), cov(&rests, &rests), cov(&xs, &rests));
                if vx > 0.0 && vr > 0.0 {
                    discrimination = Some(round1(100.0 * c / (vx * vr).sqrt()));
                }
                let (mut sx, mut sr) = (xs.clone(), rests.clone());
                sx.sort_by(f64::total_cmp);
                sr.sort_by(f64::total_cmp);
                let max = cov(&sx, &sr);
                if max > 0.0 {
                    efficiency = Some(round1(100.0 * c / max));
                }
            }
            items.push(ItemStats {
                id: id.clone(),
                skill: skill.clone(),
                kind: kind.clone(),
                n,
                facility: round1(100.0 * mean(&xs)),
                sd: sd.map(|s| round1(100.0 * s)),
                random_guess: chance(id).map(|c| round1(100.0 * c)),
                discrimination,
                discriminative_efficiency: efficiency,
                dubious: efficiency.is_some_and(|e| e < DUBIOUS_BELOW),
            });
        }
        items.sort_by(|a, b| a.skill.cmp(&b.skill).then_with(|| a.id.cmp(&b.id)));

        let mut skill_ids: Vec<&str> = self.items.iter().map(|(_, s, _)| s.as_str()).collect();
        skill_ids.sort_unstable();
        skill_ids.dedup();
        let skills = skill_ids
            .into_iter()
            .map(|skill| self.skill_stats(skill))
            .collect();
        Stats {
            respondents: self.respondents.len(),
            runs: runs.to_string(),
            items,
            skills,
        }
    }

    fn skill_stats(&self, skill: &str) -> SkillStats {
        let members: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].1 == skill)
            .collect();
        let k = members.len();
        // Complete cases: the rows that hold every member item.
        let rows: Vec<Vec<f64>> = self
            .respondents
            .iter()
            .filter_map(|r| {
                members
                    .iter()
                    .map(|&i| r.binary_search_by_key(&i, |(j, _)| *j).ok().map(|p| r[p].1))
                    .collect::<Option<Vec<f64>>>()
            })
            .collect();
        let n = rows.len();
        let mut alpha = None;
        let mut standard_error = None;
        let mut error_ratio = None;
        if n >= MIN_FOR_ALPHA && k >= 2 {
            let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
            let var_total = cov(&totals, &totals);
            if var_total > 0.0 {
                let item_vars: f64 = (0..k)
                    .map(|c| {
                        let col: Vec<f64> = rows.iter().map(|r| r[c]).collect();
                        cov(&col, &col)
                    })
                    .sum();
                let kf = k as f64;
                let a = kf / (kf - 1.0) * (1.0 - item_vars / var_total);
                let ratio = (1.0 - a).max(0.0).sqrt();
                alpha = Some(round1(100.0 * a));
                error_ratio = Some(round1(100.0 * ratio));
                standard_error = Some(round1(ratio * 100.0 * var_total.sqrt() / kf));
            }
        }
        SkillStats {
            id: skill.to_string(),
            items: k,
            n,
            alpha,
            error_ratio,
            standard_error,
        }
    }
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

const NOTE: &str = "Items differ by candidate when forms rotate: each item is computed over the candidates who answered it, and α over those who answered every evidence item of the skill (complete cases). No SD or discrimination under 2 candidates, no α under 3 (–).";

impl Stats {
    fn heading(&self) -> String {
        format!(
            "{} ({})",
            crate::words::plural(self.respondents, "report", "reports"),
            if self.runs == "all" {
                "every run"
            } else {
                "the first run of each candidate"
            }
        )
    }

    /// The terminal view.
    pub fn text(&self) -> String {
        let mut out = format!("Item analysis of {}\n\n", self.heading());
        let _ = writeln!(
            out,
            "{:<16} {:<16} {:<10} {:>4} {:>8} {:>6} {:>6} {:>6} {:>6}",
            "item", "skill", "type", "n", "facility", "sd", "guess", "discr", "effic"
        );
        for i in &self.items {
            let _ = writeln!(
                out,
                "{:<16} {:<16} {:<10} {:>4} {:>8.1} {:>6} {:>6} {:>6} {:>6}{}",
                i.id,
                i.skill,
                i.kind,
                i.n,
                i.facility,
                opt(i.sd),
                opt(i.random_guess),
                opt(i.discrimination),
                opt(i.discriminative_efficiency),
                if i.dubious { "  dubious" } else { "" }
            );
        }
        let _ = writeln!(
            out,
            "\n{:<16} {:>5} {:>4} {:>6} {:>11} {:>14}",
            "skill", "items", "n", "alpha", "error ratio", "standard error"
        );
        for s in &self.skills {
            let _ = writeln!(
                out,
                "{:<16} {:>5} {:>4} {:>6} {:>11} {:>14}",
                s.id,
                s.items,
                s.n,
                opt(s.alpha),
                opt(s.error_ratio),
                opt(s.standard_error)
            );
        }
        let _ = writeln!(out, "\n{NOTE}");
        out
    }

    /// `stats.md`.
    pub fn markdown(&self) -> String {
        let mut out = format!("# Item analysis\n\n{}.\n\n", self.heading());
        out.push_str("| Item | Skill | Type | n | Facility | SD | Random guess | Discrimination | Efficiency | |\n|:---|:---|:---|---:|---:|---:|---:|---:|---:|:---|\n");
        for i in &self.items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.1} | {} | {} | {} | {} | {} |",
                cell(&i.id),
                cell(&i.skill),
                i.kind,
                i.n,
                i.facility,
                opt(i.sd),
                opt(i.random_guess),
                opt(i.discrimination),
                opt(i.discriminative_efficiency),
                if i.dubious { "dubious" } else { "" }
            );
        }
        out.push_str("\n| Skill | Items | n (complete) | α | Error ratio | Standard error |\n|:---|---:|---:|---:|---:|---:|\n");
        for s in &self.skills {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&s.id),
                s.items,
                s.n,
                opt(s.alpha),
                opt(s.error_ratio),
                opt(s.standard_error)
            );
        }
        let _ = writeln!(out, "\n{NOTE}");
        out
    }
}
