//! Stage 4: tables and exports (SCHEMA.md "Tables" and "Summary").
//!
//! Analyses flatten into three tables, **Letters** (one row per input),
//! **Items** (one row per disputed item) and **Summary** (one row per group
//! of items, [`crate::summary`]), rendered as TSV (the clipboard), CSV
//! (RFC 4180, CRLF, UTF-8 byte-order mark) or a Markdown pipe table.
//!
//! **One column table drives every output.** [`columns`] gives each table's
//! ordered [`Column`]s: the name (the header), the [`Kind`] (how Excel types
//! the cell, how the page sorts it), a JSON Pointer template for the page's
//! highlighting, and how to fill the cell from an analysis and an item. The
//! TSV, CSV and Markdown writers here, the Excel writer ([`crate::xlsx`])
//! and the page (through the WASM `tableColumns` / `PageRun`) all read
//! it; nobody else spells a column list.
//!
//! Cell rules: lists joined with `"; "`, `null` as an empty cell, booleans as
//! `true` / `false`, counts as numbers. An error object (input that is not a
//! letter) is a Letters row with its source and its message in the `warnings`
//! column, and has no Items rows and counts nowhere in the Summary: nothing
//! is dropped silently.
//!
//! In CSV and TSV a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'` so that no spreadsheet runs it as a
//! formula (letters are untrusted input).
//!
//! [`TableWriter`] streams rows to any [`std::io::Write`] (the command line
//! uses it so hundreds of letters need not be held in memory; the Summary,
//! which needs every letter, is written by [`TableWriter::finish`]);
//! [`render`] renders a slice of outcomes into a `String` (the page uses it).
//! Cells are filled into buffers reused from row to row.
//!
//! ```
//! use imr_analyzer::export::{render, Format, Table};
//! let out = render(&[], Table::Items, Format::Tsv);
//! assert!(out.starts_with("source\tcase_number\titem\trequest\t"));
//! assert!(out.ends_with("rationale\n"));
//! ```

use crate::model::{Analysis, Decision, ErrorObject, Guideline, Item, LetterOutcome, Outcome, Sex};
use crate::summary::Summary;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per input (analysis or error object).
    Letters,
    /// One row per disputed item, in letter order.
    Items,
    /// One row per group of items (SCHEMA.md "Summary: what gets overturned").
    Summary,
}

impl Table {
    /// Every table, in the order of the workbook's sheets.
    pub const ALL: [Table; 3] = [Table::Letters, Table::Items, Table::Summary];

    /// `letters`, `items` or `summary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Table::Letters => "letters",
            Table::Items => "items",
            Table::Summary => "summary",
        }
    }

    /// The table named `letters`, `items` or `summary`.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The sheet name in the workbook: `Letters`, `Items`, `Summary`.
    pub fn title(self) -> &'static str {
        match self {
            Table::Letters => "Letters",
            Table::Items => "Items",
            Table::Summary => "Summary",
        }
    }
}

/// Which text format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated, LF line ends, tabs and line breaks in values → spaces.
    Tsv,
    /// RFC 4180, CRLF line ends, UTF-8 byte-order mark first.
    Csv,
    /// A pipe table, `|` in values escaped as `\|`, line breaks → spaces.
    Markdown,
}

impl Format {
    /// `tsv`, `csv` or `md` (also `markdown`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "tsv" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// What a column holds: how a spreadsheet types it and how a page sorts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A string.
    Text,
    /// A whole number (a count, an age, an item number, days).
    Integer,
    /// A decimal number (shares and their intervals).
    Number,
    /// An ISO `yyyy-mm-dd` date.
    Date,
    /// `true` / `false`.
    Boolean,
    /// Several strings, joined with [`LIST_SEPARATOR`] in text exports.
    List,
}

impl Kind {
    /// The name as the page sees it: `text`, `integer`, `number`, `date`,
    /// `boolean`, `list`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
            Kind::List => "list",
        }
    }
}

/// Gives a list column's values one by one.
pub type Emit<'e> = &'e mut dyn FnMut(&str);

