//! The skills chart (SVG): a horizontal bar per skill from 0 to its score, a target
//! marker per skill, soft and hard skills grouped, drawn with plotters' SVG backend.
//!
//! Plotters is built without a font feature, so it cannot measure text. Text is still
//! written by plotters as SVG `<text>` nodes; the canvas is sized from a conservative
//! estimate of each label's width, so labels neither overlap nor get cut off.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Format, Report};
use crate::scoring::{GroupResult, SkillResult};

/// Score against target per skill, as an SVG bar chart.
pub struct Chart;

impl Format for Chart {
    fn extension(&self) -> &'static str {
        "svg"
    }

    fn render(&self, report: &Report) -> String {
        let layout = Layout::new(report);
        let mut svg = String::new();
        let drawn = {
            let root = SVGBackend::with_string(&mut svg, (layout.width, layout.height))
                .into_drawing_area();
            draw(&root, report, &layout).and_then(|()| root.present())
        };
        if let Err(e) = drawn {
            return fallback(&layout, &format!("The chart could not be drawn: {e}"));
        }
        accessible(svg, report)
    }
}

// Colours: Okabe-Ito blue and orange stay distinct for colour-blind readers.
const AT_TARGET: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const BELOW_TARGET: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
const NOT_MEASURED: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const TARGET: RGBColor = RGBColor(0x11, 0x11, 0x11);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
const RULE: RGBColor = RGBColor(0xB8, 0xB8, 0xB8);

const FONT: &str = "sans-serif";
// Font sizes in SVG pixels.
const TITLE_PX: f64 = 18.0;
const TEXT_PX: f64 = 14.0;
const SMALL_PX: f64 = 12.0;

// Geometry in pixels.
const MARGIN: u32 = 16;
const TITLE_H: u32 = 56;
const GROUP_H: u32 = 34;
const ROW_H: u32 = 30;
const BAR_H: f64 = 16.0;
const MARKER_H: f64 = 24.0;
const PLOT_W: u32 = 560;
const AXIS_H: u32 = 48;
const LEGEND_LINE_H: u32 = 24;
const SWATCH: i32 = 14;
const GAP: u32 = 12;

/// A font for plotters at `px` SVG pixels (the SVG backend writes `size / 1.24`).
fn font(px: f64, style: FontStyle) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FONT), px * 1.24, style).into()
}

/// A generous estimate of the rendered width of `text` at `px` pixels in a sans-serif
/// font (`DejaVu` Sans is among the widest), so estimates err towards more room.
fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            if is_wide(c) {
                1.05
            } else if c.is_uppercase() || matches!(c, 'm' | 'w' | '@' | '%' | '—' | '…') {
                0.8
            } else if matches!(
                c,
                'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' '
            ) {
                0.36
            } else {
                0.6
            }
        })
        .sum();
    ems * px * if bold { 1.12 } else { 1.0 }
}

/// East Asian wide and emoji ranges, which take about one em each.
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1FAFF
            | 0x20000..=0x3FFFD
    )
}

fn px(x: f64) -> u32 {
    // Widths are small positive numbers; the cast cannot truncate meaningfully.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let out = x.max(0.0).ceil() as u32;
    out
}

/// One line of the chart, top to bottom.
enum Row<'a> {
    /// A group heading (soft skills, hard skills).
    Group {
        name: &'a str,
        value: Option<String>,
    },
    /// A skill.
    Skill(&'a SkillResult),
}

impl Row<'_> {
    fn height(&self) -> u32 {
        match self {
            Row::Group { .. } => GROUP_H,
            Row::Skill(_) => ROW_H,
        }
    }
}

/// Skills grouped in `report.groups` order, each group with its result; skills of a group
/// the report does not list come last, under their group id. Shared with the HTML report.
pub(super) fn grouped(r: &Report) -> Vec<(&str, Option<&GroupResult>, Vec<&SkillResult>)> {
    let mut out: Vec<(&str, Option<&GroupResult>, Vec<&SkillResult>)> = Vec::new();
    for g in &r.groups {
        let members: Vec<&SkillResult> = r.skills.iter().filter(|s| s.group == g.id).collect();
        if !members.is_empty() {
            out.push((&g.name, Some(g), members));
        }
    }
    for s in &r.skills {
        if r.groups.iter().any(|g| g.id == s.group) {
            continue;
        }
        match out
            .iter_mut()
            .find(|(name, g, _)| g.is_none() && *name == s.group)
        {
            Some((_, _, members)) => members.push(s),
            None => out.push((&s.group, None, vec![s])),
        }
    }
    out
}

