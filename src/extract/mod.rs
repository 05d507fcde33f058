//! Stage 3: field extraction — from the normalized text and its sections to
//! the analysis, every value with its span in the original text.

pub mod citations;
pub mod header;
pub mod items;
pub mod people;
pub mod text;

use crate::model::*;
use crate::normalize::{normalize, Line, Normalized};
use crate::rules::{HeaderField, Section};
use crate::sections::{self, Sections};
use crate::InputError;

/// A value found in the normalized text: its text and normalized range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Spans in normalized offsets, converted once at the end.
struct SpanSink {
    spans: Vec<(String, usize, usize)>,
}

impl SpanSink {
    fn add(&mut self, pointer: String, f: &Found) {
        self.spans.push((pointer, f.start, f.end));
    }
}

fn warn(
    warnings: &mut Vec<Warning>,
    code: &str,
    message: impl Into<String>,
    pointer: Option<String>,
) {
    warnings.push(Warning {
        code: code.into(),
        message: message.into(),
        pointer,
    });
}

/// Analyze a decoded text.
pub fn analyze_text(text: &str, source: &str) -> Result<Analysis, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    let norm = normalize(text);
    let lines = norm.lines();
    let sections = sections::find(&lines);
    if sections.headings.is_empty() && !sections.has_labels {
        return Err(InputError::NotALetter);
    }
    let mut a = Analysis {
        schema: SCHEMA.into(),
        analyzer: ANALYZER.into(),
        source: source.into(),
        layout: sections.layout,
        case_number: None,
        dates: Dates::default(),
        priority: None,
        reviewer: Reviewer::default(),
        patient: Patient::default(),
        items: Vec::new(),
        warnings: Vec::new(),
        spans: Spans::new(),
    };
    let mut sink = SpanSink { spans: Vec::new() };

    read_header(&norm, &lines, &sections, &mut a, &mut sink);
    read_people(&norm, &lines, &sections, &mut a, &mut sink);
    read_items(&norm, &lines, &sections, &mut a, &mut sink);
    check(&norm.text, &sections, &mut a);

    // normalized → original bytes → UTF-16 units
    let mut offsets = Vec::with_capacity(sink.spans.len() * 2);
    let mut pointers = Vec::with_capacity(sink.spans.len());
    for (p, s, e) in sink.spans {
        let (os, oe) = norm.range_to_original(s, e);
        offsets.push(os);
        offsets.push(oe);
        pointers.push(p);
    }
    let units = crate::utf16::byte_to_utf16(text, &offsets);
    for (k, p) in pointers.into_iter().enumerate() {
        a.spans.insert(p, [units[2 * k], units[2 * k + 1]]);
    }
    Ok(a)
}

fn read_header(
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
            "header_value_unpaired",
            format!(
                "The header's {} label has no value that could be paired with it for certain; it is left empty.",
                label_name(f)
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
                    "missing_field",
                    format!("No {} was found in the header block.", label_name(f)),
                    Some(f.pointer().into()),
                );
            }
        }
    }
}

fn label_name(f: HeaderField) -> &'static str {
    match f {
        HeaderField::CaseNumber => "Case Number",
        HeaderField::DateAssigned => "Date Assigned",
        HeaderField::DecisionDate => "Decision Date",
        HeaderField::DateOfInjury => "Date of Injury",
        HeaderField::UrDenialDate => "UR Denial Date",
        HeaderField::ApplicationReceived => "Application Received",
        HeaderField::Priority => "Priority",
    }
}

