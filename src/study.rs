//! `study`: a Monte-Carlo study of a bank. Simulated respondents (guessing, answering
//! habits, surface strategies that use wording alone, "definitions only", keyed) take
//! the quiz many times; the study reports the verdicts they get, what chance scores per
//! skill, how wide the intervals are, and a cue audit of the options' wording.
//!
//! Every simulated respondent has a strong background (every prerequisite met where the
//! bank allows it), so the verdicts show what the skill questions alone let through.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::answer::Answer;
use crate::bank::{Bank, Condition, Question, QuestionType, RubricQuestion, RubricQuestionType};
use crate::scoring::{self, chance_level, round1};
use crate::session::{Plan, PlanError};

/// How a simulated respondent answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Uniformly at random among the allowed answers.
    Random,
    /// Always the first option shown (multi: only the first).
    AlwaysFirst,
    /// Always the last option shown (multi: only the last).
    AlwaysLast,
    /// The longest option.
    Longest,
    /// The option with the most steps (commas).
    MostSteps,
    /// Drop options with a rationale clause ("since", "because", ...), then most steps.
    NoRationaleMostSteps,
    /// The option with the fewest absolute words ("always", "never", ...).
    FewestAbsolutes,
    /// Knowledge and multi items keyed, scenarios at random.
    DefinitionsOnly,
    /// A capable practitioner: the best option three times in four, else the next best
    /// (multi-select: each option judged right three times in four).
    Skilled,
    /// Half way: the best option half the time, else a random one.
    Partial,
    /// Every item keyed (the best option, the correct set).
    Keyed,
}

impl Strategy {
    /// Every strategy, in report order.
    pub const ALL: [Self; 11] = [
        Self::Random,
        Self::AlwaysFirst,
        Self::AlwaysLast,
        Self::Longest,
        Self::MostSteps,
        Self::NoRationaleMostSteps,
        Self::FewestAbsolutes,
        Self::DefinitionsOnly,
        Self::Partial,
        Self::Skilled,
        Self::Keyed,
    ];

    /// The strategies that read only the wording of single-answer options.
    pub const SURFACE: [Self; 4] = [
        Self::Longest,
        Self::MostSteps,
        Self::NoRationaleMostSteps,
        Self::FewestAbsolutes,
    ];

    /// The name used in output and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::AlwaysFirst => "always-first",
            Self::AlwaysLast => "always-last",
            Self::Longest => "longest",
            Self::MostSteps => "most-steps",
            Self::NoRationaleMostSteps => "no-rationale-most-steps",
            Self::FewestAbsolutes => "fewest-absolutes",
            Self::DefinitionsOnly => "definitions-only",
            Self::Skilled => "skilled",
            Self::Partial => "partial",
            Self::Keyed => "keyed",
        }
    }
}

/// Words that justify an option in its own text; reasons belong in the feedback.
const RATIONALE: [&str; 7] = [
    "since",
    "because",
    "so that",
    "to avoid",
    "in order to",
    "to ensure",
    "which means",
];

