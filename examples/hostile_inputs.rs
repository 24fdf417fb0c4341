//! Writes the hostile inputs of `tests/craft` to a directory, as left/right pairs, for
//! `bench/hostile.sh` to time and measure: `cargo run --release --example hostile_inputs DIR`.
//! A pair may come with a `flags` file: the options it is to be compared with.

#[path = "../tests/craft/mod.rs"]
mod craft;

use std::path::Path;

fn write(dir: &Path, name: &str, left: &[u8], right: &[u8]) {
    for (side, data) in [("a", left), ("b", right)] {
        let side_dir = dir.join(name).join(side);
        std::fs::create_dir_all(&side_dir).unwrap();
        std::fs::write(side_dir.join(format!("{name}.zip")), data).unwrap();
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: hostile_inputs DIR");
    let dir = Path::new(&dir);
    for copies in [1000, 2000, 4000, 7000] {
        let left = craft::repeated_extra(copies, &craft::ut_block(1_600_000_000), b"left\n");
        let right = craft::repeated_extra(copies, &craft::ut_block(1_700_000_000), b"right\n");
        write(dir, &format!("extra-{copies}"), &left, &right);
    }
    for n in [10, 20, 40, 1000] {
        let (a, a_crc) = craft::zeros_deflate(10, 0);
        let (b, b_crc) = craft::zeros_deflate(10, 1);
        let left = craft::overlapping(n, a, a_crc, 10 << 20);
        let right = craft::overlapping(n, b, b_crc, 10 << 20);
        write(dir, &format!("overlap-{n}"), &left, &right);
    }
    let left = craft::nested_bomb(16, 3, 16, false);
    let right = craft::nested_bomb(16, 3, 16, true);
    write(dir, "bomb-16x16x16", &left, &right);
    let (a, a_crc) = craft::zeros_deflate(1024, 0);
    let (b, b_crc) = craft::zeros_deflate(1024, 1);
    write(
        dir,
        "deflate-bomb-1g",
        &craft::zip(&[craft::Entry::raw_deflate("zeros", a, a_crc, 1 << 30)]),
        &craft::zip(&[craft::Entry::raw_deflate("zeros", b, b_crc, 1 << 30)]),
    );
    write(dir, "quine", &craft::quine(1), &craft::quine(2));
    // Deep nesting: linking each level's checksums and offsets to what changed below was cubic
    // in the depth. Compared with the deepest nesting allowed (the script passes `flags`).
    for levels in [300, 1000] {
        let name = format!("deep-chain-{levels}");
        write(
            dir,
            &name,
            &craft::deep_chain(levels, b"left\n"),
            &craft::deep_chain(levels, b"right\n"),
        );
        std::fs::write(dir.join(name).join("flags"), "--max-depth 1000\n").unwrap();
    }
}
