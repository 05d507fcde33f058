//! The command line over PDFs, read through poppler's `pdftotext`: every
//! development PDF scored by `score.py`, the encrypted-with-an-empty-password
//! fixture, and the error codes of SCHEMA.md for a PDF that needs a password,
//! a damaged one and one with no text; and what happens without `pdftotext`.
//!
//! Needs `pdftotext` (Debian: poppler-utils). Without it the tests skip with a
//! message, except under `CI=true`, where set-up installs it and they fail.

mod common;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_imr-analyzer");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether `pdftotext` runs; under CI it must.
fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if in_ci() {
            panic!(
                "pdftotext is missing: CI's set-up must install it (apt-get install poppler-utils)"
            );
        }
        eprintln!(
            "SKIP: pdftotext not installed (apt-get install poppler-utils); PDF tests skipped"
        );
    }
    ok
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_pdf")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(
    args: &[&std::ffi::OsStr],
    envs: &[(&str, &std::ffi::OsStr)],
    stdin: Option<&[u8]>,
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(v: &Value) -> Option<&str> {
    v["error"]["code"].as_str()
}

/// An analysis without its source and spans (they differ between a text
/// and its PDF's extraction), for comparing field values.
fn fields(v: &Value) -> Value {
    let mut v = v.clone();
    let map = v.as_object_mut().unwrap();
    map.remove("source");
    map.remove("text_source");
    map.remove("spans");
    map.remove("text");
    v
}

/// Escape a PDF literal string.
fn pdf_string(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A minimal valid PDF with one page per entry of `pages`, each page drawing
/// its lines of ASCII text in Helvetica (no lines: a page with no text, as a
/// scan has none).
fn make_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page its page and content.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        let mut content = String::new();
        if !lines.is_empty() {
            content.push_str("BT /F1 9 Tf 11 TL 40 760 Td");
            for line in *lines {
                content.push_str(&format!(" ({}) Tj T*", pdf_string(line)));
            }
            content.push_str(" ET");
        }
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn letter_lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(fixture(name))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn letter_pdf(name: &str) -> Vec<u8> {
    let lines = letter_lines(name);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    make_pdf(&[&lines])
}

/// Run `score.py` over JSON lines; returns (fields, decisions, precision).
#[test]
fn every_development_pdf_scores_through_pdftotext() {
    let Some(letters) = common::letters_dir() else {
        return;
    };
    if !have_pdftotext() {
        return;
    }
    let pdf_dir = letters.join("dwc-2016/pdf");
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&pdf_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 60, "{} PDFs", pdfs.len());
    let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), "jsonl".as_ref()];
    args.extend(pdfs.iter().map(|p| p.as_os_str()));
    let out = run(&args, &[], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), pdfs.len());
    for (line, pdf) in lines.iter().zip(&pdfs) {
        assert_eq!(code(line), None, "{}: {line}", pdf.display());
        assert_eq!(line["source"], common::name(pdf));
    }
    let (fields, decisions, precision, line) =
        common::score(&letters, &letters.join("dwc-2016/gold"), &out.stdout);
    eprintln!("PDFs through pdftotext -layout: {line}");
    assert!(fields >= 99.0, "{line}");
    assert_eq!(decisions, 100.0, "{line}");
    assert_eq!(precision, 100.0, "{line}");

    // The folder gives the same, in the same (sorted) order.
    let folder = run(
        &["--format".as_ref(), "jsonl".as_ref(), pdf_dir.as_os_str()],
        &[],
        None,
    );
    assert_eq!(folder.stdout, out.stdout);
}

