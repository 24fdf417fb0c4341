//! Tests on images linked by clang and ld64.lld (the corpus's `macho-*` pairs).

use super::*;
use crate::test_support::{assert_no_byte_unseen, compared, corpus, field, member};
use crate::{registry, Covers, Derivation, FieldKind, TimeRole, Timestamp, Value};

fn analyze(data: &Bytes) -> Result<Node, AnalyzeError> {
    MachoAnalyzer.analyze(
        Input {
            name: "hello",
            data,
        },
        &Limits::default(),
    )
}

/// The differences between two images as a comparison sees them: what one side has that the
/// other has not.
fn differing(a: &Node, b: &Node) -> Vec<String> {
    let (a, b) = (compared(a), compared(b));
    a.iter()
        .filter(|x| !b.contains(x))
        .map(|x| String::from_utf8_lossy(x).into_owned())
        .collect()
}

/// The arm64 slice of the universal corpus binary (it carries a code signature).
fn arm64_slice(side: &str) -> Bytes {
    let fat = corpus(&format!("macho-universal/{side}/hello"));
    let node = analyze(&fat).unwrap();
    match &member(&node, "arm64").data {
        MemberData::Bytes(bytes) => bytes.clone(),
        _ => panic!("a slice without bytes"),
    }
}

#[test]
fn thin_and_universal_images_are_recognized_by_their_magic() {
    for path in ["macho-oso/a/hello", "macho-universal/a/hello"] {
        let data = corpus(path);
        let input = Input {
            name: "hello.bin",
            data: &data,
        };
        assert_eq!(MachoAnalyzer.detect(input), Detection::ByMagic, "{path}");
        assert_eq!(registry::detect(input).format(), "macho", "{path}");
    }
    let cigam = Bytes::from_static(&[0xfe, 0xed, 0xfa, 0xcf, 0, 0, 0, 7]);
    let input = Input {
        name: "ppc64",
        data: &cigam,
    };
    assert_eq!(MachoAnalyzer.detect(input), Detection::ByMagic);
}

#[test]
fn a_java_class_file_is_not_a_universal_binary() {
    // 0xCAFEBABE, minor 0, major 52 (Java 8), a constant pool of one entry, access flags…
    let mut class = vec![0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0x00, 0x0d];
    class.extend_from_slice(&[0x07, 0x00, 0x02, 0x01, 0x00, 0x05]);
    class.extend_from_slice(b"Hello");
    class.extend_from_slice(&[0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]);
    let class = Bytes::from(class);
    let input = Input {
        name: "Hello.class",
        data: &class,
    };
    assert_eq!(MachoAnalyzer.detect(input), Detection::No);
    assert_ne!(registry::detect(input).format(), "macho");
    // Java 1.1 (major 45) too, and a fat magic whose first slice is not a Mach-O.
    let mut old = class.to_vec();
    old[7] = 45;
    let old = Bytes::from(old);
    assert_eq!(
        MachoAnalyzer.detect(Input {
            name: "Old.class",
            data: &old
        }),
        Detection::No
    );
    let mut fake = corpus("macho-universal/a/hello").to_vec();
    fake[4096..4100].copy_from_slice(b"\0\0\0\0");
    let fake = Bytes::from(fake);
    assert_eq!(
        MachoAnalyzer.detect(Input {
            name: "hello",
            data: &fake
        }),
        Detection::No
    );
}

#[test]
fn stabs_name_input_paths_and_the_object_s_mtime() {
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let node = analyze(&corpus(&format!("macho-oso/{side}/hello"))).unwrap();
        assert!(node.notes.is_empty(), "{:?}", node.notes);
        let symbols = &member(&node, SYMBOL_TABLE_MEMBER).fields;
        let source = field(symbols, "macho.symbol[0].name");
        assert_eq!(source.kind, FieldKind::SourcePath);
        assert_eq!(
            source.value,
            Value::Str("/tmp/whydiff-macho-oso/hello.c".into())
        );
        assert_eq!(
            field(symbols, "macho.symbol[0].type").value,
            Value::Str("N_SO".into())
        );
        let object = field(symbols, "macho.symbol[1].name");
        assert_eq!(object.kind, FieldKind::SourcePath);
        assert_eq!(
            object.value,
            Value::Str("/tmp/whydiff-macho-oso/hello.o".into())
        );
        let mtime = field(symbols, "macho.symbol[1].value");
        assert_eq!(mtime.kind, FieldKind::Time(TimeRole::Input));
        assert_eq!(mtime.value, Value::Time(Timestamp::unix(unix)));
        assert_eq!(
            field(symbols, "macho.symbol[2].name").kind,
            FieldKind::Program,
            "a function's name"
        );
        assert_eq!(
            field(symbols, "macho.symbol[1].strx").kind,
            FieldKind::Derived(Derivation::offset())
        );
    }
}