/// How a column's cell is filled.
#[derive(Clone, Copy)]
pub enum Fill {
    /// A Letters cell from the analysis.
    Letter(fn(&mut String, &Analysis)),
    /// A Letters list cell: each value of the list.
    LetterList(fn(&Analysis, Emit<'_>)),
    /// An Items cell from the analysis and the item.
    Item(fn(&mut String, &Analysis, &Item)),
    /// An Items list cell: each value of the list.
    ItemList(fn(&Analysis, &Item, Emit<'_>)),
    /// A Summary cell: [`crate::summary::Summary::rows`] computes the row.
    Summary,
}

/// One column of a table.
#[derive(Clone, Copy)]
pub struct Column {
    /// The header (SCHEMA.md's column name): the CSV, Markdown and Excel
    /// headers and the page's identifier of the column.
    pub name: &'static str,
    /// The column's name in words, as the page's table headers show it (its
    /// own within the table).
    pub label: &'static str,
    pub kind: Kind,
    /// A JSON Pointer template into the analysis, for highlighting the
    /// value's words: `{item}` stands for the 0-based item index; for a list
    /// the list's pointer (value `i` at `pointer + "/" + i`). `None` for a
    /// computed column.
    pub pointer: Option<&'static str>,
    /// Long text (requests, guidelines, rationales, warnings): a
    /// spreadsheet wraps it in a wider column.
    pub long: bool,
    pub fill: Fill,
}

impl Column {
    const fn new(
        name: &'static str,
        label: &'static str,
        kind: Kind,
        pointer: Option<&'static str>,
        fill: Fill,
    ) -> Self {
        Column {
            name,
            label,
            kind,
            pointer,
            long: false,
            fill,
        }
    }

    const fn long(mut self) -> Self {
        self.long = true;
        self
    }
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("pointer", &self.pointer)
            .finish()
    }
}

use Fill::{Item as I, ItemList as IL, Letter as L, LetterList as LL};
use Kind::{Boolean, Date, Integer, List, Number, Text};

/// The Letters table (SCHEMA.md, Tables), in order.
pub static LETTERS: [Column; 20] = [
    Column::new(
        "source",
        "File",
        Text,
        Some("/source"),
        L(|c, a| c.push_str(&a.source)),
    ),
    Column::new(
        "case_number",
        "Case number",
        Text,
        Some("/case_number"),
        L(|c, a| push_opt(c, &a.case_number)),
    ),
    Column::new(
        "layout",
        "Layout",
        Text,
        Some("/layout"),
        L(|c, a| c.push_str(a.layout.as_str())),
    ),
    Column::new(
        "decision_date",
        "Decision date",
        Date,
        Some("/dates/decision"),
        L(|c, a| push_opt(c, &a.dates.decision)),
    ),
    Column::new(
        "date_assigned",
        "Date assigned",
        Date,
        Some("/dates/assigned"),
        L(|c, a| push_opt(c, &a.dates.assigned)),
    ),
    Column::new(
        "date_of_injury",
        "Date of injury",
        Date,
        Some("/dates/injury"),
        L(|c, a| push_opt(c, &a.dates.injury)),
    ),
    Column::new(
        "ur_denial_date",
        "UR denial date",
        Date,
        Some("/dates/ur_denial"),
        L(|c, a| push_opt(c, &a.dates.ur_denial)),
    ),
    Column::new(
        "application_received",
        "Application received",
        Date,
        Some("/dates/application_received"),
        L(|c, a| push_opt(c, &a.dates.application_received)),
    ),
    Column::new(
        "days_to_decision",
        "Days to decision",
        Integer,
        None,
        L(|c, a| {
            if let Some(days) = days_to_decision(a) {
                push_number(c, days);
            }
        }),
    ),
    Column::new(
        "priority",
        "Priority",
        Text,
        Some("/priority"),
        L(|c, a| push_opt(c, &a.priority)),
    ),
    Column::new(
        "reviewer_licensure",
        "Reviewer licensure",
        List,
        Some("/reviewer/licensure"),
        LL(|a, emit| a.reviewer.licensure.iter().for_each(|v| emit(v))),
    ),
    Column::new(
        "reviewer_specialties",
        "Reviewer specialties",
        List,
        Some("/reviewer/specialties"),
        LL(|a, emit| a.reviewer.specialties.iter().for_each(|v| emit(v))),
    ),
    Column::new(
        "patient_age",
        "Patient age",
        Integer,
        Some("/patient/age"),
        L(|c, a| {
            if let Some(n) = a.patient.age {
                push_number(c, n);
            }
        }),
    ),
    Column::new(
        "patient_sex",
        "Patient sex",
        Text,
        Some("/patient/sex"),
        L(|c, a| {
            c.push_str(match a.patient.sex {
                Some(Sex::Male) => "male",
                Some(Sex::Female) => "female",
                None => "",
            })
        }),
    ),
    Column::new(
        "items",
        "Items",
        Integer,
        None,
        L(|c, a| push_number(c, a.items.len())),
    ),
    Column::new(
        "upheld",
        "Upheld",
        Integer,
        None,
        L(|c, a| push_number(c, count(a, Decision::Upheld))),
    ),
    Column::new(
        "overturned",
        "Overturned",
        Integer,
        None,
        L(|c, a| push_number(c, count(a, Decision::Overturned))),
    ),
    Column::new(
        "outcome",
        "Letter outcome",
        Text,
        None,
        L(|c, a| c.push_str(a.outcome.map_or("", LetterOutcome::as_str))),
    ),
    Column::new(
        "warnings",
        "Warnings",
        List,
        Some("/warnings"),
        LL(|a, emit| a.warnings.iter().for_each(|w| emit(&w.message))),
    ),
    Column::new(
        "text_source",
        "Text from",
        Text,
        Some("/text_source"),
        L(|c, a| c.push_str(a.text_source.as_str())),
    )
    .long(),
];

/// The Items table (SCHEMA.md, Tables; TREATMENTS.md, Tables), in order.
pub static ITEMS: [Column; 21] = [
    Column::new(
        "source",
        "File",
        Text,
        Some("/source"),
        I(|c, a, _| c.push_str(&a.source)),
    ),
    Column::new(
        "case_number",
        "Case number",
        Text,
        Some("/case_number"),
        I(|c, a, _| push_opt(c, &a.case_number)),
    ),
    Column::new(
        "item",
        "Item",
        Integer,
        Some("/items/{item}/number"),
        I(|c, _, i| push_number(c, i.number)),
    ),
    Column::new(
        "request",
        "Request",
        Text,
        Some("/items/{item}/request"),
        I(|c, _, i| push_opt(c, &i.request)),
    )
    .long(),
    Column::new(
        "original_request",
        "Original request",
        Text,
        Some("/items/{item}/original_request"),
        I(|c, _, i| push_opt(c, &i.original_request)),
    )
    .long(),
    Column::new(
        "authorized",
        "Authorized",
        Text,
        Some("/items/{item}/authorized"),
        I(|c, _, i| push_opt(c, &i.authorized)),
    )
    .long(),
    Column::new(
        "decision",
        "Decision",
        Text,
        Some("/items/{item}/decision"),
        I(|c, _, i| c.push_str(i.decision.map_or("", Decision::as_str))),
    ),
    Column::new(
        "medically_necessary",
        "Medically necessary",
        Boolean,
        Some("/items/{item}/decision"),
        I(|c, _, i| push_bool(c, i.medically_necessary)),
    ),
    Column::new(
        "category",
        "Category",
        Text,
        Some("/items/{item}/treatment/category"),
        I(|c, _, i| push_opt(c, &i.treatment.category)),
    ),
    Column::new(
        "subcategory",
        "Subcategory",
        Text,
        Some("/items/{item}/treatment/subcategory"),
        I(|c, _, i| push_opt(c, &i.treatment.subcategory)),
    ),
    Column::new(
        "body_parts",
        "Body parts",
        List,
        Some("/items/{item}/treatment/body_parts"),
        IL(|_, i, emit| i.treatment.body_parts.iter().for_each(|v| emit(v))),
    ),
    Column::new(
        "drug",
        "Drug",
        Text,
        Some("/items/{item}/treatment/drug/name"),
        I(|c, _, i| {
            if let Some(d) = &i.treatment.drug {
                push_opt(c, &d.name);
            }
        }),
    ),
    Column::new(
        "strength",
        "Strength",
        Text,
        Some("/items/{item}/treatment/drug/strength"),
        I(|c, _, i| {
            if let Some(d) = &i.treatment.drug {
                push_opt(c, &d.strength);
            }
        }),
    ),
    Column::new(
        "quantity",
        "Quantity",
        Integer,
        Some("/items/{item}/treatment/drug/quantity"),
        I(|c, _, i| {
            if let Some(n) = i.treatment.drug.as_ref().and_then(|d| d.quantity) {
                push_number(c, n);
            }
        }),
    ),
    Column::new(
        "sessions",
        "Sessions",
        Integer,
        Some("/items/{item}/treatment/sessions"),
        I(|c, _, i| {
            if let Some(n) = i.treatment.sessions {
                push_number(c, n);
            }
        }),
    ),
    Column::new(
        "retrospective",
        "Retrospective",
        Boolean,
        Some("/items/{item}/treatment/retrospective"),
        I(|c, _, i| push_bool(c, Some(i.treatment.retrospective))),
    ),
    // REASONS.md: the codes, in the order of their sentences
    Column::new(
        "reasons",
        "Reasons",
        List,
        Some("/items/{item}/reasons"),
        IL(|_, i, emit| i.reasons.iter().for_each(|r| emit(r.code.as_str()))),
    ),
    Column::new(
        "claims_administrator_guideline",
        "Claims administrator's guideline",
        Text,
        Some("/items/{item}/claims_administrator_guideline/text"),
        I(|c, _, i| push_guideline(c, &i.claims_administrator_guideline)),
    )
    .long(),
    Column::new(
        "maximus_guideline",
        "Reviewer guideline (Maximus)",
        Text,
        Some("/items/{item}/maximus_guideline/text"),
        I(|c, _, i| push_guideline(c, &i.maximus_guideline)),
    )
    .long(),
    Column::new(
        "guideline_sources",
        "Guideline sources",
        List,
        None,
        IL(|_, i, emit| guideline_sources(i, emit)),
    ),
    Column::new(
        "rationale",
        "Rationale",
        Text,
        Some("/items/{item}/rationale"),
        I(|c, _, i| push_opt(c, &i.rationale)),
    )
    .long(),
];

/// The Summary table (SCHEMA.md, "Summary: what gets overturned"), in order.
pub static SUMMARY: [Column; 9] = [
    Column::new("dimension", "Dimension", Text, None, Fill::Summary),
    Column::new("group", "Group", Text, None, Fill::Summary),
    Column::new("letters", "Letters", Integer, None, Fill::Summary),
    Column::new("items", "Items", Integer, None, Fill::Summary),
    Column::new("upheld", "Upheld", Integer, None, Fill::Summary),
    Column::new("overturned", "Overturned", Integer, None, Fill::Summary),
    Column::new(
        "overturned_share",
        "Overturned share",
        Number,
        None,
        Fill::Summary,
    ),
    Column::new("ci_low", "Interval low", Number, None, Fill::Summary),
    Column::new("ci_high", "Interval high", Number, None, Fill::Summary),
];

/// The separator of list values inside one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// The UTF-8 byte-order mark that starts every CSV export.
pub const BOM: &str = "\u{FEFF}";

/// A table's columns, in order.
pub fn columns(table: Table) -> &'static [Column] {
    match table {
        Table::Letters => &LETTERS,
        Table::Items => &ITEMS,
        Table::Summary => &SUMMARY,
    }
}

/// The column names of a table (its header row).
pub fn header(table: Table) -> Vec<&'static str> {
    columns(table).iter().map(|c| c.name).collect()
}

/// One cell as the page gets it: a string, or a list's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum CellValue {
    Text(String),
    List(Vec<String>),
}

