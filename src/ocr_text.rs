//! Before the pipeline, for text recognised by OCR only: the letter's
//! structure read through the usual OCR confusions (SCHEMA.md, "Scanned and
//! faxed letters"). Headings, labels and decision words that are close to a
//! known one (`Decislon rationale:`, `Uphcld`, `U pheld`, `; Upheld`) are
//! written as the known one, so the stages after read the letter as they
//! read a text layer; values of a fixed shape (a case number, a header date)
//! read through a confusion (`CM16-O230651`, `1l/22/2016`) are given in their
//! shape and named, for the `ocr_confusion` warning. Free text (requests,
//! rationales, guideline sentences) keeps OCR's characters: only words in a
//! structural place (a line that is a heading, the words before a `:`, the
//! word after the last `:` of a line) are ever changed.
//!
//! The known words are the rules' own (headings, labels, decision words);
//! the confusions are data ([`rules::OCR_CONFUSIONS`]).

use crate::rules::{self, HeaderField};

/// The repaired text and the header values read through a confusion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    pub confused: Vec<Confused>,
}

/// A header value read through a confusion: its field, as OCR read it and
/// as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confused {
    pub field: HeaderField,
    pub seen: String,
    pub given: String,
}

/// The labels repaired: the header's (those that end in `:`), the
/// credentials', the items'.
fn labels() -> impl Iterator<Item = &'static str> {
    rules::HEADER_LABELS
        .iter()
        .map(|(l, _)| *l)
        .filter(|l| l.ends_with(':'))
        .chain([
            rules::RECEIVED_LABEL,
            rules::LICENSURE_LABEL,
            rules::SPECIALTY_LABEL,
        ])
        .chain(rules::ITEM_LABELS)
}

/// A character as OCR confuses it: the class it is compared in.
fn class(c: char) -> char {
    let c = c.to_ascii_lowercase();
    rules::OCR_CONFUSIONS
        .iter()
        .find(|(_, group)| group.contains(c))
        .map_or(c, |(canon, _)| *canon)
}

/// The word(s) as compared: lower case, confusable letters as their class,
/// blanks dropped (OCR splits words: `U pheld`).
fn key(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(class)
        .collect()
}

/// Edit distance, bounded: `None` past `max`.
fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        let mut best = cur[0];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            best = best.min(cur[j + 1]);
        }
        if best > max {
            return None;
        }
        prev = cur;
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

/// Whether `seen` is `known` read through OCR's confusions: equal in their
/// classes, or within one edit in eight characters (at least one).
fn close(seen: &str, known: &str) -> bool {
    let (a, b) = (key(seen), key(known));
    let max = (b.len() / 8).max(1);
    distance(&a, &b, max).is_some()
}

/// The largest OCR'd text repaired (a 100-page scan's text is about 300 KB):
/// a larger one is analysed as it is.
pub const MAX_REPAIR_BYTES: usize = 8 * 1024 * 1024;

/// Repair the structure of an OCR'd text (see the module's documentation).
pub fn repair(text: &str) -> Repaired {
    if text.len() > MAX_REPAIR_BYTES {
        return Repaired {
            text: text.to_string(),
            confused: Vec::new(),
        };
    }
    let mut confused = Vec::new();
    let mut in_header = true;
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let fixed = repair_line(line, in_header, &mut confused);
        if rules::HEADINGS
            .iter()
            .any(|(h, s, _)| *s == rules::Section::HowMade && fixed.contains(h))
        {
            in_header = false;
        }
        lines.push(fixed);
    }
    around_decisions(&mut lines);
    let mut text = lines.join("\n");
    repair_phrases(&mut text);
    Repaired { text, confused }
}

/// Whether a (repaired) line is an item's decision line: it ends with `:`
/// and a decision word.
fn is_decision_line(t: &str) -> bool {
    let t = t.trim_end();
    rules::DECISION_WORDS.iter().any(|(w, _)| {
        t.strip_suffix(w)
            .is_some_and(|b| b.trim_end().ends_with(':'))
    })
}

fn starts_with_item_label(t: &str) -> bool {
    let t = t.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    rules::ITEM_LABELS.iter().any(|l| t.starts_with(l))
}

