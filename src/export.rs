//! Stage 4: tables and exports (Letters / Items tables; TSV, CSV, Markdown).
//! Placeholder signatures: the full implementation follows SCHEMA.md "Tables".

use crate::model::Outcome;

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Letters,
    Items,
}

/// Which text format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Tsv,
    Csv,
    Markdown,
}

/// Render a table of outcomes in a format.
pub fn render(_outcomes: &[Outcome], _table: Table, _format: Format) -> String {
    String::new()
}
