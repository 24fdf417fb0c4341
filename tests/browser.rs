//! The HTML report in a real browser: headless Chromium driven over WebDriver (chromedriver),
//! clicking what a developer clicks — a category filter, a tree node, a permalink — and checking
//! what becomes visible; hostile member names that must run nothing; and a 100,000-difference
//! report that must stay small and become interactive quickly (size and time printed).
//!
//! Needs `chromium` and `chromium-driver` (Debian); without them each test prints a notice and
//! returns — unless `CI` is set, where a missing browser is a failure (`.ci/run` installs it).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use whydiff::report::{html, Report};

/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A headless Chromium session behind its own chromedriver.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    /// A session, or `None` (with a notice) where no Chromium is installed.
    fn start() -> Option<Browser> {
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let driver = find_program(&["chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but chromium or chromedriver is missing (.ci/run installs them)"
            );
            eprintln!(
                "NOTICE: browser test skipped: chromium and chromedriver are not installed \
                 (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut browser = Browser {
            driver: child,
            port,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.try_call("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1200,900"]
            }
        }}});
        let answer = browser.call("POST", "/session", Some(capabilities));
        browser.session = answer["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        Some(browser)
    }

    /// One WebDriver command over HTTP/1.1; the answer's `value`.
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        let (head, body) = read_answer(&mut stream)?;
        let value: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        if head.starts_with("HTTP/1.1 200") {
            Ok(value["value"].clone())
        } else {
            Err(format!("{method} {path}: {head}\n{value}"))
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until the page's script has drawn the report.
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.js("return document.body && document.body.dataset.ready || null") != "1" {
            assert!(Instant::now() < deadline, "the report never became ready");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn element(&self, css: &str) -> String {
        let found = self.session_call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT].as_str().expect("an element").to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.session_call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Whether an element matching `css` is displayed once drawn: a `<details>` draws its content
    /// on its `toggle` event, which fires after the click has returned, later on a loaded machine.
    fn shown(&self, css: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        let present = format!(
            "return document.querySelector({}) !== null",
            serde_json::to_string(css).expect("a string")
        );
        while self.js(&present) != true {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.displayed(css)
    }

    fn displayed(&self, css: &str) -> bool {
        let id = self.element(css);
        self.session_call("GET", &format!("/element/{id}/displayed"), None) == true
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.try_call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// An HTTP answer's head and body: the body read to its Content-Length, or to the end of a
/// chunked body (the driver may keep the connection open, so "read to the end" would hang).
fn read_answer(stream: &mut TcpStream) -> Result<(String, String), String> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 65536];
    loop {
        let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
        bytes.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&bytes);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let lower = head.to_ascii_lowercase();
            let length = lower
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            let complete = match length {
                Some(length) => body.len() >= length,
                None if lower.contains("transfer-encoding: chunked") => body.ends_with("0\r\n\r\n"),
                None => n == 0,
            };
            if complete {
                let body = if length.is_none() && lower.contains("chunked") {
                    unchunk(body)
                } else {
                    body.to_owned()
                };
                return Ok((head.to_owned(), body));
            }
        }
        if n == 0 {
            return Err("the driver closed the connection mid-answer".to_owned());
        }
    }
}

/// The body of a chunked HTTP answer.
fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

fn write_html(report: &Report, dir: &Path) -> (PathBuf, String) {
    let path = dir.join("report.html");
    let mut file = std::fs::File::create(&path).expect("create");
    html::write(report, &mut file).expect("write");
    let url = format!("file://{}", path.display());
    (path, url)
}

fn report_of(left: &Path, right: &Path) -> Report {
    whydiff::compare(left, right, &whydiff::Options::default()).expect("compared")
}

#[test]
fn the_filter_the_tree_and_a_permalink_show_what_they_should() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let pair = common::pair("wheel-two-dirs-two-times");
    let report = report_of(&pair.join("a"), &pair.join("b"));
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, url) = write_html(&report, dir.path());
    browser.goto(&url);
    browser.wait_ready();

    // A category filter hides its causes and nothing else; pressed again, they are back.
    assert!(browser.displayed("#c-build-directory"));
    assert!(browser.displayed("#c-entry-mtime"));
    browser.click("button.filter[data-category=\"build-path\"]");
    assert!(!browser.displayed("#c-build-directory"));
    assert!(browser.displayed("#c-entry-mtime"));
    browser.click("button.filter[data-category=\"build-path\"]");
    assert!(browser.displayed("#c-build-directory"));

    // The search box narrows every cause to what matches, and says so in its count.
    let search = browser.element("#search");
    browser.session_call(
        "POST",
        &format!("/element/{search}/value"),
        Some(json!({"text": "RECORD"})),
    );
    std::thread::sleep(Duration::from_millis(400));
    let count = browser.js("return document.querySelector('#c-entry-mtime .count').textContent");
    assert_eq!(
        count, "(1 of 6)",
        "one of the six mtime differences names RECORD"
    );
    browser.session_call("POST", &format!("/element/{search}/clear"), Some(json!({})));
    browser.js("document.getElementById('search').dispatchEvent(new Event('input'))");
    std::thread::sleep(Duration::from_millis(400));

    // Opening a cause draws its differences.
    browser.click("#c-entry-mtime > summary");
    assert!(browser.shown("#c-entry-mtime li.diff"));

    // The tree: the artifact's node, opened, shows its members; the cause view is hidden.
    browser.click("#tab-tree");
    assert!(!browser.displayed("#by-cause"));
    assert!(browser.displayed("#by-place > details.node > summary"));
    assert_eq!(
        browser
            .js("return document.querySelectorAll('#by-place details.node details.node').length"),
        0,
        "members are drawn only when their artifact is opened"
    );
    browser.click("#by-place > details.node > summary");
    assert!(browser.shown("#by-place > details.node > .children > details.node"));

    // A permalink to a derived difference opens the cause it follows from and scrolls to it.
    let derived = report
        .differences
        .iter()
        .rev()
        .find(|d| d.category.id() == "derived")
        .expect("a derived difference");
    browser.goto(&format!("{url}#d-{}", derived.id));
    browser.wait_ready();
    let target = format!("#d-{}", derived.id);
    assert!(browser.displayed(&target));
    let in_view = browser.js(&format!(
        "const r = document.querySelector('{target}').getBoundingClientRect(); \
         return r.top >= 0 && r.top < window.innerHeight && \
         document.querySelector('{target}').classList.contains('target')"
    ));
    assert_eq!(
        in_view, true,
        "the permalinked difference is marked and in view"
    );
}

