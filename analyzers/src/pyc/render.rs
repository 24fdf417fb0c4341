//! Marshal objects rendered as a Python programmer reads them: `(None, 42, 'text', b'\x00')`.
//!
//! The text follows `repr()` of the interpreter that wrote the pyc (Python 2 strings without a
//! prefix and `u'…'` unicode, `123L` longs; Python 3 `b'…'` bytes), with deliberate differences:
//! sets and frozensets list their items in a canonical order (sorted by their rendering) so that
//! two builds whose sets were written in another hash order render alike (the stored order is a
//! separate field), and are written `{…}` and `frozenset({…})` for every release; a nested code
//! object is `<code NAME>` with NAME its member name; floats and complexes written as text
//! (marshal versions 0 and 1) render as the binary ones of later versions; longs of more than
//! [`DECIMAL_DIGITS`] digits are written in hexadecimal to keep the conversion linear.
//! Printability of non-ASCII characters follows Python's except for unassigned code points (no
//! Unicode database here): controls, separators, format and private use characters are escaped,
//! unassigned ones are shown as they are.
//!
//! A value longer than [`FIELD_LIMIT`] bytes is cut there and ends with the SHA-256 and length of
//! its whole rendering, so that a difference past the cut still shows. Rendering never runs away
//! on hostile graphs (a tuple whose items all refer to one big tuple): all values of one pyc stop
//! at [`total_limit`] rendered bytes, and nesting through references at [`RENDER_DEPTH`] levels.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::marshal::{Encoding, Graph, Id, Obj};
use crate::byte_reader::u16_le_each;

/// The most bytes of one rendered value.
pub(super) const FIELD_LIMIT: usize = 256 * 1024;
/// The most bytes rendered for any pyc.
const TOTAL_FLOOR: usize = 16 << 20;
/// The most bytes rendered for one pyc, whatever its size.
const TOTAL_CEILING: usize = 256 << 20;

/// The most bytes rendered for a pyc of `size` bytes: enough for every value of a real pyc
/// (renderings are a few times the size of what they render), not for a graph built to explode.
pub(super) fn total_limit(size: usize) -> usize {
    size.saturating_mul(4)
        .saturating_add(TOTAL_FLOOR)
        .min(TOTAL_CEILING)
}
/// The deepest nesting rendered (references can nest an object deeper than the stream does).
pub(super) const RENDER_DEPTH: usize = 400;
/// Longs with at most this many 15-bit digits are written in decimal.
pub(super) const DECIMAL_DIGITS: usize = 300;
/// What a value cut at a limit ends with.
pub(super) const CUT_MARK: &str = "…";

/// Text being rendered, kept up to a limit.
struct Out {
    text: String,
    limit: usize,
    cut: bool,
    /// The digest of the whole rendering, for values rendered past their limit; `None` for
    /// values that stop at their limit.
    digest: Option<Sha256>,
    /// Bytes rendered, kept or not.
    length: usize,
    /// Bytes that may be rendered, kept or not.
    budget: usize,
}

impl Out {
    /// Text that stops at `limit` bytes.
    fn new(limit: usize) -> Self {
        Out {
            text: String::new(),
            limit,
            cut: false,
            digest: None,
            length: 0,
            budget: limit,
        }
    }

    /// Text kept up to `limit` bytes and digested in full, up to `budget` bytes.
    fn digested(limit: usize, budget: usize) -> Self {
        Out {
            digest: Some(Sha256::new()),
            budget,
            ..Out::new(limit.min(budget))
        }
    }

    /// Whether nothing more will be rendered.
    fn done(&self) -> bool {
        (self.cut && self.digest.is_none()) || self.length > self.budget
    }

