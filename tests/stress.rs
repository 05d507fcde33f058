//! Stress: large inputs built from the real letters (`../shared/letters`):
//! every letter concatenated, with cuts, repeated lines, swapped blocks of
//! lines, unicode and control characters, then repeated up to ~10 MB (the
//! `#[ignore]`d variant goes to 100 MB). No panic, spans within the text, and
//! the time per input size is printed so that linear growth can be seen (not
//! asserted: timings depend on the machine).
//!
//! `cargo test --test stress -- --nocapture` (10 MB; a debug build);
//! `cargo test --release --test stress -- --ignored --nocapture` (100 MB).

mod common;

use imr_analyzer::{analyze, analyze_bytes};
use std::time::{Duration, Instant};

/// A small deterministic generator (no dependency, same input every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NOISE: &[&str] = &[
    "\u{c}", "\u{1}", "\u{7}", "\u{1b}", "\u{7f}", "\r", "\u{feff}", "\u{200b}", "\u{202e}",
    "\u{2028}", "😀", "\u{301}", "é", "ﬁ", "\u{fffd}", "\t\t\t",
];

/// All development letters, each mangled a little, concatenated: one block.
fn block(letters: &[common::Letter], rng: &mut Lcg) -> String {
    let mut out = String::new();
    for letter in letters {
        let text = String::from_utf8_lossy(&letter.bytes);
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let n = lines.len();
        if n > 4 {
            // A repeated line, two swapped lines, a block of lines moved.
            let i = rng.below(n);
            lines.insert(i, lines[i]);
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
            let len = 1 + rng.below(20.min(n / 2));
            let from = rng.below(n - len);
            let moved: Vec<&str> = lines.drain(from..from + len).collect();
            let to = rng.below(lines.len());
            lines.splice(to..to, moved);
        }
        let mut s: String = lines.concat();
        for _ in 0..3 {
            let mut at = rng.below(s.len());
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.insert_str(at, NOISE[rng.below(NOISE.len())]);
        }
        if rng.below(4) == 0 {
            // Cut short.
            let mut at = s.len() / 2 + rng.below(s.len() / 2);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.truncate(at);
        }
        if rng.below(5) == 0 {
            s = s.replace('\n', "\r\n");
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

/// Inputs of the given sizes (bytes, approximately), each a prefix of one
/// long text made of blocks.
fn run(sizes: &[usize]) {
    let Some(letters) = common::letters("stress test") else {
        return;
    };
    let mut rng = Lcg(0x1a2b_3c4d);
    let largest = *sizes.iter().max().unwrap();
    let mut text = String::with_capacity(largest + 1_000_000);
    while text.len() < largest {
        text.push_str(&block(&letters, &mut rng));
    }
    let mut rows: Vec<(usize, Duration, usize)> = Vec::new();
    for &size in sizes {
        let mut end = size.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let input = &text[..end];
        let start = Instant::now();
        let result = analyze(input, "stress");
        let took = start.elapsed();
        let analysis = result.unwrap_or_else(|e| panic!("{size} bytes: {e}"));
        common::check_spans(&analysis, input).unwrap_or_else(|e| panic!("{size} bytes: {e}"));
        // Many letters in one text: the first is read, the rest flagged.
        assert!(!analysis.spans.is_empty(), "{size} bytes: nothing found");
        assert!(
            analysis
                .warnings
                .iter()
                .any(|w| w.code == "several_letters"),
            "{size} bytes: no several_letters warning: {:?}",
            analysis.warnings
        );
        rows.push((end, took, analysis.warnings.len()));
    }
    eprintln!("stress (analyze, one input; linear growth means flat MB/s):");
    eprintln!(
        "{:>12} {:>10} {:>8} {:>9}",
        "bytes", "seconds", "MB/s", "warnings"
    );
    for (bytes, took, warnings) in &rows {
        let secs = took.as_secs_f64();
        eprintln!(
            "{bytes:>12} {secs:>10.3} {:>8.1} {warnings:>9}",
            *bytes as f64 / 1e6 / secs.max(1e-9)
        );
    }
    // Through the bytes entry point too (decoding included), largest size.
    let start = Instant::now();
    let result = analyze_bytes(text[..].as_bytes(), "stress");
    eprintln!(
        "analyze_bytes on {} bytes: {:.3} s",
        text.len(),
        start.elapsed().as_secs_f64()
    );
    let analysis = result.unwrap_or_else(|e| panic!("analyze_bytes: {e}"));
    common::check_spans(&analysis, &text).unwrap_or_else(|e| panic!("analyze_bytes: {e}"));
}

#[test]
fn ten_megabytes_of_mangled_letters() {
    run(&[625_000, 1_250_000, 2_500_000, 5_000_000, 10_000_000]);
}

#[test]
#[ignore = "on demand: cargo test --release --test stress -- --ignored --nocapture"]
fn hundred_megabytes_of_mangled_letters() {
    run(&[1_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000]);
}
