//! Fuzzes the PyInstaller readers (the CArchive found by its cookie, the PYZ of modules) through
//! the registry, as the engine calls them: the first byte picks which one the rest is written
//! as (a CArchive is recognized by the cookie at its end, a PYZ by its magic), then every entry
//! is decoded, as the engine would when two builds' entries differ, and read again (modules as
//! pycs). Any bytes must give a node or a note, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whydiff_analyzers::{Input, MemberData};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = if pick & 1 == 0 { "pydata" } else { "PYZ-00.pyz" };
    let (node, limits) = whydiff_fuzz::analyze_as(name, rest);
    for member in &node.members {
        if let MemberData::Encoded(encoded) = &member.data {
            if let Ok(decoded) = encoded.decode(&limits) {
                let _ = whydiff_analyzers::analyze(
                    Input {
                        name: &member.name,
                        data: &decoded,
                    },
                    &limits,
                );
            }
        }
    }
});
