//! The HTML report: one self-contained page with the same content as the Markdown
//! report, the skills chart inlined as SVG, inline CSS, no scripts and no external assets.
//! Readable on a phone (tables scroll sideways) and clean when printed.

use std::fmt::Write;

use super::text::{
    calibration_word, capitalise, coverage_line, figure, level_or_na, mentor_levels, plural,
    quality_lines, rating_rows, run_line, self_level, UNCORRECTED,
};
use super::{Appendix, Chart, Format, Outline, Part, Report};
use crate::bank::Status;
use crate::scoring::{GapKind, SkillResult};

/// A self-contained HTML5 page.
#[derive(Debug, Clone, Copy)]
pub struct Html {
    /// Which evidence answers the appendix lists; by default only those that missed the
    /// best answer, so the printed page stays a few sheets long.
    pub appendix: Appendix,
}

impl Default for Html {
    fn default() -> Self {
        Self {
            appendix: Appendix::Wrong,
        }
    }
}

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de;
  --soft: #f6f8fa; --good: #1a7f37; --warn: #9a6700; --bad: #b42318; --accent: #0072b2; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }
h1, h2, h3, h4 { line-height: 1.25; overflow-wrap: anywhere; }
h1 { font-size: 1.8rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0 0 .35rem; }
p, li, dd, td, th { overflow-wrap: break-word; }
td, th { hyphens: manual; }
.eyebrow { margin: 0; color: var(--muted); font-size: .85rem; letter-spacing: .04em; text-transform: uppercase; }
.tag { color: var(--muted); font-weight: normal; font-size: .9em; }
.verdict { display: inline-block; margin: 0 0 1rem; padding: .4rem .9rem; border: 2px solid var(--accent);
  border-radius: 999px; font-size: 1.15rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.25rem; margin: 0 0 1rem; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; }
