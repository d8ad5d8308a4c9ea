//! Saved reports: reading one safely (refusing truncated, foreign or newer files with a
//! clear reason), and finding a candidate's reports and the candidates in a folder.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::report::{Report, Summary, SCHEMA_VERSION};
use crate::store;

/// Why a saved report cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be read.
    #[error("cannot read report {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not JSON, or cut short.
    #[error("report {path} is not valid JSON ({reason}); it may be truncated or damaged")]
    NotJson {
        /// The file.
        path: PathBuf,
        /// Parser message with line and column.
        reason: String,
    },
    /// JSON, but not a tpm-ready report.
    #[error("{path} is not a tpm-ready report ({reason})")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// Written by a newer version with a shape this one does not know.
    #[error("report {path} was written by a newer tpm-ready (schema_version {found}; this version reads {SCHEMA_VERSION}); update tpm-ready to read it")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u64,
    },
    /// Claims to be ours but a field is missing or of the wrong type.
    #[error("report {path} is damaged: {reason}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// Parser message.
        reason: String,
    },
}

/// Readiness score, verdict id, each skill's id and score, and the bank id.
pub type Figures<'a> = (f64, &'a str, Vec<(&'a str, Option<f64>)>, &'a str);

/// What can be read from a saved report: the whole [`Report`], or its [`Summary`].
pub trait Readable: DeserializeOwned {
    /// The name of the tool that wrote it and its schema version.
    fn identity(&self) -> (&str, u32);
    /// Readiness score, verdict id and each skill's id and score, to range-check;
    /// `None` for views that do not read them (the item rows of `stats` and `export`).
    fn figures(&self) -> Option<Figures<'_>> {
        None
    }
}

fn figures_of<'a>(
    readiness: &'a crate::scoring::Readiness,
    skills: &'a [crate::scoring::SkillResult],
    bank: &'a str,
) -> Figures<'a> {
    (
        readiness.score,
        &readiness.verdict,
        skills.iter().map(|s| (s.id.as_str(), s.score)).collect(),
        bank,
    )
}

impl Readable for Report {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
    fn figures(&self) -> Option<Figures<'_>> {
        Some(figures_of(&self.readiness, &self.skills, &self.bank.id))
    }
}

impl Readable for Summary {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
    fn figures(&self) -> Option<Figures<'_>> {
        Some(figures_of(&self.readiness, &self.skills, &self.bank.id))
    }
}

/// Reads and checks one saved report.
pub fn read(path: &Path) -> Result<Report, ReportError> {
    read_as(path)
}

/// Reads and checks one saved report, as a whole report or a summary.
pub fn read_as<T: Readable>(path: &Path) -> Result<T, ReportError> {
    let bytes =
        crate::input::read_file(path, crate::input::MAX_REPORT_BYTES, "a report").map_err(|e| {
            ReportError::Io {
                path: path.to_path_buf(),
                source: match e {
                    crate::input::InputError::Io(e) => e,
                    other => std::io::Error::other(other.to_string()),
                },
            }
        })?;
    parse(path, &bytes)
}

/// Whether the bytes may hold a control character in a string: an escape other than
/// `\n`, `\"`, `\\` or `\/`, a raw DEL, a C1 character or a bidirectional control. Our
/// own reports have none, so they skip the slower cleaning path.
fn suspicious(bytes: &[u8]) -> bool {
    // memchr's vectorised search: a 200 KB report is scanned in microseconds.
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    memchr::memchr(0x7F, bytes).is_some()
        || memchr::memchr3_iter(b'\\', 0xC2, 0xE2, bytes).any(|i| match bytes[i] {
            b'\\' => {
                // An escape starts here unless an odd run of backslashes precedes it (then
                // this one is the second of an escaped pair).
                let before = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
                before % 2 == 0 && !matches!(at(i + 1), b'n' | b'"' | b'\\' | b'/')
            }
            0xC2 => (0x80..=0x9F).contains(&at(i + 1)),
            _ => {
                (at(i + 1) == 0x80 && (0xAA..=0xAE).contains(&at(i + 2)))
                    || (at(i + 1) == 0x81 && (0xA6..=0xA9).contains(&at(i + 2)))
            }
        })
}

