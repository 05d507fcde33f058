//! Rules that are data: headings, labels, wordings and page furniture.
//!
//! Everything the analyzer recognises by its words is listed here, so a new
//! wording is one line in a table, not a change to the logic.

use regex_lite::Regex;
use std::sync::OnceLock;

/// A section of a letter, found by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// "HOW THE IMR FINAL DETERMINATION WAS MADE"
    HowMade,
    /// "CLINICAL CASE SUMMARY" / "Case Summary:"
    Summary,
    /// "IMR ISSUES, DECISIONS AND RATIONALES" and its equivalents
    Decisions,
    /// "DOCUMENTS REVIEWED"
    Documents,
    /// "Medical Qualifications of the Expert Reviewer:" / "MEDICAL REVIEWER QUALIFICATIONS:"
    Qualifications,
    /// "ISSUE AT DISPUTE:"
    Issue,
    /// "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON ..."
    Guidelines,
    /// "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"
    Rationale,
    /// A letter title: "Notice of Independent Medical Review Determination", "MEDICAL PROFESSIONAL REVIEW"
    Title,
}

/// The headings other code names (in messages, or to stop a value).
pub const HOW_MADE_HEADING: &str = "HOW THE IMR FINAL DETERMINATION WAS MADE";
pub const SUMMARY_HEADING: &str = "CLINICAL CASE SUMMARY";
pub const DECISIONS_HEADING: &str = "IMR ISSUES, DECISIONS AND RATIONALES";

/// How a section's heading is named to a person: its first heading in
/// [`HEADINGS`].
pub fn heading_name(section: Section) -> &'static str {
    HEADINGS
        .iter()
        .find(|(_, s, _)| *s == section)
        .map_or("", |(h, _, _)| h)
}

/// Headings, upper-cased with white space collapsed. A line (or two lines
/// joined, for headings that break) that equals or starts with one of these is
/// that heading. The layout each heading suggests comes with it.
pub const HEADINGS: &[(&str, Section, Option<crate::model::Layout>)] = {
    use crate::model::Layout::*;
    use Section::*;
    &[
        (HOW_MADE_HEADING, HowMade, None),
        (SUMMARY_HEADING, Summary, None),
        (DECISIONS_HEADING, Decisions, None),
        ("IMR ISSUES, DECISIONS, AND RATIONALES", Decisions, None),
        (
            "IMR DECISION(S) AND RATIONALE(S)",
            Decisions,
            Some(MaximusDecisions),
        ),
        (
            "DOCUMENTS REVIEWED FOR DETERMINATION:",
            Documents,
            Some(ProfessionalReview),
        ),
        ("DOCUMENTS REVIEWED", Documents, Some(MaximusDecisions)),
        (
            "NOTICE OF INDEPENDENT MEDICAL REVIEW DETERMINATION",
            Title,
            Some(MaximusNotice2013),
        ),
        (
            "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
            Decisions,
            Some(MaximusNotice2013),
        ),
        (
            "MEDICAL QUALIFICATIONS OF THE EXPERT REVIEWER:",
            Qualifications,
            Some(MaximusNotice2013),
        ),
        ("CASE SUMMARY:", Summary, None),
        (
            "MEDICAL PROFESSIONAL REVIEW",
            Title,
            Some(ProfessionalReview),
        ),
        ("ISSUE AT DISPUTE:", Issue, Some(ProfessionalReview)),
        (
            "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
            Guidelines,
            Some(ProfessionalReview),
        ),
        (
            "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
            Rationale,
            Some(ProfessionalReview),
        ),
        (
            "MEDICAL REVIEWER QUALIFICATIONS:",
            Qualifications,
            Some(ProfessionalReview),
        ),
    ]
};

/// A field of the header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    CaseNumber,
    DateAssigned,
    DecisionDate,
    DateOfInjury,
    UrDenialDate,
    ApplicationReceived,
    Priority,
}

