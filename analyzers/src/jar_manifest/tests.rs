use bytes::Bytes;

use sha2::{Digest, Sha256};

use super::*;
use crate::test_support::{differing_fields, field};
use crate::{covered_member, Captured, Covers, TimeRole, Value};

fn fixture(name: &str) -> Bytes {
    let path = format!("{}/tests/fixtures/jar/{name}", env!("CARGO_MANIFEST_DIR"));
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn read(name: &str, data: &[u8]) -> Result<Node, AnalyzeError> {
    let data = Bytes::copy_from_slice(data);
    JarManifestAnalyzer.analyze(Input { name, data: &data }, &Limits::default())
}

fn manifest(text: &str) -> Node {
    read("META-INF/MANIFEST.MF", text.as_bytes()).unwrap()
}

#[test]
fn names_it_reads() {
    let detect = |name: &str| {
        let data = Bytes::new();
        JarManifestAnalyzer.detect(Input { name, data: &data })
    };
    assert_eq!(detect("META-INF/MANIFEST.MF"), Detection::ByName);
    assert_eq!(detect("meta-inf/manifest.mf"), Detection::ByName);
    assert_eq!(detect("app/META-INF/MANIFEST.MF"), Detection::ByName);
    assert_eq!(detect("MANIFEST.MF"), Detection::ByName);
    assert_eq!(detect("META-INF/TINYAPP.SF"), Detection::ByName);
    assert_eq!(
        detect("TINYAPP.SF"),
        Detection::No,
        "a .SF outside META-INF"
    );
    assert_eq!(detect("META-INF/.SF"), Detection::No);
    assert_eq!(detect("META-INF/MANIFEST.MF.orig"), Detection::No);
    assert_eq!(detect("MANIFEST.in"), Detection::No);
}

#[test]
fn bnd_s_manifest_as_typed_fields() {
    let node = read("META-INF/MANIFEST.MF", &fixture("bnd-MANIFEST.MF")).unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let time = field(&node.fields, "manifest.Bnd-LastModified");
    assert_eq!(time.kind, FieldKind::Time(TimeRole::Recorded));
    assert_eq!(time.value.to_string(), "2021-01-01T00:00:00Z");
    for tool in [
        "manifest.Manifest-Version",
        "manifest.Build-Jdk-Spec",
        "manifest.Created-By",
        "manifest.Tool",
    ] {
        assert_eq!(
            field(&node.fields, tool).kind,
            FieldKind::ToolVersion,
            "{tool}"
        );
    }
    // The wrapped list, rejoined and split at the commas outside quotes.
    let exports = field(&node.fields, "manifest.Export-Package");
    assert_eq!(
        exports.value.to_string(),
        "com.example.tinyapp.api;version=\"1.0.0\"\n\
         com.example.tinyapp.util;version=\"1.0.0\"\n\
         com.example.tinyapp;uses:=\"com.example.tinyapp.api,com.example.tinyapp.util\";version=\"1.0.0\""
    );
    assert_eq!(exports.kind, FieldKind::Text);
    assert_eq!(
        field(&node.fields, "manifest.Export-Package.order").value,
        Value::Str("sorted positions 3, 1, 2".into())
    );
    assert_eq!(
        field(&node.fields, "manifest.Bundle-Version").kind,
        FieldKind::Text,
        "the project's own version is content"
    );
    assert_eq!(
        field(&node.fields, "manifest.spelling").kind,
        FieldKind::Derived(Derivation::spelling())
    );
}

#[test]
fn built_by_and_the_checkout() {
    let node =
        manifest("Manifest-Version: 1.0\nBuilt-By: alice\nBuild-Host: h1\nSCM-Revision: abc\n");
    let kind = |name: &str| field(&node.fields, name).kind;
    assert_eq!(
        kind("manifest.Built-By"),
        FieldKind::Captured(Captured::UserName)
    );
    assert_eq!(
        kind("manifest.Build-Host"),
        FieldKind::Captured(Captured::HostName)
    );
    assert_eq!(
        kind("manifest.SCM-Revision"),
        FieldKind::Captured(Captured::VcsState)
    );
}

#[test]
fn wrapping_is_spelling_and_order_is_order() {
    let one_line = "Manifest-Version: 1.0\r\nExport-Package: a.b;version=\"1.0\",c.d,e.f\r\n";
    let wrapped = "Manifest-Version: 1.0\nExport-Package: a.b;vers\n ion=\"1.0\",c.\n d,e.f\n";
    let reordered = "Manifest-Version: 1.0\nExport-Package: e.f,a.b;vers\n ion=\"1.0\",c.d\n";
    let edited = "Manifest-Version: 1.0\nExport-Package: a.b;version=\"1.1\",c.d,e.f\n";
    assert_eq!(
        differing_fields(&manifest(one_line), &manifest(wrapped)),
        ["manifest.spelling"]
    );
    assert_eq!(
        differing_fields(&manifest(one_line), &manifest(reordered)),
        ["manifest.Export-Package.order", "manifest.spelling"]
    );
    // A genuine edit of an item changes the list itself (content), whatever else moved.
    let changed = differing_fields(&manifest(one_line), &manifest(edited));
    assert!(
        changed.contains(&"manifest.Export-Package".to_owned()),
        "{changed:?}"
    );
    // Class-Path is a list of spaces.
    assert_eq!(
        differing_fields(
            &manifest("Class-Path: lib/a.jar lib/b.jar\n"),
            &manifest("Class-Path: lib/b.jar\n  lib/a.jar\n")
        ),
        ["manifest.Class-Path.order", "manifest.spelling"]
    );
}

#[test]
fn a_signed_manifest_s_digests_cover_their_members() {
    let node = read("META-INF/MANIFEST.MF", &fixture("signed-MANIFEST.MF")).unwrap();
    let name = "manifest.entry[META-INF/maven/com.example/tinyapp/pom.properties].SHA-256-Digest";
    let digest = field(&node.fields, name);
    assert_eq!(
        digest.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Member))
    );
    assert_eq!(
        covered_member(name),
        Some("META-INF/maven/com.example/tinyapp/pom.properties")
    );
    // The real digest of the real member.
    let pom = fixture("pom.properties");
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&pom));
    assert_eq!(digest.value, Value::Str(expected));
    let entries = field(&node.fields, "manifest.entries");
    assert_eq!(entries.value.to_string().lines().count(), 4);
    assert!(node
        .fields
        .iter()
        .any(|f| f.name == "manifest.entries.order"));
}

