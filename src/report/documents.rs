//! Which documents a report has, decided in one place for `quiz` (writing a new report)
//! and `review` (regenerating a report's documents after a note or a rating).

use super::{Appendix, Chart, Format, Html, Json, Markdown, Report};

/// The documents of one report. JSON is the source of truth; the chart, Markdown and
/// HTML are renderings of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Documents {
    /// The JSON report.
    pub json: bool,
    /// The skills chart (`.svg`); Markdown links it when it is there.
    pub chart: bool,
    /// The Markdown report.
    pub markdown: bool,
    /// The printable HTML page.
    pub html: bool,
    /// Which answers the appendices list; each format's own default when `None`.
    pub appendix: Option<Appendix>,
}

impl Documents {
    /// Renders the chosen documents of `report`, whose files are named `{stem}.{ext}`:
    /// `(extension, text)` pairs, JSON first.
    pub fn render(&self, report: &Report, stem: &str) -> Vec<(&'static str, String)> {
        let mut documents = Vec::new();
        if self.json {
            documents.push((Json.extension(), Json.render(report)));
        }
        if self.chart {
            documents.push((Chart.extension(), Chart.render(report)));
        }
        if self.html {
            let mut html = Html::default();
            html.appendix = self.appendix.unwrap_or(html.appendix);
            documents.push((html.extension(), html.render(report)));
        }
        if self.markdown {
            let markdown = Markdown {
                chart_file: self.chart.then(|| format!("{stem}.{}", Chart.extension())),
                appendix: self.appendix.unwrap_or_default(),
            };
            documents.push((markdown.extension(), markdown.render(report)));
        }
        documents
    }
}
