//! Fuzzes the JAR manifest reader through the registry, as the engine calls it: any bytes as a
//! `META-INF/MANIFEST.MF` (the first byte odd: as a signature file `META-INF/X.SF`) must give a
//! node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = match data.first() {
        Some(b) if b % 2 == 1 => "META-INF/X.SF",
        _ => "META-INF/MANIFEST.MF",
    };
    let _ = whydiff_fuzz::analyze_as(name, data);
});
