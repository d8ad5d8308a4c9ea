//! Expert-panel keying of scenario items: independent raters score every option's
//! effectiveness from 1 to 7; option scores come from the panel means, and items on which
//! the raters disagree about the best option are rewritten or dropped.
//!
//! Ratings live in a bank folder's `panel/` subfolder, one `ratings-<rater>.json` per
//! rater: `{"rater": "...", "ratings": {"<item>": {"<option>": {"rating": 1-7, "why": "..."}}}}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bank::{Bank, QuestionType};

/// One rating of one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// Effectiveness, 1 (very ineffective) to 7 (very effective).
    pub rating: u8,
    /// One line of reason.
    #[serde(default)]
    pub why: String,
}

/// One rater's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaterFile {
    /// Who rated (a persona id such as `infra-tpm`).
    pub rater: String,
    /// Item id → option id → rating.
    pub ratings: BTreeMap<String, BTreeMap<String, Rating>>,
}

/// Why the panel cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    /// A file could not be read.
    #[error("cannot read panel ratings {path}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is not a rater file.
    #[error("panel ratings {path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Parser message with line and column.
        reason: String,
    },
    /// No rater files.
    #[error("no panel ratings (ratings-*.json) in {0}")]
    Empty(String),
}

/// Reads every `ratings-*.json` in `dir`, sorted by file name.
pub fn read_dir(dir: &Path) -> Result<Vec<RaterFile>, PanelError> {
    let io = |source| PanelError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("ratings-") && n.ends_with(".json"))
        })
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|source| PanelError::Io {
            path: path.clone(),
            source,
        })?;
        files.push(parse(&path.display().to_string(), &bytes)?);
    }
    if files.is_empty() {
        return Err(PanelError::Empty(dir.display().to_string()));
    }
    Ok(files)
}

/// Parses one rater file named `name`.
pub fn parse(name: &str, bytes: &[u8]) -> Result<RaterFile, PanelError> {
    serde_json::from_slice(bytes).map_err(|e| PanelError::Invalid {
        path: PathBuf::from(name),
        reason: e.to_string(),
    })
}

/// The built-in bank's panel, embedded at build time.
pub fn embedded() -> Result<Vec<RaterFile>, PanelError> {
    crate::bank::embedded_panel()
        .iter()
        .map(|(name, text)| parse(name, text.as_bytes()))
        .collect()
}

/// The panel's verdict on one scenario item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemAgreement {
    /// Item id.
    pub id: String,
    /// Raters who rated every option.
    pub raters: usize,
    /// Mean rating per option id.
    pub means: BTreeMap<String, f64>,
    /// The option with the highest mean.
    pub best: String,
    /// Best mean minus the next best, in rating points.
    pub margin: f64,
    /// Whether every rater rated `best` at least as high as any other option.
    pub all_agree: bool,
    /// Option scores the panel gives: (mean − 1) / (best mean − 1), two decimals.
    pub scores: BTreeMap<String, f64>,
    /// Options whose score in the bank differs from the panel's.
    pub drift: Vec<String>,
}

/// Agreement over the whole panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Rater ids.
    pub raters: Vec<String>,
    /// Scenario items in the bank.
    pub scenarios: usize,
    /// Per rated scenario item, in bank order.
    pub items: Vec<ItemAgreement>,
    /// Scenario items no rater rated completely.
    pub unrated: Vec<String>,
    /// Share of rated items whose best option is every rater's best, 0-1.
    pub all_agree: f64,
    /// Share of rated items whose best option leads by at least one rating point, 0-1.
    pub clear_best: f64,
    /// Intraclass correlation ICC(2,1): one rater's reliability (two-way random effects,
    /// absolute agreement) over every option rated by every rater.
    pub icc_single: Option<f64>,
    /// ICC(2,k): the reliability of the panel mean.
    pub icc_mean: Option<f64>,
}

impl Agreement {
    /// Items the panel does not support as keyed: raters disagree on the best option, the
    /// best leads by less than a rating point, the bank's scores drifted, or unrated.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .unrated
            .iter()
            .map(|id| format!("question `{id}`: no complete panel ratings"))
            .collect();
        for item in &self.items {
            if !item.all_agree {
                out.push(format!(
                    "question `{}`: raters disagree on the best option",
                    item.id
                ));
            } else if item.margin < 1.0 {
                out.push(format!(
                    "question `{}`: the best option leads by only {:.2} rating points",
                    item.id, item.margin
                ));
            }
            if !item.drift.is_empty() {
                out.push(format!(
                    "question `{}`: option scores differ from the panel's for {}",
                    item.id,
                    item.drift.join(", ")
                ));
            }
        }
        out
    }
}

