//! Renders a saved JSON report as the self-contained HTML page (and optionally the SVG
//! chart), for `scripts/browser-check.sh` and for looking at the formats by hand.
//!
//! ```sh
//! cargo run --example render_html -- REPORT.json OUT.html [OUT.svg]
//! ```

use std::process::ExitCode;

use tpm_ready::report::{Chart, Format, Html, Report};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (report, html, svg) = match args.as_slice() {
        [report, html] => (report, html, None),
        [report, html, svg] => (report, html, Some(svg)),
        _ => {
            eprintln!("usage: render_html REPORT.json OUT.html [OUT.svg]");
            return ExitCode::from(2);
        }
    };
    match run(report, html, svg.map(String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(report: &str, html: &str, svg: Option<&str>) -> Result<(), String> {
    let text = std::fs::read_to_string(report).map_err(|e| format!("cannot read {report}: {e}"))?;
    let report: Report =
        serde_json::from_str(&text).map_err(|e| format!("{report} is not a report: {e}"))?;
    std::fs::write(html, Html::default().render(&report))
        .map_err(|e| format!("cannot write {html}: {e}"))?;
    if let Some(svg) = svg {
        std::fs::write(svg, Chart.render(&report))
            .map_err(|e| format!("cannot write {svg}: {e}"))?;
    }
    Ok(())
}
