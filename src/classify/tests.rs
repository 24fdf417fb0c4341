//! The classifier as a whole, on the differences the engine reports: claims need evidence that
//! the build produced the value. Each genuine edit below looks like a kind of nondeterminism and
//! must stay `content` (with the kind as a hint) unless a declared value, a witness of the same
//! build, a generated member or a producing label explains it.

use whydiff_analyzers::{FieldKind, TimeRole, Timestamp, Value};

use super::{classify, Category, Cause, Facts, KnownValues};
use crate::difference::{Difference, Observed, ObservedKind, Scope};
use crate::engine::word_changes;

fn path(segments: &[&str]) -> Vec<String> {
    segments.iter().map(|s| s.to_string()).collect()
}

/// A changed text hunk of the member at `at`.
fn hunk(at: &[&str], left: &str, right: &str) -> Observed {
    Observed::content(
        path(at),
        ObservedKind::TextHunk {
            changes: word_changes(left, right),
        },
        Some(left.into()),
        Some(right.into()),
    )
}

/// A time field of the artifact or record at `at`.
fn time(at: &[&str], field: &str, scope: Scope, left: i64, right: i64) -> Observed {
    let value = |s| Value::Time(Timestamp::unix(s));
    Observed {
        path: path(at),
        field: Some(field.into()),
        kind: ObservedKind::Field {
            kind: FieldKind::Time(TimeRole::EntryModified),
            scope,
            left: Some(value(left)),
            right: Some(value(right)),
        },
        left: Some(Timestamp::unix(left).to_string()),
        right: Some(Timestamp::unix(right).to_string()),
        location: None,
        seq: 0,
    }
}

fn declared(pairs: &[(&str, &str, &str)]) -> KnownValues {
    let mut known = KnownValues::default();
    for (key, left, right) in pairs {
        known.left.insert(key.to_string(), left.to_string());
        known.right.insert(key.to_string(), right.to_string());
    }
    known
}

fn run(observed: Vec<Observed>, known: &KnownValues) -> Vec<Difference> {
    classify(observed, known, &Facts::default()).differences
}

/// The one difference at `member` (the last path segment).
fn at<'a>(differences: &'a [Difference], member: &str) -> &'a Difference {
    differences
        .iter()
        .find(|d| d.observed.path.last().is_some_and(|p| p == member))
        .unwrap_or_else(|| panic!("no difference at {member}: {differences:#?}"))
}

fn assert_content_looking_like(difference: &Difference, cause: Cause) {
    assert_eq!(
        difference.category,
        Category::Content,
        "{}: {}",
        difference.observed.path.join(" › "),
        difference.evidence
    );
    assert_eq!(
        difference.looks_like,
        Some(cause),
        "{}",
        difference.evidence
    );
}

const SDIST: [&str; 2] = ["pkg-1.0.tar.gz", "pkg-1.0.tar"];

fn member(name: &str) -> Vec<&str> {
    let mut at = SDIST.to_vec();
    at.push(name);
    at
}

#[test]
fn a_release_date_edited_in_a_source_file_stays_content() {
    let edit = || {
        hunk(
            &member("pkg/settings.py"),
            "RELEASE_DATE = \"2024-01-01\"\n",
            "RELEASE_DATE = \"2024-02-01\"\n",
        )
    };
    let differences = run(vec![edit()], &KnownValues::default());
    assert_content_looking_like(at(&differences, "pkg/settings.py"), Cause::BuildTime);
    // Both builds declared the same SOURCE_DATE_EPOCH: evidence against a build clock.
    let same_epoch = declared(&[("SOURCE_DATE_EPOCH", "1700000000", "1700000000")]);
    let differences = run(vec![edit()], &same_epoch);
    assert_content_looking_like(at(&differences, "pkg/settings.py"), Cause::BuildTime);
    // A date that is no label's: same.
    let plain = hunk(&member("pkg/data.txt"), "2024-01-01\n", "2024-02-01\n");
    let differences = run(vec![plain], &KnownValues::default());
    assert_content_looking_like(at(&differences, "pkg/data.txt"), Cause::BuildTime);
}

