//! Sanitised text: control characters (C0, DEL, C1) and bidirectional overrides never
//! reach a terminal, a Markdown file or an SVG; names are NFC-normalised and capped; wide
//! table cells are cut to a width.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Shown in place of a control character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Widest a name is shown in a terminal table, in columns.
pub const MAX_CELL_WIDTH: usize = 40;

/// Whether `c` is a control character (C0, DEL, C1) or a bidirectional embedding,
/// override or isolate, which can make text read differently from what it is.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line of text: NFC, every control character replaced, newlines and tabs as spaces.
pub fn line(text: &str) -> String {
    text.nfc()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_control(c) => REPLACEMENT,
            c => c,
        })
        .collect()
}

/// Text of several lines (notes): NFC, `\r\n` and `\r` as `\n`, tabs as spaces, every
/// other control character replaced.
pub fn multiline(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.nfc()
        .map(|c| match c {
            '\n' | '\r' => '\n',
            '\t' => ' ',
            c if is_control(c) => REPLACEMENT,
            c => c,
        })
        .collect()
}

/// Whether `text` needs [`line`] or [`multiline`] (fast check before copying).
pub fn needs_cleaning(text: &str, keep_newlines: bool) -> bool {
    text.chars()
        .any(|c| is_control(c) && !(keep_newlines && c == '\n'))
}

/// A name (candidate, mentor) as typed: trimmed, one line, NFC, at most `max` characters.
pub fn name(text: &str, max: usize) -> Result<String, String> {
    let cleaned = line(text.trim()).trim().to_string();
    let count = cleaned.chars().count();
    if count > max {
        return Err(format!(
            "the name has {count} characters; at most {max} are allowed"
        ));
    }
    Ok(cleaned)
}

/// `text` cut to `width` terminal columns with `…`, for table cells.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    console::truncate_str(text, width, "…")
}

/// Cleans every string of a JSON value in place: newlines kept only in note-like fields
/// (`text`, `evidence`, `summary`, `reason`, `detail` and `explanation`), other control
/// characters replaced. Returns whether anything changed.
pub fn json_strings(value: &mut serde_json::Value) -> bool {
    walk(value, true)
}

fn walk(value: &mut serde_json::Value, keep_newlines: bool) -> bool {
    match value {
        serde_json::Value::String(s) if needs_cleaning(s, keep_newlines) => {
            *s = if keep_newlines { multiline(s) } else { line(s) };
            true
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| walk(v, keep_newlines) | changed),
        serde_json::Value::Object(map) => {
            let mut changed = false;
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let keep = matches!(
                    key.as_str(),
                    "text" | "evidence" | "summary" | "reason" | "detail" | "explanation"
                ) || (keep_newlines && key.is_empty());
                if needs_cleaning(&key, false) {
                    if let Some(v) = map.remove(&key) {
                        map.insert(line(&key), v);
                    }
                    changed = true;
                    continue;
                }
                if let Some(v) = map.get_mut(&key) {
                    changed |= walk(v, keep);
                }
            }
            changed
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_pass() {
        assert_eq!(line("a\u{1b}[2Jb\nc\u{85}d"), "a\u{FFFD}[2Jb c\u{FFFD}d");
        assert_eq!(
            multiline("one\r\ntwo\u{7}\tthree"),
            "one\ntwo\u{FFFD} three"
        );
        assert_eq!(line("evil\u{202E}txt"), "evil\u{FFFD}txt");
        assert_eq!(line("Zoe\u{308}"), "Zo\u{eb}");
        assert!(name(&"x".repeat(201), 200).is_err());
        assert_eq!(name("  Ada\u{7} ", 200).unwrap(), "Ada\u{FFFD}");
        assert_eq!(fit(&"y".repeat(100), 10).chars().count(), 10);
    }

    #[test]
    fn json_strings_are_cleaned_with_newlines_only_in_notes() {
        let mut v = serde_json::json!({
            "candidate": "A\nB\u{1b}",
            "mentor_notes": [{"mentor": "M\u{9b}", "text": "l1\nl2\u{1b}"}]
        });
        assert!(json_strings(&mut v));
        assert_eq!(v["candidate"], "A B\u{FFFD}");
        assert_eq!(v["mentor_notes"][0]["mentor"], "M\u{FFFD}");
        assert_eq!(v["mentor_notes"][0]["text"], "l1\nl2\u{FFFD}");
    }
}
