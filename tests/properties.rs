//! Property tests: whatever the input, `analyze` and `analyze_bytes` never
//! panic, and every span of a result lies within the analysed text, on
//! character boundaries (UTF-16 units), and the result serializes and exports.
//!
//! Inputs: arbitrary bytes, arbitrary strings, strings built from the letters'
//! own vocabulary, and real letters (`../shared/letters`) mutated: cut, lines
//! deleted, duplicated and swapped, blocks of lines swapped, unicode and
//! control characters inserted, CRLF line ends, doubled blank lines, form feeds.
//!
//! 64 cases a property by default (a debug build must stay fast); raise with
//! `PROPTEST_CASES=10000 cargo test --release --test properties`. The long
//! run on demand (the fuzzing equivalent without cargo-fuzz):
//! `PROPTEST_CASES=1000000 cargo test --release --test properties -- --ignored`.

mod common;

use imr_analyzer::export::{render, Format, Table};
use imr_analyzer::{analyze, analyze_bytes, decode, outcome, Analysis, InputError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::Cell;
use std::sync::OnceLock;

/// 64 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> Config {
    let mut config = Config::default();
    if std::env::var("PROPTEST_CASES").is_err() {
        config.cases = 64;
    }
    config
}

/// Check one result: spans within `text`, on char boundaries; it serializes
/// to JSON and renders as both tables.
fn check(result: Result<Analysis, InputError>, text: &str) -> Result<(), TestCaseError> {
    let Ok(analysis) = result else {
        return Ok(());
    };
    common::check_spans(&analysis, text).map_err(TestCaseError::fail)?;
    for item in &analysis.items {
        if let (Some(d), Some(m)) = (item.decision, item.medically_necessary) {
            prop_assert_eq!(d.medically_necessary(), m, "item {}", item.number);
        }
    }
    let out = outcome(Ok(analysis), "prop");
    serde_json::to_string(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let items = render(std::slice::from_ref(&out), Table::Items, Format::Csv);
    prop_assert!(items.starts_with('\u{feff}'), "CSV without byte-order mark");
    render(std::slice::from_ref(&out), Table::Letters, Format::Markdown);
    Ok(())
}

/// Bytes: through `analyze_bytes`, checked against the decoded text.
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    let result = analyze_bytes(bytes, "prop");
    match decode::decode(bytes) {
        Ok(decoded) => check(result, &decoded.text),
        Err(e) => {
            prop_assert_eq!(result.err(), Some(e));
            Ok(())
        }
    }
}

/// Text: through `analyze` and, as UTF-8 bytes, through `analyze_bytes`.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    check(analyze(text, "prop"), text)?;
    check_bytes(text.as_bytes())
}

/// Pieces of the letters' vocabulary, to build inputs that reach past the
/// "not a letter" check.
const WORDS: &[&str] = &[
    "Case Number:",
    "CM16-0230651",
    "Date Assigned:",
    "Date of Injury:",
    "Decision Date:",
    "UR Denial Date:",
    "Application Received:",
    "Priority:",
    "Standard",
    "State(s) of Licensure:",
    "Certification(s)/Specialty:",
    "11/09/2016",
    "2/3/17",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "CLINICAL CASE SUMMARY",
    "The injured worker is a 48 year old male",
    "female",
    "MRI of the knee: Upheld",
    "Norco 10/325mg #60: Overturned",
    "Upheld",
    "Overturned",
    "is medically necessary and appropriate",
    "is not medically necessary",
    "Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004",
    "MAXIMUS guideline: Decision based on ODG Pain Chapter, Opioids",
    "Page(s): 74-96",
    "ACOEM",
    "Decision rationale:",
    "The request was modified to authorize",
    "leaving the original request IMR eligible",
    "Final Determination Letter for IMR Case Number CM16-0230651 4",
    "DOCUMENTS REVIEWED",
    "IMR DECISION(S) AND RATIONALE(S)",
    "MEDICAL PROFESSIONAL REVIEW",
    "Notice of Independent Medical Review Determination",
    "Dated:",
    "1.",
    "2)",
    ":",
    "-",
    "\n",
    "\n\n",
    "\r\n",
    "\u{c}",
    "    ",
    "\t",
    "\u{feff}",
    "\u{200b}",
    "\u{2013}",
    "é",
    "😀",
    "\u{301}",
    "\u{202e}",
];

fn vocabulary() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
            1 => "[ -~]{0,12}",
        ],
        0..200,
    )
    .prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn letter_vocabulary_never_panics(text in vocabulary()) {
        check_text(&text)?;
    }

    #[test]
    fn letter_vocabulary_as_windows_1252_never_panics(text in vocabulary()) {
        // Latin-1 range bytes that are not UTF-8 take the Windows-1252 path.
        let bytes: Vec<u8> = text.chars().map(|c| if (c as u32) < 256 { c as u8 } else { 0x96 }).collect();
        check_bytes(&bytes)?;
    }
}