impl HeaderField {
    /// JSON Pointer of the field in the analysis.
    pub fn pointer(self) -> &'static str {
        match self {
            HeaderField::CaseNumber => "/case_number",
            HeaderField::DateAssigned => "/dates/assigned",
            HeaderField::DecisionDate => "/dates/decision",
            HeaderField::DateOfInjury => "/dates/injury",
            HeaderField::UrDenialDate => "/dates/ur_denial",
            HeaderField::ApplicationReceived => "/dates/application_received",
            HeaderField::Priority => "/priority",
        }
    }
    /// The field's name as a person reads it: its label without the colon.
    pub fn name(self) -> &'static str {
        HEADER_LABELS
            .iter()
            .find(|(_, field)| *field == self)
            .map_or("", |(l, _)| l.trim_end_matches(':'))
    }
    /// Whether the value is a date.
    pub fn is_date(self) -> bool {
        !matches!(self, HeaderField::CaseNumber | HeaderField::Priority)
    }
}

/// Header labels as written. `Application Received:` is printed as
/// "Application" with the date beside it and "Received:" below, so the first
/// word alone is the label (followed, somewhere after, by "Received:").
pub const HEADER_LABELS: &[(&str, HeaderField)] = &[
    (CASE_NUMBER_LABEL, HeaderField::CaseNumber),
    ("Date Assigned:", HeaderField::DateAssigned),
    ("Decision Date:", HeaderField::DecisionDate),
    ("Date of Injury:", HeaderField::DateOfInjury),
    ("UR Denial Date:", HeaderField::UrDenialDate),
    ("Application Received:", HeaderField::ApplicationReceived),
    ("Application", HeaderField::ApplicationReceived),
    ("Priority:", HeaderField::Priority),
];

/// The second half of the split "Application Received:" label.
pub const RECEIVED_LABEL: &str = "Received:";

/// Priorities as written.
pub const PRIORITIES: &[&str] = &["Standard", "Expedited"];

/// How the labelled credentials are listed ("California,Washington").
pub const CREDENTIAL_LIST_SEPARATORS: &[&str] = &[","];
/// How the licensure is listed in prose ("California, Nevada and Arizona").
pub const PROSE_LIST_SEPARATORS: &[&str] = &[", and ", ", ", " and "];

/// Credential labels of the dwc-2016 header.
pub const LICENSURE_LABEL: &str = "State(s) of Licensure:";
pub const SPECIALTY_LABEL: &str = "Certification(s)/Specialty:";

/// Labels inside one item, in their order.
pub const CLAIMS_GUIDELINE_LABEL: &str = "Claims Administrator guideline:";
pub const MAXIMUS_GUIDELINE_LABEL: &str = "MAXIMUS guideline:";
pub const RATIONALE_LABEL: &str = "Decision rationale:";
pub const ITEM_LABELS: [&str; 3] = [
    CLAIMS_GUIDELINE_LABEL,
    MAXIMUS_GUIDELINE_LABEL,
    RATIONALE_LABEL,
];

/// Decision words and what they mean.
pub const DECISION_WORDS: &[(&str, crate::model::Decision)] = &[
    ("Upheld", crate::model::Decision::Upheld),
    ("Overturned", crate::model::Decision::Overturned),
];

/// A partial-authorization wording: the request paragraph as a whole.
/// Named groups: `x` original request, `y` authorized, `z` remaining portion.
pub const PARTIAL_WORDINGS: &[&str] = &[
    // "X was the original request. Y was authorized by the Claims Administrator.
    //  The remaining IMR eligible portion of the original request, Z [is]"
    r"(?s)^(?P<x>.+?) was the original request\. (?P<y>.+?) was authorized by the Claims Administrator\. The remaining IMR eligible portion of the original request, (?P<z>.+?)(?: is)?$",
    // "X was the original request. The Claims Administrator authorized Y,
    //  leaving the original request IMR eligible. The original request, Z [is]"
    r"(?s)^(?P<x>.+?) was the original request\. The Claims Administrator authorized (?P<y>.+?), leaving the original request IMR eligible\. The original request, (?P<z>.+?)(?: is)?$",
];

/// How the decisions section's introduction ends ("The Final Determination
/// was based on decisions for the disputed items/services set forth below:").
pub const DECISIONS_INTRO_END: &str = "set forth below:";

