//! Body parts and their sides (TREATMENTS.md, body_parts), from the lexicon
//! `data/body_parts.tsv` and the spinal levels (L4-5, C5-C6, T8).

use super::lexicon::{rows, Phrases, Words};
use std::sync::OnceLock;

/// A side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
    Bilateral,
}

impl Side {
    fn parse(s: &str) -> Option<Side> {
        match s {
            "left" => Some(Side::Left),
            "right" => Some(Side::Right),
            "bilateral" => Some(Side::Bilateral),
            _ => None,
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Bilateral => "bilateral",
        }
    }
    /// Two sides of one part: left and right make bilateral.
    fn join(a: Option<Side>, b: Option<Side>) -> Option<Side> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(x), Some(y)) if x == y => Some(x),
            _ => Some(Side::Bilateral),
        }
    }
}

/// What a lexicon phrase names.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The part (`None` for a side word, or a phrase that is no part).
    pub part: Option<&'static str>,
    pub paired: bool,
    /// Names a spinal region (then `spine` and `back` are not added).
    pub level: bool,
    pub side: Option<Side>,
}

const TABLE: &str = include_str!("data/body_parts.tsv");

fn lexicon() -> &'static Phrases<Entry> {
    static L: OnceLock<Phrases<Entry>> = OnceLock::new();
    L.get_or_init(|| {
        let mut list = Vec::new();
        for r in rows(TABLE) {
            let cell = |k: usize| r.get(k).copied().unwrap_or("");
            let part = match cell(1) {
                "-" | "side" | "" => None,
                p => Some(p),
            };
            let e = Entry {
                part,
                paired: cell(2) == "yes",
                level: cell(3) == "level",
                side: Side::parse(cell(4)),
            };
            for phrase in cell(0).split('|') {
                list.push((phrase.trim(), e));
            }
        }
        Phrases::new(list, true)
    })
}

/// The region of a spinal level word (`l4`, `c5`, `t12`, `s1`).
fn level_region(word: &str) -> Option<&'static str> {
    let mut chars = word.chars();
    let letter = chars.next()?;
    let num = chars.as_str();
    if num.is_empty() || num.len() > 2 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = num.parse().ok()?;
    match (letter, n) {
        ('c', 1..=8) => Some("cervical spine"),
        ('t', 1..=12) => Some("thoracic spine"),
        ('l', 1..=5) | ('s', 1..=5) => Some("lumbar spine"),
        _ => None,
    }
}

/// Words that keep a list of parts going (a side written before the list
/// applies to each paired part of it).
fn is_list_word(w: &str) -> bool {
    matches!(w, "and" | "or" | "the" | "plus" | "side" | "sided")
}

