//! The disputed items: request (with partial authorizations), decision,
//! guidelines and rationale.
//!
//! An item starts at its *decision line*: a line that ends in `: Upheld` /
//! `: Overturned` (or is the decision word alone after a line ending in `:`),
//! followed by one of the item labels. The request is read back from the
//! decision line to the end of the previous paragraph or sentence; the
//! guidelines and the rationale are the text between the labels, up to the
//! next item's request.

use super::text::Joined;
use super::Found;
use crate::model::Decision;
use crate::normalize::Line;
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
    t.starts_with(rules::CLAIMS_GUIDELINE_LABEL)
        || t.starts_with(rules::MAXIMUS_GUIDELINE_LABEL)
        || t.starts_with(rules::RATIONALE_LABEL)
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
        if before.is_empty() {
            // the word alone: the request ends on the previous non-blank line, with ':'
            let Some(p) = (from..i).rev().find(|&k| !lines[k].is_blank()) else {
                continue;
            };
            let (poff, pt) = lines[p].trimmed();
            if !pt.ends_with(':') || starts_with_label(pt) {
                continue;
            }
            out.push(DecisionAt {
                request_last_line: p,
                request_end: poff + pt.len() - 1,
                line: i,
                decision,
                word,
            });
        } else {
            if starts_with_label(before) {
                continue;
            }
            out.push(DecisionAt {
                request_last_line: i,
                request_end: off + before.len() - 1,
                line: i,
                decision,
                word,
            });
        }
    }
    out
}

/// Whether a line ends a sentence (and so cannot continue into a request).
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', ')', '\u{201D}', '\u{2019}']);
    t.ends_with('.') || t.ends_with('?') || t.ends_with('!') || t.ends_with(':')
}

fn ends_partial_sentence(t: &str) -> bool {
    let collapsed = super::text::collapse(t);
    rules::PARTIAL_SENTENCE_ENDS
        .iter()
        .any(|e| collapsed.ends_with(e))
}

