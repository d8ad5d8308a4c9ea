//! Certainty-based marking (CBM), as in Moodle: after each evidence item the candidate
//! says how sure they are (C1, C2, C3). A right answer earns 1, 2 or 3; a wrong one 0,
//! −2 or −6; a partly right answer earns the right mark times its item score. Honest
//! certainty maximises the expected mark, so the marks measure calibration item by item.
//! Skill scores do not change.

use serde::{Deserialize, Serialize};

/// The certainty levels: (level, label, mark when right, mark when wrong, window of the
/// share correct, in %, where the level is the best choice).
pub const LEVELS: [(u8, &str, f64, f64, [f64; 2]); 3] = [
    (1, "C1 unsure (below 67%)", 1.0, 0.0, [0.0, 67.0]),
    (2, "C2 mid (above 67%)", 2.0, -2.0, [67.0, 80.0]),
    (3, "C3 quite sure (above 80%)", 3.0, -6.0, [80.0, 100.0]),
];

/// The question asked after each evidence item.
pub const QUESTION: &str = "How sure are you?";

/// The CBM mark of an item scored `score` (0-1) at certainty `level` (1-3): the right
/// mark times the score when the score is above 0, else the wrong mark.
pub fn mark(level: u8, score: f64) -> f64 {
    let (_, _, right, wrong, _) = LEVELS[usize::from(level.clamp(1, 3)) - 1];
    if score > 0.0 {
        right * score
    } else {
        wrong
    }
}

/// The mark expected at accuracy `a` (0-1) with the best fixed certainty: the largest of
/// `a` (always C1), `4a − 2` (always C2) and `9a − 6` (always C3).
pub fn expected_mark(a: f64) -> f64 {
    LEVELS
        .iter()
        .map(|(_, _, right, wrong, _)| right * a + wrong * (1.0 - a))
        .fold(f64::MIN, f64::max)
}

/// How the share correct at a level compares with the level's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// Fewer right than the level claims.
    OverConfident,
    /// Within the window.
    Ok,
    /// More right than the level claims.
    UnderConfident,
}

impl Fit {
    /// Words for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OverConfident => "over-confident",
            Self::Ok => "OK",
            Self::UnderConfident => "under-confident",
        }
    }
}

/// Calibration at one certainty level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LevelCalibration {
    /// 1, 2 or 3.
    pub level: u8,
    /// Items answered at this level.
    pub n: usize,
    /// Mean item score × 100 of those items (`null` when none).
    pub share_correct: Option<f64>,
    /// `[low, high]`, in %: where the share correct should lie.
    pub window: [f64; 2],
    /// Against the window (`null` when no item).
    pub fit: Option<Fit>,
}

/// The CBM summary of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cbm {
    /// Evidence items with a certainty.
    pub items: usize,
    /// Mean item score × 100 over them.
    pub accuracy: f64,
    /// Mean CBM mark (−6 to 3).
    pub average_mark: f64,
    /// 0.1 × (average mark − the mark expected at this accuracy with the best fixed
    /// certainty): positive when certainty was used well.
    pub bonus: f64,
    /// Per certainty level.
    pub levels: Vec<LevelCalibration>,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Summarises `(certainty, item score)` pairs; `None` without any.
pub fn summarise(pairs: &[(u8, f64)]) -> Option<Cbm> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let accuracy = pairs.iter().map(|(_, s)| s).sum::<f64>() / n;
    let average = pairs.iter().map(|&(c, s)| mark(c, s)).sum::<f64>() / n;
    let levels = LEVELS
        .iter()
        .map(|&(level, _, _, _, window)| {
            let scores: Vec<f64> = pairs
                .iter()
                .filter(|(c, _)| *c == level)
                .map(|(_, s)| *s)
                .collect();
            let share = (!scores.is_empty())
                .then(|| 100.0 * scores.iter().sum::<f64>() / scores.len() as f64);
            LevelCalibration {
                level,
                n: scores.len(),
                share_correct: share.map(|s| round(s, 1)),
                window,
                fit: share.map(|s| {
                    if s < window[0] {
                        Fit::OverConfident
                    } else if s > window[1] {
                        Fit::UnderConfident
                    } else {
                        Fit::Ok
                    }
                }),
            }
        })
        .collect();
    Some(Cbm {
        items: pairs.len(),
        accuracy: round(100.0 * accuracy, 1),
        average_mark: round(average, 2),
        bonus: round(0.1 * (average - expected_mark(accuracy)), 3),
        levels,
    })
}

