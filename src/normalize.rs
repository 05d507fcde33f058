//! Stage 1: normalization.
//!
//! Removes what PDF text extraction adds to a letter, keeping a map back to
//! the analysed (original) text:
//!
//! - line ends (`\r\n`, `\r`) become `\n`; trailing white space is dropped;
//! - page breaks (form feeds) and the blank lines around them disappear, so a
//!   sentence cut by a page break reads on;
//! - page footers and headers ("Final Determination Letter for IMR Case
//!   Number … 4", "Page 2 of 5") are cut out, even in the middle of a line;
//! - when every line is followed by a blank line (some extractors double
//!   them), single blank lines are dropped and longer runs become one;
//! - runs of blank lines become one blank line (a paragraph break);
//! - characters some viewers put into copied text are read as what they show
//!   ([`rules::CHARACTER_FIXES`]): zero-width characters are dropped,
//!   non-breaking spaces read as spaces, PDFium's U+FFFE (a hyphen that ended
//!   a line, the halves joined) and a soft hyphen at a line end read as `-`
//!   (so a value joins the halves with the hyphen, as SCHEMA.md wants), a soft
//!   hyphen inside a line is dropped.
//!
//! Normalization only ever *deletes* text (or reads one character as another,
//! in place), so the map is a short list of segments and every normalized
//! offset has one original offset.

use crate::rules;

/// The normalized text and its map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Text with artifacts removed; lines separated by `\n`.
    pub text: String,
    /// `(normalized offset, original offset)` at the start of each run of
    /// text copied unchanged; sorted by both.
    segments: Vec<(usize, usize)>,
    /// `(normalized offset, original length)` of each character read as
    /// another (a U+FFFE read as `-`, a non-breaking space as ` `); sorted.
    replaced: Vec<(usize, usize)>,
}

impl Normalized {
    /// Original byte offset of the normalized byte offset `pos`.
    pub fn to_original(&self, pos: usize) -> usize {
        let i = match self.segments.binary_search_by(|s| s.0.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => return pos,
            Err(i) => i - 1,
        };
        let (n, o) = self.segments[i];
        o + (pos - n)
    }

    /// Original byte range `[start, end)` of the normalized range `[start, end)`.
    pub fn range_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.to_original(start);
            return (s, s);
        }
        let last = self.text[..end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        // a character read as another keeps the original's length
        let original_len = match self.replaced.binary_search_by(|r| r.0.cmp(&(end - last))) {
            Ok(i) => self.replaced[i].1,
            Err(_) => last,
        };
        (
            self.to_original(start),
            self.to_original(end - last) + original_len,
        )
    }

    /// Lines of the normalized text: `(start offset, line)`.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut out = Vec::new();
        let mut start = 0;
        for line in self.text.split('\n') {
            out.push(Line { start, text: line });
            start += line.len() + 1;
        }
        out
    }
}

/// One line of the normalized text.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Offset of the line's first byte in the normalized text.
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    /// The line without leading white space, and its offset.
    pub fn trimmed(&self) -> (usize, &'a str) {
        let t = self.text.trim_start();
        (self.start + self.text.len() - t.len(), t.trim_end())
    }
}

/// A raw line of the original: content range and whether a page break
/// (form feed) stands before it.
struct RawLine {
    start: usize,
    end: usize,
    page_break_before: bool,
}

fn raw_lines(text: &str) -> Vec<RawLine> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut page_break = false;
    let mut i = 0;
    while i <= bytes.len() {
        let b = if i < bytes.len() { bytes[i] } else { b'\n' };
        match b {
            b'\n' | b'\r' | 0x0C => {
                out.push(RawLine {
                    start,
                    end: i,
                    page_break_before: page_break,
                });
                page_break = b == 0x0C;
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    // A form feed at the start of a line (`\n\f`) leaves an empty raw line
    // before it: that line is part of the page break, not a paragraph break.
    out
}

/// Whether a character shows nothing: white space (any Unicode space) or an
/// invisible character normalization drops.
fn shows_nothing(c: char) -> bool {
    c.is_whitespace() || rules::char_fix(c) == Some(rules::CharFix::Delete)
}

/// Trim trailing white space and invisible characters from `text[start..end]`.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(shows_nothing).len()
}

/// The normalized text being built, with its map.
struct Builder<'t> {
    text: &'t str,
    /// Whether the text holds any character of [`rules::CHARACTER_FIXES`].
    fixes: bool,
    out: String,
    segments: Vec<(usize, usize)>,
    replaced: Vec<(usize, usize)>,
}