    fn push(&mut self, s: &str) {
        if self.done() {
            return;
        }
        self.length = self.length.saturating_add(s.len());
        if let Some(digest) = &mut self.digest {
            digest.update(s.as_bytes());
        }
        if self.cut {
            return;
        }
        let room = self.limit.saturating_sub(self.text.len());
        if s.len() <= room {
            self.text.push_str(s);
            return;
        }
        // The longest start of `s` that fits and ends on a character boundary.
        let end = (0..=room)
            .rev()
            .find(|&end| s.is_char_boundary(end))
            .unwrap_or(0);
        self.text.push_str(s.get(..end).unwrap_or_default());
        self.text.push_str(CUT_MARK);
        self.cut = true;
    }

    /// The kept text, followed by the digest of the whole when it was cut.
    fn finish(self) -> Rendered {
        let mut text = self.text;
        if let (true, Some(digest)) = (self.cut, self.digest) {
            let _ = write!(
                text,
                " sha256:{:x} ({} bytes)",
                digest.finalize(),
                self.length
            );
        }
        Rendered {
            text,
            cut: self.cut,
        }
    }
}

/// A rendered value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    /// The text.
    pub text: String,
    /// Whether it was cut at its limit.
    pub cut: bool,
}

/// Renders the objects of one graph, within the limits.
pub(super) struct Renderer<'g> {
    graph: &'g Graph<'g>,
    /// Member names of code objects, by id.
    code_names: HashMap<Id, String>,
    spent: usize,
    total: usize,
}

impl<'g> Renderer<'g> {
    /// A renderer for `graph`, naming code objects by `code_names`, rendering at most `total`
    /// bytes in all.
    pub fn new(graph: &'g Graph<'g>, code_names: HashMap<Id, String>, total: usize) -> Self {
        Renderer {
            graph,
            code_names,
            spent: 0,
            total,
        }
    }

    /// Whether the total limit has been reached (later values are cut short).
    pub fn exhausted(&self) -> bool {
        self.spent >= self.total
    }

    fn left(&self) -> usize {
        self.total.saturating_sub(self.spent)
    }

    /// Renders `id`, stopping at `limit` bytes (and at what is left of the total).
    pub fn render_within(&mut self, id: Id, limit: usize) -> Rendered {
        let mut out = Out::new(limit.min(self.left()));
        self.write(&mut out, id, 0);
        self.spent = self.spent.saturating_add(out.length);
        out.finish()
    }

    /// Renders `id` as a field value: kept up to [`FIELD_LIMIT`] bytes, then the digest of the
    /// whole rendering.
    pub fn render(&mut self, id: Id) -> Rendered {
        let mut out = Out::digested(FIELD_LIMIT, self.left());
        self.write(&mut out, id, 0);
        self.spent = self.spent.saturating_add(out.length);
        out.finish()
    }

