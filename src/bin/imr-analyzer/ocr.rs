//! Scans and faxes read by OCR (SCHEMA.md, "Scanned and faxed letters"): a
//! PDF without a text layer is rendered by poppler's `pdftoppm -r 300` and
//! each page recognised by Tesseract (`tesseract`, Debian `tesseract-ocr`),
//! pages in parallel across the cores (each Tesseract on one thread:
//! `OMP_THREAD_LIMIT=1`, measured 1.7 s a page against 10.6 s with its own
//! threads on 2 cores); an image file goes to Tesseract as it is.
//!
//! The recognised pages are joined by form feeds; the mean word confidence
//! comes from Tesseract's TSV output. Every limit is checked before a page is
//! decoded: [`MAX_PAGES`] pages (pdfinfo counts them), [`MAX_PIXELS`] pixels
//! an image (its header says its size).

use imr_analyzer::model::OcrInfo;
use imr_analyzer::InputError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The Debian package that has `tesseract`.
pub const TESSERACT_PACKAGE: &str = "tesseract-ocr";

/// The most pages of one scan read by OCR (a letter has a handful; a
/// 500-page file is not one letter).
pub const MAX_PAGES: usize = 100;

/// The most pixels of one image (a 300-dpi letter page is 2550 × 3300, about
/// 8.4 million): larger is refused before it is decoded.
pub const MAX_PIXELS: u64 = 60_000_000;

/// Whether OCR is used (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrMode {
    /// Scans and images are read by OCR when `tesseract` is installed.
    Auto,
    /// Never: a scan gives the error `no_text`.
    Never,
}

/// The image formats read by OCR, by their file name.
pub fn is_image_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["png", "jpg", "jpeg", "tif", "tiff"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// An image's kind and size in pixels from its first bytes (PNG, JPEG, TIFF);
/// `None` for bytes that are none of these.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tif")
    } else {
        None
    }
}

/// Whether bytes are an image OCR reads.
pub fn is_image(bytes: &[u8]) -> bool {
    image_kind(bytes).is_some()
}

/// The width and height a PNG's or a JPEG's header states (TIFF: not read
/// here; Tesseract's own limits apply).
fn image_size(bytes: &[u8]) -> Option<(u64, u64)> {
    match image_kind(bytes)? {
        "png" => {
            let be = |i: usize| {
                bytes
                    .get(i..i + 4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64)
            };
            Some((be(16)?, be(20)?))
        }
        "jpg" => {
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
        _ => None,
    }
}

/// What to install when there is no `tesseract`.
fn install_hint(why: &str) -> String {
    format!(
        "the OCR engine Tesseract is not installed ({why}). Install it (Debian/Ubuntu: \
         `apt-get install {TESSERACT_PACKAGE}`; macOS: `brew install tesseract`) and run again, or analyze the letter's text."
    )
}

fn tesseract_program() -> std::ffi::OsString {
    std::env::var_os("IMR_TESSERACT").unwrap_or_else(|| "tesseract".into())
}

/// The engine and its version (`tesseract 5.3.0`), once; the install hint
/// when it cannot be run.
fn engine() -> Result<String, InputError> {
    static ENGINE: OnceLock<Result<String, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let program = tesseract_program();
            let name = program.to_string_lossy().into_owned();
            match Command::new(&program)
                .arg("--version")
                .stdin(Stdio::null())
                .output()
            {
                Ok(out) if out.status.success() => {
                    let text = String::from_utf8_lossy(&out.stdout).into_owned()
                        + &String::from_utf8_lossy(&out.stderr);
                    Ok(text
                        .lines()
                        .next()
                        .unwrap_or("tesseract")
                        .trim()
                        .to_string())
                }
                Ok(out) => Err(install_hint(&format!(
                    "`{name} --version` exited with {}",
                    out.status
                ))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(install_hint(&format!("`{name}` was not found")))
                }
                Err(e) => Err(install_hint(&format!("`{name}` could not be run: {e}"))),
            }
        })
        .clone()
        .map_err(InputError::NoOcrText)
}

/// A folder of its own under the system's temporary folder, removed when
/// dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, InputError> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "imr-ocr-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir)
            .map_err(|e| InputError::Unreadable(format!("a temporary folder for OCR: {e}")))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), InputError> {
    std::fs::write(path, bytes)
        .map_err(|e| InputError::Unreadable(format!("a temporary file for OCR: {e}")))
}

