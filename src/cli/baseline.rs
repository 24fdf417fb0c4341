//! `whydiff baseline`: compares two builds (or reads a saved report) and writes the baseline that
//! accepts every root difference found — one class per category and cause, as TOML to edit and
//! commit.

use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::gate;

use super::compare::CompareArgs;
use super::output::named_output;

/// Arguments of `whydiff baseline`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: Option<CompareArgs>,
    /// Take the classes of this report (`whydiff diff --format json`) instead of comparing LEFT
    /// and RIGHT.
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["left", "right"])]
    report: Option<PathBuf>,
    /// Write the baseline to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs the command: 0 when the baseline is written, an error (exit 2) otherwise.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let document = match (&args.report, &args.compare) {
        (Some(report), _) => super::check::read_report(report)?,
        (None, Some(compare)) => gate::document_of(&compare.compare()?)?,
        (None, None) => {
            anyhow::bail!("baseline needs two builds (LEFT RIGHT) or --report FILE.json")
        }
    };
    let baseline = gate::baseline_from(&document);
    super::output::write_to(named_output(&args.output), |out| {
        out.write_all(baseline.to_toml().as_bytes())
    })?;
    Ok(ExitCode::SUCCESS)
}
