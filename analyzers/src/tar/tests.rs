//! Tests on archives written by GNU tar and Python's tarfile (see
//! `tests/fixtures/tar/make.sh`), and on hostile variations of them.

use std::ops::Range;

use super::*;
use crate::Member;

const GNU: &[u8] = include_bytes!("../../tests/fixtures/tar/gnu.tar");
const GNU_BOB: &[u8] = include_bytes!("../../tests/fixtures/tar/gnu-bob.tar");
const USTAR: &[u8] = include_bytes!("../../tests/fixtures/tar/ustar.tar");
const PAX: &[u8] = include_bytes!("../../tests/fixtures/tar/pax.tar");
const V7: &[u8] = include_bytes!("../../tests/fixtures/tar/v7.tar");
const PYTHON: &[u8] = include_bytes!("../../tests/fixtures/tar/python-pax.tar");
const SPARSE_GNU: &[u8] = include_bytes!("../../tests/fixtures/tar/sparse-gnu.tar");
const SPARSE_PAX: &[u8] = include_bytes!("../../tests/fixtures/tar/sparse-pax.tar");
const XATTR_ONE: &[u8] = include_bytes!("../../tests/fixtures/tar/xattr-one.tar");
const XATTR_TWO: &[u8] = include_bytes!("../../tests/fixtures/tar/xattr-two.tar");
const XATTR_NONE: &[u8] = include_bytes!("../../tests/fixtures/tar/xattr-none.tar");
const DEVNUM: &[u8] = include_bytes!("../../tests/fixtures/tar/devnum.tar");

const ALL: &[(&str, &[u8])] = &[
    ("gnu", GNU),
    ("gnu-bob", GNU_BOB),
    ("ustar", USTAR),
    ("pax", PAX),
    ("v7", V7),
    ("python", PYTHON),
    ("sparse-gnu", SPARSE_GNU),
    ("sparse-pax", SPARSE_PAX),
    ("xattr-one", XATTR_ONE),
    ("xattr-two", XATTR_TWO),
    ("xattr-none", XATTR_NONE),
    ("devnum", DEVNUM),
];

const LONG: &str = "dir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/\
                    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.txt";
/// `--mtime='2024-01-02 03:04:05'` in make.sh.
const STAMP: i64 = 1_704_164_645;

fn analyze_with(data: &[u8], limits: &Limits) -> Result<Node, AnalyzeError> {
    let data = Bytes::copy_from_slice(data);
    TarAnalyzer.analyze(
        Input {
            name: "fixture.tar",
            data: &data,
        },
        limits,
    )
}

fn analyze(data: &[u8]) -> Node {
    analyze_with(data, &Limits::default()).unwrap()
}

fn member<'a>(node: &'a Node, name: &str) -> &'a Member {
    node.members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == name)
}

fn get<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    find(fields, name).unwrap_or_else(|| panic!("no field {name} in {fields:#?}"))
}

fn value(member: &Member, name: &str) -> Value {
    get(&member.fields, name).value.clone()
}

fn bytes_of(member: &Member) -> &[u8] {
    match &member.data {
        MemberData::Bytes(b) => b,
        other => panic!("{}: {other:?}", member.name),
    }
}

fn str_value(s: &str) -> Value {
    Value::Str(s.to_owned())
}

/// Offsets and type flags of every header in an archive without sparse extension blocks.
fn headers(data: &[u8]) -> Vec<(usize, u8)> {
    let mut found = Vec::new();
    let mut pos = 0;
    while pos + BLOCK <= data.len() && data[pos..pos + BLOCK].iter().any(|&b| b != 0) {
        let size = raw::number(&data[pos + 124..pos + 136]).unwrap() as usize;
        found.push((pos, data[pos + raw::TYPEFLAG]));
        pos += BLOCK + size.div_ceil(BLOCK) * BLOCK;
    }
    found
}

/// The offset of the header of the member named `name` (its own header, not a pseudo header).
fn header_of(data: &[u8], name: &str) -> usize {
    headers(data)
        .into_iter()
        .map(|(pos, _)| pos)
        .find(|&pos| raw::text(&data[pos..pos + 100]) == name.as_bytes())
        .unwrap_or_else(|| panic!("no header named {name}"))
}

/// Overwrites a header field (NUL padded) and, when `fix` is set, the header checksum.
fn patch(data: &mut [u8], header: usize, range: Range<usize>, value: &[u8], fix: bool) {
    let field = &mut data[header + range.start..header + range.end];
    field.fill(0);
    field[..value.len()].copy_from_slice(value);
    if fix {
        fix_checksum(data, header);
    }
}

