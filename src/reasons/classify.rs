//! Which grounds each sentence of a rationale states (REASONS.md), from
//! two data tables compiled in:
//!
//! - `data/markers.tsv`: what a sentence is — negation words (before the
//!   words they negate, or after), guideline quotation and the words of a
//!   statement about this case (rule A1), boilerplate (A4) and conclusions,
//!   reported speech and concessions (A9);
//! - `data/cues.tsv`: the cue phrases of each code, with the polarity they
//!   need (negated, affirmed, either) and flags.
//!
//! A sentence is read as follows. Reported speech is skipped. A guideline
//! sentence (it opens with a guideline's name, or is quoted, and says
//! nothing about this case) gives only cues flagged `guideline`, and only
//! when it states no condition. Boilerplate and conclusions give only cues
//! flagged `boiler`. Words of a concession are not read. A cue of polarity
//! `neg` needs a negation in its clause before it (within 12 words) or a
//! negation after it ("… was not documented"); `pos` needs neither. The
//! item's decision is the direction (A9): a code for the other decision is
//! not kept.

use super::phrases::{words, Hit, Phrases, Word};
use crate::model::{Decision, ReasonCode};
use std::sync::OnceLock;

/// How far before a cue a negation reaches, in words.
const NEGATION_REACH: usize = 12;

/// Words that tie a phrase to the one before it as its qualifier.
const PREPOSITIONS: &[&str] = &["for", "of", "to", "in", "with", "on", "from"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Polarity {
    Neg,
    Pos,
    Any,
}

/// One cue row of `data/cues.tsv`.
#[derive(Debug, Clone)]
struct Cue {
    code: ReasonCode,
    polarity: Polarity,
    /// The decision it is a ground for (the code's, or the row's flag).
    direction: Option<Decision>,
    /// May fire in a guideline sentence (rule A1's exception).
    guideline: bool,
    /// May fire in boilerplate or a conclusion (rule A4's exception).
    boiler: bool,
    /// Kept only when the item has no other ground (rule A3: a generic
    /// "criteria not met" only when nothing specific is stated).
    generic: bool,
    /// Only for an opioid item.
    opioid: bool,
    /// Not after a hypothetical word in its clause.
    factual: bool,
    /// Codes this cue takes the place of in the same sentence (rule A8).
    over: Vec<ReasonCode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Negation,
    NegationAfter,
    Guideline,
    GuidelineReport,
    Case,
    Hypothetical,
    Condition,
    Boilerplate,
    ConclusionLead,
    ConclusionWords,
    Reported,
    ConcessionLead,
    ConcessionClause,
}

struct Tables {
    cues: Phrases<Cue>,
    markers: Phrases<Marker>,
}

fn parse_marker(kind: &str) -> Marker {
    match kind {
        "negation" => Marker::Negation,
        "negation_after" => Marker::NegationAfter,
        "guideline" => Marker::Guideline,
        "guideline_report" => Marker::GuidelineReport,
        "hypothetical" => Marker::Hypothetical,
        "case" => Marker::Case,
        "condition" => Marker::Condition,
        "boilerplate" => Marker::Boilerplate,
        "conclusion_lead" => Marker::ConclusionLead,
        "conclusion_words" => Marker::ConclusionWords,
        "reported" => Marker::Reported,
        "concession_lead" => Marker::ConcessionLead,
        "concession_clause" => Marker::ConcessionClause,
        other => panic!("markers.tsv: unknown kind {other:?}"),
    }
}

fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut markers = Phrases::default();
        for cols in rows(include_str!("data/markers.tsv")) {
            assert!(cols.len() == 2, "markers.tsv: two columns: {cols:?}");
            markers.add(cols[1], parse_marker(cols[0]));
        }
        let mut cues = Phrases::default();
        for cols in rows(include_str!("data/cues.tsv")) {
            assert!(cols.len() == 4, "cues.tsv: four columns: {cols:?}");
            let code = ReasonCode::from_name(cols[0])
                .unwrap_or_else(|| panic!("cues.tsv: unknown code {:?}", cols[0]));
            let polarity = match cols[1] {
                "neg" => Polarity::Neg,
                "pos" => Polarity::Pos,
                "any" => Polarity::Any,
                p => panic!("cues.tsv: polarity {p:?} (neg, pos, any)"),
            };
            let mut cue = Cue {
                code,
                polarity,
                direction: code.direction(),
                guideline: false,
                boiler: false,
                generic: false,
                opioid: false,
                factual: false,
                over: Vec::new(),
            };
            for flag in cols[2]
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty() && *f != "-")
            {
                match flag {
                    "guideline" => cue.guideline = true,
                    "boiler" => cue.boiler = true,
                    "generic" => cue.generic = true,
                    "opioid" => cue.opioid = true,
                    "factual" => cue.factual = true,
                    "upheld" => cue.direction = Some(Decision::Upheld),
                    "overturned" => cue.direction = Some(Decision::Overturned),
                    f => match f.strip_prefix("over:") {
                        Some(codes) => cue.over.extend(codes.split('+').map(|c| {
                            ReasonCode::from_name(c)
                                .unwrap_or_else(|| panic!("cues.tsv: unknown code {c:?}"))
                        })),
                        None => panic!("cues.tsv: unknown flag {f:?}"),
                    },
                }
            }
            cues.add(cols[3], cue);
        }
        Tables { cues, markers }
    })
}