impl CellValue {
    /// The cell as the exports write it (a list's values joined by
    /// [`LIST_SEPARATOR`]).
    pub fn joined(&self) -> String {
        match self {
            CellValue::Text(t) => t.clone(),
            CellValue::List(values) => values.join(LIST_SEPARATOR),
        }
    }
}

/// The rows one outcome gives in `table` (Letters or Items; the Summary is
/// [`crate::summary::Summary`]'s), with each list cell as its values rather
/// than joined: what the page shows and highlights value by value.
pub fn outcome_cells(outcome: &Outcome, table: Table) -> Vec<Vec<CellValue>> {
    let cols = columns(table);
    let mut rows = Vec::new();
    let row_of = |a: &Analysis, item: Option<&Item>| -> Vec<CellValue> {
        cols.iter()
            .map(|col| {
                let mut list = Vec::new();
                let mut text = String::new();
                match (col.fill, item) {
                    (Fill::Letter(f), _) => f(&mut text, a),
                    (Fill::Item(f), Some(item)) => f(&mut text, a, item),
                    (Fill::LetterList(f), _) => f(a, &mut |v| list.push(v.to_string())),
                    (Fill::ItemList(f), Some(item)) => {
                        f(a, item, &mut |v| list.push(v.to_string()))
                    }
                    _ => {}
                }
                if col.kind == Kind::List {
                    CellValue::List(list)
                } else {
                    CellValue::Text(text)
                }
            })
            .collect()
    };
    match (table, outcome) {
        (Table::Letters, Outcome::Analysis(a)) => rows.push(row_of(a, None)),
        (Table::Items, Outcome::Analysis(a)) => {
            rows.extend(a.items.iter().map(|item| row_of(a, Some(item))));
        }
        (Table::Letters, Outcome::Error(e)) => {
            let row = cols
                .iter()
                .enumerate()
                .map(|(i, col)| match error_cell(e, i, col) {
                    Some(v) if col.kind == Kind::List => CellValue::List(vec![v.to_string()]),
                    Some(v) => CellValue::Text(v.to_string()),
                    None if col.kind == Kind::List => CellValue::List(Vec::new()),
                    None => CellValue::Text(String::new()),
                })
                .collect();
            rows.push(row);
        }
        _ => {}
    }
    rows
}

/// The cells of a table, without the header row, before any format's
/// escaping: one `Vec` per row, as many cells as [`header`] has columns.
pub fn rows(outcomes: &[Outcome], table: Table) -> Vec<Vec<String>> {
    if table == Table::Summary {
        let mut summary = Summary::new();
        outcomes.iter().for_each(|o| summary.add(o));
        return summary.rows();
    }
    let mut cells = Cells::new(table);
    let mut out = Vec::new();
    for outcome in outcomes {
        cells.each_row(outcome, |row| out.push(row.to_vec()));
    }
    out
}

/// Render a table of outcomes in a format: the header row, then one row per
/// letter (item, group), in input order (the Summary in its own order).
pub fn render(outcomes: &[Outcome], table: Table, format: Format) -> String {
    let mut writer = TableWriter::new(
        Vec::with_capacity(256 + outcomes.len() * 512),
        table,
        format,
    );
    // Writing into a Vec cannot fail.
    let _ = writer.write_header();
    for outcome in outcomes {
        let _ = writer.write_outcome(outcome);
    }
    bytes_to_string(writer.finish().unwrap_or_default())
}

/// Render Summary rows (from [`crate::summary::Summary::rows`]) in a format,
/// header first.
pub fn render_rows<S: AsRef<str>>(table: Table, rows: &[Vec<S>], format: Format) -> String {
    let mut writer = TableWriter::new(Vec::with_capacity(256 + rows.len() * 64), table, format);
    // The rows are given: nothing to count.
    writer.summary = None;
    let _ = writer.write_header();
    for row in rows {
        let _ = writer.write_row(row);
    }
    bytes_to_string(writer.finish().unwrap_or_default())
}

/// Render rows the page holds (cells as [`outcome_cells`] gives them, in the
/// order and selection the page shows) in a format, header first: what "rows
/// shown" copies and downloads. Errs when a row has not the table's number of
/// cells.
pub fn render_cells(
    table: Table,
    rows: &[Vec<CellValue>],
    format: Format,
) -> Result<String, String> {
    let n = columns(table).len();
    let mut joined = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n {
            return Err(format!(
                "row {} has {} cells; the {} table has {n} columns",
                i + 1,
                row.len(),
                table.as_str()
            ));
        }
        joined.push(row.iter().map(CellValue::joined).collect::<Vec<_>>());
    }
    Ok(render_rows(table, &joined, format))
}

fn bytes_to_string(bytes: Vec<u8>) -> String {
    // Every cell is a `str` and every escape is ASCII: the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One row as a JSON object (serializes keyed by the table's column names,
/// in column order): `integer` and `number` cells as JSON numbers, `boolean`
/// cells as booleans, empty cells as `null`, anything else as its string.
/// What `--format json --table summary` prints for each Summary row.
pub fn row_object<S: AsRef<str>>(table: Table, row: &[S]) -> RowObject<'_, S> {
    RowObject { table, row }
}

/// See [`row_object`].
pub struct RowObject<'r, S> {
    table: Table,
    row: &'r [S],
}

impl<S: AsRef<str>> Serialize for RowObject<'_, S> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        use serde::ser::SerializeMap;
        let cols = columns(self.table);
        let mut map = serializer.serialize_map(Some(cols.len()))?;
        for (col, cell) in cols.iter().zip(self.row) {
            let cell = cell.as_ref();
            let value = match col.kind {
                _ if cell.is_empty() => serde_json::Value::Null,
                Kind::Integer => cell
                    .parse::<i64>()
                    .map_or_else(|_| cell.into(), serde_json::Value::from),
                Kind::Number => cell
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| cell.into(), serde_json::Value::Number),
                Kind::Boolean if cell == "true" || cell == "false" => (cell == "true").into(),
                _ => cell.into(),
            };
            map.serialize_entry(col.name, &value)?;
        }
        map.end()
    }
}

/// The whole days from application received to decision (SCHEMA.md
/// `days_to_decision`): `None` when either date is unknown or not a valid
/// ISO date; negative when the letter's decision date comes first.
pub fn days_to_decision(a: &Analysis) -> Option<i64> {
    let received = day_number(a.dates.application_received.as_deref()?)?;
    let decided = day_number(a.dates.decision.as_deref()?)?;
    Some(decided - received)
}

/// An ISO `yyyy-mm-dd` date as a day number (days since 1970-01-01), `None`
/// for anything else (a month 13, February 30).
pub fn day_number(iso: &str) -> Option<i64> {
    let b = iso.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = iso.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > month_days {
        return None;
    }
    // Days from civil (H. Hinnant's algorithm), years from March.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn count(a: &Analysis, d: Decision) -> usize {
    a.items.iter().filter(|i| i.decision == Some(d)).count()
}

