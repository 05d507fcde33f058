//! The reviewer's credentials and the patient's age and sex.

use super::text::Joined;
use super::Found;
use crate::model::Sex;
use crate::normalize::Line;
use crate::rules;

/// Licensure and specialties, each with its normalized range.
#[derive(Debug, Default)]
pub struct Credentials {
    pub licensure: Vec<Found>,
    pub specialties: Vec<Found>,
}

/// Split a joined value on commas: each trimmed part with its range.
fn split_list(j: &Joined, seps: &[&str]) -> Vec<Found> {
    let mut out = Vec::new();
    let text = &j.text;
    let mut start = 0;
    let mut i = 0;
    while i <= text.len() {
        let sep = if i == text.len() {
            Some(0)
        } else {
            seps.iter()
                .find(|s| text[i..].starts_with(**s))
                .map(|s| s.len())
        };
        match sep {
            Some(len) => {
                let (value, (s, e)) = j.sub(start, i);
                if !value.is_empty() {
                    out.push(Found {
                        value,
                        start: s,
                        end: e,
                    });
                }
                if i == text.len() {
                    break;
                }
                i += len;
                start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Text after a label on its line plus continuation lines (up to a blank
/// line, a heading, another label, or three lines).
/// What ends a credential value on its own line.
const VALUE_STOPS: &[&str] = &[
    rules::LICENSURE_LABEL,
    rules::SPECIALTY_LABEL,
    rules::SUMMARY_HEADING,
];

fn labelled_value<'a>(
    norm: &str,
    lines: &[Line<'a>],
    label: &str,
    stop_at: usize,
) -> Option<Joined> {
    let idx = lines[..stop_at.min(lines.len())]
        .iter()
        .position(|l| l.text.contains(label))?;
    let line = lines[idx];
    let at = line.text.find(label)? + label.len();
    let start = line.start + at;
    // the value ends at the next label or heading on its line (lines joined)
    let rest = &line.text[at..];
    let cut = VALUE_STOPS.iter().filter_map(|w| rest.find(w)).min();
    if let Some(cut) = cut {
        return Some(Joined::new(norm, start, start + cut));
    }
    let mut end = line.end();
    for next in lines.iter().skip(idx + 1).take(2) {
        let t = next.text.trim();
        let stop = t.is_empty()
            || t.contains(':')
            || t.chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
            || t.ends_with('.');
        if stop {
            break;
        }
        end = next.end();
    }
    Some(Joined::new(norm, start, end))
}

/// Credentials from the `State(s) of Licensure:` / `Certification(s)/Specialty:`
/// labels, or else from the prose of the "how the determination was made"
/// section.
pub fn credentials(
    norm: &str,
    lines: &[Line<'_>],
    prose: Option<(usize, usize)>,
    stop_at: usize,
) -> Credentials {
    let mut c = Credentials::default();
    if let Some(j) = labelled_value(norm, lines, rules::LICENSURE_LABEL, stop_at) {
        c.licensure = split_list(&j, rules::CREDENTIAL_LIST_SEPARATORS);
    }
    if let Some(j) = labelled_value(norm, lines, rules::SPECIALTY_LABEL, stop_at) {
        c.specialties = split_list(&j, rules::CREDENTIAL_LIST_SEPARATORS);
    }
    if let Some((s, e)) = prose {
        // the credentials are in the section's first sentences
        let e = floor_boundary(norm, e.min(s + 3000));
        let j = Joined::new(norm, s, e);
        if c.licensure.is_empty() {
            if let Some(m) = rules::licensed_prose_regex()
                .captures(&j.text)
                .and_then(|c| c.get(1))
            {
                let inner = Joined::new(&j.text, m.start(), m.end());
                c.licensure = split_list(&inner, rules::PROSE_LIST_SEPARATORS)
                    .into_iter()
                    .map(|f| {
                        let (a, b) = j.span(f.start, f.end);
                        Found {
                            value: f.value,
                            start: a,
                            end: b,
                        }
                    })
                    .collect();
            }
        }
        if c.specialties.is_empty() {
            if let Some(m) = rules::board_prose_regex()
                .captures(&j.text)
                .and_then(|c| c.get(1))
            {
                let (value, (a, b)) = j.sub(m.start(), m.end());
                c.specialties.push(Found {
                    value,
                    start: a,
                    end: b,
                });
            }
        }
    }
    c
}

/// The largest char boundary of `text` not after `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Age and sex found, each with where it stands.
pub type PatientFound = (Option<(u32, Found)>, Option<(Sex, Found)>);

/// Age and sex from the first "N year old" of the case summary.
pub fn patient(norm: &str, summary: (usize, usize)) -> PatientFound {
    // The statement is in the summary's first sentences: read a bounded window.
    let (s, e) = summary;
    let e = floor_boundary(norm, e.min(s + 4000));
    let j = Joined::new(norm, s, e);
    // The pattern is tried only around each "year" (a cheap search first).
    let lower = j.text.to_ascii_lowercase();
    let mut found = None;
    for (at, _) in lower.match_indices(rules::AGE_ANCHOR) {
        let mut from = floor_boundary(&j.text, at.saturating_sub(8));
        // never start inside a number
        while from > 0 && j.text.as_bytes()[from - 1].is_ascii_digit() {
            from -= 1;
        }
        let to = floor_boundary(&j.text, (at + 40).min(j.text.len()));
        if let Some(c) = rules::age_sex_regex().captures(&j.text[from..to]) {
            found = Some((from, c));
            break;
        }
    }
    let Some((base, c)) = found else {
        return (None, None);
    };
    let age = c.get(1).and_then(|m| {
        let n: u32 = m.as_str().parse().ok()?;
        let (a, b) = j.span(base + m.start(), base + m.end());
        (1..=120).contains(&n).then(|| {
            (
                n,
                Found {
                    value: m.as_str().into(),
                    start: a,
                    end: b,
                },
            )
        })
    });
    let sex = c.get(2).and_then(|m| {
        let sex = rules::sex_of(m.as_str())?;
        let (a, b) = j.span(base + m.start(), base + m.end());
        Some((
            sex,
            Found {
                value: m.as_str().into(),
                start: a,
                end: b,
            },
        ))
    });
    (age, sex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn labelled_credentials_with_wrap() {
        let t = "State(s) of Licensure: Iowa, Montana, California\nCertification(s)/Specialty: Preventive Medicine, Occupational Medicine, Public Health &\nGeneral Preventive Medicine\nCLINICAL CASE SUMMARY\n";
        let n = normalize(t);
        let lines = n.lines();
        let c = credentials(&n.text, &lines, None, lines.len());
        let lic: Vec<_> = c.licensure.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(lic, ["Iowa", "Montana", "California"]);
        let sp: Vec<_> = c.specialties.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(
            sp,
            [
                "Preventive Medicine",
                "Occupational Medicine",
                "Public Health & General Preventive Medicine"
            ]
        );
        let last = &c.specialties[2];
        assert_eq!(
            &n.text[last.start..last.end],
            "Public Health &\nGeneral Preventive Medicine"
        );
    }

    #[test]
    fn prose_credentials() {
        let t = "The physician\nreviewer is Board Certified in Anesthesiology and Pain Medicine and is licensed to practice in\nCalifornia. He/she";
        let n = normalize(t);
        let lines = n.lines();
        let c = credentials(&n.text, &lines, Some((0, n.text.len())), lines.len());
        assert_eq!(c.licensure[0].value, "California");
        assert_eq!(
            &n.text[c.licensure[0].start..c.licensure[0].end],
            "California"
        );
        assert_eq!(c.specialties[0].value, "Anesthesiology and Pain Medicine");
    }

    #[test]
    fn age_and_sex() {
        let t = "This case involves a now 36-year-old\nfemale with a history";
        let (age, sex) = patient(t, (0, t.len()));
        assert_eq!(age.unwrap().0, 36);
        let (s, f) = sex.unwrap();
        assert_eq!((s, &t[f.start..f.end]), (Sex::Female, "female"));
        let t = "In 2016 year-end review, the 44 year old male";
        let (age, sex) = patient(t, (0, t.len()));
        assert_eq!(age.unwrap().0, 44);
        assert_eq!(sex.unwrap().0, Sex::Male);
        let t = "This 57 year-old patient sustained";
        let (age, sex) = patient(t, (0, t.len()));
        assert_eq!(age.unwrap().0, 57);
        assert!(sex.is_none());
    }
}
