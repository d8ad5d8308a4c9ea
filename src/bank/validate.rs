//! Structural checks of a parsed bank. Returns every problem, never stops at the first.
//!
//! Every check is linear in the size of the bank (hash sets, no pairwise scans), so a
//! bank of 100,000 questions validates as fast as it parses.

use std::collections::{HashMap, HashSet};

use super::model::{
    Band, BankFile, BankMeta, Condition, Question, QuestionType, RubricQuestion, RubricQuestionType,
};
use super::Problem;

/// Collects problems with the file they were found in.
struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    fn add(&mut self, file: &str, place: impl Into<Option<String>>, message: impl Into<String>) {
        self.list.push(Problem {
            file: file.to_string(),
            place: place.into(),
            message: message.into(),
        });
    }
}

/// Largest weight a skill or question may have; beyond it sums could overflow.
const MAX_WEIGHT: f64 = 1000.0;
/// Smallest weight: a subnormal or tiny weight makes scores rounding artefacts.
const MIN_WEIGHT: f64 = 0.001;
/// Longest skill, group or track name, in characters: names head table rows.
pub const MAX_NAME_CHARS: usize = 80;

/// A problem with a name longer than [`MAX_NAME_CHARS`], if it is.
fn long_name(name: &str) -> Option<String> {
    let n = name.chars().count();
    (n > MAX_NAME_CHARS).then(|| format!("name has {n} characters; at most {MAX_NAME_CHARS}"))
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Validates the parsed files of one bank as a whole.
/// Skills in `no_rating_needed` (defaulted from GIFT categories) need no self-rating.
pub(super) fn validate(
    files: &[(String, BankFile)],
    no_rating_needed: &HashSet<String>,
) -> Vec<Problem> {
    let mut p = Problems { list: Vec::new() };
    let headers: Vec<(&str, &BankMeta)> = files
        .iter()
        .filter_map(|(f, b)| b.bank.as_ref().map(|m| (f.as_str(), m)))
        .collect();
    let first_file = files.first().map_or("bank", |(f, _)| f.as_str());
    let meta = match headers.as_slice() {
        [] => {
            p.add(
                first_file,
                None,
                "no file has a `bank` header (id, version, tracks, bands, verdicts)",
            );
            None
        }
        [(file, meta)] => {
            check_meta(&mut p, file, meta);
            Some(*meta)
        }
        [_, rest @ ..] => {
            for (file, _) in rest {
                p.add(file, None, "a second `bank` header; a bank has exactly one");
            }
            None
        }
    };
    let tracks: Vec<&str> = meta.map_or_else(Vec::new, |m| {
        m.tracks.iter().map(|t| t.id.as_str()).collect()
    });
    let track_set: HashSet<&str> = tracks.iter().copied().collect();

    check_skills(&mut p, files, meta, &track_set);
    let mut ids: HashMap<&str, &str> = HashMap::new();
    check_questions(&mut p, files, &track_set, &mut ids);
    check_coverage(&mut p, files, meta, &tracks, no_rating_needed);
    check_rubric(&mut p, files, &track_set, &mut ids);
    p.list
}

fn check_meta(p: &mut Problems, file: &str, m: &BankMeta) {
    let here = |what: &str| Some(format!("bank {what}"));
    if m.id.trim().is_empty() {
        p.add(file, here("id"), "is empty");
    }
    if m.tracks.is_empty() {
        p.add(file, here("tracks"), "no tracks; a bank needs at least one");
    }
    let mut seen = HashSet::new();
    for t in &m.tracks {
        if !is_kebab(&t.id) {
            p.add(
                file,
                Some(format!("track `{}`", t.id)),
                "id must be kebab-case (a-z, 0-9, -)",
            );
        }
        if !seen.insert(t.id.as_str()) {
            p.add(
                file,
                Some(format!("track `{}`", t.id)),
                "duplicate track id",
            );
        }
    }
    if !seen.contains(m.default_track.as_str()) {
        p.add(
            file,
            here("default_track"),
            format!("`{}` is not one of the tracks", m.default_track),
        );
    }
    let mut groups = HashSet::new();
    for g in &m.groups {
        if !groups.insert(g.id.as_str()) {
            p.add(
                file,
                Some(format!("group `{}`", g.id)),
                "duplicate group id",
            );
        }
    }
    if m.groups.is_empty() {
        p.add(file, here("groups"), "no groups; a bank needs at least one");
    }
    match m.bands.first() {
        None => p.add(file, here("bands"), "no bands; a bank needs at least one"),
        Some(first) if first.min != 0.0 => {
            p.add(
                file,
                Some(format!("band `{}`", first.id)),
                format!("the first band must start at 0, not {}", first.min),
            );
        }
        Some(_) => {}
    }
    for pair in m.bands.windows(2) {
        if pair[1].min <= pair[0].min {
            p.add(
                file,
                Some(format!("band `{}`", pair[1].id)),
                format!(
                    "thresholds must ascend: min {} is not above `{}`'s {}",
                    pair[1].min, pair[0].id, pair[0].min
                ),
            );
        }
    }
    for b in &m.bands {
        if !(0.0..=100.0).contains(&b.min) {
            p.add(
                file,
                Some(format!("band `{}`", b.id)),
                format!("min {} is outside 0 to 100", b.min),
            );
        }
    }
    if !(m.calibration_threshold > 0.0 && m.calibration_threshold <= 100.0) {
        p.add(
            file,
            here("calibration_threshold"),
            format!("{} is outside (0, 100]", m.calibration_threshold),
        );
    }
    if m.min_evidence_items == 0 {
        p.add(file, here("min_evidence_items"), "must be at least 1");
    }
    for (kind, id, name) in m
        .groups
        .iter()
        .map(|g| ("group", &g.id, &g.name))
        .chain(m.tracks.iter().map(|t| ("track", &t.id, &t.name)))
    {
        if let Some(problem) = long_name(name) {
            p.add(file, Some(format!("{kind} `{id}`")), problem);
        }
    }
    let w = &m.type_weights;
    for (name, value) in [
        ("scenario", w.scenario),
        ("knowledge", w.knowledge),
        ("multi", w.multi),
    ] {
        // Subnormal or huge weights would make every score a rounding artefact.
        if !(0.01..=100.0).contains(&value) {
            p.add(
                file,
                here(&format!("type_weights.{name}")),
                format!("{value} is outside 0.01 to 100"),
            );
        }
    }
    if !m.forms.is_empty() && !m.forms.contains_key(super::STANDARD_FORM) {
        p.add(
            file,
            here("forms"),
            "has no `standard` form, the one a run without --quick takes",
        );
    }
    let cuts = &m.level_cuts;
    if cuts.len() != 4
        || cuts.iter().any(|c| !(*c > 0.0 && *c < 100.0))
        || cuts.windows(2).any(|w| w[0] >= w[1])
    {
        p.add(
            file,
            here("level_cuts"),
            "needs four ascending scores between 0 and 100 (where levels 2, 3, 4 and 5 begin)",
        );
    }
    let q = &m.quality;
    if q.max_same_position_run < 2 {
        p.add(
            file,
            here("quality.max_same_position_run"),
            "must be at least 2",
        );
    }
    if !(q.min_seconds_per_item >= 0.0 && q.min_seconds_per_item.is_finite()) {
        p.add(
            file,
            here("quality.min_seconds_per_item"),
            "must be a number of seconds, 0 or more",
        );
    }
    if !(0.0..=1.0).contains(&q.max_fast_share) {
        p.add(
            file,
            here("quality.max_fast_share"),
            "must be a share between 0 and 1",
        );
    }
    let c = &m.change;
    if !(c.item_sd > 0.0 && c.item_sd <= 1.0) {
        p.add(
            file,
            here("change.item_sd"),
            "must be above 0 and at most 1",
        );
    }
    if !(c.confidence_z > 0.0 && c.confidence_z <= 5.0) {
        p.add(
            file,
            here("change.confidence_z"),
            "must be above 0 and at most 5",
        );
    }
    if !(0.0..=100.0).contains(&c.default_min_change) {
        p.add(
            file,
            here("change.default_min_change"),
            "must be from 0 to 100",
        );
    }
    match m.verdicts.last() {
        None => p.add(
            file,
            here("verdicts"),
            "no verdicts; a bank needs at least one",
        ),
        Some(last) => {
            if last.min_readiness > 0.0
                || last.max_unmet.is_some()
                || last.max_not_met.is_some()
                || last.max_skill_gaps.is_some()
            {
                p.add(
                    file,
                    Some(format!("verdict `{}`", last.id)),
                    "the last verdict must have no conditions, so every result gets a verdict",
                );
            }
        }
    }
    for pair in m.verdicts.windows(2) {
        if pair[1].min_readiness > pair[0].min_readiness {
            p.add(
                file,
                Some(format!("verdict `{}`", pair[1].id)),
                "verdicts go best first: min_readiness must not rise down the list",
            );
        }
    }
}

fn check_skills(
    p: &mut Problems,
    files: &[(String, BankFile)],
    meta: Option<&BankMeta>,
    tracks: &HashSet<&str>,
) {
    let groups: HashSet<&str> = meta.map_or_else(HashSet::new, |m| {
        m.groups.iter().map(|g| g.id.as_str()).collect()
    });
    let bands: &[Band] = meta.map_or(&[], |m| m.bands.as_slice());
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (file, bf) in files {
        for s in &bf.skills {
            let place = || Some(format!("skill `{}`", s.id));
            if !is_kebab(&s.id) {
                p.add(file, place(), "id must be kebab-case (a-z, 0-9, -)");
            }
            if let Some(other) = seen.insert(&s.id, file) {
                p.add(
                    file,
                    place(),
                    format!("duplicate skill id (also in {other})"),
                );
            }
            if meta.is_some() && !groups.contains(s.group.as_str()) {
                p.add(file, place(), format!("unknown group `{}`", s.group));
            }
            if !(s.weight >= MIN_WEIGHT && s.weight <= MAX_WEIGHT) {
                p.add(
                    file,
                    place(),
                    format!(
                        "weight {} must be from {MIN_WEIGHT} to {MAX_WEIGHT}",
                        s.weight
                    ),
                );
            }
            if let Some(problem) = long_name(&s.name) {
                p.add(file, place(), problem);
            }
            if let Some(change) = s.min_change.filter(|c| !(0.0..=100.0).contains(c)) {
                p.add(
                    file,
                    place(),
                    format!("min_change {change} must be from 0 to 100"),
                );
            }
            if s.description.trim().is_empty() {
                p.add(file, place(), "description is empty");
            }
            for track in tracks {
                if !s.targets.contains_key(*track) {
                    p.add(file, place(), format!("no target for track `{track}`"));
                }
            }
            for (track, target) in &s.targets {
                if meta.is_some() && !tracks.contains(track.as_str()) {
                    p.add(file, place(), format!("target for unknown track `{track}`"));
                }
                if !(0.0..=100.0).contains(target) {
                    p.add(
                        file,
                        place(),
                        format!("target {target} for `{track}` is outside 0 to 100"),
                    );
                }
            }
            let highest_target = s.targets.values().copied().fold(0.0, f64::max);
            for band in bands.iter().filter(|b| b.min < highest_target) {
                let steps = s
                    .next_steps
                    .get(&band.id)
                    .map_or(0, |v| v.iter().filter(|t| !t.trim().is_empty()).count());
                if steps < 2 {
                    p.add(
                        file,
                        place(),
                        format!(
                            "band `{}` lies below a target but has {steps} next steps; at least 2 are needed",
                            band.id
                        ),
                    );
                }
            }
            for band in s.next_steps.keys() {
                if meta.is_some() && !bands.iter().any(|b| &b.id == band) {
                    p.add(
                        file,
                        place(),
                        format!("next steps for unknown band `{band}`"),
                    );
                }
            }
        }
    }
}

fn check_questions<'a>(
    p: &mut Problems,
    files: &'a [(String, BankFile)],
    tracks: &HashSet<&str>,
    ids: &mut HashMap<&'a str, &'a str>,
) {
    let skills: HashSet<&str> = files
        .iter()
        .flat_map(|(_, b)| b.skills.iter().map(|s| s.id.as_str()))
        .collect();
    for (file, bf) in files {
        for q in &bf.questions {
            let place = || Some(format!("question `{}`", q.id));
            if q.id.trim().is_empty() {
                p.add(file, place(), "id is empty");
            }
            if let Some(other) = ids.insert(&q.id, file) {
                p.add(
                    file,
                    place(),
                    format!("duplicate question id (also in {other})"),
                );
            }
            if !skills.contains(q.skill.as_str()) {
                p.add(file, place(), format!("unknown skill `{}`", q.skill));
            }
            for t in &q.tracks {
                if !tracks.is_empty() && !tracks.contains(t.as_str()) {
                    p.add(file, place(), format!("unknown track `{t}`"));
                }
            }
            if q.prompt.trim().is_empty() {
                p.add(file, place(), "prompt is empty");
            }
            if !(q.weight >= MIN_WEIGHT && q.weight <= MAX_WEIGHT) {
                p.add(
                    file,
                    place(),
                    format!(
                        "weight {} must be from {MIN_WEIGHT} to {MAX_WEIGHT}",
                        q.weight
                    ),
                );
            }
            check_question_body(p, file, q);
        }
    }
}

