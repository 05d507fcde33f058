//! Stage 4: what each disputed item is (TREATMENTS.md) — category and
//! subcategory, body parts, drug, sessions, retrospective — read from the
//! item's request alone.
//!
//! The knowledge is data, compiled in and parsed once:
//! `data/categories.tsv` (ordered phrase rules → category/subcategory),
//! `data/body_parts.tsv` (words and abbreviations → part, sides),
//! `data/drugs.tsv` (names → generic and class, with its sources).
//! The pieces: [`lexicon`] (words of a request, phrase tables),
//! [`category`], [`body`], [`drug`], [`numbers`] (sessions, strength,
//! quantity, number words).

pub mod body;
pub mod category;
pub mod drug;
pub mod lexicon;
pub mod numbers;

use crate::extract::text::Joined;
use crate::extract::{Found, SpanSink};
use crate::model::{Analysis, Drug, Treatment, Warning, WarningCode};
use lexicon::Words;

/// A request understood: its treatment and, for every value read from
/// words, the byte range of those words in the request, keyed by the
/// pointer's suffix under `treatment` (`body_parts/0`, `drug/name`,
/// `drug/strength`, `drug/quantity`, `sessions`, `retrospective`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understood {
    pub treatment: Treatment,
    pub spans: Vec<(String, usize, usize)>,
    /// What a reader should be told about the request:
    /// `unclassified_request` (nothing placeable), `unknown_drug` (a
    /// medicine named with a dose or form that the drug table does not
    /// know: `unknown` is the word as written).
    pub warning: Option<WarningCode>,
    pub unknown: Option<String>,
}

/// Categories whose items are given as sessions (TREATMENTS.md, sessions).
const SESSION_CATEGORIES: &[&str] = &[
    "Rehabilitation",
    "Psych Services",
    "Evaluation & Management",
    "Home Health",
    "Programs",
    "Therapies",
];

/// Words saying the care was already given (`data/words.tsv`).
fn retrospective(w: &Words<'_>) -> Option<(usize, usize)> {
    let h = lexicon::retrospective_words().scan(w).into_iter().next()?;
    Some(w.span(h.i, h.i + h.len))
}

