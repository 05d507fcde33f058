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
        // plain pdftotext drops line-end hyphens from the text itself
        let fields_bar = if label.ends_with(DROPS_HYPHENS) {
            99.0
        } else {
            100.0
        };
        if fields < fields_bar || decisions < 100.0 || precision < 100.0 {
            failures.push(format!("{label} (fields bar {fields_bar}%): {line}"));
        }
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "below the bar (fields 100%, plain pdftotext 99%; decisions and item precision 100%):\n{}",
        failures.join("\n")
    );
}

/// The analysis as JSON without what differs by arrangement: spans and
/// source, and with `hyphens` false the hyphens too (plain pdftotext drops
/// line-end hyphens from the text itself).
fn comparable(a: &Analysis, hyphens: bool) -> Value {
    let mut v = serde_json::to_value(a).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("spans");
    obj.remove("source");
    if hyphens {
        return v;
    }
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
    let mut compared = 0;
    for p in txt_files(&base.join(FOLDERS[0])) {
        let file = name(&p);
        let reference = match analyze_file(&p).1 {
            Outcome::Analysis(a) => a,
            Outcome::Error(e) => panic!("{file}: {:?}", e.error),
        };
        for folder in &FOLDERS[1..] {
            let hyphens = *folder != DROPS_HYPHENS;
            let reference = comparable(&reference, hyphens);
            let other = match analyze_file(&base.join(folder).join(&file)).1 {
                Outcome::Analysis(a) => comparable(&a, hyphens),
                Outcome::Error(e) => panic!("{folder}/{file}: {:?}", e.error),
            };
            compared += 1;
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
    println!(
        "{compared} letter arrangements compared with {} ({} folders)",
        FOLDERS[0],
        FOLDERS.len()
    );
    assert!(compared > 0, "no letters compared");
    assert!(
        differences.is_empty(),
        "arrangements disagree:\n{}",
        differences.join("\n")
    );
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
            check_span_values(&p.display().to_string(), &text, &a, &mut problems);
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
    check_span_values("crlf", &crlf, &a, &mut problems);
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
                check_span_values(&p.display().to_string(), &joined, &a, &mut problems);
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

/// What other viewers put into copied text, applied to real letters: each
/// variant must give the same analysis as the letter itself, with spans that
/// point at their values.
#[test]
fn invisible_characters_give_the_same_analysis() {
    let Some(letters) = letters_dir() else { return };
    let line_end_hyphen = regex_lite::Regex::new(r"([A-Za-z0-9])-[ \t]*\r?\n").unwrap();
    type Variant = (&'static str, fn(&str, &regex_lite::Regex) -> String);
    let variants: [Variant; 4] = [
        ("zero-width spaces after every 9th word", |t, _| {
            let mut n = 0;
            t.split(' ')
                .map(|w| {
                    n += 1;
                    if n % 9 == 0 && !w.is_empty() {
                        format!("{w}\u{200B}")
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        }),
        ("every 5th space non-breaking", |t, _| {
            let mut n = 0;
            t.chars()
                .map(|c| {
                    if c == ' ' {
                        n += 1;
                        if n % 5 == 0 {
                            return '\u{A0}';
                        }
                    }
                    c
                })
                .collect()
        }),
        ("line-end hyphens as soft hyphens", |t, re| {
            re.replace_all(t, "${1}\u{AD}\n").into_owned()
        }),
        (
            "line-end hyphens as U+FFFE, halves joined (PDFium)",
            |t, re| re.replace_all(t, "${1}\u{FFFE}").into_owned(),
        ),
    ];
    let mut problems = Vec::new();
    let mut changed = [0usize; 4];
    for p in txt_files(&letters.join("dwc-2016/text/pdftotext-layout")) {
        let text = std::fs::read_to_string(&p).unwrap();
        let file = name(&p);
        let reference = comparable(&imr_analyzer::analyze(&text, &file).unwrap(), true);
        for (k, (label, make)) in variants.iter().enumerate() {
            let variant = make(&text, &line_end_hyphen);
            if variant != text {
                changed[k] += 1;
            }
            let a = imr_analyzer::analyze(&variant, &file).unwrap();
            check_span_values(&format!("{label}, {file}"), &variant, &a, &mut problems);
            let got = comparable(&a, true);
            if got != reference {
                let (r, o) = (reference.as_object().unwrap(), got.as_object().unwrap());
                let keys: Vec<_> = r.keys().filter(|k| r.get(*k) != o.get(*k)).collect();
                problems.push(format!("{label}, {file}: {keys:?} differ"));
            }
        }
    }
    for (k, (label, _)) in variants.iter().enumerate() {
        println!("{label}: {} letters changed", changed[k]);
        assert!(
            changed[k] > 10,
            "{label}: the variant changed too few letters"
        );
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(30)].join("\n")
    );
}