#[test]
fn a_date_the_build_wrote_is_a_build_time() {
    // A member named for the build.
    let info = hunk(
        &member("buildinfo.txt"),
        "date: 2024-01-01T10:00:00Z\n",
        "date: 2024-02-01T11:00:00Z\n",
    );
    // A label naming the producing step, in a file of any name.
    let labelled = hunk(
        &member("pkg/about.py"),
        "BUILD_DATE = \"2024-01-01T10:00:00Z\"\n",
        "BUILD_DATE = \"2024-02-01T11:00:00Z\"\n",
    );
    let differences = run(vec![info, labelled], &KnownValues::default());
    for member in ["buildinfo.txt", "pkg/about.py"] {
        let difference = at(&differences, member);
        assert_eq!(
            difference.cause,
            Cause::BuildTime,
            "{}",
            difference.evidence
        );
        assert_eq!(difference.looks_like, None);
    }
}

#[test]
fn a_domain_label_voids_the_producing_evidence() {
    // A generated member, but the value is what the program calls its expiry.
    let expiry = hunk(
        &member("pkg.egg-info/config.json"),
        "\"expires\": \"2024-01-01T00:00:00Z\"\n",
        "\"expires\": \"2024-02-01T00:00:00Z\"\n",
    );
    let differences = run(vec![expiry], &KnownValues::default());
    assert_content_looking_like(
        at(&differences, "pkg.egg-info/config.json"),
        Cause::BuildTime,
    );
}

#[test]
fn a_witness_of_the_same_build_confirms_a_date_anywhere() {
    let day = 86_400;
    let (left_clock, right_clock) = (19_723 * day + 36_000, 19_754 * day + 39_600);
    let gzip = time(
        &SDIST[..1],
        "gzip.mtime",
        Scope::Artifact,
        left_clock,
        right_clock,
    );
    // The same day as each build's own gzip header.
    let stamped = hunk(
        &member("pkg/version_info.py"),
        "DATE = \"2024-01-01\"\n",
        "DATE = \"2024-02-01\"\n",
    );
    let differences = run(vec![gzip.clone(), stamped], &KnownValues::default());
    let stamped = at(&differences, "pkg/version_info.py");
    assert_eq!(
        stamped.category,
        Category::Timestamp,
        "{}",
        stamped.evidence
    );
    assert!(
        stamped.evidence.contains("clock reading"),
        "{}",
        stamped.evidence
    );
    // A date far from both clocks, moved by another amount: a genuine edit.
    let edited = hunk(
        &member("pkg/version_info.py"),
        "DATE = \"2022-03-01\"\n",
        "DATE = \"2022-03-09\"\n",
    );
    let differences = run(vec![gzip, edited], &KnownValues::default());
    assert_content_looking_like(at(&differences, "pkg/version_info.py"), Cause::BuildTime);
}

#[test]
fn an_epoch_constant_edited_in_a_config_stays_content() {
    let edit = hunk(
        &member("config/limits.json"),
        "\"expires_at\": 1735689600,\n",
        "\"expires_at\": 1738368000,\n",
    );
    let differences = run(vec![edit], &KnownValues::default());
    let difference = at(&differences, "config/limits.json");
    assert_eq!(
        difference.category,
        Category::Content,
        "{}",
        difference.evidence
    );
}

#[test]
fn a_uuid_edited_in_a_config_stays_content_and_a_build_uuid_is_random() {
    let app_id = hunk(
        &member("app.cfg"),
        "app_id = 4d5aed1e-3f19-44e0-85e9-b5d9f07a49ed\n",
        "app_id = 4715f0f7-19a9-4ed5-8a61-4bedeb6a78b6\n",
    );
    let build = hunk(
        &member("meta.json"),
        "  \"build_uuid\": \"0f6a3c1e-1b2d-4e5f-8a9b-0c1d2e3f4a5b\",\n",
        "  \"build_uuid\": \"9e8d7c6b-5a49-4382-b716-a5f4e3d2c1b0\",\n",
    );
    let differences = run(vec![app_id, build], &KnownValues::default());
    assert_content_looking_like(at(&differences, "app.cfg"), Cause::RandomToken);
    assert_eq!(at(&differences, "meta.json").cause, Cause::RandomToken);
}

