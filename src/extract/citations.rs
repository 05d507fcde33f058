//! Structured citations read from a guideline text.
//!
//! `Decision based on MTUS <chapter> <year>[, Section(s): <sections>][, and <chapter> …].`
//! `Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) <chapter>, <topic>.`
//! 2013: `Decision based on MTUS Acupuncture Treatment Guidelines,Chronic Pain Treatment Guidelines Page(s): 60.`
//! Fixed sentences ("… outside of the MTUS Guidelines.", "… did not cite any
//! medical evidence …") cite nothing.

use crate::model::Citation;
use crate::rules::citation::*;
use crate::rules::{GUIDELINE_SOURCES, NO_CITATION_SENTENCES};

/// Citations of one guideline text, in order.
///
/// ```
/// let c = imr_analyzer::extract::citations::parse(
///     "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.");
/// assert_eq!(c[0].source, "MTUS");
/// assert_eq!(c[0].title.as_deref(), Some("Low Back Complaints"));
/// assert_eq!(c[0].year, Some(2004));
/// assert_eq!(c[0].sections, ["Special Studies"]);
/// ```
pub fn parse(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for part in text.split(LEAD).skip(1) {
        let part = part.trim().trim_end_matches('.').trim();
        if part.is_empty() || NO_CITATION_SENTENCES.iter().any(|s| part.contains(s)) {
            continue;
        }
        if let Some(rest) = part.strip_prefix(NON_MTUS) {
            out.push(non_mtus(rest.trim()));
        } else if let Some(rest) = part.strip_prefix(MTUS) {
            out.extend(mtus(rest.trim()));
        } else {
            out.push(Citation {
                source: part.to_string(),
                ..Citation::default()
            });
        }
    }
    out
}

/// MTUS chapters joined by ", and ": a piece without a year is part of the
/// next one ("Forearm, Wrist, and Hand Complaints 2004").
fn chapters(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for piece in s.split(CHAPTER_JOIN) {
        if !pending.is_empty() {
            pending.push_str(CHAPTER_JOIN);
        }
        pending.push_str(piece);
        if has_year(piece) || piece.contains(SECTIONS_LABEL) {
            out.push(std::mem::take(&mut pending).trim().to_string());
        }
    }
    if !pending.trim().is_empty() {
        out.push(pending.trim().to_string());
    }
    out
}

fn has_year(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
}

