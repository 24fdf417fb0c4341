//! Fuzzes the Java properties reader through the registry, as the engine calls it: any bytes as
//! `git.properties` must give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = whydiff_fuzz::analyze_as("git.properties", data);
});
