//! # imr-analyzer
//!
//! Turns the text of a California workers' compensation Independent Medical
//! Review (IMR) Final Determination Letter into the analysis of `SCHEMA.md`
//! (`imr-letter/1`).
//!
//! The pipeline, one module a stage, run in order by [`pipeline`]:
//! [`decode`] (bytes → text) → [`normalize`] (PDF artifacts out, offsets kept)
//! → [`sections`] (layout and headings) → [`extract`] (fields with spans)
//! → [`treatment`] (what each item is: category, body parts, drug, sessions,
//! from data tables of categories, body parts and drugs) → [`reasons`] (why
//! each item was decided, from cue tables, each ground with its sentence).
//! [`export`] and [`summary`] turn analyses into tables (TSV, CSV, Markdown,
//! the Summary). Wordings, labels and headings are data in [`rules`].
//!
//! ```
//! let letter = "Case Number: CM16-0000001\nIMR ISSUES, DECISIONS AND RATIONALES\n\
//!     MRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\n\
//!     MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\n\
//!     Decision rationale: The request for MRI of the knee is not medically necessary.\n";
//! let a = imr_analyzer::analyze(letter, "pasted").unwrap();
//! assert_eq!(a.case_number.as_deref(), Some("CM16-0000001"));
//! assert_eq!(a.items[0].request.as_deref(), Some("MRI of the knee"));
//! assert_eq!(a.items[0].medically_necessary, Some(false));
//! ```

pub mod decimal;
pub mod decode;
pub mod error;
pub mod export;
pub mod extract;
pub mod letter_text;
pub mod model;
pub mod normalize;
pub mod ocr_text;
pub mod pipeline;
pub mod reasons;
pub mod rules;
pub mod scan;
pub mod sections;
pub mod split;
pub mod summary;
pub mod treatment;
pub mod utf16;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use error::InputError;
pub use model::{Analysis, ErrorBody, ErrorObject, Outcome, ANALYZER, SCHEMA};
use std::borrow::Cow;

/// Analyze the text of one letter. `source` names where it came from
/// (a file name, `"pasted"`, `"stdin"`).
///
/// Never panics; unknown values are `null` with a warning. Input that is not a
/// letter gives an [`InputError`].
pub fn analyze(text: &str, source: &str) -> Result<Analysis, InputError> {
    decode::check_text(text)?;
    pipeline::analyze_text(text, source)
}

/// Decode bytes (UTF-8, or Windows-1252 with a warning) and analyze them.
pub fn analyze_bytes(bytes: &[u8], source: &str) -> Result<Analysis, InputError> {
    analyze_decoded(&decode::decode(bytes)?, source)
}

/// Analyze text already decoded by [`decode::decode`] (so a caller that
/// also wants the text decodes the bytes once): with the Windows-1252
/// warning when the bytes were not UTF-8.
pub fn analyze_decoded(decoded: &decode::Decoded, source: &str) -> Result<Analysis, InputError> {
    analyze_checked(&decoded.text, decoded.windows_1252, source)
}

/// Analyze a checked text, with the Windows-1252 warning when it was read so.
fn analyze_checked(text: &str, windows_1252: bool, source: &str) -> Result<Analysis, InputError> {
    let mut analysis = pipeline::analyze_text(text, source)?;
    if windows_1252 {
        analysis.warnings.insert(
            0,
            model::Warning::new(
                model::WarningCode::Windows1252,
                "The file is not UTF-8; it was read as Windows-1252. Check accented letters and dashes.",
                None,
            ),
        );
    }
    Ok(analysis)
}

/// The largest input the command line and the Python package read
/// (SCHEMA.md: none below 100 MB); the page passes its own limit.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// One input to [`analyze_input`]: a file's bytes (decoded as
/// [`decode::decode`] says) or text already decoded (pasted, or a PDF's text).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
}

/// What [`analyze_input`] gives: the outcome, and the analysed text (which
/// the spans point into) when the input was text; `None` when it was too
/// large or not text.
#[derive(Debug, Clone)]
pub struct Analysed<'a> {
    pub outcome: Outcome,
    pub text: Option<Cow<'a, str>>,
}

/// The one entry point of the command line, the page and the Python
/// package: check the size (more than `limit` bytes gives `too_large`; 0: no
/// limit), decode bytes once, analyze, and give the outcome with the text.
///
/// ```
/// use imr_analyzer::{analyze_input, model::Outcome, Input};
/// let a = analyze_input(Input::Bytes(b"caf\xE9"), "a.txt", 0);
/// assert!(matches!(&a.outcome, Outcome::Error(e) if e.error.code == "not_a_letter"));
/// assert_eq!(a.text.as_deref(), Some("caf\u{e9}"));
/// let a = analyze_input(Input::Text("Case Number: CM16-0000001"), "pasted", 10);
/// assert!(matches!(&a.outcome, Outcome::Error(e) if e.error.code == "too_large"));
/// assert_eq!(a.text, None);
/// ```
pub fn analyze_input<'a>(input: Input<'a>, source: &str, limit: u64) -> Analysed<'a> {
    analyze_input_from(input, source, limit, &Origin::default())
}

