//! Tests on pycs and marshal streams written by the real interpreters (CPython 2.7 and 3.6–3.13,
//! see `tests/fixtures/pyc/make.sh`), and on hostile inputs.

use std::collections::BTreeSet;

use super::marshal::{Encoding, Obj, ParseError, MAX_DEPTH};
use super::render::FIELD_LIMIT;
use super::*;
use crate::{Member, MemberData, Ordered};
use bytes::Bytes;

/// The interpreters of the fixtures: (file suffix, magic text).
const INTERPRETERS: &[(&str, &str)] = &[
    ("27", "2.7 (62211)"),
    ("36", "3.6 (3379)"),
    ("37", "3.7 (3394)"),
    ("38", "3.8 (3413)"),
    ("39", "3.9 (3425)"),
    ("310", "3.10 (3439)"),
    ("311", "3.11 (3495)"),
    ("312", "3.12 (3531)"),
    ("313", "3.13 (3571)"),
];

/// Where make.sh compiles the fixtures.
const BUILD_DIR_A: &str = "/tmp/whydiff-pyc-fixture-a";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pyc/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn try_analyze(data: &[u8]) -> Result<Node, AnalyzeError> {
    let data = Bytes::copy_from_slice(data);
    PycAnalyzer.analyze(
        Input {
            name: "test.pyc",
            data: &data,
        },
        &Limits::default(),
    )
}

/// The node as the engine sees it when the two sides' digests differ: deferred parts computed.
fn analyze(data: &[u8]) -> Node {
    try_analyze(data).unwrap().complete().into_owned()
}

/// The node as analyzed, its code objects deferred behind the module's digest.
fn analyze_deferred(data: &[u8]) -> Node {
    try_analyze(data).unwrap()
}

fn digest_of(node: &Node) -> crate::Key {
    node.deferred.as_ref().expect("a deferred body").key.clone()
}

fn analyze_fixture(name: &str) -> Node {
    analyze(&fixture(name))
}

fn field<'a>(fields: &'a [Field], name: &str) -> &'a Value {
    &fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
        .value
}

fn text(fields: &[Field], name: &str) -> String {
    field(fields, name).to_string()
}

fn member<'a>(node: &'a Node, name: &str) -> &'a Member {
    node.members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {:?}", member_names(node)))
}

fn member_names(node: &Node) -> BTreeSet<&str> {
    node.members.iter().map(|m| m.name.as_str()).collect()
}

/// What differs between two nodes, as the engine would pair them: node fields by name, members
/// by name, member fields by name, content.
fn differences(left: &Node, right: &Node) -> Vec<String> {
    fn fields(prefix: &str, left: &[Field], right: &[Field], out: &mut Vec<String>) {
        let names: BTreeSet<&str> = left.iter().chain(right).map(|f| f.name.as_ref()).collect();
        for name in names {
            let find = |fields: &[Field]| fields.iter().find(|f| f.name == name).cloned();
            if find(left) != find(right) {
                out.push(format!("{prefix}{name}"));
            }
        }
    }
    let mut out = Vec::new();
    fields("", &left.fields, &right.fields, &mut out);
    let names: BTreeSet<&str> = member_names(left)
        .union(&member_names(right))
        .copied()
        .collect();
    for name in names {
        let find = |node: &Node| node.members.iter().find(|m| m.name == name).cloned();
        match (find(left), find(right)) {
            (Some(l), Some(r)) => fields(&format!("{name} › "), &l.fields, &r.fields, &mut out),
            _ => out.push(format!("{name} (one side only)")),
        }
    }
    let content = |node: &Node| match &node.content {
        Content::Bytes(bytes) => Some(bytes.clone()),
        _ => None,
    };
    if content(left) != content(right) {
        out.push("content".to_owned());
    }
    out
}

// ---- every interpreter ----------------------------------------------------------------------

#[test]
fn every_interpreter_is_recognized_by_magic() {
    for (suffix, magic) in INTERPRETERS {
        let data = Bytes::from(fixture(&format!("sample-{suffix}.pyc")));
        let input = Input {
            name: "anything",
            data: &data,
        };
        assert_eq!(PycAnalyzer.detect(input), Detection::ByMagic, "{suffix}");
        assert_eq!(crate::detect(input).format(), "pyc", "{suffix}");
        let node = analyze(&data);
        assert_eq!(text(&node.fields, "pyc.magic"), *magic);
        assert!(node.notes.is_empty(), "{suffix}: {:?}", node.notes);
        assert!(matches!(node.content, Content::None));
        assert_eq!(node.order, MemberOrder::Irrelevant);
        assert_eq!(
            text(&node.fields, "pyc.filename"),
            format!("{BUILD_DIR_A}/sample.py")
        );
        assert_eq!(
            field(&node.fields, "pyc.source-mtime"),
            &Value::Time(Timestamp::unix(1_700_000_000))
        );
        let flags = node.fields.iter().find(|f| f.name == "pyc.flags");
        match *suffix {
            "27" | "36" => assert!(flags.is_none()),
            _ => assert_eq!(flags.unwrap().value.to_string(), "timestamp"),
        }
        match *suffix {
            "27" => assert!(node.fields.iter().all(|f| f.name != "pyc.source-size")),
            _ => assert_eq!(
                field(&node.fields, "pyc.source-size"),
                &Value::Int(fixture("sample.py").len() as i64)
            ),
        }
        let refs = text(&node.fields, "pyc.marshal-refs");
        let expected = if *suffix == "27" {
            "interned: "
        } else {
            "refs: "
        };
        assert!(refs.starts_with(expected), "{refs}");
    }
}

