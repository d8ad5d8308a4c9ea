//! Embeds the default bank: lists every JSON file under `questions/` (in the order a
//! folder load reads them) and computes the bank's sha256 once, at build time, so
//! start-up does not hash 200 KB on every run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("questions/ is readable") {
        let path = entry.expect("questions/ entries are readable").path();
        if path.is_dir() {
            // Panel ratings live beside the bank but are not part of it.
            if path.file_name().is_some_and(|n| n != "panel") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    let mut list = String::from("/// `(path relative to questions/, contents)` of every file of the default bank.\npub(super) const FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&root)
            .expect("under questions/")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(file).expect("bank file is readable");
        // Same digest as `Bank::load` on the folder: name, 0, bytes, 0 per file.
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
        hasher.update([0]);
        let _ = writeln!(
            list,
            "    ({relative:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    list.push_str("];\n");
    // The panel's ratings, for `validate --panel` on the built-in bank.
    let panel = root.join("panel");
    let mut ratings: Vec<PathBuf> = std::fs::read_dir(&panel)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("ratings-") && n.ends_with(".json"))
                })
                .collect()
        })
        .unwrap_or_default();
    ratings.sort();
    list.push_str("\n/// `(file name, contents)` of the panel's rating files.\npub(super) const PANEL: &[(&str, &str)] = &[\n");
    for file in &ratings {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file.file_name().expect("a file").to_string_lossy();
        let _ = writeln!(
            list,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    list.push_str("];\n");
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let _ = writeln!(list, "\n/// sha256 of the files above, as `Bank::load` computes it for a folder.\npub(super) const SHA256: &str = {digest:?};");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_bank.rs");
    std::fs::write(out, list).expect("OUT_DIR is writable");
}