fn fix_checksum(data: &mut [u8], header: usize) {
    let sum = raw::computed_checksum(&data[header..header + BLOCK]);
    data[header + 148..header + 156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

fn truncated_note(node: &Node) -> &str {
    node.notes
        .iter()
        .find(|n| n.starts_with("truncated after member"))
        .unwrap_or_else(|| panic!("no truncation note in {:?}", node.notes))
}

#[test]
fn detects_every_header_variant_by_magic_and_the_extension_by_name() {
    for (name, data) in ALL {
        let data = Bytes::from_static(data);
        let input = Input {
            name: "x",
            data: &data,
        };
        assert_eq!(TarAnalyzer.detect(input), Detection::ByMagic, "{name}");
    }
    let garbage = Bytes::from(vec![7u8; 1024]);
    for (name, expected) in [
        ("a.tar", Detection::ByName),
        ("dist/A.TAR", Detection::ByName),
        ("a.tar.gz", Detection::No),
        ("tar", Detection::No),
    ] {
        let input = Input {
            name,
            data: &garbage,
        };
        assert_eq!(TarAnalyzer.detect(input), expected, "{name}");
    }
    for len in [0, 1, 261, 262, 511, 512] {
        let data = Bytes::from(vec![0u8; len]);
        let input = Input {
            name: "x",
            data: &data,
        };
        assert_eq!(TarAnalyzer.detect(input), Detection::No, "{len}");
    }
    // A v7 header with a wrong checksum is not a signature.
    let mut v7 = V7.to_vec();
    v7[0] ^= 1;
    let v7 = Bytes::from(v7);
    let input = Input {
        name: "x",
        data: &v7,
    };
    assert_eq!(TarAnalyzer.detect(input), Detection::No);
}

#[test]
fn gnu_archive_members_fields_and_kinds() {
    let node = analyze(GNU);
    assert_eq!(node.format, "tar");
    assert_eq!(node.order, MemberOrder::Significant);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "dir/",
            "dir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/",
            LONG,
            "dir/hard",
            "dir/hello.txt",
            "dir/link",
            "dir/run.sh",
            "dir/secret.txt",
        ]
    );
    let expected_types = [
        "directory",
        "directory",
        "regular",
        "regular",
        "hardlink",
        "symlink",
        "regular",
        "regular",
    ];
    for (m, expected) in node.members.iter().zip(expected_types) {
        assert_eq!(value(m, "tar.type"), str_value(expected), "{}", m.name);
        assert_eq!(value(m, "tar.uid"), Value::Int(1000));
        assert_eq!(value(m, "tar.gid"), Value::Int(50));
        assert_eq!(value(m, "tar.uname"), str_value("alice"));
        assert_eq!(value(m, "tar.gname"), str_value("staff"));
        assert_eq!(value(m, "tar.mtime"), Value::Time(Timestamp::unix(STAMP)));
        assert_eq!(value(m, "tar.format"), str_value("gnu"));
        for absent in [
            "tar.atime",
            "tar.ctime",
            "tar.devmajor",
            "tar.pax-header.name",
        ] {
            assert!(find(&m.fields, absent).is_none(), "{} {absent}", m.name);
        }
        assert!(!m.fields.iter().any(|f| f.name.starts_with("tar.pax.")));
        let has_target = matches!(expected, "hardlink" | "symlink");
        assert_eq!(find(&m.fields, "tar.link-target").is_some(), has_target);
    }

    let kinds = [
        ("tar.type", FieldKind::EntryType),
        ("tar.link-target", FieldKind::EntryType),
        ("tar.mode", FieldKind::Mode),
        ("tar.uid", FieldKind::Owner),
        ("tar.gid", FieldKind::Owner),
        ("tar.uname", FieldKind::Owner),
        ("tar.gname", FieldKind::Owner),
        ("tar.mtime", FieldKind::Time(TimeRole::EntryModified)),
        ("tar.format", FieldKind::ContainerVariant),
        (
            "tar.size",
            FieldKind::Derived(Derivation::size(Covers::Data)),
        ),
        (
            "tar.checksum",
            FieldKind::Derived(Derivation::checksum(Covers::Record)),
        ),
    ];
    for (name, kind) in kinds {
        assert_eq!(
            get(&member(&node, "dir/link").fields, name).kind,
            kind,
            "{name}"
        );
    }

    let link = member(&node, "dir/link");
    assert_eq!(value(link, "tar.link-target"), str_value("hello.txt"));
    let hardlink = member(&node, "dir/hello.txt");
    assert_eq!(value(hardlink, "tar.link-target"), str_value("dir/hard"));
    for (name, mode) in [
        ("dir/", 0o755),
        ("dir/run.sh", 0o755),
        ("dir/secret.txt", 0o600),
        ("dir/hard", 0o644),
        ("dir/link", 0o777),
    ] {
        assert_eq!(
            value(member(&node, name), "tar.mode"),
            Value::Octal(mode),
            "{name}"
        );
    }
    let hard = member(&node, "dir/hard");
    assert_eq!(value(hard, "tar.size"), Value::Int(11));
    assert_eq!(bytes_of(hard), b"hello, tar\n");
    assert_eq!(bytes_of(member(&node, LONG)), b"long\n");
    assert_eq!(
        bytes_of(member(&node, "dir/run.sh")),
        b"#!/bin/sh\necho hello\n"
    );
    for name in ["dir/", "dir/link", "dir/hello.txt"] {
        assert!(
            matches!(member(&node, name).data, MemberData::None),
            "{name}"
        );
    }

    // The stored checksum, as stored.
    let pos = header_of(GNU, "dir/run.sh");
    let stored = raw::number(&GNU[pos + 148..pos + 156]).unwrap();
    assert_eq!(
        value(member(&node, "dir/run.sh"), "tar.checksum"),
        Value::Octal(stored as u32)
    );

    // The end-of-archive padding follows the last member's (padded) data.
    let last = header_of(GNU, "dir/secret.txt");
    let padding = get(&node.fields, "tar.end-padding");
    assert_eq!(padding.kind, FieldKind::Derived(Derivation::offset()));
    assert_eq!(padding.value, Value::Int((GNU.len() - last - 1024) as i64));
    assert_eq!(GNU.len(), 10240);
}