#[test]
fn every_code_object_is_a_member_named_by_its_qualified_path() {
    for (suffix, _) in INTERPRETERS {
        let node = analyze_fixture(&format!("sample-{suffix}.pyc"));
        let names = member_names(&node);
        for expected in [
            "<module>",
            "<module>.is_primary",
            "<module>.everything",
            "<module>.outer",
            "<module>.outer.<locals>.inner",
            "<module>.Thing",
            "<module>.Thing.method",
            "<module>.Thing.<lambda>",
            "<module>.<lambda>",
            "<module>.<lambda>#2",
            "<module>.<genexpr>",
        ] {
            assert!(
                names.contains(expected),
                "{suffix}: {expected} in {names:?}"
            );
        }
        // List comprehensions are code objects from 3.0 to 3.11 (PEP 709 inlined them in 3.12).
        let listcomp = names.contains("<module>.Thing.method.<locals>.<listcomp>");
        assert_eq!(
            listcomp,
            !matches!(*suffix, "27" | "312" | "313"),
            "{suffix}"
        );
        for member in &node.members {
            assert!(matches!(member.data, MemberData::None));
            // Every code object's file name is the module's: one field for the whole file.
            assert!(member.fields.iter().all(|f| f.name != "code.filename"));
        }
        let double = member(&node, "<module>.<lambda>");
        assert_eq!(text(&double.fields, "code.consts"), "(None, 2)");
        let triple = member(&node, "<module>.<lambda>#2");
        assert_eq!(text(&triple.fields, "code.consts"), "(None, 3)");
        let outer = member(&node, "<module>.outer");
        assert_eq!(
            text(&outer.fields, "code.flags"),
            "0x000f OPTIMIZED|NEWLOCALS|VARARGS|VARKEYWORDS"
        );
        assert_eq!(field(&outer.fields, "code.argcount"), &Value::Int(2));
        if *suffix >= "311" && suffix.len() == 3 {
            let inner = member(&node, "<module>.outer.<locals>.inner");
            assert_eq!(text(&inner.fields, "code.qualname"), "outer.<locals>.inner");
            assert_eq!(text(&inner.fields, "code.localsplusnames"), "('c', 'a')");
        } else {
            assert_eq!(text(&outer.fields, "code.cellvars"), "('a',)");
            assert_eq!(
                text(&outer.fields, "code.varnames"),
                "('a', 'b', 'args', 'kwargs', 'inner')"
            );
        }
    }
}

#[test]
fn constants_render_as_python_writes_them() {
    for (suffix, _) in INTERPRETERS {
        let node = analyze_fixture(&format!("sample-{suffix}.pyc"));
        let consts = text(&member(&node, "<module>").fields, "code.consts");
        let python2 = *suffix == "27";
        let mut expected = vec![
            "4294967296",
            "1.5",
            "1e-300",
            "2j",
            "1e+100",
            "'identifier_like'",
            "'not an identifier: spaces and punctuation!'",
            "<code <module>.outer>",
            "<code <module>.<lambda>#2>",
            "'abcdefghijabcdefghij",
            "'long text long text ",
        ];
        if *suffix != "36" {
            // 3.6's peephole optimizer gives up on this module (it needs EXTENDED_ARG): no
            // folded negatives, complexes or tuples.
            expected.push("-0.0");
        }
        if !python2 && *suffix != "36" {
            expected.extend([
                "-98765432109876543210",
                "(1+2j)",
                "(1, 'two', 3.0, None, True, False)",
                "257, 258, 259)",
                "((1, 'a'), ('b', (2, 3)))",
            ]);
        }
        if python2 {
            expected.extend([
                "123456789012345678901234567890123456789L",
                "-98765432109876543210L",
                r"'\x00raw\xff'",
                r"u'caf\xe9 \u20ac \U0001f600'",
            ]);
        } else {
            expected.extend([
                "123456789012345678901234567890123456789",
                "98765432109876543210",
                r"b'\x00raw\xff'",
                "'café € 😀'",
            ]);
        }
        for piece in expected {
            assert!(consts.contains(piece), "{suffix}: {piece} in {consts}");
        }
        let everything = member(&node, "<module>.everything");
        assert!(text(&everything.fields, "code.consts").contains("Ellipsis"));
        let is_primary = member(&node, "<module>.is_primary");
        let consts = text(&is_primary.fields, "code.consts");
        if python2 {
            // Python 2.7 builds the set at run time.
            assert_eq!(consts, "('A docstring.', 'red', 'green', 'blue')");
        } else {
            assert!(
                consts.contains("frozenset({'blue', 'green', 'red'})"),
                "{suffix}: {consts}"
            );
            let order = is_primary
                .fields
                .iter()
                .find(|f| f.name.ends_with(".order"))
                .unwrap_or_else(|| panic!("{suffix}: no order field"));
            assert_eq!(order.kind, FieldKind::Order(Ordered::Values));
            assert!(order.value.to_string().starts_with("sorted positions "));
        }
    }
}