meter { width: 8rem; vertical-align: middle; margin-left: .5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.notice { padding: .75rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--good); border-radius: 6px; }
.notice.warning { border-left-color: var(--warn); background: #fff8c5; }
.notice ul { margin: .5rem 0 0; padding-left: 1.25rem; }
.groups { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.chart { margin: 0 0 1.25rem; }
.chart-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.chart svg { display: block; width: 100%; min-width: 36rem; height: auto; }
.chart figcaption { color: var(--muted); font-size: .9rem; margin-top: .35rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0 0 1rem;
  border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; min-width: 38rem; }
th, td { padding: .45rem .65rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
tbody tr:last-child > * { border-bottom: none; }
thead th { background: var(--soft); font-size: .85rem; color: var(--muted); white-space: nowrap; }
tr.group th { background: var(--soft); }
tr.group .tag { margin-left: .5rem; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.below { color: var(--bad); font-size: .85em; }
.status { font-weight: 600; white-space: nowrap; }
.status-met { color: var(--good); }
.status-partial { color: var(--warn); }
.status-unmet { color: var(--bad); }
.gap { border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 6px;
  padding: .75rem 1rem; margin: 0 0 1rem; }
.gap p { margin: .25rem 0 .5rem; }
.steps { list-style: none; padding: 0; margin: .5rem 0 0; }
.steps li { margin: .4rem 0; }
.steps label { display: flex; gap: .6rem; align-items: flex-start; }
.steps input { flex: none; width: 1.1rem; height: 1.1rem; margin: .2rem 0 0; }
.notes li { margin: .4rem 0; }
.note-text { white-space: pre-line; }
.picks { margin: 0; padding-left: 1.1rem; }
.disagree { color: var(--bad); }
.answer { border-top: 1px solid var(--line); padding: .75rem 0; }
.answer dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 0; }
.answer dt { color: var(--muted); font-weight: 600; }
.answer dd { margin: 0; }
blockquote { margin: .4rem 0; padding: .2rem 0 .2rem .8rem; border-left: 3px solid var(--line); color: var(--muted); }
footer { margin-top: 2.5rem; padding-top: .75rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
@media (max-width: 40rem) {
  main { padding: .75rem .75rem 1.5rem; }
  h1 { font-size: 1.45rem; }
  .facts, .answer dl { grid-template-columns: 1fr; gap: 0; }
  .facts dd, .answer dd { margin-bottom: .5rem; }
}
@media print {
  /* Paper: smaller type and margins, no navigation or scroll boxes, a break only before
     the appendix, and no answer, gap or table row split across pages. */
  @page { margin: 1.2cm 1.3cm; }
  * { background: transparent !important; box-shadow: none !important; }
  body { font-size: 9.5pt; line-height: 1.35; color: #000; }
  main { max-width: none; padding: 0; }
  nav, .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h1 { font-size: 16pt; margin: 0 0 .5rem; }
  h2 { font-size: 12.5pt; margin: 1.1rem 0 .4rem; }
  h3 { font-size: 10.5pt; margin: .8rem 0 .3rem; }
  .verdict { margin-bottom: .5rem; }
  .table-wrap { overflow: visible; border: none; border-radius: 0; }
  table { min-width: 0; }
  th, td { padding: .2rem .4rem; }
  thead { display: table-header-group; }
  #appendix { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, .gap, .notice, figure, .facts, .answer dl > * { break-inside: avoid; page-break-inside: avoid; }
  .gap { padding: .4rem .6rem; margin-bottom: .5rem; }
  .answer { padding: .35rem 0; }
  .answer dl { gap: .1rem .8rem; margin-top: .25rem; }
  blockquote { margin: .2rem 0; }
  footer { margin-top: 1rem; }
  .chart-scroll { overflow: visible; }
  .chart svg { min-width: 0; max-height: 14cm; }
}
"#;

impl Format for Html {
    fn extension(&self) -> &'static str {
        "html"
    }

    // `write!` into a String cannot fail; the results are ignored on purpose.
    #[allow(clippy::too_many_lines)]
    fn render(&self, r: &Report) -> String {
        let mut h = String::new();
        let title = format!("{}: {}", r.bank.title, r.candidate);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"{} {}\">\n<title>{}</title>\n<style>{CSS}</style>\n\
             </head>\n<body>\n<main>\n",
            esc(&r.tool.name),
            esc(&r.tool.version),
            esc(&title)
        );
        let _ = writeln!(
            h,
            "<header>\n<p class=\"eyebrow\">{}</p>\n<h1>{}</h1>\n</header>",
            esc(&r.bank.title),
            esc(&r.candidate)
        );

        self.parts(&mut h, r);

        let _ = writeln!(
            h,
            "<footer>\n<p><em>{}</em></p>\n<p>Written by {} {}.</p>\n</footer>\n</main>\n</body>\n</html>",
            esc(&r.limits),
            esc(&r.tool.name),
            esc(&r.tool.version)
        );
        h
    }
}

impl Outline for Html {
    fn part(&self, part: Part, h: &mut String, r: &Report) {
        match part {
            Part::Summary => summary(h, r),
            Part::Quality => quality(h, r),
            Part::Skills => skills(h, r),
            Part::Ratings => ratings(h, r),
            Part::Calibration => calibration(h, r),
            Part::Examples => examples(h, r),
            Part::Prerequisites => prerequisites(h, r),
            Part::Gaps => gaps(h, r),
            Part::MentorNotes => mentor_notes(h, r),
            Part::Appendix => appendix(h, r, self.appendix),
        }
    }
}

fn summary(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section id=\"summary\">\n<h2>Summary</h2>");
    let _ = writeln!(
        h,
        "<p class=\"verdict\">Verdict: <strong>{}</strong></p>",
        esc(&r.readiness.verdict_name)
    );
    let _ = writeln!(h, "<dl class=\"facts\">");
    let range = r.readiness.interval.map_or_else(String::new, |[lo, hi]| {
        format!(" <span class=\"range\">(90% range {lo:.0}–{hi:.0})</span>")
    });
    let _ = writeln!(
        h,
        "<dt>Skills readiness</dt><dd>{:.0} / 100{range} <meter min=\"0\" max=\"100\" value=\"{:.1}\">{:.0}%</meter></dd>",
        r.readiness.score, r.readiness.score, r.readiness.score
    );
    if r.schema_version < 2 {
        let _ = writeln!(h, "<dt>Scoring</dt><dd>{UNCORRECTED}</dd>");
    }
    let _ = writeln!(h, "<dt>Run</dt><dd>{}</dd>", esc(&run_line(r)));
    let _ = writeln!(h, "<dt>Track</dt><dd>{}</dd>", esc(&r.track_name));
    let _ = writeln!(
        h,
        "<dt>Date</dt><dd><time datetime=\"{}\">{}</time></dd>",
        esc(&r.finished_at.to_rfc3339()),
        r.finished_at.format("%Y-%m-%d %H:%M (UTC%:z)")
    );
    let _ = writeln!(
        h,
        "<dt>Bank</dt><dd>{} {} (sha256 <code>{}</code>)</dd>",
        esc(&r.bank.id),
        esc(&r.bank.version),
        esc(r.bank.sha256.get(..12).unwrap_or(&r.bank.sha256))
    );
    if let Some(coverage) = coverage_line(r) {
        let _ = writeln!(h, "<dt>Coverage</dt><dd>{}</dd>", esc(&coverage));
    }
    let warnings = quality_lines(r);
    if !warnings.is_empty() {
        let _ = writeln!(
            h,
            "<dt>Quality</dt><dd><a href=\"#quality\">{}</a></dd>",
            plural(warnings.len(), "warning", "warnings")
        );
    }
    let _ = writeln!(h, "</dl>");
    let _ = writeln!(
        h,
        "<p>{}</p>\n<p>{}</p>\n</section>",
        esc(&r.readiness.summary),
        esc(&r.readiness.reason)
    );
}

fn quality(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section id=\"quality\">\n<h2>Response quality</h2>");
    if r.quality.is_empty() && r.coverage.carried_quality.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"notice\">Nothing in the answers suggests the result is unreliable.</p>"
        );
    } else {
        let _ = writeln!(
            h,
            "<div class=\"notice warning\" role=\"note\">\n<p><strong>This result may be unreliable:</strong></p>\n<ul>"
        );
        let flags = r.quality.iter().chain(&r.coverage.carried_quality);
        for (flag, line) in flags.zip(quality_lines(r)) {
            let _ = writeln!(
                h,
                "<li data-flag=\"{}\">{}</li>",
                esc(flag.id.as_str()),
                esc(&line)
            );
        }
        let _ = writeln!(h, "</ul>\n</div>");
    }
    let _ = writeln!(h, "</section>");
}

