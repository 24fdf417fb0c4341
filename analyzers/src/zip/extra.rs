//! Extra fields (APPNOTE 4.5, 4.6 and Info-ZIP's extrafld.txt): the blocks that carry what the
//! fixed headers cannot, and most of what makes two builds of one tree differ (times, uid/gid).
//!
//! Known blocks become typed fields; any other block is reported raw as `zip.extra.0xNNNN` so no
//! byte of an extra field goes unseen. The zip64 block is consumed by the record reader. Android's
//! zipalign padding (0xd935) is named: `zip.extra.alignment`, a container variant.

use std::collections::{HashMap, HashSet};

use crate::byte_reader::{u16_le_at, u32_le_at, ByteReader};
use crate::{Field, FieldKind, TimeRole, Timestamp, Value};

/// Zip64 extended information (APPNOTE 4.5.3).
pub(super) const ZIP64: u16 = 0x0001;
/// NTFS times (APPNOTE 4.5.5).
const NTFS: u16 = 0x000a;
/// Extended timestamp, "UT" (Info-ZIP).
const EXTENDED_TIME: u16 = 0x5455;
/// Old Info-ZIP Unix, "UX": atime, mtime, then uid and gid in the local copy.
const UNIX_OLD: u16 = 0x5855;
/// Info-ZIP Unix type 2, "Ux": 16-bit uid and gid in the local copy.
const UNIX2: u16 = 0x7855;
/// Info-ZIP new Unix, "ux": variable-size uid and gid.
const UNIX_NEW: u16 = 0x7875;
/// Android zipalign's alignment padding: the 16-bit alignment, then zeros up to it.
const ALIGNMENT: u16 = 0xd935;

/// One block of an extra field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Block<'a> {
    pub id: u16,
    pub data: &'a [u8],
}

/// An extra field cut into blocks; `trailing` holds bytes that do not form a whole block (a
/// header cut short, or a length running past the end).
#[derive(Debug, Clone, Default)]
pub(super) struct Split<'a> {
    pub blocks: Vec<Block<'a>>,
    pub trailing: &'a [u8],
}

/// Cuts an extra field into its blocks.
pub(super) fn split(extra: &[u8]) -> Split<'_> {
    let mut blocks = Vec::new();
    let mut reader = ByteReader::new(extra);
    while let Some(block) = reader.all_or_nothing(|block| {
        let id = block.u16_le()?;
        let len = block.u16_le()?;
        let data = block.take(usize::from(len))?;
        Some(Block { id, data })
    }) {
        blocks.push(block);
    }
    Split {
        blocks,
        trailing: reader.rest(),
    }
}

/// Where an extra field was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Location {
    Central,
    Local,
}

/// A decoded field before its name gets its `zip.` or `zip.local.` prefix.
struct Decoded {
    base: &'static str,
    kind: FieldKind,
    value: Value,
}

/// A time of an extra field; its name (`ut-mtime`, `ntfs-atime`…) says which time it is.
fn time(base: &'static str, seconds: i64, nanos: u32) -> Decoded {
    let role = if base.ends_with("mtime") {
        TimeRole::EntryModified
    } else {
        TimeRole::EntryAccessed
    };
    Decoded {
        base,
        kind: FieldKind::Time(role),
        value: Value::Time(Timestamp {
            unix_seconds: seconds,
            nanos,
            encoding: crate::TimeEncoding::Unix,
        }),
    }
}

fn owner(base: &'static str, id: u64) -> Decoded {
    let value = match i64::try_from(id) {
        Ok(id) => Value::Int(id),
        Err(_) => Value::Hex(id),
    };
    Decoded {
        base,
        kind: FieldKind::Owner,
        value,
    }
}

