//! The disputed items: request (with partial authorizations), decision,
//! guidelines and rationale, read by one of three readers:
//!
//! - [`lines`]: *decision lines* — a line that ends in `: Upheld` /
//!   `: Overturned` (or is the decision word alone after a line ending in
//!   `:`), followed by one of the item labels. The request is read back from
//!   the decision line to the end of the previous paragraph or sentence; the
//!   guidelines and the rationale are the text between the labels, up to the
//!   next item's request;
//! - [`joined`]: text whose lines a viewer joined into paragraphs: a decision
//!   word right before `Claims Administrator guideline:` marks an item;
//! - [`stated`]: layouts that state determinations in words ("… has
//!   determined the request for X is not medically necessary").

pub mod joined;
pub mod lines;
pub mod stated;

use super::text::Joined;
use super::Found;
use crate::model::Decision;
use crate::rules::{self, DECISION_WORDS};

/// One item as found: every value with its normalized range.
#[derive(Debug, Default)]
pub struct RawItem {
    pub request: Option<Found>,
    pub original_request: Option<Found>,
    pub authorized: Option<Found>,
    pub decision: Option<(Decision, Found)>,
    pub claims_guideline: Option<Found>,
    pub maximus_guideline: Option<Found>,
    pub rationale: Option<Found>,
}

/// The decision word at the end of a line (any case, a final period
/// allowed): `(decision, start, end)` of the word in the line.
fn trailing_decision(t: &str) -> Option<(Decision, usize, usize)> {
    let body = t.strip_suffix('.').unwrap_or(t);
    DECISION_WORDS.iter().find_map(|(w, d)| {
        let at = body.len().checked_sub(w.len())?;
        let word = body.get(at..)?;
        if !word.eq_ignore_ascii_case(w) {
            return None;
        }
        let before = body[..at].trim_end();
        (before.is_empty() || before.ends_with(':')).then_some((*d, at, body.len()))
    })
}

fn starts_with_label(t: &str) -> bool {
    let t = t.trim_start();
    rules::ITEM_LABELS.iter().any(|l| t.starts_with(l))
}

fn ends_partial_sentence(t: &str) -> bool {
    let collapsed = crate::extract::text::collapse(t);
    rules::PARTIAL_SENTENCE_ENDS
        .iter()
        .any(|e| collapsed.ends_with(e))
}

fn found(norm: &str, start: usize, end: usize) -> Option<Found> {
    Joined::new(norm, start, end).found()
}

/// The request paragraph: split a partial authorization into its parts.
fn request_parts(norm: &str, start: usize, end: usize, item: &mut RawItem) {
    let j = Joined::new(norm, start, end);
    let partial = j.text.contains(rules::PARTIAL_MARKER);
    for re in rules::partial_regexes().iter().filter(|_| partial) {
        if let Some(c) = re.captures(&j.text) {
            let part = |name: &str| {
                c.name(name).and_then(|m| {
                    let (value, (s, e)) = j.sub(m.start(), m.end());
                    (!value.is_empty()).then_some(Found {
                        value,
                        start: s,
                        end: e,
                    })
                })
            };
            item.original_request = part("x");
            item.authorized = part("y");
            item.request = part("z");
            if item.request.is_some() {
                return;
            }
        }
    }
    item.request = j.found();
}

/// Guidelines and rationale of an item: its three labels (claims
/// administrator, MAXIMUS, rationale) are looked for, in order, in
/// `norm[from..region_end]` (anywhere, not only at a line start: a viewer may
/// join lines); each text runs to the next label found, the rationale to
/// `region_end`.
fn read_labels(norm: &str, item: &mut RawItem, from: usize, region_end: usize) {
    let find = |label: &str, at: usize| {
        norm.get(at..region_end)
            .and_then(|r| r.find(label))
            .map(|i| (at + i, at + i + label.len()))
    };
    let ca = find(rules::CLAIMS_GUIDELINE_LABEL, from);
    let mx = find(rules::MAXIMUS_GUIDELINE_LABEL, ca.map_or(from, |c| c.1));
    let ra = find(rules::RATIONALE_LABEL, mx.or(ca).map_or(from, |c| c.1));
    let next_start = |after: usize, later: &[Option<(usize, usize)>]| {
        later
            .iter()
            .flatten()
            .map(|l| l.0)
            .find(|&s| s >= after)
            .unwrap_or(region_end)
    };
    if let Some((_, a)) = ca {
        item.claims_guideline = found(norm, a, next_start(a, &[mx, ra]));
    }
    if let Some((_, a)) = mx {
        item.maximus_guideline = found(norm, a, next_start(a, &[ra]));
    }
    if let Some((_, a)) = ra {
        item.rationale = found(norm, a, region_end.max(a));
    }
}

/// Where the request ends before a decision word in `seg` starts: after the
/// last sentence end, going back past sentence ends of a partial wording, or
/// after the decisions section's introduction.
fn flat_request_start(seg: &str) -> usize {
    let bytes = seg.as_bytes();
    let mut bounds: Vec<usize> = vec![0];
    if let Some(i) = seg.rfind(rules::DECISIONS_INTRO_END) {
        bounds = vec![i + rules::DECISIONS_INTRO_END.len()];
    }
    let floor = bounds[0];
    for (i, &b) in bytes.iter().enumerate().skip(floor) {
        let next_ws = bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace());
        if matches!(b, b'.' | b'?' | b'!') && next_ws {
            bounds.push(i + 1);
        }
    }
    let partial_end = |at: usize| {
        let mut from = at.saturating_sub(80).max(floor);
        while !seg.is_char_boundary(from) {
            from += 1;
        }
        ends_partial_sentence(&seg[from..at])
    };
    let mut k = bounds.len() - 1;
    while k > 0 && partial_end(bounds[k]) {
        k -= 1;
    }
    let at = bounds[k];
    at + (seg.len() - at - seg[at..].trim_start().len())
}