#[test]
fn member_data_is_a_slice_of_the_input() {
    let data = Bytes::from_static(GNU);
    let node = TarAnalyzer
        .analyze(
            Input {
                name: "gnu.tar",
                data: &data,
            },
            &Limits::default(),
        )
        .unwrap();
    let input = data.as_ptr_range();
    let mut regular = 0;
    for m in &node.members {
        if let MemberData::Bytes(b) = &m.data {
            let range = b.as_ptr_range();
            assert!(
                input.start <= range.start && range.end <= input.end,
                "{}",
                m.name
            );
            regular += 1;
        }
    }
    assert_eq!(regular, 4);
}

#[test]
fn ustar_splits_long_paths_into_the_prefix() {
    let node = analyze(USTAR);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.members.len(), 8);
    let long = member(&node, LONG);
    assert_eq!(value(long, "tar.format"), str_value("ustar"));
    assert_eq!(bytes_of(long), b"long\n");
    assert_eq!(value(long, "tar.uname"), str_value("alice"));
    assert_eq!(
        value(member(&node, "dir/secret.txt"), "tar.mode"),
        Value::Octal(0o600)
    );
}

#[test]
fn pax_extended_headers_fold_into_the_member() {
    let node = analyze(PAX);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.members.len(), 8);
    let long = member(&node, LONG);
    assert_eq!(value(long, "tar.format"), str_value("ustar+pax"));
    let header_name = get(&long.fields, "tar.pax-header.name");
    assert_eq!(header_name.kind, FieldKind::Opaque);
    // `%d/PaxHeaders/%f`, cut by GNU tar to the 100 bytes of the name field.
    let x = headers(PAX)
        .iter()
        .find(|(_, flag)| *flag == b'x')
        .unwrap()
        .0;
    let stored = String::from_utf8(raw::text(&PAX[x..x + 100]).to_vec()).unwrap();
    assert!(stored.starts_with("dir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/PaxHeaders/bbbb"));
    assert_eq!(header_name.value, Value::Str(stored));
    assert!(find(&long.fields, "tar.pax.path").is_none());
    assert_eq!(bytes_of(long), b"long\n");
    let short = member(&node, "dir/run.sh");
    assert_eq!(value(short, "tar.format"), str_value("ustar"));
    assert!(find(&short.fields, "tar.pax-header.name").is_none());
}

#[test]
fn v7_headers_have_no_names() {
    let node = analyze(V7);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "dir/",
            "dir/hard",
            "dir/hello.txt",
            "dir/link",
            "dir/run.sh",
            "dir/secret.txt"
        ]
    );
    for m in &node.members {
        assert_eq!(value(m, "tar.format"), str_value("v7"));
        assert_eq!(value(m, "tar.uid"), Value::Int(1000));
        assert!(find(&m.fields, "tar.uname").is_none());
        assert!(find(&m.fields, "tar.gname").is_none());
    }
    assert_eq!(
        value(member(&node, "dir/"), "tar.type"),
        str_value("directory")
    );
    assert_eq!(
        value(member(&node, "dir/hello.txt"), "tar.type"),
        str_value("hardlink")
    );
    assert_eq!(bytes_of(member(&node, "dir/hard")), b"hello, tar\n");
}

#[test]
fn python_pax_globals_fractions_records_and_devices() {
    let node = analyze(PYTHON);
    assert!(node.notes.is_empty(), "{:?}", node.notes);

    let comment = get(&node.fields, "tar.pax-global.comment");
    assert_eq!(
        (comment.kind, &comment.value),
        (FieldKind::Opaque, &str_value("built by make.sh"))
    );
    let mtime = get(&node.fields, "tar.pax-global.mtime");
    assert_eq!(
        (mtime.kind, &mtime.value),
        (
            FieldKind::Time(TimeRole::EntryModified),
            &Value::Time(Timestamp::unix(1_700_000_000))
        )
    );
    assert_eq!(
        get(&node.fields, "tar.pax-global-header.name").kind,
        FieldKind::Opaque
    );
    assert!(find(&node.fields, "tar.end-padding").is_some());
    assert_eq!(node.members.len(), 7, "the global header is not a member");

    let fraction = member(&node, "py/fraction.txt");
    let mtime = get(&fraction.fields, "tar.mtime");
    assert_eq!(mtime.kind, FieldKind::Time(TimeRole::EntryModified));
    assert_eq!(
        mtime.value,
        Value::Time(Timestamp {
            nanos: 250_000_000,
            ..Timestamp::unix(1_700_000_000)
        })
    );
    assert_eq!(mtime.value.to_string(), "2023-11-14T22:13:20.250000000Z");
    assert_eq!(value(fraction, "tar.format"), str_value("ustar+pax"));
    for (name, kind, expected) in [
        ("tar.pax.comment", FieldKind::Opaque, "per-file comment"),
        ("tar.xattr.user.origin", FieldKind::FileAttribute, "make.sh"),
    ] {
        let field = get(&fraction.fields, name);
        assert_eq!((field.kind, &field.value), (kind, &str_value(expected)));
    }
    // Beside a comment, the pax header is no mere spelling of the attribute.
    assert!(find(&fraction.fields, "tar.pax.SCHILY.xattr.user.origin").is_none());
    assert!(find(&fraction.fields, "tar.xattr.spelling").is_none());
    for folded in [
        "tar.pax.mtime",
        "tar.pax.path",
        "tar.pax.size",
        "tar.pax.uid",
    ] {
        assert!(find(&fraction.fields, folded).is_none(), "{folded}");
    }
    assert_eq!(bytes_of(fraction), b"fractional mtime\n");

    assert_eq!(
        value(member(&node, "py/setuid"), "tar.mode"),
        Value::Octal(0o4755)
    );
    let sticky = member(&node, "py/sticky/");
    assert_eq!(value(sticky, "tar.mode"), Value::Octal(0o1777));
    assert_eq!(value(sticky, "tar.type"), str_value("directory"));

    for (name, kind, major, minor) in [("py/null", "char", 1, 3), ("py/disk", "block", 8, 1)] {
        let device = member(&node, name);
        assert_eq!(value(device, "tar.type"), str_value(kind));
        // On a device node the numbers are which device it is: the member's type, like a
        // link's target.
        for (field, expected) in [("tar.devmajor", major), ("tar.devminor", minor)] {
            let field = get(&device.fields, field);
            assert_eq!(
                (field.kind, &field.value),
                (FieldKind::EntryType, &Value::Int(expected))
            );
        }
        assert!(matches!(device.data, MemberData::None));
    }
    let pipe = member(&node, "py/pipe");
    assert_eq!(value(pipe, "tar.type"), str_value("fifo"));
    assert!(find(&pipe.fields, "tar.devmajor").is_none());
    assert!(matches!(pipe.data, MemberData::None));

    let long = member(&node, &format!("py/{}", "c".repeat(120)));
    assert_eq!(bytes_of(long), b"long pax path\n");
    assert_eq!(value(long, "tar.size"), Value::Int(14));
}