/// What is known of the item besides its rationale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemContext {
    pub decision: Decision,
    /// The item is an opioid (its treatment's subcategory).
    pub opioid: bool,
}

/// A ground found in one sentence: the code, where its cue starts (a byte
/// of the sentence, for the order of codes sharing it), and whether it is a
/// fallback (from a guideline sentence, or generic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub code: ReasonCode,
    pub at: usize,
    pub from_guideline: bool,
    pub generic: bool,
}

/// What kind of sentence it is, for the tests and the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// About this case: every cue may fire.
    Applied,
    /// Guideline text (rule A1).
    Guideline,
    /// Boilerplate or a conclusion (rule A4).
    Boilerplate,
    /// What another review said (rule A9).
    Reported,
}

struct Read<'t> {
    words: Vec<Word>,
    /// Words inside quotation marks (guideline text).
    in_quotes: Vec<bool>,
    markers: Vec<Hit<'t, Marker>>,
    /// Words not read (a concession).
    conceded: Vec<bool>,
    kind: Kind,
    conditional: bool,
}

fn has(markers: &[Hit<'_, Marker>], m: Marker) -> bool {
    markers.iter().any(|h| *h.value == m)
}

fn read(sentence: &str) -> Read<'static> {
    let t = tables();
    let words = words(sentence);
    let markers = t.markers.scan(&words);
    let lead = |m: Marker, within: usize| markers.iter().any(|h| *h.value == m && h.from < within);
    // words inside quotation marks are guideline text
    let quotes = super::sentences::quoted(sentence);
    let in_quotes: Vec<bool> = words
        .iter()
        .map(|w| quotes.iter().any(|&(o, c)| o < w.s && w.e <= c))
        .collect();
    let quoted = !words.is_empty() && in_quotes.iter().all(|&q| q);
    // the first word naming a guideline (at the start, or as reporting)
    let named = markers
        .iter()
        .filter(|h| {
            (*h.value == Marker::Guideline && h.from < 6) || *h.value == Marker::GuidelineReport
        })
        .map(|h| h.from)
        .min();
    let case_after = |at: usize| {
        markers
            .iter()
            .any(|h| *h.value == Marker::Case && h.from >= at && !in_quotes[h.from])
    };
    let kind = if has(&markers, Marker::Reported) {
        Kind::Reported
    } else if has(&markers, Marker::Boilerplate)
        || (lead(Marker::ConclusionLead, 1) && has(&markers, Marker::ConclusionWords))
    {
        Kind::Boilerplate
    } else if quoted || named.is_some_and(|at| !case_after(at)) {
        Kind::Guideline
    } else {
        Kind::Applied
    };
    let conditional = has(&markers, Marker::Condition);
    // concessions: "Although …," to its comma; a clause before "but" that
    // grants something
    let mut conceded = vec![false; words.len()];
    for h in markers
        .iter()
        .filter(|h| *h.value == Marker::ConcessionLead)
    {
        let from = words[h.from].s;
        if let Some(comma) = sentence[from..].find(',').map(|c| from + c) {
            for (k, w) in words.iter().enumerate() {
                if w.s >= from && w.e <= comma {
                    conceded[k] = true;
                }
            }
        }
    }
    for h in markers
        .iter()
        .filter(|h| *h.value == Marker::ConcessionClause)
    {
        let clause = words[h.from].clause;
        let next_is_but = words
            .iter()
            .find(|w| w.clause == clause + 1)
            .is_some_and(|w| w.text == "but");
        if next_is_but {
            for (k, w) in words.iter().enumerate() {
                if w.clause == clause {
                    conceded[k] = true;
                }
            }
        }
    }
    Read {
        words,
        in_quotes,
        markers,
        conceded,
        kind,
        conditional,
    }
}

