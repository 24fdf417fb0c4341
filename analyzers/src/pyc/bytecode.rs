//! Bytecode as a readable instruction listing: `LOAD_CONST 1 (42); RETURN_VALUE`.
//!
//! Each CPython release numbers its opcodes differently; the tables of 2.7 and 3.6–3.13 are
//! generated from the interpreters themselves ([`super::opcodes`]). The listing folds
//! `EXTENDED_ARG` into the instruction it extends, skips the inline `CACHE` entries of 3.11+, and
//! resolves arguments where that is simple: constants, names, local, cell and free variables,
//! comparison and binary operators. Jump arguments stay raw numbers (their meaning changed from
//! release to release), and there are no offsets, so that one inserted instruction does not
//! change every line after it.

use super::header::Release;
use super::opcodes;
use crate::byte_reader::ByteReader;

/// What an instruction's argument indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ArgKind {
    /// A plain number.
    Raw,
    /// `co_consts`.
    Const,
    /// `co_names`.
    Name,
    /// Local variables: `co_varnames` (3.11+: `co_localsplusnames`).
    Local,
    /// Cell and free variables: `co_cellvars + co_freevars` (3.11+: `co_localsplusnames`).
    Free,
    /// The comparison operators (`cmp_op`).
    Compare,
    /// A jump target or distance.
    Jump,
}

/// One release's opcodes.
#[derive(Debug)]
pub(super) struct OpcodeTable {
    /// Opcodes from this one on take an argument.
    pub have_argument: u8,
    /// The opcode that extends the next instruction's argument.
    pub extended_arg: u8,
    /// (opcode, name, argument kind), sorted by opcode.
    pub opcodes: &'static [(u8, &'static str, ArgKind)],
    /// Comparison operators by index.
    pub cmp_op: &'static [&'static str],
    /// Binary operators of `BINARY_OP` by index (3.11+).
    pub nb_ops: &'static [&'static str],
    /// Code object flag bits and their names.
    pub code_flags: &'static [(u32, &'static str)],
}

impl OpcodeTable {
    fn lookup(&self, opcode: u8) -> Option<(&'static str, ArgKind)> {
        self.opcodes
            .binary_search_by_key(&opcode, |&(op, _, _)| op)
            .ok()
            .and_then(|i| self.opcodes.get(i))
            .map(|&(_, name, kind)| (name, kind))
    }
}

/// The opcode table of a release, when one was generated for it.
pub(super) fn table_for(release: &Release) -> Option<&'static OpcodeTable> {
    Some(match (release.major, release.minor) {
        (2, 7) => &opcodes::PY2_7,
        (3, 6) => &opcodes::PY3_6,
        (3, 7) => &opcodes::PY3_7,
        (3, 8) => &opcodes::PY3_8,
        (3, 9) => &opcodes::PY3_9,
        (3, 10) => &opcodes::PY3_10,
        (3, 11) => &opcodes::PY3_11,
        (3, 12) => &opcodes::PY3_12,
        (3, 13) => &opcodes::PY3_13,
        _ => return None,
    })
}

/// The names of code object flags in `flags`, for a release: `0x0003 OPTIMIZED|NEWLOCALS`. Bits
/// the release's table does not name (or all bits, for a release without a table, past 3.13's
/// names) are appended in hexadecimal.
pub(super) fn flags_text(flags: u32, release: &Release) -> String {
    let table = table_for(release).unwrap_or(if release.is_python2() {
        &opcodes::PY2_7
    } else {
        &opcodes::PY3_13
    });
    let mut names = Vec::new();
    let mut rest = flags;
    for &(bit, name) in table.code_flags {
        if flags & bit != 0 && bit.is_power_of_two() {
            names.push(name.to_owned());
            rest &= !bit;
        }
    }
    if rest != 0 {
        names.push(format!("0x{rest:x}"));
    }
    if names.is_empty() {
        format!("0x{flags:04x}")
    } else {
        format!("0x{flags:04x} {}", names.join("|"))
    }
}

/// What instruction arguments resolve to, rendered.
#[derive(Debug, Default)]
pub(super) struct Operands {
    /// `co_consts`, short renderings.
    pub consts: Vec<String>,
    /// `co_names`.
    pub names: Vec<String>,
    /// What [`ArgKind::Local`] indexes.
    pub locals: Vec<String>,
    /// What [`ArgKind::Free`] indexes.
    pub free: Vec<String>,
}

