//! The syntax `java.util.Properties.load` reads.
//!
//! A *natural* line ends at LF, CR or CR LF. Blank lines and comment lines (first non-blank
//! character `#` or `!`) hold no property; a comment line never continues. A *logical* line is
//! natural lines joined where a line ends with an odd number of backslashes: the backslash and
//! the line end go, and the next line's leading blanks (space, tab, form feed) too. In a logical
//! line the key runs from the first non-blank character to the first unescaped `=`, `:` or
//! blank; blanks, then one `=` or `:`, then blanks separate it from the value, which runs to the
//! end. Both are then unescaped: `\uXXXX`, `\t`, `\n`, `\r`, `\f`, and a backslash before any other
//! character stands for that character. A malformed `\u` (Java throws) is kept as written, with a
//! note.

/// One property as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The key, unescaped.
    pub key: String,
    /// The value, unescaped.
    pub value: String,
}

/// A parsed properties file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    /// The properties in stored order (a key stored twice appears twice: the last one is what
    /// `load` keeps).
    pub properties: Vec<Property>,
    /// The comment lines before the first property, without their `#` or `!`, in order.
    pub leading_comments: Vec<String>,
    /// The comment lines after it.
    pub other_comments: Vec<String>,
    /// What the reader should know (malformed escapes, a dangling continuation).
    pub notes: Vec<String>,
}

/// The blanks of the format: space, tab, form feed.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}')
}

/// The natural lines of `text`, without their line ends.
fn natural_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        if current.is_empty() {
            rest = None;
            return None;
        }
        match current.find(['\r', '\n']) {
            Some(at) => {
                let (line, after) = current.split_at(at);
                let skip = if after.starts_with("\r\n") { 2 } else { 1 };
                rest = after.get(skip..);
                Some(line)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Whether `line` ends with an odd number of backslashes: it continues on the next line.
fn continues(line: &str) -> bool {
    line.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// Parses `text`. Linear in its length; never panics.
pub fn parse(text: &str) -> Properties {
    let mut result = Properties::default();
    let mut logical: Option<String> = None;
    for line in natural_lines(text) {
        let trimmed = line.trim_start_matches(is_blank);
        let Some(mut buffer) = logical.take() else {
            if trimmed.is_empty() {
                continue;
            }
            if let Some(comment) = trimmed.strip_prefix(['#', '!']) {
                let comments = if result.properties.is_empty() {
                    &mut result.leading_comments
                } else {
                    &mut result.other_comments
                };
                comments.push(comment.to_owned());
                continue;
            }
            start(trimmed, &mut logical, &mut result);
            continue;
        };
        // A continuation: the next natural line, its leading blanks skipped.
        if continues(trimmed) {
            buffer.push_str(trimmed.get(..trimmed.len().saturating_sub(1)).unwrap_or(""));
            logical = Some(buffer);
        } else {
            buffer.push_str(trimmed);
            finish(&buffer, &mut result);
        }
    }
    if let Some(buffer) = logical {
        result
            .notes
            .push("the last line ends with a continuation backslash".to_owned());
        finish(&buffer, &mut result);
    }
    result
}

/// Starts a logical line with the natural line `trimmed`.
fn start(trimmed: &str, logical: &mut Option<String>, result: &mut Properties) {
    if continues(trimmed) {
        *logical = Some(
            trimmed
                .get(..trimmed.len().saturating_sub(1))
                .unwrap_or("")
                .to_owned(),
        );
    } else {
        finish(trimmed, result);
    }
}

/// Splits a logical line into its key and value and stores the property.
fn finish(line: &str, result: &mut Properties) {
    let mut key_end = line.len();
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == ':' || is_blank(c) {
            key_end = at;
            break;
        }
    }
    let raw_key = line.get(..key_end).unwrap_or("");
    let mut rest = line
        .get(key_end..)
        .unwrap_or("")
        .trim_start_matches(is_blank);
    if let Some(after) = rest.strip_prefix(['=', ':']) {
        rest = after.trim_start_matches(is_blank);
    }
    let key = unescape(raw_key, &mut result.notes);
    let value = unescape(rest, &mut result.notes);
    result.properties.push(Property { key, value });
}

/// `text` with its escapes resolved.
pub fn unescape(text: &str, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                let code = (hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten();
                match code {
                    Some(code) => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        // A lone surrogate half (Java strings hold them) has no char: U+FFFD.
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    None => {
                        notes.push(format!(
                            "malformed \\uxxxx escape \\u{hex}: kept as written"
                        ));
                        out.push_str("\\u");
                    }
                }
            }
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text)
            .properties
            .into_iter()
            .map(|p| (p.key, p.value))
            .collect()
    }

    fn pair(key: &str, value: &str) -> (String, String) {
        (key.to_owned(), value.to_owned())
    }

    #[test]
    fn the_three_separators_and_blanks_around_them() {
        assert_eq!(
            pairs("a=1\nb : 2\nc 3\n  d\t=  4 \ne\nf=\ng:=x\n"),
            [
                pair("a", "1"),
                pair("b", "2"),
                pair("c", "3"),
                pair("d", "4 "),
                pair("e", ""),
                pair("f", ""),
                pair("g", "=x"),
            ]
        );
    }

    #[test]
    fn continuations_and_line_ends() {
        let text = "fruits = apple, \\\n    banana, \\\r\n\tpear\rnext=1\r\n";
        assert_eq!(
            pairs(text),
            [pair("fruits", "apple, banana, pear"), pair("next", "1")]
        );
        // An even number of backslashes is an escaped backslash, not a continuation.
        assert_eq!(
            pairs("path=c:\\\\dir\\\\\nnext=1\n"),
            [pair("path", "c:\\dir\\"), pair("next", "1")]
        );
        // A comment line does not continue; a continued line is no comment.
        assert_eq!(
            pairs("# comment \\\nkey=a\\\n#not a comment\n"),
            [pair("key", "a#not a comment")]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            pairs("k\\=ey\\ x=caf\\u00e9\\t\\n\\r\\f\\q\\\\\n"),
            [pair("k=ey x", "café\t\n\r\u{c}q\\")]
        );
        let parsed = parse("a=\\u12\nb=\\uzzzz\n");
        assert_eq!(parsed.properties[0].value, "\\u12");
        assert_eq!(parsed.properties[1].value, "\\uzzzz");
        assert_eq!(parsed.notes.len(), 2);
        // A surrogate half written alone.
        assert_eq!(pairs("s=\\ud800")[0].1, "\u{fffd}");
    }

    #[test]
    fn comments_before_and_after_the_first_property() {
        let parsed = parse("#Generated by x\n!Fri Jan 01 00:00:00 UTC 2021\na=1\n# late\n");
        assert_eq!(
            parsed.leading_comments,
            ["Generated by x", "Fri Jan 01 00:00:00 UTC 2021"]
        );
        assert_eq!(parsed.other_comments, [" late"]);
    }

    #[test]
    fn truncation_and_a_dangling_backslash() {
        let parsed = parse("a=1\nb=abc\\");
        assert_eq!(parsed.properties[1].value, "abc");
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(pairs("a=1\nb=\\u00"), [pair("a", "1"), pair("b", "\\u00")]);
        assert_eq!(parse(""), Properties::default());
    }

    #[test]
    fn a_huge_line_is_one_property() {
        let value = "v".repeat(1 << 20);
        assert_eq!(pairs(&format!("k={value}")), [pair("k", &value)]);
        let many = "\\\n".repeat(100_000);
        assert_eq!(pairs(&format!("k=a{many}b")), [pair("k", "ab")]);
    }
}
