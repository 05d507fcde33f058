//! The command line: analyze IMR Final Determination Letters into JSON or tables.
//!
//! See `imr-analyzer --help`.

use clap::{CommandFactory, Parser, ValueEnum};
use imr_analyzer::export::{self, TableWriter};
use imr_analyzer::model::{Analysis, ErrorBody, ErrorObject, Outcome, ANALYZER, SCHEMA};
use imr_analyzer::InputError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// The largest input the command line reads (SCHEMA.md: none below 100 MB).
const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

const ABOUT: &str = "Analyze California workers' compensation IMR Final Determination Letters \
(their text) into the analysis of SCHEMA.md (imr-letter/1), or into the Letters / Items tables.";

const LONG_ABOUT: &str = "\
Analyze California workers' compensation IMR Final Determination Letters (their text) into the
analysis of SCHEMA.md (imr-letter/1): case number, dates, reviewer, patient, and every disputed
item with its decision, guidelines and rationale; or into the Letters / Items tables.

INPUTS
  A PATH is a file or a folder. A folder is read recursively: its .txt and .pdf files,
  sorted by path. `-` (or no PATH at all) reads standard input, whose source is \"stdin\".
  Each input's \"source\" is the file's name, or its path relative to the folder given.
  Text is read as UTF-8 (a byte-order mark is dropped), or as Windows-1252 with a warning.
  PDF files (.pdf, or any input that starts with %PDF-) are read through poppler's
  `pdftotext -enc UTF-8 -layout` (Debian/Ubuntu: apt-get install poppler-utils); the text it
  prints is the analysed text (--with-text shows it). A PDF that needs a password gives the
  error code \"password_pdf\", one pdftotext cannot read \"damaged_pdf\" with its reason, one
  with no text (a scan) \"no_text\". Without pdftotext each PDF gives \"damaged_pdf\" with a
  message naming the package to install, and standard error says so once. The environment
  variable IMR_PDFTOTEXT names another pdftotext program to run.
  A file that cannot be read (missing, no permission) gives an error object with code \"empty\"
  and the system's reason in its message, and a line on standard error.
  Inputs larger than 512 MB give the error code \"too_large\".

OUTPUT (--format)
  json   one JSON array (pretty-printed) of analyses and error objects, in input order [default]
  jsonl  one compact JSON object a line, one line per input, in input order
  csv    the --table as CSV: RFC 4180, CRLF line ends, UTF-8 byte-order mark
  tsv    the --table as TSV: tabs and line breaks in values become spaces
  md     the --table as a Markdown pipe table
  xlsx   an Excel workbook with a Letters and an Items sheet (needs --output FILE):
         dates as dates, counts as numbers, header row frozen, autofilter on
  --output FILE writes the output to FILE instead of standard output.
  In CSV and TSV a cell beginning with = + - @, a tab or a carriage return gets a leading '
  so that no spreadsheet runs it as a formula; xlsx cells are stored as strings, never as
  formulas, so they keep their text unchanged. An input that is not a letter is a Letters row
  with its source and the error message in the warnings column, and has no Items rows.

EXIT STATUS
  0  every input was analysed (warnings allowed)
  1  at least one input gave an error object (not a letter, empty, binary, unreadable, ...);
     the other inputs are still analysed and printed
     (also when the output cannot be written)
  2  a usage mistake (unknown option, --table with json, --with-text with a table, ...)";

const AFTER_HELP: &str = "\
EXAMPLES
  imr-analyzer letter.txt                              one letter, pretty JSON
  imr-analyzer --format jsonl letters/ > out.jsonl     every .txt under letters/, a line each
  imr-analyzer --format csv --table items letters/ > items.csv
  imr-analyzer --format xlsx --output letters.xlsx letters/
  imr-analyzer --with-text letter.pdf                  also the text pdftotext extracted";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
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
    /// An Excel workbook (Letters and Items sheets); needs --output.
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TableArg {
    /// One row per letter.
    Letters,
    /// One row per disputed item.
    Items,
}

#[derive(Debug, Parser)]
#[command(
    name = "imr-analyzer",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
struct Cli {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: OutputFormat,

    /// Which table csv, tsv and md print [default: letters].
    #[arg(long, value_enum)]
    table: Option<TableArg>,

    /// Add "text" (the analysed text) to each analysis (json and jsonl only).
    #[arg(long)]
    with_text: bool,

