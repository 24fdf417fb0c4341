//! The spellings a directory prefix takes inside artifacts, and the substitution that replaces
//! a left prefix by its right counterpart in any of them.
//!
//! Tools rarely copy a path only verbatim: an include guard upper-cases and mangles it
//! (`_TMP_BUILD_A_SRC_X_H`), a cache key turns `/` into `_` or `-`, a Windows tool doubles its
//! backslashes, a debug format or a hash input stores it hex-encoded. Each spelling knows which
//! characters may surround an occurrence, so that `/tmp/a` never matches inside `/tmp/ab`.
//! UTF-16 paths are not looked for: the engine shows a binary's strings as ASCII runs, where a
//! UTF-16 path never appears whole.

use super::shape::is_name_char;

/// Prefixes shorter than this are only matched verbatim: a mangled `_a` would match anywhere.
const MIN_ENCODED_LEN: usize = 4;

/// How a prefix is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As is.
    Raw,
    /// A Unix path written with backslashes.
    Backslashes,
    /// A Windows path with its backslashes escaped, as in C or JSON strings (`C:\\Users\\a`).
    DoubledBackslashes,
    /// A Windows path written with forward slashes (`C:/Users/a`).
    ForwardSlashes,
    /// Separators replaced by `_` (`_tmp_build-a`).
    Underscores,
    /// Separators replaced by `-` (`-tmp-build-a`).
    Dashes,
    /// Every character that cannot be in a C identifier replaced by `_` (`_tmp_build_a`).
    Identifier,
    /// Upper-cased (`/TMP/BUILD-A`).
    UpperCase,
    /// Upper-cased identifier, as in include guards and macro names (`_TMP_BUILD_A`).
    UpperIdentifier,
    /// Hex-encoded bytes, lower case.
    Hex,
    /// Hex-encoded bytes, upper case.
    UpperHex,
}

impl Encoding {
    /// Every encoding, verbatim first.
    const ALL: [Encoding; 11] = [
        Encoding::Raw,
        Encoding::Backslashes,
        Encoding::DoubledBackslashes,
        Encoding::ForwardSlashes,
        Encoding::Underscores,
        Encoding::Dashes,
        Encoding::Identifier,
        Encoding::UpperCase,
        Encoding::UpperIdentifier,
        Encoding::Hex,
        Encoding::UpperHex,
    ];

    /// How `path` is written in this encoding, or `None` when the encoding does not apply to it.
    fn encode(self, path: &str) -> Option<String> {
        let has_backslash = path.contains('\\');
        let encoded = match self {
            Encoding::Raw => path.to_owned(),
            Encoding::Backslashes if !has_backslash => path.replace('/', "\\"),
            Encoding::DoubledBackslashes if has_backslash => path.replace('\\', "\\\\"),
            Encoding::ForwardSlashes if has_backslash => path.replace('\\', "/"),
            Encoding::Underscores => path.replace(['/', '\\'], "_"),
            Encoding::Dashes => path.replace(['/', '\\'], "-"),
            Encoding::Identifier => identifier(path),
            Encoding::UpperCase => path.to_uppercase(),
            Encoding::UpperIdentifier => identifier(path).to_uppercase(),
            Encoding::Hex => hex::encode(path),
            Encoding::UpperHex => hex::encode_upper(path),
            _ => return None,
        };
        Some(encoded)
    }