/// The words naming a medicine the drug table does not know: up to three
/// words of letters right before its strength (or, with none, before the
/// word of its form: "Zyxofen tablets"), none of them a word of the rules
/// or a joining word ("Request for Zyxofen 20mg": `Zyxofen`).
fn unknown_name(
    w: &Words<'_>,
    hits: &[lexicon::Hit<'_, Vec<category::Variant>>],
    strength_at: Option<usize>,
) -> Option<(usize, usize)> {
    let anchor = match strength_at {
        Some(at) => (0..w.len()).find(|&i| w.range(i).0 >= at)?,
        None => {
            hits.iter()
                .find(|h| h.value.iter().any(|v| v.kind == category::Kind::DrugForm))?
                .i
        }
    };
    let covered = |i: usize| hits.iter().any(|h| i >= h.i && i < h.i + h.len);
    let retro = lexicon::retrospective_words().scan(w);
    let mut from = anchor;
    while from > 0 && anchor - from < 3 {
        let k = from - 1;
        let word = w.word(k);
        let plain = word.len() >= 3 && word.bytes().all(|b| b.is_ascii_alphabetic());
        if !plain
            || covered(k)
            || retro.iter().any(|h| k >= h.i && k < h.i + h.len)
            || lexicon::is(lexicon::List::Break, word)
            || numbers::number_word(word).is_some()
            || (k + 1 < anchor && !w.joined(k))
        {
            break;
        }
        from = k;
    }
    (from < anchor).then(|| w.span(from, anchor))
}

/// Understand one request.
///
/// ```
/// let u = imr_analyzer::treatment::understand("Norco 10/325mg #35");
/// assert_eq!(u.treatment.category.as_deref(), Some("Pharmaceuticals"));
/// assert_eq!(u.treatment.drug.unwrap().quantity, Some(35));
/// ```
pub fn understand(request: &str) -> Understood {
    let low = request.to_ascii_lowercase();
    let w = Words::new(&low);
    let mut spans = Vec::new();

    let parts = body::read(&w);
    let sessions = numbers::sessions(&w);
    let hits = category::rules().phrases.scan(&w);
    let drugs = drug::scan(&w);
    let ctx = category::Context {
        sessions: sessions.is_some(),
        spinal: parts
            .iter()
            .any(|p| p.name.ends_with("spine") || p.name.ends_with("back")),
    };
    let mut class = category::classify(&w, &hits, &drugs, ctx);
    let mut t = Treatment::default();

    // a dose stated of a medicine the table does not know
    let strength = numbers::strength(&low);
    if class.category.is_none() && strength.is_some() {
        class = category::Class {
            category: Some("Pharmaceuticals"),
            subcategory: None,
            medicine: true,
        };
    }
    t.category = class.category.map(str::to_string);
    t.subcategory = class.subcategory.map(str::to_string);

    for (k, p) in parts.into_iter().enumerate() {
        spans.push((format!("body_parts/{k}"), p.start, p.end));
        t.body_parts.push(p.name);
    }
    if class.medicine {
        let d = drug::read(request, &w, &drugs);
        if let Some(c) = d.class {
            t.subcategory = Some(c.to_string());
        }
        for (name, span) in [
            ("drug/name", d.name_span),
            ("drug/strength", d.strength_span),
            ("drug/quantity", d.quantity_span),
        ] {
            if let Some((s, e)) = span {
                spans.push((name.to_string(), s, e));
            }
        }
        let mut brand = d.brand;
        if d.name.is_none() && d.class.is_none() && t.subcategory.is_none() {
            // a medicine the table does not know: its name as written
            if let Some((s, e)) = unknown_name(&w, &hits, strength.as_ref().map(|x| x.0)) {
                brand = Some(request[s..e].to_string());
                spans.push(("drug/name".to_string(), s, e));
            }
        }
        t.drug = Some(Drug {
            name: d.name,
            brand,
            strength: d.strength,
            quantity: d.quantity,
        });
    }
    let counts = t
        .category
        .as_deref()
        .is_some_and(|c| SESSION_CATEGORIES.contains(&c));
    if let Some((n, from, to)) = sessions.filter(|_| counts) {
        t.sessions = Some(n);
        let (s, e) = w.span(from, to);
        spans.push(("sessions".to_string(), s, e));
    }
    if let Some((s, e)) = retrospective(&w) {
        t.retrospective = true;
        spans.push(("retrospective".to_string(), s, e));
    }
    let mut warning = None;
    let mut unknown = None;
    if t.category.is_none() {
        warning = Some(WarningCode::UnclassifiedRequest);
    } else if let Some(word) = t
        .drug
        .as_ref()
        .filter(|d| d.name.is_none() && t.subcategory.is_none())
        .and_then(|d| d.brand.clone())
    {
        warning = Some(WarningCode::UnknownDrug);
        unknown = Some(word);
    }
    Understood {
        treatment: t,
        spans,
        warning,
        unknown,
    }
}

/// A request as found in the letter, understood: its treatment, the spans
/// of its values (normalized ranges) and its warning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    pub treatment: Treatment,
    pub spans: Vec<(String, Found)>,
    pub warning: Option<WarningCode>,
    pub unknown: Option<String>,
}