    /// Write the output to FILE instead of standard output (required by xlsx).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Files or folders to analyze; `-` or none reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// One input to analyze, and the source name it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Input {
    Stdin,
    File {
        path: PathBuf,
        source: String,
    },
    /// A folder (or an entry in it) that could not be listed.
    Unlisted {
        source: String,
        error: String,
    },
}

impl Input {
    fn source(&self) -> &str {
        match self {
            Input::Stdin => "stdin",
            Input::File { source, .. } | Input::Unlisted { source, .. } => source,
        }
    }
}

/// What reading an input gave: bytes to decode, or the text extracted from
/// a PDF.
enum Content {
    Bytes(Vec<u8>),
    Text(String),
}

/// The Debian package that has `pdftotext`.
const PDFTOTEXT_PACKAGE: &str = "poppler-utils";

/// Why an input could not be read.
#[derive(Debug)]
enum ReadError {
    /// The file system said no.
    Io(String),
    /// An input error of SCHEMA.md (too large, no text, damaged or
    /// password-protected PDF).
    Input(InputError),
    /// A PDF, and no `pdftotext` to read it.
    PdftotextMissing(String),
}

impl ReadError {
    fn error_object(&self, source: &str) -> ErrorObject {
        let (code, message) = match self {
            // SCHEMA.md has no code for an unreadable file; "empty" is the
            // closest: nothing could be read.
            ReadError::Io(why) => ("empty", format!("This file could not be read ({why}), so there is nothing to analyze.")),
            ReadError::Input(e) => (e.code(), e.message()),
            // SCHEMA.md has no code for a missing tool; "damaged_pdf" is
            // "a PDF that cannot be read", and the message says why.
            ReadError::PdftotextMissing(why) => (
                "damaged_pdf",
                format!("This PDF could not be read: poppler's pdftotext, which the command line reads PDFs with, is not installed ({why}). Install it (Debian/Ubuntu: `apt-get install {PDFTOTEXT_PACKAGE}`; macOS: `brew install poppler`) and run again."),
            ),
        };
        ErrorObject {
            schema: SCHEMA.into(),
            analyzer: ANALYZER.into(),
            source: source.into(),
            error: ErrorBody {
                code: code.into(),
                message,
            },
        }
    }
}

fn is_pdf_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn is_txt_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn too_large(size: u64) -> ReadError {
    ReadError::Input(InputError::TooLarge {
        size,
        limit: MAX_INPUT_BYTES,
    })
}

/// Read one input file: a PDF (by its name or its first bytes) through
/// `pdftotext`, anything else as bytes to decode.
fn read_input(path: &Path) -> Result<Content, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ReadError::Io("it is a folder".into()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = read_limited(file, meta.len() as usize)?;
    content(bytes, is_pdf_name(path))
}

/// Bytes read: PDF text when `pdf_name` or the bytes start with `%PDF-`.
fn content(bytes: Vec<u8>, pdf_name: bool) -> Result<Content, ReadError> {
    if pdf_name || bytes.starts_with(b"%PDF-") {
        pdf_text(&bytes).map(Content::Text)
    } else {
        Ok(Content::Bytes(bytes))
    }
}

/// The text of a PDF, extracted by poppler's `pdftotext` (as ripgrep's
/// `--pre` does). The PDF goes to its standard input (so no file name can be
/// taken for an option, and standard input can be a PDF too) and the text
/// comes from its standard output.
///
/// `-layout` keeps each printed line whole, with its line-end hyphens: over
/// the development PDFs it scores 100% of fields against 99.5% for the raw
/// mode, which drops some hyphens from the text.
fn pdf_text(pdf: &[u8]) -> Result<String, ReadError> {
    use std::process::{Command, Stdio};
    let program = std::env::var_os("IMR_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    let mut child = Command::new(&program)
        .args(["-enc", "UTF-8", "-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                ReadError::PdftotextMissing(format!(
                    "`{}` was not found",
                    program.to_string_lossy()
                ))
            } else {
                ReadError::PdftotextMissing(format!(
                    "`{}` could not be run: {e}",
                    program.to_string_lossy()
                ))
            }
        })?;
    let mut stdin = child.stdin.take();
    let output = std::thread::scope(|scope| {
        // Feed the PDF while the output is read, so neither pipe fills up.
        // pdftotext may stop reading early (a broken pipe): its exit status
        // and message say why.
        scope.spawn(move || {
            if let Some(stdin) = stdin.as_mut() {
                let _ = stdin.write_all(pdf);
            }
            drop(stdin);
        });
        child.wait_with_output()
    })
    .map_err(|e| ReadError::Io(format!("pdftotext failed: {e}")))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(ReadError::Input(pdf_error(output.status.code(), &stderr)));
    }
    let text = match String::from_utf8(output.stdout) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    // pdftotext ends every page with a form feed: a scan gives only those.
    if text.trim().is_empty() {
        return Err(ReadError::Input(InputError::NoText));
    }
    Ok(text)
}

