//! The options every command that compares two builds shares (`diff`, `check`, `baseline`): the
//! two builds, threads, limits and declared values, and the comparison they configure.

use std::path::PathBuf;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use whydiff::classify::KnownValues;
use whydiff::engine::{Settings, DEFAULT_MAX_DEPTH, MAX_DEPTH_ALLOWED};
use whydiff::exclude::Excludes;
use whydiff::report::Report;
use whydiff::Options;
use whydiff_analyzers::{budget, Limits, TotalBudget};

/// The two builds and how to compare them.
#[derive(clap::Args)]
pub struct CompareArgs {
    /// The first build.
    pub left: PathBuf,
    /// The second build.
    pub right: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Leave out members whose file name, name in their container or whole path matches GLOB
    /// (`*`, `?`, `**`), at every level of nesting, with everything below them. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also compare file times and owners of entries in input directories.
    #[arg(long)]
    pub dir_metadata: bool,
    /// Containers (archives, compressed streams…) nested deeper than this are compared as bytes;
    /// directory depth does not count.
    #[arg(long = "max-container-depth", alias = "max-depth", value_name = "N", default_value_t = DEFAULT_MAX_DEPTH as u64,
          value_parser = clap::value_parser!(u64).range(0..=MAX_DEPTH_ALLOWED as u64))]
    pub max_depth: u64,
    /// The largest a member may decode to (K, M, G suffixes: binary units); a larger one is
    /// compared by its encoded bytes, with a note.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub max_member_size: u64,
    /// The decoded bytes all members of the run may take in all; past it, members are compared by
    /// their encoded bytes, with a note.
    #[arg(long, value_name = "SIZE", default_value = "8G", value_parser = parse_size)]
    pub max_total_size: u64,
    /// How many times its encoded size a member may expand (members decoding to 64 MiB or less
    /// may expand any amount); past it, it is compared by its encoded bytes, with a note.
    #[arg(long, value_name = "N", default_value_t = budget::DEFAULT_MAX_RATIO)]
    pub max_ratio: u64,
    /// The most members read from one container; the rest are summarized in a note.
    #[arg(long, value_name = "N", default_value_t = budget::DEFAULT_MAX_MEMBERS)]
    pub max_members: usize,
    /// The bytes of changed-line text one member's diff may show (both sides together); the
    /// hunks past it are listed without their text, still as differences, with a note.
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = parse_size)]
    pub max_diff_size: u64,
    /// A value the left build was made with on purpose (build_path, USER, HOSTNAME, TZ, LANG,
    /// SOURCE_DATE_EPOCH…); matching it is the strongest evidence. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_assignment)]
    pub left_value: Vec<(String, String)>,
    /// A value the right build was made with on purpose. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_assignment)]
    pub right_value: Vec<(String, String)>,
    /// A file of KEY=VALUE lines for the left build (# comments allowed).
    #[arg(long, value_name = "FILE")]
    pub left_values: Option<PathBuf>,
    /// A file of KEY=VALUE lines for the right build.
    #[arg(long, value_name = "FILE")]
    pub right_values: Option<PathBuf>,
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

impl CompareArgs {
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

    /// The thread pool the comparison runs in (`--jobs` threads, stacks deep enough for
    /// `--max-depth`): what runs inside it, the report's rendering too, uses no other threads.
    pub fn thread_pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        Ok(whydiff::thread_pool(self.jobs, self.max_depth as usize)?)
    }

    /// Compares the two builds, with a progress spinner on a terminal: in [`Self::thread_pool`],
    /// or in the pool it is called from (which must be one).
    pub fn compare(&self) -> anyhow::Result<Report> {
        let max_depth = self.max_depth as usize;
        if rayon::current_thread_index().is_none() {
            return self.thread_pool()?.install(|| self.compare());
        }
        let progress = progress_bar();
        // A hidden bar still reads the clock on every tick: no ticks when nothing is shown.
        let shown = !progress.is_hidden();
        let tick = || {
            if shown {
                progress.inc(1)
            }
        };
        let known = self.known_values()?;
        let exclude =
            Excludes::new(&self.exclude).map_err(|e| anyhow::anyhow!("--exclude: {e}"))?;
        let options = Options {
            settings: Settings {
                max_depth,
                max_diff_size: self.max_diff_size,
                limits: Limits {
                    max_member_size: self.max_member_size,
                    max_members: self.max_members,
                    max_ratio: self.max_ratio,
                    total: Arc::new(TotalBudget::new(self.max_total_size)),
                },
                on_member: &tick,
                exclude: &exclude,
                ..Settings::default()
            },
            dir_metadata: self.dir_metadata,
            known: &known,
        };
        let report = whydiff::compare(&self.left, &self.right, &options)?;
        progress.finish_and_clear();
        Ok(report)
    }
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
