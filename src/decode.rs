//! Stage 0: bytes → the analysed text.
//!
//! UTF-8 with a leading byte-order mark dropped; bytes that are not UTF-8 are
//! read as Windows-1252 (with a warning). NUL bytes or mostly control
//! characters mean the input is not text.

use crate::error::InputError;

/// The decoded text and whether the Windows-1252 fallback was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub windows_1252: bool,
}

/// Windows-1252 code points for bytes 0x80..=0x9F (the rest equal Latin-1).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// Decode input bytes as SCHEMA.md says.
///
/// ```
/// let d = imr_analyzer::decode::decode(b"\xEF\xBB\xBFCase Number: CM16-0000001").unwrap();
/// assert_eq!(d.text, "Case Number: CM16-0000001");
/// let d = imr_analyzer::decode::decode(b"caf\xE9").unwrap();
/// assert_eq!((d.text.as_str(), d.windows_1252), ("café", true));
/// assert!(imr_analyzer::decode::decode(b"a\0b").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(InputError::Binary);
    }
    let (text, windows_1252) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), false),
        Err(_) => (
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect(),
            true,
        ),
    };
    check_text(&text)?;
    Ok(Decoded { text, windows_1252 })
}

const SPACE: u8 = 0;
const VISIBLE: u8 = 1;
const CONTROL: u8 = 2;
const NUL: u8 = 3;

/// What each ASCII byte counts as: NUL (never in text), white space a letter has (line ends, tab,
/// form feed, space), another control character, or a visible character.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [VISIBLE; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = CONTROL;
        b += 1;
    }
    t[0x7F] = CONTROL;
    t[0] = NUL;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[0x0C] = SPACE;
    t[b' ' as usize] = SPACE;
    t
};

/// Reject text that is empty or mostly control characters.
///
/// Also used on text that arrives already decoded (pasted text, PDF text).
pub fn check_text(text: &str) -> Result<(), InputError> {
    let mut visible = 0usize;
    let mut control = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII fast path: one table look-up a byte
            match ASCII_CLASS[b as usize] {
                VISIBLE => visible += 1,
                CONTROL => control += 1,
                NUL => return Err(InputError::Binary),
                _ => {}
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_control() {
            control += 1;
        } else if !c.is_whitespace() {
            visible += 1;
        }
        i += c.len_utf8();
    }
    if visible == 0 && control == 0 {
        return Err(InputError::Empty);
    }
    if control * 10 > visible + control {
        return Err(InputError::Binary);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        assert_eq!(
            decode("Priority: Standard – ok".as_bytes()).unwrap().text,
            "Priority: Standard – ok"
        );
        let d = decode(b"\xEF\xBB\xBFx").unwrap();
        assert_eq!(d.text, "x");
        assert!(!d.windows_1252);
    }

    #[test]
    fn windows_1252_fallback() {
        let d = decode(b"Neck \x96 Upper \x93Back\x94").unwrap();
        assert!(d.windows_1252);
        assert_eq!(d.text, "Neck \u{2013} Upper \u{201C}Back\u{201D}");
    }

    #[test]
    fn errors() {
        assert_eq!(decode(b"").unwrap_err(), InputError::Empty);
        assert_eq!(decode(b" \r\n\t ").unwrap_err(), InputError::Empty);
        assert_eq!(decode(b"PK\x03\x04\0\0").unwrap_err(), InputError::Binary);
        assert_eq!(
            decode(b"\x01\x02\x03\x04\x05abc").unwrap_err(),
            InputError::Binary
        );
        assert_eq!(
            decode(b"\x01 abcdefghijklmnopqrstuvwxyz")
                .unwrap()
                .text
                .len(),
            28
        );
    }
}
