//! Bundles of installed dependencies: a directory or archive holding several installed
//! distributions (`six-1.16.0.dist-info/`, `six-1.16.0-py3.9.egg-info`, `six-1.16.0-py3.9.egg`, each
//! beside or around the files it installs), as a vendored, frozen or `pip install --target` build
//! does. When the two builds resolved another version of one dependency, the engine sees its
//! metadata directory removed and another added (members are paired by name) and the files it
//! installs changed; this module turns that into ONE `dependency-version` difference per
//! distribution, and every difference that follows from it into a `derived` one.
//!
//! It works in two passes around root classification:
//! 1. [`synthesize`] (before ids are assigned) finds, per site — the container and the member-name
//!    prefix the metadata entries live under — the distributions whose defining metadata (the
//!    entry itself, or its `METADATA` / `PKG-INFO`) is present on one side only, pairs them by
//!    PEP 503 name, and adds one [`ObservedKind::Distribution`] difference for each distribution
//!    whose versions differ (or that is installed on one side only). [`DistributionRule`] gives it
//!    its verdict.
//! 2. [`link`] (after ids, before the derived-field pass) marks as derived from it every
//!    difference of a member the distribution owns: its metadata entries and everything in them,
//!    and — for layouts that install beside their metadata — the top-level modules and packages
//!    named like the distribution (`six.py`, `six/…`, `__pycache__/six.*.pyc`, `_cffi_backend.*.so`
//!    for `_cffi_backend`). The engine keeps no content of a member present on one side only, so a
//!    renamed distribution's `RECORD` and `top_level.txt` are never readable here; files installed
//!    under another import name (`yaml/` of PyYAML) stay `content`, which is honest if incomplete.
//!
//! What is never claimed: a distribution with the same version on both sides (its changed files
//! stay `content`), files of the site not named like the distribution (the app's own files), the
//! own metadata of a wheel (the `.dist-info` at the root of a `.whl`: that is the built project,
//! not a dependency), and fields inside owned members that some rule explains by another cause
//! (an archive member's mtime or mode stays what it is).

mod names;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use names::{Layout, MetadataEntry};

use crate::classify::{Category, Cause, Context, Rule, Verdict};
use crate::difference::{Difference, Observed, ObservedKind};
use crate::engine::Listing;

/// The field name of a synthesized distribution difference.
pub const FIELD: &str = "distribution";

/// Where distributions are installed: the container's path and the prefix of its member names
/// (`lib/` for `lib/six-1.16.0.dist-info/METADATA`; empty at the container's root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Site {
    container: Vec<String>,
    prefix: String,
}

impl Site {
    /// The site of a synthesized distribution difference.
    fn of_distribution(path: &[String], prefix: &str) -> Option<Site> {
        let (_, container) = path.split_last()?;
        Some(Site {
            container: container.to_vec(),
            prefix: prefix.to_owned(),
        })
    }

    /// The member name relative to the site, for a difference at `path`, when it lies inside it.
    fn member<'a>(&self, path: &'a [String]) -> Option<&'a str> {
        if !path.starts_with(&self.container) {
            return None;
        }
        let member = path.get(self.container.len())?.strip_prefix(&self.prefix)?;
        let member = member.trim_end_matches('/');
        (!member.is_empty()).then_some(member)
    }

    /// The path of the difference that stands for distribution `name` installed here.
    fn distribution_path(&self, name: &str) -> Vec<String> {
        let mut path = self.container.clone();
        path.push(format!("{}{name}", self.prefix));
        path
    }
}

/// The build a one-sided member belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// A distribution's defining metadata seen in one build only.
struct Sighting {
    site: Site,
    /// The metadata entry's name relative to the site (`six-1.16.0.dist-info`).
    entry_name: String,
    entry: MetadataEntry,
    side: Side,
}

