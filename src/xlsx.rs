//! The Excel workbook export (cargo feature `xlsx`): the Letters, Items and
//! Summary tables of SCHEMA.md as three sheets of one `.xlsx` file.
//!
//! The cells are those of [`export::rows`] under the columns of
//! [`export::columns`], so a workbook holds exactly what the CSV, TSV and
//! Markdown exports hold, typed for a spreadsheet by each column's
//! [`Kind`](export::Kind):
//!
//! - `date` columns are real Excel dates shown as `yyyy-mm-dd`;
//! - `integer` columns (counts, ages, item numbers, days, quantities) are
//!   numbers; `number` columns (shares) numbers shown with four decimals;
//! - `boolean` columns are booleans;
//! - an empty cell (`null`) is left blank; everything else is a string
//!   (lists joined with `; `); the columns marked long wrap.
//!
//! Each sheet has its header row in bold and frozen, an autofilter over the
//! table, and columns sized to fit their longest value, capped; the long
//! text columns (requests, guidelines, rationale, warnings) wrap.
//!
//! **No formula guard.** Every string is written with `write_string`, which
//! stores it as a shared string: Excel and other spreadsheets never evaluate
//! it, even when it begins with `=`, `+`, `-` or `@`. So the leading `'` that
//! CSV and TSV add (their cells are parsed by the spreadsheet) is not added
//! here: the workbook holds the letter's text unchanged.
//!
//! A string longer than Excel's cell limit (32,767 characters) is cut to fit
//! and ends with `…`; no letter comes near it.
//!
//! ```
//! use imr_analyzer::{outcome, analyze, xlsx};
//! let letter = "Case Number: CM16-0000001\nDecision Date: 12/09/2016\n\
//!     IMR ISSUES, DECISIONS AND RATIONALES\nMRI of the knee: Upheld\n";
//! let bytes = xlsx::workbook(&[outcome(analyze(letter, "a.txt"), "a.txt")]).unwrap();
//! assert!(bytes.starts_with(b"PK")); // a zip file
//! ```

use crate::export::{self, Kind as ColumnKind, Table};
use crate::model::Outcome;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

pub use rust_xlsxwriter::XlsxError;

/// The sheet names, in order.
pub const SHEETS: [&str; 3] = ["Letters", "Items", "Summary"];

/// The number format of date cells.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The number format of decimal cells (the Summary's shares).
pub const DECIMAL_FORMAT: &str = "0.0000";

/// Excel's limit on the length of one cell's text (UTF-16 units).
const MAX_CELL_CHARS: usize = 32_767;

/// The widest a column gets (in Excel's character units), and the widest a
/// wrapped text column gets.
const MAX_WIDTH: f64 = 40.0;
const MAX_WRAP_WIDTH: f64 = 60.0;
/// The narrowest a column gets.
const MIN_WIDTH: f64 = 6.0;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Long text: wrapped, a wider cap.
    Wrap,
    Date,
    /// A whole number.
    Integer,
    /// A decimal (shares): four decimals shown.
    Number,
    Boolean,
}

/// How a column of the column table is written.
fn kind(column: &export::Column) -> Kind {
    match column.kind {
        ColumnKind::Date => Kind::Date,
        ColumnKind::Integer => Kind::Integer,
        ColumnKind::Number => Kind::Number,
        ColumnKind::Boolean => Kind::Boolean,
        ColumnKind::Text | ColumnKind::List if column.long => Kind::Wrap,
        ColumnKind::Text | ColumnKind::List => Kind::Text,
    }
}

/// The formats of one workbook.
struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    date: Format,
    integer: Format,
    decimal: Format,
}

impl Formats {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new().set_bold(),
            text: top.clone(),
            wrap: top.clone().set_text_wrap(),
            date: top.clone().set_num_format(DATE_FORMAT),
            decimal: top.clone().set_num_format(DECIMAL_FORMAT),
            integer: top,
        }
    }
}

/// The workbook of `outcomes`: a Letters sheet and an Items sheet, rows in
/// input order (items in letter order), and a Summary sheet, as the bytes of
/// an `.xlsx` file.
///
/// Errors come from the writer only (never from the letters' contents).
pub fn workbook(outcomes: &[Outcome]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for table in Table::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(table.title())?;
        write_sheet(
            sheet,
            &formats,
            export::columns(table),
            &export::rows(outcomes, table),
        )?;
    }
    book.save_to_buffer()
}

