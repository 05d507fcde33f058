//! Assembly: the readers' findings put into the analysis, with their spans
//! and the warnings of what was not found.

use super::{header, items, people, review, warn, Found, SpanSink};
use crate::model::*;
use crate::normalize::{Line, Normalized};
use crate::rules::{self, HeaderField, Section};
use crate::sections::Sections;

pub fn read_header(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
    a: &mut Analysis,
    sink: &mut SpanSink,
) {
    let end = sections.first_heading_line().unwrap_or(lines.len().min(40));
    let header = header::extract(&norm.text, lines, end);
    for v in &header.values {
        let slot = match v.field {
            HeaderField::CaseNumber => &mut a.case_number,
            HeaderField::DateAssigned => &mut a.dates.assigned,
            HeaderField::DecisionDate => &mut a.dates.decision,
            HeaderField::DateOfInjury => &mut a.dates.injury,
            HeaderField::UrDenialDate => &mut a.dates.ur_denial,
            HeaderField::ApplicationReceived => &mut a.dates.application_received,
            HeaderField::Priority => &mut a.priority,
        };
        if slot.is_none() {
            *slot = Some(v.value.clone());
            sink.add(v.field.pointer().into(), &Found::from(v));
        }
    }
    for f in header.unpaired {
        warn(
            &mut a.warnings,
            WarningCode::HeaderValueUnpaired,
            format!(
                "The header's {} label has no value that could be paired with it for certain; it is left empty.",
                f.name()
            ),
            Some(f.pointer().into()),
        );
    }
    if a.layout == Layout::Dwc2016 {
        for (f, missing) in [
            (HeaderField::CaseNumber, a.case_number.is_none()),
            (HeaderField::DecisionDate, a.dates.decision.is_none()),
        ] {
            if missing
                && !a
                    .warnings
                    .iter()
                    .any(|w| w.pointer.as_deref() == Some(f.pointer()))
            {
                warn(
                    &mut a.warnings,
                    WarningCode::MissingField,
                    format!("No {} was found in the header block.", f.name()),
                    Some(f.pointer().into()),
                );
            }
        }
    }
}

pub fn read_people(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
    a: &mut Analysis,
    sink: &mut SpanSink,
) {
    let summary_line = sections
        .find(Section::Summary)
        .map_or(lines.len(), |h| h.line);
    let prose = sections
        .range(lines, Section::HowMade)
        .or_else(|| sections.range(lines, Section::Qualifications));
    let c = people::credentials(
        &norm.text,
        lines,
        prose,
        summary_line.max(1).min(lines.len()),
    );
    let known_layout = a.layout != Layout::Unknown;
    for (found, list, name, missing) in [
        (
            &c.licensure,
            &mut a.reviewer.licensure,
            "licensure",
            "The reviewer's state(s) of licensure were not found.",
        ),
        (
            &c.specialties,
            &mut a.reviewer.specialties,
            "specialties",
            "The reviewer's specialty was not found.",
        ),
    ] {
        for (i, f) in found.iter().enumerate() {
            list.push(f.value.clone());
            sink.add(format!("/reviewer/{name}/{i}"), f);
        }
        if list.is_empty() && known_layout {
            warn(
                &mut a.warnings,
                WarningCode::MissingField,
                missing,
                Some(format!("/reviewer/{name}")),
            );
        }
    }
    let summary = sections.range(lines, Section::Summary).or_else(|| {
        sections
            .inline(Section::Summary)
            .map(|at| (at, norm.text.len()))
    });
    match summary {
        Some(range) => {
            let (age, sex) = people::patient(&norm.text, range);
            if let Some((n, f)) = age {
                a.patient.age = Some(n);
                sink.add("/patient/age".into(), &f);
            } else {
                warn(
                    &mut a.warnings,
                    WarningCode::MissingField,
                    "The patient's age was not found in the case summary.",
                    Some("/patient/age".into()),
                );
            }
            if let Some((s, f)) = sex {
                a.patient.sex = Some(s);
                sink.add("/patient/sex".into(), &f);
            } else if a.patient.age.is_some() {
                warn(
                    &mut a.warnings,
                    WarningCode::NotStated,
                    "The case summary does not state the patient's sex; it is left empty.",
                    Some("/patient/sex".into()),
                );
            }
        }
        None => {
            if a.layout != Layout::Unknown {
                warn(
                    &mut a.warnings,
                    WarningCode::MissingSection,
                    "The case summary section was not found, so the patient's age and sex are empty.",
                    Some("/patient".into()),
                );
            }
        }
    }
}

/// Each item's request and rationale as found (normalized offsets), for
/// the stages that read them (treatment, reasons); `requests[k]` and
/// `rationales[k]` are item `k`'s.
#[derive(Debug, Default)]
pub struct ItemTexts {
    pub requests: Vec<Option<Found>>,
    pub rationales: Vec<Option<Found>>,
}