/// Streams a table to a writer: [`write_header`](Self::write_header) once
/// (CSV: after the byte-order mark), then [`write_outcome`](Self::write_outcome)
/// for each input, then [`finish`](Self::finish) to flush. The Summary needs
/// every input first: its rows are written by `finish`.
pub struct TableWriter<W: Write> {
    sink: Sink<W>,
    format: Format,
    cells: Cells,
    /// One row of TSV/Markdown, or one guarded CSV cell.
    line: String,
    /// The Summary being counted (the Summary table only).
    summary: Option<Box<Summary>>,
}

enum Sink<W: Write> {
    /// CSV lines, written here (RFC 4180 as the csv crate writes it with
    /// `QuoteStyle::Necessary` and CRLF: the csv writer pulls Rust's float
    /// parsing tables into the page's WASM).
    Csv(W),
    Plain(W),
}

impl<W: Write> TableWriter<W> {
    /// A writer of `table` in `format` to `out`. Nothing is written yet.
    pub fn new(out: W, table: Table, format: Format) -> Self {
        let sink = match format {
            Format::Csv => Sink::Csv(out),
            Format::Tsv | Format::Markdown => Sink::Plain(out),
        };
        TableWriter {
            sink,
            format,
            cells: Cells::new(table),
            line: String::with_capacity(1024),
            summary: (table == Table::Summary).then(|| Box::new(Summary::new())),
        }
    }

    /// The header row (and for CSV the byte-order mark before it; for
    /// Markdown the delimiter row after it).
    pub fn write_header(&mut self) -> io::Result<()> {
        let columns = header(self.cells.table);
        match &mut self.sink {
            Sink::Csv(w) => {
                self.line.clear();
                self.line.push_str(BOM);
                push_csv_row(&mut self.line, &columns, false);
                w.write_all(self.line.as_bytes())?;
            }
            Sink::Plain(w) => {
                self.line.clear();
                if self.format == Format::Markdown {
                    push_markdown_row(&mut self.line, &columns);
                    self.line.push('|');
                    for _ in &columns {
                        self.line.push_str(" --- |");
                    }
                    self.line.push('\n');
                } else {
                    push_tsv_row(&mut self.line, &columns);
                }
                w.write_all(self.line.as_bytes())?;
            }
        }
        Ok(())
    }

    /// The rows of one input: one Letters row, or its Items rows (none for an
    /// error object or a letter without items); for the Summary, the input is
    /// counted and written by [`finish`](Self::finish).
    pub fn write_outcome(&mut self, outcome: &Outcome) -> io::Result<()> {
        if let Some(summary) = &mut self.summary {
            summary.add(outcome);
            return Ok(());
        }
        let TableWriter {
            sink,
            format,
            cells,
            line,
            ..
        } = self;
        let format = *format;
        let mut result = Ok(());
        cells.each_row(outcome, |row| {
            if result.is_ok() {
                result = write_row_to(sink, format, line, row);
            }
        });
        result
    }

    /// One row of cells as they are (escaped and guarded as the format says).
    pub fn write_row<S: AsRef<str>>(&mut self, row: &[S]) -> io::Result<()> {
        write_row_to(&mut self.sink, self.format, &mut self.line, row)
    }

    /// Write the Summary's rows (the Summary table), flush and give back the
    /// writer.
    pub fn finish(mut self) -> io::Result<W> {
        if let Some(summary) = self.summary.take() {
            for row in summary.rows() {
                self.write_row(&row)?;
            }
        }
        match self.sink {
            Sink::Csv(mut w) | Sink::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}

fn write_row_to<W: Write, S: AsRef<str>>(
    sink: &mut Sink<W>,
    format: Format,
    line: &mut String,
    row: &[S],
) -> io::Result<()> {
    match sink {
        Sink::Csv(w) => {
            line.clear();
            push_csv_row(line, row, true);
            w.write_all(line.as_bytes())
        }
        Sink::Plain(w) => {
            line.clear();
            if format == Format::Markdown {
                push_markdown_row(line, row);
            } else {
                push_tsv_row(line, row);
            }
            w.write_all(line.as_bytes())
        }
    }
}

/// Whether a cell needs the formula guard: it begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return.
pub fn needs_guard(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A quick byte scan: false when `cell` surely has no tab, line break (nor,
/// with `pipe`, `|`). The lead bytes 0xC2 / 0xE2 of U+0085 and U+2028/9 send
/// the cell to the careful path.
fn may_need_spaces(cell: &str, pipe: bool) -> bool {
    cell.bytes()
        .any(|b| matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE2) || (pipe && b == b'|'))
}

/// Append `cell` as a TSV value: guarded, then tabs and line breaks as spaces
/// (a CRLF pair becomes one space).
fn push_tsv_cell(line: &mut String, cell: &str) {
    if needs_guard(cell) {
        line.push('\'');
    }
    push_one_line(line, cell, false);
}

/// Append `cell` with tabs and line breaks as spaces (a CRLF pair becomes one
/// space), and `|` as `\|` when `pipe` (Markdown).
fn push_one_line(line: &mut String, cell: &str, pipe: bool) {
    if !may_need_spaces(cell, pipe) {
        line.push_str(cell);
        return;
    }
    // Copy the runs between replacements whole; look at a character only
    // where its first byte may start one (a continuation byte never does,
    // so `i` is on a character boundary whenever it decodes).
    let bytes = cell.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(matches!(b, b'\t'..=b'\r' | 0xC2 | 0xE2) || (pipe && b == b'|')) {
            i += 1;
            continue;
        }
        let Some(c) = cell[i..].chars().next() else {
            break;
        };
        let (replacement, len) = if pipe && c == '|' {
            ("\\|", 1)
        } else if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
            (" ", 2)
        } else if c == '\t' || is_line_break(c) {
            (" ", c.len_utf8())
        } else {
            i += c.len_utf8();
            continue;
        };
        line.push_str(&cell[start..i]);
        line.push_str(replacement);
        i += len;
        start = i;
    }
    line.push_str(&cell[start..]);
}

fn push_tsv_row<S: AsRef<str>>(line: &mut String, row: &[S]) {
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            line.push('\t');
        }
        push_tsv_cell(line, cell.as_ref());
    }
    line.push('\n');
}

/// Append `cell` as a Markdown table cell: `|` escaped as `\|`, tabs and line
/// breaks as spaces (a CRLF pair becomes one space).
fn push_markdown_cell(line: &mut String, cell: &str) {
    push_one_line(line, cell, true);
}

fn push_markdown_row<S: AsRef<str>>(line: &mut String, row: &[S]) {
    line.push('|');
    for cell in row {
        line.push(' ');
        push_markdown_cell(line, cell.as_ref());
        line.push_str(" |");
    }
    line.push('\n');
}

/// Append one CSV record and its CRLF: a cell with a comma, a quote or a
/// line break (CR or LF) is quoted, its quotes doubled; with `guard`, a cell
/// that needs the formula guard gets it first. (Every table has more than
/// one column, so a record is never one empty field.)
fn push_csv_row<S: AsRef<str>>(line: &mut String, row: &[S], guard: bool) {
    for (i, cell) in row.iter().enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            line.push(',');
        }
        let quote = cell
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
        if quote {
            line.push('"');
        }
        if guard && needs_guard(cell) {
            line.push('\'');
        }
        if quote {
            for part in cell.split_inclusive('"') {
                line.push_str(part);
                if part.ends_with('"') {
                    line.push('"');
                }
            }
            line.push('"');
        } else {
            line.push_str(cell);
        }
    }
    line.push_str("\r\n");
}

/// The cells of one row, reused from row to row (their capacity is kept, so
/// filling a row seldom allocates).
struct Cells {
    table: Table,
    row: Vec<String>,
}

