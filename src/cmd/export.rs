//! `tpm-ready export DIR --format csv|jsonl [--items]`: every saved report as flat rows
//! on stdout. Reports are read one at a time, so memory stays flat however many there are.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::UsageError;
use crate::export::{Exported, ExportedItems, ItemLine, SkillLine};
use crate::history;

/// Writes rows as CSV (with a header) or JSON lines.
enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> Sink<W> {
    fn row(&mut self, row: &impl Serialize) -> anyhow::Result<()> {
        match self {
            Self::Csv(w) => w.serialize(row)?,
            Self::Jsonl(w) => {
                serde_json::to_writer(&mut *w, row)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::Csv(mut w) => w.flush()?,
            Self::Jsonl(mut w) => w.flush()?,
        }
        Ok(())
    }
}

/// A report as read for one export mode.
enum Parsed {
    Skills(Exported),
    Items(ExportedItems),
}

fn name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Whether writing failed because the reader went away (`export ... | head`).
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe))
            || cause.downcast_ref::<serde_json::Error>().is_some_and(|j| {
                j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Runs `export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    match write_rows(args) {
        Err(e) if broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn write_rows(args: &ExportArgs) -> anyhow::Result<()> {
    let csv = args.format == ExportFormat::Csv;
    let dirs = history::candidate_dirs(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.dir.display()))?;
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sink = match args.format {
        ExportFormat::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(stdout))),
        ExportFormat::Jsonl => Sink::Jsonl(stdout),
    };
    // Reports in order, candidate by candidate; parsed on every core, written in order.
    let mut files = Vec::new();
    for (d, dir) in dirs.iter().enumerate() {
        files.extend(history::report_files(dir)?.into_iter().map(|f| (d, f)));
    }
    let items = args.items;
    let parse = |(d, path): &(usize, std::path::PathBuf)| {
        let parsed = if items {
            history::read_as::<ExportedItems>(path).map(Parsed::Items)
        } else {
            history::read_as::<Exported>(path).map(Parsed::Skills)
        };
        (*d, name(path), parsed)
    };
    let mut read = 0;
    let (mut dir_now, mut run) = (usize::MAX, 0);
    crate::par::map_ordered(&files, parse, |(d, file, parsed)| -> anyhow::Result<()> {
        if d != dir_now {
            (dir_now, run) = (d, 0);
        }
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(problem) => {
                eprintln!("warning: skipping {problem}");
                return Ok(());
            }
        };
        run += 1;
        read += 1;
        match parsed {
            Parsed::Items(r) => {
                for a in &r.answers {
                    sink.row(&ItemLine {
                        candidate: &r.candidate,
                        report: &file,
                        run,
                        started_at: r.started_at.as_deref(),
                        finished_at: &r.finished_at,
                        track: &r.track,
                        mode: r.run.mode.as_str(),
                        quick: r.run.quick,
                        question: &a.id,
                        section: &a.section,
                        skill: a.skill.as_deref(),
                        criterion: a.criterion.as_deref(),
                        kind: &a.kind,
                        answer: if csv {
                            serde_json::Value::String(a.answer.to_string())
                        } else {
                            a.answer.clone()
                        },
                        score: a.score,
                        seconds: a.seconds,
                    })?;
                }
            }
            Parsed::Skills(r) => {
                for s in &r.skills {
                    sink.row(&SkillLine {
                        candidate: &r.candidate,
                        report: &file,
                        run,
                        started_at: r.started_at.as_deref(),
                        finished_at: &r.finished_at,
                        track: &r.track,
                        mode: r.run.mode.as_str(),
                        quick: r.run.quick,
                        skill: &s.id,
                        raw: s.raw,
                        chance: s.chance,
                        score: s.score,
                        interval_low: s.interval.map(|i| i[0]),
                        interval_high: s.interval.map(|i| i[1]),
                        self_rating: s.self_rating,
                        mentor_rating: r.mentor_rating(&s.id),
                    })?;
                }
            }
        }
        Ok(())
    })?;
    sink.finish()?;
    if read == 0 {
        return Err(UsageError::NoReports(args.dir.display().to_string()).into());
    }
    Ok(())
}
