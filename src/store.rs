//! Where reports live and how files are written: safe folder names for candidates,
//! atomic writes (temp file in the same folder, fsync, rename) that keep the umask or the
//! replaced file's mode, advisory locks for read-modify-write, and reports that never
//! overwrite an existing file.

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset, Utc};
use fs4::{FileExt, TryLockError};
use unicode_normalization::UnicodeNormalization;

/// Longest slug, in characters; long names are cut, not rejected.
const MAX_SLUG_CHARS: usize = 64;
/// Longest slug, in bytes: with a report stem and extension a file name stays far below
/// the 255-byte limit of common file systems, whatever the script.
pub const MAX_SLUG_BYTES: usize = 100;

/// File name of an unfinished run in a candidate's folder (never read as a report).
pub const IN_PROGRESS_FILE: &str = "in-progress.json";
/// Temp files of crashed writers older than this are removed by the next writer.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

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
/// The name is NFC-normalised first, so a name typed in composed or decomposed form
/// gives one folder; the slug has at most 64 characters and 100 bytes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    let mut chars = 0;
    for c in name.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            let extra = usize::from(dash && !out.is_empty());
            if out.len() + extra + c.len_utf8() > MAX_SLUG_BYTES {
                break;
            }
            if extra == 1 {
                out.push('-');
            }
            dash = false;
            out.push(c);
            chars += 1;
            if chars >= MAX_SLUG_CHARS {
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

/// Creates a candidate's folder (and `--out`) unless it exists; refuses a folder that is
/// a symbolic link, so nothing is written outside `--out` through one.
pub fn ensure_candidate_dir(dir: &Path) -> Result<(), StoreError> {
    refuse_symlink(dir)?;
    ensure_dir(dir)
}

/// Fails when `dir` is a symbolic link.
pub fn refuse_symlink(dir: &Path) -> Result<(), StoreError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(StoreError {
            path: dir.to_path_buf(),
            source: std::io::Error::other(
                "the candidate folder is a symbolic link; refusing to follow it outside --out",
            ),
        }),
        _ => Ok(()),
    }
}

/// An exclusive advisory lock on a file, held until dropped. It is taken on a hidden
/// sibling (`.NAME.lock`), not the file itself, because atomic writes replace the file.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// The sibling lock file of `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(path).join(format!(".{name}.lock"))
}

fn open_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    let lock = lock_path(path);
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock)
        .map_err(|source| StoreError {
            path: path.to_path_buf(),
            source: std::io::Error::new(source.kind(), format!("cannot lock it: {source}")),
        })
}

/// Waits for and takes the exclusive lock of `path` (a read-modify-write of it).
pub fn lock(path: &Path) -> Result<Lock, StoreError> {
    let file = open_lock(path)?;
    // Called through the trait: std's own `File::lock` needs Rust 1.89, above our MSRV.
    FileExt::lock(&file).map_err(store_error(path))?;
    Ok(Lock { _file: file })
}