#[test]
fn bytecode_is_a_readable_listing() {
    let node = analyze_fixture("sample-312.pyc");
    let inner = member(&node, "<module>.outer.<locals>.inner");
    assert_eq!(
        text(&inner.fields, "code.bytecode"),
        "COPY_FREE_VARS 1; RESUME 0; LOAD_DEREF 1 (a); LOAD_FAST 0 (c); BINARY_OP 0 (+); RETURN_VALUE"
    );
    let node = analyze_fixture("sample-27.pyc");
    let inner = member(&node, "<module>.outer.<locals>.inner");
    assert_eq!(
        text(&inner.fields, "code.bytecode"),
        "LOAD_DEREF 0 (a); LOAD_FAST 0 (c); BINARY_ADD; RETURN_VALUE"
    );
    for (suffix, _) in INTERPRETERS {
        let node = analyze_fixture(&format!("sample-{suffix}.pyc"));
        for member in &node.members {
            let listing = text(&member.fields, "code.bytecode");
            assert!(
                !listing.contains("<opcode") && !listing.contains("<out of range>"),
                "{suffix} {}: {listing}",
                member.name
            );
            let linetable = text(&member.fields, "code.linetable");
            assert!(linetable.starts_with("sha256:"), "{linetable}");
        }
    }
}

#[test]
fn parameters_of_every_python3_syntax_are_counted() {
    for suffix in ["38", "39", "310", "311", "312", "313"] {
        let node = analyze_fixture(&format!("modern-{suffix}.pyc"));
        assert!(node.notes.is_empty(), "{suffix}: {:?}", node.notes);
        let parameters = member(&node, "<module>.parameters");
        assert_eq!(field(&parameters.fields, "code.argcount"), &Value::Int(3));
        assert_eq!(
            field(&parameters.fields, "code.posonlyargcount"),
            &Value::Int(2)
        );
        assert_eq!(
            field(&parameters.fields, "code.kwonlyargcount"),
            &Value::Int(1)
        );
        let fetch = member(&node, "<module>.fetch");
        assert!(text(&fetch.fields, "code.flags").contains("COROUTINE"));
        member(&node, "<module>.Point.moved.<locals>.shift");
        member(&node, "<module>.Point.__init__");
    }
}

// ---- pairs of builds ------------------------------------------------------------------------

#[test]
fn two_build_directories_differ_in_the_file_name_only() {
    for suffix in ["312", "27"] {
        let a = fixture(&format!("path-a-{suffix}.pyc"));
        let b = fixture(&format!("path-b-{suffix}.pyc"));
        assert_ne!(a, b);
        // The code objects are not even rendered: the digests that stand for them are equal.
        assert_eq!(
            digest_of(&analyze_deferred(&a)),
            digest_of(&analyze_deferred(&b)),
            "{suffix}"
        );
        let (a, b) = (analyze(&a), analyze(&b));
        // Rendered anyway, they differ in the file name only (the shared values list it by role).
        assert_eq!(differences(&a, &b), ["pyc.filename"], "{suffix}");
        let kind = a
            .fields
            .iter()
            .find(|f| f.name == "pyc.filename")
            .unwrap()
            .kind;
        assert_eq!(kind, FieldKind::SourcePath);
        assert_eq!(
            text(&b.fields, "pyc.filename"),
            "/var/tmp/whydiff-pyc-fixture-build-b/sample.py"
        );
    }
}

#[test]
fn two_source_mtimes_differ_in_the_header_only() {
    let (a, b) = (
        analyze_fixture("mtime-a.pyc"),
        analyze_fixture("mtime-b.pyc"),
    );
    assert_eq!(differences(&a, &b), ["pyc.source-mtime"]);
    assert_eq!(
        field(&b.fields, "pyc.source-mtime"),
        &Value::Time(Timestamp::unix(1_700_086_400))
    );
}

