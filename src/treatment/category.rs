//! The request's category and subcategory (TREATMENTS.md), from the ordered
//! rules of `data/categories.tsv` and the drug table's names.

use super::drug;
use super::lexicon::{rows, Hit, Phrases, Words};
use std::sync::OnceLock;

/// What a rule's words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    /// Context that names no item ("associated surgical service").
    Skip,
    /// A consultation, visit or exam: refined by qualifiers.
    Consult,
    /// Says who or what a consultation is for.
    Qualifier,
    /// A generic operation: its subcategory follows the body part.
    Surgery,
    /// Names equipment.
    Device,
    /// A medicine named by its form only.
    DrugForm,
}

/// When a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    Device,
    Sessions,
}

/// One row of the rules, for one of its phrases.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub category: Option<&'static str>,
    pub subcategory: Option<&'static str>,
    pub kind: Kind,
    pub when: When,
    /// The row's place in the table: lower wins.
    pub rank: usize,
}

pub struct Rules {
    pub phrases: Phrases<Vec<Variant>>,
    drugs_rank: usize,
    class_ranks: Vec<(&'static str, usize)>,
}

const TABLE: &str = include_str!("data/categories.tsv");

fn opt(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

pub fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let mut list: Vec<(&'static str, Vec<Variant>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut drugs_rank = usize::MAX;
        let mut class_ranks = Vec::new();
        for (rank, r) in rows(TABLE).enumerate() {
            let cell = |k: usize| r.get(k).copied().unwrap_or("");
            if let Some(marker) = cell(0).strip_prefix("@drugs") {
                match marker.strip_prefix(':') {
                    Some(class) => class_ranks.push((class, rank)),
                    None => drugs_rank = rank,
                }
                continue;
            }
            let v = Variant {
                category: opt(cell(1)),
                subcategory: opt(cell(2)),
                kind: match cell(3) {
                    "skip" => Kind::Skip,
                    "consult" => Kind::Consult,
                    "qualifier" => Kind::Qualifier,
                    "surgery" => Kind::Surgery,
                    "device" => Kind::Device,
                    "drug-form" => Kind::DrugForm,
                    _ => Kind::Service,
                },
                when: match cell(4) {
                    "device" => When::Device,
                    "sessions" => When::Sessions,
                    _ => When::Always,
                },
                rank,
            };
            for phrase in cell(0).split('|').map(str::trim).filter(|p| !p.is_empty()) {
                let k = *index.entry(phrase).or_insert_with(|| {
                    list.push((phrase, Vec::new()));
                    list.len() - 1
                });
                list[k].1.push(v);
            }
        }
        Rules {
            phrases: Phrases::new(list, true),
            drugs_rank,
            class_ranks,
        }
    })
}

impl Rules {
    fn drug_rank(&self, class: &str) -> usize {
        self.class_ranks
            .iter()
            .find(|(c, _)| *c == class)
            .map_or(self.drugs_rank, |&(_, r)| r)
    }
}

/// What else the request says, which some rules depend on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// It states sessions.
    pub sessions: bool,
    /// It names a spinal part.
    pub spinal: bool,
}

/// The category reading: category, subcategory, and whether the item is a
/// medicine (its drug is then read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Class {
    pub category: Option<&'static str>,
    pub subcategory: Option<&'static str>,
    pub medicine: bool,
}

/// Words that end a group of words naming one service.
fn is_break(word: &str) -> bool {
    matches!(
        word,
        "with"
            | "and"
            | "or"
            | "for"
            | "to"
            | "of"
            | "in"
            | "at"
            | "on"
            | "by"
            | "from"
            | "plus"
            | "including"
            | "then"
            | "after"
            | "following"
            | "versus"
            | "vs"
            | "without"
            | "per"
            | "as"
            | "under"
            | "via"
            | "into"
            | "over"
            | "times"
            | "x"
            | "prior"
            | "before"
    )
}

/// Punctuation that ends a group ("Labs - CBC": a dash between spaces).
fn breaks_after(w: &Words<'_>, i: usize) -> bool {
    if i + 1 >= w.len() {
        return true;
    }
    let low = w.low;
    w.between(i).iter().any(|t| {
        let c = &low[t.s..t.e];
        matches!(c, "," | ";" | ":" | "(" | ")" | "[" | "]" | "+") || (c == "-" && !w.glued(i))
    })
}

#[derive(Debug, Clone, Copy)]
enum Cand<'r> {
    Rule(&'r [Variant]),
    Drug(&'static str),
}

/// One candidate of a group: rank, first word, what.
type Candidate<'r> = (usize, usize, Cand<'r>);