/// Absolute words that test-wise readers take as the mark of a wrong option.
const ABSOLUTES: [&str; 10] = [
    "always",
    "never",
    "only",
    "all",
    "every",
    "immediately",
    "completely",
    "none",
    "must",
    "guarantee",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `text` holds a rationale clause.
pub fn has_rationale(text: &str) -> bool {
    let padded = format!(" {} ", words(text).join(" "));
    RATIONALE.iter().any(|r| padded.contains(&format!(" {r} ")))
}

/// Number of absolute words in `text`.
pub fn absolutes(text: &str) -> usize {
    words(text)
        .iter()
        .filter(|w| ABSOLUTES.contains(&w.as_str()))
        .count()
}

/// Number of steps in `text`, counted as its commas and semicolons.
pub fn steps(text: &str) -> usize {
    text.chars().filter(|&c| c == ',' || c == ';').count()
}

/// Indices of the options `strategy` finds equally good on wording alone.
fn surface_choice(strategy: Strategy, q: &Question) -> Vec<usize> {
    let all: Vec<usize> = (0..q.options.len()).collect();
    let best_by = |pool: &[usize], key: &dyn Fn(usize) -> i64| -> Vec<usize> {
        let top = pool.iter().map(|&i| key(i)).max().unwrap_or(0);
        pool.iter().copied().filter(|&i| key(i) == top).collect()
    };
    let len = |i: usize| q.options[i].text.chars().count() as i64;
    let commas = |i: usize| steps(&q.options[i].text) as i64;
    match strategy {
        Strategy::Longest => best_by(&all, &len),
        Strategy::MostSteps => best_by(&all, &commas),
        Strategy::NoRationaleMostSteps => {
            let plain: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&i| !has_rationale(&q.options[i].text))
                .collect();
            best_by(if plain.is_empty() { &all } else { &plain }, &commas)
        }
        Strategy::FewestAbsolutes => best_by(&all, &|i| -(absolutes(&q.options[i].text) as i64)),
        _ => all,
    }
}

/// Indices of the keyed options of a single-answer item (the best score, or correct).
pub fn keys(q: &Question) -> Vec<usize> {
    match q.kind {
        QuestionType::Scenario => {
            let best = q
                .options
                .iter()
                .filter_map(|o| o.score)
                .fold(f64::NEG_INFINITY, f64::max);
            (0..q.options.len())
                .filter(|&i| q.options[i].score == Some(best))
                .collect()
        }
        _ => (0..q.options.len())
            .filter(|&i| q.options[i].correct)
            .collect(),
    }
}

/// The option ranked second: the next best score (scenarios), else the first wrong one.
fn second_best(q: &Question) -> usize {
    let best = keys(q);
    let mut others: Vec<usize> = (0..q.options.len()).filter(|i| !best.contains(i)).collect();
    others.sort_by(|&a, &b| {
        let score = |i: usize| q.options[i].score.unwrap_or(0.0);
        score(b).total_cmp(&score(a)).then(a.cmp(&b))
    });
    others.first().copied().unwrap_or(best[0])
}

fn pick(rng: &mut fastrand::Rng, pool: &[usize]) -> usize {
    pool[rng.usize(..pool.len())]
}

/// The answer `strategy` gives to skill question `q`.
pub fn respond(strategy: Strategy, q: &Question, rng: &mut fastrand::Rng) -> Answer {
    let n = q.options.len();
    let id = |i: usize| q.options[i].id.clone();
    let random_subset = |rng: &mut fastrand::Rng| loop {
        let picked: Vec<String> = (0..n).filter(|_| rng.bool()).map(id).collect();
        if !picked.is_empty() {
            break picked;
        }
    };
    match q.kind {
        QuestionType::SelfRating => Answer::Level(if strategy == Strategy::Keyed {
            4
        } else {
            rng.u8(1..=5)
        }),
        QuestionType::Multi => Answer::Choices(match strategy {
            Strategy::AlwaysFirst => vec![id(0)],
            Strategy::AlwaysLast => vec![id(n - 1)],
            Strategy::Keyed | Strategy::DefinitionsOnly => {
                (0..n).filter(|&i| q.options[i].correct).map(id).collect()
            }
            _ => random_subset(rng),
        }),
        QuestionType::Scenario | QuestionType::Knowledge => {
            let all: Vec<usize> = (0..n).collect();
            // `DefinitionsOnly` guesses like `Random` once its guarded arm is passed.
            #[allow(clippy::match_same_arms)]
            let index = match strategy {
                Strategy::Random => pick(rng, &all),
                Strategy::AlwaysFirst => 0,
                Strategy::AlwaysLast => n - 1,
                Strategy::Keyed => pick(rng, &keys(q)),
                Strategy::DefinitionsOnly if q.kind == QuestionType::Knowledge => {
                    pick(rng, &keys(q))
                }
                Strategy::DefinitionsOnly => pick(rng, &all),
                Strategy::Skilled if rng.u8(0..4) < 3 => pick(rng, &keys(q)),
                Strategy::Skilled => second_best(q),
                Strategy::Partial if rng.bool() => pick(rng, &keys(q)),
                Strategy::Partial => pick(rng, &all),
                surface => pick(rng, &surface_choice(surface, q)),
            };
            Answer::Choice(id(index))
        }
    }
}

