//! Fuzzes the gzip, bzip2 and xz readers: the first byte picks the format by its name, the rest
//! is the stream. Any bytes give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, stream)) = data.split_first() else {
        return;
    };
    let name = ["fuzz.gz", "fuzz.bz2", "fuzz.xz"][usize::from(pick) % 3];
    let data = bytes::Bytes::copy_from_slice(stream);
    let limits = whydiff_analyzers::Limits {
        max_member_size: 16 << 20,
        ..Default::default()
    };
    let _ = whydiff_analyzers::analyze(whydiff_analyzers::Input { name, data: &data }, &limits);
});
