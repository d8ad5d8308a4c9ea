//! The question bank: loading (embedded, a file or a folder), merging and validation.
//!
//! The engine knows nothing about any role: skills, rubric, thresholds and next steps
//! all come from the bank.

mod embedded;
pub mod gift;
pub mod model;
mod validate;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use model::*;

/// Largest bank file accepted; bigger files are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// One problem found in a bank, with the file and the place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File the problem is in, as the user named it.
    pub file: String,
    /// Where in the file: `line 3, column 7` or an item such as "question `risk-03`".
    pub place: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{}: {}: {}", self.file, place, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Why a bank could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    /// The path could not be read.
    #[error("cannot read bank {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A folder bank holds no JSON or GIFT files.
    #[error("bank folder {0} holds no .json or .gift files")]
    NoFiles(PathBuf),
    /// The bank has problems; every one is listed.
    #[error("{} in bank {source_name}:\n{}", plural(.problems.len(), "problem"), list(.problems))]
    Invalid {
        /// The bank as the user named it.
        source_name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn plural(n: usize, word: &str) -> String {
    crate::words::plural(n, word, &format!("{word}s"))
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A loaded, merged and validated bank.
#[derive(Debug, Clone)]
pub struct Bank {
    /// The header.
    pub meta: BankMeta,
    /// Skills in bank order.
    pub skills: Vec<Skill>,
    /// Skill questions in bank order.
    pub questions: Vec<Question>,
    /// Rubric criteria in bank order.
    pub rubric: Vec<Criterion>,
    /// Hex sha256 of the bank's files (names and bytes), to tell bank versions apart.
    pub sha256: String,
    /// Where the bank came from: `embedded` or the path given.
    pub source: String,
    /// Things the author should know that do not stop the bank (GIFT ids derived from
    /// the text, skills given default names).
    pub warnings: Vec<Problem>,
}

/// One raw file of a bank before parsing.
struct RawFile {
    /// Name relative to the bank root (used for the digest).
    relative: String,
    /// Name shown in messages.
    display: String,
    /// Borrowed for the embedded bank, owned for files read from disk.
    bytes: Cow<'static, [u8]>,
}

impl Bank {
    /// The default bank built into the binary.
    pub fn embedded() -> Result<Self, BankError> {
        let files: Vec<RawFile> = embedded::FILES
            .iter()
            .map(|(name, text)| RawFile {
                relative: (*name).to_string(),
                display: format!("questions/{name}"),
                bytes: Cow::Borrowed(text.as_bytes()),
            })
            .collect();
        Self::from_raw(
            "the built-in bank".to_string(),
            "embedded",
            &files,
            Some(embedded::SHA256),
        )
    }

    /// Loads a bank from a JSON or GIFT file, or a folder of them (searched recursively).
    pub fn load(path: &Path) -> Result<Self, BankError> {
        let io = |source| BankError::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        let mut files = Vec::new();
        if meta.is_dir() {
            let mut paths = Vec::new();
            collect_json(path, &mut paths).map_err(io)?;
            paths.sort();
            if paths.is_empty() {
                return Err(BankError::NoFiles(path.to_path_buf()));
            }
            let mut total = 0u64;
            for file in &paths {
                total += std::fs::metadata(file).map_or(0, |m| m.len());
            }
            if total > crate::input::MAX_BANK_TOTAL_BYTES {
                return Err(BankError::Invalid {
                    source_name: path.display().to_string(),
                    problems: vec![Problem {
                        file: path.display().to_string(),
                        place: None,
                        message: format!(
                            "the bank folder's files hold {total} bytes together, more than the {} limit for a bank folder",
                            crate::input::human(crate::input::MAX_BANK_TOTAL_BYTES)
                        ),
                    }],
                });
            }
            for file in paths {
                let relative = file
                    .strip_prefix(path)
                    .unwrap_or(&file)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push(read_raw(&file, relative)?);
            }
        } else {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            files.push(read_raw(path, name)?);
        }
        let display = path.display().to_string();
        Self::from_raw(display.clone(), &display, &files, None)
    }

    /// Parses a single-file bank from bytes; `name` is used in messages.
    pub fn from_json(name: &str, bytes: &[u8]) -> Result<Self, BankError> {
        let file = RawFile {
            relative: name.to_string(),
            display: name.to_string(),
            bytes: Cow::Owned(bytes.to_vec()),
        };
        Self::from_raw(name.to_string(), name, &[file], None)
    }

    /// Loads `path`, or the embedded bank when `path` is `None`.
    pub fn load_or_embedded(path: Option<&Path>) -> Result<Self, BankError> {
        match path {
            Some(path) => Self::load(path),
            None => Self::embedded(),
        }
    }

    /// Parses, validates and merges raw files. `known_sha256` is the digest when it is
    /// already known (the embedded bank's is computed at build time).
    fn from_raw(
        source_name: String,
        source: &str,
        files: &[RawFile],
        known_sha256: Option<&str>,
    ) -> Result<Self, BankError> {
        let mut hasher = known_sha256.is_none().then(Sha256::new);
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut parsed = Vec::with_capacity(files.len());
        let mut gifts = Vec::new();
        for file in files {
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(file.relative.as_bytes());
                hasher.update([0]);
                hasher.update(&file.bytes);
                hasher.update([0]);
            }
            if is_gift(&file.relative) {
                match std::str::from_utf8(&file.bytes) {
                    Ok(text) => {
                        let mut g = gift::parse(&file.display, text);
                        problems.append(&mut g.problems);
                        warnings.append(&mut g.warnings);
                        parsed.push((file.display.clone(), std::mem::take(&mut g.file)));
                        gifts.push((parsed.len() - 1, g));
                    }
                    Err(e) => {
                        let (line, column) = line_col(&file.bytes, e.valid_up_to());
                        problems.push(Problem {
                            file: file.display.clone(),
                            place: Some(format!("line {line}, column {column}")),
                            message: "not valid UTF-8 text".to_string(),
                        });
                    }
                }
                continue;
            }
            // The built-in bank is checked by a unit test, not at every start.
            let parsed_file = if source == "embedded" {
                parse_file(&file.display, &file.bytes)
            } else {
                checked_parse(&file.display, &file.bytes)
            };
            match parsed_file {
                Ok(bank_file) => parsed.push((file.display.clone(), bank_file)),
                Err(problem) => problems.push(problem),
            }
        }
        let defaulted = gift_defaults(&mut parsed, &gifts, &mut warnings);
        // Structural checks need the whole bank: with a file unreadable they would only
        // add noise (a "missing" header that sits in the broken file).
        if problems.is_empty() {
            let mut found = validate::validate(&parsed, &defaulted);
            for problem in &mut found {
                place_in_gift(problem, &parsed, &gifts);
            }
            problems.extend(found);
        }
        if !problems.is_empty() {
            return Err(BankError::Invalid {
                source_name,
                problems,
            });
        }
        let sha256 = match hasher {
            Some(hasher) => hex(&hasher.finalize()),
            None => known_sha256.unwrap_or_default().to_string(),
        };
        let mut meta = None;
        let (mut skills, mut questions, mut rubric) = (Vec::new(), Vec::new(), Vec::new());
        for (_, file) in parsed {
            meta = meta.or(file.bank);
            skills.extend(file.skills);
            questions.extend(file.questions);
            rubric.extend(file.rubric);
        }
        Ok(Self {
            meta: meta.expect("validation ensures exactly one header"),
            skills,
            questions,
            rubric,
            sha256,
            source: source.to_string(),
            warnings,
        })
    }

    /// Prints the bank's warnings to stderr (`warning: file: line N: ...`).
    pub fn print_warnings(&self) {
        for w in &self.warnings {
            eprintln!("warning: {w}");
        }
    }

    /// The skill with id `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The skill with id `id`.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }

    /// The track with id `id`.
    pub fn track(&self, id: &str) -> Option<&Track> {
        self.meta.tracks.iter().find(|t| t.id == id)
    }

    /// The band a score (0-100) falls in.
    pub fn band_for(&self, score: f64) -> &Band {
        self.meta
            .bands
            .iter()
            .rev()
            .find(|b| score >= b.min)
            .unwrap_or(&self.meta.bands[0])
    }

    /// `track`, or the bank's default track when none is given.
    pub fn track_or_default(&self, track: Option<&str>) -> String {
        track.unwrap_or(&self.meta.default_track).to_string()
    }

    /// Track ids, in bank order.
    pub fn track_ids(&self) -> Vec<&str> {
        self.meta.tracks.iter().map(|t| t.id.as_str()).collect()
    }
}

/// The built-in bank's id and version, read from its small header file only (for
/// `--version`, without parsing the whole bank).
pub fn embedded_identity() -> (String, String) {
    #[derive(serde::Deserialize)]
    struct Header {
        bank: Identity,
    }
    #[derive(serde::Deserialize)]
    struct Identity {
        id: String,
        version: String,
    }
    let header = embedded::FILES
        .iter()
        .find(|(name, _)| *name == "bank.json");
    header
        .and_then(|(_, text)| serde_json::from_str::<Header>(text).ok())
        .map_or_else(
            || ("unknown".into(), "unknown".into()),
            |h| (h.bank.id, h.bank.version),
        )
}

/// The built-in bank's id and its verdict ids, read once from its header file (to check
/// the verdict of a saved report).
pub fn embedded_verdicts() -> &'static (String, Vec<String>) {
    static VERDICTS: std::sync::OnceLock<(String, Vec<String>)> = std::sync::OnceLock::new();
    VERDICTS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Header {
            bank: Verdicts,
        }
        #[derive(serde::Deserialize)]
        struct Verdicts {
            id: String,
            verdicts: Vec<Id>,
        }
        #[derive(serde::Deserialize)]
        struct Id {
            id: String,
        }
        embedded::FILES
            .iter()
            .find(|(name, _)| *name == "bank.json")
            .and_then(|(_, text)| serde_json::from_str::<Header>(text).ok())
            .map_or_else(
                || (String::new(), Vec::new()),
                |h| {
                    (
                        h.bank.id,
                        h.bank.verdicts.into_iter().map(|v| v.id).collect(),
                    )
                },
            )
    })
}

