//! The command line: clap derive types, one struct per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Examples:
  tpm-ready                                   take the quiz (same as `tpm-ready quiz`)
  tpm-ready quiz --name \"Ada Lovelace\" --track back-end
  tpm-ready questions --json > questions.json  list question ids to write an answers file
  tpm-ready quiz --quick                       a shorter form (about half the questions)
  tpm-ready quiz --answers answers.json        score an answers file, no prompts
  tpm-ready validate my-bank/                  check a bank you wrote
  tpm-ready study --bank my-bank/              what guessing and wording cues would score

Exit codes: 0 success, 1 runtime error (or problems found by `validate`),
2 usage or invalid input, 130 stopped by the user (Esc or Ctrl-C).";

/// Assess your readiness to become a Technical Program Manager.
///
/// A terminal quiz on the skills a TPM needs (soft and hard skills) and the usual
/// prerequisites. It writes a gap report (JSON and Markdown) with concrete next steps.
#[derive(Debug, Parser)]
#[command(name = "tpm-ready", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do; without a command, `quiz` runs.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options of `quiz`, so `tpm-ready --name X` works without naming the command.
    #[command(flatten)]
    pub quiz: QuizArgs,

    /// When to use colours: auto (terminal and no `NO_COLOR`), always or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        global = true
    )]
    pub color: ColorChoice,

    /// Leave out summaries and confirmations; what a command exists to print (a listing,
    /// a report, --json) and warnings still appear.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

impl Cli {
    /// Quiz options before a subcommand (`tpm-ready --name X questions`) would be silently
    /// ignored; refuse them like any other misplaced flag. `--color` and `--quiet` are
    /// global and fine anywhere.
    pub fn check_placement(matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        let Some(sub) = matches.subcommand_name() else {
            return Ok(());
        };
        let misplaced = matches.ids().map(clap::Id::as_str).find(|id| {
            !["color", "quiet"].contains(id)
                && matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
        });
        match misplaced {
            Some(id) => Err(clap::Error::raw(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "--{} belongs after the subcommand: `tpm-ready {sub} --{} ...`\n",
                    id.replace('_', "-"),
                    id.replace('_', "-")
                ),
            )),
            None => Ok(()),
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take the quiz (interactive, or scripted with --answers) and write a gap report.
    Quiz(QuizArgs),
    /// List the questions of a track, so a person or script can write an answers file.
    Questions(QuestionsArgs),
    /// Check a question bank and list every problem.
    Validate(ValidateArgs),
    /// Read a saved report in the terminal, or add a mentor's note or skill ratings to it.
    Review(ReviewArgs),
    /// Show a candidate's progress over all their runs (table, progress.md, progress.svg).
    Progress(ProgressArgs),
    /// Compare the latest reports of several candidates (for a mentor with mentees).
    Cohort(CohortArgs),
    /// Item analysis over saved reports (facility, discrimination, Cronbach's alpha), for
    /// bank authors; also writes DIR/stats.md.
    Stats(StatsArgs),
    /// Flat export of every saved report for `DuckDB`, Spark or a spreadsheet: one row per
    /// report and skill, or per report and answer with --items.
    Export(ExportArgs),
    /// Simulate respondents on a bank: verdicts of guessing, surface strategies and keyed
    /// answers, chance levels, interval widths and a cue audit (for bank authors and CI).
    Study(StudyArgs),
    /// Convert a bank between JSON (a file or folder) and GIFT, Moodle's text format,
    /// chosen by OUT's extension (.json or .gift).
    Convert(ConvertArgs),
    /// Print the JSON Schema of a bank, answers or report file.
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the man page (roff); e.g. `tpm-ready man > tpm-ready.1`.
    Man,
}

/// Options of `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The bank to read: a JSON or GIFT file, or a folder of them.
    #[arg(value_name = "IN")]
    pub input: PathBuf,

    /// The file to write: `.gift` (questions; self-ratings as comments) or `.json` (the
    /// whole bank in one file).
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
}

/// Options of `study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Question bank (default: the built-in TPM bank).
    #[arg(long, value_name = "PATH")]
    pub bank: Option<PathBuf>,

    /// Track to study (default: the bank's default track).
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,

    /// Simulated runs per respondent strategy.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub runs: usize,

    /// Seed of the simulation, to reproduce a study.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Print the study as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Options of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: crate::schema::Kind,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Options of `review`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("change").args(["note", "rate"]).multiple(true)))]
pub struct ReviewArgs {
    /// A report JSON file, or a candidate name for their latest report under --dir.
    #[arg(value_name = "REPORT|NAME")]
    pub report: String,

    /// Folder of reports used to look up a candidate name.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub dir: PathBuf,

    /// Add this note to the report (`-` reads it from stdin); needs --mentor.
    #[arg(long, value_name = "TEXT", requires = "mentor")]
    pub note: Option<String>,

    /// Rate a skill on its own 1-5 self-rating scale, e.g. `risk-management=3`
    /// (repeatable); needs --mentor.
    #[arg(long, value_name = "SKILL=LEVEL", requires = "mentor")]
    pub rate: Vec<String>,

    /// Who writes the note or the ratings.
    #[arg(long, value_name = "NAME", requires = "change")]
    pub mentor: Option<String>,

    /// The skill the note is about (a skill id in the report).
    #[arg(long, value_name = "ID", requires = "note")]
    pub skill: Option<String>,

    /// Bank with the skills' self-rating anchors shown when rating (default: the
    /// built-in bank; used only when it is the report's bank).
    #[arg(long, value_name = "PATH", requires = "rate")]
    pub bank: Option<PathBuf>,

