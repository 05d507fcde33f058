//! The Summary table: what gets overturned (SCHEMA.md "Summary: what gets
//! overturned").
//!
//! One row per group of items, for each dimension in [`DIMENSIONS`] order:
//! `dimension, group, letters, items, upheld, overturned, overturned_share,
//! ci_low, ci_high`. [`Summary`] counts incrementally ([`Summary::add`] one
//! outcome at a time, [`Summary::rows`] whenever), so the page's worker keeps
//! one per batch and the command line streams into one; both give the same
//! rows for the same letters.
//!
//! - An item counts once in each group of each dimension it belongs to
//!   ([`item_groups`]); with no value for a dimension, in its group
//!   [`NONE_GROUP`].
//! - `letters` counts the distinct letters with at least one item in the
//!   group; error objects count nowhere ([`Summary::errors`] says how many).
//! - `overturned_share` is `overturned / items`, four decimals; `ci_low`,
//!   `ci_high` its 95% Wilson score interval ([`wilson`]). A group with no
//!   items (only the `all` row of a batch without items) has empty share
//!   and interval cells: 0/0 says nothing, and an interval of [0, 1] would
//!   look like a number.
//! - Within a dimension, rows by `items` descending, then `group` ascending
//!   (byte order of the UTF-8 strings).
//!
//! ```
//! use imr_analyzer::{analyze, outcome, summary::Summary};
//! let letter = "Case Number: CM16-0000001\nIMR ISSUES, DECISIONS AND RATIONALES\n\
//!     MRI of the knee: Upheld\nMAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\n\
//!     Decision rationale: The request for MRI of the knee is not medically necessary.\n";
//! let mut s = Summary::new();
//! s.add(&outcome(analyze(letter, "a.txt"), "a.txt"));
//! let rows = s.rows();
//! assert_eq!(rows[0], ["all", "all", "1", "1", "1", "0", "0.0000", "0.0000", "0.7935"]);
//! assert!(rows.iter().any(|r| r[0] == "guideline" && r[1] == "MTUS Knee Complaints"));
//! ```

use crate::decimal::fixed;
use crate::model::{Analysis, Decision, Item, Outcome};
use crate::rules::{BODY_PART_SIDES, GUIDELINE_CHAPTERS, GUIDELINE_TITLE_TRAILERS};
use std::collections::BTreeMap;

/// One Summary dimension: its key (the Summary's `dimension` cell) and the
/// words a person reads for it (the page's switch, the command line's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimension {
    pub key: &'static str,
    pub label: &'static str,
}

const fn dimension(key: &'static str, label: &'static str) -> Dimension {
    Dimension { key, label }
}

/// The dimensions, in the order of the Summary's rows.
pub const DIMENSIONS: [Dimension; 9] = [
    dimension("all", "All items"),
    dimension("category", "Category"),
    dimension("subcategory", "Subcategory"),
    dimension("drug", "Drug"),
    dimension("body_part", "Body part"),
    dimension("reviewer_specialty", "Reviewer specialty"),
    dimension("guideline", "Guideline"),
    dimension("reviewer_state", "Reviewer state"),
    dimension("reason", "Reason"),
];

/// The groups of a dimension that are codes, with the words shown for them
/// (the `reason` dimension's groups are reason codes); empty for the others,
/// whose groups are already words.
pub fn group_labels(dimension: &str) -> Vec<(&'static str, &'static str)> {
    match dimension {
        "reason" => crate::model::ReasonCode::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The group of an item with no value for a dimension.
pub const NONE_GROUP: &str = "(none)";

/// The group of the `all` dimension.
pub const ALL_GROUP: &str = "all";

/// The normal quantile of 97.5%: a 95% two-sided interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The counts of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Counts {
    letters: usize,
    items: usize,
    upheld: usize,
    overturned: usize,
    /// The serial number of the last letter counted (1-based; 0: none yet).
    last_letter: usize,
}

/// The Summary of a batch, counted one outcome at a time.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Per dimension (in [`DIMENSIONS`] order): group → counts.
    groups: Vec<BTreeMap<String, Counts>>,
    letters: usize,
    errors: usize,
}

impl Summary {
    /// An empty Summary.
    pub fn new() -> Self {
        Summary {
            groups: vec![BTreeMap::new(); DIMENSIONS.len()],
            letters: 0,
            errors: 0,
        }
    }

