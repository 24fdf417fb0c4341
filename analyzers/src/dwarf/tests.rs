//! Tests on the DWARF that mingw-w64's gcc wrote into the corpus's PE images.

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
        .map(|(l, _)| l.name.clone())
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