    /// Which evidence answers the regenerated documents' appendix lists (default: all in
    /// Markdown, wrong in HTML).
    #[arg(long, value_enum, value_name = "WHICH", requires = "change")]
    pub appendix: Option<crate::report::Appendix>,

    /// Print the report as JSON instead of text.
    #[arg(long, conflicts_with = "change")]
    pub json: bool,

    /// Print straight to the terminal instead of through $PAGER (or `less -FR`); the
    /// pager is used only when stdout is a terminal.
    #[arg(long)]
    pub no_pager: bool,
}

/// Options of `progress`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Candidate name (may be left out when --dir holds one candidate).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Folder of reports.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub dir: PathBuf,

    /// Print the progress data as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Options of `cohort`.
#[derive(Debug, Args)]
pub struct CohortArgs {
    /// Folder with one subfolder of reports per candidate.
    #[arg(value_name = "DIR", default_value = "reports")]
    pub dir: PathBuf,

    /// Print the cohort data as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Options of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Folder with one subfolder of reports per candidate.
    #[arg(value_name = "DIR", default_value = "reports")]
    pub dir: PathBuf,

    /// Every run of every candidate, not only each candidate's first.
    #[arg(long)]
    pub all_runs: bool,

    /// Bank the chance levels (random guess) come from (default: the built-in bank).
    #[arg(long, value_name = "PATH")]
    pub bank: Option<PathBuf>,

    /// Print the analysis as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder with one subfolder of reports per candidate.
    #[arg(value_name = "DIR", default_value = "reports")]
    pub dir: PathBuf,

    /// Output format; the rows go to stdout.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "csv")]
    pub format: ExportFormat,

    /// One row per (report, answer) instead of per (report, skill).
    #[arg(long)]
    pub items: bool,
}

/// Options of `quiz`.
#[derive(Debug, Default, Args)]
pub struct QuizArgs {
    /// Candidate name (asked when missing in an interactive run).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Track: general, front-end, back-end or senior (see `tpm-ready questions --help`).
    #[arg(long, value_name = "TRACK", conflicts_with = "focus")]
    pub track: Option<String>,

    /// Only these skills, comma-separated ids; the report is then marked partial.
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        conflicts_with = "focus"
    )]
    pub skills: Option<Vec<String>>,

    /// Retake only the gaps of an earlier report (a report file, or a candidate name for
    /// their latest report under --out); other results are carried over.
    #[arg(long, value_name = "REPORT|NAME")]
    pub focus: Option<String>,

    /// Report documents to write, comma-separated: json, md, html (JSON and the skills
    /// chart SVG are always written).
    #[arg(
        long,
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "json,md"
    )]
    pub format: Vec<ReportFormat>,

    /// Which evidence answers the report's appendix lists: all, wrong (only those that
    /// missed the best answer) or none. Default: all in Markdown, wrong in HTML (a short
    /// printout).
    #[arg(long, value_enum, value_name = "WHICH")]
    pub appendix: Option<crate::report::Appendix>,

    /// Shuffle questions within each skill and the options of each question.
    #[arg(long)]
    pub shuffle: bool,

    /// Seed for --shuffle, to reproduce an order (implies --shuffle; recorded in the report).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Question bank: a JSON or GIFT file, or a folder of them (default: the built-in TPM bank).
    #[arg(long, value_name = "PATH")]
    pub bank: Option<PathBuf>,

    /// Folder for reports; each candidate gets a subfolder.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Score this answers file instead of asking (`-` reads stdin); see README for the format.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// With --answers: score the answers that are there instead of refusing missing ones.
    #[arg(long, requires = "answers")]
    pub allow_partial: bool,

    /// Resume the candidate's unfinished run without asking.
    #[arg(long, conflicts_with_all = ["answers", "restart"])]
    pub resume: bool,

    /// Discard the candidate's unfinished run (after confirming) and start again.
    #[arg(long, conflicts_with = "answers")]
    pub restart: bool,

    /// Take the bank's short form (about a third of the questions, wider ranges); the
    /// report is marked quick.
    #[arg(long)]
    pub quick: bool,

    /// Certainty-based marking: after each evidence item, ask how sure you are (C1, C2,
    /// C3); the report adds a calibration section. Scripted runs take `certainty` from the
    /// answers file instead.
    #[arg(long)]
    pub certainty: bool,
}

/// A report document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// The JSON report (always written: `review` and `progress` read it).
    Json,
    /// Markdown for people.
    Md,
    /// One self-contained HTML file for sharing and printing.
    Html,
}

/// Options of `questions`.
#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Track whose questions to list.
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,

    /// List the form this candidate's next run gets (from their reports under --out);
    /// without it, the form of a first run.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Folder of reports, read with --name.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// List the short form of `quiz --quick`.
    #[arg(long)]
    pub quick: bool,

    /// List the whole pool of the track, not one form.
    #[arg(long, conflicts_with_all = ["name", "quick"])]
    pub pool: bool,

    /// Question bank: a JSON or GIFT file, or a folder of them (default: the built-in TPM bank).
    #[arg(long, value_name = "PATH")]
    pub bank: Option<PathBuf>,

    /// Print JSON for scripts instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Options of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Bank to check: a JSON or GIFT file, or a folder of them (default: the built-in bank).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Print the result as JSON: `{"ok", "bank", "problems": [{file, place, message}]}`.
    #[arg(long)]
    pub json: bool,

    /// Check the expert panel's keying instead: agreement per scenario item and overall
    /// (ratings in the bank folder's `panel/`; the built-in bank's are built in).
    #[arg(long)]
    pub panel: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
