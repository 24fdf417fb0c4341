//! Fuzzes the tar reader through the registry, as the engine calls it: any bytes under a name
//! that selects it must give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = whydiff_fuzz::analyze_as("fuzz.tar", data);
});
