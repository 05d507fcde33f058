//! The joined-text reader: text whose lines were joined into paragraphs
//! (some PDF viewers copy text that way).

use super::{flat_request_start, read_labels, request_parts, trailing_decision, RawItem};
use crate::extract::Found;
use crate::model::Decision;
use crate::rules;

/// A decision word right before `Claims Administrator guideline:`.
pub struct FlatDecision {
    colon: usize,
    word: (usize, usize),
    decision: Decision,
}

/// The decisions of joined-lines text in `norm[start..end]` (cheap: no
/// values are built).
pub fn decisions(norm: &str, start: usize, end: usize) -> Vec<FlatDecision> {
    let hay = &norm[start..end];
    let mut found_at = Vec::new();
    for (pos, _) in hay.match_indices(rules::CLAIMS_GUIDELINE_LABEL) {
        let before = hay[..pos].trim_end();
        let Some((decision, ws, we)) = trailing_decision(before) else {
            continue;
        };
        let request = before[..ws].trim_end();
        if request.len() < 2 {
            continue;
        }
        found_at.push(FlatDecision {
            colon: start + request.len() - 1,
            word: (start + ws, start + we),
            decision,
        });
    }
    found_at
}

/// Items of text whose lines were joined into paragraphs (some PDF viewers
/// copy text that way): a decision word right before `Claims Administrator
/// guideline:` marks an item; its request starts after the last sentence end
/// before it (going on past the sentences of a partial-authorization wording).
pub fn read(norm: &str, start: usize, end: usize) -> Vec<RawItem> {
    let found_at = decisions(norm, start, end);
    let mut items = Vec::with_capacity(found_at.len());
    let mut floor = start;
    let starts: Vec<usize> = found_at
        .iter()
        .map(|d| {
            let s = floor + flat_request_start(&norm[floor..d.colon]);
            floor = d.word.1;
            s
        })
        .collect();
    for (k, d) in found_at.iter().enumerate() {
        let mut item = RawItem::default();
        request_parts(norm, starts[k], d.colon, &mut item);
        let word = Found {
            value: norm[d.word.0..d.word.1].to_string(),
            start: d.word.0,
            end: d.word.1,
        };
        item.decision = Some((d.decision, word));
        let region_end = starts.get(k + 1).copied().unwrap_or(end);
        read_labels(norm, &mut item, d.word.1, region_end);
        items.push(item);
    }
    items
}