/// An answer that satisfies `cond`, when one can be made from the condition alone.
fn satisfying(q: &RubricQuestion, cond: &Condition) -> Answer {
    let first = || q.options.first().map(|o| o.id.clone()).unwrap_or_default();
    match q.kind {
        RubricQuestionType::Choice => Answer::Choice(
            cond.any_of
                .as_ref()
                .and_then(|s| s.first().cloned())
                .unwrap_or_else(first),
        ),
        RubricQuestionType::Choices => {
            let pool: Vec<String> = cond
                .any_of
                .clone()
                .unwrap_or_else(|| q.options.iter().map(|o| o.id.clone()).collect());
            let count = cond.min_picks.unwrap_or(1).min(pool.len()).max(1);
            Answer::Choices(pool.into_iter().take(count).collect())
        }
        RubricQuestionType::Number => Answer::Number(
            cond.at_least
                .or(cond.below.map(|b| b - 1.0))
                .or(q.max)
                .unwrap_or(0.0),
        ),
        RubricQuestionType::Boolean => Answer::Flag(cond.is.unwrap_or(true)),
    }
}

/// Prerequisite answers that meet every criterion the bank lets a candidate meet on
/// `track`: the conditions of each criterion's first `met` rule, with the largest
/// number allowed where a question is not tested.
pub fn strong_background(bank: &Bank, track: &str) -> HashMap<String, Answer> {
    let mut answers = HashMap::new();
    for c in &bank.rubric {
        for q in &c.questions {
            let default = match q.kind {
                RubricQuestionType::Choice => {
                    Answer::Choice(q.options.first().map(|o| o.id.clone()).unwrap_or_default())
                }
                RubricQuestionType::Choices => Answer::Choices(
                    q.options
                        .first()
                        .map(|o| vec![o.id.clone()])
                        .unwrap_or_default(),
                ),
                RubricQuestionType::Number => Answer::Number(q.max.unwrap_or(0.0)),
                RubricQuestionType::Boolean => Answer::Flag(true),
            };
            answers.entry(q.id.clone()).or_insert(default);
        }
    }
    for c in &bank.rubric {
        let rule = c.rules.iter().find(|r| {
            r.status == crate::bank::Status::Met
                && (r.tracks.is_empty() || r.tracks.iter().any(|t| t == track))
        });
        for cond in rule.map_or(&[][..], |r| r.when.as_slice()) {
            if let Some(q) = bank
                .rubric
                .iter()
                .flat_map(|k| &k.questions)
                .find(|q| q.id == cond.question)
            {
                answers.insert(q.id.clone(), satisfying(q, cond));
            }
        }
    }
    answers
}

/// What one strategy got over all runs.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyResult {
    /// Strategy name.
    pub strategy: Strategy,
    /// Runs per verdict id, in the bank's verdict order.
    pub verdicts: BTreeMap<String, usize>,
    /// Share of runs per verdict id, 0-1.
    pub verdict_shares: BTreeMap<String, f64>,
    /// Mean skills readiness.
    pub mean_readiness: f64,
    /// Share of runs flagged `near_chance`, 0-1.
    pub near_chance: f64,
}

/// Per skill: what guessing scores and how wide the intervals are.
#[derive(Debug, Clone, Serialize)]
pub struct SkillStudy {
    /// Skill id.
    pub id: String,
    /// Evidence items asked on the track.
    pub items: usize,
    /// Chance level, 0-100 (weighted like the skill score).
    pub chance: f64,
    /// Mean half-width of the 90% interval for random respondents, in points.
    pub half_width_random: f64,
    /// Mean half-width of the 90% interval for keyed respondents, in points.
    pub half_width_keyed: f64,
}

