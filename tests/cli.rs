//! The command line, run as a program over small fixture letters and temporary
//! folders (never the development letters: those belong to the golden tests).

use imr_analyzer::export::{render, Format, Table};
use imr_analyzer::model::Outcome;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_imr-analyzer");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    run_stdin(args, None)
}

fn run_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn jsonl(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn sources(values: &[Value]) -> Vec<&str> {
    values
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect()
}

/// The error code of a PDF that is not one (a stub): `damaged_pdf` when
/// pdftotext is installed to say so, `unreadable` when it is not.
fn stub_pdf_code() -> &'static str {
    let program = std::env::var_os("IMR_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    match Command::new(program).arg("-v").output() {
        Ok(_) => "damaged_pdf",
        Err(_) => "unreadable",
    }
}

fn error_code(v: &Value) -> Option<&str> {
    v.get("error").map(|e| e["code"].as_str().unwrap())
}

#[test]
fn jsonl_one_line_per_file_named_by_file_name_exit_0() {
    let out = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        fixture("letter-b.txt").as_os_str(),
        fixture("letter-a.txt").as_os_str(),
        fixture("letter-cp1252-crlf.txt").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 3);
    // Input order as given, the source is the file name only.
    assert_eq!(
        sources(&lines),
        ["letter-b.txt", "letter-a.txt", "letter-cp1252-crlf.txt"]
    );
    for v in &lines {
        assert_eq!(v["schema"], "imr-letter/1");
        assert_eq!(
            v["analyzer"],
            concat!("imr-analyzer ", env!("CARGO_PKG_VERSION"))
        );
        assert!(v.get("error").is_none(), "{v}");
        assert!(v.get("text").is_none(), "text only with --with-text: {v}");
    }
    // Windows-1252 input is analysed with a warning, not rejected.
    let codes: Vec<&str> = lines[2]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"windows_1252"), "{codes:?}");
}

#[test]
fn many_inputs_keep_their_order_and_count() {
    let dir = temp_dir("many");
    let letter = fixture_bytes("letter-a.txt");
    let mut paths = Vec::new();
    // Given in an order that is not sorted: the output keeps the order given.
    for i in (0..45).rev() {
        let path = dir.join(format!("CM16-{:07}.txt", i * 7 % 45));
        write(&path, &letter);
        paths.push(path);
    }
    let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), "jsonl".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 45);
    let want: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(sources(&lines), want);
}

#[test]
fn folder_is_read_recursively_sorted_with_relative_sources() {
    let dir = temp_dir("folder");
    let letter = fixture_bytes("letter-a.txt");
    write(&dir.join("b.txt"), &letter);
    write(&dir.join("sub/deeper/c.TXT"), &letter);
    write(&dir.join("sub/a.txt"), &letter);
    write(&dir.join("a.txt"), &letter);
    write(&dir.join("notes.md"), b"# not read");
    write(&dir.join("sub/scan.pdf"), b"%PDF-1.4\n");
    let out = run(&["--format".as_ref(), "jsonl".as_ref(), dir.as_os_str()]);
    // The folder's PDF is read too: this stub is no readable PDF (with or
    // without pdftotext), so it is an error object and the status is 1.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(
        sources(&lines),
        [
            "a.txt",
            "b.txt",
            "sub/a.txt",
            "sub/deeper/c.TXT",
            "sub/scan.pdf"
        ]
    );
    assert_eq!(error_code(&lines[4]), Some(stub_pdf_code()));

    // A folder and a file together: the folder's files, then the file.
    let sub = dir.join("sub");
    let out = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        sub.as_os_str(),
        fixture("letter-b.txt").as_os_str(),
    ]);
    assert_eq!(
        sources(&jsonl(&out)),
        ["a.txt", "deeper/c.TXT", "scan.pdf", "letter-b.txt"]
    );
}

#[test]
fn a_folder_without_letters_is_named_on_standard_error() {
    let dir = temp_dir("no-letters");
    write(&dir.join("notes.md"), b"# not a letter");
    write(&dir.join(".DS_Store"), b"\0\0\x01Bud1");
    let out = run(&["--format".as_ref(), "csv".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("no .txt or .pdf file in this folder"),
        "{}",
        stderr(&out)
    );
    // the header row only
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);

    // with a letter beside it: the letter is analysed, the folder named
    let out = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        dir.as_os_str(),
        fixture("letter-b.txt").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no .txt or .pdf file in this folder"));
    assert_eq!(sources(&jsonl(&out)), ["letter-b.txt"]);
}