#[test]
fn a_damaged_development_pdf_is_damaged_pdf() {
    let Some(letters) = common::letters_dir() else {
        return;
    };
    if !have_pdftotext() {
        return;
    }
    let dir = temp_dir("damaged-real");
    let pdf_dir = letters.join("dwc-2016/pdf");
    let mut real: Vec<PathBuf> = std::fs::read_dir(&pdf_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    real.sort();
    let bytes = std::fs::read(&real[0]).unwrap();
    // Its first third: the cross-reference table and trailer are gone.
    let cut = dir.join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let out = run(
        &["--format".as_ref(), "jsonl".as_ref(), cut.as_os_str()],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let lines = jsonl(&out);
    assert_eq!(code(&lines[0]), Some("damaged_pdf"), "{}", lines[0]);
    assert!(lines[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("pdftotext: "));
}

#[test]
fn a_pdf_encrypted_with_an_empty_password_opens_and_analyzes_like_its_text() {
    if !have_pdftotext() {
        return;
    }
    let pdf = fixture("pdf/letter-a-empty-password.pdf");
    let txt = fixture("letter-a.txt");
    let out = run(
        &[
            "--format".as_ref(),
            "jsonl".as_ref(),
            "--with-text".as_ref(),
            pdf.as_os_str(),
            txt.as_os_str(),
        ],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines[0]["source"], "letter-a-empty-password.pdf");
    assert_eq!(lines[0]["case_number"], "CM16-0000001");
    assert_eq!(fields(&lines[0]), fields(&lines[1]));
    // --with-text prints the text pdftotext extracted: the letter's lines.
    let text = lines[0]["text"].as_str().unwrap();
    for line in letter_lines("letter-a.txt")
        .iter()
        .filter(|l| !l.is_empty())
    {
        assert!(text.contains(line.as_str()), "{line:?} not in {text:?}");
    }
    // Spans point into that text.
    let span = &lines[0]["spans"]["/case_number"];
    let (a, b) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16(&units[a..b]).unwrap(), "CM16-0000001");
}

#[test]
fn pdf_error_codes_no_text_damaged_password() {
    if !have_pdftotext() {
        return;
    }
    let dir = temp_dir("codes");
    // Two pages, neither with text: a scan.
    let scan = dir.join("1-scan.pdf");
    std::fs::write(&scan, make_pdf(&[&[], &[]])).unwrap();
    // A page whose only text is blanks.
    let blank = dir.join("2-blank.pdf");
    std::fs::write(&blank, make_pdf(&[&["   "]])).unwrap();
    // A good letter, then the same bytes cut short.
    let good = letter_pdf("letter-b.txt");
    let good_path = dir.join("3-good.pdf");
    std::fs::write(&good_path, &good).unwrap();
    let cut = dir.join("4-cut.pdf");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    // Not a PDF at all, named .pdf.
    let fake = dir.join("5-fake.pdf");
    std::fs::write(&fake, b"Case Number: CM16-0000001\n").unwrap();
    let password = fixture("pdf/password.pdf");
    // A PDF named .txt is read as a PDF by its first bytes.
    let disguised = dir.join("6-disguised.txt");
    std::fs::write(&disguised, &good).unwrap();
    let paths = [
        &scan, &blank, &good_path, &cut, &fake, &password, &disguised,
    ];
    let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), "jsonl".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let out = run(&args, &[], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = jsonl(&out);
    let codes: Vec<Option<&str>> = lines.iter().map(code).collect();
    assert_eq!(
        codes,
        [
            Some("no_text"),
            Some("no_text"),
            None,
            Some("damaged_pdf"),
            Some("damaged_pdf"),
            Some("password_pdf"),
            None
        ],
        "{lines:#?}"
    );
    assert_eq!(lines[2]["case_number"], "CM16-0000002");
    assert_eq!(fields(&lines[2]), fields(&lines[6]));
    // The damaged PDF's message gives pdftotext's reason.
    let message = lines[3]["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("This PDF is damaged"), "{message}");
    assert!(message.contains("pdftotext: "), "{message}");
    assert!(
        lines[4]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pdftotext: "),
        "{}",
        lines[4]
    );
    assert!(lines[5]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("password"));
    // Error objects have exactly the fields of SCHEMA.md.
    for line in lines.iter().filter(|l| code(l).is_some()) {
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["analyzer", "error", "schema", "source"], "{line}");
    }
    assert_eq!(lines[5]["source"], "password.pdf");

    // The tables carry the error rows too.
    let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), "tsv".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let out = run(&args, &[], None);
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(tsv.lines().count(), 1 + paths.len());
    assert!(tsv.contains("1-scan.pdf\t"));
    // Read by OCR (where tesseract is installed), the blank pages still give no text.
    assert!(tsv.contains("no text layer"), "{tsv}");
}

#[test]
fn folders_yield_txt_and_pdf_files_sorted_and_stdin_may_be_a_pdf() {
    if !have_pdftotext() {
        return;
    }
    let dir = temp_dir("folder");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b.pdf"), letter_pdf("letter-b.txt")).unwrap();
    std::fs::copy(fixture("letter-a.txt"), dir.join("a.txt")).unwrap();
    std::fs::write(dir.join("sub/c.PDF"), letter_pdf("letter-a.txt")).unwrap();
    std::fs::write(dir.join("notes.md"), b"not read").unwrap();
    let out = run(
        &["--format".as_ref(), "jsonl".as_ref(), dir.as_os_str()],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["a.txt", "b.pdf", "sub/c.PDF"]);
    assert_eq!(lines[1]["case_number"], "CM16-0000002");
    assert_eq!(fields(&lines[0]), fields(&lines[2]));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    // A PDF on standard input.
    let pdf = letter_pdf("letter-b.txt");
    let out = run(&["--format".as_ref(), "jsonl".as_ref()], &[], Some(&pdf));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdin = jsonl(&out);
    assert_eq!(stdin[0]["source"], "stdin");
    assert_eq!(fields(&stdin[0]), fields(&lines[1]));
}

#[test]
fn without_pdftotext_each_pdf_names_the_package_and_text_still_analyses() {
    let dir = temp_dir("missing");
    let empty_path = dir.join("no-programs");
    std::fs::create_dir_all(&empty_path).unwrap();
    let pdf = dir.join("letter.pdf");
    std::fs::write(&pdf, letter_pdf("letter-a.txt")).unwrap();
    let second = dir.join("second.pdf");
    std::fs::write(&second, letter_pdf("letter-b.txt")).unwrap();
    let txt = fixture("letter-a.txt");
    let args: [&std::ffi::OsStr; 5] = [
        "--format".as_ref(),
        "jsonl".as_ref(),
        pdf.as_os_str(),
        txt.as_os_str(),
        second.as_os_str(),
    ];
    // No pdftotext on the PATH; then a named program that does not exist.
    let nowhere = dir.join("nowhere/pdftotext");
    for envs in [
        [("PATH", empty_path.as_os_str())],
        [("IMR_PDFTOTEXT", nowhere.as_os_str())],
    ] {
        let out = run(&args, &envs, None);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let lines = jsonl(&out);
        assert_eq!(lines.len(), 3);
        for i in [0, 2] {
            assert_eq!(code(&lines[i]), Some("unreadable"));
            let message = lines[i]["error"]["message"].as_str().unwrap();
            assert!(
                message.starts_with("This PDF could not be read: no PDF reader is available."),
                "{message}"
            );
            assert!(message.contains("pdftotext"), "{message}");
            assert!(message.contains("is not installed"), "{message}");
            assert!(
                message.contains("apt-get install poppler-utils"),
                "{message}"
            );
        }
        assert_eq!(code(&lines[1]), None, "the text file is still analysed");
        assert_eq!(lines[1]["case_number"], "CM16-0000001");
        // One line on standard error for all of them.
        let err = stderr(&out);
        let said: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("poppler-utils"))
            .collect();
        assert_eq!(said.len(), 1, "{err}");
        assert!(said[0].contains("2 PDF file(s)"), "{err}");
    }
}

