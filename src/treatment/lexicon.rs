//! The words of a request, and phrase tables matched over them.
//!
//! A request is lower-cased once (ASCII only, so byte offsets stay those of
//! the request) and cut into tokens: runs of letters and digits (a decimal
//! point between digits stays inside: `7.5`) and single other characters.
//! A phrase of a data table is a list of words; it matches consecutive words
//! of the request with nothing between them but white space and joining
//! punctuation (`-`, `/`, `'`, `.`, `#`), so `x-ray`, `x ray` and `X/ray` all
//! match the phrase `x ray`. A word of a phrase ending in `*` matches any word
//! it begins (`arthroscop*`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// One token of the lower-cased request, `[s, e)` in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    /// A run of letters and digits (else one punctuation character).
    pub word: bool,
}

/// The request, lower-cased and cut into tokens.
#[derive(Debug)]
pub struct Words<'a> {
    /// The lower-cased request (same byte offsets as the request).
    pub low: &'a str,
    pub toks: Vec<Tok>,
    /// Indices into `toks` of the word tokens.
    pub words: Vec<usize>,
}

/// Characters that may stand between the words of one phrase.
fn joining(c: char) -> bool {
    matches!(c, '-' | '/' | '\'' | '.' | '#' | '\u{2019}')
}

impl<'a> Words<'a> {
    pub fn new(low: &'a str) -> Words<'a> {
        let mut toks: Vec<Tok> = Vec::new();
        let bytes = low.as_bytes();
        let mut word_start: Option<usize> = None;
        let mut it = low.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let inner_point = c == '.'
                && word_start.is_some()
                && i > 0
                && bytes[i - 1].is_ascii_digit()
                && it.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
            if c.is_alphanumeric() || inner_point {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                continue;
            }
            if let Some(s) = word_start.take() {
                toks.push(Tok {
                    s,
                    e: i,
                    word: true,
                });
            }
            if !c.is_whitespace() {
                toks.push(Tok {
                    s: i,
                    e: i + c.len_utf8(),
                    word: false,
                });
            }
        }
        if let Some(s) = word_start {
            toks.push(Tok {
                s,
                e: low.len(),
                word: true,
            });
        }
        let words = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.word)
            .map(|(k, _)| k)
            .collect();
        Words { low, toks, words }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The text of word `i`.
    #[inline(never)]
    pub fn word(&self, i: usize) -> &'a str {
        let t = self.toks[self.words[i]];
        &self.low[t.s..t.e]
    }

    /// Byte range of word `i`.
    #[inline(never)]
    pub fn range(&self, i: usize) -> (usize, usize) {
        let t = self.toks[self.words[i]];
        (t.s, t.e)
    }

    /// Byte range of words `[i, j)` (j > i).
    #[inline(never)]
    pub fn span(&self, i: usize, j: usize) -> (usize, usize) {
        (self.range(i).0, self.range(j - 1).1)
    }

    /// The punctuation tokens between word `i` and word `i + 1` (or after
    /// the last word).
    #[inline(never)]
    pub fn between(&self, i: usize) -> &[Tok] {
        let from = self.words[i] + 1;
        let to = self.words.get(i + 1).copied().unwrap_or(self.toks.len());
        &self.toks[from..to]
    }

    /// The punctuation tokens before word `i` (back to the previous word).
    #[inline(never)]
    pub fn before(&self, i: usize) -> &[Tok] {
        let to = self.words[i];
        let from = if i == 0 { 0 } else { self.words[i - 1] + 1 };
        &self.toks[from..to]
    }

    /// Whether word `i + 1` follows word `i` with only white space and
    /// joining punctuation between them.
    #[inline(never)]
    pub fn joined(&self, i: usize) -> bool {
        i + 1 < self.words.len()
            && self
                .between(i)
                .iter()
                .all(|t| self.low[t.s..t.e].chars().next().is_some_and(joining))
    }

    /// Whether the text between word `i` and word `i + 1` holds the
    /// character `c`.
    #[inline(never)]
    pub fn has_between(&self, i: usize, c: char) -> bool {
        self.between(i)
            .iter()
            .any(|t| self.low[t.s..t.e].starts_with(c))
    }

    /// Whether word `i + 1` touches word `i` (no white space between; only
    /// punctuation, if anything).
    #[inline(never)]
    pub fn glued(&self, i: usize) -> bool {
        i + 1 < self.words.len() && {
            let a = self.range(i).1;
            let b = self.range(i + 1).0;
            !self.low[a..b].chars().any(char::is_whitespace)
        }
    }
}

