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
  /** Why it was decided (REASONS.md): the grounds the rationale states, in the order of their sentences; `[]` when it states none. Span of each: `/items/N/reasons/K` (its sentence). */
  reasons: Reason[];
}

/** The closed list of decision grounds (REASONS.md); `reasonLabels()` gives each in plain words. */
export type ReasonCode =
  | "not_recommended"
  | "exceeds_guideline_limit"
  | "no_functional_improvement"
  | "no_failed_conservative_care"
  | "indication_not_met"
  | "duplicative_or_premature"
  | "no_clear_rationale"
  | "opioid_monitoring_missing"
  | "request_incomplete"
  | "follows_primary_request"
  | "home_exercise_sufficient"
  | "criteria_met"
  | "documented_benefit"
  | "within_guideline_limits";

/** One ground of an item's decision and the rationale's sentence that states it. */
export interface Reason {
  code: ReasonCode;
  sentence: string;
}

/** A reason code and its plain words, as the page shows them. */
export interface ReasonLabel {
  code: ReasonCode;
  label: string;
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
  /** The letter's outcome from its items' decisions; null when no item has a decision. */
  outcome: "upheld" | "overturned" | "partially overturned" | null;
  /** How the analysed text was obtained: given as text, a PDF's text layer, or OCR. */
  text_source: "text" | "pdf" | "ocr";
  /** How the text was recognised; null unless `text_source` is `ocr`. */
  ocr: { engine: string; pages: number; confidence: number | null } | null;
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
  | "damaged_image"
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
pub fn analyze_text(
    text: &str,
    source: &str,
    limit_bytes: f64,
    #[wasm_bindgen(unchecked_param_type = "\"text\" | \"pdf\" | undefined")] text_source: Option<
        String,
    >,
) -> JsValue {
    let limit = limit_bytes.max(0.0) as u64;
    let origin = text_origin(text_source.as_deref());
    to_js(&crate::analyze_input_from(crate::Input::Text(text), source, limit, &origin).outcome)
}

/// Where a text given to the page's core came from: `pdf` (a PDF's text
/// layer, read by pdf.js), or given as text (anything else).
fn text_origin(text_source: Option<&str>) -> crate::Origin {
    text_source
        .and_then(crate::Origin::from_name)
        .unwrap_or_default()
}

/// `analyzeText` as a JSON string: cheaper to send between threads (a worker
/// posts the string; the page reads it with `JSON.parse`) than an object.
#[wasm_bindgen(js_name = analyzeTextJson)]
pub fn analyze_text_json(text: &str, source: &str, limit_bytes: f64) -> String {
    let limit = limit_bytes.max(0.0) as u64;
    let outcome = crate::analyze_input(crate::Input::Text(text), source, limit).outcome;
    serde_json::to_string(&outcome).unwrap_or_else(|_| "null".into())
}

/// Decode bytes (UTF-8 or Windows-1252) and analyze them.
#[wasm_bindgen(js_name = analyzeBytes, unchecked_return_type = "Outcome")]
pub fn analyze_bytes(bytes: &[u8], source: &str, limit_bytes: f64) -> JsValue {
    let limit = limit_bytes.max(0.0) as u64;
    to_js(&crate::analyze_input(crate::Input::Bytes(bytes), source, limit).outcome)
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
    let limit = limit_bytes.max(0.0) as u64;
    // Decoded once: the analysis and the text from the same decoding.
    let a = crate::analyze_input(crate::Input::Bytes(bytes), source, limit);
    to_js(&FileAnalysis {
        outcome: a.outcome,
        text: a.text.map(|t| t.into_owned()),
    })
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
    to_js(&crate::error_object(&input_error(code, detail), source))
}

/// SCHEMA.md's error `code` as an input error (`damaged_pdf` for any other).
fn input_error(code: &str, detail: &str) -> InputError {
    match code {
        "empty" => InputError::Empty,
        "binary" => InputError::Binary,
        "no_text" if detail.is_empty() => InputError::NoText,
        "no_text" => InputError::NoOcrText(detail.to_string()),
        "password_pdf" => InputError::PasswordPdf,
        "not_a_letter" => InputError::NotALetter,
        "unreadable" => InputError::Unreadable(detail.to_string()),
        "damaged_image" => InputError::DamagedImage(detail.to_string()),
        _ => InputError::DamagedPdf(detail.to_string()),
    }
}

/// One outcome as plain text, for an email or a note (the page's "Copy as
/// text", the command line's `--format text`).
#[wasm_bindgen(js_name = letterText)]
pub fn letter_text(
    #[wasm_bindgen(unchecked_param_type = "Outcome")] outcome: JsValue,
) -> Result<String, JsError> {
    let outcome: Outcome = serde_wasm_bindgen::from_value(outcome)?;
    Ok(crate::letter_text::letter_text(&outcome))
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

/// Render rows the page holds (`PageRun`'s cells, in the order and selection
/// shown) as a table: what "rows shown" copies and downloads.
#[wasm_bindgen(js_name = exportRows)]
pub fn export_rows(
    #[wasm_bindgen(unchecked_param_type = "RowTableName")] table: &str,
    #[wasm_bindgen(unchecked_param_type = "Cell[][]")] rows: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TableFormat")] format: &str,
) -> Result<String, JsError> {
    let table = table_arg(table, &[Table::Letters, Table::Items])?;
    let format = format_arg(format)?;
    let rows: Vec<Vec<export::CellValue>> = serde_wasm_bindgen::from_value(rows)?;
    export::render_cells(table, &rows, format).map_err(|e| JsError::new(&e))
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
  /** The header (SCHEMA.md's column name): the exports' header and the column's identifier. */
  name: string;
  /** The column's name in words, as the page's table headers show it. */
  label: string;
  kind: ColumnKind;
  /**
   * A JSON Pointer template into the analysis for highlighting: `{item}` is
   * the 0-based item index (`"/items/{item}/request"`); for a `list` column
   * the list's pointer (value i at `pointer + "/" + i`); null for a computed
   * column.
   */
  pointer: string | null;
}

/** One table cell of `PageRun`'s rows: a string (empty for null), or a list's values. */
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
  | "reviewer_state"
  | "reason";

/** A Summary dimension in words: its key, its label, and the words of the groups that have words other than their name (a reason's code). */
export interface DimensionLabel {
  key: SummaryDimension;
  label: string;
  groups: { group: string; label: string }[];
}
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

#[wasm_bindgen]
extern "C" {
    /// The browser's `JSON.parse` (smaller in the WASM than a JSON parser of
    /// our own; the value then reads through serde-wasm-bindgen, as
    /// `exportTable`'s outcomes do).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
}

fn outcome_arg(outcome_json: &str) -> Result<Outcome, JsError> {
    let value = json_parse(outcome_json)
        .map_err(|_| JsError::new("not an outcome: the text is not JSON"))?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("not an outcome (analysis or error object): {e}")))
}

