//! Tests on images linked by mingw-w64 (the corpus's `pe-*` pairs).

use super::*;
use crate::test_support::{assert_no_byte_unseen, compared, corpus, flip_stride};
use crate::{registry, Timestamp};

fn analyze(name: &str, data: &Bytes) -> Result<Node, AnalyzeError> {
    PeAnalyzer.analyze(Input { name, data }, &Limits::default())
}

fn field<'a>(node: &'a Node, name: &str) -> &'a Field {
    node.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", node.fields))
}

#[test]
fn images_are_recognized_by_their_signature() {
    let exe = corpus("pe-timestamp/a/hello.exe");
    let input = Input {
        name: "hello.bin",
        data: &exe,
    };
    assert_eq!(PeAnalyzer.detect(input), Detection::ByMagic);
    assert_eq!(registry::detect(input).format(), "pe");
    let stub = Bytes::from_static(b"MZ but no PE header");
    let named = |name| Input { name, data: &stub };
    assert_eq!(PeAnalyzer.detect(named("a.exe")), Detection::ByName);
    assert_eq!(PeAnalyzer.detect(named("a.txt")), Detection::No);
}

#[test]
fn the_link_time_is_a_time_and_the_checksum_is_recomputed() {
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let node = analyze(
            "hello.exe",
            &corpus(&format!("pe-timestamp/{side}/hello.exe")),
        )
        .unwrap();
        let stamp = field(&node, "pe.time-date-stamp");
        assert_eq!(stamp.kind, FieldKind::Time(crate::TimeRole::Recorded));
        assert_eq!(stamp.value, Value::Time(Timestamp::unix(unix)));
        assert_eq!(
            field(&node, "pe.checksum").kind,
            FieldKind::Derived(Derivation::checksum(Covers::Whole).verified()),
            "ld wrote the checksum of the image"
        );
        assert_eq!(
            field(&node, "pe.linker-version").value,
            Value::Str("2.40".into())
        );
        assert_eq!(field(&node, "pe.magic").value, Value::Str("PE32+".into()));
        let names: Vec<&str> = node.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names[..3], [HEADERS_MEMBER, ".text", ".data"]);
        assert!(node.notes.is_empty(), "{:?}", node.notes);
    }
}

#[test]
fn two_links_differ_in_fields_only() {
    let a = analyze("hello.exe", &corpus("pe-timestamp/a/hello.exe")).unwrap();
    let b = analyze("hello.exe", &corpus("pe-timestamp/b/hello.exe")).unwrap();
    let (a, b) = (compared(&a), compared(&b));
    let differing: Vec<String> = a
        .iter()
        .filter(|x| !b.contains(x))
        .map(|x| String::from_utf8_lossy(x).into_owned())
        .collect();
    assert_eq!(differing.len(), 2, "{differing:?}");
    assert!(differing[0].starts_with("pe.time-date-stamp="));
    assert!(differing[1].starts_with("pe.checksum="));
}

/// Every byte of an image is a field or a member's byte: flipping any one changes what the
/// comparison sees, or makes the image unreadable — never nothing. Every byte of the headers
/// and section table of a stripped image, every 5th of one with symbols and DWARF sections (long
/// section names), and every 241st after them — every byte with `WHYDIFF_FLIP_STRIDE=1` (run it
/// so, in a release build, when changing the layout).
#[test]
fn no_byte_goes_unseen() {
    let stride = flip_stride(241);
    for (path, header_stride) in [
        ("pe-timestamp/a/hello.exe", 1),
        ("pe-build-path/a/hello.exe", 5.min(stride)),
    ] {
        let exe = corpus(path);
        let headers = (0..0x400).step_by(header_stride);
        let offsets = headers.chain((0x400..exe.len()).step_by(stride));
        assert_no_byte_unseen(path, &exe, offsets.chain([exe.len() - 1]), |data| {
            analyze("hello.exe", data)
        });
    }
}

