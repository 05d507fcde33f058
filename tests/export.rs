//! The tables of SCHEMA.md from analyses written as JSON (the contract's own
//! example, extended), through the public export API.

use imr_analyzer::export::{header, render, rows, Format, Table, TableWriter};
use imr_analyzer::model::Outcome;

fn outcomes() -> Vec<Outcome> {
    let text = include_str!("fixtures/analyses.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn csv_records(text: &str) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix('\u{FEFF}')
        .expect("CSV starts with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn letters_table_rows() {
    let rows = rows(&outcomes(), Table::Letters);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        [
            "CM16-0213037.pdf",
            "CM16-0213037",
            "dwc-2016",
            "2016-12-09",
            "2016-11-09",
            "2016-10-13",
            "2016-11-03",
            "2016-11-03",
            "Standard",
            "California; North Carolina",
            "Family Practice",
            "48",
            "male",
            "2",
            "1",
            "1",
            "The Date of Injury is after the UR Denial Date.; Second, with a comma.",
        ]
    );
    let mut error_row = vec![String::new(); 17];
    error_row[0] = "scan.pdf".into();
    error_row[16] =
        "This PDF has no text layer (it may be a scan). Run it through OCR first, then analyze the text.".into();
    assert_eq!(rows[1], error_row);
    assert_eq!(
        rows[2],
        [
            "dir/CM13-0000001.txt",
            "",
            "dwc-2013",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "female",
            "1",
            "0",
            "0",
            ""
        ]
    );
}

#[test]
fn items_table_rows() {
    let rows = rows(&outcomes(), Table::Items);
    assert_eq!(
        rows.len(),
        3,
        "two items of the first letter, none for the error, one of the third"
    );
    assert_eq!(
        rows[1],
        [
            "CM16-0213037.pdf",
            "CM16-0213037",
            "2",
            "Tramadol 50mg, #60",
            "Tramadol 50mg, #90",
            "Tramadol 50mg, #30",
            "overturned",
            "true",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Opioids.",
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 78-80; UpToDate.",
            "ODG; MTUS; UpToDate",
            "=HYPERLINK(\"x\") is \"medically necessary\"; see | note.",
        ]
    );
    assert_eq!(rows[0][10], "MTUS");
    assert_eq!(rows[2], {
        let mut r = vec![String::new(); 12];
        r[0] = "dir/CM13-0000001.txt".into();
        r[2] = "1".into();
        r[3] = "Acupuncture".into();
        r
    });
}

#[test]
fn csv_round_trips_with_the_guard() {
    let o = outcomes();
    for table in [Table::Letters, Table::Items] {
        let text = render(&o, table, Format::Csv);
        assert!(text.ends_with("\r\n"));
        let records = csv_records(&text);
        assert_eq!(records[0], header(table));
        let mut want = rows(&o, table);
        for row in &mut want {
            for cell in row.iter_mut() {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    cell.insert(0, '\'');
                }
            }
        }
        assert_eq!(records[1..], want[..]);
    }
    let items = render(&o, Table::Items, Format::Csv);
    assert!(
        items.contains(
            ",\"'=HYPERLINK(\"\"x\"\") is \"\"medically necessary\"\"; see | note.\"\r\n"
        ),
        "{items}"
    );
}

#[test]
fn tsv_matches_the_rows() {
    let o = outcomes();
    let text = render(&o, Table::Letters, Format::Tsv);
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], header(Table::Letters).join("\t"));
    assert_eq!(lines[2], format!("scan.pdf{}\tThis PDF has no text layer (it may be a scan). Run it through OCR first, then analyze the text.", "\t".repeat(15)));
    let items = render(&o, Table::Items, Format::Tsv);
    assert!(items.lines().nth(2).unwrap().ends_with(
        "\tODG; MTUS; UpToDate\t'=HYPERLINK(\"x\") is \"medically necessary\"; see | note."
    ));
}

#[test]
fn markdown_table() {
    let text = render(&outcomes(), Table::Items, Format::Markdown);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        format!("| {} |", header(Table::Items).join(" | "))
    );
    assert_eq!(
        lines[1],
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    assert!(
        lines[3].ends_with(
            "| ODG; MTUS; UpToDate | =HYPERLINK(\"x\") is \"medically necessary\"; see \\| note. |"
        ),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[4],
        "| dir/CM13-0000001.txt |  | 1 | Acupuncture |  |  |  |  |  |  |  |  |"
    );
}

#[test]
fn streaming_and_render_agree() {
    let o = outcomes();
    for format in [Format::Tsv, Format::Csv, Format::Markdown] {
        let mut w = TableWriter::new(Vec::new(), Table::Letters, format);
        w.write_header().unwrap();
        for x in &o {
            w.write_outcome(x).unwrap();
        }
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            render(&o, Table::Letters, format)
        );
    }
}