/// `(file name, contents)` of the built-in bank's panel ratings.
pub fn embedded_panel() -> &'static [(&'static str, &'static str)] {
    embedded::PANEL
}

/// The subfolder of a bank folder that holds expert-panel ratings, not bank files.
pub const PANEL_DIR: &str = "panel";

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if entry.file_name() != PANEL_DIR {
                collect_json(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "json" || e == "gift") {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether a bank file is GIFT (by its `.gift` extension).
pub fn is_gift(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gift"))
}

/// Default target of a skill that only a GIFT category names.
pub const GIFT_DEFAULT_TARGET: f64 = 60.0;

/// The header a bank without one gets when it has GIFT files: one track, one group,
/// verdicts from skills alone.
fn gift_header(id: &str) -> BankMeta {
    let id = gift::slug(id, 40);
    let id = if id.is_empty() {
        "gift".to_string()
    } else {
        id
    };
    let track = Track {
        id: "general".into(),
        name: "General".into(),
        description: "Everyone.".into(),
    };
    let band = |id: &str, name: &str, min: f64| Band {
        id: id.into(),
        name: name.into(),
        min,
    };
    let verdict =
        |id: &str, name: &str, summary: &str, min: f64, gaps: Option<usize>| VerdictRule {
            id: id.into(),
            name: name.into(),
            summary: summary.into(),
            min_readiness: min,
            max_unmet: None,
            max_not_met: None,
            max_skill_gaps: gaps,
        };
    BankMeta {
        title: format!("{id} (imported from GIFT)"),
        id,
        version: "1.0.0".into(),
        intro: "Questions imported from a GIFT file. Each skill score is the share of the marks you earned, corrected for guessing.".into(),
        limits: "A bank imported from GIFT, without prerequisites: the verdict rests on the skill scores alone.".into(),
        tracks: vec![track],
        default_track: "general".into(),
        groups: vec![Group {
            id: "skills".into(),
            name: "Skills".into(),
        }],
        bands: vec![
            band("foundational", "Foundational", 0.0),
            band("developing", "Developing", 40.0),
            band("proficient", "Proficient", 65.0),
            band("strong", "Strong", 85.0),
        ],
        calibration_threshold: 10.0,
        min_evidence_items: 1,
        quality: QualityRules {
            max_same_position_run: 7,
            min_seconds_per_item: 3.0,
            max_fast_share: 0.4,
        },
        type_weights: TypeWeights::default(),
        forms: std::collections::BTreeMap::new(),
        level_cuts: vec![20.0, 40.0, 60.0, 80.0],
        verdicts: vec![
            verdict("ready", "Ready", "Every skill is at its target.", 90.0, Some(0)),
            verdict("nearly-ready", "Nearly ready", "Close: work on the skills below target.", 60.0, None),
            verdict("early", "Early", "Keep building the skills below target.", 0.0, None),
        ],
        change: ChangeRules::default(),
    }
}

/// Gives GIFT-only banks a header and GIFT-only skills a default name, group, target and
/// next steps (with a warning each). Returns the ids of the defaulted skills, which need
/// no self-rating.
fn gift_defaults(
    parsed: &mut [(String, BankFile)],
    gifts: &[(usize, gift::Parsed)],
    warnings: &mut Vec<Problem>,
) -> std::collections::HashSet<String> {
    let mut defaulted = std::collections::HashSet::new();
    let Some(&(first, _)) = gifts.first() else {
        return defaulted;
    };
    if !parsed.iter().any(|(_, f)| f.bank.is_some()) {
        let stem = Path::new(&parsed[first].0)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        parsed[first].1.bank = Some(gift_header(&stem));
    }
    let meta = parsed.iter().find_map(|(_, f)| f.bank.clone());
    let mut known: std::collections::HashSet<String> = parsed
        .iter()
        .flat_map(|(_, f)| f.skills.iter().map(|s| s.id.clone()))
        .collect();
    for (index, g) in gifts {
        for category in &g.categories {
            if !known.insert(category.skill.clone()) {
                continue;
            }
            let group = meta
                .as_ref()
                .and_then(|m| m.groups.first())
                .map_or_else(|| "skills".to_string(), |g| g.id.clone());
            let tracks = meta.as_ref().map_or(&[][..], |m| m.tracks.as_slice());
            let bands = meta.as_ref().map_or(&[][..], |m| m.bands.as_slice());
            let next_steps = bands
                .iter()
                .filter(|b| b.min < GIFT_DEFAULT_TARGET)
                .map(|b| {
                    (
                        b.id.clone(),
                        vec![
                            format!(
                                "Read the feedback of every {} question you missed.",
                                category.name
                            ),
                            format!("Study {} and take the quiz again.", category.name),
                        ],
                    )
                })
                .collect();
            let (file, bank_file) = &mut parsed[*index];
            bank_file.skills.push(Skill {
                id: category.skill.clone(),
                name: category.name.clone(),
                group: group.clone(),
                description: format!("Questions of the GIFT category `{}`.", category.name),
                weight: 1.0,
                targets: tracks
                    .iter()
                    .map(|t| (t.id.clone(), GIFT_DEFAULT_TARGET))
                    .collect(),
                next_steps,
                min_change: None,
            });
            warnings.push(Problem {
                file: file.clone(),
                place: Some(format!("line {}", category.line)),
                message: format!(
                    "skill `{}` is defined by no JSON file; it gets the name `{}`, group `{group}` and target {GIFT_DEFAULT_TARGET} in every track",
                    category.skill, category.name
                ),
            });
            defaulted.insert(category.skill.clone());
        }
    }
    defaulted
}

/// Adds the line to a validation problem about a GIFT question or category.
fn place_in_gift(
    problem: &mut Problem,
    parsed: &[(String, BankFile)],
    gifts: &[(usize, gift::Parsed)],
) {
    let Some((_, g)) = gifts.iter().find(|(i, _)| parsed[*i].0 == problem.file) else {
        return;
    };
    let Some(place) = problem.place.as_deref() else {
        return;
    };
    let id = |prefix: &str| {
        place
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('`'))
            .map(str::to_string)
    };
    let line = if let Some(q) = id("question `") {
        g.lines.get(&q).copied()
    } else if let Some(s) = id("skill `") {
        g.categories.iter().find(|c| c.skill == s).map(|c| c.line)
    } else {
        None
    };
    if let Some(line) = line {
        problem.place = Some(format!("line {line}, {place}"));
    }
}

fn read_raw(path: &Path, relative: String) -> Result<RawFile, BankError> {
    let io = |source| BankError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(BankError::Invalid {
            source_name: path.display().to_string(),
            problems: vec![Problem {
                file: path.display().to_string(),
                place: None,
                message: format!(
                    "file is {size} bytes, larger than the {MAX_FILE_BYTES} bytes a bank file may have"
                ),
            }],
        });
    }
    let bytes =
        crate::input::read_file(path, MAX_FILE_BYTES, "a bank file").map_err(|e| match e {
            crate::input::InputError::Io(e) => io(e),
            other => BankError::Invalid {
                source_name: path.display().to_string(),
                problems: vec![Problem {
                    file: path.display().to_string(),
                    place: None,
                    message: other.to_string(),
                }],
            },
        })?;
    Ok(RawFile {
        relative,
        display: path.display().to_string(),
        bytes: Cow::Owned(bytes),
    })
}

