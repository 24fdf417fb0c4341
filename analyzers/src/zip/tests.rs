//! Tests on archives made by real archivers (Info-ZIP zip 3.0, Python's zipfile): see
//! `tests/fixtures/zip/make.sh`.

use super::*;
use crate::{Content, Ordered, TimeRole};
use bytes::Bytes;

const FIXTURES: &[&str] = &[
    "infozip.zip",
    "infozip-later.zip",
    "infozip-X.zip",
    "fast.zip",
    "stored.zip",
    "zip64.zip",
    "streamed.zip",
    "comments.zip",
    "prefix.zip",
    "prefix-unadjusted.zip",
    "bomb.zip",
    "python.zip",
    "duplicates.zip",
    "empty.zip",
    "alignment.zip",
];

const STUB: &[u8] = b"#!/bin/sh\necho this is a stub\nexit 0\n";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/zip/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The node as the engine sees it when members' records differ: deferred fields computed.
fn analyze_with(data: Vec<u8>, limits: &Limits) -> Result<Node, AnalyzeError> {
    analyze_deferred(data, limits).map(|node| node.complete().into_owned())
}

/// The node as analyzed: entries without extra fields list `zip.mtime` and defer the rest.
fn analyze_deferred(data: Vec<u8>, limits: &Limits) -> Result<Node, AnalyzeError> {
    let data = Bytes::from(data);
    ZipAnalyzer.analyze(
        Input {
            name: "test.zip",
            data: &data,
        },
        limits,
    )
}

fn analyze(data: Vec<u8>) -> Node {
    analyze_with(data, &Limits::default()).unwrap()
}

fn analyze_fixture(name: &str) -> Node {
    analyze(fixture(name))
}

fn member<'a>(node: &'a Node, name: &str) -> &'a Member {
    node.members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {:?}", names(node)))
}

fn names(node: &Node) -> Vec<&str> {
    node.members.iter().map(|m| m.name.as_str()).collect()
}

fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == name)
}

fn get<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    find(fields, name).unwrap_or_else(|| {
        let all: Vec<_> = fields.iter().map(|f| f.name.as_ref()).collect();
        panic!("no field {name} in {all:?}")
    })
}

/// Asserts the field's kind and rendered value.
fn check(fields: &[Field], name: &str, kind: FieldKind, rendered: &str) {
    let field = get(fields, name);
    assert_eq!(field.kind, kind, "{name}");
    assert_eq!(field.value.to_string(), rendered, "{name}");
}

/// The member's data as the engine gets it: decoded (with default limits) when still encoded.
fn resolved(member: &Member, limits: &Limits) -> MemberData {
    match &member.data {
        MemberData::Encoded(encoded) => match encoded.decode(limits) {
            Ok(bytes) => MemberData::Bytes(bytes),
            Err(why) => MemberData::Unreadable(why.to_string()),
        },
        other => other.clone(),
    }
}

fn bytes(member: &Member) -> Bytes {
    match resolved(member, &Limits::default()) {
        MemberData::Bytes(b) => b,
        other => panic!("{}: {other:?}", member.name),
    }
}

fn dos(seconds: i64) -> Value {
    Value::Time(Timestamp {
        unix_seconds: seconds,
        nanos: 0,
        encoding: TimeEncoding::Dos,
    })
}

fn unix(seconds: i64) -> Value {
    Value::Time(Timestamp::unix(seconds))
}

/// 2021-03-04T05:06:08Z, the mtime make.sh gives the Info-ZIP fixtures.
const T1: i64 = 1_614_834_368;
/// 2022-07-08T09:10:12Z.
const T2: i64 = 1_657_271_412;

fn hello_txt() -> Vec<u8> {
    (0..12)
        .flat_map(|i| format!("hello, reproducible world: line {i}\n").into_bytes())
        .collect()
}

fn numbers_txt() -> Vec<u8> {
    (1..=300)
        .flat_map(|i| format!("{i}\n").into_bytes())
        .collect()
}

const RUN_SH: &[u8] = b"#!/bin/sh\necho run\n";

/// The central headers of `data`, as (position, length).
fn central_records(data: &[u8]) -> Vec<(usize, usize)> {
    let dir = Directory::read(data).unwrap();
    records::read_central_directory(data, &dir, usize::MAX)
        .unwrap()
        .headers
        .iter()
        .map(|h| {
            let len = records::CENTRAL_LEN + h.name.len() + h.extra.len() + h.comment.len();
            (h.position, len)
        })
        .collect()
}

