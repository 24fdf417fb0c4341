//! One module per command of the `whydiff` binary (the older commands still live in `main.rs`).

pub mod catalogue;
