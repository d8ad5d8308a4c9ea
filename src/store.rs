//! Where reports live and how files are written: safe folder names for candidates,
//! atomic writes (temp file in the same folder, fsync, rename) and reports that never
//! overwrite an existing file.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};

/// Longest slug, in characters; long names are cut, not rejected.
const MAX_SLUG_CHARS: usize = 64;

/// A storage failure, naming the path.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct StoreError {
    /// The path that could not be written.
    pub path: PathBuf,
    /// The cause.
    pub source: std::io::Error,
}

fn store_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError {
        path: path.to_path_buf(),
        source,
    }
}

/// A folder name for a candidate: letters and digits of any script kept (lower-cased),
/// everything else turned into single dashes. Never empty, never `.`/`..`, never a path.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
            if out.chars().count() >= MAX_SLUG_CHARS {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "candidate".to_string()
    } else {
        out
    }
}

/// The folder of a candidate's reports under `out`.
pub fn candidate_dir(out: &Path, candidate: &str) -> PathBuf {
    out.join(slug(candidate))
}

/// The file stem of a report finished at `at`: its UTC time, safe on every file system.
pub fn report_stem(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&Utc)
        .format("%Y-%m-%dT%H-%M-%SZ")
        .to_string()
}

/// Writes `bytes` to a temp file in `path`'s folder, flushes it to disk and renames it
/// over `path`, so readers see the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let temp = temp_with(path, bytes)?;
    temp.persist(path).map_err(|e| store_error(path)(e.error))?;
    Ok(())
}

/// Like [`write_atomic`] but fails with `AlreadyExists` instead of replacing a file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let temp = temp_with(path, bytes)?;
    temp.persist_noclobber(path)
        .map_err(|e| store_error(path)(e.error))?;
    Ok(())
}

fn temp_with(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".tpm-ready-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(store_error(path))?;
    temp.write_all(bytes).map_err(store_error(path))?;
    temp.as_file().sync_all().map_err(store_error(path))?;
    Ok(temp)
}

/// Creates `dir` and its parents, naming `dir` on failure.
pub fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(store_error(dir))
}

/// Writes one new report as several documents sharing a stem in `dir`. `render` gets the
/// stem (documents link to each other by name) and returns `(extension, text)` pairs.
/// The stem is `stem`, or `stem-2`, `stem-3`, ... when a run in the same second took it;
/// nothing that exists is ever replaced. Returns the written paths.
pub fn write_report(
    dir: &Path,
    stem: &str,
    render: impl Fn(&str) -> Vec<(&'static str, String)>,
) -> Result<Vec<PathBuf>, StoreError> {
    ensure_dir(dir)?;
    'stems: for n in 1u32.. {
        let stem = if n == 1 {
            stem.to_string()
        } else {
            format!("{stem}-{n}")
        };
        // Every report has a JSON document; a stem whose JSON exists is taken, so skip it
        // before rendering anything (runs in the same second would otherwise render and
        // write once per taken stem).
        if dir.join(format!("{stem}.json")).exists() {
            continue;
        }
        let documents = render(&stem);
        let mut written = Vec::with_capacity(documents.len());
        for (ext, text) in &documents {
            let path = dir.join(format!("{stem}.{ext}"));
            match write_new(&path, text.as_bytes()) {
                Ok(()) => written.push(path),
                Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => {
                    // Another run owns this stem: undo our part of it and take the next.
                    for path in written {
                        let _ = std::fs::remove_file(path);
                    }
                    continue 'stems;
                }
                Err(e) => return Err(e),
            }
        }
        return Ok(written);
    }
    unreachable!("u32 stems run out only after four billion runs in one second")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(slug("Ada Lovelace"), "ada-lovelace");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".hidden"), "hidden");
        assert_eq!(slug("a/b\\c"), "a-b-c");
        assert_eq!(slug("bell\u{7}name\n"), "bell-name");
        assert_eq!(slug("?!..."), "candidate");
        assert_eq!(slug(""), "candidate");
        assert_eq!(slug("Zoë Ñúñez"), "zoë-ñúñez");
        assert_eq!(slug("李小龙"), "李小龙");
        assert_eq!(slug("Иван Петров"), "иван-петров");
        assert_eq!(slug(&"x".repeat(500)).chars().count(), MAX_SLUG_CHARS);
    }

    #[test]
    fn stems_are_utc_and_file_system_safe() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T07:08:09+02:00").unwrap();
        assert_eq!(report_stem(at), "2026-11-28T05-08-09Z");
    }

    #[test]
    fn reports_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let docs = |_: &str| vec![("json", "{}".to_string()), ("md", "# r".to_string())];
        let first = write_report(dir.path(), "s", docs).unwrap();
        let second = write_report(dir.path(), "s", docs).unwrap();
        assert_eq!(first[0].file_name().unwrap(), "s.json");
        assert_eq!(second[0].file_name().unwrap(), "s-2.json");
        assert_eq!(second[1].file_name().unwrap(), "s-2.md");
    }

    #[test]
    fn a_half_taken_stem_is_skipped_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.md"), "someone else's").unwrap();
        let docs = |_: &str| vec![("json", "{}".to_string()), ("md", "# r".to_string())];
        let written = write_report(dir.path(), "s", docs).unwrap();
        assert_eq!(written[0].file_name().unwrap(), "s-2.json");
        assert!(!dir.path().join("s.json").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("s.md")).unwrap(),
            "someone else's"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp files left behind");
    }
}
