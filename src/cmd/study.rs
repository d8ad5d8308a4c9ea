//! `tpm-ready study`: a Monte-Carlo study of a bank, for bank authors and for CI.

use std::fmt::Write;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::bank::Bank;
use crate::cli::StudyArgs;
use crate::error::UsageError;
use crate::study::{self, Strategy, Study};

/// Runs `study`.
pub fn run(args: &StudyArgs, ctx: &super::Context) -> anyhow::Result<()> {
    let bank = Bank::load_or_embedded(args.bank.as_deref())?;
    bank.print_warnings();
    let track = bank.track_or_default(args.track.as_deref());
    if args.runs == 0 {
        return Err(UsageError::Invalid("--runs must be at least 1".into()).into());
    }
    let total = (args.runs * Strategy::ALL.len()) as u64;
    // A bar only when a person watches; scripts and tests get clean output.
    let target = if std::io::stderr().is_terminal() && !ctx.output.quiet {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        ProgressStyle::with_template("[{bar:30.cyan/blue}] {pos}/{len} simulated runs")
            .expect("static template is valid")
            .progress_chars("=> "),
    );
    let result = study::run(&bank, &track, args.runs, args.seed, || bar.inc(1))
        .map_err(|e| UsageError::Invalid(format!("--track: {e}")))?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print!("{}", text(&result));
    }
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The study as a plain-text report.
pub fn text(s: &Study) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Study of bank {} on track {}: {} simulated runs per respondent, seed {}\n",
        s.bank, s.track, s.runs, s.seed
    );
    let _ = writeln!(out, "Respondents (share of runs per verdict):");
    let mut header = format!(
        "  {:<24} {:>9} {:>11}",
        "respondent", "readiness", "near_chance"
    );
    for v in &s.verdict_order {
        let _ = write!(header, " {v:>20}");
    }
    let _ = writeln!(out, "{header}");
    for r in &s.strategies {
        let mut row = format!(
            "  {:<24} {:>9.1} {:>11}",
            r.strategy.name(),
            r.mean_readiness,
            pct(r.near_chance)
        );
        for v in &s.verdict_order {
            let _ = write!(
                row,
                " {:>20}",
                pct(r.verdict_shares.get(v).copied().unwrap_or(0.0))
            );
        }
        let _ = writeln!(out, "{row}");
    }
    let _ = writeln!(
        out,
        "\nSkills (chance level and mean 90% half-width, in points):"
    );
    let _ = writeln!(
        out,
        "  {:<24} {:>5} {:>7} {:>14} {:>13}",
        "skill", "items", "chance", "±width random", "±width keyed"
    );
    for k in &s.skills {
        let _ = writeln!(
            out,
            "  {:<24} {:>5} {:>7.1} {:>14.1} {:>13.1}",
            k.id, k.items, k.chance, k.half_width_random, k.half_width_keyed
        );
    }
    let c = &s.cues;
    let _ = writeln!(
        out,
        "\nCue audit ({} scenarios, {} knowledge items):",
        c.scenarios, c.knowledge
    );
    let positions: Vec<String> = c
        .key_positions
        .iter()
        .map(|(p, n)| format!("{p}: {n}"))
        .collect();
    let _ = writeln!(out, "  key positions        {}", positions.join(", "));
    let _ = writeln!(
        out,
        "  key is longest       {} of items (mean length rank {:.2})",
        pct(c.key_longest),
        c.key_length_rank
    );
    let _ = writeln!(
        out,
        "  steps per option     keys {:.2}, distractors {:.2}",
        c.steps.keys, c.steps.distractors
    );
    let _ = writeln!(
        out,
        "  rationale clauses    keys {}, distractors {}",
        pct(c.rationale.keys),
        pct(c.rationale.distractors)
    );
    let _ = writeln!(
        out,
        "  absolute words       keys {}, distractors {}",
        pct(c.absolutes.keys),
        pct(c.absolutes.distractors)
    );
    let _ = writeln!(
        out,
        "  surface strategies   scenario keys found / knowledge keys found"
    );
    for (name, rate) in &c.scenario_key_hits {
        let _ = writeln!(
            out,
            "    {:<26} {:>5} / {:>5}",
            name,
            pct(*rate),
            pct(c.knowledge_key_hits.get(name).copied().unwrap_or(0.0))
        );
    }
    out
}