/// One edit to a letter. Positions are taken modulo the current size.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    SwapBlocks(usize, usize, usize),
    Insert(usize, String),
    Crlf,
    DoubleBlankLines,
    FormFeed(usize),
}

fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(String::from),
        proptest::collection::vec(any::<char>(), 1..8).prop_map(|v| v.into_iter().collect()),
        proptest::sample::select(
            &[
                "\u{0}",
                "\u{1}",
                "\u{7}",
                "\u{8}",
                "\u{b}",
                "\u{c}",
                "\r",
                "\u{1b}[31m",
                "\u{7f}",
                "\u{85}",
                "\u{a0}",
                "\u{ad}",
                "\u{ad}\n",
                "\u{fffe}",
                "\u{fffe}\u{200b}\u{a0}",
                "\u{202f}",
                "\u{2060}",
                "\u{feff}",
                "\u{200b}",
                "\u{200d}",
                "\u{2028}",
                "\u{2029}",
                "\u{202e}",
                "\u{fffd}",
                "\u{301}\u{301}",
                "😀",
                "𝔘",
                "İ",
                "ß",
                "ﬁ",
                "Case Number:",
                ": Upheld",
                "Decision rationale:",
                "\n\n\n",
                "-\n",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::Cut),
        2 => any::<usize>().prop_map(Mutation::DeleteLine),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, n)| Mutation::SwapBlocks(a, b, n)),
        4 => (any::<usize>(), inserted()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::DoubleBlankLines),
        2 => any::<usize>().prop_map(Mutation::FormFeed),
    ]
}

/// The largest char boundary of `s` at or before `at % (len + 1)`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn lines(s: &str) -> Vec<String> {
    s.split_inclusive('\n').map(str::to_owned).collect()
}

fn apply(text: &mut String, m: &Mutation) {
    let mut ls = lines(text);
    let n = ls.len();
    match m {
        Mutation::Cut(at) => {
            let at = boundary(text, *at);
            text.truncate(at);
            return;
        }
        Mutation::Insert(at, s) => {
            let at = boundary(text, *at);
            text.insert_str(at, s);
            return;
        }
        Mutation::Crlf => {
            *text = text.replace("\r\n", "\n").replace('\n', "\r\n");
            return;
        }
        Mutation::DoubleBlankLines => {
            *text = text.replace('\n', "\n\n");
            return;
        }
        _ if n == 0 => return,
        Mutation::DeleteLine(i) => {
            ls.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let l = ls[i % n].clone();
            ls.insert(i % n, l);
        }
        Mutation::SwapLines(a, b) => ls.swap(a % n, b % n),
        Mutation::SwapBlocks(a, b, len) => {
            // Two blocks of up to 40 lines trade places (a section moved).
            let len = 1 + len % 40.min(n);
            let (a, b) = (a % n, b % n);
            let (first, second) = (a.min(b), a.max(b));
            if first + len <= second && second + len <= n {
                let block_b: Vec<String> = ls[second..second + len].to_vec();
                let block_a: Vec<String> = ls[first..first + len].to_vec();
                ls.splice(second..second + len, block_a);
                ls.splice(first..first + len, block_b);
            }
        }
        Mutation::FormFeed(i) => ls[i % n].insert(0, '\u{c}'),
    }
    *text = ls.concat();
}

/// The development letters as text, loaded once.
fn letters() -> Option<&'static [String]> {
    static LETTERS: OnceLock<Option<Vec<String>>> = OnceLock::new();
    LETTERS
        .get_or_init(|| {
            common::letters("mutated-letter properties").map(|ls| {
                ls.into_iter()
                    .map(|l| String::from_utf8(l.bytes).expect("development letters are UTF-8"))
                    .collect()
            })
        })
        .as_deref()
}

