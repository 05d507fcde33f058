//! The thin WebAssembly API over the core (only on `wasm32`).
//!
//! The generated `www/pkg/imr_analyzer.d.ts` is typed: the analysis, its
//! error object and the other values below are declared in the TypeScript
//! section, so a JavaScript developer can use the core without the page.

use crate::export::{self, Format, Table};
use crate::model::Outcome;
use crate::InputError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One guideline a guideline text cites (SCHEMA.md `items[].*_guideline.citations[]`). */
export interface Citation {
  /** `MTUS`, `ODG`, `ACOEM`, or the name as written. */
  source: string;
  title: string | null;
  year: number | null;
  sections: string[];
  pages: string[];
}

/** A guideline paragraph and the citations read from it. */
export interface Guideline {
  text: string;
  citations: Citation[];
}

/** One disputed item or service. */
export interface Item {
  /** 1 for the first item of the letter. */
  number: number;
  request: string | null;
  original_request: string | null;
  authorized: string | null;
  /** `upheld`: the denial stands (not medically necessary); `overturned`: approved (medically necessary). */
  decision: "upheld" | "overturned" | null;
  medically_necessary: boolean | null;
  claims_administrator_guideline: Guideline | null;
  maximus_guideline: Guideline | null;
  rationale: string | null;
  /** What the item is (TREATMENTS.md), read from `request` alone. */
  treatment: Treatment;
}

/** The drug of a `Pharmaceuticals` (or `Viscosupplementation`) item. */
export interface Drug {
  /** Generic name(s), lower case; a combination's or compound's ingredients joined with `/`. */
  name: string | null;
  /** The brand or product name as the letter writes it (`Ultram ER`); null for a generic. */
  brand: string | null;
  /** As written, spaces removed, units lower case (`10/325mg`, `5%`); null for compounds. */
  strength: string | null;
  /** The number dispensed (`#90` → 90); null for grams, millilitres, or none stated. */
  quantity: number | null;
}

/** What kind of care an item is: the state's IMR request category and subcategory, body parts, drug, sessions. */
export interface Treatment {
  /** The category of the DWC's IMR decision search (`Pharmaceuticals`, `Rehabilitation`, …); null with a warning `unclassified_request` when nothing could be placed. */
  category: string | null;
  subcategory: string | null;
  /** `"<side> <part>"` or `"<part>"`, lower case, in request order (`left knee`, `lumbar spine`). */
  body_parts: string[];
  drug: Drug | null;
  /** Total sessions requested (`2 times a week for 6 weeks` → 12); null for ranges, drugs, tests, devices. */
  sessions: number | null;
  /** Care already given ("Retrospective", "DOS"). */
  retrospective: boolean;
}

/** Something a careful reader should know about an analysis. */
export interface Warning {
  code: string;
  message: string;
  /** JSON Pointer into the analysis, or null. */
  pointer: string | null;
}

export type Layout =
  | "dwc-2016"
  | "dwc-2013"
  | "maximus-notice-2013"
  | "maximus-decisions"
  | "professional-review"
  | "unknown";

/** The analysis of one letter: `imr-letter/1` (SCHEMA.md). */
export interface Analysis {
  schema: "imr-letter/1";
  analyzer: string;
  source: string;
  layout: Layout;
  case_number: string | null;
  /** ISO `yyyy-mm-dd` dates from the header block. */
  dates: {
    assigned: string | null;
    decision: string | null;
    injury: string | null;
    ur_denial: string | null;
    application_received: string | null;
  };
  priority: string | null;
  reviewer: { licensure: string[]; specialties: string[] };
  patient: { age: number | null; sex: "male" | "female" | null };
  items: Item[];
  warnings: Warning[];
  /** JSON Pointer → `[start, end)` in UTF-16 code units of the analysed text (`text.slice(start, end)`). */
  spans: Record<string, [number, number]>;
}

/** SCHEMA.md's error codes for input that gives no analysis. */
export type ErrorCode =
  | "empty"
  | "binary"
  | "not_a_letter"
  | "no_text"
  | "damaged_pdf"
  | "password_pdf"
  | "too_large"
  | "unreadable";

