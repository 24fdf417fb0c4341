//! The classification rules, one module each, and the order they run in.
//!
//! Root rules ([`ROOT_RULES`]) judge a whole difference (a field, an order); token rules
//! ([`crate::classify::tokens::TOKEN_RULES`]) judge one changed run of words inside text.

pub mod build_path;
pub mod collation;
pub mod content;
pub mod derived;
pub mod distributions;
pub mod environment;
pub mod field_kind;
pub mod frozen_runtime;
pub mod generated_files;
pub mod known_values;
pub mod line_order;
pub mod locale_date;
pub mod member_order;
pub mod producer;
pub mod randomness;
pub mod record_rows;
pub mod shiv;
pub mod subtrees;
pub mod timestamp_token;
pub mod token_order;
pub mod user_at_host;
pub mod version_token;

use super::Rule;

/// Root rules, most specific first. A rule that is not sure returns `None` and lets the next try.
pub static ROOT_RULES: &[&dyn Rule] = &[
    &distributions::DistributionRule,
    &member_order::MemberOrderRule,
    &line_order::LineOrderRule,
    &field_kind::FieldKindRule,
];
