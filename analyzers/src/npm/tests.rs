//! The package.json analyzer on what `npm pack` made (corpus/npm-*), and on variants of it.

use std::io::Read;

use bytes::Bytes;

use super::*;
use crate::test_support::{corpus, differing_fields, field};
use crate::{registry, Value};

fn input<'a>(name: &'a str, data: &'a Bytes) -> Input<'a> {
    Input { name, data }
}

/// The package.json packed into `pair`/`side`'s tarball.
fn packed(pair: &str, side: &str, file: &str) -> String {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(&corpus(&format!("{pair}/{side}/{file}"))[..])
        .read_to_end(&mut tar)
        .unwrap();
    let mut archive = ::tar::Archive::new(tar.as_slice());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().to_str() == Some("package/package.json") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            return text;
        }
    }
    panic!("no package/package.json");
}

fn analyze(text: &str) -> Node {
    let data = Bytes::from(text.to_owned());
    PackageJsonAnalyzer
        .analyze(input("package/package.json", &data), &Limits::default())
        .unwrap()
}

#[test]
fn a_packed_package_json_is_one_field_per_key() {
    let text = packed("npm-pack-twice", "a", "tinynpm-1.0.0.tgz");
    let data = Bytes::from(text.clone());
    assert_eq!(
        registry::detect(input("package/package.json", &data)).format(),
        "npm"
    );
    let node = analyze(&text);
    let get = |name: &str| field(&node.fields, name);
    assert_eq!(get("npm.version").value, Value::Str("1.0.0".into()));
    assert_eq!(get("npm.version").kind, FieldKind::Opaque);
    assert_eq!(get("npm.scripts").value, Value::Str("test".into()));
    assert_eq!(
        get("npm.scripts[test]").value,
        Value::Str("node -e \"require('./lib/index.js')\"".into())
    );
    // The layout keeps keys and spacing, not values.
    let layout = get("npm.layout").value.to_string();
    assert!(layout.contains("\"version\": …"), "{layout}");
    assert!(!layout.contains("1.0.0"), "{layout}");
}

#[test]
fn fields_npm_adds_have_their_kinds() {
    let node = analyze(
        r#"{"name": "dep", "version": "1.0.0", "gitHead": "0123456789abcdef0123456789abcdef01234567",
            "_npmVersion": "6.14.18", "_nodeVersion": "20.20.2", "_where": "/tmp/build-a",
            "_resolved": "file:../dep-1.0.0.tgz", "_integrity": "sha512-abc=", "_from": "dep@1"}"#,
    );
    let kind = |name: &str| field(&node.fields, name).kind;
    assert_eq!(
        kind("npm.gitHead"),
        FieldKind::Captured(crate::Captured::VcsState)
    );
    assert_eq!(kind("npm._npmVersion"), FieldKind::ToolVersion);
    assert_eq!(kind("npm._nodeVersion"), FieldKind::ToolVersion);
    assert_eq!(kind("npm._where"), FieldKind::SourcePath);
    for name in ["npm._resolved", "npm._integrity", "npm._from"] {
        assert_eq!(kind(name), FieldKind::Text, "{name}");
    }
}

#[test]
fn a_version_bump_is_the_version_field_only() {
    let a = analyze(&packed("npm-edit-version", "a", "tinynpm.tgz"));
    let b = analyze(&packed("npm-edit-version", "b", "tinynpm.tgz"));
    assert_eq!(differing_fields(&a, &b), ["npm.version"]);
}

#[test]
fn reordered_dependencies_differ_in_their_order_and_layout() {
    let a = analyze(r#"{"dependencies": {"a": "1", "b": "2"}}"#);
    let b = analyze(r#"{"dependencies": {"b": "2", "a": "1"}}"#);
    let differing: Vec<&str> = a
        .fields
        .iter()
        .zip(&b.fields)
        .filter(|(l, r)| l != r)
        .map(|(l, _)| l.name.as_ref())
        .collect();
    assert_eq!(
        differing,
        [
            "npm.dependencies[a]",
            "npm.dependencies[b]",
            "npm.dependencies.order",
            "npm.layout"
        ]
    );
}

#[test]
fn numbers_keep_their_digits_and_duplicate_keys_are_noted() {
    let node = analyze(r#"{"n": 12345678901234567890123, "n": 12345678901234567890124}"#);
    let values: Vec<String> = node
        .fields
        .iter()
        .filter(|f| f.name == "npm.n")
        .map(|f| f.value.to_string())
        .collect();
    assert_eq!(
        values,
        ["12345678901234567890123", "12345678901234567890124"]
    );
    assert!(node.notes.iter().any(|n| n.contains("twice")));
}

#[test]
fn hostile_package_json_falls_back_to_text_with_a_note() {
    for text in [
        format!("{{\"a\": {}}}", "[".repeat(100_000)),
        format!("{{\"a\": {}1{}}}", "[".repeat(100), "]".repeat(100)),
        "{\"a\": ".to_owned(),
        "[\"not an object\"]".to_owned(),
    ] {
        let data = Bytes::from(text.clone());
        let node = registry::analyze(input("package/package.json", &data), &Limits::default());
        assert_eq!(node.format, "text", "{text:.40}");
        assert!(node
            .notes
            .iter()
            .any(|n| n.contains("could not read as npm")));
    }
}

/// A tar of two members with these times.
fn tar_with_times(times: [u64; 2]) -> Bytes {
    let mut builder = ::tar::Builder::new(Vec::new());
    for (index, time) in times.into_iter().enumerate() {
        let mut header = ::tar::Header::new_ustar();
        header.set_size(1);
        header.set_mode(0o644);
        header.set_mtime(time);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("package/f{index}"), &b"x"[..])
            .unwrap();
    }
    Bytes::from(builder.into_inner().unwrap())
}

#[test]
fn npm_s_fixed_member_time_is_named_in_a_note_only_when_every_member_has_it() {
    let note = |data: &Bytes| {
        crate::tar::TarAnalyzer
            .analyze(input("tinynpm.tar", data), &Limits::default())
            .unwrap()
            .notes
            .iter()
            .any(|n| n.contains("npm pack's fixed entry time"))
    };
    assert!(note(&tar_with_times([499_162_500, 499_162_500])));
    assert!(!note(&tar_with_times([499_162_500, 1_700_000_000])));
    // The real tarball, through gzip.
    let packed = corpus("npm-pack-twice/a/tinynpm-1.0.0.tgz");
    let gzip = registry::analyze(input("tinynpm-1.0.0.tgz", &packed), &Limits::default());
    let crate::MemberData::Bytes(tar) = &gzip.members[0].data else {
        panic!("not decoded");
    };
    assert!(note(tar));
}