/// The treatment of an item from its request as found in the normalized
/// text, with the spans of its values (normalized ranges). The request's
/// map is rebuilt from the text; when it does not give the request's value
/// (a value put together from pieces), the treatment is read without spans.
pub fn read(norm: &str, request: &Found) -> Read {
    let j = Joined::new(norm, request.start, request.end);
    if j.text != request.value {
        let u = understand(&request.value);
        return Read {
            treatment: u.treatment,
            spans: Vec::new(),
            warning: u.warning,
            unknown: u.unknown,
        };
    }
    let u = understand(&j.text);
    let spans = u
        .spans
        .into_iter()
        .map(|(p, a, b)| {
            let (start, end) = j.span(a, b);
            (
                p,
                Found {
                    value: j.text[a..b].to_string(),
                    start,
                    end,
                },
            )
        })
        .collect();
    Read {
        treatment: u.treatment,
        spans,
        warning: u.warning,
        unknown: u.unknown,
    }
}

/// The treatment stage: fill each item's `treatment` from its request as
/// found (`requests[k]` for item `k`), add the spans of the values read, and
/// warn `unclassified_request` for a request that names nothing placeable,
/// `unknown_drug` for a medicine the drug table does not know.
pub fn apply(norm: &str, requests: &[Option<Found>], a: &mut Analysis, sink: &mut SpanSink) {
    for (k, (item, request)) in a.items.iter_mut().zip(requests).enumerate() {
        let Some(req) = request else { continue };
        let r = read(norm, req);
        for (suffix, f) in &r.spans {
            sink.add(format!("/items/{k}/treatment/{suffix}"), f);
        }
        match r.warning {
            Some(WarningCode::UnclassifiedRequest) => a.warnings.push(Warning::new(
                WarningCode::UnclassifiedRequest,
                format!(
                    "Item {}'s request \"{}\" names no treatment that could be placed in a category; its category is left empty: classify it by hand.",
                    k + 1,
                    shortened(&req.value, 80)
                ),
                Some(format!("/items/{k}/treatment/category")),
            )),
            Some(WarningCode::UnknownDrug) => a.warnings.push(Warning::new(
                WarningCode::UnknownDrug,
                format!(
                    "Item {}'s request names a medicine the drug table does not know, \"{}\"; its drug class and generic name are left empty: check the name, and add it to the drug table if it is right.",
                    k + 1,
                    shortened(r.unknown.as_deref().unwrap_or(""), 80)
                ),
                Some(format!("/items/{k}/treatment/drug/name")),
            )),
            _ => {}
        }
        item.treatment = r.treatment;
    }
}

