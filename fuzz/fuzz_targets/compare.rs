//! Fuzzes the whole comparison: the input is split in two builds (at a position its first two
//! bytes give), compared under a name its third byte picks, classified and rendered as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.zip",
    "a.tar",
    "a.tar.gz",
    "a.whl",
    "a.pyc",
    "x-1.0.dist-info/METADATA",
    "a.txt",
    "a.bin",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let split = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let name = NAMES[usize::from(data[2]) % NAMES.len()];
    let rest = &data[3..];
    let at = split.min(rest.len());
    let (left, right) = rest.split_at(at);
    let (left, right) = (
        bytes::Bytes::copy_from_slice(left),
        bytes::Bytes::copy_from_slice(right),
    );
    let mut settings = whydiff::engine::Settings::default();
    settings.limits.max_member_size = 16 << 20;
    let findings = whydiff::engine::compare_bytes(&[name.to_owned()], &left, &right, 0, &settings);
    let known = whydiff::classify::KnownValues::default();
    let facts = whydiff::classify::Facts::default();
    let classified = whydiff::classify::classify(findings.differences, &known, &facts);
    let report = whydiff::report::Report::new(
        whydiff::report::Side {
            path: "left".into(),
            sha256: String::new(),
        },
        whydiff::report::Side {
            path: "right".into(),
            sha256: String::new(),
        },
        classified.differences,
        findings.notes,
    );
    let _ = whydiff::report::json::render(&report);
});
