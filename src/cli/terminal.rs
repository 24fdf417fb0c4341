//! Terminal conventions for the text report on standard output: colour (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`), lines wrapped to the terminal's width, and a pager for long output, as git
//! does (`$PAGER`, else `less` with `LESS=FRX`; `--no-pager`). None of it applies when standard
//! output is not a terminal, so a pipe or a file gets the plain text unchanged (colour only with
//! `--color always`).

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// When to colour the text report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it anywhere).
    #[default]
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// The terminal flags every command that prints text shares.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct TerminalArgs {
    /// Colour the text report: auto (on a terminal, honouring NO_COLOR and CLICOLOR_FORCE),
    /// always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Do not page long text output on a terminal.
    #[arg(long)]
    pub no_pager: bool,
}

impl TerminalArgs {
    /// Whether text written to standard output (`to_stdout`) or to a file is coloured.
    pub fn colour(&self, to_stdout: bool) -> bool {
        match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                to_stdout
                    && anstream::AutoStream::choice(&std::io::stdout())
                        != anstream::ColorChoice::Never
            }
        }
    }

    /// Writes `text` to standard output: wrapped to the terminal's width and through the pager
    /// when standard output is a terminal, as it is otherwise. A closed pipe is success.
    pub fn print(&self, text: &str) -> std::io::Result<()> {
        let stdout = std::io::stdout();
        if !stdout.is_terminal() {
            return write_stdout(text.as_bytes());
        }
        let width = terminal_width(&stdout);
        let text = match width {
            Some(width) => wrap(text, width),
            None => text.to_owned(),
        };
        if self.no_pager {
            return write_stdout(text.as_bytes());
        }
        match pager() {
            Some(mut pager) => match page(&mut pager, text.as_bytes()) {
                Ok(()) => Ok(()),
                Err(_) => write_stdout(text.as_bytes()),
            },
            None => write_stdout(text.as_bytes()),
        }
    }
}

/// The terminal's width in columns, else `$COLUMNS` (a terminal that reports no size).
fn terminal_width(stdout: &std::io::Stdout) -> Option<usize> {
    terminal_size::terminal_size_of(stdout)
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|&w| w > 0)
}

fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The pager command, as git chooses it: `$PAGER` (none when it is empty or `cat`), else `less`;
/// `less` gets `LESS=FRX` (quit if one screen, keep colours, leave the text on screen) unless
/// `LESS` is set.
fn pager() -> Option<Command> {
    let chosen = std::env::var("PAGER").ok();
    let line = match chosen.as_deref().map(str::trim) {
        Some("") | Some("cat") => return None,
        Some(line) => line.to_owned(),
        None => "less".to_owned(),
    };
    let mut command = Command::new("sh");
    command.arg("-c").arg(line).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    Some(command)
}

/// Runs the pager and feeds it `bytes`; the pager quitting early (`q`) is success. An error means
/// it could not be started: nothing was shown.
fn page(pager: &mut Command, bytes: &[u8]) -> std::io::Result<()> {
    let mut child = pager.spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other?,
        }
    }
    child.wait()?;
    Ok(())
}

/// Wraps each line longer than `width` at spaces, its continuation lines indented four columns
/// past the line's own indent; colour escapes take no width.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if textwrap::core::display_width(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let continuation = format!("{indent}    ");
        let options = textwrap::Options::new(width.max(continuation.len() + 10))
            .subsequent_indent(&continuation)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for piece in textwrap::wrap(line, options) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_indent() {
        let text = "short\n  a long line of words that goes past the width\n";
        assert_eq!(
            wrap(text, 24),
            "short\n  a long line of words\n      that goes past the\n      width\n"
        );
    }

    #[test]
    fn colour_escapes_take_no_width() {
        let red = "\u{1b}[31mred\u{1b}[0m words";
        assert_eq!(wrap(red, 9), format!("{red}\n"));
    }

    #[test]
    fn explicit_choices_win_over_the_terminal() {
        let args = |color| TerminalArgs {
            color,
            no_pager: false,
        };
        assert!(args(ColorWhen::Always).colour(false));
        assert!(!args(ColorWhen::Never).colour(true));
        assert!(!args(ColorWhen::Auto).colour(false));
    }
}
