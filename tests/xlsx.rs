//! The Excel workbook export, read back by unzipping it and reading its XML:
//! sheet names, header rows, typed cells (dates, numbers, booleans, strings),
//! frozen header, autofilter, column widths; and the command line's
//! `--format xlsx --output FILE`.
#![cfg(feature = "xlsx")]

use imr_analyzer::export::{header, rows, Table};
use imr_analyzer::model::Outcome;
use imr_analyzer::xlsx::workbook;
use regex_lite::Regex;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_imr-analyzer");

fn outcomes() -> Vec<Outcome> {
    include_str!("fixtures/analyses.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The files of a zip, by name.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        files.insert(file.name().to_string(), text);
    }
    files
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// One cell of a sheet's XML.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    /// `t`: "s" (shared string), "b" (boolean), "str", or "" (a number).
    kind: String,
    /// `s`: the style index.
    style: usize,
    /// `<v>`, shared strings resolved.
    value: String,
    /// Whether the cell holds a formula.
    formula: bool,
}

/// A workbook read back: its files and shared strings.
struct Book {
    files: HashMap<String, String>,
    strings: Vec<String>,
}

impl Book {
    fn read(bytes: &[u8]) -> Book {
        let files = unzip(bytes);
        let si = Regex::new(r"(?s)<si>(.*?)</si>").unwrap();
        let t = Regex::new(r"(?s)<t[^>]*>(.*?)</t>").unwrap();
        let strings = files
            .get("xl/sharedStrings.xml")
            .map(|xml| {
                si.captures_iter(xml)
                    .map(|c| {
                        t.captures_iter(&c[1])
                            .map(|m| unescape(&m[1]))
                            .collect::<String>()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Book { files, strings }
    }

    /// The sheet names in order, with their XML file.
    fn sheets(&self) -> Vec<(String, String)> {
        let wb = &self.files["xl/workbook.xml"];
        let rels = &self.files["xl/_rels/workbook.xml.rels"];
        let sheet = Regex::new(r#"<sheet name="([^"]*)" sheetId="\d+" r:id="([^"]+)"/>"#).unwrap();
        sheet
            .captures_iter(wb)
            .map(|c| {
                let rel = Regex::new(&format!(r#"Id="{}" Type="[^"]*" Target="([^"]+)""#, &c[2]))
                    .unwrap();
                let target = rel.captures(rels).expect("relationship")[1].to_string();
                (c[1].to_string(), format!("xl/{target}"))
            })
            .collect()
    }

    fn sheet_xml(&self, name: &str) -> &str {
        let (_, path) = self
            .sheets()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name}"));
        &self.files[&path]
    }

    /// The cells of a sheet by reference ("D2").
    fn cells(&self, name: &str) -> HashMap<String, Cell> {
        let xml = self.sheet_xml(name);
        let c = Regex::new(r#"(?s)<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)"#).unwrap();
        let attr = |attrs: &str, a: &str| {
            Regex::new(&format!(r#"\b{a}="([^"]*)""#))
                .unwrap()
                .captures(attrs)
                .map(|m| m[1].to_string())
        };
        let v = Regex::new(r"(?s)<v>(.*?)</v>").unwrap();
        let mut cells = HashMap::new();
        for m in c.captures_iter(xml) {
            let attrs = &m[2];
            let inner = m.get(3).map_or("", |x| x.as_str());
            let kind = attr(attrs, "t").unwrap_or_default();
            let raw = v
                .captures(inner)
                .map(|x| unescape(&x[1]))
                .unwrap_or_default();
            let value = if kind == "s" {
                self.strings[raw.parse::<usize>().unwrap()].clone()
            } else {
                raw
            };
            cells.insert(
                m[1].to_string(),
                Cell {
                    kind,
                    style: attr(attrs, "s").map_or(0, |s| s.parse().unwrap()),
                    value,
                    formula: inner.contains("<f"),
                },
            );
        }
        cells
    }

    /// The number format code of a style index (cellXfs), if not General.
    fn number_format(&self, style: usize) -> Option<String> {
        let styles = &self.files["xl/styles.xml"];
        let xfs = Regex::new(r"(?s)<cellXfs[^>]*>(.*?)</cellXfs>").unwrap();
        let xf = Regex::new(r"<xf [^>]*>").unwrap();
        let block = xfs.captures(styles).unwrap()[1].to_string();
        let this = xf.find_iter(&block).nth(style)?.as_str().to_string();
        let id: u32 = Regex::new(r#"numFmtId="(\d+)""#).unwrap().captures(&this)?[1]
            .parse()
            .unwrap();
        if id == 0 {
            return None;
        }
        let fmt = Regex::new(&format!(
            r#"<numFmt numFmtId="{id}" formatCode="([^"]*)"/>"#
        ))
        .unwrap();
        Some(unescape(&fmt.captures(styles)?[1]))
    }

    fn wraps(&self, style: usize) -> bool {
        let styles = &self.files["xl/styles.xml"];
        let xfs = Regex::new(r"(?s)<cellXfs[^>]*>(.*?)</cellXfs>").unwrap();
        let block = xfs.captures(styles).unwrap()[1].to_string();
        let xf = Regex::new(r"(?s)<xf [^>]*/>|<xf [^>]*>.*?</xf>").unwrap();
        let wraps = xf
            .find_iter(&block)
            .nth(style)
            .is_some_and(|m| m.as_str().contains(r#"wrapText="1""#));
        wraps
    }
}

/// Column letters of a 0-based index (A..Z, AA..).
fn col_name(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

fn col_of(table: Table, name: &str) -> String {
    col_name(header(table).iter().position(|c| *c == name).unwrap())
}

/// Every table with its sheet's name.
const SHEETS: [(&str, Table); 3] = [
    ("Letters", Table::Letters),
    ("Items", Table::Items),
    ("Summary", Table::Summary),
];

#[test]
fn three_sheets_with_the_export_header_rows() {
    let book = Book::read(&workbook(&outcomes()).unwrap());
    let names: Vec<String> = book.sheets().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Letters", "Items", "Summary"]);
    for (sheet, table) in SHEETS {
        let cells = book.cells(sheet);
        for (i, name) in header(table).iter().enumerate() {
            let cell = &cells[&format!("{}1", col_name(i))];
            assert_eq!(cell.kind, "s", "{sheet} header {name}");
            assert_eq!(&cell.value, name);
        }
        // No cell past the last column.
        let past = format!("{}1", col_name(header(table).len()));
        assert!(!cells.contains_key(&past), "{sheet}: {past}");
    }
}

#[test]
fn every_cell_matches_the_export_rows() {
    let outcomes = outcomes();
    let book = Book::read(&workbook(&outcomes).unwrap());
    for (sheet, table) in SHEETS {
        let cells = book.cells(sheet);
        let rows = rows(&outcomes, table);
        assert!(!rows.is_empty());
        for (r, row) in rows.iter().enumerate() {
            for (c, want) in row.iter().enumerate() {
                let at = format!("{}{}", col_name(c), r + 2);
                let name = header(table)[c];
                match cells.get(&at) {
                    None => assert_eq!(want, "", "{sheet} {at} ({name}) is blank"),
                    Some(cell) => {
                        assert!(!cell.formula, "{sheet} {at}: no formulas");
                        let got = match (cell.kind.as_str(), book.number_format(cell.style)) {
                            // Dates: the serial number back to ISO.
                            ("", Some(f)) if f == "yyyy-mm-dd" || f == r"yyyy\-mm\-dd" => {
                                excel_date(cell.value.parse().unwrap())
                            }
                            // Shares: four decimals shown.
                            ("", Some(f)) if f == "0.0000" => {
                                format!("{:.4}", cell.value.parse::<f64>().unwrap())
                            }
                            ("b", _) => {
                                if cell.value == "1" { "true" } else { "false" }.to_string()
                            }
                            _ => cell.value.clone(),
                        };
                        assert_eq!(&got, want, "{sheet} {at} ({name})");
                    }
                }
            }
        }
        let past = format!("A{}", rows.len() + 2);
        assert!(!cells.contains_key(&past), "{sheet}: no row past the last");
    }
}

/// An Excel date serial (1900 system, after February 1900) as ISO.
fn excel_date(serial: f64) -> String {
    // Days from 1970-01-01: serial 25569 is 1970-01-01.
    let days = serial as i64 - 25569;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn dates_are_dates_counts_are_numbers_booleans_are_booleans() {
    let book = Book::read(&workbook(&outcomes()).unwrap());
    let letters = book.cells("Letters");
    // decision_date of the first letter: 2016-12-09 is Excel's day 42713.
    let date = &letters[&format!("{}2", col_of(Table::Letters, "decision_date"))];
    assert_eq!(date.kind, "", "a number, not a string");
    assert_eq!(date.value, "42713");
    let format = book.number_format(date.style).expect("a date format");
    assert_eq!(format.replace('\\', ""), "yyyy-mm-dd");
    for (column, want) in [
        ("items", "2"),
        ("upheld", "1"),
        ("overturned", "1"),
        ("patient_age", "48"),
        ("days_to_decision", "36"),
    ] {
        let cell = &letters[&format!("{}2", col_of(Table::Letters, column))];
        assert_eq!(
            (cell.kind.as_str(), cell.value.as_str()),
            ("", want),
            "{column}"
        );
    }
    let items = book.cells("Items");
    let at = |row: u32, column: &str| &items[&format!("{}{row}", col_of(Table::Items, column))];
    let kind_value = |row, column| {
        (
            at(row, column).kind.as_str(),
            at(row, column).value.as_str(),
        )
    };
    assert_eq!(kind_value(2, "item"), ("", "1"));
    assert_eq!(kind_value(2, "medically_necessary"), ("b", "0"));
    assert_eq!(kind_value(3, "quantity"), ("", "60"));
    assert_eq!(kind_value(4, "sessions"), ("", "6"));
    assert_eq!(kind_value(4, "retrospective"), ("b", "1"));
    assert_eq!(kind_value(2, "retrospective"), ("b", "0"));
    assert_eq!(kind_value(3, "strength"), ("s", "50mg"));
    assert_eq!(
        kind_value(4, "body_parts"),
        ("s", "bilateral wrist; left hand")
    );
    let rationale = at(2, "rationale");
    assert_eq!(rationale.kind, "s");
    assert!(book.wraps(rationale.style), "the rationale wraps");
    // The error row: its source and message, the rest blank.
    let error_row: Vec<&String> = letters
        .iter()
        .filter(|(at, _)| at.ends_with('3') && at.len() == 2)
        .map(|(_, c)| &c.value)
        .collect();
    assert_eq!(error_row.len(), 2, "{error_row:?}");
    // The Summary: counts as numbers, shares as numbers with four decimals.
    let summary = book.cells("Summary");
    assert_eq!(
        (summary["A2"].value.as_str(), summary["B2"].value.as_str()),
        ("all", "all")
    );
    assert_eq!(
        (summary["D2"].kind.as_str(), summary["D2"].value.as_str()),
        ("", "3")
    );
    for (at, want) in [("G2", 0.3333), ("H2", 0.0615), ("I2", 0.7923)] {
        let cell = &summary[at];
        assert_eq!(cell.kind, "", "{at}: a number");
        assert!(
            (cell.value.parse::<f64>().unwrap() - want).abs() < 1e-9,
            "{at}"
        );
        assert_eq!(book.number_format(cell.style).as_deref(), Some("0.0000"));
    }
}

#[test]
fn header_frozen_autofilter_on_columns_sized() {
    let outcomes = outcomes();
    let book = Book::read(&workbook(&outcomes).unwrap());
    for (sheet, table) in SHEETS {
        let xml = book.sheet_xml(sheet);
        assert!(
            Regex::new(r#"<pane ySplit="1" topLeftCell="A2" [^>]*state="frozen"/>"#)
                .unwrap()
                .is_match(xml),
            "{sheet}: frozen header row"
        );
        let last = format!(
            "{}{}",
            col_name(header(table).len() - 1),
            rows(&outcomes, table).len() + 1
        );
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="A1:{last}"/>"#)),
            "{sheet}: autofilter over A1:{last}"
        );
        // Every column has a width, none past the cap.
        let col = Regex::new(r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#).unwrap();
        let widths: Vec<(usize, usize, f64)> = col
            .captures_iter(xml)
            .map(|c| {
                (
                    c[1].parse().unwrap(),
                    c[2].parse().unwrap(),
                    c[3].parse().unwrap(),
                )
            })
            .collect();
        let covered: usize = widths.iter().map(|(a, b, _)| b - a + 1).sum();
        assert_eq!(covered, header(table).len(), "{sheet}: {widths:?}");
        assert!(
            widths.iter().all(|&(_, _, w)| (6.0..=61.0).contains(&w)),
            "{widths:?}"
        );
    }
    // The rationale column is wider than the item number's.
    let xml = book.sheet_xml("Items");
    let width_of = |i: usize| -> f64 {
        let re = Regex::new(&format!(
            r#"<col min="{0}" max="\d+" width="([\d.]+)""#,
            i + 1
        ))
        .unwrap();
        re.captures(xml).unwrap()[1].parse().unwrap()
    };
    let item = header(Table::Items)
        .iter()
        .position(|c| *c == "item")
        .unwrap();
    let rationale = header(Table::Items)
        .iter()
        .position(|c| *c == "rationale")
        .unwrap();
    assert!(width_of(rationale) > 2.0 * width_of(item));
}

#[test]
fn formula_like_text_stays_a_string_unchanged() {
    let mut outcomes = outcomes();
    let Outcome::Analysis(a) = &mut outcomes[0] else {
        panic!("the first fixture is an analysis")
    };
    a.source = "=HYPERLINK(\"http://x\",\"y\")".into();
    a.case_number = Some("+1-2".into());
    a.items[0].request = Some("@SUM(A1:A2)".into());
    let book = Book::read(&workbook(&outcomes).unwrap());
    let letters = book.cells("Letters");
    for (at, want) in [("A2", "=HYPERLINK(\"http://x\",\"y\")"), ("B2", "+1-2")] {
        assert_eq!(letters[at].kind, "s");
        assert!(!letters[at].formula);
        assert_eq!(letters[at].value, want, "no ' guard is added");
    }
    let items = book.cells("Items");
    let request = &items[&format!("{}2", col_of(Table::Items, "request"))];
    assert_eq!(
        (request.kind.as_str(), request.value.as_str()),
        ("s", "@SUM(A1:A2)")
    );
    assert!(!book.files.values().any(|xml| xml.contains("<f>")));
}

#[test]
fn no_outcomes_give_header_rows_only() {
    let book = Book::read(&workbook(&[]).unwrap());
    let letters = book.cells("Letters");
    assert_eq!(letters.len(), header(Table::Letters).len());
    assert!(book.sheet_xml("Items").contains(&format!(
        r#"<autoFilter ref="A1:{}1"/>"#,
        col_name(header(Table::Items).len() - 1)
    )));
    // The Summary of nothing: its `all` row, counts 0, no share (0/0).
    let summary = book.cells("Summary");
    assert_eq!(
        summary.len(),
        header(Table::Summary).len() + 6,
        "{summary:?}"
    );
    assert_eq!(summary["D2"].value, "0");
    assert!(!summary.contains_key("G2"));
}

#[test]
fn command_line_writes_a_workbook_with_output_only() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xlsx-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = dir.join("letters.xlsx");
    let run = Command::new(BIN)
        .args(["--format", "xlsx", "--output"])
        .arg(&out)
        .arg(fixtures.join("letter-a.txt"))
        .arg(fixtures.join("letter-b.txt"))
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty(), "the workbook goes to the file only");
    let book = Book::read(&std::fs::read(&out).unwrap());
    let letters = book.cells("Letters");
    assert_eq!(letters["A2"].value, "letter-a.txt");
    assert_eq!(letters["A3"].value, "letter-b.txt");
    assert!(!letters.contains_key("A4"));

    // The same as the library's workbook of the CLI's own JSON analyses.
    let json = Command::new(BIN)
        .args(["--format", "jsonl"])
        .arg(fixtures.join("letter-a.txt"))
        .arg(fixtures.join("letter-b.txt"))
        .output()
        .unwrap();
    let outcomes: Vec<Outcome> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lib = Book::read(&workbook(&outcomes).unwrap());
    assert_eq!(lib.cells("Letters"), letters);
    assert_eq!(lib.cells("Items"), book.cells("Items"));
    assert_eq!(lib.cells("Summary"), book.cells("Summary"));
    let names: Vec<String> = book.sheets().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Letters", "Items", "Summary"]);

    // --table summary is allowed (the workbook has every table anyway).
    let with_table = dir.join("summary.xlsx");
    let run = Command::new(BIN)
        .args(["--format", "xlsx", "--table", "summary", "--output"])
        .arg(&with_table)
        .arg(fixtures.join("letter-a.txt"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let names: Vec<String> = Book::read(&std::fs::read(&with_table).unwrap())
        .sheets()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["Letters", "Items", "Summary"]);

    // Usage mistakes: no --output, or --table with xlsx.
    for args in [
        vec!["--format", "xlsx"],
        vec!["--format", "xlsx", "--table", "items", "--output", "x.xlsx"],
    ] {
        let run = Command::new(BIN)
            .args(&args)
            .arg(fixtures.join("letter-a.txt"))
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(run.stdout.is_empty());
        assert!(String::from_utf8_lossy(&run.stderr).contains("xlsx"));
    }
    assert!(!dir.join("x.xlsx").exists());
}
