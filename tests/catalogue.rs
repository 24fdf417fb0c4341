//! The catalogue model: made from reports, merged in any order and any grouping into the same
//! bytes (merging is associative and commutative), every root cause of the reports listed.

mod common;

use whydiff::catalogue::{explain::explain, html, markdown, rb_types, Catalogue};
use whydiff::classify::Cause;
use whydiff::report::document::ReportDocument;
use whydiff::report::json;
use whydiff::Options;

/// The reports of every corpus pair, as read back from their JSON.
fn corpus_reports() -> Vec<ReportDocument> {
    let pairs = common::corpus_pairs();
    pairs
        .iter()
        .map(|dir| {
            let report =
                whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
            ReportDocument::from_json(&json::render(&report)).unwrap()
        })
        .collect()
}

fn folded<'a>(reports: impl IntoIterator<Item = &'a ReportDocument>) -> Catalogue {
    let mut catalogue = Catalogue::default();
    for report in reports {
        catalogue.merge(Catalogue::from_report(report));
    }
    catalogue
}

#[test]
fn the_same_reports_in_any_order_or_grouping_give_the_same_catalogue() {
    let reports = corpus_reports();
    let forward = folded(&reports);
    let backward = folded(reports.iter().rev());
    assert_eq!(forward.to_json(), backward.to_json());
    // Two shards, each catalogued apart, then merged (either way round).
    let (first, second) = reports.split_at(reports.len() / 3);
    let mut merged = folded(second);
    merged.merge(folded(first));
    assert_eq!(merged.to_json(), forward.to_json());
    // A catalogue's JSON reads back and merges again.
    let read: Catalogue = serde_json::from_str(&forward.to_json()).unwrap();
    assert_eq!(read, forward);
    assert_eq!(forward.reports as usize, reports.len());
}

#[test]
fn every_root_cause_of_the_reports_is_listed_with_examples() {
    let reports = corpus_reports();
    let catalogue = folded(&reports);
    for report in &reports {
        for root in report.roots() {
            let entry = &catalogue.causes[&root.cause];
            assert_eq!(entry.category, root.category);
            assert!(!entry.examples.is_empty() && entry.examples.len() <= 2);
        }
    }
    // A cause shown by several pairs counts each pair once.
    let timestamps = reports
        .iter()
        .filter(|r| r.roots().any(|d| d.cause == "entry-mtime"))
        .count() as u64;
    assert_eq!(catalogue.causes["entry-mtime"].pairs, timestamps);
    assert!(catalogue.causes.values().all(|e| e.places <= e.differences));
}

/// The three renderings of a catalogue, which must all be the same bytes for the same reports.
fn rendered(catalogue: &Catalogue) -> [String; 3] {
    [
        markdown::render(catalogue),
        html::render(catalogue),
        catalogue.to_json(),
    ]
}

