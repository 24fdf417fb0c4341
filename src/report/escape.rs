//! Escaping of values that come from the artifacts (member names, field values, text) for each
//! output language: nothing an archive holds may break a Markdown table or code span, or run
//! as HTML.

/// whydiff's own text for a Markdown paragraph or cell: HTML's special characters escaped, line
/// breaks joined into spaces.
pub fn markdown_prose(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// A value from an input, as plain Markdown text (a paragraph or a table cell): HTML's special
/// characters written as references, every ASCII punctuation Markdown gives a meaning to
/// (emphasis, links, code, tables, headings) escaped by a backslash, lines joined.
pub fn markdown_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '~' | '|' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span holding `value` as it is: fenced by more backticks than any run inside, on one
/// line, at most 200 characters (an ellipsis marks a cut). Inside a code span nothing is markup,
/// so `<`, `&`, `[` and `*` show as they are.
pub fn markdown_code(value: &str) -> String {
    const MAX: usize = 200;
    let mut shown: String = value
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .take(MAX)
        .collect();
    if value.chars().count() > MAX {
        shown.push('…');
    }
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space on each side keeps a backtick at either end off the fence, and is stripped when
    // shown; a value that itself starts and ends with a space keeps it through the same rule.
    let padded = shown.is_empty() || shown.starts_with(['`', ' ']) || shown.ends_with(['`', ' ']);
    match padded {
        true => format!("{fence} {shown} {fence}"),
        false => format!("{fence}{shown}{fence}"),
    }
}

/// A code span in a table cell: as [`markdown_code`], with `|` escaped (GitHub's tables split cells on
/// every unescaped `|`, inside code spans too, and show `\|` as `|` there).
pub fn markdown_code_cell(value: &str) -> String {
    markdown_code(value).replace('|', "\\|")
}

/// A fence for a Markdown code block holding `body`: more backticks than any run in it (at
/// least three), so that no line of the body can close the block.
pub fn markdown_fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_inside_their_span_and_cell() {
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`a"), "`` `a ``");
        assert_eq!(markdown_code("x|y\nz"), "`x|y z`");
        assert_eq!(markdown_code_cell("x|y"), "`x\\|y`");
        assert_eq!(markdown_literal("<script>|"), "&lt;script&gt;\\|");
        assert_eq!(
            markdown_literal("](javascript:alert(1))"),
            "\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert!(markdown_code(&"a".repeat(300)).ends_with("…`"));
        assert_eq!(markdown_fence("a\n```\nb"), "````");
        assert_eq!(markdown_fence("plain"), "```");
    }
}
