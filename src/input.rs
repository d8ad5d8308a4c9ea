//! Bounded input: every file and stdin read goes through a size limit, only regular files
//! (and stdin) are read, a UTF-8 byte order mark is dropped, and JSON objects with a key
//! twice or text with control characters are refused with line and column.

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// Largest answers file (or answers on stdin).
pub const MAX_ANSWERS_BYTES: u64 = 16 * 1024 * 1024;
/// Largest saved report or in-progress file.
pub const MAX_REPORT_BYTES: u64 = 16 * 1024 * 1024;
/// Largest mentor note, in bytes (from `--note` or stdin).
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
/// Largest evidence note on a self-rating, in bytes.
pub const MAX_EVIDENCE_BYTES: usize = 8 * 1024;
/// Longest candidate or mentor name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Largest bank folder, all its files together.
pub const MAX_BANK_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The operating system refused or failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Larger than its limit.
    #[error("larger than the {} limit for {what}", human(*.limit))]
    TooLarge {
        /// What kind of input.
        what: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// A FIFO, device, socket or folder.
    #[error("not a regular file ({0}); give a file")]
    NotAFile(&'static str),
}

/// A byte count for people: `16 MiB`, `64 KiB`, `512 bytes`.
pub fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a non-regular file is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a folder")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

/// Reads a regular file of at most `limit` bytes (`what` names the limit in errors). A
/// FIFO, device or folder is refused before it is opened, so nothing blocks or runs on.
pub fn read_file(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, InputError> {
    if let Some(kind) = kind_of(&std::fs::metadata(path)?) {
        return Err(InputError::NotAFile(kind));
    }
    let file = std::fs::File::open(path)?;
    // Checked again on the open file: the name may have been replaced in between.
    if let Some(kind) = kind_of(&file.metadata()?) {
        return Err(InputError::NotAFile(kind));
    }
    read_limited(file, limit, what)
}

/// Reads `path`, or stdin for `-`, within `limit`.
pub fn read_file_or_stdin(
    path: &Path,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>, InputError> {
    if path == Path::new("-") {
        read_limited(std::io::stdin().lock(), limit, what)
    } else {
        read_file(path, limit, what)
    }
}

/// Reads at most `limit` bytes; one byte more is an error, not a silent cut.
pub fn read_limited(
    reader: impl Read,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { what, limit });
    }
    Ok(bytes)
}

/// The bytes without a leading UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Checks JSON for what serde would let through silently: an object with a key twice
/// (the last would win) and strings with control characters other than newline and tab.
/// The error carries line and column.
pub fn check_json(bytes: &[u8]) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de::Deserialize::deserialize(&mut de).map(|Checked| ())
}

/// A JSON value walked only to be checked (see [`check_json`]).
struct Checked;

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckVisitor)
    }
}

/// A string key, checked like any other text.
struct Key(String);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        check_text::<D::Error>(&s)?;
        Ok(Self(s))
    }
}

fn check_text<E: de::Error>(s: &str) -> Result<(), E> {
    match s
        .chars()
        .find(|&c| crate::clean::is_control(c) && c != '\n' && c != '\t')
    {
        Some(c) => Err(E::custom(format!(
            "text has the control character U+{:04X}; control characters are not allowed",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

struct CheckVisitor;

impl<'de> Visitor<'de> for CheckVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Checked, E> {
        check_text(s).map(|()| Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}` in one object; give each key once"
                )));
            }
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_limit_with_a_clear_error() {
        let err = read_limited(std::io::repeat(0).take(10_000), 100, "a test").unwrap_err();
        assert_eq!(
            err.to_string(),
            "larger than the 100 bytes limit for a test"
        );
        assert_eq!(read_limited(&b"12345"[..], 5, "x").unwrap(), b"12345");
        assert_eq!(human(16 * 1024 * 1024), "16 MiB");
        assert_eq!(human(64 * 1024), "64 KiB");
    }

    #[test]
    fn fifos_devices_and_folders_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(dir.path(), 10, "x").unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
        let err = read_file(Path::new("/dev/zero"), 10, "x").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            let err = read_file(&fifo, 10, "x").unwrap_err();
            assert!(err.to_string().contains("a FIFO"), "{err}");
        }
    }

    #[test]
    fn duplicate_keys_and_control_characters_are_found_with_their_place() {
        let err = check_json(b"{\n \"a\": 1,\n \"a\": 2\n}").unwrap_err();
        assert!(err.to_string().contains("duplicate key `a`"), "{err}");
        assert_eq!(err.line(), 3);
        let err = check_json(br#"{"x": [{"n": "a\u001b[2Jb"}]}"#).unwrap_err();
        assert!(err.to_string().contains("U+001B"), "{err}");
        let err = check_json("{\"x\": \"\u{85}\"}".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("U+0085"), "{err}");
        check_json(br#"{"a": {"a": "line\nnext\tcell"}, "b": [1, 2.5, null, true]}"#).unwrap();
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
    }
}
