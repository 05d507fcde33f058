//! Stage 6: why each item was decided (REASONS.md) — the grounds the
//! reviewer states in the item's rationale, each as a code of the closed
//! list with the one sentence that states it.
//!
//! The rationale is cut into [`sentences`]; each sentence is read by
//! [`classify`] against the cue tables of `data/` ([`phrases`] matches
//! them). Precision over recall: a code is given only for a sentence that
//! clearly states it; an item whose rationale states none gets `[]`.
//!
//! Per item: each code once, from the first sentence about this case that
//! states it (rule A3); a code found only in guideline text is kept when no
//! sentence about the case gives it (rule A1's exception); a generic code
//! ("criteria not met") only when nothing else is found. Codes are ordered
//! by their sentence, then by their place in it (rule A10).

pub mod classify;
pub mod phrases;
pub mod sentences;

use crate::extract::text::Joined;
use crate::extract::{Found, SpanSink};
use crate::model::{Analysis, Reason, ReasonCode};
pub use classify::ItemContext;

/// A ground read from a rationale: the code and its sentence's byte range
/// in the rationale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ground {
    pub code: ReasonCode,
    pub start: usize,
    pub end: usize,
}

/// A code found: (code, sentence index, place in the sentence, sentence
/// range, generic).
type Candidate = (ReasonCode, usize, usize, (usize, usize), bool);

/// The grounds `rationale` states for an item of this context.
///
/// ```
/// use imr_analyzer::model::{Decision, ReasonCode};
/// use imr_analyzer::reasons::{grounds, ItemContext};
/// let r = "The MTUS recommends imaging after a trial of conservative care. \
///          There is no documentation of failed conservative care. \
///          Therefore, the request is not medically necessary.";
/// let g = grounds(r, ItemContext { decision: Decision::Upheld, opioid: false });
/// assert_eq!(g.len(), 1);
/// assert_eq!(g[0].code, ReasonCode::NoFailedConservativeCare);
/// assert_eq!(&r[g[0].start..g[0].end], "There is no documentation of failed conservative care.");
/// ```
pub fn grounds(rationale: &str, ctx: ItemContext) -> Vec<Ground> {
    let mut applied: Vec<Candidate> = Vec::new();
    let mut quoted: Vec<(ReasonCode, usize, usize, (usize, usize))> = Vec::new();
    for (k, (a, b)) in sentences::split(rationale).into_iter().enumerate() {
        for f in classify::sentence_grounds(&rationale[a..b], ctx) {
            if f.from_guideline {
                if !quoted.iter().any(|q| q.0 == f.code) {
                    quoted.push((f.code, k, f.at, (a, b)));
                }
            } else if !applied.iter().any(|x| x.0 == f.code && !x.4) {
                // a specific sentence replaces an earlier generic one
                applied.retain(|x| x.0 != f.code);
                applied.push((f.code, k, f.at, (a, b), f.generic));
            }
        }
    }
    for (code, k, at, range) in quoted {
        if !applied.iter().any(|x| x.0 == code) {
            applied.push((code, k, at, range, false));
        }
    }
    if applied.iter().any(|x| !x.4) {
        applied.retain(|x| !x.4);
    }
    applied.sort_by_key(|x| (x.1, x.2));
    applied
        .into_iter()
        .map(|(code, _, _, (start, end), _)| Ground { code, start, end })
        .collect()
}

/// Whether an item's treatment is an opioid (TREATMENTS.md subcategory).
fn is_opioid(subcategory: Option<&str>) -> bool {
    subcategory == Some("Opioids")
}

/// The reasons stage: fill each decided item's `reasons` from its
/// rationale as found (`rationales[k]` for item `k`), with the span of
/// each reason's sentence. An item without a decision has no direction to
/// read its grounds in (rule A9): it gets none.
pub fn apply(norm: &str, rationales: &[Option<Found>], a: &mut Analysis, sink: &mut SpanSink) {
    for (k, (item, rationale)) in a.items.iter_mut().zip(rationales).enumerate() {
        let (Some(r), Some(decision)) = (rationale, item.decision) else {
            continue;
        };
        let ctx = ItemContext {
            decision,
            opioid: is_opioid(item.treatment.subcategory.as_deref()),
        };
        let j = Joined::new(norm, r.start, r.end);
        let mapped = j.text == r.value;
        let text = if mapped { &j.text } else { &r.value };
        for (n, g) in grounds(text, ctx).into_iter().enumerate() {
            if mapped {
                let (start, end) = j.span(g.start, g.end);
                let f = Found {
                    value: String::new(),
                    start,
                    end,
                };
                sink.add(format!("/items/{k}/reasons/{n}"), &f);
            }
            item.reasons.push(Reason {
                code: g.code,
                sentence: text[g.start..g.end].to_string(),
            });
        }
    }
}
