//! Sentences of a rationale: byte ranges of one line of text (a value
//! already joined, SCHEMA.md's normalization).
//!
//! A sentence ends at `.`, `?` or `!` (with any closing quotes or brackets
//! right after it) followed by white space and a capital letter, a digit
//! or an opening quote or bracket, or by the end of the text. Not an end:
//! a period after an abbreviation ("Dr.", "e.g.", "vs.", "approx.", a single
//! initial), a decimal point or a period inside a word ("2.5", "U.S."), a
//! period followed by a small letter, and any end inside quoted text (a
//! guideline quoted in full stays one sentence with the words around it),
//! except at the quote's own end. "Page(s): 98-99" has no end in it.

/// Words that end in a period without ending the sentence (lower case,
/// without the final period). A single letter is an initial and needs no
/// entry. Clinical short forms usually written without a period (PT, Rx,
/// Dx, wk) are left out: "… 8 sessions of PT. The …" does end there.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "vs", "approx", "fig", "pp", "pg", "jr", "sr",
    "al", "inc", "ltd", "dept", "u.s", "cf", "viz", "ref", "vol", "q.d", "b.i.d", "t.i.d", "q.i.d",
    "p.r.n", "p.o", "a.m", "p.m",
];

/// Closing marks that belong to the sentence they follow.
fn closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']')
}

/// Quoted stretches of `text`: byte ranges `[open, close]` of paired
/// double quotes (straight quotes pair in order; an unpaired last one
/// opens nothing).
pub fn quoted(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    out.push((o, i));
                }
            }
            '"' => match open.take() {
                Some(o) => out.push((o, i)),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    out
}

/// The word (letters, digits, inner periods) that ends just before byte `i`.
fn word_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    &head[start..]
}

/// Whether a period at byte `i` ends an abbreviation.
fn abbreviation(text: &str, i: usize) -> bool {
    let w = word_before(text, i);
    if w.is_empty() {
        return false;
    }
    let low = w.to_lowercase();
    let one_letter = w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
    one_letter || ABBREVIATIONS.contains(&low.as_str())
}

/// The sentences of `text`, as trimmed byte ranges, in order; together
/// they cover every word of the text.
///
/// ```
/// use imr_analyzer::reasons::sentences::split;
/// let t = "Dr. Smith notes a 2.5 cm tear, e.g. on MRI. The request is denied.";
/// let s: Vec<&str> = split(t).into_iter().map(|(a, b)| &t[a..b]).collect();
/// assert_eq!(s, ["Dr. Smith notes a 2.5 cm tear, e.g. on MRI.", "The request is denied."]);
/// ```
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let quoted = quoted(text);
    let inside = |i: usize| quoted.iter().any(|&(o, c)| o < i && i < c);
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if !matches!(c, '.' | '?' | '!') {
            k += 1;
            continue;
        }
        // closing marks right after the terminator
        let mut j = k + 1;
        while j < chars.len() && closing(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let at_end = j == chars.len();
        let ws = chars.get(j).is_some_and(|&(_, c)| c.is_whitespace());
        let next = chars[j.min(chars.len())..]
            .iter()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace());
        let opens_next = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '[' | '\'')
        });
        // a terminator inside quotes ends the sentence only at the quote's end
        let quote_closed_here = (k + 1..j).any(|q| {
            let b = chars[q].0;
            quoted.iter().any(|&(_, close)| close == b)
        });
        let in_quote = inside(i) && !quote_closed_here;
        let is_end =
            (at_end || (ws && opens_next)) && !in_quote && !(c == '.' && abbreviation(text, i));
        if is_end {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        k = j.max(k + 1);
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push((a + lead, a + lead + t.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|(a, b)| &t[a..b]).collect()
    }

    #[test]
    fn ends_at_a_capital_after_the_stop() {
        assert_eq!(
            parts(
                "There were no red flags. The request is not supported! Why? 12 visits were done."
            ),
            [
                "There were no red flags.",
                "The request is not supported!",
                "Why?",
                "12 visits were done."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            parts("Per Dr. Jones, NSAIDs vs. acetaminophen, e.g. naproxen, i.e. first line. Approx. 6 visits were done. Mr. A. B. Smith agreed."),
            [
                "Per Dr. Jones, NSAIDs vs. acetaminophen, e.g. naproxen, i.e. first line.",
                "Approx. 6 visits were done.",
                "Mr. A. B. Smith agreed."
            ]
        );
    }

    #[test]
    fn decimals_and_small_letters_do_not_end_a_sentence() {
        assert_eq!(
            parts(
                "Lidocaine 2.5% cream was used. It helped etc. and more. The U.S. FDA approved it."
            ),
            [
                "Lidocaine 2.5% cream was used.",
                "It helped etc. and more.",
                "The U.S. FDA approved it."
            ]
        );
    }

    #[test]
    fn page_citations_stay_in_their_sentence() {
        assert_eq!(
            parts("MTUS Chronic Pain Guidelines, Page(s): 98-99, recommend 9-10 visits. The patient had 12."),
            [
                "MTUS Chronic Pain Guidelines, Page(s): 98-99, recommend 9-10 visits.",
                "The patient had 12."
            ]
        );
    }

    #[test]
    fn quoted_guideline_text_is_one_sentence() {
        let t = "The ODG states \"MRI is recommended. It is the test of choice.\" as an option. The patient has no deficit.";
        assert_eq!(
            parts(t),
            [
                "The ODG states \"MRI is recommended. It is the test of choice.\" as an option.",
                "The patient has no deficit."
            ]
        );
        // a sentence ending with its quote keeps the closing mark
        let t = "The physician notes therapy is \"helping with pain.\" The request is supported.";
        assert_eq!(
            parts(t),
            [
                "The physician notes therapy is \"helping with pain.\"",
                "The request is supported."
            ]
        );
        // an unpaired quote quotes nothing
        assert_eq!(parts("A \"bee. C d."), ["A \"bee.", "C d."]);
    }

    #[test]
    fn no_stop_at_the_end_and_empty_text() {
        assert_eq!(parts("No stop here"), ["No stop here"]);
        assert!(parts("   ").is_empty());
        assert_eq!(parts("A b.  "), ["A b."]);
    }

    proptest! {
        #[test]
        fn ranges_are_ordered_trimmed_and_cover_the_words(s in "[A-Za-z0-9 .?!\"“”()é,-]{0,80}") {
            let r = split(&s);
            let mut last = 0;
            for &(a, b) in &r {
                prop_assert!(last <= a && a < b && b <= s.len());
                prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
                prop_assert_eq!(s[a..b].trim(), &s[a..b]);
                prop_assert!(s[last..a].trim().is_empty());
                last = b;
            }
            prop_assert!(s[last..].trim().is_empty());
        }
    }
}
