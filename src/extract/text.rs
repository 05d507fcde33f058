//! Text values: a range of the normalized text joined into one line, with a
//! map from each byte of the value back to the normalized text.

use super::Found;

/// A value's text, lines joined as SCHEMA.md says: white space collapsed to
/// single spaces, a line that ends in a hyphen joined to the next without a
/// space, ends trimmed.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    pub text: String,
    /// `(offset in text, normalized offset)` at the start of each run of
    /// bytes copied unchanged (a word, or one space standing for white space).
    segments: Vec<(usize, usize)>,
}

impl Joined {
    /// Join `norm[start..end]`.
    ///
    /// ```
    /// use imr_analyzer::extract::text::Joined;
    /// let j = Joined::new("  electro-\nmyography  and\n  more ", 0, 33);
    /// assert_eq!(j.text, "electro-myography and more");
    /// assert_eq!(j.span(0, 7), (2, 9));
    /// ```
    pub fn new(norm: &str, start: usize, end: usize) -> Joined {
        let start = start.min(norm.len());
        let end = end.clamp(start, norm.len());
        let slice = &norm[start..end];
        let mut j = Joined {
            text: String::with_capacity(slice.len()),
            segments: Vec::new(),
        };
        // (offset of the first white space of the gap, gap holds a line end)
        let mut gap: Option<(usize, bool)> = None;
        let mut word: Option<usize> = None;
        for (i, c) in slice.char_indices() {
            if c.is_whitespace() {
                if let Some(w) = word.take() {
                    j.push_word(slice, w, i, start);
                }
                match &mut gap {
                    Some((_, nl)) => *nl |= c == '\n',
                    None => gap = Some((i, c == '\n')),
                }
                continue;
            }
            if word.is_none() {
                if let Some((at, newline)) = gap.take() {
                    if !j.text.is_empty() {
                        let hyphen_join =
                            newline && ends_with_word_hyphen(&j.text) && c.is_alphanumeric();
                        if !hyphen_join {
                            j.segments.push((j.text.len(), start + at));
                            j.text.push(' ');
                        }
                    }
                }
                word = Some(i);
            }
        }
        if let Some(w) = word {
            j.push_word(slice, w, slice.len(), start);
        }
        j
    }

    fn push_word(&mut self, slice: &str, from: usize, to: usize, base: usize) {
        self.segments.push((self.text.len(), base + from));
        self.text.push_str(&slice[from..to]);
    }

    /// Normalized offset of the value's byte `i`.
    fn pos(&self, i: usize) -> usize {
        let k = self.segments.partition_point(|&(t, _)| t <= i);
        match k.checked_sub(1).and_then(|k| self.segments.get(k)) {
            Some(&(t, n)) => n + (i - t),
            None => 0,
        }
    }

    /// Normalized range of the value's bytes `[a, b)`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        if self.text.is_empty() {
            return (0, 0);
        }
        if b <= a {
            let p = self.pos(a.min(self.text.len() - 1));
            return (p, p);
        }
        (self.pos(a), self.pos(b - 1) + 1)
    }

    /// The whole value's normalized range.
    pub fn full_span(&self) -> (usize, usize) {
        self.span(0, self.text.len())
    }

    /// The whole value as found, or `None` when it is empty.
    pub fn found(&self) -> Option<Found> {
        if self.text.is_empty() {
            return None;
        }
        let (start, end) = self.full_span();
        Some(Found {
            value: self.text.clone(),
            start,
            end,
        })
    }

    /// A trimmed sub-value `[a, b)`: its text and normalized range.
    pub fn sub(&self, a: usize, b: usize) -> (String, (usize, usize)) {
        let s = &self.text[a..b];
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        let (a, b) = (a + lead, a + lead + t.len());
        (t.to_string(), self.span(a, b))
    }
}

/// Whether text ends in a hyphen after a letter or digit (not `--`).
fn ends_with_word_hyphen(text: &str) -> bool {
    let mut it = text.chars().rev();
    matches!((it.next(), it.next()), (Some('-'), Some(c)) if c.is_alphanumeric())
}

/// Collapse white space and join line-end hyphens (SCHEMA.md's
/// normalization of text values), without a map.
pub fn collapse(s: &str) -> String {
    Joined::new(s, 0, s.len()).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_maps() {
        let norm = "Norco 10/325mg #60 was the original\nrequest.  Next";
        let j = Joined::new(norm, 0, norm.len());
        assert_eq!(j.text, "Norco 10/325mg #60 was the original request. Next");
        let at = j.text.find("request").unwrap();
        let (s, e) = j.span(at, at + 8);
        assert_eq!(&norm[s..e], "request.");
    }

    #[test]
    fn double_hyphen_and_space_hyphen_keep_space() {
        assert_eq!(collapse("a--\nb"), "a-- b");
        assert_eq!(collapse("a -\nb"), "a - b");
        assert_eq!(collapse("non-\ncertified"), "non-certified");
        assert_eq!(collapse("anti- inflammatory"), "anti- inflammatory");
    }

    #[test]
    fn unicode() {
        let norm = "ODG Preface –\nPhysical";
        let j = Joined::new(norm, 0, norm.len());
        assert_eq!(j.text, "ODG Preface – Physical");
        let d = j.text.find('–').unwrap();
        assert_eq!(j.span(d, d + 3), (12, 15));
    }
}
