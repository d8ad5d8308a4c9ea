//! "Did you mean": the closest known id to a mistyped one.

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The known id closest to `input`, when it is close enough to be a typo or a short
/// form: the same letters without separators or case (`backend` → `back-end`), at most
/// a third of the id's length in single-character edits, or the id's first four letters
/// (`risk` → `risk-management`, `comms` → `communication`).
pub fn did_you_mean<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = bare(input);
    let head: String = wanted.chars().take(4).collect();
    let known: Vec<&str> = known.into_iter().collect();
    let close = known
        .iter()
        .map(|k| (distance(&wanted, &bare(k)), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k);
    close.or_else(|| {
        let mut starts = known
            .iter()
            .filter(|k| head.chars().count() == 4 && bare(k).starts_with(&head));
        // Only an unambiguous short form is suggested.
        match (starts.next(), starts.next()) {
            (Some(k), None) => Some(*k),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_id_and_strangers_find_nothing() {
        let tracks = ["general", "front-end", "back-end", "senior"];
        assert_eq!(did_you_mean("backend", tracks), Some("back-end"));
        assert_eq!(did_you_mean("Senoir", tracks), Some("senior"));
        assert_eq!(did_you_mean("frontend", tracks), Some("front-end"));
        assert_eq!(did_you_mean("manager", tracks), None);
        let skills = ["communication", "risk-management", "project-management"];
        assert_eq!(did_you_mean("risk", skills), Some("risk-management"));
        assert_eq!(did_you_mean("comms", skills), Some("communication"));
        assert_eq!(did_you_mean("pm", skills), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
    }
}