#[test]
fn bad_inputs_give_error_objects_exit_1_and_never_stop_the_others() {
    let dir = temp_dir("bad");
    write(&dir.join("1-empty.txt"), b"  \n\t\n");
    write(&dir.join("2-binary.txt"), b"Case Number\0\x01\x02\x03");
    write(&dir.join("3-good.txt"), &fixture_bytes("letter-a.txt"));
    let missing = dir.join("4-missing.txt");
    let pdf = dir.join("5-letter.pdf");
    write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    let disguised = dir.join("6-disguised.txt");
    write(&disguised, b"%PDF-1.7\n1 0 obj\n");
    let out = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        dir.join("1-empty.txt").as_os_str(),
        dir.join("2-binary.txt").as_os_str(),
        dir.join("3-good.txt").as_os_str(),
        missing.as_os_str(),
        pdf.as_os_str(),
        disguised.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 6);
    assert_eq!(
        sources(&lines),
        [
            "1-empty.txt",
            "2-binary.txt",
            "3-good.txt",
            "4-missing.txt",
            "5-letter.pdf",
            "6-disguised.txt"
        ]
    );
    let codes: Vec<Option<&str>> = lines.iter().map(error_code).collect();
    assert_eq!(
        codes,
        [
            Some("empty"),
            Some("binary"),
            None,
            Some("unreadable"),
            Some(stub_pdf_code()),
            Some(stub_pdf_code())
        ]
    );
    // Error objects have exactly the fields of SCHEMA.md.
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert!(lines[3]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("could not be read"));
    assert!(lines[4]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("pdftotext"));
    // The unreadable file is reported on standard error too.
    let err = stderr(&out);
    assert!(err.contains("4-missing.txt"), "{err}");
    assert!(!err.contains("3-good.txt"), "{err}");
}