    /// Count one outcome: an analysis's items, or one more error object
    /// (which counts nowhere else).
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Analysis(a) => self.add_analysis(a),
            Outcome::Error(_) => self.add_error(),
        }
    }

    /// Count one analysis's items.
    pub fn add_analysis(&mut self, a: &Analysis) {
        let items: Vec<ItemContribution> = a
            .items
            .iter()
            .map(|item| (item.decision, item_groups(a, item)))
            .collect();
        self.add_items(&items);
    }

    /// Count one letter (an analysis) from what its items contribute: each
    /// item's decision and its groups ([`item_groups`]). What
    /// [`Summary::add_analysis`] counts, without the analysis.
    pub fn add_items(&mut self, items: &[ItemContribution]) {
        self.letters += 1;
        for (decision, groups) in items {
            for (dimension, names) in groups.iter().enumerate() {
                for name in names {
                    self.count(dimension, name, *decision);
                }
            }
        }
    }

    /// Count one more error object (counted nowhere in the rows).
    pub fn add_error(&mut self) {
        self.errors += 1;
    }

    /// One item in one group of one dimension (of the letter counted last).
    fn count(&mut self, dimension: usize, name: &str, decision: Option<Decision>) {
        let letter = self.letters;
        let Some(groups) = self.groups.get_mut(dimension) else {
            return;
        };
        let counts = match groups.get_mut(name) {
            Some(counts) => counts,
            None => groups.entry(name.to_string()).or_default(),
        };
        if counts.last_letter != letter {
            counts.last_letter = letter;
            counts.letters += 1;
        }
        counts.items += 1;
        match decision {
            Some(Decision::Upheld) => counts.upheld += 1,
            Some(Decision::Overturned) => counts.overturned += 1,
            None => {}
        }
    }

    /// Count letters from their encoded contributions ([`encode_contribution`]),
    /// concatenated in any number: what a page keeps per letter to count a
    /// batch's Summary again without its analyses. An error when `encoded`
    /// is not such a concatenation (the Summary is then partly counted).
    pub fn add_encoded(&mut self, encoded: &str) -> Result<(), ContributionError> {
        let mut r = Reader { s: encoded, pos: 0 };
        while r.pos < encoded.len() {
            match r.byte()? {
                b'E' => self.add_error(),
                b'L' => {
                    let n = r.number(b';')?;
                    self.letters += 1;
                    for _ in 0..n {
                        let decision = match r.byte()? {
                            b'u' => Some(Decision::Upheld),
                            b'o' => Some(Decision::Overturned),
                            b'-' => None,
                            _ => return Err(r.error()),
                        };
                        for dimension in 0..DIMENSIONS.len() {
                            for _ in 0..r.number(b';')? {
                                let len = r.number(b':')?;
                                let name = r.take(len)?;
                                self.count(dimension, name, decision);
                            }
                        }
                    }
                }
                _ => return Err(r.error()),
            }
        }
        Ok(())
    }

    /// Analyses counted.
    pub fn letters(&self) -> usize {
        self.letters
    }

    /// Error objects seen (counted nowhere in the rows).
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// The Summary's rows, as the cells of the Summary table (its columns:
    /// [`crate::export::SUMMARY`]): dimensions in order, within one by
    /// items descending then group ascending. The `all` row is always there.
    pub fn rows(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for (dimension, groups) in DIMENSIONS.iter().map(|d| d.key).zip(&self.groups) {
            if dimension == ALL_GROUP && groups.is_empty() {
                out.push(row(dimension, ALL_GROUP, &Counts::default()));
                continue;
            }
            // Groups come in ascending order; a stable sort by items
            // descending keeps it among equal counts.
            let entries: Vec<(&String, &Counts)> = groups.iter().collect();
            let fewer: Vec<usize> = entries.iter().map(|(_, c)| usize::MAX - c.items).collect();
            for i in crate::utf16::order_by_key(&fewer) {
                let (g, c) = entries[i];
                out.push(row(dimension, g, c));
            }
        }
        out
    }
}

/// What one item contributes to the Summary: its decision and its groups
/// in each dimension ([`item_groups`], in [`DIMENSIONS`] order).
pub type ItemContribution = (Option<Decision>, [Vec<String>; 9]);