/** What an input that is not a letter gives instead of an analysis. */
export interface ErrorObject {
  schema: "imr-letter/1";
  analyzer: string;
  source: string;
  error: { code: ErrorCode; message: string };
}

/** One input's result: an analysis or an error object. */
export type Outcome = Analysis | ErrorObject;

/** `analyzeFile`'s result: the outcome and the analysed (decoded) text, `null` when the bytes gave none. */
export interface FileAnalysis {
  outcome: Outcome;
  text: string | null;
}

export type TableName = "letters" | "items" | "summary";
export type TableFormat = "tsv" | "csv" | "md";
"#;

fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

fn too_large(size: u64, limit_bytes: f64, source: &str) -> Outcome {
    let e = InputError::TooLarge {
        size,
        limit: limit_bytes as u64,
    };
    Outcome::Error(crate::error_object(&e, source))
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
#[wasm_bindgen(js_name = analyzeText, unchecked_return_type = "Outcome")]
pub fn analyze_text(text: &str, source: &str, limit_bytes: f64) -> JsValue {
    if limit_bytes > 0.0 && text.len() as f64 > limit_bytes {
        return to_js(&too_large(text.len() as u64, limit_bytes, source));
    }
    to_js(&crate::outcome(crate::analyze(text, source), source))
}

/// `analyzeText` as a JSON string: cheaper to send between threads (a worker
/// posts the string; the page reads it with `JSON.parse`) than an object.
#[wasm_bindgen(js_name = analyzeTextJson)]
pub fn analyze_text_json(text: &str, source: &str, limit_bytes: f64) -> String {
    let outcome = if limit_bytes > 0.0 && text.len() as f64 > limit_bytes {
        too_large(text.len() as u64, limit_bytes, source)
    } else {
        crate::outcome(crate::analyze(text, source), source)
    };
    serde_json::to_string(&outcome).unwrap_or_else(|_| "null".into())
}

/// Decode bytes (UTF-8 or Windows-1252) and analyze them.
#[wasm_bindgen(js_name = analyzeBytes, unchecked_return_type = "Outcome")]
pub fn analyze_bytes(bytes: &[u8], source: &str, limit_bytes: f64) -> JsValue {
    if limit_bytes > 0.0 && bytes.len() as f64 > limit_bytes {
        return to_js(&too_large(bytes.len() as u64, limit_bytes, source));
    }
    to_js(&crate::outcome(crate::analyze_bytes(bytes, source), source))
}

/// Decode and analyze a file's bytes, and also return the analysed text
/// (which the spans point into): `{ outcome, text }`, `text` null when the
/// bytes are too large or are not text.
#[wasm_bindgen(js_name = analyzeFile, unchecked_return_type = "FileAnalysis")]
pub fn analyze_file(bytes: &[u8], source: &str, limit_bytes: f64) -> JsValue {
    #[derive(serde::Serialize)]
    struct FileAnalysis {
        outcome: Outcome,
        text: Option<String>,
    }
    let result = if limit_bytes > 0.0 && bytes.len() as f64 > limit_bytes {
        FileAnalysis {
            outcome: too_large(bytes.len() as u64, limit_bytes, source),
            text: None,
        }
    } else {
        match crate::decode::decode(bytes) {
            Err(e) => FileAnalysis {
                outcome: Outcome::Error(crate::error_object(&e, source)),
                text: None,
            },
            // Decoded once: the analysis and the text from the same decoding.
            Ok(decoded) => FileAnalysis {
                outcome: crate::outcome(crate::analyze_decoded(&decoded, source), source),
                text: Some(decoded.text),
            },
        }
    };
    to_js(&result)
}

/// The `too_large` error object for an input of `size` bytes (checked before
/// reading a file, so that a huge file is never read into memory).
#[wasm_bindgen(js_name = tooLarge, unchecked_return_type = "ErrorObject")]
pub fn too_large_error(source: &str, size: f64, limit_bytes: f64) -> JsValue {
    to_js(&too_large(size as u64, limit_bytes, source))
}

/// An error object for an input error found outside the core (PDF reading):
/// `code` is one of SCHEMA.md's codes.
#[wasm_bindgen(js_name = errorObject, unchecked_return_type = "ErrorObject")]
pub fn error_object(
    #[wasm_bindgen(unchecked_param_type = "ErrorCode")] code: &str,
    source: &str,
    detail: &str,
) -> JsValue {
    let e = match code {
        "empty" => InputError::Empty,
        "binary" => InputError::Binary,
        "no_text" => InputError::NoText,
        "password_pdf" => InputError::PasswordPdf,
        "not_a_letter" => InputError::NotALetter,
        "unreadable" => InputError::Unreadable(detail.to_string()),
        _ => InputError::DamagedPdf(detail.to_string()),
    };
    to_js(&crate::error_object(&e, source))
}

/// Render outcomes (an array of analyses / error objects) as a table:
/// `table` is `letters`, `items` or `summary`; `format` is `tsv`, `csv` or
/// `md`.
#[wasm_bindgen(js_name = exportTable)]
pub fn export_table(
    #[wasm_bindgen(unchecked_param_type = "Outcome[]")] outcomes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TableName")] table: &str,
    #[wasm_bindgen(unchecked_param_type = "TableFormat")] format: &str,
) -> Result<String, JsError> {
    let outcomes: Vec<Outcome> = serde_wasm_bindgen::from_value(outcomes)?;
    let table = table_arg(table, &Table::ALL)?;
    let format = format_arg(format)?;
    Ok(export::render(&outcomes, table, format))
}

/// The Excel workbook (`.xlsx` bytes) of outcomes: a Letters sheet and an
/// Items sheet, rows in input order, and a Summary sheet. Only in the module built with cargo
/// feature `xlsx` (`www/pkg-xlsx/`), which the page loads on first use.
#[cfg(feature = "xlsx")]
#[wasm_bindgen(js_name = exportXlsx)]
pub fn export_xlsx(
    #[wasm_bindgen(unchecked_param_type = "Outcome[]")] outcomes: JsValue,
) -> Result<Vec<u8>, JsError> {
    let outcomes: Vec<Outcome> = serde_wasm_bindgen::from_value(outcomes)?;
    crate::xlsx::workbook(&outcomes).map_err(|e| JsError::new(&e.to_string()))
}

// ---------------------------------------------------------------------------
// Tables and the Summary: the column table, rows one outcome gives, the
// incremental Summary and each item's groups (SCHEMA.md "Tables",
// "Summary: what gets overturned").
// ---------------------------------------------------------------------------

#[wasm_bindgen(typescript_custom_section)]
const TS_TABLE_TYPES: &'static str = r#"
/** The tables one outcome gives rows in (the Summary counts a batch). */
export type RowTableName = "letters" | "items";

/** What a column holds: how Excel types it, how the page sorts it. */
export type ColumnKind = "text" | "integer" | "number" | "date" | "boolean" | "list";

/** One column of a table, from the core's one column table. */
export interface Column {
  /** The header (SCHEMA.md's column name). */
  name: string;
  kind: ColumnKind;
  /**
   * A JSON Pointer template into the analysis for highlighting: `{item}` is
   * the 0-based item index (`"/items/{item}/request"`); for a `list` column
   * the list's pointer (value i at `pointer + "/" + i`); null for a computed
   * column.
   */
  pointer: string | null;
}

/** One cell of `outcomeRows`: a string (empty for null), or a list's values. */
export type Cell = string | string[];

/** The Summary dimensions, in the order of its rows. */
export type SummaryDimension =
  | "all"
  | "category"
  | "subcategory"
  | "drug"
  | "body_part"
  | "reviewer_specialty"
  | "guideline"
  | "reviewer_state";
"#;

fn table_arg(table: &str, allowed: &[Table]) -> Result<Table, JsError> {
    Table::from_name(table)
        .filter(|t| allowed.contains(t))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
            JsError::new(&format!(
                "unknown table {table:?}: use {}",
                names.join(", ")
            ))
        })
}