/// Decodes a known block; `None` for an unknown one, `Some(Err)` for a known one that does not
/// parse exactly.
fn decode(block: Block<'_>) -> Option<Result<Vec<Decoded>, &'static str>> {
    let data = block.data;
    let decoded = match block.id {
        EXTENDED_TIME => extended_time(data),
        NTFS => ntfs(data),
        UNIX_NEW => unix_new(data),
        UNIX_OLD => match data.len() {
            8 | 12 => {
                let mut fields = vec![
                    time("ux-atime", i64::from(u32_le_at(data, 0)?), 0),
                    time("ux-mtime", i64::from(u32_le_at(data, 4)?), 0),
                ];
                if data.len() == 12 {
                    fields.push(owner("uid", u64::from(u16_le_at(data, 8)?)));
                    fields.push(owner("gid", u64::from(u16_le_at(data, 10)?)));
                }
                Ok(fields)
            }
            _ => Err("an old Unix (UX) block is 8 or 12 bytes"),
        },
        UNIX2 => match data.len() {
            0 => Ok(Vec::new()),
            4 => Ok(vec![
                owner("uid", u64::from(u16_le_at(data, 0)?)),
                owner("gid", u64::from(u16_le_at(data, 2)?)),
            ]),
            _ => Err("a Unix type 2 (Ux) block is 0 or 4 bytes"),
        },
        ALIGNMENT => alignment(data),
        _ => return None,
    };
    Some(decoded)
}

/// 0xd935 (zipalign, apksigner): the alignment the data was padded to, then the padding, which
/// zipalign writes as zeros. Another alignment or amount of padding is the same entry in another
/// layout of the container.
fn alignment(data: &[u8]) -> Result<Vec<Decoded>, &'static str> {
    let align = u16_le_at(data, 0).ok_or("an alignment block starts with a 2-byte alignment")?;
    let padding = data.get(2..).unwrap_or_default();
    if padding.iter().any(|&b| b != 0) {
        return Err("the padding of an alignment block is not zeros");
    }
    Ok(vec![Decoded {
        base: "extra.alignment",
        kind: FieldKind::ContainerVariant,
        value: Value::Str(format!(
            "{align}-byte alignment, {} byte{} of padding",
            padding.len(),
            if padding.len() == 1 { "" } else { "s" }
        )),
    }])
}

/// 0x5455: a flags byte, then a 32-bit time for each flag set, as many as the block holds (the
/// central copy holds only the mtime whatever the flags say).
fn extended_time(data: &[u8]) -> Result<Vec<Decoded>, &'static str> {
    let (&flags, rest) = data.split_first().ok_or("empty extended timestamp")?;
    let mut times = ByteReader::new(rest);
    let mut fields = Vec::new();
    for (bit, base) in [(1, "ut-mtime"), (2, "ut-atime"), (4, "ut-ctime")] {
        if flags & bit == 0 || times.is_empty() {
            continue;
        }
        let seconds = times
            .u32_le()
            .ok_or("a time in the extended timestamp is cut short")?;
        fields.push(time(base, i64::from(seconds), 0));
    }
    if !times.is_empty() {
        return Err("the extended timestamp holds more times than its flags announce");
    }
    Ok(fields)
}

/// 0x000a: 4 reserved bytes, then tagged attributes; tag 1 holds mtime, atime and ctime as
/// FILETIME (100 ns units since 1601-01-01).
fn ntfs(data: &[u8]) -> Result<Vec<Decoded>, &'static str> {
    const UNSUPPORTED: &str = "an NTFS block with other attributes than tag 1";
    let mut reader = ByteReader::new(data);
    if reader.u32_le() != Some(0) {
        return Err(UNSUPPORTED);
    }
    let mut fields = Vec::new();
    while !reader.is_empty() {
        let (Some(tag), Some(size)) = (reader.u16_le(), reader.u16_le()) else {
            return Err("an NTFS attribute header is cut short");
        };
        if tag != 1 || size != 24 {
            return Err(UNSUPPORTED);
        }
        for base in ["ntfs-mtime", "ntfs-atime", "ntfs-ctime"] {
            let filetime = reader.u64_le().ok_or("an NTFS time is cut short")?;
            let (seconds, nanos) = filetime_to_unix(filetime);
            fields.push(time(base, seconds, nanos));
        }
    }
    Ok(fields)
}

/// Seconds and nanoseconds since the Unix epoch of a Windows FILETIME.
pub(super) fn filetime_to_unix(filetime: u64) -> (i64, u32) {
    const TICKS_PER_SECOND: u64 = 10_000_000;
    const EPOCH_DIFFERENCE: i64 = 11_644_473_600;
    // FILETIME / 10^7 < 2^64 / 10^7 fits an i64.
    let seconds = ((filetime / TICKS_PER_SECOND) as i64).saturating_sub(EPOCH_DIFFERENCE);
    // The remainder is below 10^7, so in nanoseconds below 10^9: it never saturates.
    let nanos = ((filetime % TICKS_PER_SECOND) as u32).saturating_mul(100);
    (seconds, nanos)
}

