//! Code objects as marshal stores them, one layout per era of CPython.
//!
//! A code object is a fixed sequence of 32-bit integers and nested objects; which ones, and in
//! what order, changed with the releases: 2.7; 3.0–3.7 added `co_kwonlyargcount`; 3.8–3.10 added
//! `co_posonlyargcount`; 3.11+ dropped `co_nlocals`, `co_varnames`, `co_freevars` and
//! `co_cellvars` for `co_localsplusnames` and `co_localspluskinds`, and added `co_qualname` and
//! `co_exceptiontable`.

use super::header::Release;
use super::marshal::{Id, ParseError, Reader};

/// The code object layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// CPython 2.7.
    Py27,
    /// CPython 3.0–3.7: with `co_kwonlyargcount`.
    Py30,
    /// CPython 3.8–3.10: with `co_posonlyargcount`.
    Py38,
    /// CPython 3.11+: locals-plus names and kinds, qualified name, exception table.
    Py311,
}

impl Layout {
    /// The layout of a release's code objects.
    pub fn of(release: &Release) -> Layout {
        if release.is_python2() {
            Layout::Py27
        } else if release.at_least(3, 11) {
            Layout::Py311
        } else if release.at_least(3, 8) {
            Layout::Py38
        } else {
            Layout::Py30
        }
    }
}

/// One code object: its integers, and the ids of its nested objects in the marshal graph.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Code {
    pub argcount: i32,
    pub posonlyargcount: Option<i32>,
    pub kwonlyargcount: Option<i32>,
    pub nlocals: Option<i32>,
    pub stacksize: i32,
    pub flags: u32,
    /// The bytecode (a bytes object).
    pub code: Id,
    pub consts: Id,
    pub names: Id,
    /// 2.7–3.10.
    pub varnames: Option<Id>,
    /// 2.7–3.10.
    pub freevars: Option<Id>,
    /// 2.7–3.10.
    pub cellvars: Option<Id>,
    /// 3.11+.
    pub localsplusnames: Option<Id>,
    /// 3.11+: one kind byte per name.
    pub localspluskinds: Option<Id>,
    pub filename: Id,
    pub name: Id,
    /// 3.11+.
    pub qualname: Option<Id>,
    pub firstlineno: i32,
    /// `co_lnotab` before 3.10, `co_linetable` since.
    pub linetable: Id,
    /// 3.11+.
    pub exceptiontable: Option<Id>,
}

impl Code {
    /// The nested objects in the order marshal stores them.
    pub fn children(&self) -> Vec<Id> {
        let mut ids = vec![self.code, self.consts, self.names];
        ids.extend(self.varnames);
        ids.extend(self.freevars);
        ids.extend(self.cellvars);
        ids.extend(self.localsplusnames);
        ids.extend(self.localspluskinds);
        ids.extend([self.filename, self.name]);
        ids.extend(self.qualname);
        ids.push(self.linetable);
        ids.extend(self.exceptiontable);
        ids
    }
}

/// Reads the fields of a code object (after its type code) in `layout`'s order.
pub(super) fn read(reader: &mut Reader<'_>, layout: Layout) -> Result<Code, ParseError> {
    let argcount = reader.read_i32()?;
    let posonlyargcount = match layout {
        Layout::Py38 | Layout::Py311 => Some(reader.read_i32()?),
        Layout::Py27 | Layout::Py30 => None,
    };
    let kwonlyargcount = match layout {
        Layout::Py27 => None,
        _ => Some(reader.read_i32()?),
    };
    let nlocals = match layout {
        Layout::Py311 => None,
        _ => Some(reader.read_i32()?),
    };
    let stacksize = reader.read_i32()?;
    let flags = reader.read_i32()? as u32;
    let code = reader.read_object()?;
    let consts = reader.read_object()?;
    let names = reader.read_object()?;
    let (varnames, freevars, cellvars, localsplusnames, localspluskinds) = match layout {
        Layout::Py311 => {
            let names = reader.read_object()?;
            let kinds = reader.read_object()?;
            (None, None, None, Some(names), Some(kinds))
        }
        _ => {
            let varnames = reader.read_object()?;
            let freevars = reader.read_object()?;
            let cellvars = reader.read_object()?;
            (Some(varnames), Some(freevars), Some(cellvars), None, None)
        }
    };
    let filename = reader.read_object()?;
    let name = reader.read_object()?;
    let qualname = match layout {
        Layout::Py311 => Some(reader.read_object()?),
        _ => None,
    };
    let firstlineno = reader.read_i32()?;
    let linetable = reader.read_object()?;
    let exceptiontable = match layout {
        Layout::Py311 => Some(reader.read_object()?),
        _ => None,
    };
    Ok(Code {
        argcount,
        posonlyargcount,
        kwonlyargcount,
        nlocals,
        stacksize,
        flags,
        code,
        consts,
        names,
        varnames,
        freevars,
        cellvars,
        localsplusnames,
        localspluskinds,
        filename,
        name,
        qualname,
        firstlineno,
        linetable,
        exceptiontable,
    })
}