    /// Whether an occurrence may start at byte `start` of `text`.
    fn fits_before(self, text: &str, start: usize) -> bool {
        let before = &text[..start];
        match self {
            Encoding::Underscores
            | Encoding::Dashes
            | Encoding::Identifier
            | Encoding::UpperIdentifier => !before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
            Encoding::Hex | Encoding::UpperHex => {
                before
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_hexdigit)
                    .count()
                    % 2
                    == 0
            }
            _ => true,
        }
    }

    /// Whether an occurrence may end at byte `end` of `text`: a directory name must end there.
    fn fits_after(self, text: &str, end: usize) -> bool {
        let after = &text[end..];
        match self {
            Encoding::Underscores
            | Encoding::Dashes
            | Encoding::Identifier
            | Encoding::UpperIdentifier => !after.chars().next().is_some_and(char::is_alphanumeric),
            Encoding::Hex | Encoding::UpperHex => match next_hex_byte(after) {
                Some(byte) => !(byte >= 0x80 || is_name_char(char::from(byte))),
                None => true,
            },
            _ => !after.chars().next().is_some_and(is_name_char),
        }
    }

    /// A short description for evidence.
    fn describe(self) -> &'static str {
        match self {
            Encoding::Raw => "verbatim",
            Encoding::Backslashes => "with backslashes",
            Encoding::DoubledBackslashes => "with escaped backslashes",
            Encoding::ForwardSlashes => "with forward slashes",
            Encoding::Underscores => "with / as _",
            Encoding::Dashes => "with / as -",
            Encoding::Identifier => "mangled into an identifier",
            Encoding::UpperCase => "upper-cased",
            Encoding::UpperIdentifier => "upper-cased and mangled into an identifier",
            Encoding::Hex | Encoding::UpperHex => "hex-encoded",
        }
    }
}

/// The byte the first two characters of `text` spell in hex, if they are hex digits.
fn next_hex_byte(text: &str) -> Option<u8> {
    let pair = text.get(..2)?;
    if !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(pair, 16).ok()
}

/// `/tmp/build-a` → `_tmp_build_a`.
fn identifier(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// One way a pair of prefixes is written on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    /// How it is written.
    pub encoding: Encoding,
    /// The left prefix, so written.
    pub left: String,
    /// The right prefix, so written.
    pub right: String,
}

impl Spelling {
    /// `verbatim`, `mangled into an identifier (_tmp_a → _tmp_b)`…
    pub fn describe(&self) -> String {
        match self.encoding {
            Encoding::Raw => self.encoding.describe().to_owned(),
            encoding => format!("{} ({} → {})", encoding.describe(), self.left, self.right),
        }
    }
}

/// The distinct spellings of the prefix pair (`left`, `right`), verbatim first.
pub(super) fn spellings(left: &str, right: &str) -> Vec<Spelling> {
    let mut found: Vec<Spelling> = Vec::new();
    for encoding in Encoding::ALL {
        if encoding != Encoding::Raw && left.chars().count() < MIN_ENCODED_LEN {
            continue;
        }
        let (Some(l), Some(r)) = (encoding.encode(left), encoding.encode(right)) else {
            continue;
        };
        if l != r && !found.iter().any(|s| s.left == l) {
            found.push(Spelling {
                encoding,
                left: l,
                right: r,
            });
        }
    }
    found
}

/// What a substitution replaced: the pairs (by index) and spellings used, in order of first use.
pub(super) type Replaced<'s> = Vec<(usize, &'s Spelling)>;

