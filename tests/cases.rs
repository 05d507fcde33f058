//! Data-driven cases: every `tests/cases/<name>.txt` is analysed (as bytes,
//! the way the command line reads a file) and the whole outcome — the
//! analysis, or the error object for input that is not a letter — is compared
//! with `tests/cases/<name>.expected.json` (pretty-printed). A mismatch shows a
//! line diff. Every case's spans are also checked: the text at a span,
//! normalized, equals its value.
//!
//! A new wording, layout or hazard is a new pair of files. To write or
//! rewrite the expectations (then review them with `git diff`):
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test --test cases
//! ```

mod common;

use imr_analyzer::model::{Outcome, WarningCode};
use std::path::{Path, PathBuf};

/// At least this many cases must be found (a moved or emptied folder fails).
const MIN_CASES: usize = 25;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The outcomes of a case's input with their analysed texts, and the JSON
/// compared (pretty, with a final line end). A case named `ocr-…` is read as
/// OCR'd text (its structure through OCR's confusions, SCHEMA.md); one named
/// `merged-…` as an input that may hold several letters (an array of
/// outcomes, one per letter); any other as a file of one letter.
fn actual(input: &Path) -> (String, Vec<(Outcome, String)>) {
    let bytes = std::fs::read(input).unwrap();
    let name = common::name(input);
    let decoded = imr_analyzer::decode::decode(&bytes)
        .map(|d| d.text)
        .unwrap_or_default();
    if name.starts_with("ocr-") || name.starts_with("merged-") {
        let origin = if name.starts_with("ocr-") {
            imr_analyzer::Origin::ocr(imr_analyzer::model::OcrInfo {
                engine: "tesseract (test case)".into(),
                pages: 1,
                confidence: None,
            })
        } else {
            imr_analyzer::Origin::default()
        };
        let letters =
            imr_analyzer::analyze_letters(imr_analyzer::Input::Text(&decoded), &name, 0, &origin);
        let out: Vec<(Outcome, String)> = letters
            .into_iter()
            .map(|a| {
                (
                    a.outcome,
                    a.text.map(|t| t.into_owned()).unwrap_or_default(),
                )
            })
            .collect();
        let json = if name.starts_with("merged-") {
            let all: Vec<&Outcome> = out.iter().map(|(o, _)| o).collect();
            serde_json::to_string_pretty(&all).unwrap()
        } else {
            serde_json::to_string_pretty(&out[0].0).unwrap()
        } + "\n";
        return (json, out);
    }
    let outcome = imr_analyzer::outcome(imr_analyzer::analyze_bytes(&bytes, &name), &name);
    let json = serde_json::to_string_pretty(&outcome).unwrap() + "\n";
    (json, vec![(outcome, decoded)])
}

/// A line diff of `want` → `got` (longest common subsequence), with two lines
/// of context around each change.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: common length of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near_change = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 3).min(ops.len());
        ops[lo..hi].iter().any(|(op, _)| *op != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push_str("   …\n");
                skipped = false;
            }
            out.push_str(&format!(" {op} {line}\n"));
        } else {
            skipped = true;
        }
    }
    out
}

#[test]
fn cases() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= MIN_CASES,
        "only {} cases in tests/cases (at least {MIN_CASES} expected)",
        inputs.len()
    );
    let mut failures = Vec::new();
    let mut written = Vec::new();
    for input in &inputs {
        let case = common::name(input).trim_end_matches(".txt").to_string();
        let expected_path = input.with_file_name(format!("{case}.expected.json"));
        let (got, outcomes) = actual(input);
        for (outcome, text) in &outcomes {
            let Outcome::Analysis(a) = outcome else {
                continue;
            };
            let mut problems = Vec::new();
            for w in &a.warnings {
                if !WarningCode::ALL.iter().any(|c| w.is(*c)) {
                    problems.push(format!(
                        "{case}: warning code {:?} is not a WarningCode",
                        w.code
                    ));
                }
            }
            common::check_span_values(&case, text, a, &mut problems);
            if let Err(e) = common::check_spans(a, text) {
                problems.push(format!("{case}: {e}"));
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{case}: spans and warning codes\n{}",
                    problems.join("\n")
                ));
            }
        }
        let want = std::fs::read_to_string(&expected_path).ok();
        if want.as_deref() == Some(got.as_str()) {
            continue;
        }
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            written.push(case);
            continue;
        }
        match want {
            None => failures.push(format!(
                "{case}: no {} (UPDATE_EXPECT=1 writes it)",
                common::name(&expected_path)
            )),
            Some(want) => failures.push(format!(
                "{case}: the analysis differs from {} (- expected, + got):\n{}",
                common::name(&expected_path),
                diff(&want, &got)
            )),
        }
    }
    // expectations without an input are left-overs of a renamed case
    for e in std::fs::read_dir(cases_dir()).unwrap() {
        let p = e.unwrap().path();
        let file = common::name(&p);
        if let Some(case) = file.strip_suffix(".expected.json") {
            if !p.with_file_name(format!("{case}.txt")).exists() {
                failures.push(format!("{file}: no {case}.txt beside it"));
            }
        }
    }
    println!("{} cases", inputs.len());
    if !written.is_empty() {
        println!("UPDATE_EXPECT: wrote {}", written.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn warning_codes_are_distinct_snake_case() {
    let mut seen = std::collections::HashSet::new();
    for c in WarningCode::ALL {
        let s = c.as_str();
        assert!(seen.insert(s), "{s} twice");
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{s}"
        );
    }
    assert!(seen.contains("unclassified_request"));
}

#[test]
fn the_diff_shows_changed_lines_with_context() {
    let want = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let got = "a\nb\nc\nd\nE\nf\ng\nh\n";
    let d = diff(want, got);
    assert_eq!(d, "   …\n   c\n   d\n - e\n + E\n   f\n   g\n");
}