fn put16(data: &mut [u8], at: usize, value: u16) {
    data[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn detects_by_magic_then_by_name() {
    let detect = |name: &str, data: &[u8]| {
        let data = Bytes::copy_from_slice(data);
        ZipAnalyzer.detect(Input { name, data: &data })
    };
    assert_eq!(detect("x", &fixture("infozip.zip")), Detection::ByMagic);
    assert_eq!(detect("x", &fixture("empty.zip")), Detection::ByMagic);
    assert_eq!(detect("dist/a.WHL", b"MZ"), Detection::ByName);
    assert_eq!(detect("a.epub", b""), Detection::ByName);
    assert_eq!(detect(".zip", b"PK"), Detection::No);
    // After other bytes, by its end record when its offsets count from this file's start
    // (adjusted, as zipapp and `zip -A` write them), whatever the name.
    assert_eq!(detect("a.tar", &fixture("prefix.zip")), Detection::ByMagic);
    assert_eq!(
        detect("a.jar", &fixture("prefix-unadjusted.zip")),
        Detection::ByName
    );
    assert_eq!(
        detect("a.tar", &fixture("prefix-unadjusted.zip")),
        Detection::No
    );
}

/// A zipapp, as `python -m zipapp -p '/usr/bin/env python3'` writes it: a `#!` line, then an
/// archive whose offsets count from the start of the file.
#[test]
fn an_archive_after_a_shebang_line_is_a_zip() {
    let mut pyz = b"#!/usr/bin/env python3\n".to_vec();
    let stub_len = pyz.len();
    pyz.extend(fixture("infozip.zip"));
    // Shift every offset by the shebang's length, as zipapp's writer records them.
    let eocd = pyz.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let cd_offset = u32::from_le_bytes(pyz[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let cd_size = u32::from_le_bytes(pyz[eocd + 12..eocd + 16].try_into().unwrap()) as usize;
    let new_cd = (cd_offset + stub_len) as u32;
    pyz[eocd + 16..eocd + 20].copy_from_slice(&new_cd.to_le_bytes());
    let mut at = cd_offset + stub_len;
    while at < cd_offset + stub_len + cd_size {
        let local = u32::from_le_bytes(pyz[at + 42..at + 46].try_into().unwrap());
        pyz[at + 42..at + 46].copy_from_slice(&(local + stub_len as u32).to_le_bytes());
        let lens =
            |o: usize| u16::from_le_bytes(pyz[at + o..at + o + 2].try_into().unwrap()) as usize;
        at += 46 + lens(28) + lens(30) + lens(32);
    }
    let data = Bytes::from(pyz);
    let input = Input {
        name: "app.pyz",
        data: &data,
    };
    assert_eq!(ZipAnalyzer.detect(input), Detection::ByMagic);
    assert_eq!(crate::registry::detect(input).format(), "zip");
    let node = ZipAnalyzer.analyze(input, &Limits::default()).unwrap();
    let node = node.complete();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.members[0].name, PREFIX_MEMBER);
    // The same archive as the last member of a tar is not taken for the whole.
    let mut tar = vec![0u8; 1024];
    tar.extend(fixture("infozip.zip"));
    tar.extend(vec![0u8; 1024]);
    let data = Bytes::from(tar);
    let input = Input {
        name: "x.tar",
        data: &data,
    };
    assert_eq!(ZipAnalyzer.detect(input), Detection::No);
    assert_eq!(ZipAnalyzer.format(), "zip");
}

#[test]
fn reads_an_info_zip_archive_with_its_extra_fields() {
    let node = analyze_fixture("infozip.zip");
    assert_eq!(node.format, "zip");
    assert_eq!(node.order, MemberOrder::Significant);
    assert!(matches!(node.content, Content::None));
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(
        names(&node),
        [
            "tree/",
            "tree/hello.txt",
            "tree/run.sh",
            "tree/sub/",
            "tree/sub/numbers.txt"
        ]
    );
    assert!(matches!(member(&node, "tree/").data, MemberData::None));
    assert!(matches!(member(&node, "tree/sub/").data, MemberData::None));
    assert_eq!(bytes(member(&node, "tree/hello.txt")), hello_txt());
    assert_eq!(bytes(member(&node, "tree/run.sh")), RUN_SH);
    assert_eq!(bytes(member(&node, "tree/sub/numbers.txt")), numbers_txt());

    let hello = &member(&node, "tree/hello.txt").fields;
    assert_eq!(get(hello, "zip.mtime").value, dos(T1));
    assert_eq!(
        get(hello, "zip.mtime").kind,
        FieldKind::Time(TimeRole::EntryModified)
    );
    check(
        hello,
        "zip.mtime",
        FieldKind::Time(TimeRole::EntryModified),
        "2021-03-04T05:06:08",
    );
    for (name, role) in [
        ("zip.ut-mtime", TimeRole::EntryModified),
        ("zip.local.ut-mtime", TimeRole::EntryModified),
        ("zip.local.ut-atime", TimeRole::EntryAccessed),
    ] {
        assert_eq!(get(hello, name).value, unix(T1), "{name}");
        assert_eq!(get(hello, name).kind, FieldKind::Time(role), "{name}");
    }
    // Info-ZIP stores no ctime, and atime only in the local header.
    assert!(find(hello, "zip.local.ut-ctime").is_none());
    assert!(find(hello, "zip.ut-atime").is_none());
    check(hello, "zip.uid", FieldKind::Owner, "1000");
    check(hello, "zip.gid", FieldKind::Owner, "1000");
    // The local ux field is the same as the central one: reported once.
    assert!(find(hello, "zip.local.uid").is_none());
    check(hello, "zip.unix-mode", FieldKind::Mode, "0o100644");
    check(hello, "zip.dos-attributes", FieldKind::Mode, "0x00000000");
    check(
        hello,
        "zip.version-made-by",
        FieldKind::ToolVersion,
        "3.0 on Unix (0x031e)",
    );
    check(
        hello,
        "zip.version-needed",
        FieldKind::Encoding,
        "2.0 (0x0014)",
    );
    check(hello, "zip.method", FieldKind::Encoding, "8 (deflate)");
    check(hello, "zip.flags", FieldKind::Encoding, "0x00000000");
    // Info-ZIP flags text files in the internal attributes.
    check(
        hello,
        "zip.internal-attributes",
        FieldKind::Encoding,
        "0x00000001",
    );
    let crc = format!("0x{:08x}", crc32fast::hash(&hello_txt()));
    check(
        hello,
        "zip.crc32",
        FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
        &crc,
    );
    check(
        hello,
        "zip.uncompressed-size",
        FieldKind::Derived(Derivation::size(Covers::Data).verified()),
        &hello_txt().len().to_string(),
    );
    check(
        hello,
        "zip.compressed-size",
        FieldKind::Derived(Derivation::size(Covers::EncodedData)),
        "73",
    );
    let stream = get(hello, "zip.compressed-stream");
    assert_eq!(stream.kind, FieldKind::Derived(Derivation::stream()));
    assert!(
        stream.value.to_string().starts_with("sha256:"),
        "{}",
        stream.value
    );
    let first_entry_len = {
        let data = fixture("infozip.zip");
        // The directory entry tree/ is stored and empty: its record is the local header only.
        30 + u16::from_le_bytes([data[26], data[27]]) as usize
            + u16::from_le_bytes([data[28], data[29]]) as usize
    };
    check(
        hello,
        "zip.local-header-offset",
        FieldKind::Derived(Derivation::offset()),
        &first_entry_len.to_string(),
    );
    assert!(find(hello, "zip.comment").is_none());
    assert!(find(hello, "zip.local-header-mismatch").is_none());
    assert!(!hello.iter().any(|f| f.name.contains("extra")), "{hello:?}");

    let dir = &member(&node, "tree/").fields;
    check(dir, "zip.unix-mode", FieldKind::Mode, "0o40755");
    check(dir, "zip.dos-attributes", FieldKind::Mode, "0x00000010");
    check(dir, "zip.method", FieldKind::Encoding, "0 (stored)");
    check(
        dir,
        "zip.version-needed",
        FieldKind::Encoding,
        "1.0 (0x000a)",
    );
    check(
        dir,
        "zip.local-header-offset",
        FieldKind::Derived(Derivation::offset()),
        "0",
    );
    check(
        &member(&node, "tree/run.sh").fields,
        "zip.unix-mode",
        FieldKind::Mode,
        "0o100755",
    );
    check(
        &member(&node, "tree/sub/numbers.txt").fields,
        "zip.unix-mode",
        FieldKind::Mode,
        "0o100600",
    );

    let data = fixture("infozip.zip");
    let cd_size = crate::byte_reader::u32_le_at(&data, data.len() - 10).unwrap();
    let cd_offset = crate::byte_reader::u32_le_at(&data, data.len() - 6).unwrap();
    check(
        &node.fields,
        "zip.central-directory-offset",
        FieldKind::Derived(Derivation::offset()),
        &cd_offset.to_string(),
    );
    check(
        &node.fields,
        "zip.central-directory-size",
        FieldKind::Derived(Derivation::offset()),
        &cd_size.to_string(),
    );
    for absent in [
        "zip.archive-comment",
        "zip.local-order",
        "zip.zip64",
        "zip.prefix-size",
    ] {
        assert!(find(&node.fields, absent).is_none(), "{absent}");
    }
}

#[test]
fn without_extra_fields_there_are_no_extended_times_or_owners() {
    let node = analyze_fixture("infozip-X.zip");
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    for m in &node.members {
        for f in &m.fields {
            assert!(
                !f.name.contains("ut-") && !f.name.contains("extra") && f.kind != FieldKind::Owner,
                "{}: {f:?}",
                m.name
            );
        }
        assert!(find(&m.fields, "zip.mtime").is_some());
    }
    assert_eq!(bytes(member(&node, "tree/hello.txt")), hello_txt());
}

#[test]
fn two_mtimes_differ_only_in_time_fields() {
    let a = analyze_fixture("infozip.zip");
    let b = analyze_fixture("infozip-later.zip");
    assert_eq!(a.fields, b.fields);
    assert_eq!(names(&a), names(&b));
    let mut differing = 0;
    for (ma, mb) in a.members.iter().zip(&b.members) {
        let fields_a: Vec<_> = ma.fields.iter().map(|f| (&f.name, f.kind)).collect();
        let fields_b: Vec<_> = mb.fields.iter().map(|f| (&f.name, f.kind)).collect();
        assert_eq!(fields_a, fields_b, "{}", ma.name);
        for (fa, fb) in ma.fields.iter().zip(&mb.fields) {
            if fa.value != fb.value {
                assert!(
                    matches!(fa.kind, FieldKind::Time(_)),
                    "{}: {fa:?} vs {fb:?}",
                    ma.name
                );
                differing += 1;
            }
        }
        match (
            &resolved(ma, &Limits::default()),
            &resolved(mb, &Limits::default()),
        ) {
            (MemberData::Bytes(x), MemberData::Bytes(y)) => assert_eq!(x, y),
            (MemberData::None, MemberData::None) => {}
            other => panic!("{other:?}"),
        }
    }
    // zip.mtime, zip.ut-mtime, zip.local.ut-mtime, zip.local.ut-atime for five entries.
    assert_eq!(differing, 20);
    let later = get(&b.members[1].fields, "zip.local.ut-atime");
    assert_eq!(later.value, unix(T2));
}

#[test]
fn entry_and_archive_comments_are_text() {
    let node = analyze_fixture("comments.zip");
    check(
        &node.fields,
        "zip.archive-comment",
        FieldKind::Text,
        "the archive comment",
    );
    check(
        &member(&node, "tree/hello.txt").fields,
        "zip.comment",
        FieldKind::Text,
        "an entry comment",
    );
    assert!(node.notes.is_empty(), "{:?}", node.notes);
}

#[test]
fn stored_entries_are_the_bytes_themselves() {
    let node = analyze_fixture("stored.zip");
    let hello = member(&node, "tree/hello.txt");
    check(
        &hello.fields,
        "zip.method",
        FieldKind::Encoding,
        "0 (stored)",
    );
    assert_eq!(
        get(&hello.fields, "zip.compressed-size").value,
        get(&hello.fields, "zip.uncompressed-size").value
    );
    assert_eq!(bytes(hello), hello_txt());
    assert_eq!(bytes(member(&node, "tree/run.sh")), RUN_SH);
}

#[test]
fn the_deflate_level_shows_in_the_flags() {
    let fast = analyze_fixture("fast.zip");
    let normal = analyze_fixture("infozip-X.zip");
    let flags = |node: &Node| {
        get(&member(node, "tree/hello.txt").fields, "zip.flags")
            .value
            .clone()
    };
    // Bits 1-2 = 10: fast.
    assert_eq!(flags(&fast), Value::Hex(0x4));
    assert_eq!(flags(&normal), Value::Hex(0));
    assert_eq!(bytes(member(&fast, "tree/hello.txt")), hello_txt());
}

#[test]
fn zip64_records_and_extra_fields_are_read() {
    let node = analyze_fixture("zip64.zip");
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let zip64 = get(&node.fields, "zip.zip64");
    assert_eq!(zip64.kind, FieldKind::ContainerVariant);
    assert!(
        zip64.value.to_string().contains("3.0 on Unix"),
        "{}",
        zip64.value
    );
    let hello = member(&node, "tree/hello.txt");
    check(
        &hello.fields,
        "zip.uncompressed-size",
        FieldKind::Derived(Derivation::size(Covers::Data).verified()),
        &hello_txt().len().to_string(),
    );
    check(
        &hello.fields,
        "zip.version-needed",
        FieldKind::Encoding,
        "4.5 (0x002d)",
    );
    assert!(!hello.fields.iter().any(|f| f.name.contains("0x0001")));
    assert_eq!(bytes(hello), hello_txt());
    assert_eq!(bytes(member(&node, "tree/run.sh")), RUN_SH);
}

#[test]
fn data_descriptors_are_followed() {
    let node = analyze_fixture("streamed.zip");
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    for m in &node.members {
        // Bit 3 is a field of its own, a container variant, and not among the encoding flags.
        let flags = &get(&m.fields, "zip.flags").value;
        assert!(matches!(flags, Value::Hex(f) if f & 0x8 == 0), "{flags}");
        assert_eq!(
            get(&m.fields, "zip.data-descriptor").kind,
            FieldKind::ContainerVariant
        );
        assert!(find(&m.fields, "zip.local-header-mismatch").is_none());
    }
    assert_eq!(bytes(member(&node, "tree/hello.txt")), hello_txt());
    assert_eq!(bytes(member(&node, "tree/run.sh")), RUN_SH);
}

#[test]
fn a_prefix_becomes_the_first_member() {
    for (fixture_name, first_offset) in [("prefix.zip", STUB.len()), ("prefix-unadjusted.zip", 0)] {
        let node = analyze_fixture(fixture_name);
        assert_eq!(node.members[0].name, PREFIX_MEMBER, "{fixture_name}");
        assert_eq!(bytes(&node.members[0]), STUB);
        assert!(node.members[0].fields.is_empty());
        check(
            &node.fields,
            "zip.prefix-size",
            FieldKind::Derived(Derivation::offset()),
            &STUB.len().to_string(),
        );
        let first = member(&node, "tree/");
        check(
            &first.fields,
            "zip.local-header-offset",
            FieldKind::Derived(Derivation::offset()),
            &first_offset.to_string(),
        );
        assert_eq!(bytes(member(&node, "tree/hello.txt")), hello_txt());
        assert_eq!(bytes(member(&node, "tree/sub/numbers.txt")), numbers_txt());
        assert_eq!(node.members.len(), 6);
    }
    assert!(analyze_fixture("prefix.zip").notes.is_empty());
    let unadjusted = analyze_fixture("prefix-unadjusted.zip");
    assert!(
        unadjusted
            .notes
            .iter()
            .any(|n| n.contains("relative to byte 37")),
        "{:?}",
        unadjusted.notes
    );
}

#[test]
fn reads_python_zipfile_methods_names_and_extra_fields() {
    let node = analyze_fixture("python.zip");
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let text: Vec<u8> = (0..40)
        .flat_map(|i| format!("python line {i}\n").into_bytes())
        .collect();
    let deflated = member(&node, "py/deflated.txt");
    assert_eq!(bytes(deflated), text);
    check(
        &deflated.fields,
        "zip.comment",
        FieldKind::Text,
        "python entry comment",
    );
    // 2020-01-02T03:04:06 as a DOS wall clock.
    assert_eq!(get(&deflated.fields, "zip.mtime").value, dos(1_577_934_246));
    check(
        &deflated.fields,
        "zip.version-made-by",
        FieldKind::ToolVersion,
        "2.0 on Unix (0x0314)",
    );
    // Python's zipfile leaves the deflate level bits clear, whatever the level.
    check(
        &deflated.fields,
        "zip.flags",
        FieldKind::Encoding,
        "0x00000000",
    );
    let stored = member(&node, "py/stored.bin");
    assert_eq!(bytes(stored), (0..64).collect::<Vec<u8>>());
    let bzip2 = member(&node, "py/bzip2.txt");
    check(
        &bzip2.fields,
        "zip.method",
        FieldKind::Encoding,
        "12 (bzip2)",
    );
    assert_eq!(bytes(bzip2), text);
    let lzma = member(&node, "py/lzma.txt");
    check(&lzma.fields, "zip.method", FieldKind::Encoding, "14 (lzma)");
    assert_eq!(bytes(lzma), text);

    let unicode = member(&node, "py/h\u{e9}llo.txt");
    assert_eq!(&bytes(unicode)[..], b"unicode name\n");
    // Python marks a name that is not ASCII as UTF-8 (bit 11): a container variant of its own,
    // not an encoding flag of the data; an ASCII name is left unmarked.
    check(
        &unicode.fields,
        "zip.flags",
        FieldKind::Encoding,
        "0x00000000",
    );
    assert_eq!(
        get(&unicode.fields, "zip.utf8-name").kind,
        FieldKind::ContainerVariant
    );
    assert!(find(&deflated.fields, "zip.utf8-name").is_none());
    assert!(find(&deflated.fields, "zip.data-descriptor").is_none());

    let extras = &member(&node, "py/extras.txt").fields;
    assert_eq!(
        get(extras, "zip.ntfs-mtime").value,
        Value::Time(Timestamp {
            unix_seconds: 1_600_000_000,
            nanos: 123_456_700,
            encoding: TimeEncoding::Unix
        })
    );
    assert_eq!(get(extras, "zip.ntfs-atime").value, unix(1_600_000_100));
    assert_eq!(get(extras, "zip.ntfs-ctime").value, unix(1_500_000_000));
    assert_eq!(
        get(extras, "zip.ntfs-ctime").kind,
        FieldKind::Time(TimeRole::EntryAccessed)
    );
    check(extras, "zip.uid", FieldKind::Owner, "1234");
    check(extras, "zip.gid", FieldKind::Owner, "5678");
    check(extras, "zip.extra.0xcafe", FieldKind::Opaque, "010203");
    check(
        extras,
        "zip.local.extra.0xcafe",
        FieldKind::Opaque,
        "010203",
    );
    // Python writes the same extra field in both headers: the known ones are reported once.
    assert!(find(extras, "zip.local.ntfs-mtime").is_none());
    assert!(find(extras, "zip.local.uid").is_none());

    let dir = member(&node, "py/dir/");
    assert!(matches!(dir.data, MemberData::None));
    check(&dir.fields, "zip.unix-mode", FieldKind::Mode, "0o40755");
    check(
        &dir.fields,
        "zip.dos-attributes",
        FieldKind::Mode,
        "0x00000010",
    );
}

#[test]
fn duplicate_names_stay_separate_members() {
    let node = analyze_fixture("duplicates.zip");
    assert_eq!(names(&node), ["dup.txt", "other.txt", "dup.txt"]);
    assert_eq!(&bytes(&node.members[0])[..], b"the first copy\n");
    assert_eq!(&bytes(&node.members[1])[..], b"other\n");
    assert_eq!(&bytes(&node.members[2])[..], b"the second copy, longer\n");
}

#[test]
fn an_empty_archive_has_no_members() {
    let node = analyze_fixture("empty.zip");
    assert!(node.members.is_empty());
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    check(
        &node.fields,
        "zip.central-directory-size",
        FieldKind::Derived(Derivation::offset()),
        "0",
    );
}

#[test]
fn local_order_is_reported_when_it_differs_from_the_central_order() {
    let mut data = fixture("infozip-X.zip");
    let records = central_records(&data);
    let start = records[0].0;
    let end = records.last().map(|&(p, l)| p + l).unwrap();
    // Move the last central header first.
    let mut reordered = data[records[4].0..records[4].0 + records[4].1].to_vec();
    for &(p, l) in &records[..4] {
        reordered.extend_from_slice(&data[p..p + l]);
    }
    data[start..end].copy_from_slice(&reordered);
    let node = analyze(data);
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.members[0].name, "tree/sub/numbers.txt");
    check(
        &node.fields,
        "zip.local-order",
        FieldKind::Order(Ordered::Members),
        "tree/\ntree/hello.txt\ntree/run.sh\ntree/sub/\ntree/sub/numbers.txt",
    );
    assert_eq!(bytes(&node.members[0]), numbers_txt());
}

#[test]
fn a_local_header_that_disagrees_is_reported() {
    let mut data = fixture("infozip-X.zip");
    let node = analyze(data.clone());
    let offset = match get(
        &member(&node, "tree/hello.txt").fields,
        "zip.local-header-offset",
    )
    .value
    {
        Value::Int(o) => o as usize,
        ref other => panic!("{other:?}"),
    };
    data[offset + 14] ^= 0xff; // CRC-32
    data[offset + 30] = b'T'; // first byte of the name
    let node = analyze(data);
    let hello = member(&node, "tree/hello.txt");
    let mismatch = get(&hello.fields, "zip.local-header-mismatch");
    assert_eq!(mismatch.kind, FieldKind::Opaque);
    let text = mismatch.value.to_string();
    assert!(text.contains("crc32") && text.contains("name"), "{text}");
    assert!(
        node.notes.iter().any(|n| n.contains("tree/hello.txt")),
        "{:?}",
        node.notes
    );
}

#[test]
fn encrypted_entries_are_unreadable() {
    let mut data = fixture("stored.zip");
    let records = central_records(&data);
    let (position, _) = records[0];
    data[position + 8] |= 1;
    data[6] |= 1;
    let node = analyze(data);
    match &member(&node, "tree/hello.txt").data {
        MemberData::Unreadable(why) => assert_eq!(why, "encrypted"),
        other => panic!("{other:?}"),
    }
    assert_eq!(bytes(member(&node, "tree/run.sh")), RUN_SH);
}

#[test]
fn a_corrupt_entry_is_unreadable_and_the_rest_goes_on() {
    let mut data = fixture("infozip-X.zip");
    let node = analyze(data.clone());
    let hello = &member(&node, "tree/hello.txt").fields;
    let offset = match get(hello, "zip.local-header-offset").value {
        Value::Int(o) => o as usize,
        ref other => panic!("{other:?}"),
    };
    let data_start = offset + 30 + "tree/hello.txt".len();
    for byte in &mut data[data_start..data_start + 20] {
        *byte = 0xff;
    }
    let node = analyze(data);
    assert!(matches!(
        resolved(member(&node, "tree/hello.txt"), &Limits::default()),
        MemberData::Unreadable(_)
    ));
    assert_eq!(bytes(member(&node, "tree/sub/numbers.txt")), numbers_txt());
}

#[test]
fn the_member_size_cap_stops_a_deflate_bomb() {
    let limits = Limits {
        max_member_size: 1000,
        ..Limits::default()
    };
    let node = analyze_with(fixture("bomb.zip"), &limits).unwrap();
    match resolved(member(&node, "zeros.bin"), &limits) {
        MemberData::Unreadable(why) => assert!(why.contains("more than 1000 bytes"), "{why}"),
        other => panic!("{other:?}"),
    }
    let node = analyze_fixture("bomb.zip");
    assert_eq!(bytes(member(&node, "zeros.bin")).len(), 1 << 20);
}

#[test]
fn the_member_limit_stops_with_a_note() {
    let limits = Limits {
        max_members: 2,
        ..Limits::default()
    };
    let node = analyze_with(fixture("infozip.zip"), &limits).unwrap();
    assert_eq!(names(&node), ["tree/", "tree/hello.txt"]);
    assert!(
        node.notes.iter().any(|n| n.contains("member limit")),
        "{:?}",
        node.notes
    );
}

#[test]
fn not_a_zip_is_an_error() {
    for data in [
        Vec::new(),
        b"PK\x03\x04".to_vec(),
        b"hello world, this is not an archive at all".to_vec(),
    ] {
        let err = analyze_with(data, &Limits::default()).unwrap_err();
        assert!(err.to_string().starts_with("malformed zip"), "{err}");
    }
}

#[test]
fn a_central_directory_out_of_bounds_is_an_error() {
    let original = fixture("infozip.zip");
    let eocd = original.len() - 22;
    let mut data = original.clone();
    data[eocd + 16..eocd + 20].copy_from_slice(&0x7fff_0000u32.to_le_bytes());
    data[eocd + 12..eocd + 16].copy_from_slice(&0x10u32.to_le_bytes());
    assert!(analyze_with(data, &Limits::default()).is_err());
    let mut data = original;
    data[eocd + 12..eocd + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(analyze_with(data, &Limits::default()).is_err());
}

#[test]
fn a_count_of_65535_without_entries_is_an_error() {
    let mut data = fixture("empty.zip");
    put16(&mut data, 8, 0xffff);
    put16(&mut data, 10, 0xffff);
    let err = analyze_with(data, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("65535"), "{err}");
}

#[test]
fn an_extra_field_running_past_its_end_is_a_note() {
    let mut data = fixture("infozip.zip");
    let (position, _) = central_records(&data)[1];
    let name_len = usize::from(crate::byte_reader::u16_le_at(&data, position + 28).unwrap());
    let extra_start = position + 46 + name_len;
    put16(&mut data, extra_start + 2, 0xfff0);
    let node = analyze(data);
    assert!(
        node.notes.iter().any(|n| n.contains("not a whole block")),
        "{:?}",
        node.notes
    );
    let hello = member(&node, "tree/hello.txt");
    assert_eq!(
        get(&hello.fields, "zip.extra.trailing").kind,
        FieldKind::Opaque
    );
    assert_eq!(bytes(hello), hello_txt());
}

#[test]
fn bytes_after_the_archive_are_a_note() {
    let mut data = fixture("infozip-X.zip");
    data.extend_from_slice(b"trailing garbage");
    let node = analyze(data);
    assert!(
        node.notes.iter().any(|n| n.contains("16 bytes after")),
        "{:?}",
        node.notes
    );
    assert_eq!(node.members.len(), 5);
}

#[test]
fn truncated_inputs_are_errors_or_notes_never_panics() {
    for name in FIXTURES {
        let data = fixture(name);
        for len in 0..data.len() {
            match analyze_with(data[..len].to_vec(), &Limits::default()) {
                Err(_) => {}
                Ok(node) => assert!(
                    !node.notes.is_empty(),
                    "{name} cut at {len} reads without a note"
                ),
            }
        }
    }
}

#[test]
fn flipped_bytes_never_panic() {
    for name in [
        "infozip.zip",
        "zip64.zip",
        "streamed.zip",
        "python.zip",
        "comments.zip",
    ] {
        let data = fixture(name);
        for at in 0..data.len() {
            for mask in [0xff, 0x01, 0x80] {
                let mut corrupt = data.clone();
                corrupt[at] ^= mask;
                let _ = analyze_with(corrupt, &Limits::default());
            }
        }
    }
}

#[test]
fn dos_times_decode_or_stay_raw() {
    // 2021-03-04 05:06:08.
    let date = (41 << 9) | (3 << 5) | 4;
    let time = (5 << 11) | (6 << 5) | 4;
    assert_eq!(dos_time(date, time), dos(T1));
    assert_eq!(dos_time(0, 0), Value::Hex(0));
    // February 30th, hour 25, second 60.
    assert!(matches!(
        dos_time((41 << 9) | (2 << 5) | 30, 0),
        Value::Hex(_)
    ));
    assert!(matches!(
        dos_time((41 << 9) | (2 << 5) | 1, 25 << 11),
        Value::Hex(_)
    ));
    assert!(matches!(
        dos_time((41 << 9) | (2 << 5) | 1, 30),
        Value::Hex(_)
    ));
    assert_eq!(
        dos_time(0xffff, 0xffff),
        Value::Hex(0xffff_ffff),
        "month 15"
    );
}

#[test]
fn names_decode_as_utf8_or_cp437() {
    assert_eq!(CP437_HIGH.chars().count(), 128);
    assert_eq!(decode_text(b"caf\xc3\xa9", false), "caf\u{e9}");
    assert_eq!(decode_text(b"caf\x82", false), "caf\u{e9}");
    assert_eq!(decode_text(b"\xff", false), "\u{a0}");
    assert_eq!(decode_text(b"caf\x82", true), "caf\u{fffd}");
}

#[test]
fn entry_names_keep_every_byte() {
    let original = fixture("infozip-X.zip");
    let node = analyze(original.clone());
    let local = match get(
        &member(&node, "tree/hello.txt").fields,
        "zip.local-header-offset",
    )
    .value
    {
        Value::Int(o) => o as usize,
        ref other => panic!("{other:?}"),
    };
    let central = central_records(&original)
        .into_iter()
        .map(|(position, _)| position + records::CENTRAL_LEN)
        .find(|&name| original[name..].starts_with(b"tree/hello.txt"))
        .expect("the central header of tree/hello.txt");
    // The `h` of `hello` as Latin-1 `é`, then as CP437 `é`: neither is read as text, so neither
    // can become the name of another entry spelled `é` in UTF-8.
    for (byte, spelled) in [(0xe9, "tree/\\xE9ello.txt"), (0x82, "tree/\\x82ello.txt")] {
        let mut data = original.clone();
        data[local + 30 + 5] = byte;
        data[central + 5] = byte;
        let node = analyze(data);
        assert!(names(&node).contains(&spelled), "{:?}", names(&node));
        assert!(
            node.notes.iter().all(|n| !n.contains("disagrees")),
            "{:?}",
            node.notes
        );
    }
}

#[test]
fn versions_and_methods_render_readably() {
    assert_eq!(version_made_by(0x031e), "3.0 on Unix (0x031e)");
    assert_eq!(version_made_by(0x0a3f), "6.3 on Windows NTFS (0x0a3f)");
    assert_eq!(version_made_by(0xff14), "2.0 on an unknown host (0xff14)");
    assert_eq!(version_needed(0x0014), "2.0 (0x0014)");
    assert_eq!(method_name(0), "0 (stored)");
    assert_eq!(method_name(8), "8 (deflate)");
    assert_eq!(method_name(93), "93 (zstd)");
    assert_eq!(method_name(1234), "1234 (unknown)");
}

#[test]
fn bytes_between_records_and_overlapping_records_are_notes() {
    let original = fixture("infozip-X.zip");
    let eocd = original.len() - 22;
    let cd_offset = crate::byte_reader::u32_le_at(&original, eocd + 16).unwrap() as usize;
    let mut data = original[..cd_offset].to_vec();
    data.extend_from_slice(b"12345");
    data.extend_from_slice(&original[cd_offset..]);
    let eocd = data.len() - 22;
    data[eocd + 16..eocd + 20].copy_from_slice(&(cd_offset as u32 + 5).to_le_bytes());
    let node = analyze(data.clone());
    assert!(
        node.notes
            .iter()
            .any(|n| n == &format!("5 bytes at offset {cd_offset} are not part of any zip record")),
        "{:?}",
        node.notes
    );
    assert_eq!(node.members.len(), 5);

    // Point the second entry at the first one's local header.
    let (second, _) = central_records(&data)[1];
    data[second + 42..second + 46].copy_from_slice(&0u32.to_le_bytes());
    let node = analyze(data);
    assert!(
        node.notes.iter().any(|n| n.starts_with("records overlap")),
        "{:?}",
        node.notes
    );
    let hello = member(&node, "tree/hello.txt");
    let mismatch = get(&hello.fields, "zip.local-header-mismatch")
        .value
        .to_string();
    assert!(mismatch.contains("name: local \"tree/\""), "{mismatch}");
}

/// Rewrites the DOS time and date of every central and local header of a well-formed archive.
fn with_other_times(mut data: Vec<u8>) -> Vec<u8> {
    let dir = Directory::read(&data).unwrap();
    let central = records::read_central_directory(&data, &dir, 1 << 20).unwrap();
    let places: Vec<(usize, usize)> = central
        .headers
        .iter()
        .map(|h| (h.position, dir.position(h.local_offset).unwrap()))
        .collect();
    for (central, local) in places {
        for at in [central + 12, local + 10] {
            data[at] ^= 0x21;
            data[at + 2] ^= 0x02;
        }
    }
    data
}

#[test]
fn deferred_record_fields_follow_the_records_bytes() {
    // Python's zipfile writes no extra fields: every entry defers all but its time.
    let original = fixture("python.zip");
    let deferred = analyze_deferred(original.clone(), &Limits::default()).unwrap();
    let plain: Vec<&Member> = deferred
        .members
        .iter()
        .filter(|m| m.deferred.is_some())
        .collect();
    assert!(!plain.is_empty());
    for member in &plain {
        let names: Vec<&str> = member.fields.iter().map(|f| f.name.as_ref()).collect();
        assert_eq!(names, ["zip.mtime"], "{}", member.name);
    }
    // Other times: equal keys, and once computed, equal fields but for zip.mtime.
    let retimed = with_other_times(original.clone());
    let other = analyze_deferred(retimed.clone(), &Limits::default()).unwrap();
    for (a, b) in deferred.members.iter().zip(&other.members) {
        assert_eq!(
            a.deferred.as_ref().map(|d| &d.key),
            b.deferred.as_ref().map(|d| &d.key),
            "{}",
            a.name
        );
        assert_ne!(a.fields, b.fields, "{}: the time must differ", a.name);
        let (a, b) = (a.all_fields(), b.all_fields());
        let rest = |fields: &[Field]| -> Vec<Field> {
            fields
                .iter()
                .filter(|f| f.name != "zip.mtime")
                .cloned()
                .collect()
        };
        assert_eq!(rest(&a), rest(&b));
    }
    // The computed fields are those an eager read gives.
    let completed = deferred.complete();
    let mut eager_names: Vec<&str> = completed.members[0]
        .fields
        .iter()
        .map(|f| f.name.as_ref())
        .collect();
    eager_names.sort_unstable();
    assert!(eager_names.contains(&"zip.crc32") && eager_names.contains(&"zip.unix-mode"));
    // One byte of one record's external attributes (its mode): that member's key only.
    let dir = Directory::read(&original).unwrap();
    let central = records::read_central_directory(&original, &dir, 1 << 20).unwrap();
    let mut moded = original.clone();
    moded[central.headers[1].position + 40] ^= 0x10;
    let changed = analyze_deferred(moded, &Limits::default()).unwrap();
    for (i, (a, b)) in deferred.members.iter().zip(&changed.members).enumerate() {
        let same = a.deferred.as_ref().map(|d| &d.key) == b.deferred.as_ref().map(|d| &d.key);
        assert_eq!(same, i != 1, "{}", a.name);
    }
}

#[test]
fn deferred_record_fields_leave_the_stream_to_the_data() {
    // A byte of one entry's compressed stream: its key is unchanged (the stream is the member's
    // encoded data, compared by the engine), but its fields are not known equal unless the
    // caller found the encoded bytes equal, and once computed the stream field differs.
    let original = fixture("python.zip");
    let dir = Directory::read(&original).unwrap();
    let central = records::read_central_directory(&original, &dir, 1 << 20).unwrap();
    let header = &central.headers[1];
    assert_ne!(header.compressed_size, 0);
    let local = records::read_local(&original, dir.position(header.local_offset).unwrap()).unwrap();
    let mut flipped = original.clone();
    flipped[local.data_start] ^= 0x01;
    let (a, b) = (
        analyze_deferred(original, &Limits::default()).unwrap(),
        analyze_deferred(flipped, &Limits::default()).unwrap(),
    );
    let mut checked = 0;
    for (i, (a, b)) in a.members.iter().zip(&b.members).enumerate() {
        // An entry with extra fields lists them all; a directory has no data to vouch.
        let (Some(da), Some(db)) = (&a.deferred, &b.deferred) else {
            continue;
        };
        let has_data = !a.name.ends_with('/');
        assert_eq!(da.with_encoded_data, has_data, "{}", a.name);
        assert_eq!(db.with_encoded_data, has_data, "{}", a.name);
        assert_eq!(da.key, db.key, "{}", a.name);
        let known = crate::deferred::fields_known_equal(a, b, false);
        assert_eq!(known, i != 1, "{}", a.name);
        assert!(crate::deferred::fields_known_equal(a, b, true));
        checked += 1;
    }
    assert_eq!(checked, 6);
    let stream = |member: &Member| -> Field {
        let fields = member.all_fields();
        find(&fields, "zip.compressed-stream").unwrap().clone()
    };
    assert_ne!(stream(&a.members[1]), stream(&b.members[1]));
    assert_eq!(stream(&a.members[0]), stream(&b.members[0]));
}

#[test]
fn zipalign_padding_is_a_container_variant_and_unknown_blocks_stay_raw_by_id() {
    // Python's zipfile writing zipalign's 0xd935 block (see make.sh): 4-byte alignment, 3 zeros.
    let node = analyze_fixture("alignment.zip");
    let aligned = &member(&node, "res/a.png").fields;
    check(
        aligned,
        "zip.extra.alignment",
        FieldKind::ContainerVariant,
        "4-byte alignment, 3 bytes of padding",
    );
    // The same block in the local header adds nothing; the raw id is not listed.
    assert!(find(aligned, "zip.local.extra.alignment").is_none());
    assert!(!aligned.iter().any(|f| f.name.contains("0xd935")));
    assert_eq!(&bytes(member(&node, "res/a.png"))[..], b"not a png\n");

    // An id nobody knows is still the raw bytes, content, named by the id.
    let unknown = &member(&node, "unknown.bin").fields;
    check(unknown, "zip.extra.0x4242", FieldKind::Opaque, "abcd");
    check(unknown, "zip.local.extra.0x4242", FieldKind::Opaque, "abcd");
    assert!(find(unknown, "zip.extra.alignment").is_none());

    // Another alignment or amount of padding is another value of the same field; padding that is
    // not zeros is no zipalign padding: kept raw, with a note.
    let mut other = fixture("alignment.zip");
    // The block is in both headers, as zipfile writes it.
    let blocks: Vec<usize> = other
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == [0x35, 0xd9, 5, 0])
        .map(|(at, _)| at)
        .collect();
    assert_eq!(blocks.len(), 2);
    for &at in &blocks {
        other[at + 4] = 8;
    }
    let node = analyze(other.clone());
    check(
        &member(&node, "res/a.png").fields,
        "zip.extra.alignment",
        FieldKind::ContainerVariant,
        "8-byte alignment, 3 bytes of padding",
    );
    for &at in &blocks {
        other[at + 7] = 1;
    }
    let node = analyze(other);
    let fields = &member(&node, "res/a.png").fields;
    assert!(find(fields, "zip.extra.alignment").is_none());
    check(fields, "zip.extra.0xd935", FieldKind::Opaque, "0800000100");
    assert!(
        node.notes.iter().any(|n| n.contains("0xd935")),
        "{:?}",
        node.notes
    );
}