/// The distribution a member added or removed shows to be installed on one side only: the member
/// is a metadata entry itself (a directory entry, an `.egg-info` file, a zipped `.egg`), or the
/// file that defines one (`METADATA`, `PKG-INFO`, `EGG-INFO/PKG-INFO`). A file merely added inside
/// a metadata directory that both builds have (say `REQUESTED`) is not such a sign.
fn sighting(difference: &Observed) -> Option<Sighting> {
    let side = match difference.kind {
        ObservedKind::MemberRemoved => Side::Left,
        ObservedKind::MemberAdded => Side::Right,
        _ => return None,
    };
    let (member, container) = difference.path.split_last()?;
    let components: Vec<&str> = member.trim_end_matches('/').split('/').collect();
    let (at, entry) = (0..components.len().min(3)).find_map(|back| {
        let at = components.len() - 1 - back;
        let entry = names::parse_entry(components[at])?;
        let rest = &components[at + 1..];
        (rest.is_empty() || rest == entry.layout.defining_file()).then_some((at, entry))
    })?;
    let prefix: String = components[..at].iter().map(|c| format!("{c}/")).collect();
    if prefix.is_empty() && container.last().is_some_and(|c| is_wheel(c)) {
        return None;
    }
    Some(Sighting {
        site: Site {
            container: container.to_vec(),
            prefix,
        },
        entry_name: components[at].to_owned(),
        entry,
        side,
    })
}

/// Whether an archive's name is a wheel's, whose root `.dist-info` is the project's own metadata.
fn is_wheel(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".whl")
}

/// What both builds show of one distribution at one site.
#[derive(Default)]
struct Installed {
    left: BTreeSet<String>,
    right: BTreeSet<String>,
    entries: BTreeSet<String>,
    layouts: BTreeSet<Layout>,
}

/// One difference per distribution installed in another version on each side, or on one side
/// only, found from the metadata entries the observed differences add or remove. Call on the
/// observed list before classification; add what it returns.
pub fn synthesize(observed: &[Observed]) -> Vec<Observed> {
    let mut found: BTreeMap<(Site, String), Installed> = BTreeMap::new();
    for sighting in observed.iter().filter_map(sighting) {
        let installed = found
            .entry((sighting.site, sighting.entry.normalized.clone()))
            .or_default();
        match sighting.side {
            Side::Left => installed.left.insert(sighting.entry.version),
            Side::Right => installed.right.insert(sighting.entry.version),
        };
        installed.entries.insert(sighting.entry_name);
        installed.layouts.insert(sighting.entry.layout);
    }
    found
        .into_iter()
        // The same versions on both sides in other layouts is not another resolution.
        .filter(|(_, installed)| installed.left != installed.right)
        .map(|((site, name), installed)| distribution_difference(&site, &name, installed))
        .collect()
}

fn distribution_difference(site: &Site, name: &str, installed: Installed) -> Observed {
    let versions = |set: &BTreeSet<String>| {
        (!set.is_empty()).then(|| {
            let list: Vec<&str> = set.iter().map(String::as_str).collect();
            format!("{name} {}", list.join(", "))
        })
    };
    Observed {
        path: site.distribution_path(name),
        field: Some(FIELD.to_owned()),
        left: versions(&installed.left),
        right: versions(&installed.right),
        kind: ObservedKind::Distribution {
            name: name.to_owned(),
            prefix: site.prefix.clone(),
            metadata: installed.entries.into_iter().collect(),
            owns_siblings: installed.layouts.iter().any(|l| l.owns_siblings()),
        },
        location: None,
        seq: 0,
    }
}

/// Gives a synthesized distribution difference its root verdict.
pub struct DistributionRule;

impl Rule for DistributionRule {
    fn name(&self) -> &'static str {
        "distribution-version"
    }

    fn explain(&self, difference: &Observed, _context: &Context<'_>) -> Option<Verdict> {
        let ObservedKind::Distribution { name, .. } = &difference.kind else {
            return None;
        };
        Some(Verdict::new(
            Cause::DistributionVersion,
            resolution(
                name,
                difference.left.as_deref(),
                difference.right.as_deref(),
            ),
        ))
    }
}

/// "six 1.16.0 → 1.17.0", or which build alone installs it.
fn resolution(name: &str, left: Option<&str>, right: Option<&str>) -> String {
    match (left, right) {
        (Some(left), Some(right)) => {
            let right_versions = right.strip_prefix(name).unwrap_or(right).trim_start();
            format!("{left} → {right_versions}")
        }
        (Some(left), None) => format!("{left} is installed in the left build only"),
        (None, Some(right)) => format!("{right} is installed in the right build only"),
        (None, None) => name.to_owned(),
    }
}