#[test]
fn an_appended_zip_is_the_overlay_and_reads_as_a_zip() {
    let exe = corpus("pe-overlay-zip/a/app.exe");
    let node = analyze("app.exe", &exe).unwrap();
    let overlay = node.members.last().unwrap();
    assert_eq!(overlay.name, OVERLAY_MEMBER);
    let MemberData::Bytes(bytes) = &overlay.data else {
        panic!("overlay without bytes");
    };
    let zip = registry::analyze(
        Input {
            name: OVERLAY_MEMBER,
            data: bytes,
        },
        &Limits::default(),
    );
    assert_eq!(zip.format, "zip");
    assert!(zip.notes.is_empty(), "{:?}", zip.notes);
    assert!(
        zip.members.iter().any(|m| m.name.ends_with(".py")),
        "{:?}",
        zip.members.iter().map(|m| &m.name).collect::<Vec<_>>()
    );
}

#[test]
fn truncated_and_corrupted_images_never_panic() {
    let exe = corpus("pe-build-path/a/hello.exe");
    for len in (0..exe.len()).step_by(397).chain((0..0x400).step_by(3)) {
        let cut = exe.slice(..len.min(exe.len()));
        let _ = analyze("hello.exe", &cut);
        let node = registry::analyze(
            Input {
                name: "hello.exe",
                data: &cut,
            },
            &Limits::default(),
        );
        if node.format != "pe" {
            assert!(
                len < 0x40
                    || node
                        .notes
                        .iter()
                        .any(|n| n.contains("could not read as pe")),
                "cut at {len}: {:?}",
                node.notes
            );
        }
    }
}

#[test]
fn a_dll_s_export_directory_time_is_a_field_of_its_section() {
    let mut sections = Vec::new();
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let node = analyze(
            "hello.dll",
            &corpus(&format!("pe32-dll-timestamp/{side}/hello.dll")),
        )
        .unwrap();
        assert_eq!(field(&node, "pe.magic").value, Value::Str("PE32".into()));
        assert!(node.fields.iter().any(|f| f.name == "pe.base-of-data"));
        let edata = node.members.iter().find(|m| m.name == ".edata").unwrap();
        let stamp = edata
            .fields
            .iter()
            .find(|f| f.name == "pe.export.time-date-stamp")
            .expect("the export directory's time");
        assert_eq!(stamp.value, Value::Time(Timestamp::unix(unix)));
        let MemberData::Bytes(bytes) = &edata.data else {
            panic!(".edata without bytes");
        };
        assert_eq!(
            &bytes[4..8],
            [0, 0, 0, 0],
            "the time is masked out of the bytes"
        );
        sections.push(bytes.clone());
    }
    assert_eq!(sections[0], sections[1]);
}

/// A signed installer: a payload appended to the image, then the certificate table that the
/// certificate data directory points at (as signtool appends it), then nothing.
#[test]
fn the_certificate_table_is_its_own_member_after_the_overlay() {
    let mut exe = corpus("pe-timestamp/a/hello.exe").to_vec();
    let payload = b"payload appended before signing";
    exe.extend_from_slice(payload);
    while !exe.len().is_multiple_of(8) {
        exe.push(0);
    }
    let table_at = exe.len();
    // WIN_CERTIFICATE: dwLength, wRevision 2.0, wCertificateType PKCS#7, then the blob.
    let blob = b"not really PKCS#7";
    let length = (8 + blob.len()) as u32;
    exe.extend_from_slice(&length.to_le_bytes());
    exe.extend_from_slice(&0x0200u16.to_le_bytes());
    exe.extend_from_slice(&0x0002u16.to_le_bytes());
    exe.extend_from_slice(blob);
    let pe_at = u32::from_le_bytes(exe[0x3c..0x40].try_into().unwrap()) as usize;
    // PE32+: the data directories start 112 bytes into the optional header; the 5th is this one.
    let entry = pe_at + 24 + 112 + 4 * 8;
    exe[entry..entry + 4].copy_from_slice(&(table_at as u32).to_le_bytes());
    exe[entry + 4..entry + 8].copy_from_slice(&length.to_le_bytes());
    let node = analyze("signed.exe", &Bytes::from(exe)).unwrap();
    let tail: Vec<(&str, Vec<u8>)> = node
        .members
        .iter()
        .rev()
        .take(2)
        .map(|m| match &m.data {
            MemberData::Bytes(bytes) => (m.name.as_str(), bytes.to_vec()),
            _ => panic!("{} holds no bytes", m.name),
        })
        .collect();
    assert_eq!(tail[0].0, CERTIFICATES_MEMBER);
    assert_eq!(tail[0].1.len(), length as usize);
    assert_eq!(tail[1].0, OVERLAY_MEMBER);
    assert!(tail[1].1.starts_with(payload));
    assert_eq!(
        field(&node, "pe.certificate-directory.size").value,
        Value::Int(i64::from(length))
    );
}

