//! Golden tests over the development letters: accuracy by `score.py`, the
//! same analysis for every text arrangement of a letter, and span invariants.
//!
//! `cargo test --test golden -- --nocapture` prints the accuracy table that
//! the README shows.

mod common;

use common::*;
use imr_analyzer::model::{Analysis, Outcome};
use serde_json::Value;
use std::path::Path;

fn analyze_file(p: &Path) -> (String, Outcome) {
    let bytes = std::fs::read(p).unwrap();
    let text = imr_analyzer::decode::decode(&bytes)
        .map(|d| d.text)
        .unwrap_or_default();
    let name = name(p);
    (
        text,
        imr_analyzer::outcome(imr_analyzer::analyze_bytes(&bytes, &name), &name),
    )
}

/// Score outcomes with `score.py`.
fn score_outcomes(letters: &Path, gold: &Path, outcomes: &[Outcome]) -> (f64, f64, f64, String) {
    let mut jsonl = String::new();
    for o in outcomes {
        jsonl.push_str(&serde_json::to_string(o).unwrap());
        jsonl.push('\n');
    }
    score(letters, gold, jsonl.as_bytes())
}

#[test]
fn accuracy_per_folder() {
    let Some(letters) = letters_dir() else { return };
    let mut table = String::from(
        "| text | fields | decisions | item precision | letters, items |\n|---|---|---|---|---|\n",
    );
    let mut sets: Vec<(String, std::path::PathBuf, std::path::PathBuf)> = FOLDERS
        .iter()
        .map(|f| {
            (
                format!("dwc-2016 {f}"),
                letters.join("dwc-2016/text").join(f),
                letters.join("dwc-2016/gold"),
            )
        })
        .collect();
    sets.push((
        "seeds".into(),
        letters.join("seeds"),
        letters.join("seeds/gold"),
    ));
    let mut failures = Vec::new();
    for (label, dir, gold) in sets {
        let outcomes: Vec<Outcome> = txt_files(&dir).iter().map(|p| analyze_file(p).1).collect();
        let (fields, decisions, precision, line) = score_outcomes(&letters, &gold, &outcomes);
        let counts = line.rsplit('|').next().unwrap_or("").trim().to_string();
        table.push_str(&format!(
            "| {label} | {fields:.2}% | {decisions:.2}% | {precision:.2}% | {counts} |\n"
        ));
        if fields < 99.0 || decisions < 100.0 || precision < 100.0 {
            failures.push(format!("{label}: {line}"));
        }
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "below the bar (fields ≥ 99%, decisions and item precision 100%):\n{}",
        failures.join("\n")
    );
}