/// Words every partial-authorization wording has (a cheap test first).
pub const PARTIAL_MARKER: &str = "original request";

/// Sentence endings that belong to a partial-authorization wording: a request
/// paragraph goes on past them.
pub const PARTIAL_SENTENCE_ENDS: &[&str] = &[
    "was the original request.",
    "was authorized by the Claims Administrator.",
    "leaving the original request IMR eligible.",
];

/// The fixed phrases of the partial-authorization wordings (above), as OCR
/// text is repaired to them (src/ocr_text.rs): each is long enough that a
/// near match is the phrase itself.
pub const PARTIAL_PHRASES: &[&str] = &[
    "was the original request.",
    "was authorized by the Claims Administrator.",
    "The remaining IMR eligible portion of the original request,",
    "The Claims Administrator authorized",
    "leaving the original request IMR eligible.",
];

/// How a rationale's conclusion ends, as OCR may read its final period
/// (`,` `;`): before the next item it is the end of a sentence.
pub const NECESSITY_ENDS: &[&str] = &[
    "medically necessary,",
    "medically necessary;",
    "medically necessary:",
];

/// Words a sentence does not end with: a blank line after one is a page
/// break inside the sentence (src/extract/items/lines.rs).
pub const OPEN_WORDS: &[&str] = &[
    "the", "a", "an", "of", "by", "to", "for", "and", "or", "with", "in", "on", "at", "from", "as",
];

/// Labels that stand inside a request and may end its line ("…, #1 box with
/// 1 refill, DOS:" / "11/11/2016: Upheld"): such a line goes on into the next.
pub const REQUEST_INNER_LABELS: &[&str] = &["DOS:", "Date of Service:", "date of service:"];

/// Fixed guideline sentences that cite nothing.
pub const NO_CITATION_SENTENCES: &[&str] = &[
    "based their decision on recommendation(s) outside of the MTUS",
    "did not cite any medical evidence",
];

/// Guideline sources recognised by name: (words in the citation, source).
pub const GUIDELINE_SOURCES: &[(&str, &str)] = &[
    ("Official Disability Guidelines", "ODG"),
    ("ODG", "ODG"),
    ("ACOEM", "ACOEM"),
    ("UpToDate", "UpToDate"),
];

/// How a determination is stated in layouts without Upheld/Overturned:
/// "the request for X is (not) medically necessary".
pub const STATED_WORDS: &str = "medically necessary";
pub const STATED_VERBS: &[&str] = &["is ", "are ", "was ", "were "];
pub const STATED_NEGATION: &str = "not ";
/// A stated determination's sentence must be about the request.
pub const STATED_SUBJECT: &str = "request";

/// What normalization does with a character some viewers put into copied
/// text (see [`CHARACTER_FIXES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharFix {
    /// An invisible character: dropped.
    Delete,
    /// A space that is not U+0020: read as a space.
    Space,
    /// A hyphen that ended a line, the two halves joined: read as `-`.
    Hyphen,
    /// A soft hyphen: shown (read as `-`) only where it ends a line,
    /// otherwise invisible (dropped).
    HyphenAtLineEnd,
}

/// Characters viewers put into copied text, and how each is read.
pub const CHARACTER_FIXES: &[(char, CharFix)] = &[
    // PDFium (Chrome's PDF viewer): a hyphen at a line end, halves joined
    ('\u{FFFE}', CharFix::Hyphen),
    ('\u{00AD}', CharFix::HyphenAtLineEnd),
    ('\u{200B}', CharFix::Delete),
    ('\u{200C}', CharFix::Delete),
    ('\u{200D}', CharFix::Delete),
    ('\u{2060}', CharFix::Delete),
    ('\u{FEFF}', CharFix::Delete),
    ('\u{00A0}', CharFix::Space),
    ('\u{2007}', CharFix::Space),
    ('\u{202F}', CharFix::Space),
];

