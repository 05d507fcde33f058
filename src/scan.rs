//! Scans before and after OCR (SCHEMA.md, "Scanned and faxed letters"), for
//! every front end that runs an OCR engine (the command line's `tesseract`,
//! the page's tesseract.js):
//!
//! - before: the documented limits ([`MAX_PAGES`], [`MAX_PIXELS`]) and an
//!   image's kind and size read from its first bytes, so that a hostile
//!   image is refused before anything decodes it ([`check_image`]);
//! - after: the recognised pages joined into one text, page by page with
//!   form feeds, and the engine's mean word confidence ([`join`]); and each
//!   recognised word's box on its page placed in the analysed text
//!   ([`place_words`]), so that a value's span can be boxed on the page image.

use crate::model::OcrInfo;
use crate::InputError;

/// The most pages of one scan read by OCR (a letter has a handful; a
/// 500-page file is not one letter).
pub const MAX_PAGES: usize = 100;

/// The most pixels of one image or rendered page (a 300-dpi letter page is
/// 2550 × 3300, about 8.4 million): larger is refused before it is decoded.
pub const MAX_PIXELS: u64 = 60_000_000;

/// The resolution scans are rendered at for OCR.
pub const RENDER_DPI: u32 = 300;

/// The image formats OCR reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Tiff,
}

impl ImageKind {
    /// The file extension of the kind (`png`, `jpg`, `tif`).
    /// The format's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Tiff => "TIFF",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Tiff => "tif",
        }
    }
}

/// The file name extensions of images OCR reads (any case).
pub const IMAGE_EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "tif", "tiff"];

/// Whether a PNG or JPEG holds its end (PNG's `IEND` chunk, JPEG's EOI
/// marker) within its last bytes (a little padding after it is common); a
/// TIFF has no end marker.
fn ends_whole(kind: ImageKind, bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let marker: &[u8] = match kind {
        ImageKind::Png => b"IEND",
        ImageKind::Jpeg => b"\xFF\xD9",
        ImageKind::Tiff => return true,
    };
    tail.windows(marker.len()).any(|w| w == marker)
}

/// Whether a file name names an image OCR reads.
pub fn is_image_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.iter().any(|x| ext.eq_ignore_ascii_case(x)))
}

/// An image's kind from its first bytes; `None` for bytes that are no PNG,
/// JPEG or TIFF.
pub fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(ImageKind::Tiff)
    } else {
        None
    }
}

/// The width and height a PNG's or a JPEG's header states (a TIFF's: not
/// read here; the engine's own limits apply).
pub fn image_size(bytes: &[u8]) -> Option<(u64, u64)> {
    match image_kind(bytes)? {
        ImageKind::Png => {
            let be = |i: usize| {
                bytes
                    .get(i..i + 4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64)
            };
            Some((be(16)?, be(20)?))
        }
        ImageKind::Jpeg => {
            // The first start-of-frame marker holds the size.
            let mut i = 2;
            while i + 9 < bytes.len() {
                if bytes[i] != 0xFF {
                    return None;
                }
                let marker = bytes[i + 1];
                let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
                if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
                    let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u64;
                    let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u64;
                    return Some((w, h));
                }
                i += 2 + len;
            }
            None
        }
        ImageKind::Tiff => tiff_directories(bytes)
            .next()
            .and_then(|d| tiff_size(bytes, d)),
    }
}

/// The byte order of a TIFF (`II`: little-endian, `MM`: big-endian).
fn tiff_reader(bytes: &[u8]) -> impl Fn(usize, usize) -> Option<u64> + '_ {
    let little = bytes.starts_with(b"II");
    move |at: usize, len: usize| {
        let b = bytes.get(at..at.checked_add(len)?)?;
        Some(b.iter().enumerate().fold(0u64, |n, (i, &x)| {
            let shift = if little { i } else { len - 1 - i };
            n | (x as u64) << (8 * shift)
        }))
    }
}