/// What a distribution owns at its site.
struct Owner {
    id: usize,
    /// The distribution's normalized name.
    name: String,
    site: Site,
    /// The import name its top-level modules and packages would have (`python_dateutil`).
    import_name: String,
    metadata: Vec<String>,
    owns_siblings: bool,
    /// The files its installed-files lists name (its RECORD, in either release), relative to
    /// the site.
    listed: BTreeSet<String>,
}

impl Owner {
    fn of(difference: &Difference) -> Option<Owner> {
        let ObservedKind::Distribution {
            name,
            prefix,
            metadata,
            owns_siblings,
        } = &difference.observed.kind
        else {
            return None;
        };
        Some(Owner {
            id: difference.id,
            name: name.clone(),
            site: Site::of_distribution(&difference.observed.path, prefix)?,
            import_name: name.replace('-', "_"),
            metadata: metadata.clone(),
            owns_siblings: *owns_siblings,
            listed: BTreeSet::new(),
        })
    }

    /// The owner, knowing the files its metadata entries' lists name.
    fn with_listed(mut self, listings: &[Listing]) -> Self {
        for listing in listings {
            if listing.container != self.site.container {
                continue;
            }
            let Some(relative) = listing.member.strip_prefix(&self.site.prefix) else {
                continue;
            };
            let entry = relative.split('/').next().unwrap_or("");
            if self.metadata.iter().any(|m| m == entry) {
                self.listed.extend(listing.files.iter().cloned());
            }
        }
        self
    }

    /// Whether the member `name` (relative to the site) is installed by this distribution.
    fn owns(&self, name: &str) -> bool {
        let mut components = name.split('/');
        let top = components.next().unwrap_or("");
        if self.metadata.iter().any(|entry| entry == top) || self.lists(name) {
            return true;
        }
        if !self.owns_siblings {
            return false;
        }
        let module = if top == "__pycache__" {
            components.next()
        } else {
            Some(top)
        };
        module.is_some_and(|module| self.is_module(module))
    }

    /// Whether a frozen module (`six`, `six.moves`, `dateutil.tz`) is one of this distribution's:
    /// its lists name its file (`six.py`, `dateutil/tz/__init__.py`), or — for a layout that
    /// installs beside its metadata — its top-level package has the import name.
    fn owns_module(&self, module: &str) -> bool {
        let file = module.replace('.', "/");
        if self.lists(&format!("{file}.py")) || self.lists(&file) {
            return true;
        }
        let top = module.split('.').next().unwrap_or(module);
        self.owns_siblings && top.eq_ignore_ascii_case(&self.import_name)
    }

    /// Whether its lists name the file `name`, or files inside the directory `name`.
    fn lists(&self, name: &str) -> bool {
        if self.listed.contains(name) {
            return true;
        }
        let directory = format!("{name}/");
        self.listed
            .range(directory.clone()..)
            .next()
            .is_some_and(|file| file.starts_with(&directory))
    }

    /// Whether a top-level file or directory name is a module or package of this import name:
    /// `six`, `six.py`, `six.cpython-311.pyc`, `_cffi_backend.cpython-311-x86_64-linux-gnu.so`,
    /// `numpy.libs` — not `six.txt` nor `six_extras.py`.
    fn is_module(&self, module: &str) -> bool {
        const MODULE_EXTENSIONS: &[&str] = &["py", "pyc", "pyo", "pyi", "pyd", "so", "libs"];
        let (stem, extension) = match (module.split_once('.'), module.rsplit_once('.')) {
            (Some((stem, _)), Some((_, extension))) => (stem, Some(extension)),
            _ => (module, None),
        };
        stem.eq_ignore_ascii_case(&self.import_name)
            && extension.is_none_or(|e| MODULE_EXTENSIONS.contains(&e))
    }
}

/// Whether a difference at an owned member follows from the distribution's version: its
/// content (whatever rule read it: the other release's text is not a build's timestamp), a
/// member added or removed, and any field no rule explains. Fields another rule explains (an
/// archive member's mtime, a pyc's build path) are this build's and keep their own cause;
/// derived fields are left to the derived pass, which links them through what is marked here.
/// Anything deeper — inside the owned file's content, such as the members of an archive the
/// distribution ships — is the distribution's release, and follows from its version whatever
/// it is.
fn follows_from_version(difference: &Difference) -> bool {
    !difference.observed.is_derived_field()
        && difference.category != Category::Derived
        && !matches!(difference.observed.kind, ObservedKind::Distribution { .. })
        && (difference.observed.field.is_none() || difference.category == Category::Content)
}

