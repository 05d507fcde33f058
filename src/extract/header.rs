//! The header block: Case Number, the five dates, Priority.
//!
//! Text extractors arrange the block in many ways: labels beside their values
//! (pypdf, `pdftotext -layout`), labels in one column and values in another in
//! varying order (pdfminer, `pdftotext`), the "Application Received:" label
//! split around its value. The block is read as a sequence of label and value
//! tokens: a label followed on its own line by a value of its kind takes it;
//! the remaining labels and values are paired in order, by kind. When the
//! remaining counts differ, nothing is guessed: those fields stay `null`.

use super::Found;
use crate::normalize::Line;
use crate::rules::{self, HeaderField, HEADER_LABELS, PRIORITIES, RECEIVED_LABEL};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Case,
    Date,
    Priority,
}

fn kind_of(field: HeaderField) -> Kind {
    match field {
        HeaderField::CaseNumber => Kind::Case,
        HeaderField::Priority => Kind::Priority,
        _ => Kind::Date,
    }
}

#[derive(Debug, Clone, Copy)]
enum Token {
    Label(HeaderField),
    Value(Kind, usize, usize),
}

/// One header value: the field, its normalized value, and its normalized range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderValue {
    pub field: HeaderField,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Result of reading the header block.
#[derive(Debug, Default)]
pub struct Header {
    pub values: Vec<HeaderValue>,
    /// Labels found without a value that could be paired with certainty.
    pub unpaired: Vec<HeaderField>,
}

fn is_word_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Offset of the first `needle` in `hay[from..]`, relative to `from`. For
/// the short labels and lines of a header a scan for the needle's first byte
/// is cheaper than `str::find`, which sets up a two-way searcher per call.
fn find_short(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let first = *needle.as_bytes().first()?;
    let rest = &hay.as_bytes()[from..];
    let mut at = 0;
    while let Some(i) = rest[at..].iter().position(|&b| b == first) {
        let k = at + i;
        if rest[k..].starts_with(needle.as_bytes()) {
            return Some(k);
        }
        at = k + 1;
    }
    None
}