/// The offsets of a TIFF's image directories (one a page), in order; stops
/// at a loop, at an offset outside the file, and after MAX_PAGES + 1.
fn tiff_directories(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let read = tiff_reader(bytes);
    let mut next = read(4, 4).map(|n| n as usize);
    let mut seen = 0usize;
    let mut last = 0usize;
    std::iter::from_fn(move || {
        let at = next.filter(|&at| at >= 8 && at > last && seen <= MAX_PAGES)?;
        let entries = read(at, 2)? as usize;
        next = read(at + 2 + 12 * entries, 4)
            .map(|n| n as usize)
            .filter(|&n| n != 0);
        seen += 1;
        last = at;
        Some(at)
    })
}

/// The width and length of the TIFF page whose directory is at `at`.
fn tiff_size(bytes: &[u8], at: usize) -> Option<(u64, u64)> {
    let read = tiff_reader(bytes);
    let (mut w, mut h) = (None, None);
    for k in 0..read(at, 2)? as usize {
        let e = at + 2 + 12 * k;
        let value = match read(e + 2, 2)? {
            3 => read(e + 8, 2)?, // SHORT
            4 => read(e + 8, 4)?, // LONG
            _ => continue,
        };
        match read(e, 2)? {
            256 => w = Some(value),
            257 => h = Some(value),
            _ => {}
        }
    }
    Some((w?, h?))
}

/// How many pages an image holds: a TIFF's directories (counted up to
/// MAX_PAGES + 1), one for any other image.
pub fn image_pages(bytes: &[u8]) -> usize {
    match image_kind(bytes) {
        Some(ImageKind::Tiff) => tiff_directories(bytes).count(),
        _ => 1,
    }
}

/// An image checked before OCR: its kind, or `damaged_image` (not an image
/// OCR reads, or a size of zero) or `too_large` (more than [`MAX_PIXELS`]).
pub fn check_image(bytes: &[u8]) -> Result<ImageKind, InputError> {
    let Some(kind) = image_kind(bytes) else {
        return Err(InputError::DamagedImage(
            "it is not a PNG, JPEG or TIFF image".into(),
        ));
    };
    if kind == ImageKind::Tiff {
        match image_pages(bytes) {
            0 => {
                return Err(InputError::DamagedImage(
                    "the TIFF has no readable page".into(),
                ))
            }
            n if n > MAX_PAGES => {
                return Err(InputError::ScanTooLarge(format!(
                    "it has more than {MAX_PAGES} pages, the limit"
                )))
            }
            _ => {}
        }
        for at in tiff_directories(bytes) {
            let (w, h) = tiff_size(bytes, at)
                .ok_or_else(|| InputError::DamagedImage("a page of the TIFF has no size".into()))?;
            check_pixels(w, h)?;
        }
    } else if let Some((w, h)) = image_size(bytes) {
        check_pixels(w, h)?;
    }
    if !ends_whole(kind, bytes) {
        return Err(InputError::DamagedImage(format!(
            "the {} is cut short (its end marker is missing): the file was not copied whole",
            kind.name()
        )));
    }
    Ok(kind)
}

/// A page or image of `w` × `h` pixels checked before it is decoded or
/// rendered.
pub fn check_pixels(w: u64, h: u64) -> Result<(), InputError> {
    if w == 0 || h == 0 {
        return Err(InputError::DamagedImage(format!(
            "its header gives a size of {w} × {h} pixels"
        )));
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(InputError::ScanTooLarge(format!(
            "the image is {w} × {h} pixels, more than the limit of {MAX_PIXELS} pixels"
        )));
    }
    Ok(())
}

/// A scan's page count checked before its pages are rendered.
pub fn check_pages(pages: usize) -> Result<(), InputError> {
    if pages > MAX_PAGES {
        return Err(InputError::ScanTooLarge(format!(
            "it has {pages} pages, more than the limit of {MAX_PAGES}"
        )));
    }
    if pages == 0 {
        return Err(InputError::NoOcrText("it has no pages to read".into()));
    }
    Ok(())
}

/// One word as the engine recognised it: its text, its confidence (0–100;
/// negative when the engine gave none) and its box on the page, in the
/// page's pixels (left, top, right, bottom).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct OcrWord {
    pub text: String,
    pub confidence: f64,
    pub bbox: [f64; 4],
}