/// 0x7875: version 1, then a size-prefixed uid and gid (little-endian, at most 8 bytes each). An
/// empty block (some central copies) carries nothing.
fn unix_new(data: &[u8]) -> Result<Vec<Decoded>, &'static str> {
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let mut reader = ByteReader::new(data);
    if reader.u8() != Some(1) {
        return Err("an unknown version of the Unix (ux) block");
    }
    let mut ids = [0u64; 2];
    for id in &mut ids {
        let size = usize::from(reader.u8().ok_or("the ux block is cut short")?);
        let bytes = reader.take(size).ok_or("the ux block is cut short")?;
        let mut le_bytes = [0u8; 8];
        le_bytes
            .get_mut(..size)
            .ok_or("a uid or gid wider than 64 bits")?
            .copy_from_slice(bytes);
        *id = u64::from_le_bytes(le_bytes);
    }
    if !reader.is_empty() {
        return Err("the ux block is longer than its uid and gid");
    }
    Ok(vec![owner("uid", ids[0]), owner("gid", ids[1])])
}

/// The names of a member's fields, to give each new one a name of its own in constant time: an
/// extra field may repeat one block thousands of times, and rescanning the fields for each would
/// make reading it cubic.
struct Names {
    taken: HashSet<String>,
    /// The next suffix to try for a repeated name.
    next_suffix: HashMap<String, usize>,
}