/// One word of a phrase.
#[derive(Debug, Clone)]
enum Pat {
    Exact(Box<str>),
    Prefix(Box<str>),
}

impl Pat {
    fn parse(w: &str) -> Pat {
        match w.strip_suffix('*') {
            Some(p) => Pat::Prefix(p.into()),
            None => Pat::Exact(w.into()),
        }
    }
    fn matches(&self, w: &str, plural: bool) -> bool {
        match self {
            Pat::Prefix(p) => w.starts_with(&**p),
            Pat::Exact(p) => w == &**p || (plural && singular(w).any(|s| s == **p)),
        }
    }
}

/// The singular forms a word may stand for: `knees` → `knee`,
/// `extremities` → `extremity`, `braces` → `brace`.
fn singular(w: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let s = w.strip_suffix('s').filter(|s| s.len() >= 2);
    let es = w.strip_suffix("es").filter(|s| s.len() >= 2);
    let ies = w
        .strip_suffix("ies")
        .filter(|s| s.len() >= 2)
        .map(|s| std::borrow::Cow::Owned(format!("{s}y")));
    s.map(std::borrow::Cow::Borrowed)
        .into_iter()
        .chain(es.map(std::borrow::Cow::Borrowed))
        .chain(ies)
}

/// A table of phrases, each with a value; matched leftmost-longest.
#[derive(Debug)]
pub struct Phrases<T> {
    index: Index,
    values: Vec<T>,
}

/// The phrases themselves (not generic: one copy of the matching code).
#[derive(Debug)]
struct Index {
    pats: Vec<Vec<Pat>>,
    /// First word → entries.
    by_first: HashMap<Box<str>, Vec<usize>>,
    /// Entries whose first word is a prefix pattern.
    prefixed: Vec<usize>,
    /// Whether a word may be a plural of a phrase word.
    plural: bool,
}

/// A phrase found in the request: words `[i, i + len)` and the entry's value.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'t, T> {
    pub i: usize,
    pub len: usize,
    pub value: &'t T,
}

