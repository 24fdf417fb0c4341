//! The `whydiff` command line: argument parsing and wiring; each command lives in [`cli`], the
//! work in the library.
//!
//! `whydiff LEFT RIGHT` means `whydiff diff LEFT RIGHT`. The rule is one, and never guesses from
//! the filesystem: a first argument spelled as a command (`diff`, `help`, `fingerprint`…) or as a
//! top-level flag (`-h`, `--help`, `-V`, `--version`) is that; anything else starts the arguments
//! of `diff`. To compare a file named like a command, spell it as a path (`./help`) or name the
//! command (`whydiff diff help other`), or put `--` first (`whydiff -- help other`).

mod cli;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Explains why two builds of the same source are not byte-identical.
///
/// `whydiff LEFT RIGHT` is `whydiff diff LEFT RIGHT`; a file named like a command is compared
/// when spelled as a path (`./help`) or after `--`.
#[derive(Parser)]
#[command(name = "whydiff", version, about, long_about)]
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
    /// Build the source twice or more under controlled variations (time, build path, umask,
    /// locale…) and confirm which variation causes which difference.
    ///
    /// Exit status: 0 reproducible under every variation, 1 not, 2 trouble.
    Vary(Box<cli::vary::Args>),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(cli::generate::CompletionsArgs),
    /// Print the man page (roff) of whydiff or of one of its commands.
    Manpage(cli::generate::ManpageArgs),
}

/// The first arguments that are not the start of `diff`'s arguments: every command (and `help`)
/// and the top-level flags.
fn reserved_first(first: &str) -> bool {
    let top_level_flag = matches!(first, "-h" | "--help" | "-V" | "--version");
    let command = Cli::command();
    let is_command = first == "help"
        || command
            .get_subcommands()
            .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first));
    top_level_flag || is_command
}

/// `whydiff A B` means `whydiff diff A B`: insert `diff` unless the first argument is reserved
/// (see the module's documentation).
fn normalized_args(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).map(|a| a.to_str().map(reserved_first));
    match first {
        Some(Some(true)) => {}
        Some(_) => args.insert(1, "diff".into()),
        None => {}
    }
    args
}

fn main() -> ExitCode {
    let args = normalized_args(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                hint_for_a_file_named_like_a_command(&args);
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        Command::Diff(args) => cli::diff::run(*args),
        Command::Fingerprint(args) => cli::fingerprint::run(args),
        Command::Catalogue(args) => cli::catalogue::run(args),
        Command::Baseline(args) => cli::baseline::run(*args),
        Command::Check(args) => cli::check::run(*args),
        Command::Vary(args) => cli::vary::run(*args),
        Command::Completions(args) => cli::generate::completions(args, Cli::command()),
        Command::Manpage(args) => cli::generate::manpage(args, Cli::command()),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("whydiff: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// When a command line that failed starts with a command's name that is also a file here, says
/// how to compare that file.
fn hint_for_a_file_named_like_a_command(args: &[OsString]) {
    let Some(first) = args.get(1) else { return };
    let spelled = first.to_string_lossy();
    if reserved_first(&spelled) && !spelled.starts_with('-') && std::path::Path::new(first).exists()
    {
        eprintln!(
            "whydiff: to compare the file {spelled:?}, write ./{spelled} or whydiff -- {spelled} …"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(args: &[&str]) -> Vec<String> {
        let args = args.iter().map(OsString::from).collect();
        normalized_args(args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn diff_is_inserted_unless_a_command_or_a_top_level_flag_comes_first() {
        assert_eq!(normalized(&["w", "a", "b"]), ["w", "diff", "a", "b"]);
        assert_eq!(
            normalized(&["w", "./help", "b"]),
            ["w", "diff", "./help", "b"]
        );
        assert_eq!(
            normalized(&["w", "--", "help", "b"]),
            ["w", "diff", "--", "help", "b"]
        );
        assert_eq!(normalized(&["w", "-", "b"]), ["w", "diff", "-", "b"]);
        assert_eq!(normalized(&["w", "help"]), ["w", "help"]);
        assert_eq!(
            normalized(&["w", "fingerprint", "a"]),
            ["w", "fingerprint", "a"]
        );
        assert_eq!(normalized(&["w", "manpage"]), ["w", "manpage"]);
        assert_eq!(normalized(&["w", "--version"]), ["w", "--version"]);
        assert_eq!(normalized(&["w"]), ["w"]);
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