/// How a character is read ([`CHARACTER_FIXES`]); `None` for every other.
pub fn char_fix(c: char) -> Option<CharFix> {
    if c.is_ascii() {
        return None;
    }
    CHARACTER_FIXES
        .iter()
        .find(|(k, _)| *k == c)
        .map(|&(_, f)| f)
}

/// Citation wordings of a guideline text (`extract::citations`).
pub mod citation {
    /// What starts each citation: "Decision based on …".
    pub const LEAD: &str = "Decision based on ";
    /// A citation outside the MTUS: "Decision based on Non-MTUS Citation …".
    pub const NON_MTUS: &str = "Non-MTUS Citation ";
    /// An MTUS citation: "Decision based on MTUS <chapter> <year> …".
    pub const MTUS: &str = "MTUS ";
    /// The source written for MTUS citations.
    pub const MTUS_SOURCE: &str = "MTUS";
    /// Chapters of one MTUS citation are joined by this.
    pub const CHAPTER_JOIN: &str = ", and ";
    /// Sections of an MTUS chapter follow this label.
    pub const SECTIONS_LABEL: &str = "Section(s):";
    /// Pages (2013 letters) follow this label.
    pub const PAGES_LABEL: &str = "Page(s):";
    /// A page of another source: "… pg. 12".
    pub const PAGE_MARK: &str = "pg. ";
    /// 2013 letters list several guidelines joined by a bare comma before a
    /// capital: these pairs mark that.
    pub const BARE_COMMA_LISTS: &[&str] = &[",C", ",A"];
    /// A citation that is a web address starts with one of these.
    pub const URL_STARTS: &[&str] = &["http", "www."];
    /// The ODG source's name.
    pub const ODG_SOURCE: &str = "ODG";
    /// How the ODG is named before its chapter and topic, longest first.
    pub const ODG_NAMES: &[&str] = &[
        "Official Disability Guidelines (ODG)",
        "Official Disability Guidelines",
        "ODG guidelines",
        "ODG",
    ];
    /// What may stand between the ODG's name and its chapter.
    pub const ODG_NAME_END: &[char] = &[',', ':', '-', ' '];
}

/// Words for the patient's sex in the case summary ("a 48 year old male").
pub const SEX_WORDS: &[(&str, crate::model::Sex)] = {
    use crate::model::Sex::*;
    &[
        ("male", Male),
        ("female", Female),
        ("man", Male),
        ("woman", Female),
        ("gentleman", Male),
        ("lady", Female),
        ("boy", Male),
        ("girl", Female),
    ]
};

/// The sex a word of [`SEX_WORDS`] states (any case).
pub fn sex_of(word: &str) -> Option<crate::model::Sex> {
    SEX_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, s)| s)
}

/// How a determination is stated in layouts without Upheld/Overturned, read
/// in a bounded window after its lead words: "… has determined the request
/// for X is (not) medically necessary". Groups: 1 the request, 2 the words.
pub const DETERMINATION_LEAD: &str = "has determined ";
/// How far after [`DETERMINATION_LEAD`] a statement is read (bytes).
pub const DETERMINATION_WINDOW: usize = 800;
pub const DETERMINATION_SENTENCE: &str = r"^has determined (?:that )?the (?:request|requested treatment|requested service)s? for (.{1,400}?) (?:is|are|was|were) ((?:not )?medically necessary)";

/// Compiled [`DETERMINATION_SENTENCE`].
pub fn determination_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, DETERMINATION_SENTENCE)
}

/// The header label that marks a dwc-2016 letter (and any letter's labels).
pub const CASE_NUMBER_LABEL: &str = "Case Number:";

/// Characters OCR reads for one another (Tesseract on faxes and scans):
/// the class each group is compared in, lower case (src/ocr_text.rs).
/// `l`/`1`/`i`/`|`/`!` (thin strokes), `o`/`0`, `e`/`c` (a broken bowl),
/// `s`/`5`, `b`/`8`, `rn`/`m` is an edit.
pub const OCR_CONFUSIONS: &[(char, &str)] = &[
    ('l', "1i|!"),
    ('o', "0q"),
    ('e', "c"),
    ('s', "5"),
    ('b', "8"),
];