#[test]
fn two_hash_seeds_differ_in_set_order_only() {
    let a = fixture("seed-a-310.pyc");
    let b = fixture("seed-b-310.pyc");
    assert_ne!(a, b, "the fixture pair must differ in bytes");
    let (a, b) = (analyze(&a), analyze(&b));
    let found = differences(&a, &b);
    assert!(!found.is_empty());
    for difference in &found {
        assert!(difference.ends_with(".order"), "{found:?}");
    }
    for node in [&a, &b] {
        for member in &node.members {
            for f in member.fields.iter().filter(|f| f.name.ends_with(".order")) {
                assert_eq!(f.kind, FieldKind::Order(Ordered::Values));
            }
        }
    }
    let known = member(&a, "<module>.known");
    assert!(text(&known.fields, "code.consts")
        .contains("frozenset({'alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta'})"));
}

#[test]
fn invalidation_modes_differ_in_the_header_only() {
    let timestamp = analyze_fixture("mode-timestamp.pyc");
    let checked = analyze_fixture("mode-checked.pyc");
    let unchecked = analyze_fixture("mode-unchecked.pyc");
    assert_eq!(
        differences(&timestamp, &checked),
        [
            "pyc.flags",
            "pyc.source-hash",
            "pyc.source-mtime",
            "pyc.source-size"
        ]
    );
    assert_eq!(differences(&checked, &unchecked), ["pyc.flags"]);
    assert_eq!(text(&checked.fields, "pyc.flags"), "checked-hash");
    assert_eq!(text(&unchecked.fields, "pyc.flags"), "unchecked-hash");
    let hash = checked.fields.iter().find(|f| f.name == "pyc.source-hash");
    assert_eq!(
        hash.unwrap().kind,
        FieldKind::Derived(Derivation::checksum(Covers::Data))
    );
}

#[test]
fn a_one_line_change_differs_in_that_code_object_only() {
    for suffix in ["312", "27"] {
        let a = analyze_fixture(&format!("edit-a-{suffix}.pyc"));
        let b = analyze_fixture(&format!("edit-b-{suffix}.pyc"));
        let found = differences(&a, &b);
        assert!(
            found.contains(&"<module>.outer.<locals>.inner › code.bytecode".to_owned()),
            "{found:?}"
        );
        for difference in &found {
            assert!(
                difference.starts_with("<module>.outer.<locals>.inner › "),
                "{suffix}: {found:?}"
            );
        }
        let listing = text(
            &member(&b, "<module>.outer.<locals>.inner").fields,
            "code.bytecode",
        );
        let expected = if suffix == "27" {
            "BINARY_MULTIPLY"
        } else {
            "BINARY_OP 5 (*)"
        };
        assert!(listing.contains(expected), "{listing}");
    }
}

#[test]
fn a_constant_holding_the_build_directory_is_seen() {
    // As its own object (what CPython writes) and as the file name object itself (marshal then
    // writes the text once, and the constant refers to it).
    for pair in ["selfpath", "shared"] {
        let a = fixture(&format!("{pair}-a-312.pyc"));
        let b = fixture(&format!("{pair}-b-312.pyc"));
        assert_ne!(
            digest_of(&analyze_deferred(&a)),
            digest_of(&analyze_deferred(&b)),
            "{pair}"
        );
        let found = differences(&analyze(&a), &analyze(&b));
        assert!(
            found.contains(&"<module> › code.consts".to_owned()),
            "{pair}: {found:?}"
        );
    }
}

/// The fixtures compiled by one interpreter, by magic number.
fn fixtures_by_magic() -> Vec<Vec<(String, Vec<u8>)>> {
    let directory = format!("{}/tests/fixtures/pyc", env!("CARGO_MANIFEST_DIR"));
    let mut groups: std::collections::BTreeMap<[u8; 4], Vec<(String, Vec<u8>)>> =
        Default::default();
    let mut names: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".pyc"))
        .collect();
    names.sort();
    for name in names {
        let data = fixture(&name);
        groups
            .entry(data[..4].try_into().unwrap())
            .or_default()
            .push((name, data));
    }
    groups.into_values().collect()
}

