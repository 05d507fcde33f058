//! The command line's OCR (SCHEMA.md, "Scanned and faxed letters"): a scan
//! PDF and an image file read by Tesseract, `--ocr never`, a missing engine,
//! and hostile images, each with its error while the rest of the batch is
//! analysed. Under CI (CI=true) tesseract and ../shared/letters must be there.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_imr-analyzer");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether tesseract and pdftoppm run; under CI they must.
fn have_ocr() -> bool {
    let runs = |p: &str, a: &str| {
        Command::new(p)
            .arg(a)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let ok = runs("tesseract", "--version") && runs("pdftoppm", "-v");
    if !ok {
        assert!(
            !in_ci(),
            "tesseract or pdftoppm is missing: CI's set-up must install them (apt-get install tesseract-ocr poppler-utils)"
        );
        eprintln!("SKIP: tesseract or pdftoppm not installed; OCR tests skipped");
    }
    ok
}

fn scans() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters/dwc-2016");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(!in_ci(), "../shared/letters is missing beside the checkout");
    eprintln!("SKIP: ../shared/letters is missing");
    None
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_ocr")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["--format", "jsonl"]).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn gold(dir: &Path, case: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(dir.join("gold").join(format!("{case}.json"))).unwrap(),
    )
    .unwrap()
}

const CASE: &str = "CM16-0230651";

#[test]
fn a_scan_pdf_and_a_page_image_are_read_by_ocr_into_their_letters_values() {
    let (true, Some(dir)) = (have_ocr(), scans()) else {
        return;
    };
    let g = gold(&dir, CASE);
    let scan = dir.join("scan").join(format!("{CASE}.pdf"));
    // The scan's first page as a PNG image (made here, as an office scanner's output would be).
    let tmp = temp_dir("image");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&scan)
        .arg(tmp.join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let png = tmp.join("page.png");
    let out = run(&[scan.as_os_str(), png.as_os_str()], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = jsonl(&out);
    let a = &lines[0];
    assert_eq!(a["text_source"], "ocr");
    assert!(
        a["ocr"]["engine"]
            .as_str()
            .unwrap()
            .starts_with("tesseract "),
        "{}",
        a["ocr"]
    );
    assert!(a["ocr"]["pages"].as_u64().unwrap() >= 2);
    let confidence = a["ocr"]["confidence"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&confidence));
    assert_eq!(a["warnings"][0]["code"], "ocr");
    assert!(a["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("OCR"));
    // The values of the letter's gold.
    assert_eq!(a["case_number"], g["case_number"]);
    assert_eq!(a["dates"]["decision"], g["decision_date"]);
    assert_eq!(a["dates"]["assigned"], g["date_assigned"]);
    let decisions = |v: &Value, key: &str| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i[key].clone())
            .collect()
    };
    assert_eq!(decisions(a, "decision"), decisions(&g, "decision"));
    // The image of page 1: its header values.
    let b = &lines[1];
    assert_eq!(b["source"], "page.png");
    assert_eq!(b["text_source"], "ocr");
    assert_eq!(b["ocr"]["pages"], 1);
    assert_eq!(b["case_number"], g["case_number"]);
}

#[test]
fn without_ocr_a_scan_is_no_text_saying_what_to_install_and_the_batch_goes_on() {
    let Some(dir) = scans() else {
        return;
    };
    let scan = dir.join("scan").join(format!("{CASE}.pdf"));
    let text = dir.join("text/pypdf").join(format!("{CASE}.txt"));
    // --ocr never.
    let out = run(
        &[
            "--ocr".as_ref(),
            "never".as_ref(),
            scan.as_os_str(),
            text.as_os_str(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let lines = jsonl(&out);
    assert_eq!(lines[0]["error"]["code"], "no_text");
    assert_eq!(lines[1]["case_number"], CASE);
    assert_eq!(lines[1]["text_source"], "text");
    // No engine: the message names the package.
    let out = run(
        &[scan.as_os_str(), text.as_os_str()],
        &[("IMR_TESSERACT", "/nonexistent/tesseract")],
    );
    let lines = jsonl(&out);
    assert_eq!(lines[0]["error"]["code"], "no_text");
    let message = lines[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("tesseract-ocr") && message.contains("not installed"),
        "{message}"
    );
    assert_eq!(lines[1]["case_number"], CASE);
}

#[test]
fn hostile_images_get_their_errors_quickly_and_lose_nothing_else() {
    let Some(dir) = scans() else {
        return;
    };
    let tmp = temp_dir("hostile");
    // A PNG whose header claims 30,000 × 30,000 pixels (a decompression bomb's shape): refused unread.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&30_000u32.to_be_bytes());
    png.extend_from_slice(&30_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 0, 0, 0, 0]);
    std::fs::write(tmp.join("bomb.png"), &png).unwrap();
    // A JPEG cut short after its first bytes.
    std::fs::write(
        tmp.join("cut.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F'],
    )
    .unwrap();
    // Text named as an image.
    std::fs::write(tmp.join("notes.tif"), b"Case Number: CM16-0000001\n").unwrap();
    let text = dir.join("text/pypdf").join(format!("{CASE}.txt"));
    let paths = [
        tmp.join("bomb.png"),
        tmp.join("cut.jpg"),
        tmp.join("notes.tif"),
        text,
    ];
    let args: Vec<&std::ffi::OsStr> = paths.iter().map(|p| p.as_os_str()).collect();
    let out = run(&args, &[]);
    assert_eq!(out.status.code(), Some(1));
    let lines = jsonl(&out);
    let codes: Vec<&str> = lines
        .iter()
        .map(|l| l["error"]["code"].as_str().unwrap_or(""))
        .collect();
    if have_ocr() {
        assert_eq!(
            codes,
            ["too_large", "damaged_image", "damaged_image", ""],
            "{lines:#?}"
        );
        assert!(lines[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pixels"));
    }
    assert_eq!(lines[3]["case_number"], CASE);
}
