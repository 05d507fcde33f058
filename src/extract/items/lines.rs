//! The decision-lines reader: an item starts at a line that ends in its
//! decision word and is followed by an item label.
//!
//! The request is read back from the decision line to the previous sentence
//! end, blank line or label, except where the text goes on:
//! - past the sentence ends of a partial-authorization wording
//!   ([`rules::PARTIAL_SENTENCE_ENDS`]);
//! - past a line that ends in a label inside a request
//!   ([`rules::REQUEST_INNER_LABELS`]: "…, DOS:" / "11/11/2016: Upheld");
//! - past a blank line inside a sentence (a page break a viewer copied as a
//!   blank line): the line after it starts in lower case and the one before
//!   it neither ends a sentence nor is a label.

use super::{
    ends_partial_sentence, flat_request_start, read_labels, request_parts, starts_with_label,
    trailing_decision, RawItem,
};
use crate::extract::Found;
use crate::model::Decision;
use crate::normalize::Line;
use crate::rules;

/// Where a decision word stands.
struct DecisionAt {
    /// Line holding the end of the request.
    request_last_line: usize,
    /// Normalized offset where the request text ends (before `:` / ` is:`).
    request_end: usize,
    /// Line holding the decision word.
    line: usize,
    decision: Decision,
    word: (usize, usize),
}

/// Decision lines in `lines[from..to]`.
fn decision_lines(lines: &[Line<'_>], from: usize, to: usize) -> Vec<DecisionAt> {
    let mut out = Vec::new();
    for i in from..to {
        let (off, t) = lines[i].trimmed();
        let Some((decision, word_at, word_end)) = trailing_decision(t) else {
            continue;
        };
        let word = (off + word_at, off + word_end);
        // The next non-blank line must be an item label.
        let next = lines[i + 1..to].iter().find(|l| !l.is_blank());
        if !next.is_some_and(|l| starts_with_label(l.text)) {
            continue;
        }
        let before = t[..word_at].trim_end();
        let (request_last_line, request_end) = if before.is_empty() {
            // the word alone: the request ends on the previous non-blank line, with ':'
            let Some(p) = (from..i).rev().find(|&k| !lines[k].is_blank()) else {
                continue;
            };
            let (poff, pt) = lines[p].trimmed();
            if !pt.ends_with(':') || starts_with_label(pt) {
                continue;
            }
            (p, poff + pt.len() - 1)
        } else {
            if starts_with_label(before) {
                continue;
            }
            (i, off + before.len() - 1)
        };
        out.push(DecisionAt {
            request_last_line,
            request_end,
            line: i,
            decision,
            word,
        });
    }
    out
}

/// Whether a line ends a sentence (and so cannot continue into a request).
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', ')', '\u{201D}', '\u{2019}']);
    t.ends_with('.') || t.ends_with('?') || t.ends_with('!') || t.ends_with(':')
}

/// Whether a line ending in `:` goes on into the request's next line: it
/// ends with a label inside a request ("…, DOS:" before the date of service).
fn continues_request(t: &str) -> bool {
    rules::REQUEST_INNER_LABELS.iter().any(|l| {
        t.strip_suffix(l)
            .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| c.is_whitespace() || c == ','))
    })
}

/// A blank line before line `s` that stands inside a sentence (a page break
/// some viewers copy as a blank line, or OCR reads): the sentence's line
/// before it, when line `s` starts in lower case or that line ends with an
/// open word ([`rules::OPEN_WORDS`]), and that line neither ends a sentence
/// nor is a label.
fn page_break_in_sentence(lines: &[Line<'_>], s: usize, floor: usize) -> Option<usize> {
    let first = lines[s].text.trim_start();
    let p = (floor..s).rev().find(|&k| !lines[k].is_blank())?;
    let t = lines[p].text.trim();
    // The line after starts in lower case, or the line before ends with a
    // word no sentence ends with ("… was authorized by the" / "Claims …").
    let last_word = t.rsplit(char::is_whitespace).next().unwrap_or("");
    let open = rules::OPEN_WORDS
        .iter()
        .any(|w| last_word.eq_ignore_ascii_case(w));
    if !first.starts_with(|c: char| c.is_lowercase()) && !open {
        return None;
    }
    (!ends_sentence(t) && !starts_with_label(t)).then_some(p)
}

/// First line of the request that ends on `last`, not before `floor`.
fn request_start(lines: &[Line<'_>], last: usize, floor: usize) -> usize {
    let mut s = last;
    while s > floor {
        let t = lines[s - 1].text.trim();
        if t.is_empty() {
            match page_break_in_sentence(lines, s, floor) {
                Some(p) => {
                    s = p;
                    continue;
                }
                None => break,
            }
        }
        if starts_with_label(t) {
            break;
        }
        if ends_sentence(t)
            && !continues_request(t)
            && !ends_partial_sentence(&tail_of_paragraph(lines, s - 1))
        {
            break;
        }
        s -= 1;
    }
    s
}

/// The last two lines up to `i`, joined (a partial wording's sentence may wrap).
fn tail_of_paragraph(lines: &[Line<'_>], i: usize) -> String {
    let from = i.saturating_sub(1);
    lines[from..=i]
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Items of the Upheld/Overturned layouts in lines `[from, to)`.
pub fn read(norm: &str, lines: &[Line<'_>], from: usize, to: usize) -> Vec<RawItem> {
    let to = to.min(lines.len());
    let found_at = decision_lines(lines, from, to);
    let mut starts: Vec<usize> = Vec::with_capacity(found_at.len());
    let mut floor = from;
    for d in &found_at {
        let s = request_start(lines, d.request_last_line, floor);
        starts.push(s);
        floor = d.line + 1;
    }
    let mut items = Vec::with_capacity(found_at.len());
    for (k, d) in found_at.iter().enumerate() {
        let mut item = RawItem::default();
        let first = lines[starts[k]].trimmed().0.min(d.request_end);
        // lines joined by a viewer can put the end of the previous text on
        // the request's first line: start after its last sentence end
        let start = first + flat_request_start(&norm[first..d.request_end]);
        request_parts(norm, start, d.request_end, &mut item);
        item.decision = Some((
            d.decision,
            Found {
                value: norm[d.word.0..d.word.1].to_string(),
                start: d.word.0,
                end: d.word.1,
            },
        ));
        // The item's own text runs to the next item's request.
        let end_line = starts.get(k + 1).copied().unwrap_or(to);
        let region_end = if end_line > 0 && end_line <= to {
            lines[end_line - 1].end()
        } else {
            lines[to - 1].end()
        };
        let body = lines.get(d.line + 1).map_or(region_end, |l| l.start);
        read_labels(norm, &mut item, body.min(region_end), region_end);
        items.push(item);
    }
    items
}