#[test]
fn stdin_by_dash_or_no_path() {
    let letter = fixture_bytes("letter-a.txt");
    for args in [vec!["--format", "jsonl", "-"], vec!["--format", "jsonl"]] {
        let out = run_stdin(&args, Some(&letter));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let lines = jsonl(&out);
        assert_eq!(sources(&lines), ["stdin"]);
        assert!(error_code(&lines[0]).is_none());
    }
    // stdin between files keeps its place.
    let a = fixture("letter-a.txt");
    let out = run_stdin(
        &[
            "--format".as_ref(),
            "jsonl".as_ref(),
            a.as_os_str(),
            "-".as_ref(),
            a.as_os_str(),
        ],
        Some(&letter),
    );
    assert_eq!(
        sources(&jsonl(&out)),
        ["letter-a.txt", "stdin", "letter-a.txt"]
    );
    // Empty standard input is an input error.
    let out = run_stdin(&["--format", "jsonl"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(error_code(&jsonl(&out)[0]), Some("empty"));
}

#[test]
fn with_text_adds_the_analysed_text() {
    let dir = temp_dir("with-text");
    let bom = dir.join("bom.txt");
    write(
        &bom,
        &[b"\xEF\xBB\xBF".as_slice(), &fixture_bytes("letter-a.txt")].concat(),
    );
    let empty = dir.join("empty.txt");
    write(&empty, b"");
    let cp = fixture("letter-cp1252-crlf.txt");
    let out = run(&[
        "--with-text".as_ref(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        bom.as_os_str(),
        cp.as_os_str(),
        empty.as_os_str(),
    ]);
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 3);
    // The byte-order mark is not part of the analysed text.
    let want_a = String::from_utf8(fixture_bytes("letter-a.txt")).unwrap();
    assert_eq!(lines[0]["text"], want_a.as_str());
    // Windows-1252 decoded, CRLF kept.
    let text = lines[1]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Case Number: CM16-0000003\r\n"),
        "{text:?}"
    );
    assert!(text.contains("(café)"), "{text:?}");
    // An error object keeps only its SCHEMA.md fields.
    assert!(lines[2].get("text").is_none());
    assert_eq!(error_code(&lines[2]), Some("empty"));

    // The same in the pretty array.
    let out = run(&["--with-text".as_ref(), bom.as_os_str()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["text"], want_a.as_str());
}

#[test]
fn json_is_one_pretty_array_equal_to_jsonl() {
    let a = fixture("letter-a.txt");
    let b = fixture("letter-b.txt");
    let out = run(&[a.as_os_str(), b.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let outcomes: Vec<Outcome> = serde_json::from_str(&text).unwrap();
    assert_eq!(outcomes.len(), 2);
    // Exactly what serde_json pretty-prints for the whole array.
    assert_eq!(
        text,
        serde_json::to_string_pretty(&outcomes).unwrap() + "\n"
    );
    let lines = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    let from_jsonl: Vec<Outcome> = stdout(&lines)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(outcomes, from_jsonl);

    // No input at all (empty folder): an empty array, exit 0.
    let dir = temp_dir("empty-folder");
    let out = run(&[dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn csv_tables_with_bom_crlf_and_error_rows() {
    let dir = temp_dir("csv");
    write(&dir.join("a.txt"), &fixture_bytes("letter-a.txt"));
    write(&dir.join("b-empty.txt"), b"");
    let out = run(&["--format".as_ref(), "csv".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("\u{FEFF}source,case_number,layout,decision_date,"));
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 20);
    let warnings = headers.iter().position(|h| h == "warnings").unwrap();
    let outcome = headers.iter().position(|h| h == "outcome").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "a.txt");
    assert_eq!(&rows[1][0], "b-empty.txt");
    assert_eq!(
        &rows[1][warnings],
        imr_analyzer::InputError::Empty.message()
    );
    assert!(rows[1].iter().skip(1).take(warnings - 1).all(str::is_empty));
    // The letter's outcome from its items' decisions; none for the error row.
    assert!(
        ["upheld", "overturned", "partially overturned"].contains(&&rows[0][outcome]),
        "{:?}",
        &rows[0][outcome]
    );

    // The Items table: the header and no rows for the error.
    let out = run(&[
        "--format".as_ref(),
        "csv".as_ref(),
        "--table".as_ref(),
        "items".as_ref(),
        dir.join("b-empty.txt").as_os_str(),
    ]);
    assert_eq!(
        stdout(&out),
        "\u{FEFF}source,case_number,item,request,original_request,authorized,decision,medically_necessary,\
         category,subcategory,body_parts,drug,strength,quantity,sessions,retrospective,reasons,\
         claims_administrator_guideline,maximus_guideline,guideline_sources,rationale\r\n"
    );
}

#[test]
fn tsv_and_markdown_tables() {
    let a = fixture("letter-a.txt");
    let out = run(&["--format".as_ref(), "tsv".as_ref(), a.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), 2);
    assert!(!text.contains('\r'));
    assert!(lines[0].starts_with("source\tcase_number\tlayout\t"));
    assert_eq!(lines[1].split('\t').count(), 20);
    assert!(lines[1].starts_with("letter-a.txt\t"));

    let out = run(&[
        "--format".as_ref(),
        "md".as_ref(),
        "--table".as_ref(),
        "items".as_ref(),
        a.as_os_str(),
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("| source | case_number | item | request |"));
    assert_eq!(lines[1], format!("|{}", " --- |".repeat(21)));
    // Rows (when the extraction finds items) follow the header and delimiter.
    assert!(lines[2..].iter().all(|l| l.starts_with("| letter-a.txt |")));
}

#[test]
fn summary_table_in_every_format() {
    let dir = temp_dir("summary");
    write(&dir.join("a.txt"), &fixture_bytes("letter-a.txt"));
    write(&dir.join("b.txt"), &fixture_bytes("letter-b.txt"));
    write(&dir.join("c.txt"), &fixture_bytes("letter-cp1252-crlf.txt"));
    write(&dir.join("d-empty.txt"), b"");
    let table = |format: &str| {
        let out = run(&[
            "--format".as_ref(),
            format.as_ref(),
            "--table".as_ref(),
            "summary".as_ref(),
            dir.as_os_str(),
        ]);
        // The empty file is an error object: exit 1, counted nowhere.
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        stdout(&out)
    };
    let csv = table("csv");
    // The rows that do not depend on the treatment stage, exactly.
    for row in [
        "\u{FEFF}dimension,group,letters,items,upheld,overturned,overturned_share,ci_low,ci_high\r\n\
         all,all,3,3,2,1,0.3333,0.0615,0.7923\r\n",
        "\r\nreviewer_specialty,Family Practice,2,2,1,1,0.5000,0.0945,0.9055\r\n\
         reviewer_specialty,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n\
         guideline,MTUS Shoulder Complaints,2,2,1,1,0.5000,0.0945,0.9055\r\n\
         guideline,MTUS Chronic Pain Medical Treatment,1,1,1,0,0.0000,0.0000,0.7935\r\n\
         reviewer_state,California,2,2,1,1,0.5000,0.0945,0.9055\r\n\
         reviewer_state,(none),1,1,1,0,0.0000,0.0000,0.7935\r\n",
    ] {
        assert!(csv.contains(row), "{row}\nnot in\n{csv}");
    }
    // the reason dimension comes last (REASONS.md, Summary)
    assert!(csv.lines().last().unwrap().starts_with("reason,"), "{csv}");
    // Every format is the library's Summary of the command line's analyses.
    let out = run(&["--format".as_ref(), "jsonl".as_ref(), dir.as_os_str()]);
    let outcomes: Vec<Outcome> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(outcomes.len(), 4);
    for (format, lib) in [
        ("csv", Format::Csv),
        ("tsv", Format::Tsv),
        ("md", Format::Markdown),
    ] {
        assert_eq!(
            table(format),
            render(&outcomes, Table::Summary, lib),
            "{format}"
        );
    }
    let md = table("md");
    assert!(md.starts_with(
        "| dimension | group | letters | items | upheld | overturned | overturned_share | ci_low | ci_high |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n\
         | all | all | 3 | 3 | 2 | 1 | 0.3333 | 0.0615 | 0.7923 |\n"
    ));
    assert!(table("tsv").starts_with("dimension\tgroup\tletters\t"));
    // json and jsonl: one object per row, numbers as numbers.
    let rows = imr_analyzer::export::rows(&outcomes, Table::Summary);
    let lines: Vec<Value> = table("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let array: Vec<Value> = serde_json::from_str(&table("json")).unwrap();
    assert_eq!(lines, array);
    assert_eq!(lines.len(), rows.len());
    assert_eq!(
        lines[0],
        serde_json::json!({
            "dimension": "all", "group": "all", "letters": 3, "items": 3, "upheld": 2,
            "overturned": 1, "overturned_share": 0.3333, "ci_low": 0.0615, "ci_high": 0.7923
        })
    );
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9);
    for (line, row) in lines.iter().zip(&rows) {
        assert_eq!(line["dimension"], row[0].as_str());
        assert_eq!(line["group"], row[1].as_str());
        assert_eq!(line["items"].as_u64().unwrap().to_string(), row[3]);
    }
    // The empty folder: the `all` row with 0/0, share and interval null.
    let empty = temp_dir("summary-empty");
    let out = run(&[
        "--format".as_ref(),
        "jsonl".as_ref(),
        "--table".as_ref(),
        "summary".as_ref(),
        empty.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "{\"dimension\":\"all\",\"group\":\"all\",\"letters\":0,\"items\":0,\"upheld\":0,\
         \"overturned\":0,\"overturned_share\":null,\"ci_low\":null,\"ci_high\":null}\n"
    );
}

#[test]
fn usage_mistakes_exit_2() {
    let a = fixture("letter-a.txt");
    let a = a.to_str().unwrap();
    for args in [
        vec!["--with-text", "--format", "csv", a],
        vec!["--format", "jsonl", "--table", "items", a],
        vec!["--table", "letters", a],
        vec!["--format", "json", "--table", "items", a],
        vec!["--with-text", "--table", "summary", a],
        vec![
            "--format", "xlsx", "--table", "letters", "--output", "x.xlsx", a,
        ],
        vec!["--format", "xml", a],
        vec!["--table", "people", "--format", "csv", a],
        vec!["--frobnicate", a],
        vec!["-", "-"],
        vec!["--format", "text", "--table", "items", a],
        vec!["--format", "text", "--with-text", a],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr(&out).contains("error"), "{args:?}");
    }
}

#[test]
fn text_format_gives_each_letter_as_text_the_core_writes() {
    let (a, b) = (fixture("letter-a.txt"), fixture("letter-b.txt"));
    let out = run(&[
        "--format".as_ref(),
        "text".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Each letter as the core writes it, a blank line between.
    let want: Vec<String> = [("letter-a.txt", &a), ("letter-b.txt", &b)]
        .iter()
        .map(|(name, p)| {
            let o = imr_analyzer::outcome(
                imr_analyzer::analyze_bytes(&std::fs::read(p).unwrap(), name),
                name,
            );
            imr_analyzer::letter_text::letter_text(&o)
        })
        .collect();
    assert_eq!(text, want.join("\n"));
    assert!(text.starts_with("IMR letter CM16-0000001\n"), "{text}");
    assert!(text.contains("\nIMR letter CM16-0000002\n"), "{text}");
    assert!(text.contains("\nItem 1: "), "{text}");
}

#[test]
fn help_explains_formats_exit_status_and_an_example() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for needle in [
        "--format",
        "jsonl",
        "--table",
        "--with-text",
        "EXIT STATUS",
        "EXAMPLES",
        "stdin",
        "recursively",
        "summary",
        "unreadable",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}
