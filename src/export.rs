//! Stage 4: tables and exports (SCHEMA.md "Tables").
//!
//! Analyses flatten into two tables, **Letters** (one row per input) and
//! **Items** (one row per disputed item), rendered as TSV (the clipboard),
//! CSV (RFC 4180, CRLF, UTF-8 byte-order mark) or a Markdown pipe table.
//!
//! Cell rules: lists joined with `"; "`, `null` as an empty cell, booleans as
//! `true` / `false`, counts as numbers. An error object (input that is not a
//! letter) is a Letters row with its source and its message in the `warnings`
//! column, and has no Items rows: nothing is dropped silently.
//!
//! In CSV and TSV a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'` so that no spreadsheet runs it as a
//! formula (letters are untrusted input).
//!
//! [`TableWriter`] streams rows to any [`std::io::Write`] (the command line
//! uses it so hundreds of letters need not be held in memory); [`render`]
//! renders a slice of outcomes into a `String` (the page uses it). Cells are
//! filled into buffers reused from row to row.
//!
//! ```
//! use imr_analyzer::export::{render, Format, Table};
//! let out = render(&[], Table::Items, Format::Tsv);
//! assert!(out.starts_with("source\tcase_number\titem\trequest\t"));
//! assert!(out.ends_with("rationale\n"));
//! ```

use crate::model::{Analysis, Decision, ErrorObject, Guideline, Item, Outcome};
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

/// The Letters table's columns, in order.
pub const LETTERS_COLUMNS: [&str; 17] = [
    "source",
    "case_number",
    "layout",
    "decision_date",
    "date_assigned",
    "date_of_injury",
    "ur_denial_date",
    "application_received",
    "priority",
    "reviewer_licensure",
    "reviewer_specialties",
    "patient_age",
    "patient_sex",
    "items",
    "upheld",
    "overturned",
    "warnings",
];

/// The Items table's columns, in order.
pub const ITEMS_COLUMNS: [&str; 12] = [
    "source",
    "case_number",
    "item",
    "request",
    "original_request",
    "authorized",
    "decision",
    "medically_necessary",
    "claims_administrator_guideline",
    "maximus_guideline",
    "guideline_sources",
    "rationale",
];

/// The separator of list values inside one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// The UTF-8 byte-order mark that starts every CSV export.
pub const BOM: &str = "\u{FEFF}";

/// The column names of a table (its header row).
pub fn header(table: Table) -> &'static [&'static str] {
    match table {
        Table::Letters => &LETTERS_COLUMNS,
        Table::Items => &ITEMS_COLUMNS,
    }
}

/// The cells of a table, without the header row, before any format's
/// escaping: one `Vec` per row, as many cells as [`header`] has columns.
pub fn rows(outcomes: &[Outcome], table: Table) -> Vec<Vec<String>> {
    let mut cells = Cells::new(table);
    let mut out = Vec::new();
    for outcome in outcomes {
        cells.each_row(outcome, |row| out.push(row.to_vec()));
    }
    out
}

/// Render a table of outcomes in a format: the header row, then one row per
/// letter (or item), in input order.
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
    let bytes = writer.finish().unwrap_or_default();
    // Every cell is a `str` and every escape is ASCII: the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Streams a table to a writer: [`write_header`](Self::write_header) once
/// (CSV: after the byte-order mark), then [`write_outcome`](Self::write_outcome)
/// for each input, then [`finish`](Self::finish) to flush.
pub struct TableWriter<W: Write> {
    sink: Sink<W>,
    format: Format,
    cells: Cells,
    /// One row of TSV/Markdown, or one guarded CSV cell.
    line: String,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Plain(W),
}

impl<W: Write> TableWriter<W> {
    /// A writer of `table` in `format` to `out`. Nothing is written yet.
    pub fn new(out: W, table: Table, format: Format) -> Self {
        let sink = match format {
            Format::Csv => Sink::Csv(Box::new(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(out),
            )),
            Format::Tsv | Format::Markdown => Sink::Plain(out),
        };
        TableWriter {
            sink,
            format,
            cells: Cells::new(table),
            line: String::with_capacity(1024),
        }
    }