/// Panel score of an option: its mean rescaled so 1 (very ineffective) is 0 and the
/// item's best mean is 1; two decimals.
pub fn option_score(mean: f64, best: f64) -> f64 {
    if best <= 1.0 {
        return 0.0;
    }
    (100.0 * (mean - 1.0) / (best - 1.0)).round() / 100.0
}

/// ICC(2,1) and ICC(2,k) (Shrout & Fleiss 1979) of a targets × raters matrix.
pub fn icc(rows: &[Vec<f64>]) -> Option<(f64, f64)> {
    let n = rows.len();
    let k = rows.first()?.len();
    if n < 2 || k < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = rows.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = rows.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / nf)
        .collect();
    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_total = rows
        .iter()
        .flatten()
        .map(|x| (x - grand).powi(2))
        .sum::<f64>();
    let ss_error = ss_total - ss_rows - ss_cols;
    let ms_rows = ss_rows / (nf - 1.0);
    let ms_cols = ss_cols / (kf - 1.0);
    let ms_error = ss_error / ((nf - 1.0) * (kf - 1.0));
    let single =
        (ms_rows - ms_error) / (ms_rows + (kf - 1.0) * ms_error + kf * (ms_cols - ms_error) / nf);
    let mean = (ms_rows - ms_error) / (ms_rows + (ms_cols - ms_error) / nf);
    Some((single, mean))
}

