//! Stage 2: find the letter's sections by their headings and recognise its
//! layout.

use crate::model::Layout;
use crate::normalize::Line;
use crate::rules::{self, Section, HEADINGS};

/// A heading found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub section: Section,
    /// Index of the heading's first line.
    pub line: usize,
    /// Index of the first line after the heading (the heading may span two).
    pub body_line: usize,
    /// Normalized offset where the section's own text starts (after the
    /// heading words, which may share a line with text: "Case Summary: The …").
    pub body_start: usize,
    layout: Option<Layout>,
}

/// The letter's layout and headings, in text order.
#[derive(Debug, Clone)]
pub struct Sections {
    pub layout: Layout,
    pub headings: Vec<Heading>,
    /// Whether any of the letter's labels ("Case Number:", "Decision
    /// rationale:", …) appear.
    pub has_labels: bool,
    /// Sections without a heading line whose upper-case heading stands
    /// inside a line (all of a letter's lines joined): where the text after
    /// the heading starts.
    inline: Vec<(Section, usize)>,
}

impl Sections {
    /// The first heading of a section.
    pub fn find(&self, section: Section) -> Option<&Heading> {
        self.headings.iter().find(|h| h.section == section)
    }

    /// Line range `[start, end)` of a section's body: from after its heading
    /// to the next heading (or the end).
    pub fn body(&self, section: Section, line_count: usize) -> Option<(usize, usize)> {
        let i = self.headings.iter().position(|h| h.section == section)?;
        let h = &self.headings[i];
        let end = self
            .headings
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|n| n.line >= h.body_line))
            .map_or(line_count, |n| n.line);
        Some((h.body_line, end.max(h.body_line)))
    }

    /// Normalized byte range `[start, end)` of a section's body.
    pub fn range(&self, lines: &[Line<'_>], section: Section) -> Option<(usize, usize)> {
        let h = self.find(section)?;
        let (_, end_line) = self.body(section, lines.len())?;
        let end = if end_line == 0 {
            0
        } else {
            lines[end_line - 1].end()
        };
        Some((h.body_start, end.max(h.body_start)))
    }

    /// Where the text after a section's heading starts when the heading
    /// stands inside a line (the section has no heading line).
    pub fn inline(&self, section: Section) -> Option<usize> {
        self.inline
            .iter()
            .find(|(s, _)| *s == section)
            .map(|&(_, at)| at)
    }

    /// Index of the first line of the first heading (the end of the header block).
    pub fn first_heading_line(&self) -> Option<usize> {
        self.headings.first().map(|h| h.line)
    }
}

/// Upper-case and collapse white space.
fn canon(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_uppercase());
    }
    out
}

/// Which heading a (canonical) text is, and how many of its bytes the heading takes.
fn match_heading(canon: &str) -> Option<(usize, usize)> {
    HEADINGS.iter().enumerate().find_map(|(i, (h, _, _))| {
        let full = canon == *h;
        let prefix = h.ends_with(':') && canon.starts_with(h);
        (full || prefix).then_some((i, h.len()))
    })
}

/// Could this line start a heading (cheap test before allocating)?
fn plausible(text: &str) -> bool {
    let t = text.trim_start();
    if t.len() < 5 || !t.as_bytes()[0].is_ascii_uppercase() {
        return false;
    }
    // its first word must be the first word of some heading
    let first = t.split_whitespace().next().unwrap_or("");
    HEADINGS.iter().any(|(h, _, _)| {
        h.split(' ')
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(first))
    })
}

