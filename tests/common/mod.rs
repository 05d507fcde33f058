//! Shared helpers for tests over the development letters in `../shared/letters`
//! (read at run time, never copied into the repository). Under `CI=true` a
//! missing `../shared/letters` is a failure; elsewhere the caller skips with a
//! message written straight to the terminal (not captured by the test
//! harness, so a skipped golden test is seen in a plain `cargo test`).

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
    skip_loudly(&format!(
        "{} not found beside the checkout: golden tests over the development letters did NOT run",
        dir.display()
    ));
    None
}

/// Say that a test was skipped, on the terminal itself: the test harness
/// captures `println!`/`eprintln!` of passing tests, but not writes to the
/// standard error handle.
pub fn skip_loudly(why: &str) {
    let bar = "!".repeat(72);
    let _ = writeln!(std::io::stderr(), "\n{bar}\nSKIPPED: {why}\n{bar}");
}

/// The text extractions of the dwc-2016 letters (`dwc-2016/text/<folder>`).
pub const FOLDERS: [&str; 7] = [
    "pypdf",
    "pdfminer",
    "pdftotext",
    "pdftotext-layout",
    "pdfium",
    "mupdf",
    "pdfplumber",
];

/// The one arrangement that drops line-end hyphens from the text itself, so
/// some values lose a hyphen: its bar is lower and arrangements are compared
/// with hyphens aside.
pub const DROPS_HYPHENS: &str = "pdftotext";

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

/// The dwc-2016 text folders the benchmark and the whole-set tests read
/// (the first four arrangements, kept so benchmark figures stay comparable),
/// then the seeds.
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
        skip_loudly(&format!(
            "{what}: {} not found (the development letters live beside the checkout)",
            root.display()
        ));
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

/// Text at a span, read back the way values are normalized.
pub fn read_back(text16: &[u16], span: [usize; 2]) -> String {
    let s = String::from_utf16_lossy(&text16[span[0]..span[1]]);
    imr_analyzer::extract::text::collapse(&imr_analyzer::normalize::normalize(&s).text)
}

/// Check that every value read from the letter has a span, and that the text
/// at the span, normalized (SCHEMA.md), equals the value (dates: the same
/// date; decisions and sex: the same word in any case). Problems are pushed.
pub fn check_span_values(
    file: &str,
    text: &str,
    a: &imr_analyzer::Analysis,
    problems: &mut Vec<String>,
) {
    let text16: Vec<u16> = text.encode_utf16().collect();
    let v = serde_json::to_value(a).unwrap();
    let mut expect = |pointer: String, want: &serde_json::Value| {
        if want.is_null() {
            if a.spans.contains_key(&pointer) {
                problems.push(format!("{file}: span for null {pointer}"));
            }
            return;
        }
        let Some(&span) = a.spans.get(&pointer) else {
            problems.push(format!("{file}: no span for {pointer}"));
            return;
        };
        if span[0] > span[1] || span[1] > text16.len() {
            problems.push(format!(
                "{file}: span {span:?} of {pointer} outside the text"
            ));
            return;
        }
        let got = read_back(&text16, span);
        let want = want
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| want.to_string());
        let ok = match pointer.as_str() {
            p if p.starts_with("/dates/") => {
                imr_analyzer::extract::header::iso_date(&got).as_deref() == Some(want.as_str())
            }
            // the decision word, or a stated "(not) medically necessary"
            p if p.ends_with("/decision") => {
                let stated = got
                    .to_lowercase()
                    .ends_with(imr_analyzer::rules::STATED_WORDS);
                let negated = got
                    .to_lowercase()
                    .starts_with(imr_analyzer::rules::STATED_NEGATION);
                got.to_lowercase() == want || (stated && (negated == (want == "upheld")))
            }
            // any word of the sex lexicon
            "/patient/sex" => imr_analyzer::rules::sex_of(&got)
                .and_then(|s| serde_json::to_value(s).ok())
                .is_some_and(|v| v == want.as_str()),
            _ => got == want,
        };
        if !ok {
            problems.push(format!(
                "{file}: {pointer}: span text {got:?} != value {want:?}"
            ));
        }
    };
    for p in ["/case_number", "/priority", "/patient/age", "/patient/sex"] {
        expect(p.to_string(), v.pointer(p).unwrap());
    }
    for d in [
        "assigned",
        "decision",
        "injury",
        "ur_denial",
        "application_received",
    ] {
        let p = format!("/dates/{d}");
        expect(p.clone(), v.pointer(&p).unwrap());
    }
    for list in ["licensure", "specialties"] {
        for (i, x) in v["reviewer"][list].as_array().unwrap().iter().enumerate() {
            expect(format!("/reviewer/{list}/{i}"), x);
        }
    }
    for (i, item) in v["items"].as_array().unwrap().iter().enumerate() {
        for f in [
            "request",
            "original_request",
            "authorized",
            "decision",
            "rationale",
        ] {
            expect(format!("/items/{i}/{f}"), &item[f]);
        }
        for g in ["claims_administrator_guideline", "maximus_guideline"] {
            let want = if item[g].is_null() {
                serde_json::Value::Null
            } else {
                item[g]["text"].clone()
            };
            expect(format!("/items/{i}/{g}/text"), &want);
        }
    }
    // each reason's span covers its sentence (REASONS.md, Spans)
    for (i, item) in v["items"].as_array().unwrap().iter().enumerate() {
        for (k, r) in item["reasons"].as_array().into_iter().flatten().enumerate() {
            expect(format!("/items/{i}/reasons/{k}"), &r["sentence"]);
        }
    }
    for (i, item) in v["items"].as_array().unwrap().iter().enumerate() {
        check_treatment_spans(file, &text16, a, i, item, problems);
    }
    // every span points at a value that is there
    for p in a.spans.keys() {
        if v.pointer(p).is_none_or(serde_json::Value::is_null) {
            problems.push(format!("{file}: span {p} for a null or absent value"));
        }
    }
}

