//! One letter as plain text, for an email or a note ("Copy as text" on the
//! page, `--format text` on the command line): the letter's facts and each
//! item with its decision, treatment, reasons and guidelines, in the words
//! of the tables' own column labels ([`crate::export`]'s column tables), so
//! a fact is named the same everywhere. A reason is given in its words
//! ([`ReasonCode::label`]), not its code.

use crate::export::{columns, outcome_cells, CellValue, Table, LIST_SEPARATOR};
use crate::model::{Outcome, ReasonCode};

/// Letters columns the heading already says, or that count what follows.
const LETTER_SKIPPED: &[&str] = &["case_number", "items", "upheld", "overturned"];

/// Items columns the item's heading already says.
const ITEM_SKIPPED: &[&str] = &["source", "case_number", "item", "request"];

/// The text of one outcome (an error object: what could not be analysed and
/// why). Lines end with `\n`; items are separated by a blank line.
pub fn letter_text(outcome: &Outcome) -> String {
    let a = match outcome {
        Outcome::Error(e) => return format!("Not analyzed: {}\n{}\n", e.source, e.error.message),
        Outcome::Analysis(a) => a,
    };
    let mut out = String::new();
    match &a.case_number {
        Some(c) => out.push_str(&format!("IMR letter {c}\n")),
        None => out.push_str(&format!("IMR letter {}\n", a.source)),
    }
    // The counts are the Letters row's own cells.
    let letters = outcome_cells(outcome, Table::Letters);
    let count = |name: &str| -> String {
        let cols = columns(Table::Letters);
        let i = cols.iter().position(|c| c.name == name);
        i.and_then(|i| letters.first().map(|row| row[i].joined()))
            .unwrap_or_default()
    };
    let items = a.items.len();
    out.push_str(&format!(
        "{items} item{}: {} upheld, {} overturned\n",
        if items == 1 { "" } else { "s" },
        count("upheld"),
        count("overturned")
    ));
    if let Some(row) = letters.first() {
        for (col, cell) in columns(Table::Letters).iter().zip(row) {
            if !LETTER_SKIPPED.contains(&col.name) {
                line(&mut out, "", col.label, &words(col.name, cell));
            }
        }
    }
    let items = outcome_cells(outcome, Table::Items);
    for (item, row) in a.items.iter().zip(&items) {
        out.push('\n');
        out.push_str(&format!(
            "Item {}: {}\n",
            item.number,
            item.request.as_deref().unwrap_or("(request not read)")
        ));
        for (col, cell) in columns(Table::Items).iter().zip(row) {
            if !ITEM_SKIPPED.contains(&col.name) {
                line(&mut out, "  ", col.label, &words(col.name, cell));
            }
        }
    }
    out
}

/// A cell in words: a list joined, a reason code as its label.
fn words(column: &str, cell: &CellValue) -> String {
    match cell {
        CellValue::List(values) if column == "reasons" => values
            .iter()
            .map(|v| ReasonCode::from_name(v).map_or(v.as_str(), |c| c.label()))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        other => other.joined(),
    }
}

fn line(out: &mut String, indent: &str, label: &str, value: &str) {
    if !value.is_empty() {
        out.push_str(&format!("{indent}{label}: {value}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "Case Number: CM16-0000401\nDate Assigned: 11/09/2016 Date of Injury: 03/02/2015\n\
        Decision Date: 12/09/2016 UR Denial Date: 11/01/2016\nPriority: Standard Application Received: 11/04/2016\n\n\
        HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent the complete case file to an expert reviewer.\n\n\
        CLINICAL CASE SUMMARY\nThe injured worker is a 47 year old male with shoulder pain.\n\n\
        IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n\n\
        MRI of the left shoulder: Upheld\n\n\
        Claims Administrator guideline: Decision based on ACOEM Shoulder Complaints 2004.\n\n\
        MAXIMUS guideline: Decision based on ACOEM Shoulder Complaints 2004.\n\n\
        Decision rationale: The patient has not trialed and failed a course of conservative care prior to this request. The request is not medically necessary.\n";

    #[test]
    fn a_letter_in_words_with_its_items_and_reasons() {
        let o = crate::outcome(crate::analyze(LETTER, "a.txt"), "a.txt");
        let t = letter_text(&o);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "IMR letter CM16-0000401");
        assert_eq!(lines[1], "1 item: 1 upheld, 0 overturned");
        assert!(lines.contains(&"Decision date: 2016-12-09"), "{t}");
        assert!(lines.contains(&"Item 1: MRI of the left shoulder"), "{t}");
        assert!(lines.contains(&"  Decision: upheld"), "{t}");
        assert!(
            lines.contains(&"  Reasons: No documented trial of conservative care"),
            "{t}"
        );
        assert!(lines.contains(&"  Category: Diagnostic Testing"), "{t}");
        // Nothing empty is written, and the item's heading is not repeated.
        assert!(lines.iter().all(|l| !l.ends_with(": ")), "{t}");
        assert!(!t.contains("Request:"), "{t}");
        let e = crate::outcome(crate::analyze("a shopping list", "b.txt"), "b.txt");
        assert!(letter_text(&e).starts_with("Not analyzed: b.txt\n"));
    }
}
