//! PyInstaller's PYZ (ZlibArchive): the application's and its dependencies' Python modules, each
//! marshaled and zlib-compressed, found through a marshaled table of contents.
//!
//! The header's magic number names the interpreter (`ToolVersion`), the table's offset follows
//! from the modules before it (`Derived`); each module is a member named by its dotted name, with
//! its type (module, package, namespace package) and its offset and stored length (`Derived`).
//! The table itself is read as those fields; the header's padding and anything else no entry
//! covers (bytes after the table included) is `<gaps>`.

use bytes::Bytes;

use super::Storage;
use crate::byte_reader::{range_at, u32_be_at};
use crate::coverage::{unique_names, Coverage};
use crate::pyc::frozen;
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, Field, FieldKind, Input, Limits, Member,
    MemberData, MemberOrder, Node, Value,
};

const MAGIC: &[u8; 4] = b"PYZ\0";
/// `PYZ\0`, the interpreter's magic, the TOC offset.
const HEADER_LEN: usize = 12;

/// Reads PyInstaller PYZ archives.
pub struct PyzAnalyzer;

impl Analyzer for PyzAnalyzer {
    fn format(&self) -> &'static str {
        "pyinstaller-pyz"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.data.starts_with(MAGIC) && input.data.len() >= HEADER_LEN {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        analyze(input.data)
    }
}

fn malformed(reason: impl Into<String>) -> AnalyzeError {
    AnalyzeError::malformed("pyinstaller-pyz", reason.into())
}

/// What a PYZ entry type means (`pyimod01_archive.py`: `PYZ_ITEM_*`).
fn type_name(code: i64) -> String {
    let meaning = match code {
        0 => "module",
        1 => "package",
        2 => "data",
        3 => "namespace package",
        _ => "unknown type",
    };
    format!("{code} ({meaning})")
}

fn analyze(data: &Bytes) -> Result<Node, AnalyzeError> {
    if !data.starts_with(MAGIC) {
        return Err(malformed("no PYZ magic"));
    }
    let magic = super::first_four(
        data.get(4..8)
            .ok_or_else(|| malformed("truncated header"))?,
    );
    let toc_offset = u32_be_at(data, 8).ok_or_else(|| malformed("truncated header"))?;
    let toc_start = usize::try_from(toc_offset).unwrap_or(usize::MAX);
    if toc_start < HEADER_LEN || toc_start > data.len() {
        return Err(malformed(format!(
            "the table of contents offset {toc_offset} lies outside the {} bytes read",
            data.len()
        )));
    }
    if !frozen::is_known_magic(magic) {
        return Err(malformed(format!(
            "modules compiled by an interpreter the pyc reader does not know ({})",
            frozen::magic_text(magic)
        )));
    }
    let (toc, toc_end) = frozen::read_toc(data, toc_start, magic).map_err(malformed)?;
    let pyc_header = frozen::header_for(magic);

    let mut node = Node::new("pyinstaller-pyz");
    node.order = MemberOrder::Significant;
    node.push_field(Field::new(
        "pyz.magic",
        FieldKind::ToolVersion,
        frozen::magic_text(magic),
    ));
    node.push_field(Field::new(
        "pyz.toc-offset",
        FieldKind::Derived(Derivation::offset()),
        Value::Int(i64::from(toc_offset)),
    ));

    let mut coverage = Coverage::default();
    coverage.cover(0..HEADER_LEN);
    coverage.cover(toc_start..toc_end);
    let mut members = Vec::with_capacity(toc.len().saturating_add(1));
    for entry in toc {
        let [kind, offset, length] = entry.values[..] else {
            return Err(malformed(format!(
                "entry {} has {} values where (type, offset, length) was expected",
                entry.name,
                entry.values.len()
            )));
        };
        let stored = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(length).ok())
            .and_then(|(offset, length)| range_at(data, offset, length))
            .filter(|range| range.end <= toc_start);
        let member_data = match stored {
            Some(range) => {
                coverage.cover(range.clone());
                Storage {
                    what: format!("PYZ entry {}", entry.name),
                    compressed: true,
                    declared: None,
                    pyc_header: pyc_header.clone().filter(|_| kind != 2),
                }
                .member_data(data.slice(range))
            }
            None => MemberData::Unreadable(format!(
                "its {length} bytes at offset {offset} lie outside the archive"
            )),
        };
        let mut member = Member::new(entry.name, member_data);
        member.fields.push(Field::new(
            "pyz.type",
            FieldKind::EntryType,
            type_name(kind),
        ));
        member.fields.push(Field::new(
            "pyz.offset",
            FieldKind::Derived(Derivation::offset()),
            Value::Int(offset),
        ));
        member.fields.push(Field::new(
            "pyz.stored-length",
            FieldKind::Derived(Derivation::size(Covers::EncodedData)),
            Value::Int(length),
        ));
        members.push(member);
    }
    if let Some(gaps) = coverage.gaps_member(data, data.len(), "pyz.gaps-size") {
        members.push(gaps);
    }
    node.members = unique_names(members);
    Ok(node)
}
