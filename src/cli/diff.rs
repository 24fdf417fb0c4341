//! `whydiff diff`: compares two builds and explains every difference, as text or JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::report::text::TextOptions;
use whydiff::report::{json, text, Report};

use super::compare::CompareArgs;

/// Arguments of `whydiff diff`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: CompareArgs,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show every difference, including derived ones and whole text hunks.
    #[arg(short, long)]
    verbose: bool,
}

/// The report formats of `whydiff diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs the command: 0 identical, 1 different, an error (exit 2) on trouble.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = args.compare.compare()?;
    super::output::write_to(args.output.as_deref(), |out| {
        emit(&report, args.format, args.verbose, out)
    })?;
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
    }
}
