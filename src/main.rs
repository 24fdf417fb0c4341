//! The `whydiff` command line: argument parsing and wiring; the work is in the library.

mod cli;

use std::io::{IsTerminal, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use whydiff::classify::KnownValues;

use whydiff::engine::{Settings, DEFAULT_MAX_DEPTH, MAX_DEPTH_ALLOWED};
use whydiff::report::text::TextOptions;
use whydiff::report::{json, text, Report};
use whydiff::Options;
use whydiff_analyzers::{budget, Limits, MemberData, TotalBudget};

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
    Diff(Box<DiffArgs>),
    /// Print the SHA-256 of each artifact, in sha256sum's format (directories: every file below).
    Fingerprint {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Merge reports and catalogues into the document of every way the builds are not
    /// reproducible, by root cause (Markdown), or into a catalogue JSON that merges again.
    ///
    /// Exit status: 0 written, 2 trouble.
    Catalogue(cli::catalogue::Args),
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The first build.
    left: PathBuf,
    /// The second build.
    right: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Show every difference, including derived ones and whole text hunks.
    #[arg(short, long)]
    verbose: bool,
    /// Also compare file times and owners of entries in input directories.
    #[arg(long)]
    dir_metadata: bool,
    /// Containers nested deeper than this are compared as bytes.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH as u64,
          value_parser = clap::value_parser!(u64).range(0..=MAX_DEPTH_ALLOWED as u64))]
    max_depth: u64,
    /// The largest a member may decode to (K, M, G suffixes: binary units); a larger one is
    /// compared by its encoded bytes, with a note.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    max_member_size: u64,
    /// The decoded bytes all members of the run may take in all; past it, members are compared by
    /// their encoded bytes, with a note.
    #[arg(long, value_name = "SIZE", default_value = "8G", value_parser = parse_size)]
    max_total_size: u64,
    /// How many times its encoded size a member may expand (members decoding to 64 MiB or less
    /// may expand any amount); past it, it is compared by its encoded bytes, with a note.
    #[arg(long, value_name = "N", default_value_t = budget::DEFAULT_MAX_RATIO)]
    max_ratio: u64,
    /// The most members read from one container; the rest are summarized in a note.
    #[arg(long, value_name = "N", default_value_t = budget::DEFAULT_MAX_MEMBERS)]
    max_members: usize,
    /// The bytes of changed-line text one member's diff may show (both sides together); the
    /// hunks past it are listed without their text, still as differences, with a note.
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = parse_size)]
    max_diff_size: u64,
    /// A value the left build was made with on purpose (build_path, USER, HOSTNAME, TZ, LANG,
    /// SOURCE_DATE_EPOCH…); matching it is the strongest evidence. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_assignment)]
    left_value: Vec<(String, String)>,
    /// A value the right build was made with on purpose. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_assignment)]
    right_value: Vec<(String, String)>,
    /// A file of KEY=VALUE lines for the left build (# comments allowed).
    #[arg(long, value_name = "FILE")]
    left_values: Option<PathBuf>,
    /// A file of KEY=VALUE lines for the right build.
    #[arg(long, value_name = "FILE")]
    right_values: Option<PathBuf>,
}

fn parse_assignment(text: &str) -> Result<(String, String), String> {
    KnownValues::parse_assignment(text)
}

/// A size in bytes: digits, optionally followed by K, M, G or T (powers of 1024; `KiB`, `MB`…
/// are read alike).
fn parse_size(text: &str) -> Result<u64, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &text[digits.len()..];
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("unknown unit {unit:?} (use K, M, G or T)")),
    };
    let value: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a size"))?;
    value
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{text} is too large"))
}

impl DiffArgs {
    /// The declared values: the files first, then the flags, which win.
    fn known_values(&self) -> anyhow::Result<KnownValues> {
        let mut known = KnownValues::default();
        for (file, values) in [
            (&self.left_values, &mut known.left),
            (&self.right_values, &mut known.right),
        ] {
            if let Some(file) = file {
                values.extend(KnownValues::read_file(file).map_err(anyhow::Error::msg)?);
            }
        }
        known.left.extend(self.left_value.iter().cloned());
        known.right.extend(self.right_value.iter().cloned());
        Ok(known)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

const SUBCOMMANDS: &[&str] = &["diff", "fingerprint", "catalogue", "help"];

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
        Command::Diff(args) => diff(*args),
        Command::Fingerprint { paths } => fingerprint(&paths),
        Command::Catalogue(args) => cli::catalogue::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("whydiff: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let max_depth = args.max_depth as usize;
    let pool = whydiff::thread_pool(args.jobs, max_depth)?;
    let progress = progress_bar();
    let tick = || progress.inc(1);
    let known = args.known_values()?;
    let options = Options {
        settings: Settings {
            max_depth,
            max_diff_size: args.max_diff_size,
            limits: Limits {
                max_member_size: args.max_member_size,
                max_members: args.max_members,
                max_ratio: args.max_ratio,
                total: Arc::new(TotalBudget::new(args.max_total_size)),
            },
            on_member: &tick,
            ..Settings::default()
        },
        dir_metadata: args.dir_metadata,
        known: &known,
    };
    let report = pool.install(|| whydiff::compare(&args.left, &args.right, &options))?;
    progress.finish_and_clear();
    let emit = |out: &mut dyn Write| emit(&report, args.format, args.verbose, out);
    match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| emit(&mut file))
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        // A closed pipe (`whydiff … | head`) is success.
        None => match emit(&mut std::io::stdout().lock()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other?,
        },
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
    let mut out = std::io::BufWriter::new(out);
    match format {
        Format::Json => json::write(report, &mut out)?,
        Format::Text => out.write_all(text::render(report, TextOptions { verbose }).as_bytes())?,
    }
    out.flush()
}

/// A spinner counting compared members, on stderr when it is a terminal; hidden otherwise.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} comparing… {pos} members ({elapsed})")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Writes to stdout, treating a closed pipe (`whydiff … | head`) as success.
fn write_stdout(text: impl AsRef<[u8]>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn fingerprint(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut lines = Vec::new();
    for path in paths {
        let metadata = std::fs::symlink_metadata(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        if metadata.is_dir() {
            let node = whydiff_analyzers::directory::read_directory(path, Default::default())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            for member in &node.members {
                match &member.data {
                    MemberData::File(file) => {
                        let digest = whydiff::input::hash_entry(file)
                            .map_err(|e| anyhow::anyhow!("{}: {e}", file.path().display()))?;
                        fingerprint_line(&mut lines, &digest, &file.path());
                    }
                    MemberData::Inaccessible(why) => {
                        anyhow::bail!("{}: {why}", path.join(&member.name).display())
                    }
                    _ => {}
                }
            }
        } else {
            let data = whydiff::input::read_file(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            fingerprint_line(&mut lines, &Sha256::digest(&data).into(), path);
        }
    }
    write_stdout(&lines)?;
    Ok(ExitCode::SUCCESS)
}

/// A `sha256sum` line: the digest, two spaces, and the path's bytes as they are.
fn fingerprint_line(out: &mut Vec<u8>, digest: &[u8; 32], path: &Path) {
    for byte in digest {
        out.extend_from_slice(format!("{byte:02x}").as_bytes());
    }
    out.extend_from_slice(b"  ");
    out.extend_from_slice(path.as_os_str().as_bytes());
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert_eq!(parse_size("8g"), Ok(8 << 30));
        assert!(parse_size("1X").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999T").is_err());
    }
}
