//! The gem analyzers on gems `gem build` made (corpus/gem-*), and on variants made from them.

use std::io::{Read, Write};

use bytes::Bytes;

use super::*;
use crate::test_support::{corpus, differing_fields, field, member};
use crate::{registry, Ordered, Value};

fn input<'a>(name: &'a str, data: &'a Bytes) -> Input<'a> {
    Input { name, data }
}

fn gem(pair: &str, side: &str) -> Bytes {
    corpus(&format!("{pair}/{side}/tinygem-1.0.0.gem"))
}

/// The members of a tar, in order.
fn tar_members(tar: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ::tar::Archive::new(tar);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

/// A tar of `members`, as `Gem::Package` lays one out.
fn tar_of(members: &[(String, Vec<u8>)]) -> Bytes {
    let mut builder = ::tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut header = ::tar::Header::new_ustar();
        header.set_size(data.len() as u64);
        header.set_mode(0o444);
        header.set_mtime(1_700_000_000);
        header.set_cksum();
        builder
            .append_data(&mut header, name, data.as_slice())
            .unwrap();
    }
    Bytes::from(builder.into_inner().unwrap())
}

fn gunzip(data: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(data)
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

/// The real gem with its checksums text passed through `edit`.
fn with_checksums(edit: impl Fn(&str) -> String) -> Bytes {
    let mut members = tar_members(&gem("gem-build-time", "a"));
    for (name, data) in &mut members {
        if name == CHECKSUMS {
            *data = gzip(&edit(&gunzip(data)));
        }
    }
    tar_of(&members)
}

/// The fields of the checksums node of an analyzed gem.
fn checksum_fields(node: &Node) -> Vec<Field> {
    let MemberData::Node(gzip) = &member(node, CHECKSUMS).data else {
        panic!("checksums not read: {:?}", node.notes);
    };
    let MemberData::Node(checksums) = &gzip.members[0].data else {
        panic!("no checksums node");
    };
    assert_eq!(checksums.format, "gem-checksums");
    checksums.fields.clone()
}

const SIBLING: FieldKind = FieldKind::Derived(Derivation {
    covers: Covers::Sibling { up: 2 },
    quantity: Quantity::Checksum,
    verified: true,
});

#[test]
fn a_built_gem_is_detected_and_its_digests_recomputed() {
    let data = gem("gem-build-time", "a");
    assert_eq!(
        registry::detect(input("tinygem-1.0.0.gem", &data)).format(),
        "gem"
    );
    // By its first member, whatever its name.
    assert_eq!(registry::detect(input("download", &data)).format(), "gem");
    let node = GemAnalyzer
        .analyze(input("x.gem", &data), &Limits::default())
        .unwrap();
    assert_eq!(node.format, "gem");
    let fields = checksum_fields(&node);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "checksums.SHA256@metadata.gz",
            "checksums.SHA256@data.tar.gz",
            "checksums.SHA512@metadata.gz",
            "checksums.SHA512@data.tar.gz",
            "checksums.spelling"
        ]
    );
    assert!(fields[..4].iter().all(|f| f.kind == SIBLING), "{fields:?}");
    // The spelling masks the digests: equal on two builds whose digests differ.
    let other = GemAnalyzer
        .analyze(
            input("x.gem", &gem("gem-build-time", "b")),
            &Limits::default(),
        )
        .unwrap();
    let spelling = |fields: &[Field]| field(fields, "checksums.spelling").value.clone();
    assert_eq!(spelling(&fields), spelling(&checksum_fields(&other)));
    assert_ne!(fields[0].value, checksum_fields(&other)[0].value);
}

#[test]
fn a_plain_tar_is_no_gem() {
    let members = vec![("README.md".to_owned(), b"hi\n".to_vec())];
    let data = tar_of(&members);
    assert_eq!(GemAnalyzer.detect(input("x.tar", &data)), Detection::No);
    assert_eq!(
        GemAnalyzer.detect(input("x.gem", &data)),
        Detection::ByMagic
    );
}