/// One page of a scan: its text (as the engine gives it, or the page's own
/// text layer when `recognised` is false), its words and its size in pixels.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct OcrPage {
    pub text: String,
    #[serde(default)]
    pub words: Vec<OcrWord>,
    #[serde(default)]
    pub width: f64,
    #[serde(default)]
    pub height: f64,
    /// Whether the page was read by OCR (false: a page of a PDF with its own
    /// text among scanned pages).
    #[serde(default = "yes")]
    pub recognised: bool,
}

fn yes() -> bool {
    true
}

/// A page from Tesseract's text and its TSV (the words, with their
/// confidences and boxes; level 1 gives the page's size).
pub fn page_from_tsv(text: String, tsv: &str) -> OcrPage {
    let (mut width, mut height) = (0.0, 0.0);
    let mut words = Vec::new();
    // level page_num block_num par_num line_num word_num left top width height conf text
    // (the command line's TSV starts with that header; the library's has none)
    for line in tsv.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 12 || cells[0] == "level" {
            continue;
        }
        let num = |i: usize| cells[i].trim().parse::<f64>().unwrap_or(0.0);
        if cells[0] == "1" {
            (width, height) = (num(8), num(9));
        } else if cells[0] == "5" && !cells[11].trim().is_empty() {
            let (l, t) = (num(6), num(7));
            words.push(OcrWord {
                text: cells[11].trim().to_string(),
                confidence: cells[10].trim().parse().unwrap_or(-1.0),
                bbox: [l, t, l + num(8), t + num(9)],
            });
        }
    }
    OcrPage {
        text,
        words,
        width,
        height,
        recognised: true,
    }
}

/// A page as an engine hands it to a binding: its text, Tesseract's TSV of
/// it (absent for a page read from its text layer) and whether it was
/// recognised. The page and the command line give the same shape.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EnginePage {
    pub text: String,
    #[serde(default)]
    pub tsv: Option<String>,
    #[serde(default = "yes")]
    pub recognised: bool,
}

impl From<EnginePage> for OcrPage {
    fn from(p: EnginePage) -> OcrPage {
        let mut page = page_from_tsv(p.text, p.tsv.as_deref().unwrap_or(""));
        page.recognised = p.recognised;
        page
    }
}

/// The pages as one text (each page's text ends its last line, a form feed
/// between pages, as pdftotext writes them) and how it was read: the pages
/// recognised and the mean confidence of their words (one decimal; `None`
/// when no word had one). `NoOcrText` when no page gave any text.
pub fn join(pages: &[OcrPage], engine: &str) -> Result<(String, OcrInfo), InputError> {
    let mut text = String::new();
    let (mut sum, mut words) = (0.0f64, 0usize);
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            text.push('\u{c}');
        }
        text.push_str(page.text.trim_end_matches(['\n', '\u{c}']));
        text.push('\n');
        for w in page.words.iter().filter(|w| !w.text.trim().is_empty()) {
            if w.confidence >= 0.0 {
                sum += w.confidence;
                words += 1;
            }
        }
    }
    if text.trim().is_empty() {
        return Err(InputError::NoOcrText(
            "no text was recognised on its pages".into(),
        ));
    }
    let confidence = (words > 0).then(|| (sum / words as f64 * 10.0).round() / 10.0);
    let recognised = pages.iter().filter(|p| p.recognised).count();
    Ok((
        text,
        OcrInfo {
            engine: engine.to_string(),
            pages: recognised as u32,
            confidence,
        },
    ))
}

/// A recognised word placed in the analysed text: its bytes `start..end`,
/// its page (0-based) and its box as fractions of the page (0–1), so that
/// the box is drawn on the page image at any size.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WordBox {
    pub start: usize,
    pub end: usize,
    pub page: u32,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// How far ahead in the text a word is looked for (OCR's repair joins or
/// rewrites a few words; the engine's words are otherwise the text's).
const LOOKAHEAD: usize = 6;