/// Keys against distractors on one wording feature.
#[derive(Debug, Clone, Serialize)]
pub struct CueComparison {
    /// Mean over keys.
    pub keys: f64,
    /// Mean over distractors.
    pub distractors: f64,
}

/// The cue audit of the single-answer items of a track.
#[derive(Debug, Clone, Serialize)]
pub struct CueAudit {
    /// Scenario items audited.
    pub scenarios: usize,
    /// Knowledge items audited.
    pub knowledge: usize,
    /// How often the key is at each position (1 = first), scenarios and knowledge.
    pub key_positions: BTreeMap<usize, usize>,
    /// Share of items whose key is the longest option (ties split), 0-1.
    pub key_longest: f64,
    /// Mean length rank of the key (1 = longest).
    pub key_length_rank: f64,
    /// Steps (commas and semicolons) per option.
    pub steps: CueComparison,
    /// Share of options with a rationale clause.
    pub rationale: CueComparison,
    /// Share of options with an absolute word.
    pub absolutes: CueComparison,
    /// Share of scenario keys each surface strategy finds (ties split), 0-1.
    pub scenario_key_hits: BTreeMap<String, f64>,
    /// Share of knowledge keys each surface strategy finds (ties split), 0-1.
    pub knowledge_key_hits: BTreeMap<String, f64>,
}