#[test]
fn a_path_edited_in_a_config_stays_content_unless_the_build_wrote_it_too() {
    let config = || {
        hunk(
            &member("pkg/settings.py"),
            "DATA_DIR = \"/tmp/app-a/data\"\n",
            "DATA_DIR = \"/tmp/app-b/data\"\n",
        )
    };
    let differences = run(vec![config()], &KnownValues::default());
    assert_content_looking_like(at(&differences, "pkg/settings.py"), Cause::BuildDirectory);
    // The same directories in a compiled binary: the build ran there.
    let binary = Observed {
        location: Some("strings".into()),
        ..Observed::content(
            path(&member("pkg/_speedups.so")),
            ObservedKind::Bytes,
            Some("\"/tmp/app-a/src/speedups.c\"".into()),
            Some("\"/tmp/app-b/src/speedups.c\"".into()),
        )
    };
    let differences = run(vec![config(), binary], &KnownValues::default());
    let settings = at(&differences, "pkg/settings.py");
    assert_eq!(
        settings.category,
        Category::BuildPath,
        "{}",
        settings.evidence
    );
    // Declared build directories confirm it too.
    let known = declared(&[("build_path", "/tmp/app-a", "/tmp/app-b")]);
    let differences = run(vec![config()], &known);
    assert_eq!(
        at(&differences, "pkg/settings.py").category,
        Category::BuildPath
    );
}

#[test]
fn a_version_pin_edited_in_a_source_file_stays_content() {
    let pin = hunk(
        &member("requirements.txt"),
        "requests==2.31.0\n",
        "requests==2.32.0\n",
    );
    let differences = run(vec![pin], &KnownValues::default());
    assert_content_looking_like(
        at(&differences, "requirements.txt"),
        Cause::DependencyVersion,
    );
    let generator = hunk(
        &["w.whl", "pkg-1.0.dist-info/WHEEL"],
        "Generator: bdist_wheel (0.41.3)\n",
        "Generator: bdist_wheel (0.43.0)\n",
    );
    let differences = run(vec![generator], &KnownValues::default());
    assert_eq!(
        at(&differences, "pkg-1.0.dist-info/WHEEL").cause,
        Cause::ToolVersion
    );
}

#[test]
fn a_cpu_count_in_a_source_makefile_stays_content() {
    let makefile = hunk(&member("Makefile"), "JOBS = -j8\n", "JOBS = -j16\n");
    let log = hunk(&member("buildinfo.txt"), "make -j8\n", "make -j16\n");
    let differences = run(vec![makefile, log], &KnownValues::default());
    assert_content_looking_like(at(&differences, "Makefile"), Cause::CpuCount);
    assert_eq!(at(&differences, "buildinfo.txt").cause, Cause::CpuCount);
    let same = declared(&[("nproc", "8", "8")]);
    let log = hunk(
        &member("build.txt"),
        "built with make -j8\n",
        "built with make -j16\n",
    );
    let differences = run(vec![log], &same);
    assert_content_looking_like(at(&differences, "build.txt"), Cause::CpuCount);
}

/// A field of the `.pyc` at `at`.
fn pyc_field(at: &[&str], field: &str, kind: FieldKind, left: &str, right: &str) -> Observed {
    Observed {
        path: path(at),
        field: Some(field.into()),
        kind: ObservedKind::Field {
            kind,
            scope: Scope::Artifact,
            left: Some(Value::Str(left.into())),
            right: Some(Value::Str(right.into())),
        },
        left: Some(left.into()),
        right: Some(right.into()),
        location: None,
        seq: 0,
    }
}

#[test]
fn a_path_compiled_into_bytecode_is_no_more_the_build_s_than_in_its_source() {
    // The build ran in two directories (the compiler recorded them), and someone also edited
    // the data directory: the source and its compiled constants keep the edit.
    let filename = pyc_field(
        &["t", "app/__pycache__/settings.cpython-311.pyc"],
        "pyc.filename",
        FieldKind::SourcePath,
        "/tmp/build-a/app/settings.py",
        "/var/tmp/build-b/app/settings.py",
    );
    let consts = pyc_field(
        &["t", "app/__pycache__/settings.cpython-311.pyc", "<module>"],
        "code.consts",
        FieldKind::Program,
        "('/srv/app/data', None)",
        "('/opt/app/data', None)",
    );
    let source = hunk(
        &["t", "app/settings.py"],
        "DATA_DIR = \"/srv/app/data\"\n",
        "DATA_DIR = \"/opt/app/data\"\n",
    );
    for known in [
        KnownValues::default(),
        declared(&[("build_path", "/tmp/build-a", "/var/tmp/build-b")]),
    ] {
        let all = vec![filename.clone(), consts.clone(), source.clone()];
        let differences = run(all, &known);
        assert_eq!(
            at(&differences, "app/__pycache__/settings.cpython-311.pyc").category,
            Category::BuildPath
        );
        for member in ["<module>", "app/settings.py"] {
            let edit = at(&differences, member);
            assert_eq!(edit.category, Category::Content, "{}", edit.evidence);
        }
    }
}

