//! Tests on applications frozen by PyInstaller 6.11.1 (the corpus's `pyinstaller-*` pairs: a
//! one-dir Linux executable whose `pydata` section is the CArchive) and on archives made here
//! byte by byte for what the corpus does not show.

use bytes::Bytes;

use super::*;
use crate::test_support::{assert_no_byte_unseen, corpus, field, flip_stride, member};
use crate::{registry, AnalyzeError, Analyzer, Detection, Input, Node, Value};

const EXECUTABLE: &str = "pyinstaller-edit/a/app/main";

fn input(data: &Bytes) -> Input<'_> {
    Input {
        name: "pydata",
        data,
    }
}

/// The CArchive of a corpus executable: its `pydata` section.
fn carchive_bytes() -> Bytes {
    let elf = registry::analyze(
        Input {
            name: "main",
            data: &corpus(EXECUTABLE),
        },
        &Limits::default(),
    );
    assert_eq!(elf.format, "elf");
    match &member(&elf, "pydata").data {
        MemberData::Bytes(bytes) => bytes.clone(),
        other => panic!("pydata holds {other:?}"),
    }
}

fn carchive(data: &Bytes) -> Result<Node, AnalyzeError> {
    CArchiveAnalyzer.analyze(input(data), &Limits::default())
}

fn pyz(data: &Bytes) -> Result<Node, AnalyzeError> {
    PyzAnalyzer.analyze(input(data), &Limits::default())
}

/// A member's data, decoded.
fn decoded(node: &Node, name: &str) -> Bytes {
    match &member(node, name).data {
        MemberData::Bytes(bytes) => bytes.clone(),
        MemberData::Encoded(encoded) => encoded.decode(&Limits::default()).unwrap(),
        other => panic!("{name} holds {other:?}"),
    }
}

fn pyz_bytes() -> Bytes {
    decoded(&carchive(&carchive_bytes()).unwrap(), "PYZ-00.pyz")
}

