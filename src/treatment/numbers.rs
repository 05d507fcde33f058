//! Numbers of a request: session counts, a drug's strength and quantity,
//! and numbers written as words (TREATMENTS.md, sessions and drug).

use super::lexicon::{self, is, List, Words};

/// A number written as a word (`six`, `twelve`, `twice`): `data/words.tsv`.
pub fn number_word(w: &str) -> Option<u32> {
    lexicon::number_word(w)
}

fn digits(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 5 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// A number at word `i`: its value, the index after it, and whether the
/// word itself means "times" (`twice`). `two (2)` is one number. A number
/// glued to a letter-and-digit word by `-` or `/` (`L4-5`, `10/325mg`,
/// `11/14/16`) is not a count.
fn number_at(w: &Words<'_>, i: usize) -> Option<(u32, usize, bool)> {
    let word = w.word(i);
    let (n, times) = match digits(word) {
        Some(n) => {
            if i > 0 && w.glued(i - 1) && (w.has_between(i - 1, '/') || w.has_between(i - 1, '.')) {
                return None;
            }
            if i > 0
                && w.glued(i - 1)
                && w.has_between(i - 1, '-')
                && digits(w.word(i - 1)).is_none()
            {
                return None;
            }
            if i + 1 < w.len() && w.glued(i) && w.has_between(i, '/') {
                return None;
            }
            (n, false)
        }
        None => {
            let n = number_word(word)?;
            (n, is(List::TimesWord, word))
        }
    };
    let mut next = i + 1;
    // "two (2)"
    if next < w.len()
        && w.has_between(i, '(')
        && digits(w.word(next)) == Some(n)
        && w.has_between(next, ')')
    {
        next += 1;
    }
    Some((n, next, times))
}

fn is_times(word: &str) -> bool {
    is(List::Times, word)
}

fn is_per(word: &str) -> bool {
    is(List::Per, word)
}

/// A period word: `week` (or `weekly`, which also means "per").
fn period(word: &str) -> Option<(&'static str, bool)> {
    Some(if is(List::Week, word) {
        ("week", false)
    } else if is(List::Weekly, word) {
        ("week", true)
    } else if is(List::Month, word) {
        ("month", false)
    } else if is(List::Monthly, word) {
        ("month", true)
    } else {
        return None;
    })
}

fn is_unit(word: &str) -> bool {
    is(List::Unit, word)
}

/// Words that may stand between a count and its unit ("eight physical
/// therapy sessions") are letters only and none of these.
fn is_stop(word: &str) -> bool {
    is_times(word) || is_per(word) || period(word).is_some() || is(List::Stop, word)
}

/// How a count of sessions was stated, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// "two of six" (the remaining portion of a partly authorized request)
    OfTotal,
    /// "12 visits", "eight (8) physical therapy sessions" (several add up)
    Count,
    /// "(4)"
    Paren,
    /// "2 times a week for 6 weeks", "2x6", "2 times 8" (several add up)
    Product,
    /// "times 12", "x12", "#6"
    Times,
}

#[derive(Debug, Clone, Copy)]
struct Statement {
    kind: Kind,
    n: u32,
    from: usize,
    to: usize,
}

impl Statement {
    fn new(kind: Kind, n: u32, from: usize, to: usize) -> Statement {
        Statement { kind, n, from, to }
    }
}

