//! Wording helpers every output shares, at the bottom of the crate.

/// `1 skill`, `2 skills`: a count with the right form of its noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(super::plural(0, "skill", "skills"), "0 skills");
        assert_eq!(super::plural(1, "skill", "skills"), "1 skill");
        assert_eq!(super::plural(2, "try", "tries"), "2 tries");
    }
}
