//! Integration tests: the real binary on fixture banks and answers files.
//! One test binary (just-style) for fast links and shared helpers.

mod bad_inputs;
mod cbm;
mod commands;
mod common;
mod faults;
mod gift;
mod interactive;
mod interruptions;
mod markdown;
mod measurement;
mod mentors;
mod progress_rules;
mod prompts;
mod properties;
mod quality_flags;
mod report_formats;
mod schemas;
mod scripted;
mod stats;