impl Builder<'_> {
    /// Start a new segment at the current end if `original` does not
    /// continue the last one.
    fn map_to(&mut self, original: usize) {
        let n = self.out.len();
        match self.segments.last_mut() {
            Some(&mut (ln, lo)) if lo + (n - ln) == original => {}
            // nothing was copied since the last segment began: move it
            Some(last) if last.0 == n => last.1 = original,
            _ => self.segments.push((n, original)),
        }
    }

    /// A separator (line end, a space for a cut) standing for `original`.
    fn separator(&mut self, c: char, original: usize) {
        self.map_to(original);
        self.out.push(c);
    }

    /// Copy `text[s..e]`, reading the characters of [`rules::CHARACTER_FIXES`]
    /// as what they show; `line_end`: the range ends its line.
    fn copy(&mut self, s: usize, e: usize, line_end: bool) {
        let text = self.text;
        let slice = &text[s..e];
        if !self.fixes || slice.is_ascii() {
            self.map_to(s);
            self.out.push_str(slice);
            return;
        }
        let mut run = s;
        for (i, c) in slice.char_indices() {
            let Some(fix) = rules::char_fix(c) else {
                continue;
            };
            let at = s + i;
            if at > run {
                self.map_to(run);
                self.out.push_str(&text[run..at]);
            }
            run = at + c.len_utf8();
            let shown = match fix {
                rules::CharFix::Delete => None,
                rules::CharFix::Space => Some(' '),
                rules::CharFix::Hyphen => Some('-'),
                rules::CharFix::HyphenAtLineEnd => (line_end && run == e).then_some('-'),
            };
            if let Some(shown) = shown {
                self.map_to(at);
                self.replaced.push((self.out.len(), c.len_utf8()));
                self.out.push(shown);
                // the next character continues at the original's end
                self.map_to(run);
            }
        }
        if e > run {
            self.map_to(run);
            self.out.push_str(&text[run..e]);
        }
    }
}