/// First line of the request that ends on `last`, not before `floor`.
fn request_start(lines: &[Line<'_>], last: usize, floor: usize) -> usize {
    let mut s = last;
    while s > floor {
        let prev = lines[s - 1];
        let t = prev.text.trim();
        if t.is_empty() || starts_with_label(t) {
            break;
        }
        if ends_sentence(t) && !ends_partial_sentence(&tail_of_paragraph(lines, s - 1)) {
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

fn found(norm: &str, start: usize, end: usize) -> Option<Found> {
    let j = Joined::new(norm, start, end);
    if j.text.is_empty() {
        return None;
    }
    let (s, e) = j.full_span();
    Some(Found {
        value: j.text,
        start: s,
        end: e,
    })
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
    if !j.text.is_empty() {
        let (s, e) = j.full_span();
        item.request = Some(Found {
            value: j.text,
            start: s,
            end: e,
        });
    }
}

/// Items of the Upheld/Overturned layouts in lines `[from, to)`.
pub fn extract(norm: &str, lines: &[Line<'_>], from: usize, to: usize) -> Vec<RawItem> {
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

/// A decision word right before `Claims Administrator guideline:`.
pub struct FlatDecision {
    colon: usize,
    word: (usize, usize),
    decision: Decision,
}

/// The decisions of joined-lines text in `norm[start..end]` (cheap: no
/// values are built).
pub fn flat_decisions(norm: &str, start: usize, end: usize) -> Vec<FlatDecision> {
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
pub fn extract_flat(norm: &str, start: usize, end: usize) -> Vec<RawItem> {
    let found_at = flat_decisions(norm, start, end);
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

/// Items stated as determinations ("… has determined the request for X is not
/// medically necessary"), for layouts without Upheld/Overturned.
pub fn determinations(norm: &str, start: usize, end: usize) -> Vec<RawItem> {
    const LEAD: &str = "has determined ";
    const WINDOW: usize = 800;
    let re = determination_regex();
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
    let decision = if value.to_lowercase().starts_with("not") {
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
        let about_request =
            sentence.len() <= 400 && sentence.to_ascii_lowercase().contains("request");
        if verb_ok && about_request {
            out.push((start, at + words.len()));
        }
    }
    out
}

fn determination_regex() -> &'static regex_lite::Regex {
    static RE: std::sync::OnceLock<regex_lite::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex_lite::Regex::new(
            r"^has determined (?:that )?the (?:request|requested treatment|requested service)s? for (.{1,400}?) (?:is|are|was|were) ((?:not )?medically necessary)",
        )
        .expect("valid built-in pattern")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn run(text: &str) -> (String, Vec<RawItem>) {
        let n = normalize(text);
        let lines = n.lines();
        let items = extract(&n.text, &lines, 0, lines.len());
        (n.text.clone(), items)
    }

    #[test]
    fn items_without_blank_lines() {
        let t = "set forth below:\nEMG/NCV of the lower\nextremities: Upheld\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n2016.\nMAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004.\nDecision rationale: The request\nis not medically necessary.\nUltram 50mg #30: Overturned\nClaims Administrator guideline: X.\nMAXIMUS guideline: Y.\nDecision rationale: It is medically necessary.\n";
        let (_, items) = run(t);
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].request.as_ref().unwrap().value,
            "EMG/NCV of the lower extremities"
        );
        assert_eq!(
            items[0].claims_guideline.as_ref().unwrap().value,
            "Decision based on MTUS Chronic Pain Medical Treatment 2016."
        );
        assert_eq!(
            items[0].rationale.as_ref().unwrap().value,
            "The request is not medically necessary."
        );
        assert_eq!(items[1].request.as_ref().unwrap().value, "Ultram 50mg #30");
        assert_eq!(items[1].decision.as_ref().unwrap().0, Decision::Overturned);
        assert_eq!(
            items[1].rationale.as_ref().unwrap().value,
            "It is medically necessary."
        );
    }

    #[test]
    fn decision_alone_and_partial() {
        let t = "below:\n\nOne month supply of Trezix was the original request. The Claims\nAdministrator authorized Trezix #5, leaving the original request\nIMR eligible. The original request, one month supply of Trezix is:\nUpheld\nClaims Administrator guideline: A.\nMAXIMUS guideline: B.\nDecision rationale: C.\n";
        let (norm, items) = run(t);
        let it = &items[0];
        assert_eq!(
            it.original_request.as_ref().unwrap().value,
            "One month supply of Trezix"
        );
        assert_eq!(it.authorized.as_ref().unwrap().value, "Trezix #5");
        let r = it.request.as_ref().unwrap();
        assert_eq!(r.value, "one month supply of Trezix");
        assert_eq!(&norm[r.start..r.end], "one month supply of Trezix");
        assert_eq!(it.decision.as_ref().unwrap().1.value, "Upheld");
    }

    #[test]
    fn partial_across_sentence_lines() {
        let t = "necessary.\nNorco 10/325mg #60 was the original\nrequest. Norco #25 was authorized by the Claims Administrator.\nThe remaining IMR eligible portion of the original request, Norco #35: Upheld\nDecision rationale: C.\n";
        let (_, items) = run(t);
        let it = &items[0];
        assert_eq!(
            it.original_request.as_ref().unwrap().value,
            "Norco 10/325mg #60"
        );
        assert_eq!(it.request.as_ref().unwrap().value, "Norco #35");
        assert!(it.claims_guideline.is_none());
    }

    #[test]
    fn decision_word_in_any_case_with_period() {
        let t = "below:\n\nMRI of the knee: OVERTURNED.\nDecision rationale: It is medically necessary.\n";
        let (norm, items) = run(t);
        let (d, f) = items[0].decision.as_ref().unwrap();
        assert_eq!(
            (*d, &norm[f.start..f.end]),
            (Decision::Overturned, "OVERTURNED")
        );
        assert_eq!(items[0].request.as_ref().unwrap().value, "MRI of the knee");
    }

    #[test]
    fn quoted_decision_word_without_label_is_not_an_item() {
        let (_, items) = run("the reviewer wrote: Upheld\nand went on.\n");
        assert!(items.is_empty());
    }

    #[test]
    fn determination_statements() {
        let t = "MAXIMUS Federal Services, Inc. has determined the request for physical\ntherapy is not medically necessary and appropriate. It has determined the request for an MRI is medically necessary.";
        let items = determinations(t, 0, t.len());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].request.as_ref().unwrap().value, "physical therapy");
        assert_eq!(items[0].decision.as_ref().unwrap().0, Decision::Upheld);
        assert_eq!(items[1].decision.as_ref().unwrap().0, Decision::Overturned);
    }
}
