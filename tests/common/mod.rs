//! Shared helpers for tests over the development letters in `../shared/letters`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The development letters folder, or `None` (with a message) when it is
/// absent outside CI. Under `CI=true` a missing folder is a failure.
pub fn letters_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters");
    if dir.join("dwc-2016/gold").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("../shared/letters is missing: CI must have the development letters beside the checkout");
    }
    eprintln!("SKIP: ../shared/letters not found beside the checkout; golden tests skipped");
    None
}

/// The four text extractions of the dwc-2016 letters.
pub const FOLDERS: [&str; 4] = ["pypdf", "pdfminer", "pdftotext", "pdftotext-layout"];

/// `*.txt` files of a folder, sorted.
pub fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// File name of a path.
pub fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}
