//! The Markdown report, read back by a CommonMark/GFM parser: a table plus folded details on
//! a real corpus pair, hostile member names and contents that stay text, and the length bound
//! of a GitHub comment on a report far past it.

mod common;

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use whydiff::classify::Cause;
use whydiff::difference::{Difference, Observed, ObservedKind, Scope};
use whydiff::report::{markdown, Report, Side};
use whydiff_analyzers::FieldKind;

fn report_of(left: &Path, right: &Path) -> Report {
    whydiff::compare(left, right, &whydiff::Options::default()).expect("compared")
}

/// What a GFM renderer makes of `text`: each table's rows (cells as plain text), and every raw
/// HTML fragment.
struct Rendered {
    tables: Vec<Vec<Vec<String>>>,
    html: Vec<String>,
    links: usize,
}

fn parse(text: &str) -> Rendered {
    let mut rendered = Rendered {
        tables: Vec::new(),
        html: Vec::new(),
        links: 0,
    };
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => rendered.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let done = row.take().expect("a row");
                rendered.tables.last_mut().expect("a table").push(done);
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let done = cell.take().expect("a cell");
                row.as_mut().expect("a row").push(done);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => rendered.html.push(h.to_string()),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => rendered.links += 1,
            _ => {}
        }
    }
    rendered
}

/// The only HTML the Markdown report writes itself.
fn is_ours(html: &str) -> bool {
    let tags = [
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<b>",
        "</b>",
    ];
    let mut rest = html.trim();
    while !rest.is_empty() {
        if let Some(tag) = tags.iter().find(|t| rest.starts_with(**t)) {
            rest = &rest[tag.len()..];
        } else if let Some(end) = rest.find('<') {
            // Text between our tags (a cause id and a count) is not HTML.
            if rest[..end].contains(['>', '"', '\'']) {
                return false;
            }
            rest = &rest[end..];
            if !tags.iter().any(|t| rest.starts_with(*t)) {
                return false;
            }
        } else {
            return !rest.contains(['>', '"', '\'']);
        }
    }
    true
}

#[test]
fn the_demo_pair_renders_as_a_cause_table_and_one_folded_block_per_cause() {
    let pair = common::pair("demo-targz");
    let report = report_of(&pair.join("a"), &pair.join("b"));
    let text = markdown::render(&report);
    let rendered = parse(&text);
    let [sides, causes] = rendered.tables.as_slice() else {
        panic!("two tables expected:\n{text}");
    };
    assert_eq!(sides[0], ["side", "path", "sha256"]);
    assert_eq!(sides.len(), 3);
    assert_eq!(
        causes[0],
        ["category", "cause", "differences", "derived", "fix"]
    );
    let groups: std::collections::BTreeSet<_> = report
        .differences
        .iter()
        .filter(|d| d.category.id() != "derived")
        .map(|d| d.cause)
        .collect();
    assert_eq!(causes.len() - 1, groups.len(), "{text}");
    for row in &causes[1..] {
        assert_eq!(row.len(), 5);
        assert!(groups.iter().any(|c| c.id() == row[1]), "{row:?}");
    }
    let details = rendered
        .html
        .iter()
        .filter(|h| h.contains("<details>"))
        .count();
    assert_eq!(details, groups.len(), "{text}");
    assert!(
        rendered.html.iter().all(|h| is_ours(h)),
        "{:?}",
        rendered.html
    );
}

#[test]
fn hostile_names_and_contents_stay_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = [
        "<script>alert(1)<\\script>",
        "\"><img src=x onerror=alert(1)>",
        "](javascript:alert(1))",
        "a|b|c",
        "`tick`",
        "line\nbreak",
        "&amp;<b>bold<b>",
    ];
    for side in ["a", "b"] {
        std::fs::create_dir(dir.path().join(side)).expect("dir");
        for (i, name) in hostile.iter().enumerate() {
            let content = format!(
                "</details><script>alert({i})</script>\n| x | y |\n```\n[link](javascript:alert(1)) {side}\n"
            );
            std::fs::write(dir.path().join(side).join(name), content).expect("write");
        }
    }
    let report = report_of(&dir.path().join("a"), &dir.path().join("b"));
    let text = markdown::render(&report);
    let rendered = parse(&text);
    assert!(
        rendered.html.iter().all(|h| is_ours(h)),
        "{:?}\n{text}",
        rendered.html
    );
    assert_eq!(rendered.links, 0, "{text}");
    for table in &rendered.tables {
        let width = table[0].len();
        assert!(table.iter().all(|row| row.len() == width), "{table:?}");
    }
    // Every name is still shown, as text.
    assert!(text.contains("onerror=alert(1)"), "{text}");
    assert!(text.contains("a|b|c"), "{text}");
}

#[test]
fn a_report_past_a_comment_is_cut_to_fit_and_says_so() {
    let causes: Vec<Cause> = Cause::ALL
        .iter()
        .copied()
        .filter(|c| c.category().id() != "derived")
        .collect();
    let differences: Vec<Difference> = (0..100_000)
        .map(|id| {
            let cause = causes[id % causes.len()];
            Difference {
                id,
                observed: Observed {
                    path: vec![format!("pkg-{id}.whl"), format!("member-{id}.py")],
                    field: Some("zip.mtime".to_owned()),
                    kind: ObservedKind::Field {
                        kind: FieldKind::Mode,
                        scope: Scope::Record,
                        left: None,
                        right: None,
                    },
                    left: Some(format!("{id}").repeat(30)),
                    right: Some(format!("{}", id + 1).repeat(30)),
                    location: None,
                    seq: 0,
                },
                category: cause.category(),
                cause,
                evidence: String::new(),
                derived_from: Vec::new(),
                looks_like: None,
            }
        })
        .collect();
    let side = |p: &str| Side {
        path: p.to_owned(),
        sha256: "0".repeat(64),
    };
    let report = Report::new(side("a"), side("b"), differences, Vec::new());
    let text = markdown::render(&report);
    assert!(text.chars().count() <= markdown::MAX_CHARS);
    // Every cause has its row in the table, whatever is cut below it.
    assert_eq!(parse(&text).tables[1].len(), causes.len() + 1, "{text}");
    // With names long enough that the examples cannot fit, the cut is said.
    let mut long = report.clone();
    for d in &mut long.differences {
        d.observed.path[1] = "m".repeat(3000) + &d.id.to_string();
    }
    let text = markdown::render(&long);
    assert!(text.chars().count() <= markdown::MAX_CHARS);
    assert!(text.contains("Cut to fit"), "{text}");
}
