//! `whydiff completions SHELL` and `whydiff manpage [COMMAND]`: shell completions and man pages,
//! generated from the same definition of the command line that parses it, so they never drift.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap_complete::Shell;

use super::output::{named_output, write_to};

/// Arguments of `whydiff completions`.
#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    shell: Shell,
    /// Write the script to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `whydiff manpage`.
#[derive(clap::Args)]
pub struct ManpageArgs {
    /// The page of this command (`whydiff-diff(1)`…) instead of `whydiff(1)`.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
    /// Write the page to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Writes the completion script of `command` for the shell asked.
pub fn completions(args: CompletionsArgs, mut command: clap::Command) -> anyhow::Result<ExitCode> {
    let name = command.get_name().to_owned();
    // Generated whole first: the generator panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    write_to(named_output(&args.output), |out| out.write_all(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the man page (roff) of `command`, or of one of its subcommands.
pub fn manpage(args: ManpageArgs, command: clap::Command) -> anyhow::Result<ExitCode> {
    let page = match &args.command {
        None => clap_mangen::Man::new(command),
        Some(name) => {
            let sub = command
                .find_subcommand(name)
                .with_context(|| format!("no command {name:?}"))?
                .clone();
            let title = format!("{}-{}", command.get_name(), sub.get_name());
            let synopsis = format!("{} {}", command.get_name(), sub.get_name());
            clap_mangen::Man::new(sub.display_name(title.clone()).bin_name(synopsis)).title(title)
        }
    };
    write_to(named_output(&args.output), |out| page.render(out))?;
    Ok(ExitCode::SUCCESS)
}