#[test]
fn load_commands_are_typed_fields() {
    let node = analyze(&corpus("macho-build-path/a/hello")).unwrap();
    let uuid = field(&node.fields, "macho.LC_UUID.uuid");
    assert_eq!(
        uuid.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    assert_eq!(
        uuid.value,
        Value::Str("4C4C44E9-5555-3144-A1D0-1B4C24459790".into())
    );
    for (name, value) in [
        ("macho.LC_BUILD_VERSION.platform", "macos"),
        ("macho.LC_BUILD_VERSION.minos", "11.0.0"),
        ("macho.LC_BUILD_VERSION.sdk", "11.0.0"),
        ("macho.LC_BUILD_VERSION.tool[ld]", "14.0.6"),
    ] {
        let f = field(&node.fields, name);
        assert_eq!(f.kind, FieldKind::ToolVersion, "{name}");
        assert_eq!(f.value, Value::Str(value.into()), "{name}");
    }
    assert_eq!(
        field(&node.fields, "macho.LC_SEGMENT_64[__TEXT].fileoff").kind,
        FieldKind::Derived(Derivation::offset())
    );
    assert_eq!(
        field(&node.fields, "macho.LC_SYMTAB.strsize").kind,
        FieldKind::Derived(Derivation::size(Covers::Data))
    );
    let text = member(&node, "__TEXT,__text");
    assert_eq!(
        field(&text.fields, "macho.section.size").value,
        Value::Int(0x32)
    );
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names[..2], [HEADERS_MEMBER, "__TEXT,__text"]);
    assert!(names.contains(&"<rebase>"), "{names:?}");
    assert!(names.contains(&"<LC_FUNCTION_STARTS>"), "{names:?}");
    let eh_frame = member(&node, "__TEXT,__eh_frame");
    assert_eq!(
        field(&eh_frame.fields, "macho.eh-frame.fde[0].pc-begin").kind,
        FieldKind::Derived(Derivation::offset())
    );
}

#[test]
fn two_object_mtimes_differ_in_the_stab_and_the_uuid_only() {
    let a = analyze(&corpus("macho-oso/a/hello")).unwrap();
    let b = analyze(&corpus("macho-oso/b/hello")).unwrap();
    let changed = differing(&a, &b);
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].starts_with("macho.LC_UUID.uuid="), "{changed:?}");
    assert!(
        changed[1].starts_with("macho.symbol[1].value="),
        "{changed:?}"
    );
}

#[test]
fn a_universal_binary_holds_one_member_per_architecture() {
    let node = analyze(&corpus("macho-universal/a/hello")).unwrap();
    assert_eq!(
        field(&node.fields, "macho.fat.magic").value,
        Value::Str("FAT_MAGIC".into())
    );
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["x86_64", "arm64", GAPS_MEMBER]);
    let arm64 = member(&node, "arm64");
    assert_eq!(
        field(&arm64.fields, "macho.fat.arch.offset").value,
        Value::Hex(32768)
    );
    let slice = analyze(&arm64_slice("a")).unwrap();
    assert!(slice.notes.is_empty(), "{:?}", slice.notes);
    let hash = field(
        &slice.fields,
        "macho.code-signature.code-directory[0].code-hash[0]",
    );
    assert_eq!(
        hash.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    assert_eq!(
        field(
            &slice.fields,
            "macho.code-signature.code-directory[0].identifier"
        )
        .value,
        Value::Str("hello".into())
    );
    assert!(slice
        .members
        .iter()
        .any(|m| m.name == CODE_SIGNATURE_MEMBER));
}

