//! Tests of the metadata analyzer on files written by real tools (see
//! `tests/fixtures/pymeta/make.sh`: setuptools 69.5.1 + wheel 0.43.0 and setuptools 44.1.1 + wheel
//! 0.33.6 building the same package), on detection by name, and on hostile input.

use bytes::Bytes;

use super::*;
use crate::test_support::differing_fields;
use crate::{registry, Value};

fn fixture(name: &str) -> Bytes {
    let path = format!(
        "{}/tests/fixtures/pymeta/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn analyze(name: &str, data: &Bytes) -> Node {
    PymetaAnalyzer
        .analyze(Input { name, data }, &Limits::default())
        .expect("metadata reads")
}

fn analyze_text(text: &str) -> Node {
    analyze("x-1.0.dist-info/METADATA", &Bytes::from(text.to_owned()))
}

fn field<'a>(node: &'a Node, name: &str) -> &'a Field {
    node.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {:?}", node.fields))
}

fn value(node: &Node, name: &str) -> String {
    field(node, name).value.to_string()
}

fn content(node: &Node) -> &str {
    match &node.content {
        Content::Text(text) => text,
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn detection_is_by_name_only() {
    for claimed in [
        "tinymeta-1.0.0.dist-info/METADATA",
        "tinymeta-1.0.0.dist-info/WHEEL",
        "site-packages/six-1.16.0.dist-info/METADATA",
        "EGG-INFO/PKG-INFO",
        "dist/x.egg/EGG-INFO/PKG-INFO",
        "tinymeta.egg-info/PKG-INFO",
        "src/tinymeta.egg-info/PKG-INFO",
        "PKG-INFO",
        "tinymeta-1.0.0/PKG-INFO",
        "./my-pkg-2.0/PKG-INFO",
    ] {
        let data = Bytes::from_static(b"\x1f\x8b\x08 not even text");
        assert_eq!(
            PymetaAnalyzer.detect(Input {
                name: claimed,
                data: &data
            }),
            Detection::ByName,
            "{claimed}"
        );
    }
    for ignored in [
        "METADATA",
        "docs/METADATA",
        "x.dist-info/RECORD",
        ".dist-info/METADATA",
        "x.dist-info/METADATA.txt",
        "x.dist-info/metadata",
        "x.egg-info/requires.txt",
        "x.egg-info/SOURCES.txt",
        "pkg/PKG-INFO",
        "a/tinymeta-1.0.0/PKG-INFO",
        "README.md",
        "WHEEL",
    ] {
        let data = Bytes::from_static(b"Metadata-Version: 2.1\nName: x\n");
        assert_eq!(
            PymetaAnalyzer.detect(Input {
                name: ignored,
                data: &data
            }),
            Detection::No,
            "{ignored}"
        );
    }
}

#[test]
fn the_registry_prefers_the_name_over_the_text_fallback() {
    let data = fixture("new/METADATA");
    let pick = |name| registry::detect(Input { name, data: &data }).format();
    assert_eq!(pick("tinymeta-1.0.0.dist-info/METADATA"), "pymeta");
    assert_eq!(pick("tinymeta-1.0.0.dist-info/README"), "text");
}

#[test]
fn a_wheel_s_metadata_written_by_setuptools() {
    let node = analyze(
        "tinymeta-1.0.0.dist-info/METADATA",
        &fixture("new/METADATA"),
    );
    assert_eq!(node.format, "pymeta");
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(
        field(&node, "meta.Metadata-Version").kind,
        FieldKind::ToolVersion
    );
    assert_eq!(value(&node, "meta.Metadata-Version"), "2.1");
    assert_eq!(field(&node, "meta.Name").kind, FieldKind::Opaque);
    assert_eq!(field(&node, "meta.Version").kind, FieldKind::Opaque);
    assert_eq!(field(&node, "meta.Summary").kind, FieldKind::Text);
    assert_eq!(
        value(&node, "meta.Home-page"),
        "https://example.org/tinymeta"
    );
    assert_eq!(
        value(&node, "meta.Classifier"),
        "Development Status :: 4 - Beta\nLicense :: OSI Approved :: MIT License\n\
         Operating System :: OS Independent\nProgramming Language :: Python :: 3"
    );
    let order = field(&node, "meta.Classifier.order");
    assert_eq!(order.kind, FieldKind::Order(Ordered::Values));
    assert_eq!(order.value, Value::from("sorted positions 4, 2, 3, 1"));
    assert_eq!(
        value(&node, "meta.Requires-Dist"),
        "attrs<24,>=19.1\n\
         importlib-metadata>=1.0; python_version < \"3.8\"\n\
         pytest-cov; extra == \"test\"\n\
         pytest>=6; extra == \"test\"\n\
         sphinx[testing]!=5.0.0,>=4; extra == \"docs\"\n\
         typing-extensions>=4.0; python_version < \"3.10\""
    );
    let spelling = field(&node, "meta.Requires-Dist.spelling");
    assert_eq!(spelling.kind, FieldKind::Derived(Derivation::spelling()));
    assert!(spelling
        .value
        .to_string()
        .starts_with("attrs <24,>=19.1\nTyping-Extensions >=4.0 ; python_version < \"3.10\""));
    assert_eq!(value(&node, "meta.Provides-Extra"), "docs\ntest");
    assert!(node.fields.iter().all(|f| f.name != "meta.Platform.order"));
    assert_eq!(
        field(&node, "meta.spelling").kind,
        FieldKind::Derived(Derivation::spelling())
    );
    assert_eq!(
        content(&node),
        "# tinymeta\n\nA tiny package whose *metadata* is the point.\n\n    indented line\n"
    );
}

#[test]
fn a_wheel_file_names_its_generator_as_a_tool_version() {
    let node = analyze("tinymeta-1.0.0.dist-info/WHEEL", &fixture("new/WHEEL"));
    assert_eq!(field(&node, "meta.Generator").kind, FieldKind::ToolVersion);
    assert_eq!(value(&node, "meta.Generator"), "bdist_wheel (0.43.0)");
    assert_eq!(
        field(&node, "meta.Wheel-Version").kind,
        FieldKind::ToolVersion
    );
    assert_eq!(value(&node, "meta.Tag"), "py3-none-any");
    assert_eq!(value(&node, "meta.Root-Is-Purelib"), "true");
    assert_eq!(content(&node), "");
    let old = analyze("tinymeta-1.0.0.dist-info/WHEEL", &fixture("old/WHEEL"));
    assert_eq!(
        differing_fields(&node, &old),
        ["meta.Generator", "meta.spelling"]
    );
}

#[test]
fn two_tool_generations_differ_in_spelling_only() {
    // setuptools 44 + wheel 0.33 wrote `attrs (<24,>=19.1)`, `extra == 'test'` and two more
    // trailing blank lines; setuptools 69 + wheel 0.43 `attrs <24,>=19.1`, `extra == 'test'`.
    let name = "tinymeta-1.0.0.dist-info/METADATA";
    let new = analyze(name, &fixture("new/METADATA"));
    let old = analyze(name, &fixture("old/METADATA"));
    assert_eq!(
        differing_fields(&new, &old),
        ["meta.Requires-Dist.spelling", "meta.spelling"]
    );
    assert_eq!(content(&new), content(&old));
}

#[test]
fn a_description_header_reads_as_the_body_does() {
    // setuptools 44 wrote the description as an indented `Description` header and no
    // Requires-Dist in the sdist's PKG-INFO; setuptools 69 the body and Requires-Dist.
    let new = analyze("tinymeta-1.0.0/PKG-INFO", &fixture("new/PKG-INFO"));
    let old = analyze("tinymeta-1.0.0/PKG-INFO", &fixture("old/PKG-INFO"));
    assert_eq!(content(&new), content(&old));
    assert!(old.fields.iter().all(|f| f.name != "meta.Description"));
    assert_eq!(
        differing_fields(&new, &old),
        [
            "meta.Requires-Dist",
            "meta.Requires-Dist.listed",
            "meta.Requires-Dist.listed.order",
            "meta.Requires-Dist.spelling",
            "meta.spelling"
        ]
    );
    // The sdist names Typing_Extensions as written in setup.cfg, the wheel as normalized.
    let wheel = analyze(
        "tinymeta-1.0.0.dist-info/METADATA",
        &fixture("new/METADATA"),
    );
    assert_eq!(
        value(&new, "meta.Requires-Dist"),
        value(&wheel, "meta.Requires-Dist")
    );
}

#[test]
fn the_same_values_in_another_order_differ_in_order_only() {
    let left = analyze_text(
        "Name: x\nClassifier: A\nClassifier: B\nRequires-Dist: b\nRequires-Dist: a\n\nbody\n",
    );
    let right = analyze_text(
        "Name: x\nClassifier: B\nClassifier: A\nRequires-Dist: a\nRequires-Dist: b\n\nbody\n",
    );
    assert_eq!(
        differing_fields(&left, &right),
        [
            "meta.Classifier.order",
            "meta.Requires-Dist.listed.order",
            "meta.Requires-Dist.spelling",
            "meta.spelling"
        ]
    );
    assert!(left.fields.iter().all(|f| f.name != "meta.Name.order"));
}

#[test]
fn a_changed_requirement_is_a_changed_value() {
    let left = analyze_text("Requires-Dist: attrs>=23\nRequires-Dist: six\n");
    let right = analyze_text("Requires-Dist: attrs>=24\nRequires-Dist: six\n");
    assert_eq!(
        differing_fields(&left, &right),
        [
            "meta.Requires-Dist",
            "meta.Requires-Dist.listed",
            "meta.Requires-Dist.spelling",
            "meta.spelling"
        ]
    );
    assert_eq!(value(&right, "meta.Requires-Dist"), "attrs>=24\nsix");
}

#[test]
fn header_names_are_read_in_any_case() {
    let node =
        analyze_text("metadata-version: 2.1\nHome-Page: https://x\nX-Custom: 1\nx-custom: 2\n");
    assert_eq!(value(&node, "meta.Metadata-Version"), "2.1");
    assert_eq!(
        field(&node, "meta.Metadata-Version").kind,
        FieldKind::ToolVersion
    );
    assert_eq!(value(&node, "meta.Home-page"), "https://x");
    assert_eq!(value(&node, "meta.X-Custom"), "1\n2");
    assert!(node
        .notes
        .iter()
        .any(|n| n.contains("X-Custom appears 2 times")));
}

#[test]
fn a_requirement_that_does_not_parse_is_compared_as_written() {
    let node = analyze_text("Requires-Dist: attrs (1.0)\nRequires-Dist: six\n");
    assert_eq!(value(&node, "meta.Requires-Dist"), "attrs (1.0)\nsix");
    assert!(node.notes.iter().any(|n| n.contains("attrs (1.0)")));
}

#[test]
fn hostile_input_reads_or_fails_cleanly() {
    let name = "x-1.0.dist-info/METADATA";
    // No blank line, no colon, only a body, nothing.
    for text in [
        "Name: x",
        "no header at all\n",
        "\n\nbody only\n",
        "",
        "\n",
        ":\n",
        " \n",
    ] {
        let node = analyze(name, &Bytes::from(text.to_owned()));
        assert_eq!(node.format, "pymeta", "{text:?}");
    }
    assert_eq!(
        content(&analyze_text("no header at all\n")),
        "no header at all\n"
    );
    // Binary junk is not metadata: an error, which the registry turns into a note.
    for junk in [&b"\xff\xfe\x00\x01"[..], b"Name: x\n\x00\x00"] {
        let data = Bytes::copy_from_slice(junk);
        assert!(PymetaAnalyzer
            .analyze(Input { name, data: &data }, &Limits::default())
            .is_err());
        let node = registry::analyze(Input { name, data: &data }, &Limits::default());
        assert!(node
            .notes
            .iter()
            .any(|n| n.contains("could not read as pymeta")));
    }
    // A 10 MB header line, a 10 MB requirement, deep marker parentheses, many headers.
    let huge = format!(
        "Summary: {}\nRequires-Dist: {}\n",
        "x".repeat(10 << 20),
        "y".repeat(10 << 20)
    );
    let node = analyze_text(&huge);
    assert_eq!(value(&node, "meta.Summary").len(), 10 << 20);
    assert!(value(&node, "meta.spelling").starts_with("sha256:"));
    let deep = format!(
        "Requires-Dist: x; {}os_name == 'nt'{}\n",
        "(".repeat(1 << 20),
        ")".repeat(1 << 20)
    );
    let node = analyze_text(&deep);
    assert!(!node.notes.is_empty());
    let distinct: String = (0..200_000).map(|i| format!("X-{i}: v\n")).collect();
    assert_eq!(analyze_text(&distinct).fields.len(), 200_001);
    let many = "Classifier: c\n".repeat(100_000);
    let node = analyze_text(&many);
    assert_eq!(value(&node, "meta.Classifier").lines().count(), 100_000);
}

#[test]
fn installed_files_are_read_from_record_and_installed_files_txt() {
    let record = b"yaml/__init__.py,sha256=abc,12\n\"a,b.py\",,\nPyYAML-6.0.dist-info/RECORD,,\n";
    assert_eq!(
        installed_files("lib/PyYAML-6.0.dist-info/RECORD", record).unwrap(),
        ["yaml/__init__.py", "a,b.py", "PyYAML-6.0.dist-info/RECORD"]
    );
    let egg = b"../six.py\nPKG-INFO\n";
    assert_eq!(
        installed_files("six-1.0-py3.11.egg-info/installed-files.txt", egg).unwrap(),
        ["six.py", "six-1.0-py3.11.egg-info/PKG-INFO"]
    );
    assert!(installed_files("docs/RECORD", record).is_none());
    assert!(installed_files("x.dist-info/RECORD", b"\xff\xfe").is_none());
}

#[test]
fn fuzz_crashes_read_cleanly() {
    // Found by `cargo fuzz run pymeta`: a requirement whose marker holds a two-byte character
    // right before where an ` and ` could start; the effective-requirements scan sliced a str
    // inside it.
    let data = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pymeta/fuzz/effective-char-boundary.METADATA"),
    )
    .unwrap();
    let data = Bytes::from(data);
    let input = Input {
        name: "x-1.0.dist-info/METADATA",
        data: &data,
    };
    // Called directly, not through the registry, which would turn a panic into a note.
    let node = PymetaAnalyzer.analyze(input, &Limits::default()).unwrap();
    assert_eq!(node.format, "pymeta");
}