#[test]
fn the_codeview_record_is_read_as_fields() {
    let node = analyze("hello.exe", &corpus("pe-buildid-timestamp/a/hello.exe")).unwrap();
    let fields: Vec<&Field> = node.members.iter().flat_map(|m| &m.fields).collect();
    let find = |name: &str| {
        fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let guid = find("pe.debug[0].codeview.guid");
    assert_eq!(
        guid.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    assert!(matches!(&guid.value, Value::Bytes(b) if b.len() == 16));
    assert_eq!(find("pe.debug[0].codeview.age").value, Value::Int(1));
    let path = find("pe.debug[0].codeview.pdb-path");
    assert_eq!(path.kind, FieldKind::SourcePath);
    assert_eq!(
        path.value,
        Value::Str(String::new()),
        "ld wrote no PDB path"
    );
    assert!(fields
        .iter()
        .any(|f| f.name == "pe.debug[0].time-date-stamp"));
}

/// A section's member carries where the COFF symbols put functions in it (symbols have no size:
/// each runs to the next), so the engine names a changed range by its function.
#[test]
fn section_members_know_their_functions() {
    let image = corpus("pe-build-path-edit/a/hello.exe");
    let node = analyze("hello.exe", &image).unwrap();
    let text = node.members.iter().find(|m| m.name == ".text").unwrap();
    let symbols = text.symbols.as_ref().expect("symbols placed in .text");
    assert_eq!(
        symbols.describe(0x531, 0x532).as_deref(),
        Some("answer+0x1")
    );
    let stripped = analyze("hello.exe", &corpus("pe-timestamp/a/hello.exe")).unwrap();
    assert!(stripped.members.iter().all(|m| m.symbols.is_none()));
}

/// A mingw image made into what Microsoft's linker writes: a Rich header between the DOS stub
/// and the PE header (moved down inside the headers' slack), for the comp.ids `entries`.
fn with_rich_header(entries: &[(u32, u32)]) -> Bytes {
    let image = corpus("pe-timestamp/a/hello.exe");
    let pe_at = pe_offset(&image).unwrap();
    let rich = rich::make(&image[..pe_at], entries);
    let headers_end = 0x400;
    let mut out = image[..pe_at].to_vec();
    out.extend_from_slice(&rich);
    let moved_to = out.len();
    out[0x3c..0x40].copy_from_slice(&(moved_to as u32).to_le_bytes());
    let headers = &image[pe_at..headers_end];
    let used = headers.len() - headers.iter().rev().take_while(|&&b| b == 0).count();
    out.extend_from_slice(&headers[..used]);
    assert!(
        out.len() <= headers_end,
        "the headers' slack holds the Rich header"
    );
    out.resize(headers_end, 0);
    out.extend_from_slice(&image[headers_end..]);
    Bytes::from(out)
}

#[test]
fn the_rich_header_s_tools_are_the_toolchain_and_its_key_is_derived() {
    let entries = [(0x0104_7809, 12), (0x0105_7809, 3)];
    let image = with_rich_header(&entries);
    let node = analyze("hello.exe", &image).unwrap();
    assert_eq!(
        field(&node, "pe.rich[0].tool").value,
        Value::Str("product 0x0104, build 30729".into())
    );
    assert_eq!(field(&node, "pe.rich[0].tool").kind, FieldKind::ToolVersion);
    assert_eq!(field(&node, "pe.rich[1].count").value, Value::Int(3));
    assert_eq!(
        field(&node, "pe.rich.key").kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole)),
        "the key is the checksum the linker computes"
    );
    // Another build of one tool: its comp.id differs, and the key with it.
    let other = analyze(
        "hello.exe",
        &with_rich_header(&[(0x0104_7810, 12), (0x0105_7809, 3)]),
    )
    .unwrap();
    assert_ne!(
        field(&other, "pe.rich.key").value,
        field(&node, "pe.rich.key").value
    );
    // A key that is not the checksum (the block masked again with another key) is not claimed
    // to follow from anything.
    let mut forged = image.to_vec();
    let rich_at = forged.windows(4).position(|w| w == b"Rich").unwrap();
    let change = 0x5a5a_0000u32.to_le_bytes();
    for at in (0x80..rich_at).chain(rich_at + 4..rich_at + 8) {
        forged[at] ^= change[at % 4];
    }
    let forged = analyze("hello.exe", &Bytes::from(forged)).unwrap();
    assert_eq!(field(&forged, "pe.rich.key").kind, FieldKind::Opaque);
    assert_eq!(
        field(&forged, "pe.rich[0].tool").value,
        field(&node, "pe.rich[0].tool").value
    );
    // Every byte of the Rich header is seen.
    let start = 0x80;
    assert_no_byte_unseen("rich", &image, start..start + 40, |data| {
        analyze("hello.exe", data)
    });
}