#[test]
fn every_corpus_root_cause_is_documented_and_the_documents_do_not_depend_on_order_or_shards() {
    let reports = corpus_reports();
    let forward = folded(&reports);
    let [markdown, html, _] = rendered(&forward);
    let roots: std::collections::BTreeSet<&str> = reports
        .iter()
        .flat_map(|r| r.roots().map(|d| d.cause.as_str()))
        .collect();
    assert!(
        roots.len() >= 20,
        "{} root causes in the corpus",
        roots.len()
    );
    for id in &roots {
        let cause = Cause::ALL.iter().copied().find(|c| c.id() == *id).unwrap();
        let entry = &forward.causes[*id];
        assert!(!entry.examples.is_empty(), "{id}: examples");
        assert!(!entry.formats.is_empty(), "{id}: formats");
        assert!(!entry.artifacts.smallest.is_empty(), "{id}: artifacts");
        assert!(entry.artifacts.smallest.len() <= whydiff::catalogue::NAMES);
        // Its section in both documents: heading, explanation, fix and issue types.
        let heading = format!("\n## `{id}` (");
        let start = markdown
            .find(&heading)
            .unwrap_or_else(|| panic!("{id}: a section"));
        let section = &markdown[start + 1..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let html_start = html
            .find(&format!("<section id=\"cause-{id}\">"))
            .unwrap_or_else(|| panic!("{id}: an HTML section"));
        let html_section = &html[html_start..];
        let html_section = &html_section[..html_section.find("</section>").unwrap()];
        let explanation = explain(cause);
        assert!(!explanation.is_empty(), "{id}: explained");
        assert!(section.contains(explanation), "{id}: explanation");
        assert_eq!(
            section.contains("\nFix: "),
            !cause.remedy().is_empty(),
            "{id}: fix"
        );
        assert_eq!(html_section.contains("Fix: "), !cause.remedy().is_empty());
        for format in &entry.formats {
            assert!(section.contains(&format!("`{format}`")), "{id}: {format}");
        }
        for issue_type in rb_types::issue_types(cause) {
            let url = rb_types::url(issue_type);
            assert!(section.contains(&url), "{id}: {issue_type}");
            assert!(html_section.contains(&url), "{id}: {issue_type} in HTML");
        }
    }
    // The same bytes in reverse order, and from two partial catalogues merged either way round.
    assert_eq!(rendered(&folded(reports.iter().rev())), rendered(&forward));
    let (first, second) = reports.split_at(reports.len() / 2);
    let (first, second) = (folded(first), folded(second));
    let mut one_way = first.clone();
    one_way.merge(second.clone());
    let mut other_way = second;
    other_way.merge(first);
    assert_eq!(rendered(&one_way), rendered(&forward));
    assert_eq!(rendered(&other_way), rendered(&forward));
    // Partial catalogues written as JSON and read back merge to the same bytes too.
    let (a, b) = reports.split_at(reports.len() / 3);
    let mut read = Catalogue::default();
    for part in [folded(b).to_json(), folded(a).to_json()] {
        read.merge(whydiff::catalogue::read(&part, "a shard").unwrap());
    }
    assert_eq!(rendered(&read), rendered(&forward));
}

#[test]
fn variations_that_reproduced_a_cause_are_listed() {
    let reports = corpus_reports();
    let mut report = reports
        .iter()
        .find(|r| r.roots().any(|d| d.cause == "entry-mtime"))
        .unwrap()
        .clone();
    let mut confirmed = 0;
    for difference in &mut report.differences {
        if difference.cause == "entry-mtime" {
            let variations = match confirmed % 2 {
                0 => vec!["time".to_owned()],
                _ => vec!["time".to_owned(), "build-path".to_owned()],
            };
            difference.confirmed_by = Some(variations);
            confirmed += 1;
        } else if difference.is_root() {
            difference.confirmed_by = Some(Vec::new());
        }
    }
    // Through JSON, as `whydiff vary` would write it.
    let report = ReportDocument::from_json(&report.to_json()).unwrap();
    let catalogue = Catalogue::from_report(&report);
    let entry = &catalogue.causes["entry-mtime"];
    assert_eq!(entry.confirmed, confirmed);
    assert_eq!(
        entry.confirmed_by.iter().collect::<Vec<_>>(),
        ["build-path", "time"]
    );
    let text = markdown::render(&catalogue);
    assert!(
        text.contains(&format!(
            "Reproduced by varying: `build-path`, `time` ({confirmed} of its differences)."
        )),
        "{text}"
    );
    assert!(html::render(&catalogue).contains("Reproduced by varying: <code>build-path</code>"));
    // Causes no variation reproduced say nothing of it; reports without the field neither.
    assert_eq!(text.matches("Reproduced by varying").count(), 1);
    assert!(!markdown::render(&folded(&reports)).contains("Reproduced by varying"));
}

/// Values an artifact could hold that would break a document that did not escape them.
const HOSTILE: &[&str] = &[
    "a|b",
    "tick`s ``and`` more",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "](javascript:alert(1))",
    "[x](javascript:alert(1))",
    "fish & chips &amp;",
    "line\nbreak",
    "carriage\rreturn",
    "*emphasis* _under_ # heading",
];

/// A corpus report whose names, values, fields, formats and even cause ids are hostile.
fn hostile_catalogue() -> Catalogue {
    let mut catalogue = Catalogue::default();
    for report in corpus_reports().iter().take(6) {
        let mut report = report.clone();
        for (i, difference) in report.differences.iter_mut().enumerate() {
            let pick = |k: usize| HOSTILE[(i + k) % HOSTILE.len()].to_owned();
            difference.path.push(pick(0));
            difference.field = Some(pick(1));
            difference.left = Some(pick(2));
            difference.right = Some(pick(3));
            difference.format = Some(pick(4));
            difference.confirmed_by = Some(vec![pick(5)]);
            if i % 3 == 0 && difference.is_root() {
                difference.cause = pick(6);
                difference.category = pick(7);
            }
        }
        report.left.path = HOSTILE[3].to_owned();
        report.right.path = HOSTILE[7].to_owned();
        catalogue.merge(Catalogue::from_report(&report));
    }
    catalogue
}

/// The `|` that split a Markdown table row into cells (not escaped by a backslash).
fn unescaped_pipes(row: &str) -> usize {
    let mut count = 0;
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => count += 1,
            _ => {}
        }
    }
    count
}

