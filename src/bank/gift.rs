//! GIFT, Moodle's plain-text question format: reading a `.gift` file into bank questions
//! and writing bank questions back as GIFT.
//!
//! Our own small parser, written from the format's documented syntax. Supported: `//`
//! comments (with `[id:…]`, `[tag:…]`, `[tracks:…]`, `[weight:…]`, `[type:…]`,
//! `[self_rating:…]` and `[level:…]` metadata), `$CATEGORY:` (last segment = skill id),
//! `::title::`, `[markdown]`/`[plain]`/`[html]`/`[moodle]` prefixes (the text is kept as
//! text, never interpreted), single answer `=`/`~` with `%n%` weights, multiple response
//! (`~%n%` without `=`), true/false, per-answer `#` and general `####` feedback and the
//! escapes `\~ \= \# \{ \} \: \\ \n`. Matching, numerical, short answer, essay,
//! missing-word and description questions are refused with their line.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::model::{BankFile, Question, QuestionOption, QuestionType};
use super::Problem;

/// A skill named by a `$CATEGORY:` line.
#[derive(Debug, Clone)]
pub struct Category {
    /// The skill id (the last path segment, made kebab-case).
    pub skill: String,
    /// The segment as written, used as the default skill name.
    pub name: String,
    /// Line of the first `$CATEGORY:` naming it.
    pub line: usize,
}

/// One parsed GIFT file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The questions, as a bank file without skills or header.
    pub file: BankFile,
    /// Skills named by categories, in order of appearance.
    pub categories: Vec<Category>,
    /// Line of each question, by id, to place validation problems.
    pub lines: HashMap<String, usize>,
    /// Everything that keeps the file from being used.
    pub problems: Vec<Problem>,
    /// Things the author should know (derived ids).
    pub warnings: Vec<Problem>,
}

/// A character of the source and whether it was escaped with `\`.
type Ch = (char, bool);

fn lex(s: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek().copied() {
                Some(n @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => {
                    chars.next();
                    out.push((n, true));
                }
                Some('n') => {
                    chars.next();
                    out.push(('\n', true));
                }
                _ => out.push(('\\', false)),
            }
        } else {
            out.push((c, false));
        }
    }
    out
}

fn text(chs: &[Ch]) -> String {
    chs.iter()
        .map(|(c, _)| *c)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Position of the first unescaped occurrence of `pat` at or after `from`.
fn find(chs: &[Ch], pat: &str, from: usize) -> Option<usize> {
    let pat: Vec<char> = pat.chars().collect();
    (from..chs.len()).find(|&i| {
        i + pat.len() <= chs.len()
            && pat
                .iter()
                .enumerate()
                .all(|(k, p)| chs[i + k] == (*p, false))
    })
}

fn blank(chs: &[Ch]) -> bool {
    chs.iter().all(|(c, _)| c.is_whitespace())
}

/// A kebab-case id from free text: `Risk Management` → `risk-management`.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

/// Metadata of a comment line: the `[key:value]` tags it opens with, then its text.
#[derive(Default)]
struct Meta {
    tags: Vec<(String, String)>,
    rest: String,
}

const KEYS: [&str; 8] = [
    "id",
    "tag",
    "tracks",
    "weight",
    "type",
    "self_rating",
    "level",
    "options",
];

fn comment_meta(line: &str) -> Meta {
    let mut rest = line.trim();
    let mut tags = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(end) = inner.find(']') else { break };
        let (key, value) = inner[..end].split_once(':').unwrap_or((&inner[..end], ""));
        if !KEYS.contains(&key.trim()) {
            break;
        }
        tags.push((key.trim().to_string(), value.trim().to_string()));
        rest = inner[end + 1..].trim_start();
    }
    Meta {
        tags,
        rest: text(&lex(rest)),
    }
}

struct Chunk {
    /// First line of the question body (or of the chunk when it has none).
    line: usize,
    comments: Vec<(usize, String)>,
    body: Vec<String>,
    body_line: Option<usize>,
}

/// Parses the GIFT text of `display`.
pub fn parse(display: &str, source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut category: Option<String> = None;
    let mut used: HashSet<String> = HashSet::new();
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut chunks = Vec::new();
    let mut current: Option<Chunk> = None;
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            chunks.extend(current.take());
            continue;
        }
        let chunk = current.get_or_insert_with(|| Chunk {
            line,
            comments: Vec::new(),
            body: Vec::new(),
            body_line: None,
        });
        if let Some(comment) = trimmed.strip_prefix("//") {
            chunk.comments.push((line, comment.to_string()));
        } else {
            chunk.body_line.get_or_insert(line);
            chunk.body.push(raw.to_string());
        }
    }
    chunks.extend(current);
    for chunk in chunks {
        parse_chunk(display, chunk, &mut category, &mut used, &mut parsed);
    }
    parsed
}