/// Marks every difference a synthesized distribution difference explains as derived from it, and
/// completes its evidence with how many files differ. Runs after root classification and before
/// the RECORD and derived-field passes. `containers` (the format of each differing container)
/// finds the archives of modules frozen applications carry beside the metadata ([`Frozen`]).
pub fn link(
    differences: &mut [Difference],
    listings: &[Listing],
    containers: &HashMap<Vec<String>, &'static str>,
) {
    let owners: Vec<Owner> = differences
        .iter()
        .filter_map(Owner::of)
        .map(|owner| owner.with_listed(listings))
        .collect();
    let frozen = Frozen::find(containers);
    for owner in owners {
        let mut files = BTreeSet::new();
        let mut marked = Vec::new();
        for d in within(differences, &owner.site.container) {
            let Some(member) = owner.site.member(&d.observed.path) else {
                continue;
            };
            let inside_its_content = d.observed.path.len() > owner.site.container.len() + 1;
            if owner.owns(member) && (inside_its_content || follows_from_version(d)) {
                files.insert(member.to_owned());
                marked.push(d.id);
            }
        }
        for modules in frozen.iter().filter(|f| f.bundles(&owner.site)) {
            for d in within(differences, &modules.path) {
                let Some(module) = d.observed.path.get(modules.path.len()) else {
                    continue;
                };
                let inside_its_content = d.observed.path.len() > modules.path.len() + 1;
                if owner.owns_module(module) && (inside_its_content || follows_from_version(d)) {
                    files.insert(format!("{}/{module}", modules.path.join("/")));
                    marked.push(d.id);
                }
            }
        }
        let distribution = &mut differences[owner.id];
        let what = distribution.evidence.clone();
        distribution.evidence = with_file_count(&what, count_files(&files));
        for id in marked {
            let d = &mut differences[id];
            d.category = Category::Derived;
            d.cause = Cause::DistributionFile;
            d.evidence = format!("a file of the {} distribution: {what}", owner.name);
            d.derived_from = vec![owner.id];
        }
    }
}

/// The differences (sorted by path) at `path` and below it.
fn within<'a>(
    differences: &'a [Difference],
    path: &'a [String],
) -> impl Iterator<Item = &'a Difference> {
    let start = differences.partition_point(|d| d.observed.path.as_slice() < path);
    differences[start..]
        .iter()
        .take_while(move |d| d.observed.path.starts_with(path))
}

/// The archive of Python modules a frozen application carries (PyInstaller's PYZ, inside the
/// CArchive its executable holds). PyInstaller freezes each bundled distribution's modules into
/// it and copies the distribution's metadata, when it collects it, beside them: into the same
/// CArchive in a one-file build, into the directory next to the executable (`_internal/`) in a
/// one-dir build. A distribution whose metadata lies there owns the PYZ's modules of its import
/// names, as it owns its modules beside its metadata in a site-packages directory.
struct Frozen {
    /// The PYZ's path.
    path: Vec<String>,
    /// The CArchive's path.
    archive: Vec<String>,
}

impl Frozen {
    const MODULES: &'static str = "pyinstaller-pyz";
    const ARCHIVE: &'static str = "pyinstaller-carchive";

