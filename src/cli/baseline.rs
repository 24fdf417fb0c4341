//! `whydiff baseline`: compares two builds and writes the baseline that accepts every root
//! difference found — one class per category and cause, as TOML to edit and commit.

use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::gate;

use super::compare::CompareArgs;

/// Arguments of `whydiff baseline`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: CompareArgs,
    /// Write the baseline to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs the command: 0 when the baseline is written, an error (exit 2) otherwise.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = args.compare.compare()?;
    let document = gate::document_of(&report)?;
    let baseline = gate::baseline_from(&document);
    super::output::write_to(args.output.as_deref(), |out| {
        out.write_all(baseline.to_toml().as_bytes())
    })?;
    Ok(ExitCode::SUCCESS)
}