/// The columns of a table, in order: name, label, kind and highlighting pointer.
#[wasm_bindgen(js_name = tableColumns, unchecked_return_type = "Column[]")]
pub fn table_columns(
    #[wasm_bindgen(unchecked_param_type = "TableName")] table: &str,
) -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct ColumnJs {
        name: &'static str,
        label: &'static str,
        kind: &'static str,
        pointer: Option<&'static str>,
    }
    let table = table_arg(table, &Table::ALL)?;
    let columns: Vec<ColumnJs> = export::columns(table)
        .iter()
        .map(|c| ColumnJs {
            name: c.name,
            label: c.label,
            kind: c.kind.as_str(),
            pointer: c.pointer,
        })
        .collect();
    Ok(to_js(&columns))
}

/// Every reason code with its plain words, in the contract's order (the
/// words shown to people live once, in the core).
#[wasm_bindgen(js_name = reasonLabels, unchecked_return_type = "ReasonLabel[]")]
pub fn reason_labels() -> JsValue {
    #[derive(serde::Serialize)]
    struct LabelJs {
        code: &'static str,
        label: &'static str,
    }
    let labels: Vec<LabelJs> = crate::model::ReasonCode::ALL
        .iter()
        .map(|c| LabelJs {
            code: c.as_str(),
            label: c.label(),
        })
        .collect();
    to_js(&labels)
}

