//! The `whydiff` command line: argument parsing and wiring; each command lives in [`cli`], the
//! work in the library.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Explains why two builds of the same source are not byte-identical.
#[derive(Parser)]
#[command(name = "whydiff", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compare two builds (files or directories) and explain every difference.
    ///
    /// Exit status: 0 identical, 1 differences found, 2 trouble.
    Diff(Box<cli::diff::Args>),
    /// Print the SHA-256 of each artifact, in sha256sum's format (directories: every file below).
    Fingerprint(cli::fingerprint::Args),
    /// Merge reports and catalogues into the document of every way the builds are not
    /// reproducible, by root cause (Markdown), or into a catalogue JSON that merges again.
    ///
    /// Exit status: 0 written, 2 trouble.
    Catalogue(cli::catalogue::Args),
    /// Compare two builds and write the baseline that accepts every root difference found: one
    /// class per category and cause, as TOML to edit and commit.
    ///
    /// Exit status: 0 written, 2 trouble.
    Baseline(Box<cli::baseline::Args>),
    /// The CI gate: compare two builds (or read --report) and hold every root difference against
    /// a baseline of known classes.
    ///
    /// Exit status: 0 every root difference in a known class (or --update-baseline), 1 new
    /// classes, 2 trouble.
    Check(Box<cli::check::Args>),
}

const SUBCOMMANDS: &[&str] = &[
    "diff",
    "fingerprint",
    "catalogue",
    "baseline",
    "check",
    "help",
];

/// `whydiff A B` means `whydiff diff A B`: insert `diff` unless a subcommand or a top-level flag
/// comes first.
fn normalized_args() -> Vec<std::ffi::OsString> {
    let mut args: Vec<_> = std::env::args_os().collect();
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let top_level_flag = matches!(first, "-h" | "--help" | "-V" | "--version");
        if !SUBCOMMANDS.contains(&first) && !top_level_flag {
            args.insert(1, "diff".into());
        }
    }
    args
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(normalized_args());
    let outcome = match cli.command {
        Command::Diff(args) => cli::diff::run(*args),
        Command::Fingerprint(args) => cli::fingerprint::run(args),
        Command::Catalogue(args) => cli::catalogue::run(args),
        Command::Baseline(args) => cli::baseline::run(*args),
        Command::Check(args) => cli::check::run(*args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("whydiff: {error:#}");
            ExitCode::from(2)
        }
    }
}
