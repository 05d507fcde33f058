//! Stage 1b: an input holding several letters (a merged PDF, a paste of
//! several letters) cut into its letters' parts (SCHEMA.md, "Several
//! letters in one input").
//!
//! A letter's first heading ("HOW THE IMR FINAL DETERMINATION WAS MADE")
//! comes once in each letter. A second one, after some other section of the
//! letter before it, begins the next letter; that letter opens at its `Case Number:` block
//! when the block stands just before the heading. The parts are contiguous
//! and together hold all of the input, so nothing is dropped.

use crate::normalize::{self, Line};
use crate::rules::{Section, CASE_NUMBER_LABEL};
use crate::sections;
use std::ops::Range;

/// The heading that comes once in each letter (the letter checks count it
/// for the `several_letters` warning, which is what makes
/// [`crate::analyze_letters`] cut an input).
const FIRST: Section = Section::HowMade;

/// Headings that open a letter: they do not count as the letter before's
/// own sections.
const OPENINGS: [Section; 2] = [Section::HowMade, Section::Title];

/// How far before its first heading a letter's `Case Number:` block may
/// start: a dwc-2016 header block is about 7 lines, or about 20 where an
/// extractor puts each label and each value on a line of its own (MuPDF).
const HEADER_LINES: usize = 40;

/// The most letters one input is cut into (a merged PDF of a day's letters
/// has dozens): past it, the rest stays in the last part, which then keeps
/// the `several_letters` warning.
pub const MAX_LETTERS: usize = 1000;

/// The byte ranges of the letters in `text`, in order, covering all of it:
/// one range (the whole text) when it holds one letter or none.
pub fn letters(text: &str) -> Vec<Range<usize>> {
    let norm = normalize::normalize(text);
    let lines = norm.lines();
    let found = sections::find(&norm.text, &lines);
    let mut bounds = vec![0];
    let starts: Vec<&sections::Heading> = found
        .headings
        .iter()
        .filter(|h| h.section == FIRST)
        .collect();
    for pair in starts.windows(2) {
        let (prev, this) = (pair[0], pair[1]);
        // The letter before must have more than its opening: a heading
        // of another section between the two (a repeated heading line
        // does not begin a letter).
        let between = found
            .headings
            .iter()
            .any(|h| h.line > prev.line && h.line < this.line && !OPENINGS.contains(&h.section));
        if !between {
            continue;
        }
        let open = opening(&lines, prev.body_line, this.line);
        let at = boundary(text, norm.to_original(open));
        if at > *bounds.last().unwrap_or(&0) && bounds.len() < MAX_LETTERS {
            bounds.push(at);
        }
    }
    bounds.push(text.len());
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Where a letter whose first heading is at line `heading` opens (a
/// normalized offset): its `Case Number:` label when one stands within
/// [`HEADER_LINES`] before the heading (and after `floor`, the letter
/// before's first heading), else the heading's line.
fn opening(lines: &[Line<'_>], floor: usize, heading: usize) -> usize {
    let from = heading.saturating_sub(HEADER_LINES).max(floor);
    (from..heading)
        .find_map(|l| {
            lines[l]
                .text
                .find(CASE_NUMBER_LABEL)
                .map(|i| lines[l].start + i)
        })
        .unwrap_or(lines[heading].start)
}

/// The original offset a part begins at, for the letter opening at byte
/// `pos`: the start of its line when only blanks stand before it there;
/// else `pos` itself (after a form feed that ends the page before, or the
/// letter before's last words on the same line).
fn boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &text[..pos];
    let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
    match before[..before.len() - blanks].chars().next_back() {
        None | Some('\n') => pos - blanks,
        _ => pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A letter written for this test in the dwc-2016 shape.
    fn letter(case: &str, item: &str) -> String {
        format!(
            "Case Number: {case}\nDate Assigned: 12/07/2016 Date of Injury: 10/13/2016\n\n\
             HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent the complete case file to an expert reviewer.\n\n\
             CLINICAL CASE SUMMARY\nThe patient is a 50-year-old man with low back pain.\n\n\
             IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n\
             1. {item} is not medically necessary and appropriate.\n"
        )
    }

    #[test]
    fn one_letter_is_one_part_and_three_letters_are_three_covering_the_text() {
        let one = letter("CM16-0000001", "MRI of the lumbar spine");
        assert_eq!(letters(&one), vec![0..one.len()]);
        let a = letter("CM16-0000001", "MRI of the lumbar spine");
        let b = letter("CM16-0000002", "Physical therapy, 12 sessions");
        let c = letter("CM16-0000003", "Tramadol 50mg #60");
        // The second joined by blank lines, the third by a form feed straight after the last words.
        let all = format!("{a}\n\n{}\u{c}{c}", b.trim_end());
        let parts = letters(&all);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0].start, 0);
        assert_eq!(parts[2].end, all.len());
        assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
        // Each later part opens at its Case Number line.
        assert!(all[parts[1].clone()].starts_with("Case Number: CM16-0000002"));
        assert!(all[parts[2].clone()].starts_with("Case Number: CM16-0000003"));
        assert!(
            all[parts[1].clone()].ends_with("appropriate.\u{c}"),
            "{:?}",
            &all[parts[1].clone()]
        );
        assert!(
            all[parts[0].clone()].contains("CM16-0000001")
                && !all[parts[0].clone()].contains("CM16-0000002")
        );
    }

    #[test]
    fn a_repeated_heading_with_nothing_between_does_not_split() {
        let t = letter("CM16-0000001", "MRI").replace(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\n",
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nHOW THE IMR FINAL DETERMINATION WAS MADE\n",
        );
        assert_eq!(letters(&t).len(), 1);
    }

    #[test]
    fn letters_without_a_case_number_block_split_at_their_heading() {
        let a = letter("CM16-0000001", "MRI");
        let b = letter("CM16-0000002", "Acupuncture").replace("Case Number: CM16-0000002\n", "");
        let all = format!("{a}{b}");
        let parts = letters(&all);
        assert_eq!(parts.len(), 2);
        // Its date lines stay with the letter before: the heading opens it.
        assert!(all[parts[1].clone()].starts_with("HOW THE IMR FINAL DETERMINATION WAS MADE"));
    }
}