#[test]
fn equal_digests_mean_equal_rendered_code_objects() {
    // The deferral contract, over every pair of fixtures one interpreter compiled (and each
    // fixture with one more reference flag): equal digests, equal members and module fields
    // but for the file name; and the pairs that differ beyond it have other digests.
    let mut equal_pairs = Vec::new();
    for group in fixtures_by_magic() {
        let mut group = group;
        if let Some((name, data)) = group.iter().find(|(n, _)| n == "sample-312.pyc").cloned() {
            group.push((format!("{name}+flag"), with_one_more_ref_flag(&data)));
        }
        for (i, (left_name, left)) in group.iter().enumerate() {
            for (right_name, right) in &group[i + 1..] {
                let (Ok(l), Ok(r)) = (try_analyze(left), try_analyze(right)) else {
                    continue;
                };
                let (Some(ld), Some(rd)) = (&l.deferred, &r.deferred) else {
                    continue;
                };
                let beyond_header: Vec<String> = differences(&analyze(left), &analyze(right))
                    .into_iter()
                    .filter(|d| !d.starts_with("pyc.source-") && d != "pyc.flags")
                    .filter(|d| d != "pyc.filename")
                    .collect();
                if ld.key == rd.key {
                    assert!(
                        beyond_header.is_empty(),
                        "{left_name} {right_name}: equal digests, yet {beyond_header:?}"
                    );
                    equal_pairs.push(format!("{left_name} {right_name}"));
                } else {
                    assert!(
                        !beyond_header.is_empty(),
                        "{left_name} {right_name}: other digests for equal code objects"
                    );
                }
            }
        }
    }
    // One module built in two directories, at two times, in three invalidation modes: equal.
    for pair in [
        "path-a-27.pyc path-b-27.pyc",
        "path-a-312.pyc path-b-312.pyc",
        "mtime-a.pyc mtime-b.pyc",
        "mode-checked.pyc mode-unchecked.pyc",
        "mode-checked.pyc mode-timestamp.pyc",
    ] {
        assert!(
            equal_pairs.iter().any(|p| p == pair),
            "{pair}: {equal_pairs:?}"
        );
    }
    // An edit, another hash seed, one more reference flag: other digests.
    for pair in [
        "edit-a-27.pyc edit-b-27.pyc",
        "edit-a-312.pyc edit-b-312.pyc",
        "seed-a-310.pyc seed-b-310.pyc",
        "sample-312.pyc sample-312.pyc+flag",
    ] {
        assert!(!equal_pairs.iter().any(|p| p == pair), "{pair}");
    }
}

/// Sets FLAG_REF on an object that has none, late enough in the stream that no later object's
/// reference index moves: the same graph, one more flag.
fn with_one_more_ref_flag(data: &[u8]) -> Vec<u8> {
    let graph = marshal::read(
        data,
        16,
        Dialect {
            python2: false,
            layout: Layout::Py311,
        },
    )
    .unwrap();
    let position = graph
        .objects
        .iter()
        .rposition(|o| o.ref_index.is_none() && !matches!(o.obj, Obj::Ref(_)))
        .unwrap();
    let later = &graph.objects[position + 1..];
    let index = graph.objects[..position]
        .iter()
        .filter(|o| o.ref_index.is_some())
        .count() as u32;
    assert!(later.iter().all(|o| o.ref_index.is_none()));
    assert!(later.iter().all(|o| match o.obj {
        Obj::Ref(target) => graph.objects[target as usize].ref_index < Some(index),
        _ => true,
    }));
    let mut changed = data.to_vec();
    changed[graph.objects[position].offset] |= 0x80;
    changed
}

#[test]
fn reference_flags_alone_differ_in_the_refs_summary_only() {
    let data = fixture("sample-312.pyc");
    let flagged = with_one_more_ref_flag(&data);
    let (a, b) = (analyze(&data), analyze(&flagged));
    assert_eq!(differences(&a, &b), ["pyc.marshal-refs"]);
    assert_eq!(
        field(&a.fields, "pyc.marshal-refs")
            .to_string()
            .split(',')
            .next(),
        Some("refs: 338 flagged")
    );
    assert!(text(&b.fields, "pyc.marshal-refs").starts_with("refs: 339 flagged, sha256:"));
}

// ---- the marshal reader -----------------------------------------------------------------------

fn py3() -> Dialect {
    Dialect {
        python2: false,
        layout: Layout::Py311,
    }
}

fn render_root(data: &[u8], dialect: Dialect) -> String {
    let graph = marshal::read(data, 0, dialect).unwrap();
    assert!(graph.notes.is_empty(), "{:?}", graph.notes);
    Renderer::new(&graph, HashMap::new(), 1 << 20)
        .render(graph.root)
        .text
}

fn summary(data: &[u8]) -> String {
    let graph = marshal::read(data, 0, py3()).unwrap();
    let mut renderer = Renderer::new(&graph, HashMap::new(), 1 << 20);
    sharing::summarize(&graph, &mut renderer, None)
}