/// Around each decision line: the rationale before it ends its sentence (a
/// `,` or `;` read for its final `.`), and a speck read as a short word on a
/// line of its own between it and the item's first label is blanked (the
/// line kept, so the text's lines stay).
fn around_decisions(lines: &mut [String]) {
    for i in 0..lines.len() {
        if !is_decision_line(&lines[i]) {
            continue;
        }
        let next: Vec<usize> = (i + 1..lines.len())
            .filter(|&k| !lines[k].trim().is_empty())
            .take(2)
            .collect();
        if let [speck, label] = next[..] {
            let t = lines[speck].trim();
            let short = t.chars().filter(|c| !c.is_whitespace()).count() <= MAX_SPECK_CHARS
                && !t.contains(':');
            if short
                && starts_with_item_label(&lines[label])
                && !starts_with_item_label(&lines[speck])
            {
                lines[speck] = " ".repeat(lines[speck].len());
            }
        }
        // The rationale's last line before this item's request.
        let request_first = (0..i)
            .rev()
            .take_while(|&k| !lines[k].trim().is_empty())
            .last()
            .unwrap_or(i);
        if let Some(p) = (0..request_first)
            .rev()
            .find(|&k| !lines[k].trim().is_empty())
        {
            let t = lines[p].trim_end();
            if rules::NECESSITY_ENDS.iter().any(|e| t.ends_with(e)) {
                let cut = t.len() - 1;
                lines[p].replace_range(cut..cut + 1, ".");
            }
        }
    }
}

/// The most letters a speck read as a word has.
const MAX_SPECK_CHARS: usize = 6;

fn repair_line(line: &str, in_header: bool, confused: &mut Vec<Confused>) -> String {
    // Leading blanks and form feeds stay as they are.
    let body_at = line.len()
        - line
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{c}')
            .len();
    let (lead, body) = line.split_at(body_at);
    let trimmed = body.trim_end();
    if trimmed.len() < 4 {
        return line.to_string();
    }
    // A heading line.
    if trimmed.len() <= 120
        && trimmed.chars().filter(|c| c.is_ascii_lowercase()).count() * 4 < trimmed.len()
    {
        if let Some((h, _, _)) = rules::HEADINGS
            .iter()
            .find(|(h, _, _)| h.len() >= 10 && close(trimmed, h))
        {
            return format!("{lead}{h}{}", &body[trimmed.len()..]);
        }
    }
    let mut s = body.to_string();
    s = repair_labels(&s);
    s = repair_decision(&s);
    if in_header {
        s = repair_header_values(&s, confused);
    }
    format!("{lead}{s}")
}

/// Labels: the words before each `:` (or a `;` or `.` read for it) that are
/// close to a known label are written as it.
fn repair_labels(line: &str) -> String {
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(rel) = out[from..].find([':', ';']) {
        let sep = from + rel;
        // A label as written before a `;` read for its `:` counts too.
        let semicolon = out[sep..].starts_with(';');
        match label_before(&out[..sep], semicolon) {
            Some((start, known)) => {
                out = format!("{}{}:{}", &out[..start], known, &out[sep + 1..]);
                from = start + known.len() + 1;
            }
            None => from = sep + 1,
        }
        if from >= out.len() {
            break;
        }
    }
    out
}

/// The known label (without its `:`) that the words ending `before` are
/// read through a confusion, and where those words start; `None` when they
/// are a label as written, or none.
fn label_before(before: &str, semicolon: bool) -> Option<(usize, &'static str)> {
    for label in labels() {
        let known = label.trim_end_matches(':');
        let words = known.split_whitespace().count();
        // The last `words` words before the separator (OCR may split one).
        for take in [words, words + 1] {
            let Some(start) = word_start(before, take) else {
                continue;
            };
            let seen = &before[start..];
            if seen.len() > label.len() + 4 || seen.trim().is_empty() {
                continue;
            }
            if close(seen, known) && boundary_ok(before, start) {
                return (seen != known || semicolon).then_some((start, known));
            }
        }
    }
    None
}

