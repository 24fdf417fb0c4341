//! Fuzzes the gzip, bzip2 and xz readers: the first byte picks the format by its name, the rest
//! is the stream. Any bytes give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, stream)) = data.split_first() else {
        return;
    };
    let name = ["fuzz.gz", "fuzz.bz2", "fuzz.xz"][usize::from(pick) % 3];
    let _ = whydiff_fuzz::analyze_as(name, stream);
});
