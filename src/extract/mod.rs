//! Stage 3: field extraction.
use crate::model::*;
use crate::InputError;

pub fn analyze_text(_text: &str, source: &str) -> Result<Analysis, InputError> {
    Ok(Analysis {
        schema: SCHEMA.into(),
        analyzer: ANALYZER.into(),
        source: source.into(),
        layout: Layout::Unknown,
        case_number: None,
        dates: Dates::default(),
        priority: None,
        reviewer: Reviewer::default(),
        patient: Patient::default(),
        items: vec![],
        warnings: vec![],
        spans: Spans::new(),
    })
}