#[test]
fn a_hunk_whose_runs_have_two_causes_splits_by_cause() {
    // A kernel's uname text and a CPU count on adjacent lines of a header the build wrote.
    let header = hunk(
        &member("buildinfo.h"),
        "#define BUILD_UNAME \"Linux 6.1.0-18-amd64 #1 SMP Debian 6.1.76-1 (2024-02-01) x86_64\"\n\
         #define BUILD_JOBS 4\n",
        "#define BUILD_UNAME \"Linux 6.1.0-25-amd64 #1 SMP Debian 6.1.106-3 (2024-08-26) x86_64\"\n\
         #define BUILD_JOBS 32\n",
    );
    let differences = run(vec![header], &KnownValues::default());
    let causes: Vec<Cause> = differences.iter().map(|d| d.cause).collect();
    assert_eq!(
        causes,
        [Cause::KernelVersion, Cause::CpuCount],
        "{differences:#?}"
    );
    // With a genuine edit in the same hunk, the whole hunk stays content.
    let edited = hunk(
        &member("buildinfo.h"),
        "#define BUILD_UNAME \"Linux 6.1.0-18-amd64 #1 SMP x86_64\"\n#define MAX_USERS 4\n",
        "#define BUILD_UNAME \"Linux 6.1.0-25-amd64 #1 SMP x86_64\"\n#define MAX_USERS 32\n",
    );
    let differences = run(vec![edited], &KnownValues::default());
    assert_eq!(differences.len(), 1);
    assert_eq!(differences[0].category, Category::Content);
}

#[test]
fn an_address_edited_in_a_config_stays_content_and_a_build_stamp_is_user_host() {
    let maintainer = hunk(
        &member("setup.cfg"),
        "maintainer = alice@example.com\n",
        "maintainer = bob@example.com\n",
    );
    let stamp = hunk(
        &member("BUILD-STAMP"),
        "built by root@buildhost1\npackager: root <root@buildhost1>\n",
        "built by builder@ci-runner-07\npackager: builder <builder@ci-runner-07>\n",
    );
    let differences = run(vec![maintainer, stamp], &KnownValues::default());
    assert_content_looking_like(at(&differences, "setup.cfg"), Cause::UserName);
    let stamp = at(&differences, "BUILD-STAMP");
    assert_eq!(stamp.category, Category::UserHost, "{}", stamp.evidence);
}

#[test]
fn one_instant_in_two_languages_is_a_locale_and_two_dates_are_not() {
    let translated = hunk(
        &member("VERSION.txt"),
        "built: Tue Nov 14 10:13:20 PM UTC 2023\n",
        "built: Di 14. Nov 22:13:20 UTC 2023\n",
    );
    let differences = run(vec![translated], &KnownValues::default());
    assert_eq!(differences.len(), 1);
    assert_eq!(
        differences[0].cause,
        Cause::LocaleSetting,
        "{}",
        differences[0].evidence
    );
    // Another day in another language: an edit (or a clock), never a locale.
    let edited = hunk(
        &member("NEWS"),
        "Released 14 November 2023\n",
        "Released 21 novembre 2023\n",
    );
    let differences = run(vec![edited], &KnownValues::default());
    assert_eq!(differences[0].category, Category::Content);
    assert_ne!(differences[0].looks_like, Some(Cause::LocaleSetting));
}