/// Markdown with its code spans taken out (what is left is read as markup). Outside a code span a
/// backslash escapes the next character (an escaped backtick opens no span); inside, nothing.
fn outside_code_spans(text: &str) -> String {
    let bytes = text.as_bytes();
    let run_at = |i: usize| bytes[i..].iter().take_while(|&&b| b == b'`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => {
                let next = text[i + 1..].chars().next().unwrap();
                out.push('\\');
                out.push(next);
                i += 1 + next.len_utf8();
            }
            b'`' => {
                let run = run_at(i);
                // The closing run: exactly as many backticks, not part of a longer run.
                let mut j = i + run;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let other = run_at(j);
                        if other == run {
                            close = Some(j + run);
                            break;
                        }
                        j += other;
                    } else {
                        j += 1;
                    }
                }
                match close {
                    Some(end) => i = end,
                    None => {
                        out.push_str(&text[i..i + run]);
                        i += run;
                    }
                }
            }
            _ => {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

#[test]
fn hostile_names_and_values_leave_the_markdown_intact() {
    let catalogue = hostile_catalogue();
    let text = markdown::render(&catalogue);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), catalogue.causes.len() + 2, "one row per cause");
    for row in &rows {
        assert_eq!(unescaped_pipes(row), 7, "{row}");
    }
    // Every example stays one list item: no value broke a line.
    let items = text.lines().filter(|l| l.starts_with("- ")).count();
    let examples: usize = catalogue.causes.values().map(|e| e.examples.len()).sum();
    assert_eq!(items, examples);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("## ")).count(),
        catalogue.causes.len() + 1
    );
    // Outside code spans, nothing from the values is markup: no tag, no link, no emphasis.
    let markup = outside_code_spans(&text);
    if let Some(at) = markup.find('<') {
        panic!(
            "a raw < outside code spans: {}",
            &markup[at.saturating_sub(200)..(at + 40).min(markup.len())]
        );
    }
    assert!(!markup.contains("](javascript"), "a link");
    assert!(!markup.contains("[x]"));
    assert!(!markup.contains("*emphasis*"));
    assert!(!markup.contains(" & "), "a bare &");
    for line in text.lines() {
        assert!(!line.contains('\r'));
    }
}

#[test]
fn hostile_names_and_values_leave_the_html_intact() {
    let catalogue = hostile_catalogue();
    let page = html::render(&catalogue);
    const TAGS: &[&str] = &[
        "!DOCTYPE html>",
        "html",
        "head>",
        "meta ",
        "title>",
        "style>",
        "body>",
        "h1>",
        "h2>",
        "h3>",
        "p>",
        "p ",
        "table>",
        "thead>",
        "tbody>",
        "tr>",
        "th>",
        "td>",
        "td ",
        "a ",
        "a>",
        "code>",
        "span ",
        "span>",
        "section ",
        "section>",
        "ul>",
        "li>",
    ];
    for (at, _) in page.match_indices('<') {
        let rest = page[at + 1..].trim_start_matches('/');
        assert!(
            TAGS.iter().any(|tag| rest.starts_with(tag)),
            "an unexpected tag at {at}: {}",
            &page[at..(at + 40).min(page.len())]
        );
    }
    for link in page.split("href=\"").skip(1) {
        assert!(
            link.starts_with("#cause-")
                || link.starts_with("https://tests.reproducible-builds.org/debian/issues/"),
            "{}",
            &link[..40.min(link.len())]
        );
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("fish &amp; chips &amp;amp;"));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("src=\"http"));
}