/// A whole study.
#[derive(Debug, Clone, Serialize)]
pub struct Study {
    /// Bank id and version.
    pub bank: String,
    /// Track id.
    pub track: String,
    /// Runs per strategy.
    pub runs: usize,
    /// Seed of the simulation.
    pub seed: u64,
    /// Verdict ids, best first.
    pub verdict_order: Vec<String>,
    /// Per strategy.
    pub strategies: Vec<StrategyResult>,
    /// Per skill.
    pub skills: Vec<SkillStudy>,
    /// The cue audit.
    pub cues: CueAudit,
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Runs the study: `runs` simulated respondents per strategy on `track`. `tick` is called
/// after each run (for a progress bar).
pub fn run(
    bank: &Bank,
    track: &str,
    runs: usize,
    seed: u64,
    mut tick: impl FnMut(),
) -> Result<Study, PlanError> {
    let pool = Plan::new(bank, track, None, None)?;
    let questions: Vec<&Question> = pool.skill_questions().collect();
    let background = strong_background(bank, track);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut strategies = Vec::new();
    let mut widths: HashMap<(Strategy, String), Vec<f64>> = HashMap::new();
    for strategy in Strategy::ALL {
        let mut verdicts: BTreeMap<String, usize> = bank
            .meta
            .verdicts
            .iter()
            .map(|v| (v.id.clone(), 0))
            .collect();
        let (mut readiness, mut flagged) = (0.0, 0usize);
        for _ in 0..runs {
            // Each simulated respondent takes a first run: a fresh draw of the form.
            let mut plan = pool.clone();
            let counts = bank.meta.forms.get(crate::form::STANDARD);
            if let Some(counts) = counts {
                let keep = crate::form::draw(
                    bank,
                    track,
                    &plan.skills,
                    counts,
                    &crate::form::Exposure::default(),
                    rng.u64(..),
                );
                plan.restrict(&keep);
            }
            let mut answers = background.clone();
            for q in plan.skill_questions() {
                answers.insert(q.id.clone(), respond(strategy, q, &mut rng));
            }
            let scores = scoring::score(bank, &plan, &answers);
            *verdicts
                .entry(scores.readiness.verdict.clone())
                .or_default() += 1;
            readiness += scores.readiness.score;
            flagged += usize::from(!scores.quality.is_empty());
            if matches!(strategy, Strategy::Random | Strategy::Keyed) {
                for s in &scores.skills {
                    widths
                        .entry((strategy, s.id.clone()))
                        .or_default()
                        .push(s.half_width());
                }
            }
            tick();
        }
        let total = runs.max(1) as f64;
        strategies.push(StrategyResult {
            strategy,
            verdict_shares: verdicts
                .iter()
                .map(|(k, &v)| (k.clone(), v as f64 / total))
                .collect(),
            verdicts,
            mean_readiness: round1(readiness / total),
            near_chance: flagged as f64 / total,
        });
    }
    let skills = pool
        .skills
        .iter()
        .map(|&skill| {
            let items: Vec<&&Question> = questions
                .iter()
                .filter(|q| q.skill == skill.id && q.kind.is_evidence())
                .collect();
            let weights: f64 = items
                .iter()
                .map(|q| q.weight * bank.meta.type_weights.of(q.kind))
                .sum();
            let chance = items
                .iter()
                .map(|q| {
                    q.weight * bank.meta.type_weights.of(q.kind) * chance_level(q).unwrap_or(0.0)
                })
                .sum::<f64>()
                / weights.max(f64::MIN_POSITIVE);
            let width = |s: Strategy| {
                round1(mean(
                    widths
                        .get(&(s, skill.id.clone()))
                        .into_iter()
                        .flatten()
                        .copied(),
                ))
            };
            SkillStudy {
                id: skill.id.clone(),
                items: items.len(),
                chance: round1(100.0 * chance),
                half_width_random: width(Strategy::Random),
                half_width_keyed: width(Strategy::Keyed),
            }
        })
        .collect();
    Ok(Study {
        bank: format!("{} {}", bank.meta.id, bank.meta.version),
        track: track.to_string(),
        runs,
        seed,
        verdict_order: bank.meta.verdicts.iter().map(|v| v.id.clone()).collect(),
        strategies,
        skills,
        cues: audit(&questions),
    })
}

/// The cue audit of the scenario and knowledge items among `questions`.
pub fn audit(questions: &[&Question]) -> CueAudit {
    let single: Vec<&Question> = questions
        .iter()
        .copied()
        .filter(|q| matches!(q.kind, QuestionType::Scenario | QuestionType::Knowledge))
        .filter(|q| !q.options.is_empty())
        .collect();
    let mut positions = BTreeMap::new();
    let (mut longest, mut rank) = (Vec::new(), Vec::new());
    let (mut key_texts, mut other_texts) = (Vec::new(), Vec::new());
    for q in &single {
        let k = keys(q);
        for &i in &k {
            *positions.entry(i + 1).or_insert(0) += 1;
        }
        let lengths: Vec<usize> = q.options.iter().map(|o| o.text.chars().count()).collect();
        let max = lengths.iter().copied().max().unwrap_or(0);
        let tied = lengths.iter().filter(|&&l| l == max).count();
        for &i in &k {
            longest.push(if lengths[i] == max {
                1.0 / tied as f64
            } else {
                0.0
            });
            rank.push(1.0 + lengths.iter().filter(|&&l| l > lengths[i]).count() as f64);
        }
        for (i, o) in q.options.iter().enumerate() {
            if k.contains(&i) {
                key_texts.push(o.text.as_str());
            } else {
                other_texts.push(o.text.as_str());
            }
        }
    }
    let compare = |f: &dyn Fn(&str) -> f64| CueComparison {
        keys: mean(key_texts.iter().map(|t| f(t))),
        distractors: mean(other_texts.iter().map(|t| f(t))),
    };
    let hits = |kind: QuestionType| -> BTreeMap<String, f64> {
        let items: Vec<&&Question> = single.iter().filter(|q| q.kind == kind).collect();
        Strategy::SURFACE
            .iter()
            .map(|&s| {
                let rate = mean(items.iter().map(|q| {
                    let chosen = surface_choice(s, q);
                    let k = keys(q);
                    chosen.iter().filter(|i| k.contains(i)).count() as f64 / chosen.len() as f64
                }));
                (s.name().to_string(), rate)
            })
            .collect()
    };
    CueAudit {
        scenarios: single
            .iter()
            .filter(|q| q.kind == QuestionType::Scenario)
            .count(),
        knowledge: single
            .iter()
            .filter(|q| q.kind == QuestionType::Knowledge)
            .count(),
        key_positions: positions,
        key_longest: mean(longest.into_iter()),
        key_length_rank: mean(rank.into_iter()),
        steps: compare(&|t| steps(t) as f64),
        rationale: compare(&|t| f64::from(u8::from(has_rationale(t)))),
        absolutes: compare(&|t| f64::from(u8::from(absolutes(t) > 0))),
        scenario_key_hits: hits(QuestionType::Scenario),
        knowledge_key_hits: hits(QuestionType::Knowledge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(id: &str, options: &[(&str, f64)]) -> Question {
        let mut q = Bank::embedded()
            .unwrap()
            .questions
            .into_iter()
            .find(|q| q.kind == QuestionType::Scenario)
            .unwrap();
        q.id = id.into();
        q.options = options
            .iter()
            .enumerate()
            .map(|(i, (text, score))| crate::bank::QuestionOption {
                id: ((b'a' + i as u8) as char).to_string(),
                text: (*text).into(),
                score: Some(*score),
                correct: false,
                feedback: None,
            })
            .collect();
        q
    }

    #[test]
    fn the_cue_audit_counts_what_wording_gives_away() {
        // Item 1: the key (b) is the longest and has the most commas; a has a rationale.
        // Item 2: the key (a) is the shortest; c has the most commas and "always".
        let one = scenario(
            "s1",
            &[
                ("Wait, since it may pass.", 0.2),
                ("Call, write, and decide today.", 1.0),
                ("Ask again.", 0.5),
            ],
        );
        let two = scenario(
            "s2",
            &[
                ("Roll back.", 1.0),
                ("Debug the new code first.", 0.3),
                ("Always page everyone, then wait, then decide.", 0.0),
            ],
        );
        let audit = audit(&[&one, &two]);
        assert_eq!(audit.scenarios, 2);
        assert_eq!(audit.key_positions, BTreeMap::from([(1, 1), (2, 1)]));
        // Key longest in 1 of 2; length ranks 1 and 3: mean 2.
        assert_eq!(audit.key_longest, 0.5);
        assert_eq!(audit.key_length_rank, 2.0);
        // Commas: keys 2 and 0 (mean 1); distractors 1, 0, 0, 2 (mean 0.75).
        assert_eq!((audit.steps.keys, audit.steps.distractors), (1.0, 0.75));
        assert_eq!(audit.rationale.distractors, 0.25);
        assert_eq!(audit.absolutes.distractors, 0.25);
        // most-steps finds item 1's key, not item 2's: 50%; longest the same.
        assert_eq!(audit.scenario_key_hits["most-steps"], 0.5);
        assert_eq!(audit.scenario_key_hits["longest"], 0.5);
        // fewest-absolutes ties a and b in item 2 (half a hit) and all three in item 1
        // (a third): (1/3 + 1/2)/2.
        assert!((audit.scenario_key_hits["fewest-absolutes"] - 5.0 / 12.0).abs() < 1e-12);
    }

    #[test]
    fn a_strong_background_meets_every_prerequisite_of_the_built_in_bank() {
        let bank = Bank::embedded().unwrap();
        for track in bank.track_ids() {
            let answers = strong_background(&bank, track);
            for c in &bank.rubric {
                let status = crate::rubric::resolve(c, track, &answers).status;
                assert_eq!(status, crate::bank::Status::Met, "{track}: {}", c.id);
            }
        }
    }

    #[test]
    fn wording_features_are_counted_by_whole_words() {
        assert!(has_rationale("Ship it, since the date is fixed."));
        assert!(has_rationale("Roll back so that users recover."));
        assert!(!has_rationale("Ask the sincere reviewer."));
        assert_eq!(absolutes("Always ask; never guess. All done"), 3);
        assert_eq!(absolutes("Talk to the allies"), 0);
        assert_eq!(steps("a, b; c, d"), 3);
    }
}