impl Cells {
    fn new(table: Table) -> Self {
        Cells {
            table,
            row: vec![String::new(); columns(table).len()],
        }
    }

    /// Call `emit` with each row `outcome` gives in this table (Letters or
    /// Items).
    fn each_row(&mut self, outcome: &Outcome, mut emit: impl FnMut(&[String])) {
        let cols = columns(self.table);
        match (self.table, outcome) {
            (Table::Letters, Outcome::Analysis(a)) => {
                fill_row(&mut self.row, cols, a, None);
                emit(&self.row);
            }
            (Table::Letters, Outcome::Error(e)) => {
                for (i, (cell, col)) in self.row.iter_mut().zip(cols).enumerate() {
                    cell.clear();
                    cell.push_str(error_cell(e, i, col).unwrap_or(""));
                }
                emit(&self.row);
            }
            (Table::Items, Outcome::Analysis(a)) => {
                for item in &a.items {
                    fill_row(&mut self.row, cols, a, Some(item));
                    emit(&self.row);
                }
            }
            _ => {}
        }
    }
}

/// Fill one Letters (`item` None) or Items row from the column table.
fn fill_row(row: &mut [String], cols: &[Column], a: &Analysis, item: Option<&Item>) {
    for (cell, col) in row.iter_mut().zip(cols) {
        cell.clear();
        match (col.fill, item) {
            (Fill::Letter(f), _) => f(cell, a),
            (Fill::Item(f), Some(item)) => f(cell, a, item),
            (Fill::LetterList(f), _) => f(a, &mut |v| push_list_value(cell, v)),
            (Fill::ItemList(f), Some(item)) => f(a, item, &mut |v| push_list_value(cell, v)),
            _ => {}
        }
    }
}

/// The Letters cell of an error object in column `i`: its source first, its
/// message in `warnings`, nothing elsewhere.
fn error_cell<'e>(e: &'e ErrorObject, i: usize, col: &Column) -> Option<&'e str> {
    if i == 0 {
        Some(&e.source)
    } else if col.name == "warnings" {
        Some(&e.error.message)
    } else {
        None
    }
}

fn push_list_value(cell: &mut String, value: &str) {
    if !cell.is_empty() {
        cell.push_str(LIST_SEPARATOR);
    }
    cell.push_str(value);
}

fn push_opt(cell: &mut String, value: &Option<String>) {
    if let Some(v) = value {
        cell.push_str(v);
    }
}

fn push_bool(cell: &mut String, value: Option<bool>) {
    match value {
        Some(true) => cell.push_str("true"),
        Some(false) => cell.push_str("false"),
        None => {}
    }
}

fn push_guideline(cell: &mut String, g: &Option<Guideline>) {
    if let Some(g) = g {
        cell.push_str(&g.text);
    }
}

fn push_number(cell: &mut String, n: impl std::fmt::Display) {
    // Writing into a String cannot fail.
    let _ = write!(cell, "{n}");
}

