//! Letter checks: warnings about the letter as a whole.

use super::warn;
use crate::model::*;
use crate::rules::{self, HeaderField, Section};
use crate::sections::Sections;

/// Warnings about the letter as a whole: missing sections, several letters,
/// an unknown layout, header dates out of order, a letter cut short.
pub fn check(sections: &Sections, a: &mut Analysis) {
    if matches!(a.layout, Layout::Dwc2016 | Layout::Dwc2013) {
        for s in [Section::HowMade, Section::Summary] {
            if sections.find(s).is_none() && sections.inline(s).is_none() {
                warn(
                    &mut a.warnings,
                    WarningCode::MissingSection,
                    format!("The section \"{}\" was not found.", rules::heading_name(s)),
                    None,
                );
            }
        }
    }
    let starts = sections
        .headings
        .iter()
        .filter(|h| h.section == Section::HowMade)
        .count();
    if starts > 1 {
        warn(
            &mut a.warnings,
            WarningCode::SeveralLetters,
            format!(
                "This text seems to hold {starts} letters (the heading \"{}\" appears {starts} times); the items of the first were read. Analyse each letter on its own.",
                rules::heading_name(Section::HowMade)
            ),
            None,
        );
    }
    if a.layout == Layout::Unknown {
        warn(
            &mut a.warnings,
            WarningCode::UnknownLayout,
            "Some of the letter's headings or labels are here, but no known letter layout fits: check every value against the letter.",
            Some("/layout".into()),
        );
    }
    // injury ≤ UR denial ≤ application received ≤ assigned ≤ decision
    let order = [
        (HeaderField::DateOfInjury, &a.dates.injury),
        (HeaderField::UrDenialDate, &a.dates.ur_denial),
        (
            HeaderField::ApplicationReceived,
            &a.dates.application_received,
        ),
        (HeaderField::DateAssigned, &a.dates.assigned),
        (HeaderField::DecisionDate, &a.dates.decision),
    ];
    let mut new = Vec::new();
    let mut last: Option<(&str, &String)> = None;
    for (field, v) in order {
        let (ptr, name) = (field.pointer(), field.name());
        if let Some(v) = v {
            if let Some((pname, pv)) = last {
                if v < pv {
                    new.push(Warning::new(
                        WarningCode::DateOrder,
                        format!("{name} ({v}) is before {pname} ({pv}), which is unusual: check the header dates."),
                        Some(ptr.into()),
                    ));
                }
            }
            last = Some((name, v));
        }
    }
    a.warnings.extend(new);
    // cut short: the last item has no rationale, or it is a fragment
    if let Some(last) = a.items.last() {
        let short = last.rationale.as_deref().is_some_and(|r| r.len() < 40);
        if (last.rationale.is_none()
            && last.decision.is_some()
            && last.claims_administrator_guideline.is_some())
            || short
        {
            warn(
                &mut a.warnings,
                WarningCode::CutShort,
                "The letter seems cut short: its last item's rationale is missing or only a fragment.",
                Some(format!("/items/{}/rationale", a.items.len() - 1)),
            );
        }
    }
}