/// The offset and length of the certificate table of a signed image, from its data directory.
fn certificate_table(exe: &[u8]) -> (usize, usize) {
    let pe_at = u32::from_le_bytes(exe[0x3c..0x40].try_into().unwrap()) as usize;
    let entry = pe_at + 24 + 112 + 4 * 8;
    let at = u32::from_le_bytes(exe[entry..entry + 4].try_into().unwrap()) as usize;
    let len = u32::from_le_bytes(exe[entry + 4..entry + 8].try_into().unwrap()) as usize;
    (at, len)
}

/// osslsigncode's signature (the corpus's `pe-signed-time` pair: one key, two signing times)
/// reads into fields of the image; the table's member keeps no bytes.
#[test]
fn an_authenticode_signature_reads_into_fields() {
    let mut sides = Vec::new();
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let node = analyze(
            "hello.exe",
            &corpus(&format!("pe-signed-time/{side}/hello.exe")),
        )
        .unwrap();
        assert!(node.notes.is_empty(), "{:?}", node.notes);
        let signer = "pe.certificate[0].signer[0]";
        let time = field(&node, &format!("{signer}.signed.signing-time"));
        assert_eq!(time.kind, FieldKind::Time(crate::TimeRole::Recorded));
        assert_eq!(time.value, Value::Time(Timestamp::unix(unix)));
        let whole = FieldKind::Derived(Derivation::checksum(Covers::Whole));
        let image = field(&node, "pe.certificate[0].image-digest");
        assert_eq!(image.kind, whole);
        assert!(
            image.value.to_string().starts_with("sha256:"),
            "{}",
            image.value
        );
        assert_eq!(
            field(&node, &format!("{signer}.signed.message-digest")).kind,
            whole
        );
        assert_eq!(
            field(&node, &format!("{signer}.signature")).kind,
            FieldKind::Derived(Derivation::signature())
        );
        assert_eq!(field(&node, "pe.certificate[0].der").kind, whole);
        let id = field(&node, &format!("{signer}.id"));
        assert_eq!(id.kind, FieldKind::Signer);
        assert_eq!(
            id.value,
            Value::Str("issuer O=whydiff corpus,CN=whydiff test signer a, serial 1001".into())
        );
        assert_eq!(
            field(&node, &format!("{signer}.digest-algorithm")).value,
            Value::Str("sha256".into())
        );
        assert_eq!(
            field(&node, &format!("{signer}.signature-algorithm")).kind,
            FieldKind::Signer
        );
        let certificate = field(&node, "pe.certificate[0].certificate[0]");
        assert_eq!(certificate.kind, FieldKind::Signer);
        assert!(certificate
            .value
            .to_string()
            .starts_with("subject O=whydiff corpus,CN=whydiff test signer a"));
        let table = node
            .members
            .iter()
            .find(|m| m.name == CERTIFICATES_MEMBER)
            .expect("the certificate table member");
        assert!(matches!(&table.data, MemberData::Bytes(b) if b.is_empty()));
        sides.push(node);
    }
    // The same image signed twice: the image digest and the signed content are the same; the
    // signing time and what follows from it differ.
    let value = |side: usize, name: &str| field(&sides[side], name).value.clone();
    for same in [
        "pe.certificate[0].image-digest",
        "pe.certificate[0].image-data",
        "pe.certificate[0].signer[0].signed.message-digest",
        "pe.certificate[0].signer[0].id",
        "pe.certificate[0].certificate[0]",
    ] {
        assert_eq!(value(0, same), value(1, same), "{same}");
    }
    for differs in [
        "pe.certificate[0].signer[0].signature",
        "pe.certificate[0].der",
    ] {
        assert_ne!(value(0, differs), value(1, differs), "{differs}");
    }
}