#[test]
fn sparse_members_are_unreadable_with_a_note() {
    let gnu = analyze(SPARSE_GNU);
    assert_eq!(gnu.members.len(), 1);
    let holes = member(&gnu, "sparse/holes");
    assert_eq!(value(holes, "tar.type"), str_value("other (S)"));
    assert_eq!(value(holes, "tar.size"), Value::Int(65536));
    assert!(
        matches!(&holes.data, MemberData::Unreadable(why) if why.starts_with("sparse file: ")),
        "{:?}",
        holes.data
    );
    assert!(
        gnu.notes.iter().any(|n| n.contains("sparse file")),
        "{:?}",
        gnu.notes
    );
    assert!(find(&gnu.fields, "tar.end-padding").is_some());

    let pax = analyze(SPARSE_PAX);
    assert_eq!(pax.members.len(), 1);
    let holes = member(&pax, "sparse/holes");
    assert_eq!(value(holes, "tar.type"), str_value("regular"));
    assert_eq!(value(holes, "tar.size"), Value::Int(65536));
    assert_eq!(
        value(holes, "tar.stored-path"),
        str_value("sparse/GNUSparseFile.0/holes")
    );
    assert_eq!(value(holes, "tar.pax.GNU.sparse.major"), str_value("1"));
    assert!(matches!(&holes.data, MemberData::Unreadable(why) if why.contains("1.0")));
    assert!(
        pax.notes.iter().any(|n| n.contains("sparse file")),
        "{:?}",
        pax.notes
    );
    assert!(find(&pax.fields, "tar.end-padding").is_some());
}

#[test]
fn another_owner_changes_only_owner_fields_and_the_checksums_over_them() {
    let alice = analyze(GNU);
    let bob = analyze(GNU_BOB);
    assert_eq!(alice.fields, bob.fields);
    assert_eq!(alice.members.len(), bob.members.len());
    for (a, b) in alice.members.iter().zip(&bob.members) {
        assert_eq!(a.name, b.name);
        assert_eq!(bytes_or_none(a), bytes_or_none(b));
        assert_eq!(
            a.fields.iter().map(|f| &f.name).collect::<Vec<_>>(),
            b.fields.iter().map(|f| &f.name).collect::<Vec<_>>()
        );
        let differing: Vec<&Field> = a
            .fields
            .iter()
            .zip(&b.fields)
            .filter(|(x, y)| x != y)
            .map(|(x, _)| x)
            .collect();
        // uid, gid, uname and gname all change; the header checksum is the byte sum of the record,
        // so it follows them (Derived(Record)); nothing else differs.
        let owners = differing
            .iter()
            .filter(|f| f.kind == FieldKind::Owner)
            .count();
        assert_eq!(owners, 4, "{}", a.name);
        for field in &differing {
            assert!(
                matches!(
                    field.kind,
                    FieldKind::Owner
                        | FieldKind::Derived(Derivation {
                            covers: Covers::Record,
                            ..
                        })
                ),
                "{}: {} differs",
                a.name,
                field.name
            );
        }
    }
}

fn bytes_or_none(m: &Member) -> Option<&[u8]> {
    match &m.data {
        MemberData::Bytes(b) => Some(b),
        _ => None,
    }
}

