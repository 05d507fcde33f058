//! `imr_analyzer._native`: the core (`imr-analyzer`) for Python, nothing of
//! its own. The Python package (`imr_analyzer/`) wraps it: outcomes cross as
//! the same JSON the command line prints, table cells as the core fills
//! them, the Summary as the core's compact contributions.

use imr_analyzer::export::{self, CellValue, Table};
use imr_analyzer::model::Outcome;
use imr_analyzer::summary::{self, Summary as CoreSummary};
use imr_analyzer::{InputError, MAX_INPUT_BYTES};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

fn table_arg(name: &str) -> PyResult<Table> {
    Table::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown table {name:?}: use \"letters\", \"items\" or \"summary\""
        ))
    })
}

fn format_arg(name: &str) -> PyResult<export::Format> {
    export::Format::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown format {name:?}: use \"tsv\", \"csv\" or \"md\""
        ))
    })
}

fn outcome_json(outcome: &Outcome) -> String {
    serde_json::to_string(outcome).unwrap_or_else(|_| "null".into())
}

fn outcome_arg(json: &str) -> PyResult<Outcome> {
    serde_json::from_str(json).map_err(|e| {
        PyValueError::new_err(format!(
            "not an analysis or error object of imr_analyzer.analyze: {e}"
        ))
    })
}

/// The analysed text of a Python str: a lone surrogate (which UTF-8 cannot
/// hold) becomes U+FFFD, so that no str raises.
fn text_of<'a>(text: &'a Bound<'_, PyString>) -> std::borrow::Cow<'a, str> {
    text.to_str()
        .map(std::borrow::Cow::Borrowed)
        .unwrap_or_else(|_| text.to_string_lossy())
}

/// The version the analyses name (`"imr-analyzer 0.1.0"`).
#[pyfunction]
fn version() -> &'static str {
    imr_analyzer::ANALYZER
}

/// The largest input read, in bytes (larger gives `too_large`).
#[pyfunction]
fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES
}

/// Where a text came from (`text`, or `pdf` for a PDF's text layer).
fn origin(text_source: &str) -> PyResult<imr_analyzer::Origin> {
    imr_analyzer::Origin::from_name(text_source).ok_or_else(|| {
        PyValueError::new_err(format!(
            "text_source must be \"text\" or \"pdf\", got {text_source:?}"
        ))
    })
}

/// Analyze a text: the outcome's JSON (an analysis or an error object).
/// `text_source`: `pdf` when the text is a PDF's text layer.
#[pyfunction]
#[pyo3(signature = (text, source, text_source = "text"))]
fn analyze_text_json(
    text: &Bound<'_, PyString>,
    source: &str,
    text_source: &str,
) -> PyResult<String> {
    let origin = origin(text_source)?;
    let text = text_of(text);
    let input = imr_analyzer::Input::Text(&text);
    Ok(outcome_json(
        &imr_analyzer::analyze_input_from(input, source, MAX_INPUT_BYTES, &origin).outcome,
    ))
}

/// Analyze a text that may hold several letters: a JSON array of their
/// outcomes, one per letter, in order (sources `name#k` when several).
#[pyfunction]
#[pyo3(signature = (text, source, text_source = "text"))]
fn analyze_letters_json(
    text: &Bound<'_, PyString>,
    source: &str,
    text_source: &str,
) -> PyResult<String> {
    let origin = origin(text_source)?;
    let text = text_of(text);
    let letters = imr_analyzer::analyze_letters(
        imr_analyzer::Input::Text(&text),
        source,
        MAX_INPUT_BYTES,
        &origin,
    );
    let outcomes: Vec<Outcome> = letters.into_iter().map(|a| a.outcome).collect();
    serde_json::to_string(&outcomes).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Decode and analyze bytes: the outcome's JSON.
#[pyfunction]
fn analyze_bytes_json(data: &[u8], source: &str) -> String {
    let input = imr_analyzer::Input::Bytes(data);
    outcome_json(&imr_analyzer::analyze_input(input, source, MAX_INPUT_BYTES).outcome)
}

/// The error object's JSON for an input error found outside the core (a PDF
/// reader's): `code` one of `no_text`, `damaged_pdf`, `password_pdf`,
/// `unreadable`, `too_large` (`size` its bytes); `detail` the reason.
#[pyfunction]
#[pyo3(signature = (code, source, detail = "", size = 0))]
fn error_json(code: &str, source: &str, detail: &str, size: u64) -> PyResult<String> {
    let e = match code {
        "no_text" => InputError::NoText,
        "damaged_pdf" => InputError::DamagedPdf(detail.to_string()),
        "password_pdf" => InputError::PasswordPdf,
        "unreadable" => InputError::Unreadable(detail.to_string()),
        "no_pdf_reader" => InputError::NoPdfReader(detail.to_string()),
        "too_large" => InputError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        },
        _ => {
            return Err(PyValueError::new_err(format!(
                "unknown error code {code:?}"
            )))
        }
    };
    Ok(outcome_json(&Outcome::Error(imr_analyzer::error_object(
        &e, source,
    ))))
}

