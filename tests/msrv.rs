//! The minimum Rust version: `rust-version` in Cargo.toml is at least the `rust-version` of every
//! crate `Cargo.lock` pins (`cargo metadata --locked`), so that a `--locked` build on the stated
//! version does not fail on a dependency. (Building with that toolchain itself is CI's job where
//! it can install one: `cargo +1.89 check --locked`.)

use std::process::Command;

use serde_json::Value;

/// `1.88`, `1.88.0` → `(1, 88, 0)`.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_declared() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--locked", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let declared = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "whydiff")
        .and_then(|p| p["rust_version"].as_str())
        .expect("whydiff declares a rust-version")
        .to_owned();
    let mut needs: Vec<(String, String)> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let wanted = p["rust_version"].as_str()?;
            let name = format!("{} {}", p["name"].as_str()?, p["version"].as_str()?);
            (version(wanted) > version(&declared)).then(|| (name, wanted.to_owned()))
        })
        .collect();
    needs.sort();
    assert!(
        needs.is_empty(),
        "Cargo.toml says rust-version {declared}, but locked crates need more: {needs:?}"
    );
    // The README states the same minimum.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let short = declared.trim_end_matches(".0");
    assert!(
        readme.contains(&format!("Rust {short} or newer")),
        "README.md does not say \"Rust {short} or newer\""
    );
}