/// Classify a request: `hits` are the rules' phrases found in it, `drugs`
/// the drug table's.
pub fn classify(
    w: &Words<'_>,
    hits: &[Hit<'_, Vec<Variant>>],
    drugs: &drug::Found,
    ctx: Context,
) -> Class {
    let r = rules();
    // groups of words naming one service
    let mut groups: Vec<Vec<Candidate<'_>>> = vec![Vec::new()];
    let (mut h, mut d) = (0, 0);
    let mut i = 0;
    while i < w.len() {
        while h < hits.len() && hits[h].i < i {
            h += 1;
        }
        while d < drugs.drugs.len() && drugs.drugs[d].i < i {
            d += 1;
        }
        let mut end = i + 1;
        let mut matched = false;
        if let Some(hit) = hits.get(h).filter(|x| x.i == i) {
            let variants = hit.value.as_slice();
            if variants[0].kind != Kind::Skip {
                groups
                    .last_mut()
                    .unwrap()
                    .push((variants[0].rank, i, Cand::Rule(variants)));
            }
            end = end.max(i + hit.len);
            matched = true;
        }
        if let Some(named) = drugs.drugs.get(d).filter(|x| x.i == i) {
            let class = named.row.class;
            groups
                .last_mut()
                .unwrap()
                .push((r.drug_rank(class), i, Cand::Drug(class)));
            end = end.max(named.end);
            matched = true;
        }
        if (!matched && is_break(w.word(i))) || breaks_after(w, end - 1) {
            groups.push(Vec::new());
        }
        i = end;
    }
    let device = hits
        .iter()
        .any(|h| h.value.iter().any(|v| v.kind == Kind::Device));
    let Some(group) = groups.iter().find(|g| !g.is_empty()) else {
        return Class::default();
    };
    let &(_, at, cand) = group
        .iter()
        .min_by_key(|(rank, at, _)| (*rank, *at))
        .expect("a non-empty group");
    let variants = match cand {
        Cand::Drug(class) => {
            return Class {
                category: Some("Pharmaceuticals"),
                subcategory: opt(class),
                medicine: true,
            }
        }
        Cand::Rule(v) => v,
    };
    let holds = |v: &&Variant| match v.when {
        When::Always => true,
        When::Device => device,
        When::Sessions => ctx.sessions,
    };
    let Some(v) = variants.iter().find(holds).or(variants.last()) else {
        return Class::default();
    };
    let mut class = Class {
        category: v.category,
        subcategory: v.subcategory,
        medicine: v.category == Some("Pharmaceuticals"),
    };
    match v.kind {
        Kind::Consult => {
            // a qualifier in the group, else anywhere in the request
            let in_group = group.iter().filter_map(|(_, i, c)| match c {
                Cand::Rule(vs) if *i != at => Some(*vs),
                _ => None,
            });
            let anywhere = hits.iter().map(|h| h.value.as_slice());
            if let Some(q) = in_group
                .filter_map(qualifier)
                .next()
                .or_else(|| anywhere.filter_map(qualifier).next())
            {
                class.category = Some(q.0);
                class.subcategory = Some(q.1);
            }
        }
        Kind::Surgery => {
            let arthroscopic = (0..w.len()).any(|i| w.word(i).starts_with("arthroscop"));
            if ctx.spinal {
                class.subcategory = Some("Spine");
            } else if arthroscopic {
                class.subcategory = Some("Arthroscopic Surgery");
            }
        }
        _ => {}
    }
    class
}

/// What a phrase says a consultation is: by a surgeon or for a surgery,
/// psychological, dental.
fn qualifier(vs: &[Variant]) -> Option<(&'static str, &'static str)> {
    vs.iter()
        .find_map(|v| match (v.kind, v.category, v.subcategory) {
            (Kind::Skip, _, _) => None,
            (_, Some("Surgery"), Some("Adjunct Surgical Services")) => None,
            (_, Some("Surgery"), _) => Some(("Surgery", "Surgical Consult")),
            (_, Some("Psych Services"), _) => Some(("Psych Services", "Evaluation & Management")),
            (_, _, Some("Dental Services")) => Some(("Evaluation & Management", "Dental Services")),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> (Option<&'static str>, Option<&'static str>) {
        let low = s.to_ascii_lowercase();
        let w = Words::new(&low);
        let hits = rules().phrases.scan(&w);
        let drugs = drug::scan(&w);
        let ctx = Context {
            sessions: super::super::numbers::sessions(&w).is_some(),
            spinal: super::super::body::read(&w)
                .iter()
                .any(|p| p.name.ends_with("spine") || p.name.ends_with("back")),
        };
        let c = classify(&w, &hits, &drugs, ctx);
        (c.category, c.subcategory)
    }

    #[test]
    fn what_the_item_is_not_the_surgery() {
        assert_eq!(
            class("Associated surgical service: Cold therapy unit"),
            (Some("DMEPOS"), Some("DME"))
        );
        assert_eq!(
            class("Post-op Percocet"),
            (Some("Pharmaceuticals"), Some("Opioids"))
        );
        assert_eq!(
            class("Pre-op labs: CBC"),
            (Some("Diagnostic Testing"), Some("Lab & Pathology"))
        );
        assert_eq!(
            class("Associated surgical service: Medical clearance"),
            (Some("Surgery"), Some("Adjunct Surgical Services"))
        );
        assert_eq!(
            class("Assistant surgeon"),
            (Some("Surgery"), Some("Adjunct Surgical Services"))
        );
    }

    #[test]
    fn device_or_sessions() {
        assert_eq!(
            class("TENS unit"),
            (Some("DMEPOS"), Some("Electrical Stimulation"))
        );
        assert_eq!(
            class("Electrical stimulation 1 times 8"),
            (Some("Rehabilitation"), Some("Other Therapies"))
        );
        assert_eq!(
            class("Electrical stimulation unit purchase"),
            (Some("DMEPOS"), Some("Electrical Stimulation"))
        );
        assert_eq!(
            class("Ultrasound 1 times 8"),
            (Some("Rehabilitation"), Some("Other Therapies"))
        );
        assert_eq!(
            class("Ultrasound of the right shoulder"),
            (Some("Diagnostic Testing"), Some("Imaging/Radiology"))
        );
        assert_eq!(class("Heat wrap"), (Some("DMEPOS"), Some("DME")));
        assert_eq!(
            class("Infrared heat two times a week for six weeks"),
            (Some("Rehabilitation"), Some("Other Therapies"))
        );
        assert_eq!(class("Home traction unit"), (Some("DMEPOS"), Some("DME")));
    }

    #[test]
    fn first_service_named_wins() {
        assert_eq!(
            class("Lumbar ESI with pain interventionist consult"),
            (Some("Injection"), Some("Injection"))
        );
        assert_eq!(
            class("Physical therapy and acupuncture"),
            (
                Some("Rehabilitation"),
                Some("Physical Therapy/Occupational Therapy (PT/OT)")
            )
        );
        assert_eq!(
            class("Lumbar facet injection L4-5"),
            (Some("Injection"), Some("Facet Injection"))
        );
    }

    #[test]
    fn consultations_by_whom() {
        assert_eq!(
            class("Spine surgery evaluation for the lumbar"),
            (Some("Surgery"), Some("Surgical Consult"))
        );
        assert_eq!(
            class("Consult with hip replacement specialist to evaluation for a total hip arthroplasty"),
            (Some("Surgery"), Some("Surgical Consult"))
        );
        assert_eq!(
            class("Psychological evaluation"),
            (Some("Psych Services"), Some("Evaluation & Management"))
        );
        assert_eq!(
            class("Pain management consultation"),
            (Some("Evaluation & Management"), Some("Medical Specialties"))
        );
        assert_eq!(
            class("Referral to chiropractor for evaluation"),
            (Some("Evaluation & Management"), Some("Medical Specialties"))
        );
        assert_eq!(
            class("Functional capacity evaluation"),
            (Some("Diagnostic Testing"), Some("Other Diagnostic Tests"))
        );
        assert_eq!(
            class("Dental evaluation"),
            (Some("Evaluation & Management"), Some("Dental Services"))
        );
    }

    #[test]
    fn drugs_and_injections() {
        assert_eq!(
            class("Lidocaine injection"),
            (Some("Injection"), Some("Injection"))
        );
        assert_eq!(
            class("Synvisc injection left knee"),
            (Some("Pharmaceuticals"), Some("Viscosupplementation"))
        );
        assert_eq!(
            class("Salonpas pad #60"),
            (Some("Pharmaceuticals"), Some("Topical Analgesics"))
        );
        assert_eq!(class("Hip pad"), (Some("DMEPOS"), Some("Supplies")));
        assert_eq!(
            class("Urine drug testing"),
            (Some("Diagnostic Testing"), Some("Lab & Pathology"))
        );
        assert_eq!(
            class("Medication management consultation"),
            (Some("Evaluation & Management"), Some("Medical Specialties"))
        );
    }

    #[test]
    fn operations() {
        assert_eq!(
            class("Left shoulder arthroscopy with Bankart repair"),
            (Some("Surgery"), Some("Arthroscopic Surgery"))
        );
        assert_eq!(
            class("with open carpal tunnel release"),
            (Some("Surgery"), Some("Non-arthroscopic Surgery"))
        );
        assert_eq!(
            class("L4-5 decompression"),
            (Some("Surgery"), Some("Spine"))
        );
        assert_eq!(class("Lumbar fusion"), (Some("Surgery"), Some("Spine")));
    }

    #[test]
    fn nothing_placeable() {
        assert_eq!(class("with"), (None, None));
        assert_eq!(class(""), (None, None));
        assert_eq!(class("the requested"), (None, None));
    }
}
