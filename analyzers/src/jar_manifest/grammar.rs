//! The manifest grammar of the JAR File Specification, shared by `META-INF/MANIFEST.MF` and the
//! signature files `META-INF/*.SF`:
//!
//! ```text
//! manifest-file:       main-section newline *individual-section
//! individual-section:  "Name:" value newline *perentry-attribute
//! header:              name ":" SPACE value newline *continuation
//! continuation:        SPACE *otherchar newline
//! newline:             CR LF | LF | CR (not followed by LF)
//! name:                alphanum *headerchar        (headerchar: alphanum | "-" | "_")
//! ```
//!
//! Writers wrap lines at 72 bytes: a continuation line's leading space is dropped and the rest
//! appended to the value as it is, so a value reads the same however it was wrapped. Sections
//! are separated by blank lines; the first is the main section, each later one starts with
//! `Name:`. As `java.util.jar.Manifest` does, a repeated attribute keeps its last value and a
//! repeated `Name:` section is merged into the first (both with a note); a section without a
//! `Name:` or a line that is no header is an error, and the caller compares the file as text.

/// One attribute as stored: its name as written and its value once continuation lines are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written (`Built-By`, `built-by`).
    pub name: &'a str,
    /// The value without the space after the colon, continuation lines joined.
    pub value: String,
}

/// One section: the main section (`name` is `None`) or an individual section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section<'a> {
    /// The value of the section's `Name:` attribute; `None` for the main section.
    pub name: Option<String>,
    /// The other attributes in stored order, each name once (the last value written wins).
    pub attributes: Vec<Attribute<'a>>,
}

/// A parsed manifest or signature file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest<'a> {
    /// The main section.
    pub main: Section<'a>,
    /// The individual sections, in the order their names first appear.
    pub entries: Vec<Section<'a>>,
    /// What the reader should know (repeated names, a missing last line end).
    pub notes: Vec<String>,
}

/// Why a text is not a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

/// Sections read at most: past this, the file is compared as text.
pub const MAX_SECTIONS: usize = 200_000;

/// One physical line without its line end, and whether a line end followed it.
struct Line<'a> {
    text: &'a str,
    ended: bool,
}

/// The physical lines of `text`, split at CR LF, LF or a lone CR.
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(at) = rest.find(['\r', '\n']) else {
            let line = Line {
                text: rest,
                ended: false,
            };
            rest = "";
            return Some(line);
        };
        let (line, after) = rest.split_at(at);
        let skip = if after.starts_with("\r\n") { 2 } else { 1 };
        rest = after.get(skip..).unwrap_or("");
        Some(Line {
            text: line,
            ended: true,
        })
    })
}

/// Whether `name` is a header name: an ASCII letter or digit, then letters, digits, `-`, `_`.
fn is_header_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A section being read: its attributes with their names as written, continuations joined.
#[derive(Default)]
struct Raw<'a> {
    headers: Vec<(&'a str, String)>,
    /// The physical line the section starts on (1-based), for notes.
    line: usize,
}

/// Parses `text`. Linear in its length; never panics.
pub fn parse(text: &str) -> Result<Manifest<'_>, Malformed> {
    let mut raw_sections: Vec<Raw<'_>> = Vec::new();
    let mut current: Option<Raw<'_>> = None;
    let mut notes = Vec::new();
    let mut last_ended = true;
    for (number, line) in (1usize..).zip(lines(text)) {
        last_ended = line.ended;
        if line.text.is_empty() {
            if let Some(section) = current.take() {
                raw_sections.push(section);
                if raw_sections.len() > MAX_SECTIONS {
                    return Err(Malformed(format!("more than {MAX_SECTIONS} sections")));
                }
            }
            continue;
        }
        if let Some(rest) = line.text.strip_prefix(' ') {
            let last = current
                .as_mut()
                .and_then(|section| section.headers.last_mut());
            match last {
                Some((_, value)) => value.push_str(rest),
                None => {
                    return Err(Malformed(format!(
                        "line {number} continues no header (it starts with a space)"
                    )))
                }
            }
            continue;
        }
        let Some((name, value)) = line.text.split_once(':') else {
            return Err(Malformed(format!(
                "line {number} is not a header (no colon)"
            )));
        };
        if !is_header_name(name) {
            return Err(Malformed(format!(
                "line {number}: {name:?} is not a header name"
            )));
        }
        let value = value.strip_prefix(' ').unwrap_or(value);
        current
            .get_or_insert_with(|| Raw {
                headers: Vec::new(),
                line: number,
            })
            .headers
            .push((name, value.to_owned()));
    }
    raw_sections.extend(current);
    if !last_ended {
        notes.push(
            "the last line has no line end (java.util.jar.Manifest ignores such a line): read \
             anyway"
                .to_owned(),
        );
    }
    let mut sections = raw_sections.into_iter();
    let main = match sections.next() {
        Some(raw) => section(raw, false, &mut notes)?,
        None => Section::default(),
    };
    let mut entries: Vec<Section<'_>> = Vec::new();
    let mut index_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for raw in sections {
        let entry = section(raw, true, &mut notes)?;
        let name = entry.name.clone().unwrap_or_default();
        match index_of.get(&name).and_then(|&i| entries.get_mut(i)) {
            Some(first) => {
                notes.push(format!(
                    "section Name: {name} appears more than once: merged into the first, as \
                     java.util.jar.Manifest does"
                ));
                for attribute in entry.attributes {
                    set(&mut first.attributes, attribute, &name, &mut notes);
                }
            }
            None => {
                index_of.insert(name, entries.len());
                entries.push(entry);
            }
        }
    }
    Ok(Manifest {
        main,
        entries,
        notes,
    })
}

