//! Integration tests: the real binary on fixture banks and answers files.
//! One test binary (just-style) for fast links and shared helpers.

mod architecture;
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
mod mentor_progress;
mod mentor_ratings;
mod mentors;
mod progress_rules;
mod progress_view;
mod prompts;
mod properties;
mod provenance;
mod quality_flags;
mod report_formats;
mod review;
mod schemas;
mod scripted;
mod stats;
