//! Reading one input (a file, standard input, a PDF through pdftotext, a
//! scan or an image through OCR) and analyzing it: the bytes are decoded once.

use crate::inputs::{is_pdf_name, Input};
use crate::ocr::{self, OcrMode};
use crate::pdf::pdf_text;
use imr_analyzer::model::Outcome;
use imr_analyzer::{InputError, Origin, MAX_INPUT_BYTES};
use std::io::{self, Read};
use std::path::Path;

/// What reading an input gave: bytes to decode, or the text extracted from
/// a PDF or recognised by OCR (and where it came from).
enum Content {
    Bytes(Vec<u8>),
    Text(String, Origin),
}

/// How inputs are read: keep the analysed text (`--with-text`); OCR
/// (`--ocr`); text inputs are OCR output from another engine (`--ocr-text`).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub with_text: bool,
    pub ocr: OcrMode,
    pub ocr_text: bool,
}

/// A text input marked as OCR output (`--ocr-text`): read as OCR'd text.
fn as_ocr_text(c: Content) -> Result<Content, InputError> {
    let text = match c {
        Content::Bytes(bytes) => imr_analyzer::decode::decode(&bytes)?.text,
        Content::Text(text, origin)
            if origin.text_source == imr_analyzer::model::TextSource::Text =>
        {
            text
        }
        other => return Ok(other),
    };
    let pages =
        text.matches('\u{c}').count() as u32 + u32::from(!text.trim_end().ends_with('\u{c}'));
    let info = imr_analyzer::model::OcrInfo {
        engine: "OCR text given (--ocr-text)".into(),
        pages: pages.max(1),
        confidence: None,
    };
    Ok(Content::Text(text, Origin::ocr(info)))
}

/// One input's result: one outcome per letter it holds (SCHEMA.md,
/// "Several letters in one input"), or its one error object.
pub struct Analysed {
    /// Each letter's outcome, with its analysed text (`--with-text`,
    /// analyses only).
    pub letters: Vec<(Outcome, Option<String>)>,
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
fn read_file(path: &Path, ocr: OcrMode) -> Result<Content, InputError> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err(InputError::Unreadable("it is a folder".into()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = read_limited(file, meta.len() as usize)?;
    content(bytes, is_pdf_name(path), ocr::is_image_name(path), ocr)
}

/// Bytes read: PDF text when `pdf_name` or the bytes start with `%PDF-`
/// (OCR'd when it has no text layer); an image (by its name or its first
/// bytes) OCR'd; anything else bytes to decode.
fn content(
    bytes: Vec<u8>,
    pdf_name: bool,
    image_name: bool,
    mode: OcrMode,
) -> Result<Content, InputError> {
    if bytes.starts_with(b"%PDF-") || (pdf_name && !ocr::is_image(&bytes)) {
        match pdf_text(&bytes) {
            Ok(text) => Ok(Content::Text(text, Origin::pdf())),
            Err(InputError::NoText) if mode == OcrMode::Auto => {
                ocr::ocr_pdf(&bytes).map(|(text, info)| Content::Text(text, Origin::ocr(info)))
            }
            Err(e) => Err(e),
        }
    } else if image_name || ocr::is_image(&bytes) {
        if mode == OcrMode::Never {
            return Err(InputError::NoOcrText(
                "it is an image, and OCR is off (--ocr never)".into(),
            ));
        }
        ocr::ocr_image(&bytes).map(|(text, info)| Content::Text(text, Origin::ocr(info)))
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
pub fn analyze_input(input: &Input, opts: Options) -> Analysed {
    let with_text = opts.with_text;
    let source = input.source();
    let content = match input {
        Input::Stdin => {
            read_limited(io::stdin().lock(), 0).and_then(|b| content(b, false, false, opts.ocr))
        }
        Input::File { path, .. } => read_file(path, opts.ocr),
        Input::Unlisted { error, .. } => Err(InputError::Unreadable(error.clone())),
    };
    let content = if opts.ocr_text {
        content.and_then(as_ocr_text)
    } else {
        content
    };
    // The text analysed: decoded once, from the bytes or from pdftotext.
    let analysed = content.map(|c| {
        let (input, origin) = match &c {
            Content::Bytes(bytes) => (imr_analyzer::Input::Bytes(bytes), Origin::default()),
            Content::Text(text, origin) => (imr_analyzer::Input::Text(text), origin.clone()),
        };
        imr_analyzer::analyze_letters(input, source, MAX_INPUT_BYTES, &origin)
            .into_iter()
            .map(|a| {
                let keep = with_text && matches!(a.outcome, Outcome::Analysis(_));
                (a.outcome, a.text.filter(|_| keep).map(|t| t.into_owned()))
            })
            .collect()
    });
    match analysed {
        Err(e) => Analysed {
            letters: vec![(Outcome::Error(imr_analyzer::error_object(&e, source)), None)],
            read_error: matches!(e, InputError::Unreadable(_)),
            no_pdftotext: matches!(e, InputError::NoPdfReader(_)),
        },
        Ok(letters) => Analysed {
            letters,
            read_error: false,
            no_pdftotext: false,
        },
    }
}