    /// The header row (and for CSV the byte-order mark before it; for
    /// Markdown the delimiter row after it).
    pub fn write_header(&mut self) -> io::Result<()> {
        let columns = header(self.cells.table);
        match &mut self.sink {
            Sink::Csv(w) => {
                // The BOM goes through the csv writer's buffer so that it
                // stays in front of the header (a field never starts with a
                // BOM that needs quoting).
                self.line.clear();
                self.line.push_str(BOM);
                self.line.push_str(columns[0]);
                w.write_field(self.line.as_bytes()).map_err(csv_io)?;
                for c in &columns[1..] {
                    w.write_field(c).map_err(csv_io)?;
                }
                w.write_record(None::<&[u8]>).map_err(csv_io)?;
            }
            Sink::Plain(w) => {
                self.line.clear();
                if self.format == Format::Markdown {
                    push_markdown_row(&mut self.line, columns);
                    self.line.push('|');
                    for _ in columns {
                        self.line.push_str(" --- |");
                    }
                    self.line.push('\n');
                } else {
                    push_tsv_row(&mut self.line, columns);
                }
                w.write_all(self.line.as_bytes())?;
            }
        }
        Ok(())
    }

    /// The rows of one input: one Letters row, or its Items rows (none for an
    /// error object or a letter without items).
    pub fn write_outcome(&mut self, outcome: &Outcome) -> io::Result<()> {
        let TableWriter {
            sink,
            format,
            cells,
            line,
        } = self;
        let format = *format;
        let mut result = Ok(());
        cells.each_row(outcome, |row| {
            if result.is_err() {
                return;
            }
            result = match sink {
                Sink::Csv(w) => write_csv_row(w, line, row),
                Sink::Plain(w) => {
                    line.clear();
                    if format == Format::Markdown {
                        push_markdown_row(line, row);
                    } else {
                        push_tsv_row(line, row);
                    }
                    w.write_all(line.as_bytes())
                }
            };
        });
        result
    }

    /// Flush and give back the writer.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Csv(w) => w
                .into_inner()
                .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string())),
            Sink::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
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
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if pipe && c == '|' {
            line.push_str("\\|");
        } else if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            line.push(' ');
        } else if c == '\t' || is_line_break(c) {
            line.push(' ');
        } else {
            line.push(c);
        }
    }
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

/// The I/O error inside a csv error (so that a broken pipe stays one).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn write_csv_row<W: Write>(
    w: &mut csv::Writer<W>,
    scratch: &mut String,
    row: &[String],
) -> io::Result<()> {
    for cell in row {
        if needs_guard(cell) {
            scratch.clear();
            scratch.push('\'');
            scratch.push_str(cell);
            w.write_field(scratch.as_bytes()).map_err(csv_io)?;
        } else {
            w.write_field(cell.as_bytes()).map_err(csv_io)?;
        }
    }
    w.write_record(None::<&[u8]>).map_err(csv_io)?;
    Ok(())
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
            row: vec![String::new(); header(table).len()],
        }
    }

    /// Call `emit` with each row `outcome` gives in this table.
    fn each_row(&mut self, outcome: &Outcome, mut emit: impl FnMut(&[String])) {
        for cell in &mut self.row {
            cell.clear();
        }
        match (self.table, outcome) {
            (Table::Letters, Outcome::Analysis(a)) => {
                fill_letter(&mut self.row, a);
                emit(&self.row);
            }
            (Table::Letters, Outcome::Error(e)) => {
                fill_error(&mut self.row, e);
                emit(&self.row);
            }
            (Table::Items, Outcome::Analysis(a)) => {
                for item in &a.items {
                    for cell in &mut self.row {
                        cell.clear();
                    }
                    fill_item(&mut self.row, a, item);
                    emit(&self.row);
                }
            }
            (Table::Items, Outcome::Error(_)) => {}
        }
    }
}

fn push_opt(cell: &mut String, value: &Option<String>) {
    if let Some(v) = value {
        cell.push_str(v);
    }
}

fn push_list<'a>(cell: &mut String, values: impl IntoIterator<Item = &'a str>) {
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            cell.push_str(LIST_SEPARATOR);
        }
        cell.push_str(v);
    }
}

fn push_number(cell: &mut String, n: impl std::fmt::Display) {
    // Writing into a String cannot fail.
    let _ = write!(cell, "{n}");
}

