//! The JSON report: the machine-readable contract that `review` and `progress` read.

use super::{Format, Report};

/// Pretty-printed JSON.
pub struct Json;

impl Format for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn render(&self, report: &Report) -> String {
        // Serialising plain data with string keys cannot fail.
        let mut text = serde_json::to_string_pretty(report).expect("report serialises");
        text.push('\n');
        text
    }
}