/// Every byte of an image is a field or a member's byte: flipping any one changes what the
/// comparison sees, or makes the image unreadable — never nothing. Sampled: every 3rd byte of the
/// header and load commands and every 2nd of `__LINKEDIT` (symbol and string tables, code
/// signature) of the signed arm64 slice, every 5th and 3rd of the x86_64 image's, every 127th
/// byte elsewhere. (Run with strides of 1 when changing the layout: every byte passes.)
#[test]
fn no_byte_goes_unseen() {
    let thin = corpus("macho-build-path/a/hello");
    let arm64 = arm64_slice("a");
    for (name, data, header_stride, linkedit_at, linkedit_stride) in [
        ("x86_64", &thin, 5, 16384, 3),
        ("arm64", &arm64, 3, 49152, 2),
    ] {
        let header = (0..0x5c0).step_by(header_stride);
        let middle = (0x5c0..linkedit_at).step_by(127);
        let linkedit = (linkedit_at..data.len()).step_by(linkedit_stride);
        assert_no_byte_unseen(name, data, header.chain(middle).chain(linkedit), analyze);
    }
    let fat = corpus("macho-universal/a/hello");
    assert_no_byte_unseen("fat", &fat, (0..0x1000).step_by(13), analyze);
    // An object with DWARF: the `__DWARF` sections are read into the `<dwarf>` view.
    let object = corpus("macho-object-dwarf/a/hello.o");
    assert_no_byte_unseen("object", &object, (0..object.len()).step_by(3), analyze);
}

#[test]
fn an_object_s_dwarf_is_one_view_whose_indexes_follow_from_it() {
    let node = analyze(&corpus("macho-object-dwarf/a/hello.o")).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert!(node.members.iter().all(|m| !m.name.starts_with("__DWARF,")));
    let dwarf = member(&node, crate::dwarf::MEMBER);
    let MemberData::Node(view) = &dwarf.data else {
        panic!("no DWARF view");
    };
    assert_eq!(
        field(&view.fields, "dwarf.unit[0]/compile_unit.DW_AT_comp_dir").value,
        Value::Str("/tmp/whydiff-macho-o/b".into())
    );
    assert_eq!(
        field(&view.fields, "dwarf.section[__apple_names]").kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    // The sections' headers are the member's fields, named by section.
    field(&dwarf.fields, "macho.section[__debug_info].size");
}

#[test]
fn truncated_and_corrupted_images_never_panic() {
    for path in [
        "macho-build-path/a/hello",
        "macho-universal/b/hello",
        "macho-object-dwarf/a/hello.o",
    ] {
        let data = corpus(path);
        for len in (0..data.len()).step_by(211).chain((0..0x600).step_by(5)) {
            let cut = data.slice(..len.min(data.len()));
            let _ = analyze(&cut);
            let node = registry::analyze(
                Input {
                    name: "hello",
                    data: &cut,
                },
                &Limits::default(),
            );
            if node.format != "macho" {
                assert!(
                    len < 32
                        || node
                            .notes
                            .iter()
                            .any(|n| n.contains("could not read as macho")),
                    "{path} cut at {len}: {:?}",
                    node.notes
                );
            }
        }
    }
    let thin = corpus("macho-build-path/a/hello");
    for at in (0..0x5c0).step_by(2) {
        for mask in [0x80u8, 0xff] {
            let mut flipped = thin.to_vec();
            flipped[at] ^= mask;
            let flipped = Bytes::from(flipped);
            let _ = registry::analyze(
                Input {
                    name: "hello",
                    data: &flipped,
                },
                &Limits::default(),
            );
        }
    }
}

#[test]
fn a_cut_universal_binary_is_read_as_far_as_it_goes() {
    let fat = corpus("macho-universal/a/hello");
    let cut = fat.slice(..40_000);
    let node = analyze(&cut).unwrap();
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names[..2], ["x86_64", "arm64"]);
    let arm64 = registry::analyze(
        Input {
            name: "arm64",
            data: match &member(&node, "arm64").data {
                MemberData::Bytes(bytes) => bytes,
                _ => panic!("no bytes"),
            },
        },
        &Limits::default(),
    );
    assert!(
        arm64.format != "macho" || !arm64.notes.is_empty(),
        "a slice cut short says so"
    );
}