/// The instruction listing of `code`, stopping at `limit` bytes of text (then the second value
/// is true).
pub(super) fn listing(
    code: &[u8],
    table: &OpcodeTable,
    release: &Release,
    operands: &Operands,
    limit: usize,
) -> (String, bool) {
    let mut text = String::new();
    let mut extended: u32 = 0;
    let mut instructions = ByteReader::new(code);
    let wordcode = release.at_least(3, 6);
    while let Some(opcode) = instructions.u8() {
        if text.len() > limit {
            return (text, true);
        }
        let takes_argument = opcode >= table.have_argument;
        // Since 3.6 every instruction has a one-byte argument; before, only those that take
        // one have it, in two bytes.
        let argument = if wordcode {
            instructions.u8().map(|byte| extended | u32::from(byte))
        } else if takes_argument {
            instructions.u16_le().map(|word| extended | u32::from(word))
        } else {
            Some(0)
        };
        let Some(argument) = argument else {
            push_instruction(&mut text, "<truncated instruction>");
            break;
        };
        if opcode == table.extended_arg {
            extended = if wordcode {
                argument << 8
            } else {
                argument << 16
            };
            continue;
        }
        extended = 0;
        let instruction = match table.lookup(opcode) {
            Some(("CACHE", _)) if release.at_least(3, 11) => continue,
            Some((name, kind)) => describe(
                name,
                kind,
                takes_argument,
                argument,
                table,
                release,
                operands,
            ),
            None => format!("<opcode {opcode}> {argument}"),
        };
        push_instruction(&mut text, &instruction);
    }
    (text, false)
}

fn push_instruction(text: &mut String, instruction: &str) {
    if !text.is_empty() {
        text.push_str("; ");
    }
    text.push_str(instruction);
}

/// One instruction: its name, its argument, and what the argument stands for.
fn describe(
    name: &str,
    kind: ArgKind,
    takes_argument: bool,
    argument: u32,
    table: &OpcodeTable,
    release: &Release,
    operands: &Operands,
) -> String {
    if !takes_argument {
        // Wordcode keeps an argument byte for every instruction; it is zero when unused.
        return if argument == 0 {
            name.to_owned()
        } else {
            format!("{name} {argument}")
        };
    }
    let pick = |list: &[String], index: u32| -> String {
        list.get(index as usize)
            .cloned()
            .unwrap_or_else(|| "<out of range>".to_owned())
    };
    let pick_str = |list: &[&str], index: u32| -> String {
        list.get(index as usize)
            .map(|s| (*s).to_owned())
            .unwrap_or_else(|| "<out of range>".to_owned())
    };
    let meaning = match kind {
        ArgKind::Const => Some(pick(&operands.consts, argument)),
        ArgKind::Name => Some(pick(&operands.names, name_index(name, argument, release))),
        ArgKind::Local
            if matches!(
                name,
                "LOAD_FAST_LOAD_FAST" | "STORE_FAST_LOAD_FAST" | "STORE_FAST_STORE_FAST"
            ) =>
        {
            Some(format!(
                "{}, {}",
                pick(&operands.locals, argument >> 4),
                pick(&operands.locals, argument & 15)
            ))
        }
        ArgKind::Local => Some(pick(&operands.locals, argument)),
        ArgKind::Free => Some(pick(&operands.free, argument)),
        ArgKind::Compare => {
            let shift = if release.at_least(3, 13) {
                5
            } else if release.at_least(3, 12) {
                4
            } else {
                0
            };
            Some(pick_str(table.cmp_op, argument >> shift))
        }
        ArgKind::Raw if name == "BINARY_OP" && !table.nb_ops.is_empty() => {
            Some(pick_str(table.nb_ops, argument))
        }
        ArgKind::Raw | ArgKind::Jump => None,
    };
    match meaning {
        Some(meaning) => format!("{name} {argument} ({meaning})"),
        None => format!("{name} {argument}"),
    }
}