/// Normalize a letter's text.
///
/// ```
/// let n = imr_analyzer::normalize::normalize("a  \r\n\r\nb\x0cc");
/// assert_eq!(n.text, "a\n\nb\nc");
/// assert_eq!(n.to_original(5), 9); // "c"
/// ```
pub fn normalize(text: &str) -> Normalized {
    let raws = raw_lines(text);
    // Pieces of each line after footers are cut out.
    struct Piece {
        ranges: Vec<(usize, usize)>,
        blank: bool,
        page_break_before: bool,
    }
    let mut pieces: Vec<Piece> = Vec::with_capacity(raws.len());
    for raw in &raws {
        let end = trim_end(text, raw.start, raw.end);
        let mut ranges = Vec::new();
        let line = &text[raw.start..end];
        let cuts = rules::page_furniture(line);
        let mut at = raw.start;
        for (s, e) in cuts {
            if s + raw.start > at {
                ranges.push((at, trim_end(text, at, raw.start + s)));
            }
            at = raw.start + e;
        }
        if end > at {
            ranges.push((at, end));
        }
        ranges.retain(|(s, e)| trim_end(text, *s, *e) > *s);
        let furniture_only = ranges.is_empty() && trim_end(text, raw.start, end) > raw.start;
        let blank = ranges.is_empty();
        pieces.push(Piece {
            ranges,
            blank,
            // a line that was only a footer counts as a page break
            page_break_before: raw.page_break_before || furniture_only,
        });
    }
    // A footer-only line is itself a page break: mark the following line.
    for i in 0..pieces.len() {
        if pieces[i].blank && pieces[i].page_break_before && i + 1 < pieces.len() {
            pieces[i + 1].page_break_before = true;
        }
    }

    // Doubled blank lines: most non-blank lines are followed by exactly one
    // blank line and then a non-blank line.
    let mut nonblank = 0usize;
    let mut doubled = 0usize;
    for i in 0..pieces.len() {
        if !pieces[i].blank {
            nonblank += 1;
            if i + 2 < pieces.len() && pieces[i + 1].blank && !pieces[i + 2].blank {
                doubled += 1;
            }
        }
    }
    let doubling = nonblank >= 6 && doubled * 10 >= nonblank * 7;

    // Decide which lines to keep: blank runs become one blank line (or none,
    // when doubled and the run is a single line, or next to a page break).
    let mut keep: Vec<bool> = vec![false; pieces.len()];
    let mut i = 0;
    let mut seen_text = false;
    while i < pieces.len() {
        if !pieces[i].blank {
            keep[i] = true;
            seen_text = true;
            i += 1;
            continue;
        }
        let run_start = i;
        let mut page_break = pieces[i].page_break_before;
        while i < pieces.len() && pieces[i].blank {
            page_break |= pieces[i].page_break_before;
            i += 1;
        }
        if i < pieces.len() {
            page_break |= pieces[i].page_break_before;
        }
        let run = i - run_start;
        let at_edge = !seen_text || i >= pieces.len();
        let paragraph = !page_break && !at_edge && (!doubling || run >= 2);
        if paragraph {
            keep[run_start] = true;
        }
    }

    let mut b = Builder {
        text,
        // one fast search a character (most texts hold none of them)
        fixes: !text.is_ascii()
            && rules::CHARACTER_FIXES
                .iter()
                .any(|(c, _)| text.contains(*c)),
        out: String::with_capacity(text.len()),
        segments: Vec::new(),
        replaced: Vec::new(),
    };
    let mut first = true;
    let mut prev_end = 0usize;
    for (idx, piece) in pieces.iter().enumerate() {
        if !keep[idx] {
            continue;
        }
        if !first {
            // the separator stands for the original line end after the previous line
            b.separator('\n', prev_end);
        }
        first = false;
        let mut piece_end = raws[idx].end;
        let count = piece.ranges.len();
        for (k, &(s, e)) in piece.ranges.iter().enumerate() {
            if k > 0 {
                // a cut inside the line (a footer): keep one space
                b.separator(' ', piece.ranges[k - 1].1);
            }
            b.copy(s, e, k + 1 == count);
            piece_end = e;
        }
        if piece.ranges.is_empty() {
            piece_end = raws[idx].start;
        }
        prev_end = piece_end;
    }
    if b.segments.is_empty() {
        b.segments.push((0, 0));
    }
    Normalized {
        text: b.out,
        segments: b.segments,
        replaced: b.replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) -> Normalized {
        let n = normalize(text);
        // every non-separator byte maps to the same byte in the original
        for (i, c) in n.text.char_indices() {
            if c != '\n' && c != ' ' {
                let o = n.to_original(i);
                let original = text[o..].chars().next().unwrap();
                if rules::char_fix(original).is_some() {
                    assert!(c == '-', "{original:?} read as {c:?}");
                    continue;
                }
                assert_eq!(
                    &text[o..o + c.len_utf8()],
                    c.to_string(),
                    "at {i} in {:?}",
                    n.text
                );
            }
        }
        n
    }

    #[test]
    fn crlf_and_trailing_space() {
        let n = roundtrip("Case Number:  CM16-0000001  \r\nPriority: Standard\r\n");
        assert_eq!(n.text, "Case Number:  CM16-0000001\nPriority: Standard");
        let s = n.text.find("Standard").unwrap();
        assert_eq!(n.range_to_original(s, s + 8), (40, 48));
    }

    #[test]
    fn page_break_joins() {
        let n = roundtrip("was authorized\n\n\x0cby the Claims\n");
        assert_eq!(n.text, "was authorized\nby the Claims");
        let n = roundtrip("end.\n \n \n\x0c\n \nNext: Upheld");
        assert_eq!(n.text, "end.\nNext: Upheld");
    }

    #[test]
    fn paragraphs_kept() {
        let n = roundtrip("a\n\n\n\nb\nc");
        assert_eq!(n.text, "a\n\nb\nc");
    }

    #[test]
    fn doubled_blank_lines() {
        let text = "l1 \n\nl2 \n\nl3\n\nl4\n\n \n\nl5\n\nl6\n\nl7\n\nl8\n";
        let n = roundtrip(text);
        assert_eq!(n.text, "l1\nl2\nl3\nl4\n\nl5\nl6\nl7\nl8");
    }

    #[test]
    fn footer_cut_mid_line() {
        let text = "decrease in Final Determination Letter for IMR Case Number  4 medication usage";
        let n = roundtrip(text);
        assert_eq!(n.text, "decrease in medication usage");
        let text = "x\nFinal Determination Letter for IMR Case Number CM13-0000001 2\ny";
        let n = roundtrip(text);
        assert_eq!(n.text, "x\ny");
    }

    #[test]
    fn unicode_offsets() {
        let n = roundtrip("ODG Preface – Physical  \n\nTherapy");
        let s = n.text.find("Therapy").unwrap();
        assert_eq!(n.range_to_original(s, s + 7), (28, 35));
        let d = n.text.find('–').unwrap();
        assert_eq!(n.range_to_original(d, d + 3), (12, 15));
    }

    #[test]
    fn pdfium_hyphen_and_crlf() {
        let text = "electro\u{FFFE}myography is \r\nnext";
        let n = roundtrip(text);
        assert_eq!(n.text, "electro-myography is\nnext");
        let (s, e) = (0, "electro-myography".len());
        assert_eq!(n.range_to_original(s, e), (0, 19));
        // a value ending on the replaced character keeps its whole length
        assert_eq!(n.range_to_original(0, 8), (0, 10));
        assert_eq!(n.to_original(8), 10);
    }

    #[test]
    fn soft_hyphens_zero_width_and_no_break_spaces() {
        let text = "electro\u{AD}\nmyo\u{AD}graphy\u{200B} Case\u{A0}Number:\u{FEFF} x\u{200B}\n\u{200B}\n\nnext";
        let n = roundtrip(text);
        assert_eq!(n.text, "electro-\nmyography Case Number: x\n\nnext");
        let c = n.text.find("Case").unwrap();
        let o = n.range_to_original(c, c + "Case Number:".len());
        assert_eq!(&text[o.0..o.1], "Case\u{A0}Number:");
        let x = n.text.find('x').unwrap();
        assert_eq!(&text[n.to_original(x)..n.to_original(x) + 1], "x");
        let next = n.text.find("next").unwrap();
        assert_eq!(&text[n.to_original(next)..], "next");
    }

    #[test]
    fn invisible_characters_in_a_row() {
        let text = "a\u{FFFE}\u{200B}\u{200B}\u{A0}b";
        let n = roundtrip(text);
        assert_eq!(n.text, "a- b");
        assert_eq!(n.to_original(3), text.len() - 1);
        assert_eq!(n.range_to_original(0, 4), (0, text.len()));
    }
}