#[test]
fn a_signature_file_s_digests() {
    let node = read("META-INF/TINYAPP.SF", &fixture("signed-TINYAPP.SF")).unwrap();
    let whole = field(
        &node.fields,
        "manifest.SHA-256-Digest-Manifest[META-INF/MANIFEST.MF]",
    );
    assert_eq!(
        whole.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Member))
    );
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD
        .encode(Sha256::digest(fixture("signed-MANIFEST.MF")));
    assert_eq!(
        whole.value,
        Value::Str(expected),
        "the manifest's own digest"
    );
    let main = field(
        &node.fields,
        "manifest.SHA-256-Digest-Manifest-Main-Attributes[META-INF/MANIFEST.MF]",
    );
    assert_eq!(
        main.kind,
        FieldKind::Derived(Derivation::checksum(Covers::MemberPart)),
        "wrapped over two lines, rejoined"
    );
    assert_eq!(main.value.to_string().len(), 44);
    let section = field(
        &node.fields,
        "manifest.entry[com/example/tinyapp/Hello.class].SHA-256-Digest",
    );
    assert_eq!(
        section.kind,
        FieldKind::Derived(Derivation::checksum(Covers::MemberPart))
    );
    assert_eq!(
        field(&node.fields, "manifest.Signature-Version").kind,
        FieldKind::ToolVersion
    );
}

#[test]
fn an_unpacked_jar_s_sections_name_members_below_its_top_directory() {
    let text = "Manifest-Version: 1.0\n\nName: a/B.class\nSHA-256-Digest: x\n";
    let node = read("app-1.0/META-INF/MANIFEST.MF", text.as_bytes()).unwrap();
    let name = "manifest.entry[app-1.0/a/B.class].SHA-256-Digest";
    field(&node.fields, name);
    assert_eq!(covered_member(name), Some("app-1.0/a/B.class"));
    let sf = read(
        "app-1.0/META-INF/X.SF",
        b"Signature-Version: 1.0\nSHA-256-Digest-Manifest: y\n",
    )
    .unwrap();
    field(
        &sf.fields,
        "manifest.SHA-256-Digest-Manifest[app-1.0/META-INF/MANIFEST.MF]",
    );
}

#[test]
fn bnd_lastmodified_that_is_no_time_is_text_with_a_note() {
    let node = manifest("Bnd-LastModified: yesterday\n");
    assert_eq!(
        field(&node.fields, "manifest.Bnd-LastModified").kind,
        FieldKind::Text
    );
    assert_eq!(node.notes.len(), 1);
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    assert!(read("META-INF/MANIFEST.MF", b"\xff\xfe not utf-8\n").is_err());
    assert!(read("META-INF/MANIFEST.MF", b"Name: a\0b\n").is_err());
    assert!(read("META-INF/MANIFEST.MF", b"this is not a manifest\n").is_err());
    // Every prefix (a truncation) and every flipped byte of a real manifest is read or refused.
    for name in ["bnd-MANIFEST.MF", "signed-MANIFEST.MF", "signed-TINYAPP.SF"] {
        let data = fixture(name);
        let file = if name.ends_with(".SF") {
            "META-INF/TINYAPP.SF"
        } else {
            "META-INF/MANIFEST.MF"
        };
        for end in 0..data.len() {
            let _ = read(file, &data[..end]);
        }
        for at in 0..data.len() {
            for flip in [0x01u8, 0x20, 0x80] {
                let mut bytes = data.to_vec();
                bytes[at] ^= flip;
                let _ = read(file, &bytes);
            }
        }
    }
}

#[test]
fn a_truncated_manifest_is_read_with_a_note() {
    let data = fixture("bnd-MANIFEST.MF");
    let cut = &data[..data.len() - 20];
    let node = read("META-INF/MANIFEST.MF", cut).unwrap();
    assert!(
        node.notes.iter().any(|n| n.contains("no line end")),
        "{:?}",
        node.notes
    );
}

#[test]
fn huge_inputs_stay_bounded() {
    // One attribute a megabyte long, wrapped at 72 bytes as writers do.
    let value = "p.".repeat(1 << 19);
    let mut text = String::from("Manifest-Version: 1.0\nClass-Path: ");
    for (i, c) in value.chars().enumerate() {
        if i > 0 && i % 70 == 0 {
            text.push_str("\n ");
        }
        text.push(c);
    }
    text.push('\n');
    let node = manifest(&text);
    let spelling = field(&node.fields, "manifest.spelling").value.to_string();
    assert!(spelling.starts_with("sha256:"), "a digest past 16 KiB");
    // Too many sections: refused, compared as text.
    let many = "Name: x\n\n".repeat(grammar::MAX_SECTIONS + 2);
    assert!(read("META-INF/MANIFEST.MF", many.as_bytes()).is_err());
}
