//! Fuzz target: arbitrary bytes through `analyze_bytes` must never panic, and
//! every span of a result must lie within the analysed (decoded) text, on
//! character boundaries, counted in UTF-16 code units.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(analysis) = imr_analyzer::analyze_bytes(data, "fuzz") else {
        return;
    };
    // The analysed text: the decoded input (BOM dropped, Windows-1252 fallback).
    let text = imr_analyzer::decode::decode(data)
        .expect("decode succeeded inside analyze_bytes")
        .text;
    // Every char boundary in UTF-16 units.
    let mut boundaries = Vec::with_capacity(text.len() + 1);
    let mut units = 0usize;
    boundaries.push(0usize);
    for c in text.chars() {
        units += c.len_utf16();
        boundaries.push(units);
    }
    for (pointer, &[start, end]) in &analysis.spans {
        assert!(
            start <= end && end <= units,
            "span {pointer} = [{start}, {end}) outside text of {units} UTF-16 units"
        );
        assert!(
            boundaries.binary_search(&start).is_ok() && boundaries.binary_search(&end).is_ok(),
            "span {pointer} = [{start}, {end}) splits a character"
        );
    }
    // The result must export.
    export_renders(&analysis);
});

fn export_renders(analysis: &imr_analyzer::Analysis) {
    let outcome = imr_analyzer::Outcome::Analysis(Box::new(analysis.clone()));
    let rows = imr_analyzer::export::render(
        std::slice::from_ref(&outcome),
        imr_analyzer::export::Table::Items,
        imr_analyzer::export::Format::Csv,
    );
    assert!(rows.starts_with('\u{feff}'));
}