mod command {
    use super::common;
    use assert_cmd::Command;

    fn report(pair: &str, out: &std::path::Path) {
        std::fs::write(out, common::diff_pair_json(pair).stdout).unwrap();
    }

    fn catalogue(args: &[&std::ffi::OsStr], stdin: Option<Vec<u8>>) -> (i32, String) {
        let mut command = Command::cargo_bin("whydiff").unwrap();
        command.arg("catalogue").args(args);
        if let Some(input) = stdin {
            command.write_stdin(input);
        }
        let output = command.output().unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    }

    #[test]
    fn reports_in_any_order_shards_and_json_lines_give_the_same_document() {
        let dir = tempfile::tempdir().unwrap();
        let pairs = ["zip-mtime", "tar-umask", "elf-build-path-depth"];
        let files: Vec<_> = pairs
            .iter()
            .map(|pair| {
                let path = dir.path().join(format!("{pair}.json"));
                report(pair, &path);
                path
            })
            .collect();
        let os = |paths: &[&std::path::PathBuf]| -> Vec<std::ffi::OsString> {
            paths.iter().map(|p| p.as_os_str().to_owned()).collect()
        };
        let run = |paths: Vec<std::ffi::OsString>, extra: &[&str]| {
            let mut args: Vec<&std::ffi::OsStr> = extra.iter().map(std::ffi::OsStr::new).collect();
            args.extend(paths.iter().map(|p| p.as_os_str()));
            catalogue(&args, None)
        };
        let (code, forward) = run(os(&[&files[0], &files[1], &files[2]]), &[]);
        assert_eq!(code, 0);
        assert!(
            forward.contains("| permissions | `entry-mode` | 1 | 9 | `tar` |"),
            "{forward}"
        );
        let (_, backward) = run(os(&[&files[2], &files[0], &files[1]]), &[]);
        assert_eq!(forward, backward);
        // A shard's catalogue JSON merged with the other reports.
        let shard = dir.path().join("shard.json");
        let (_, json) = run(os(&[&files[0], &files[1]]), &["--format", "json"]);
        std::fs::write(&shard, json).unwrap();
        let (_, merged) = run(os(&[&files[2], &shard]), &[]);
        assert_eq!(merged, forward);
        // JSON Lines on standard input.
        let mut lines = Vec::new();
        for file in &files {
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            lines.extend(serde_json::to_vec(&value).unwrap());
            lines.push(b'\n');
        }
        let (code, piped) = catalogue(&[std::ffi::OsStr::new("-")], Some(lines));
        assert_eq!(code, 0);
        assert_eq!(piped, forward);
        // Pretty-printed reports simply concatenated (`cat *.json | whydiff catalogue -`).
        let mut concatenated = Vec::new();
        for file in &files {
            concatenated.extend(std::fs::read(file).unwrap());
        }
        let (code, piped) = catalogue(&[std::ffi::OsStr::new("-")], Some(concatenated));
        assert_eq!(code, 0);
        assert_eq!(piped, forward);
        // HTML from the same reports: the same page in any order.
        let (code, page) = run(
            os(&[&files[0], &files[1], &files[2]]),
            &["--format", "html"],
        );
        assert_eq!(code, 0);
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        let (_, again) = run(
            os(&[&files[1], &files[2], &files[0]]),
            &["--format", "html"],
        );
        assert_eq!(page, again);
    }

    #[test]
    fn anything_else_is_trouble() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.json");
        std::fs::write(&other, r#"{"schema": "something-else/1"}"#).unwrap();
        let (code, _) = catalogue(&[other.as_os_str()], None);
        assert_eq!(code, 2);
        let (code, _) = catalogue(&[dir.path().join("missing.json").as_os_str()], None);
        assert_eq!(code, 2);
        // A report followed by something that is not JSON is trouble, not half a catalogue.
        let truncated = dir.path().join("truncated.json");
        std::fs::write(&truncated, "{\"schema\": \"whydiff-catalogue/1\", \"reports\": 0, \"identical\": 0, \"causes\": {}}\n{\"schema\": ").unwrap();
        let (code, _) = catalogue(&[truncated.as_os_str()], None);
        assert_eq!(code, 2);
    }
}