/// Where an input's text came from, when it is not plain text: a PDF's text
/// layer, or OCR (with how it was read). The analysis says so
/// (`text_source`, `ocr`) and an OCR'd letter carries the `ocr` warning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    pub text_source: model::TextSource,
    pub ocr: Option<model::OcrInfo>,
}

impl Origin {
    /// A PDF's own text layer.
    pub fn pdf() -> Origin {
        Origin {
            text_source: model::TextSource::Pdf,
            ocr: None,
        }
    }

    /// The origin a binding names (`text`, `pdf`): `None` for any other name
    /// (OCR'd text needs its [`model::OcrInfo`]: [`Origin::ocr`]).
    pub fn from_name(name: &str) -> Option<Origin> {
        match model::TextSource::from_name(name)? {
            model::TextSource::Ocr => None,
            text_source => Some(Origin {
                text_source,
                ocr: None,
            }),
        }
    }

    /// Text recognised by OCR.
    pub fn ocr(info: model::OcrInfo) -> Origin {
        Origin {
            text_source: model::TextSource::Ocr,
            ocr: Some(info),
        }
    }
}

/// [`analyze_input`] for text of a known [`Origin`].
pub fn analyze_input_from<'a>(
    input: Input<'a>,
    source: &str,
    limit: u64,
    origin: &Origin,
) -> Analysed<'a> {
    // OCR'd text: its structure read through OCR's confusions first (the
    // repaired text is the analysed text).
    if let (model::TextSource::Ocr, Input::Text(text)) = (origin.text_source, input) {
        if limit == 0 || text.len() as u64 <= limit {
            let repaired = ocr_text::repair(text);
            let mut outcome = analyze_any(Input::Text(&repaired.text), source, 0).outcome;
            with_origin(&mut outcome, origin);
            confusion_warnings(&mut outcome, &repaired.confused);
            return Analysed {
                outcome,
                text: Some(Cow::Owned(repaired.text)),
            };
        }
    }
    let mut a = analyze_any(input, source, limit);
    with_origin(&mut a.outcome, origin);
    a
}

/// The `ocr_confusion` warning of each header value read through a confusion.
fn confusion_warnings(outcome: &mut Outcome, confused: &[ocr_text::Confused]) {
    if let Outcome::Analysis(a) = outcome {
        for c in confused {
            a.warnings.push(model::Warning::new(
                model::WarningCode::OcrConfusion,
                format!(
                    "The {} was read by OCR as \"{}\" and is given as {}: check it against the letter.",
                    c.field.name(),
                    c.seen,
                    c.given
                ),
                Some(c.field.pointer().into()),
            ));
        }
    }
}

/// Mark an analysis with where its text came from (and the `ocr` warning).
fn with_origin(outcome: &mut Outcome, origin: &Origin) {
    if let Outcome::Analysis(analysis) = outcome {
        analysis.text_source = origin.text_source;
        analysis.ocr = origin.ocr.clone();
        if let Some(info) = &origin.ocr {
            let confidence = info.confidence.map_or(String::new(), |c| {
                format!(" with a mean word confidence of {}", decimal::fixed(c, 1))
            });
            let pages = if info.pages == 1 {
                "1 page".to_string()
            } else {
                format!("{} pages", info.pages)
            };
            analysis.warnings.insert(
                0,
                model::Warning::new(
                    model::WarningCode::Ocr,
                    format!(
                        "The text was recognised by OCR ({}, {pages}){confidence}: check the values against the letter.",
                        info.engine
                    ),
                    None,
                ),
            );
        }
    }
}

/// Analyze an input that may hold several letters (SCHEMA.md, "Several
/// letters in one input"): one [`Analysed`] per letter, in order, each with
/// its own part of the text (its spans count in it) and the source
/// `name#k` when there is more than one. An input that is one letter, or no
/// letter at all, gives what [`analyze_input_from`] gives.
pub fn analyze_letters<'a>(
    input: Input<'a>,
    source: &str,
    limit: u64,
    origin: &Origin,
) -> Vec<Analysed<'a>> {
    let whole = analyze_input_from(input, source, limit, origin);
    // The letter checks warn when a letter's first heading comes twice: only
    // then is the text cut (a single letter costs nothing more).
    let several = matches!(&whole.outcome, Outcome::Analysis(a)
        if a.warnings.iter().any(|w| w.code == model::WarningCode::SeveralLetters.as_str()));
    let (true, Some(text)) = (several, whole.text.as_deref()) else {
        return vec![whole];
    };
    let parts = split::letters(text);
    if parts.len() < 2 {
        return vec![whole];
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(k, range)| {
            let part: Cow<'a, str> = match &whole.text {
                Some(Cow::Borrowed(t)) => Cow::Borrowed(&t[range]),
                Some(Cow::Owned(t)) => Cow::Owned(t[range].to_string()),
                None => Cow::Borrowed(""),
            };
            let name = format!("{source}#{}", k + 1);
            let mut outcome = outcome(
                analyze_checked(&part, windows_1252(&whole.outcome), &name),
                &name,
            );
            with_origin(&mut outcome, origin);
            if origin.text_source == model::TextSource::Ocr {
                // The part is repaired already: this finds its header's confusions again.
                confusion_warnings(&mut outcome, &ocr_text::repair(&part).confused);
            }
            Analysed {
                outcome,
                text: Some(part),
            }
        })
        .collect()
}