#[test]
fn truncation_anywhere_ends_in_an_error_or_a_note() {
    let full = analyze(GNU);
    let last = header_of(GNU, "dir/secret.txt") + 1024;
    for cut in (0..GNU.len())
        .step_by(61)
        .chain([511, 512, 513, last - 1, last, last + 1])
    {
        match analyze_with(&GNU[..cut], &Limits::default()) {
            Err(error) => assert!(cut < 1024, "cut at {cut}: {error}"),
            Ok(node) if cut < last && cut % BLOCK != 0 => {
                truncated_note(&node);
                assert!(node.members.len() <= full.members.len());
                assert!(find(&node.fields, "tar.end-padding").is_none());
            }
            // At a block boundary the archive just ends early; in the end-of-archive zeros it
            // is complete.
            Ok(node) => assert!(
                find(&node.fields, "tar.end-padding").is_some(),
                "cut at {cut}"
            ),
        }
    }
    assert!(analyze_with(&GNU[..100], &Limits::default()).is_err());
    assert!(analyze_with(&[], &Limits::default()).is_err());

    // Mid-data: the member is kept, its data is unreadable.
    let hard = header_of(GNU, "dir/hard");
    let node = analyze(&GNU[..hard + 512 + 5]);
    assert_eq!(node.members.len(), 4);
    assert!(truncated_note(&node).starts_with("truncated after member 4:"));
    assert!(matches!(
        member(&node, "dir/hard").data,
        MemberData::Unreadable(_)
    ));

    // Mid-header: the members before it are kept.
    let hello = header_of(GNU, "dir/hello.txt");
    let node = analyze(&GNU[..hello + 200]);
    assert_eq!(node.members.len(), 4);
    assert!(matches!(
        member(&node, "dir/hard").data,
        MemberData::Bytes(_)
    ));
    assert!(truncated_note(&node).starts_with("truncated after member 4:"));

    // Between a GNU long name and the member it names.
    let long_name = headers(GNU)
        .iter()
        .find(|(_, flag)| *flag == b'L')
        .unwrap()
        .0;
    let node = analyze(&GNU[..long_name + 1024]);
    assert_eq!(node.members.len(), 2);
    truncated_note(&node);
}

/// 2^50 bytes in GNU base-256.
const PETABYTE: [u8; 12] = [0x80, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0];

#[test]
fn sizes_claiming_petabytes_are_truncation() {
    let mut data = GNU.to_vec();
    let hard = header_of(&data, "dir/hard");
    patch(&mut data, hard, raw::SIZE, &PETABYTE, true);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 4);
    assert_eq!(
        value(member(&node, "dir/hard"), "tar.size"),
        Value::Int(1 << 50)
    );
    assert!(matches!(
        member(&node, "dir/hard").data,
        MemberData::Unreadable(_)
    ));
    assert!(truncated_note(&node).starts_with("truncated after member 4:"));

    // On the first member, a directory.
    let mut data = GNU.to_vec();
    patch(&mut data, 0, raw::SIZE, &PETABYTE, true);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 1);
    assert!(matches!(node.members[0].data, MemberData::None));
    truncated_note(&node);

    // On a GNU long name pseudo header: the name runs to the end of the input.
    let mut data = GNU.to_vec();
    let long_name = headers(&data)
        .iter()
        .find(|(_, flag)| *flag == b'L')
        .unwrap()
        .0;
    patch(&mut data, long_name, raw::SIZE, &PETABYTE, true);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 2);
    truncated_note(&node);

    // In a pax size record (same length as the comment record it replaces).
    let mut data = PYTHON.to_vec();
    let record = b"comment=per-file comment";
    let replacement = b"size=1125899906842624000";
    assert_eq!(record.len(), replacement.len());
    let at = data
        .windows(record.len())
        .position(|w| w == record)
        .unwrap();
    data[at..at + record.len()].copy_from_slice(replacement);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 1);
    let fraction = member(&node, "py/fraction.txt");
    assert_eq!(
        value(fraction, "tar.size"),
        Value::Int(1_125_899_906_842_624_000)
    );
    assert!(matches!(fraction.data, MemberData::Unreadable(_)));
    truncated_note(&node);
}

#[test]
fn bad_checksums_stop_the_walk() {
    let mut data = GNU.to_vec();
    data[0] ^= 0x20;
    let error = analyze_with(&data, &Limits::default()).unwrap_err();
    assert!(error.to_string().contains("checksum"), "{error}");

    let mut data = GNU.to_vec();
    data[BLOCK] ^= 0x20;
    let node = analyze(&data);
    assert_eq!(node.members.len(), 1);
    assert!(truncated_note(&node).contains("checksum"));
}

#[test]
fn garbage_in_numeric_fields_is_kept_as_text_with_a_note() {
    let mut data = GNU.to_vec();
    let run = header_of(&data, "dir/run.sh");
    patch(&mut data, run, raw::MODE, b"7x5", false);
    patch(&mut data, run, raw::UID, b"alice", false);
    patch(&mut data, run, raw::MTIME, b"yesterday", false);
    patch(&mut data, run, raw::GNU_ATIME, b"\xff\x00junk", true);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 8, "{:?}", node.notes);
    let run = member(&node, "dir/run.sh");
    assert_eq!(get(&run.fields, "tar.mode").value, str_value("7x5"));
    assert_eq!(get(&run.fields, "tar.mode").kind, FieldKind::Mode);
    assert_eq!(value(run, "tar.uid"), str_value("alice"));
    assert_eq!(value(run, "tar.mtime"), str_value("yesterday"));
    assert_eq!(
        get(&run.fields, "tar.atime").kind,
        FieldKind::Time(TimeRole::EntryAccessed)
    );
    for field in ["tar.mode", "tar.uid", "tar.mtime"] {
        assert!(
            node.notes
                .iter()
                .any(|n| n.contains("dir/run.sh") && n.contains(field)),
            "{field}: {:?}",
            node.notes
        );
    }
    assert_eq!(bytes_of(run), b"#!/bin/sh\necho hello\n");

    // A size that is not a number: the crate cannot find the next header.
    let mut data = GNU.to_vec();
    let run = header_of(&data, "dir/run.sh");
    patch(&mut data, run, raw::SIZE, b"lots", true);
    let node = analyze(&data);
    assert_eq!(node.members.len(), 6);
    truncated_note(&node);
    let mut data = GNU.to_vec();
    patch(&mut data, 0, raw::SIZE, b"lots", true);
    assert!(analyze_with(&data, &Limits::default()).is_err());
}