/// Tokens of one line, in order: `(offset in line, end, token)`.
fn tokens(line: &str, base: usize, out: &mut Vec<(usize, Token)>) {
    let mut found: Vec<(usize, usize, Token)> = Vec::new();
    for (label, field) in HEADER_LABELS {
        let mut from = 0;
        while let Some(i) = find_short(line, from, label) {
            let at = from + i;
            let end = at + label.len();
            from = end;
            if !is_word_boundary(line, at) {
                continue;
            }
            // "Application" alone must be a whole word
            if !label.ends_with(':')
                && line[end..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            if found.iter().any(|&(s, e, _)| at < e && s < end) {
                continue; // inside a longer label already found
            }
            found.push((at, end, Token::Label(*field)));
        }
    }
    // each pattern only where its cheap literal is
    let patterns = [
        (Kind::Case, "CM", rules::case_number_regex()),
        (Kind::Date, "/", rules::date_regex()),
    ];
    for (kind, literal, re) in patterns {
        if !line.contains(literal) {
            continue;
        }
        for m in re.find_iter(line) {
            let token = Token::Value(kind, base + m.start(), base + m.end());
            found.push((m.start(), m.end(), token));
        }
    }
    for p in PRIORITIES {
        let mut from = 0;
        while let Some(i) = find_short(line, from, p) {
            let at = from + i;
            let end = at + p.len();
            from = end;
            let after_ok = line[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if is_word_boundary(line, at) && after_ok {
                found.push((at, end, Token::Value(Kind::Priority, base + at, base + end)));
            }
        }
    }
    let starts: Vec<usize> = found.iter().map(|&(s, _, _)| s).collect();
    // "Received:" is the tail of the split label: not a token of its own
    let received: Vec<usize> = line.match_indices(RECEIVED_LABEL).map(|(i, _)| i).collect();
    for i in crate::utf16::order_by_key(&starts) {
        let (s, _, t) = found[i];
        if received.contains(&s) {
            continue;
        }
        out.push((base + s, t));
    }
}

/// Read the header from lines `[0, end)`.
pub fn extract(norm: &str, lines: &[Line<'_>], end: usize) -> Header {
    let mut toks: Vec<(usize, Token)> = Vec::new();
    for line in &lines[..end.min(lines.len())] {
        tokens(line.text, line.start, &mut toks);
    }
    let line_of = |pos: usize| lines.partition_point(|l| l.start <= pos);
    // Same-line pairs: a label directly followed (only white space between)
    // by a value of its kind.
    let mut used = vec![false; toks.len()];
    let mut pairs: Vec<(HeaderField, usize, usize)> = Vec::new();
    let mut taken_fields: Vec<HeaderField> = Vec::new();
    for i in 0..toks.len() {
        if let (Token::Label(field), Some((_, Token::Value(kind, s, e)))) =
            (toks[i].1, toks.get(i + 1))
        {
            let label_line = line_of(toks[i].0);
            if kind_of(field) == *kind
                && line_of(*s) == label_line
                && !taken_fields.contains(&field)
            {
                used[i] = true;
                used[i + 1] = true;
                pairs.push((field, *s, *e));
                taken_fields.push(field);
            }
        }
    }
    // The rest, in order, by kind.
    let mut header = Header::default();
    for kind in [Kind::Case, Kind::Date, Kind::Priority] {
        let mut labels: Vec<HeaderField> = Vec::new();
        let mut values: Vec<(usize, usize)> = Vec::new();
        for (i, (_, t)) in toks.iter().enumerate() {
            if used[i] {
                continue;
            }
            match *t {
                Token::Label(f)
                    if kind_of(f) == kind && !taken_fields.contains(&f) && !labels.contains(&f) =>
                {
                    labels.push(f)
                }
                Token::Value(k, s, e) if k == kind => values.push((s, e)),
                _ => {}
            }
        }
        if labels.len() == values.len() {
            for (f, (s, e)) in labels.into_iter().zip(values) {
                pairs.push((f, s, e));
            }
        } else {
            header.unpaired.extend(labels);
        }
    }
    for (field, s, e) in pairs {
        let raw = &norm[s..e];
        let value = if field.is_date() {
            match iso_date(raw) {
                Some(v) => v,
                None => {
                    header.unpaired.push(field);
                    continue;
                }
            }
        } else {
            raw.to_string()
        };
        header.values.push(HeaderValue {
            field,
            value,
            start: s,
            end: e,
        });
    }
    header
}

/// `MM/DD/YYYY` → `YYYY-MM-DD`, or `None` for an impossible date.
pub fn iso_date(s: &str) -> Option<String> {
    let mut parts = s.split('/');
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let y: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1900..=2100).contains(&y) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

impl From<&HeaderValue> for Found {
    fn from(v: &HeaderValue) -> Found {
        Found {
            value: v.value.clone(),
            start: v.start,
            end: v.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn find_short_finds_from_an_offset() {
        let line = "Date: 1 Date Assigned: 2 Date Assigned:";
        assert_eq!(find_short(line, 0, "Date Assigned:"), Some(8));
        assert_eq!(find_short(line, 9, "Date Assigned:"), Some(16));
        assert_eq!(find_short(line, 23, "Date Assigned:"), Some(2));
        assert_eq!(find_short(line, 26, "Date Assigned:"), None);
        assert_eq!(find_short(line, 0, ""), None);
        assert_eq!(find_short("é Priority:", 0, "Priority:"), Some(3));
    }

    fn read(text: &str) -> Vec<(HeaderField, String)> {
        let n = normalize(text);
        let lines = n.lines();
        let mut v: Vec<_> = extract(&n.text, &lines, lines.len())
            .values
            .into_iter()
            .map(|v| (v.field, v.value))
            .collect();
        v.sort_by_key(|(f, _)| *f as u8);
        v
    }

    fn expected() -> Vec<(HeaderField, String)> {
        use HeaderField::*;
        vec![
            (CaseNumber, "CM16-0230651".into()),
            (DateAssigned, "2016-12-07".into()),
            (DecisionDate, "2017-01-09".into()),
            (DateOfInjury, "2016-10-13".into()),
            (UrDenialDate, "2016-11-22".into()),
            (ApplicationReceived, "2016-11-29".into()),
            (Priority, "Standard".into()),
        ]
    }

    #[test]
    fn labels_beside_values() {
        let t = "Case Number: CM16-0230651\nDate Assigned: 12/07/2016 Date of Injury:  10/13/2016\nDecision Date: 01/09/2017 UR Denial Date:  11/22/2016\nPriority:  Standard Application\nReceived:\n11/29/2016\n";
        assert_eq!(read(t), expected());
    }

    #[test]
    fn layout_columns() {
        let t = "Case Number:          CM16-0230651\nDate Assigned:        12/07/2016                      Date of Injury:      10/13/2016\nDecision Date:        01/09/2017                      UR Denial Date:      11/22/2016\nPriority:             Standard                        Application          11/29/2016\n                                                      Received:\n";
        assert_eq!(read(t), expected());
    }

    #[test]
    fn separate_columns_varying_order() {
        let t = "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM16-0230651\n12/07/2016\n01/09/2017\nStandard\n\n10/13/2016\nDate of Injury:\nUR Denial Date: 11/22/2016\n11/29/2016\nApplication\nReceived:\n";
        assert_eq!(read(t), expected());
        let t = "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM16-0230651\n12/07/2016\n01/09/2017\nStandard\n\nDate of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n10/13/2016\n11/22/2016\n11/29/2016\n";
        assert_eq!(read(t), expected());
    }

    #[test]
    fn missing_value_is_not_guessed() {
        let t = "Case Number: CM16-0230651\nDate Assigned:\nDecision Date:\n01/09/2017\n";
        let n = normalize(t);
        let lines = n.lines();
        let h = extract(&n.text, &lines, lines.len());
        assert_eq!(h.values.len(), 1);
        assert_eq!(
            h.unpaired,
            vec![HeaderField::DateAssigned, HeaderField::DecisionDate]
        );
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("1/2/2016").as_deref(), Some("2016-01-02"));
        assert_eq!(iso_date("13/02/2016"), None);
    }
}
