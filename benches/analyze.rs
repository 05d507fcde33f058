//! Benchmarks over the development letters (`../shared/letters`, read at start):
//!
//! - `analyze/devset`: every letter of the four dwc-2016 text folders and the
//!   seeds through `analyze`, reported in MB/s and, separately, letters/s;
//! - `export/*`: `export::render` of the whole set's outcomes as the Letters
//!   and Items tables in CSV, TSV and Markdown (letters/s);
//! - `linearity/concatenated/*`: one input made of 1, 10 and 100 copies of
//!   one letter, concatenated (MB/s should stay flat if the cost grows
//!   linearly); `linearity/items/*`: one letter whose decisions section holds
//!   1, 10 and 100 times its items.
//!
//! `cargo bench` (figures of one run are in `benches/RESULTS.md`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use imr_analyzer::export::{render, Format, Table};
use imr_analyzer::{analyze, outcome, Outcome};
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/common/mod.rs"]
mod devset;

/// The development set as text (every letter is UTF-8).
fn texts() -> Option<Vec<(String, String)>> {
    let letters = devset::letters("benchmarks")?;
    Some(
        letters
            .into_iter()
            .map(|l| {
                let text = String::from_utf8(l.bytes).expect("development letters are UTF-8");
                (l.name, text)
            })
            .collect(),
    )
}

fn benches(c: &mut Criterion) {
    let Some(texts) = texts() else {
        return;
    };
    let n = texts.len() as u64;
    let bytes: u64 = texts.iter().map(|(_, t)| t.len() as u64).sum();
    eprintln!(
        "development set: {n} letters, {bytes} bytes ({:.2} MB)",
        bytes as f64 / 1e6
    );
    let analyze_all = |texts: &[(String, String)]| {
        for (name, text) in texts {
            black_box(analyze(black_box(text), name).ok());
        }
    };

    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("devset", |b| b.iter(|| analyze_all(&texts)));
    g.finish();

    let mut g = c.benchmark_group("analyze_letters");
    g.throughput(Throughput::Elements(n));
    g.bench_function("devset", |b| b.iter(|| analyze_all(&texts)));
    g.finish();

    let outcomes: Vec<Outcome> = texts
        .iter()
        .map(|(name, text)| outcome(analyze(text, name), name))
        .collect();
    let mut g = c.benchmark_group("export");
    g.throughput(Throughput::Elements(n));
    for (table, tname) in [(Table::Letters, "letters"), (Table::Items, "items")] {
        for (format, fname) in [
            (Format::Csv, "csv"),
            (Format::Tsv, "tsv"),
            (Format::Markdown, "md"),
        ] {
            g.bench_function(BenchmarkId::new(tname, fname), |b| {
                b.iter(|| black_box(render(black_box(&outcomes), table, format)))
            });
        }
    }
    g.finish();

    // One letter (the ten-item CM16-0230651 as pypdf extracts it), repeated.
    let base = texts
        .iter()
        .find(|(name, _)| name.ends_with("pypdf/CM16-0230651.txt"))
        .unwrap_or(&texts[0]);
    eprintln!("linearity: {} ({} bytes) repeated", base.0, base.1.len());
    let mut g = c.benchmark_group("linearity");
    for k in [1usize, 10, 100] {
        let input = vec![base.1.as_str(); k].join("\n");
        g.throughput(Throughput::Bytes(input.len() as u64));
        if k == 100 {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::new("concatenated", k), &input, |b, input| {
            b.iter(|| black_box(analyze(black_box(input), "concatenated").ok()))
        });
    }
    // One letter whose decisions section holds k times the items: every
    // copy goes through item extraction.
    let marker = "set forth below:";
    if let Some(at) = base.1.find(marker).map(|i| i + marker.len()) {
        let (head, items) = base.1.split_at(at);
        for k in [1usize, 10, 100] {
            let input = format!("{head}{}", items.repeat(k));
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::new("items", k), &input, |b, input| {
                b.iter(|| {
                    let a = analyze(black_box(input), "items").expect("a letter");
                    assert!(a.items.len() >= 10 * k);
                    black_box(a)
                })
            });
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = analyze_benches;
    config = config();
    targets = benches
}
criterion_main!(analyze_benches);