/// Scores and verdicts as a report states them, checked: a tampered or damaged report is
/// refused rather than shown or counted.
fn check_ranges<T: Readable>(path: &Path, report: &T) -> Result<(), ReportError> {
    let damaged = |reason: String| ReportError::Damaged {
        path: path.to_path_buf(),
        reason,
    };
    let Some((score, verdict, skills, bank)) = report.figures() else {
        return Ok(());
    };
    let in_range = |x: f64| x.is_finite() && (0.0..=100.0).contains(&x);
    if !in_range(score) {
        return Err(damaged(format!("readiness score {score} is outside 0-100")));
    }
    if !known_verdict(bank, verdict) {
        return Err(damaged(format!(
            "unknown verdict `{}`",
            crate::clean::line(verdict)
        )));
    }
    for (id, value) in skills {
        if let Some(x) = value.filter(|&x| !in_range(x)) {
            return Err(damaged(format!(
                "skill `{}` has score {x}, outside 0-100",
                crate::clean::line(id)
            )));
        }
    }
    Ok(())
}

/// Whether `verdict` can be a verdict of bank `bank`: one of the built-in bank's verdicts
/// for a report of that bank; an id (letters, digits, `-`, `_`, at most 64) for another.
fn known_verdict(bank: &str, verdict: &str) -> bool {
    let (builtin, verdicts) = crate::bank::embedded_verdicts();
    if bank == builtin && !verdicts.is_empty() {
        return verdicts.iter().any(|v| v == verdict);
    }
    !verdict.is_empty()
        && verdict.len() <= 64
        && verdict
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Checks and parses the bytes of a report named `path`.
pub fn parse<T: Readable>(path: &Path, bytes: &[u8]) -> Result<T, ReportError> {
    let bytes = crate::input::strip_bom(bytes);
    // A report that may carry control characters (hand-edited or hostile) is cleaned
    // through a JSON value first, so no renderer ever sees one.
    if suspicious(bytes) {
        if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) {
            crate::clean::json_strings(&mut value);
            if let Ok(cleaned) = serde_json::to_vec(&value) {
                return parse_clean(path, &cleaned);
            }
        }
    }
    parse_clean(path, bytes)
}

fn parse_clean<T: Readable>(path: &Path, bytes: &[u8]) -> Result<T, ReportError> {
    // Fast path: a good report parses straight into the typed model. Only a file that
    // fails is parsed again, loosely, to say exactly what is wrong with it.
    if let Ok(report) = serde_json::from_slice::<T>(bytes) {
        let (tool, version) = report.identity();
        if tool == env!("CARGO_PKG_NAME") && (1..=SCHEMA_VERSION).contains(&version) {
            check_ranges(path, &report)?;
            return Ok(report);
        }
    }
    diagnose(path, bytes)
}