fn rows(r: &Report) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for (name, group, members) in grouped(r) {
        out.push(Row::Group {
            name,
            value: group.map(|g| match g.score {
                Some(s) => format!("{s:.0} (target {:.0})", g.target),
                None => format!("n/a (target {:.0})", g.target),
            }),
        });
        out.extend(members.into_iter().map(Row::Skill));
    }
    out
}

fn skill_value(s: &SkillResult) -> String {
    match (s.score, s.interval) {
        (Some(v), Some([lo, hi])) => format!("{v:.0} ({lo:.0}–{hi:.0}), target {:.0}", s.target),
        (Some(v), None) => format!("{v:.0} (target {:.0})", s.target),
        (None, _) => format!("n/a (target {:.0})", s.target),
    }
}

/// Legend entries, in order.
#[derive(Clone, Copy)]
enum Key {
    AtTarget,
    BelowTarget,
    Target,
    Range,
    NotMeasured,
}

struct LegendItem {
    key: Key,
    text: String,
    x: i32,
    line: u32,
}

fn legend_item_width(text: &str) -> u32 {
    px(f64::from(SWATCH) + 8.0 + text_width(text, TEXT_PX, false) + 24.0)
}

/// Sizes of the canvas and its parts, all from the report's content.
struct Layout {
    width: u32,
    height: u32,
    label_w: u32,
    value_w: u32,
    plot_h: u32,
    legend: Vec<LegendItem>,
    legend_h: u32,
    title: String,
    subtitle: String,
}

impl Layout {
    fn new(r: &Report) -> Self {
        let rows = rows(r);
        let label_w = rows
            .iter()
            .map(|row| match row {
                // Group headings start at the left margin; skill names are indented.
                Row::Group { name, .. } => text_width(name, TEXT_PX, true),
                Row::Skill(s) => text_width(&s.name, TEXT_PX, false) + 16.0,
            })
            .fold(80.0, f64::max);
        let label_w = px(label_w) + GAP;
        let value_w = rows
            .iter()
            .map(|row| match row {
                Row::Group { value, .. } => value
                    .as_deref()
                    .map_or(0.0, |v| text_width(v, SMALL_PX, true)),
                Row::Skill(s) => text_width(&skill_value(s), SMALL_PX, false),
            })
            .fold(60.0, f64::max);
        let value_w = px(value_w) + 2 * GAP;
        let plot_h = rows.iter().map(Row::height).sum::<u32>().max(ROW_H);

        let title = "Skills: score against target".to_string();
        let subtitle = format!("{}, {}", r.candidate, r.track_name);
        let mut legend_texts = vec![
            (Key::AtTarget, "Score at or above target".to_string()),
            (Key::BelowTarget, "Score below target".to_string()),
            (Key::Target, format!("Target for {}", r.track_name)),
        ];
        if r.skills.iter().any(|s| s.interval.is_some()) {
            legend_texts.push((Key::Range, "90% range".to_string()));
        }
        if r.skills.iter().any(|s| s.score.is_none()) {
            legend_texts.push((Key::NotMeasured, "Not measured".to_string()));
        }

        let width = (2 * MARGIN + label_w + PLOT_W + value_w)
            .max(2 * MARGIN + px(text_width(&title, TITLE_PX, true)))
            .max(2 * MARGIN + px(text_width(&subtitle, TEXT_PX, false)))
            .max(
                2 * MARGIN
                    + legend_texts
                        .iter()
                        .map(|(_, t)| legend_item_width(t))
                        .max()
                        .unwrap_or(0),
            );

        let mut legend = Vec::new();
        let (mut x, mut line) = (MARGIN, 0);
        for (key, text) in legend_texts {
            let w = legend_item_width(&text);
            if x > MARGIN && x + w > width - MARGIN {
                x = MARGIN;
                line += 1;
            }
            legend.push(LegendItem {
                key,
                text,
                x: i32::try_from(x).unwrap_or(i32::MAX),
                line,
            });
            x += w;
        }
        let legend_h = (line + 1) * LEGEND_LINE_H + GAP;
        let height = MARGIN + TITLE_H + plot_h + AXIS_H + legend_h + MARGIN;
        Self {
            width,
            height,
            label_w,
            value_w,
            plot_h,
            legend,
            legend_h,
            title,
            subtitle,
        }
    }
}