#[test]
fn every_marshal_version_of_plain_data_renders_alike() {
    let range: Vec<String> = (0..300).map(|i| i.to_string()).collect();
    let expected = format!(
        "[None, True, False, Ellipsis, StopIteration, 0, -1, 2147483647, -2147483648, \
         1099511627776, -1267650600228229401496703205376, 18446744073709551616, 1.5, -0.0, inf, \
         1e-05, 1e+16, 1j, (1-2j), b'bytes', 'text', 'ünïcode', '{}', (), (1,), ({}), [1, 2], \
         [1, 2], {{'k': 'v', 1: None}}, {{1, 2, 3}}, frozenset({{'x'}}), frozenset(), set(), \
         'shared3', 'shared3']",
        "x".repeat(300),
        range.join(", ")
    );
    for version in 0..=4 {
        let data = fixture(&format!("data-v{version}.bin"));
        assert_eq!(
            render_root(&data, py3()),
            expected,
            "marshal version {version}"
        );
    }
    let python2 = Dialect {
        python2: true,
        layout: Layout::Py27,
    };
    assert_eq!(
        render_root(&fixture("data-27.bin"), python2),
        "[None, True, False, Ellipsis, StopIteration, 0, -1, 1099511627776, \
         1000000000000000000000000000000L, -1000000000000000000000000000000L, 1.5, 1j, 'str', \
         u'uni\\xe9', 'interned', 'interned', (1, 2), [1], {'k': 'v'}, {1}, frozenset({2})]"
    );
}

#[test]
fn the_fixtures_cover_every_type_code() {
    let mut seen = BTreeSet::new();
    let python2 = Dialect {
        python2: true,
        layout: Layout::Py27,
    };
    let mut note = |data: &[u8], start: usize, dialect: Dialect| {
        let graph = marshal::read(data, start, dialect).unwrap();
        for object in &graph.objects {
            seen.insert(object.code & if dialect.python2 { 0xff } else { 0x7f });
        }
    };
    for version in 0..=4 {
        note(&fixture(&format!("data-v{version}.bin")), 0, py3());
    }
    note(&fixture("data-27.bin"), 0, python2);
    note(&fixture("sample-27.pyc"), 8, python2);
    note(&fixture("sample-312.pyc"), 16, py3());
    let all: BTreeSet<u8> = b"0NFTS.iIlfgxystuaAzZ()[{<>crR".iter().copied().collect();
    let missing: Vec<char> = all.difference(&seen).map(|&c| char::from(c)).collect();
    assert!(
        missing.is_empty(),
        "no fixture holds type codes {missing:?}"
    );
}

#[test]
fn slices_of_python_314_are_read() {
    // slice(1, None, None) as 3.14 marshal writes it.
    let data = b":i\x01\x00\x00\x00NN";
    assert_eq!(render_root(data, py3()), "slice(1, None, None)");
}

#[test]
fn references_resolve_to_the_object_they_name() {
    // (FLAG_REF 'abc', ref #0): one string stored once and referred to.
    let shared = b")\x02\xda\x03abcr\x00\x00\x00\x00";
    // The same tuple with the string stored twice.
    let twice = b")\x02\xda\x03abcZ\x03abc";
    assert_eq!(render_root(shared, py3()), "('abc', 'abc')");
    assert_eq!(render_root(twice, py3()), "('abc', 'abc')");
    assert_ne!(summary(shared), summary(twice));
    assert!(summary(shared).starts_with("refs: 1 flagged"));
    let graph = marshal::read(shared, 0, py3()).unwrap();
    assert_eq!(graph.objects[1].ref_index, Some(0));
    assert_eq!(graph.objects[1].offset, 2);
    assert_eq!(graph.objects[2].obj, Obj::Ref(1));
    assert_eq!(
        graph.get(2),
        &Obj::Str(4..7, Encoding::Latin1),
        "a reference reads as its target"
    );
}

#[test]
fn set_order_does_not_change_the_refs_summary() {
    // frozenset({'a', 'b'}) both ways, each string flagged, then a reference to 'a'.
    let ab = b")\x02>\x02\x00\x00\x00\xda\x01a\xda\x01br\x00\x00\x00\x00";
    let ba = b")\x02>\x02\x00\x00\x00\xda\x01b\xda\x01ar\x01\x00\x00\x00";
    assert_eq!(render_root(ab, py3()), render_root(ba, py3()));
    assert_eq!(summary(ab), summary(ba));
}

fn read_error(data: &[u8]) -> ParseError {
    marshal::read(data, 0, py3()).unwrap_err()
}

#[test]
fn huge_length_fields_are_refused_before_any_allocation() {
    for (data, reason) in [
        (&b"(\xff\xff\xff\x7f"[..], "length 2147483647 exceeds"),
        (b"[\x00\x00\x00\x7fN", "length 2130706432 exceeds"),
        (b"s\xff\xff\xff\x7fabc", "length 2147483647 exceeds"),
        (b"u\x00\x00\x00\x80", "negative"),
        (b"l\xff\xff\xff\x7f", "exceeds the limit"),
        (b"l\x00\x00\x01\x00\x01\x00", "runs past the end"),
        (b")\xffN", "runs past the end"),
        (b"z\xffabc", "runs past the end"),
        (b"{N", "runs past the end"),
    ] {
        let error = read_error(data);
        assert!(error.reason.contains(reason), "{data:?}: {error:?}");
    }
    assert!(read_error(b"l\x01\x00\x00\x00\x00\x80")
        .reason
        .contains("out of range"));
    assert!(read_error(b"l\x02\x00\x00\x00\x01\x00\x00\x00")
        .reason
        .contains("unnormalized"));
    assert!(read_error(b"?").reason.contains("unknown type code 0x3f"));
    assert!(read_error(b"R\x00\x00\x00\x00")
        .reason
        .contains("unknown type code"));
}

