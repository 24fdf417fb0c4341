//! diffoscope's own test pairs (82 pairs, ~70 formats): whydiff must call every pair different,
//! with exit 1 and a valid JSON report, without a panic or a hang, whatever the format.
//!
//! The pairs are read from `../shared/peer-tests/diffoscope` beside the repository, or else from
//! `target/peer-tests/diffoscope`, which `make peer-pairs` fills from diffoscope's sdist on PyPI.
//! With neither, the test is skipped and says so.

mod common;

use std::time::Duration;

use assert_cmd::Command;

#[test]
fn every_diffoscope_pair_is_reported_different() {
    let candidates = [
        common::root().join("../shared/peer-tests/diffoscope"),
        common::root().join("target/peer-tests/diffoscope"),
    ];
    let Some(dir) = candidates.iter().find(|d| d.join("PAIRS").is_file()) else {
        println!(
            "skipped: diffoscope's test pairs are in neither {} nor {} (`make peer-pairs` fetches them)",
            candidates[0].display(),
            candidates[1].display()
        );
        return;
    };
    let pairs = std::fs::read_to_string(dir.join("PAIRS"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut checked = 0;
    for line in pairs.lines().filter(|l| !l.trim().is_empty()) {
        let (left, right) = line.split_once(' ').expect("PAIRS lines are 'left right'");
        let output = Command::cargo_bin("whydiff")
            .unwrap()
            .args(["diff", "--format", "json"])
            .arg(dir.join(left))
            .arg(dir.join(right))
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{line}: exit {:?}, stderr: {stderr}",
            output.status.code()
        );
        assert!(!stderr.contains("panicked"), "{line}: {stderr}");
        let report = common::validate_report(std::str::from_utf8(&output.stdout).expect("UTF-8"));
        assert_eq!(report["identical"], false, "{line}");
        checked += 1;
    }
    assert_eq!(checked, 82, "every pair of PAIRS was checked");
}
