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
use crate::extract::Found;
use crate::model::{Drug, Treatment};
use lexicon::Words;

/// A request understood: its treatment and, for every value read from
/// words, the byte range of those words in the request, keyed by the
/// pointer's suffix under `treatment` (`body_parts/0`, `drug/name`,
/// `drug/strength`, `drug/quantity`, `sessions`, `retrospective`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understood {
    pub treatment: Treatment,
    pub spans: Vec<(String, usize, usize)>,
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

/// Words saying the care was already given.
fn retrospective(w: &Words<'_>) -> Option<(usize, usize)> {
    for i in 0..w.len() {
        match w.word(i) {
            "retrospective" | "retrospectively" | "retro" | "dos" => return Some(w.range(i)),
            "date" | "dates"
                if i + 2 < w.len() && w.word(i + 1) == "of" && w.word(i + 2) == "service" =>
            {
                return Some(w.span(i, i + 3));
            }
            _ => {}
        }
    }
    None
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
        t.drug = Some(Drug {
            name: d.name,
            brand: d.brand,
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
    Understood {
        treatment: t,
        spans,
    }
}

/// The treatment of an item from its request as found in the normalized
/// text, with the spans of its values (normalized ranges). The request's
/// map is rebuilt from the text; when it does not give the request's value
/// (a value put together from pieces), the treatment is read without spans.
pub fn read(norm: &str, request: &Found) -> (Treatment, Vec<(String, Found)>) {
    let j = Joined::new(norm, request.start, request.end);
    if j.text != request.value {
        return (understand(&request.value).treatment, Vec::new());
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
    (u.treatment, spans)
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
        let (t, spans) = read(norm, &f);
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
        let (t, spans) = read(norm, &f);
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