fn fill_letter(row: &mut [String], a: &Analysis) {
    let [source, case_number, layout, decision_date, date_assigned, date_of_injury, ur_denial_date, application_received, priority, licensure, specialties, age, sex, items, upheld, overturned, warnings] =
        row
    else {
        return;
    };
    source.push_str(&a.source);
    push_opt(case_number, &a.case_number);
    layout.push_str(a.layout.as_str());
    push_opt(decision_date, &a.dates.decision);
    push_opt(date_assigned, &a.dates.assigned);
    push_opt(date_of_injury, &a.dates.injury);
    push_opt(ur_denial_date, &a.dates.ur_denial);
    push_opt(application_received, &a.dates.application_received);
    push_opt(priority, &a.priority);
    push_list(licensure, a.reviewer.licensure.iter().map(String::as_str));
    push_list(
        specialties,
        a.reviewer.specialties.iter().map(String::as_str),
    );
    if let Some(n) = a.patient.age {
        push_number(age, n);
    }
    if let Some(s) = a.patient.sex {
        sex.push_str(match s {
            crate::model::Sex::Male => "male",
            crate::model::Sex::Female => "female",
        });
    }
    push_number(items, a.items.len());
    let count = |d: Decision| a.items.iter().filter(|i| i.decision == Some(d)).count();
    push_number(upheld, count(Decision::Upheld));
    push_number(overturned, count(Decision::Overturned));
    push_list(warnings, a.warnings.iter().map(|w| w.message.as_str()));
}

fn fill_error(row: &mut [String], e: &ErrorObject) {
    if let Some(source) = row.first_mut() {
        source.push_str(&e.source);
    }
    if let Some(warnings) = row.last_mut() {
        warnings.push_str(&e.error.message);
    }
}

fn fill_item(row: &mut [String], a: &Analysis, item: &Item) {
    let [source, case_number, number, request, original_request, authorized, decision, medically_necessary, ca_guideline, maximus_guideline, sources, rationale] =
        row
    else {
        return;
    };
    source.push_str(&a.source);
    push_opt(case_number, &a.case_number);
    push_number(number, item.number);
    push_opt(request, &item.request);
    push_opt(original_request, &item.original_request);
    push_opt(authorized, &item.authorized);
    if let Some(d) = item.decision {
        decision.push_str(d.as_str());
    }
    if let Some(m) = item.medically_necessary {
        medically_necessary.push_str(if m { "true" } else { "false" });
    }
    if let Some(g) = &item.claims_administrator_guideline {
        ca_guideline.push_str(&g.text);
    }
    if let Some(g) = &item.maximus_guideline {
        maximus_guideline.push_str(&g.text);
    }
    push_guideline_sources(sources, item);
    push_opt(rationale, &item.rationale);
}

