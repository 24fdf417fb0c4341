//! `whydiff diff`: compares two builds and explains every difference — text, JSON, Markdown or HTML,
//! several at once from one comparison (`--json FILE --markdown FILE …`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::report::text::TextOptions;
use whydiff::report::{html, json, markdown, text, Report};

use super::compare::CompareArgs;
use super::output::named_output;
use super::terminal::TerminalArgs;

/// Arguments of `whydiff diff`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    compare: CompareArgs,
    /// Report format on standard output (or in --output). Without it, standard output gets the
    /// text report unless a file is named with --text, --json, --markdown or --html.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Print only the verdict line (identical, or how the builds differ), like `diff -q`; the
    /// exit status is the same.
    #[arg(short = 'q', long, conflicts_with = "format")]
    brief: bool,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
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
    /// Also write the HTML report (one self-contained page) to FILE.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Show every difference, including derived ones and whole text hunks.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    terminal: TerminalArgs,
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
    /// One self-contained page to explore, filter and link.
    Html,
}

/// Runs the command: 0 identical, 1 different, an error (exit 2) on trouble. The comparison and
/// the reports' rendering share one thread pool (`--jobs`).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.compare.thread_pool()?.install(|| run_in_pool(args))
}

fn run_in_pool(args: Args) -> anyhow::Result<ExitCode> {
    let report = args.compare.compare()?;
    let _output = whydiff::timings::Phase::start("reports");
    let files = [
        (Format::Text, &args.text),
        (Format::Json, &args.json),
        (Format::Markdown, &args.markdown),
        (Format::Html, &args.html),
    ];
    for (format, path) in files {
        if let Some(path) = path {
            let text = TextOptions {
                verbose: args.verbose,
                colour: args.terminal.colour(false),
                experiments: true,
            };
            super::output::write_to(Some(path), |out| emit(&report, format, text, out))?;
        }
    }
    let named_files = files.iter().any(|(_, path)| path.is_some());
    if !named_files || args.format.is_some() || args.output.is_some() || args.brief {
        let format = args.format.unwrap_or(Format::Text);
        let file = named_output(&args.output);
        let text = TextOptions {
            verbose: args.verbose,
            colour: args.terminal.colour(file.is_none()),
            experiments: true,
        };
        match (format, file) {
            (Format::Text, None) => {
                args.terminal
                    .print(&render_text(&report, args.brief, text))?;
            }
            (Format::Text, Some(_)) => super::output::write_to(file, |out| {
                out.write_all(render_text(&report, args.brief, text).as_bytes())
            })?,
            _ => super::output::write_to(file, |out| emit(&report, format, text, out))?,
        }
    }
    let code = if report.identical() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    // The process ends here: freeing a report of many differences one allocation at a time
    // would only delay the exit.
    std::mem::forget(report);
    Ok(code)
}

/// The text report, or only its verdict line with `--brief`.
fn render_text(report: &Report, brief: bool, options: TextOptions) -> String {
    if brief {
        text::verdict_line(report, options.colour)
    } else {
        text::render(report, options)
    }
}

/// Writes the report in `format` to `out`; JSON as it is serialized, never held whole.
fn emit(
    report: &Report,
    format: Format,
    text: TextOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
        Format::Text => text::write(report, text, out),
        Format::Markdown => markdown::write(report, out),
        Format::Html => html::write(report, out),
    }
}