/// Sets `attribute` in `attributes`: the last value written wins, as in java.util.jar.
fn set<'a>(
    attributes: &mut Vec<Attribute<'a>>,
    attribute: Attribute<'a>,
    section: &str,
    notes: &mut Vec<String>,
) {
    match attributes
        .iter_mut()
        .find(|a| a.name.eq_ignore_ascii_case(attribute.name))
    {
        Some(existing) => {
            notes.push(format!(
                "attribute {} appears more than once in section {section}: the last value is \
                 read",
                attribute.name
            ));
            *existing = attribute;
        }
        None => attributes.push(attribute),
    }
}

/// A raw section as a [`Section`]: an individual section must start with `Name:`.
fn section<'a>(
    raw: Raw<'a>,
    individual: bool,
    notes: &mut Vec<String>,
) -> Result<Section<'a>, Malformed> {
    let mut headers = raw.headers.into_iter();
    let mut result = Section::default();
    let label;
    if individual {
        match headers.next() {
            Some((name, value)) if name.eq_ignore_ascii_case("Name") => {
                label = format!("Name: {value}");
                result.name = Some(value);
            }
            _ => {
                return Err(Malformed(format!(
                    "the section at line {} does not start with Name:",
                    raw.line
                )))
            }
        }
    } else {
        label = "main".to_owned();
    }
    for (name, value) in headers {
        set(
            &mut result.attributes,
            Attribute { name, value },
            &label,
            notes,
        );
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(section: &'a Section<'_>, name: &str) -> &'a str {
        &section
            .attributes
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no {name} in {section:?}"))
            .value
    }

    #[test]
    fn main_and_individual_sections() {
        let text = "Manifest-Version: 1.0\r\nCreated-By: 17.0.9 (Debian)\r\n\r\nName: a/B.class\r\nSHA-256-Digest: abc=\r\n\r\n";
        let manifest = parse(text).unwrap();
        assert_eq!(value(&manifest.main, "Manifest-Version"), "1.0");
        assert_eq!(value(&manifest.main, "Created-By"), "17.0.9 (Debian)");
        assert_eq!(manifest.entries.len(), 1);
        assert_eq!(manifest.entries[0].name.as_deref(), Some("a/B.class"));
        assert_eq!(value(&manifest.entries[0], "SHA-256-Digest"), "abc=");
        assert!(manifest.notes.is_empty());
    }

    #[test]
    fn continuation_lines_join_without_their_space_whatever_the_line_ends() {
        let wrapped = "Export-Package: com.example.api;version=\"1.0\n .0\",com.example.u\n til\n";
        for text in [
            wrapped.to_owned(),
            wrapped.replace('\n', "\r\n"),
            wrapped.replace('\n', "\r"),
        ] {
            let manifest = parse(&text).unwrap();
            assert_eq!(
                value(&manifest.main, "Export-Package"),
                "com.example.api;version=\"1.0.0\",com.example.util",
                "{text:?}"
            );
        }
        // A continuation keeps the spaces after its first one.
        let manifest = parse("Class-Path: a.jar\n  b.jar\n").unwrap();
        assert_eq!(value(&manifest.main, "Class-Path"), "a.jar b.jar");
    }

    #[test]
    fn a_long_unwrapped_line_reads_as_one_value() {
        let long = "x".repeat(100_000);
        let text = format!("Long: {long}\n");
        let manifest = parse(&text).unwrap();
        assert_eq!(value(&manifest.main, "Long"), long);
    }

    #[test]
    fn repeated_names_keep_the_last_value_and_merge_sections() {
        let text = "A: 1\nA: 2\n\nName: x\nK: 1\n\nName: x\nL: 2\n";
        let manifest = parse(text).unwrap();
        assert_eq!(value(&manifest.main, "A"), "2");
        assert_eq!(manifest.entries.len(), 1);
        assert_eq!(value(&manifest.entries[0], "K"), "1");
        assert_eq!(value(&manifest.entries[0], "L"), "2");
        assert_eq!(manifest.notes.len(), 2, "{:?}", manifest.notes);
    }

    #[test]
    fn malformed_manifests_are_errors() {
        assert!(parse(" starts with a continuation\n").is_err());
        assert!(parse("no colon here\n").is_err());
        assert!(parse("Bad Name: x\n").is_err());
        assert!(parse("-dash: x\n").is_err());
        assert!(parse("A: 1\n\nB: not a Name section\n").is_err());
    }

    #[test]
    fn truncation_is_read_with_a_note() {
        let manifest = parse("Manifest-Version: 1.0\nCreated-By: 17.0.9 (Deb").unwrap();
        assert_eq!(value(&manifest.main, "Created-By"), "17.0.9 (Deb");
        assert_eq!(manifest.notes.len(), 1);
        // Blank lines only, or nothing: an empty main section.
        assert_eq!(parse("").unwrap(), Manifest::default());
        assert!(parse("\r\n\n").unwrap().main.attributes.is_empty());
    }

    #[test]
    fn a_value_may_hold_colons_and_miss_its_space() {
        let manifest = parse("Url: http://x:8080/a\nTight:v\n").unwrap();
        assert_eq!(value(&manifest.main, "Url"), "http://x:8080/a");
        assert_eq!(value(&manifest.main, "Tight"), "v");
    }
}
