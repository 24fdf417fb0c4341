//! The check's outcome as GitHub Actions workflow commands, printed when `GITHUB_ACTIONS=true`:
//! `::error title=…::…` per new class, `::notice title=…::…` per fixed class, each on one line
//! whatever the names and values hold.
//!
//! Escaping is GitHub's (`@actions/core`): in the message, `%` → `%25`, CR → `%0D`, LF →
//! `%0A`; in a property (`title`), also `:` → `%3A` and `,` → `%2C`. Names and values are made
//! printable first ([`super::printable`]: a newline in a value is shown as `\n`), so that the
//! only line breaks in a message are the ones between its examples, and nothing reaches the log
//! raw.

use std::io::{self, Write};

use super::check::Outcome;
use super::glob::joined;
use super::printable;

/// Writes one workflow command per new class (`error`) and fixed class (`notice`).
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for new in &outcome.new {
        let title = format!("whydiff: new class {}", new.label());
        let mut message = format!(
            "{} {} in no class of the baseline ({} vs {})",
            new.count,
            if new.count == 1 {
                "difference"
            } else {
                "differences"
            },
            printable(&outcome.left),
            printable(&outcome.right)
        );
        // One line per example: the values are made printable, so the only line breaks are
        // these, which GitHub shows.
        for example in &new.examples {
            message.push_str(&format!("\n{}", printable(&joined(&example.path))));
            if let Some(field) = &example.field {
                message.push_str(&format!(" {}", printable(field)));
            }
            message.push_str(&format!(
                ": {} → {} — {}",
                printable(example.left.as_deref().unwrap_or("(absent)")),
                printable(example.right.as_deref().unwrap_or("(absent)")),
                printable(&example.evidence)
            ));
        }
        command("error", &title, &message, out)?;
    }
    for fixed in &outcome.fixed {
        let title = format!("whydiff: fixed class {}", fixed.label());
        let message = format!(
            "{} no longer occurs: remove it from the baseline or run --update-baseline",
            printable(&fixed.label())
        );
        command("notice", &title, &message, out)?;
    }
    Ok(())
}

/// One `::kind title=…::message` line: the title made printable, both escaped.
fn command(kind: &str, title: &str, message: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "::{kind} title={}::{}",
        escape_property(&printable(title)),
        escape_data(message)
    )
}

/// A workflow command's message escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value escaped.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_is_githubs() {
        assert_eq!(escape_data("50%\r\nx::y"), "50%25%0D%0Ax::y");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