/// Parses one bank file after checking what serde lets through silently: a key given
/// twice in one object, and text with control characters. A byte order mark is dropped.
fn checked_parse(display: &str, bytes: &[u8]) -> Result<BankFile, Problem> {
    let bytes = crate::input::strip_bom(bytes);
    if std::str::from_utf8(bytes).is_ok() && not_an_object(display, bytes).is_none() {
        if let Err(e) = crate::input::check_json(bytes) {
            if !e.is_syntax() && !e.is_eof() {
                return Err(json_problem(display, &e));
            }
        }
    }
    parse_file(display, bytes)
}

/// Parses one bank file, reporting syntax and type errors with line and column.
fn parse_file(display: &str, bytes: &[u8]) -> Result<BankFile, Problem> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let (line, column) = line_col(bytes, e.valid_up_to());
        return Err(Problem {
            file: display.to_string(),
            place: Some(format!("line {line}, column {column}")),
            message: "not valid UTF-8 text".to_string(),
        });
    }
    if let Some(problem) = not_an_object(display, bytes) {
        return Err(problem);
    }
    serde_json::from_slice(bytes).map_err(|e| json_problem(display, &e))
}

/// serde accepts a JSON array for a struct (fields by position); our files are always
/// objects, so say so plainly instead of reporting a missing field.
pub(crate) fn not_an_object(display: &str, bytes: &[u8]) -> Option<Problem> {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    (bytes[first] == b'[').then(|| {
        let (line, column) = line_col(bytes, first);
        Problem {
            file: display.to_string(),
            place: Some(format!("line {line}, column {column}")),
            message: "invalid type: sequence; the file must hold a JSON object ({ ... })".into(),
        }
    })
}