fn skill_row(h: &mut String, s: &SkillResult) {
    let carried = if s.carried {
        " <span class=\"tag\">(carried)</span>"
    } else {
        ""
    };
    let range = s.interval.map_or_else(String::new, |[lo, hi]| {
        format!(" <span class=\"range\" title=\"90% range\">({lo:.0}–{hi:.0})</span>")
    });
    let score = match s.score {
        Some(v) if s.gap > 0.0 => format!(
            "{v:.0}{range} <span class=\"below\" title=\"points below target\">&minus;{:.0}</span>",
            s.gap
        ),
        Some(v) => format!("{v:.0}{range}"),
        None => "not measured".to_string(),
    };
    let _ = writeln!(
        h,
        "<tr data-skill=\"{}\"><th scope=\"row\">{}{carried}</th><td class=\"num\">{score}</td><td class=\"num\">{:.0}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
        esc(&s.id),
        esc(&s.name),
        s.target,
        esc(s.band_name.as_deref().unwrap_or("n/a")),
        self_level(s),
        calibration_word(s.calibration.status)
    );
}

fn skills(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section id=\"skills\">\n<h2>Skills</h2>");
    let _ = writeln!(
        h,
        "<figure class=\"chart\">\n<div class=\"chart-scroll\">\n{}</div>\n<figcaption>Each bar runs from 0 to the skill's chance-corrected evidence score (blue: at or above target, orange: below target); the whisker spans its 90% range. The black line marks the target for the {} track.</figcaption>\n</figure>",
        Chart.render(r),
        esc(&r.track_name)
    );
    let groups = super::chart::grouped(r);
    if !r.groups.is_empty() {
        let _ = writeln!(h, "<ul class=\"groups\">");
        for g in &r.groups {
            let _ = writeln!(
                h,
                "<li><strong>{}</strong>: {} (target {:.0})</li>",
                esc(&g.name),
                figure(g.score),
                g.target
            );
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(
        h,
        "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Skill</th><th scope=\"col\">Score (90% range)</th><th scope=\"col\">Target</th><th scope=\"col\">Band</th><th scope=\"col\">Self-rating</th><th scope=\"col\">Calibration</th></tr></thead>"
    );
    for (name, group, members) in groups {
        let figures = group.map_or_else(String::new, |g| {
            format!(
                " <span class=\"tag\">{} (target {:.0})</span>",
                figure(g.score),
                g.target
            )
        });
        let _ = writeln!(
            h,
            "<tbody>\n<tr class=\"group\"><th colspan=\"6\" scope=\"rowgroup\">{}{figures}</th></tr>",
            esc(name)
        );
        for s in members {
            skill_row(h, s);
        }
        let _ = writeln!(h, "</tbody>");
    }
    let _ = writeln!(h, "</table>\n</div>\n</section>");
}

fn calibration(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section id=\"calibration\">\n<h2>Calibration</h2>");
    let flagged: Vec<_> = r.miscalibrated().collect();
    if flagged.is_empty() {
        let _ = writeln!(
            h,
            "<p>Your self-ratings match the evidence for every skill measured.</p>"
        );
    } else {
        let _ = writeln!(h, "<ul>");
        for s in flagged {
            let _ = writeln!(
                h,
                "<li data-skill-note=\"{}\"><strong>{}</strong> ({}): {}</li>",
                esc(&s.id),
                esc(&s.name),
                calibration_word(s.calibration.status),
                esc(&s.calibration.note)
            );
        }
        let _ = writeln!(h, "</ul>");
    }
    if let Some(cbm) = &r.cbm {
        let _ = writeln!(
            h,
            "<h3>Certainty-based marking</h3>\n<p>{}</p>\n<ul>",
            esc(&cbm.headline())
        );
        for line in cbm.level_lines() {
            let _ = writeln!(h, "<li>{}</li>", esc(&line));
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(h, "</section>");
}

fn examples(h: &mut String, r: &Report) {
    let notes: Vec<_> = r.evidence_notes().collect();
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section id=\"examples\">\n<h2>Examples from your work</h2>\n<p>What you gave as evidence for your self-ratings, for a mentor to check.</p>\n<ul class=\"notes\">"
    );
    for (skill, a) in notes {
        let _ = writeln!(
            h,
            "<li><strong>{}</strong> ({}): <span class=\"note-text\">{}</span></li>",
            esc(skill),
            esc(a.answer_text.split(':').next().unwrap_or_default()),
            esc(a.evidence.as_deref().unwrap_or_default())
        );
    }
    let _ = writeln!(h, "</ul>\n</section>");
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Met | Status::Offset => "status status-met",
        Status::Partial => "status status-partial",
        Status::Unmet => "status status-unmet",
    }
}