/// The 294 build-path differences of a pyc tree: the opened cause says the directory pair once,
/// above the list of every difference.
#[test]
fn a_cause_says_once_what_its_differences_share() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let pair = common::root().join("tests/fixtures/pyc-build-path-294");
    let report = report_of(&pair.join("a"), &pair.join("b"));
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, url) = write_html(&report, dir.path());
    browser.goto(&url);
    browser.wait_ready();
    browser.click("#c-build-directory > summary");
    assert!(browser.shown("#c-build-directory p.shared"));
    let line =
        browser.js("return document.querySelector('#c-build-directory p.shared').textContent");
    assert_eq!(
        line,
        "build directory /tmp/whydiff-many-a → /var/tmp/whydiff-many-build-b, in 294 files \
         (app/part01/__pycache__/__init__.cpython-311.pyc, \
         app/part01/__pycache__/mod01.cpython-311.pyc, \
         app/part01/__pycache__/mod02.cpython-311.pyc, …)"
    );
    assert!(
        browser.shown("#c-build-directory li.diff"),
        "the list is still there"
    );
}

#[test]
fn hostile_member_names_and_contents_run_nothing() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let names = [
        "<script>window.__pwned=1",
        "\"><img src=x onerror=window.__pwned=2>",
        "](javascript:window.__pwned=3)",
        "<svg onload=window.__pwned=4>",
        "a|b`c`&amp;",
    ];
    for side in ["a", "b"] {
        std::fs::create_dir(dir.path().join(side)).expect("dir");
        for name in names {
            let content = format!(
                "</script><script>window.__pwned=5</script>\n<img src=x onerror=window.__pwned=6> {side}\n"
            );
            std::fs::write(dir.path().join(side).join(name), content).expect("write");
        }
    }
    let report = report_of(&dir.path().join("a"), &dir.path().join("b"));
    let (_, url) = write_html(&report, dir.path());
    browser.goto(&url);
    browser.wait_ready();
    // Open everything, in both views, level by level as the page draws it.
    for _ in 0..4 {
        browser.js("document.querySelectorAll('details').forEach(d => d.open = true)");
        std::thread::sleep(Duration::from_millis(100));
    }
    browser.click("#tab-tree");
    for _ in 0..4 {
        browser.js("document.querySelectorAll('details').forEach(d => d.open = true)");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(browser.js("return window.__pwned === undefined"), true);
    assert_eq!(
        browser.js("return document.querySelectorAll('img, svg, iframe, object, embed').length"),
        0
    );
    assert_eq!(browser.js("return document.scripts.length"), 2);
    // The names are there, as text.
    let text = browser.js("return document.getElementById('app').textContent");
    let text = text.as_str().expect("text");
    for name in names {
        assert!(text.contains(name), "{name} is not shown as text:\n{text}");
    }
    assert!(
        text.contains("<img src=x onerror=window.__pwned=6> b"),
        "{text}"
    );
}

#[test]
fn a_100000_difference_report_is_small_and_soon_interactive() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let report = common::synthetic_report(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, url) = write_html(&report, dir.path());
    let size = std::fs::metadata(&path).expect("written").len();
    let started = Instant::now();
    browser.goto(&url);
    browser.wait_ready();
    let wall = started.elapsed();
    let ready_at = browser.js("return Number(document.body.dataset.readyAt)");
    let paint = browser.js(
        "const p = performance.getEntriesByName('first-contentful-paint')[0]; \
         return p ? Math.round(p.startTime) : null",
    );
    println!(
        "100,000 differences: HTML {:.1} MB; ready {} ms after navigation start (first \
         contentful paint {} ms); {:.2} s wall from the WebDriver navigate",
        size as f64 / 1e6,
        ready_at,
        paint,
        wall.as_secs_f64()
    );
    assert!(size < 30_000_000, "{size} bytes");
    // A generous bound for a loaded CI machine; the number printed is what matters.
    assert!(wall < Duration::from_secs(30), "{wall:?}");
    // Opening a cause draws one page of its differences, not all of them.
    let first = report.differences[0].cause.id();
    browser.click(&format!("#c-{first} > summary"));
    assert!(browser.shown(&format!("#c-{first} > div > ul.diffs > li")));
    let drawn = browser.js(&format!(
        "return document.querySelectorAll('#c-{first} > div > ul.diffs > li').length"
    ));
    assert_eq!(drawn, 100);
}
