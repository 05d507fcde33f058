//! The thin WebAssembly API over the core (only on `wasm32`).

use crate::export::{self, Format, Table};
use crate::model::Outcome;
use crate::InputError;
use wasm_bindgen::prelude::*;

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Set up panic messages on the console (called once by the worker).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The analyzer's name and version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::ANALYZER.to_string()
}

/// Analyze text: returns an analysis or an error object (SCHEMA.md).
/// Text longer than `limit_bytes` (UTF-8) gives the `too_large` error.
#[wasm_bindgen(js_name = analyzeText)]
pub fn analyze_text(text: &str, source: &str, limit_bytes: f64) -> JsValue {
    if limit_bytes > 0.0 && text.len() as f64 > limit_bytes {
        let e = InputError::TooLarge { size: text.len() as u64, limit: limit_bytes as u64 };
        return to_js(&crate::error_object(&e, source));
    }
    to_js(&crate::outcome(crate::analyze(text, source), source))
}

/// Decode bytes (UTF-8 or Windows-1252) and analyze them.
#[wasm_bindgen(js_name = analyzeBytes)]
pub fn analyze_bytes(bytes: &[u8], source: &str, limit_bytes: f64) -> JsValue {
    if limit_bytes > 0.0 && bytes.len() as f64 > limit_bytes {
        let e = InputError::TooLarge { size: bytes.len() as u64, limit: limit_bytes as u64 };
        return to_js(&crate::error_object(&e, source));
    }
    to_js(&crate::outcome(crate::analyze_bytes(bytes, source), source))
}

/// An error object for an input error found outside the core (PDF reading):
/// `code` is one of SCHEMA.md's codes.
#[wasm_bindgen(js_name = errorObject)]
pub fn error_object(code: &str, source: &str, detail: &str) -> JsValue {
    let e = match code {
        "empty" => InputError::Empty,
        "binary" => InputError::Binary,
        "no_text" => InputError::NoText,
        "password_pdf" => InputError::PasswordPdf,
        "not_a_letter" => InputError::NotALetter,
        _ => InputError::DamagedPdf(detail.to_string()),
    };
    to_js(&crate::error_object(&e, source))
}

/// Render outcomes (an array of analyses / error objects) as a table:
/// `table` is `letters` or `items`; `format` is `tsv`, `csv` or `md`.
#[wasm_bindgen(js_name = exportTable)]
pub fn export_table(outcomes: JsValue, table: &str, format: &str) -> Result<String, JsError> {
    let outcomes: Vec<Outcome> = serde_wasm_bindgen::from_value(outcomes)?;
    let table = match table {
        "letters" => Table::Letters,
        "items" => Table::Items,
        other => return Err(JsError::new(&format!("unknown table {other:?}: use letters or items"))),
    };
    let format = match format {
        "tsv" => Format::Tsv,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Markdown,
        other => return Err(JsError::new(&format!("unknown format {other:?}: use tsv, csv or md"))),
    };
    Ok(export::render(&outcomes, table, format))
}
