//! Fuzzes the native binary readers (PE/COFF with its DWARF and COFF symbols, ELF, Mach-O thin and
//! universal) through the registry, as the engine calls them: any bytes must give a node or a
//! note, never a panic, hang or unbounded allocation. The format is picked by magic, as for any
//! member; goblin and gimli run inside.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = whydiff_fuzz::analyze_as("fuzz.bin", data);
});
