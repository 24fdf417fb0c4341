//! Tests on the DWARF that mingw-w64's gcc wrote into the corpus's PE images.

use std::collections::HashMap;
use std::sync::Arc;

use super::*;
use crate::{Analyzer, Input, Limits, MemberData};

fn corpus(path: &str) -> Bytes {
    let path = format!("{}/../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// The `<dwarf>` node of a PE image of the corpus.
fn view_of(path: &str) -> Arc<Node> {
    let data = corpus(path);
    let node = crate::pe::PeAnalyzer
        .analyze(
            Input {
                name: "hello.exe",
                data: &data,
            },
            &Limits::default(),
        )
        .unwrap();
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    let member = node.members.iter().find(|m| m.name == MEMBER).unwrap();
    match &member.data {
        MemberData::Node(view) => view.clone(),
        _ => panic!("the DWARF member holds no view"),
    }
}

/// The names of the fields whose values differ between two views (or that one side lacks).
fn differing(a: &Node, b: &Node) -> Vec<String> {
    let mut names: Vec<String> = a
        .fields
        .iter()
        .zip(&b.fields)
        .filter(|(l, r)| l != r)
        .map(|(l, _)| l.name.to_string())
        .collect();
    assert_eq!(
        a.fields.len(),
        b.fields.len(),
        "the same attributes on both sides"
    );
    names.sort();
    names
}

#[test]
fn a_build_directory_of_another_length_is_one_value_not_shifted_offsets() {
    let a = view_of("pe-build-path/a/hello.exe");
    let b = view_of("pe-build-path/b/hello.exe");
    assert!(a.fields.len() > 1000, "every DIE of every unit is read");
    assert_eq!(
        differing(&a, &b),
        [
            "dwarf.encoded",
            "dwarf.unit[1].line.directory[0]",
            "dwarf.unit[1]/compile_unit.DW_AT_comp_dir",
        ]
    );
    let comp_dir = a
        .fields
        .iter()
        .find(|f| f.name == "dwarf.unit[1]/compile_unit.DW_AT_comp_dir")
        .unwrap();
    assert_eq!(comp_dir.kind, FieldKind::SourcePath);
    assert_eq!(comp_dir.value, Value::Str("/tmp/whydiff-pe-a".into()));
    let producer = a
        .fields
        .iter()
        .find(|f| f.name.ends_with("compile_unit.DW_AT_producer"))
        .unwrap();
    assert_eq!(producer.kind, FieldKind::ToolVersion);
}

#[test]
fn a_changed_constant_is_a_changed_program_value() {
    let a = view_of("pe-build-path-edit/a/hello.exe");
    let b = view_of("pe-build-path-edit/b/hello.exe");
    let changed = differing(&a, &b);
    assert!(
        changed
            .iter()
            .any(|name| name.contains("subprogram:main") && name.ends_with("DW_AT_call_value")),
        "{changed:?}"
    );
    let value = a
        .fields
        .iter()
        .find(|f| f.name.ends_with("DW_AT_call_value"))
        .unwrap();
    assert_eq!(value.kind, FieldKind::Program);
}

#[test]
fn unreadable_debug_sections_are_an_error_not_a_panic() {
    let garbage = Bytes::from_static(&[0xff; 64]);
    for name in [".debug_info", ".debug_abbrev", ".debug_line", ".debug_str"] {
        let _ = view(&[(name.to_owned(), garbage.clone())], true);
    }
    let result = view(
        &[
            (".debug_info".to_owned(), garbage.clone()),
            (".debug_abbrev".to_owned(), garbage),
        ],
        true,
    );
    assert!(result.is_err());
}

#[test]
fn mach_o_section_names_read_as_their_elf_spelling() {
    assert_eq!(canonical("__debug_info"), ".debug_info");
    assert_eq!(canonical(".debug_str"), ".debug_str");
    assert!(is_dwarf_section("__debug_line") && is_dwarf_section(".zdebug_info"));
    assert!(!is_dwarf_section(".text") && !is_dwarf_section(".debugger"));
}

/// The DWARF view of an ELF image of the corpus, each unit in detail while its fields stay within
/// `detailed` (0: every unit condensed).
fn elf_view(path: &str, detailed: usize) -> Node {
    let sections = elf_sections(path);
    view_within(&sections, true, detailed, MAX_FIELDS).unwrap()
}

/// The debug sections of a (little-endian) ELF image of the corpus.
fn elf_sections(path: &str) -> Vec<(String, Bytes)> {
    let data = corpus(path);
    let elf = goblin::elf::Elf::parse(&data).unwrap();
    let sections: Vec<(String, Bytes)> = elf
        .section_headers
        .iter()
        .filter_map(|s| {
            let name = elf.shdr_strtab.get_at(s.sh_name)?;
            let start = s.sh_offset as usize;
            (is_dwarf_section(name)).then(|| {
                (
                    name.to_owned(),
                    data.slice(start..start + s.sh_size as usize),
                )
            })
        })
        .collect();
    assert!(!sections.is_empty(), "{path} holds DWARF");
    assert!(elf.little_endian);
    sections
}

/// The kinds of the fields that differ between two views (that one side lacks included), a name
/// that repeats pairing its k-th occurrence with the other side's k-th, as the engine does.
fn differing_kinds(a: &Node, b: &Node) -> Vec<(String, FieldKind)> {
    fn keyed(node: &Node) -> HashMap<(&str, usize), &Field> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        node.fields
            .iter()
            .map(|f| {
                let k = seen.entry(f.name.as_ref()).or_insert(0);
                *k += 1;
                ((f.name.as_ref(), *k), f)
            })
            .collect()
    }
    let (left, right) = (keyed(a), keyed(b));
    let mut out: Vec<(String, FieldKind)> = left
        .iter()
        .filter(|(key, f)| right.get(key).is_none_or(|g| g.value != f.value))
        .map(|(_, f)| (f.name.to_string(), f.kind))
        .collect();
    out.extend(
        right
            .iter()
            .filter(|(key, _)| !left.contains_key(key))
            .map(|(_, f)| (f.name.to_string(), f.kind)),
    );
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

fn program_changed(changes: &[(String, FieldKind)]) -> bool {
    changes.iter().any(|(_, kind)| *kind == FieldKind::Program)
}

#[test]
fn past_the_detailed_budget_a_build_directory_is_still_paths_and_what_follows() {
    for pair in ["elf-build-path", "elf-build-path-depth"] {
        let a = elf_view(&format!("{pair}/a/libhello.so"), 0);
        let b = elf_view(&format!("{pair}/b/libhello.so"), 0);
        assert!(a
            .notes
            .iter()
            .any(|n| n.contains("digest of its other values")));
        let changes = differing_kinds(&a, &b);
        assert!(
            changes.iter().any(
                |(name, kind)| name == "dwarf.unit[0]/compile_unit.DW_AT_comp_dir"
                    && *kind == FieldKind::SourcePath
            ),
            "{changes:?}"
        );
        assert!(
            changes
                .iter()
                .all(|(_, kind)| matches!(kind, FieldKind::SourcePath | FieldKind::Derived(_))),
            "{pair}: {changes:?}"
        );
        assert!(a.fields.iter().any(|f| f.name == "dwarf.unit[0].values"));
    }
}

#[test]
fn past_the_detailed_budget_an_edit_still_changes_the_program() {
    // What the detailed view sees changed is what the condensed one sees changed, by kind.
    for pair in [
        "elf-build-path",
        "elf-build-path-depth",
        "elf-build-path-edit",
    ] {
        let (left, right) = (
            format!("{pair}/a/libhello.so"),
            format!("{pair}/b/libhello.so"),
        );
        let detailed = differing_kinds(
            &elf_view(&left, DETAILED_FIELDS),
            &elf_view(&right, DETAILED_FIELDS),
        );
        let condensed = differing_kinds(&elf_view(&left, 0), &elf_view(&right, 0));
        assert_eq!(
            program_changed(&detailed),
            program_changed(&condensed),
            "{pair}: {detailed:?} vs {condensed:?}"
        );
    }
    for pair in ["pe-build-path", "pe-build-path-edit"] {
        let (left, right) = (format!("{pair}/a/hello.exe"), format!("{pair}/b/hello.exe"));
        let detailed = differing_kinds(
            &pe_view(&left, DETAILED_FIELDS),
            &pe_view(&right, DETAILED_FIELDS),
        );
        let condensed = differing_kinds(&pe_view(&left, 0), &pe_view(&right, 0));
        assert_eq!(
            program_changed(&detailed),
            program_changed(&condensed),
            "{pair}: {detailed:?} vs {condensed:?}"
        );
    }
    // The PE pair's edit shows in the DWARF itself (a call site's argument value): condensed,
    // it is the unit's digest of values, the program's own.
    let a = pe_view("pe-build-path-edit/a/hello.exe", 0);
    let b = pe_view("pe-build-path-edit/b/hello.exe", 0);
    let changes = differing_kinds(&a, &b);
    assert!(
        changes
            .iter()
            .any(|(name, kind)| name.ends_with(".values") && *kind == FieldKind::Program),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|(_, kind)| *kind == FieldKind::SourcePath),
        "{changes:?}"
    );
}

/// The DWARF view of a PE image of the corpus, as [`elf_view`].
fn pe_view(path: &str, detailed: usize) -> Node {
    let data = corpus(path);
    let pe = goblin::pe::PE::parse(&data).unwrap();
    let sections: Vec<(String, Bytes)> = pe
        .sections
        .iter()
        .filter_map(|s| {
            let name = s
                .real_name
                .clone()
                .or_else(|| s.name().ok().map(str::to_owned))?;
            let size = match s.virtual_size {
                0 => s.size_of_raw_data,
                size => size.min(s.size_of_raw_data),
            } as usize;
            let start = s.pointer_to_raw_data as usize;
            is_dwarf_section(&name).then(|| (name, data.slice(start..start + size)))
        })
        .collect();
    assert!(!sections.is_empty(), "{path} holds DWARF");
    view_within(&sections, true, detailed, MAX_FIELDS).unwrap()
}

#[test]
fn debug_information_left_unread_is_not_taken_to_follow_from_what_was_read() {
    let data = corpus("elf-build-path/a/libhello.so");
    let elf = goblin::elf::Elf::parse(&data).unwrap();
    let sections: Vec<(String, Bytes)> = elf
        .section_headers
        .iter()
        .filter_map(|s| {
            let name = elf.shdr_strtab.get_at(s.sh_name)?;
            let start = s.sh_offset as usize;
            is_dwarf_section(name).then(|| {
                (
                    name.to_owned(),
                    data.slice(start..start + s.sh_size as usize),
                )
            })
        })
        .collect();
    let encoded = |node: &Node| {
        node.fields
            .iter()
            .find(|f| f.name == "dwarf.encoded")
            .unwrap()
            .kind
    };
    let whole = view_within(&sections, true, 0, MAX_FIELDS).unwrap();
    assert!(matches!(encoded(&whole), FieldKind::Derived(_)));
    // Cut after a few fields: the digest of the whole is then the program's own value, so a
    // difference in what was not read stays content.
    let cut = view_within(&sections, true, 0, 3).unwrap();
    assert_eq!(encoded(&cut), FieldKind::Program);
    assert!(
        cut.notes.iter().any(|n| n.contains("more than 3 values")),
        "{:?}",
        cut.notes
    );
}
