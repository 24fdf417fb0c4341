//! Builders of hostile inputs, written by hand so that the tests need no tool but Rust: zip
//! archives whose records lie (overlapping entries, a member containing its own archive, extra
//! fields of repeated blocks, headers that disagree), nested zip bombs, deflate bombs made of
//! repeated flushed chunks (a gibibyte of zeros in a megabyte, built in microseconds), tar
//! headers with absurd numbers and pax records, and gzip files of many members.
//!
//! Shared by the hostile-input tests and `examples/hostile_inputs.rs` (which writes the same
//! inputs to disk for `bench/hostile.sh`).
#![allow(dead_code)]

use std::io::Write;

use flate2::{Compress, Compression, FlushCompress};

/// A raw deflate stream of `data`.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// One self-contained, byte-aligned, non-final deflate chunk of `data` (a full flush resets the
/// dictionary, so the chunk can be repeated).
fn flushed_chunk(data: &[u8]) -> Vec<u8> {
    let mut compress = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 100 + 1024);
    compress
        .compress_vec(data, &mut out, FlushCompress::Full)
        .unwrap();
    while compress.total_in() < data.len() as u64 || out.len() == out.capacity() {
        out.reserve(1 << 16);
        let done = compress.total_in() as usize;
        compress
            .compress_vec(&data[done..], &mut out, FlushCompress::Full)
            .unwrap();
    }
    out
}

/// A raw deflate stream of `chunks` times the mebibyte `chunk` (which must be 1 MiB at most):
/// `chunks` MiB of output from about `chunks` KiB of input when `chunk` is zeros.
pub fn repeated_deflate(chunk: &[u8], chunks: usize) -> Vec<u8> {
    let one = flushed_chunk(chunk);
    let mut out = Vec::with_capacity(one.len() * chunks + 2);
    for _ in 0..chunks {
        out.extend_from_slice(&one);
    }
    // A final, empty fixed-Huffman block.
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// A deflate stream of `mib` MiB of zeros whose last byte is `last`, and the CRC-32 of that data.
pub fn zeros_deflate(mib: usize, last: u8) -> (Vec<u8>, u32) {
    let zeros = vec![0u8; 1 << 20];
    let mut tail = zeros.clone();
    *tail.last_mut().unwrap() = last;
    let mut stream = repeated_deflate(&zeros, mib - 1);
    stream.truncate(stream.len() - 2);
    stream.extend_from_slice(&flushed_chunk(&tail));
    stream.extend_from_slice(&[0x03, 0x00]);
    let mut crc = crc32fast::Hasher::new();
    for _ in 0..mib - 1 {
        crc.update(&zeros);
    }
    crc.update(&tail);
    (stream, crc.finalize())
}

/// One entry of a hand-written zip archive.
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: Vec<u8>,
    pub method: u16,
    /// The stored (encoded) bytes.
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u64,
    pub flags: u16,
    pub central_extra: Vec<u8>,
    pub local_extra: Vec<u8>,
    /// What the local header says instead of the central one, when they are to disagree.
    pub local_name: Option<Vec<u8>>,
    pub local_method: Option<u16>,
    pub local_sizes: Option<(u32, u32)>,
    /// Where the central header says the local header is (by default where it was written).
    pub local_offset: Option<u32>,
    /// Whether to write a local header and data at all (entries that share another's do not).
    pub write_local: bool,
}

impl Entry {
    /// A stored entry.
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry {
            name: name.as_bytes().to_vec(),
            method: 0,
            data: data.to_vec(),
            crc: crc32fast::hash(data),
            size: data.len() as u64,
            flags: 0,
            central_extra: Vec::new(),
            local_extra: Vec::new(),
            local_name: None,
            local_method: None,
            local_sizes: None,
            local_offset: None,
            write_local: true,
        }
    }

    /// A deflated entry.
    pub fn deflated(name: &str, data: &[u8]) -> Entry {
        Entry {
            method: 8,
            data: deflate(data),
            ..Entry::stored(name, data)
        }
    }

    /// A deflated entry from an already encoded stream.
    pub fn raw_deflate(name: &str, stream: Vec<u8>, crc: u32, size: u64) -> Entry {
        Entry {
            method: 8,
            data: stream,
            crc,
            size,
            ..Entry::stored(name, b"")
        }
    }
}