/// A table's columns, in order: `(name, kind)`, kind one of `text`,
/// `integer`, `number`, `date`, `boolean`, `list`.
#[pyfunction]
fn columns(table: &str) -> PyResult<Vec<(&'static str, &'static str)>> {
    Ok(export::columns(table_arg(table)?)
        .iter()
        .map(|c| (c.name, c.kind.as_str()))
        .collect())
}

/// A table as columns of cells (the core's, before any format): a text cell
/// is a str, or None where the core leaves the cell empty; a list cell is a
/// list of str.
#[derive(Default)]
struct ColumnCells {
    text: Vec<Option<String>>,
    list: Vec<Vec<String>>,
}

fn push_row(cols: &mut [ColumnCells], row: Vec<CellValue>) {
    for (col, cell) in cols.iter_mut().zip(row) {
        match cell {
            CellValue::Text(s) => col.text.push((!s.is_empty()).then_some(s)),
            CellValue::List(v) => col.list.push(v),
        }
    }
}

fn into_py(py: Python<'_>, table: Table, cols: Vec<ColumnCells>) -> PyResult<Vec<Py<PyAny>>> {
    export::columns(table)
        .iter()
        .zip(cols)
        .map(|(c, cells)| {
            Ok(if c.kind == export::Kind::List {
                cells.list.into_pyobject(py)?.into_any().unbind()
            } else {
                cells.text.into_pyobject(py)?.into_any().unbind()
            })
        })
        .collect()
}

/// A batch of outcomes in input order: analysed here, or read back from
/// their JSON. Gives the Letters and Items tables as columns, each letter's
/// Summary contribution, and the Summary.
#[pyclass]
struct Batch {
    outcomes: Vec<Outcome>,
}

#[pymethods]
impl Batch {
    #[new]
    fn new() -> Self {
        Batch {
            outcomes: Vec::new(),
        }
    }

    /// Analyze a text and keep its outcomes: one per letter it holds
    /// (SCHEMA.md, "Several letters in one input"), as the command line
    /// does. Returns how many were kept.
    #[pyo3(signature = (text, source, text_source = "text"))]
    fn add_text(
        &mut self,
        text: &Bound<'_, PyString>,
        source: &str,
        text_source: &str,
    ) -> PyResult<usize> {
        let origin = origin(text_source)?;
        let text = text_of(text);
        let input = imr_analyzer::Input::Text(&text);
        let letters = imr_analyzer::analyze_letters(input, source, MAX_INPUT_BYTES, &origin);
        let n = letters.len();
        self.outcomes.extend(letters.into_iter().map(|a| a.outcome));
        Ok(n)
    }

    /// Decode and analyze bytes and keep their outcomes (one per letter);
    /// returns how many were kept.
    fn add_bytes(&mut self, data: &Bound<'_, PyBytes>, source: &str) -> usize {
        let input = imr_analyzer::Input::Bytes(data.as_bytes());
        let letters = imr_analyzer::analyze_letters(
            input,
            source,
            MAX_INPUT_BYTES,
            &imr_analyzer::Origin::default(),
        );
        let n = letters.len();
        self.outcomes.extend(letters.into_iter().map(|a| a.outcome));
        n
    }

