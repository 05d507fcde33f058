//! Layouts without samples in the development set, from the descriptions in
//! `letters/README.md`, written as small fixtures; input that is not a letter.

use imr_analyzer::model::{Decision, Layout, Sex};
use imr_analyzer::{analyze, analyze_bytes, InputError};

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

fn codes(a: &imr_analyzer::Analysis) -> Vec<&str> {
    a.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn maximus_notice_2013_reads_determination_statements() {
    let a = analyze(&fixture("maximus-notice-2013.txt"), "n.txt").unwrap();
    assert_eq!(a.layout, Layout::MaximusNotice2013);
    assert_eq!(a.reviewer.licensure, ["California", "Nevada"]);
    assert_eq!(a.reviewer.specialties, ["Orthopedic Surgery"]);
    assert_eq!(
        (a.patient.age, a.patient.sex),
        (Some(45), Some(Sex::Female))
    );
    assert_eq!(a.items.len(), 2);
    assert_eq!(
        a.items[0].request.as_deref(),
        Some("physical therapy twice a week for six weeks for the lumbar spine")
    );
    assert_eq!(a.items[0].decision, Some(Decision::Upheld));
    assert_eq!(
        a.items[1].request.as_deref(),
        Some("one MRI of the right knee")
    );
    assert_eq!(a.items[1].decision, Some(Decision::Overturned));
    assert_eq!(a.items[1].medically_necessary, Some(true));
    assert!(codes(&a).contains(&"partial_layout"), "{:?}", a.warnings);
}

#[test]
fn maximus_decisions_layout_reads_items() {
    let a = analyze(&fixture("maximus-decisions.txt"), "d.txt").unwrap();
    assert_eq!(a.layout, Layout::MaximusDecisions);
    assert_eq!(a.reviewer.specialties, ["Internal Medicine"]);
    assert_eq!(a.items.len(), 1);
    let it = &a.items[0];
    assert_eq!(
        it.request.as_deref(),
        Some("Lumbar epidural steroid injection at L4-5")
    );
    assert_eq!(it.decision, Some(Decision::Overturned));
    let g = it.maximus_guideline.as_ref().unwrap();
    assert_eq!(g.citations[0].pages, ["46"]);
    assert!(it
        .rationale
        .as_deref()
        .unwrap()
        .ends_with("is medically necessary."));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn professional_review_reads_issue_and_statement() {
    let a = analyze(&fixture("professional-review.txt"), "p.txt").unwrap();
    assert_eq!(a.layout, Layout::ProfessionalReview);
    assert_eq!(
        (a.patient.age, a.patient.sex),
        (Some(61), Some(Sex::Female))
    );
    assert_eq!(a.items.len(), 1);
    let it = &a.items[0];
    assert_eq!(
        it.request.as_deref(),
        Some("Twelve sessions of aquatic therapy for the lumbar spine")
    );
    assert_eq!(it.decision, Some(Decision::Upheld));
    assert!(it
        .rationale
        .as_deref()
        .unwrap()
        .starts_with("There is no indication"));
    assert_eq!(a.reviewer.licensure, ["California"]);
}

#[test]
fn unknown_layout_is_said() {
    let a = analyze(&fixture("unknown.txt"), "u.txt").unwrap();
    assert_eq!(a.layout, Layout::Unknown);
    assert_eq!(a.items.len(), 1);
    assert_eq!(a.items[0].decision, Some(Decision::Upheld));
    assert!(codes(&a).contains(&"unknown_layout"));
}

#[test]
fn input_errors() {
    assert_eq!(analyze("", "x").unwrap_err(), InputError::Empty);
    assert_eq!(analyze(" \n\t\r\n", "x").unwrap_err(), InputError::Empty);
    assert_eq!(
        analyze("Dear Sir,\nplease find the invoice attached.\n", "x").unwrap_err(),
        InputError::NotALetter
    );
    assert_eq!(
        analyze_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x").unwrap_err(),
        InputError::Binary
    );
    let e = imr_analyzer::error_object(&InputError::NotALetter, "memo.txt");
    assert_eq!(e.error.code, "not_a_letter");
    assert!(e.error.message.contains("IMR Final Determination Letter"));
}

#[test]
fn cut_short_and_date_order_warnings() {
    let text = "Case Number: CM16-0000001\nDate Assigned: 01/05/2017 Date of Injury: 02/01/2017\nDecision Date: 01/20/2017\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\nMRI of the knee: Upheld\n\nClaims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\n";
    let a = analyze(text, "t").unwrap();
    let c = codes(&a);
    assert!(c.contains(&"date_order"), "{c:?}");
    assert!(c.contains(&"cut_short"), "{c:?}");
    assert!(c.contains(&"missing_section"), "{c:?}");
    let w = a.warnings.iter().find(|w| w.code == "date_order").unwrap();
    assert_eq!(w.pointer.as_deref(), Some("/dates/assigned"));
}

#[test]
fn hostile_text_is_kept_as_text() {
    let text = "IMR ISSUES, DECISIONS AND RATIONALES\n\n<img src=x onerror=alert(1)> <script>alert(2)</script>: Upheld\nDecision rationale: \"quoted\" & <b>bold</b>.\n";
    let a = analyze(text, "x").unwrap();
    assert_eq!(
        a.items[0].request.as_deref(),
        Some("<img src=x onerror=alert(1)> <script>alert(2)</script>")
    );
    assert_eq!(
        a.items[0].rationale.as_deref(),
        Some("\"quoted\" & <b>bold</b>.")
    );
}

#[test]
fn several_letters_in_one_text_are_flagged() {
    let one = "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe reviewer is licensed to practice in Ohio.\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\nMRI: Upheld\nDecision rationale: The request for MRI is not medically necessary.\n\n";
    let a = analyze(&one.repeat(2), "two.txt").unwrap();
    assert_eq!(a.items.len(), 1);
    let w = a
        .warnings
        .iter()
        .find(|w| w.code == "several_letters")
        .expect("warning");
    assert!(w.message.contains("2 letters"), "{}", w.message);
    let a = analyze(one, "one.txt").unwrap();
    assert!(!codes(&a).contains(&"several_letters"));
}