fn check_question_body(p: &mut Problems, file: &str, q: &Question) {
    let place = || Some(format!("question `{}`", q.id));
    let mut option_ids = HashSet::new();
    for o in &q.options {
        if o.id.trim().is_empty() {
            p.add(file, place(), "an option has an empty id");
        }
        if !option_ids.insert(o.id.as_str()) {
            p.add(file, place(), format!("duplicate option id `{}`", o.id));
        }
        if o.text.trim().is_empty() {
            p.add(file, place(), format!("option `{}` has no text", o.id));
        }
    }
    let correct = q.options.iter().filter(|o| o.correct).count();
    match q.kind {
        QuestionType::SelfRating => {
            let anchored = q.levels.iter().filter(|l| !l.trim().is_empty()).count();
            if q.levels.len() != 5 || anchored != 5 {
                p.add(
                    file,
                    place(),
                    format!("a self-rating needs 5 described levels, found {anchored}"),
                );
            }
            if !q.options.is_empty() {
                p.add(file, place(), "a self-rating has levels, not options");
            }
        }
        QuestionType::Scenario => {
            if q.options.len() < 2 {
                p.add(file, place(), "a scenario needs at least 2 options");
            }
            for o in &q.options {
                match o.score {
                    None => p.add(file, place(), format!("option `{}` has no score", o.id)),
                    Some(s) if !(0.0..=1.0).contains(&s) => p.add(
                        file,
                        place(),
                        format!("option `{}` has score {s}, expected 0 to 1", o.id),
                    ),
                    Some(_) => {}
                }
                if o.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) {
                    p.add(file, place(), format!("option `{}` has no feedback", o.id));
                }
            }
            if !q.options.iter().any(|o| o.score == Some(1.0)) && !q.options.is_empty() {
                p.add(
                    file,
                    place(),
                    "no option scores 1, so no answer earns full marks",
                );
            }
        }
        QuestionType::Knowledge | QuestionType::Multi => {
            if q.options.len() < 2 {
                p.add(
                    file,
                    place(),
                    format!("a {} question needs at least 2 options", q.kind.as_str()),
                );
            }
            if q.kind == QuestionType::Knowledge && correct != 1 {
                p.add(
                    file,
                    place(),
                    format!(
                        "a knowledge question needs exactly one correct option, found {correct}"
                    ),
                );
            }
            if q.kind == QuestionType::Multi && correct == 0 {
                p.add(
                    file,
                    place(),
                    "a multi question needs at least one correct option",
                );
            }
            if q.options.iter().any(|o| o.score.is_some()) {
                p.add(
                    file,
                    place(),
                    "options of knowledge and multi questions use `correct`, not `score`",
                );
            }
            if q.explanation.as_deref().is_none_or(|e| e.trim().is_empty()) {
                p.add(file, place(), "no explanation");
            }
        }
    }
}

