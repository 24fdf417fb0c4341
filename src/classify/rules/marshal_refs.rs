//! CPython marshal reference flags: two `.pyc` files whose code objects are equal once FLAG_REF
//! bits are ignored and references resolved differ only in the pyc analyzer's `pyc.marshal-refs`
//! summary. That is state of the compiling process, not a change of code.

use crate::classify::{Cause, Context, Rule, Verdict};
use crate::difference::{Observed, ObservedKind};

/// The field the pyc analyzer summarizes FLAG_REF placement in.
const FIELD: &str = "pyc.marshal-refs";

/// Claims a difference in the marshal reference summary alone.
pub struct MarshalRefsRule;

impl Rule for MarshalRefsRule {
    fn name(&self) -> &'static str {
        "marshal-refs"
    }

    fn explain(&self, difference: &Observed, _context: &Context<'_>) -> Option<Verdict> {
        let is_refs = difference.field.as_deref() == Some(FIELD)
            && matches!(
                difference.kind,
                ObservedKind::Field {
                    left: Some(_),
                    right: Some(_),
                    ..
                }
            );
        is_refs.then(|| {
            Verdict::new(
                Cause::MarshalRefFlags,
                "the object graphs are equal once references are resolved; only which objects carry FLAG_REF differs",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::KnownValues;
    use crate::difference::Scope;
    use whydiff_analyzers::{FieldKind, Value};

    fn field(name: &str) -> Observed {
        Observed {
            path: vec!["m.pyc".into()],
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind: FieldKind::Opaque,
                scope: Scope::Artifact,
                left: Some(Value::Str("refs: 3".into())),
                right: Some(Value::Str("refs: 4".into())),
            },
            left: Some("refs: 3".into()),
            right: Some("refs: 4".into()),
            location: None,
            seq: 0,
        }
    }

    #[test]
    fn claims_only_the_reference_summary() {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        assert_eq!(
            MarshalRefsRule
                .explain(&field(FIELD), &context)
                .unwrap()
                .cause,
            Cause::MarshalRefFlags
        );
        assert!(MarshalRefsRule
            .explain(&field("code.consts"), &context)
            .is_none());
    }
}