/// Letters OCR reads for digits, where a value's shape has a digit.
pub const OCR_DIGITS: &[(char, &str)] = &[
    ('0', "OoQD"),
    ('1', "lIi|!"),
    ('2', "Zz"),
    ('5', "Ss"),
    ('6', "b"),
    ('8', "B"),
    ('9', "g"),
];

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid built-in pattern"))
}

/// Page footers and headers inside one line: byte ranges to cut out.
///
/// ```
/// let cuts = imr_analyzer::rules::page_furniture("in Final Determination Letter for IMR Case Number  4 medication");
/// assert_eq!(cuts, vec![(3, 53)]);
/// ```
pub fn page_furniture(line: &str) -> Vec<(usize, usize)> {
    static FOOTER: OnceLock<Regex> = OnceLock::new();
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let mut cuts = Vec::new();
    if line.contains("Determination Letter for IMR") {
        let re = regex(
            &FOOTER,
            r"Final Determination Letter for IMR Case Number[ \t]*(?:CM\d\d-\d{5,8})?[ \t]*(?:\d{1,3})?[ \t]*",
        );
        for m in re.find_iter(line) {
            cuts.push((m.start(), m.end()));
        }
    }
    let t = line.trim();
    if t.len() < 24 && t.starts_with("Page ") {
        let re = regex(&PAGE, r"^Page \d{1,4}(?: of \d{1,4})?$");
        if re.is_match(t) {
            cuts.push((0, line.len()));
        }
    }
    cuts
}

/// `CMyy-nnnnnnn` case numbers.
pub fn case_number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"\bCM\d\d-\d{7}\b")
}

/// `MM/DD/YYYY` dates.
pub fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
}

/// The word the age statement is looked for around (cheap search first).
pub const AGE_ANCHOR: &str = "year";

/// Age and sex in the case summary: "36-year-old female", "57 year-old
/// patient"; the sex words are [`SEX_WORDS`].
pub fn age_sex_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<&str> = SEX_WORDS.iter().map(|(w, _)| *w).collect();
        let pattern = format!(
            r"(?i)\b(\d{{1,3}})[ -]+years?[ -]+old\b(?:[ ,]+({})\b)?",
            words.join("|")
        );
        Regex::new(&pattern).expect("valid built-in pattern")
    })
}

/// Licensure in prose: "is licensed to practice in California".
pub fn licensed_prose_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"licensed to practice in ((?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?(?:(?:, | and |, and )[A-Z][a-z]+(?: [A-Z][a-z]+)?)*)",
    )
}

/// Specialty in prose: "Board Certified in Anesthesiology and Pain Medicine and is licensed".
pub fn board_prose_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i:board[ -]certified)(?: in| by the American Board of)? ([A-Z][A-Za-z&/ -]+?)(?:,? and is licensed|,? and has|,? and is|\.|,| who| with)",
    )
}

/// Compiled partial-authorization wordings.
pub fn partial_regexes() -> &'static [Regex] {
    static RE: OnceLock<Vec<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        PARTIAL_WORDINGS
            .iter()
            .map(|p| Regex::new(p).expect("valid built-in pattern"))
            .collect()
    })
}

// ===========================================================================
// Summary grouping (src/summary.rs; SCHEMA.md "Summary: what gets overturned").
// What groups an item in the Summary table: data, not code.
// ===========================================================================

/// Words at the end of a guideline title that do not change which guideline
/// it is ("Chronic Pain Medical Treatment Guidelines" is "Chronic Pain
/// Medical Treatment"; ODG's "Pain Chapter" is "Pain"). Lower case; cut
/// repeatedly.
pub const GUIDELINE_TITLE_TRAILERS: &[&str] = &["guidelines", "guideline", "chapter"];

