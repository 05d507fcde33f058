//! The words of a sentence, and the phrase patterns of the cue tables
//! matched over them.
//!
//! A sentence is cut into words: runs of letters and digits, lower-cased
//! (ASCII only, so byte offsets stay those of the sentence); every other
//! character separates words (`first-line` is `first line`, `patient's` is
//! `patient s`). Words are grouped into clauses: a new clause starts after
//! `;` and at the words `but`, `however`, `whereas`, `yet`.
//!
//! A pattern (`data/*.tsv`) is one or more phrases separated by `|`; a
//! phrase is words separated by spaces, where a word may list spellings
//! separated by `/` (`neurologic/neurological`) and end in `*` to match
//! every word it begins (`deficit*`), and `~` (or `~N`) stands for up to 6
//! (or N) words of any kind. A phrase matches words of one clause.

use std::collections::HashMap;

/// One word of a sentence.
#[derive(Debug, Clone)]
pub struct Word {
    /// Lower case.
    pub text: String,
    /// Byte range in the sentence.
    pub s: usize,
    pub e: usize,
    /// Which clause of the sentence it is in (0 for the first).
    pub clause: u16,
}

/// Words that start a new clause.
const CLAUSE_WORDS: &[&str] = &["but", "however", "whereas", "yet"];

/// The words of `sentence`.
pub fn words(sentence: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut clause: u16 = 0;
    let mut start: Option<usize> = None;
    let push = |out: &mut Vec<Word>, s: usize, e: usize, clause: &mut u16| {
        let text = sentence[s..e].to_ascii_lowercase();
        if !out.is_empty() && CLAUSE_WORDS.contains(&text.as_str()) {
            *clause += 1;
        }
        out.push(Word {
            text,
            s,
            e,
            clause: *clause,
        });
    };
    for (i, c) in sentence.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push(&mut out, s, i, &mut clause);
        }
        if c == ';' && !out.is_empty() {
            clause += 1;
        }
    }
    if let Some(s) = start {
        push(&mut out, s, sentence.len(), &mut clause);
    }
    out
}

#[derive(Debug, Clone)]
struct Spelling {
    text: String,
    prefix: bool,
}

#[derive(Debug, Clone)]
enum Part {
    Word(Vec<Spelling>),
    Gap(usize),
}

/// A table of phrases, each standing for a value `T`, indexed by first word.
#[derive(Debug)]
pub struct Phrases<T> {
    phrases: Vec<(Vec<Part>, usize)>,
    values: Vec<T>,
    exact: HashMap<String, Vec<usize>>,
    prefixed: Vec<(String, usize)>,
}

/// A phrase found: its value, first and last word + 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'t, T> {
    pub value: &'t T,
    pub from: usize,
    pub to: usize,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            phrases: Vec::new(),
            values: Vec::new(),
            exact: HashMap::new(),
            prefixed: Vec::new(),
        }
    }
}

impl<T> Phrases<T> {
    /// Add every phrase of `pattern` (phrases separated by `|`) for `value`.
    /// A malformed phrase (empty, or starting or ending with a gap) is a
    /// defect of the table: it panics when the table is read, which the
    /// tables' tests do.
    pub fn add(&mut self, pattern: &str, value: T) {
        let v = self.values.len();
        self.values.push(value);
        for phrase in pattern.split('|') {
            let parts: Vec<Part> = phrase
                .split_whitespace()
                .map(|w| match w.strip_prefix('~') {
                    Some("") => Part::Gap(6),
                    Some(n) => Part::Gap(n.parse().unwrap_or_else(|_| panic!("bad gap {w:?}"))),
                    None => Part::Word(
                        w.split('/')
                            .map(|s| Spelling {
                                text: s.trim_end_matches('*').to_ascii_lowercase(),
                                prefix: s.ends_with('*'),
                            })
                            .collect(),
                    ),
                })
                .collect();
            let ok = matches!(parts.first(), Some(Part::Word(_)))
                && matches!(parts.last(), Some(Part::Word(_)));
            assert!(ok, "phrase {phrase:?} must start and end with a word");
            for parts in with_joined(parts) {
                self.push_phrase(parts, v);
            }
        }
    }

    fn push_phrase(&mut self, parts: Vec<Part>, v: usize) {
        {
            let k = self.phrases.len();
            if let Some(Part::Word(first)) = parts.first() {
                for s in first {
                    if s.prefix {
                        self.prefixed.push((s.text.clone(), k));
                    } else {
                        self.exact.entry(s.text.clone()).or_default().push(k);
                    }
                }
            }
            self.phrases.push((parts, v));
        }
    }

