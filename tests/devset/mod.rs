//! The development letters (`../shared/letters`) for the schema, property and
//! stress tests and the benchmarks. They are read at run time, never copied
//! into the repository.
//!
//! Under `CI=true` a missing `../shared/letters` is a failure; elsewhere the
//! caller skips with a printed message.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The dwc-2016 text folders, then the seeds.
pub const FOLDERS: [&str; 5] = [
    "dwc-2016/text/pypdf",
    "dwc-2016/text/pdfminer",
    "dwc-2016/text/pdftotext",
    "dwc-2016/text/pdftotext-layout",
    "seeds",
];

/// One development letter: `folder/file.txt` and its bytes.
pub struct Letter {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every development letter of every folder, in a stable order, or `None`
/// (after printing why `what` is skipped) when `../shared/letters` is absent
/// outside CI.
pub fn letters(what: &str) -> Option<Vec<Letter>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters");
    if !root.join("seeds").is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "{} is missing: under CI=true the development letters must be beside the checkout",
                root.display()
            );
        }
        eprintln!(
            "SKIP {what}: {} not found (the development letters live beside the checkout)",
            root.display()
        );
        return None;
    }
    let mut out = Vec::new();
    for folder in FOLDERS {
        let files = txt_files(&root.join(folder));
        assert!(!files.is_empty(), "no .txt letters in {folder}");
        for path in files {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let file = path.file_name().unwrap().to_string_lossy();
            out.push(Letter {
                name: format!("{folder}/{file}"),
                bytes,
            });
        }
    }
    Some(out)
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Check every span of `analysis` against the analysed `text`: `start <= end`,
/// `end` within the text's UTF-16 length, both on character boundaries.
/// Returns a description of the first bad span.
pub fn check_spans(analysis: &imr_analyzer::Analysis, text: &str) -> Result<(), String> {
    let mut boundaries = Vec::with_capacity(text.len() + 1);
    let mut units = 0usize;
    boundaries.push(0);
    for c in text.chars() {
        units += c.len_utf16();
        boundaries.push(units);
    }
    for (pointer, &[start, end]) in &analysis.spans {
        if !pointer.starts_with('/') {
            return Err(format!("span key {pointer:?} is not a JSON Pointer"));
        }
        if start > end || end > units {
            return Err(format!(
                "span {pointer} = [{start}, {end}) outside the text ({units} UTF-16 units)"
            ));
        }
        if boundaries.binary_search(&start).is_err() || boundaries.binary_search(&end).is_err() {
            return Err(format!(
                "span {pointer} = [{start}, {end}) splits a character"
            ));
        }
    }
    Ok(())
}