/// One letter's contribution to the Summary as a compact string (a few
/// hundred bytes): `E` for an error object; for an analysis `L<items>;`
/// then per item its decision (`u` upheld, `o` overturned, `-` none) and per
/// dimension `<groups>;` then each group as `<UTF-8 length>:<text>`.
/// Self-delimiting (no escaping: any text fits), so contributions
/// concatenate; [`Summary::add_encoded`] counts them.
pub fn encode_contribution(items: Option<&[ItemContribution]>) -> String {
    use std::fmt::Write;
    let Some(items) = items else {
        return "E".to_string();
    };
    let mut out = String::with_capacity(16 + items.len() * 160);
    let _ = write!(out, "L{};", items.len());
    for (decision, groups) in items {
        out.push(match decision {
            Some(Decision::Upheld) => 'u',
            Some(Decision::Overturned) => 'o',
            None => '-',
        });
        for names in groups {
            let _ = write!(out, "{};", names.len());
            for name in names {
                let _ = write!(out, "{}:{name}", name.len());
            }
        }
    }
    out
}

/// A string that is not a concatenation of [`encode_contribution`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionError {
    /// The byte offset where reading stopped.
    pub offset: usize,
}

impl std::fmt::Display for ContributionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a Summary contribution (at byte {})", self.offset)
    }
}

impl std::error::Error for ContributionError {}

