//! The build settings the hostile-input defenses rely on.

use std::panic::catch_unwind;

/// The `[profile.NAME]` table of Cargo.toml, as text.
fn profile(manifest: &str, name: &str) -> String {
    let header = format!("[profile.{name}]");
    let start = manifest
        .find(&header)
        .unwrap_or_else(|| panic!("Cargo.toml has no {header}"));
    let body = &manifest[start + header.len()..];
    let end = body.find("\n[").unwrap_or(body.len());
    body[..end].to_owned()
}

#[test]
fn both_profiles_unwind_and_release_checks_overflow() {
    let manifest = include_str!("../Cargo.toml");
    for name in ["dev", "release"] {
        let table = profile(manifest, name);
        assert!(
            table.contains("panic = \"unwind\""),
            "[profile.{name}] must state panic = \"unwind\": analyzer panics are caught\n{table}"
        );
    }
    assert!(
        profile(manifest, "release").contains("overflow-checks = true"),
        "the release profile must check arithmetic overflow"
    );
}

#[test]
fn this_build_unwinds() {
    const { assert!(cfg!(panic = "unwind")) };
    let caught = catch_unwind(|| panic!("a reader bug"));
    assert!(caught.is_err(), "a panic is caught, not an abort");
}