impl Cbm {
    /// One line per level: `C2 mid: 4 items, 75% right (window 67-80%): OK`.
    pub fn level_lines(&self) -> Vec<String> {
        self.levels
            .iter()
            .map(|l| {
                let label = LEVELS[usize::from(l.level) - 1].1;
                match (l.share_correct, l.fit) {
                    (Some(share), Some(fit)) => format!(
                        "{label}: {} item{}, {share:.0}% right (window {:.0}-{:.0}%): {}",
                        l.n,
                        if l.n == 1 { "" } else { "s" },
                        l.window[0],
                        l.window[1],
                        fit.as_str()
                    ),
                    _ => format!("{label}: not used"),
                }
            })
            .collect()
    }

    /// The headline: accuracy, average mark and bonus.
    pub fn headline(&self) -> String {
        format!(
            "Certainty-based marking over {}: accuracy {:.1}%, average mark {:.2} (−6 to 3), bonus {:+.3}",
            crate::words::plural(self.items, "item", "items"),
            self.accuracy, self.average_mark, self.bonus
        )
    }

    /// The Markdown section.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "## Calibration (certainty-based marking)\n\n{}.\n\n| Certainty | Items | Right | Window | Fit |\n|:---|---:|---:|:---|:---|\n",
            self.headline()
        );
        for l in &self.levels {
            let label = LEVELS[usize::from(l.level) - 1].1;
            let _ = std::fmt::Write::write_fmt(
                &mut out,
                format_args!(
                    "| {label} | {} | {} | {:.0}-{:.0}% | {} |\n",
                    l.n,
                    l.share_correct
                        .map_or_else(|| "–".to_string(), |s| format!("{s:.0}%")),
                    l.window[0],
                    l.window[1],
                    l.fit.map_or("–", Fit::as_str)
                ),
            );
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbm_table_matches_moodle() {
        // (certainty, item score) → mark: right 1/2/3, wrong 0/−2/−6, partial = right × score.
        let table = [
            (1, 1.0, 1.0),
            (2, 1.0, 2.0),
            (3, 1.0, 3.0),
            (1, 0.0, 0.0),
            (2, 0.0, -2.0),
            (3, 0.0, -6.0),
            (1, 0.5, 0.5),
            (2, 0.5, 1.0),
            (3, 0.5, 1.5),
            (3, 0.25, 0.75),
        ];
        for (c, s, want) in table {
            assert!(
                (mark(c, s) - want).abs() < 1e-12,
                "C{c} at {s}: {}",
                mark(c, s)
            );
        }
    }

    #[test]
    fn expected_mark_takes_the_best_fixed_certainty() {
        assert!((expected_mark(0.5) - 0.5).abs() < 1e-12); // C1: 0.5; C2: 0; C3: −1.5
        assert!((expected_mark(0.75) - 1.0).abs() < 1e-12); // C2: 1.0 beats C1 0.75, C3 0.75
        assert!((expected_mark(0.9) - 2.1).abs() < 1e-12); // C3: 2.1
        assert!((expected_mark(1.0) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn summary_bonus_and_calibration() {
        // Four items at C3: three right, one wrong → 75 % right, below the C3 window.
        // Two at C1, both right → 100 %, above the C1 window.
        let pairs = [(3, 1.0), (3, 1.0), (3, 1.0), (3, 0.0), (1, 1.0), (1, 1.0)];
        let cbm = summarise(&pairs).unwrap();
        // Marks 3 + 3 + 3 − 6 + 1 + 1 = 5 over 6 items.
        assert_eq!(cbm.average_mark, 0.83);
        assert_eq!(cbm.accuracy, 83.3);
        // Accuracy 5/6: best fixed is C3, 9·5/6 − 6 = 1.5; bonus 0.1·(5/6 − 1.5) = −0.067.
        assert_eq!(cbm.bonus, -0.067);
        assert_eq!(cbm.levels[2].fit, Some(Fit::OverConfident));
        assert_eq!(cbm.levels[0].fit, Some(Fit::UnderConfident));
        assert_eq!(cbm.levels[1].n, 0);
        assert_eq!(cbm.levels[1].fit, None);
        assert!(summarise(&[]).is_none());
    }
}