/// `text` with every occurrence of a candidate's left spelling, at a place where a directory can
/// start and end, replaced by its right spelling; the longest candidate wins at each position.
/// `None` when nothing was replaced.
pub(super) fn substitute<'s>(
    text: &str,
    candidates: &[(usize, &'s Spelling)],
) -> Option<(String, Replaced<'s>)> {
    let mut present: Vec<(usize, &Spelling)> = candidates
        .iter()
        .copied()
        .filter(|(_, spelling)| text.contains(spelling.left.as_str()))
        .collect();
    if present.is_empty() {
        return None;
    }
    present.sort_by_key(|(_, spelling)| std::cmp::Reverse(spelling.left.len()));
    let mut out = String::with_capacity(text.len());
    let mut replaced: Replaced<'s> = Vec::new();
    let mut index = 0;
    while let Some(c) = text[index..].chars().next() {
        let found = present.iter().find(|(_, spelling)| {
            text[index..].starts_with(spelling.left.as_str())
                && spelling.encoding.fits_before(text, index)
                && spelling
                    .encoding
                    .fits_after(text, index + spelling.left.len())
        });
        match found {
            Some(&(pair, spelling)) => {
                out.push_str(&spelling.right);
                if !replaced
                    .iter()
                    .any(|&(p, s)| p == pair && std::ptr::eq(s, spelling))
                {
                    replaced.push((pair, spelling));
                }
                index += spelling.left.len();
            }
            None => {
                out.push(c);
                index += c.len_utf8();
            }
        }
    }
    (!replaced.is_empty()).then_some((out, replaced))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(text: &str, left: &str, right: &str) -> Option<String> {
        let spellings = spellings(left, right);
        let candidates: Vec<_> = spellings.iter().map(|s| (0, s)).collect();
        substitute(text, &candidates).map(|(out, _)| out)
    }

    #[test]
    fn every_spelling_is_replaced() {
        let r = |text: &str| replace(text, "/tmp/build-a", "/var/tmp/b");
        assert_eq!(r("/tmp/build-a/src/x.c").unwrap(), "/var/tmp/b/src/x.c");
        assert_eq!(r("_tmp_build-a_src").unwrap(), "_var_tmp_b_src");
        assert_eq!(r("-tmp-build-a-src").unwrap(), "-var-tmp-b-src");
        assert_eq!(r("_tmp_build_a_src_x_h").unwrap(), "_var_tmp_b_src_x_h");
        assert_eq!(
            r("#ifndef _TMP_BUILD_A_SRC_X_H").unwrap(),
            "#ifndef _VAR_TMP_B_SRC_X_H"
        );
        assert_eq!(r("/TMP/BUILD-A/X").unwrap(), "/VAR/TMP/B/X");
        assert_eq!(r(r"\tmp\build-a\x").unwrap(), r"\var\tmp\b\x");
        let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            r(&format!("00{}2f7800", hex("/tmp/build-a"))).unwrap(),
            format!("00{}2f7800", hex("/var/tmp/b"))
        );
        assert_eq!(
            replace(r#""C:\\Users\\a\\build""#, r"C:\Users\a", r"C:\Users\b").unwrap(),
            r#""C:\\Users\\b\\build""#
        );
        assert_eq!(
            replace("C:/Users/a/build", r"C:\Users\a", r"C:\Users\b").unwrap(),
            "C:/Users/b/build"
        );
    }

    #[test]
    fn occurrences_must_end_and_start_at_a_directory_boundary() {
        let r = |text: &str| replace(text, "/tmp/build-a", "/tmp/build-b");
        assert_eq!(r("/tmp/build-ab/x"), None);
        assert_eq!(r("/tmp/build-a.c"), None);
        assert_eq!(r("x_tmp_build_a_src"), None, "inside a longer identifier");
        assert_eq!(r("_tmp_build_abc"), None);
        assert_eq!(
            r("/tmp/build-a:/tmp/build-a/bin").unwrap(),
            "/tmp/build-b:/tmp/build-b/bin"
        );
        let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            r(&format!("0{}", hex("/tmp/build-a"))),
            None,
            "odd hex alignment"
        );
        assert_eq!(
            r(&format!("{}62", hex("/tmp/build-a"))),
            None,
            "followed by the byte 'b'"
        );
    }

    #[test]
    fn short_prefixes_are_matched_verbatim_only() {
        assert_eq!(spellings("/a", "/b").len(), 1);
        assert_eq!(replace("x_a", "/a", "/b"), None);
        assert_eq!(replace("/a/x", "/a", "/b").unwrap(), "/b/x");
    }

    #[test]
    fn the_longest_spelling_wins() {
        let a = spellings("/tmp/a", "/tmp/b");
        let b = spellings("/tmp/a/sub", "/opt/c");
        let candidates: Vec<_> = a
            .iter()
            .map(|s| (0, s))
            .chain(b.iter().map(|s| (1, s)))
            .collect();
        let (out, replaced) = substitute("/tmp/a/sub/x /tmp/a/y", &candidates).unwrap();
        assert_eq!(out, "/opt/c/x /tmp/b/y");
        assert_eq!(replaced.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [1, 0]);
    }
}
