//! Gems, crates and npm packages through the whole pipeline: what follows from what, and the
//! edits that look like the tools' own values but must stay content.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use whydiff::classify::{Category, Cause, KnownValues};
use whydiff::difference::Difference;
use whydiff::report::Report;
use whydiff::{compare, Options};

fn compare_pair(left: &Path, right: &Path) -> Report {
    let known = KnownValues::default();
    let options = Options {
        known: &known,
        ..Options::default()
    };
    compare(left, right, &options).expect("the inputs open")
}

fn corpus_pair(pair: &str) -> Report {
    let dir = common::pair(pair);
    compare_pair(&dir.join("a"), &dir.join("b"))
}

fn by_field<'a>(report: &'a Report, name: &str) -> &'a Difference {
    report
        .differences
        .iter()
        .find(|d| d.observed.field.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no difference in {name}"))
}

fn categories(report: &Report) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = report.root_categories().iter().map(|c| c.id()).collect();
    ids.sort();
    ids
}

/// The members of a tar, with their headers.
fn entries(tar: &[u8]) -> Vec<(tar::Header, String, Vec<u8>)> {
    let mut archive = tar::Archive::new(tar);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.header().clone(), name, data)
        })
        .collect()
}

/// `tar` with the member `name` passed through `edit`, every header otherwise kept.
fn edit_tar(tar: &[u8], name: &str, edit: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (mut header, path, mut data) in entries(tar) {
        if path == name {
            data = edit(data);
        }
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder
            .append_data(&mut header, &path, data.as_slice())
            .unwrap();
    }
    builder.into_inner().unwrap()
}

/// gunzip and gzip again with the original header's time (the gzip stream is otherwise new).
fn edit_gzip(gz: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .unwrap();
    let mtime = u32::from_le_bytes(gz[4..8].try_into().unwrap());
    let mut encoder = flate2::GzBuilder::new()
        .mtime(mtime)
        .write(Vec::new(), flate2::Compression::default());
    encoder.write_all(edit(text).as_bytes()).unwrap();
    encoder.finish().unwrap()
}

/// Writes `left` and `right` as `name` in two fresh directories and compares them.
fn compare_bytes(name: &str, left: &[u8], right: &[u8]) -> Report {
    let dir = tempfile::tempdir().unwrap();
    for (side, data) in [("a", left), ("b", right)] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        std::fs::write(dir.path().join(side).join(name), data).unwrap();
    }
    compare_pair(&dir.path().join("a"), &dir.path().join("b"))
}

fn corpus_file(path: &str) -> Vec<u8> {
    std::fs::read(common::root().join("corpus").join(path)).unwrap()
}

/// A gem built on two days: every checksum follows from the member it is of, and only from it.
#[test]
fn a_gem_s_checksums_follow_from_the_members_they_hash() {
    let report = corpus_pair("gem-build-time");
    assert_eq!(categories(&report), ["timestamp"]);
    for algorithm in ["SHA256", "SHA512"] {
        for member in ["metadata.gz", "data.tar.gz"] {
            let digest = by_field(&report, &format!("checksums.{algorithm}@{member}"));
            assert_eq!(digest.category, Category::Derived, "{}", digest.evidence);
            assert!(!digest.derived_from.is_empty());
            for &root in &digest.derived_from {
                let root = &report.differences[root];
                assert_eq!(root.observed.path[1], member, "{algorithm} of {member}");
                assert_ne!(root.category, Category::Derived);
            }
        }
    }
}

/// One gem whose checksums file alone was edited (a digest changed, the member it names did
/// not): the digest no longer matches its member and the change is content, never a checksum
/// that follows.
#[test]
fn a_gem_digest_edited_alone_is_content() {
    let built = corpus_file("gem-build-time/a/tinygem-1.0.0.gem");
    // Both sides' checksums gzip'd again alike: only the digest differs.
    let gem = edit_tar(&built, "checksums.yaml.gz", |gz| {
        edit_gzip(&gz, |text| text)
    });
    let forged = edit_tar(&built, "checksums.yaml.gz", |gz| {
        edit_gzip(&gz, |text| {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with("data.tar.gz: "))
                .unwrap()
                .to_owned();
            let digest = line.rsplit(' ').next().unwrap();
            text.replace(digest, &digest.chars().rev().collect::<String>())
        })
    });
    let report = compare_bytes("tinygem-1.0.0.gem", &gem, &forged);
    assert_eq!(categories(&report), ["content"]);
    let forged = report
        .differences
        .iter()
        .find(|d| d.observed.field.as_deref() == Some("checksums.SHA256[data.tar.gz]"))
        .expect("the forged digest is a field of its own");
    assert_eq!(forged.category, Category::Content);
}