fn le16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn le32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A zip archive of `entries`, in order, with a central directory of the same order.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len());
    for entry in entries {
        offsets.push(out.len() as u32);
        if !entry.write_local {
            continue;
        }
        let name = entry.local_name.as_ref().unwrap_or(&entry.name);
        let (csize, usize) = entry
            .local_sizes
            .unwrap_or((entry.data.len() as u32, entry.size as u32));
        out.extend_from_slice(b"PK\x03\x04");
        le16(&mut out, 20);
        le16(&mut out, entry.flags);
        le16(&mut out, entry.local_method.unwrap_or(entry.method));
        le16(&mut out, 0); // time
        le16(&mut out, 0x5221); // date: 2021-01-01
        le32(&mut out, entry.crc);
        le32(&mut out, csize);
        le32(&mut out, usize);
        le16(&mut out, name.len() as u16);
        le16(&mut out, entry.local_extra.len() as u16);
        out.extend_from_slice(name);
        out.extend_from_slice(&entry.local_extra);
        out.extend_from_slice(&entry.data);
    }
    let cd_start = out.len();
    for (entry, &offset) in entries.iter().zip(&offsets) {
        central_header(&mut out, entry, entry.local_offset.unwrap_or(offset));
    }
    end_record(&mut out, entries.len(), cd_start);
    out
}

fn central_header(out: &mut Vec<u8>, entry: &Entry, offset: u32) {
    out.extend_from_slice(b"PK\x01\x02");
    le16(out, 0x031e);
    le16(out, 20);
    le16(out, entry.flags);
    le16(out, entry.method);
    le16(out, 0);
    le16(out, 0x5221);
    le32(out, entry.crc);
    le32(out, entry.data.len() as u32);
    le32(out, entry.size as u32);
    le16(out, entry.name.len() as u16);
    le16(out, entry.central_extra.len() as u16);
    le16(out, 0); // comment
    le16(out, 0); // disk
    le16(out, 0); // internal attributes
    le32(out, 0o100644 << 16);
    le32(out, offset);
    out.extend_from_slice(&entry.name);
    out.extend_from_slice(&entry.central_extra);
}

fn end_record(out: &mut Vec<u8>, entries: usize, cd_start: usize) {
    let cd_len = out.len() - cd_start;
    out.extend_from_slice(b"PK\x05\x06");
    le16(out, 0);
    le16(out, 0);
    le16(out, entries.min(0xffff) as u16);
    le16(out, entries.min(0xffff) as u16);
    le32(out, cd_len as u32);
    le32(out, cd_start as u32);
    le16(out, 0);
}

/// `n` central headers, all pointing at one local header holding `stream` (deflate of `size`
/// bytes with `crc`): every entry overlaps every other.
pub fn overlapping(n: usize, stream: Vec<u8>, crc: u32, size: u64) -> Vec<u8> {
    let first = Entry::raw_deflate("e0", stream, crc, size);
    let mut entries = vec![first.clone()];
    for i in 1..n {
        entries.push(Entry {
            name: format!("e{i}").into_bytes(),
            local_offset: Some(0),
            write_local: false,
            ..first.clone()
        });
    }
    zip(&entries)
}

/// A zip of one small stored entry whose extra fields (central and local) repeat `block`
/// `copies` times (at most 64 KiB in all).
pub fn repeated_extra(copies: usize, block: &[u8], content: &[u8]) -> Vec<u8> {
    let extra = block.repeat(copies);
    assert!(extra.len() <= 0xffff, "an extra field holds 64 KiB at most");
    zip(&[Entry {
        central_extra: extra.clone(),
        local_extra: extra,
        ..Entry::stored("x.txt", content)
    }])
}

/// An extended-timestamp block (0x5455) with an mtime.
pub fn ut_block(mtime: u32) -> Vec<u8> {
    let mut block = vec![0x55, 0x54, 5, 0, 1];
    block.extend_from_slice(&mtime.to_le_bytes());
    block
}