/// Run mutated letters; returns (cases run, cases analysed), or `None` when
/// the letters are absent.
fn run_mutations(config: Config) -> Option<(usize, usize)> {
    let letters = letters()?;
    let strategy = (
        0..letters.len(),
        proptest::collection::vec(mutation(), 1..12),
    );
    let (cases, analysed) = (Cell::new(0usize), Cell::new(0usize));
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |(i, mutations)| {
        let mut text = letters[i].clone();
        for m in &mutations {
            apply(&mut text, m);
        }
        cases.set(cases.get() + 1);
        if analyze(&text, "prop").is_ok() {
            analysed.set(analysed.get() + 1);
        }
        check_text(&text)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    Some((cases.get(), analysed.get()))
}

#[test]
fn mutated_letters_never_panic_and_spans_stay_in_the_text() {
    let Some((cases, analysed)) = run_mutations(config()) else {
        return;
    };
    eprintln!("mutated letters: {analysed} of {cases} cases analysed (the rest gave input errors)");
    // Mutations must leave most letters letters, or the analysis goes untested.
    assert!(
        analysed * 2 > cases,
        "only {analysed} of {cases} mutated letters were analysed"
    );
}

/// Inputs built from the letters' vocabulary get past the "not a letter" check.
#[test]
fn letter_vocabulary_reaches_the_analysis() {
    let analysed = Cell::new(0usize);
    let mut runner = TestRunner::new(Config::with_cases(64));
    runner
        .run(&vocabulary(), |text| {
            if analyze(&text, "prop").is_ok_and(|a| !a.spans.is_empty()) {
                analysed.set(analysed.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    assert!(
        analysed.get() >= 16,
        "only {} of 64 vocabulary inputs were analysed with spans",
        analysed.get()
    );
}

/// The unmutated letters too, through both entry points, with the checks above.
#[test]
fn development_letters_pass_the_checks() {
    let Some(letters) = letters() else {
        return;
    };
    for (i, text) in letters.iter().enumerate() {
        let a = analyze(text, "letter").unwrap_or_else(|e| panic!("letter {i}: {e}"));
        assert!(!a.spans.is_empty(), "letter {i} has no spans");
        if let Err(e) = check_text(text) {
            panic!("letter {i}: {e}");
        }
    }
}

/// The mutation helpers do what they say (else the properties test less than
/// they claim).
#[test]
fn mutations_edit_the_text() {
    let base = "a\nb\nc\nd\n".to_string();
    let mut t = base.clone();
    apply(&mut t, &Mutation::SwapLines(0, 3));
    assert_eq!(t, "d\nb\nc\na\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::DeleteLine(5));
    assert_eq!(t, "a\nc\nd\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::DuplicateLine(2));
    assert_eq!(t, "a\nb\nc\nc\nd\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::SwapBlocks(0, 2, 1));
    assert_eq!(t, "c\nd\na\nb\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::Crlf);
    assert_eq!(t, "a\r\nb\r\nc\r\nd\r\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::DoubleBlankLines);
    assert_eq!(t, "a\n\nb\n\nc\n\nd\n\n");
    let mut t = base.clone();
    apply(&mut t, &Mutation::FormFeed(1));
    assert_eq!(t, "a\n\u{c}b\nc\nd\n");
    let mut t = "aé".to_string();
    apply(&mut t, &Mutation::Cut(2));
    assert_eq!(t, "a");
    let mut t = "aé".to_string();
    apply(&mut t, &Mutation::Insert(2, "😀".into()));
    assert_eq!(t, "a😀é");
}

/// The span check catches what it must.
#[test]
fn span_check_rejects_bad_spans() {
    let text = "Case Number: CM16-0000001\nIMR ISSUES, DECISIONS AND RATIONALES\n\
                MRI of the knee: Upheld\n\
                Decision rationale: The request for MRI of the knee is not medically necessary.\n";
    let mut a = analyze(text, "t").unwrap();
    assert!(common::check_spans(&a, text).is_ok());
    a.spans.insert("/case_number".into(), [14, 10_000]);
    assert!(common::check_spans(&a, text).is_err());
    a.spans.insert("/case_number".into(), [20, 14]);
    assert!(common::check_spans(&a, text).is_err());
    a.spans.clear();
    a.spans.insert("/case_number".into(), [2, 4]);
    assert!(common::check_spans(&a, "😀xx").is_ok());
    a.spans.insert("/case_number".into(), [1, 2]);
    assert!(
        common::check_spans(&a, "😀xx").is_err(),
        "splits a surrogate pair"
    );
    a.spans.clear();
    a.spans.insert("case_number".into(), [0, 1]);
    assert!(
        common::check_spans(&a, "😀xx").is_err(),
        "not a JSON Pointer"
    );
}

/// The on-demand long run (cargo-fuzz's equivalent): set `PROPTEST_CASES`.
#[test]
#[ignore = "long run on demand: PROPTEST_CASES=1000000 cargo test --release --test properties -- --ignored"]
fn long_run_mutated_letters() {
    let mut config = Config::default();
    if std::env::var("PROPTEST_CASES").is_err() {
        config.cases = 100_000;
    }
    if let Some((cases, analysed)) = run_mutations(config) {
        eprintln!("long run: {cases} mutated letters, {analysed} analysed, no panic");
    }
}

/// Regression inputs (crashes found by fuzzing are kept here as byte strings).
#[test]
fn regressions() {
    let inputs: &[&[u8]] = &[
        b"",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBFCase Number:",
        b"Case Number:\r",
        b"IMR ISSUES, DECISIONS AND RATIONALES\n:",
        b"IMR ISSUES, DECISIONS AND RATIONALES\n\xFF: Upheld\nDecision rationale:",
    ];
    for bytes in inputs {
        if let Err(e) = check_bytes(bytes) {
            panic!("{bytes:?}: {e}");
        }
    }
}