#[test]
fn the_member_limit_stops_with_a_note() {
    let limits = Limits {
        max_members: 3,
        ..Limits::default()
    };
    let node = analyze_with(GNU, &limits).unwrap();
    assert_eq!(node.members.len(), 3);
    assert!(node
        .notes
        .iter()
        .any(|n| n.starts_with("stopped after 3 members")));
    assert!(find(&node.fields, "tar.end-padding").is_none());
}

#[test]
fn empty_archives_and_what_follows_the_end_marker() {
    let node = analyze(&[0u8; 10240]);
    assert!(node.members.is_empty());
    assert_eq!(value_of(&node, "tar.end-padding"), Value::Int(10240));
    assert!(node.notes.is_empty());

    let mut data = GNU.to_vec();
    let end = data.len() - 100;
    data[end..end + 7].copy_from_slice(b"garbage");
    let node = analyze(&data);
    assert_eq!(node.members.len(), 8);
    assert!(node
        .notes
        .iter()
        .any(|n| n.contains("after its end-of-archive marker")));

    // A cut end-of-archive marker is still the end.
    let last = header_of(GNU, "dir/secret.txt") + 1024;
    let node = analyze(&GNU[..last + 300]);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(value_of(&node, "tar.end-padding"), Value::Int(300));
}

fn value_of(node: &Node, name: &str) -> Value {
    get(&node.fields, name).value.clone()
}

/// A small deterministic generator for the mutation test.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn mutated_archives_never_panic() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for (name, fixture) in ALL {
        let content = headers(fixture)
            .last()
            .map_or(fixture.len(), |&(pos, _)| pos + 2048)
            .min(fixture.len());
        for round in 0..300 {
            let mut data = fixture.to_vec();
            for _ in 0..=rng.below(8) {
                let at = rng.below(content);
                data[at] = match rng.below(4) {
                    0 => 0,
                    1 => 0xff,
                    2 => b'7',
                    _ => rng.next() as u8,
                };
            }
            if round % 2 == 0 {
                // Past the checksum, into the fields.
                for (pos, _) in headers(fixture) {
                    fix_checksum(&mut data, pos);
                }
            }
            if round % 3 == 0 {
                data.truncate(rng.below(data.len() + 1));
            }
            if let Ok(node) = analyze_with(&data, &Limits::default()) {
                assert!(
                    node.members.len() <= data.len() / BLOCK,
                    "{name} round {round}"
                );
            }
        }
    }
}

/// A GNU header (`ustar  \0`) of type `flag` for `name` with `size` stored bytes.
fn gnu_header(name: &str, flag: u8, size: usize) -> Vec<u8> {
    let mut block = vec![0u8; BLOCK];
    block[..name.len()].copy_from_slice(name.as_bytes());
    for (range, value) in [
        (raw::MODE, "0000644"),
        (raw::UID, "0001750"),
        (raw::GID, "0000062"),
        (raw::MTIME, "14544676445"),
    ] {
        block[range.start..range.start + value.len()].copy_from_slice(value.as_bytes());
    }
    let size = format!("{size:011o}");
    block[124..135].copy_from_slice(size.as_bytes());
    block[raw::TYPEFLAG] = flag;
    block[257..265].copy_from_slice(b"ustar  \0");
    block
}

fn sparse_entry(block: &mut [u8], at: usize, offset: usize, length: usize) {
    block[at..at + 11].copy_from_slice(format!("{offset:011o}").as_bytes());
    block[at + 12..at + 23].copy_from_slice(format!("{length:011o}").as_bytes());
}

#[test]
fn gnu_sparse_map_extension_blocks_are_skipped() {
    // Five 512-byte regions, one every 4 KiB: four in the header, one in an extension block.
    let mut header = gnu_header("holes", b'S', 5 * 512);
    for i in 0..4 {
        sparse_entry(&mut header, 386 + 24 * i, i * 4096, 512);
    }
    header[raw::GNU_IS_EXTENDED] = 1;
    header[483..494].copy_from_slice(format!("{:011o}", 4 * 4096 + 512).as_bytes());
    fix_checksum(&mut header, 0);
    let mut extension = vec![0u8; BLOCK];
    sparse_entry(&mut extension, 0, 4 * 4096, 512);

    let mut archive = header;
    archive.extend_from_slice(&extension);
    archive.extend(std::iter::repeat_n(b's', 5 * 512));
    let mut after = gnu_header("after", b'0', 6);
    fix_checksum(&mut after, 0);
    archive.extend_from_slice(&after);
    archive.extend_from_slice(b"after\n");
    archive.resize(archive.len() + 506 + 2 * BLOCK, 0);

    let node = analyze(&archive);
    assert!(
        !node.notes.iter().any(|n| n.contains("truncated")),
        "{:?}",
        node.notes
    );
    assert_eq!(node.members.len(), 2);
    let holes = member(&node, "holes");
    assert_eq!(value(holes, "tar.size"), Value::Int(4 * 4096 + 512));
    assert!(matches!(holes.data, MemberData::Unreadable(_)));
    assert_eq!(bytes_of(member(&node, "after")), b"after\n");
    assert_eq!(value_of(&node, "tar.end-padding"), Value::Int(1024));
    assert_eq!(
        value(member(&node, "after"), "tar.format"),
        str_value("gnu")
    );
}

