//! One module per command of the `whydiff` binary, each parsing its options into library calls
//! and picking a printer; [`compare`] and [`output`] are what the commands share.

pub mod baseline;
pub mod catalogue;
pub mod check;
pub mod compare;
pub mod diff;
pub mod fingerprint;
pub mod generate;
pub mod output;
pub mod terminal;
pub mod vary;