    /// The canonical order of the items of a set: indices into `items`, sorted by rendering
    /// (ties keep the stored order).
    pub fn canonical_order(&mut self, items: &[Id]) -> Vec<usize> {
        let keys: Vec<String> = items
            .iter()
            .map(|&id| self.render_within(id, FIELD_LIMIT).text)
            .collect();
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| keys.get(a).cmp(&keys.get(b)));
        order
    }

    fn write(&mut self, out: &mut Out, id: Id, depth: usize) {
        if out.done() {
            return;
        }
        if depth > RENDER_DEPTH {
            out.push(CUT_MARK);
            return;
        }
        let graph = self.graph;
        let id = graph.resolve(id);
        match graph.get(id) {
            Obj::Null => out.push("<NULL>"),
            Obj::None => out.push("None"),
            Obj::True => out.push("True"),
            Obj::False => out.push("False"),
            Obj::StopIteration => out.push("StopIteration"),
            Obj::Ellipsis => out.push("Ellipsis"),
            Obj::Int(value) => out.push(&value.to_string()),
            Obj::Long { negative, digits } => {
                out.push(&long_text(graph.bytes(digits), *negative));
                if graph.python2 {
                    out.push("L");
                }
            }
            Obj::Float(value) => out.push(&float_repr(*value, true)),
            Obj::FloatText(range) => match parse_float(graph.bytes(range)) {
                Some(value) => out.push(&float_repr(value, true)),
                None => out.push(&ascii_text(graph.bytes(range))),
            },
            Obj::Complex(real, imag) => out.push(&complex_repr(*real, *imag)),
            Obj::ComplexText(real, imag) => {
                match (
                    parse_float(graph.bytes(real)),
                    parse_float(graph.bytes(imag)),
                ) {
                    (Some(real), Some(imag)) => out.push(&complex_repr(real, imag)),
                    _ => {
                        let (real, imag) =
                            (ascii_text(graph.bytes(real)), ascii_text(graph.bytes(imag)));
                        out.push(&format!("complex('{real}', '{imag}')"));
                    }
                }
            }
            Obj::Bytes(range) => {
                let prefix = if graph.python2 { "" } else { "b" };
                out.push(&bytes_repr(graph.bytes(range), prefix));
            }
            Obj::Str(range, encoding) => {
                out.push(&str_repr(graph.bytes(range), *encoding, graph.python2))
            }
            Obj::Tuple(items) => {
                out.push("(");
                self.write_items(out, items, depth);
                if items.len() == 1 {
                    out.push(",");
                }
                out.push(")");
            }
            Obj::List(items) => {
                out.push("[");
                self.write_items(out, items, depth);
                out.push("]");
            }
            Obj::Dict(pairs) => {
                out.push("{");
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(", ");
                    }
                    self.write(out, *key, depth.saturating_add(1));
                    out.push(": ");
                    self.write(out, *value, depth.saturating_add(1));
                }
                out.push("}");
            }
            Obj::Set(items) if items.is_empty() => out.push("set()"),
            Obj::FrozenSet(items) if items.is_empty() => out.push("frozenset()"),
            Obj::Set(items) => self.write_set(out, items, depth),
            Obj::FrozenSet(items) => {
                out.push("frozenset(");
                self.write_set(out, items, depth);
                out.push(")");
            }
            Obj::Code(code) => {
                let name = match self.code_names.get(&id) {
                    Some(name) => name.clone(),
                    None => graph.text(code.name).unwrap_or_else(|| "?".to_owned()),
                };
                out.push(&format!("<code {name}>"));
            }
            Obj::Slice(parts) => {
                out.push("slice(");
                self.write_items(out, parts, depth);
                out.push(")");
            }
            Obj::Ref(_) => out.push("<reference>"),
            Obj::Error(problem) => out.push(&format!("<error: {problem}>")),
        }
    }

    fn write_items(&mut self, out: &mut Out, items: &[Id], depth: usize) {
        for (i, item) in items.iter().enumerate() {
            if out.done() {
                return;
            }
            if i > 0 {
                out.push(", ");
            }
            self.write(out, *item, depth.saturating_add(1));
        }
    }

    fn write_set(&mut self, out: &mut Out, items: &[Id], depth: usize) {
        out.push("{");
        let keys: Vec<String> = items
            .iter()
            .map(|&item| {
                let mut key = Out::new(FIELD_LIMIT.min(self.left()));
                self.write(&mut key, item, depth.saturating_add(1));
                self.spent = self.spent.saturating_add(key.length);
                key.text
            })
            .collect();
        let mut sorted: Vec<&String> = keys.iter().collect();
        sorted.sort();
        for (i, key) in sorted.into_iter().enumerate() {
            if i > 0 {
                out.push(", ");
            }
            out.push(key);
        }
        out.push("}");
    }
}