fn pax_record(key: &str, value: &str) -> String {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}")
}

#[test]
fn pax_records_are_deduplicated_and_capped() {
    let mut records = pax_record("comment", "first");
    for i in 0..2000 {
        records.push_str(&pax_record(&format!("k{i}"), "v"));
    }
    records.push_str("garbage\n");
    records.push_str(&pax_record("comment", "second"));
    records.push_str(&pax_record("mtime", "5.5"));
    let mut x = gnu_header("PaxHeaders/file", b'x', records.len());
    x[257..265].copy_from_slice(b"ustar\x0000");
    fix_checksum(&mut x, 0);
    let mut file = gnu_header("file", b'0', 0);
    file[257..265].copy_from_slice(b"ustar\x0000");
    fix_checksum(&mut file, 0);

    let mut archive = x;
    archive.extend_from_slice(records.as_bytes());
    archive.resize(archive.len().div_ceil(BLOCK) * BLOCK, 0);
    archive.extend_from_slice(&file);
    archive.resize(archive.len() + 2 * BLOCK, 0);

    let node = analyze(&archive);
    assert_eq!(node.members.len(), 1);
    let file = member(&node, "file");
    assert_eq!(value(file, "tar.format"), str_value("ustar+pax"));
    assert_eq!(
        value(file, "tar.pax-header.name"),
        str_value("PaxHeaders/file")
    );
    assert_eq!(value(file, "tar.pax.comment"), str_value("second"));
    assert_eq!(
        value(file, "tar.mtime"),
        Value::Time(Timestamp {
            nanos: 500_000_000,
            ..Timestamp::unix(5)
        })
    );
    let listed = file
        .fields
        .iter()
        .filter(|f| f.name.starts_with("tar.pax."))
        .count();
    assert_eq!(listed, MAX_LISTED_PAX_RECORDS);
    assert!(
        node.notes
            .iter()
            .any(|n| n.contains("1 malformed pax records")),
        "{:?}",
        node.notes
    );
    assert!(
        node.notes
            .iter()
            .any(|n| n.contains("1001 more pax records")),
        "{:?}",
        node.notes
    );
    assert_eq!(bytes_of(file), b"");
}

#[test]
fn invented_gnu_sparse_keys_count_against_the_pax_record_cap() {
    let mut records = String::new();
    for i in 0..5000 {
        records.push_str(&pax_record(&format!("GNU.sparse.k{i}"), "v"));
    }
    records.push_str(&pax_record("GNU.sparse.realsize", "10"));
    let mut x = gnu_header("PaxHeaders/file", b'x', records.len());
    x[257..265].copy_from_slice(b"ustar\x0000");
    fix_checksum(&mut x, 0);
    let mut file = gnu_header("file", b'0', 0);
    file[257..265].copy_from_slice(b"ustar\x0000");
    fix_checksum(&mut file, 0);
    let mut archive = x;
    archive.extend_from_slice(records.as_bytes());
    archive.resize(archive.len().div_ceil(BLOCK) * BLOCK, 0);
    archive.extend_from_slice(&file);
    archive.resize(archive.len() + 2 * BLOCK, 0);

    let node = analyze(&archive);
    let file = member(&node, "file");
    let listed = file
        .fields
        .iter()
        .filter(|f| f.name.starts_with("tar.pax."))
        .count();
    // The cap, plus the sparse keyword the reader uses, kept past it.
    assert_eq!(listed, MAX_LISTED_PAX_RECORDS + 1);
    assert_eq!(value(file, "tar.size"), Value::Int(10));
    assert!(matches!(file.data, MemberData::Unreadable(_)), "sparse");
    assert!(
        node.notes
            .iter()
            .any(|n| n.contains("4000 more pax records")),
        "{:?}",
        node.notes
    );
}

/// The fields of `name` other than those named in `except`, as (name, kind, value).
fn fields_except<'a>(
    node: &'a Node,
    name: &str,
    except: &[&str],
) -> Vec<(&'a str, FieldKind, &'a Value)> {
    member(node, name)
        .fields
        .iter()
        .filter(|f| !except.contains(&f.name.as_ref()))
        .map(|f| (f.name.as_ref(), f.kind, &f.value))
        .collect()
}

