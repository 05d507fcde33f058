//! Professional-review reading: the "ISSUE AT DISPUTE:" section as the one
//! request, its rationale section's own statement as the decision.

use super::assemble::section_range;
use super::{items, text, Found};
use crate::normalize::{Line, Normalized};
use crate::rules::Section;
use crate::sections::Sections;

/// "ISSUE AT DISPUTE:" as the one request of a professional review, with the
/// decision left unknown unless the rationale states it.
pub fn issue(norm: &Normalized, lines: &[Line<'_>], sections: &Sections) -> Vec<items::RawItem> {
    let Some(range) = section_range(lines, sections, Section::Issue) else {
        return Vec::new();
    };
    let j = text::Joined::new(&norm.text, range.0, range.1);
    if j.text.is_empty() {
        return Vec::new();
    }
    let (s, e) = j.full_span();
    let mut item = items::RawItem {
        request: Some(Found {
            value: j.text.clone(),
            start: s,
            end: e,
        }),
        ..Default::default()
    };
    if let Some(r) = section_range(lines, sections, Section::Rationale) {
        let rj = text::Joined::new(&norm.text, r.0, r.1);
        if !rj.text.is_empty() {
            let (s, e) = rj.full_span();
            item.rationale = Some(Found {
                value: rj.text.clone(),
                start: s,
                end: e,
            });
            // the rationale's own statement of the determination
            if let Some(&(a, b)) = items::stated::statements(&rj.text).last() {
                item.decision = Some(items::stated::stated_decision(&rj, a, b));
            }
        }
    }
    if let Some(g) = section_range(lines, sections, Section::Guidelines) {
        let gj = text::Joined::new(&norm.text, g.0, g.1);
        if !gj.text.is_empty() {
            let (s, e) = gj.full_span();
            item.maximus_guideline = Some(Found {
                value: gj.text.clone(),
                start: s,
                end: e,
            });
        }
    }
    vec![item]
}