/// The slow path of [`parse`]: finds out why a file is not a report we can read.
fn diagnose<T: Readable>(path: &Path, bytes: &[u8]) -> Result<T, ReportError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ReportError::NotJson {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let foreign = |reason: &str| ReportError::Foreign {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let object = value
        .as_object()
        .ok_or_else(|| foreign("it is not a JSON object"))?;
    let tool = object
        .get("tool")
        .and_then(|t| t.get("name"))
        .and_then(|n| n.as_str());
    if tool != Some(env!("CARGO_PKG_NAME")) {
        return Err(foreign(&match tool {
            Some(name) => format!("written by `{name}`"),
            None => "it has no `tool.name`".to_string(),
        }));
    }
    let version = object
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| foreign("it has no numeric `schema_version`"))?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(ReportError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if version < 1 {
        return Err(ReportError::Damaged {
            path: path.to_path_buf(),
            reason: format!("schema_version {version} never existed"),
        });
    }
    // Parsed again from the bytes (not the value) so the reason says where: line and column.
    let report: T = serde_json::from_slice(bytes).map_err(|e| ReportError::Damaged {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    check_ranges(path, &report)?;
    Ok(report)
}

/// The JSON reports in a candidate's folder, oldest file name first (names are UTC
/// times, so name order is time order). The in-progress file is not a report.
pub fn report_files(candidate_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(candidate_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name()
                    .is_some_and(|n| n != crate::store::IN_PROGRESS_FILE)
                && p.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Candidate folders under `dir` (folders that hold at least one report), sorted.
pub fn candidate_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && report_files(p).is_ok_and(|f| !f.is_empty()))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// A report path, or a candidate name resolved to that candidate's latest report in `dir`.
pub fn resolve(report_or_name: &str, dir: &Path) -> Result<PathBuf, LookupError> {
    resolve_for(report_or_name, dir, "--dir")
}

/// [`resolve`] for a command whose folder of reports is set by `flag` (`--out` for
/// `quiz --focus`), so a not-found message names the flag to use.
pub fn resolve_for(
    report_or_name: &str,
    dir: &Path,
    flag: &'static str,
) -> Result<PathBuf, LookupError> {
    let as_path = Path::new(report_or_name);
    if as_path.is_file() {
        return Ok(as_path.to_path_buf());
    }
    let folder = store::candidate_dir(dir, report_or_name);
    let files = report_files(&folder).unwrap_or_default();
    files.last().cloned().ok_or_else(|| {
        // The folder names are what a name resolves to, so each of them works as NAME.
        let candidates: Vec<String> = candidate_dirs(dir)
            .unwrap_or_default()
            .iter()
            .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let wanted = store::slug(report_or_name);
        let suggestion =
            crate::suggest::did_you_mean(&wanted, candidates.iter().map(String::as_str))
                .map(str::to_string);
        LookupError {
            what: report_or_name.to_string(),
            dir: dir.to_path_buf(),
            dir_exists: dir.is_dir(),
            flag,
            candidates,
            suggestion,
        }
    })
}

/// Neither a report file nor a candidate with reports. The message names the folder
/// searched and the flag that changes it, and lists the candidates that are there.
#[derive(Debug)]
pub struct LookupError {
    /// What was asked for.
    pub what: String,
    /// Where candidates were looked for.
    pub dir: PathBuf,
    /// Whether that folder exists.
    pub dir_exists: bool,
    /// The flag that sets the folder (`--dir`, or `--out` for `quiz --focus`).
    pub flag: &'static str,
    /// Candidate folders with reports under `dir`, sorted.
    pub candidates: Vec<String>,
    /// The candidate closest to `what`, when it looks like a typo.
    pub suggestion: Option<String>,
}

/// At most this many candidates are listed in a not-found message.
const LISTED_CANDIDATES: usize = 12;

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dir = self.dir.display();
        write!(
            f,
            "`{}` is neither a report file nor a candidate with reports under {dir}",
            self.what
        )?;
        if let Some(name) = &self.suggestion {
            write!(f, "; did you mean `{name}`?")?;
        }
        if !self.dir_exists {
            write!(f, "\nhint: the folder {dir} does not exist")?;
        } else if self.candidates.is_empty() {
            write!(f, "\nhint: {dir} holds no candidates with reports")?;
        } else {
            let shown = &self.candidates[..self.candidates.len().min(LISTED_CANDIDATES)];
            let more = self.candidates.len() - shown.len();
            write!(
                f,
                "\nhint: candidates under {dir}: {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )?;
        }
        write!(
            f,
            "\nhint: pass a report file, or {} FOLDER to look for the name in another folder",
            self.flag
        )
    }
}

impl std::error::Error for LookupError {}

/// A report summary with the file it was read from.
pub type Saved = (PathBuf, Summary);

/// The newest readable report of a candidate folder (file names are UTC times), and the
/// problems of newer files that could not be read.
pub fn latest(candidate_dir: &Path) -> std::io::Result<(Option<Saved>, Vec<ReportError>)> {
    let mut bad = Vec::new();
    for path in report_files(candidate_dir)?.into_iter().rev() {
        match read_as::<Summary>(&path) {
            Ok(summary) => return Ok((Some((path, summary)), bad)),
            Err(e) => bad.push(e),
        }
    }
    Ok((None, bad))
}

/// Loads the summary of every readable report of a candidate folder, oldest first,
/// compacted ([`Summary::compact`]). Unreadable files are returned apart, so callers can
/// warn about each and carry on.
pub fn load_all(candidate_dir: &Path) -> std::io::Result<(Vec<Saved>, Vec<ReportError>)> {
    load_each(candidate_dir, |path, mut report| {
        report.compact();
        (path.to_path_buf(), report)
    })
}

/// Reads every readable report of a candidate folder and turns each into a `T` at once,
/// so only the `T`s are held (what `progress` needs of 10,000 reports fits in a few MB);
/// oldest first (by finish time, then file name). Unreadable files are returned apart.
pub fn load_each<T>(
    candidate_dir: &Path,
    mut keep: impl FnMut(&Path, Summary) -> T,
) -> std::io::Result<(Vec<T>, Vec<ReportError>)> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for path in report_files(candidate_dir)? {
        match read_as::<Summary>(&path) {
            Ok(report) => {
                let finished = report.finished_at;
                good.push((finished, path.clone(), keep(&path, report)));
            }
            Err(e) => bad.push(e),
        }
    }
    good.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    Ok((good.into_iter().map(|(_, _, t)| t).collect(), bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &str) -> String {
        parse::<Report>(Path::new("r.json"), bytes.as_bytes())
            .unwrap_err()
            .to_string()
    }

    const GRACE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reports/grace-hopper"
    );

    fn grace(name: &str) -> Vec<u8> {
        std::fs::read(Path::new(GRACE).join(name)).unwrap()
    }

    #[test]
    fn our_reports_take_the_fast_path() {
        let bytes = grace("2026-01-10T09-00-00Z.json");
        let report: Report = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(report.identity(), ("tpm-ready", 1));
        let summary: Summary = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(summary.identity(), ("tpm-ready", 1));
        let read: Summary = parse(Path::new("r.json"), &bytes).unwrap();
        assert_eq!(read, summary);
    }

    #[test]
    fn candidates_are_folders_with_at_least_one_report() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, bytes) in [
            (
                "ada/2026-01-10T09-00-00Z.json",
                grace("2026-01-10T09-00-00Z.json"),
            ),
            ("ada/2026-01-10T09-00-00Z.md", b"# md".to_vec()),
            ("ada/in-progress.json", b"{}".to_vec()),
            (
                "ada/2026-04-10T09-00-00Z.json",
                grace("2026-04-10T09-00-00Z.json"),
            ),
            ("only-unfinished/in-progress.json", b"{}".to_vec()),
            ("loose.json", b"{}".to_vec()),
        ] {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::create_dir(root.join("empty")).unwrap();
        std::fs::create_dir(root.join("ada/sub.json")).unwrap();
        assert_eq!(candidate_dirs(root).unwrap(), [root.join("ada")]);
        let ada = root.join("ada");
        assert_eq!(
            report_files(&ada).unwrap(),
            [
                ada.join("2026-01-10T09-00-00Z.json"),
                ada.join("2026-04-10T09-00-00Z.json")
            ],
            "JSON files only, oldest first, never the in-progress file or a folder"
        );
        // A name resolves to the latest report; a path to itself; anything else fails.
        assert_eq!(
            resolve("Ada", root).unwrap(),
            ada.join("2026-04-10T09-00-00Z.json")
        );
        let first = ada.join("2026-01-10T09-00-00Z.json");
        assert_eq!(resolve(first.to_str().unwrap(), root).unwrap(), first);
        let err = resolve("Only Unfinished", root).unwrap_err().to_string();
        assert!(
            err.contains("`Only Unfinished` is neither a report file nor a candidate"),
            "{err}"
        );
        // The folder searched, the candidates in it, and the flag to search elsewhere.
        assert!(
            err.contains(&format!("candidates under {}: ada\n", root.display())),
            "{err}"
        );
        assert!(
            err.ends_with("or --dir FOLDER to look for the name in another folder"),
            "{err}"
        );
        let err = resolve("Adda", root).unwrap_err().to_string();
        assert!(err.contains("; did you mean `ada`?"), "{err}");
        let err = resolve_for("Ada", &root.join("nowhere"), "--out")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the folder") && err.contains("nowhere does not exist"),
            "{err}"
        );
        assert!(err.contains("or --out FOLDER"), "{err}");
        let err = resolve("Ada", &root.join("empty")).unwrap_err().to_string();
        assert!(
            err.contains("empty holds no candidates with reports"),
            "{err}"
        );
    }

    #[test]
    fn the_latest_readable_report_wins_and_the_bad_newer_ones_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let ada = dir.path();
        std::fs::write(
            ada.join("2026-01-10T09-00-00Z.json"),
            grace("2026-01-10T09-00-00Z.json"),
        )
        .unwrap();
        std::fs::write(
            ada.join("2026-04-10T09-00-00Z.json"),
            grace("2026-04-10T09-00-00Z.json"),
        )
        .unwrap();
        std::fs::write(ada.join("2026-09-01T00-00-00Z.json"), "{ broken").unwrap();
        let (newest, bad) = latest(ada).unwrap();
        assert_eq!(newest.unwrap().0, ada.join("2026-04-10T09-00-00Z.json"));
        assert_eq!(bad.len(), 1);
        assert!(bad[0].to_string().contains("2026-09-01T00-00-00Z.json"));
        let (all, bad) = load_all(ada).unwrap();
        let names: Vec<PathBuf> = all.into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            names,
            [
                ada.join("2026-01-10T09-00-00Z.json"),
                ada.join("2026-04-10T09-00-00Z.json")
            ]
        );
        assert_eq!(bad.len(), 1);
        assert!(
            latest(&ada.join("nothing")).is_err(),
            "a missing folder is an error"
        );
    }

    #[test]
    fn loaded_summaries_keep_the_figures_and_drop_the_long_texts() {
        let name = "2026-04-10T09-00-00Z.json";
        let full: Summary = parse(Path::new(name), &grace(name)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), grace(name)).unwrap();
        let (all, bad) = load_all(dir.path()).unwrap();
        assert!(bad.is_empty());
        let kept = &all[0].1;
        // What progress and cohort show stays.
        assert_eq!(kept.readiness.score, full.readiness.score);
        assert_eq!(kept.readiness.verdict_name, full.readiness.verdict_name);
        let scores = |s: &Summary| s.skills.iter().map(|k| k.score).collect::<Vec<_>>();
        assert_eq!(scores(kept), scores(&full));
        // What they never show is dropped.
        assert!(!full.readiness.reason.is_empty() && !full.readiness.summary.is_empty());
        assert_eq!(
            (
                kept.readiness.reason.as_str(),
                kept.readiness.summary.as_str()
            ),
            ("", "")
        );
        assert!(full.skills.iter().any(|k| !k.calibration.note.is_empty()));
        assert!(kept.skills.iter().all(|k| k.calibration.note.is_empty()));
        assert!(full.rubric.iter().any(|c| !c.detail.is_empty()));
        assert!(kept
            .rubric
            .iter()
            .all(|c| c.detail.is_empty() && c.next_steps.is_empty()));
    }

    #[test]
    fn reports_load_in_time_order_whatever_their_names() {
        // A report copied in under an earlier name is still placed by its finish time.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.json"),
            grace("2026-07-10T09-00-00Z.json"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            grace("2026-01-10T09-00-00Z.json"),
        )
        .unwrap();
        let (all, _) = load_all(dir.path()).unwrap();
        let dates: Vec<String> = all
            .iter()
            .map(|(_, r)| r.finished_at.to_rfc3339())
            .collect();
        assert_eq!(
            dates,
            ["2026-01-10T09:00:00+00:00", "2026-07-10T09:00:00+00:00"]
        );
    }

    #[test]
    fn tampered_scores_and_verdicts_are_damaged_and_controls_cleaned() {
        let good: serde_json::Value =
            serde_json::from_slice(&grace("2026-04-10T09-00-00Z.json")).unwrap();
        let with = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            change(&mut v);
            parse::<Summary>(Path::new("r.json"), v.to_string().as_bytes())
        };
        for score in [999.0, -1.0, 1e308] {
            let err = with(&|v| v["readiness"]["score"] = score.into()).unwrap_err();
            assert!(err.to_string().contains("outside 0-100"), "{err}");
        }
        let err = with(&|v| v["skills"][0]["score"] = 150.0.into()).unwrap_err();
        assert!(err.to_string().contains("outside 0-100"), "{err}");
        let err = with(&|v| v["readiness"]["verdict"] = "<b>x</b>".into()).unwrap_err();
        assert!(err.to_string().contains("unknown verdict"), "{err}");
        // A report of the built-in bank may carry only one of its four verdicts; another
        // bank's report may carry any id-shaped verdict.
        let claiming = |bank: &'static str, verdict: &'static str| {
            with(&move |v| {
                v["bank"]["id"] = bank.into();
                v["readiness"]["verdict"] = verdict.into();
            })
        };
        assert!(claiming("tpm", "nearly-ready").is_ok());
        let err = claiming("tpm", "almost").unwrap_err();
        assert!(
            err.to_string().contains("unknown verdict `almost`"),
            "{err}"
        );
        assert!(claiming("mini", "almost").is_ok());
        let read = with(&|v| v["candidate"] = "Eve\u{1b}[2J\u{9b}31m".into()).unwrap();
        assert_eq!(read.candidate, "Eve\u{FFFD}[2J\u{FFFD}31m");
        // A byte order mark is accepted.
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(grace("2026-04-10T09-00-00Z.json"));
        assert!(parse::<Summary>(Path::new("r.json"), &bytes).is_ok());
        // Escapes are told from escaped backslashes.
        assert!(!suspicious(br#""a\\u001b \n \" \\\\""#));
        assert!(suspicious(br#""a\\\u001b""#));
        assert!(suspicious(br#""\t""#));
        assert!(suspicious("\u{85}".as_bytes()));
        // Raw bidirectional controls, at both ends of both ranges (U+202A-202E and
        // U+2066-2069), after other text; their neighbours are harmless.
        for bidi in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert!(
                suspicious(format!("\"name {bidi}\"").as_bytes()),
                "{bidi:?}"
            );
        }
        for plain in ['\u{2029}', '\u{202F}', '\u{2065}', '\u{206A}', '\u{20AC}'] {
            assert!(
                !suspicious(format!("\"name {plain}\"").as_bytes()),
                "{plain:?}"
            );
        }
    }

    #[test]
    fn bad_reports_say_why() {
        assert!(err("{\"schema_version\": 1, \"to").contains("not valid JSON"));
        assert!(err("[1]").contains("not a JSON object"));
        assert!(err("{\"tool\": {\"name\": \"hyperfine\"}}").contains("written by `hyperfine`"));
        assert!(err("{\"name\": \"x\"}").contains("no `tool.name`"));
        assert!(
            err("{\"tool\": {\"name\": \"tpm-ready\"}, \"schema_version\": 7}")
                .contains("newer tpm-ready (schema_version 7")
        );
        assert!(
            err("{\"tool\": {\"name\": \"tpm-ready\"}, \"schema_version\": 1}")
                .contains("is damaged: missing field")
        );
        assert!(
            err("{\"tool\": {\"name\": \"tpm-ready\"}, \"schema_version\": 0}")
                .contains("never existed")
        );
    }
}
