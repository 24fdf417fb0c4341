//! A reader of CPython's marshal format (2.7 and 3.x, marshal versions 0 to 5) for untrusted input.
//!
//! The data becomes a graph: every object read is one entry of an arena, in stream order, with
//! its offset, its type code and, when it carried FLAG_REF (3.x) or was an interned string (2.7
//! `t`), its reference index. A reference (`r`, 2.7 `R`) is an entry pointing at the object it
//! names. Nothing here trusts the input: every read is bounds-checked, no length field sizes an
//! allocation beyond what the remaining bytes can hold, nesting is limited to [`MAX_DEPTH`]
//! levels, long integers to [`MAX_LONG_DIGITS`] digits, the whole graph to [`MAX_OBJECTS`]
//! objects. A reference that names no object, or an object still being read (a cycle), becomes an
//! error value and a note; a structural problem (truncation, an unknown type code) stops the read
//! with a [`ParseError`] that says where.

use std::ops::Range;

use super::code::{self, Code, Layout};
use crate::byte_reader::{u16_le_each, ByteReader};

/// Index of an object in [`Graph::objects`].
pub(super) type Id = u32;

/// The deepest nesting of objects read (CPython allows 2000; compiled code needs far fewer).
pub(super) const MAX_DEPTH: usize = 200;
/// The most 15-bit digits of one long integer.
pub(super) const MAX_LONG_DIGITS: usize = 100_000;
/// The most objects in one marshal stream.
pub(super) const MAX_OBJECTS: usize = 1 << 22;
/// The most notes about bad references before they are summarized.
const MAX_REF_NOTES: usize = 8;

/// FLAG_REF: the object is added to the reference table (3.x).
const FLAG_REF: u8 = 0x80;

/// What marshal dialect to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dialect {
    /// Python 2: `s`/`t` are byte strings, `t` is interned and `R` refers to it; no FLAG_REF.
    pub python2: bool,
    /// The code object layout.
    pub layout: Layout,
}

/// How a string's bytes encode its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// UTF-8, possibly with surrogates (CPython writes `surrogatepass`).
    Utf8,
    /// One byte per character (the ASCII types `a`, `A`, `z`, `Z`, read as Latin-1 by CPython).
    Latin1,
}

/// One decoded object. Byte ranges index the data given to [`read`].
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Obj {
    /// `0`: the NULL that ends a dict.
    Null,
    None,
    True,
    False,
    StopIteration,
    Ellipsis,
    /// `i`, `I`: a machine integer.
    Int(i64),
    /// `l`: a long integer as 15-bit little-endian digits (two bytes each).
    Long {
        negative: bool,
        digits: Range<usize>,
    },
    /// `g`: a binary double.
    Float(f64),
    /// `f`: a double written as text (marshal versions 0 and 1).
    FloatText(Range<usize>),
    /// `y`: a binary complex.
    Complex(f64, f64),
    /// `x`: a complex written as two texts.
    ComplexText(Range<usize>, Range<usize>),
    /// `s` (and 2.7 `t`): bytes, Python 2's `str`.
    Bytes(Range<usize>),
    /// `u`, `t` (3.x), `a`, `A`, `z`, `Z`: text, Python 2's `unicode`.
    Str(Range<usize>, Encoding),
    Tuple(Vec<Id>),
    List(Vec<Id>),
    Dict(Vec<(Id, Id)>),
    Set(Vec<Id>),
    FrozenSet(Vec<Id>),
    Code(Box<Code>),
    /// `:` (3.14): start, stop, step.
    Slice([Id; 3]),
    /// `r`, 2.7 `R`: the object referred to.
    Ref(Id),
    /// A reference that could not be resolved; the text says why.
    Error(String),
}

/// One object of the graph and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Object {
    pub obj: Obj,
    /// Offset of its type code in the data.
    pub offset: usize,
    /// Its type code byte, FLAG_REF included.
    pub code: u8,
    /// Its index in the reference table, when it has one (FLAG_REF, 2.7 interned strings).
    pub ref_index: Option<u32>,
    /// Whether it was read to its end (references to unfinished objects are cycles).
    complete: bool,
}

/// A decoded marshal stream.
#[derive(Debug)]
pub(super) struct Graph<'a> {
    /// The data the byte ranges and offsets index (the whole pyc).
    pub data: &'a [u8],
    /// Every object, in stream order.
    pub objects: Vec<Object>,
    /// The first (top-level) object.
    pub root: Id,
    /// Where the marshal data ends in `data`.
    pub end: usize,
    /// How many objects entered the reference table.
    pub flagged: usize,
    /// What was odd but did not stop the read.
    pub notes: Vec<String>,
    /// Whether the stream was written by Python 2.
    pub python2: bool,
}