/// A zip bomb nested `depth` levels: each level is a zip of `fanout` deflated copies of the level
/// below; the leaves are `leaf_mib` MiB of zeros. With `differ`, the last leaf of the last path
/// ends with another byte.
pub fn nested_bomb(fanout: usize, depth: usize, leaf_mib: usize, differ: bool) -> Vec<u8> {
    let (same, same_crc) = zeros_deflate(leaf_mib, 0);
    let leaf_size = (leaf_mib as u64) << 20;
    let leaves = |last: Option<(Vec<u8>, u32)>| -> Vec<u8> {
        let mut entries: Vec<Entry> = (0..fanout)
            .map(|i| Entry::raw_deflate(&format!("{i}.bin"), same.clone(), same_crc, leaf_size))
            .collect();
        if let Some((stream, crc)) = last {
            *entries.last_mut().unwrap() =
                Entry::raw_deflate(&format!("{}.bin", fanout - 1), stream, crc, leaf_size);
        }
        zip(&entries)
    };
    let plain = leaves(None);
    let mut odd = if differ {
        leaves(Some(zeros_deflate(leaf_mib, 1)))
    } else {
        plain.clone()
    };
    let mut plain = plain;
    for _ in 1..depth {
        // One deflate of each distinct level below, shared by the entries that hold it.
        let same = Entry::deflated("", &plain);
        let last = Entry::deflated("", &odd);
        let level = |last: &Entry| -> Vec<u8> {
            let mut entries: Vec<Entry> = (0..fanout)
                .map(|i| Entry {
                    name: format!("{i}.zip").into_bytes(),
                    ..same.clone()
                })
                .collect();
            *entries.last_mut().unwrap() = Entry {
                name: format!("{}.zip", fanout - 1).into_bytes(),
                ..last.clone()
            };
            zip(&entries)
        };
        odd = level(&last);
        plain = level(&same);
    }
    odd
}

/// A zip nested `levels` deep: each level holds the one below as its only member, `inner.zip`
/// (deflated); the innermost holds `leaf.txt`. Two chains of different leaves differ at every
/// level (each member's size, CRC-32 and stream, each directory's offset), each difference
/// covering all those below it.
pub fn deep_chain(levels: usize, leaf: &[u8]) -> Vec<u8> {
    let mut archive = zip(&[Entry::deflated("leaf.txt", leaf)]);
    for _ in 1..levels {
        archive = zip(&[Entry::deflated("inner.zip", &archive)]);
    }
    archive
}

/// A zip whose single stored entry holds the archive itself from the end of its own local
/// header on: its central directory and end record are inside the member, which is therefore a
/// zip listing the member again. The CRC-32 is forged so that the stored data verifies.
pub fn quine(tag: u8) -> Vec<u8> {
    let name = b"self.zip";
    let header_len = 30 + name.len();
    // The total length: local header, then the central header and end record (the data).
    let total = header_len + 46 + name.len() + 22;
    let data_len = (total - header_len) as u32;
    let build = |crc: u32| -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"PK\x03\x04");
        le16(&mut out, 20);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le16(&mut out, u16::from(tag));
        le16(&mut out, 0x5221);
        le32(&mut out, crc);
        le32(&mut out, data_len);
        le32(&mut out, data_len);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name);
        let cd_start = out.len();
        out.extend_from_slice(b"PK\x01\x02");
        le16(&mut out, 0x031e);
        le16(&mut out, 20);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le16(&mut out, u16::from(tag));
        le16(&mut out, 0x5221);
        le32(&mut out, crc);
        le32(&mut out, data_len);
        le32(&mut out, data_len);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le16(&mut out, 0);
        le32(&mut out, 0o100644 << 16);
        le32(&mut out, 0);
        out.extend_from_slice(name);
        end_record(&mut out, 1, cd_start);
        out
    };
    // The CRC field sits at offset 16 of the central header, inside the data; CRC-32 is affine
    // in its input, so the value c with crc(data(c)) = c solves a 32×32 system over GF(2).
    let crc_of = |c: u32| crc32fast::hash(&build(c)[header_len..]);
    let base = crc_of(0);
    // Columns: how flipping bit i of the field changes the CRC, plus the identity (c appears on
    // both sides): (L + I) c = base.
    let mut columns = [0u32; 32];
    for (i, column) in columns.iter_mut().enumerate() {
        *column = (crc_of(1 << i) ^ base) ^ (1 << i);
    }
    let c = solve_gf2(&columns, base).expect("the forged CRC system is solvable for some tag");
    let out = build(c);
    assert_eq!(out.len(), total);
    assert_eq!(crc32fast::hash(&out[header_len..]), c);
    out
}