#[test]
fn gnu_tar_xattrs_are_fields_of_the_build_machine_not_pax_records() {
    // GNU tar --format=posix --xattrs on a file with user.whydiff=one, =two, and none.
    let one = analyze(XATTR_ONE);
    let two = analyze(XATTR_TWO);
    let none = analyze(XATTR_NONE);
    let attribute = |node: &Node| {
        find(&member(node, "file.txt").fields, "tar.xattr.user.whydiff")
            .map(|f| (f.kind, f.value.clone()))
    };
    assert_eq!(
        attribute(&one),
        Some((FieldKind::FileAttribute, str_value("one")))
    );
    assert_eq!(
        attribute(&two),
        Some((FieldKind::FileAttribute, str_value("two")))
    );
    assert_eq!(attribute(&none), None);
    for node in [&one, &two] {
        let file = member(node, "file.txt");
        assert!(!file.fields.iter().any(|f| f.name.starts_with("tar.pax")));
        // The pax header holds only the attribute: not another container variant, and its name
        // is the attribute's spelling, which the classifier folds under the attribute.
        assert_eq!(value(file, "tar.format"), str_value("ustar"));
        let spelling = get(&file.fields, "tar.xattr.spelling");
        assert_eq!(spelling.kind, FieldKind::Derived(Derivation::spelling()));
        assert_eq!(spelling.value, str_value("./PaxHeaders/file.txt"));
        assert_eq!(crate::spelled_field(&spelling.name), Some("tar.xattr"));
    }
    // Apart from the attribute and its spelling, the three archives record the same member.
    let rest = |node| {
        fields_except(
            node,
            "file.txt",
            &["tar.xattr.user.whydiff", "tar.xattr.spelling"],
        )
    };
    assert_eq!(rest(&one), rest(&none));
    assert_eq!(rest(&two), rest(&none));
    assert_eq!(bytes_of(member(&one, "file.txt")), b"attributes\n");
}

#[test]
fn xattr_values_are_bytes_and_libarchive_spells_gnu_records() {
    // An SELinux label as GNU tar writes it (NUL-terminated), and bsdtar's pair of records for
    // one attribute: the SCHILY value and its base64 LIBARCHIVE spelling, name URL-encoded.
    let mut pax = PaxRecords::default();
    pax.insert(
        b"SCHILY.xattr.security.selinux",
        b"system_u:object_r:usr_t:s0\0",
    );
    pax.insert(b"SCHILY.xattr.user.a b", b"v");
    pax.insert(b"LIBARCHIVE.xattr.user.a%20b", b"dg==");
    pax.insert(b"LIBARCHIVE.xattr.user.only%2Dlibarchive", b"dw==");
    assert!(pax.only_xattrs());
    let mut sink = FieldSink {
        fields: Vec::new(),
        notes: Vec::new(),
        label: "member 1".into(),
    };
    for (key, value) in &pax.records {
        let (name, libarchive) = xattr_name(key).unwrap();
        xattr_field(&mut sink, &pax, name, libarchive, value);
    }
    let fields: Vec<_> = sink
        .fields
        .iter()
        .map(|f| (f.name.as_ref(), f.kind, f.value.clone()))
        .collect();
    let spelling = FieldKind::Derived(Derivation::spelling());
    let label = escape(b"system_u:object_r:usr_t:s0\0");
    assert_eq!(
        fields,
        [
            (
                "tar.xattr.security.selinux",
                FieldKind::FileAttribute,
                str_value(&label)
            ),
            (
                "tar.xattr.user.a b",
                FieldKind::FileAttribute,
                str_value("v")
            ),
            ("tar.xattr.user.a b.spelling", spelling, str_value("dg==")),
            (
                "tar.xattr.user.only-libarchive",
                FieldKind::FileAttribute,
                str_value("dw==")
            ),
        ]
    );
    assert!(
        label.starts_with("system_u:object_r:usr_t:s0") && label.len() > 26,
        "the NUL is kept: {label}"
    );
    assert_eq!(percent_decoded("a%2x%41%"), b"a%2xA%");
    let mut mixed = PaxRecords::default();
    mixed.insert(b"SCHILY.xattr.user.x", b"1");
    mixed.insert(b"atime", b"1");
    assert!(!mixed.only_xattrs());
    assert!(!PaxRecords::default().only_xattrs());
}

#[test]
fn device_numbers_of_a_file_that_is_no_device_are_the_hosts() {
    // Python's tarfile, the second header's device fields set to 8, 1 (see make.sh).
    let node = analyze(DEVNUM);
    let zero = member(&node, "zero.txt");
    assert!(find(&zero.fields, "tar.devmajor").is_none());
    assert!(find(&zero.fields, "tar.devminor").is_none());
    let numbered = member(&node, "numbered.txt");
    assert_eq!(value(numbered, "tar.type"), str_value("regular"));
    for (field, expected) in [("tar.devmajor", 8), ("tar.devminor", 1)] {
        let field = get(&numbered.fields, field);
        assert_eq!(
            (field.kind, &field.value),
            (FieldKind::HostDevice, &Value::Int(expected))
        );
    }
    assert_eq!(bytes_of(numbered), b"hi\n");
    // Without them the two headers differ only in the name and the checksum, which covers the
    // record: the device numbers are what a classifier sees, not an unexplained checksum.
    let checksum = get(&numbered.fields, "tar.checksum");
    assert_eq!(
        checksum.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Record))
    );
    assert_ne!(checksum.value, value(zero, "tar.checksum"));
    let rest = |name| {
        fields_except(
            &node,
            name,
            &["tar.devmajor", "tar.devminor", "tar.checksum"],
        )
    };
    assert_eq!(rest("zero.txt"), rest("numbered.txt"));
}