#[test]
fn a_digest_that_does_not_match_its_member_is_opaque() {
    let data = with_checksums(|text| {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("data.tar.gz:"))
            .unwrap();
        let digest = line.rsplit(' ').next().unwrap();
        let forged: String = digest.chars().rev().collect();
        text.replacen(digest, &forged, 1)
    });
    let node = GemAnalyzer
        .analyze(input("x.gem", &data), &Limits::default())
        .unwrap();
    let fields = checksum_fields(&node);
    let forged = field(&fields, "checksums.SHA256[data.tar.gz]");
    assert_eq!(forged.kind, FieldKind::Opaque);
    assert_eq!(field(&fields, "checksums.SHA256@metadata.gz").kind, SIBLING);
    let MemberData::Node(gzip) = &member(&node, CHECKSUMS).data else {
        unreachable!()
    };
    let MemberData::Node(checksums) = &gzip.members[0].data else {
        unreachable!()
    };
    assert!(
        checksums.notes.iter().any(|n| n.contains("does not match")),
        "{:?}",
        checksums.notes
    );
}

#[test]
fn unknown_algorithms_and_members_are_not_recomputed() {
    let data = with_checksums(|text| {
        format!("{text}SHA1:\n  data.tar.gz: 0123456789abcdef0123456789abcdef01234567\nSHA256:\n  gone.gz: 00\n")
    });
    let node = GemAnalyzer
        .analyze(input("x.gem", &data), &Limits::default())
        .unwrap();
    let fields = checksum_fields(&node);
    assert_eq!(
        field(&fields, "checksums.SHA1[data.tar.gz]").kind,
        FieldKind::Opaque
    );
    assert_eq!(
        field(&fields, "checksums.SHA256[gone.gz]").kind,
        FieldKind::Opaque
    );
}

#[test]
fn hostile_checksums_leave_a_note_and_the_member_as_bytes() {
    let laughs = {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (name, previous) in ('b'..='j').zip('a'..) {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{previous}"); 10].join(",")
            ));
        }
        text
    };
    for text in [
        "[".repeat(50_000),
        laughs,
        "SHA256: [not, a, mapping]\n".to_owned(),
        "SHA256:\n  ../../etc/passwd: 00\n".to_owned(),
        "\u{0}\u{1}binary".to_owned(),
    ] {
        let data = with_checksums(|_| text.clone());
        let node = GemAnalyzer
            .analyze(input("x.gem", &data), &Limits::default())
            .unwrap();
        assert!(
            matches!(member(&node, CHECKSUMS).data, MemberData::Bytes(_)),
            "{text:.40}"
        );
        assert!(
            node.notes
                .iter()
                .any(|n| n.contains("could not be read as a gem's checksums")),
            "{:?}",
            node.notes
        );
    }
}

/// The gemspec of the real gem of `side` of `pair`.
fn gemspec(pair: &str, side: &str) -> String {
    let members = tar_members(&gem(pair, side));
    let metadata = &members.iter().find(|(n, _)| n == "metadata.gz").unwrap().1;
    gunzip(metadata)
}

fn analyze_spec(text: &str) -> Result<Node, AnalyzeError> {
    let data = Bytes::from(text.to_owned());
    GemspecAnalyzer.analyze(input("metadata", &data), &Limits::default())
}

#[test]
fn a_gemspec_is_one_field_per_attribute() {
    let text = gemspec("gem-build-time", "a");
    let data = Bytes::from(text.clone());
    assert_eq!(
        registry::detect(input("metadata", &data)).format(),
        "gemspec"
    );
    let node = analyze_spec(&text).unwrap();
    let value = |name: &str| field(&node.fields, name).value.to_string();
    let kind = |name: &str| field(&node.fields, name).kind;
    assert_eq!(value("gemspec.name"), "tinygem");
    assert_eq!(value("gemspec.version"), "1.0.0");
    assert_eq!(kind("gemspec.version"), FieldKind::Opaque);
    assert_eq!(kind("gemspec.rubygems_version"), FieldKind::ToolVersion);
    assert_eq!(
        kind("gemspec.specification_version"),
        FieldKind::ToolVersion
    );
    // The date is text: a witness of the build's clock makes it a timestamp, or it is content.
    assert_eq!(value("gemspec.date"), "2021-01-01 00:00:00.000000000 Z");
    assert_eq!(kind("gemspec.date"), FieldKind::Text);
    assert_eq!(value("gemspec.files"), "README.md\nlib/tinygem.rb");
    assert_eq!(
        kind("gemspec.files.order"),
        FieldKind::Order(Ordered::Values)
    );
    assert_eq!(value("gemspec.dependencies"), "rake (development) >= 13.0");
    assert_eq!(value("gemspec.required_rubygems_version"), ">= 0");
    assert_eq!(
        value("gemspec.metadata[source_code_uri]"),
        "https://example.com/tinygem"
    );
    assert_eq!(
        kind("gemspec.spelling"),
        FieldKind::Derived(Derivation::spelling())
    );
}