/// The pages of a PDF, as `pdfinfo` counts them (`None` when it cannot).
fn pdf_pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// OCR a PDF without a text layer: its pages rendered at 300 dpi, each read
/// by Tesseract.
pub fn ocr_pdf(pdf: &[u8]) -> Result<(String, OcrInfo), InputError> {
    let engine = engine()?;
    let dir = TempDir::new()?;
    let file = dir.0.join("scan.pdf");
    write(&file, pdf)?;
    if let Some(n) = pdf_pages(&file) {
        if n > MAX_PAGES {
            return Err(too_many_pages(n));
        }
    }
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png"])
        .arg(&file)
        .arg(dir.0.join("page"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            InputError::NoOcrText(format!(
                "poppler's pdftoppm could not be run ({e}); install poppler-utils"
            ))
        })?;
    if !out.status.success() {
        return Err(InputError::DamagedPdf(format!(
            "pdftoppm: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
        )));
    }
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir.0)
        .map_err(|e| InputError::Unreadable(e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    // pdftoppm numbers pages with as many digits as the last one needs.
    pages.sort();
    if pages.is_empty() {
        return Err(InputError::NoOcrText("the PDF has no pages to read".into()));
    }
    if pages.len() > MAX_PAGES {
        return Err(too_many_pages(pages.len()));
    }
    recognise(&engine, &pages, &dir.0)
}

/// OCR an image file (PNG, JPEG, TIFF; a TIFF's pages are all read).
pub fn ocr_image(bytes: &[u8]) -> Result<(String, OcrInfo), InputError> {
    let Some(kind) = image_kind(bytes) else {
        return Err(InputError::DamagedImage(
            "it is not a PNG, JPEG or TIFF image".into(),
        ));
    };
    if let Some((w, h)) = image_size(bytes) {
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
    }
    let engine = engine()?;
    let dir = TempDir::new()?;
    let file = dir.0.join(format!("image.{kind}"));
    write(&file, bytes)?;
    recognise(&engine, &[file], &dir.0)
}

fn too_many_pages(pages: usize) -> InputError {
    InputError::ScanTooLarge(format!(
        "it has {pages} pages, more than the limit of {MAX_PAGES}"
    ))
}

/// Recognise each page (in parallel, one Tesseract a core) and join them
/// with form feeds, in page order.
fn recognise(engine: &str, pages: &[PathBuf], dir: &Path) -> Result<(String, OcrInfo), InputError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pages.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Page, InputError>>>> =
        Mutex::new((0..pages.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(page) = pages.get(i) else { break };
                let r = read_page(page, &dir.join(format!("out-{i}")));
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let mut text = String::new();
    let (mut sum, mut words) = (0.0f64, 0usize);
    for (i, r) in results.into_iter().enumerate() {
        let page = r.unwrap_or_else(|| Err(InputError::NoOcrText("a page was not read".into())))?;
        if i > 0 {
            text.push('\u{c}');
        }
        text.push_str(page.text.trim_end_matches(['\n', '\u{c}']));
        text.push('\n');
        sum += page.confidence_sum;
        words += page.words;
    }
    if text.trim().is_empty() {
        return Err(InputError::NoOcrText(
            "no text was recognised on its pages".into(),
        ));
    }
    let confidence = (words > 0).then(|| (sum / words as f64 * 10.0).round() / 10.0);
    Ok((
        text,
        OcrInfo {
            engine: engine.to_string(),
            pages: pages.len() as u32,
            confidence,
        },
    ))
}

struct Page {
    text: String,
    confidence_sum: f64,
    words: usize,
}

/// One page through Tesseract: its text and its words' confidences (TSV).
fn read_page(image: &Path, out: &Path) -> Result<Page, InputError> {
    let run = Command::new(tesseract_program())
        .arg(image)
        .arg(out)
        .args(["--psm", "3", "txt", "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| InputError::NoOcrText(install_hint(&format!("it could not be run: {e}"))))?;
    if !run.status.success() {
        let why = String::from_utf8_lossy(&run.stderr);
        let why = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        return Err(InputError::DamagedImage(format!("tesseract: {why}")));
    }
    let text = std::fs::read_to_string(out.with_extension("txt")).unwrap_or_default();
    let tsv = std::fs::read_to_string(out.with_extension("tsv")).unwrap_or_default();
    let (mut confidence_sum, mut words) = (0.0, 0);
    // level page_num block_num par_num line_num word_num left top width height conf text
    for line in tsv.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() >= 12 && cells[0] == "5" && !cells[11].trim().is_empty() {
            if let Ok(c) = cells[10].parse::<f64>() {
                if c >= 0.0 {
                    confidence_sum += c;
                    words += 1;
                }
            }
        }
    }
    Ok(Page {
        text,
        confidence_sum,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_first_bytes_and_sizes_read_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&30_000u32.to_be_bytes());
        png.extend_from_slice(&3_300u32.to_be_bytes());
        assert_eq!(image_kind(&png), Some("png"));
        assert_eq!(image_size(&png), Some((30_000, 3_300)));
        // A 30,000-pixel-wide page is refused before anything decodes it.
        assert!(matches!(ocr_image(&png), Err(InputError::ScanTooLarge(_))));
        assert_eq!(image_kind(b"%PDF-1.7"), None);
        assert_eq!(image_kind(b"II*\0rest"), Some("tif"));
        // A JPEG: SOI, an APP0 segment, then SOF0 with height 3300 and width 2550.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x0C,
            0xE4, 0x09, 0xF6, 0x03, 0, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((2550, 3300)));
        assert!(matches!(
            ocr_image(b"not an image"),
            Err(InputError::DamagedImage(_))
        ));
        assert!(is_image_name(Path::new("scan.TIFF")) && !is_image_name(Path::new("scan.pdf")));
    }
}