    /// Keep an outcome given as its JSON (an analysis or an error object).
    fn add_json(&mut self, json: &str) -> PyResult<()> {
        self.outcomes.push(outcome_arg(json)?);
        Ok(())
    }

    fn __len__(&self) -> usize {
        self.outcomes.len()
    }

    /// Each outcome's JSON, in order.
    fn outcomes_json(&self) -> Vec<String> {
        self.outcomes.iter().map(outcome_json).collect()
    }

    /// Each outcome's source, in order.
    fn sources(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .map(|o| o.source().to_string())
            .collect()
    }

    /// How many Items rows each outcome gives, in order.
    fn item_counts(&self) -> Vec<usize> {
        self.outcomes
            .iter()
            .map(|o| o.analysis().map_or(0, |a| a.items.len()))
            .collect()
    }

    /// The table's cells, column by column in the table's order.
    fn table_columns(&self, py: Python<'_>, table: &str) -> PyResult<Vec<Py<PyAny>>> {
        let table = table_arg(table)?;
        let mut cols: Vec<ColumnCells> = export::columns(table)
            .iter()
            .map(|_| ColumnCells::default())
            .collect();
        if table == Table::Summary {
            let mut s = CoreSummary::new();
            self.outcomes.iter().for_each(|o| s.add(o));
            for row in s.rows() {
                push_row(&mut cols, row.into_iter().map(CellValue::Text).collect());
            }
        } else {
            for outcome in &self.outcomes {
                for row in export::outcome_cells(outcome, table) {
                    push_row(&mut cols, row);
                }
            }
        }
        into_py(py, table, cols)
    }

    /// Each outcome's compact Summary contribution (the page's), in order:
    /// concatenated in any order, `Summary.add_contributions` counts them.
    fn contributions(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .map(|o| match o {
                Outcome::Analysis(a) => {
                    let items: Vec<summary::ItemContribution> = a
                        .items
                        .iter()
                        .map(|item| (item.decision, summary::item_groups(a, item)))
                        .collect();
                    summary::encode_contribution(Some(&items))
                }
                Outcome::Error(_) => summary::encode_contribution(None),
            })
            .collect()
    }

    /// The table rendered as the command line writes it: `tsv`, `csv` or `md`.
    fn render(&self, table: &str, format: &str) -> PyResult<String> {
        Ok(export::render(
            &self.outcomes,
            table_arg(table)?,
            format_arg(format)?,
        ))
    }
}

/// The Summary counted from letters' contributions and finished by the core.
#[pyclass]
struct Summary {
    summary: CoreSummary,
}

#[pymethods]
impl Summary {
    #[new]
    fn new() -> Self {
        Summary {
            summary: CoreSummary::new(),
        }
    }

    /// Count letters from their contributions, concatenated.
    fn add_contributions(&mut self, contributions: &str) -> PyResult<()> {
        self.summary
            .add_encoded(contributions)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Analyses counted.
    #[getter]
    fn letters(&self) -> usize {
        self.summary.letters()
    }

    /// Error objects counted (nowhere in the rows).
    #[getter]
    fn errors(&self) -> usize {
        self.summary.errors()
    }

    /// The rows as the core's cells (str; the share and interval cells empty
    /// for a group without items).
    fn rows(&self) -> Vec<Vec<String>> {
        self.summary.rows()
    }

    /// The Summary's cells, column by column (as `Batch.table_columns`).
    fn table_columns(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        let mut cols: Vec<ColumnCells> = export::columns(Table::Summary)
            .iter()
            .map(|_| ColumnCells::default())
            .collect();
        for row in self.summary.rows() {
            push_row(&mut cols, row.into_iter().map(CellValue::Text).collect());
        }
        into_py(py, Table::Summary, cols)
    }

    /// The Summary as the command line's `--table summary` writes it.
    fn render(&self, format: &str) -> PyResult<String> {
        Ok(export::render_rows(
            Table::Summary,
            &self.summary.rows(),
            format_arg(format)?,
        ))
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(max_input_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_text_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_bytes_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_letters_json, m)?)?;
    m.add_function(wrap_pyfunction!(error_json, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_class::<Batch>()?;
    m.add_class::<Summary>()?;
    Ok(())
}
