//! The stated-determinations reader, for layouts without Upheld/Overturned:
//! "… has determined the request for X is (not) medically necessary".

use super::RawItem;
use crate::extract::text::Joined;
use crate::extract::Found;
use crate::model::Decision;
use crate::rules;

/// Items stated as determinations ("… has determined the request for X is not
/// medically necessary"), for layouts without Upheld/Overturned.
pub fn read(norm: &str, start: usize, end: usize) -> Vec<RawItem> {
    const LEAD: &str = rules::DETERMINATION_LEAD;
    const WINDOW: usize = rules::DETERMINATION_WINDOW;
    let re = rules::determination_regex();
    let mut items = Vec::new();
    let hay = &norm[start..end];
    let mut from = 0;
    // Each statement is read in a bounded window after its lead words, so
    // the cost stays linear in the text.
    while let Some(i) = hay[from..].find(LEAD) {
        let at = start + from + i;
        let mut stop = (at + WINDOW).min(end);
        while !norm.is_char_boundary(stop) {
            stop -= 1;
        }
        from += i + LEAD.len();
        let j = Joined::new(norm, at, stop);
        let Some(c) = re.captures(&j.text) else {
            continue;
        };
        let (Some(req), Some(word)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let mut item = RawItem::default();
        let (value, (s, e)) = j.sub(req.start(), req.end());
        item.request = Some(Found {
            value,
            start: s,
            end: e,
        });
        item.decision = Some(stated_decision(&j, word.start(), word.end()));
        items.push(item);
    }
    items
}

/// The decision a "(not) medically necessary" statement at `j[a..b]` states.
pub fn stated_decision(j: &Joined, a: usize, b: usize) -> (Decision, Found) {
    let (value, (start, end)) = j.sub(a, b);
    let decision = if value.to_lowercase().starts_with(rules::STATED_NEGATION) {
        Decision::Upheld
    } else {
        Decision::Overturned
    };
    (decision, Found { value, start, end })
}

/// "The request for X is (not) medically necessary" statements in a text:
/// byte ranges of their "(not) medically necessary" words.
pub fn statements(text: &str) -> Vec<(usize, usize)> {
    let words = rules::STATED_WORDS;
    let mut out = Vec::new();
    for (at, _) in text.match_indices(words) {
        let before = &text[..at];
        let (start, verb_part) = match before.strip_suffix(rules::STATED_NEGATION) {
            Some(b) => (b.len(), b),
            None => (at, before),
        };
        let verb_ok = rules::STATED_VERBS.iter().any(|v| verb_part.ends_with(v));
        // the sentence so far must be about the request
        let sentence_start = verb_part.rfind(". ").map_or(0, |i| i + 2);
        let sentence = &verb_part[sentence_start..];
        let about_request = sentence.len() <= 400
            && sentence
                .to_ascii_lowercase()
                .contains(rules::STATED_SUBJECT);
        if verb_ok && about_request {
            out.push((start, at + words.len()));
        }
    }
    out
}