/// The partial-authorization phrases ([`rules::PARTIAL_PHRASES`]) read
/// through confusions (`Claims Administrator,` for `.`, `cligible`),
/// written as they are, also where a line break falls inside one: a window
/// of the text with the phrase's words, its blanks (a line break among them)
/// standing for the phrase's spaces, whose other characters differ from the
/// phrase's in at most one in eight (in their classes) gets the phrase's
/// characters; its blanks and line breaks stay where they are.
fn repair_phrases(text: &mut String) {
    for phrase in rules::PARTIAL_PHRASES {
        let want: Vec<char> = phrase.chars().collect();
        let n = phrase.split_whitespace().count();
        let max = (want.len() / 8).max(1);
        let starts = word_starts(text);
        let mut edits: Vec<(usize, usize, char)> = Vec::new();
        for (k, &a) in starts.iter().enumerate() {
            if k + n > starts.len() {
                break;
            }
            // A cheap test first: the first letter, in its class.
            if text[a..].chars().next().map(class) != Some(class(want[0])) {
                continue;
            }
            // The window: from word k to the end of word k + n - 1.
            let end = starts.get(k + n).copied().unwrap_or(text.len());
            let window = text[a..end].trim_end();
            let chars: Vec<(usize, char)> =
                window.char_indices().map(|(i, c)| (a + i, c)).collect();
            // Squeeze each blank run to one space.
            let mut squeezed: Vec<(usize, char)> = Vec::new();
            for (i, c) in chars {
                if c.is_whitespace() {
                    if squeezed.last().is_none_or(|(_, p)| *p != ' ') {
                        squeezed.push((i, ' '));
                    }
                } else {
                    squeezed.push((i, c));
                }
            }
            if squeezed.len() != want.len() {
                continue;
            }
            let differ: Vec<usize> = (0..want.len())
                .filter(|&j| squeezed[j].1 != want[j])
                .collect();
            if differ.is_empty() {
                continue;
            }
            let far = differ
                .iter()
                .filter(|&&j| class(squeezed[j].1) != class(want[j]) || want[j] == ' ')
                .count();
            if far <= max
                && differ
                    .iter()
                    .all(|&j| want[j] != ' ' && squeezed[j].1 != ' ')
            {
                for j in differ {
                    let (at, c) = squeezed[j];
                    edits.push((at, at + c.len_utf8(), want[j]));
                }
            }
        }
        // Apply from the end so earlier offsets stay valid.
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        edits.dedup_by_key(|e| e.0);
        for (a, b, c) in edits {
            text.replace_range(a..b, c.encode_utf8(&mut [0; 4]));
        }
    }
}

/// Where each word of `s` begins.
fn word_starts(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_blank = true;
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() && prev_blank {
            out.push(i);
        }
        prev_blank = c.is_whitespace();
    }
    out
}

/// A label starts a line or follows a blank or a value.
fn boundary_ok(before: &str, start: usize) -> bool {
    start == 0 || before[..start].ends_with(char::is_whitespace)
}

/// Where the last `n` words of `s` begin (`None` when it has fewer).
fn word_start(s: &str, n: usize) -> Option<usize> {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return Some(i + c.len_utf8());
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    (in_word && count + 1 == n).then_some(0)
}

/// A decision line: the word(s) after its last `:` (or a `;` read for it),
/// close to a decision word, written as it.
fn repair_decision(line: &str) -> String {
    let trimmed = line.trim_end();
    let Some(sep) = trimmed.rfind([':', ';']) else {
        return line.to_string();
    };
    let tail = trimmed[sep + 1..].trim();
    if tail.is_empty() || tail.len() > 14 || tail.split_whitespace().count() > 2 {
        return line.to_string();
    }
    for (word, _) in rules::DECISION_WORDS {
        // A decision word stands alone at a line's end: a looser match (one
        // edit in four letters) is safe there.
        let near = distance(&key(tail), &key(word), (word.len() / 4).max(1)).is_some();
        if (tail != *word || &trimmed[sep..=sep] != ":") && near {
            return format!(
                "{}: {word}{}",
                trimmed[..sep].trim_end(),
                &line[trimmed.len()..]
            );
        }
    }
    line.to_string()
}

/// A header value of a fixed shape read through a confusion (letters for
/// digits): a case number `CMdd-ddddddd` after its label, a date
/// `mm/dd/yyyy` after a date label.
fn repair_header_values(line: &str, confused: &mut Vec<Confused>) -> String {
    let mut out = line.to_string();
    for (label, field) in rules::HEADER_LABELS {
        let Some(at) = out.find(label) else { continue };
        let value_at = at + label.len();
        let rest = &out[value_at..];
        let start = value_at + (rest.len() - rest.trim_start().len());
        let token_end = out[start..]
            .find(char::is_whitespace)
            .map_or(out.len(), |e| start + e);
        let token = &out[start..token_end];
        let fixed = match field {
            HeaderField::CaseNumber => as_shape(token, "CMdd-ddddddd"),
            HeaderField::Priority => None,
            _ => as_shape(token, "dd/dd/dddd"),
        };
        if let Some(f) = fixed {
            if f != token {
                confused.push(Confused {
                    field: *field,
                    seen: token.to_string(),
                    given: f.clone(),
                });
                out = format!("{}{f}{}", &out[..start], &out[token_end..]);
            }
        }
    }
    out
}

