//! `whydiff check`: the CI gate. Compares two builds (or reads a saved report) and holds the root
//! differences against a baseline of known classes: 0 when each is in a known class, 1 naming
//! each new class, 2 on trouble. `--update-baseline` rewrites the baseline instead of failing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use whydiff::gate::{self, Baseline, Outcome};
use whydiff::report::document::ReportDocument;

use super::compare::CompareArgs;
use super::output::named_output;

/// Arguments of `whydiff check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: Option<CompareArgs>,
    /// Check this report (`whydiff diff --format json`) instead of comparing LEFT and RIGHT.
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["left", "right"])]
    report: Option<PathBuf>,
    /// The baseline of known classes (`whydiff baseline` writes one).
    #[arg(long, value_name = "FILE")]
    baseline: PathBuf,
    /// Rewrite the baseline: keep the classes still occurring (and their notes), add the new
    /// ones, drop the fixed ones; exit 0.
    #[arg(long)]
    update_baseline: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the output to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The output formats of `whydiff check`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// `whydiff-check/1`.
    Json,
    /// JUnit XML (Jenkins, GitLab).
    Junit,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
}

/// Runs the command: 0 pass (or baseline updated), 1 new classes, an error (exit 2) on trouble.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let baseline = read_baseline(&args.baseline)?;
    let document = match (&args.report, &args.compare) {
        (Some(report), _) => read_report(report)?,
        (None, Some(compare)) => gate::document_of(&compare.compare()?)?,
        (None, None) => anyhow::bail!("check needs two builds (LEFT RIGHT) or --report FILE.json"),
    };
    let outcome = gate::check(&baseline, &document);
    super::output::write_to(named_output(&args.output), |out| {
        emit(&outcome, args.format, out)
    })?;
    if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
        super::output::write_to(None, |out| gate::github::write(&outcome, out))?;
    }
    if args.update_baseline {
        let updated = gate::update(&baseline, &outcome);
        std::fs::write(&args.baseline, updated.to_toml())
            .with_context(|| format!("{}: cannot write the baseline", args.baseline.display()))?;
        eprintln!(
            "whydiff: {} updated: {} new {} added, {} fixed {} removed",
            args.baseline.display(),
            outcome.new.len(),
            plural(outcome.new.len()),
            outcome.fixed.len(),
            plural(outcome.fixed.len()),
        );
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if outcome.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        "class"
    } else {
        "classes"
    }
}

fn emit(outcome: &Outcome, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => gate::text::write(outcome, out),
        Format::Json => gate::json::write(outcome, out),
        Format::Junit => gate::junit::write(outcome, out),
        Format::Sarif => gate::sarif::write(outcome, out),
    }
}

fn read_baseline(path: &Path) -> anyhow::Result<Baseline> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok(Baseline::parse(&text, &name)?)
}

/// Reads a saved `whydiff diff --format json` report; errors name the file.
pub fn read_report(path: &Path) -> anyhow::Result<ReportDocument> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    ReportDocument::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