/// Measures the panel's agreement on the scenario items of `bank`.
pub fn agreement(bank: &Bank, raters: &[RaterFile]) -> Agreement {
    let mut items = Vec::new();
    let mut unrated = Vec::new();
    let mut matrix = Vec::new();
    let scenarios: Vec<_> = bank
        .questions
        .iter()
        .filter(|q| q.kind == QuestionType::Scenario)
        .collect();
    for q in &scenarios {
        let complete: Vec<&BTreeMap<String, Rating>> = raters
            .iter()
            .filter_map(|r| r.ratings.get(&q.id))
            .filter(|opts| q.options.iter().all(|o| opts.contains_key(&o.id)))
            .collect();
        if complete.is_empty() {
            unrated.push(q.id.clone());
            continue;
        }
        let rating = |r: &BTreeMap<String, Rating>, o: &str| f64::from(r[o].rating);
        let means: BTreeMap<String, f64> = q
            .options
            .iter()
            .map(|o| {
                let sum: f64 = complete.iter().map(|r| rating(r, &o.id)).sum();
                (o.id.clone(), sum / complete.len() as f64)
            })
            .collect();
        let mut ranked: Vec<(&String, f64)> = means.iter().map(|(k, v)| (k, *v)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let (best, top) = (ranked[0].0.clone(), ranked[0].1);
        let margin = ranked.get(1).map_or(top, |r| top - r.1);
        let all_agree = complete.iter().all(|r| {
            let own = rating(r, &best);
            q.options.iter().all(|o| rating(r, &o.id) <= own)
        });
        let scores: BTreeMap<String, f64> = means
            .iter()
            .map(|(id, m)| (id.clone(), option_score(*m, top)))
            .collect();
        let drift = q
            .options
            .iter()
            .filter(|o| o.score.is_none_or(|s| (s - scores[&o.id]).abs() > 0.005))
            .map(|o| o.id.clone())
            .collect();
        if complete.len() == raters.len() {
            for o in &q.options {
                matrix.push(complete.iter().map(|r| rating(r, &o.id)).collect());
            }
        }
        items.push(ItemAgreement {
            id: q.id.clone(),
            raters: complete.len(),
            means,
            best,
            margin,
            all_agree,
            scores,
            drift,
        });
    }
    let rated = items.len().max(1) as f64;
    let (icc_single, icc_mean) = icc(&matrix).map_or((None, None), |(s, m)| (Some(s), Some(m)));
    Agreement {
        raters: raters.iter().map(|r| r.rater.clone()).collect(),
        scenarios: scenarios.len(),
        all_agree: items.iter().filter(|i| i.all_agree).count() as f64 / rated,
        clear_best: items.iter().filter(|i| i.margin >= 1.0).count() as f64 / rated,
        items,
        unrated,
        icc_single,
        icc_mean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icc_matches_shrout_and_fleiss() {
        // Shrout & Fleiss (1979), table 2: 6 targets, 4 judges; ICC(2,1) = .29, ICC(2,4) = .62.
        let rows = vec![
            vec![9.0, 2.0, 5.0, 8.0],
            vec![6.0, 1.0, 3.0, 2.0],
            vec![8.0, 4.0, 6.0, 8.0],
            vec![7.0, 1.0, 2.0, 6.0],
            vec![10.0, 5.0, 6.0, 9.0],
            vec![6.0, 2.0, 4.0, 7.0],
        ];
        // BMS 11.2417, JMS 32.4861, EMS 1.0194 (as in the paper):
        // ICC(2,1) = (11.2417 − 1.0194) / (11.2417 + 3·1.0194 + 4·(32.4861 − 1.0194)/6) = 0.28976;
        // ICC(2,4) = (11.2417 − 1.0194) / (11.2417 + (32.4861 − 1.0194)/6) = 0.62005.
        let (single, mean) = icc(&rows).unwrap();
        assert!((single - 0.289_764).abs() < 1e-5, "{single}");
        assert!((mean - 0.620_051).abs() < 1e-5, "{mean}");
        assert!(icc(&rows[..1]).is_none(), "one target");
    }

    fn rater(name: &str, items: &[(&str, [u8; 3])]) -> RaterFile {
        RaterFile {
            rater: name.into(),
            ratings: items
                .iter()
                .map(|(id, r)| {
                    let options = ["a", "b", "c"]
                        .iter()
                        .zip(r)
                        .map(|(o, x)| {
                            (
                                (*o).to_string(),
                                Rating {
                                    rating: *x,
                                    why: String::new(),
                                },
                            )
                        })
                        .collect();
                    ((*id).to_string(), options)
                })
                .collect(),
        }
    }

    #[test]
    fn agreement_finds_the_best_option_its_lead_and_drift() {
        let bank = crate::bank::Bank::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        // talk-2 (bank: a 1, b 0.5, c 0): means 7, 4, 1 → scores 1, 0.5, 0, no drift.
        // plan-2 (bank: a 0, b 1, c 0.3): means 2, 6, 3 → best b by 3; r3 rates a = b,
        // which still counts as agreeing. plan-5 unrated.
        let raters = [
            rater("r1", &[("talk-2", [7, 4, 1]), ("plan-2", [1, 7, 3])]),
            rater("r2", &[("talk-2", [7, 4, 1]), ("plan-2", [1, 5, 3])]),
            rater("r3", &[("talk-2", [7, 4, 1]), ("plan-2", [4, 6, 3])]),
        ];
        let a = agreement(&bank, &raters);
        assert_eq!(a.scenarios, 3);
        assert_eq!(a.unrated, ["plan-5"]);
        let talk = &a.items[0];
        assert_eq!((talk.best.as_str(), talk.margin), ("a", 3.0));
        assert!(talk.all_agree && talk.drift.is_empty());
        let plan = &a.items[1];
        assert_eq!(plan.id, "plan-2");
        assert_eq!(plan.best, "b");
        assert!((plan.margin - 3.0).abs() < 1e-9, "{}", plan.margin);
        assert!(plan.all_agree);
        // (2 − 1)/(6 − 1) = 0.2 against the bank's 0; (3 − 1)/5 = 0.4 against 0.3.
        assert_eq!(plan.scores["a"], 0.2);
        assert_eq!(plan.drift, ["a", "c"]);
        assert_eq!((a.all_agree, a.clear_best), (1.0, 1.0));
        assert!(a.icc_single.is_some(), "six options rated by all three");
        // One rater preferring c on plan-2 breaks agreement.
        let split = [
            raters[0].clone(),
            raters[1].clone(),
            rater("r3", &[("talk-2", [7, 4, 1]), ("plan-2", [1, 5, 6])]),
        ];
        let a = agreement(&bank, &split);
        assert!(!a.items[1].all_agree);
        assert_eq!(a.all_agree, 0.5);
        assert!(a
            .problems()
            .contains(&"question `plan-2`: raters disagree on the best option".to_string()));
    }

    #[test]
    fn option_scores_rescale_the_means() {
        // Means 7, 4, 1 with best 7: 1, 0.5, 0. Best 5.5: 4 → 3/4.5 = 0.67.
        assert_eq!(option_score(7.0, 7.0), 1.0);
        assert_eq!(option_score(4.0, 7.0), 0.5);
        assert_eq!(option_score(1.0, 7.0), 0.0);
        assert_eq!(option_score(4.0, 5.5), 0.67);
    }
}