/// Whether the word starting at byte `at` is inside quotation marks.
fn quoted_at(r: &Read<'_>, at: usize) -> bool {
    r.words
        .iter()
        .position(|w| w.s == at)
        .is_some_and(|k| r.in_quotes[k])
}

/// The kind of a sentence (rules A1, A4, A9).
pub fn kind(sentence: &str) -> Kind {
    read(sentence).kind
}

/// Whether the cue at words `[from, to)` is negated in its clause: by a
/// negation before it (within reach, and with no other negated cue between
/// them: "no evidence of a failed trial of first-line therapy for
/// neuropathic pain" denies the trial, not the pain), or by one after it.
/// `starts` are the word ranges of the sentence's `neg` cues; one of them
/// between the negation and this cue takes the negation when a
/// preposition joins it to this cue ("… first-line therapy for neuropathic
/// pain"), not when a list goes on ("… for surgery or complete failure of
/// conservative therapy").
fn negated(r: &Read<'_>, from: usize, to: usize, starts: &[(usize, usize)]) -> bool {
    let clause = r.words[from].clause;
    r.markers.iter().any(|m| {
        let same = r.words[m.from].clause == clause;
        match m.value {
            Marker::Negation => {
                same && m.to <= to
                    && m.from + NEGATION_REACH >= from
                    && !r.conceded[m.from]
                    && !starts.iter().any(|&(s, e)| {
                        s >= m.to
                            && e <= from
                            && r.words[e..from]
                                .iter()
                                .any(|w| PREPOSITIONS.contains(&w.text.as_str()))
                    })
            }
            Marker::NegationAfter => same && m.from >= to,
            _ => false,
        }
    })
}

/// The grounds `sentence` states for an item of this context, in the
/// order of their cues; a code at most once.
pub fn sentence_grounds(sentence: &str, ctx: ItemContext) -> Vec<Found> {
    let r = read(sentence);
    if r.kind == Kind::Reported {
        return Vec::new();
    }
    let t = tables();
    // cues found in the words read, and whether they hold for this item;
    // a cue replaces codes (`over`) whichever decision it is a ground for
    let mut hits: Vec<(&Cue, usize, bool)> = Vec::new();
    let found = t.cues.scan(&r.words);
    let starts: Vec<(usize, usize)> = found
        .iter()
        .filter(|h| h.value.polarity == Polarity::Neg)
        .map(|h| (h.from, h.to))
        .collect();
    for h in found {
        let cue = h.value;
        if (h.from..h.to).any(|k| r.conceded[k]) {
            continue;
        }
        let quoted = (h.from..h.to).any(|k| r.in_quotes[k]);
        let allowed = match r.kind {
            Kind::Applied if quoted => cue.guideline,
            Kind::Applied => true,
            Kind::Guideline => cue.guideline,
            Kind::Boilerplate => cue.boiler,
            Kind::Reported => false,
        } && !(cue.guideline && r.conditional);
        let clause = r.words[h.from].clause;
        let hypothetical = cue.factual
            && r.markers.iter().any(|m| {
                *m.value == Marker::Hypothetical
                    && m.from < h.from
                    && r.words[m.from].clause == clause
            });
        if hypothetical {
            continue;
        }
        let polar = match cue.polarity {
            Polarity::Any => true,
            Polarity::Neg => negated(&r, h.from, h.to, &starts),
            Polarity::Pos => !negated(&r, h.from, h.to, &starts),
        };
        if !allowed || !polar {
            continue;
        }
        let holds = cue.direction.is_none_or(|d| d == ctx.decision) && (!cue.opioid || ctx.opioid);
        hits.push((cue, r.words[h.from].s, holds));
    }
    let over: Vec<ReasonCode> = hits
        .iter()
        .flat_map(|(c, _, _)| c.over.iter().copied())
        .collect();
    let hits = hits.into_iter().filter(|h| h.2).map(|(c, at, _)| (c, at));
    let mut out: Vec<Found> = Vec::new();
    for (cue, at) in hits {
        if over.contains(&cue.code) {
            continue;
        }
        match out.iter_mut().find(|f| f.code == cue.code) {
            // a specific cue of the code wins over its generic one
            Some(f) => f.generic &= cue.generic,
            None => out.push(Found {
                code: cue.code,
                at,
                from_guideline: r.kind == Kind::Guideline || quoted_at(&r, at),
                generic: cue.generic,
            }),
        }
    }
    out.sort_by_key(|f| f.at);
    out
}