/// Offset in `text` just after the first `n_words` words.
fn after_words(text: &str, n_words: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n_words {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.len()
}

/// Sections looked for inside lines when they have no heading line.
const INLINE_SECTIONS: [Section; 3] = [Section::HowMade, Section::Summary, Section::Decisions];

/// Where the text after an upper-case heading of `section` starts inside
/// `text` (headings that are labels, ending in `:`, are not looked for).
fn heading_in_text(text: &str, section: Section) -> Option<usize> {
    HEADINGS
        .iter()
        .filter(|(h, s, _)| *s == section && !h.ends_with(':'))
        .find_map(|(h, _, _)| text.find(h).map(|i| i + h.len()))
}

/// Find the headings and the layout of the normalized `text` split in `lines`.
pub fn find(text: &str, lines: &[Line<'_>]) -> Sections {
    let mut headings: Vec<Heading> = Vec::new();
    let mut has_labels = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.text.trim();
        if !has_labels && is_label_line(t) {
            has_labels = true;
        }
        if !plausible(t) {
            i += 1;
            continue;
        }
        // a heading with the text of its section on the same line, as when a
        // viewer copies paragraphs with their lines joined
        let joined_text = HEADINGS.iter().position(|(h, _, _)| {
            t.len() > h.len() && t.starts_with(h) && t[h.len()..].starts_with(char::is_whitespace)
        });
        let c = if t.len() > 120 {
            String::new()
        } else {
            canon(t)
        };
        let mut hit = match_heading(&c)
            .or(joined_text.map(|k| (k, 0)))
            .map(|(k, len)| (k, len, 1));
        if hit.is_none() && i + 1 < lines.len() {
            // a heading broken over two lines
            let prefix_of_some = HEADINGS
                .iter()
                .any(|(h, _, _)| h.starts_with(&c) && h.len() > c.len());
            if prefix_of_some {
                let next = lines[i + 1].text.trim();
                if next.len() <= 120 {
                    let joined = canon(&format!("{t} {next}"));
                    hit = match_heading(&joined).map(|(k, len)| (k, len, 2));
                }
            }
        }
        if let Some((k, len, nlines)) = hit {
            let (_, section, layout) = HEADINGS[k];
            let words = HEADINGS[k].0.split_whitespace().count();
            let last = lines[i + nlines - 1];
            let body_start = if nlines == 1 {
                let (s, tt) = line.trimmed();
                let off = after_words(tt, words);
                // a heading that is a label, or has its text joined to it, may
                // have text after it on the same line
                if len < c.len() || joined_text.is_some() {
                    s + off
                } else {
                    last.end()
                }
            } else {
                last.end()
            };
            headings.push(Heading {
                section,
                line: i,
                body_line: if joined_text.is_some() && nlines == 1 {
                    i
                } else {
                    i + nlines
                },
                body_start,
                layout,
            });
            i += nlines;
            continue;
        }
        i += 1;
    }
    let layout = layout_of(&headings, lines);
    let inline = INLINE_SECTIONS
        .into_iter()
        .filter(|s| !headings.iter().any(|h| h.section == *s))
        .filter_map(|s| heading_in_text(text, s).map(|at| (s, at)))
        .collect();
    Sections {
        layout,
        headings,
        has_labels,
        inline,
    }
}

fn is_label_line(t: &str) -> bool {
    rules::ITEM_LABELS.iter().any(|l| t.starts_with(l))
        || t.contains(rules::CASE_NUMBER_LABEL)
        || t.contains(rules::LICENSURE_LABEL)
}

fn layout_of(headings: &[Heading], lines: &[Line<'_>]) -> Layout {
    // A heading that only one layout has decides.
    for wanted in [
        Layout::ProfessionalReview,
        Layout::MaximusNotice2013,
        Layout::MaximusDecisions,
    ] {
        if headings.iter().any(|h| h.layout == Some(wanted)) {
            return wanted;
        }
    }
    let header_end = headings.first().map_or(lines.len().min(60), |h| h.line);
    let in_header = |label: &str| lines[..header_end].iter().any(|l| l.text.contains(label));
    let licensure = lines
        .iter()
        .take(400)
        .any(|l| l.text.contains(rules::LICENSURE_LABEL));
    if in_header(rules::CASE_NUMBER_LABEL) || licensure {
        return Layout::Dwc2016;
    }
    let known = |s: Section| headings.iter().any(|h| h.section == s);
    if known(Section::HowMade) || known(Section::Decisions) || known(Section::Summary) {
        return Layout::Dwc2013;
    }
    Layout::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn headings_and_layout() {
        let n = normalize("Case Number: CM16-0000001\n\nHOW THE IMR FINAL DETERMINATION WAS MADE\ntext\nCLINICAL CASE SUMMARY\nsum\nIMR ISSUES, DECISIONS AND RATIONALES\nX: Upheld\n");
        let lines = n.lines();
        let s = find(&n.text, &lines);
        assert_eq!(s.layout, Layout::Dwc2016);
        let found: Vec<_> = s.headings.iter().map(|h| h.section).collect();
        assert_eq!(
            found,
            vec![Section::HowMade, Section::Summary, Section::Decisions]
        );
        assert_eq!(s.body(Section::Summary, lines.len()), Some((5, 6)));
    }

    #[test]
    fn broken_heading_and_label_heading() {
        let n = normalize("MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE: Knee MRI\nRATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE\nIS/WAS NOT MEDICALLY NECESSARY:\nBecause.\n");
        let lines = n.lines();
        let s = find(&n.text, &lines);
        assert_eq!(s.layout, Layout::ProfessionalReview);
        let issue = s.find(Section::Issue).unwrap();
        assert_eq!(
            &n.text[issue.body_start..lines[1].end()].trim(),
            &"Knee MRI"
        );
        let r = s.find(Section::Rationale).unwrap();
        assert_eq!((r.line, r.body_line), (2, 4));
    }

    #[test]
    fn no_headings() {
        let n = normalize("Dear friend,\nthank you for the letter.\n");
        let s = find(&n.text, &n.lines());
        assert_eq!(s.layout, Layout::Unknown);
        assert!(s.headings.is_empty());
        assert!(!s.has_labels);
    }
}