/// The gemspec's date written by RubyGems from the build's clock is a timestamp (the gem's own
/// archive times witness it); a date the gemspec sets and someone edited is content.
#[test]
fn a_gemspec_date_is_the_build_s_only_with_a_witness() {
    let built = corpus_pair("gem-build-time");
    assert_eq!(
        by_field(&built, "gemspec.date").category,
        Category::Timestamp
    );
    let edited = corpus_pair("gem-edit-date");
    let date = by_field(&edited, "gemspec.date");
    assert_eq!(date.category, Category::Content, "{}", date.evidence);
}

/// An edit of the manifest is one root in Cargo.toml.orig; the normalized Cargo.toml restates it.
#[test]
fn a_crate_s_normalized_manifest_follows_from_the_original() {
    let report = corpus_pair("crate-edit-description");
    let edit = report
        .differences
        .iter()
        .find(|d| {
            d.observed.field.as_deref() == Some("cargo.package.description")
                && d.observed.path.last().unwrap().ends_with("Cargo.toml.orig")
        })
        .unwrap();
    assert_eq!(edit.category, Category::Content);
    let restated = by_field(&report, "cargo.package.description@Cargo.toml.orig");
    assert_eq!(
        restated.category,
        Category::Derived,
        "{}",
        restated.evidence
    );
    assert_eq!(restated.derived_from, [edit.id], "nothing but the edit");
    assert_eq!(by_field(&report, "vcs.git.sha1").cause, Cause::VcsState);
}

/// The normalized Cargo.toml edited alone (its original unchanged): content, not a restatement.
#[test]
fn a_normalized_manifest_edited_alone_is_content() {
    let packaged = corpus_file("crate-package-twice/a/tinycrate-0.1.0.crate");
    // Both sides gzip'd again alike: only the edit differs.
    let gz = edit_gzip_bytes(&packaged, |tar| tar);
    let edited = edit_gzip_bytes(&packaged, |tar| {
        edit_tar(&tar, "tinycrate-0.1.0/Cargo.toml", |text| {
            String::from_utf8(text)
                .unwrap()
                .replace("whydiff's corpus", "whydiff's other corpus")
                .into_bytes()
        })
    });
    let report = compare_bytes("tinycrate-0.1.0.crate", &gz, &edited);
    assert_eq!(categories(&report), ["content"]);
    let description = by_field(&report, "cargo.package.description");
    assert_eq!(description.category, Category::Content);
}

fn edit_gzip_bytes(gz: &[u8], edit: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut data)
        .unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&edit(data)).unwrap();
    encoder.finish().unwrap()
}

/// package.json fields npm writes: the tool's version is a tool version, gitHead the checkout's
/// state; the package's version, bumped, is content.
#[test]
fn package_json_fields_npm_writes_and_a_version_bump() {
    let json = |version: &str, npm: &str, head: &str| {
        format!(
            "{{\n  \"name\": \"dep\",\n  \"version\": \"{version}\",\n  \"gitHead\": \"{head}\",\n  \
             \"_npmVersion\": \"{npm}\"\n}}\n"
        )
    };
    let (head_a, head_b) = ("1".repeat(40), "2".repeat(40));
    let report = compare_bytes(
        "package.json",
        json("1.0.0", "6.14.17", &head_a).as_bytes(),
        json("1.0.0", "6.14.18", &head_b).as_bytes(),
    );
    assert_eq!(categories(&report), ["dependency-version", "environment"]);
    assert_eq!(by_field(&report, "npm.gitHead").cause, Cause::VcsState);
    assert_eq!(
        by_field(&report, "npm._npmVersion").cause,
        Cause::ToolVersion
    );
    let bumped = compare_bytes(
        "package.json",
        json("1.0.0", "6.14.18", &head_a).as_bytes(),
        json("1.0.1", "6.14.18", &head_a).as_bytes(),
    );
    assert_eq!(categories(&bumped), ["content"]);
    let pair = corpus_pair("npm-edit-version");
    assert_eq!(by_field(&pair, "npm.version").category, Category::Content);
}