fn prerequisites(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<section id=\"prerequisites\">\n<h2>Prerequisites</h2>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Prerequisite</th><th scope=\"col\">Status</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>"
    );
    for c in &r.rubric {
        let carried = if c.carried {
            " <span class=\"tag\">(carried)</span>"
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr data-criterion=\"{}\"><th scope=\"row\">{}{carried}</th><td><span class=\"{}\">{}</span></td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.name),
            status_class(c.status),
            c.status.as_str(),
            esc(&c.detail)
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>\n</div>\n</section>");
}

fn gaps(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section id=\"gaps\">\n<h2>Gaps and next steps</h2>");
    if r.gaps.is_empty() {
        let _ = writeln!(
            h,
            "<p>No gaps: every skill measured is at or above target and every prerequisite is met.</p>"
        );
    }
    for (i, gap) in r.gaps.iter().enumerate() {
        let kind = match gap.kind {
            GapKind::Skill => "skill",
            GapKind::Prerequisite => "prerequisite",
        };
        let detail = match gap.status {
            Some(status) => format!("{}: {}", status.as_str(), gap.detail),
            None => gap.detail.clone(),
        };
        let _ = writeln!(
            h,
            "<article class=\"gap\" data-gap=\"{}\">\n<h3>{}. {} <span class=\"tag\">({kind}, priority {:.1})</span></h3>\n<p>{}</p>",
            esc(&gap.id),
            i + 1,
            esc(&gap.name),
            gap.priority,
            esc(&capitalise(&detail))
        );
        if !gap.next_steps.is_empty() {
            let _ = writeln!(h, "<ul class=\"steps\">");
            for step in &gap.next_steps {
                let _ = writeln!(
                    h,
                    "<li><label><input type=\"checkbox\"> <span>{}</span></label></li>",
                    esc(step)
                );
            }
            let _ = writeln!(h, "</ul>");
        }
        let _ = writeln!(h, "</article>");
    }
    let _ = writeln!(h, "</section>");
}

