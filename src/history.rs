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

/// What can be read from a saved report: the whole [`Report`], or its [`Summary`].
pub trait Readable: DeserializeOwned {
    /// The name of the tool that wrote it and its schema version.
    fn identity(&self) -> (&str, u32);
}

impl Readable for Report {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
}

impl Readable for Summary {
    fn identity(&self) -> (&str, u32) {
        (&self.tool.name, self.schema_version)
    }
}

/// Reads and checks one saved report.
pub fn read(path: &Path) -> Result<Report, ReportError> {
    read_as(path)
}

/// Reads and checks one saved report, as a whole report or a summary.
pub fn read_as<T: Readable>(path: &Path) -> Result<T, ReportError> {
    let bytes = std::fs::read(path).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &bytes)
}

/// Checks and parses the bytes of a report named `path`.
pub fn parse<T: Readable>(path: &Path, bytes: &[u8]) -> Result<T, ReportError> {
    // Fast path: a good report parses straight into the typed model. Only a file that
    // fails is parsed again, loosely, to say exactly what is wrong with it.
    if let Ok(report) = serde_json::from_slice::<T>(bytes) {
        if report.identity() == (env!("CARGO_PKG_NAME"), SCHEMA_VERSION) {
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
    serde_json::from_slice(bytes).map_err(|e| ReportError::Damaged {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// The JSON reports in a candidate's folder, oldest file name first (names are UTC
/// times, so name order is time order). The in-progress file is not a report.
pub fn report_files(candidate_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(candidate_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != crate::resume::FILE_NAME)
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
    let as_path = Path::new(report_or_name);
    if as_path.is_file() {
        return Ok(as_path.to_path_buf());
    }
    let folder = store::candidate_dir(dir, report_or_name);
    let files = report_files(&folder).unwrap_or_default();
    files.last().cloned().ok_or_else(|| LookupError {
        what: report_or_name.to_string(),
        dir: dir.to_path_buf(),
    })
}

/// Neither a report file nor a candidate with reports.
#[derive(Debug, thiserror::Error)]
#[error("`{what}` is neither a report file nor a candidate with reports under {}", .dir.display())]
pub struct LookupError {
    /// What was asked for.
    pub what: String,
    /// Where candidates were looked for.
    pub dir: PathBuf,
}

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

/// Loads the summary of every readable report of a candidate folder, oldest first.
/// Unreadable files are returned apart, so callers can warn about each and carry on.
pub fn load_all(candidate_dir: &Path) -> std::io::Result<(Vec<Saved>, Vec<ReportError>)> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for path in report_files(candidate_dir)? {
        match read_as::<Summary>(&path) {
            Ok(report) => good.push((path, report)),
            Err(e) => bad.push(e),
        }
    }
    good.sort_by(|a, b| {
        a.1.finished_at
            .cmp(&b.1.finished_at)
            .then_with(|| a.0.cmp(&b.0))
    });
    Ok((good, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &str) -> String {
        parse::<Report>(Path::new("r.json"), bytes.as_bytes())
            .unwrap_err()
            .to_string()
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
