//! `whydiff catalogue`: merges reports and catalogues into the document of every way the builds
//! are not reproducible, as Markdown, as one self-contained HTML page, or as a catalogue JSON
//! that merges again.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use whydiff::catalogue::{self, html, markdown, Catalogue};

/// Arguments of `whydiff catalogue`.
#[derive(clap::Args)]
pub struct Args {
    /// Reports (`whydiff diff --format json`) and catalogues, or JSON Lines of them; `-` reads
    /// standard input.
    #[arg(required = true, value_name = "REPORT")]
    inputs: Vec<PathBuf>,
    /// Output format: a document to read (Markdown or HTML), or a catalogue JSON to merge again.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What `whydiff catalogue` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Markdown,
    /// One self-contained page: no script, nothing loaded.
    Html,
    Json,
}

/// Runs the command: 0 when the catalogue is written, an error (exit 2) otherwise.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut merged = Catalogue::default();
    for input in &args.inputs {
        let (text, what) = if input.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            (text, "standard input".to_owned())
        } else {
            let text = std::fs::read_to_string(input)
                .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
            (text, input.display().to_string())
        };
        merged.merge(catalogue::read(&text, &what).map_err(anyhow::Error::msg)?);
    }
    let rendered = match args.format {
        Format::Markdown => markdown::render(&merged),
        Format::Html => html::render(&merged),
        Format::Json => merged.to_json(),
    };
    super::output::write_to(super::output::named_output(&args.output), |out| {
        out.write_all(rendered.as_bytes())
    })?;
    Ok(ExitCode::SUCCESS)
}
