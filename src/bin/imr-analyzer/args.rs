//! The command line's arguments (clap) and its help text.

use clap::{Parser, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Analyze California workers' compensation IMR Final Determination Letters \
(their text) into the analysis of SCHEMA.md (imr-letter/1), or into the Letters / Items / Summary tables.";

const LONG_ABOUT: &str = "\
Analyze California workers' compensation IMR Final Determination Letters (their text) into the
analysis of SCHEMA.md (imr-letter/1): case number, dates, reviewer, patient, and every disputed
item with its decision, guidelines, rationale and treatment; or into the Letters / Items tables,
or the Summary of what gets overturned.

INPUTS
  A PATH is a file or a folder. A folder is read recursively: its .txt and .pdf files and
  its images (.png, .jpg, .jpeg, .tif, .tiff), sorted by path. `-` (or no PATH at all) reads standard input, whose source is \"stdin\".
  Each input's \"source\" is the file's name, or its path relative to the folder given.
  An input holding several letters (a merged PDF, a text of several letters) gives one
  analysis per letter, in order, its source \"name#k\" and its own part of the text.
  Text is read as UTF-8 (a byte-order mark is dropped), or as Windows-1252 with a warning.
  PDF files (.pdf, or any input that starts with %PDF-) are read through poppler's
  `pdftotext -enc UTF-8 -layout` (Debian/Ubuntu: apt-get install poppler-utils); the text it
  prints is the analysed text (--with-text shows it). A PDF that needs a password gives the
  error code \"password_pdf\", one pdftotext cannot read \"damaged_pdf\" with its reason, one
  with no text (a scan) is read by OCR (below). Without pdftotext each PDF gives \"unreadable\" with a
  message naming the package to install, and standard error says so once. The environment
  variable IMR_PDFTOTEXT names another pdftotext program to run.
  Scans and faxes (a PDF without a text layer) and image files are read by OCR (--ocr auto,
  the default): each page rendered at 300 dpi by poppler's pdftoppm and recognised by
  Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr), pages in parallel across the
  cores. The analysis says \"text_source\": \"ocr\" with the engine, the pages and the mean word
  confidence, and carries the warning \"ocr\". Without tesseract, or with --ocr never, such an
  input gives the error \"no_text\" saying what to install. Limits: 100 pages a scan and
  60 million pixels an image (\"too_large\"); an image that cannot be decoded gives
  \"damaged_image\". IMR_TESSERACT names another tesseract program to run.
  A file that cannot be read (missing, no permission) gives an error object with code
  \"unreadable\" and the system's reason in its message, and a line on standard error.
  Inputs larger than 512 MB give the error code \"too_large\".

OUTPUT (--format)
  json   one JSON array (pretty-printed) of analyses and error objects, in input order [default]
  jsonl  one compact JSON object a line, one line per input, in input order
  csv    the --table as CSV: RFC 4180, CRLF line ends, UTF-8 byte-order mark
  tsv    the --table as TSV: tabs and line breaks in values become spaces
  md     the --table as a Markdown pipe table
  xlsx   an Excel workbook with a Letters, an Items and a Summary sheet (needs --output FILE):
         dates as dates, counts as numbers, header row frozen, autofilter on
  text   each letter as plain text for an email or a note: its facts, then each item with
         its decision, treatment, reasons in words and guidelines (as the page's Copy as text)
  --output FILE writes the output to FILE instead of standard output.
  --table summary prints the Summary (SCHEMA.md): for each dimension
  ({dimensions})
  the items of each group, upheld, overturned, the overturned share and its 95% Wilson
  interval; with json or jsonl as one object per row.
  In CSV and TSV a cell beginning with = + - @, a tab or a carriage return gets a leading '
  so that no spreadsheet runs it as a formula; xlsx cells are stored as strings, never as
  formulas, so they keep their text unchanged. An input that is not a letter is a Letters row
  with its source and the error message in the warnings column, has no Items rows and counts
  nowhere in the Summary.

EXIT STATUS
  0  every input was analysed (warnings allowed)
  1  at least one input gave an error object (not a letter, empty, binary, unreadable, ...);
     the other inputs are still analysed and printed
     (a folder with no .txt or .pdf file is named on standard error; it is no error)
     (also when the output cannot be written)
  2  a usage mistake (unknown option, --table letters with json, --with-text with a table, ...)";

const AFTER_HELP: &str = "\
EXAMPLES
  imr-analyzer letter.txt                              one letter, pretty JSON
  imr-analyzer --format jsonl letters/ > out.jsonl     every .txt under letters/, a line each
  imr-analyzer --format csv --table items letters/ > items.csv
  imr-analyzer --format md --table summary letters/    what gets overturned, as a table
  imr-analyzer --format xlsx --output letters.xlsx letters/
  imr-analyzer --with-text letter.pdf                  also the text pdftotext extracted";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One pretty-printed JSON array.
    Json,
    /// One compact JSON object a line.
    Jsonl,
    /// A table as CSV (BOM, CRLF).
    Csv,
    /// A table as TSV.
    Tsv,
    /// A table as a Markdown pipe table.
    #[value(alias = "markdown")]
    Md,
    /// An Excel workbook (Letters, Items and Summary sheets); needs --output.
    Xlsx,
    /// Each letter as plain text, for an email or a note (facts, items with decision,
    /// treatment, reasons and guidelines), letters separated by a blank line.
    Text,
}

impl OutputFormat {
    pub fn is_json(self) -> bool {
        matches!(self, OutputFormat::Json | OutputFormat::Jsonl)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableArg {
    /// One row per letter.
    Letters,
    /// One row per disputed item.
    Items,
    /// One row per group of items: what gets overturned.
    Summary,
}

/// The long help, with the Summary's dimensions as the core names them.
fn long_about() -> String {
    let dimensions: Vec<String> = imr_analyzer::summary::DIMENSIONS
        .iter()
        .skip(1)
        .map(|d| d.label.to_lowercase())
        .collect();
    LONG_ABOUT.replace("{dimensions}", &dimensions.join(", "))
}

#[derive(Debug, Parser)]
#[command(
    name = "imr-analyzer",
    version,
    about = ABOUT,
    long_about = long_about(),
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Read scans (PDFs without a text layer) and image files (.png, .jpg, .tif) by OCR
    /// with Tesseract (auto), or never (they give the error no_text).
    #[arg(long, value_enum, default_value = "auto")]
    pub ocr: crate::ocr::OcrMode,
    /// The text inputs are OCR output (from any engine): read their structure through OCR's
    /// usual confusions, as for the scans read here ("text_source": "ocr").
    #[arg(long)]
    pub ocr_text: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,

    /// Which table csv, tsv and md print (json and jsonl: summary only) [default: letters].
    #[arg(long, value_enum)]
    pub table: Option<TableArg>,

    /// Add "text" (the analysed text) to each analysis (json and jsonl only).
    #[arg(long)]
    pub with_text: bool,

    /// Write the output to FILE instead of standard output (required by xlsx).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Files or folders to analyze; `-` or none reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}
