//! The pipeline, in order, in one place:
//!
//! 1. [`decode`](crate::decode) — bytes → text (done by
//!    [`analyze_bytes`](crate::analyze_bytes); [`analyze`](crate::analyze)
//!    checks a text); for OCR'd text, [`ocr_text`](crate::ocr_text) reads
//!    its structure through OCR's confusions; an input of several letters
//!    is cut into its letters by [`split`](crate::split) (both done by
//!    [`analyze_letters`](crate::analyze_letters), which runs the stages
//!    below once a letter);
//! 2. [`normalize`](crate::normalize) — PDF artifacts out, a map back to the
//!    original offsets;
//! 3. [`sections`](crate::sections) — headings and the layout;
//! 4. [`extract`](crate::extract) — header, people, items;
//! 5. [`treatment`](crate::treatment) — what each item's request is
//!    (category, body parts, drug, sessions, retrospective);
//! 6. [`reasons`](crate::reasons) — why each item was decided: the grounds
//!    its rationale states, each with its sentence (REASONS.md);
//! 7. letter checks and the letter's outcome, then spans — normalized
//!    offsets → UTF-16 units of the analysed text.

use crate::extract::{self, assemble, checks, SpanSink};
use crate::model::{Analysis, LetterOutcome};
use crate::{normalize, reasons, sections, treatment, InputError};

/// Analyze a decoded text (stages 2–7).
pub fn analyze_text(text: &str, source: &str) -> Result<Analysis, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    let norm = normalize::normalize(text);
    let lines = norm.lines();
    let sections = sections::find(&norm.text, &lines);
    if sections.headings.is_empty() && !sections.has_labels {
        return Err(InputError::NotALetter);
    }
    let mut a = extract::empty_analysis(source, sections.layout);
    let mut sink = SpanSink::default();
    assemble::read_header(&norm, &lines, &sections, &mut a, &mut sink);
    assemble::read_people(&norm, &lines, &sections, &mut a, &mut sink);
    let texts = assemble::read_items(&norm, &lines, &sections, &mut a, &mut sink);
    treatment::apply(&norm.text, &texts.requests, &mut a, &mut sink);
    reasons::apply(&norm.text, &texts.rationales, &mut a, &mut sink);
    checks::check(&sections, &mut a);
    a.outcome = LetterOutcome::of(&a.items);
    a.spans = sink.into_spans(&norm, text);
    Ok(a)
}