/// One chapter of a guideline: the name its Summary group shows, and the
/// other names letters cite it by. A cited title whose words (case,
/// punctuation and spacing aside) are a name, or begin with one, is that
/// chapter, so one chapter is one group.
pub struct GuidelineChapter {
    pub source: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// The chapters of the MTUS (California's Medical Treatment Utilization
/// Schedule, 8 CCR §9792.20 ff.: the ACOEM-based body-part chapters of
/// 2004 and the Chronic Pain, Acupuncture, Postsurgical and Opioid
/// guidelines) and of the Official Disability Guidelines (ODG, by body
/// part), as MAXIMUS letters cite them.
pub const GUIDELINE_CHAPTERS: &[GuidelineChapter] = &[
    GuidelineChapter {
        source: "MTUS",
        name: "General Approaches",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Neck and Upper Back Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Shoulder Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Elbow Disorders",
        aliases: &["Elbow Complaints"],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Forearm, Wrist, and Hand Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Low Back Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Knee Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Ankle and Foot Complaints",
        aliases: &[],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Stress Related Conditions",
        aliases: &["Stress-Related Conditions"],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Chronic Pain Medical Treatment",
        aliases: &["Chronic Pain Treatment"],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Acupuncture Treatment",
        aliases: &["Acupuncture Medical Treatment"],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Postsurgical Treatment",
        aliases: &["Post-Surgical Treatment", "Post Surgical Treatment"],
    },
    GuidelineChapter {
        source: "MTUS",
        name: "Opioid Treatment",
        aliases: &["Opioids Treatment"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Ankle & Foot",
        aliases: &["Ankle and Foot"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Carpal Tunnel Syndrome",
        aliases: &[],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Elbow",
        aliases: &[],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Forearm, Wrist & Hand",
        // "Forearm" alone: the chapter's first word, where a citation's
        // title stops at its comma.
        aliases: &["Forearm, Wrist and Hand", "Forearm"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Head",
        aliases: &[],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Hip & Pelvis",
        aliases: &["Hip and Pelvis", "Hips and Pelvis", "Hips & Pelvis"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Knee & Leg",
        aliases: &["Knee and Leg"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Low Back",
        aliases: &["Low Back - Lumbar & Thoracic", "Lumbar & Thoracic"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Mental Illness & Stress",
        aliases: &["Mental Illness and Stress"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Neck & Upper Back",
        aliases: &["Neck and Upper Back"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Pain",
        aliases: &["Chronic Pain"],
    },
    GuidelineChapter {
        source: "ODG",
        name: "Shoulder",
        aliases: &[],
    },
];

/// The sides a body part may carry (TREATMENTS.md, body_parts): the
/// Summary's `body_part` groups are the parts without them.
pub const BODY_PART_SIDES: &[&str] = &["left", "right", "bilateral"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers() {
        assert_eq!(
            page_furniture("Final Determination Letter for IMR Case Number CM13-0012345 3"),
            vec![(0, 61)]
        );
        assert_eq!(page_furniture("Page 2 of 5"), vec![(0, 11)]);
        assert!(page_furniture("Page 2 of the report says").is_empty());
        assert!(page_furniture("an ordinary line").is_empty());
    }

    #[test]
    fn age_sex() {
        let re = age_sex_regex();
        let c = re.captures("a now 36-year-old female with").unwrap();
        assert_eq!(
            (&c[1], c.get(2).map(|m| m.as_str())),
            ("36", Some("female"))
        );
        let c = re.captures("This 57 year-old patient").unwrap();
        assert_eq!((&c[1], c.get(2)), ("57", None));
        let c = re
            .captures("The 58 year old female injured worker")
            .unwrap();
        assert_eq!(c.get(2).unwrap().as_str(), "female");
    }

    #[test]
    fn prose_credentials() {
        let t = "The physician reviewer is Board Certified in Anesthesiology and Pain Medicine and is licensed to practice in California. He";
        assert_eq!(
            &board_prose_regex().captures(t).unwrap()[1],
            "Anesthesiology and Pain Medicine"
        );
        assert_eq!(
            &licensed_prose_regex().captures(t).unwrap()[1],
            "California"
        );
        let t = "reviewer is Board Certified Physical Medicine and Rehabilitation, and is licensed to practice in California.";
        assert_eq!(
            &board_prose_regex().captures(t).unwrap()[1],
            "Physical Medicine and Rehabilitation"
        );
    }
}