/// The Summary dimensions in the order of its rows, with their words and the
/// words of their groups where those are codes (the page's Summary switch).
#[wasm_bindgen(js_name = summaryDimensions, unchecked_return_type = "DimensionLabel[]")]
pub fn summary_dimensions() -> JsValue {
    #[derive(serde::Serialize)]
    struct GroupJs {
        group: &'static str,
        label: &'static str,
    }
    #[derive(serde::Serialize)]
    struct DimensionJs {
        key: &'static str,
        label: &'static str,
        groups: Vec<GroupJs>,
    }
    let dims: Vec<DimensionJs> = crate::summary::DIMENSIONS
        .iter()
        .map(|d| DimensionJs {
            key: d.key,
            label: d.label,
            groups: crate::summary::group_labels(d.key)
                .into_iter()
                .map(|(group, label)| GroupJs { group, label })
                .collect(),
        })
        .collect();
    to_js(&dims)
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

    /// Count letters from their `contribution`s (`PageRun`'s results),
    /// concatenated: the Summary again without the analyses.
    #[wasm_bindgen(js_name = addContributions)]
    pub fn add_contributions(&mut self, contributions: &str) -> Result<(), JsError> {
        self.summary
            .add_encoded(contributions)
            .map_err(|e| JsError::new(&e.to_string()))
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

// ---------------------------------------------------------------------------
// The page's worker: one call per letter gives everything the page shows.
// ---------------------------------------------------------------------------

#[wasm_bindgen(typescript_custom_section)]
const TS_PAGE_TYPES: &'static str = r#"
/** One item's groups in each Summary dimension: the exact group strings of the Summary's rows. */
export type ItemGroups = Record<SummaryDimension, string[]>;

/** What `PageRun` gives for one input. */
export interface PageResult {
  /** The outcome (analysis or error object) as JSON: cheap to post to the page, which reads it with `JSON.parse`. */
  outcomeJson: string;
  /** The analysed text: `analyzeFile`'s decoded text (null when the bytes gave none); from `analyzeText`, only when the text held several letters (this letter's part). */
  text?: string | null;
  /** The outcome's Letters row (one), cells as `tableColumns("letters")`. */
  letterRows: Cell[][];
  /** The outcome's Items rows (none for an error object). */
  itemRows: Cell[][];
  /** Per item, its Summary groups. */
  itemGroups: ItemGroups[];
  /** The letter's compact contribution to the Summary: concatenate those of a batch and give them to `SummaryBuilder.addContributions` to count the Summary again without the analyses. */
  contribution: string;
  /** `analyzeScan` only: each recognised word's box on its page image, placed in `text` (`start..end` in UTF-16 code units, as spans; `x`, `y`, `w`, `h` as fractions of the page). */
  boxes?: WordBox[];
}

/** A recognised word placed in the analysed text. */
export interface WordBox { start: number; end: number; page: number; x: number; y: number; w: number; h: number }

/** One page of a scan as the OCR engine read it: tesseract.js' `data.text` and `data.tsv` (words, confidences, boxes, the page's size). */
export interface OcrPage {
  text: string;
  tsv?: string | null;
  /** False for a page of a PDF read from its own text layer among scanned pages. */
  recognised?: boolean;
}

/** The limits of scans read by OCR (the core's, as the command line's). */
export interface ScanLimits { pages: number; pixels: number; dpi: number; imageExtensions: string[] }
"#;

/// One item's groups, dimension by dimension (SummaryDimension's keys).
#[derive(serde::Serialize)]
struct GroupsJs {
    all: Vec<String>,
    category: Vec<String>,
    subcategory: Vec<String>,
    drug: Vec<String>,
    body_part: Vec<String>,
    reviewer_specialty: Vec<String>,
    guideline: Vec<String>,
    reviewer_state: Vec<String>,
    reason: Vec<String>,
}

impl From<[Vec<String>; 9]> for GroupsJs {
    fn from(groups: [Vec<String>; 9]) -> Self {
        // In crate::summary::DIMENSIONS order.
        let [all, category, subcategory, drug, body_part, reviewer_specialty, guideline, reviewer_state, reason] =
            groups;
        GroupsJs {
            all,
            category,
            subcategory,
            drug,
            body_part,
            reviewer_specialty,
            guideline,
            reviewer_state,
            reason,
        }
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PageResult {
    outcome_json: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Option<String>>,
    letter_rows: Vec<Vec<export::CellValue>>,
    item_rows: Vec<Vec<export::CellValue>>,
    item_groups: Vec<GroupsJs>,
    contribution: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    boxes: Option<Vec<crate::scan::WordBox>>,
}

/// Whether a file name names an image OCR reads (`.png`, `.jpg`, `.tif`…).
#[wasm_bindgen(js_name = isImageName)]
pub fn is_image_name(name: &str) -> bool {
    crate::scan::is_image_name(name)
}

/// The image format the bytes begin with (`PNG`, `JPEG`, `TIFF`), or null:
/// an image named as something else (a PNG named `.pdf`) is told apart.
#[wasm_bindgen(js_name = imageKind)]
pub fn image_kind(bytes: &[u8]) -> Option<String> {
    crate::scan::image_kind(bytes).map(|k| k.name().to_string())
}

/// A run of the page (one pasted text or one batch of files): each input
/// analysed once, giving at once its outcome (JSON), its table rows, its
/// items' groups and its Summary contribution, and counted in the run's
/// Summary from the analysis itself.
/// The limits of scans read by OCR (pages, pixels, the render resolution)
/// and the image file extensions OCR reads.
#[wasm_bindgen(js_name = scanLimits, unchecked_return_type = "ScanLimits")]
pub fn scan_limits() -> JsValue {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Limits {
        pages: usize,
        pixels: u64,
        dpi: u32,
        image_extensions: [&'static str; 5],
    }
    to_js(&Limits {
        pages: crate::scan::MAX_PAGES,
        pixels: crate::scan::MAX_PIXELS,
        dpi: crate::scan::RENDER_DPI,
        image_extensions: crate::scan::IMAGE_EXTENSIONS,
    })
}

#[wasm_bindgen]
pub struct PageRun {
    summary: crate::summary::Summary,
}

#[wasm_bindgen]
impl PageRun {
    /// A run with an empty Summary.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> PageRun {
        PageRun {
            summary: crate::summary::Summary::new(),
        }
    }

    /// Analyze pasted or extracted text (`analyzeText`'s rules and limit).
    /// One result per letter the text holds (SCHEMA.md, "Several letters in
    /// one input"); each result of several has its own part of the text.
    #[wasm_bindgen(js_name = analyzeText, unchecked_return_type = "PageResult[]")]
    pub fn analyze_text(
        &mut self,
        text: &str,
        source: &str,
        limit_bytes: f64,
        #[wasm_bindgen(unchecked_param_type = "\"text\" | \"pdf\" | undefined")]
        text_source: Option<String>,
    ) -> JsValue {
        let limit = limit_bytes.max(0.0) as u64;
        let origin = text_origin(text_source.as_deref());
        let letters = crate::analyze_letters(crate::Input::Text(text), source, limit, &origin);
        let several = letters.len() > 1;
        let results: Vec<PageResult> = letters
            .into_iter()
            .map(|a| {
                let part = several.then(|| a.text.map(|t| t.into_owned()));
                self.result(a.outcome, part)
            })
            .collect();
        to_js(&results)
    }

    /// Decode and analyze a file's bytes (`analyzeFile`'s rules): the
    /// result's `text` is the analysed text, null when the bytes gave none.
    /// One result per letter the file holds, each with its own text.
    #[wasm_bindgen(js_name = analyzeFile, unchecked_return_type = "PageResult[]")]
    pub fn analyze_file(&mut self, bytes: &[u8], source: &str, limit_bytes: f64) -> JsValue {
        let limit = limit_bytes.max(0.0) as u64;
        let letters = crate::analyze_letters(
            crate::Input::Bytes(bytes),
            source,
            limit,
            &crate::Origin::default(),
        );
        let results: Vec<PageResult> = letters
            .into_iter()
            .map(|a| self.result(a.outcome, Some(a.text.map(|t| t.into_owned()))))
            .collect();
        to_js(&results)
    }

    /// A scan's pages as the OCR engine read them (`OcrPage[]`), analysed
    /// as OCR'd text (SCHEMA.md, "Scanned and faxed letters"): one result a
    /// letter, each with its text and its words' boxes (`boxes`).
    #[wasm_bindgen(js_name = analyzeScan, unchecked_return_type = "PageResult[]")]
    pub fn analyze_scan(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "OcrPage[]")] pages: JsValue,
        source: &str,
        limit_bytes: f64,
        engine: &str,
    ) -> Result<JsValue, JsError> {
        let pages: Vec<crate::scan::EnginePage> = serde_wasm_bindgen::from_value(pages)?;
        let pages: Vec<crate::scan::OcrPage> = pages.into_iter().map(Into::into).collect();
        let limit = limit_bytes.max(0.0) as u64;
        let results: Vec<PageResult> = crate::analyze_scan(&pages, engine, source, limit)
            .into_iter()
            .map(|(a, boxes)| {
                let has_text = a.text.is_some();
                let mut r = self.result(a.outcome, Some(a.text.map(|t| t.into_owned())));
                r.boxes = has_text.then_some(boxes);
                r
            })
            .collect();
        Ok(to_js(&results))
    }

    /// An image checked before OCR (the core's limits): null when it may be
    /// read, else its error (`damaged_image`, `too_large`) as a result.
    #[wasm_bindgen(js_name = checkImage, unchecked_return_type = "PageResult | null")]
    pub fn check_image(&mut self, bytes: &[u8], source: &str) -> JsValue {
        match crate::scan::check_image(bytes) {
            Ok(_) => JsValue::NULL,
            Err(e) => self.finish(Outcome::Error(crate::error_object(&e, source)), None),
        }
    }

    /// A scan checked before its pages are rendered: `pages` pages, the
    /// largest `width` × `height` pixels at the render resolution. Null when
    /// it may be read, else its error (`too_large`, `no_text`) as a result.
    #[wasm_bindgen(js_name = checkScan, unchecked_return_type = "PageResult | null")]
    pub fn check_scan(&mut self, source: &str, pages: u32, width: f64, height: f64) -> JsValue {
        let checked = crate::scan::check_pages(pages as usize).and_then(|()| {
            crate::scan::check_pixels(width.max(0.0) as u64, height.max(0.0) as u64)
        });
        match checked {
            Ok(()) => JsValue::NULL,
            Err(e) => self.finish(Outcome::Error(crate::error_object(&e, source)), None),
        }
    }

    /// An input error found outside the core (`errorObject`'s codes), as a
    /// result.
    #[wasm_bindgen(js_name = addError, unchecked_return_type = "PageResult")]
    pub fn add_error(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ErrorCode")] code: &str,
        source: &str,
        detail: &str,
    ) -> JsValue {
        let e = input_error(code, detail);
        self.finish(Outcome::Error(crate::error_object(&e, source)), None)
    }

    /// The `too_large` error of an input of `size` bytes, as a result.
    #[wasm_bindgen(js_name = addTooLarge, unchecked_return_type = "PageResult")]
    pub fn add_too_large(&mut self, source: &str, size: f64, limit_bytes: f64) -> JsValue {
        self.finish(too_large(size as u64, limit_bytes, source), None)
    }

    /// Count letters analysed before this run (their `contribution`s,
    /// concatenated) in its Summary: a run that adds files to a batch counts
    /// the whole batch.
    #[wasm_bindgen(js_name = addContributions)]
    pub fn add_contributions(&mut self, contributions: &str) -> Result<(), JsError> {
        self.summary
            .add_encoded(contributions)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// A saved outcome read back (one element of a downloaded JSON: an
    /// analysis or an error object, as `JSON.parse` gives it), as a result
    /// without text. Errs with what is wrong when it is not an outcome.
    #[wasm_bindgen(js_name = addSaved, unchecked_return_type = "PageResult")]
    pub fn add_saved(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Outcome")] outcome: JsValue,
    ) -> Result<JsValue, JsError> {
        let outcome: Outcome = serde_wasm_bindgen::from_value(outcome).map_err(|e| {
            JsError::new(&format!(
                "not a saved analysis (an analysis or error object of imr-letter/1): {e}"
            ))
        })?;
        Ok(self.finish(outcome, Some(None)))
    }

    /// The run's Summary rows (cells as `tableColumns("summary")` names them).
    #[wasm_bindgen(js_name = summaryRows, unchecked_return_type = "string[][]")]
    pub fn summary_rows(&self) -> JsValue {
        to_js(&self.summary.rows())
    }

    fn finish(&mut self, outcome: Outcome, text: Option<Option<String>>) -> JsValue {
        let result = self.result(outcome, text);
        to_js(&result)
    }

    /// Count an outcome in the run's Summary and make its result.
    fn result(&mut self, outcome: Outcome, text: Option<Option<String>>) -> PageResult {
        use crate::summary::{encode_contribution, item_groups, ItemContribution};
        let (item_groups_js, contribution) = match &outcome {
            Outcome::Analysis(a) => {
                let items: Vec<ItemContribution> = a
                    .items
                    .iter()
                    .map(|item| (item.decision, item_groups(a, item)))
                    .collect();
                self.summary.add_items(&items);
                let contribution = encode_contribution(Some(&items));
                let groups = items.into_iter().map(|(_, g)| GroupsJs::from(g)).collect();
                (groups, contribution)
            }
            Outcome::Error(_) => {
                self.summary.add_error();
                (Vec::new(), encode_contribution(None))
            }
        };
        PageResult {
            outcome_json: serde_json::to_string(&outcome).unwrap_or_else(|_| "null".into()),
            text,
            letter_rows: export::outcome_cells(&outcome, Table::Letters),
            item_rows: export::outcome_cells(&outcome, Table::Items),
            item_groups: item_groups_js,
            contribution,
            boxes: None,
        }
    }
}