impl Names {
    fn of(fields: &[Field]) -> Names {
        Names {
            taken: fields.iter().map(|f| f.name.to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Appends `field`, suffixing its name with `#2`, `#3`… if the member already has one of that
    /// name (an extra field id repeated).
    fn push_unique(&mut self, fields: &mut Vec<Field>, mut field: Field) {
        if self.taken.contains(field.name.as_ref()) {
            let next = self.next_suffix.entry(field.name.to_string()).or_insert(2);
            let base = std::mem::take(&mut field.name);
            loop {
                let candidate = format!("{base}#{next}");
                *next = next.saturating_add(1);
                if !self.taken.contains(&candidate) {
                    field.name = candidate.into();
                    break;
                }
            }
        }
        self.taken.insert(field.name.to_string());
        fields.push(field);
    }
}

/// Turns the extra field of one record into member fields, appended to `fields`; problems are
/// returned as text for notes.
///
/// Central blocks are named `zip.*`. A known local block identical to a central block of the
/// same id adds nothing; a local one that differs is decoded under `zip.*` when the central header did
/// not give that field, else under `zip.local.*`. The extended timestamp is the exception: its
/// local copy carries more times (Info-ZIP puts atime and ctime only there), so it is always
/// reported as `zip.local.ut-*`. Unknown blocks are `zip.extra.0xNNNN` and
/// `zip.local.extra.0xNNNN`, raw.
pub(super) fn fields(
    split: &Split<'_>,
    location: Location,
    central: &Split<'_>,
    fields: &mut Vec<Field>,
) -> Vec<String> {
    let mut problems = Vec::new();
    // Nearly every entry has no extra field: nothing to name, and no name set to build.
    if split.blocks.is_empty() && split.trailing.is_empty() {
        return problems;
    }
    let local = location == Location::Local;
    let mut names = Names::of(fields);
    let central_blocks: HashSet<&Block<'_>> = central.blocks.iter().collect();
    let raw_name = |id: u16| match location {
        Location::Central => format!("zip.extra.0x{id:04x}"),
        Location::Local => format!("zip.local.extra.0x{id:04x}"),
    };
    for &block in &split.blocks {
        if block.id == ZIP64 {
            continue;
        }
        let decoded = decode(block);
        if local
            && decoded.is_some()
            && block.id != EXTENDED_TIME
            && central_blocks.contains(&block)
        {
            continue;
        }
        match decoded {
            None => names.push_unique(
                fields,
                Field::new(
                    raw_name(block.id),
                    FieldKind::Opaque,
                    Value::Bytes(block.data.to_vec()),
                ),
            ),
            Some(Err(problem)) => {
                problems.push(format!(
                    "{} extra field 0x{:04x}: {problem}; kept raw",
                    if local { "local" } else { "central" },
                    block.id
                ));
                names.push_unique(
                    fields,
                    Field::new(
                        raw_name(block.id),
                        FieldKind::Opaque,
                        Value::Bytes(block.data.to_vec()),
                    ),
                );
            }
            Some(Ok(decoded)) => {
                for d in decoded {
                    let plain = format!("zip.{}", d.base);
                    let name = if local && (block.id == EXTENDED_TIME || names.contains(&plain)) {
                        format!("zip.local.{}", d.base)
                    } else {
                        plain
                    };
                    names.push_unique(fields, Field::new(name, d.kind, d.value));
                }
            }
        }
    }
    if !split.trailing.is_empty() {
        problems.push(format!(
            "the {} extra field ends with {} bytes that are not a whole block",
            if local { "local" } else { "central" },
            split.trailing.len()
        ));
        let name = match location {
            Location::Central => "zip.extra.trailing",
            Location::Local => "zip.local.extra.trailing",
        };
        names.push_unique(
            fields,
            Field::new(
                name,
                FieldKind::Opaque,
                Value::Bytes(split.trailing.to_vec()),
            ),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[Field]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_ref()).collect()
    }

    #[test]
    fn split_keeps_what_does_not_fit_as_trailing() {
        let extra = [0x55, 0x54, 1, 0, 0, 0xfe, 0xca, 9, 0, 1, 2];
        let s = split(&extra);
        assert_eq!(
            s.blocks,
            vec![Block {
                id: 0x5455,
                data: &[0]
            }]
        );
        assert_eq!(s.trailing, &[0xfe, 0xca, 9, 0, 1, 2]);
        assert_eq!(split(&[1]).trailing, &[1]);
    }

    #[test]
    fn filetime_converts_to_unix_time() {
        assert_eq!(filetime_to_unix(116_444_736_000_000_000), (0, 0));
        assert_eq!(filetime_to_unix(116_444_736_000_000_001), (0, 100));
        assert_eq!(filetime_to_unix(0), (-11_644_473_600, 0));
        assert_eq!(filetime_to_unix(u64::MAX).1, 955_161_500);
    }

    #[test]
    fn ux_accepts_any_width_up_to_64_bits() {
        let mut out = Vec::new();
        let data = [1, 2, 0xe8, 0x03, 1, 7];
        let s = Split {
            blocks: vec![Block {
                id: UNIX_NEW,
                data: &data,
            }],
            trailing: &[],
        };
        assert!(fields(&s, Location::Central, &Split::default(), &mut out).is_empty());
        assert_eq!(out[0].value, Value::Int(1000));
        assert_eq!(out[1].value, Value::Int(7));
        for bad in [
            &[2u8, 0, 0][..],
            &[1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            &[1, 4, 0],
        ] {
            assert!(unix_new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn old_unix_blocks_carry_times_and_owners() {
        let mut central = Vec::new();
        let mut data = 100u32.to_le_bytes().to_vec();
        data.extend_from_slice(&200u32.to_le_bytes());
        let c = Split {
            blocks: vec![Block {
                id: UNIX_OLD,
                data: &data,
            }],
            trailing: &[],
        };
        assert!(fields(&c, Location::Central, &Split::default(), &mut central).is_empty());
        let mut local_data = data.clone();
        local_data.extend_from_slice(&[0xe8, 3, 0x64, 0]);
        let l = Split {
            blocks: vec![
                Block {
                    id: UNIX_OLD,
                    data: &local_data,
                },
                Block {
                    id: UNIX2,
                    data: &[1, 0, 2, 0],
                },
            ],
            trailing: &[],
        };
        let mut all = central.clone();
        assert!(fields(&l, Location::Local, &c, &mut all).is_empty());
        assert_eq!(
            names(&all),
            [
                "zip.ux-atime",
                "zip.ux-mtime",
                "zip.local.ux-atime",
                "zip.local.ux-mtime",
                "zip.uid",
                "zip.gid",
                "zip.local.uid",
                "zip.local.gid"
            ]
        );
        assert_eq!(all[1].value, Value::Time(Timestamp::unix(200)));
        assert_eq!(all[4].value, Value::Int(1000));
        assert_eq!(all[4].kind, FieldKind::Owner);
        assert_eq!(all[7].value, Value::Int(2));
    }

    #[test]
    fn alignment_blocks_are_named_and_unknown_ids_stay_raw() {
        let mut out = Vec::new();
        let s = Split {
            blocks: vec![
                Block {
                    id: ALIGNMENT,
                    data: &[4, 0, 0, 0, 0],
                },
                Block {
                    id: 0xbeef,
                    data: &[1],
                },
                Block {
                    id: ALIGNMENT,
                    data: &[4],
                },
            ],
            trailing: &[],
        };
        let problems = fields(&s, Location::Central, &Split::default(), &mut out);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            names(&out),
            [
                "zip.extra.alignment",
                "zip.extra.0xbeef",
                "zip.extra.0xd935"
            ]
        );
        let kinds: Vec<_> = out.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FieldKind::ContainerVariant,
                FieldKind::Opaque,
                FieldKind::Opaque
            ]
        );
        assert_eq!(
            out[0].value,
            Value::Str("4-byte alignment, 3 bytes of padding".into())
        );
    }

    #[test]
    fn malformed_known_blocks_are_kept_raw_with_a_problem() {
        let mut out = Vec::new();
        let s = Split {
            blocks: vec![
                Block {
                    id: EXTENDED_TIME,
                    data: &[1, 2, 3],
                },
                Block {
                    id: EXTENDED_TIME,
                    data: &[],
                },
            ],
            trailing: &[9],
        };
        let problems = fields(&s, Location::Local, &Split::default(), &mut out);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(
            names(&out),
            [
                "zip.local.extra.0x5455",
                "zip.local.extra.0x5455#2",
                "zip.local.extra.trailing"
            ]
        );
    }

    #[test]
    fn local_blocks_equal_to_central_ones_add_nothing() {
        let ux = [1, 1, 5, 1, 6];
        let ut = [1, 0, 0, 0, 0];
        let central = Split {
            blocks: vec![
                Block {
                    id: UNIX_NEW,
                    data: &ux,
                },
                Block {
                    id: EXTENDED_TIME,
                    data: &ut,
                },
            ],
            trailing: &[],
        };
        let mut out = Vec::new();
        fields(&central, Location::Central, &Split::default(), &mut out);
        let other_ux = [1, 1, 9, 1, 6];
        let local = Split {
            blocks: vec![
                Block {
                    id: UNIX_NEW,
                    data: &ux,
                },
                Block {
                    id: EXTENDED_TIME,
                    data: &ut,
                },
                Block {
                    id: UNIX_NEW,
                    data: &other_ux,
                },
            ],
            trailing: &[],
        };
        fields(&local, Location::Local, &central, &mut out);
        assert_eq!(
            names(&out),
            [
                "zip.uid",
                "zip.gid",
                "zip.ut-mtime",
                "zip.local.ut-mtime",
                "zip.local.uid",
                "zip.local.gid"
            ]
        );
    }

    #[test]
    fn a_full_extra_field_of_one_repeated_block_is_read_in_linear_time() {
        // 65,529 bytes: 7,281 copies of a 9-byte extended timestamp, central and local.
        let block = [0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
        let extra = block.repeat(0xffff / block.len());
        let started = std::time::Instant::now();
        let central = split(&extra);
        let mut out = Vec::new();
        fields(&central, Location::Central, &Split::default(), &mut out);
        fields(&central, Location::Local, &central, &mut out);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let copies = 0xffff / block.len();
        assert_eq!(out.len(), 2 * copies);
        let unique: HashSet<&str> = out.iter().map(|f| f.name.as_ref()).collect();
        assert_eq!(unique.len(), out.len(), "every field has a name of its own");
        assert_eq!(out[1].name, "zip.ut-mtime#2");
        assert_eq!(out[copies].name, "zip.local.ut-mtime");
        assert_eq!(out[copies + 2].name, "zip.local.ut-mtime#3");
    }
}
