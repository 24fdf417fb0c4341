//! File and member names as whydiff spells them: one string per byte sequence, never lossy.
//!
//! Names on disk and in archives are bytes, not text: `caf\xe9` (Latin-1) and `caf\xe8` are two
//! different files, and converting either to UTF-8 lossily would make them one. Every name whydiff
//! pairs, sorts, hashes into a manifest or reports is the output of [`escape`], which is
//! injective (two different byte strings never give the same spelling) and reversible
//! ([`unescape`]):
//!
//! - a valid UTF-8 character is kept as is, except the two below;
//! - a backslash is doubled: `\` → `\\`;
//! - a control byte (0x00–0x1f and 0x7f) is written `\xHH`, so that a name never breaks a line of
//!   a report or a manifest (a tab is `\x09`, a newline `\x0A`);
//! - any byte that is not part of a valid UTF-8 character is written `\xHH`, two uppercase hex
//!   digits: `caf\xe9` is spelled `caf\xE9`.
//!
//! A name that is valid UTF-8 without backslashes or control characters — nearly every name — is
//! spelled exactly as it is. The directory walk, the tar reader and the zip reader all spell member
//! names (and link targets) with this one function.

use std::fmt::Write as _;

/// The lossless spelling of the name `raw` (see the module documentation).
pub fn escape(raw: &[u8]) -> String {
    // Nearly every name: spelled as it is, copied whole instead of a character at a time.
    let plain = |b: &u8| *b >= 0x20 && *b != 0x7f && *b != b'\\';
    if raw.iter().all(plain) {
        if let Ok(text) = std::str::from_utf8(raw) {
            return text.to_owned();
        }
    }
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\0'..='\x1f' | '\x7f' => push_byte(&mut out, c as u8),
                _ => out.push(c),
            }
        }
        for &byte in chunk.invalid() {
            push_byte(&mut out, byte);
        }
    }
    out
}

fn push_byte(out: &mut String, byte: u8) {
    let _ = write!(out, "\\x{byte:02X}");
}

/// The bytes `name` spells, if it is a spelling [`escape`] can produce: `unescape(&escape(b))`
/// is `b` for every byte string `b`.
pub fn unescape(name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first != b'\\' {
            out.push(first);
            rest = tail;
            continue;
        }
        match tail {
            [b'\\', after @ ..] => {
                out.push(b'\\');
                rest = after;
            }
            [b'x', high, low, after @ ..] => {
                // Upper case only, as `escape` writes them.
                let digit = |d: u8| match d {
                    b'0'..=b'9' | b'A'..=b'F' => char::from(d)
                        .to_digit(16)
                        .and_then(|value| u8::try_from(value).ok()),
                    _ => None,
                };
                out.push(digit(*high)? << 4 | digit(*low)?);
                rest = after;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Whether the spelling of a name differs from its bytes read as UTF-8: it then holds an escape
/// (every escape starts with a backslash, and a literal backslash is itself escaped).
pub fn is_escaped(name: &str) -> bool {
    name.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_spelled_as_they_are() {
        assert_eq!(escape(b"pkg/core.py"), "pkg/core.py");
        assert_eq!(escape("café — 名前".as_bytes()), "café — 名前");
        assert!(!is_escaped(&escape(b"a b/c")));
    }

    #[test]
    fn other_bytes_backslashes_and_controls_are_escaped() {
        assert_eq!(escape(b"caf\xe9"), "caf\\xE9");
        assert_eq!(escape(b"caf\xe8"), "caf\\xE8");
        assert_eq!(escape(b"a\\b"), "a\\\\b");
        assert_eq!(
            escape(b"line\nbreak\ttab\x7f"),
            "line\\x0Abreak\\x09tab\\x7F"
        );
        // A truncated UTF-8 sequence is bytes, each escaped.
        assert_eq!(escape(b"\xc3"), "\\xC3");
        assert_eq!(escape(b"x\xff.txt"), "x\\xFF.txt");
    }

    #[test]
    fn the_spelling_is_injective_and_reversible() {
        // Names that a lossy conversion, or an escape that left backslashes alone, would merge.
        let names: [&[u8]; 8] = [
            b"caf\xe9",
            b"caf\xe8",
            b"caf\\xE9",
            b"caf\\\\xE9",
            "caf\u{fffd}".as_bytes(),
            b"caf\xc3\xa9",
            b"a\nb",
            b"a\\x0Ab",
        ];
        let spelled: Vec<String> = names.iter().map(|n| escape(n)).collect();
        for (i, a) in spelled.iter().enumerate() {
            for b in &spelled[i + 1..] {
                assert_ne!(a, b);
            }
        }
        for name in names {
            assert_eq!(unescape(&escape(name)).as_deref(), Some(name));
        }
        // Every byte string of up to two bytes round-trips.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(unescape(&escape(&[a, b])), Some(vec![a, b]));
            }
        }
        assert_eq!(unescape("bad\\q"), None);
        assert_eq!(unescape("bad\\x4"), None);
    }
}