/// A word as compared: lower case letters and digits.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two words differ by at most a third of their letters (OCR's
/// repair rewrites a word read through a confusion: `Upheid` → `Upheld`).
fn similar(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (norm(a).chars().collect(), norm(b).chars().collect());
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let max = a.len().max(b.len()) / 3;
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= max
}

/// The blank-separated tokens of a text, with their byte ranges.
fn tokens(text: &str, base: usize) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((base + s, base + i, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((base + s, base + text.len(), &text[s..]));
    }
    out
}

/// Each recognised word of `pages` placed in `text` (the pages' [`join`]ed
/// text, repaired or not): page by page (the text's form feeds), each word
/// at the next token equal to it within a few tokens, or at the next token
/// when that is the same word read differently. Words that are not found
/// are left out (their value is still highlighted in the text).
pub fn place_words(text: &str, pages: &[OcrPage]) -> Vec<WordBox> {
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for part in text.split('\u{c}') {
        parts.push((at, part));
        at += part.len() + 1;
    }
    // Form feeds lost: the whole text is one page's worth of tokens.
    if parts.len() != pages.len() {
        parts = vec![(0, text)];
    }
    let mut boxes = Vec::new();
    let single = parts.len() == 1 && pages.len() > 1;
    let mut toks = Vec::new();
    let mut j = 0;
    for (p, page) in pages.iter().enumerate() {
        if !single || p == 0 {
            let (base, part) = parts[p.min(parts.len() - 1)];
            toks = tokens(part, base);
            j = 0;
        }
        let (pw, ph) = (page.width, page.height);
        if pw <= 0.0 || ph <= 0.0 {
            continue;
        }
        for word in &page.words {
            let key = norm(&word.text);
            if key.is_empty() {
                continue;
            }
            let end = (j + LOOKAHEAD).min(toks.len());
            let found = (j..end)
                .find(|&k| norm(toks[k].2) == key)
                .or_else(|| (j < toks.len() && similar(toks[j].2, &word.text)).then_some(j));
            let Some(k) = found else { continue };
            let (start, stop, _) = toks[k];
            let [x0, y0, x1, y1] = word.bbox;
            boxes.push(WordBox {
                start,
                end: stop,
                page: p as u32,
                x: (x0 / pw).clamp(0.0, 1.0),
                y: (y0 / ph).clamp(0.0, 1.0),
                w: ((x1 - x0) / pw).clamp(0.0, 1.0),
                h: ((y1 - y0) / ph).clamp(0.0, 1.0),
            });
            j = k + 1;
        }
    }
    boxes
}

