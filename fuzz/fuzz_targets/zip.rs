//! Fuzzes the zip reader through the registry, as the engine calls it: any bytes under a name
//! that selects it must give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (node, limits) = whydiff_fuzz::analyze_as("fuzz.zip", data);
    // Entries are decoded on demand: decode each, as the engine would.
    for member in &node.members {
        if let whydiff_analyzers::MemberData::Encoded(encoded) = &member.data {
            let _ = encoded.decode(&limits);
        }
    }
});