/// Every byte of a signed image's certificate table is a field or a member's byte.
#[test]
fn no_byte_of_a_signature_goes_unseen() {
    let path = "pe-signed-key/a/hello.exe";
    let exe = corpus(path);
    let (at, len) = certificate_table(&exe);
    assert!(len > 0 && at + len == exe.len());
    let stride = flip_stride(1);
    assert_no_byte_unseen(path, &exe, (at..at + len).step_by(stride), |data| {
        analyze("hello.exe", data)
    });
}

/// Cut or corrupted certificate tables never panic: every cut of the table, and every byte of
/// it flipped to each of a few values, reads or fails cleanly, with a note for what it could
/// not read.
#[test]
fn truncated_and_corrupted_signatures_never_panic() {
    let exe = corpus("pe-signed-edit/b/hello.exe");
    let (at, len) = certificate_table(&exe);
    let table = &exe[at..at + len];
    for cut in 0..=len {
        let _ = signature::read(&table[..cut]);
        let node = analyze("hello.exe", &exe.slice(..at + cut)).unwrap();
        if cut < len {
            assert!(!node.notes.is_empty() || cut == 0, "cut at {cut}");
        }
    }
    for i in 0..len {
        for value in [0x00, 0xff, table[i] ^ 0x80] {
            let mut bad = table.to_vec();
            bad[i] = value;
            let _ = signature::read(&bad);
        }
    }
}

/// A table of many tiny entries is read up to a bound, the rest compared as bytes.
#[test]
fn a_table_of_many_entries_is_read_up_to_a_bound() {
    let mut table = Vec::new();
    for _ in 0..1000 {
        table.extend_from_slice(&8u32.to_le_bytes());
        table.extend_from_slice(&0x0200u16.to_le_bytes());
        table.extend_from_slice(&0x0002u16.to_le_bytes());
    }
    let read = signature::read(&table);
    assert!(read.fields.is_empty());
    assert_eq!(read.unread, table, "every byte is kept");
    assert!(read.notes.len() <= 65, "{}", read.notes.len());
}

/// An RFC 3161 timestamp token (osslsigncode's built-in responder, which repeats a certificate
/// in the token's SET OF) yields its genTime as a recorded time.
#[test]
fn a_timestamp_token_s_time_is_a_recorded_time() {
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let node = analyze(
            "hello.exe",
            &corpus(&format!("pe-signed-tsa-time/{side}/hello.exe")),
        )
        .unwrap();
        assert!(node.notes.is_empty(), "{:?}", node.notes);
        let time = field(&node, "pe.certificate[0].signer[0].unsigned.timestamp-time");
        assert_eq!(time.kind, FieldKind::Time(crate::TimeRole::Recorded));
        assert_eq!(time.value, Value::Time(Timestamp::unix(unix)));
        assert_eq!(
            field(
                &node,
                "pe.certificate[0].signer[0].unsigned.timestamp-token"
            )
            .kind,
            FieldKind::Derived(Derivation::signature())
        );
    }
}
