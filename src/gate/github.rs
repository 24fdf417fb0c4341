//! The check's outcome as GitHub Actions workflow commands, printed when `GITHUB_ACTIONS=true`:
//! `::error title=…::…` per new class, `::notice title=…::…` per fixed class, each on one line
//! whatever the names and values hold.
//!
//! Escaping is GitHub's (`@actions/core`): in the message, `%` → `%25`, CR → `%0D`, LF →
//! `%0A`; in a property (`title`), also `:` → `%3A` and `,` → `%2C`. Other control characters
//! are spelled out first ([`super::printable`]) so that nothing reaches the log raw.

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
            outcome.left,
            outcome.right
        );
        for example in &new.examples {
            message.push_str(&format!("\n{}", joined(&example.path)));
            if let Some(field) = &example.field {
                message.push_str(&format!(" {field}"));
            }
            message.push_str(&format!(
                ": {} → {} — {}",
                example.left.as_deref().unwrap_or("(absent)"),
                example.right.as_deref().unwrap_or("(absent)"),
                example.evidence
            ));
        }
        command("error", &title, &message, out)?;
    }
    for fixed in &outcome.fixed {
        let title = format!("whydiff: fixed class {}", fixed.label());
        let message = format!(
            "{} no longer occurs: remove it from the baseline or run --update-baseline",
            fixed.label()
        );
        command("notice", &title, &message, out)?;
    }
    Ok(())
}

/// One `::kind title=…::message` line. Newlines of `message` are kept, escaped, as line
/// breaks GitHub shows; every other control character is spelled out.
fn command(kind: &str, title: &str, message: &str, out: &mut dyn Write) -> io::Result<()> {
    let lines: Vec<String> = message.split('\n').map(printable).collect();
    writeln!(
        out,
        "::{kind} title={}::{}",
        escape_property(&printable(title)),
        escape_data(&lines.join("\n"))
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