type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw(root: &DrawingArea<SVGBackend<'_>, Shift>, r: &Report, layout: &Layout) -> DrawResult {
    root.fill(&WHITE)?;
    let left = Pos::new(HPos::Left, VPos::Center);
    let right = Pos::new(HPos::Right, VPos::Center);
    let m = i32::try_from(MARGIN).unwrap_or(0);

    root.draw(&Text::new(
        layout.title.clone(),
        (m, m + 10),
        font(TITLE_PX, FontStyle::Bold).color(&INK).pos(left),
    ))?;
    root.draw(&Text::new(
        layout.subtitle.clone(),
        (m, m + 34),
        font(TEXT_PX, FontStyle::Normal).color(&MUTED).pos(left),
    ))?;

    let plot_h = f64::from(layout.plot_h);
    let mut chart = ChartBuilder::on(root)
        .margin_top(MARGIN + TITLE_H)
        .margin_bottom(layout.legend_h + MARGIN)
        .margin_left(MARGIN)
        .margin_right(MARGIN + layout.value_w)
        .y_label_area_size(layout.label_w)
        .x_label_area_size(AXIS_H)
        .build_cartesian_2d(0f64..100f64, 0f64..plot_h)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .label_style(font(SMALL_PX, FontStyle::Normal).color(&MUTED))
        .x_desc("Score (0-100)")
        .axis_desc_style(font(SMALL_PX, FontStyle::Normal).color(&MUTED))
        .draw()?;

    // Rows, top to bottom; `top` counts pixels down from the top of the plot.
    let y = |from_top: f64| plot_h - from_top;
    let mut top = 0.0;
    for (index, row) in rows(r).iter().enumerate() {
        let h = f64::from(row.height());
        match row {
            Row::Group { name, value } => {
                let baseline = y(top + h - 12.0);
                if index > 0 {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(0.0, y(top + 2.0)), (100.0, y(top + 2.0))],
                        RULE.stroke_width(1),
                    )))?;
                }
                let (_, py) = chart.backend_coord(&(0.0, baseline));
                root.draw(&Text::new(
                    (*name).to_string(),
                    (m, py),
                    font(TEXT_PX, FontStyle::Bold).color(&INK).pos(left),
                ))?;
                if let Some(value) = value {
                    let (px_right, _) = chart.backend_coord(&(100.0, baseline));
                    root.draw(&Text::new(
                        value.clone(),
                        (px_right + 12, py),
                        font(SMALL_PX, FontStyle::Bold).color(&MUTED).pos(left),
                    ))?;
                }
            }
            Row::Skill(s) => {
                let mid = y(top + h / 2.0);
                let half = BAR_H / 2.0;
                // A score of 0 keeps a thin stub, so every measured skill shows a bar.
                let bar = match s.score {
                    Some(score) if score >= s.target => Rectangle::new(
                        [(0.0, mid - half), (score.clamp(0.4, 100.0), mid + half)],
                        AT_TARGET.filled(),
                    ),
                    Some(score) => Rectangle::new(
                        [(0.0, mid - half), (score.clamp(0.4, 100.0), mid + half)],
                        BELOW_TARGET.filled(),
                    ),
                    None => Rectangle::new(
                        [(0.0, mid - half), (100.0, mid + half)],
                        NOT_MEASURED.filled(),
                    ),
                };
                chart.draw_series(std::iter::once(bar))?;
                // The 90% range as a whisker with end caps, across the bar's end.
                if let (Some(_), Some([lo, hi])) = (s.score, s.interval) {
                    let (lo, hi) = (lo.clamp(0.0, 100.0), hi.clamp(0.0, 100.0));
                    let cap = half * 0.6;
                    chart.draw_series([
                        PathElement::new(vec![(lo, mid), (hi, mid)], INK.stroke_width(2)),
                        PathElement::new(
                            vec![(lo, mid - cap), (lo, mid + cap)],
                            INK.stroke_width(2),
                        ),
                        PathElement::new(
                            vec![(hi, mid - cap), (hi, mid + cap)],
                            INK.stroke_width(2),
                        ),
                    ])?;
                }
                let (plot_left, py) = chart.backend_coord(&(0.0, mid));
                let (plot_right, _) = chart.backend_coord(&(100.0, mid));
                if s.score.is_none() {
                    root.draw(&Text::new(
                        "not measured",
                        (plot_left + 8, py),
                        font(SMALL_PX, FontStyle::Italic).color(&INK).pos(left),
                    ))?;
                }
                // The target: a dark line with a white halo, visible on any bar.
                let t = s.target.clamp(0.0, 100.0);
                let mh = MARKER_H / 2.0;
                chart.draw_series([
                    PathElement::new(vec![(t, mid - mh), (t, mid + mh)], WHITE.stroke_width(5)),
                    PathElement::new(vec![(t, mid - mh), (t, mid + mh)], TARGET.stroke_width(3)),
                ])?;
                root.draw(&Text::new(
                    s.name.clone(),
                    (plot_left - 10, py),
                    font(TEXT_PX, FontStyle::Normal).color(&INK).pos(right),
                ))?;
                root.draw(&Text::new(
                    skill_value(s),
                    (plot_right + 12, py),
                    font(SMALL_PX, FontStyle::Normal).color(&INK).pos(left),
                ))?;
            }
        }
        top += h;
    }
    if r.skills.is_empty() {
        let (plot_left, py) = chart.backend_coord(&(0.0, plot_h / 2.0));
        root.draw(&Text::new(
            "No skills measured",
            (plot_left + 8, py),
            font(TEXT_PX, FontStyle::Italic).color(&MUTED).pos(left),
        ))?;
    }

    // Legend, under the x axis.
    let legend_top = i32::try_from(layout.height - MARGIN - layout.legend_h + GAP).unwrap_or(0);
    for item in &layout.legend {
        let line = i32::try_from(item.line * LEGEND_LINE_H).unwrap_or(0);
        let cy = legend_top + line + SWATCH / 2;
        let (x0, y0) = (item.x, cy - SWATCH / 2);
        match item.key {
            Key::AtTarget | Key::BelowTarget | Key::NotMeasured => {
                let colour = match item.key {
                    Key::AtTarget => AT_TARGET,
                    Key::BelowTarget => BELOW_TARGET,
                    _ => NOT_MEASURED,
                };
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + SWATCH, y0 + SWATCH)],
                    colour.filled(),
                ))?;
            }
            Key::Range => {
                let (x1, cap) = (x0 + SWATCH, SWATCH / 4);
                for path in [
                    vec![(x0, cy), (x1, cy)],
                    vec![(x0, cy - cap), (x0, cy + cap)],
                    vec![(x1, cy - cap), (x1, cy + cap)],
                ] {
                    root.draw(&PathElement::new(path, INK.stroke_width(2)))?;
                }
            }
            Key::Target => {
                let cx = x0 + SWATCH / 2;
                root.draw(&PathElement::new(
                    vec![(cx, y0 - 3), (cx, y0 + SWATCH + 3)],
                    TARGET.stroke_width(3),
                ))?;
            }
        }
        root.draw(&Text::new(
            item.text.clone(),
            (x0 + SWATCH + 8, cy),
            font(TEXT_PX, FontStyle::Normal).color(&INK).pos(left),
        ))?;
    }
    Ok(())
}