#[test]
fn files_listed_in_another_order_differ_only_in_their_order() {
    let text = gemspec("gem-build-time", "a");
    let swapped = text.replace(
        "- README.md\n- lib/tinygem.rb\n",
        "- lib/tinygem.rb\n- README.md\n",
    );
    assert_ne!(text, swapped);
    let (a, b) = (
        analyze_spec(&text).unwrap(),
        analyze_spec(&swapped).unwrap(),
    );
    assert_eq!(
        differing_fields(&a, &b),
        ["gemspec.files.order", "gemspec.spelling"]
    );
}

#[test]
fn an_edited_version_is_the_version_field() {
    let text = gemspec("gem-build-time", "a");
    let edited = text.replace("  version: 1.0.0\n", "  version: 1.0.1\n");
    assert_ne!(text, edited);
    let node = analyze_spec(&edited).unwrap();
    assert_eq!(
        field(&node.fields, "gemspec.version").value,
        Value::Str("1.0.1".into())
    );
}

#[test]
fn hostile_gemspecs_fall_back_to_text_with_a_note() {
    let head = "--- !ruby/object:Gem::Specification\n";
    let mut laughs = format!("{head}a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (name, previous) in ('b'..='z').zip('a'..) {
        laughs.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(",")
        ));
    }
    for text in [
        laughs,
        format!("{head}name: {}", "[".repeat(100_000)),
        format!("{head}name: x\n---\nsecond: document\n"),
        format!("{head}- a list\n"),
        format!("{head}name: \"unterminated\n"),
        format!("{head}version: {}\n", "9".repeat(100_000)),
    ] {
        let data = Bytes::from(text.clone());
        let node = registry::analyze(input("metadata", &data), &Limits::default());
        if node.format == "gemspec" {
            // A huge number is text, read as it is.
            assert!(text.contains("999999"), "{text:.60}");
            continue;
        }
        assert_eq!(node.format, "text", "{text:.60}");
        assert!(
            node.notes
                .iter()
                .any(|n| n.contains("could not read as gemspec")),
            "{:?}",
            node.notes
        );
    }
}

/// The field a signature member was read as, if it was.
fn signature_field(node: &Node, member_name: &str) -> Option<Field> {
    match &member(node, member_name).data {
        MemberData::Node(read) => read.fields.first().cloned(),
        _ => None,
    }
}

#[test]
fn each_signature_is_derived_from_the_member_beside_it() {
    // `gem build` with a signing key: metadata.gz.sig, data.tar.gz.sig, checksums.yaml.gz.sig.
    let data = gem("gem-signed-key", "a");
    let node = GemAnalyzer
        .analyze(input("x.gem", &data), &Limits::default())
        .unwrap();
    let signature = FieldKind::Derived(Derivation {
        covers: Covers::Sibling { up: 1 },
        quantity: Quantity::Signature,
        verified: false,
    });
    for signed in ["metadata.gz", "data.tar.gz", "checksums.yaml.gz"] {
        let read = signature_field(&node, &format!("{signed}.sig"))
            .unwrap_or_else(|| panic!("{signed}.sig is not read as a signature"));
        assert_eq!(read.name, format!("signature@{signed}"));
        assert_eq!(read.kind, signature);
        assert!(matches!(read.value, Value::Bytes(ref b) if b.len() == 256));
    }
    // Another key signs the same data.tar.gz: the same field, another value.
    let other = GemAnalyzer
        .analyze(
            input("x.gem", &gem("gem-signed-key", "b")),
            &Limits::default(),
        )
        .unwrap();
    let data_signature = |node: &Node| signature_field(node, "data.tar.gz.sig").unwrap();
    assert_ne!(data_signature(&node).value, data_signature(&other).value);
}

#[test]
fn a_sig_member_without_its_member_stays_bytes() {
    // A `.sig` whose member is not in the gem signs nothing here: compared as bytes.
    let mut members = tar_members(&gem("gem-signed-key", "a"));
    members.retain(|(name, _)| name != "data.tar.gz");
    let data = tar_of(&members);
    let node = GemAnalyzer
        .analyze(input("x.gem", &data), &Limits::default())
        .unwrap();
    assert!(signature_field(&node, "data.tar.gz.sig").is_none());
    assert!(signature_field(&node, "metadata.gz.sig").is_some());
}
