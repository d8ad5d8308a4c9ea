//! placeholder
use super::{Format, Report};
/// HTML.
pub struct Html;
impl Format for Html {
    fn extension(&self) -> &'static str {
        "html"
    }
    fn render(&self, _report: &Report) -> String {
        String::new()
    }
}
