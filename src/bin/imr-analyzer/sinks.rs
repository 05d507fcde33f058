//! Output sinks: JSON, JSONL, a table (TSV, CSV, Markdown; the Summary) or
//! an Excel workbook, written as the results come.

use crate::args::OutputFormat;
use imr_analyzer::export::{self, Table, TableWriter};
use imr_analyzer::model::{Analysis, Outcome};
use imr_analyzer::summary::Summary;
use serde::Serialize;
use std::io::{self, Write};

/// An analysis with its analysed text (`--with-text`).
#[derive(Serialize)]
struct WithText<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    text: &'a str,
}

fn write_json<T: Serialize>(out: &mut Vec<u8>, value: &T, pretty: bool) -> serde_json::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(out, value)
    } else {
        serde_json::to_writer(out, value)
    }
}

fn write_outcome_json(
    out: &mut Vec<u8>,
    outcome: &Outcome,
    text: Option<&str>,
    pretty: bool,
) -> serde_json::Result<()> {
    match (outcome, text) {
        (Outcome::Analysis(a), Some(text)) => {
            write_json(out, &WithText { analysis: a, text }, pretty)
        }
        _ => write_json(out, outcome, pretty),
    }
}

/// A JSON array (pretty, streamed) or JSON lines.
pub struct JsonWriter<W: Write> {
    out: W,
    pretty: bool,
    /// No element written yet (pretty array).
    first: bool,
    buf: Vec<u8>,
}

impl<W: Write> JsonWriter<W> {
    /// Write one element: `fill` serializes it into the buffer.
    fn element(
        &mut self,
        fill: impl FnOnce(&mut Vec<u8>, bool) -> serde_json::Result<()>,
    ) -> io::Result<()> {
        self.buf.clear();
        if !self.pretty {
            fill(&mut self.buf, false)?;
            self.buf.push(b'\n');
            return self.out.write_all(&self.buf);
        }
        self.buf
            .extend_from_slice(if self.first { b"[\n  " } else { b",\n  " });
        self.first = false;
        let start = self.buf.len();
        fill(&mut self.buf, true)?;
        // Indent the element one level, as a pretty array would: string
        // values never hold a raw line break.
        let mut indented = Vec::with_capacity(self.buf.len() + self.buf.len() / 8);
        indented.extend_from_slice(&self.buf[..start]);
        for &b in &self.buf[start..] {
            indented.push(b);
            if b == b'\n' {
                indented.extend_from_slice(b"  ");
            }
        }
        self.out.write_all(&indented)
    }

    fn finish(mut self) -> io::Result<()> {
        if self.pretty {
            self.out
                .write_all(if self.first { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// The output being written, whatever its format.
pub enum Sink<W: Write> {
    /// The outcomes as JSON (an array or lines).
    Json(JsonWriter<W>),
    /// The Summary's rows as JSON objects, written at the end.
    SummaryJson(JsonWriter<W>, Box<Summary>),
    Table(TableWriter<W>),
    /// Each letter as text (`--format text`), a blank line between.
    Text {
        out: W,
        first: bool,
    },
    /// The workbook needs every outcome: they are kept until the end.
    Xlsx {
        out: W,
        outcomes: Vec<Outcome>,
    },
}

impl<W: Write> Sink<W> {
    pub fn new(out: W, format: OutputFormat, table: Table) -> io::Result<Self> {
        let table_format = match format {
            OutputFormat::Json | OutputFormat::Jsonl => {
                let json = JsonWriter {
                    out,
                    pretty: format == OutputFormat::Json,
                    first: true,
                    buf: Vec::new(),
                };
                return Ok(if table == Table::Summary {
                    Sink::SummaryJson(json, Box::new(Summary::new()))
                } else {
                    Sink::Json(json)
                });
            }
            OutputFormat::Xlsx => {
                return Ok(Sink::Xlsx {
                    out,
                    outcomes: Vec::new(),
                })
            }
            OutputFormat::Text => return Ok(Sink::Text { out, first: true }),
            OutputFormat::Csv => export::Format::Csv,
            OutputFormat::Tsv => export::Format::Tsv,
            OutputFormat::Md => export::Format::Markdown,
        };
        let mut w = TableWriter::new(out, table, table_format);
        w.write_header()?;
        Ok(Sink::Table(w))
    }

    pub fn write(&mut self, outcome: &Outcome, text: Option<&str>) -> io::Result<()> {
        match self {
            Sink::Json(json) => {
                json.element(|buf, pretty| write_outcome_json(buf, outcome, text, pretty))
            }
            Sink::SummaryJson(_, summary) => {
                summary.add(outcome);
                Ok(())
            }
            Sink::Table(w) => w.write_outcome(outcome),
            Sink::Text { out, first } => {
                if !*first {
                    out.write_all(b"\n")?;
                }
                *first = false;
                out.write_all(imr_analyzer::letter_text::letter_text(outcome).as_bytes())
            }
            Sink::Xlsx { outcomes, .. } => {
                outcomes.push(outcome.clone());
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Json(json) => json.finish(),
            Sink::SummaryJson(mut json, summary) => {
                for row in summary.rows() {
                    let object = export::row_object(Table::Summary, &row);
                    json.element(|buf, pretty| write_json(buf, &object, pretty))?;
                }
                json.finish()
            }
            Sink::Table(w) => w.finish().and_then(|mut out| out.flush()),
            Sink::Text { mut out, .. } => out.flush(),
            Sink::Xlsx { mut out, outcomes } => {
                out.write_all(&xlsx_bytes(&outcomes)?)?;
                out.flush()
            }
        }
    }
}

#[cfg(feature = "xlsx")]
fn xlsx_bytes(outcomes: &[Outcome]) -> io::Result<Vec<u8>> {
    imr_analyzer::xlsx::workbook(outcomes).map_err(io::Error::other)
}

#[cfg(not(feature = "xlsx"))]
fn xlsx_bytes(_: &[Outcome]) -> io::Result<Vec<u8>> {
    Err(io::Error::other(XLSX_MISSING))
}

/// Why `--format xlsx` fails in a build without the `xlsx` feature.
#[cfg(not(feature = "xlsx"))]
pub const XLSX_MISSING: &str =
    "this imr-analyzer was built without Excel support (cargo feature `xlsx`)";