fn problem(display: &str, line: usize, message: impl Into<String>) -> Problem {
    Problem {
        file: display.to_string(),
        place: Some(format!("line {line}")),
        message: message.into(),
    }
}

fn parse_chunk(
    display: &str,
    mut chunk: Chunk,
    category: &mut Option<String>,
    used: &mut HashSet<String>,
    parsed: &mut Parsed,
) {
    // `$CATEGORY:` lines switch the skill for what follows.
    let mut body_line = chunk.body_line;
    while let Some(first) = chunk.body.first() {
        let Some(path) = first.trim().strip_prefix("$CATEGORY:") else {
            break;
        };
        let line = body_line.unwrap_or(chunk.line);
        let segment = path.trim().trim_end_matches('/').rsplit('/').next();
        let segment = segment.unwrap_or_default().trim().to_string();
        let skill = slug(&segment, 60);
        if skill.is_empty() {
            parsed.problems.push(problem(
                display,
                line,
                "`$CATEGORY:` names no skill; its last path segment is the skill id",
            ));
        } else if !parsed.categories.iter().any(|c| c.skill == skill) {
            parsed.categories.push(Category {
                skill: skill.clone(),
                name: segment,
                line,
            });
        }
        *category = (!skill.is_empty()).then_some(skill);
        chunk.body.remove(0);
        body_line = body_line.map(|l| l + 1);
    }

    let mut meta = Meta::default();
    let mut rating: Option<(usize, Question)> = None;
    for (line, comment) in &chunk.comments {
        let m = comment_meta(comment);
        if let Some((_, id)) = m.tags.iter().find(|(k, _)| k == "self_rating") {
            let mut q = Question {
                id: id.clone(),
                skill: category.clone().unwrap_or_default(),
                kind: QuestionType::SelfRating,
                topic: None,
                prompt: m.rest.clone(),
                tracks: Vec::new(),
                weight: 1.0,
                levels: Vec::new(),
                options: Vec::new(),
                explanation: None,
            };
            apply_tags(display, *line, &m.tags, &mut q, parsed);
            if let Some((_, done)) = rating.replace((*line, q)) {
                finish(
                    display,
                    chunk.line,
                    done,
                    "",
                    category.as_deref(),
                    used,
                    parsed,
                );
            }
        } else if m.tags.iter().any(|(k, _)| k == "level") {
            match rating.as_mut() {
                Some((_, q)) => q.levels.push(m.rest),
                None => parsed.problems.push(problem(
                    display,
                    *line,
                    "`[level:…]` outside a `[self_rating:…]` comment",
                )),
            }
        } else {
            meta.tags.extend(m.tags);
        }
    }
    if let Some((line, q)) = rating {
        finish(display, line, q, "", category.as_deref(), used, parsed);
    }
    if chunk.body.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    let line = body_line.unwrap_or(chunk.line);
    let body = lex(&chunk.body.join("\n"));
    if let Some((mut q, title)) = parse_question(display, line, &body, &meta, parsed) {
        q.skill = category.clone().unwrap_or_default();
        finish(display, line, q, &title, category.as_deref(), used, parsed);
    }
}

fn apply_tags(
    display: &str,
    line: usize,
    tags: &[(String, String)],
    q: &mut Question,
    parsed: &mut Parsed,
) {
    for (key, value) in tags {
        match key.as_str() {
            "id" if !value.is_empty() => q.id.clone_from(value),
            "tag" if !value.is_empty() => q.topic = Some(value.clone()),
            "tracks" => {
                q.tracks = value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect();
            }
            "weight" => match value.parse::<f64>() {
                Ok(w) => q.weight = w,
                Err(_) => parsed.problems.push(problem(
                    display,
                    line,
                    format!("`[weight:{value}]` is not a number"),
                )),
            },
            _ => {}
        }
    }
}