impl Graph<'_> {
    /// The object `id`, with references followed to their target (`Null` for an id that is not
    /// one of this graph's).
    pub fn get(&self, id: Id) -> &Obj {
        self.objects
            .get(self.resolve(id) as usize)
            .map_or(&Obj::Null, |object| &object.obj)
    }

    /// `id`, or the object it refers to.
    pub fn resolve(&self, id: Id) -> Id {
        match self.objects.get(id as usize).map(|object| &object.obj) {
            Some(&Obj::Ref(target)) => target,
            _ => id,
        }
    }

    /// The bytes of a byte range of the data (empty for a range the reader did not give).
    pub fn bytes(&self, range: &Range<usize>) -> &[u8] {
        self.data.get(range.clone()).unwrap_or_default()
    }

    /// The text of a string object (bytes read as Latin-1), or `None` for other objects.
    pub fn text(&self, id: Id) -> Option<String> {
        match self.get(id) {
            Obj::Str(range, Encoding::Utf8) => {
                Some(String::from_utf8_lossy(self.bytes(range)).into_owned())
            }
            Obj::Str(range, Encoding::Latin1) | Obj::Bytes(range) => {
                Some(self.bytes(range).iter().map(|&b| char::from(b)).collect())
            }
            _ => None,
        }
    }

    /// The raw bytes of a bytes object, or `None` for other objects.
    pub fn raw_bytes(&self, id: Id) -> Option<&[u8]> {
        match self.get(id) {
            Obj::Bytes(range) => Some(self.bytes(range)),
            _ => None,
        }
    }

    /// The items of a tuple or list, or `None` for other objects.
    pub fn items(&self, id: Id) -> Option<&[Id]> {
        match self.get(id) {
            Obj::Tuple(items) | Obj::List(items) => Some(items),
            _ => None,
        }
    }

    /// The code object `id`, if it is one.
    pub fn code(&self, id: Id) -> Option<&Code> {
        match self.get(id) {
            Obj::Code(code) => Some(code),
            _ => None,
        }
    }
}

/// Why the marshal data could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseError {
    /// Offset in the data (the whole pyc).
    pub offset: usize,
    /// What was wrong.
    pub reason: String,
}

/// Reads the one object that `data` holds from `start` on (the end of the pyc header). Offsets
/// and byte ranges index all of `data`.
pub(super) fn read(data: &[u8], start: usize, dialect: Dialect) -> Result<Graph<'_>, ParseError> {
    let mut reader = Reader {
        data,
        bytes: ByteReader::at_or_end(data, start),
        dialect,
        // Compiled modules average about a dozen bytes per object: room for most without
        // regrowing, never more than the data could hold.
        objects: Vec::with_capacity(data.len().saturating_sub(start) / 12),
        refs: Vec::new(),
        notes: Vec::new(),
        bad_refs: 0,
        depth: 0,
    };
    let root = reader.read_object()?;
    if reader.bad_refs > MAX_REF_NOTES {
        reader.notes.push(format!(
            "{} more unresolvable references",
            reader.bad_refs.saturating_sub(MAX_REF_NOTES)
        ));
    }
    if !reader.bytes.is_empty() {
        reader.notes.push(format!(
            "{} bytes after the marshal data are not read",
            reader.remaining()
        ));
    }
    Ok(Graph {
        data,
        end: reader.bytes.position(),
        flagged: reader.refs.len(),
        objects: reader.objects,
        root,
        notes: reader.notes,
        python2: dialect.python2,
    })
}

/// The state of one read.
pub(super) struct Reader<'a> {
    /// The whole pyc, which offsets and byte ranges index.
    data: &'a [u8],
    /// What is left to read of it.
    bytes: ByteReader<'a>,
    dialect: Dialect,
    objects: Vec<Object>,
    /// The reference table: FLAG_REF objects (3.x) or interned strings (2.7), in order.
    refs: Vec<Id>,
    notes: Vec<String>,
    bad_refs: usize,
    depth: usize,
}

