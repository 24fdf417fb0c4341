//! A frozen application's runtime is its freezer's, not the project's.
//!
//! A PyInstaller executable is PyInstaller's prebuilt bootloader (copied from the PyInstaller
//! installation, the application's archive added as a section or appended), and the archive
//! starts with PyInstaller's own loader modules (`pyimod01_archive`, `pyimod02_importers`…), its
//! bootstrap script (`pyiboot01_bootstrap`) and the runtime hooks of PyInstaller and its hooks
//! collection (`pyi_rth_inspect`, the `_pyi_rth_utils` package). None of that is built from the
//! project's sources: the same PyInstaller release writes it byte for byte the same, whatever
//! the application. When it differs, another PyInstaller (a release, a hooks collection, a
//! bootloader variant) froze the application.
//!
//! The evidence: a CArchive (read as `pyinstaller-carchive`) that is a member of an executable
//! (ELF, PE, Mach-O); within it, changes no other rule explained in the members PyInstaller names
//! with its reserved prefixes (directly or in the PYZ of modules), and in the executable outside
//! the archive (the bootloader's code and data); a runtime hook added or removed is not claimed,
//! since PyInstaller collects hooks for the modules the application imports. The first such
//! change is the root, a `toolchain-version` difference; the others follow from it. The application's own scripts and
//! modules are never claimed: a change there stays `content`, PyInstaller or not.

use std::collections::HashMap;

use crate::classify::{Category, Cause};
use crate::difference::{Difference, ObservedKind};

/// The format of a PyInstaller CArchive.
const ARCHIVE: &str = "pyinstaller-carchive";
/// The format of the PYZ of modules inside it.
const MODULES: &str = "pyinstaller-pyz";
/// The executables a bootloader is.
const EXECUTABLES: &[&str] = &["elf", "pe", "macho"];
/// Names PyInstaller reserves for its runtime: loader modules, bootstrap, runtime hooks.
const RUNTIME_PREFIXES: &[&str] = &["pyimod0", "pyiboot0", "pyi_rth_", "_pyi_rth_utils"];

/// Folds the changes of each PyInstaller runtime under one root.
pub fn link(differences: &mut [Difference], containers: &HashMap<Vec<String>, &'static str>) {
    let mut archives: Vec<&Vec<String>> = containers
        .iter()
        .filter(|(path, format)| {
            **format == ARCHIVE
                && path.split_last().is_some_and(|(_, parent)| {
                    !parent.is_empty()
                        && containers
                            .get(parent)
                            .is_some_and(|format| EXECUTABLES.contains(format))
                })
        })
        .map(|(path, _)| path)
        .collect();
    archives.sort();
    for archive in archives {
        let mut runtime: Vec<usize> = differences
            .iter()
            .filter(|d| d.category == Category::Content && !d.observed.is_derived_field())
            // A runtime hook present on one side only follows the application's imports (a
            // hook is collected for a module the application uses): not claimed.
            .filter(|d| {
                !matches!(
                    d.observed.kind,
                    ObservedKind::MemberAdded | ObservedKind::MemberRemoved
                )
            })
            .filter(|d| is_runtime(&d.observed.path, archive, containers))
            .map(|d| d.id)
            .collect();
        // A named loader module says more to a reader than the bootloader's bytes: it is the
        // root when one changed.
        runtime.sort_by_key(|&id| (!differences[id].observed.path.starts_with(archive), id));
        let Some((&root, rest)) = runtime.split_first() else {
            continue;
        };
        let d = &mut differences[root];
        d.category = Category::DependencyVersion;
        d.cause = Cause::ToolVersion;
        d.evidence = "part of PyInstaller's runtime (its bootloader, loader modules and runtime \
                      hooks), which one PyInstaller release writes the same for every \
                      application: another PyInstaller froze it"
            .to_owned();
        d.looks_like = None;
        for &id in rest {
            let d = &mut differences[id];
            d.category = Category::Derived;
            d.cause = Cause::ToolOutput;
            d.evidence =
                format!("part of PyInstaller's runtime, which another PyInstaller wrote (#{root})");
            d.derived_from = vec![root];
            d.looks_like = None;
        }
    }
}