#[test]
fn deep_nesting_stops_with_a_clear_error() {
    let mut data = b")\x01".repeat(10_000);
    data.push(b'N');
    let error = read_error(&data);
    assert_eq!(error.offset, 2 * MAX_DEPTH);
    assert!(error.reason.contains("nested deeper than 200"), "{error:?}");
    // Just below the limit is fine.
    let mut data = b")\x01".repeat(MAX_DEPTH - 1);
    data.push(b'N');
    assert!(marshal::read(&data, 0, py3()).is_ok());
}

#[test]
fn bad_references_become_error_values_and_notes() {
    let dangling = b")\x02Nr\x05\x00\x00\x00";
    let graph = marshal::read(dangling, 0, py3()).unwrap();
    assert_eq!(graph.notes.len(), 1, "{:?}", graph.notes);
    assert!(graph.notes[0].contains("dangling reference #5"));
    let text = Renderer::new(&graph, HashMap::new(), 1 << 20)
        .render(graph.root)
        .text;
    assert_eq!(
        text,
        "(None, <error: dangling reference #5 (0 objects referable)>)"
    );
    // A flagged tuple holding a reference to itself: a cycle, refused.
    let cycle = b"\xa8\x01\x00\x00\x00r\x00\x00\x00\x00";
    let graph = marshal::read(cycle, 0, py3()).unwrap();
    assert!(graph.notes[0].contains("reference #0 to an object that contains it"));
    let negative = b"r\xff\xff\xff\xff";
    assert!(marshal::read(negative, 0, py3()).unwrap().notes[0].contains("dangling"));
}

#[test]
fn shared_references_cannot_blow_up_rendering() {
    // A 255-byte string, a tuple of 1000 references to it, a tuple of 1000 references to that
    // tuple: a quarter of a gigabyte rendered in full.
    let mut data = b"(\x03\x00\x00\x00".to_vec();
    data.extend(b"\xda\xff");
    data.extend([b'a'; 255]);
    data.extend(b"\xa8\xe8\x03\x00\x00");
    data.extend(b"r\x00\x00\x00\x00".repeat(1000));
    data.extend(b"(\xe8\x03\x00\x00");
    data.extend(b"r\x01\x00\x00\x00".repeat(1000));
    let graph = marshal::read(&data, 0, py3()).unwrap();
    let started = std::time::Instant::now();
    let mut renderer = Renderer::new(&graph, HashMap::new(), 1 << 20);
    let rendered = renderer.render(graph.root);
    assert!(rendered.cut);
    assert!(rendered.text.len() < FIELD_LIMIT + 100);
    let length: usize = rendered
        .text
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(" bytes)")
        .parse()
        .unwrap();
    assert!(
        (1 << 20..(1 << 20) + 300).contains(&length),
        "stops at the total limit: {length}"
    );
    assert!(renderer.exhausted());
    let refs = sharing::summarize(&graph, &mut renderer, None);
    assert!(refs.starts_with("refs: 2 flagged"));
    assert!(started.elapsed().as_secs() < 10);
    // The limits of a real analysis.
    assert_eq!(render::total_limit(data.len()), (16 << 20) + 4 * data.len());
    assert_eq!(render::total_limit(1 << 30), 256 << 20);
}

// ---- hostile files ----------------------------------------------------------------------------

#[test]
fn every_truncation_of_a_real_pyc_ends_in_a_note_or_an_error() {
    for name in ["sample-312.pyc", "sample-27.pyc", "sample-36.pyc"] {
        let data = fixture(name);
        for len in 0..data.len() {
            match try_analyze(&data[..len]) {
                Err(error) => assert!(len < 16, "{name}[..{len}]: {error}"),
                Ok(node) => {
                    assert!(
                        node.notes
                            .iter()
                            .any(|n| n.contains("marshal data unreadable")),
                        "{name}[..{len}]: {:?}",
                        node.notes
                    );
                    assert!(matches!(node.content, Content::Bytes(_)));
                    assert!(node.members.is_empty());
                    text(&node.fields, "pyc.magic");
                }
            }
        }
    }
}

/// A small deterministic generator (xorshift64*), so that the fuzz tests need no crate.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_bytes_after_a_valid_magic_end_in_a_note() {
    let mut noise = Noise(0x5eed);
    for header in [
        &fixture("sample-312.pyc")[..16],
        &fixture("sample-27.pyc")[..8],
    ] {
        for _ in 0..2000 {
            let mut data = header.to_vec();
            let len = noise.below(64);
            data.extend((0..len).map(|_| noise.next() as u8));
            let node = analyze(&data);
            assert!(!node.fields.is_empty());
        }
    }
}