/// Escapes text for XML content and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A one-sentence description of the chart for screen readers.
fn description(r: &Report) -> String {
    let skills: Vec<String> = r
        .skills
        .iter()
        .map(|s| match s.score {
            Some(v) => format!("{} {v:.0} (target {:.0})", s.name, s.target),
            None => format!("{} not measured (target {:.0})", s.name, s.target),
        })
        .collect();
    format!(
        "Skills chart for {}, {}: {}.",
        r.candidate,
        r.track_name,
        if skills.is_empty() {
            "no skills measured".to_string()
        } else {
            skills.join("; ")
        }
    )
}

/// Adds `role="img"` and a `<title>` to plotters' document, for screen readers.
fn accessible(svg: String, r: &Report) -> String {
    let Some(end) = svg.find(">\n") else {
        return svg;
    };
    format!(
        "{} role=\"img\">\n<title>{}</title>\n{}",
        &svg[..end],
        xml_escape(&description(r)),
        &svg[end + 2..]
    )
}

/// A minimal chart that only says what went wrong (plotters writing into a `String`
/// cannot fail in practice).
fn fallback(layout: &Layout, message: &str) -> String {
    format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">\n<text x=\"16\" y=\"32\" font-family=\"{FONT}\" font-size=\"14\">{}</text>\n</svg>\n",
        xml_escape(message),
        w = layout.width,
        h = layout.height,
    )
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::*;
    use crate::answer::{Answer, Responses};
    use crate::bank::Bank;
    use crate::report::RunResult;
    use crate::session::Plan;

    /// A report on the small fixture bank (two skills, one soft and one hard).
    pub(in crate::report) fn small_report() -> Report {
        let bank = Bank::load(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/banks/small.json"
        )))
        .unwrap();
        let plan = Plan::new(&bank, "general", None, None).unwrap();
        let answers: HashMap<String, Answer> = [
            ("talk-1", Answer::Level(4)),
            ("talk-2", Answer::Choice("a".into())),
            ("talk-3", Answer::Choice("a".into())),
            ("talk-4", Answer::Choices(vec!["a".into(), "b".into()])),
            ("plan-1", Answer::Level(5)),
            ("plan-2", Answer::Choice("b".into())),
            ("plan-3", Answer::Choice("a".into())),
            ("plan-4", Answer::Choices(vec!["a".into(), "b".into()])),
            ("exp-years", Answer::Number(2.5)),
            ("mentor-kind", Answer::Choice("informal".into())),
            ("mentor-meets", Answer::Flag(false)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05+00:00").unwrap();
        Report::build(&RunResult {
            bank: &bank,
            plan: &plan,
            candidate: "Grace <Hopper> & \"Co\"".into(),
            responses: &Responses {
                answers,
                ..Responses::default()
            },
            mode: crate::report::Mode::Scripted,
            resumed: false,
            started_at: at,
            finished_at: at,
        })
    }

    fn bars(svg: &str) -> usize {
        [AT_TARGET, BELOW_TARGET, NOT_MEASURED]
            .iter()
            .map(|c| {
                let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
                svg.lines()
                    .filter(|l| l.starts_with("<rect") && l.contains(&fill))
                    .count()
            })
            .sum()
    }

    #[test]
    fn one_bar_and_one_label_per_skill() {
        let report = small_report();
        let svg = Chart.render(&report);
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.trim_end().ends_with("</svg>"));
        // Legend swatches use the bar colours too: two of them, then one bar per skill.
        assert_eq!(bars(&svg), report.skills.len() + 2);
        for s in &report.skills {
            assert!(
                svg.contains(&format!(">\n{}\n</text>", s.name)),
                "{}",
                s.name
            );
        }
        assert!(svg.contains("Target for"));
        assert!(svg.contains("Grace &lt;Hopper&gt; &amp; &quot;Co&quot;"));
        assert!(!svg.contains("<Hopper>"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let report = small_report();
        assert_eq!(Chart.render(&report), Chart.render(&report));
    }

    #[test]
    fn unmeasured_skills_say_so() {
        let mut report = small_report();
        report.skills[0].score = None;
        let svg = Chart.render(&report);
        assert!(svg.contains("not measured"));
        assert!(svg.contains("Not measured"), "legend entry");
        assert_eq!(bars(&svg), report.skills.len() + 3);
    }

    #[test]
    fn canvas_grows_with_long_names_and_many_skills() {
        let report = small_report();
        let base = Layout::new(&report);
        let mut long = report.clone();
        long.skills[0].name = "A very long skill name that needs a much wider label column".into();
        let wide = Layout::new(&long);
        assert!(wide.label_w > base.label_w + 200);
        assert!(wide.width > base.width);
        let mut many = report.clone();
        for i in 0..10 {
            let mut s = report.skills[0].clone();
            s.id = format!("extra-{i}");
            many.skills.push(s);
        }
        assert_eq!(
            Layout::new(&many).height - base.height,
            10 * ROW_H,
            "one row per skill"
        );
    }

    #[test]
    fn skills_follow_group_order() {
        let mut report = small_report();
        report.groups.reverse();
        let order: Vec<&str> = rows(&report)
            .iter()
            .map(|row| match row {
                Row::Group { name, .. } => *name,
                Row::Skill(s) => s.id.as_str(),
            })
            .collect();
        let first_group = &report.groups[0];
        assert_eq!(order[0], first_group.name);
        let skill = report
            .skills
            .iter()
            .find(|s| s.group == first_group.id)
            .unwrap();
        assert_eq!(order[1], skill.id);
    }

    #[test]
    fn width_estimates_err_wide() {
        assert!(text_width("Communication", 14.0, false) > 13.0 * 14.0 * 0.55);
        assert!(text_width("沟通", 14.0, false) >= 28.0);
    }
}
