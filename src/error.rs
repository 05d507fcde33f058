//! Typed input errors: why an input gave no analysis.

use std::fmt;

/// Why an input gave no analysis. Each variant has a stable `code` (SCHEMA.md)
/// and a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Nothing but white space.
    Empty,
    /// Bytes that are not text (a NUL byte, or mostly control characters).
    Binary,
    /// Text with none of the letter's headings or labels.
    NotALetter,
    /// A PDF with no text layer.
    NoText,
    /// A scan (a PDF without a text layer, or an image) that OCR could not
    /// read: why, and what to install when the engine is missing. Its code
    /// is `no_text` too.
    NoOcrText(String),
    /// A scan or an image past the OCR limits (pages, pixels): which limit.
    /// Its code is `too_large` too.
    ScanTooLarge(String),
    /// An image file that cannot be decoded (truncated, not the format its
    /// name says): the decoder's reason.
    DamagedImage(String),
    /// A PDF that cannot be read.
    DamagedPdf(String),
    /// A PDF that needs a password.
    PasswordPdf,
    /// Larger than the documented limit (bytes).
    TooLarge { size: u64, limit: u64 },
    /// A file that cannot be read (missing, no permission): the system's
    /// reason.
    Unreadable(String),
    /// A PDF, and no PDF reader to read it: what to install, a sentence.
    /// Its code is `unreadable` too.
    NoPdfReader(String),
}

impl InputError {
    /// The stable code of SCHEMA.md.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Empty => "empty",
            InputError::Binary => "binary",
            InputError::NotALetter => "not_a_letter",
            InputError::NoText | InputError::NoOcrText(_) => "no_text",
            InputError::DamagedImage(_) => "damaged_image",
            InputError::DamagedPdf(_) => "damaged_pdf",
            InputError::PasswordPdf => "password_pdf",
            InputError::TooLarge { .. } | InputError::ScanTooLarge(_) => "too_large",
            InputError::Unreadable(_) | InputError::NoPdfReader(_) => "unreadable",
        }
    }

    /// A message a person can act on.
    pub fn message(&self) -> String {
        match self {
            InputError::Empty => "The input is empty: paste the text of an IMR Final Determination Letter or choose a .txt or .pdf file.".into(),
            InputError::Binary => "This file is not text (it contains binary data). Choose the letter's .txt file, or its .pdf.".into(),
            InputError::NotALetter => "This text does not look like an IMR Final Determination Letter: none of the letter's headings or labels (such as \"Case Number:\" or \"IMR ISSUES, DECISIONS AND RATIONALES\") were found.".into(),
            InputError::NoText => "This PDF has no text layer (it may be a scan). Run it through OCR first, then analyze the text.".into(),
            InputError::NoOcrText(why) => format!("This scan has no text layer and OCR could not read it: {why}"),
            InputError::ScanTooLarge(why) => format!("This scan is too large to read by OCR: {why}. Split it into single letters, or analyze its text."),
            InputError::DamagedImage(why) => {
                if why.is_empty() {
                    "This image is damaged and cannot be read.".into()
                } else {
                    format!("This image is damaged and cannot be read ({why}).")
                }
            }
            InputError::DamagedPdf(why) => {
                if why.is_empty() {
                    "This PDF is damaged and cannot be read.".into()
                } else {
                    format!("This PDF is damaged and cannot be read ({why}).")
                }
            }
            InputError::PasswordPdf => "This PDF needs a password to open. Open it in a PDF viewer, save an unprotected copy, and analyze that.".into(),
            InputError::TooLarge { size, limit } => format!(
                "The input is {} bytes ({} MB), more than the limit of {} bytes ({} MB). Split it into single letters.",
                group(*size),
                mb(*size),
                group(*limit),
                mb(*limit)
            ),
            InputError::Unreadable(why) => {
                if why.is_empty() {
                    "This file could not be read, so there is nothing to analyze.".into()
                } else {
                    format!("This file could not be read ({why}), so there is nothing to analyze.")
                }
            }
            InputError::NoPdfReader(install) => {
                if install.is_empty() {
                    "This PDF could not be read: no PDF reader is available.".into()
                } else {
                    format!("This PDF could not be read: no PDF reader is available. {install}")
                }
            }
        }
    }
}

/// 20000001 → "20,000,001".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mb(bytes: u64) -> String {
    crate::decimal::fixed(bytes as f64 / 1_000_000.0, 1)
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_is_exact_near_the_limit() {
        let m = InputError::TooLarge {
            size: 20_000_001,
            limit: 20_000_000,
        }
        .message();
        assert_eq!(
            m,
            "The input is 20,000,001 bytes (20.0 MB), more than the limit of 20,000,000 bytes (20.0 MB). Split it into single letters."
        );
    }

    #[test]
    fn unreadable_says_why_and_what_to_install() {
        let e = InputError::Unreadable("Permission denied (os error 13)".into());
        assert_eq!(e.code(), "unreadable");
        assert_eq!(
            e.message(),
            "This file could not be read (Permission denied (os error 13)), so there is nothing to analyze."
        );
        let e = InputError::NoPdfReader("Install poppler-utils.".into());
        assert_eq!(e.code(), "unreadable");
        assert_eq!(
            e.message(),
            "This PDF could not be read: no PDF reader is available. Install poppler-utils."
        );
    }
}