fn mtus(text: &str) -> Vec<Citation> {
    // Pages (2013): "... Page(s): 98-99"
    let (text, pages) = match text.find(PAGES_LABEL) {
        Some(i) => {
            let pages: Vec<String> = text[i + PAGES_LABEL.len()..]
                .split([',', ';'])
                .map(|p| p.trim().trim_end_matches('.').to_string())
                .filter(|p| !p.is_empty())
                .collect();
            (text[..i].trim(), pages)
        }
        None => (text, Vec::new()),
    };
    let mut out = Vec::new();
    // chapters joined by ", and "
    for chapter in chapters(text) {
        let chapter = chapter.as_str();
        let (head, sections) = match chapter.find(SECTIONS_LABEL) {
            Some(i) => (
                chapter[..i].trim().trim_end_matches(',').trim(),
                split_sections(&chapter[i + SECTIONS_LABEL.len()..]),
            ),
            None => (chapter.trim().trim_end_matches(','), Vec::new()),
        };
        // 2013: several guidelines separated by a bare comma
        let titles: Vec<&str> = if BARE_COMMA_LISTS.iter().any(|m| head.contains(m)) {
            head.split(',').map(str::trim).collect()
        } else {
            vec![head]
        };
        let n = titles.len();
        for (k, t) in titles.into_iter().enumerate() {
            let (title, year) = title_year(t);
            out.push(Citation {
                source: MTUS_SOURCE.into(),
                title: (!title.is_empty()).then(|| title.to_string()),
                year,
                sections: if k + 1 == n {
                    sections.clone()
                } else {
                    Vec::new()
                },
                pages: if k + 1 == n {
                    pages.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    out
}

/// "Low Back Complaints 2004" → ("Low Back Complaints", Some(2004)).
fn title_year(t: &str) -> (&str, Option<u32>) {
    let t = t.trim();
    if let Some((head, last)) = t.rsplit_once(' ') {
        if last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) {
            return (head.trim(), last.parse().ok());
        }
    }
    (t, None)
}

/// Sections split on ", " before a capital letter or a section number.
fn split_sections(s: &str) -> Vec<String> {
    let s = s.trim().trim_end_matches('.');
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == b',' && bytes[i + 1] == b' ' {
            let next = bytes[i + 2];
            if next.is_ascii_uppercase() || next.is_ascii_digit() {
                out.push(s[start..i].trim().to_string());
                start = i + 2;
            }
        }
        i += 1;
    }
    out.push(s[start..].trim().to_string());
    out.retain(|x| !x.is_empty());
    out
}

fn non_mtus(text: &str) -> Citation {
    if URL_STARTS.iter().any(|u| text.starts_with(u)) {
        let url = text.split_whitespace().next().unwrap_or(text);
        return Citation {
            source: url.to_string(),
            ..Citation::default()
        };
    }
    let source = GUIDELINE_SOURCES
        .iter()
        .find(|(words, _)| text.contains(words))
        .map(|(_, s)| s.to_string());
    match source.as_deref() {
        Some(ODG_SOURCE) => {
            // strip the name, then "<chapter>, <topic>"
            let mut rest = text;
            for name in ODG_NAMES {
                if let Some(i) = rest.find(name) {
                    rest = &rest[i + name.len()..];
                    break;
                }
            }
            let rest = rest.trim_start_matches(ODG_NAME_END).trim();
            let split = rest.split_once(": ").or_else(|| rest.split_once(", "));
            let (title, topic) = match split {
                Some((a, b)) => (a.trim(), Some(b.trim())),
                None => (rest, None),
            };
            Citation {
                source: ODG_SOURCE.into(),
                title: (!title.is_empty()).then(|| title.to_string()),
                year: None,
                sections: topic.map(|t| vec![t.to_string()]).unwrap_or_default(),
                pages: Vec::new(),
            }
        }
        Some(src) => {
            let pages = text
                .find(PAGE_MARK)
                .map(|i| {
                    vec![text[i + PAGE_MARK.len()..]
                        .split([',', ' ', ';'])
                        .next()
                        .unwrap_or("")
                        .to_string()]
                })
                .unwrap_or_default();
            Citation {
                source: src.to_string(),
                title: Some(text.to_string()),
                pages,
                ..Citation::default()
            }
        }
        None => Citation {
            source: text.to_string(),
            ..Citation::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_sentences_cite_nothing() {
        assert!(parse(
            "The Claims Administrator did not cite any medical evidence for its decision."
        )
        .is_empty());
        assert!(parse("The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines.").is_empty());
    }

    #[test]
    fn mtus_and_odg() {
        let c = parse("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Electrodiagnostic testing (EMG/NCS). Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter.");
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].title.as_deref(),
            Some("Chronic Pain Medical Treatment")
        );
        assert_eq!(c[0].sections, ["Electrodiagnostic testing (EMG/NCS)"]);
        assert_eq!(c[1].source, "ODG");
        assert_eq!(c[1].title.as_deref(), Some("Low Back Chapter"));
    }

    #[test]
    fn several_chapters_and_numbered_sections() {
        let c = parse("Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods, and Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain (transcutaneous electrical nerve stimulation).");
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].year, Some(2016));
        assert_eq!(
            c[1].sections,
            ["TENS, chronic pain (transcutaneous electrical nerve stimulation)"]
        );
        let c = parse("Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.4 Opioids: Use of CURES, 3.3.5 Opioids: Tools.");
        assert_eq!(
            c[0].sections,
            ["3.3.4 Opioids: Use of CURES", "3.3.5 Opioids: Tools"]
        );
    }

    #[test]
    fn chapter_names_with_commas() {
        let c = parse("Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies, and Knee Complaints 2004.");
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].title.as_deref(),
            Some("Forearm, Wrist, and Hand Complaints")
        );
        assert_eq!(c[0].sections, ["Special Studies"]);
        assert_eq!(c[1].title.as_deref(), Some("Knee Complaints"));
        let c = parse("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (online version): Opioids, specific drug list.");
        assert_eq!(c[0].title.as_deref(), Some("Pain (online version)"));
        assert_eq!(c[0].sections, ["Opioids, specific drug list"]);
    }

    #[test]
    fn pages_2013() {
        let c = parse("Decision based on MTUS Acupuncture Treatment Guidelines,Chronic Pain Treatment Guidelines Page(s): 60.");
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].title.as_deref(),
            Some("Acupuncture Treatment Guidelines")
        );
        assert_eq!(c[1].pages, ["60"]);
        let c = parse("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 98-99.");
        assert_eq!(c[0].pages, ["98-99"]);
    }

    #[test]
    fn other_sources() {
        let c = parse("Decision based on Non-MTUS Citation Sildenafil: Drug information, accessed from UpToDate.com on 12/17/2016.");
        assert_eq!(c[0].source, "UpToDate");
        let c = parse("Decision based on Non-MTUS Citation http://example.org/guide.");
        assert_eq!(c[0].source, "http://example.org/guide");
    }
}