impl Reader<'_> {
    fn error(&self, offset: usize, reason: impl Into<String>) -> ParseError {
        ParseError {
            offset,
            reason: reason.into(),
        }
    }

    fn remaining(&self) -> usize {
        self.bytes.rest().len()
    }

    /// Where the next byte is in the data.
    fn position(&self) -> usize {
        self.bytes.position()
    }

    fn past_end(&self, len: usize, what: &str) -> ParseError {
        self.error(
            self.position(),
            format!(
                "{what} of {len} bytes runs past the end ({} left)",
                self.remaining()
            ),
        )
    }

    fn take(&mut self, len: usize, what: &str) -> Result<Range<usize>, ParseError> {
        let start = self.position();
        self.bytes
            .skip(len)
            .ok_or_else(|| self.past_end(len, what))?;
        Ok(start..self.position())
    }

    fn read_u8(&mut self) -> Result<u8, ParseError> {
        self.bytes.u8().ok_or_else(|| self.past_end(1, "a byte"))
    }

    fn read_array<const N: usize>(&mut self) -> Result<[u8; N], ParseError> {
        self.bytes
            .array()
            .ok_or_else(|| self.past_end(N, "a number"))
    }

    /// Reads a little-endian signed 32-bit integer.
    pub(super) fn read_i32(&mut self) -> Result<i32, ParseError> {
        Ok(i32::from_le_bytes(self.read_array()?))
    }

    /// Reads a 32-bit length whose items each take at least `min_item_size` bytes, refusing one
    /// the remaining data cannot hold.
    fn read_len(&mut self, min_item_size: usize, what: &str) -> Result<usize, ParseError> {
        let at = self.position();
        let len = self.read_i32()?;
        let len = usize::try_from(len)
            .map_err(|_| self.error(at, format!("negative {what} length {len}")))?;
        if len.saturating_mul(min_item_size) > self.remaining() {
            return Err(self.error(
                at,
                format!(
                    "{what} length {len} exceeds the {} bytes left",
                    self.remaining()
                ),
            ));
        }
        Ok(len)
    }

    fn read_short_len(&mut self) -> Result<usize, ParseError> {
        Ok(usize::from(self.read_u8()?))
    }

    fn read_f64(&mut self) -> Result<f64, ParseError> {
        Ok(f64::from_le_bytes(self.read_array()?))
    }

    /// A text float (`f`, `x`): a length byte and that many bytes.
    fn read_float_text(&mut self) -> Result<Range<usize>, ParseError> {
        let len = self.read_short_len()?;
        self.take(len, "a float text")
    }

    /// Reads one object and everything nested in it; returns its id.
    pub(super) fn read_object(&mut self) -> Result<Id, ParseError> {
        let offset = self.position();
        if self.depth >= MAX_DEPTH {
            return Err(self.error(
                offset,
                format!("objects nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        if self.objects.len() >= MAX_OBJECTS {
            return Err(self.error(offset, format!("more than {MAX_OBJECTS} objects")));
        }
        let code = self.read_u8()?;
        let (flagged, kind) = if self.dialect.python2 {
            (false, code)
        } else {
            (code & FLAG_REF != 0, code & !FLAG_REF)
        };
        // The slot and the reference index are taken before the children are read, as CPython
        // does: a container's index precedes its items'.
        let id = self.objects.len() as Id;
        self.objects.push(Object {
            obj: Obj::Null,
            offset,
            code,
            ref_index: None,
            complete: false,
        });
        if flagged && kind != b'r' {
            self.add_ref(id);
        }
        self.depth = self.depth.saturating_add(1);
        let obj = self.read_body(kind, offset);
        self.depth = self.depth.saturating_sub(1);
        let obj = obj?;
        let is_interned_py2 = self.dialect.python2 && kind == b't';
        if let Some(object) = self.objects.get_mut(id as usize) {
            object.obj = obj;
            object.complete = true;
        }
        if is_interned_py2 {
            self.add_ref(id);
        }
        Ok(id)
    }

    fn add_ref(&mut self, id: Id) {
        if let Some(object) = self.objects.get_mut(id as usize) {
            object.ref_index = Some(self.refs.len() as u32);
        }
        self.refs.push(id);
    }

    fn read_body(&mut self, kind: u8, offset: usize) -> Result<Obj, ParseError> {
        let python2 = self.dialect.python2;
        Ok(match kind {
            b'0' => Obj::Null,
            b'N' => Obj::None,
            b'F' => Obj::False,
            b'T' => Obj::True,
            b'S' => Obj::StopIteration,
            b'.' => Obj::Ellipsis,
            b'i' => Obj::Int(i64::from(self.read_i32()?)),
            b'I' => Obj::Int(i64::from_le_bytes(self.read_array()?)),
            b'l' => self.read_long()?,
            b'f' => Obj::FloatText(self.read_float_text()?),
            b'g' => Obj::Float(self.read_f64()?),
            b'x' => {
                let real = self.read_float_text()?;
                Obj::ComplexText(real, self.read_float_text()?)
            }
            b'y' => {
                let real = self.read_f64()?;
                Obj::Complex(real, self.read_f64()?)
            }
            b's' => Obj::Bytes(self.read_sized("a string")?),
            b't' if python2 => Obj::Bytes(self.read_sized("an interned string")?),
            b't' | b'u' => Obj::Str(self.read_sized("a string")?, Encoding::Utf8),
            b'a' | b'A' if !python2 => Obj::Str(self.read_sized("a string")?, Encoding::Latin1),
            b'z' | b'Z' if !python2 => {
                let len = self.read_short_len()?;
                Obj::Str(self.take(len, "a string")?, Encoding::Latin1)
            }
            b'(' => Obj::Tuple(self.read_items(None)?),
            b')' if !python2 => {
                let len = self.read_short_len()?;
                Obj::Tuple(self.read_items(Some(len))?)
            }
            b'[' => Obj::List(self.read_items(None)?),
            b'<' => Obj::Set(self.read_items(None)?),
            b'>' => Obj::FrozenSet(self.read_items(None)?),
            b'{' => Obj::Dict(self.read_dict()?),
            b'c' => Obj::Code(Box::new(code::read(self, self.dialect.layout)?)),
            b':' if !python2 => {
                let start = self.read_object()?;
                let stop = self.read_object()?;
                Obj::Slice([start, stop, self.read_object()?])
            }
            b'r' if !python2 => {
                let index = self.read_i32()?;
                self.resolve_ref(index, offset)
            }
            b'R' if python2 => {
                let index = self.read_i32()?;
                self.resolve_ref(index, offset)
            }
            other => {
                return Err(self.error(offset, format!("unknown type code 0x{other:02x}")));
            }
        })
    }

    /// A 32-bit length and that many bytes.
    fn read_sized(&mut self, what: &str) -> Result<Range<usize>, ParseError> {
        let len = self.read_len(1, what)?;
        self.take(len, what)
    }

    /// The items of a sequence: a 32-bit count (or `count` for small tuples) and the objects.
    fn read_items(&mut self, count: Option<usize>) -> Result<Vec<Id>, ParseError> {
        let count = match count {
            Some(count) => count,
            None => self.read_len(1, "a container")?,
        };
        // Every item takes at least one byte: the capacity never exceeds the data left.
        let mut items = Vec::with_capacity(count.min(self.remaining()));
        for _ in 0..count {
            items.push(self.read_object()?);
        }
        Ok(items)
    }

    /// Key and value pairs up to a NULL key.
    fn read_dict(&mut self) -> Result<Vec<(Id, Id)>, ParseError> {
        let mut pairs = Vec::new();
        loop {
            let key = self.read_object()?;
            if self
                .objects
                .get(key as usize)
                .is_some_and(|object| object.obj == Obj::Null)
            {
                return Ok(pairs);
            }
            let value = self.read_object()?;
            pairs.push((key, value));
        }
    }

    /// `l`: a signed digit count and that many 15-bit digits, validated as CPython does.
    fn read_long(&mut self) -> Result<Obj, ParseError> {
        let at = self.position();
        let count = self.read_i32()?;
        let digits = count.unsigned_abs() as usize;
        if digits > MAX_LONG_DIGITS {
            return Err(self.error(
                at,
                format!("a long of {digits} digits exceeds the limit of {MAX_LONG_DIGITS}"),
            ));
        }
        // At most MAX_LONG_DIGITS digits of two bytes: the length never saturates.
        let range = self.take(digits.saturating_mul(2), "a long")?;
        let mut digit_values = u16_le_each(self.data.get(range.clone()).unwrap_or_default());
        if let Some(bad) = digit_values.clone().position(|digit| digit >= 1 << 15) {
            return Err(self.error(
                range.start.saturating_add(bad.saturating_mul(2)),
                "a long digit out of range (CPython refuses it)",
            ));
        }
        if digit_values.next_back() == Some(0) {
            return Err(self.error(at, "an unnormalized long (CPython refuses it)"));
        }
        Ok(Obj::Long {
            negative: count < 0,
            digits: range,
        })
    }

    /// The object a reference names, or an error value (and a note) when it names none or one
    /// that is still being read.
    fn resolve_ref(&mut self, index: i32, offset: usize) -> Obj {
        let target = usize::try_from(index)
            .ok()
            .and_then(|i| self.refs.get(i))
            .copied();
        let problem = match target {
            Some(target)
                if self
                    .objects
                    .get(target as usize)
                    .is_some_and(|object| object.complete) =>
            {
                return Obj::Ref(target)
            }
            Some(_) => format!("reference #{index} to an object that contains it"),
            None => format!(
                "dangling reference #{index} ({} objects referable)",
                self.refs.len()
            ),
        };
        self.bad_refs = self.bad_refs.saturating_add(1);
        if self.bad_refs <= MAX_REF_NOTES {
            self.notes
                .push(format!("marshal data at byte {offset}: {problem}"));
        }
        Obj::Error(problem)
    }
}