/// Turns a `serde_json` error into a problem with `line L, column C` as the place.
pub fn json_problem(display: &str, e: &serde_json::Error) -> Problem {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the place carries that already.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.clone(), |(m, _)| m.to_string());
    Problem {
        file: display.to_string(),
        place: (e.line() > 0).then(|| format!("line {}, column {}", e.line(), e.column())),
        message,
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, offset - start + 1)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_bank_has_no_duplicate_keys_or_control_characters() {
        for (name, text) in embedded::FILES {
            if let Err(e) = crate::input::check_json(text.as_bytes()) {
                panic!("questions/{name}: {e}");
            }
        }
    }

    #[test]
    fn embedded_bank_is_valid() {
        let bank = Bank::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bank.skills.len(), 9);
        assert!(bank.questions.len() >= 45);
    }

    #[test]
    fn embedded_bank_matches_the_questions_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
        let loaded = Bank::load(&folder).unwrap_or_else(|e| panic!("{e}"));
        let embedded = Bank::embedded().unwrap();
        assert_eq!(
            loaded.sha256, embedded.sha256,
            "a file in questions/ is missing from src/bank/embedded.rs"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let problem = parse_file("b.json", b"{\n  \"skills\": [,]\n}").unwrap_err();
        assert_eq!(problem.file, "b.json");
        assert_eq!(problem.place.as_deref(), Some("line 2, column 14"));
    }

    #[test]
    fn non_utf8_is_located() {
        let problem = parse_file("b.json", b"{\n \"a\xff\": 1}").unwrap_err();
        assert_eq!(problem.place.as_deref(), Some("line 2, column 4"));
        assert!(problem.message.contains("UTF-8"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for deep in [
            "[".repeat(100_000),
            format!("{{\"bank\": {}", "{\"a\":".repeat(100_000)),
        ] {
            let problem = parse_file("deep.json", deep.as_bytes()).unwrap_err();
            assert_eq!(problem.file, "deep.json");
            assert!(problem.place.is_some(), "{problem}");
        }
    }
}