/// A cursor over an encoded contribution.
struct Reader<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Reader<'s> {
    fn error(&self) -> ContributionError {
        ContributionError { offset: self.pos }
    }

    fn byte(&mut self) -> Result<u8, ContributionError> {
        let b = *self
            .s
            .as_bytes()
            .get(self.pos)
            .ok_or_else(|| self.error())?;
        self.pos += 1;
        Ok(b)
    }

    /// Decimal digits up to `end` (consumed).
    fn number(&mut self, end: u8) -> Result<usize, ContributionError> {
        let start = self.pos;
        let mut n: usize = 0;
        loop {
            match self.byte()? {
                b if b == end && self.pos - 1 > start => return Ok(n),
                b @ b'0'..=b'9' => {
                    n = n
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(usize::from(b - b'0')))
                        .ok_or_else(|| self.error())?;
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn take(&mut self, len: usize) -> Result<&'s str, ContributionError> {
        let end = self.pos.checked_add(len).ok_or_else(|| self.error())?;
        let text = self.s.get(self.pos..end).ok_or_else(|| self.error())?;
        self.pos = end;
        Ok(text)
    }
}

fn row(dimension: &str, group: &str, c: &Counts) -> Vec<String> {
    let (share, low, high) = match wilson(c.overturned, c.items) {
        Some((low, high)) => (
            decimal(c.overturned as f64 / c.items as f64),
            decimal(low),
            decimal(high),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    vec![
        dimension.to_string(),
        group.to_string(),
        c.letters.to_string(),
        c.items.to_string(),
        c.upheld.to_string(),
        c.overturned.to_string(),
        share,
        low,
        high,
    ]
}

/// Four decimals, never `-0.0000`.
fn decimal(x: f64) -> String {
    fixed(x.clamp(0.0, 1.0), 4)
}

/// The 95% Wilson score interval of `successes` out of `n`; `None` for
/// `n == 0` (no interval: nothing was observed). 0 of n gives exactly 0 as
/// its lower end and n of n exactly 1 as its upper end.
pub fn wilson(successes: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 || successes > n {
        return None;
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denominator;
    let low = if successes == 0 { 0.0 } else { centre - half };
    let high = if successes == n { 1.0 } else { centre + half };
    Some((low.max(0.0), high.min(1.0)))
}

/// The groups of one item in each dimension, in [`DIMENSIONS`] order: the
/// exact group strings of the Summary's rows (the page filters the tables
/// by them). Each dimension has at least one group ([`NONE_GROUP`] when the
/// item has no value), each group once.
pub fn item_groups(a: &Analysis, item: &Item) -> [Vec<String>; 9] {
    let t = &item.treatment;
    let one = |v: Option<&str>| {
        vec![v
            .filter(|s| !s.is_empty())
            .unwrap_or(NONE_GROUP)
            .to_string()]
    };
    let subcategory = match (&t.category, &t.subcategory) {
        (Some(c), Some(s)) if !c.is_empty() && !s.is_empty() => Some(format!("{c} / {s}")),
        _ => None,
    };
    let guideline = item
        .maximus_guideline
        .as_ref()
        .and_then(|g| g.citations.first())
        .filter(|c| !c.source.is_empty())
        .map(|c| guideline_group(&c.source, c.title.as_deref()));
    [
        vec![ALL_GROUP.to_string()],
        one(t.category.as_deref()),
        one(subcategory.as_deref()),
        one(t.drug.as_ref().and_then(|d| d.name.as_deref())),
        many(t.body_parts.iter().map(|p| body_part_without_side(p))),
        many(a.reviewer.specialties.iter().map(String::as_str)),
        one(guideline.as_deref()),
        many(a.reviewer.licensure.iter().map(String::as_str)),
        // REASONS.md: each code of the item is a group
        many(item.reasons.iter().map(|r| r.code.as_str())),
    ]
}

/// Each distinct non-empty value once, in order; `[NONE_GROUP]` for none.
fn many<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.map(str::trim).filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    if out.is_empty() {
        out.push(NONE_GROUP.to_string());
    }
    out
}

/// `"left knee"` → `"knee"` (the sides of [`BODY_PART_SIDES`]).
pub fn body_part_without_side(part: &str) -> &str {
    let part = part.trim();
    for side in BODY_PART_SIDES {
        if let Some(rest) = part.strip_prefix(side) {
            if let Some(rest) = rest.strip_prefix(' ') {
                return rest.trim_start();
            }
        }
    }
    part
}

/// The `guideline` group of a citation: `"source title"` (`"MTUS Chronic
/// Pain Medical Treatment"`, `"ODG Knee & Leg"`), or the source alone
/// without a title.
///
/// Titles that differ only by case, spacing, punctuation or a trailing
/// "Guidelines" / "Chapter" ([`GUIDELINE_TITLE_TRAILERS`]) are one group: a
/// title naming a chapter of [`GUIDELINE_CHAPTERS`] (or beginning with its
/// name) shows the chapter's name; any other title shows its words with
/// spacing collapsed, the trailers cut, the source's own name in front cut,
/// and the case folded (lower case, first letter capital) except for words
/// written all in capitals (acronyms such as `ACOEM`, `MRI`).
pub fn guideline_group(source: &str, title: Option<&str>) -> String {
    let source = source.trim();
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return source.to_string();
    };
    // The source's own name in front of the title ("ACOEM: Low back ...").
    let title = strip_word_prefix(title, source)
        .map(|rest| rest.trim_start_matches(|c: char| c == ':' || c == '-' || c.is_whitespace()))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(title);
    let key = title_key(title);
    // The longest chapter name that fits ("Forearm, Wrist and Hand" before
    // "Forearm").
    let mut best: Option<(&str, usize)> = None;
    for chapter in GUIDELINE_CHAPTERS {
        if !chapter.source.eq_ignore_ascii_case(source) {
            continue;
        }
        for name in std::iter::once(&chapter.name).chain(chapter.aliases) {
            let name_key = title_key(name);
            let fits = key.starts_with(&name_key)
                && matches!(key.as_bytes().get(name_key.len()), None | Some(b' '));
            if fits && best.is_none_or(|(_, len)| name_key.len() > len) {
                best = Some((chapter.name, name_key.len()));
            }
        }
    }
    let shown = match best {
        Some((name, _)) => name.to_string(),
        None => fold_title(title),
    };
    let mut group = String::with_capacity(source.len() + 1 + shown.len());
    group.push_str(source);
    group.push(' ');
    group.push_str(&shown);
    group
}

/// `title`'s words without its leading `prefix` word(s), case aside.
fn strip_word_prefix<'t>(title: &'t str, prefix: &str) -> Option<&'t str> {
    let head = title.get(..prefix.len())?;
    let rest = &title[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && !rest.starts_with(|c: char| c.is_alphanumeric()))
        .then_some(rest)
}