/// Whether `path` lies in the runtime of the application whose CArchive is at `archive`: the
/// executable around the archive, or a runtime member of the archive or of a PYZ in it.
fn is_runtime(
    path: &[String],
    archive: &[String],
    containers: &HashMap<Vec<String>, &'static str>,
) -> bool {
    let Some((_, executable)) = archive.split_last() else {
        return false;
    };
    if !path.starts_with(executable) {
        return false;
    }
    if !path.starts_with(archive) {
        // The bootloader: the executable's own headers, sections and code.
        return path.len() > executable.len();
    }
    let Some(member) = path.get(archive.len()) else {
        return false;
    };
    if is_runtime_name(member) {
        return true;
    }
    let in_modules = containers
        .get(&path[..=archive.len()])
        .is_some_and(|format| *format == MODULES);
    in_modules
        && path
            .get(archive.len() + 1)
            .is_some_and(|module| is_runtime_name(module))
}

fn is_runtime_name(name: &str) -> bool {
    RUNTIME_PREFIXES
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Facts, KnownValues};
    use crate::difference::{Observed, ObservedKind, Scope};

    fn path(segments: &[&str]) -> Vec<String> {
        segments.iter().map(|s| s.to_string()).collect()
    }

    fn changed(segments: &[&str], field: &str) -> Observed {
        Observed {
            field: Some(field.to_owned()),
            ..Observed::content(
                path(segments),
                ObservedKind::Field {
                    kind: whydiff_analyzers::FieldKind::Program,
                    scope: Scope::Artifact,
                    left: None,
                    right: None,
                },
                Some("580".into()),
                Some("586".into()),
            )
        }
    }

    fn facts(executable: &'static str) -> Facts {
        Facts {
            containers: [
                (path(&["main"]), executable),
                (path(&["main", "pydata"]), ARCHIVE),
                (path(&["main", "pydata", "PYZ-00.pyz"]), MODULES),
            ]
            .into(),
            ..Default::default()
        }
    }

    fn categories(observed: Vec<Observed>, facts: &Facts) -> Vec<(String, Category)> {
        classify(observed, &KnownValues::default(), facts)
            .differences
            .into_iter()
            .map(|d| (d.observed.path.join(" › "), d.category))
            .collect()
    }

    #[test]
    fn the_bootloader_and_loader_modules_are_one_tool_version_root() {
        for executable in EXECUTABLES {
            let observed = vec![
                changed(
                    &["main", "pydata", "pyimod02_importers", "<module>"],
                    "code.firstlineno",
                ),
                changed(
                    &["main", "pydata", "PYZ-00.pyz", "_pyi_rth_utils"],
                    "code.consts",
                ),
                changed(&["main", "<loaded>"], "bytes"),
            ];
            let all = categories(observed, &facts(executable));
            let roots: Vec<_> = all
                .iter()
                .filter(|(_, c)| *c == Category::DependencyVersion)
                .collect();
            // One root, a named runtime module rather than the bootloader's bytes.
            assert_eq!(roots.len(), 1, "{all:?}");
            assert!(roots[0].0.starts_with("main › pydata ›"), "{all:?}");
            assert!(all
                .iter()
                .all(|(_, c)| matches!(c, Category::DependencyVersion | Category::Derived)));
        }
    }

    #[test]
    fn the_application_s_own_modules_stay_content() {
        let observed = vec![
            changed(&["main", "pydata", "main", "<module>"], "code.consts"),
            changed(
                &["main", "pydata", "PYZ-00.pyz", "app.settings", "<module>"],
                "code.consts",
            ),
            changed(
                &["main", "pydata", "PYZ-00.pyz", "pyimodule_of_mine"],
                "code.consts",
            ),
        ];
        let all = categories(observed, &facts("elf"));
        // `pyimodule_of_mine` is not one of PyInstaller's reserved names (`pyimod01_archive`).
        assert!(all.iter().all(|(_, c)| *c == Category::Content), "{all:?}");
    }

    #[test]
    fn a_runtime_hook_on_one_side_only_follows_the_application_s_imports() {
        let added = Observed::content(
            path(&["main", "pydata", "pyi_rth_multiprocessing"]),
            ObservedKind::MemberAdded,
            None,
            Some("1 KiB".into()),
        );
        let all = categories(vec![added], &facts("elf"));
        assert!(all.iter().all(|(_, c)| *c == Category::Content), "{all:?}");
    }

    #[test]
    fn an_archive_outside_an_executable_has_no_bootloader() {
        let facts = Facts {
            containers: [
                (path(&["dir"]), "directory"),
                (path(&["dir", "app.pkg"]), ARCHIVE),
            ]
            .into(),
            ..Default::default()
        };
        let observed = vec![
            changed(&["dir", "app.pkg", "pyimod02_importers"], "code.consts"),
            changed(&["dir", "notes.txt"], "text"),
        ];
        let all = categories(observed, &facts);
        assert!(all.iter().all(|(_, c)| *c == Category::Content), "{all:?}");
    }
}
