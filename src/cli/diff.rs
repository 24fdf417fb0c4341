//! `whydiff diff`: compares two builds and explains every difference — text, JSON or Markdown,
//! several at once from one comparison (`--json FILE --markdown FILE …`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::report::text::TextOptions;
use whydiff::report::{json, markdown, text, Report};

use super::compare::CompareArgs;

/// Arguments of `whydiff diff`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: CompareArgs,
    /// Report format on standard output (or in --output). Without it, standard output gets the
    /// text report unless a file is named with --text, --json or --markdown.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the text report to FILE.
    #[arg(long, value_name = "FILE")]
    text: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write the Markdown summary to FILE.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Show every difference, including derived ones and whole text hunks.
    #[arg(short, long)]
    verbose: bool,
}

/// The report formats of `whydiff diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For a terminal or a log.
    Text,
    /// The report of the contract, for programs.
    Json,
    /// A summary to paste into an issue or a pull-request comment.
    Markdown,
}

/// Runs the command: 0 identical, 1 different, an error (exit 2) on trouble.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = args.compare.compare()?;
    let files = [
        (Format::Text, &args.text),
        (Format::Json, &args.json),
        (Format::Markdown, &args.markdown),
    ];
    for (format, path) in files {
        if let Some(path) = path {
            super::output::write_to(Some(path), |out| emit(&report, format, args.verbose, out))?;
        }
    }
    let named_files = files.iter().any(|(_, path)| path.is_some());
    if !named_files || args.format.is_some() || args.output.is_some() {
        let format = args.format.unwrap_or(Format::Text);
        super::output::write_to(args.output.as_deref(), |out| {
            emit(&report, format, args.verbose, out)
        })?;
    }
    Ok(if report.identical() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes the report in `format` to `out`; JSON as it is serialized, never held whole.
fn emit(
    report: &Report,
    format: Format,
    verbose: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
        Format::Text => text::write(report, TextOptions { verbose }, out),
        Format::Markdown => markdown::write(report, out),
    }
}
