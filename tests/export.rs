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
            "36",
            "Standard",
            "California; North Carolina",
            "Family Practice",
            "48",
            "male",
            "2",
            "1",
            "1",
            "partially overturned",
            "The Date of Injury is after the UR Denial Date.; Second, with a comma.",
            "pdf",
        ]
    );
    let mut error_row = vec![String::new(); 20];
    error_row[0] = "scan.pdf".into();
    error_row[18] =
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
            "",
            "female",
            "1",
            "0",
            "0",
            "",
            "",
            // Saved without text_source: given as text.
            "text"
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
            "Pharmaceuticals",
            "Opioids",
            "",
            "tramadol",
            "50mg",
            "60",
            "",
            "false",
            "",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Opioids.",
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 78-80; UpToDate.",
            "ODG; MTUS; UpToDate",
            "=HYPERLINK(\"x\") is \"medically necessary\"; see | note.",
        ]
    );
    assert_eq!(
        rows[0][8..16],
        [
            "Diagnostic Testing",
            "Imaging/Radiology",
            "right shoulder",
            "",
            "",
            "",
            "",
            "false"
        ]
    );
    assert_eq!(rows[0][19], "MTUS");
    assert_eq!(rows[2], {
        let mut r = vec![String::new(); 21];
        r[0] = "dir/CM13-0000001.txt".into();
        r[2] = "1".into();
        r[3] = "Acupuncture".into();
        r[8] = "Rehabilitation".into();
        r[9] = "Acupuncture".into();
        r[10] = "bilateral wrist; left hand".into();
        r[14] = "6".into();
        r[15] = "true".into();
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
    assert_eq!(lines[2], format!("scan.pdf{}\tThis PDF has no text layer (it may be a scan). Run it through OCR first, then analyze the text.\t", "\t".repeat(17)));
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
    assert_eq!(lines[1], format!("|{}", " --- |".repeat(21)));
    assert!(
        lines[3].ends_with(
            "| ODG; MTUS; UpToDate | =HYPERLINK(\"x\") is \"medically necessary\"; see \\| note. |"
        ),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[4],
        "| dir/CM13-0000001.txt |  | 1 | Acupuncture |  |  |  |  | Rehabilitation | Acupuncture \
         | bilateral wrist; left hand |  |  |  | 6 | true |  |  |  |  |  |"
    );
}

#[test]
fn summary_table_of_the_fixtures() {
    // The third letter's item has no decision: counted in `items`, neither
    // upheld nor overturned.
    let o = outcomes();
    let csv = render(&o, Table::Summary, Format::Csv);
    let records = csv_records(&csv);
    assert_eq!(records[0], header(Table::Summary));
    let body: Vec<String> = records[1..].iter().map(|r| r.join(",")).collect();
    assert_eq!(
        body,
        [
            "all,all,2,3,1,1,0.3333,0.0615,0.7923",
            "category,Diagnostic Testing,1,1,1,0,0.0000,0.0000,0.7935",
            "category,Pharmaceuticals,1,1,0,1,1.0000,0.2065,1.0000",
            "category,Rehabilitation,1,1,0,0,0.0000,0.0000,0.7935",
            "subcategory,Diagnostic Testing / Imaging/Radiology,1,1,1,0,0.0000,0.0000,0.7935",
            "subcategory,Pharmaceuticals / Opioids,1,1,0,1,1.0000,0.2065,1.0000",
            "subcategory,Rehabilitation / Acupuncture,1,1,0,0,0.0000,0.0000,0.7935",
            "drug,(none),2,2,1,0,0.0000,0.0000,0.6576",
            "drug,tramadol,1,1,0,1,1.0000,0.2065,1.0000",
            "body_part,(none),1,1,0,1,1.0000,0.2065,1.0000",
            "body_part,hand,1,1,0,0,0.0000,0.0000,0.7935",
            "body_part,shoulder,1,1,1,0,0.0000,0.0000,0.7935",
            "body_part,wrist,1,1,0,0,0.0000,0.0000,0.7935",
            "reviewer_specialty,Family Practice,1,2,1,1,0.5000,0.0945,0.9055",
            "reviewer_specialty,(none),1,1,0,0,0.0000,0.0000,0.7935",
            "guideline,(none),1,1,0,0,0.0000,0.0000,0.7935",
            "guideline,MTUS Chronic Pain Medical Treatment,1,1,0,1,1.0000,0.2065,1.0000",
            "guideline,MTUS Shoulder Complaints,1,1,1,0,0.0000,0.0000,0.7935",
            "reviewer_state,California,1,2,1,1,0.5000,0.0945,0.9055",
            "reviewer_state,North Carolina,1,2,1,1,0.5000,0.0945,0.9055",
            "reviewer_state,(none),1,1,0,0,0.0000,0.0000,0.7935",
            // the fixtures were written before REASONS.md: no reasons
            "reason,(none),2,3,1,1,0.3333,0.0615,0.7923",
        ]
    );
}

#[test]
fn streaming_writer_bytes_are_the_tables() {
    let o = outcomes();
    let stream = |table, format| {
        let mut w = TableWriter::new(Vec::new(), table, format);
        w.write_header().unwrap();
        for x in &o {
            w.write_outcome(x).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    };
    // Letters as TSV: the header, then each row's cells, guarded, tab-joined.
    let mut want = header(Table::Letters).join("\t") + "\n";
    for row in rows(&o, Table::Letters) {
        want += &row.join("\t");
        want.push('\n');
    }
    assert_eq!(stream(Table::Letters, Format::Tsv), want);
    // The third analysis was saved without text_source: given as text.
    assert!(want.contains("\tdwc-2013\t\t\t\t\t\t\t\t\t\t\tfemale\t1\t0\t0\t\t\ttext\n"));
    let summary = stream(Table::Summary, Format::Markdown);
    assert!(summary.starts_with(
        "| dimension | group | letters | items | upheld | overturned | overturned_share | ci_low | ci_high |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n\
         | all | all | 2 | 3 | 1 | 1 | 0.3333 | 0.0615 | 0.7923 |\n"
    ));
    for table in Table::ALL {
        for format in [Format::Tsv, Format::Csv, Format::Markdown] {
            assert_eq!(stream(table, format), render(&o, table, format));
        }
    }
}