/// The treatment's spans (TREATMENTS.md, Spans): inside the item's request,
/// and the words of the value ("#90", "10/325mg", "12 visits", "L5-S1").
fn check_treatment_spans(
    file: &str,
    text16: &[u16],
    a: &imr_analyzer::Analysis,
    i: usize,
    item: &serde_json::Value,
    problems: &mut Vec<String>,
) {
    let t = &item["treatment"];
    let request = a.spans.get(&format!("/items/{i}/request")).copied();
    let mut pointers: Vec<(String, &serde_json::Value)> = Vec::new();
    for (k, b) in t["body_parts"].as_array().into_iter().flatten().enumerate() {
        pointers.push((format!("body_parts/{k}"), b));
    }
    for f in ["name", "strength", "quantity"] {
        pointers.push((format!("drug/{f}"), &t["drug"][f]));
    }
    pointers.push(("sessions".into(), &t["sessions"]));
    let retro = if t["retrospective"] == serde_json::Value::Bool(true) {
        serde_json::Value::Bool(true)
    } else {
        serde_json::Value::Null
    };
    pointers.push(("retrospective".into(), &retro));
    for (suffix, want) in pointers {
        let pointer = format!("/items/{i}/treatment/{suffix}");
        let span = a.spans.get(&pointer).copied();
        let (Some(span), Some(req)) = (span, request) else {
            // a value with no span only when the request has no map
            if span.is_some() && request.is_none() {
                problems.push(format!(
                    "{file}: {pointer} has a span but the request has none"
                ));
            }
            continue;
        };
        if want.is_null() {
            problems.push(format!("{file}: span for null {pointer}"));
            continue;
        }
        if span[0] >= span[1] || span[0] < req[0] || span[1] > req[1] {
            problems.push(format!(
                "{file}: {pointer} {span:?} not inside the request {req:?}"
            ));
            continue;
        }
        let got = read_back(text16, span);
        let squeezed: String = got.chars().filter(|c| !c.is_whitespace()).collect();
        let ok = match suffix.as_str() {
            "drug/strength" => want.as_str() == Some(squeezed.to_lowercase().as_str()),
            "drug/quantity" => {
                let digits: String = got.chars().filter(char::is_ascii_digit).collect();
                Some(digits.as_str()) == want.as_u64().map(|n| n.to_string()).as_deref()
            }
            "drug/name" => match t["drug"]["brand"].as_str() {
                Some(brand) => got == brand,
                None => want
                    .as_str()
                    .and_then(|n| n.split('/').next())
                    .is_some_and(|first| got.to_lowercase().starts_with(first)),
            },
            "sessions" => got.chars().any(|c| c.is_ascii_alphanumeric()),
            "retrospective" => {
                let g = got.to_lowercase();
                g.starts_with("retro") || g == "dos" || g.contains("of service")
            }
            _ => !got.is_empty(),
        };
        if !ok {
            problems.push(format!(
                "{file}: {pointer}: span text {got:?} does not state {want}"
            ));
        }
    }
}
