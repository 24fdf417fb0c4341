//! The classification rules, one module each, and the order they run in.

pub mod content;
pub mod derived;
pub mod field_kind;
pub mod member_order;

use super::Rule;

/// Root rules, most specific first. A rule that is not sure returns `None` and lets the next try.
pub static ROOT_RULES: &[&dyn Rule] = &[&member_order::MemberOrderRule, &field_kind::FieldKindRule];