/// The words of a title, lower case, punctuation as spacing, trailers cut:
/// what two spellings of one title share.
fn title_key(title: &str) -> String {
    let lower = title.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| GUIDELINE_TITLE_TRAILERS.contains(w))
    {
        words.pop();
    }
    // "and" and "&" are one word in chapter names.
    words
        .iter()
        .map(|w| if *w == "and" { "&" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A title not in the chapter table, shown one way whatever its case and
/// spacing: words separated by one space, trailers cut, lower case with a
/// capital first letter, all-capital words kept.
fn fold_title(title: &str) -> String {
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while words.len() > 1
        && words.last().is_some_and(|w| {
            let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            GUIDELINE_TITLE_TRAILERS
                .iter()
                .any(|t| bare.eq_ignore_ascii_case(t))
        })
    {
        words.pop();
    }
    let mut out = String::with_capacity(title.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = letters >= 2 && word.to_uppercase() == **word;
        if all_caps {
            out.push_str(word);
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn wilson_known_values() {
        assert_eq!(wilson(0, 0), None);
        let (l, h) = wilson(27, 284).unwrap();
        assert!(close(l, 0.0662) && close(h, 0.1348), "{l} {h}");
        // 0 of n: [0, z²/(n+z²)]; n of n: [n/(n+z²), 1].
        let (l, h) = wilson(0, 10).unwrap();
        assert_eq!(l, 0.0);
        assert!(close(h, 0.2775), "{h}");
        let (l, h) = wilson(10, 10).unwrap();
        assert!(close(l, 0.7225), "{l}");
        assert_eq!(h, 1.0);
        let (l, h) = wilson(1, 1).unwrap();
        assert!(close(l, 0.2065) && h == 1.0);
        let (l, h) = wilson(5, 7).unwrap();
        assert!(close(l, 0.3589) && close(h, 0.9178), "{l} {h}");
        assert_eq!(decimal(0.0), "0.0000");
        assert_eq!(decimal(-0.0), "0.0000");
        assert_eq!(decimal(0.095_07), "0.0951");
        assert_eq!(decimal(1.0), "1.0000");
        assert_eq!(decimal(2.0), "1.0000");
    }

    #[test]
    fn guideline_titles_group_by_chapter() {
        let g = |s: &str, t: Option<&str>| guideline_group(s, t);
        let cp = "MTUS Chronic Pain Medical Treatment";
        assert_eq!(g("MTUS", Some("Chronic Pain Medical Treatment")), cp);
        assert_eq!(
            g("MTUS", Some("Chronic Pain Medical Treatment Guidelines")),
            cp
        );
        assert_eq!(g("MTUS", Some("chronic  pain medical   TREATMENT")), cp);
        assert_eq!(
            g(
                "MTUS",
                Some("Chronic Pain Treatment Guidelines Physical Medicine")
            ),
            cp
        );
        assert_eq!(
            g("MTUS", Some("Acupuncture Treatment Guidelines")),
            "MTUS Acupuncture Treatment"
        );
        assert_eq!(
            g("MTUS", Some("Forearm, Wrist and Hand Complaints")),
            "MTUS Forearm, Wrist, and Hand Complaints"
        );
        assert_eq!(g("ODG", Some("Forearm")), "ODG Forearm, Wrist & Hand");
        assert_eq!(
            g("ODG", Some("Forearm, Wrist and Hand")),
            "ODG Forearm, Wrist & Hand"
        );
        assert_eq!(g("ODG", Some("Pain Chapter")), "ODG Pain");
        assert_eq!(g("ODG", Some("Pain")), "ODG Pain");
        assert_eq!(
            g("ODG", Some("Neck and Upper back")),
            "ODG Neck & Upper Back"
        );
        assert_eq!(
            g("ODG", Some("Knee & Leg (Acute & Chronic)")),
            "ODG Knee & Leg"
        );
        assert_eq!(
            g("ODG", Some("Hips and Pelvis (Acute and Chronic)")),
            "ODG Hip & Pelvis"
        );
        // Not in the table: spacing, trailers and case folded, acronyms kept.
        assert_eq!(
            g(
                "ACOEM",
                Some("ACOEM Hip and Groin Chapter/Diagnostic and treatment recommendations")
            ),
            "ACOEM Hip and groin chapter/diagnostic and treatment recommendations"
        );
        assert_eq!(
            g("ACOEM", Some("ACOEM: Low back disorders, MRI")),
            g("ACOEM", Some("low Back  disorders, MRI"))
        );
        assert_eq!(g("UpToDate", None), "UpToDate");
        assert_eq!(g("Foo", Some("Some Title Guidelines")), "Foo Some title");
        // A chapter of the other source is not borrowed.
        assert_eq!(g("ODG", Some("Low Back Complaints")), "ODG Low Back");
        assert_eq!(g("MTUS", Some("Shoulder")), "MTUS Shoulder");
    }

    #[test]
    fn sides_come_off_body_parts() {
        assert_eq!(body_part_without_side("left knee"), "knee");
        assert_eq!(
            body_part_without_side("bilateral upper extremity"),
            "upper extremity"
        );
        assert_eq!(body_part_without_side("lumbar spine"), "lumbar spine");
        assert_eq!(body_part_without_side("leftover"), "leftover");
    }

    fn letter(specialties: &[&str], states: &[&str], items: Vec<Item>) -> Outcome {
        Outcome::Analysis(Box::new(Analysis {
            schema: SCHEMA.into(),
            analyzer: ANALYZER.into(),
            source: "a.txt".into(),
            layout: Layout::Dwc2016,
            case_number: None,
            dates: Dates::default(),
            priority: None,
            reviewer: Reviewer {
                licensure: states.iter().map(|s| s.to_string()).collect(),
                specialties: specialties.iter().map(|s| s.to_string()).collect(),
            },
            patient: Patient::default(),
            outcome: None,
            text_source: TextSource::Text,
            ocr: None,
            items,
            warnings: Vec::new(),
            spans: Spans::new(),
        }))
    }

    fn item(decision: Decision, category: Option<&str>, parts: &[&str]) -> Item {
        Item {
            number: 1,
            decision: Some(decision),
            treatment: Treatment {
                category: category.map(String::from),
                subcategory: category.map(|_| "Sub".to_string()),
                body_parts: parts.iter().map(|s| s.to_string()).collect(),
                ..Treatment::default()
            },
            ..Item::default()
        }
    }

    #[test]
    fn rows_counts_order_and_none_groups() {
        let mut s = Summary::new();
        assert_eq!(
            s.rows(),
            vec![vec!["all", "all", "0", "0", "0", "0", "", "", ""]]
        );
        s.add(&letter(
            &["Surgery"],
            &["California", "Texas"],
            vec![
                item(
                    Decision::Upheld,
                    Some("Surgery"),
                    &["left knee", "right knee", "hip"],
                ),
                item(Decision::Overturned, None, &[]),
            ],
        ));
        s.add(&Outcome::Error(crate::error_object(
            &crate::InputError::Empty,
            "x",
        )));
        s.add(&letter(
            &[],
            &["California"],
            vec![item(Decision::Upheld, Some("Surgery"), &["hip"])],
        ));
        assert_eq!((s.letters(), s.errors()), (2, 1));
        let rows = s.rows();
        let find = |d: &str, g: &str| {
            rows.iter()
                .find(|r| r[0] == d && r[1] == g)
                .cloned()
                .unwrap()
        };
        assert_eq!(find("all", "all")[2..6], ["2", "3", "2", "1"]);
        assert_eq!(find("category", "Surgery")[2..6], ["2", "2", "2", "0"]);
        assert_eq!(
            find("category", "(none)")[2..9],
            ["1", "1", "0", "1", "1.0000", "0.2065", "1.0000"]
        );
        assert_eq!(find("subcategory", "Surgery / Sub")[3], "2");
        // Left and right knee: one item in the group "knee".
        assert_eq!(find("body_part", "knee")[2..4], ["1", "1"]);
        assert_eq!(find("body_part", "hip")[2..4], ["2", "2"]);
        assert_eq!(find("reviewer_state", "California")[2..4], ["2", "3"]);
        assert_eq!(find("reviewer_specialty", "(none)")[2..4], ["1", "1"]);
        assert_eq!(find("guideline", "(none)")[3], "3");
        // Dimensions in order; within one, items descending then group ascending.
        let order: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        let body: Vec<&str> = order
            .iter()
            .filter(|r| r.0 == "body_part")
            .map(|r| r.1)
            .collect();
        assert_eq!(body, ["hip", "(none)", "knee"]);
        let dims: Vec<&str> = order.iter().map(|r| r.0).collect::<Vec<_>>();
        let mut firsts: Vec<&str> = dims.clone();
        firsts.dedup();
        assert_eq!(firsts, DIMENSIONS.map(|d| d.key));
    }

    fn sample() -> Vec<Outcome> {
        vec![
            letter(
                &["Surgery"],
                &["California", "Texas"],
                vec![
                    item(Decision::Upheld, Some("Surgery"), &["left knee", "hip"]),
                    item(Decision::Overturned, None, &[]),
                ],
            ),
            Outcome::Error(crate::error_object(&crate::InputError::Empty, "x")),
            letter(&[], &[], vec![]),
            // Non-ASCII and the encoding's own punctuation in a group.
            letter(
                &["Médecine: 3;2"],
                &["California"],
                vec![item(Decision::Upheld, Some("L1;2:x"), &["hip"])],
            ),
        ]
    }

    fn contributions(outcomes: &[Outcome]) -> String {
        outcomes
            .iter()
            .map(|o| match o {
                Outcome::Analysis(a) => {
                    let items: Vec<ItemContribution> = a
                        .items
                        .iter()
                        .map(|i| (i.decision, item_groups(a, i)))
                        .collect();
                    encode_contribution(Some(&items))
                }
                Outcome::Error(_) => encode_contribution(None),
            })
            .collect()
    }

    #[test]
    fn encoded_contributions_count_as_the_analyses() {
        let outcomes = sample();
        let mut direct = Summary::new();
        outcomes.iter().for_each(|o| direct.add(o));
        let encoded = contributions(&outcomes);
        let mut again = Summary::new();
        again.add_encoded(&encoded).unwrap();
        assert_eq!(again.rows(), direct.rows());
        assert_eq!((again.letters(), again.errors()), (3, 1));
        assert!(again
            .rows()
            .iter()
            .any(|r| r[0] == "reviewer_specialty" && r[1] == "Médecine: 3;2" && r[3] == "1"));
        // One letter's record, exactly.
        assert_eq!(
            encode_contribution(Some(&[(
                Some(Decision::Overturned),
                [
                    vec!["all".to_string()],
                    vec!["(none)".to_string()],
                    vec!["(none)".to_string()],
                    vec!["(none)".to_string()],
                    vec!["knee".to_string(), "hip".to_string()],
                    vec!["é".to_string()],
                    vec!["(none)".to_string()],
                    vec!["CA".to_string()],
                    vec!["criteria_met".to_string()],
                ],
            )])),
            "L1;o1;3:all1;6:(none)1;6:(none)1;6:(none)2;4:knee3:hip1;2:é1;6:(none)1;2:CA1;12:criteria_met"
        );
        // Empty: nothing counted.
        let mut empty = Summary::new();
        empty.add_encoded("").unwrap();
        assert_eq!(empty.rows(), Summary::new().rows());
    }

    #[test]
    fn malformed_contributions_are_errors() {
        for (bad, offset) in [
            ("X", 1),
            ("L", 1),
            ("L1", 2),
            ("L1;", 3),
            ("L1;x", 4),
            ("L;", 2),
            ("L1;u1;9:all", 8),
            ("L1;u1;3:al", 8),
            // A length that ends inside a character.
            ("L1;u1;1:é", 8),
            ("L99999999999999999999999;", 21),
        ] {
            let mut s = Summary::new();
            let err = s.add_encoded(bad).unwrap_err();
            assert_eq!(err.offset, offset, "{bad:?}");
        }
    }

    #[test]
    fn rendered_summary_has_exactly_its_rows() {
        use crate::export::{render, render_rows, Format, Table};
        let outcomes = sample();
        let mut s = Summary::new();
        outcomes.iter().for_each(|o| s.add(o));
        let csv = render_rows(Table::Summary, &s.rows(), Format::Csv);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 1 + s.rows().len());
        assert_eq!(
            lines[0],
            "dimension,group,letters,items,upheld,overturned,overturned_share,ci_low,ci_high"
        );
        assert_eq!(lines[1], "all,all,2,3,2,1,0.3333,0.0615,0.7923");
        assert_eq!(
            lines.last().copied(),
            Some("reason,(none),2,3,2,1,0.3333,0.0615,0.7923")
        );
        assert!(lines.contains(&"reviewer_state,Texas,1,2,1,1,0.5000,0.0945,0.9055"));
        assert_eq!(lines.iter().filter(|l| l.starts_with("all,")).count(), 1);
        // The same bytes as the table rendered from the outcomes.
        assert_eq!(csv, render(&outcomes, Table::Summary, Format::Csv));
        let md = render_rows(Table::Summary, &s.rows(), Format::Markdown);
        assert_eq!(md.lines().count(), 2 + s.rows().len());
        assert!(md.ends_with("| reason | (none) | 2 | 3 | 2 | 1 | 0.3333 | 0.0615 | 0.7923 |\n"));
    }
}