/// The disputed items, with their spans and warnings. Returns each item's
/// request and rationale as found, for the later stages.
pub fn read_items(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
    a: &mut Analysis,
    sink: &mut SpanSink,
) -> ItemTexts {
    let decisions = sections.body(Section::Decisions, lines.len());
    let (from, to) = match decisions {
        Some(r) => r,
        None => {
            // no decisions heading: look for items in the whole text
            let joined = sections.inline(Section::Decisions).is_some();
            if !joined
                && matches!(
                    a.layout,
                    Layout::Dwc2016 | Layout::Dwc2013 | Layout::MaximusDecisions
                )
            {
                warn(
                    &mut a.warnings,
                    WarningCode::MissingSection,
                    format!(
                        "The section with the decisions (\"{}\") was not found; items were looked for in the whole text.",
                        rules::heading_name(Section::Decisions)
                    ),
                    Some("/items".into()),
                );
            }
            (0, lines.len())
        }
    };
    let mut raw = items::lines::read(&norm.text, lines, from, to);
    // Lines joined into paragraphs (as some viewers copy them) can hide a
    // decision line: read the items from the sentences too, and keep the
    // reading that found more.
    let start = lines.get(from).map_or(norm.text.len(), |l| l.start);
    let end = match to.min(lines.len()) {
        0 => 0,
        n => lines[n - 1].end(),
    };
    if items::joined::decisions(&norm.text, start, end.max(start)).len() > raw.len() {
        raw = items::joined::read(&norm.text, start, end.max(start));
    }
    let mut statements = false;
    if raw.is_empty() {
        // Layouts that state the determination in words.
        let start = if from < lines.len() {
            lines[from].start
        } else {
            norm.text.len()
        };
        raw = items::stated::read(&norm.text, start, norm.text.len());
        if raw.is_empty() && from > 0 {
            raw = items::stated::read(&norm.text, 0, norm.text.len());
        }
        statements = !raw.is_empty();
        if raw.is_empty() && matches!(a.layout, Layout::ProfessionalReview) {
            raw = review::issue(norm, lines, sections);
        }
    }
    let mut texts = ItemTexts {
        requests: Vec::with_capacity(raw.len()),
        rationales: Vec::with_capacity(raw.len()),
    };
    for (k, r) in raw.into_iter().enumerate() {
        let p = format!("/items/{k}");
        let mut item = Item {
            number: k as u32 + 1,
            ..Item::default()
        };
        for (slot, f, name) in [
            (&mut item.request, &r.request, "request"),
            (
                &mut item.original_request,
                &r.original_request,
                "original_request",
            ),
            (&mut item.authorized, &r.authorized, "authorized"),
            (&mut item.rationale, &r.rationale, "rationale"),
        ] {
            if let Some(f) = f {
                *slot = Some(f.value.clone());
                sink.add(format!("{p}/{name}"), f);
            }
        }
        let mut guideline = |f: &Option<Found>, name: &str| {
            f.as_ref().map(|f| {
                sink.add(format!("{p}/{name}/text"), f);
                Guideline {
                    text: f.value.clone(),
                    citations: super::citations::parse(&f.value),
                }
            })
        };
        item.claims_administrator_guideline =
            guideline(&r.claims_guideline, "claims_administrator_guideline");
        item.maximus_guideline = guideline(&r.maximus_guideline, "maximus_guideline");
        if let Some((d, f)) = &r.decision {
            item.decision = Some(*d);
            item.medically_necessary = Some(d.medically_necessary());
            sink.add(format!("{p}/decision"), f);
        } else {
            warn(
                &mut a.warnings,
                WarningCode::ItemWithoutDecision,
                format!("Item {} has no decision that could be read.", k + 1),
                Some(format!("{p}/decision")),
            );
        }
        if !statements {
            for (missing, name, label) in [
                (
                    item.claims_administrator_guideline.is_none(),
                    "claims_administrator_guideline",
                    rules::CLAIMS_GUIDELINE_LABEL,
                ),
                (
                    item.maximus_guideline.is_none(),
                    "maximus_guideline",
                    rules::MAXIMUS_GUIDELINE_LABEL,
                ),
                (
                    item.rationale.is_none(),
                    "rationale",
                    rules::RATIONALE_LABEL,
                ),
            ] {
                if missing && r.decision.is_some() {
                    warn(
                        &mut a.warnings,
                        WarningCode::MissingField,
                        format!(
                            "Item {} has no \"{}\" text.",
                            k + 1,
                            label.trim_end_matches(':')
                        ),
                        Some(format!("{p}/{name}")),
                    );
                }
            }
        }
        a.items.push(item);
        texts.requests.push(r.request);
        texts.rationales.push(r.rationale);
    }
    if statements {
        warn(
            &mut a.warnings,
            WarningCode::PartialLayout,
            format!(
                "This letter ({}) states its determinations in words: items and decisions were read from those statements; guidelines and rationales were not read.",
                a.layout.as_str()
            ),
            Some("/items".into()),
        );
    }
    if a.items.is_empty() {
        warn(
            &mut a.warnings,
            WarningCode::NoItems,
            "No disputed item with a decision (\"…: Upheld\" / \"…: Overturned\") was found.",
            Some("/items".into()),
        );
    }
    texts
}