    /// Every phrase found in `words`, by start, then table order; a phrase
    /// found once per start.
    pub fn scan<'t>(&'t self, words: &[Word]) -> Vec<Hit<'t, T>> {
        let mut hits = Vec::new();
        for i in 0..words.len() {
            let w = &words[i].text;
            let mut ks: Vec<usize> = self.exact.get(w).cloned().unwrap_or_default();
            ks.extend(
                self.prefixed
                    .iter()
                    .filter(|(p, _)| w.starts_with(p.as_str()))
                    .map(|&(_, k)| k),
            );
            ks.sort_unstable();
            ks.dedup();
            for k in ks {
                let (parts, v) = &self.phrases[k];
                if let Some(to) = match_at(words, i, parts, words[i].clause) {
                    hits.push(Hit {
                        value: &self.values[*v],
                        from: i,
                        to,
                    });
                }
            }
        }
        hits
    }

    /// Whether any phrase is found in `words`.
    pub fn any(&self, words: &[Word]) -> bool {
        !self.scan(words).is_empty()
    }
}

/// A phrase and its spellings with two neighbouring words joined into one
/// (`self directed` also as `selfdirected`): text extractors that drop the
/// hyphen at a line end (`self-` / `directed`) write the compound as one
/// word, and the words of a sentence split `self-directed` in two.
fn with_joined(parts: Vec<Part>) -> Vec<Vec<Part>> {
    let mut out = Vec::new();
    for i in 0..parts.len().saturating_sub(1) {
        let (Part::Word(a), Part::Word(b)) = (&parts[i], &parts[i + 1]) else {
            continue;
        };
        if a.iter().any(|s| s.prefix) {
            continue;
        }
        let joined: Vec<Spelling> = a
            .iter()
            .flat_map(|x| {
                b.iter().map(move |y| Spelling {
                    text: format!("{}{}", x.text, y.text),
                    prefix: y.prefix,
                })
            })
            .collect();
        let mut variant = parts[..i].to_vec();
        variant.push(Part::Word(joined));
        variant.extend_from_slice(&parts[i + 2..]);
        out.push(variant);
    }
    out.insert(0, parts);
    out
}

fn spelled(s: &[Spelling], w: &str) -> bool {
    s.iter().any(|s| {
        if s.prefix {
            w.starts_with(s.text.as_str())
        } else {
            w == s.text
        }
    })
}

/// The end of `parts` matched from word `i` within `clause`, the shortest.
fn match_at(words: &[Word], i: usize, parts: &[Part], clause: u16) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(i);
    };
    match first {
        Part::Word(s) => {
            let w = words.get(i).filter(|w| w.clause == clause)?;
            if spelled(s, &w.text) {
                match_at(words, i + 1, rest, clause)
            } else {
                None
            }
        }
        Part::Gap(n) => (0..=*n).find_map(|j| {
            let skipped_ok = (i..i + j).all(|k| words.get(k).is_some_and(|w| w.clause == clause));
            if skipped_ok {
                match_at(words, i + j, rest, clause)
            } else {
                None
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_and_clauses() {
        assert_eq!(
            texts("First-line NSAIDs; patient's pain"),
            ["first", "line", "nsaids", "patient", "s", "pain"]
        );
        let w = words("It helps, but not much; still");
        let clauses: Vec<u16> = w.iter().map(|w| w.clause).collect();
        assert_eq!(clauses, [0, 0, 1, 1, 1, 2]);
        assert_eq!(&"It helps"[w[1].s..w[1].e], "helps");
    }

    #[test]
    fn spellings_prefixes_and_gaps() {
        let mut p = Phrases::default();
        p.add("neurologic/neurological deficit*", 1);
        p.add("failed ~3 conservative", 2);
        let w =
            words("No neurological deficits; the patient failed a course of conservative care.");
        let hits: Vec<(i32, usize, usize)> = p
            .scan(&w)
            .iter()
            .map(|h| (*h.value, h.from, h.to))
            .collect();
        assert_eq!(hits, [(1, 1, 3), (2, 5, 10)]);
        // a gap does not cross a clause
        let w = words("failed; conservative");
        assert!(!p.any(&w));
        let w = words("failed a b c d conservative");
        assert!(!p.any(&w));
    }

    #[test]
    fn neighbouring_words_also_match_joined() {
        let mut p = Phrases::default();
        p.add("transitioned to ~3 self directed", 1);
        p.add("first line ~2 therapy", 2);
        for s in [
            "She should be transitioned to a self-directed program.",
            "She should be transitioned to a selfdirected program.",
        ] {
            assert_eq!(p.scan(&words(s)).len(), 1, "{s}");
        }
        assert!(p.any(&words("no failed firstline therapy")));
        assert!(!p.any(&words("first or second line therapy")));
    }
}