fn finish(
    display: &str,
    line: usize,
    mut q: Question,
    title: &str,
    category: Option<&str>,
    used: &mut HashSet<String>,
    parsed: &mut Parsed,
) {
    if category.is_none() {
        parsed.problems.push(problem(
            display,
            line,
            "question before any `$CATEGORY:` line; the category's last segment names its skill",
        ));
        return;
    }
    if q.id.is_empty() {
        let base = if title.is_empty() {
            let words: Vec<&str> = q.prompt.split_whitespace().take(6).collect();
            slug(&words.join(" "), 40)
        } else {
            slug(title, 40)
        };
        let base = if base.is_empty() {
            "question".into()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        parsed.warnings.push(problem(
            display,
            line,
            format!("no `[id:…]` comment; the question's id is `{id}`"),
        ));
        q.id = id;
    }
    if let Some(first) = parsed.lines.get(&q.id) {
        parsed.problems.push(problem(
            display,
            line,
            format!("duplicate question id `{}` (also at line {first})", q.id),
        ));
        return;
    }
    used.insert(q.id.clone());
    parsed.lines.insert(q.id.clone(), line);
    parsed.file.questions.push(q);
}

struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

#[allow(clippy::too_many_lines)]
fn parse_question(
    display: &str,
    line: usize,
    body: &[Ch],
    meta: &Meta,
    parsed: &mut Parsed,
) -> Option<(Question, String)> {
    let refuse = |parsed: &mut Parsed, kind: &str, how: &str| {
        parsed.problems.push(problem(
            display,
            line,
            format!("question type `{kind}` ({how}) is not supported; single answer, multiple response and true/false are"),
        ));
        None
    };
    let mut start = 0;
    while start < body.len() && body[start].0.is_whitespace() {
        start += 1;
    }
    let mut title = String::new();
    if find(body, "::", start) == Some(start) {
        let Some(end) = find(body, "::", start + 2) else {
            parsed
                .problems
                .push(problem(display, line, "the `::` title is not closed"));
            return None;
        };
        title = text(&body[start + 2..end]);
        start = end + 2;
    }
    while start < body.len() && body[start].0.is_whitespace() {
        start += 1;
    }
    for prefix in ["[markdown]", "[plain]", "[html]", "[moodle]"] {
        if find(body, prefix, start) == Some(start) {
            start += prefix.len();
            break;
        }
    }
    let Some(open) = find(body, "{", start) else {
        return refuse(parsed, "description", "no answer block");
    };
    let Some(close) = find(body, "}", open) else {
        parsed.problems.push(problem(
            display,
            line,
            "the answer block `{` is not closed with `}`",
        ));
        return None;
    };
    let prompt = text(&body[start..open]);
    if !blank(&body[close + 1..]) {
        return refuse(parsed, "missing word", "text after the answer block");
    }
    let mut block = &body[open + 1..close];
    let mut general = None;
    if let Some(g) = find(block, "####", 0) {
        general = non_empty(text(&block[g + 4..]));
        block = &block[..g];
    }
    if blank(block) {
        return refuse(parsed, "essay", "an empty answer block");
    }
    let first = block.iter().position(|(c, _)| !c.is_whitespace())?;
    if block[first] == ('#', false) {
        return refuse(parsed, "numerical", "`{#`");
    }
    let mut question = Question {
        id: String::new(),
        skill: String::new(),
        kind: QuestionType::Knowledge,
        topic: None,
        prompt,
        tracks: Vec::new(),
        weight: 1.0,
        levels: Vec::new(),
        options: Vec::new(),
        explanation: general,
    };
    if question.prompt.is_empty() {
        question.prompt.clone_from(&title);
    }
    apply_tags(display, line, &meta.tags, &mut question, parsed);

    // True/false: `{T}`, `{TRUE}`, `{F}`, `{FALSE}`, each with up to two feedbacks
    // (shown for a wrong answer, then for a right one).
    let head_end = find(block, "#", 0).unwrap_or(block.len());
    let head = text(&block[..head_end]);
    if let Some(truth) = match head.as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    } {
        let mut feedback = Vec::new();
        let mut at = head_end;
        while at < block.len() {
            let next = find(block, "#", at + 1).unwrap_or(block.len());
            feedback.push(non_empty(text(&block[at + 1..next])));
            at = next;
        }
        let (wrong, right) = (
            feedback.first().cloned().flatten(),
            feedback.get(1).cloned().flatten(),
        );
        question.options = [("a", "True", truth), ("b", "False", !truth)]
            .into_iter()
            .map(|(id, text, correct)| QuestionOption {
                id: id.into(),
                text: text.into(),
                score: None,
                correct,
                feedback: if correct {
                    right.clone()
                } else {
                    wrong.clone()
                },
            })
            .collect();
        return Some((question, title));
    }

    // Answers start at unescaped `=` or `~`.
    let marks: Vec<usize> = (0..block.len())
        .filter(|&i| block[i] == ('=', false) || block[i] == ('~', false))
        .collect();
    if marks.first().is_none_or(|&m| !blank(&block[..m])) {
        parsed.problems.push(problem(
            display,
            line,
            "the answer block must start with `=` (right) or `~` (wrong) answers",
        ));
        return None;
    }
    let mut answers = Vec::new();
    for (k, &m) in marks.iter().enumerate() {
        let end = marks.get(k + 1).copied().unwrap_or(block.len());
        let part = &block[m + 1..end];
        if find(part, "->", 0).is_some() {
            return refuse(parsed, "matching", "`->` pairs");
        }
        let mut from = 0;
        let mut weight = None;
        if find(part, "%", 0) == Some(0) {
            let Some(w_end) = find(part, "%", 1) else {
                parsed
                    .problems
                    .push(problem(display, line, "a `%` weight is not closed"));
                return None;
            };
            let raw = text(&part[1..w_end]);
            match raw.parse::<f64>() {
                Ok(w) if (-100.0..=100.0).contains(&w) => weight = Some(w),
                _ => {
                    parsed.problems.push(problem(
                        display,
                        line,
                        format!("weight `%{raw}%` is not a number from -100 to 100"),
                    ));
                    return None;
                }
            }
            from = w_end + 1;
        }
        let fb = find(part, "#", from).unwrap_or(part.len());
        answers.push(Answer {
            right: block[m].0 == '=',
            weight,
            text: text(&part[from..fb]),
            feedback: (fb < part.len())
                .then(|| text(&part[fb + 1..]))
                .and_then(non_empty),
        });
    }
    if answers.iter().all(|a| a.right) {
        return refuse(parsed, "short answer", "only `=` answers");
    }
    let forced = meta
        .tags
        .iter()
        .find(|(k, _)| k == "type")
        .map(|(_, v)| v.as_str());
    let id = option_id;
    if answers.iter().any(|a| a.right) {
        let scores: Vec<f64> = answers
            .iter()
            .map(|a| {
                a.weight
                    .map_or(if a.right { 1.0 } else { 0.0 }, |w| w / 100.0)
            })
            .collect();
        if scores.iter().any(|s| *s < 0.0) {
            parsed.problems.push(problem(
                display,
                line,
                "a negative weight in a single-answer question; only multiple-response questions (no `=`) take them",
            ));
            return None;
        }
        let partial = scores.iter().any(|s| *s > 0.0 && *s < 1.0);
        question.kind = if partial || forced == Some("scenario") {
            QuestionType::Scenario
        } else {
            QuestionType::Knowledge
        };
        question.options = answers
            .into_iter()
            .zip(scores)
            .enumerate()
            .map(|(i, (a, s))| QuestionOption {
                id: id(i),
                text: a.text,
                score: (question.kind == QuestionType::Scenario).then_some(s),
                correct: question.kind == QuestionType::Knowledge && s >= 1.0,
                feedback: a.feedback,
            })
            .collect();
    } else {
        if !answers.iter().any(|a| a.weight.is_some_and(|w| w > 0.0)) {
            parsed.problems.push(problem(
                display,
                line,
                "no answer is right: mark one with `=`, or give the right answers of a multiple-response question positive `~%n%` weights",
            ));
            return None;
        }
        question.kind = QuestionType::Multi;
        question.options = answers
            .into_iter()
            .enumerate()
            .map(|(i, a)| QuestionOption {
                id: id(i),
                text: a.text,
                score: None,
                correct: a.weight.is_some_and(|w| w > 0.0),
                feedback: a.feedback,
            })
            .collect();
    }
    Some((question, title))
}