/// The input error for a failed `pdftotext` run: its exit status and what it
/// printed on standard error.
fn pdf_error(code: Option<i32>, stderr: &str) -> InputError {
    if stderr.contains("Incorrect password") {
        return InputError::PasswordPdf;
    }
    // pdftotext's exit status 3: copying text is not permitted (an owner
    // password would allow it).
    if code == Some(3) {
        return InputError::PasswordPdf;
    }
    // Its messages, without their kind ("Syntax Error: "), each once.
    let mut reasons: Vec<&str> = Vec::new();
    for line in stderr.lines() {
        let line = line.trim();
        let reason = match line.split_once(": ") {
            Some((kind, rest)) if kind.ends_with("Error") || kind.ends_with("Warning") => rest,
            _ => line,
        }
        .trim();
        if !reason.is_empty() && !reasons.contains(&reason) && reasons.len() < 4 {
            reasons.push(reason);
        }
    }
    let mut why = if reasons.is_empty() {
        match code {
            Some(code) => format!("pdftotext exited with status {code}"),
            None => "pdftotext was stopped by a signal".to_string(),
        }
    } else {
        format!("pdftotext: {}", reasons.join("; "))
    };
    if why.len() > 300 {
        let mut end = 300;
        while !why.is_char_boundary(end) {
            end -= 1;
        }
        why.truncate(end);
        why.push('…');
    }
    InputError::DamagedPdf(why)
}

/// Read at most [`MAX_INPUT_BYTES`] (a `too_large` error past that).
fn read_limited(reader: impl Read, size_hint: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// One input's result.
struct Analysed {
    outcome: Outcome,
    /// The analysed text (`--with-text`, analyses only).
    text: Option<String>,
    /// The input could not be read (reported on standard error too).
    read_error: bool,
    /// A PDF not read for want of `pdftotext` (standard error says so once).
    no_pdftotext: bool,
}

/// Analyze one input. With `with_text`, also keep the analysed text (the
/// decoded input), for analyses only.
fn analyze_input(input: &Input, with_text: bool) -> Analysed {
    let source = input.source();
    let content = match input {
        Input::Stdin => read_limited(io::stdin().lock(), 0).and_then(|b| content(b, false)),
        Input::File { path, .. } => read_input(path),
        Input::Unlisted { error, .. } => Err(ReadError::Io(error.clone())),
    };
    match content {
        Err(e) => Analysed {
            outcome: Outcome::Error(e.error_object(source)),
            text: None,
            read_error: matches!(e, ReadError::Io(_)),
            no_pdftotext: matches!(e, ReadError::PdftotextMissing(_)),
        },
        Ok(Content::Bytes(bytes)) => {
            let outcome =
                imr_analyzer::outcome(imr_analyzer::analyze_bytes(&bytes, source), source);
            let text = match (&outcome, with_text) {
                (Outcome::Analysis(_), true) => {
                    imr_analyzer::decode::decode(&bytes).ok().map(|d| d.text)
                }
                _ => None,
            };
            Analysed {
                outcome,
                text,
                read_error: false,
                no_pdftotext: false,
            }
        }
        Ok(Content::Text(text)) => {
            let outcome = imr_analyzer::outcome(imr_analyzer::analyze(&text, source), source);
            let text = (with_text && matches!(outcome, Outcome::Analysis(_))).then_some(text);
            Analysed {
                outcome,
                text,
                read_error: false,
                no_pdftotext: false,
            }
        }
    }
}

/// The inputs the PATHs name, in order: files as given, folders' `.txt`
/// and `.pdf` files sorted by path.
fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            let mut visited = Vec::new();
            walk(path, path, &mut found, &mut visited);
            found.sort_by(|a, b| a.0.cmp(&b.0));
            inputs.extend(found.into_iter().map(|(_, input)| input));
        } else {
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.to_string_lossy().into_owned());
            inputs.push(Input::File {
                path: path.clone(),
                source,
            });
        }
    }
    inputs
}

