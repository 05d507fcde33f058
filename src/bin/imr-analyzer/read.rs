//! Reading one input (a file, standard input, a PDF through pdftotext) and
//! analyzing it: the bytes are decoded once.

use crate::inputs::{is_pdf_name, Input};
use crate::pdf::pdf_text;
use imr_analyzer::model::Outcome;
use imr_analyzer::{InputError, MAX_INPUT_BYTES};
use std::io::{self, Read};
use std::path::Path;

/// What reading an input gave: bytes to decode, or the text extracted from
/// a PDF.
enum Content {
    Bytes(Vec<u8>),
    Text(String),
}

/// One input's result.
pub struct Analysed {
    pub outcome: Outcome,
    /// The analysed text (`--with-text`, analyses only).
    pub text: Option<String>,
    /// The input could not be read (reported on standard error too).
    pub read_error: bool,
    /// A PDF not read for want of `pdftotext` (standard error says so once).
    pub no_pdftotext: bool,
}

fn too_large(size: u64) -> InputError {
    InputError::TooLarge {
        size,
        limit: MAX_INPUT_BYTES,
    }
}

fn unreadable(e: io::Error) -> InputError {
    InputError::Unreadable(e.to_string())
}

/// Read one input file: a PDF (by its name or its first bytes) through
/// `pdftotext`, anything else as bytes to decode.
fn read_file(path: &Path) -> Result<Content, InputError> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err(InputError::Unreadable("it is a folder".into()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = read_limited(file, meta.len() as usize)?;
    content(bytes, is_pdf_name(path))
}

/// Bytes read: PDF text when `pdf_name` or the bytes start with `%PDF-`.
fn content(bytes: Vec<u8>, pdf_name: bool) -> Result<Content, InputError> {
    if pdf_name || bytes.starts_with(b"%PDF-") {
        pdf_text(&bytes).map(Content::Text)
    } else {
        Ok(Content::Bytes(bytes))
    }
}

/// Read at most [`MAX_INPUT_BYTES`] (a `too_large` error past that).
fn read_limited(reader: impl Read, size_hint: usize) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Analyze one input. With `with_text`, also keep the analysed text (the
/// decoded input), for analyses only.
pub fn analyze_input(input: &Input, with_text: bool) -> Analysed {
    let source = input.source();
    let content = match input {
        Input::Stdin => read_limited(io::stdin().lock(), 0).and_then(|b| content(b, false)),
        Input::File { path, .. } => read_file(path),
        Input::Unlisted { error, .. } => Err(InputError::Unreadable(error.clone())),
    };
    // The text analysed: decoded once, from the bytes or from pdftotext.
    let analysed = content.map(|c| {
        let input = match &c {
            Content::Bytes(bytes) => imr_analyzer::Input::Bytes(bytes),
            Content::Text(text) => imr_analyzer::Input::Text(text),
        };
        let a = imr_analyzer::analyze_input(input, source, MAX_INPUT_BYTES);
        let keep = with_text && matches!(a.outcome, Outcome::Analysis(_));
        (a.outcome, a.text.filter(|_| keep).map(|t| t.into_owned()))
    });
    match analysed {
        Err(e) => Analysed {
            outcome: Outcome::Error(imr_analyzer::error_object(&e, source)),
            text: None,
            read_error: matches!(e, InputError::Unreadable(_)),
            no_pdftotext: matches!(e, InputError::NoPdfReader(_)),
        },
        Ok((outcome, text)) => Analysed {
            outcome,
            text,
            read_error: false,
            no_pdftotext: false,
        },
    }
}