/// The id GIFT import gives the option at `index`: `a`, `b`, … `z`, then `o27`, ….
pub fn option_id(index: usize) -> String {
    u8::try_from(index).ok().filter(|&i| i < 26).map_or_else(
        || format!("o{}", index + 1),
        |i| char::from(b'a' + i).to_string(),
    )
}

/// Escapes GIFT's special characters in `s`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

fn percent(x: f64) -> String {
    let v = (x * 100.0 * 1e6).round() / 1e6;
    format!("{v}")
}

/// Writes questions as GIFT, one `$CATEGORY:` per skill (`bank/skill`). Self-ratings have
/// no GIFT equivalent and are written as `[self_rating:…]`/`[level:…]` comments that
/// [`parse`] restores.
pub fn write(bank_id: &str, questions: &[Question]) -> String {
    let mut out = format!(
        "// GIFT export of bank `{bank_id}` by tpm-ready. Self-ratings have no GIFT type: they\n// are kept as comments ([self_rating:…], [level:…]) that tpm-ready reads back.\n"
    );
    let mut skill: Option<&str> = None;
    for q in questions {
        if skill != Some(q.skill.as_str()) {
            let _ = write!(out, "\n$CATEGORY: {bank_id}/{}\n", q.skill);
            skill = Some(q.skill.as_str());
        }
        out.push('\n');
        let mut tags = String::new();
        if let Some(topic) = &q.topic {
            let _ = write!(tags, " [tag:{topic}]");
        }
        if !q.tracks.is_empty() {
            let _ = write!(tags, " [tracks:{}]", q.tracks.join(","));
        }
        if (q.weight - 1.0).abs() > f64::EPSILON {
            let _ = write!(tags, " [weight:{}]", q.weight);
        }
        if q.kind == QuestionType::SelfRating {
            let _ = writeln!(out, "// [self_rating:{}]{tags} {}", q.id, escape(&q.prompt));
            for (i, level) in q.levels.iter().enumerate() {
                let _ = writeln!(out, "// [level:{}] {}", i + 1, escape(level));
            }
            continue;
        }
        let all_or_nothing = q
            .options
            .iter()
            .all(|o| o.score.is_none_or(|s| s == 0.0 || s == 1.0));
        if q.kind == QuestionType::Scenario && all_or_nothing {
            tags.push_str(" [type:scenario]");
        }
        let _ = writeln!(out, "// [id:{}]{tags}", q.id);
        let _ = writeln!(out, "::{}:: {} {{", escape(&q.id), escape(&q.prompt));
        let right = q.options.iter().filter(|o| o.correct).count().max(1);
        let wrong = q.options.iter().filter(|o| !o.correct).count().max(1);
        for o in &q.options {
            let mark = match q.kind {
                QuestionType::Scenario => match o.score.unwrap_or(0.0) {
                    s if s >= 1.0 => "=".to_string(),
                    s if s <= 0.0 => "~".to_string(),
                    s => format!("~%{}%", percent(s)),
                },
                QuestionType::Multi if o.correct => {
                    format!("~%{}%", percent(1.0 / right as f64))
                }
                QuestionType::Multi => format!("~%-{}%", percent(1.0 / wrong as f64)),
                _ if o.correct => "=".to_string(),
                _ => "~".to_string(),
            };
            let _ = write!(out, "  {mark}{}", escape(&o.text));
            if let Some(fb) = &o.feedback {
                let _ = write!(out, " #{}", escape(fb));
            }
            out.push('\n');
        }
        if let Some(e) = &q.explanation {
            let _ = writeln!(out, "  ####{}", escape(e));
        }
        out.push_str("}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Question {
        let p = parse("t.gift", src);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        p.file.questions.into_iter().next().expect("a question")
    }

    #[test]
    fn escapes_are_read_and_written_back() {
        let q = one("$CATEGORY: x/s\n// [id:q]\nA \\{b\\} \\~ \\= \\# \\: \\\\ c\\nd {=yes ~no}");
        assert_eq!(q.prompt, "A {b} ~ = # : \\ c\nd");
        assert_eq!(escape(&q.prompt), "A \\{b\\} \\~ \\= \\# \\: \\\\ c\\nd");
    }

    #[test]
    fn slugs_are_kebab_case() {
        assert_eq!(slug("Risk  Management!", 40), "risk-management");
        assert_eq!(slug("$course$", 40), "course");
    }

    #[test]
    fn weights_decide_the_type() {
        let q = one("$CATEGORY: s\n// [id:q]\nQ? {=a ~%50%b ~c}");
        assert_eq!(q.kind, QuestionType::Scenario);
        let scores: Vec<_> = q.options.iter().map(|o| o.score).collect();
        assert_eq!(scores, [Some(1.0), Some(0.5), Some(0.0)]);
        let q = one("$CATEGORY: s\n// [id:q]\nQ? {~%50%a ~%50%b ~%-100%c}");
        assert_eq!(q.kind, QuestionType::Multi);
        let right: Vec<_> = q.options.iter().map(|o| o.correct).collect();
        assert_eq!(right, [true, true, false]);
    }
}
