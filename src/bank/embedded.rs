//! The default bank, compiled into the binary so the quiz runs from any folder.
//!
//! `build.rs` lists every JSON file under `questions/`, sorted as a folder load sorts
//! them, and computes their sha256 once; so the embedded bank and `--bank questions`
//! have the same sha256 (a unit test checks it) without hashing at start-up.

include!(concat!(env!("OUT_DIR"), "/embedded_bank.rs"));
