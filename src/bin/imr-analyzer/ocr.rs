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
use imr_analyzer::scan::{self, OcrPage};
use imr_analyzer::InputError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The Debian package that has `tesseract`.
pub const TESSERACT_PACKAGE: &str = "tesseract-ocr";

/// Whether OCR is used (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrMode {
    /// Scans and images are read by OCR when `tesseract` is installed.
    Auto,
    /// Never: a scan gives the error `no_text`.
    Never,
}

/// The image formats read by OCR, by their file name (the core's list).
pub fn is_image_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(scan::is_image_name)
}

/// Whether bytes are an image OCR reads.
pub fn is_image(bytes: &[u8]) -> bool {
    scan::image_kind(bytes).is_some()
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
        scan::check_pages(n)?;
    }
    let out = Command::new("pdftoppm")
        .args(["-r", &scan::RENDER_DPI.to_string(), "-gray", "-png"])
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
    scan::check_pages(pages.len())?;
    recognise(&engine, &pages, &dir.0)
}

/// OCR an image file (PNG, JPEG, TIFF; a TIFF's pages are all read),
/// checked by the core first.
pub fn ocr_image(bytes: &[u8]) -> Result<(String, OcrInfo), InputError> {
    let kind = scan::check_image(bytes)?;
    let engine = engine()?;
    let dir = TempDir::new()?;
    let file = dir.0.join(format!("image.{}", kind.extension()));
    write(&file, bytes)?;
    recognise(&engine, &[file], &dir.0)
}

/// Recognise each page (in parallel, one Tesseract a core) and join them
/// with form feeds, in page order.
fn recognise(engine: &str, pages: &[PathBuf], dir: &Path) -> Result<(String, OcrInfo), InputError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pages.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<OcrPage, InputError>>>> =
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
    let pages = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(InputError::NoOcrText("a page was not read".into()))))
        .collect::<Result<Vec<OcrPage>, InputError>>()?;
    scan::join(&pages, engine)
}

/// One page through Tesseract: its text and its words' confidences (TSV).
fn read_page(image: &Path, out: &Path) -> Result<OcrPage, InputError> {
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
    Ok(scan::page_from_tsv(text, &tsv))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_or_unreadable_image_is_refused_before_tesseract_runs() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&30_000u32.to_be_bytes());
        png.extend_from_slice(&3_300u32.to_be_bytes());
        assert!(matches!(ocr_image(&png), Err(InputError::ScanTooLarge(_))));
        assert!(matches!(
            ocr_image(b"not an image"),
            Err(InputError::DamagedImage(_))
        ));
        assert!(is_image_name(Path::new("scan.TIFF")) && !is_image_name(Path::new("scan.pdf")));
    }
}