/// The `co_names` index an argument stands for: 3.11+ keeps a flag in the low bit of
/// `LOAD_GLOBAL`, 3.12+ in the low bit of `LOAD_ATTR` and the two low bits of `LOAD_SUPER_ATTR`.
fn name_index(name: &str, argument: u32, release: &Release) -> u32 {
    match name {
        "LOAD_GLOBAL" if release.at_least(3, 11) => argument >> 1,
        "LOAD_ATTR" if release.at_least(3, 12) => argument >> 1,
        "LOAD_SUPER_ATTR" if release.at_least(3, 12) => argument >> 2,
        _ => argument,
    }
}

#[cfg(test)]
mod tests {
    use super::super::header::release_of;
    use super::*;

    fn operands() -> Operands {
        Operands {
            consts: vec!["None".into(), "42".into()],
            names: vec!["print".into(), "len".into()],
            locals: vec!["a".into(), "b".into()],
            free: vec!["cell".into()],
        }
    }

    fn list(magic: u16, code: &[u8]) -> String {
        let release = release_of(magic).unwrap();
        let table = table_for(release).unwrap();
        listing(code, table, release, &operands(), 1000).0
    }

    #[test]
    fn every_generated_table_is_sorted_and_complete() {
        for magic in [62211, 3379, 3394, 3413, 3425, 3439, 3495, 3531, 3571] {
            let table = table_for(release_of(magic).unwrap()).unwrap();
            assert!(table.opcodes.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(table.opcodes.len() > 100, "{magic}");
            assert!(table.cmp_op.len() >= 6);
        }
        assert!(table_for(release_of(3627).unwrap()).is_none());
    }

    #[test]
    fn python2_instructions_have_two_byte_arguments() {
        // LOAD_CONST 1; LOAD_FAST 0; EXTENDED_ARG 1, LOAD_CONST 0 (65536); RETURN_VALUE
        let code = [100, 1, 0, 124, 0, 0, 145, 1, 0, 100, 0, 0, 83];
        assert_eq!(
            list(62211, &code),
            "LOAD_CONST 1 (42); LOAD_FAST 0 (a); LOAD_CONST 65536 (<out of range>); RETURN_VALUE"
        );
    }

    #[test]
    fn wordcode_folds_extended_arguments_and_skips_caches() {
        // 3.6: EXTENDED_ARG 1, LOAD_CONST 1 → 257; COMPARE_OP 2; RETURN_VALUE
        let code = [144, 1, 100, 1, 107, 2, 83, 0];
        assert_eq!(
            list(3379, &code),
            "LOAD_CONST 257 (<out of range>); COMPARE_OP 2 (==); RETURN_VALUE"
        );
        // 3.12: LOAD_GLOBAL 3 (NULL + len); CACHE ×4; BINARY_OP 0 (+); RETURN_CONST 1
        let load_global = 116;
        let binary_op = 122;
        let return_const = 121;
        let mut code = vec![load_global, 3];
        code.extend([0u8; 8]);
        code.extend([binary_op, 0, 0, 0, return_const, 1]);
        assert_eq!(
            list(3531, &code),
            "LOAD_GLOBAL 3 (len); BINARY_OP 0 (+); RETURN_CONST 1 (42)"
        );
    }

    #[test]
    fn truncated_and_unknown_instructions_are_shown_not_fatal() {
        assert_eq!(list(3379, &[100]), "<truncated instruction>");
        assert_eq!(list(62211, &[100, 1]), "<truncated instruction>");
        assert_eq!(list(3379, &[255, 7]), "<opcode 255> 7");
        let (text, cut) = listing(
            &[9u8, 0].repeat(1000),
            table_for(release_of(3379).unwrap()).unwrap(),
            release_of(3379).unwrap(),
            &operands(),
            100,
        );
        assert!(cut && text.len() < 120, "{text}");
    }

    #[test]
    fn flags_are_named_per_release() {
        let py312 = release_of(3531).unwrap();
        assert_eq!(flags_text(0x3, py312), "0x0003 OPTIMIZED|NEWLOCALS");
        assert_eq!(flags_text(0, py312), "0x0000");
        assert_eq!(
            flags_text(0x8000_0003, py312),
            "0x80000003 OPTIMIZED|NEWLOCALS|0x80000000"
        );
        let py27 = release_of(62211).unwrap();
        assert_eq!(flags_text(0x2000, py27), "0x2000 FUTURE_DIVISION");
    }
}