/// A long's 15-bit little-endian digits as decimal (hexadecimal beyond [`DECIMAL_DIGITS`]).
pub(super) fn long_text(bytes: &[u8], negative: bool) -> String {
    let digits: Vec<u32> = u16_le_each(bytes).map(u32::from).collect();
    let sign = if negative && !digits.is_empty() {
        "-"
    } else {
        ""
    };
    if digits.len() > DECIMAL_DIGITS {
        return format!("{sign}0x{}", long_hex(&digits));
    }
    // Base 2**15 to base 10**4 by repeated division, most significant digit first.
    let mut limbs: Vec<u32> = digits.iter().rev().copied().collect();
    let mut groups = Vec::new();
    while limbs.iter().any(|&limb| limb != 0) {
        let mut remainder = 0u32;
        for limb in limbs.iter_mut() {
            let value = (remainder << 15) | *limb;
            *limb = value / 10_000;
            remainder = value % 10_000;
        }
        groups.push(remainder);
        while limbs.first() == Some(&0) {
            limbs.remove(0);
        }
    }
    let mut text = String::from(sign);
    match groups.split_last() {
        None => text.push('0'),
        Some((most, rest)) => {
            let _ = write!(text, "{most}");
            for group in rest.iter().rev() {
                let _ = write!(text, "{group:04}");
            }
        }
    }
    text
}

/// The hexadecimal digits of a number given as 15-bit little-endian digits.
fn long_hex(digits: &[u32]) -> String {
    // A 15-bit digit makes fewer than four nibbles.
    let mut nibbles = Vec::with_capacity(digits.len().saturating_mul(4));
    let (mut accumulator, mut bits) = (0u32, 0u32);
    for &digit in digits {
        accumulator |= digit << bits;
        bits = bits.saturating_add(15);
        while bits >= 4 {
            nibbles.push(accumulator & 0xf);
            accumulator >>= 4;
            bits = bits.saturating_sub(4);
        }
    }
    if bits > 0 {
        nibbles.push(accumulator);
    }
    while nibbles.len() > 1 && nibbles.last() == Some(&0) {
        nibbles.pop();
    }
    nibbles
        .iter()
        .rev()
        .map(|&n| char::from_digit(n, 16).unwrap_or('?'))
        .collect()
}

/// A float as Python's `repr()` writes it (`1.5`, `1e+100`, `1e-05`, `-0.0`, `inf`); without the
/// `.0` of integral values inside a complex (`(1+2j)`).
pub(super) fn float_repr(value: f64, add_dot_zero: bool) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0{}", if add_dot_zero { ".0" } else { "" });
    }
    // Rust's shortest round-trip digits, laid out by Python's rules.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let point = exponent.saturating_add(1);
    if !(-3..=16).contains(&point) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.abs()
        );
    }
    if point <= 0 {
        return format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        );
    }
    let point = point as usize;
    if point >= digits.len() {
        let zeros = "0".repeat(point.saturating_sub(digits.len()));
        let tail = if add_dot_zero { ".0" } else { "" };
        format!("{sign}{digits}{zeros}{tail}")
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// A complex as Python's `repr()` writes it: `2j`, `(1+2j)`, `(-0-2j)`.
pub(super) fn complex_repr(real: f64, imag: f64) -> String {
    let imag_text = float_repr(imag, false);
    if real == 0.0 && real.is_sign_positive() {
        return format!("{imag_text}j");
    }
    let sign = if imag_text.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{imag_text}j)", float_repr(real, false))
}

