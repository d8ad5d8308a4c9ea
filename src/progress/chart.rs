//! `progress.svg`: readiness and each skill group over the runs, with the group targets
//! as dashed lines, drawn with plotters' SVG backend (no font feature: text is written as
//! SVG `<text>` and the layout leaves generous room for it). The runs are labelled as in
//! the tables. Target lines and their legend swatches are SVG `<line>`s with one
//! `stroke-dasharray` (plotters draws a dashed series as many short lines, which a
//! legend swatch could not match).

use plotters::prelude::*;

use super::{Progress, SeriesKind};

const PALETTE: [RGBColor; 5] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
];

/// The progress chart as an SVG document.
pub fn chart(progress: &Progress) -> String {
    let lines: Vec<_> = progress
        .series
        .iter()
        .filter(|s| !matches!(s.kind, SeriesKind::Skill | SeriesKind::Cbm))
        .collect();
    let runs = progress.runs.len();
    let width = (640 + 40 * runs.min(20)) as u32;
    let height = 420;
    let mut svg = String::new();
    let mut dashes = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = draw(&root, progress, &lines, &mut dashes);
        let _ = root.present();
    }
    if let Some(end) = svg.rfind("</svg>") {
        let lines: String = dashes.iter().map(Dash::svg).collect();
        svg.insert_str(end, &lines);
    }
    svg.push('\n');
    svg
}

/// Dash and gap lengths of target lines, in pixels.
const DASHES: &str = "6 4";

/// A dashed target line (or its legend swatch), in the SVG's pixel coordinates.
struct Dash {
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
}

impl Dash {
    fn svg(&self) -> String {
        let RGBColor(r, g, b) = self.color;
        format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-opacity=\"0.6\" stroke-width=\"1.5\" stroke-dasharray=\"{DASHES}\"/>\n",
            self.from.0, self.from.1, self.to.0, self.to.1
        )
    }
}

fn draw(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    progress: &Progress,
    lines: &[&super::Series],
    dashes: &mut Vec<Dash>,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    root.fill(&WHITE)?;
    // The legend gets its own column on the right, so it never covers a line.
    let (plot, legend) = root.split_horizontally(root.dim_in_pixel().0 - 190);
    let runs = progress.runs.len();
    let title = format!("Progress of {}", progress.candidate);
    let last = (runs.max(2) - 1) as f64;
    let mut chart = ChartBuilder::on(&plot)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.3f64..last + 0.3, 0f64..100f64)?;
    let dates: Vec<String> = progress.runs.iter().map(|r| r.label.clone()).collect();
    let step = runs.div_ceil(8).max(1);
    chart
        .configure_mesh()
        .x_labels(runs.clamp(2, 8))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 0.01 || i < 0.0 || (i as usize) % step != 0 {
                return String::new();
            }
            dates.get(i as usize).cloned().unwrap_or_default()
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc("score (0-100)")
        .x_desc("run")
        .light_line_style(WHITE.mix(0.0))
        .label_style(("sans-serif", 12))
        .draw()?;
    // (label, colour, dashed)
    let mut legend_rows: Vec<(String, RGBColor, bool)> = Vec::new();
    for (i, series) in lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<(f64, f64)> = series
            .values
            .iter()
            .enumerate()
            .filter_map(|(x, v)| v.map(|v| (x as f64, v)))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
        legend_rows.push((series.name.clone(), color, false));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
        if let (Some(target), true) = (series.target, series.kind == SeriesKind::Group) {
            dashes.push(Dash {
                from: chart.backend_coord(&(-0.3, target)),
                to: chart.backend_coord(&(last + 0.3, target)),
                color,
            });
            legend_rows.push((format!("{} target ({target:.0})", series.name), color, true));
        }
    }
    let (left, top) = legend.get_base_pixel();
    for (i, (label, color, dashed)) in legend_rows.into_iter().enumerate() {
        let y = 60 + 24 * i32::try_from(i).unwrap_or(0);
        if dashed {
            dashes.push(Dash {
                from: (left + 8, top + y),
                to: (left + 30, top + y),
                color,
            });
        } else {
            legend.draw(&PathElement::new(
                vec![(8, y), (30, y)],
                color.stroke_width(2),
            ))?;
        }
        legend.draw(&Text::new(label, (38, y - 7), ("sans-serif", 12)))?;
    }
    Ok(())
}