/// Takes the exclusive lock of `path` if no one holds it; `Ok(None)` when another
/// process does.
pub fn try_lock(path: &Path) -> Result<Option<Lock>, StoreError> {
    let file = open_lock(path)?;
    match FileExt::try_lock(&file) {
        Ok(()) => Ok(Some(Lock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(StoreError {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

/// Removes temp files (`.tpm-ready-*.tmp`) older than an hour that crashed writers left
/// in `dir`; once per folder and process, so repeated writes cost one scan.
fn remove_stale_temps(dir: &Path) {
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut done = DONE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !done
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".tpm-ready-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The file stem of a report finished at `at`: its UTC time, safe on every file system.
pub fn report_stem(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&Utc)
        .format("%Y-%m-%dT%H-%M-%SZ")
        .to_string()
}

/// Writes `bytes` to a temp file in `path`'s folder, flushes it to disk, renames it over
/// `path` and flushes the folder, so readers see the old file or the new one, never half
/// of one, and the new name survives a crash.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    with_steps(|steps| write_with(steps, path, bytes, Rename::Replace))
}

/// Like [`write_atomic`] but fails with `AlreadyExists` instead of replacing a file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    with_steps(|steps| write_with(steps, path, bytes, Rename::NoClobber))
}

/// Whether the final rename may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rename {
    Replace,
    NoClobber,
}

/// The file-system steps of a safe write, one method each, so that tests can record
/// their order and make any one of them fail.
trait Steps {
    /// Writes the whole document into the temp file.
    fn write(&mut self, temp: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()>;
    /// Flushes the temp file's data to disk (fsync).
    fn sync_file(&mut self, temp: &std::fs::File) -> std::io::Result<()>;
    /// Gives the temp file its final name (rename).
    fn rename(
        &mut self,
        temp: tempfile::NamedTempFile,
        path: &Path,
        how: Rename,
    ) -> std::io::Result<()>;
    /// Flushes the folder, so the rename itself is on disk (fsync of the directory).
    fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()>;
}

/// The real file system.
struct Disk;

impl Steps for Disk {
    fn write(&mut self, temp: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
        temp.write_all(bytes)
    }

    fn sync_file(&mut self, temp: &std::fs::File) -> std::io::Result<()> {
        temp.sync_all()
    }

    fn rename(
        &mut self,
        temp: tempfile::NamedTempFile,
        path: &Path,
        how: Rename,
    ) -> std::io::Result<()> {
        match how {
            Rename::Replace => temp.persist(path),
            Rename::NoClobber => temp.persist_noclobber(path),
        }
        .map(drop)
        .map_err(|e| e.error)
    }

    fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::File::open(dir)?.sync_all()
    }
}

/// The folder a file lives in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Temp file in the target's folder, write, fsync, rename, fsync the folder. If any
/// step fails, the temp file is removed (dropped) and the target is untouched.
fn write_with(
    steps: &mut dyn Steps,
    path: &Path,
    bytes: &[u8],
    how: Rename,
) -> Result<(), StoreError> {
    let dir = folder_of(path);
    remove_stale_temps(dir);
    // A new file gets 0666 less the umask (the kernel applies it at creation); a replaced
    // file keeps its mode.
    let existing = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.permissions().mode() & 0o7777);
    let mut temp = tempfile::Builder::new()
        .prefix(".tpm-ready-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(store_error(path))?;
    if let Some(mode) = existing.filter(|_| how == Rename::Replace) {
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(store_error(path))?;
    }
    steps
        .write(temp.as_file_mut(), bytes)
        .map_err(store_error(path))?;
    steps.sync_file(temp.as_file()).map_err(store_error(path))?;
    steps.rename(temp, path, how).map_err(store_error(path))?;
    steps.sync_dir(dir).map_err(store_error(path))
}

/// Runs `f` with the real file system.
#[cfg(not(test))]
fn with_steps<T>(f: impl FnOnce(&mut dyn Steps) -> T) -> T {
    f(&mut Disk)
}

#[cfg(test)]
thread_local! {
    /// Steps a unit test installed for this thread (see `tests::Recorder`).
    static TEST_STEPS: std::cell::RefCell<Option<Box<dyn Steps>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with the steps a test installed on this thread, or the real file system.
#[cfg(test)]
fn with_steps<T>(f: impl FnOnce(&mut dyn Steps) -> T) -> T {
    match TEST_STEPS.with(|s| s.borrow_mut().take()) {
        Some(mut steps) => {
            let result = f(steps.as_mut());
            TEST_STEPS.with(|s| *s.borrow_mut() = Some(steps));
            result
        }
        None => f(&mut Disk),
    }
}

/// Creates `dir` and its parents, naming `dir` on failure.
pub fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(store_error(dir))
}

/// Writes one new report as several documents sharing a stem in `dir`. `render` gets the
/// stem (documents link to each other by name) and returns `(extension, text)` pairs.
/// The stem is `stem`, or `stem-2`, `stem-3`, ... when a run in the same second took it;
/// nothing that exists is ever replaced. Returns the written paths, in `render`'s order.
///
/// All or nothing: the JSON document (the source of truth, and what readers list) is
/// written last, so a report whose JSON exists is whole; on a failure every document
/// already written is removed again.
pub fn write_report(
    dir: &Path,
    stem: &str,
    render: impl Fn(&str) -> Vec<(&'static str, String)>,
) -> Result<Vec<PathBuf>, StoreError> {
    ensure_candidate_dir(dir)?;
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
        let mut order: Vec<usize> = (0..documents.len()).collect();
        order.sort_by_key(|&i| documents[i].0 == "json");
        let mut written = Vec::with_capacity(documents.len());
        for i in order {
            let (ext, text) = &documents[i];
            let path = dir.join(format!("{stem}.{ext}"));
            match write_new(&path, text.as_bytes()) {
                Ok(()) => written.push((i, path)),
                Err(e) => {
                    // Undo our part of the stem: another run owns it (take the next), or
                    // the disk failed (report it, leaving nothing half-written).
                    for (_, path) in written {
                        let _ = std::fs::remove_file(path);
                    }
                    if e.source.kind() == std::io::ErrorKind::AlreadyExists {
                        continue 'stems;
                    }
                    return Err(e);
                }
            }
        }
        written.sort_by_key(|(i, _)| *i);
        return Ok(written.into_iter().map(|(_, p)| p).collect());
    }
    unreachable!("u32 stems run out only after four billion runs in one second")
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

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
        // Four-byte letters: cut at 100 bytes, on a character boundary.
        let wide = slug(&"𝒜".repeat(64));
        assert!(
            wide.len() <= MAX_SLUG_BYTES && wide.len() > 90,
            "{}",
            wide.len()
        );
        // Two-byte letters: 50 fill the 100 bytes exactly; the 51st is cut.
        assert_eq!(slug(&"é".repeat(50)), "é".repeat(50));
        assert_eq!(slug(&"é".repeat(51)), "é".repeat(50));
        // Composed and decomposed spellings of one name give one folder.
        assert_eq!(slug("Zoe\u{308}"), slug("Zo\u{eb}"));
    }

    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        write_atomic(&path, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The test process's umask decides; 0600 (tempfile's own mode) only if it is 077.
        let umask = {
            let probe = dir.path().join("probe");
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(true)
                .write(true)
                .open(&probe)
                .unwrap();
            0o666 & !mode(&probe)
        };
        assert_eq!(mode(&path), 0o666 & !umask);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o640, "a replaced file keeps its mode");
    }

    #[test]
    fn stale_temp_files_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tpm-ready-crashed.tmp");
        let fresh = dir.path().join(".tpm-ready-live.tmp");
        std::fs::write(&stale, "x").unwrap();
        std::fs::write(&fresh, "y").unwrap();
        let old = SystemTime::now() - Duration::from_secs(2 * 3600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        write_atomic(&dir.path().join("f.json"), b"{}").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn a_second_lock_waits_and_try_lock_says_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        let held = lock(&path).unwrap();
        assert!(try_lock(&path).unwrap().is_none());
        drop(held);
        assert!(try_lock(&path).unwrap().is_some());
        assert!(lock_path(&path).ends_with(".r.json.lock"));
    }

    #[test]
    fn a_symlinked_candidate_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let link = dir.path().join("out/ada");
        std::fs::create_dir(dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = write_report(&link, "s", |_: &str| vec![("json", "{}".to_string())]).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(names_in(&outside).is_empty());
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

    /// Records each step of a safe write (with the folder it touched) and fails the step
    /// named `fail`; the other steps go to the real disk.
    struct Recorder {
        log: Rc<RefCell<Vec<String>>>,
        fail: Option<&'static str>,
    }

    impl Recorder {
        fn step(&mut self, name: String) -> std::io::Result<()> {
            let failed = self
                .fail
                .is_some_and(|f| name.starts_with(f) || name.ends_with(f));
            self.log.borrow_mut().push(name);
            if failed {
                Err(std::io::Error::other("disk full (test)"))
            } else {
                Ok(())
            }
        }
    }

    impl Steps for Recorder {
        fn write(&mut self, temp: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
            if self.fail == Some("write") {
                // Half the document reaches the temp file, then the disk fills up.
                Disk.write(temp, &bytes[..bytes.len() / 2])?;
            }
            self.step("write".into())?;
            Disk.write(temp, bytes)
        }

        fn sync_file(&mut self, temp: &std::fs::File) -> std::io::Result<()> {
            self.step("sync_file".into())?;
            Disk.sync_file(temp)
        }

        fn rename(
            &mut self,
            temp: tempfile::NamedTempFile,
            path: &Path,
            how: Rename,
        ) -> std::io::Result<()> {
            let from = temp.path().parent().unwrap().to_path_buf();
            let name = temp.path().file_name().unwrap().to_string_lossy();
            assert!(
                name.starts_with(".tpm-ready-") && name.ends_with(".tmp"),
                "{name}"
            );
            self.step(format!(
                "rename {} -> {} ({how:?})",
                from.display(),
                path.display()
            ))?;
            Disk.rename(temp, path, how)
        }

        fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()> {
            self.step(format!("sync_dir {}", dir.display()))?;
            Disk.sync_dir(dir)
        }
    }

    /// Installs a recorder for this thread until dropped; `.0` is its log.
    struct Recording(Rc<RefCell<Vec<String>>>);

    impl Drop for Recording {
        fn drop(&mut self) {
            TEST_STEPS.with(|s| s.borrow_mut().take());
        }
    }

    fn record(fail: Option<&'static str>) -> Recording {
        let log = Rc::new(RefCell::new(Vec::new()));
        TEST_STEPS.with(|s| {
            *s.borrow_mut() = Some(Box::new(Recorder {
                log: Rc::clone(&log),
                fail,
            }));
        });
        Recording(log)
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn atomic_write_is_write_fsync_rename_fsync_dir_in_that_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        let d = dir.path().display();
        let recording = record(None);
        write_atomic(&path, b"new").unwrap();
        assert_eq!(
            *recording.0.borrow(),
            [
                "write".to_string(),
                "sync_file".to_string(),
                format!("rename {d} -> {d}/f.json (Replace)"),
                format!("sync_dir {d}"),
            ]
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        recording.0.borrow_mut().clear();
        write_new(&dir.path().join("g.json"), b"g").unwrap();
        assert_eq!(
            *recording.0.borrow(),
            [
                "write".to_string(),
                "sync_file".to_string(),
                format!("rename {d} -> {d}/g.json (NoClobber)"),
                format!("sync_dir {d}"),
            ]
        );
    }

    #[test]
    fn a_failure_between_write_and_rename_keeps_the_old_file_and_leaves_no_temp() {
        for fail in ["write", "sync_file", "rename"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.json");
            std::fs::write(&path, b"old and whole").unwrap();
            let recording = record(Some(fail));
            let err = write_atomic(&path, b"new text that never lands").unwrap_err();
            drop(recording);
            assert_eq!(err.path, path, "{fail}");
            assert!(err.to_string().contains("disk full (test)"), "{err}");
            assert_eq!(
                std::fs::read(&path).unwrap(),
                b"old and whole",
                "failing at {fail} must leave the old file as it was"
            );
            assert_eq!(
                names_in(dir.path()),
                ["f.json"],
                "failing at {fail} must leave no temp file"
            );
        }
    }

    #[test]
    fn a_failed_new_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        let recording = record(Some("sync_file"));
        assert!(write_new(&path, b"report").is_err());
        drop(recording);
        assert!(names_in(dir.path()).is_empty());
        // A failure after the rename (folder fsync) is reported, the file is in place.
        let recording = record(Some("sync_dir"));
        assert!(write_atomic(&path, b"report").is_err());
        drop(recording);
        assert_eq!(names_in(dir.path()), ["r.json"]);
    }

    #[test]
    fn a_failing_disk_stops_a_report_with_its_error() {
        // Only a taken name moves on to the next stem; any other failure ends the report
        // at once (in a thread, so a loop over stems fails the test instead of hanging it).
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _recording = record(Some("write"));
            let docs = |_: &str| vec![("json", "{}".to_string()), ("md", "# r".to_string())];
            let result = write_report(&folder, "s", docs).map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        let result = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("write_report gave up on a failing disk");
        let err = result.unwrap_err();
        assert!(
            err.contains("s.md") && err.contains("disk full (test)"),
            "{err}"
        );
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_report_is_written_all_or_nothing_json_last() {
        // The JSON fails after the Markdown landed: the Markdown is removed again.
        let dir = tempfile::tempdir().unwrap();
        let recording = record(Some("s.json (NoClobber)"));
        let docs = |_: &str| vec![("json", "{}".to_string()), ("md", "# r".to_string())];
        let err = write_report(dir.path(), "s", docs).unwrap_err();
        let log = recording.0.borrow().clone();
        drop(recording);
        assert!(err.to_string().contains("s.json"), "{err}");
        let renames: Vec<&String> = log.iter().filter(|l| l.starts_with("rename")).collect();
        assert!(
            renames[0].contains("s.md") && renames[1].contains("s.json"),
            "{log:?}"
        );
        assert!(
            names_in(dir.path()).is_empty(),
            "{:?}",
            names_in(dir.path())
        );
        // Written in full, paths come back in render order.
        let written = write_report(dir.path(), "s", docs).unwrap();
        assert!(written[0].ends_with("s.json") && written[1].ends_with("s.md"));
    }

    #[test]
    fn temp_files_go_beside_the_target() {
        assert_eq!(folder_of(Path::new("f.json")), Path::new("."));
        assert_eq!(folder_of(Path::new("a/b/f.json")), Path::new("a/b"));
        assert_eq!(folder_of(Path::new("/f.json")), Path::new("/"));
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, b"mine").unwrap();
        let err = write_new(&path, b"theirs").unwrap_err();
        assert_eq!(err.source.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        assert_eq!(names_in(dir.path()), ["f.json"]);
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
