//! `whydiff vary`: builds the source under controlled variations and confirms each cause by
//! experiment (the work is in [`whydiff::vary`]); prints the comparison of a control with the
//! varied build, then the table of variations and the causes they produced.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use whydiff::gate::glob::PathGlob;
use whydiff::report::text::{self, TextOptions};
use whydiff::vary::{self, summary, variations, Progress, VaryOptions, VaryOutcome};

use super::output::named_output;
use super::terminal::TerminalArgs;

/// Arguments of `whydiff vary`.
#[derive(clap::Args)]
pub struct Args {
    /// The variations, comma-separated: time, build-path, umask, locale, timezone, user,
    /// hostname, hash-seed, environment, jobs, file-order (or reprotest's names), `all`, and
    /// `-NAME` to leave one out (`all,-user`). Default: all.
    #[arg(long, value_name = "LIST")]
    vary: Vec<String>,
    /// The artifacts to compare, as globs relative to the build directory (`dist/*.whl`).
    /// Default: every file the build made or changed.
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    artifacts: Vec<String>,
    /// The source tree, copied afresh for each build.
    #[arg(long, value_name = "DIR", default_value = ".")]
    source: PathBuf,
    /// Keep the build directories, artifacts and logs (their place is printed).
    #[arg(long)]
    keep: bool,
    /// Up to N builds at once (default 1), each in a mount namespace of its own that binds its
    /// tree at the shared build path; where mount namespaces are not permitted, one at a time.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Report format on standard output (or in --output).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the JSON report (with confirmed_by) to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    /// Show every difference, including derived ones and whole text hunks.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    terminal: TerminalArgs,
    /// The build command and its arguments, after `--` (run in the build directory, not through
    /// a shell: write `sh -c '…'` for one).
    #[arg(last = true, required = true, value_name = "BUILD")]
    command: Vec<OsString>,
}

/// The report formats of `whydiff vary`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The comparison report, then the table of variations, for a terminal or a log.
    Text,
    /// The report of the contract with `confirmed_by`, for programs and `whydiff catalogue`.
    Json,
}

/// Runs the command: 0 reproducible under every variation, 1 not, an error (exit 2) on trouble.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let chosen = variations::parse_vary(&args.vary).map_err(anyhow::Error::msg)?;
    let artifacts = args
        .artifacts
        .iter()
        .map(|g| PathGlob::new(g).map_err(|e| anyhow::anyhow!("--artifacts {g:?}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let bar = progress_bar(args.quiet);
    let on_progress = |event: Progress<'_>| match event {
        Progress::Planned(n) => bar.set_length(n as u64),
        Progress::Started(name) => bar.set_message(name.to_owned()),
        Progress::Finished => bar.inc(1),
    };
    let options = VaryOptions {
        command: args.command.clone(),
        source: args.source.clone(),
        artifacts,
        variations: chosen,
        keep: args.keep,
        jobs: args.jobs,
        progress: &on_progress,
    };
    let outcome = vary::vary(&options);
    bar.finish_and_clear();
    let outcome = outcome?;

    if let Some(path) = &args.json {
        let document = outcome.document()?;
        super::output::write_to(Some(path), |out| {
            out.write_all(document.to_json().as_bytes())
        })?;
    }
    let file = named_output(&args.output);
    match args.format {
        Format::Json => {
            let document = outcome.document()?;
            super::output::write_to(file, |out| out.write_all(document.to_json().as_bytes()))?;
        }
        Format::Text => {
            let options = TextOptions {
                verbose: args.verbose,
                colour: args.terminal.colour(file.is_none()),
                experiments: false,
            };
            let text = render_text(&outcome, options);
            match file {
                None => args.terminal.print(&text)?,
                Some(_) => super::output::write_to(file, |out| out.write_all(text.as_bytes()))?,
            }
        }
    }
    Ok(if outcome.reproducible() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The comparison of a control with the varied build, then the summary table.
fn render_text(outcome: &VaryOutcome, options: TextOptions) -> String {
    let mut text = text::render(&outcome.report, options);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&summary::render(outcome));
    text
}

/// Builds done of builds planned, elapsed time and the build running, on stderr when it is a
/// terminal (and not --quiet); hidden otherwise.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(3);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} builds ({elapsed}) {msg}")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