/// The analysis as JSON without what differs by arrangement: spans, source,
/// and hyphens (pdftotext drops line-end hyphens from the text itself).
fn comparable(a: &Analysis) -> Value {
    let mut v = serde_json::to_value(a).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("spans");
    obj.remove("source");
    fn strip(v: &mut Value) {
        match v {
            Value::String(s) => *s = s.replace('-', ""),
            Value::Array(a) => a.iter_mut().for_each(strip),
            Value::Object(o) => o.values_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn every_arrangement_gives_the_same_analysis() {
    let Some(letters) = letters_dir() else { return };
    let base = letters.join("dwc-2016/text");
    let mut differences = Vec::new();
    for p in txt_files(&base.join(FOLDERS[0])) {
        let file = name(&p);
        let reference = match analyze_file(&p).1 {
            Outcome::Analysis(a) => comparable(&a),
            Outcome::Error(e) => panic!("{file}: {:?}", e.error),
        };
        for folder in &FOLDERS[1..] {
            let other = match analyze_file(&base.join(folder).join(&file)).1 {
                Outcome::Analysis(a) => comparable(&a),
                Outcome::Error(e) => panic!("{folder}/{file}: {:?}", e.error),
            };
            if other != reference {
                let (r, o) = (reference.as_object().unwrap(), other.as_object().unwrap());
                let keys: Vec<_> = r
                    .keys()
                    .filter(|k| r.get(*k) != o.get(*k))
                    .cloned()
                    .collect();
                differences.push(format!("{folder}/{file}: {keys:?}"));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "arrangements disagree:\n{}",
        differences.join("\n")
    );
}

/// Text at a span, read back the way values are normalized.
fn read_back(text16: &[u16], span: [usize; 2]) -> String {
    let s = String::from_utf16_lossy(&text16[span[0]..span[1]]);
    let mut cleaned = s.clone();
    for (a, b) in imr_analyzer::rules::page_furniture(&s).into_iter().rev() {
        cleaned.replace_range(a..b, " ");
    }
    imr_analyzer::extract::text::collapse(&cleaned.replace(['\r', '\u{c}'], "\n"))
}

fn check_spans(file: &str, text: &str, a: &Analysis, problems: &mut Vec<String>) {
    let text16: Vec<u16> = text.encode_utf16().collect();
    let v = serde_json::to_value(a).unwrap();
    let mut expect = |pointer: String, want: &Value| {
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
            p if p.ends_with("/decision") || p == "/patient/sex" => got.to_lowercase() == want,
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
                Value::Null
            } else {
                item[g]["text"].clone()
            };
            expect(format!("/items/{i}/{g}/text"), &want);
        }
    }
    for (i, item) in v["items"].as_array().unwrap().iter().enumerate() {
        check_treatment_spans(file, &text16, a, i, item, problems);
    }
    // every span points at a value that is there
    for p in a.spans.keys() {
        if v.pointer(p).is_none_or(Value::is_null) {
            problems.push(format!("{file}: span {p} for a null or absent value"));
        }
    }
}

/// The treatment's spans (TREATMENTS.md, Spans): inside the item's request,
/// and the words of the value ("#90", "10/325mg", "12 visits", "L5-S1").
fn check_treatment_spans(
    file: &str,
    text16: &[u16],
    a: &Analysis,
    i: usize,
    item: &Value,
    problems: &mut Vec<String>,
) {
    let t = &item["treatment"];
    let request = a.spans.get(&format!("/items/{i}/request")).copied();
    let mut pointers: Vec<(String, &Value)> = Vec::new();
    for (k, b) in t["body_parts"].as_array().into_iter().flatten().enumerate() {
        pointers.push((format!("body_parts/{k}"), b));
    }
    for f in ["name", "strength", "quantity"] {
        pointers.push((format!("drug/{f}"), &t["drug"][f]));
    }
    pointers.push(("sessions".into(), &t["sessions"]));
    let retro = if t["retrospective"] == Value::Bool(true) {
        Value::Bool(true)
    } else {
        Value::Null
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

#[test]
fn spans_point_at_their_values() {
    let Some(letters) = letters_dir() else { return };
    let mut dirs: Vec<_> = FOLDERS
        .iter()
        .map(|f| letters.join("dwc-2016/text").join(f))
        .collect();
    dirs.push(letters.join("seeds"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for dir in dirs {
        for p in txt_files(&dir) {
            let (text, outcome) = analyze_file(&p);
            let Outcome::Analysis(a) = outcome else {
                panic!("{} gave an error", p.display())
            };
            check_spans(&p.display().to_string(), &text, &a, &mut problems);
            checked += a.spans.len();
        }
    }
    assert!(checked > 5000, "too few spans checked: {checked}");
    assert!(
        problems.is_empty(),
        "{} span problems:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

#[test]
fn spans_survive_crlf_bom_and_unicode() {
    let Some(letters) = letters_dir() else { return };
    let p = letters.join("dwc-2016/text/pdftotext-layout/CM16-0230651.txt");
    let text = std::fs::read_to_string(p).unwrap();
    let crlf = format!("\u{2013}\u{1F600} {}", text.replace('\n', "\r\n"));
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    let a = imr_analyzer::analyze_bytes(&bytes, "crlf.txt").unwrap();
    assert_eq!(a.items.len(), 10);
    let mut problems = Vec::new();
    check_spans("crlf", &crlf, &a, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let [s, e] = a.spans["/case_number"];
    let t16: Vec<u16> = crlf.encode_utf16().collect();
    assert_eq!(String::from_utf16(&t16[s..e]).unwrap(), "CM16-0230651");
}

/// Join the lines of each paragraph (as a viewer that copies paragraphs
/// does), or all lines of the letter, and check accuracy and spans again.
#[test]
fn letters_with_joined_lines_read_the_same() {
    let Some(letters) = letters_dir() else { return };
    let gold = letters.join("dwc-2016/gold");
    let collapse_ws = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (label, join) in [
        ("paragraphs joined", true),
        ("whole letter on one line", false),
    ] {
        let mut outcomes = Vec::new();
        let mut problems = Vec::new();
        for folder in ["pypdf", "pdftotext-layout"] {
            for p in txt_files(&letters.join("dwc-2016/text").join(folder)) {
                let text = std::fs::read_to_string(&p).unwrap();
                let joined = if join {
                    text.split("\n \n")
                        .flat_map(|block| block.split("\n\n"))
                        .map(collapse_ws)
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n\n")
                } else {
                    collapse_ws(&text)
                };
                let a = imr_analyzer::analyze(&joined, &name(&p)).unwrap();
                check_spans(&p.display().to_string(), &joined, &a, &mut problems);
                assert!(
                    a.warnings.is_empty(),
                    "{label}, {}: {:?}",
                    p.display(),
                    a.warnings
                );
                if folder == "pypdf" {
                    outcomes.push(Outcome::Analysis(Box::new(a)));
                }
            }
        }
        assert!(problems.is_empty(), "{label}: {}", problems.join("\n"));
        let (fields, decisions, precision, line) = score_outcomes(&letters, &gold, &outcomes);
        println!("{label}: {line}");
        assert!(
            fields >= 99.0 && decisions == 100.0 && precision == 100.0,
            "{label}: {line}"
        );
    }
}
