//! The RFC 822 style layout of core metadata files (METADATA, PKG-INFO, WHEEL): `Name: value`
//! header lines, continuation lines that start with a space or a tab, and, after the first blank
//! line, the body (the long description since Metadata 2.1).
//!
//! Nothing is dropped: a line that is neither a header nor a continuation ends the headers, as in
//! Python's `email` parser, and starts the body, with a note. What the parser does normalize —
//! spacing around values, the folding of long values, the case of header names — is kept verbatim
//! by [`Document::header_block`], so that a caller can expose it as a spelling.

/// One header as stored: its name as written and its value once unfolded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The name as written (`Home-page`, `home-page`).
    pub name: &'a str,
    /// The value: the first line without the spaces around it, then each continuation line
    /// without its indentation (see [`unindent`]), joined by `\n`, without trailing whitespace
    /// and without leading empty lines.
    pub value: String,
}

/// A parsed metadata file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document<'a> {
    /// The headers in stored order, repeated names included.
    pub headers: Vec<Header<'a>>,
    /// The header lines exactly as written, up to (not including) the blank line or the first
    /// line that is not a header.
    pub header_block: &'a str,
    /// Everything after the blank line (or from the first line that is not a header), when any.
    pub body: Option<&'a str>,
    /// What the reader should know about lines that were not read as headers.
    pub notes: Vec<String>,
}

/// Splits `text` into headers and body. Linear in the input, never fails.
pub fn parse(text: &str) -> Document<'_> {
    let mut headers: Vec<Header<'_>> = Vec::new();
    let mut notes = Vec::new();
    let mut offset: usize = 0;
    let mut body = None;
    for (number, line) in (1usize..).zip(text.split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.is_empty() {
            body = Some(
                text.get(offset.saturating_add(line.len())..)
                    .unwrap_or_default(),
            );
            break;
        }
        if bare.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.value.push('\n');
                last.value.push_str(unindent(bare));
                offset = offset.saturating_add(line.len());
                continue;
            }
        }
        match header_line(bare) {
            Some((name, value)) => headers.push(Header {
                name,
                value: value.to_owned(),
            }),
            None => {
                notes.push(format!(
                    "line {number} is not a header: the headers end there and the description starts"
                ));
                body = Some(&text[offset..]);
                break;
            }
        }
        offset = offset.saturating_add(line.len());
    }
    for header in &mut headers {
        let value = header.value.trim_end().trim_start_matches('\n');
        if value.len() != header.value.len() {
            header.value = value.to_owned();
        }
    }
    Document {
        headers,
        header_block: &text[..offset],
        body,
        notes,
    }
}

/// `(name, value)` when `line` is `Name: value`: a name of printable ASCII without spaces, a colon,
/// then the value without the spaces around it.
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let valid_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic());
    valid_name.then(|| (name, value.trim()))
}

/// A continuation line without its indentation: setuptools indents with eight spaces, distutils
/// with seven spaces and a bar (`       |`); any other indentation is one folding blank.
pub fn unindent(line: &str) -> &str {
    line.strip_prefix("        ")
        .or_else(|| line.strip_prefix("       |"))
        .or_else(|| line.strip_prefix([' ', '\t']))
        .unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(document: &'a Document<'_>, name: &str) -> Vec<&'a str> {
        document
            .headers
            .iter()
            .filter(|h| h.name == name)
            .map(|h| h.value.as_str())
            .collect()
    }

    #[test]
    fn headers_then_the_body_after_the_blank_line() {
        let text = "Metadata-Version: 2.1\r\nName:  tiny \nClassifier: A\nClassifier: B\n\n# Title\n\nbody\n";
        let document = parse(text);
        assert_eq!(values(&document, "Name"), ["tiny"]);
        assert_eq!(values(&document, "Classifier"), ["A", "B"]);
        assert_eq!(values(&document, "Metadata-Version"), ["2.1"]);
        assert_eq!(document.body, Some("# Title\n\nbody\n"));
        assert_eq!(
            document.header_block,
            "Metadata-Version: 2.1\r\nName:  tiny \nClassifier: A\nClassifier: B\n"
        );
        assert!(document.notes.is_empty());
    }

    #[test]
    fn continuation_lines_are_unfolded_without_their_indentation() {
        let text = "Description: # Title\n        \n        text\n            code\n       |bar\n\tx\nLicense: MIT\n";
        let document = parse(text);
        assert_eq!(
            values(&document, "Description"),
            ["# Title\n\ntext\n    code\nbar\nx"]
        );
        assert_eq!(values(&document, "License"), ["MIT"]);
        assert_eq!(document.body, None);
    }

    #[test]
    fn no_blank_line_means_no_body() {
        let document = parse("Wheel-Version: 1.0\nTag: py3-none-any");
        assert_eq!(values(&document, "Tag"), ["py3-none-any"]);
        assert_eq!(document.body, None);
        assert_eq!(
            document.header_block,
            "Wheel-Version: 1.0\nTag: py3-none-any"
        );
    }

    #[test]
    fn a_line_that_is_not_a_header_starts_the_body_with_a_note() {
        let document = parse("Name: x\nthis is not a header\nVersion: 1\n");
        assert_eq!(values(&document, "Name"), ["x"]);
        assert!(values(&document, "Version").is_empty());
        assert_eq!(document.body, Some("this is not a header\nVersion: 1\n"));
        assert_eq!(document.notes.len(), 1);
        let leading = parse("  indented first line\nName: x\n");
        assert!(leading.headers.is_empty());
        assert_eq!(leading.body, Some("  indented first line\nName: x\n"));
        let bad_name = parse("Bad Name: x\n");
        assert!(bad_name.headers.is_empty());
    }

    #[test]
    fn empty_values_and_colons_in_values() {
        let document = parse("Keywords:\nProject-URL: Source, https://example.org:8080/x\n");
        assert_eq!(values(&document, "Keywords"), [""]);
        assert_eq!(
            values(&document, "Project-URL"),
            ["Source, https://example.org:8080/x"]
        );
    }
}