/// Every skill needs, in every track, a self-rating and enough evidence items.
fn check_coverage(
    p: &mut Problems,
    files: &[(String, BankFile)],
    meta: Option<&BankMeta>,
    tracks: &[&str],
    no_rating_needed: &HashSet<String>,
) {
    let Some(meta) = meta else { return };
    let question_count: usize = files.iter().map(|(_, b)| b.questions.len()).sum();
    if question_count == 0 {
        let file = files.first().map_or("bank", |(f, _)| f.as_str());
        p.add(file, None, "the bank has no questions");
        return;
    }
    // (skill, track) -> (self-ratings, evidence items)
    let mut counts: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for (_, bf) in files {
        for q in &bf.questions {
            for track in tracks {
                if q.in_track(track) {
                    let entry = counts.entry((q.skill.as_str(), track)).or_default();
                    if q.kind.is_evidence() {
                        entry.1 += 1;
                    } else {
                        entry.0 += 1;
                    }
                }
            }
        }
    }
    for (file, bf) in files {
        for s in &bf.skills {
            for track in tracks {
                let (ratings, evidence) = counts
                    .get(&(s.id.as_str(), *track))
                    .copied()
                    .unwrap_or_default();
                let rating_missing = ratings == 0 && !no_rating_needed.contains(&s.id);
                if rating_missing || evidence < meta.min_evidence_items {
                    p.add(
                        file,
                        Some(format!("skill `{}`", s.id)),
                        format!(
                            "too few items in track `{track}`: {ratings} self-ratings and {evidence} evidence items; needs 1 and {}",
                            meta.min_evidence_items
                        ),
                    );
                }
                for (form, want) in &meta.forms {
                    for (kind, need) in [
                        (QuestionType::SelfRating, want.self_rating),
                        (QuestionType::Scenario, want.scenario),
                        (QuestionType::Knowledge, want.knowledge),
                        (QuestionType::Multi, want.multi),
                    ] {
                        let have = files
                            .iter()
                            .flat_map(|(_, b)| &b.questions)
                            .filter(|q| q.skill == s.id && q.kind == kind && q.in_track(track))
                            .count();
                        if have < need {
                            p.add(
                                file,
                                Some(format!("skill `{}`", s.id)),
                                format!(
                                    "form `{form}` asks {need} {} items in track `{track}`, the pool has {have}",
                                    kind.as_str()
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

fn check_rubric<'a>(
    p: &mut Problems,
    files: &'a [(String, BankFile)],
    tracks: &HashSet<&str>,
    ids: &mut HashMap<&'a str, &'a str>,
) {
    let mut criteria = HashSet::new();
    // A rule may test any rubric question of the bank (a degree offset by experience).
    let all_questions: HashMap<&str, &RubricQuestion> = files
        .iter()
        .flat_map(|(_, bf)| &bf.rubric)
        .flat_map(|c| &c.questions)
        .map(|q| (q.id.as_str(), q))
        .collect();
    for (file, bf) in files {
        for c in &bf.rubric {
            let place = || Some(format!("criterion `{}`", c.id));
            if !criteria.insert(c.id.as_str()) {
                p.add(file, place(), "duplicate criterion id");
            }
            if c.questions.is_empty() {
                p.add(file, place(), "no questions");
            }
            let questions: HashMap<&str, &RubricQuestion> =
                c.questions.iter().map(|q| (q.id.as_str(), q)).collect();
            for q in &c.questions {
                let qplace = || Some(format!("criterion `{}` question `{}`", c.id, q.id));
                if let Some(other) = ids.insert(&q.id, file) {
                    p.add(
                        file,
                        qplace(),
                        format!("duplicate question id (also in {other})"),
                    );
                }
                match q.kind {
                    RubricQuestionType::Choice | RubricQuestionType::Choices
                        if q.options.len() < 2 =>
                    {
                        p.add(file, qplace(), "needs at least 2 options");
                    }
                    RubricQuestionType::Number => match (q.min, q.max) {
                        (Some(lo), Some(hi)) if lo < hi => {}
                        _ => p.add(file, qplace(), "a number question needs `min` below `max`"),
                    },
                    _ => {}
                }
                let mut seen = HashSet::new();
                for o in &q.options {
                    if !seen.insert(o.id.as_str()) {
                        p.add(file, qplace(), format!("duplicate option id `{}`", o.id));
                    }
                    if o.exclusive && q.kind != RubricQuestionType::Choices {
                        p.add(
                            file,
                            qplace(),
                            format!(
                                "option `{}` is `exclusive`, which only `choices` questions use",
                                o.id
                            ),
                        );
                    }
                }
                if let Some(cond) = &q.ask_if {
                    check_condition(p, file, &c.id, cond, &questions);
                }
            }
            let mut outcomes = vec![c.otherwise.status];
            for rule in &c.rules {
                outcomes.push(rule.status);
                for t in &rule.tracks {
                    if !tracks.is_empty() && !tracks.contains(t.as_str()) {
                        p.add(file, place(), format!("a rule names unknown track `{t}`"));
                    }
                }
                if rule.when.is_empty() {
                    p.add(
                        file,
                        place(),
                        "a rule has no conditions; use `otherwise` for the fallback",
                    );
                }
                for cond in &rule.when {
                    check_condition(p, file, &c.id, cond, &all_questions);
                }
            }
            for status in outcomes {
                if status.counts_as_met() {
                    continue;
                }
                if c.next_steps
                    .get(&status)
                    .is_none_or(std::vec::Vec::is_empty)
                {
                    p.add(
                        file,
                        place(),
                        format!("can be `{}` but has no next steps for it", status.as_str()),
                    );
                }
                if c.priority
                    .get(&status)
                    .is_some_and(|p| !(0.0..=1000.0).contains(p))
                {
                    p.add(
                        file,
                        place(),
                        format!("priority for `{}` must be from 0 to 1000", status.as_str()),
                    );
                }
                if !c.priority.contains_key(&status) {
                    p.add(
                        file,
                        place(),
                        format!("can be `{}` but has no priority for it", status.as_str()),
                    );
                }
            }
        }
    }
}

fn check_condition(
    p: &mut Problems,
    file: &str,
    criterion: &str,
    cond: &Condition,
    questions: &HashMap<&str, &RubricQuestion>,
) {
    let place = || Some(format!("criterion `{criterion}`"));
    let Some(q) = questions.get(cond.question.as_str()) else {
        p.add(
            file,
            place(),
            format!("a condition names unknown question `{}`", cond.question),
        );
        return;
    };
    let (choice, number, boolean) = (
        cond.any_of.is_some() || cond.min_picks.is_some(),
        cond.at_least.is_some() || cond.below.is_some(),
        cond.is.is_some(),
    );
    if !(choice || number || boolean) {
        p.add(
            file,
            place(),
            format!("a condition on `{}` tests nothing", q.id),
        );
    }
    let fits = match q.kind {
        RubricQuestionType::Choice => !number && !boolean && cond.min_picks.is_none(),
        RubricQuestionType::Choices => !number && !boolean,
        RubricQuestionType::Number => !choice && !boolean,
        RubricQuestionType::Boolean => !choice && !number,
    };
    if !fits {
        p.add(
            file,
            place(),
            format!(
                "a condition on `{}` uses a test that does not fit a {} question",
                q.id,
                q.kind.as_str()
            ),
        );
    }
    for id in cond.any_of.iter().flatten() {
        if !q.options.iter().any(|o| &o.id == id) {
            p.add(
                file,
                place(),
                format!(
                    "a condition names option `{id}`, which `{}` does not have",
                    q.id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Vec<(String, BankFile)> {
        vec![("t.json".to_string(), serde_json::from_str(json).unwrap())]
    }

    fn messages(json: &str) -> Vec<String> {
        validate(&parse(json), &HashSet::new())
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn kebab_case() {
        assert!(is_kebab("risk-management"));
        assert!(!is_kebab("Risk"));
        assert!(!is_kebab("-a"));
        assert!(!is_kebab("a--b"));
    }

    #[test]
    fn missing_header_is_reported() {
        let m = messages(r#"{"questions": []}"#);
        assert!(m[0].contains("no file has a `bank` header"), "{m:?}");
    }

    #[test]
    fn small_fixture_bank_is_valid() {
        let text = include_str!("../../tests/fixtures/banks/small.json");
        assert_eq!(messages(text), Vec::<String>::new());
    }

    #[test]
    fn only_choices_questions_have_an_exclusive_option() {
        let text = include_str!("../../tests/fixtures/banks/small.json");
        let mut bank: BankFile = serde_json::from_str(text).unwrap();
        // mentor-kind is a `choice` question: one pick anyway, so `exclusive` is a slip.
        bank.rubric[1].questions[0].options[2].exclusive = true;
        let problems: Vec<String> = validate(&[("t.json".into(), bank)], &HashSet::new())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains(
                "question `mentor-kind`: option `none` is `exclusive`, which only `choices` questions use"
            ),
            "{problems:?}"
        );
    }

    /// The problems of the small fixture bank after `change`.
    fn problems_after(change: impl FnOnce(&mut BankFile)) -> Vec<String> {
        let text = include_str!("../../tests/fixtures/banks/small.json");
        let mut bank: BankFile = serde_json::from_str(text).unwrap();
        change(&mut bank);
        validate(&[("t.json".into(), bank)], &HashSet::new())
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn each_rule_of_the_header_and_rubric_holds_at_its_boundary() {
        type Change = Box<dyn FnOnce(&mut BankFile)>;
        let meta = |f: fn(&mut BankMeta)| -> Change {
            Box::new(move |b: &mut BankFile| f(b.bank.as_mut().unwrap()))
        };
        // (what is changed, the problem expected, or None for a bank still valid)
        let cases: Vec<(&str, Change, Option<&str>)> = vec![
            (
                "three level cuts",
                meta(|m| m.level_cuts = vec![20.0, 40.0, 60.0]),
                Some("needs four ascending scores"),
            ),
            (
                "a same-position run limit of 2, the least",
                meta(|m| m.quality.max_same_position_run = 2),
                None,
            ),
            (
                "a same-position run limit of 1",
                meta(|m| m.quality.max_same_position_run = 1),
                Some("quality.max_same_position_run: must be at least 2"),
            ),
            (
                "a level cut at 0",
                meta(|m| m.level_cuts = vec![0.0, 40.0, 60.0, 80.0]),
                Some("needs four ascending scores"),
            ),
            (
                "endless seconds per item",
                meta(|m| m.quality.min_seconds_per_item = f64::INFINITY),
                Some("must be a number of seconds, 0 or more"),
            ),
            (
                "item sd at its largest, 1",
                meta(|m| m.change.item_sd = 1.0),
                None,
            ),
            (
                "item sd above 1",
                meta(|m| m.change.item_sd = 1.5),
                Some("change.item_sd: must be above 0 and at most 1"),
            ),
            (
                "confidence z at its largest, 5",
                meta(|m| m.change.confidence_z = 5.0),
                None,
            ),
            (
                "confidence z above 5",
                meta(|m| m.change.confidence_z = 5.5),
                Some("change.confidence_z: must be above 0 and at most 5"),
            ),
            (
                "a self-rating with five levels, one of them blank",
                Box::new(|b| b.questions[0].levels[2] = "  ".into()),
                Some("a self-rating needs 5 described levels, found 4"),
            ),
            (
                "a self-rating with six levels, five described",
                Box::new(|b| b.questions[0].levels.push(String::new())),
                Some("a self-rating needs 5 described levels, found 5"),
            ),
            (
                "a form asking two scenarios of a skill that has one",
                meta(|m| {
                    let want = crate::bank::FormCounts {
                        self_rating: 1,
                        scenario: 2,
                        knowledge: 1,
                        multi: 1,
                    };
                    m.forms = [("standard".to_string(), want)].into();
                }),
                Some("skill `talk`: form `standard` asks 2 scenario items in track `general`, the pool has 1"),
            ),
            (
                "a last verdict that allows only so many skill gaps",
                meta(|m| m.verdicts.last_mut().unwrap().max_skill_gaps = Some(3)),
                Some("the last verdict must have no conditions, so every result gets a verdict"),
            ),
            (
                "a last verdict that allows only so many prerequisites not met",
                meta(|m| m.verdicts.last_mut().unwrap().max_not_met = Some(3)),
                Some("the last verdict must have no conditions, so every result gets a verdict"),
            ),
            (
                "a multi-select question with no keyed option",
                Box::new(|b| {
                    for o in &mut b.questions[3].options {
                        o.correct = false;
                    }
                }),
                Some("question `talk-4`: a multi question needs at least one correct option"),
            ),
            (
                "a self-rating with six described levels",
                Box::new(|b| b.questions[0].levels.push("Beyond".into())),
                Some("a self-rating needs 5 described levels, found 6"),
            ),
            (
                "a choice question with two options",
                Box::new(|b| {
                    b.rubric[1].questions[0].options.pop();
                }),
                None,
            ),
            (
                "a choice question with one option",
                Box::new(|b| b.rubric[1].questions[0].options.truncate(1)),
                Some("question `mentor-kind`: needs at least 2 options"),
            ),
            (
                "a number question whose min equals its max",
                Box::new(|b| b.rubric[0].questions[0].max = Some(0.0)),
                Some("a number question needs `min` below `max`"),
            ),
            (
                "a rule for an unknown track",
                Box::new(|b| b.rubric[0].rules[0].tracks = vec!["mobile".into()]),
                Some("a rule names unknown track `mobile`"),
            ),
            (
                "a yes/no test on a choice question",
                Box::new(|b| b.rubric[1].rules[1].when[0].is = Some(true)),
                Some("a condition on `mentor-kind` uses a test that does not fit a choice question"),
            ),
            (
                "an option test on a yes/no question",
                Box::new(|b| b.rubric[1].rules[0].when[1].any_of = Some(vec!["expert".into()])),
                Some("a condition on `mentor-meets` uses a test that does not fit a boolean question"),
            ),
        ];
        for (what, change, expected) in cases {
            let problems = problems_after(change);
            match expected {
                None => assert!(problems.is_empty(), "{what}: {problems:?}"),
                Some(text) => assert!(
                    problems.iter().any(|p| p.contains(text)),
                    "{what}: expected a problem saying {text:?}, found {problems:?}"
                ),
            }
        }
    }

    #[test]
    fn every_problem_is_listed() {
        let text = include_str!("../../tests/fixtures/banks/small.json");
        let mut bank: BankFile = serde_json::from_str(text).unwrap();
        bank.questions[1].options[0].score = Some(1.4);
        bank.questions[2]
            .options
            .iter_mut()
            .for_each(|o| o.correct = true);
        bank.questions[0].levels.pop();
        let dup = bank.questions[3].clone();
        bank.questions.push(dup);
        let problems: Vec<String> = validate(&[("t.json".into(), bank)], &HashSet::new())
            .iter()
            .map(ToString::to_string)
            .collect();
        let all = problems.join("\n");
        assert!(all.contains("has score 1.4, expected 0 to 1"), "{all}");
        assert!(all.contains("exactly one correct option, found"), "{all}");
        assert!(all.contains("needs 5 described levels, found 4"), "{all}");
        assert!(all.contains("duplicate question id"), "{all}");
    }
}
