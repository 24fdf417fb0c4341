//! Tests on images built by gcc (the corpus's `elf-*` pairs).

use super::*;
use crate::test_support::{assert_no_byte_unseen, compared, corpus, field, flip_stride, member};
use crate::{registry, Covers, Derivation, Field, FieldKind, Value};

fn analyze(data: &Bytes) -> Result<Node, AnalyzeError> {
    ElfAnalyzer.analyze(
        Input {
            name: "libhello.so",
            data,
        },
        &Limits::default(),
    )
}

#[test]
fn images_are_recognized_by_their_magic() {
    let so = corpus("elf-build-path/a/libhello.so");
    let input = Input {
        name: "x.bin",
        data: &so,
    };
    assert_eq!(ElfAnalyzer.detect(input), Detection::ByMagic);
    assert_eq!(registry::detect(input).format(), "elf");
    let text = Bytes::from_static(b"ELF, but not the magic");
    let named = Input {
        name: "libhello.so",
        data: &text,
    };
    assert_eq!(ElfAnalyzer.detect(named), Detection::No);
}

#[test]
fn the_build_id_covers_the_whole_image_and_is_masked_out_of_its_note() {
    let node = analyze(&corpus("elf-build-path/a/libhello.so")).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let id = field(&node.fields, "elf.build-id");
    assert_eq!(
        id.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    let Value::Bytes(id) = &id.value else {
        panic!("a build ID of bytes");
    };
    assert_eq!(id.len(), 20);
    let note = member(&node, ".note.gnu.build-id");
    let MemberData::Bytes(bytes) = &note.data else {
        panic!("a note without bytes");
    };
    assert_eq!(&bytes[16..], [0; 20], "the ID's bytes are masked");
    assert_eq!(&bytes[12..16], b"GNU\0");
}

#[test]
fn the_comment_names_the_compiler_as_a_tool_version() {
    let node = analyze(&corpus("elf-build-path/a/libhello.so")).unwrap();
    let comment = member(&node, ".comment");
    let gcc = field(&comment.fields, "elf.comment[0]");
    assert_eq!(gcc.kind, FieldKind::ToolVersion);
    assert_eq!(
        gcc.value,
        Value::Str("GCC: (Debian 12.2.0-14+deb12u1) 12.2.0".into())
    );
}

#[test]
fn two_build_directories_are_one_dwarf_value_and_what_follows() {
    let a = analyze(&corpus("elf-build-path/a/libhello.so")).unwrap();
    let b = analyze(&corpus("elf-build-path/b/libhello.so")).unwrap();
    let view = |node: &Node| match &member(node, dwarf::MEMBER).data {
        MemberData::Node(view) => view.clone(),
        _ => panic!("the DWARF member holds no view"),
    };
    let (va, vb) = (view(&a), view(&b));
    let differing: Vec<&Field> = va
        .fields
        .iter()
        .filter(|f| !vb.fields.contains(f))
        .collect();
    let comp_dir: Vec<&&Field> = differing
        .iter()
        .filter(|f| f.name.ends_with("DW_AT_comp_dir"))
        .collect();
    assert_eq!(comp_dir.len(), 1, "{differing:?}");
    assert_eq!(comp_dir[0].kind, FieldKind::SourcePath);
    assert_eq!(comp_dir[0].value, Value::Str("/tmp/whydiff-elf-a".into()));
    let dwarf = member(&a, dwarf::MEMBER);
    assert!(dwarf
        .fields
        .iter()
        .any(|f| f.name == "elf.section[.debug_info].size"));
    // Every other difference is a derived field: offsets, sizes, the build ID.
    let (ca, cb) = (compared(&a), compared(&b));
    for x in ca.iter().filter(|x| !cb.contains(x)) {
        let text = String::from_utf8_lossy(x);
        let name = text.split('=').next().unwrap_or("");
        let derived = a
            .fields
            .iter()
            .chain(a.members.iter().flat_map(|m| m.fields.iter()))
            .chain(va.fields.iter())
            .find(|f| f.name == name)
            .is_some_and(|f| matches!(f.kind, FieldKind::Derived(_) | FieldKind::SourcePath));
        assert!(derived, "{text} differs and is not derived");
    }
}

#[test]
fn symbols_are_fields_by_name() {
    let node = analyze(&corpus("elf-edit/a/hello")).unwrap();
    let symtab = member(&node, ".symtab");
    let main = field(&symtab.fields, "elf.symtab[main].value");
    assert_eq!(main.kind, FieldKind::Derived(Derivation::offset()));
    assert!(symtab
        .fields
        .iter()
        .any(|f| f.name.starts_with("elf.symtab.file[") && f.kind == FieldKind::SourcePath));
    let strtab = member(&node, ".strtab");
    assert!(matches!(strtab.data, MemberData::None));
    let dynstr = member(&node, ".dynstr");
    assert!(
        matches!(dynstr.data, MemberData::Bytes(_)),
        ".dynstr holds library names, not only symbol names"
    );
}

/// Every byte of an image is a field or a member's byte: flipping any one changes what the
/// comparison sees, or makes the image unreadable — never nothing. Of a shared object with
/// DWARF, an executable with symbols and a stripped one: every byte of the ELF header, every
/// 241st after it — every byte with
/// `WHYDIFF_FLIP_STRIDE=1` (run it so, in a release build, when changing the layout).
#[test]
fn no_byte_goes_unseen() {
    let stride = flip_stride(241);
    for path in [
        "elf-build-path/a/libhello.so",
        "elf-edit/a/hello",
        "shape-rodata-path/a/check",
        "elf-build-path-gz/a/libhello.so",
        "elf-32-be-build-path/a/libhello-i386.so",
        "elf-32-be-build-path/a/libhello-ppc.so",
        "elf-32-be-build-path/a/libhello-ppc64.so",
    ] {
        let image = corpus(path);
        let offsets = (0..0x40).chain((0x40..image.len()).step_by(stride));
        assert_no_byte_unseen(path, &image, offsets.chain([image.len() - 1]), analyze);
    }
}

#[test]
fn truncated_and_corrupted_images_never_panic() {
    let image = corpus("elf-build-path/a/libhello.so");
    let cuts = (0..image.len()).step_by(211).chain(0..0x80);
    for len in cuts {
        let cut = image.slice(..len.min(image.len()));
        let _ = analyze(&cut);
        let node = registry::analyze(
            Input {
                name: "libhello.so",
                data: &cut,
            },
            &Limits::default(),
        );
        if node.format != "elf" {
            assert!(
                len < 4
                    || node
                        .notes
                        .iter()
                        .any(|n| n.contains("could not read as elf")),
                "cut at {len}: {:?}",
                node.notes
            );
        }
    }
    for at in 0..0x40 {
        for bit in [0x01, 0x80] {
            let mut flipped = image.to_vec();
            flipped[at] ^= bit;
            let flipped = Bytes::from(flipped);
            let _ = registry::analyze(
                Input {
                    name: "libhello.so",
                    data: &flipped,
                },
                &Limits::default(),
            );
        }
    }
}

#[test]
fn compressed_debug_sections_are_inflated_for_the_view() {
    let node = analyze(&corpus("elf-build-path-gz/a/libhello.so")).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let dwarf = member(&node, dwarf::MEMBER);
    let MemberData::Node(view) = &dwarf.data else {
        panic!("the DWARF member holds no view");
    };
    let comp_dir = field(&view.fields, "dwarf.unit[0]/compile_unit.DW_AT_comp_dir");
    assert_eq!(comp_dir.value, Value::Str("/tmp/whydiff-elf-gz-a".into()));
    let stream = field(&dwarf.fields, "elf.section[.debug_info].stream");
    assert_eq!(stream.kind, FieldKind::Derived(Derivation::stream()));
}

#[test]
fn a_debuglink_is_its_file_name_and_a_crc_of_the_whole() {
    let mut bytes = b"libhello.so.debug\0".to_vec();
    bytes.extend([0, 0]);
    bytes.extend(0xdead_beef_u32.to_le_bytes());
    let fields = notes::debuglink(&bytes, true);
    assert_eq!(
        field(&fields, "elf.debuglink.file").value,
        Value::Str("libhello.so.debug".into())
    );
    let crc = field(&fields, "elf.debuglink.crc");
    assert_eq!(crc.value, Value::Hex(0xdead_beef));
    assert_eq!(
        crc.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    assert_eq!(fields.len(), 2, "zero padding is no field: {fields:?}");
    assert!(notes::debuglink(b"no terminator", true)
        .iter()
        .any(|f| f.name == "elf.debuglink.rest"));
    let comment = notes::comment(b"GCC: 12\0\0clang\0tail");
    let values: Vec<String> = comment.iter().map(|f| f.value.to_string()).collect();
    assert_eq!(values, ["GCC: 12", "", "clang", "7461696c"]);
}

#[test]
fn a_hostile_section_count_is_capped_with_a_note() {
    // e_shnum 0 says the count is in section 0's sh_size: claim 2^32 sections.
    let mut image = corpus("elf-build-path/a/libhello.so").to_vec();
    let shoff = u64::from_le_bytes(image[0x28..0x30].try_into().unwrap()) as usize;
    image[0x3c..0x3e].copy_from_slice(&[0, 0]);
    image[shoff + 0x20..shoff + 0x28].copy_from_slice(&(1u64 << 32).to_le_bytes());
    let tables = header::read(&image).expect("the header is whole");
    assert!(tables.sections.len() <= 1 << 16);
    assert!(
        tables.notes.iter().any(|n| n.contains("only the first")),
        "{:?}",
        tables.notes
    );
    let image = Bytes::from(image);
    let _ = registry::analyze(
        Input {
            name: "libhello.so",
            data: &image,
        },
        &Limits::default(),
    );
}

/// A section's member carries where the symbol table puts functions and objects in it; a
/// stripped image's `<loaded>` blob, where its dynamic symbols put them.
#[test]
fn section_members_know_their_functions() {
    let node = analyze(&corpus("elf-edit/a/hello")).unwrap();
    let text = member(&node, ".text");
    let symbols = text.symbols.as_ref().expect("symbols placed in .text");
    assert_eq!(symbols.describe(0x2, 0x3).as_deref(), Some("main+0x2"));
    assert_eq!(
        symbols.describe(0x11a, 0x11b).as_deref(),
        Some("answer+0x1")
    );
}

/// ELF32 and big-endian images read as the 64-bit little-endian ones do: the DWARF view, the
/// symbols, the build ID; the class and byte order are the container's variant.
#[test]
fn other_classes_and_byte_orders_are_read_alike() {
    for name in ["libhello-i386.so", "libhello-ppc.so", "libhello-ppc64.so"] {
        let node = analyze(&corpus(&format!("elf-32-be-build-path/a/{name}"))).unwrap();
        assert!(node.notes.is_empty(), "{name}: {:?}", node.notes);
        let dwarf = member(&node, dwarf::MEMBER);
        let MemberData::Node(view) = &dwarf.data else {
            panic!("{name}: no DWARF view");
        };
        assert_eq!(
            field(&view.fields, "dwarf.unit[0]/compile_unit.DW_AT_comp_dir").value,
            Value::Str("/tmp/w32/b".into()),
            "{name}"
        );
        // `answer` is in `.text`, or, in PowerPC64's ELFv1 ABI, its descriptor is in `.opd`.
        let named = node.members.iter().any(|m| {
            m.symbols.as_ref().is_some_and(|symbols| {
                (0..m_len(m)).step_by(4).any(|at| {
                    symbols
                        .describe(at, at + 1)
                        .is_some_and(|n| n.starts_with("answer+"))
                })
            })
        });
        assert!(named, "{name}: no member names answer");
    }
}

fn m_len(member: &Member) -> u64 {
    match &member.data {
        MemberData::Bytes(bytes) => bytes.len() as u64,
        _ => 0,
    }
}

/// The unwind tables' pointers are offset fields, their bytes zeroed in the sections' bytes:
/// when a section before them grows, they move and every pointer follows.
#[test]
fn unwind_table_pointers_are_offsets() {
    let node = analyze(&corpus("elf-edit/a/hello")).unwrap();
    let frames = member(&node, ".eh_frame");
    let begin = field(&frames.fields, "elf.eh-frame.fde[0].pc-begin");
    assert_eq!(begin.kind, FieldKind::Derived(Derivation::offset()));
    let header = member(&node, ".eh_frame_hdr");
    field(&header.fields, "elf.eh-frame-hdr.eh-frame-ptr");
    field(&header.fields, "elf.eh-frame-hdr.table[0].location");
    field(&header.fields, "elf.eh-frame-hdr.table[0].fde");
    // A stripped image keeps them in its `<loaded>` blob.
    let stripped = analyze(&corpus("shape-rodata-path/a/check")).unwrap();
    assert!(stripped.members.iter().all(|m| m.name != ".eh_frame"));
}