/// One body part read: `"<side> <part>"` or `"<part>"`, and the byte range
/// of its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// The body parts of a request, in order, each once.
pub fn read(w: &Words<'_>) -> Vec<Part> {
    let lex = lexicon();
    // (part, side, start, end, level)
    let mut found: Vec<(&'static str, Option<Side>, usize, usize, bool)> = Vec::new();
    let mut pending: Option<(Side, usize)> = None;
    let mut carry: Option<Side> = None;
    let mut i = 0;
    while i < w.len() {
        let word = w.word(i);
        if let Some(h) = lex.at(w, i) {
            let e = *h.value;
            let (s, end) = w.span(h.i, h.i + h.len);
            i += h.len;
            match (e.part, e.side) {
                (None, Some(side)) => {
                    pending = Some((side, s));
                    carry = None;
                }
                (None, None) => {
                    pending = None;
                    carry = None;
                }
                (Some(part), Some(side)) => {
                    found.push((part, Some(side), s, end, e.level));
                    pending = None;
                    carry = None;
                }
                (Some(part), None) => {
                    let (side, start) = match pending.take() {
                        Some((side, at)) => {
                            carry = Some(side);
                            (Some(side), at)
                        }
                        None => (carry.filter(|_| e.paired), s),
                    };
                    found.push((part, side, start, end, e.level));
                }
            }
            continue;
        }
        if let Some(region) = level_region(word) {
            // a run of levels: L5-S1, L4-5, C5-C6, L3/4
            let mut j = i + 1;
            while j < w.len()
                && w.glued(j - 1)
                && (w.has_between(j - 1, '-') || w.has_between(j - 1, '/'))
                && (level_region(w.word(j)).is_some()
                    || (w.word(j).len() <= 2 && w.word(j).bytes().all(|b| b.is_ascii_digit())))
            {
                j += 1;
            }
            let (s, end) = w.span(i, j);
            let (side, start) = match pending.take() {
                Some((side, at)) => {
                    carry = Some(side);
                    (Some(side), at)
                }
                None => (None, s),
            };
            found.push((region, side, start, end, true));
            i = j;
            continue;
        }
        if !is_list_word(word) {
            pending = None;
            carry = None;
        }
        i += 1;
    }
    let has_level = found.iter().any(|f| f.4);
    let mut parts: Vec<(&'static str, Option<Side>, usize, usize)> = Vec::new();
    for (part, side, s, e, _) in found {
        if has_level && matches!(part, "spine" | "back") {
            continue;
        }
        match parts.iter_mut().find(|p| p.0 == part) {
            Some(p) => p.1 = Side::join(p.1, side),
            None => parts.push((part, side, s, e)),
        }
    }
    parts
        .into_iter()
        .map(|(part, side, start, end)| Part {
            name: match side {
                Some(side) => format!("{} {part}", side.as_str()),
                None => part.to_string(),
            },
            start,
            end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<String> {
        let low = s.to_ascii_lowercase();
        read(&Words::new(&low))
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    fn words(s: &str) -> Vec<String> {
        let low = s.to_ascii_lowercase();
        read(&Words::new(&low))
            .into_iter()
            .map(|p| s[p.start..p.end].to_string())
            .collect()
    }

    #[test]
    fn side_applies_to_a_list() {
        assert_eq!(parts("left hip and knee"), ["left hip", "left knee"]);
        assert_eq!(
            parts("PT bilateral shoulder, elbow and wrist"),
            ["bilateral shoulder", "bilateral elbow", "bilateral wrist"]
        );
        assert_eq!(parts("left wrist/hand"), ["left wrist", "left hand"]);
        assert_eq!(
            parts("TENS unit, lumbar spine, left hip, lower leg, and knee"),
            ["lumbar spine", "left hip", "left lower leg", "left knee"]
        );
        // a side does not carry to a midline part, nor past other words
        assert_eq!(
            parts("neck, right hand and head"),
            ["cervical spine", "right hand", "head"]
        );
        assert_eq!(
            parts("left knee MRI and shoulder"),
            ["left knee", "shoulder"]
        );
    }

    #[test]
    fn sides_combine() {
        assert_eq!(parts("right knee and left knee"), ["bilateral knee"]);
        assert_eq!(parts("both knees"), ["bilateral knee"]);
        assert_eq!(
            parts("MRI of the fingers of the right hand"),
            ["right hand"]
        );
        assert_eq!(parts("EMG of BLE"), ["bilateral lower extremity"]);
        assert_eq!(parts("RUE"), ["right upper extremity"]);
    }

    #[test]
    fn spine_levels_and_regions() {
        assert_eq!(parts("Right L5-S1 ESI"), ["right lumbar spine"]);
        assert_eq!(words("Right L5-S1 ESI"), ["Right L5-S1"]);
        assert_eq!(parts("C5-6 and T8"), ["cervical spine", "thoracic spine"]);
        assert_eq!(words("ESI at L4-5"), ["L4-5"]);
        assert_eq!(
            parts("low back and upper back"),
            ["lumbar spine", "thoracic spine"]
        );
        assert_eq!(
            parts("Spine surgery evaluation for the lumbar"),
            ["lumbar spine"]
        );
        assert_eq!(parts("Spinal manipulation"), ["spine"]);
        assert_eq!(parts("neck, back"), ["cervical spine", "back"]);
        assert_eq!(parts("cervical pillow"), ["cervical spine"]);
    }

    #[test]
    fn words_anywhere_and_unlisted_anatomy() {
        assert_eq!(parts("Hip pad"), ["hip"]);
        assert_eq!(parts("2 leg wraps"), ["lower extremity"]);
        assert_eq!(
            parts("biceps tenodesis, labrum, carpal tunnel"),
            Vec::<String>::new()
        );
        assert_eq!(
            parts("EMG/NCV of the upper extremities"),
            ["upper extremity"]
        );
        assert_eq!(parts("face-to-face visit"), Vec::<String>::new());
        assert_eq!(words("left hip and knee"), ["left hip", "knee"]);
    }
}