fn section_range(lines: &[Line<'_>], sections: &Sections, s: Section) -> Option<(usize, usize)> {
    let h = sections.find(s)?;
    let (_, end_line) = sections.body(s, lines.len())?;
    let end = if end_line == 0 {
        0
    } else {
        lines[end_line - 1].end()
    };
    Some((h.body_start, end.max(h.body_start)))
}

fn read_people(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
    a: &mut Analysis,
    sink: &mut SpanSink,
) {
    let summary_line = sections
        .find(Section::Summary)
        .map_or(lines.len(), |h| h.line);
    let prose = section_range(lines, sections, Section::HowMade)
        .or_else(|| section_range(lines, sections, Section::Qualifications));
    let c = people::credentials(
        &norm.text,
        lines,
        prose,
        summary_line.max(1).min(lines.len()),
    );
    for (i, f) in c.licensure.iter().enumerate() {
        a.reviewer.licensure.push(f.value.clone());
        sink.add(format!("/reviewer/licensure/{i}"), f);
    }
    for (i, f) in c.specialties.iter().enumerate() {
        a.reviewer.specialties.push(f.value.clone());
        sink.add(format!("/reviewer/specialties/{i}"), f);
    }
    if a.reviewer.licensure.is_empty() && a.layout != Layout::Unknown {
        warn(
            &mut a.warnings,
            "missing_field",
            "The reviewer's state(s) of licensure were not found.",
            Some("/reviewer/licensure".into()),
        );
    }
    if a.reviewer.specialties.is_empty() && a.layout != Layout::Unknown {
        warn(
            &mut a.warnings,
            "missing_field",
            "The reviewer's specialty was not found.",
            Some("/reviewer/specialties".into()),
        );
    }
    let summary = section_range(lines, sections, Section::Summary)
        .or_else(|| heading_in_text(&norm.text, Section::Summary).map(|at| (at, norm.text.len())));
    match summary {
        Some(range) => {
            let (age, sex) = people::patient(&norm.text, range);
            if let Some((n, f)) = age {
                a.patient.age = Some(n);
                sink.add("/patient/age".into(), &f);
            } else {
                warn(
                    &mut a.warnings,
                    "missing_field",
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
                    "not_stated",
                    "The case summary does not state the patient's sex; it is left empty.",
                    Some("/patient/sex".into()),
                );
            }
        }
        None => {
            if a.layout != Layout::Unknown {
                warn(
                    &mut a.warnings,
                    "missing_section",
                    "The case summary section was not found, so the patient's age and sex are empty.",
                    Some("/patient".into()),
                );
            }
        }
    }
}

fn read_items(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
    a: &mut Analysis,
    sink: &mut SpanSink,
) {
    let decisions = sections.body(Section::Decisions, lines.len());
    let (from, to) = match decisions {
        Some(r) => r,
        None => {
            // no decisions heading: look for items in the whole text
            let joined = heading_in_text(&norm.text, Section::Decisions).is_some();
            if !joined
                && matches!(
                    a.layout,
                    Layout::Dwc2016 | Layout::Dwc2013 | Layout::MaximusDecisions
                )
            {
                warn(
                    &mut a.warnings,
                    "missing_section",
                    "The section with the decisions (\"IMR ISSUES, DECISIONS AND RATIONALES\") was not found; items were looked for in the whole text.",
                    Some("/items".into()),
                );
            }
            (0, lines.len())
        }
    };
    let mut raw = items::extract(&norm.text, lines, from, to);
    // Lines joined into paragraphs (as some viewers copy them) can hide a
    // decision line: read the items from the sentences too, and keep the
    // reading that found more.
    let start = lines.get(from).map_or(norm.text.len(), |l| l.start);
    let end = match to.min(lines.len()) {
        0 => 0,
        n => lines[n - 1].end(),
    };
    if items::flat_decisions(&norm.text, start, end.max(start)).len() > raw.len() {
        raw = items::extract_flat(&norm.text, start, end.max(start));
    }
    let mut statements = false;
    if raw.is_empty() {
        // Layouts that state the determination in words.
        let start = if from < lines.len() {
            lines[from].start
        } else {
            norm.text.len()
        };
        raw = items::determinations(&norm.text, start, norm.text.len());
        if raw.is_empty() && from > 0 {
            raw = items::determinations(&norm.text, 0, norm.text.len());
        }
        statements = !raw.is_empty();
        if raw.is_empty() && matches!(a.layout, Layout::ProfessionalReview) {
            raw = professional_review_issue(norm, lines, sections);
        }
    }
    for (k, r) in raw.into_iter().enumerate() {
        let p = format!("/items/{k}");
        let mut item = Item {
            number: k as u32 + 1,
            ..Item::default()
        };
        let mut put = |slot: &mut Option<String>, f: &Option<Found>, name: &str| {
            if let Some(f) = f {
                *slot = Some(f.value.clone());
                sink.add(format!("{p}/{name}"), f);
            }
        };
        put(&mut item.request, &r.request, "request");
        put(
            &mut item.original_request,
            &r.original_request,
            "original_request",
        );
        put(&mut item.authorized, &r.authorized, "authorized");
        put(&mut item.rationale, &r.rationale, "rationale");
        // what the item is (TREATMENTS.md), from the request alone
        if let Some(req) = &r.request {
            let (t, spans) = crate::treatment::read(&norm.text, req);
            for (suffix, f) in &spans {
                sink.add(format!("{p}/treatment/{suffix}"), f);
            }
            if t.category.is_none() {
                warn(
                    &mut a.warnings,
                    "unclassified_request",
                    format!("Item {}'s request \"{}\" names no treatment that could be placed in a category; its category is left empty: classify it by hand.", k + 1, req.value),
                    Some(format!("{p}/treatment/category")),
                );
            }
            item.treatment = t;
        }
        let mut guideline = |f: &Option<Found>, name: &str| {
            f.as_ref().map(|f| {
                sink.add(format!("{p}/{name}/text"), f);
                Guideline {
                    text: f.value.clone(),
                    citations: citations::parse(&f.value),
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
                "item_without_decision",
                format!("Item {} has no decision that could be read.", k + 1),
                Some(format!("{p}/decision")),
            );
        }
        if !statements {
            for (missing, name, label) in [
                (
                    item.claims_administrator_guideline.is_none(),
                    "claims_administrator_guideline",
                    crate::rules::CLAIMS_GUIDELINE_LABEL,
                ),
                (
                    item.maximus_guideline.is_none(),
                    "maximus_guideline",
                    crate::rules::MAXIMUS_GUIDELINE_LABEL,
                ),
                (
                    item.rationale.is_none(),
                    "rationale",
                    crate::rules::RATIONALE_LABEL,
                ),
            ] {
                if missing && r.decision.is_some() {
                    warn(
                        &mut a.warnings,
                        "missing_field",
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
    }
    if statements {
        warn(
            &mut a.warnings,
            "partial_layout",
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
            "no_items",
            "No disputed item with a decision (\"…: Upheld\" / \"…: Overturned\") was found.",
            Some("/items".into()),
        );
    }
}

/// "ISSUE AT DISPUTE:" as the one request of a professional review, with the
/// decision left unknown unless the rationale states it.
fn professional_review_issue(
    norm: &Normalized,
    lines: &[Line<'_>],
    sections: &Sections,
) -> Vec<items::RawItem> {
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
            if let Some(&(a, b)) = items::statements(&rj.text).last() {
                item.decision = Some(items::stated_decision(&rj, a, b));
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

/// Warnings about the letter as a whole.
/// Where the text after a heading starts when the heading stands inside a
/// line (all of a letter's lines joined): the upper-case heading itself.
fn heading_in_text(text: &str, section: Section) -> Option<usize> {
    crate::rules::HEADINGS
        .iter()
        .filter(|(h, s, _)| *s == section && !h.ends_with(':'))
        .find_map(|(h, _, _)| text.find(h).map(|i| i + h.len()))
}

fn check(norm: &str, sections: &Sections, a: &mut Analysis) {
    if matches!(a.layout, Layout::Dwc2016 | Layout::Dwc2013) {
        for (s, name) in [
            (Section::HowMade, "HOW THE IMR FINAL DETERMINATION WAS MADE"),
            (Section::Summary, "CLINICAL CASE SUMMARY"),
        ] {
            if sections.find(s).is_none() && heading_in_text(norm, s).is_none() {
                warn(
                    &mut a.warnings,
                    "missing_section",
                    format!("The section \"{name}\" was not found."),
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
            "several_letters",
            format!(
                "This text seems to hold {starts} letters (the heading \"HOW THE IMR FINAL DETERMINATION WAS MADE\" appears {starts} times); the items of the first were read. Analyse each letter on its own."
            ),
            None,
        );
    }
    if a.layout == Layout::Unknown {
        warn(
            &mut a.warnings,
            "unknown_layout",
            "Some of the letter's headings or labels are here, but no known letter layout fits: check every value against the letter.",
            Some("/layout".into()),
        );
    }
    // injury ≤ UR denial ≤ application received ≤ assigned ≤ decision
    let order = [
        ("/dates/injury", "Date of Injury", &a.dates.injury),
        ("/dates/ur_denial", "UR Denial Date", &a.dates.ur_denial),
        (
            "/dates/application_received",
            "Application Received",
            &a.dates.application_received,
        ),
        ("/dates/assigned", "Date Assigned", &a.dates.assigned),
        ("/dates/decision", "Decision Date", &a.dates.decision),
    ];
    let mut new = Vec::new();
    let mut last: Option<(&str, &String)> = None;
    for (ptr, name, v) in order {
        if let Some(v) = v {
            if let Some((pname, pv)) = last {
                if v < pv {
                    new.push(Warning {
                        code: "date_order".into(),
                        message: format!("{name} ({v}) is before {pname} ({pv}), which is unusual: check the header dates."),
                        pointer: Some(ptr.into()),
                    });
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
                "cut_short",
                "The letter seems cut short: its last item's rationale is missing or only a fragment.",
                Some(format!("/items/{}/rationale", a.items.len() - 1)),
            );
        }
    }
}