#[test]
fn mutated_pycs_never_panic() {
    let mut noise = Noise(0xfeed);
    for name in [
        "sample-312.pyc",
        "sample-27.pyc",
        "sample-310.pyc",
        "modern-313.pyc",
    ] {
        let original = fixture(name);
        for _ in 0..300 {
            let mut data = original.clone();
            for _ in 0..1 + noise.below(4) {
                let at = 16 + noise.below(data.len() - 16);
                data[at] = noise.next() as u8;
            }
            let _ = analyze(&data);
        }
    }
}

#[test]
fn an_unknown_magic_keeps_the_header_and_the_body_as_bytes() {
    let mut data = fixture("sample-312.pyc");
    data[..2].copy_from_slice(&3700u16.to_le_bytes());
    let node = analyze(&data);
    assert_eq!(text(&node.fields, "pyc.magic"), "unknown (3700)");
    assert_eq!(text(&node.fields, "pyc.flags"), "timestamp");
    assert_eq!(
        node.notes,
        ["unknown pyc magic 3700: body not decoded".to_owned()]
    );
    match &node.content {
        Content::Bytes(body) => assert_eq!(&body[..], &data[16..]),
        other => panic!("{other:?}"),
    }
    // Not claimed by magic, only by name.
    let bytes = Bytes::from(data);
    let input = |name| Input { name, data: &bytes };
    assert_eq!(PycAnalyzer.detect(input("blob")), Detection::No);
    assert_eq!(
        PycAnalyzer.detect(input("x.cpython-316.pyc")),
        Detection::ByName
    );
    assert_eq!(PycAnalyzer.detect(input("OLD.PYO")), Detection::ByName);
}

#[test]
fn a_pyc_name_without_a_pyc_magic_is_an_error() {
    let error = try_analyze(b"not a pyc at all").unwrap_err();
    assert!(error.to_string().contains("no pyc magic"), "{error}");
    assert!(try_analyze(&fixture("sample-312.pyc")[..10]).is_err());
}

#[test]
fn a_body_that_is_not_code_is_rendered_whole() {
    let mut data = fixture("sample-312.pyc")[..16].to_vec();
    data.extend(b")\x02i\x01\x00\x00\x00N");
    let node = analyze(&data);
    assert_eq!(text(&node.fields, "pyc.body"), "(1, None)");
    assert!(node.members.is_empty());
    assert!(node.notes[0].contains("not a code object"));
}

#[test]
fn references_cannot_nest_deeper_than_the_render_limit() {
    // A list of 60 flagged tuples, each 150 levels deep and holding a reference to the one
    // before at its bottom: 9000 levels once references are followed.
    let levels = 60u32;
    let mut data = b"[".to_vec();
    data.extend(levels.to_le_bytes());
    let mut flagged = 0u32;
    for level in 0..levels {
        let first = flagged;
        for _ in 0..150 {
            data.extend(b"\xa9\x01"); // ')' | FLAG_REF, one item
            flagged += 1;
        }
        if level == 0 {
            data.push(b'N');
        } else {
            data.push(b'r');
            data.extend((first - 150).to_le_bytes());
        }
    }
    let graph = marshal::read(&data, 0, py3()).unwrap();
    assert!(graph.notes.is_empty(), "{:?}", graph.notes);
    let mut renderer = Renderer::new(&graph, HashMap::new(), 16 << 20);
    let text = renderer.render(graph.root).text;
    assert!(text.contains(render::CUT_MARK));
    assert!(sharing::summarize(&graph, &mut renderer, None).starts_with("refs: 9000 flagged"));
    // The same as a pyc body: members, order fields and the summary all stop in time.
    let mut pyc = fixture("sample-312.pyc")[..16].to_vec();
    pyc.extend(&data);
    let node = analyze(&pyc);
    assert!(node.fields.iter().any(|f| f.name == "pyc.body"));
}

#[test]
fn the_vocabulary_of_one_source_is_the_same_whatever_interpreter_compiled_it() {
    let vocabulary = |name: &str| text(&analyze_fixture(name).fields, "pyc.vocabulary");
    // 3.6 and 3.7's peephole optimizer kept folded constants beside their operands.
    let reference = vocabulary("sample-38.pyc");
    for version in ["39", "310", "311", "312", "313"] {
        assert_eq!(
            vocabulary(&format!("sample-{version}.pyc")),
            reference,
            "CPython {version}"
        );
    }
    // The limit of the summary: `a + c` → `a * c` keeps every literal and name.
    assert_eq!(vocabulary("edit-a-312.pyc"), vocabulary("edit-b-312.pyc"));
}
