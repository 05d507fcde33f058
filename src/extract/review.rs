//! Professional-review reading: the "ISSUE AT DISPUTE:" section as the one
//! request, its rationale section's own statement as the decision.

use super::{items, text};
use crate::normalize::{Line, Normalized};
use crate::rules::Section;
use crate::sections::Sections;

/// "ISSUE AT DISPUTE:" as the one request of a professional review, with the
/// decision left unknown unless the rationale states it.
pub fn issue(norm: &Normalized, lines: &[Line<'_>], sections: &Sections) -> Vec<items::RawItem> {
    let section = |s: Section| {
        sections
            .range(lines, s)
            .map(|r| text::Joined::new(&norm.text, r.0, r.1))
    };
    let Some(request) = section(Section::Issue).and_then(|j| j.found()) else {
        return Vec::new();
    };
    let mut item = items::RawItem {
        request: Some(request),
        ..Default::default()
    };
    if let Some(rj) = section(Section::Rationale) {
        item.rationale = rj.found();
        // the rationale's own statement of the determination
        if let Some(&(a, b)) = items::stated::statements(&rj.text).last() {
            item.decision = Some(items::stated::stated_decision(&rj, a, b));
        }
    }
    item.maximus_guideline = section(Section::Guidelines).and_then(|j| j.found());
    vec![item]
}