/// Solves `sum(x_i * columns[i]) = target` over GF(2).
fn solve_gf2(columns: &[u32; 32], target: u32) -> Option<u32> {
    // Rows of the augmented matrix: row r holds bit r of each column, and bit r of the target.
    let mut rows: Vec<(u32, bool)> = (0..32)
        .map(|r| {
            let mut row = 0u32;
            for (i, column) in columns.iter().enumerate() {
                if column >> r & 1 == 1 {
                    row |= 1 << i;
                }
            }
            (row, target >> r & 1 == 1)
        })
        .collect();
    let mut pivot_row = 0;
    let mut pivots = Vec::new();
    for col in 0..32 {
        let Some(found) = (pivot_row..32).find(|&r| rows[r].0 >> col & 1 == 1) else {
            continue;
        };
        rows.swap(pivot_row, found);
        for r in 0..32 {
            if r != pivot_row && rows[r].0 >> col & 1 == 1 {
                rows[r].0 ^= rows[pivot_row].0;
                rows[r].1 ^= rows[pivot_row].1;
            }
        }
        pivots.push((pivot_row, col));
        pivot_row += 1;
    }
    if rows[pivot_row..].iter().any(|&(row, t)| row == 0 && t) {
        return None;
    }
    let mut x = 0u32;
    for (r, col) in pivots {
        if rows[r].1 {
            x |= 1 << col;
        }
    }
    Some(x)
}

/// A 512-byte tar header with the given raw fields; the checksum is computed unless `checksum`.
pub fn tar_header(name: &[u8], size: &[u8], typeflag: u8, checksum: Option<&[u8]>) -> Vec<u8> {
    let mut block = vec![0u8; 512];
    block[..name.len()].copy_from_slice(name);
    block[100..108].copy_from_slice(b"0000644\0");
    block[108..116].copy_from_slice(b"0000000\0");
    block[116..124].copy_from_slice(b"0000000\0");
    block[124..124 + size.len()].copy_from_slice(size);
    block[136..148].copy_from_slice(b"14000000000\0");
    block[156] = typeflag;
    block[257..263].copy_from_slice(b"ustar\0");
    block[263..265].copy_from_slice(b"00");
    match checksum {
        Some(raw) => block[148..148 + raw.len()].copy_from_slice(raw),
        None => {
            block[148..156].copy_from_slice(b"        ");
            let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
            block[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        }
    }
    block
}

/// `data` padded to whole 512-byte blocks.
pub fn tar_data(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    out.resize(data.len().div_ceil(512) * 512, 0);
    out
}

/// A tar member: header and padded data.
pub fn tar_member(name: &str, data: &[u8]) -> Vec<u8> {
    let mut out = tar_header(
        name.as_bytes(),
        format!("{:011o}\0", data.len()).as_bytes(),
        b'0',
        None,
    );
    out.extend_from_slice(&tar_data(data));
    out
}

/// A pax extended header (type `x`) holding `records` verbatim.
pub fn pax_header(records: &[u8]) -> Vec<u8> {
    let mut out = tar_header(
        b"PaxHeaders/x",
        format!("{:011o}\0", records.len()).as_bytes(),
        b'x',
        None,
    );
    out.extend_from_slice(&tar_data(records));
    out
}

/// One pax record, its length prefix computed.
pub fn pax_record(key: &str, value: &str) -> String {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}")
}

/// The end-of-archive marker.
pub fn tar_end() -> Vec<u8> {
    vec![0u8; 1024]
}

/// A gzip member of `data` with header time `mtime`.
pub fn gzip(data: &[u8], mtime: u32) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(mtime)
        .write(Vec::new(), Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// A gzip stream of `members` members of `data` each, then `garbage`.
pub fn gzip_members(members: usize, data: &[u8], garbage: &[u8]) -> Vec<u8> {
    let one = gzip(data, 0);
    let mut out = one.repeat(members);
    out.extend_from_slice(garbage);
    out
}

/// A gzip member whose deflate stream is `stream` (of `size` bytes with `crc`).
pub fn gzip_raw(stream: &[u8], crc: u32, size: u64, mtime: u32) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0];
    out.extend_from_slice(&mtime.to_le_bytes());
    out.extend_from_slice(&[0, 3]);
    out.extend_from_slice(stream);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out
}