/// A scan's recognised pages analysed (SCHEMA.md, "Scanned and faxed
/// letters"): joined ([`scan::join`]), read as OCR'd text by
/// [`analyze_letters`] (one result a letter), each letter with its own text
/// and the boxes of its recognised words placed in that text
/// ([`scan::place_words`]; their `start`/`end` in UTF-16 code units of the
/// letter's text, as its spans). Pages that give no text give `no_text`.
pub fn analyze_scan(
    pages: &[scan::OcrPage],
    engine: &str,
    source: &str,
    limit: u64,
) -> Vec<(Analysed<'static>, Vec<scan::WordBox>)> {
    let (text, info) = match scan::join(pages, engine) {
        Ok(joined) => joined,
        Err(e) => {
            let outcome = Outcome::Error(error_object(&e, source));
            return vec![(
                Analysed {
                    outcome,
                    text: None,
                },
                Vec::new(),
            )];
        }
    };
    let letters = analyze_letters(Input::Text(&text), source, limit, &Origin::ocr(info));
    // The text the letters were cut from: the joined text as repaired.
    let whole = ocr_text::repair(&text).text;
    let boxes = scan::place_words(&whole, pages);
    let mut at = 0;
    letters
        .into_iter()
        .map(|a| {
            let part = a.text.map(Cow::into_owned);
            let placed = match part
                .as_deref()
                .and_then(|p| Some((whole.get(at..)?.find(p)? + at, p.len())))
            {
                Some((offset, len)) => {
                    at = offset + len;
                    let mut placed = scan::boxes_in(&boxes, offset, len);
                    // In the units of the analysis' spans (UTF-16), like them.
                    let ends: Vec<usize> = placed.iter().flat_map(|b| [b.start, b.end]).collect();
                    let units = utf16::byte_to_utf16(part.as_deref().unwrap_or(""), &ends);
                    for (b, u) in placed.iter_mut().zip(units.chunks(2)) {
                        (b.start, b.end) = (u[0], u[1]);
                    }
                    placed
                }
                None => Vec::new(),
            };
            let analysed = Analysed {
                outcome: a.outcome,
                text: part.map(Cow::Owned),
            };
            (analysed, placed)
        })
        .collect()
}

/// Whether an outcome was read as Windows-1252 (its warning).
fn windows_1252(o: &Outcome) -> bool {
    matches!(o, Outcome::Analysis(a) if a.warnings.iter().any(|w| w.code == model::WarningCode::Windows1252.as_str()))
}

fn analyze_any<'a>(input: Input<'a>, source: &str, limit: u64) -> Analysed<'a> {
    let size = match input {
        Input::Bytes(b) => b.len(),
        Input::Text(t) => t.len(),
    } as u64;
    if limit > 0 && size > limit {
        let e = InputError::TooLarge { size, limit };
        return Analysed {
            outcome: Outcome::Error(error_object(&e, source)),
            text: None,
        };
    }
    let decoded: Result<(bool, Cow<'a, str>), InputError> = match input {
        Input::Bytes(bytes) => decode::decode(bytes).map(|d| (d.windows_1252, Cow::Owned(d.text))),
        Input::Text(text) => decode::check_text(text).map(|()| (false, Cow::Borrowed(text))),
    };
    match decoded {
        Err(e) => Analysed {
            outcome: Outcome::Error(error_object(&e, source)),
            text: None,
        },
        Ok((windows_1252, text)) => {
            let result = analyze_checked(&text, windows_1252, source);
            Analysed {
                outcome: outcome(result, source),
                text: Some(text),
            }
        }
    }
}

/// The error object SCHEMA.md gives for input that is not a letter.
pub fn error_object(error: &InputError, source: &str) -> ErrorObject {
    ErrorObject {
        schema: SCHEMA.into(),
        analyzer: ANALYZER.into(),
        source: source.into(),
        error: ErrorBody {
            code: error.code().into(),
            message: error.message(),
        },
    }
}

/// An analysis result as one [`Outcome`] (analysis or error object).
pub fn outcome(result: Result<Analysis, InputError>, source: &str) -> Outcome {
    match result {
        Ok(a) => Outcome::Analysis(Box::new(a)),
        Err(e) => Outcome::Error(error_object(&e, source)),
    }
}
