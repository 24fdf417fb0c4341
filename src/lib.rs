//! whydiff