fn format_arg(format: &str) -> Result<Format, JsError> {
    Format::from_name(format)
        .ok_or_else(|| JsError::new(&format!("unknown format {format:?}: use tsv, csv or md")))
}

fn outcome_arg(outcome_json: &str) -> Result<Outcome, JsError> {
    serde_json::from_str(outcome_json)
        .map_err(|e| JsError::new(&format!("not an outcome (analysis or error object): {e}")))
}

/// The columns of a table, in order: name, kind and highlighting pointer.
#[wasm_bindgen(js_name = tableColumns, unchecked_return_type = "Column[]")]
pub fn table_columns(
    #[wasm_bindgen(unchecked_param_type = "TableName")] table: &str,
) -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct ColumnJs {
        name: &'static str,
        kind: &'static str,
        pointer: Option<&'static str>,
    }
    let table = table_arg(table, &Table::ALL)?;
    let columns: Vec<ColumnJs> = export::columns(table)
        .iter()
        .map(|c| ColumnJs {
            name: c.name,
            kind: c.kind.as_str(),
            pointer: c.pointer,
        })
        .collect();
    Ok(to_js(&columns))
}

/// The rows one outcome (its JSON) gives in the Letters or Items table: an
/// error object gives one Letters row and no Items rows. Each cell is a
/// string (empty for null), a `list` column's cell the list's values.
#[wasm_bindgen(js_name = outcomeRows, unchecked_return_type = "Cell[][]")]
pub fn outcome_rows(
    #[wasm_bindgen(js_name = outcomeJson)] outcome_json: &str,
    #[wasm_bindgen(unchecked_param_type = "RowTableName")] table: &str,
) -> Result<JsValue, JsError> {
    let table = table_arg(table, &[Table::Letters, Table::Items])?;
    let outcome = outcome_arg(outcome_json)?;
    Ok(to_js(&export::outcome_cells(&outcome, table)))
}

