//! What readers of frozen applications need from the pyc reader: a pyc header for code that an
//! archive stores marshaled without one, and the marshaled tables of contents such archives keep.
//!
//! PyInstaller stores each module as `marshal.dumps(code)` — no header — in its CArchive and in
//! the PYZ inside it, and says which interpreter wrote it elsewhere (the PYZ header's magic number,
//! the CArchive cookie's `major * 100 + minor`). Giving the pyc reader that code behind a header
//! naming the same interpreter lets it read the code objects as it reads any pyc. The header is
//! made the same way for every module (PEP 552 "unchecked hash" with a zero hash from 3.7 on, a
//! zero source mtime and size before), so it never differs between two builds but by the
//! interpreter, which is what its magic number says.

use super::code::Layout;
use super::header::{release_of, Release, RELEASES};
use super::marshal::{self, Dialect, Graph, Obj};
use crate::byte_reader::u16_le_at;

/// PEP 552 flags of the made header: hash-based, not checked against the source.
const UNCHECKED_HASH: u32 = 0b01;

/// The four magic bytes (`NNNN\r\n`) of the final release of CPython `major.minor`, when the pyc
/// reader decodes that release.
pub(crate) fn magic_of_version(major: u8, minor: u8) -> Option<[u8; 4]> {
    let release = RELEASES
        .iter()
        .find(|r| r.major == major && r.minor == minor)?;
    let [low, high] = release.final_magic.to_le_bytes();
    Some([low, high, b'\r', b'\n'])
}

/// Whether `magic` is the magic of a release the pyc reader decodes.
pub(crate) fn is_known_magic(magic: [u8; 4]) -> bool {
    magic[2..] == *b"\r\n" && release_of(u16::from_le_bytes([magic[0], magic[1]])).is_some()
}

/// The magic rendered as the pyc reader renders it: `3.11 (3495)`, `unknown (9999)`.
pub(crate) fn magic_text(magic: [u8; 4]) -> String {
    let number = u16::from_le_bytes([magic[0], magic[1]]);
    match release_of(number) {
        Some(r) if r.final_magic == number => format!("{}.{} ({number})", r.major, r.minor),
        Some(r) => format!("{}.{} pre-release ({number})", r.major, r.minor),
        None => format!("unknown ({number})"),
    }
}

/// A pyc header naming the interpreter of `magic`, to put before code marshaled without one;
/// `None` when the magic is not a known one.
pub(crate) fn header_for(magic: [u8; 4]) -> Option<Vec<u8>> {
    let release = release_of(u16_le_at(&magic, 0)?)?;
    if !is_known_magic(magic) {
        return None;
    }
    let mut header = magic.to_vec();
    if release.at_least(3, 7) {
        header.extend_from_slice(&UNCHECKED_HASH.to_le_bytes());
        header.extend_from_slice(&[0; 8]);
    } else if release.at_least(3, 3) {
        header.extend_from_slice(&[0; 8]);
    } else {
        header.extend_from_slice(&[0; 4]);
    }
    Some(header)
}

/// One entry of a marshaled table of contents: a name and the integers stored with it
/// (PyInstaller's PYZ: the type, the offset and the length of the entry's data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TocEntry {
    pub name: String,
    pub values: Vec<i64>,
}

/// Reads the marshaled table of contents at `data[start..]`, written by the interpreter of
/// `magic`: a list of `(name, (int, …))` tuples or a dict `{name: (int, …)}`, in stored order,
/// and where it ends.
pub(crate) fn read_toc(
    data: &[u8],
    start: usize,
    magic: [u8; 4],
) -> Result<(Vec<TocEntry>, usize), String> {
    let release: &Release = u16_le_at(&magic, 0)
        .and_then(release_of)
        .ok_or_else(|| format!("unknown pyc magic {magic:02x?}"))?;
    let dialect = Dialect {
        python2: release.is_python2(),
        layout: Layout::of(release),
    };
    let graph = marshal::read(data, start, dialect)
        .map_err(|e| format!("marshal data unreadable at byte {}: {}", e.offset, e.reason))?;
    let pairs: Vec<(u32, u32)> = match graph.get(graph.root) {
        Obj::List(items) | Obj::Tuple(items) => items
            .iter()
            .map(|&item| match graph.items(item) {
                Some(&[name, value]) => Ok((name, value)),
                _ => Err("a table entry is not a (name, value) pair".to_owned()),
            })
            .collect::<Result<_, _>>()?,
        Obj::Dict(pairs) => pairs.clone(),
        _ => return Err("the table of contents is neither a list nor a dict".to_owned()),
    };
    let entries = pairs
        .into_iter()
        .map(|(name, value)| {
            Ok(TocEntry {
                name: graph
                    .text(name)
                    .ok_or_else(|| "a table entry's name is not a string".to_owned())?,
                values: integers(&graph, value)?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok((entries, graph.end))
}

/// The integers of a tuple of integers (booleans count as 0 and 1, as Python's do).
fn integers(graph: &Graph<'_>, id: u32) -> Result<Vec<i64>, String> {
    let items = graph
        .items(id)
        .ok_or_else(|| "a table entry's value is not a tuple".to_owned())?;
    items
        .iter()
        .map(|&item| match graph.get(item) {
            Obj::Int(value) => Ok(*value),
            Obj::True => Ok(1),
            Obj::False => Ok(0),
            _ => Err("a table entry's value holds something other than integers".to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_have_the_length_of_their_release() {
        let py311 = magic_of_version(3, 11).unwrap();
        assert_eq!(py311, [0xa7, 0x0d, b'\r', b'\n']);
        assert_eq!(header_for(py311).unwrap().len(), 16);
        assert_eq!(
            header_for(magic_of_version(3, 6).unwrap()).unwrap().len(),
            12
        );
        assert_eq!(
            header_for(magic_of_version(2, 7).unwrap()).unwrap().len(),
            8
        );
        assert_eq!(magic_of_version(3, 99), None);
        assert_eq!(header_for(*b"PYZ\0"), None);
    }

    #[test]
    fn reads_a_list_and_a_dict_of_entries() {
        let magic = magic_of_version(3, 11).unwrap();
        // marshal.dumps([("six", (0, 17, 5))], 4) without FLAG_REF flags: ( [ ( z3six ( i0 i17 i5
        let mut list = vec![b'[', 1, 0, 0, 0, b')', 2, b'z', 3];
        list.extend_from_slice(b"six");
        list.extend_from_slice(&[
            b')', 3, b'i', 0, 0, 0, 0, b'i', 17, 0, 0, 0, b'i', 5, 0, 0, 0,
        ]);
        let (entries, end) = read_toc(&list, 0, magic).unwrap();
        assert_eq!(end, list.len());
        assert_eq!(
            entries,
            vec![TocEntry {
                name: "six".into(),
                values: vec![0, 17, 5]
            }]
        );
        let mut dict = vec![b'{', b'z', 3];
        dict.extend_from_slice(b"six");
        dict.extend_from_slice(&[b')', 3, b'F', b'i', 17, 0, 0, 0, b'i', 5, 0, 0, 0, b'0']);
        assert_eq!(
            read_toc(&dict, 0, magic).unwrap().0[0].values,
            vec![0, 17, 5]
        );
        assert!(read_toc(b"i\x01\0\0\0", 0, magic).is_err());
        assert!(read_toc(&list[..10], 0, magic).is_err());
    }
}