/// `s` cut to at most `max` characters, with "…" when cut.
fn shortened(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span_text(u: &Understood, req: &str, key: &str) -> Option<String> {
        u.spans
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, s, e)| req[*s..*e].to_string())
    }

    #[test]
    fn hyphenated_spellings_of_electrodiagnostics() {
        for r in [
            "Electro-myography of the upper extremities",
            "Electro-diagnostic studies of the lower extremities",
        ] {
            let t = understand(r).treatment;
            assert_eq!(t.subcategory.as_deref(), Some("EMG/NCV/NCS"), "{r}");
        }
    }

    #[test]
    fn long_requests_are_shortened_in_messages() {
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(shortened("abcd", 3), "abc…");
        assert_eq!(shortened("🦵🦵🦵🦵", 2), "🦵🦵…");
    }

    #[test]
    fn the_contract_examples() {
        let u = understand("Norco 10/325mg #35");
        let t = &u.treatment;
        assert_eq!(t.category.as_deref(), Some("Pharmaceuticals"));
        assert_eq!(t.subcategory.as_deref(), Some("Opioids"));
        assert_eq!(
            t.drug,
            Some(Drug {
                name: Some("hydrocodone/acetaminophen".into()),
                brand: Some("Norco".into()),
                strength: Some("10/325mg".into()),
                quantity: Some(35),
            })
        );
        assert_eq!(
            span_text(&u, "Norco 10/325mg #35", "drug/quantity").as_deref(),
            Some("#35")
        );
        assert_eq!(
            span_text(&u, "Norco 10/325mg #35", "drug/name").as_deref(),
            Some("Norco")
        );

        let req = "Physical therapy 2 times a week for 6 weeks left knee and lumbar spine";
        let u = understand(req);
        let t = &u.treatment;
        assert_eq!(
            t.subcategory.as_deref(),
            Some("Physical Therapy/Occupational Therapy (PT/OT)")
        );
        assert_eq!(t.body_parts, ["left knee", "lumbar spine"]);
        assert_eq!(t.sessions, Some(12));
        assert_eq!(t.drug, None);
        assert_eq!(
            span_text(&u, req, "sessions").as_deref(),
            Some("2 times a week for 6 weeks")
        );
        assert_eq!(
            span_text(&u, req, "body_parts/0").as_deref(),
            Some("left knee")
        );
    }

    #[test]
    fn sessions_only_for_care_given_as_sessions() {
        assert_eq!(
            understand("MRI without dye to lumbar spine times 1")
                .treatment
                .sessions,
            None
        );
        assert_eq!(
            understand("Norco 10/325 2 times a day for 2 weeks")
                .treatment
                .sessions,
            None
        );
        assert_eq!(
            understand("Physical exam 2 times 8").treatment.sessions,
            Some(16)
        );
    }

    #[test]
    fn retrospective_words() {
        let req = "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16";
        let u = understand(req);
        assert!(u.treatment.retrospective);
        assert_eq!(
            span_text(&u, req, "retrospective").as_deref(),
            Some("Retrospective")
        );
        assert!(
            understand("E-stim, date of service 1/2/16")
                .treatment
                .retrospective
        );
        assert!(!understand("Retroactive").treatment.retrospective);
    }

    #[test]
    fn unknown_medicine_and_nothing() {
        let t = understand("Zyxofen 20mg #30").treatment;
        assert_eq!(t.category.as_deref(), Some("Pharmaceuticals"));
        assert_eq!(t.subcategory, None);
        assert_eq!(t.drug.as_ref().and_then(|d| d.name.clone()), None);
        assert_eq!(t.drug.and_then(|d| d.quantity), Some(30));
        let t = understand("with").treatment;
        assert_eq!((t.category, t.subcategory), (None, None));
        let t = understand("Post-op medications").treatment;
        assert_eq!(t.category.as_deref(), Some("Pharmaceuticals"));
        assert_eq!(t.drug.map(|d| d.name), Some(None));
    }

    #[test]
    fn read_maps_spans_into_the_text() {
        let norm = "xx Physical therapy for the left\nknee, 12 visits yy";
        let start = 3;
        let end = norm.len() - 3;
        let value = Joined::new(norm, start, end).text;
        let f = Found { value, start, end };
        let r = read(norm, &f);
        let (t, spans) = (r.treatment, r.spans);
        assert_eq!(t.body_parts, ["left knee"]);
        let bp = &spans.iter().find(|(k, _)| k == "body_parts/0").unwrap().1;
        assert_eq!(&norm[bp.start..bp.end], "left\nknee");
        assert_eq!(bp.value, "left knee");
        let s = &spans.iter().find(|(k, _)| k == "sessions").unwrap().1;
        assert_eq!(&norm[s.start..s.end], "12 visits");
        // a value not joined from its range: no spans
        let f = Found {
            value: "Norco #3".into(),
            start: 0,
            end: 2,
        };
        let r = read(norm, &f);
        let (t, spans) = (r.treatment, r.spans);
        assert_eq!(t.drug.and_then(|d| d.quantity), Some(3));
        assert!(spans.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn any_text_no_panic_spans_inside(s in "\\PC{0,80}") {
            let u = understand(&s);
            for (_, a, b) in &u.spans {
                prop_assert!(a <= b && *b <= s.len());
                prop_assert!(s.is_char_boundary(*a) && s.is_char_boundary(*b));
            }
        }

        #[test]
        fn request_like_text_no_panic(s in "[A-Za-z0-9#%/(). ,:-]{0,60}") {
            let u = understand(&s);
            for (_, a, b) in &u.spans {
                prop_assert!(a <= b && *b <= s.len());
            }
        }
    }
}