#[test]
fn the_pydata_section_is_read_as_a_carchive() {
    let data = carchive_bytes();
    assert_eq!(CArchiveAnalyzer.detect(input(&data)), Detection::ByMagic);
    assert_eq!(
        registry::detect(input(&data)).format(),
        "pyinstaller-carchive"
    );
    let node = carchive(&data).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(
        field(&node.fields, "carchive.python").value,
        Value::Str("3.11".into())
    );
    assert_eq!(
        field(&node.fields, "carchive.python-library").value,
        Value::Str("libpython3.11.so.1.0".into())
    );
    let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
    for expected in [
        "pyimod01_archive",
        "pyiboot01_bootstrap",
        "main",
        "PYZ-00.pyz",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let option = member(&node, "pyi-contents-directory _internal");
    assert!(matches!(option.data, MemberData::None));
    assert_eq!(
        field(&option.fields, "carchive.type").value,
        Value::Str("o (runtime option)".into())
    );
}

#[test]
fn modules_decode_to_a_pyc_the_pyc_reader_reads() {
    let node = carchive(&carchive_bytes()).unwrap();
    let script = decoded(&node, "main");
    let read = registry::analyze(input(&script), &Limits::default());
    assert!(
        read.deferred.is_some(),
        "the code objects wait for the engine"
    );
    let read = read.complete();
    assert_eq!(read.format, "pyc");
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_eq!(
        field(&read.fields, "pyc.magic").value,
        Value::Str("3.11 (3495)".into())
    );
    assert!(read.members.iter().any(|m| m.name == "<module>"));
}

#[test]
fn the_pyz_lists_every_module_with_its_type() {
    let data = pyz_bytes();
    assert_eq!(registry::detect(input(&data)).format(), "pyinstaller-pyz");
    let node = pyz(&data).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(
        field(&node.fields, "pyz.magic").value,
        Value::Str("3.11 (3495)".into())
    );
    let app = member(&node, "app");
    assert_eq!(
        field(&app.fields, "pyz.type").value,
        Value::Str("1 (package)".into())
    );
    let settings = decoded(&node, "app.settings");
    let read = registry::analyze(input(&settings), &Limits::default());
    assert_eq!(read.format, "pyc");
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    // A bundled dependency's module is there too, a module, not a package.
    assert_eq!(
        field(&member(&node, "six").fields, "pyz.type").value,
        Value::Str("0 (module)".into())
    );
}

/// Every byte of the archives is a field or a member's byte: every byte of the CArchive's table
/// of contents and cookie and of the PYZ's header, every 13th of the PYZ's table, and a sample of
/// the members' data (`WHYDIFF_FLIP_STRIDE=1`: every byte, in a release build).
#[test]
fn no_byte_goes_unseen() {
    let stride = flip_stride(4099);
    let fine = flip_stride(13);
    let archive = carchive_bytes();
    let toc_start =
        usize::try_from(crate::byte_reader::u32_be_at(&archive, archive.len() - 76).unwrap())
            .unwrap();
    let offsets = (0..archive.len())
        .step_by(stride)
        .chain(toc_start..archive.len());
    assert_no_byte_unseen("carchive", &archive, offsets, carchive);
    let modules = pyz_bytes();
    let toc_start = usize::try_from(crate::byte_reader::u32_be_at(&modules, 8).unwrap()).unwrap();
    let offsets = (0..17)
        .chain((0..modules.len()).step_by(stride))
        .chain((toc_start..modules.len()).step_by(fine));
    assert_no_byte_unseen("pyz", &modules, offsets, pyz);
}

#[test]
fn truncated_and_corrupted_archives_never_panic() {
    for data in [carchive_bytes(), pyz_bytes()] {
        let tail = data.len().saturating_sub(200)..data.len();
        for len in (0..data.len()).step_by(8191).chain(tail).chain(0..64) {
            let cut = data.slice(..len);
            let node = registry::analyze(input(&cut), &Limits::default());
            let _ = (carchive(&cut), pyz(&cut));
            assert!(!node.format.is_empty());
        }
        for at in (0..data.len())
            .step_by(4999)
            .chain(data.len() - 88..data.len())
        {
            let mut flipped = data.to_vec();
            flipped[at] ^= 0x80;
            let flipped = Bytes::from(flipped);
            let node = registry::analyze(input(&flipped), &Limits::default());
            // Members decode lazily: decoding each must fail cleanly, never panic.
            for member in &node.members {
                if let MemberData::Encoded(encoded) = &member.data {
                    let _ = encoded.decode(&Limits::default());
                }
            }
        }
    }
}

/// A CArchive as PyInstaller writes one: entries' data, the TOC, the cookie.
fn make_carchive(prefix: &[u8], entries: &[(&str, u8, bool, &[u8])], pyvers: u32) -> Bytes {
    let mut body = Vec::new();
    let mut toc = Vec::new();
    for (name, code, compress, data) in entries {
        let stored = if *compress {
            use std::io::Write;
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        } else {
            data.to_vec()
        };
        let mut padded = name.as_bytes().to_vec();
        padded.push(0);
        while (18 + padded.len()) % 16 != 0 {
            padded.push(0);
        }
        toc.extend_from_slice(&(18 + padded.len() as u32).to_be_bytes());
        toc.extend_from_slice(&(body.len() as u32).to_be_bytes());
        toc.extend_from_slice(&(stored.len() as u32).to_be_bytes());
        toc.extend_from_slice(&(data.len() as u32).to_be_bytes());
        toc.push(u8::from(*compress));
        toc.push(*code);
        toc.extend_from_slice(&padded);
        body.extend_from_slice(&stored);
    }
    let toc_offset = body.len() as u32;
    body.extend_from_slice(&toc);
    let mut cookie = b"MEI\x0c\x0b\x0a\x0b\x0e".to_vec();
    cookie.extend_from_slice(&(body.len() as u32 + 88).to_be_bytes());
    cookie.extend_from_slice(&toc_offset.to_be_bytes());
    cookie.extend_from_slice(&(toc.len() as u32).to_be_bytes());
    cookie.extend_from_slice(&pyvers.to_be_bytes());
    let mut library = b"libpython3.12.so.1.0".to_vec();
    library.resize(64, 0);
    cookie.extend_from_slice(&library);
    let mut out = prefix.to_vec();
    out.extend_from_slice(&body);
    out.extend_from_slice(&cookie);
    Bytes::from(out)
}

#[test]
fn a_one_file_archive_holds_data_files_and_what_precedes_it_is_a_member() {
    let data = make_carchive(
        b"bootloader",
        &[
            (
                "six-1.16.0.dist-info/METADATA",
                b'x',
                true,
                b"Name: six\nVersion: 1.16.0\n",
            ),
            ("libz.so.1", b'b', false, b"\x7fELF not really"),
        ],
        312,
    );
    assert_eq!(
        registry::detect(input(&data)).format(),
        "pyinstaller-carchive"
    );
    let node = carchive(&data).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(
        field(&node.fields, "carchive.python").value,
        Value::Str("3.12".into())
    );
    assert_eq!(&decoded(&node, carchive::BEFORE_MEMBER)[..], b"bootloader");
    assert_eq!(
        &decoded(&node, "six-1.16.0.dist-info/METADATA")[..],
        b"Name: six\nVersion: 1.16.0\n"
    );
    assert_eq!(&decoded(&node, "libz.so.1")[..], b"\x7fELF not really");
}

#[test]
fn a_module_of_an_unknown_python_is_compared_as_bytes_with_a_note() {
    let data = make_carchive(b"", &[("main", b's', true, b"\xe3\0\0\0\0")], 399);
    let node = carchive(&data).unwrap();
    assert!(
        node.notes.iter().any(|n| n.contains("3.99")),
        "{:?}",
        node.notes
    );
    assert_eq!(&decoded(&node, "main")[..], b"\xe3\0\0\0\0");
    // PyInstaller 2 wrote 27 for Python 2.7: its modules get a 2.7 header.
    let old = make_carchive(b"", &[("main", b's', false, b"c\0\0\0\0")], 27);
    let node = carchive(&old).unwrap();
    assert_eq!(
        field(&node.fields, "carchive.python").value,
        Value::Str("2.7".into())
    );
    assert_eq!(decoded(&node, "main").len(), 8 + 5);
}

#[test]
fn a_lying_table_of_contents_is_an_error_or_an_unreadable_member() {
    let good = make_carchive(b"", &[("data.txt", b'x', true, b"hello")], 311);
    // The declared length of the data is wrong: decoding says so.
    let mut lying = good.to_vec();
    let record = lying.len() - 88 - 32;
    lying[record + 15] = 9;
    let node = carchive(&Bytes::from(lying)).unwrap();
    let MemberData::Encoded(encoded) = &member(&node, "data.txt").data else {
        panic!("not encoded");
    };
    assert!(encoded.decode(&Limits::default()).is_err());
    // A record length that does not fit is an error.
    let mut broken = good.to_vec();
    broken[record + 3] = 200;
    assert!(carchive(&Bytes::from(broken)).is_err());
    // An archive longer than the input is an error.
    let cut = good.slice(10..);
    assert!(carchive(&cut).is_err());
}

/// A Windows PyInstaller executable is the bootloader with the CArchive appended: the PE
/// analyzer makes it the `<overlay>` member, which reads as a CArchive.
#[test]
fn an_archive_appended_to_a_pe_image_is_its_overlay() {
    let mut exe = corpus("pe-timestamp/a/hello.exe").to_vec();
    exe.extend_from_slice(&carchive_bytes());
    let exe = Bytes::from(exe);
    let node = registry::analyze(
        Input {
            name: "app.exe",
            data: &exe,
        },
        &Limits::default(),
    );
    assert_eq!(node.format, "pe");
    let MemberData::Bytes(overlay) = &member(&node, crate::pe::OVERLAY_MEMBER).data else {
        panic!("the overlay holds no bytes");
    };
    let archive = registry::analyze(input(overlay), &Limits::default());
    assert_eq!(archive.format, "pyinstaller-carchive");
    assert!(archive.notes.is_empty(), "{:?}", archive.notes);
    assert!(archive.members.iter().any(|m| m.name == "PYZ-00.pyz"));
}