/// A float written as text by marshal versions 0 and 1 (`1.0000000000000001e-05`, `inf`), so
/// that it renders as the binary float of later versions does.
fn parse_float(bytes: &[u8]) -> Option<f64> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// ASCII bytes as text (a text float); anything else escaped.
fn ascii_text(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() {
                char::from(b).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect()
}

/// The quote `repr()` picks: `'` unless the text holds `'` and no `"`.
fn quote_for(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double {
        '"'
    } else {
        '\''
    }
}

/// Bytes as Python's `repr()` writes them, after `prefix` (`b` in Python 3).
pub(super) fn bytes_repr(bytes: &[u8], prefix: &str) -> String {
    let quote = quote_for(bytes.contains(&b'\''), bytes.contains(&b'"'));
    let mut text = format!("{prefix}{quote}");
    for &b in bytes {
        match b {
            b'\\' => text.push_str("\\\\"),
            b'\t' => text.push_str("\\t"),
            b'\n' => text.push_str("\\n"),
            b'\r' => text.push_str("\\r"),
            _ if b == quote as u8 => {
                text.push('\\');
                text.push(quote);
            }
            0x20..=0x7e => text.push(char::from(b)),
            _ => {
                let _ = write!(text, "\\x{b:02x}");
            }
        }
    }
    text.push(quote);
    text
}

/// One unit of a string as marshal stored it.
enum Unit {
    Char(char),
    /// A lone surrogate (CPython's `surrogatepass`).
    Surrogate(u32),
    /// A byte that is not UTF-8 (CPython would refuse the data).
    Invalid(u8),
}

/// The units of UTF-8 data that may hold surrogates or invalid bytes.
fn utf8_units(mut bytes: &[u8]) -> Vec<Unit> {
    let mut units = Vec::new();
    while !bytes.is_empty() {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, &[][..]),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                // The prefix is valid UTF-8 by construction.
                (std::str::from_utf8(valid).unwrap_or_default(), rest)
            }
        };
        units.extend(valid.chars().map(Unit::Char));
        bytes = rest;
        if let [0xed, second @ 0xa0..=0xbf, third @ 0x80..=0xbf, rest @ ..] = bytes {
            let code = 0xd000 | (u32::from(second & 0x3f) << 6) | u32::from(third & 0x3f);
            units.push(Unit::Surrogate(code));
            bytes = rest;
        } else if let [byte, rest @ ..] = bytes {
            units.push(Unit::Invalid(*byte));
            bytes = rest;
        }
    }
    units
}

/// Whether Python 3's `repr()` shows a non-ASCII character as is: not for controls, separators
/// other than space, format and private use characters (unassigned ones are not recognized).
fn is_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || is_format_character(c)
        || is_private_use(c))
}