#[test]
fn a_pdf_of_several_letters_gives_one_analysis_per_letter_each_as_its_own_pdf_gives() {
    if !have_pdftotext() {
        return;
    }
    let dir = temp_dir("merged");
    // An office's merged PDF: letter A's page, then letter B's.
    let (a, b) = (letter_lines("letter-a.txt"), letter_lines("letter-b.txt"));
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.iter().map(String::as_str).collect(),
        b.iter().map(String::as_str).collect(),
    );
    std::fs::write(dir.join("merged.pdf"), make_pdf(&[&a, &b])).unwrap();
    std::fs::write(dir.join("a.pdf"), make_pdf(&[&a])).unwrap();
    std::fs::write(dir.join("b.pdf"), make_pdf(&[&b])).unwrap();
    let out = run(
        &[
            "--format".as_ref(),
            "jsonl".as_ref(),
            "--with-text".as_ref(),
            dir.join("merged.pdf").as_os_str(),
            dir.join("a.pdf").as_os_str(),
            dir.join("b.pdf").as_os_str(),
        ],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["source"], "merged.pdf#1");
    assert_eq!(lines[1]["source"], "merged.pdf#2");
    assert_eq!(lines[0]["case_number"], "CM16-0000001");
    assert_eq!(lines[1]["case_number"], "CM16-0000002");
    for (part, single) in [(&lines[0], &lines[2]), (&lines[1], &lines[3])] {
        assert_eq!(fields(part), fields(single));
        assert!(part["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "several_letters"));
    }
    // The parts together are the whole text: nothing dropped. Each part's
    // spans point into its own text.
    let whole = run(
        &[
            "--format".as_ref(),
            "jsonl".as_ref(),
            "--ocr".as_ref(),
            "never".as_ref(),
            "-".as_ref(),
        ],
        &[],
        Some(&std::fs::read(dir.join("merged.pdf")).unwrap()),
    );
    let stdin = jsonl(&whole);
    assert_eq!(stdin[0]["source"], "stdin#1");
    let texts: String = lines[..2]
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    let pdftotext = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(dir.join("merged.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert_eq!(texts, String::from_utf8(pdftotext.stdout).unwrap());
    for part in &lines[..2] {
        let text: Vec<u16> = part["text"].as_str().unwrap().encode_utf16().collect();
        let span = &part["spans"]["/case_number"];
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf16(&text[s..e]).unwrap(),
            part["case_number"].as_str().unwrap()
        );
    }
}
