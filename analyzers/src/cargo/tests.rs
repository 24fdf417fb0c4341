//! The crate analyzers on crates `cargo package` made (corpus/crate-*), and on variants of them.

use std::io::{Read, Write};

use bytes::Bytes;

use super::*;
use crate::test_support::{corpus, field, member};
use crate::{registry, Value};

fn input<'a>(name: &'a str, data: &'a Bytes) -> Input<'a> {
    Input { name, data }
}

fn crate_file(pair: &str, side: &str) -> Bytes {
    corpus(&format!("{pair}/{side}/tinycrate-0.1.0.crate"))
}

/// The tar node inside an analyzed crate.
fn tar_of(node: &Node) -> Arc<Node> {
    match &node.members[0].data {
        MemberData::Node(tar) => tar.clone(),
        _ => panic!("the crate's tar was not read: {:?}", node.notes),
    }
}

fn analyze(data: &Bytes) -> Node {
    CrateAnalyzer
        .analyze(input("tinycrate-0.1.0.crate", data), &Limits::default())
        .unwrap()
}

/// The node of the normalized manifest of a crate's tar.
fn normalized(tar: &Node) -> Arc<Node> {
    match &member(tar, "tinycrate-0.1.0/Cargo.toml").data {
        MemberData::Node(node) => node.clone(),
        _ => panic!("Cargo.toml not read"),
    }
}

/// The crate of `pair`/`side` with the member `name` passed through `edit`.
fn edited(pair: &str, side: &str, name: &str, edit: impl Fn(&str) -> String) -> Bytes {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(&crate_file(pair, side)[..])
        .read_to_end(&mut tar)
        .unwrap();
    let mut archive = ::tar::Archive::new(tar.as_slice());
    let mut builder = ::tar::Builder::new(Vec::new());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if path == name {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        let mut header = entry.header().clone();
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder
            .append_data(&mut header, &path, data.as_slice())
            .unwrap();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&builder.into_inner().unwrap()).unwrap();
    Bytes::from(encoder.finish().unwrap())
}

const RESTATED: FieldKind = FieldKind::Derived(Derivation {
    covers: Covers::Sibling { up: 1 },
    quantity: Quantity::Spelling,
    verified: true,
});

#[test]
fn a_packaged_crate_reads_its_tar_and_links_the_normalized_manifest() {
    let data = crate_file("crate-vcs-sha1", "a");
    assert_eq!(registry::detect(input("x.crate", &data)).format(), "crate");
    assert_eq!(registry::detect(input("x.tar.gz", &data)).format(), "gzip");
    let node = analyze(&data);
    assert_eq!(node.format, "crate");
    assert_eq!(node.members[0].name, "tinycrate-0.1.0.tar");
    let tar = tar_of(&node);
    assert!(
        tar.notes
            .iter()
            .any(|n| n.contains("cargo package's fixed entry time")),
        "{:?}",
        tar.notes
    );
    let manifest = normalized(&tar);
    assert_eq!(manifest.generator.as_deref(), Some("cargo"));
    // Copied from Cargo.toml.orig: derived from it.
    for key in ["package.description", "package.version", "package.edition"] {
        let copied = field(&manifest.fields, &format!("cargo.{key}@Cargo.toml.orig"));
        assert_eq!(copied.kind, RESTATED, "{key}");
    }
    // Added by cargo's own policy: presentation.
    assert_eq!(
        field(&manifest.fields, "cargo.package.autobins").kind,
        FieldKind::Presentation
    );
    assert_eq!(
        field(&manifest.fields, "cargo.spelling").kind,
        FieldKind::Derived(Derivation::spelling())
    );
}

#[test]
fn a_normalized_value_that_is_not_the_original_s_is_not_linked() {
    // Cargo.toml edited alone (not what cargo would write from Cargo.toml.orig).
    let data = edited(
        "crate-vcs-sha1",
        "a",
        "tinycrate-0.1.0/Cargo.toml",
        |text| text.replace("A tiny crate for whydiff's corpus", "Another description"),
    );
    let manifest = normalized(&tar_of(&analyze(&data)));
    let description = field(&manifest.fields, "cargo.package.description");
    assert_eq!(description.kind, FieldKind::Text);
    assert!(!manifest
        .fields
        .iter()
        .any(|f| f.name == "cargo.package.description@Cargo.toml.orig"));
}

#[test]
fn an_unreadable_original_links_nothing() {
    let data = edited(
        "crate-vcs-sha1",
        "a",
        "tinycrate-0.1.0/Cargo.toml.orig",
        |_| "[package\nname = ".to_owned(),
    );
    let manifest = normalized(&tar_of(&analyze(&data)));
    assert!(manifest.fields.iter().all(|f| f.kind != RESTATED));
    assert!(manifest
        .notes
        .iter()
        .any(|n| n.contains("could not be read as TOML")));
}

#[test]
fn vcs_info_fields_have_their_kinds() {
    let text = Bytes::from_static(
        br#"{
  "git": {
    "sha1": "cf42bd21fbb1dbe4e4f4bee64914f9ed293f99df",
    "dirty": true
  },
  "path_in_vcs": "crates/tiny"
}"#,
    );
    let name = "tinycrate-0.1.0/.cargo_vcs_info.json";
    assert_eq!(
        registry::detect(input(name, &text)).format(),
        "cargo-vcs-info"
    );
    let node = CargoVcsInfoAnalyzer
        .analyze(input(name, &text), &Limits::default())
        .unwrap();
    let sha1 = field(&node.fields, "vcs.git.sha1");
    assert_eq!(sha1.kind, FieldKind::Captured(crate::Captured::VcsState));
    assert_eq!(
        sha1.value,
        Value::Str("cf42bd21fbb1dbe4e4f4bee64914f9ed293f99df".into())
    );
    let dirty = field(&node.fields, "vcs.git.dirty");
    assert_eq!(
        (dirty.kind, dirty.value.to_string()),
        (
            FieldKind::Captured(crate::Captured::VcsState),
            "true".into()
        )
    );
    // A fact of the repository's layout: content when it changes.
    assert_eq!(field(&node.fields, "vcs.path_in_vcs").kind, FieldKind::Text);
}

#[test]
fn hostile_manifests_fall_back_to_text_with_a_note() {
    for (name, text) in [
        ("Cargo.toml", format!("a = {}", "[".repeat(100_000))),
        ("Cargo.toml", format!("a = {}", "{ b = ".repeat(10_000))),
        ("Cargo.toml", format!("n = {}\n", "9".repeat(1000))),
        ("Cargo.toml", "[package\n".to_owned()),
        (
            ".cargo_vcs_info.json",
            format!("{{\"git\": {}}}", "[".repeat(100_000)),
        ),
        (".cargo_vcs_info.json", "{\"git\": {\"sha1\": ".to_owned()),
        (".cargo_vcs_info.json", "[1, 2]".to_owned()),
    ] {
        let data = Bytes::from(text.clone());
        let node = registry::analyze(input(name, &data), &Limits::default());
        assert_eq!(node.format, "text", "{name}: {text:.40}");
        assert!(
            node.notes.iter().any(|n| n.contains("could not read as")),
            "{:?}",
            node.notes
        );
    }
}

#[test]
fn a_corrupt_crate_is_a_gzip_with_a_note() {
    let mut bytes = crate_file("crate-vcs-sha1", "a").to_vec();
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    let data = Bytes::from(bytes);
    let node = registry::analyze(input("tinycrate-0.1.0.crate", &data), &Limits::default());
    assert!(!node.notes.is_empty());
}