/// The sessions a request states: the total and the words `[from, to)`
/// (word indices) stating it; `None` for none, or a range.
pub fn sessions(w: &Words<'_>) -> Option<(u32, usize, usize)> {
    let mut found: Vec<Statement> = Vec::new();
    let mut range = false;
    let mut i = 0;
    while i < w.len() {
        let word = w.word(i);
        // "2x6", "3x", "x12"
        if let Some((a, b)) = word.split_once('x') {
            let (a, b) = (digits(a), digits(b));
            match (a, b) {
                (Some(a), Some(b)) => {
                    found.push(Statement::new(Kind::Product, a.saturating_mul(b), i, i + 1));
                    i += 1;
                    continue;
                }
                (None, Some(b))
                    if word.starts_with('x')
                        && !(i + 1 < w.len() && is(List::NotSessions, w.word(i + 1))) =>
                {
                    found.push(Statement::new(Kind::Times, b, i, i + 1));
                    i += 1;
                    continue;
                }
                (Some(a), None) if word.ends_with('x') => {
                    if let Some(s) = frequency(w, i, a, i + 1, Said::Times) {
                        found.push(s);
                        i = s.to;
                    } else {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
        }
        if is_times(word) && i + 1 < w.len() {
            if let Some((n, next, _)) = number_at(w, i + 1) {
                let counted = next < w.len() && is(List::NotSessions, w.word(next));
                if !is_range_after(w, next - 1) && !counted {
                    found.push(Statement::new(Kind::Times, n, i, next));
                    i = next;
                    continue;
                }
            }
        }
        let Some((n, next, times)) = number_at(w, i) else {
            // "weekly for 8 weeks": once a week
            if period(word).is_some_and(|(_, per)| per) {
                if let Some(s) = frequency(w, i, 1, i, Said::Times) {
                    found.push(s);
                    i = s.to;
                    continue;
                }
            }
            i += 1;
            continue;
        };
        // "#6"
        if w.before(i).iter().any(|t| &w.low[t.s..t.e] == "#") {
            found.push(Statement::new(Kind::Times, n, i, next));
            i = next;
            continue;
        }
        // a range: "1 to 2", "12-18", "1-2x"
        if is_range_after(w, next - 1) {
            range = true;
            i = next + 2;
            continue;
        }
        // "two of six"
        if next + 1 < w.len() && w.word(next) == "of" {
            if let Some((_, after, _)) = number_at(w, next + 1) {
                found.push(Statement::new(Kind::OfTotal, n, i, after));
                i = after;
                continue;
            }
        }
        // "(4)" standing alone
        if w.has_between(next - 1, ')') && i > 0 && w.has_between(i - 1, '(') {
            found.push(Statement::new(Kind::Paren, n, i, next));
            i = next;
            continue;
        }
        let said = if times { Said::Times } else { Said::Number };
        if let Some(s) = frequency(w, i, n, next, said) {
            found.push(s);
            i = s.to;
            continue;
        }
        // "N [up to three words] sessions"
        let mut j = next;
        let mut count = None;
        while j < w.len() && j < next + 4 {
            let x = w.word(j);
            if is_unit(x) {
                // "3 visits per week for 4 weeks" is a frequency
                count = Some(j + 1);
                break;
            }
            if is_stop(x) || !x.bytes().all(|b| b.is_ascii_alphabetic()) {
                break;
            }
            j += 1;
        }
        if let Some(to) = count {
            if let Some(s) = frequency(w, i, n, to, Said::Unit) {
                found.push(s);
                i = s.to;
                continue;
            }
            found.push(Statement {
                kind: Kind::Count,
                n,
                from: i,
                to,
            });
            i = to;
            continue;
        }
        i = next;
    }
    let best = found.iter().map(|s| s.kind).min()?;
    if range && best >= Kind::Product {
        return None;
    }
    let chosen: Vec<&Statement> = found.iter().filter(|s| s.kind == best).collect();
    let add = matches!(best, Kind::Count | Kind::Product);
    let (n, from, to) = if add {
        let mut total: u32 = 0;
        for s in &chosen {
            total = total.saturating_add(s.n);
        }
        (total, chosen[0].from, chosen[chosen.len() - 1].to)
    } else {
        (chosen[0].n, chosen[0].from, chosen[0].to)
    };
    (n > 0).then_some((n, from, to))
}

/// Whether the number ending at word `k` starts a range: `1 to 2`,
/// `1 or 2`, `12-18`.
fn is_range_after(w: &Words<'_>, k: usize) -> bool {
    if k + 1 >= w.len() {
        return false;
    }
    let next = w.word(k + 1);
    if w.glued(k) && w.has_between(k, '-') {
        return digits(next).is_some()
            || next
                .split_once('x')
                .is_some_and(|(a, _)| digits(a).is_some());
    }
    is(List::Range, w.word(k + 1))
        && k + 2 < w.len()
        && (digits(w.word(k + 2)).is_some() || number_word(w.word(k + 2)).is_some())
}

/// What the words of a number said before a frequency's other words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    /// a bare number ("2")
    Number,
    /// a number that means "times" ("twice", "3x")
    Times,
    /// a count with its unit ("3 visits"): only "per week for M weeks"
    /// or an explicit "times M" makes it a frequency ("Six sessions, twice
    /// a week" is six; "8 visits (30 minutes)" is eight)
    Unit,
}

/// A frequency from the number `n` at word `from` (its words end before
/// `next`): `[times] [per] week [for|x|times] M weeks` → n × m, or
/// `times M` → n × m. Minutes, hours and days are never the M.
fn frequency(w: &Words<'_>, from: usize, n: u32, next: usize, said: Said) -> Option<Statement> {
    let mut j = next;
    let word = |j: usize| if j < w.len() { w.word(j) } else { "" };
    let mut said_times = said == Said::Times;
    if is_times(word(j)) {
        said_times = true;
        j += 1;
    } else if said == Said::Number && is_unit(word(j)) {
        j += 1;
    }
    // "2 times 8", "1 times 6"
    if said_times {
        if let Some((m, after, _)) = (j < w.len()).then(|| number_at(w, j)).flatten() {
            if is_range_after(w, after - 1)
                || (is(List::NotSessions, word(after)) && period(word(after)).is_none())
            {
                return None;
            }
            let mut to = after;
            if period(word(to)).is_some() {
                to += 1;
            }
            return Some(Statement {
                kind: Kind::Product,
                n: n.saturating_mul(m),
                from,
                to,
            });
        }
    }
    // per week
    // "a week", "/week", "weekly", "x week"
    let per_slash = j > 0 && j < w.len() && j > from && w.has_between(j - 1, '/');
    if is_per(word(j)) {
        j += 1;
    } else if !per_slash && !said_times && period(word(j)).is_none_or(|(_, per)| !per) {
        return None;
    }
    let (unit, _) = period(word(j))?;
    j += 1;
    // for M weeks
    while is(List::Duration, word(j)) {
        j += 1;
    }
    let (m, after, _) = (j < w.len()).then(|| number_at(w, j)).flatten()?;
    if is_range_after(w, after - 1) {
        return None;
    }
    let (unit2, _) = period(word(after))?;
    if unit2 != unit {
        return None;
    }
    Some(Statement {
        kind: Kind::Product,
        n: n.saturating_mul(m),
        from,
        to: after + 1,
    })
}

/// Units of a strength, longest first.
const STRENGTH_UNITS: &[&str] = &[
    "mg/ml", "mg/g", "mcg/hr", "mcg/h", "mg/hr", "mg/5ml", "mcg/ml", "mg", "mcg", "\u{b5}g", "%",
    "iu", "units", "meq",
];

/// The first strength in the lower-cased request: byte range and the value
/// as TREATMENTS.md writes it (spaces removed).
pub fn strength(low: &str) -> Option<(usize, usize, String)> {
    let b = low.as_bytes();
    let mut p = 0;
    while p < b.len() {
        let starts = b[p].is_ascii_digit()
            && (p == 0
                || !(b[p - 1].is_ascii_alphanumeric() || matches!(b[p - 1], b'#' | b'.' | b'/')));
        if !starts {
            p += 1;
            continue;
        }
        // "10/325", "10-325", "50-300-40": the parts of a combination
        let mut q = number_end(b, p);
        while q + 1 < b.len() && matches!(b[q], b'/' | b'-') && b[q + 1].is_ascii_digit() {
            q = number_end(b, q + 1);
        }
        let mut u = q;
        if u < b.len() && b[u] == b' ' {
            u += 1;
        }
        for unit in STRENGTH_UNITS {
            if low[u..].starts_with(unit) {
                let end = u + unit.len();
                let boundary = end >= b.len() || !b[end].is_ascii_alphanumeric();
                if boundary {
                    // "10mg/1ml", "10mg/5 ml"
                    let mut end = end;
                    if b.get(end) == Some(&b'/') {
                        let mut k = end + 1;
                        while k < b.len() && (b[k].is_ascii_digit() || b[k] == b' ') {
                            k += 1;
                        }
                        if let Some(per) = ["ml", "g", "hr", "h"]
                            .iter()
                            .find(|u| low[k..].starts_with(**u))
                        {
                            let e = k + per.len();
                            if e >= b.len() || !b[e].is_ascii_alphanumeric() {
                                end = e;
                            }
                        }
                    }
                    let value = low[p..end].replace(' ', "");
                    return Some((p, end, value));
                }
            }
        }
        p = q.max(p + 1);
    }
    None
}

fn number_end(b: &[u8], mut q: usize) -> usize {
    while q < b.len() && b[q].is_ascii_digit() {
        q += 1;
    }
    if q + 1 < b.len() && b[q] == b'.' && b[q + 1].is_ascii_digit() {
        q += 1;
        while q < b.len() && b[q].is_ascii_digit() {
            q += 1;
        }
    }
    q
}

/// Words that count what is dispensed ("60 tablets").
fn is_count_unit(word: &str) -> bool {
    is(List::CountUnit, word)
}

/// Words after "N tablets" that make it a dose, not a quantity.
fn is_dose_word(word: &str) -> bool {
    is(List::Dose, word)
        || word.starts_with('q')
            && word.len() <= 4
            && word[1..].bytes().all(|c| c.is_ascii_digit() || c == b'h')
}

/// The quantity dispensed: `#90`, "quantity 30", "60 tablets"; its value
/// and byte range. Words in `skip` (a drug's own name, as in
/// "Tylenol #3") are not read.
pub fn quantity(w: &Words<'_>, skip: &[(usize, usize)]) -> Option<(u32, usize, usize)> {
    let skipped = |i: usize| skip.iter().any(|&(a, b)| i >= a && i < b);
    // "#90"
    for i in 0..w.len() {
        if skipped(i) {
            continue;
        }
        let hash = w.before(i).iter().find(|t| &w.low[t.s..t.e] == "#");
        if let (Some(h), Some(n)) = (hash, digits(w.word(i))) {
            return Some((n, h.s, w.range(i).1));
        }
    }
    // "quantity 30", "qty: 30", "quantity of 30"
    for i in 0..w.len() {
        if is(List::Quantity, w.word(i)) {
            let mut j = i + 1;
            if j < w.len() && w.word(j) == "of" {
                j += 1;
            }
            if j < w.len() {
                if let Some((n, next, _)) = number_at(w, j) {
                    let (s, e) = w.span(i, next);
                    return Some((n, s, e));
                }
            }
        }
    }
    // "60 tablets"
    for i in 0..w.len() {
        if skipped(i) {
            continue;
        }
        let Some((n, next, times)) = number_at(w, i) else {
            continue;
        };
        if times || next >= w.len() || !is_count_unit(w.word(next)) {
            continue;
        }
        // "5% patches": a strength, not a count
        if w.between(next - 1).iter().any(|t| &w.low[t.s..t.e] != "-") {
            continue;
        }
        if i > 0 && is(List::Take, w.word(i - 1)) {
            continue;
        }
        let dose = (next + 1 < w.len()) && is_dose_word(w.word(next + 1));
        if !dose && !is_range_after(w, next - 1) {
            let (s, e) = w.span(i, next + 1);
            return Some((n, s, e));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sess(s: &str) -> Option<u32> {
        let low = s.to_ascii_lowercase();
        let w = Words::new(&low);
        sessions(&w).map(|(n, _, _)| n)
    }

    fn sess_words(s: &str) -> Option<String> {
        let low = s.to_ascii_lowercase();
        let w = Words::new(&low);
        sessions(&w).map(|(_, a, b)| {
            let (s0, e0) = w.span(a, b);
            s[s0..e0].to_string()
        })
    }

    #[test]
    fn stated_counts() {
        assert_eq!(sess("12 visits"), Some(12));
        assert_eq!(sess("six sessions of acupuncture"), Some(6));
        assert_eq!(sess("Eight physical therapy sessions"), Some(8));
        assert_eq!(
            sess("Request for eight (8) physical therapy sessions"),
            Some(8)
        );
        assert_eq!(sess("Physical therapy, times 12"), Some(12));
        assert_eq!(sess("Chiropractic x12"), Some(12));
        assert_eq!(sess("Acupuncture #6"), Some(6));
        assert_eq!(sess("Physical therapy (4)"), Some(4));
        assert_eq!(sess("therapy for 6 sessions"), Some(6));
    }

    #[test]
    fn frequency_times_weeks() {
        assert_eq!(sess("2 times a week for 6 weeks"), Some(12));
        assert_eq!(sess("two times a week times six weeks"), Some(12));
        assert_eq!(sess("twice a week for 3 weeks"), Some(6));
        assert_eq!(sess("2x6"), Some(12));
        assert_eq!(sess("2 x 6"), Some(12));
        assert_eq!(sess("Physical exam 2 times 8"), Some(16));
        assert_eq!(sess("3x/week for 4 weeks"), Some(12));
        assert_eq!(sess("3 times per week x 4 weeks"), Some(12));
        assert_eq!(sess("two (2) times a week for six (6) weeks"), Some(12));
        assert_eq!(sess("3 visits per week for 4 weeks"), Some(12));
        assert_eq!(sess("once weekly for 6 weeks"), Some(6));
        assert_eq!(sess("Psychotherapy 1 x week for 6 weeks"), Some(6));
        assert_eq!(
            sess_words("PT 2 times a week for 6 weeks, low back").as_deref(),
            Some("2 times a week for 6 weeks")
        );
    }

    #[test]
    fn stated_count_beats_its_restatement() {
        assert_eq!(
            sess("Six sessions of acupuncture one time a week for six weeks"),
            Some(6)
        );
        assert_eq!(sess("PT 2 times a week for 2 weeks (4)"), Some(4));
        assert_eq!(
            sess("TWO OF SIX ACUPUNCTURE ONE TIME PER WEEK FOR SIX WEEKS"),
            Some(2)
        );
    }

    #[test]
    fn counts_for_parts_add_up() {
        assert_eq!(
            sess("two sessions for the lumbar spine and eight sessions for the wrist"),
            Some(10)
        );
    }

    #[test]
    fn ranges_and_nothing() {
        assert_eq!(sess("1 to 2 times per week for 4 weeks"), None);
        assert_eq!(sess("12-18 sessions"), None);
        assert_eq!(sess("1-2x/week for 6 weeks"), None);
        assert_eq!(sess("daily"), None);
        assert_eq!(sess("Right L4-5 ESI"), None);
        assert_eq!(sess("Norco 10/325mg"), None);
        assert_eq!(sess("DOS 11/14/16"), None);
        assert_eq!(sess("2 times a week"), None);
        assert_eq!(sess("Functional restoration program x 80 hours"), None);
        assert_eq!(sess("Gym membership x 1 year"), None);
        assert_eq!(sess("TENS supplies x3 months"), None);
        assert_eq!(sess(""), None);
    }

    #[test]
    fn number_words() {
        assert_eq!(number_word("twelve"), Some(12));
        assert_eq!(number_word("twice"), Some(2));
        assert_eq!(number_word("dozen"), None);
    }

    #[test]
    fn strengths() {
        let s = |x: &str| strength(&x.to_ascii_lowercase()).map(|v| v.2);
        assert_eq!(s("Norco 10/325mg #35").as_deref(), Some("10/325mg"));
        assert_eq!(s("Naproxen 550 MG").as_deref(), Some("550mg"));
        assert_eq!(s("Lidocaine 5% patch").as_deref(), Some("5%"));
        assert_eq!(s("Trezix 30.5/30/16mg").as_deref(), Some("30.5/30/16mg"));
        assert_eq!(s("Diclofenac sodium 3% 300mg/g").as_deref(), Some("3%"));
        assert_eq!(s("Cyclobenzaprine 7.5mg").as_deref(), Some("7.5mg"));
        assert_eq!(s("Lidocaine ointment 106.32gm").as_deref(), None);
        assert_eq!(s("#90 DOS 11/14/16 L5").as_deref(), None);
        assert_eq!(s("Butrans 10mcg/hr").as_deref(), Some("10mcg/hr"));
        assert_eq!(s("Percocet 10-325mg").as_deref(), Some("10-325mg"));
        assert_eq!(s("Fioricet 50-300-40 mg").as_deref(), Some("50-300-40mg"));
        assert_eq!(s("Physical therapy 12-18 sessions").as_deref(), None);
        assert_eq!(s("Right L4-5 ESI 2 mg").as_deref(), Some("2mg"));
    }

    #[test]
    fn quantities() {
        let q = |x: &str| {
            let low = x.to_ascii_lowercase();
            let w = Words::new(&low);
            quantity(&w, &[]).map(|v| v.0)
        };
        assert_eq!(q("Norco 10/325mg #35"), Some(35));
        assert_eq!(q("Lidocaine 5% patch #1"), Some(1));
        assert_eq!(
            q("Norco 5/325mg oral tablet, one tablet twice daily 14 days #40"),
            Some(40)
        );
        assert_eq!(q("Ibuprofen 800mg, 90 tablets"), Some(90));
        assert_eq!(q("Ibuprofen 800mg quantity 30"), Some(30));
        assert_eq!(q("Colace 100mg 1 tablet by mouth as needed"), None);
        assert_eq!(q("Lidocaine ointment 5% 106.32gm"), None);
        assert_eq!(q("(unknown quantity)"), None);
        assert_eq!(q("Two refills of Ibuprofen 600mg #90"), Some(90));
    }
}