/// The source name of `path` inside `root`: its relative path with `/`.
fn relative_source(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Collect the `.txt` files under `dir` (symbolic links followed, each
/// folder once), keyed by their path for sorting.
fn walk(root: &Path, dir: &Path, found: &mut Vec<(PathBuf, Input)>, visited: &mut Vec<PathBuf>) {
    if let Ok(real) = dir.canonicalize() {
        if visited.contains(&real) {
            return;
        }
        visited.push(real);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let mut source = relative_source(root, dir);
            if source.is_empty() {
                source = dir.to_string_lossy().into_owned();
            }
            found.push((
                dir.to_path_buf(),
                Input::Unlisted {
                    source,
                    error: e.to_string(),
                },
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `metadata` follows symbolic links.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &path, found, visited);
        } else if is_txt_name(&path) || is_pdf_name(&path) {
            let source = relative_source(root, &path);
            found.push((path.clone(), Input::File { path, source }));
        }
    }
}

/// An analysis with its analysed text (`--with-text`).
#[derive(Serialize)]
struct WithText<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    text: &'a str,
}

fn write_json_value(
    out: &mut Vec<u8>,
    outcome: &Outcome,
    text: Option<&str>,
    pretty: bool,
) -> serde_json::Result<()> {
    match (outcome, text) {
        (Outcome::Analysis(a), Some(text)) => {
            let v = WithText { analysis: a, text };
            if pretty {
                serde_json::to_writer_pretty(out, &v)
            } else {
                serde_json::to_writer(out, &v)
            }
        }
        _ if pretty => serde_json::to_writer_pretty(out, outcome),
        _ => serde_json::to_writer(out, outcome),
    }
}

/// The output being written, whatever its format.
enum Sink<W: Write> {
    /// A pretty array, streamed: `first` until the first element is written.
    Json {
        out: W,
        first: bool,
        buf: Vec<u8>,
    },
    Jsonl {
        out: W,
        buf: Vec<u8>,
    },
    Table(TableWriter<W>),
    /// The workbook needs every outcome: they are kept until the end.
    Xlsx {
        out: W,
        outcomes: Vec<Outcome>,
    },
}

impl<W: Write> Sink<W> {
    fn new(out: W, format: OutputFormat, table: export::Table) -> io::Result<Self> {
        let table_format = match format {
            OutputFormat::Json => {
                return Ok(Sink::Json {
                    out,
                    first: true,
                    buf: Vec::new(),
                })
            }
            OutputFormat::Jsonl => {
                return Ok(Sink::Jsonl {
                    out,
                    buf: Vec::new(),
                })
            }
            OutputFormat::Csv => export::Format::Csv,
            OutputFormat::Tsv => export::Format::Tsv,
            OutputFormat::Md => export::Format::Markdown,
            OutputFormat::Xlsx => {
                return Ok(Sink::Xlsx {
                    out,
                    outcomes: Vec::new(),
                })
            }
        };
        let mut w = TableWriter::new(out, table, table_format);
        w.write_header()?;
        Ok(Sink::Table(w))
    }

    fn write(&mut self, outcome: &Outcome, text: Option<&str>) -> io::Result<()> {
        match self {
            Sink::Json { out, first, buf } => {
                buf.clear();
                buf.extend_from_slice(if *first { b"[\n  " } else { b",\n  " });
                *first = false;
                let start = buf.len();
                write_json_value(buf, outcome, text, true)?;
                // Indent the element one level, as a pretty array would:
                // string values never hold a raw line break.
                let mut indented = Vec::with_capacity(buf.len() + buf.len() / 8);
                indented.extend_from_slice(&buf[..start]);
                for &b in &buf[start..] {
                    indented.push(b);
                    if b == b'\n' {
                        indented.extend_from_slice(b"  ");
                    }
                }
                out.write_all(&indented)
            }
            Sink::Jsonl { out, buf } => {
                buf.clear();
                write_json_value(buf, outcome, text, false)?;
                buf.push(b'\n');
                out.write_all(buf)
            }
            Sink::Table(w) => w.write_outcome(outcome),
            Sink::Xlsx { outcomes, .. } => {
                outcomes.push(outcome.clone());
                Ok(())
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Json { mut out, first, .. } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Jsonl { mut out, .. } => out.flush(),
            Sink::Table(w) => w.finish().and_then(|mut out| out.flush()),
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
const XLSX_MISSING: &str =
    "this imr-analyzer was built without Excel support (cargo feature `xlsx`)";

fn usage_error(message: &str) -> ExitCode {
    let mut cmd = Cli::command();
    let err = cmd.error(clap::error::ErrorKind::ArgumentConflict, message);
    let _ = err.print();
    ExitCode::from(2)
}

/// Analyze `inputs` in parallel, a batch at a time, and hand the results to
/// `each` in input order.
fn run_inputs(
    inputs: &[Input],
    with_text: bool,
    mut each: impl FnMut(&Input, Analysed) -> io::Result<()>,
) -> io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16);
    let uses_stdin = inputs.contains(&Input::Stdin);
    if threads <= 1 || inputs.len() <= 1 || uses_stdin {
        for input in inputs {
            each(input, analyze_input(input, with_text))?;
        }
        return Ok(());
    }
    // Workers take inputs in order and run at most `window` inputs ahead
    // of the output, which bounds the memory held; the results are written
    // in input order as they come.
    let window = threads * 4;
    let next = AtomicUsize::new(0);
    let written = Mutex::new(0usize);
    let room = Condvar::new();
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Analysed)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(inputs.len()) {
            let send = send.clone();
            let (next, written, room, stop) = (&next, &written, &room, &stop);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                {
                    let Ok(mut w) = written.lock() else { break };
                    while i >= *w + window && !stop.load(Ordering::Relaxed) {
                        w = match room.wait(w) {
                            Ok(w) => w,
                            Err(_) => return,
                        };
                    }
                }
                if stop.load(Ordering::Relaxed)
                    || send.send((i, analyze_input(input, with_text))).is_err()
                {
                    break;
                }
            });
        }
        drop(send);
        let mut pending: BTreeMap<usize, Analysed> = BTreeMap::new();
        let mut done = 0usize;
        let mut result = Ok(());
        while done < inputs.len() {
            let analysed = match pending.remove(&done) {
                Some(a) => a,
                None => match receive.recv() {
                    Ok((i, a)) if i == done => a,
                    Ok((i, a)) => {
                        pending.insert(i, a);
                        continue;
                    }
                    // Every worker is gone (one panicked): analyze the rest here.
                    Err(_) => analyze_input(&inputs[done], with_text),
                },
            };
            result = each(&inputs[done], analysed);
            done += 1;
            if let Ok(mut w) = written.lock() {
                *w = done;
            }
            room.notify_all();
            if result.is_err() {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
        room.notify_all();
        drop(receive);
        result
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let is_json = matches!(cli.format, OutputFormat::Json | OutputFormat::Jsonl);
    if cli.with_text && !is_json {
        return usage_error("--with-text works with --format json or jsonl only");
    }
    if cli.format == OutputFormat::Xlsx {
        if cli.output.is_none() {
            return usage_error("--format xlsx needs --output FILE (a workbook is not printed)");
        }
        if cli.table.is_some() {
            return usage_error("--table does not apply to xlsx: the workbook has both tables");
        }
        #[cfg(not(feature = "xlsx"))]
        return usage_error(XLSX_MISSING);
    }
    if cli.table.is_some() && is_json {
        return usage_error(
            "--table works with --format csv, tsv or md only (json and jsonl hold every field)",
        );
    }
    if cli.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return usage_error("`-` (standard input) can be given only once");
    }
    let table = match cli.table.unwrap_or(TableArg::Letters) {
        TableArg::Letters => export::Table::Letters,
        TableArg::Items => export::Table::Items,
    };

    let inputs = collect_inputs(&cli.paths);
    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() {
        eprintln!("imr-analyzer: reading a letter from standard input (end it with Ctrl-D; --help for usage)");
    }

    let out: Box<dyn Write> = match &cli.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!(
                    "imr-analyzer: cannot write the output to {}: {e}",
                    path.display()
                );
                return ExitCode::from(1);
            }
        },
    };
    let out = BufWriter::with_capacity(64 * 1024, out);
    let mut any_error = false;
    let mut no_pdftotext = 0usize;
    let result = Sink::new(out, cli.format, table).and_then(|mut sink| {
        run_inputs(&inputs, cli.with_text, |input, result| {
            if let Outcome::Error(e) = &result.outcome {
                any_error = true;
                if result.read_error {
                    eprintln!("imr-analyzer: {}: {}", input.source(), e.error.message);
                }
            }
            no_pdftotext += usize::from(result.no_pdftotext);
            sink.write(&result.outcome, result.text.as_deref())
        })?;
        sink.finish()
    });
    if no_pdftotext > 0 {
        eprintln!(
            "imr-analyzer: {no_pdftotext} PDF file(s) not read: poppler's pdftotext is not installed (Debian/Ubuntu: apt-get install {PDFTOTEXT_PACKAGE})"
        );
    }
    if let Err(e) = result {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("imr-analyzer: cannot write the output: {e}");
        }
        return ExitCode::from(1);
    }
    if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
