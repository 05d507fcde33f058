//! Shared helpers for tests over the development letters in `../shared/letters`
//! (read at run time, never copied into the repository). Under `CI=true` a
//! missing `../shared/letters` is a failure; elsewhere the caller skips with a
//! printed message.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Run `score.py` over JSONL analyses: (fields, decisions, item precision) in
/// percent, and its summary line.
pub fn score(letters: &Path, gold: &Path, jsonl: &[u8]) -> (f64, f64, f64, String) {
    let mut child = Command::new("python3")
        .arg(letters.join("../eval/score.py"))
        .arg("--gold")
        .arg(gold)
        .arg("/dev/stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is needed to run score.py");
    child.stdin.take().unwrap().write_all(jsonl).unwrap();
    let out = child.wait_with_output().unwrap();
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // "fields 100.00% | decisions 100.00% | item precision 100.00% | 62 letters, 155 items"
    let nums: Vec<f64> = line
        .split('|')
        .take(3)
        .filter_map(|part| {
            part.trim()
                .rsplit(' ')
                .next()?
                .trim_end_matches('%')
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(nums.len(), 3, "unexpected score.py output: {line}");
    (nums[0], nums[1], nums[2], line)
}

/// The dwc-2016 text folders, then the seeds.
pub const ALL_FOLDERS: [&str; 5] = [
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
    for folder in ALL_FOLDERS {
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
