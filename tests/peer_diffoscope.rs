//! diffoscope's own test pairs (`../shared/peer-tests/diffoscope`, ~70 formats): whydiff must
//! call every pair different, with exit 1 and a valid JSON report, without a panic or a hang,
//! whatever the format.

mod common;

use std::time::Duration;

use assert_cmd::Command;

#[test]
fn every_diffoscope_pair_is_reported_different() {
    let dir = common::root().join("../shared/peer-tests/diffoscope");
    // The pairs live beside the repository, not in it: a clone alone skips them, and says so.
    if !dir.is_dir() {
        println!(
            "skipped: {} is absent (diffoscope's test pairs are not part of the repository)",
            dir.display()
        );
        return;
    }
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