/// For each item of an outcome (its JSON), its groups in each Summary
/// dimension: dimension → the exact group strings of the Summary's rows.
/// An error object has no items: `[]`.
#[wasm_bindgen(js_name = itemGroups, unchecked_return_type = "Record<SummaryDimension, string[]>[]")]
pub fn item_groups(
    #[wasm_bindgen(js_name = outcomeJson)] outcome_json: &str,
) -> Result<JsValue, JsError> {
    let outcome = outcome_arg(outcome_json)?;
    let groups: Vec<std::collections::BTreeMap<&str, Vec<String>>> = match &outcome {
        Outcome::Analysis(a) => a
            .items
            .iter()
            .map(|item| {
                crate::summary::DIMENSIONS
                    .into_iter()
                    .zip(crate::summary::item_groups(a, item))
                    .collect()
            })
            .collect(),
        Outcome::Error(_) => Vec::new(),
    };
    Ok(to_js(&groups))
}

/// The Summary of a batch, counted one outcome at a time (the page's worker
/// keeps one per batch).
#[wasm_bindgen]
pub struct SummaryBuilder {
    summary: crate::summary::Summary,
}

#[wasm_bindgen]
impl SummaryBuilder {
    /// An empty Summary.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> SummaryBuilder {
        SummaryBuilder {
            summary: crate::summary::Summary::new(),
        }
    }

    /// Count one outcome (its JSON): an analysis's items, or an error object
    /// (counted in `errors` only).
    pub fn add(
        &mut self,
        #[wasm_bindgen(js_name = outcomeJson)] outcome_json: &str,
    ) -> Result<(), JsError> {
        self.summary.add(&outcome_arg(outcome_json)?);
        Ok(())
    }

    /// The Summary's rows (cells as `tableColumns("summary")` names them).
    #[wasm_bindgen(unchecked_return_type = "string[][]")]
    pub fn rows(&self) -> JsValue {
        to_js(&self.summary.rows())
    }

    /// The Summary as a table: `tsv`, `csv` or `md`, header first.
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TableFormat")] format: &str,
    ) -> Result<String, JsError> {
        Ok(export::render_rows(
            Table::Summary,
            &self.summary.rows(),
            format_arg(format)?,
        ))
    }

    /// Analyses counted.
    #[wasm_bindgen(getter)]
    pub fn letters(&self) -> u32 {
        self.summary.letters() as u32
    }

    /// Error objects seen (counted nowhere in the rows).
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> u32 {
        self.summary.errors() as u32
    }
}