#[test]
fn an_installer_guid_is_random_only_when_something_says_the_build_wrote_it() {
    let project = || {
        hunk(
            &["src.zip", "TinyApp.csproj"],
            "    <ProjectGuid>{24129335-2381-439D-9F7D-C9B8C5A1AF66}</ProjectGuid>\n",
            "    <ProjectGuid>{6FC20620-FB42-41CD-A7ED-951E1D5ECD1E}</ProjectGuid>\n",
        )
    };
    let include = || {
        hunk(
            &["src.zip", "installer/Product.wxi"],
            "  <?define ProductCode = \"{E82573E3-0DDA-46C6-8A78-18870A193C9F}\" ?>\n",
            "  <?define ProductCode = \"{B34D5DAF-4010-4727-94D9-A6EA744A3C0F}\" ?>\n",
        )
    };
    // Nothing in the include says a build step wrote it: both GUIDs only look random.
    let differences = run(vec![project(), include()], &KnownValues::default());
    assert_content_looking_like(at(&differences, "TinyApp.csproj"), Cause::RandomToken);
    assert_content_looking_like(
        at(&differences, "installer/Product.wxi"),
        Cause::RandomToken,
    );
    // A generator's header in the include (`<!-- generated by make_installer_ids.py -->`) is
    // the evidence; the project file, which has none, stays content.
    let mut facts = Facts::default();
    facts.generators.insert(
        path(&["src.zip", "installer/Product.wxi"]),
        [
            Some("make_installer_ids.py".into()),
            Some("make_installer_ids.py".into()),
        ],
    );
    let differences =
        classify(vec![project(), include()], &KnownValues::default(), &facts).differences;
    assert_content_looking_like(at(&differences, "TinyApp.csproj"), Cause::RandomToken);
    let include = at(&differences, "installer/Product.wxi");
    assert_eq!(include.cause, Cause::RandomToken, "{}", include.evidence);
}

/// The references field of a pyc: its summary line, then the values it flags or shares.
fn references(left: &str, right: &str) -> Observed {
    Observed {
        path: path(&["m.pyc"]),
        field: Some("pyc.marshal-refs".into()),
        kind: ObservedKind::Field {
            kind: FieldKind::Derived(whydiff_analyzers::Derivation::references(
                whydiff_analyzers::Covers::Data,
            )),
            scope: Scope::Artifact,
            left: None,
            right: None,
        },
        left: Some(format!("refs: 2 flagged, sha256:aa\n{left}")),
        right: Some(format!("refs: 3 flagged, sha256:bb\n{right}")),
        location: None,
        seq: 0,
    }
}

#[test]
fn sharing_that_moved_with_an_edit_follows_it_and_sharing_of_an_unchanged_value_does_not() {
    let consts = || {
        pyc_field(
            &["m.pyc", "<module>"],
            "code.consts",
            FieldKind::Program,
            "(frozenset({'TRACE', 10, 20}), 40)",
            "(frozenset({'TRACE', 10, 20}), 50)",
        )
    };
    // The edited constant is flagged on each side: its sharing moved with it.
    let followed = run(
        vec![consts(), references("F 40", "F 50")],
        &KnownValues::default(),
    );
    let refs = at(&followed, "m.pyc");
    assert_eq!(refs.category, Category::Derived, "{}", refs.evidence);
    // The frozenset is the same in both builds, shared in one only: the process's state.
    let state = run(
        vec![consts(), references("= frozenset({'TRACE', 10, 20})", "")],
        &KnownValues::default(),
    );
    let refs = at(&state, "m.pyc");
    assert_eq!(refs.cause, Cause::MarshalRefFlags, "{}", refs.evidence);
    assert_eq!(at(&state, "<module>").category, Category::Content);
}

#[test]
fn differences_are_numbered_in_order_whether_or_not_one_was_cut_into_parts() {
    use super::{numbered, Explained, Verdict};
    let observed = |n: usize| -> Vec<Observed> {
        (0..n)
            .map(|i| {
                let name = format!("m{i}");
                Observed::content(
                    path(&["a.whl", &name]),
                    ObservedKind::MemberAdded,
                    None,
                    None,
                )
            })
            .collect()
    };
    let whole = || Explained::Whole(Verdict::new(Cause::ChangedField, ""));
    // All whole (numbered in parallel): each its place.
    let all: Vec<Difference> = numbered(observed(1000), (0..1000).map(|_| whole()).collect());
    assert!(all
        .iter()
        .enumerate()
        .all(|(i, d)| d.id == i && d.observed.path[1] == format!("m{i}")));
    // One cut in two: the parts take consecutive numbers, the rest follow.
    let parts = observed(2);
    let mut explained: Vec<Explained> = (0..3).map(|_| whole()).collect();
    explained[1] = Explained::Parts(
        parts
            .into_iter()
            .map(|p| (p, Verdict::new(Cause::ChangedField, "")))
            .collect(),
    );
    let cut = numbered(observed(3), explained);
    let seen: Vec<(usize, &str)> = cut
        .iter()
        .map(|d| (d.id, d.observed.path[1].as_str()))
        .collect();
    assert_eq!(seen, [(0, "m0"), (1, "m0"), (2, "m1"), (3, "m2")]);
}