/// The distinct citation sources of both guidelines (Claims Administrator's
/// first), in order of appearance.
fn guideline_sources(item: &Item, emit: Emit<'_>) {
    let guidelines = [
        &item.claims_administrator_guideline,
        &item.maximus_guideline,
    ];
    let all = guidelines
        .into_iter()
        .flatten()
        .flat_map(|g: &Guideline| g.citations.iter())
        .map(|c| c.source.as_str())
        .filter(|s| !s.is_empty());
    // Few sources per item: a linear scan of a small array, no allocation;
    // a set only past that (a pathological letter stays linear).
    let mut seen: [&str; 8] = [""; 8];
    let mut n_seen = 0usize;
    let mut more: HashSet<&str> = HashSet::new();
    for source in all {
        if seen[..n_seen].contains(&source) || more.contains(source) {
            continue;
        }
        if n_seen < seen.len() {
            seen[n_seen] = source;
            n_seen += 1;
        } else {
            more.insert(source);
        }
        emit(source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn rows_the_page_holds_render_as_the_outcomes_do() {
        let outcomes = [Outcome::Analysis(Box::new(letter())), error("gone.pdf")];
        for table in [Table::Letters, Table::Items] {
            let cells: Vec<Vec<CellValue>> = outcomes
                .iter()
                .flat_map(|o| outcome_cells(o, table))
                .collect();
            assert!(!cells.is_empty());
            for format in [Format::Csv, Format::Tsv, Format::Markdown] {
                assert_eq!(
                    render_cells(table, &cells, format).unwrap(),
                    render(&outcomes, table, format),
                    "{table:?} {format:?}"
                );
            }
            // A selection in another order: those rows, in that order.
            let picked = vec![cells[cells.len() - 1].clone()];
            let csv = render_cells(table, &picked, Format::Csv).unwrap();
            assert_eq!(csv.lines().count(), 2, "{csv}");
        }
        let short = vec![vec![CellValue::Text("a".into())]];
        let err = render_cells(Table::Items, &short, Format::Csv).unwrap_err();
        assert!(err.contains("has 1 cells"), "{err}");
    }

    #[test]
    fn every_column_has_its_own_label_in_words() {
        for table in Table::ALL {
            let mut seen = std::collections::HashSet::new();
            for c in columns(table) {
                let label = c.label;
                assert!(!label.trim().is_empty(), "{table:?} {}: no label", c.name);
                assert!(
                    seen.insert(label.to_lowercase()),
                    "{table:?}: label {label:?} twice"
                );
                // Words, not the identifier: no underscores, a capital first letter.
                assert!(!label.contains('_'), "{table:?} {}: {label:?}", c.name);
                assert!(
                    label.starts_with(|ch: char| ch.is_ascii_uppercase()),
                    "{label:?}"
                );
            }
        }
        // The headers of the exports stay SCHEMA.md's names.
        assert_eq!(header(Table::Letters)[0], "source");
        assert_eq!(columns(Table::Letters)[0].label, "File");
    }

    #[test]
    fn csv_rows_as_the_csv_crate_writes_them() {
        let cells = [
            "",
            "plain",
            "a,b",
            "say \"no\"",
            "\"",
            "line\nbreak",
            "cr\rlf\r\n",
            "=1+2",
            "-x, \"y\"",
            "tab\there",
            "' quote",
            "Ünïcode, ok",
            "\"\"",
        ];
        for a in cells {
            for b in cells {
                let row = [a, b];
                let mut line = String::new();
                push_csv_row(&mut line, &row, false);
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(Vec::new());
                w.write_record(row).unwrap();
                let expected = String::from_utf8(w.into_inner().unwrap()).unwrap();
                assert_eq!(line, expected, "{row:?}");
            }
        }
        let mut line = String::new();
        push_csv_row(&mut line, &["=SUM(A1)", "-1,5", "ok"], true);
        assert_eq!(line, "'=SUM(A1),\"'-1,5\",ok\r\n");
    }

    fn citation(source: &str) -> Citation {
        Citation {
            source: source.into(),
            ..Citation::default()
        }
    }

    fn guideline(text: &str, sources: &[&str]) -> Guideline {
        Guideline {
            text: text.into(),
            citations: sources.iter().map(|s| citation(s)).collect(),
        }
    }

    fn item(number: u32, request: &str, decision: Decision) -> Item {
        Item {
            number,
            request: Some(request.into()),
            original_request: None,
            authorized: None,
            decision: Some(decision),
            medically_necessary: Some(decision.medically_necessary()),
            claims_administrator_guideline: Some(guideline("Decision based on MTUS.", &["MTUS"])),
            maximus_guideline: Some(guideline("Decision based on ODG, MTUS.", &["ODG", "MTUS"])),
            rationale: Some("Not medically necessary.".into()),
            treatment: Treatment::default(),
            reasons: Vec::new(),
        }
    }

    fn with_treatment(mut item: Item) -> Item {
        item.treatment = Treatment {
            category: Some("Pharmaceuticals".into()),
            subcategory: Some("Opioids".into()),
            body_parts: vec!["left knee".into(), "lumbar spine".into()],
            drug: Some(Drug {
                name: Some("tramadol".into()),
                brand: Some("Ultram".into()),
                strength: Some("100mg".into()),
                quantity: Some(60),
            }),
            sessions: Some(6),
            retrospective: true,
        };
        item
    }

    fn letter() -> Analysis {
        Analysis {
            schema: SCHEMA.into(),
            analyzer: ANALYZER.into(),
            source: "CM16-0000001.txt".into(),
            layout: Layout::Dwc2016,
            case_number: Some("CM16-0000001".into()),
            dates: Dates {
                assigned: Some("2016-11-09".into()),
                decision: Some("2016-12-09".into()),
                injury: Some("2016-10-13".into()),
                ur_denial: None,
                application_received: Some("2016-11-03".into()),
            },
            priority: Some("Standard".into()),
            reviewer: Reviewer {
                licensure: vec!["California".into(), "North Carolina".into()],
                specialties: vec!["Family Practice".into()],
            },
            patient: Patient {
                age: Some(48),
                sex: Some(Sex::Male),
            },
            outcome: Some(LetterOutcome::PartiallyOverturned),
            text_source: TextSource::Pdf,
            ocr: None,
            items: vec![
                item(1, "MRI of the right shoulder", Decision::Upheld),
                item(2, "Physical therapy, 6 visits", Decision::Overturned),
                with_treatment(item(3, "Tramadol \"ER\" 100mg", Decision::Upheld)),
            ],
            warnings: vec![
                Warning {
                    code: "a".into(),
                    message: "First warning".into(),
                    pointer: None,
                },
                Warning {
                    code: "b".into(),
                    message: "Second warning".into(),
                    pointer: Some("/dates".into()),
                },
            ],
            spans: Spans::new(),
        }
    }

    fn error(source: &str) -> Outcome {
        Outcome::Error(crate::error_object(&crate::InputError::NotALetter, source))
    }

    /// The index of a table's column, by its name (no positions in tests).
    fn col(table: Table, name: &str) -> usize {
        header(table)
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn outcomes() -> Vec<Outcome> {
        vec![Outcome::Analysis(Box::new(letter())), error("notes.txt")]
    }

    #[test]
    fn headers_match_the_schema_columns() {
        assert_eq!(header(Table::Letters).len(), 20);
        assert_eq!(header(Table::Items).len(), 21);
        let tsv = render(&[], Table::Letters, Format::Tsv);
        assert_eq!(
            tsv,
            "source\tcase_number\tlayout\tdecision_date\tdate_assigned\tdate_of_injury\tur_denial_date\t\
             application_received\tdays_to_decision\tpriority\treviewer_licensure\treviewer_specialties\tpatient_age\t\
             patient_sex\titems\tupheld\toverturned\toutcome\twarnings\ttext_source\n"
        );
        let csv = render(&[], Table::Items, Format::Csv);
        assert_eq!(
            csv,
            "\u{FEFF}source,case_number,item,request,original_request,authorized,decision,\
             medically_necessary,category,subcategory,body_parts,drug,strength,quantity,sessions,retrospective,reasons,\
             claims_administrator_guideline,maximus_guideline,guideline_sources,rationale\r\n"
        );
        let md = render(&[], Table::Items, Format::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("| source | case_number | item | request |"));
        assert_eq!(lines[1], format!("|{}", " --- |".repeat(21)));
        // The Summary of nothing: its `all` row, with no share (0/0).
        assert_eq!(
            render(&[], Table::Summary, Format::Tsv),
            "dimension\tgroup\tletters\titems\tupheld\toverturned\toverturned_share\tci_low\tci_high\n\
             all\tall\t0\t0\t0\t0\t\t\t\n"
        );
    }

    #[test]
    fn column_table_kinds_pointers_and_fills_agree() {
        for table in Table::ALL {
            for c in columns(table) {
                let list_fill = matches!(c.fill, Fill::LetterList(_) | Fill::ItemList(_));
                assert_eq!(list_fill, c.kind == Kind::List, "{}", c.name);
                assert_eq!(
                    matches!(c.fill, Fill::Summary),
                    table == Table::Summary,
                    "{}",
                    c.name
                );
                if let Some(p) = c.pointer {
                    assert!(p.starts_with('/'), "{}", c.name);
                    assert_eq!(
                        p.contains("{item}"),
                        table == Table::Items && c.name != "source" && c.name != "case_number",
                        "{}",
                        c.name
                    );
                }
            }
        }
        let pointer = |t, name: &str| columns(t).iter().find(|c| c.name == name).unwrap().pointer;
        assert_eq!(pointer(Table::Letters, "case_number"), Some("/case_number"));
        assert_eq!(
            pointer(Table::Letters, "decision_date"),
            Some("/dates/decision")
        );
        assert_eq!(
            pointer(Table::Letters, "reviewer_licensure"),
            Some("/reviewer/licensure")
        );
        assert_eq!(pointer(Table::Letters, "days_to_decision"), None);
        assert_eq!(
            pointer(Table::Items, "request"),
            Some("/items/{item}/request")
        );
        assert_eq!(
            pointer(Table::Items, "body_parts"),
            Some("/items/{item}/treatment/body_parts")
        );
        assert_eq!(pointer(Table::Items, "guideline_sources"), None);
        // The error row's message goes to the warnings column; how the text was
        // obtained closes the row (SCHEMA.md's order).
        let names: Vec<&str> = LETTERS.iter().rev().take(2).map(|c| c.name).collect();
        assert_eq!(names, ["text_source", "warnings"]);
    }

    #[test]
    fn days_to_decision_counts_whole_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(day_number("2016-02-29"), Some(16_860));
        assert_eq!(day_number("2017-02-29"), None);
        assert_eq!(day_number("1900-02-29"), None);
        assert_eq!(day_number("2000-02-29"), Some(11_016));
        assert_eq!(day_number("2016-13-01"), None);
        assert_eq!(day_number("2016-00-10"), None);
        assert_eq!(day_number("2016-1-101"), None);
        assert_eq!(day_number("+016-01-01"), None);
        let mut a = letter();
        assert_eq!(days_to_decision(&a), Some(36));
        // Across a year end and a leap day.
        a.dates.application_received = Some("2015-12-20".into());
        a.dates.decision = Some("2016-03-01".into());
        assert_eq!(days_to_decision(&a), Some(72));
        a.dates.decision = None;
        assert_eq!(days_to_decision(&a), None);
        let o = [Outcome::Analysis(Box::new(a))];
        assert_eq!(rows(&o, Table::Letters)[0][8], "");
    }

    #[test]
    fn outcome_cells_keep_lists_as_lists() {
        let o = outcomes();
        let letters = outcome_cells(&o[0], Table::Letters);
        assert_eq!(letters.len(), 1);
        assert_eq!(letters[0][8], CellValue::Text("36".into()));
        assert_eq!(
            letters[0][10],
            CellValue::List(vec!["California".into(), "North Carolina".into()])
        );
        let items = outcome_cells(&o[0], Table::Items);
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2][10],
            CellValue::List(vec!["left knee".into(), "lumbar spine".into()])
        );
        assert_eq!(items[0][10], CellValue::List(vec![]));
        assert_eq!(items[0][15], CellValue::Text("false".into()));
        let error = outcome_cells(&o[1], Table::Letters);
        assert_eq!(error[0][0], CellValue::Text("notes.txt".into()));
        assert_eq!(
            error[0][col(Table::Letters, "warnings")],
            CellValue::List(vec![crate::InputError::NotALetter.message()])
        );
        assert_eq!(error[0][10], CellValue::List(vec![]));
        assert!(outcome_cells(&o[1], Table::Items).is_empty());
        // Joined, the cells are the text rows.
        for table in [Table::Letters, Table::Items] {
            let joined: Vec<Vec<String>> = o
                .iter()
                .flat_map(|x| outcome_cells(x, table))
                .map(|r| {
                    r.into_iter()
                        .map(|c| match c {
                            CellValue::Text(t) => t,
                            CellValue::List(l) => l.join(LIST_SEPARATOR),
                        })
                        .collect()
                })
                .collect();
            assert_eq!(joined, rows(&o, table));
        }
    }

    #[test]
    fn letters_row_cells() {
        let rows = rows(&outcomes(), Table::Letters);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            vec![
                "CM16-0000001.txt",
                "CM16-0000001",
                "dwc-2016",
                "2016-12-09",
                "2016-11-09",
                "2016-10-13",
                "",
                "2016-11-03",
                "36",
                "Standard",
                "California; North Carolina",
                "Family Practice",
                "48",
                "male",
                "3",
                "2",
                "1",
                "partially overturned",
                "First warning; Second warning",
                "pdf",
            ]
        );
    }

    #[test]
    fn error_outcome_is_a_letters_row_and_no_items_rows() {
        let rows_l = rows(&outcomes(), Table::Letters);
        let row = &rows_l[1];
        assert_eq!(row.len(), 20);
        assert_eq!(row[col(Table::Letters, "source")], "notes.txt");
        let warnings = col(Table::Letters, "warnings");
        assert_eq!(row[warnings], crate::InputError::NotALetter.message());
        assert!(row[1..warnings].iter().all(String::is_empty), "{row:?}");
        let rows_i = rows(&outcomes(), Table::Items);
        assert_eq!(rows_i.len(), 3);
        assert!(rows_i.iter().all(|r| r[0] == "CM16-0000001.txt"));
        assert_eq!(
            render(&[error("x")], Table::Items, Format::Tsv)
                .lines()
                .count(),
            1
        );
    }

    #[test]
    fn items_rows_cells_in_letter_order() {
        let rows = rows(&outcomes(), Table::Items);
        assert_eq!(
            rows[1],
            vec![
                "CM16-0000001.txt",
                "CM16-0000001",
                "2",
                "Physical therapy, 6 visits",
                "",
                "",
                "overturned",
                "true",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "false",
                "",
                "Decision based on MTUS.",
                "Decision based on ODG, MTUS.",
                "MTUS; ODG",
                "Not medically necessary.",
            ]
        );
        assert_eq!(rows[0][2], "1");
        assert_eq!(rows[0][6], "upheld");
        assert_eq!(rows[0][7], "false");
        assert_eq!(rows[2][2], "3");
        assert_eq!(
            rows[2][8..16],
            [
                "Pharmaceuticals",
                "Opioids",
                "left knee; lumbar spine",
                "tramadol",
                "100mg",
                "60",
                "6",
                "true"
            ]
        );
    }

    #[test]
    fn null_item_fields_are_empty_cells() {
        let mut a = letter();
        a.items = vec![Item {
            number: 1,
            ..Item::default()
        }];
        let rows = rows(&[Outcome::Analysis(Box::new(a))], Table::Items);
        assert_eq!(rows[0][2], "1");
        // Every cell empty but the item number and `retrospective` (a
        // boolean that is never null).
        assert_eq!(rows[0][15], "false");
        assert!(rows[0][3..15].iter().all(String::is_empty), "{:?}", rows[0]);
        assert!(rows[0][16..].iter().all(String::is_empty), "{:?}", rows[0]);
        assert_eq!(columns(Table::Items)[16].name, "reasons");
    }

    #[test]
    fn guideline_sources_distinct_in_order_of_appearance() {
        let mut it = item(1, "x", Decision::Upheld);
        it.claims_administrator_guideline = Some(guideline("t", &["ODG", "ACOEM", "ODG"]));
        it.maximus_guideline = Some(guideline("t", &["MTUS", "ACOEM", "UpToDate", "MTUS"]));
        let sources = |it: &Item| {
            let mut cell = String::new();
            guideline_sources(it, &mut |v| push_list_value(&mut cell, v));
            cell
        };
        assert_eq!(sources(&it), "ODG; ACOEM; MTUS; UpToDate");

        it.claims_administrator_guideline = None;
        it.maximus_guideline = Some(guideline("t", &[]));
        assert_eq!(sources(&it), "");

        // Past the small array: still distinct and in order.
        let many: Vec<String> = (0..20).map(|i| format!("S{}", i % 12)).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        it.maximus_guideline = Some(guideline("t", &refs));
        let want: Vec<String> = (0..12).map(|i| format!("S{i}")).collect();
        assert_eq!(sources(&it), want.join("; "));
    }

    #[test]
    fn csv_quotes_bom_and_crlf() {
        let out = render(&outcomes(), Table::Items, Format::Csv);
        assert!(out.starts_with("\u{FEFF}source,"));
        assert!(out.ends_with("\r\n"));
        assert_eq!(out.matches("\r\n").count(), 4);
        assert!(!out.replace("\r\n", "").contains('\n'));
        // Commas and quotes force quoting; quotes are doubled.
        assert!(out.contains(",\"Physical therapy, 6 visits\","), "{out}");
        assert!(out.contains(",\"Tramadol \"\"ER\"\" 100mg\","), "{out}");
        assert!(out.contains(",\"Decision based on ODG, MTUS.\","));
        assert!(out.contains(",MTUS; ODG,"));
        // Round trip through a CSV reader gives the cells back.
        let body = out.trim_start_matches('\u{FEFF}');
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let got: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(got, rows(&outcomes(), Table::Items));
    }

    #[test]
    fn csv_line_breaks_inside_values_are_quoted() {
        let mut a = letter();
        a.items.truncate(1);
        a.items[0].rationale = Some("line one\nline two\r\nthree".into());
        let out = render(&[Outcome::Analysis(Box::new(a))], Table::Items, Format::Csv);
        assert!(
            out.ends_with(",\"line one\nline two\r\nthree\"\r\n"),
            "{out:?}"
        );
    }

    #[test]
    fn formula_guard_in_csv_and_tsv() {
        for (value, guarded) in [
            ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            let mut a = letter();
            a.items.truncate(1);
            a.items[0].request = Some(value.into());
            let o = [Outcome::Analysis(Box::new(a))];
            let tsv = render(&o, Table::Items, Format::Tsv);
            let row: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
            assert_eq!(row[3], guarded, "tsv {value:?}");
            let csv = render(&o, Table::Items, Format::Csv);
            let mut reader =
                csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
            let rec = reader.records().next().unwrap().unwrap();
            assert_eq!(&rec[3], guarded, "csv {value:?}");
            // Markdown is not a spreadsheet: no guard.
            let md = render(&o, Table::Items, Format::Markdown);
            assert!(md.lines().nth(2).unwrap().contains(&format!("| {value} |")));
        }
    }

    #[test]
    fn guard_sees_leading_tab_and_carriage_return_before_tsv_replacement() {
        let mut a = letter();
        a.items.truncate(1);
        a.items[0].request = Some("\t=1+1".into());
        a.items[0].rationale = Some("\rcmd".into());
        let o = [Outcome::Analysis(Box::new(a))];
        let tsv = render(&o, Table::Items, Format::Tsv);
        let row: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(row.len(), 21);
        assert_eq!(row[3], "' =1+1");
        assert_eq!(row[20], "' cmd");
        let csv = render(&o, Table::Items, Format::Csv);
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
        let rec = reader.records().next().unwrap().unwrap();
        assert_eq!(&rec[3], "'\t=1+1");
        assert_eq!(&rec[20], "'\rcmd");
    }

    #[test]
    fn tsv_tabs_and_line_breaks_become_spaces_lf_line_ends() {
        let mut a = letter();
        a.items.truncate(1);
        a.items[0].request = Some("a\tb\nc\r\nd\re\u{2028}f".into());
        let tsv = render(&[Outcome::Analysis(Box::new(a))], Table::Items, Format::Tsv);
        assert!(!tsv.contains('\r'));
        assert_eq!(tsv.lines().count(), 2);
        assert!(tsv.ends_with('\n'));
        let row: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(row.len(), 21);
        assert_eq!(row[3], "a b c d e f");

        // Dashes and curly quotes (lead byte 0xE2) stay; NEL is a line break.
        let mut cell = String::new();
        push_tsv_cell(&mut cell, "it\u{2019}s \u{2013} ok\u{85}x");
        assert_eq!(cell, "it\u{2019}s \u{2013} ok x");
        cell.clear();
        push_markdown_cell(&mut cell, "a\u{2014}b|c\u{2029}d");
        assert_eq!(cell, "a\u{2014}b\\|c d");
        for (raw, tsv, md) in [
            ("a\r\n", "a ", "a "),
            ("\r\rb\n", "  b ", "  b "),
            ("é|ü\u{A0}\u{85}", "é|ü\u{A0} ", "é\\|ü\u{A0} "),
            ("|", "|", "\\|"),
            ("“x”\t–\u{2028}", "“x” – ", "“x” – "),
        ] {
            cell.clear();
            push_one_line(&mut cell, raw, false);
            assert_eq!(cell, tsv, "{raw:?}");
            cell.clear();
            push_markdown_cell(&mut cell, raw);
            assert_eq!(cell, md, "{raw:?}");
        }
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        let mut a = letter();
        a.items.truncate(1);
        a.items[0].request = Some("A | B\nC\r\nD".into());
        let md = render(
            &[Outcome::Analysis(Box::new(a)), error("e|rr.txt")],
            Table::Items,
            Format::Markdown,
        );
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 3, "{md}");
        assert!(lines[2].starts_with(
            "| CM16-0000001.txt | CM16-0000001 | 1 | A \\| B C D |  |  | upheld | false |  |  |  |  |  |  |  | false |"
        ));
        assert!(lines[2].ends_with("| MTUS; ODG | Not medically necessary. |"));
        let letters = render(&[error("e|rr.txt")], Table::Letters, Format::Markdown);
        let row = letters.lines().nth(2).unwrap();
        assert!(row.starts_with("| e\\|rr.txt |  |  |"), "{row}");
        assert_eq!(row.matches(" |").count(), 20);
        assert!(md.ends_with('\n') && !md.contains('\r'));
    }

    #[test]
    fn rows_come_in_input_order() {
        let mut b = letter();
        b.source = "b.txt".into();
        b.items.clear();
        let o = vec![
            error("z.txt"),
            Outcome::Analysis(Box::new(b)),
            Outcome::Analysis(Box::new(letter())),
        ];
        let sources: Vec<String> = rows(&o, Table::Letters)
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(sources, ["z.txt", "b.txt", "CM16-0000001.txt"]);
        let b_row = &rows(&o, Table::Letters)[1];
        assert_eq!(
            (b_row[14].as_str(), b_row[15].as_str(), b_row[16].as_str()),
            ("0", "0", "0")
        );
    }

    #[test]
    fn streaming_writer_writes_the_expected_bytes() {
        let mut a = letter();
        a.items.truncate(1);
        a.items[0].rationale = Some("=cmd | x".into());
        a.warnings.truncate(1);
        a.outcome = LetterOutcome::of(&a.items);
        let o = vec![Outcome::Analysis(Box::new(a)), error("n,1.txt")];
        let stream = |table, format| {
            let mut w = TableWriter::new(Vec::new(), table, format);
            w.write_header().unwrap();
            for x in &o {
                w.write_outcome(x).unwrap();
            }
            String::from_utf8(w.finish().unwrap()).unwrap()
        };
        let message = crate::InputError::NotALetter.message();
        let letters_row = "CM16-0000001.txt\tCM16-0000001\tdwc-2016\t2016-12-09\t2016-11-09\t2016-10-13\t\t\
            2016-11-03\t36\tStandard\tCalifornia; North Carolina\tFamily Practice\t48\tmale\t1\t1\t0\tupheld\tFirst warning\tpdf\n";
        assert_eq!(
            stream(Table::Letters, Format::Tsv),
            format!(
                "{}\n{letters_row}n,1.txt{}{message}\t\n",
                header(Table::Letters).join("\t"),
                "\t".repeat(18)
            )
        );
        let item_cells = "CM16-0000001.txt,CM16-0000001,1,MRI of the right shoulder,,,upheld,false,,,,,,,,false,,\
            Decision based on MTUS.,\"Decision based on ODG, MTUS.\",MTUS; ODG,'=cmd | x\r\n";
        assert_eq!(
            stream(Table::Items, Format::Csv),
            format!("\u{FEFF}{}\r\n{item_cells}", header(Table::Items).join(","))
        );
        let md = stream(Table::Items, Format::Markdown);
        assert_eq!(
            md.lines().nth(2).unwrap(),
            "| CM16-0000001.txt | CM16-0000001 | 1 | MRI of the right shoulder |  |  | upheld | false \
             |  |  |  |  |  |  |  | false |  | Decision based on MTUS. | Decision based on ODG, MTUS. | MTUS; ODG \
             | =cmd \\| x |"
        );
        // The Summary's rows come at the end, from every outcome written.
        assert_eq!(
            stream(Table::Summary, Format::Csv),
            "\u{FEFF}dimension,group,letters,items,upheld,overturned,overturned_share,ci_low,ci_high\r\n\
             all,all,1,1,1,0,0.0000,0.0000,0.7935\r\n\
             category,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n\
             subcategory,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n\
             drug,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n\
             body_part,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n\
             reviewer_specialty,Family Practice,1,1,1,0,0.0000,0.0000,0.7935\r\n\
             guideline,ODG,1,1,1,0,0.0000,0.0000,0.7935\r\n\
             reviewer_state,California,1,1,1,0,0.0000,0.0000,0.7935\r\n\
             reviewer_state,North Carolina,1,1,1,0,0.0000,0.0000,0.7935\r\n\
             reason,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n"
        );
        for table in Table::ALL {
            for format in [Format::Tsv, Format::Csv, Format::Markdown] {
                assert_eq!(stream(table, format), render(&o, table, format));
            }
        }
        assert_eq!(
            render_rows(Table::Summary, &rows(&o, Table::Summary), Format::Csv),
            stream(Table::Summary, Format::Csv)
        );
    }

    #[test]
    fn empty_lists_and_unicode() {
        let mut a = letter();
        a.reviewer = Reviewer::default();
        a.patient = Patient::default();
        a.warnings.clear();
        a.source = "Résumé – café.txt".into();
        let r = rows(&[Outcome::Analysis(Box::new(a.clone()))], Table::Letters);
        assert_eq!(&r[0][10..14], ["", "", "", ""]);
        assert_eq!(r[0][col(Table::Letters, "warnings")], "");
        let csv = render(
            &[Outcome::Analysis(Box::new(a))],
            Table::Letters,
            Format::Csv,
        );
        assert!(csv.contains("\r\nRésumé – café.txt,CM16-0000001,"));
    }
}