impl<T> Phrases<T> {
    /// Build from `(phrase, value)` pairs, the phrase's words separated by
    /// spaces. Earlier entries win ties of length.
    pub fn new<S: AsRef<str>>(list: Vec<(S, T)>, plural: bool) -> Phrases<T> {
        let mut pats = Vec::with_capacity(list.len());
        let mut values = Vec::with_capacity(list.len());
        for (phrase, value) in list {
            let p: Vec<Pat> = phrase.as_ref().split_whitespace().map(Pat::parse).collect();
            if !p.is_empty() {
                pats.push(p);
                values.push(value);
            }
        }
        Phrases {
            index: Index::new(pats, plural),
            values,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.values.iter()
    }

    /// The longest entry matching at word `i`.
    pub fn at(&self, w: &Words<'_>, i: usize) -> Option<Hit<'_, T>> {
        let (len, k) = self.index.at(w, i)?;
        Some(Hit {
            i,
            len,
            value: &self.values[k],
        })
    }

    /// Every match, leftmost-longest, not overlapping.
    pub fn scan(&self, w: &Words<'_>) -> Vec<Hit<'_, T>> {
        self.index
            .scan(w)
            .into_iter()
            .map(|(i, len, k)| Hit {
                i,
                len,
                value: &self.values[k],
            })
            .collect()
    }
}

impl Index {
    fn new(pats: Vec<Vec<Pat>>, plural: bool) -> Index {
        let mut by_first: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        let mut prefixed = Vec::new();
        for (k, p) in pats.iter().enumerate() {
            match &p[0] {
                Pat::Exact(w) => by_first.entry(w.clone()).or_default().push(k),
                Pat::Prefix(_) => prefixed.push(k),
            }
        }
        Index {
            pats,
            by_first,
            prefixed,
            plural,
        }
    }

    /// The longest entry matching at word `i`: (its length in words, entry).
    fn at(&self, w: &Words<'_>, i: usize) -> Option<(usize, usize)> {
        let first = w.word(i);
        let mut best: Option<(usize, usize)> = None; // (len, entry)
        let mut consider = |k: usize| {
            let pats = &self.pats[k];
            if best.is_some_and(|(l, b)| l > pats.len() || (l == pats.len() && b < k)) {
                return;
            }
            if i + pats.len() > w.len() {
                return;
            }
            for (n, p) in pats.iter().enumerate() {
                if n > 0 && !w.joined(i + n - 1) {
                    return;
                }
                if !p.matches(w.word(i + n), self.plural) {
                    return;
                }
            }
            best = Some((pats.len(), k));
        };
        if let Some(v) = self.by_first.get(first) {
            v.iter().for_each(|&k| consider(k));
        }
        if self.plural {
            for s in singular(first) {
                if let Some(v) = self.by_first.get(s.as_ref()) {
                    v.iter().for_each(|&k| consider(k));
                }
            }
        }
        self.prefixed.iter().for_each(|&k| consider(k));
        best
    }

    /// Every match, leftmost-longest, not overlapping: (word, length, entry).
    fn scan(&self, w: &Words<'_>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < w.len() {
            match self.at(w, i) {
                Some((len, k)) => {
                    out.push((i, len, k));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The small word lists of `data/words.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    TimesWord,
    Times,
    Per,
    Week,
    Weekly,
    Month,
    Monthly,
    Duration,
    Unit,
    Stop,
    Range,
    Quantity,
    CountUnit,
    Dose,
    Take,
    Break,
    ListWord,
    NotSessions,
    ClassStrength,
}

const LIST_NAMES: [(&str, List); 19] = [
    ("times-word", List::TimesWord),
    ("times", List::Times),
    ("per", List::Per),
    ("week", List::Week),
    ("weekly", List::Weekly),
    ("month", List::Month),
    ("monthly", List::Monthly),
    ("duration", List::Duration),
    ("unit", List::Unit),
    ("stop", List::Stop),
    ("range", List::Range),
    ("quantity", List::Quantity),
    ("count-unit", List::CountUnit),
    ("dose", List::Dose),
    ("take", List::Take),
    ("break", List::Break),
    ("list", List::ListWord),
    ("not-sessions", List::NotSessions),
    ("class-strength", List::ClassStrength),
];

const WORDS_RAW: &[u8] = include_bytes!("data/words.tsv");
static WORDS: ([u8; WORDS_RAW.len() + 1], usize) = strip_comments(WORDS_RAW);

struct Lists {
    lists: Vec<Vec<&'static str>>,
    numbers: Vec<(&'static str, u32)>,
    retrospective: Phrases<()>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut lists = vec![Vec::new(); LIST_NAMES.len()];
        let mut numbers = Vec::new();
        let mut retro = Vec::new();
        for r in rows(text(&WORDS)) {
            let (name, words) = (r[0], r.get(1).copied().unwrap_or(""));
            let words = words.split('|').map(str::trim);
            match name {
                "number" => numbers.extend(words.filter_map(|w| {
                    let (w, n) = w.split_once('=')?;
                    Some((w, n.parse().ok()?))
                })),
                "retrospective" => retro.extend(words.map(|w| (w, ()))),
                _ => {
                    if let Some(k) = LIST_NAMES.iter().position(|(n, _)| *n == name) {
                        lists[k].extend(words);
                    }
                }
            }
        }
        Lists {
            lists,
            numbers,
            retrospective: Phrases::new(retro, false),
        }
    })
}

/// Whether `word` is in a word list.
pub fn is(list: List, word: &str) -> bool {
    lists().lists[list as usize].contains(&word)
}

/// The words of a list, in order.
pub fn list(list: List) -> &'static [&'static str] {
    &lists().lists[list as usize]
}

/// A number written as a word (`six`, `twelve`).
pub fn number_word(word: &str) -> Option<u32> {
    lists()
        .numbers
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, n)| n)
}

/// The words saying care was already given ("Retrospective", "DOS",
/// "date of service").
pub fn retrospective_words() -> &'static Phrases<()> {
    &lists().retrospective
}

/// A data table without its comment and blank lines, made at compile time
/// (the binary and the WASM carry the rows, not the documentation): the
/// kept lines first, then zero bytes (`N` must be the table's length + 1),
/// and the length kept.
pub const fn strip_comments<const N: usize>(src: &[u8]) -> ([u8; N], usize) {
    let mut out = [0u8; N];
    let mut o = 0;
    let mut i = 0;
    while i < src.len() {
        let mut j = i;
        while j < src.len() && src[j] != b'\n' {
            j += 1;
        }
        let mut k = i;
        while k < j && (src[k] == b' ' || src[k] == b'\t' || src[k] == b'\r') {
            k += 1;
        }
        if k < j && src[k] != b'#' {
            let mut m = i;
            while m < j && o + 1 < N {
                out[o] = src[m];
                o += 1;
                m += 1;
            }
            if o < N {
                out[o] = b'\n';
                o += 1;
            }
        }
        i = j + 1;
    }
    (out, o)
}

/// The text of a table stripped by [`strip_comments`].
pub fn text<const N: usize>(t: &'static ([u8; N], usize)) -> &'static str {
    std::str::from_utf8(&t.0[..t.1.min(N)]).unwrap_or("")
}

/// The data rows of a tab-separated table: `#` comment lines and blank
/// lines skipped, each row's cells trimmed.
pub fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_offsets_and_decimals() {
        let w = Words::new("norco 7.5/325mg #90, l5-s1");
        let words: Vec<&str> = (0..w.len()).map(|i| w.word(i)).collect();
        assert_eq!(words, ["norco", "7.5", "325mg", "90", "l5", "s1"]);
        assert_eq!(w.range(1), (6, 9));
        assert!(w.joined(1) && w.joined(2) && !w.joined(3) && w.joined(4));
        assert!(w.glued(4) && !w.glued(0));
    }

    #[test]
    fn phrases_longest_first_with_joining_punctuation_and_plurals() {
        let p = Phrases::new(
            vec![
                ("x ray", 1),
                ("ray", 2),
                ("upper extremity", 3),
                ("arthroscop*", 4),
            ],
            true,
        );
        let w = Words::new("x-ray of both upper extremities, arthroscopic");
        let hits: Vec<(usize, usize, i32)> =
            p.scan(&w).iter().map(|h| (h.i, h.len, *h.value)).collect();
        assert_eq!(hits, [(0, 2, 1), (4, 2, 3), (6, 1, 4)]);
        // a comma breaks a phrase
        let w = Words::new("x, ray");
        assert_eq!(p.scan(&w).iter().map(|h| *h.value).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn comments_stripped_at_compile_time() {
        const RAW: &[u8] = b"# head\na\tb\n\n  # c\nd";
        static T: ([u8; RAW.len() + 1], usize) = strip_comments(RAW);
        assert_eq!(text(&T), "a\tb\nd\n");
    }

    #[test]
    fn rows_skip_comments() {
        let r: Vec<Vec<&str>> = rows("# c\n\na\tb \n  # d\nc\n").collect();
        assert_eq!(r, vec![vec!["a", "b"], vec!["c"]]);
    }
}
