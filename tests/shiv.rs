//! shiv zipapps made the way shiv 1.0.8 makes them (a zip of `site-packages/…`, `_bootstrap/…`, `environment.json`, `__main__.py`; `build_id` the SHA-256
//! of each bundled file's bytes then its path relative to site-packages; the dist-info's RECORD
//! rows hashing each file): the `build_id` follows from the bundled files that differ, and only
//! from them.

mod common;
mod craft;

use base64::Engine;
use craft::Entry;
use sha2::{Digest, Sha256};
use whydiff::classify::Category;
use whydiff::Options;

const DIST_INFO: &str = "tinypkg-1.0.0.dist-info";

/// The bundled project: its files relative to site-packages, RECORD last.
struct Project {
    core: String,
    url: String,
}

impl Project {
    fn new() -> Project {
        Project {
            core: "def answer():\n    return 41\n".into(),
            url: "file:///tmp/whydiff-shiv-test-a/tinypkg".into(),
        }
    }

    /// The bundled files (relative to site-packages), RECORD included, sorted as shiv sorts them.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "pkg/__init__.py".into(),
                b"from .core import answer\n".to_vec(),
            ),
            ("pkg/core.py".into(), self.core.clone().into_bytes()),
            (format!("{DIST_INFO}/INSTALLER"), b"pip\n".to_vec()),
            (
                format!("{DIST_INFO}/METADATA"),
                b"Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0.0\n".to_vec(),
            ),
            (
                format!("{DIST_INFO}/direct_url.json"),
                format!("{{\"dir_info\": {{}}, \"url\": \"{}\"}}", self.url).into_bytes(),
            ),
        ];
        let mut record = String::new();
        for (path, data) in &files {
            let digest =
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(data));
            record.push_str(&format!("{path},sha256={digest},{}\r\n", data.len()));
        }
        record.push_str(&format!("{DIST_INFO}/RECORD,,\r\n"));
        files.push((format!("{DIST_INFO}/RECORD"), record.into_bytes()));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// shiv's default build_id of `files`.
    fn build_id(files: &[(String, Vec<u8>)]) -> String {
        let mut hash = Sha256::new();
        for (path, data) in files {
            hash.update(data);
            hash.update(path.as_bytes());
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The zipapp, its build_id `build_id` (shiv's digest when `None`) and its bootstrap `boot`.
    fn pyz(&self, build_id: Option<&str>, boot: &str) -> Vec<u8> {
        let files = self.files();
        let id = build_id.map_or_else(|| Project::build_id(&files), str::to_owned);
        let env = format!(
            "{{\"shiv_version\": \"1.0.8\", \"always_write_cache\": false, \"build_id\": \"{id}\", \
             \"built_at\": \"2023-11-14 22:13:20\", \"hashes\": {{}}, \"no_modify\": false, \
             \"reproducible\": true, \"preamble\": null, \"entry_point\": \"pkg.core:answer\", \
             \"compile_pyc\": false, \"extend_pythonpath\": false, \"prepend_pythonpath\": null, \
             \"root\": null, \"script\": null}}"
        );
        let mut entries: Vec<Entry> = files
            .iter()
            .map(|(path, data)| Entry::deflated(&format!("site-packages/{path}"), data))
            .collect();
        entries.push(Entry::deflated("_bootstrap/__init__.py", boot.as_bytes()));
        entries.push(Entry::deflated("environment.json", env.as_bytes()));
        entries.push(Entry::deflated(
            "__main__.py",
            b"import _bootstrap\n_bootstrap.bootstrap()\n",
        ));
        // shiv writes a `#!` line before the zip; the members are what matters here.
        craft::zip(&entries)
    }
}

const BOOT: &str = "def bootstrap():\n    pass\n";

/// The report on two zipapps, each `tinypkg.pyz` in a directory of its own.
fn compare(left: &[u8], right: &[u8]) -> whydiff::report::Report {
    let dir = tempfile::tempdir().unwrap();
    for (side, bytes) in [("a", left), ("b", right)] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        std::fs::write(dir.path().join(side).join("tinypkg.pyz"), bytes).unwrap();
    }
    let report = whydiff::compare(
        &dir.path().join("a"),
        &dir.path().join("b"),
        &Options::default(),
    )
    .unwrap();
    report
}

fn roots(report: &whydiff::report::Report) -> Vec<String> {
    let mut roots: Vec<String> = report
        .root_categories()
        .iter()
        .map(|c| c.id().to_owned())
        .collect();
    roots.sort();
    roots
}

/// The content difference (no field) of the member `name`.
fn hunk_of<'r>(
    report: &'r whydiff::report::Report,
    name: &str,
) -> &'r whydiff::difference::Difference {
    report
        .differences
        .iter()
        .find(|d| d.observed.field.is_none() && d.observed.path.last().is_some_and(|p| p == name))
        .unwrap_or_else(|| panic!("no content difference in {name}"))
}

#[test]
fn a_project_built_in_another_directory_differs_by_its_build_path_alone() {
    let left = Project::new();
    let right = Project {
        url: "file:///var/tmp/whydiff-shiv-test-build-b/tinypkg".into(),
        ..Project::new()
    };
    let report = compare(&left.pyz(None, BOOT), &right.pyz(None, BOOT));
    assert_eq!(roots(&report), ["build-path"]);
    let url = hunk_of(
        &report,
        &format!("site-packages/{DIST_INFO}/direct_url.json"),
    );
    let env = hunk_of(&report, "environment.json");
    assert_eq!(env.category, Category::Derived, "{}", env.evidence);
    assert_eq!(env.derived_from, [url.id]);
    let record = hunk_of(&report, &format!("site-packages/{DIST_INFO}/RECORD"));
    assert_eq!(record.category, Category::Derived, "{}", record.evidence);
    assert_eq!(record.derived_from, [url.id]);
}

#[test]
fn an_edited_module_stays_content_and_the_build_id_follows_from_it() {
    let left = Project::new();
    let right = Project {
        core: "def answer():\n    return 42\n".into(),
        ..Project::new()
    };
    let report = compare(&left.pyz(None, BOOT), &right.pyz(None, BOOT));
    assert_eq!(roots(&report), ["content"]);
    let core = hunk_of(&report, "site-packages/pkg/core.py");
    assert_eq!(core.category, Category::Content);
    let env = hunk_of(&report, "environment.json");
    assert_eq!(env.category, Category::Derived, "{}", env.evidence);
    assert_eq!(env.derived_from, [core.id]);
}

#[test]
fn a_build_id_that_no_bundled_file_explains_is_content() {
    let project = Project::new();
    let other = "0e22929eb287d58432cfcb8fee8e264bbb015d0926918a828f61da43188a911d";
    // Nothing else differs.
    let report = compare(&project.pyz(None, BOOT), &project.pyz(Some(other), BOOT));
    assert_eq!(roots(&report), ["content"]);
    assert_eq!(
        hunk_of(&report, "environment.json").category,
        Category::Content
    );
    // shiv's own bootstrap differs too, which build_id does not cover.
    let report = compare(
        &project.pyz(None, BOOT),
        &project.pyz(Some(other), "def bootstrap():\n    return None\n"),
    );
    assert_eq!(
        hunk_of(&report, "environment.json").category,
        Category::Content
    );
}