    fn find(containers: &HashMap<Vec<String>, &'static str>) -> Vec<Frozen> {
        let mut found: Vec<Frozen> = containers
            .iter()
            .filter(|(_, format)| **format == Self::MODULES)
            .filter_map(|(path, _)| {
                let archive = path.split_last()?.1;
                (containers.get(archive) == Some(&Self::ARCHIVE)).then(|| Frozen {
                    path: path.clone(),
                    archive: archive.to_vec(),
                })
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    /// Whether metadata at `site` is this application's: in its CArchive, or in the directory of
    /// the executable holding the CArchive or below it.
    fn bundles(&self, site: &Site) -> bool {
        if site.container == self.archive {
            return true;
        }
        let Some((executable, container)) = self
            .archive
            .split_last()
            .and_then(|(_, executable)| executable.split_last())
        else {
            return false;
        };
        let directory = executable.rsplit_once('/').map_or("", |(dir, _)| dir);
        site.container == container
            && (directory.is_empty() || site.prefix.starts_with(&format!("{directory}/")))
    }
}

/// How many of the member names are files: those that are not the directory of another.
fn count_files(members: &BTreeSet<String>) -> usize {
    members
        .iter()
        .filter(|member| {
            let directory = format!("{member}/");
            members
                .range(directory.clone()..)
                .next()
                .is_none_or(|next| !next.starts_with(&directory))
        })
        .count()
}

fn with_file_count(resolution: &str, files: usize) -> String {
    match files {
        0 => resolution.to_owned(),
        1 => format!("{resolution}: 1 file of the distribution differs"),
        n => format!("{resolution}: {n} files of the distribution differ"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Category, KnownValues};
    use crate::difference::Scope;
    use whydiff_analyzers::{Covers, Derivation, FieldKind, Value};

    fn segments(path: &[&str]) -> Vec<String> {
        path.iter().map(|s| s.to_string()).collect()
    }

    fn removed(path: &[&str]) -> Observed {
        Observed::content(
            segments(path),
            ObservedKind::MemberRemoved,
            Some("10 bytes".into()),
            None,
        )
    }

    fn added(path: &[&str]) -> Observed {
        Observed::content(
            segments(path),
            ObservedKind::MemberAdded,
            None,
            Some("10 bytes".into()),
        )
    }

    fn hunk(path: &[&str], left: &str, right: &str) -> Observed {
        Observed::content(
            segments(path),
            ObservedKind::TextHunk {
                changes: vec![(left.into(), right.into())],
            },
            Some(left.into()),
            Some(right.into()),
        )
    }

    fn field(path: &[&str], name: &str, kind: FieldKind) -> Observed {
        Observed {
            path: segments(path),
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind,
                scope: Scope::Record,
                left: Some(Value::Int(1)),
                right: Some(Value::Int(2)),
            },
            left: Some("1".into()),
            right: Some("2".into()),
            location: None,
            seq: 0,
        }
    }

    /// A dist-info directory's members as a directory input flattens them.
    fn dist_info(side: fn(&[&str]) -> Observed, dir: &str) -> Vec<Observed> {
        ["", "/METADATA", "/RECORD", "/WHEEL", "/top_level.txt"]
            .iter()
            .map(|file| side(&[&format!("{dir}{file}")]))
            .collect()
    }

    fn six_upgrade() -> Vec<Observed> {
        let mut observed = dist_info(removed, "bundle/six-1.16.0.dist-info");
        observed.extend(dist_info(added, "bundle/six-1.17.0.dist-info"));
        observed.push(hunk(
            &["bundle/six.py"],
            "__version__ = \"1.16.0\"",
            "__version__ = \"1.17.0\"",
        ));
        observed.push(hunk(
            &["bundle/six.py"],
            "# Copyright (c) 2010-2020",
            "# Copyright (c) 2010-2024",
        ));
        observed
    }

    fn run(observed: Vec<Observed>) -> Vec<Difference> {
        classify(observed, &KnownValues::default(), &Default::default()).differences
    }

    fn roots(all: &[Difference]) -> Vec<&Difference> {
        all.iter()
            .filter(|d| d.category != Category::Derived)
            .collect()
    }

    #[test]
    fn a_dependency_upgrade_is_one_root_and_everything_it_installs_follows() {
        let all = run(six_upgrade());
        let roots = roots(&all);
        assert_eq!(roots.len(), 1, "{roots:#?}");
        let six = roots[0];
        assert_eq!(six.cause, Cause::DistributionVersion);
        assert_eq!(six.category, Category::DependencyVersion);
        assert_eq!(six.observed.path, ["bundle/six"]);
        assert_eq!(six.observed.field.as_deref(), Some(FIELD));
        assert_eq!(six.observed.left.as_deref(), Some("six 1.16.0"));
        assert_eq!(six.observed.right.as_deref(), Some("six 1.17.0"));
        assert_eq!(
            six.evidence,
            "six 1.16.0 → 1.17.0: 9 files of the distribution differ"
        );
        assert!(all
            .iter()
            .filter(|d| d.id != six.id)
            .all(|d| d.derived_from == [six.id] && d.cause == Cause::DistributionFile));
        assert_eq!(six.id, 0, "sorts before the members it explains");
    }

    #[test]
    fn files_its_record_lists_under_another_import_name_follow_too() {
        let mut observed = dist_info(removed, "bundle/PyYAML-6.0.dist-info");
        observed.extend(dist_info(added, "bundle/PyYAML-6.0.1.dist-info"));
        observed.push(hunk(
            &["bundle/yaml/__init__.py"],
            "__version__ = '6.0'",
            "__version__ = '6.0.1'",
        ));
        observed.push(hunk(&["bundle/_yaml/__init__.py"], "a", "b"));
        observed.push(hunk(&["bundle/app.py"], "x = 1", "x = 2"));
        let listing = |version: &str| crate::engine::Listing {
            container: vec![],
            member: format!("bundle/PyYAML-{version}.dist-info/RECORD"),
            files: vec![
                "yaml/__init__.py".into(),
                "_yaml/__init__.py".into(),
                format!("PyYAML-{version}.dist-info/RECORD"),
            ],
        };
        let facts = crate::classify::Facts {
            listings: vec![listing("6.0"), listing("6.0.1")],
            ..Default::default()
        };
        let all = classify(observed, &KnownValues::default(), &facts).differences;
        let category = |member: &str| {
            all.iter()
                .find(|d| d.observed.path[0] == member)
                .map(|d| d.category)
        };
        assert_eq!(category("bundle/yaml/__init__.py"), Some(Category::Derived));
        assert_eq!(
            category("bundle/_yaml/__init__.py"),
            Some(Category::Derived)
        );
        assert_eq!(
            category("bundle/app.py"),
            Some(Category::Content),
            "the app's own file"
        );
    }

    #[test]
    fn the_same_version_on_both_sides_keeps_its_changed_file_as_content() {
        let all = run(vec![
            hunk(&["bundle/six.py"], "return 41", "return 42"),
            added(&["bundle/six-1.16.0.dist-info/REQUESTED"]),
        ]);
        assert!(all.iter().all(|d| d.category == Category::Content));
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn the_app_s_own_files_keep_their_categories() {
        let mut observed = six_upgrade();
        observed.push(hunk(&["bundle/app.py"], "return 41", "return 42"));
        observed.push(hunk(&["bundle/six_extras.py"], "a = 1", "a = 2"));
        observed.push(hunk(&["bundle/six.txt"], "a = 1", "a = 2"));
        observed.push(hunk(&["bundle/pkg/six.py"], "a = 1", "a = 2"));
        observed.push(hunk(&["other/six.py"], "a = 1", "a = 2"));
        observed.push(hunk(&["six.py"], "a = 1", "a = 2"));
        let all = run(observed);
        let content: Vec<&str> = all
            .iter()
            .filter(|d| d.category == Category::Content)
            .map(|d| d.observed.path[0].as_str())
            .collect();
        assert_eq!(
            content,
            [
                "bundle/app.py",
                "bundle/pkg/six.py",
                "bundle/six.txt",
                "bundle/six_extras.py",
                "other/six.py",
                "six.py"
            ]
        );
    }

    #[test]
    fn a_distribution_on_one_side_only_is_one_dependency_difference() {
        let mut observed = dist_info(added, "lib/attrs-23.2.0.dist-info");
        observed.push(added(&["lib/attrs"]));
        observed.push(added(&["lib/attrs/__init__.py"]));
        let all = run(observed);
        let roots = roots(&all);
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].cause, Cause::DistributionVersion);
        assert_eq!(roots[0].observed.left, None);
        assert_eq!(roots[0].observed.right.as_deref(), Some("attrs 23.2.0"));
        assert_eq!(
            roots[0].evidence,
            "attrs 23.2.0 is installed in the right build only: 5 files of the distribution differ"
        );
    }

    #[test]
    fn egg_info_and_egg_layouts() {
        // setuptools: an egg-info directory beside the package, inside a zip.
        let mut observed = vec![
            removed(&[
                "app.zip",
                "site-packages/attrs-23.1.0-py3.9.egg-info/PKG-INFO",
            ]),
            removed(&[
                "app.zip",
                "site-packages/attrs-23.1.0-py3.9.egg-info/SOURCES.txt",
            ]),
            added(&[
                "app.zip",
                "site-packages/attrs-23.2.0-py3.9.egg-info/PKG-INFO",
            ]),
            added(&[
                "app.zip",
                "site-packages/attrs-23.2.0-py3.9.egg-info/SOURCES.txt",
            ]),
            hunk(
                &["app.zip", "site-packages/attrs/_make.py"],
                "x = 1",
                "x = 2",
            ),
            // An egg directory holds its own files, and owns no sibling.
            removed(&["app.zip", "eggs/six-1.16.0-py3.9.egg/EGG-INFO/PKG-INFO"]),
            removed(&["app.zip", "eggs/six-1.16.0-py3.9.egg/six.py"]),
            added(&["app.zip", "eggs/six-1.17.0-py3.9.egg/EGG-INFO/PKG-INFO"]),
            added(&["app.zip", "eggs/six-1.17.0-py3.9.egg/six.py"]),
            hunk(&["app.zip", "eggs/six.py"], "x = 1", "x = 2"),
            // A zipped egg, compared as one member each side.
            removed(&["app.zip", "eggs/cffi-1.15.0-py3.9-linux-x86_64.egg"]),
            added(&["app.zip", "eggs/cffi-1.15.1-py3.9-linux-x86_64.egg"]),
        ];
        observed.push(field(
            &["app.zip", "site-packages/attrs/_make.py"],
            "zip.crc32",
            FieldKind::Derived(Derivation::checksum(Covers::Data)),
        ));
        let all = run(observed);
        let roots = roots(&all);
        let summary: Vec<(&str, Option<&str>, Option<&str>)> = roots
            .iter()
            .map(|d| {
                (
                    d.observed.path[1].as_str(),
                    d.observed.left.as_deref(),
                    d.observed.right.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("eggs/cffi", Some("cffi 1.15.0"), Some("cffi 1.15.1")),
                ("eggs/six", Some("six 1.16.0"), Some("six 1.17.0")),
                ("eggs/six.py", Some("x = 1"), Some("x = 2")),
                (
                    "site-packages/attrs",
                    Some("attrs 23.1.0"),
                    Some("attrs 23.2.0")
                ),
            ]
        );
        assert_eq!(roots[2].category, Category::Content, "not inside the egg");
        let crc = all
            .iter()
            .find(|d| d.observed.field.as_deref() == Some("zip.crc32"))
            .unwrap();
        assert_eq!(crc.category, Category::Derived);
        assert_eq!(crc.derived_from, [roots[3].id], "linked through the hunk");
    }

    #[test]
    fn two_distributions_changing_are_two_roots() {
        let mut observed = six_upgrade();
        observed.extend(dist_info(removed, "bundle/python_dateutil-2.8.2.dist-info"));
        observed.extend(dist_info(added, "bundle/python_dateutil-2.9.0.dist-info"));
        observed.push(hunk(&["bundle/python_dateutil/parser.py"], "a", "b"));
        observed.push(hunk(&["bundle/__pycache__/six.cpython-311.pyc"], "a", "b"));
        let all = run(observed);
        let roots = roots(&all);
        let names: Vec<&str> = roots.iter().map(|d| d.observed.path[0].as_str()).collect();
        assert_eq!(names, ["bundle/python-dateutil", "bundle/six"]);
        let pyc = all
            .iter()
            .find(|d| d.observed.path[0].ends_with(".pyc"))
            .unwrap();
        assert_eq!(pyc.derived_from, [roots[1].id]);
    }

    #[test]
    fn fields_another_rule_explains_keep_their_cause() {
        let mut observed = six_upgrade();
        observed.push(field(&["bundle/six.py"], "dir.mode", FieldKind::Mode));
        let all = run(observed);
        let mode = all
            .iter()
            .find(|d| d.observed.field.as_deref() == Some("dir.mode"))
            .unwrap();
        assert_eq!(mode.category, Category::Permissions);
    }

    #[test]
    fn a_wheel_s_own_metadata_is_the_project_not_a_dependency() {
        let all = run(vec![
            removed(&["pkg.whl", "pkg-1.0.dist-info/METADATA"]),
            added(&["pkg.whl", "pkg-1.1.dist-info/METADATA"]),
            hunk(&["pkg.whl", "pkg/__init__.py"], "return 41", "return 42"),
        ]);
        assert!(all.iter().all(|d| d.category == Category::Content));
    }

    #[test]
    fn a_file_added_inside_a_shared_metadata_directory_is_not_a_new_distribution() {
        let all = run(vec![
            added(&["bundle/six-1.16.0.dist-info/REQUESTED"]),
            removed(&["bundle/six-1.16.0.dist-info/direct_url.json"]),
        ]);
        assert!(all.iter().all(|d| d.category == Category::Content));
    }

    #[test]
    fn the_same_version_in_another_layout_is_not_another_resolution() {
        let all = run(vec![
            removed(&["lib/six-1.16.0.dist-info/METADATA"]),
            added(&["lib/six-1.16.0-py3.9.egg-info/PKG-INFO"]),
        ]);
        assert!(all.iter().all(|d| d.category == Category::Content));
    }

    #[test]
    fn directories_are_not_counted_as_files() {
        let members: BTreeSet<String> = ["a", "a/b", "a/b/c.py", "a-b.py", "d.py"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(count_files(&members), 3);
    }

    /// The containers of a frozen application: an executable holding a CArchive holding a PYZ.
    fn frozen_containers(executable: &str) -> crate::classify::Facts {
        crate::classify::Facts {
            containers: [
                (segments(&[executable]), "elf"),
                (segments(&[executable, "pydata"]), Frozen::ARCHIVE),
                (
                    segments(&[executable, "pydata", "PYZ-00.pyz"]),
                    Frozen::MODULES,
                ),
            ]
            .into(),
            ..Default::default()
        }
    }

    fn frozen_module(executable: &str, module: &str) -> Observed {
        let mut observed = field(
            &[executable, "pydata", "PYZ-00.pyz", module, "<module>"],
            "code.consts",
            FieldKind::Program,
        );
        observed.kind = ObservedKind::Field {
            kind: FieldKind::Program,
            scope: Scope::Artifact,
            left: None,
            right: None,
        };
        observed
    }

    /// The categories of the differences of a frozen module.
    fn category_of(all: &[Difference], module: &str) -> Vec<Category> {
        all.iter()
            .filter(|d| d.observed.path.iter().any(|s| s == "PYZ-00.pyz"))
            .filter(|d| d.observed.path.iter().any(|s| s == module))
            .map(|d| d.category)
            .collect()
    }

    #[test]
    fn a_one_dir_application_s_frozen_modules_follow_from_the_metadata_beside_it() {
        let mut observed = dist_info(removed, "app/_internal/six-1.16.0.dist-info");
        observed.extend(dist_info(added, "app/_internal/six-1.17.0.dist-info"));
        observed.push(frozen_module("app/main", "six"));
        observed.push(frozen_module("app/main", "six.moves"));
        observed.push(frozen_module("app/main", "sixteen"));
        observed.push(frozen_module("app/main", "app.settings"));
        let all = classify(
            observed,
            &KnownValues::default(),
            &frozen_containers("app/main"),
        )
        .differences;
        assert_eq!(category_of(&all, "six"), [Category::Derived]);
        assert_eq!(category_of(&all, "six.moves"), [Category::Derived]);
        assert_eq!(category_of(&all, "sixteen"), [Category::Content]);
        assert_eq!(category_of(&all, "app.settings"), [Category::Content]);
        // Metadata of another application's directory says nothing of this one's modules.
        let mut elsewhere = dist_info(removed, "other/_internal/six-1.16.0.dist-info");
        elsewhere.extend(dist_info(added, "other/_internal/six-1.17.0.dist-info"));
        elsewhere.push(frozen_module("app/main", "six"));
        let all = classify(
            elsewhere,
            &KnownValues::default(),
            &frozen_containers("app/main"),
        )
        .differences;
        assert_eq!(category_of(&all, "six"), [Category::Content]);
    }

    #[test]
    fn a_one_file_application_s_frozen_modules_follow_from_the_metadata_in_its_archive() {
        let in_archive =
            |side: fn(&[&str]) -> Observed, file: &str| side(&["main", "pydata", file]);
        let observed = vec![
            in_archive(removed, "six-1.16.0.dist-info/METADATA"),
            in_archive(added, "six-1.17.0.dist-info/METADATA"),
            frozen_module("main", "six"),
        ];
        let all = classify(
            observed,
            &KnownValues::default(),
            &frozen_containers("main"),
        )
        .differences;
        assert_eq!(category_of(&all, "six"), [Category::Derived]);
        // Without the containers' formats nothing says the PYZ is a frozen application's.
        let observed = vec![
            in_archive(removed, "six-1.16.0.dist-info/METADATA"),
            in_archive(added, "six-1.17.0.dist-info/METADATA"),
            frozen_module("main", "six"),
        ];
        assert_eq!(category_of(&run(observed), "six"), [Category::Content]);
    }
}