/// `token` in `shape` (`d` a digit, anything else itself), reading OCR's
/// letters for digits where a digit stands; `None` when it does not fit.
fn as_shape(token: &str, shape: &str) -> Option<String> {
    let t: Vec<char> = token.chars().collect();
    if t.len() != shape.len() {
        return None;
    }
    let mut out = String::with_capacity(token.len());
    for (c, s) in t.iter().zip(shape.chars()) {
        if s == 'd' {
            let d = if c.is_ascii_digit() {
                Some(*c)
            } else {
                rules::OCR_DIGITS
                    .iter()
                    .find(|(_, g)| g.contains(*c))
                    .map(|(d, _)| *d)
            };
            out.push(d?);
        } else if c.eq_ignore_ascii_case(&s) {
            out.push(s);
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_words_read_through_confusions_and_splits() {
        for seen in [
            "X-ray of the knee: Uphcld",
            "X-ray of the knee: U pheld",
            "X-ray of the knee; Upheld",
            "X-ray of the knee: Upheid",
        ] {
            assert_eq!(repair(seen).text, "X-ray of the knee: Upheld", "{seen}");
        }
        assert_eq!(
            repair("Massage therapy: 0verturned  ").text,
            "Massage therapy: Overturned  "
        );
        assert_eq!(
            repair("Acupuncture, 6 sessions: Overiurmed").text,
            "Acupuncture, 6 sessions: Overturned"
        );
        assert_eq!(
            repair("Claims Administrator guideline; Decision based on").text,
            "Claims Administrator guideline: Decision based on"
        );
        // A word that is not a decision word is left as it is.
        assert_eq!(repair("Dosage: Unhelpful").text, "Dosage: Unhelpful");
        assert_eq!(repair("Requested: Updated").text, "Requested: Updated");
    }

    #[test]
    fn labels_and_headings_read_through_confusions_free_text_kept() {
        assert_eq!(
            repair("Decislon rationale: The Califomia MTUS recommends").text,
            "Decision rationale: The Califomia MTUS recommends"
        );
        assert_eq!(
            repair("MAXIMUS guidcline; Decision based on").text,
            "MAXIMUS guideline: Decision based on"
        );
        assert_eq!(
            repair("IMR ISSUES, DECISlONS AND RATIONALES").text,
            "IMR ISSUES, DECISIONS AND RATIONALES"
        );
        assert_eq!(
            repair("\u{c}CLINICAL CASE SUMMARV").text,
            "\u{c}CLINICAL CASE SUMMARY"
        );
        // Words far from every label stay.
        assert_eq!(
            repair("The patient reports: pain").text,
            "The patient reports: pain"
        );
    }

    #[test]
    fn partial_wordings_rationale_ends_and_specks_around_decision_lines() {
        let t = "X #90 was the original request. X #60 was authorized by the\nClaims Administrator, The remaining IMR cligible portion of the original request, X #30: Upheld";
        assert_eq!(
            repair(t).text,
            "X #90 was the original request. X #60 was authorized by the\nClaims Administrator. The remaining IMR eligible portion of the original request, X #30: Upheld"
        );
        let t = "As such, the request is not medically necessary,\n\nMRI of the knee: Upheld\n\npangs\nClaims Administrator guideline: Decision based on";
        assert_eq!(
            repair(t).text,
            "As such, the request is not medically necessary.\n\nMRI of the knee: Upheld\n\n     \nClaims Administrator guideline: Decision based on"
        );
        // Not before a decision line: a comma stays; a short line that is a request stays.
        assert_eq!(
            repair("is not medically necessary,\nmore text").text,
            "is not medically necessary,\nmore text"
        );
    }

    #[test]
    fn header_values_of_a_fixed_shape_are_given_in_their_shape_and_named() {
        let r = repair("Case Number: CM16-O230651\nDate Assigned: 12/07/2016 Date of Injury: 1O/l3/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\nDate of Injury: 1O/l3/2016");
        assert_eq!(
            r.text,
            "Case Number: CM16-0230651\nDate Assigned: 12/07/2016 Date of Injury: 10/13/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\nDate of Injury: 1O/l3/2016"
        );
        let fields: Vec<HeaderField> = r.confused.iter().map(|c| c.field).collect();
        assert_eq!(fields, [HeaderField::CaseNumber, HeaderField::DateOfInjury]);
        assert_eq!(
            (r.confused[0].seen.as_str(), r.confused[0].given.as_str()),
            ("CM16-O230651", "CM16-0230651")
        );
        // A value of another shape is not touched.
        assert_eq!(repair("Case Number: pending").confused, []);
    }
}