/// The universal corpus binary with its header rewritten as `fat_arch_64` entries (what
/// `lipo -fat64` writes), the slices where they were.
fn as_fat64(fat: &[u8]) -> Bytes {
    let count = u32::from_be_bytes(fat[4..8].try_into().unwrap()) as usize;
    let mut out = fat.to_vec();
    out[..4].copy_from_slice(&0xcafe_babf_u32.to_be_bytes());
    let mut table = Vec::new();
    for index in 0..count {
        let entry = &fat[8 + 20 * index..8 + 20 * (index + 1)];
        let word = |at: usize| u32::from_be_bytes(entry[at..at + 4].try_into().unwrap());
        table.extend_from_slice(&entry[..8]);
        table.extend_from_slice(&u64::from(word(8)).to_be_bytes());
        table.extend_from_slice(&u64::from(word(12)).to_be_bytes());
        table.extend_from_slice(&entry[16..20]);
        table.extend_from_slice(&[0, 0, 0, 0]);
    }
    out[8..8 + table.len()].copy_from_slice(&table);
    Bytes::from(out)
}

#[test]
fn a_64_bit_fat_header_is_read_like_the_32_bit_one() {
    let fat = corpus("macho-universal/a/hello");
    let wide = as_fat64(&fat);
    let input = Input {
        name: "hello",
        data: &wide,
    };
    assert_eq!(MachoAnalyzer.detect(input), Detection::ByMagic);
    let (narrow, wide) = (analyze(&fat).unwrap(), analyze(&wide).unwrap());
    assert_eq!(
        field(&wide.fields, "macho.fat.magic").value,
        Value::Str("FAT_MAGIC_64".into())
    );
    for arch in ["x86_64", "arm64"] {
        let (a, b) = (member(&narrow, arch), member(&wide, arch));
        assert_eq!(
            field(&a.fields, "macho.fat.arch.offset"),
            field(&b.fields, "macho.fat.arch.offset")
        );
        assert_eq!(
            field(&a.fields, "macho.fat.arch.size"),
            field(&b.fields, "macho.fat.arch.size")
        );
        let (MemberData::Bytes(a), MemberData::Bytes(b)) = (&a.data, &b.data) else {
            panic!("slices without bytes");
        };
        assert_eq!(a, b, "{arch}: the same slice");
    }
}

#[test]
fn a_big_endian_image_is_read_in_its_byte_order() {
    // A 32-bit PowerPC executable: the header, one LC_UUID, no sections.
    let mut image = Vec::new();
    for word in [0xfeed_face_u32, 0x12, 0, 2, 1, 24, 0] {
        image.extend_from_slice(&word.to_be_bytes());
    }
    image.extend_from_slice(&0x1b_u32.to_be_bytes());
    image.extend_from_slice(&24_u32.to_be_bytes());
    image.extend_from_slice(&[0xab; 16]);
    let image = Bytes::from(image);
    let node = analyze(&image).unwrap();
    assert!(field(&node.fields, "macho.magic")
        .value
        .to_string()
        .contains("big-endian"));
    assert_eq!(field(&node.fields, "macho.cputype").value, Value::Hex(0x12));
    assert_eq!(field(&node.fields, "macho.ncmds").value, Value::Int(1));
    assert_eq!(
        field(&node.fields, "macho.LC_UUID.uuid").value,
        Value::Str("ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB".into())
    );
    let MemberData::Bytes(headers) = &member(&node, HEADERS_MEMBER).data else {
        panic!("no header bytes");
    };
    assert!(headers.is_empty(), "every header byte is a field");
}

/// A section's member carries where the symbol table puts functions in it (Mach-O symbols have
/// no size: each runs to the next), so the engine names a changed range by its function.
#[test]
fn section_members_know_their_functions() {
    let node = analyze(&corpus("macho-edit/a/hello")).unwrap();
    let text = member(&node, "__TEXT,__text");
    let symbols = text.symbols.as_ref().expect("symbols placed in __text");
    assert_eq!(symbols.describe(0x5, 0x6).as_deref(), Some("_answer+0x5"));
    assert_eq!(symbols.describe(0x17, 0x18).as_deref(), Some("_main+0xc"));
}