/// The boxes of `boxes` (placed in a whole text) that fall in the part of
/// it at `offset` with `len` bytes, counted in the part.
pub fn boxes_in(boxes: &[WordBox], offset: usize, len: usize) -> Vec<WordBox> {
    boxes
        .iter()
        .filter(|b| b.start >= offset && b.end <= offset + len)
        .map(|b| WordBox {
            start: b.start - offset,
            end: b.end - offset,
            ..b.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f64) -> OcrWord {
        OcrWord {
            text: text.into(),
            confidence: 90.0,
            bbox: [x, 10.0, x + 50.0, 30.0],
        }
    }

    fn page(text: &str, words: Vec<OcrWord>) -> OcrPage {
        OcrPage {
            text: text.into(),
            words,
            width: 1000.0,
            height: 2000.0,
            recognised: true,
        }
    }

    #[test]
    fn images_are_known_by_their_first_bytes_and_sizes_read_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&30_000u32.to_be_bytes());
        png.extend_from_slice(&3_300u32.to_be_bytes());
        assert_eq!(image_kind(&png), Some(ImageKind::Png));
        assert_eq!(image_size(&png), Some((30_000, 3_300)));
        // A 30,000-pixel-wide page is refused before anything decodes it.
        assert!(matches!(
            check_image(&png),
            Err(InputError::ScanTooLarge(_))
        ));
        assert_eq!(image_kind(b"%PDF-1.7"), None);
        assert_eq!(image_kind(b"II*\0rest"), Some(ImageKind::Tiff));
        // A JPEG: SOI, an APP0 segment, then SOF0 with height 3300 and width 2550.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x0C,
            0xE4, 0x09, 0xF6, 0x03, 0, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((2550, 3300)));
        // Cut short (no end marker): damaged; whole (EOI, then padding): read.
        assert!(
            matches!(check_image(&jpeg), Err(InputError::DamagedImage(m)) if m.contains("JPEG is cut short"))
        );
        let whole = [&jpeg[..], b"\xFF\xD9\0\0"].concat();
        assert_eq!(check_image(&whole), Ok(ImageKind::Jpeg));
        let mut small_png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        small_png.extend_from_slice(&[0, 0, 0, 10, 0, 0, 0, 10]);
        assert!(matches!(
            check_image(&small_png),
            Err(InputError::DamagedImage(_))
        ));
        small_png.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
        assert_eq!(check_image(&small_png), Ok(ImageKind::Png));
        assert!(matches!(
            check_image(b"not an image"),
            Err(InputError::DamagedImage(_))
        ));
        assert!(matches!(
            check_pixels(0, 10),
            Err(InputError::DamagedImage(_))
        ));
        assert!(is_image_name("scan.TIFF") && is_image_name("a.b.jpeg"));
        assert!(!is_image_name("scan.pdf") && !is_image_name("png"));
    }

    #[test]
    fn page_counts_past_the_limit_or_of_zero_are_refused() {
        assert!(check_pages(MAX_PAGES).is_ok());
        assert!(matches!(
            check_pages(MAX_PAGES + 1),
            Err(InputError::ScanTooLarge(m)) if m.contains("101 pages")
        ));
        assert!(matches!(check_pages(0), Err(InputError::NoOcrText(_))));
    }

    #[test]
    fn pages_join_with_form_feeds_and_the_mean_confidence_of_their_words() {
        let mut a = page("Case Number: CM16-1\n\n", vec![word("Case", 0.0)]);
        a.words[0].confidence = 80.0;
        let mut b = page("Upheld\n", vec![word("Upheld", 0.0), word("", 0.0)]);
        b.words[0].confidence = 91.0;
        let text_layer = OcrPage {
            recognised: false,
            words: Vec::new(),
            ..page("Page three\n", Vec::new())
        };
        let (text, info) = join(&[a, b, text_layer], "tesseract.js 7.0.0").unwrap();
        assert_eq!(text, "Case Number: CM16-1\n\u{c}Upheld\n\u{c}Page three\n");
        assert_eq!(info.pages, 2);
        assert_eq!(info.confidence, Some(85.5));
        assert_eq!(info.engine, "tesseract.js 7.0.0");
        assert!(matches!(
            join(&[page(" \n", vec![])], "e"),
            Err(InputError::NoOcrText(_))
        ));
    }

    #[test]
    fn words_are_placed_at_their_tokens_page_by_page_through_repairs() {
        let p1 = page(
            "Decislon: Upheid\n",
            vec![word("Decislon:", 100.0), word("Upheid", 300.0)],
        );
        let p2 = page(
            "Expert reviewer\n",
            vec![word("Expert", 100.0), word("reviewer", 200.0)],
        );
        // As OCR's repair gives it: two words rewritten, the pages kept.
        let text = "Decision: Upheld\n\u{c}Expert reviewer\n";
        let boxes = place_words(text, &[p1, p2]);
        let words: Vec<(&str, u32)> = boxes
            .iter()
            .map(|b| (&text[b.start..b.end], b.page))
            .collect();
        assert_eq!(
            words,
            [
                ("Decision:", 0),
                ("Upheld", 0),
                ("Expert", 1),
                ("reviewer", 1)
            ]
        );
        assert_eq!(boxes[1].x, 0.3);
        assert_eq!(boxes[1].y, 0.005);
        assert_eq!(boxes[1].w, 0.05);
        assert_eq!(boxes[1].h, 0.01);
        // A word split by OCR (`U pheld`) and joined by the repair: its second half finds it.
        let p = page(
            "U pheld x\n",
            vec![word("U", 0.0), word("pheld", 10.0), word("x", 20.0)],
        );
        let b = place_words("Upheld x\n", &[p]);
        assert_eq!(
            b.iter().map(|b| (b.start, b.end)).collect::<Vec<_>>(),
            [(0, 6), (7, 8)]
        );
    }

    #[test]
    fn boxes_of_a_part_count_in_the_part() {
        let b = WordBox {
            start: 10,
            end: 14,
            page: 2,
            x: 0.1,
            y: 0.2,
            w: 0.3,
            h: 0.4,
        };
        let out = boxes_in(std::slice::from_ref(&b), 8, 10);
        assert_eq!((out[0].start, out[0].end, out[0].page), (2, 6, 2));
        assert!(boxes_in(&[b], 0, 12).is_empty());
    }

    #[test]
    fn tesseract_tsv_gives_the_page_size_and_each_word_with_its_box() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t200\t50\t20\t96.5\tUpheld\n\
                   5\t1\t1\t1\t1\t2\t160\t200\t10\t20\t-1\t \n";
        let page = page_from_tsv("Upheld\n".into(), tsv);
        assert_eq!((page.width, page.height), (2550.0, 3300.0));
        // The library (tesseract.js) gives the rows without the header.
        let headless = tsv.split_once('\n').unwrap().1;
        assert_eq!(page_from_tsv("Upheld\n".into(), headless), page);
        assert_eq!(page.words.len(), 1);
        assert_eq!(page.words[0].text, "Upheld");
        assert_eq!(page.words[0].confidence, 96.5);
        assert_eq!(page.words[0].bbox, [100.0, 200.0, 150.0, 220.0]);
    }

    /// A little-endian TIFF of `pages` pages of `w` × `h` (directories only: what the checks read).
    fn tiff(pages: usize, w: u32, h: u16) -> Vec<u8> {
        let mut b = b"II*\0".to_vec();
        b.extend_from_slice(&8u32.to_le_bytes());
        for p in 0..pages {
            let at = b.len();
            b.extend_from_slice(&2u16.to_le_bytes());
            b.extend_from_slice(&256u16.to_le_bytes());
            b.extend_from_slice(&4u16.to_le_bytes());
            b.extend_from_slice(&1u32.to_le_bytes());
            b.extend_from_slice(&w.to_le_bytes());
            b.extend_from_slice(&257u16.to_le_bytes());
            b.extend_from_slice(&3u16.to_le_bytes());
            b.extend_from_slice(&1u32.to_le_bytes());
            b.extend_from_slice(&(h as u32).to_le_bytes());
            let next = if p + 1 < pages { at + 30 } else { 0 };
            b.extend_from_slice(&(next as u32).to_le_bytes());
        }
        b
    }

    #[test]
    fn a_tiff_is_checked_page_by_page_and_counted() {
        let fax = tiff(3, 1728, 2200);
        assert_eq!(image_size(&fax), Some((1728, 2200)));
        assert_eq!(image_pages(&fax), 3);
        assert_eq!(check_image(&fax), Ok(ImageKind::Tiff));
        // 500 pages: refused without reading past the limit.
        assert_eq!(image_pages(&tiff(500, 1728, 2200)), MAX_PAGES + 1);
        assert!(
            matches!(check_image(&tiff(500, 1728, 2200)), Err(InputError::ScanTooLarge(m)) if m.contains("more than 100 pages"))
        );
        // A page 30,000 pixels wide.
        assert!(matches!(
            check_image(&tiff(2, 30_000, 3000)),
            Err(InputError::ScanTooLarge(_))
        ));
        // A directory that points to itself is one page, not a loop.
        let mut looped = tiff(1, 100, 100);
        let n = looped.len();
        looped[n - 4..].copy_from_slice(&8u32.to_le_bytes());
        assert_eq!(image_pages(&looped), 1);
        // Big-endian, no directory inside the file.
        assert!(matches!(
            check_image(b"MM\0*\xff\xff\xff\xff"),
            Err(InputError::DamagedImage(_))
        ));
    }
}