fn write_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    columns: &[export::Column],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let kinds: Vec<Kind> = columns.iter().map(kind).collect();
    // The widest value of each column, in characters (header included).
    let mut widths: Vec<usize> = columns.iter().map(|c| c.name.chars().count()).collect();
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, column.name, &formats.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let c = col as u16;
            let kind = kinds.get(col).copied().unwrap_or(Kind::Text);
            let shown = match kind {
                Kind::Date => match parse_date(cell) {
                    Some(date) => {
                        sheet.write_datetime_with_format(r, c, &date, &formats.date)?;
                        DATE_FORMAT.len()
                    }
                    None => write_text(sheet, r, c, cell, &formats.text)?,
                },
                Kind::Integer | Kind::Number => match cell.parse::<f64>() {
                    Ok(n) if n.is_finite() => {
                        let format = if kind == Kind::Number {
                            &formats.decimal
                        } else {
                            &formats.integer
                        };
                        sheet.write_number_with_format(r, c, n, format)?;
                        cell.len()
                    }
                    _ => write_text(sheet, r, c, cell, &formats.text)?,
                },
                Kind::Boolean => match cell.as_str() {
                    "true" | "false" => {
                        sheet.write_boolean_with_format(r, c, cell == "true", &formats.text)?;
                        // Shown as TRUE / FALSE.
                        cell.len()
                    }
                    _ => write_text(sheet, r, c, cell, &formats.text)?,
                },
                Kind::Wrap => write_text(sheet, r, c, cell, &formats.wrap)?,
                Kind::Text => write_text(sheet, r, c, cell, &formats.text)?,
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown);
            }
        }
    }
    for (col, (&width, &kind)) in widths.iter().zip(&kinds).enumerate() {
        let cap = if kind == Kind::Wrap {
            MAX_WRAP_WIDTH
        } else {
            MAX_WIDTH
        };
        // A little room for the autofilter's drop-down button.
        let width = (width as f64 + 3.0).clamp(MIN_WIDTH, cap);
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = rows.len() as u32;
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// Write a string cell (cut to Excel's limit); returns its width in characters.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<usize, XlsxError> {
    let text = fit_cell(text);
    sheet.write_string_with_format(row, col, text.as_ref(), format)?;
    // A wrapped cell's width is its longest line.
    Ok(text.lines().map(|l| l.chars().count()).max().unwrap_or(0))
}

/// `text`, cut to at most [`MAX_CELL_CHARS`] UTF-16 units with a final `…`
/// when it is longer.
fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    // Cheap check first: UTF-16 units never exceed UTF-8 bytes.
    if text.len() <= MAX_CELL_CHARS || text.encode_utf16().count() <= MAX_CELL_CHARS {
        return text.into();
    }
    let mut units = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        // Room for the final `…` (one unit).
        if units + ch.len_utf16() > MAX_CELL_CHARS - 1 {
            break;
        }
        units += ch.len_utf16();
        end = i + ch.len_utf8();
    }
    format!("{}…", &text[..end]).into()
}

/// An ISO date `YYYY-MM-DD` as an Excel date (Excel's dates start in 1900).
fn parse_date(cell: &str) -> Option<ExcelDateTime> {
    let b = cell.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: u16 = cell.get(0..4)?.parse().ok()?;
    let month: u8 = cell.get(5..7)?.parse().ok()?;
    let day: u8 = cell.get(8..10)?.parse().ok()?;
    if year < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_when_valid() {
        assert!(parse_date("2016-12-09").is_some());
        assert!(parse_date("2016-02-30").is_none());
        assert!(parse_date("2016-13-01").is_none());
        assert!(parse_date("1899-12-31").is_none());
        assert!(parse_date("12/09/2016").is_none());
        assert!(parse_date("2016-1-09x").is_none());
    }

    #[test]
    fn long_cells_are_cut_to_excels_limit() {
        let short = "x".repeat(MAX_CELL_CHARS);
        assert_eq!(fit_cell(&short), short.as_str());
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        let cut = fit_cell(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        // Astral characters count two units each and are never split.
        let astral = "😀".repeat(MAX_CELL_CHARS);
        let cut = fit_cell(&astral);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.ends_with("😀…"));
    }

    #[test]
    fn every_column_has_the_kind_it_should() {
        let all = || Table::ALL.into_iter().flat_map(export::columns);
        for c in all() {
            let k = kind(c);
            if c.name.ends_with("_date") || c.name == "application_received" {
                assert_eq!(k, Kind::Date, "{}", c.name);
            }
        }
        let of = |table, name: &str| {
            kind(
                export::columns(table)
                    .iter()
                    .find(|c| c.name == name)
                    .unwrap(),
            )
        };
        assert_eq!(of(Table::Items, "rationale"), Kind::Wrap);
        assert_eq!(of(Table::Items, "medically_necessary"), Kind::Boolean);
        assert_eq!(of(Table::Items, "retrospective"), Kind::Boolean);
        assert_eq!(of(Table::Items, "quantity"), Kind::Integer);
        assert_eq!(of(Table::Letters, "days_to_decision"), Kind::Integer);
        assert_eq!(of(Table::Letters, "source"), Kind::Text);
        assert_eq!(of(Table::Summary, "ci_low"), Kind::Number);
        assert_eq!(of(Table::Summary, "items"), Kind::Integer);
    }
}
