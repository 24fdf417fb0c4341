//! Escaping of values that come from the artifacts (member names, field values, text) for each
//! output language: nothing an archive holds may break a Markdown table or code span, or run
//! as HTML.

/// Markdown paragraph text: HTML's special characters escaped, line breaks joined into spaces.
pub fn markdown_text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// A Markdown table cell: as [`markdown_text`], with `|` escaped.
pub fn markdown_cell(value: &str) -> String {
    markdown_text(value).replace('|', "\\|")
}

/// A Markdown code span holding `value` as it is (for list items, not tables): fenced by more
/// backticks than any run inside, on one line, at most 200 characters (an ellipsis marks a cut).
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
    // CommonMark strips one space from each end of a span that has one at both: pad only when
    // the value starts or ends with a backtick (which would join the fence) or with spaces.
    let pad = shown.starts_with('`')
        || shown.ends_with('`')
        || (shown.starts_with(' ') && shown.ends_with(' '));
    if pad {
        format!("{fence} {shown} {fence}")
    } else {
        format!("{fence}{shown}{fence}")
    }
}

/// A fence for a Markdown code block holding `body`: more backticks than any run in it (at
/// least three), so that no line of the body can close the block.
pub fn markdown_fence(body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and `'` as entities.
pub fn html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_inside_their_span_and_cell() {
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`a"), "`` `a ``");
        assert_eq!(markdown_code(" a "), "`  a  `");
        assert_eq!(markdown_code("x|y\nz"), "`x|y z`");
        assert_eq!(markdown_cell("<script>|"), "&lt;script&gt;\\|");
        assert!(markdown_code(&"a".repeat(300)).ends_with("…`"));
        assert_eq!(markdown_fence("a\n```\nb"), "````");
        assert_eq!(markdown_fence("plain"), "```");
        assert_eq!(
            html("\"><img src=x onerror='a'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }
}