fn mentor_notes(h: &mut String, r: &Report) {
    if r.mentor_notes.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section id=\"mentor-notes\">\n<h2>Mentor notes</h2>\n<ul class=\"notes\">"
    );
    for note in &r.mentor_notes {
        let about = note
            .skill
            .as_ref()
            .map_or(String::new(), |s| format!(" on {}", esc(r.name_of(s))));
        let _ = writeln!(
            h,
            "<li><strong>{}</strong>{about}, <time datetime=\"{}\">{}</time>: <span class=\"note-text\">{}</span></li>",
            esc(&note.mentor),
            esc(&note.at.to_rfc3339()),
            note.at.format("%Y-%m-%d"),
            esc(&note.text)
        );
    }
    let _ = writeln!(h, "</ul>\n</section>");
}

fn ratings(h: &mut String, r: &Report) {
    let rows = rating_rows(r);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section id=\"ratings\">\n<h2>Self, mentor and evidence</h2>\n<p>Levels 1-5 on each skill's self-rating scale. One level apart is worth a short talk; two or more is a disconnect to discuss.</p>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Skill</th><th scope=\"col\">Self-rating</th><th scope=\"col\">Mentor rating</th><th scope=\"col\">Evidence</th><th scope=\"col\">Agreement</th></tr></thead>\n<tbody>"
    );
    for row in &rows {
        let agreement = if row.disagree {
            "<strong class=\"disagree\">disagree</strong> (2+ levels)"
        } else {
            "within 1 level"
        };
        let _ = writeln!(
            h,
            "<tr data-rating=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{agreement}</td></tr>",
            esc(&row.skill.id),
            esc(&row.skill.name),
            level_or_na(row.own),
            esc(&mentor_levels(row)),
            level_or_na(row.evidence)
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>\n</div>\n</section>");
}

/// The entries as one text, or as a list when there are several.
fn entries(list: &[&str]) -> String {
    match list {
        [] => "(nothing selected)".to_string(),
        [one] => esc(one),
        many => {
            let items: String = many
                .iter()
                .map(|e| format!("<li>{}</li>", esc(e)))
                .collect();
            format!("<ul class=\"picks\">{items}</ul>")
        }
    }
}

fn appendix(h: &mut String, r: &Report, appendix: Appendix) {
    let listed = r.appendix_answers(appendix);
    match appendix {
        Appendix::None => return,
        Appendix::All => {
            let _ = writeln!(
                h,
                "<section id=\"appendix\">\n<h2>Appendix: evidence answers</h2>\n<p>Every scenario, knowledge and multi-select answer, with the best answer and why.</p>"
            );
        }
        Appendix::Wrong => {
            let missed: usize = listed.iter().map(|(_, a)| a.len()).sum();
            let _ = writeln!(
                h,
                "<section id=\"appendix\">\n<h2>Appendix: answers that missed the best</h2>\n<p>{} missed the best answer; each is below with the best answer and why (<code>--appendix all</code> lists every answer).</p>",
                plural(missed, "evidence answer", "evidence answers")
            );
        }
    }
    for (s, answers) in listed {
        let _ = writeln!(h, "<h3>{}</h3>", esc(&s.name));
        for a in answers {
            let _ = writeln!(
                h,
                "<article class=\"answer\" data-answer=\"{}\">\n<h4>{} <span class=\"tag\">({}, score {:.2})</span></h4>\n<blockquote>{}</blockquote>\n<dl>\n<dt>Your answer</dt><dd>{}</dd>",
                esc(&a.id),
                esc(&a.id),
                esc(a.kind.as_str()),
                a.score.unwrap_or(0.0),
                esc(&a.prompt),
                entries(&a.answer_list())
            );
            if a.is_best() {
                let _ = writeln!(h, "<dt>Best answer</dt><dd>same</dd>");
            } else if a.best_answer.is_some() {
                let _ = writeln!(
                    h,
                    "<dt>Best answer</dt><dd>{}</dd>",
                    entries(&a.best_list())
                );
            }
            if let Some(feedback) = &a.feedback {
                let _ = writeln!(h, "<dt>Why</dt><dd>{}</dd>", esc(feedback));
            }
            let _ = writeln!(h, "</dl>\n</article>");
        }
    }
    let _ = writeln!(h, "</section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::QualityFlag;
    use crate::report::chart::tests::small_report;
    use crate::report::MentorNote;

    fn hostile_report() -> Report {
        let mut r = small_report();
        r.quality.push(QualityFlag {
            id: crate::quality::FlagId::TooFast,
            message: "Answers <b>too</b> fast & \"sloppy\"".into(),
        });
        r.mentor_notes.push(MentorNote {
            mentor: "Ada <script>alert(1)</script>".into(),
            at: r.finished_at,
            skill: Some(r.skills[0].id.clone()),
            text: "Good start & keep going: 'really'".into(),
        });
        r
    }

    #[test]
    fn escapes_every_kind_of_text() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        let html = Html::default().render(&hostile_report());
        assert!(!html.contains("<script"));
        assert!(!html.contains("<Hopper>"));
        assert!(!html.contains("<b>too</b>"));
        assert!(html.contains("Grace &lt;Hopper&gt; &amp; &quot;Co&quot;"));
        assert!(html.contains("Ada &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Good start &amp; keep going: &#39;really&#39;"));
    }

    #[test]
    fn has_every_section_and_a_row_per_skill() {
        let r = hostile_report();
        let html = Html::default().render(&r);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("name=\"viewport\""));
        for id in [
            "summary",
            "quality",
            "skills",
            "calibration",
            "prerequisites",
            "gaps",
            "mentor-notes",
            "appendix",
        ] {
            assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
        }
        for s in &r.skills {
            assert_eq!(html.matches(&format!("data-skill=\"{}\"", s.id)).count(), 1);
        }
        assert!(html.contains("<svg"), "chart inlined");
        assert!(html.contains("type=\"checkbox\""));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn optional_sections_only_when_there_is_content() {
        let html = Html::default().render(&small_report());
        assert!(!html.contains("id=\"mentor-notes\""));
        assert!(!html.contains("id=\"examples\""));
        assert!(html.contains("Nothing in the answers suggests"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let r = hostile_report();
        assert_eq!(Html::default().render(&r), Html::default().render(&r));
        assert_eq!(Html::default().extension(), "html");
    }
}
