//! The command line: analyze IMR Final Determination Letters into JSON or
//! tables. See `imr-analyzer --help`.
//!
//! One module a job: [`args`] (the arguments), [`inputs`] (the folder walk),
//! [`read`] (reading and decoding one input, once), [`pdf`] (PDF text
//! through pdftotext), [`sinks`] (the output formats) and [`pool`] (the
//! ordered worker pool). This file ties them together.

mod args;
mod inputs;
mod ocr;
mod pdf;
mod pool;
mod read;
mod sinks;

use args::{Cli, OutputFormat, TableArg};
use clap::{CommandFactory, Parser};
use imr_analyzer::export::Table;
use imr_analyzer::model::Outcome;
use inputs::Input;
use sinks::Sink;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

fn usage_error(message: &str) -> ExitCode {
    let mut cmd = Cli::command();
    let err = cmd.error(clap::error::ErrorKind::ArgumentConflict, message);
    let _ = err.print();
    ExitCode::from(2)
}

/// The table the arguments ask for, or the usage mistake they make.
fn check_usage(cli: &Cli) -> Result<Table, &'static str> {
    let table = match cli.table.unwrap_or(TableArg::Letters) {
        TableArg::Letters => Table::Letters,
        TableArg::Items => Table::Items,
        TableArg::Summary => Table::Summary,
    };
    let summary = table == Table::Summary;
    if cli.with_text && !cli.format.is_json() {
        return Err("--with-text works with --format json or jsonl only");
    }
    if cli.with_text && summary {
        return Err("--with-text does not apply to --table summary");
    }
    if cli.format == OutputFormat::Text && cli.table.is_some() {
        return Err("--table does not apply to --format text: it writes each letter as text");
    }
    if cli.format == OutputFormat::Xlsx {
        if cli.output.is_none() {
            return Err("--format xlsx needs --output FILE (a workbook is not printed)");
        }
        if cli.table.is_some() && !summary {
            return Err("--table does not apply to xlsx: the workbook has every table");
        }
        #[cfg(not(feature = "xlsx"))]
        return Err(sinks::XLSX_MISSING);
    }
    if cli.table.is_some() && cli.format.is_json() && !summary {
        return Err(
            "--table works with --format csv, tsv or md (json and jsonl hold every field; \
             with them --table summary gives the Summary's rows)",
        );
    }
    if cli.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given only once");
    }
    Ok(table)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let table = match check_usage(&cli) {
        Ok(table) => table,
        Err(message) => return usage_error(message),
    };

    let (inputs, empty_folders) = inputs::collect_inputs(&cli.paths);
    for folder in &empty_folders {
        eprintln!(
            "imr-analyzer: {}: no .txt or .pdf file in this folder",
            folder.display()
        );
    }
    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() {
        eprintln!("imr-analyzer: reading a letter from standard input (end it with Ctrl-D; --help for usage)");
    }

    let out: Box<dyn Write> = match &cli.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!(
                    "imr-analyzer: cannot write the output to {}: {e}",
                    path.display()
                );
                return ExitCode::from(1);
            }
        },
    };
    let out = BufWriter::with_capacity(64 * 1024, out);
    let mut any_error = false;
    let mut no_pdftotext = 0usize;
    let result = Sink::new(out, cli.format, table).and_then(|mut sink| {
        let opts = read::Options {
            with_text: cli.with_text,
            ocr: cli.ocr,
            ocr_text: cli.ocr_text,
        };
        pool::run_inputs(&inputs, opts, |input, result| {
            no_pdftotext += usize::from(result.no_pdftotext);
            // One outcome per letter of the input.
            for (outcome, text) in &result.letters {
                if let Outcome::Error(e) = outcome {
                    any_error = true;
                    if result.read_error {
                        eprintln!("imr-analyzer: {}: {}", input.source(), e.error.message);
                    }
                }
                sink.write(outcome, text.as_deref())?;
            }
            Ok(())
        })?;
        sink.finish()
    });
    if no_pdftotext > 0 {
        eprintln!(
            "imr-analyzer: {no_pdftotext} PDF file(s) not read: poppler's pdftotext is not installed (Debian/Ubuntu: apt-get install {})",
            pdf::PDFTOTEXT_PACKAGE
        );
    }
    if let Err(e) = result {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("imr-analyzer: cannot write the output: {e}");
        }
        return ExitCode::from(1);
    }
    if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