/// The distinct citation sources of both guidelines (Claims Administrator's
/// first), in order of appearance, joined with `"; "`.
fn push_guideline_sources(cell: &mut String, item: &Item) {
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
        if !cell.is_empty() {
            cell.push_str(LIST_SEPARATOR);
        }
        cell.push_str(source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

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
        }
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
            items: vec![
                item(1, "MRI of the right shoulder", Decision::Upheld),
                item(2, "Physical therapy, 6 visits", Decision::Overturned),
                item(3, "Tramadol \"ER\" 100mg", Decision::Upheld),
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

    fn outcomes() -> Vec<Outcome> {
        vec![Outcome::Analysis(Box::new(letter())), error("notes.txt")]
    }

    #[test]
    fn headers_match_the_schema_columns() {
        assert_eq!(header(Table::Letters).len(), 17);
        assert_eq!(header(Table::Items).len(), 12);
        let tsv = render(&[], Table::Letters, Format::Tsv);
        assert_eq!(
            tsv,
            "source\tcase_number\tlayout\tdecision_date\tdate_assigned\tdate_of_injury\tur_denial_date\t\
             application_received\tpriority\treviewer_licensure\treviewer_specialties\tpatient_age\t\
             patient_sex\titems\tupheld\toverturned\twarnings\n"
        );
        let csv = render(&[], Table::Items, Format::Csv);
        assert_eq!(
            csv,
            "\u{FEFF}source,case_number,item,request,original_request,authorized,decision,\
             medically_necessary,claims_administrator_guideline,maximus_guideline,guideline_sources,rationale\r\n"
        );
        let md = render(&[], Table::Items, Format::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("| source | case_number | item | request |"));
        assert_eq!(lines[1], format!("|{}", " --- |".repeat(12)));
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
                "Standard",
                "California; North Carolina",
                "Family Practice",
                "48",
                "male",
                "3",
                "2",
                "1",
                "First warning; Second warning",
            ]
        );
    }

    #[test]
    fn error_outcome_is_a_letters_row_and_no_items_rows() {
        let rows_l = rows(&outcomes(), Table::Letters);
        let row = &rows_l[1];
        assert_eq!(row.len(), 17);
        assert_eq!(row[0], "notes.txt");
        assert_eq!(row[16], crate::InputError::NotALetter.message());
        assert!(row[1..16].iter().all(String::is_empty), "{row:?}");
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
        assert!(rows[0][3..].iter().all(String::is_empty), "{:?}", rows[0]);
    }

    #[test]
    fn guideline_sources_distinct_in_order_of_appearance() {
        let mut it = item(1, "x", Decision::Upheld);
        it.claims_administrator_guideline = Some(guideline("t", &["ODG", "ACOEM", "ODG"]));
        it.maximus_guideline = Some(guideline("t", &["MTUS", "ACOEM", "UpToDate", "MTUS"]));
        let mut cell = String::new();
        push_guideline_sources(&mut cell, &it);
        assert_eq!(cell, "ODG; ACOEM; MTUS; UpToDate");

        it.claims_administrator_guideline = None;
        it.maximus_guideline = Some(guideline("t", &[]));
        cell.clear();
        push_guideline_sources(&mut cell, &it);
        assert_eq!(cell, "");

        // Past the small array: still distinct and in order.
        let many: Vec<String> = (0..20).map(|i| format!("S{}", i % 12)).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        it.maximus_guideline = Some(guideline("t", &refs));
        cell.clear();
        push_guideline_sources(&mut cell, &it);
        let want: Vec<String> = (0..12).map(|i| format!("S{i}")).collect();
        assert_eq!(cell, want.join("; "));
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
        assert_eq!(row.len(), 12);
        assert_eq!(row[3], "' =1+1");
        assert_eq!(row[11], "' cmd");
        let csv = render(&o, Table::Items, Format::Csv);
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
        let rec = reader.records().next().unwrap().unwrap();
        assert_eq!(&rec[3], "'\t=1+1");
        assert_eq!(&rec[11], "'\rcmd");
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
        assert_eq!(row.len(), 12);
        assert_eq!(row[3], "a b c d e f");

        // Dashes and curly quotes (lead byte 0xE2) stay; NEL is a line break.
        let mut cell = String::new();
        push_tsv_cell(&mut cell, "it\u{2019}s \u{2013} ok\u{85}x");
        assert_eq!(cell, "it\u{2019}s \u{2013} ok x");
        cell.clear();
        push_markdown_cell(&mut cell, "a\u{2014}b|c\u{2029}d");
        assert_eq!(cell, "a\u{2014}b\\|c d");
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
            "| CM16-0000001.txt | CM16-0000001 | 1 | A \\| B C D |  |  | upheld | false |"
        ));
        assert!(lines[2].ends_with("| MTUS; ODG | Not medically necessary. |"));
        let letters = render(&[error("e|rr.txt")], Table::Letters, Format::Markdown);
        let row = letters.lines().nth(2).unwrap();
        assert!(row.starts_with("| e\\|rr.txt |  |  |"), "{row}");
        assert_eq!(row.matches(" |").count(), 17);
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
            (b_row[13].as_str(), b_row[14].as_str(), b_row[15].as_str()),
            ("0", "0", "0")
        );
    }

    #[test]
    fn streaming_writer_equals_render() {
        let o = outcomes();
        for format in [Format::Tsv, Format::Csv, Format::Markdown] {
            for table in [Table::Letters, Table::Items] {
                let mut w = TableWriter::new(Vec::new(), table, format);
                w.write_header().unwrap();
                for x in &o {
                    w.write_outcome(x).unwrap();
                }
                let bytes = w.finish().unwrap();
                assert_eq!(String::from_utf8(bytes).unwrap(), render(&o, table, format));
            }
        }
    }

    #[test]
    fn empty_lists_and_unicode() {
        let mut a = letter();
        a.reviewer = Reviewer::default();
        a.patient = Patient::default();
        a.warnings.clear();
        a.source = "Résumé – café.txt".into();
        let r = rows(&[Outcome::Analysis(Box::new(a.clone()))], Table::Letters);
        assert_eq!(&r[0][9..13], ["", "", "", ""]);
        assert_eq!(r[0][16], "");
        let csv = render(
            &[Outcome::Analysis(Box::new(a))],
            Table::Letters,
            Format::Csv,
        );
        assert!(csv.contains("\r\nRésumé – café.txt,CM16-0000001,"));
    }
}
