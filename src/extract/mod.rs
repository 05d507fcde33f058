//! Stage 3: field extraction — from the normalized text and its sections to
//! the analysis, every value with its span in the original text.
//!
//! The readers find values: [`header`] (the header block), [`people`]
//! (credentials, age and sex), [`items`] (the disputed items, by one of three
//! readers), [`review`] (the professional-review layout's one issue),
//! [`citations`] (guideline texts). [`assemble`] puts what they found into
//! the analysis with spans and warnings; [`checks`] adds the warnings about
//! the letter as a whole. The order is run by [`crate::pipeline`].

pub mod assemble;
pub mod checks;
pub mod citations;
pub mod header;
pub mod items;
pub mod people;
pub mod review;
pub mod text;

use crate::model::*;
use crate::normalize::Normalized;

/// A value found in the normalized text: its text and normalized range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Spans in normalized offsets, converted once at the end.
#[derive(Debug, Default)]
pub struct SpanSink {
    spans: Vec<(String, usize, usize)>,
}

impl SpanSink {
    /// The span of the value at `pointer`.
    pub fn add(&mut self, pointer: String, f: &Found) {
        self.spans.push((pointer, f.start, f.end));
    }

    /// The spans in UTF-16 units of the original `text`: normalized →
    /// original bytes → UTF-16 units.
    pub fn into_spans(self, norm: &Normalized, text: &str) -> Spans {
        let mut offsets = Vec::with_capacity(self.spans.len() * 2);
        let mut pointers = Vec::with_capacity(self.spans.len());
        for (p, s, e) in self.spans {
            let (os, oe) = norm.range_to_original(s, e);
            offsets.push(os);
            offsets.push(oe);
            pointers.push(p);
        }
        let units = crate::utf16::byte_to_utf16(text, &offsets);
        let mut spans = Spans::new();
        for (k, p) in pointers.into_iter().enumerate() {
            spans.insert(p, [units[2 * k], units[2 * k + 1]]);
        }
        spans
    }
}

/// Add a warning.
pub fn warn(
    warnings: &mut Vec<Warning>,
    code: WarningCode,
    message: impl Into<String>,
    pointer: Option<String>,
) {
    warnings.push(Warning::new(code, message, pointer));
}

/// An analysis with nothing read yet.
pub fn empty_analysis(source: &str, layout: Layout) -> Analysis {
    Analysis {
        schema: SCHEMA.into(),
        analyzer: ANALYZER.into(),
        source: source.into(),
        layout,
        case_number: None,
        dates: Dates::default(),
        priority: None,
        reviewer: Reviewer::default(),
        patient: Patient::default(),
        outcome: None,
        text_source: TextSource::Text,
        ocr: None,
        items: Vec::new(),
        warnings: Vec::new(),
        spans: Spans::new(),
    }
}