/// Unicode's format characters (category Cf), which `repr()` escapes.
fn is_format_character(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Private use characters (category Co), which `repr()` escapes.
fn is_private_use(c: char) -> bool {
    matches!(
        c,
        '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{ffffd}' | '\u{100000}'..='\u{10fffd}'
    )
}

fn escape_code_point(text: &mut String, code: u32) {
    let _ = match code {
        0..=0xff => write!(text, "\\x{code:02x}"),
        0x100..=0xffff => write!(text, "\\u{code:04x}"),
        _ => write!(text, "\\U{code:08x}"),
    };
}

/// Text as Python's `repr()` writes it: `'…'` in Python 3, `u'…'` with every non-ASCII character
/// escaped in Python 2.
pub(super) fn str_repr(bytes: &[u8], encoding: Encoding, python2: bool) -> String {
    let units = match encoding {
        Encoding::Latin1 => bytes.iter().map(|&b| Unit::Char(char::from(b))).collect(),
        Encoding::Utf8 => utf8_units(bytes),
    };
    let has = |q: char| units.iter().any(|u| matches!(u, Unit::Char(c) if *c == q));
    let quote = quote_for(has('\''), has('"'));
    let mut text = String::new();
    if python2 {
        text.push('u');
    }
    text.push(quote);
    for unit in units {
        match unit {
            Unit::Char('\\') => text.push_str("\\\\"),
            Unit::Char('\t') => text.push_str("\\t"),
            Unit::Char('\n') => text.push_str("\\n"),
            Unit::Char('\r') => text.push_str("\\r"),
            Unit::Char(c) if c == quote => {
                text.push('\\');
                text.push(c);
            }
            Unit::Char(c @ ' '..='~') => text.push(c),
            Unit::Char(c) if !python2 && !c.is_ascii() && is_printable(c) => text.push(c),
            Unit::Char(c) => escape_code_point(&mut text, u32::from(c)),
            Unit::Surrogate(code) => escape_code_point(&mut text, code),
            Unit::Invalid(byte) => {
                let _ = write!(text, "<invalid UTF-8 byte 0x{byte:02x}>");
            }
        }
    }
    text.push(quote);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_bytes(digits: &[u16]) -> Vec<u8> {
        digits.iter().flat_map(|d| d.to_le_bytes()).collect()
    }

    #[test]
    fn floats_render_as_python_repr() {
        for (value, text) in [
            (1.5, "1.5"),
            (3.0, "3.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e100, "1e+100"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-300, "1e-300"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (-2.5e-7, "-2.5e-07"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ] {
            assert_eq!(float_repr(value, true), text, "{value:?}");
        }
    }

    #[test]
    fn complexes_render_as_python_repr() {
        assert_eq!(complex_repr(0.0, 2.0), "2j");
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(1.0, -2.0), "(1-2j)");
        assert_eq!(complex_repr(-0.0, -2.0), "(-0-2j)");
        assert_eq!(complex_repr(0.0, 1.5), "1.5j");
    }

    #[test]
    fn longs_render_in_decimal_then_hexadecimal() {
        assert_eq!(long_text(&[], false), "0");
        assert_eq!(long_text(&long_bytes(&[1]), true), "-1");
        // 2**40 = 2**(15*2) * 2**10.
        assert_eq!(
            long_text(&long_bytes(&[0, 0, 1024]), false),
            "1099511627776"
        );
        // 10**30, as CPython 3 stores it.
        let ten_30 = [0, 0, 14249, 13223, 19716, 26003, 807];
        assert_eq!(
            long_text(&long_bytes(&ten_30), false),
            "1000000000000000000000000000000"
        );
        let huge = vec![0x7fff; DECIMAL_DIGITS + 1];
        let text = long_text(&long_bytes(&huge), false);
        assert!(text.starts_with("0x7fff"), "{}", &text[..10]);
        assert_eq!(text.len(), 2 + (15 * (DECIMAL_DIGITS + 1)).div_ceil(4));
    }

    #[test]
    fn strings_render_as_python_repr() {
        assert_eq!(bytes_repr(b"\x00raw\xff", "b"), r"b'\x00raw\xff'");
        assert_eq!(bytes_repr(b"it's", "b"), r#"b"it's""#);
        assert_eq!(bytes_repr(b"'\"", ""), r#"'\'"'"#);
        let cafe = "café € 😀\n".as_bytes();
        assert_eq!(str_repr(cafe, Encoding::Utf8, false), "'café € 😀\\n'");
        assert_eq!(
            str_repr(cafe, Encoding::Utf8, true),
            r"u'caf\xe9 \u20ac \U0001f600\n'"
        );
        assert_eq!(
            str_repr(b"\x85\xa0", Encoding::Latin1, false),
            r"'\x85\xa0'"
        );
        // A lone surrogate (surrogatepass) and a byte that is not UTF-8 stay distinct.
        assert_eq!(
            str_repr(b"a\xed\xb2\x80", Encoding::Utf8, false),
            r"'a\udc80'"
        );
        assert_eq!(
            str_repr(b"a\x80", Encoding::Utf8, false),
            "'a<invalid UTF-8 byte 0x80>'"
        );
    }

    #[test]
    fn output_is_cut_at_its_limit_on_a_char_boundary() {
        let mut out = Out::new(5);
        out.push("abcd");
        out.push("éé");
        out.push("more");
        assert!(out.done());
        let rendered = out.finish();
        assert_eq!(rendered.text, format!("abcd{CUT_MARK}"));
        assert!(rendered.cut);
    }

    #[test]
    fn digested_output_ends_with_the_digest_of_the_whole() {
        let render = |parts: &[&str]| {
            let mut out = Out::digested(5, 1000);
            for part in parts {
                out.push(part);
            }
            out.finish().text
        };
        let whole = format!("{:x}", Sha256::digest(b"abcdefgh"));
        assert_eq!(
            render(&["abcd", "efgh"]),
            format!("abcde{CUT_MARK} sha256:{whole} (8 bytes)")
        );
        assert_ne!(render(&["abcd", "efgh"]), render(&["abcd", "efgX"]));
        assert_eq!(render(&["abc"]), "abc");
    }
}
