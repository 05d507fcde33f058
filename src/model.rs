//! The analysis: the output contract of `SCHEMA.md` (`imr-letter/1`) as Rust types.
//!
//! Every type serializes to the JSON the schema describes (snake_case, every
//! field always present, `null` for what the letter does not state).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema identifier written into every analysis and error object.
pub const SCHEMA: &str = "imr-letter/1";

/// Program name and version, as written into `analyzer`.
pub const ANALYZER: &str = concat!("imr-analyzer ", env!("CARGO_PKG_VERSION"));

/// Which letter layout was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Layout {
    #[serde(rename = "dwc-2016")]
    Dwc2016,
    #[serde(rename = "dwc-2013")]
    Dwc2013,
    #[serde(rename = "maximus-notice-2013")]
    MaximusNotice2013,
    #[serde(rename = "maximus-decisions")]
    MaximusDecisions,
    #[serde(rename = "professional-review")]
    ProfessionalReview,
    #[serde(rename = "unknown")]
    Unknown,
}

impl Layout {
    /// The name as written in the analysis.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Dwc2016 => "dwc-2016",
            Layout::Dwc2013 => "dwc-2013",
            Layout::MaximusNotice2013 => "maximus-notice-2013",
            Layout::MaximusDecisions => "maximus-decisions",
            Layout::ProfessionalReview => "professional-review",
            Layout::Unknown => "unknown",
        }
    }
}

/// The five header dates, ISO `yyyy-mm-dd`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Dates {
    pub assigned: Option<String>,
    pub decision: Option<String>,
    pub injury: Option<String>,
    pub ur_denial: Option<String>,
    pub application_received: Option<String>,
}

/// The expert reviewer's credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Reviewer {
    pub licensure: Vec<String>,
    pub specialties: Vec<String>,
}

/// Sex as stated in the case summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// Patient facts from the case summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Patient {
    pub age: Option<u32>,
    pub sex: Option<Sex>,
}

/// The IMR's decision on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The denial stands: not medically necessary.
    Upheld,
    /// The denial is reversed: medically necessary.
    Overturned,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Upheld => "upheld",
            Decision::Overturned => "overturned",
        }
    }
    pub fn medically_necessary(self) -> bool {
        self == Decision::Overturned
    }
}

/// The letter's outcome as the state's IMR search gives it (SCHEMA.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum LetterOutcome {
    /// Every decided item upheld.
    #[serde(rename = "upheld")]
    Upheld,
    /// Every decided item overturned.
    #[serde(rename = "overturned")]
    Overturned,
    /// Some items upheld, some overturned.
    #[serde(rename = "partially overturned")]
    PartiallyOverturned,
}

impl LetterOutcome {
    /// The name as written in the analysis and the Letters table.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterOutcome::Upheld => "upheld",
            LetterOutcome::Overturned => "overturned",
            LetterOutcome::PartiallyOverturned => "partially overturned",
        }
    }

    /// The outcome of these items' decisions: items without a decision
    /// (each already warned about) do not count; `None` when no item has one.
    pub fn of(items: &[Item]) -> Option<Self> {
        let upheld = items.iter().any(|i| i.decision == Some(Decision::Upheld));
        let overturned = items
            .iter()
            .any(|i| i.decision == Some(Decision::Overturned));
        match (upheld, overturned) {
            (true, true) => Some(LetterOutcome::PartiallyOverturned),
            (true, false) => Some(LetterOutcome::Upheld),
            (false, true) => Some(LetterOutcome::Overturned),
            (false, false) => None,
        }
    }
}

/// One guideline a guideline text cites.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Citation {
    /// `MTUS`, `ODG`, `ACOEM`, or the name as written.
    pub source: String,
    pub title: Option<String>,
    pub year: Option<u32>,
    pub sections: Vec<String>,
    pub pages: Vec<String>,
}

/// A guideline paragraph and the citations read from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Guideline {
    pub text: String,
    pub citations: Vec<Citation>,
}

/// One disputed item or service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Item {
    pub number: u32,
    pub request: Option<String>,
    pub original_request: Option<String>,
    pub authorized: Option<String>,
    pub decision: Option<Decision>,
    pub medically_necessary: Option<bool>,
    pub claims_administrator_guideline: Option<Guideline>,
    pub maximus_guideline: Option<Guideline>,
    pub rationale: Option<String>,
    /// What the item is (TREATMENTS.md), read from `request` alone.
    pub treatment: Treatment,
    /// Why it was decided (REASONS.md): the grounds the rationale states,
    /// in the order of their sentences; empty when it states none. Always
    /// written; an analysis written before REASONS.md reads as `[]`.
    #[serde(default)]
    pub reasons: Vec<Reason>,
}

/// One ground of an item's decision (REASONS.md): its code and the
/// rationale's sentence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Reason {
    pub code: ReasonCode,
    /// The sentence of the rationale, normalized as every text value.
    pub sentence: String,
}

/// The closed list of decision grounds (REASONS.md section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    NotRecommended,
    ExceedsGuidelineLimit,
    NoFunctionalImprovement,
    NoFailedConservativeCare,
    IndicationNotMet,
    DuplicativeOrPremature,
    NoClearRationale,
    OpioidMonitoringMissing,
    RequestIncomplete,
    FollowsPrimaryRequest,
    HomeExerciseSufficient,
    CriteriaMet,
    DocumentedBenefit,
    WithinGuidelineLimits,
}

impl ReasonCode {
    /// Every code, in the contract's order.
    pub const ALL: [ReasonCode; 14] = [
        ReasonCode::NotRecommended,
        ReasonCode::ExceedsGuidelineLimit,
        ReasonCode::NoFunctionalImprovement,
        ReasonCode::NoFailedConservativeCare,
        ReasonCode::IndicationNotMet,
        ReasonCode::DuplicativeOrPremature,
        ReasonCode::NoClearRationale,
        ReasonCode::OpioidMonitoringMissing,
        ReasonCode::RequestIncomplete,
        ReasonCode::FollowsPrimaryRequest,
        ReasonCode::HomeExerciseSufficient,
        ReasonCode::CriteriaMet,
        ReasonCode::DocumentedBenefit,
        ReasonCode::WithinGuidelineLimits,
    ];

    /// The code as written in the analysis.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NotRecommended => "not_recommended",
            ReasonCode::ExceedsGuidelineLimit => "exceeds_guideline_limit",
            ReasonCode::NoFunctionalImprovement => "no_functional_improvement",
            ReasonCode::NoFailedConservativeCare => "no_failed_conservative_care",
            ReasonCode::IndicationNotMet => "indication_not_met",
            ReasonCode::DuplicativeOrPremature => "duplicative_or_premature",
            ReasonCode::NoClearRationale => "no_clear_rationale",
            ReasonCode::OpioidMonitoringMissing => "opioid_monitoring_missing",
            ReasonCode::RequestIncomplete => "request_incomplete",
            ReasonCode::FollowsPrimaryRequest => "follows_primary_request",
            ReasonCode::HomeExerciseSufficient => "home_exercise_sufficient",
            ReasonCode::CriteriaMet => "criteria_met",
            ReasonCode::DocumentedBenefit => "documented_benefit",
            ReasonCode::WithinGuidelineLimits => "within_guideline_limits",
        }
    }

    /// The code from its name, `None` for a name not in the list.
    pub fn from_name(name: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The ground in plain words, as the page shows it to people.
    pub fn label(self) -> &'static str {
        match self {
            ReasonCode::NotRecommended => "Not recommended by the guidelines",
            ReasonCode::ExceedsGuidelineLimit => "More than the guidelines allow",
            ReasonCode::NoFunctionalImprovement => "No documented improvement from prior treatment",
            ReasonCode::NoFailedConservativeCare => "No documented trial of conservative care",
            ReasonCode::IndicationNotMet => "Findings do not meet the guideline's indications",
            ReasonCode::DuplicativeOrPremature => "Repeats or comes before care already under way",
            ReasonCode::NoClearRationale => "No clear rationale given for the request",
            ReasonCode::OpioidMonitoringMissing => "Opioid monitoring not documented",
            ReasonCode::RequestIncomplete => "Request missing a needed detail",
            ReasonCode::FollowsPrimaryRequest => "Follows the decision on the main request",
            ReasonCode::HomeExerciseSufficient => "A home exercise program should suffice",
            ReasonCode::CriteriaMet => "Findings meet the guideline's indications",
            ReasonCode::DocumentedBenefit => "Documented benefit from this treatment",
            ReasonCode::WithinGuidelineLimits => "Within the guidelines' limits",
        }
    }

    /// The decision this code is a ground for; `None` for
    /// `follows_primary_request`, which follows either way.
    pub fn direction(self) -> Option<Decision> {
        match self {
            ReasonCode::FollowsPrimaryRequest => None,
            ReasonCode::CriteriaMet
            | ReasonCode::DocumentedBenefit
            | ReasonCode::WithinGuidelineLimits => Some(Decision::Overturned),
            _ => Some(Decision::Upheld),
        }
    }
}

/// The drug of a `Pharmaceuticals` (or `Viscosupplementation`) item (TREATMENTS.md, drug).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Drug {
    /// Generic name(s), lower case; a combination's or compound's ingredients joined with `/`.
    pub name: Option<String>,
    /// The brand or product name as the letter writes it; null when it names the generic.
    pub brand: Option<String>,
    /// As written, spaces removed, units lower case (`10/325mg`, `5%`).
    pub strength: Option<String>,
    /// The number dispensed (`#90` → 90); null for grams, millilitres, or none stated.
    pub quantity: Option<u32>,
}

/// What kind of care an item is (TREATMENTS.md): the state's IMR request
/// category and subcategory, body parts, drug, sessions, retrospective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Treatment {
    pub category: Option<String>,
    pub subcategory: Option<String>,
    /// `"<side> <part>"` or `"<part>"`, lower case, in request order, each once.
    pub body_parts: Vec<String>,
    pub drug: Option<Drug>,
    pub sessions: Option<u32>,
    pub retrospective: bool,
}

/// Every warning code, its string in one place (`Warning.code` stays a
/// string in the JSON, as SCHEMA.md says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// The input is not UTF-8 and was read as Windows-1252.
    Windows1252,
    /// A header label whose value could not be paired with it for certain.
    HeaderValueUnpaired,
    /// A field the layout has was not found.
    MissingField,
    /// The letter does not state the field (not a reading failure).
    NotStated,
    /// A section the layout has was not found.
    MissingSection,
    /// An item without a readable decision.
    ItemWithoutDecision,
    /// A layout read only in part (determinations stated in words).
    PartialLayout,
    /// No disputed item was found.
    NoItems,
    /// The text holds more than one letter.
    SeveralLetters,
    /// No known layout fits.
    UnknownLayout,
    /// Header dates out of their usual order.
    DateOrder,
    /// The letter seems cut short.
    CutShort,
    /// A request whose treatment could not be classified (treatment stage).
    UnclassifiedRequest,
    /// A medicine named with a dose or form that the drug table does not
    /// know (treatment stage).
    UnknownDrug,
    /// The text was recognised by OCR (its confidence in the message).
    Ocr,
    /// A value of a fixed shape read through an OCR confusion, given in its
    /// shape.
    OcrConfusion,
}

impl WarningCode {
    /// Every code, in the order above.
    pub const ALL: [WarningCode; 16] = [
        WarningCode::Windows1252,
        WarningCode::HeaderValueUnpaired,
        WarningCode::MissingField,
        WarningCode::NotStated,
        WarningCode::MissingSection,
        WarningCode::ItemWithoutDecision,
        WarningCode::PartialLayout,
        WarningCode::NoItems,
        WarningCode::SeveralLetters,
        WarningCode::UnknownLayout,
        WarningCode::DateOrder,
        WarningCode::CutShort,
        WarningCode::UnclassifiedRequest,
        WarningCode::UnknownDrug,
        WarningCode::Ocr,
        WarningCode::OcrConfusion,
    ];

    /// The code as written in the analysis.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::Windows1252 => "windows_1252",
            WarningCode::HeaderValueUnpaired => "header_value_unpaired",
            WarningCode::MissingField => "missing_field",
            WarningCode::NotStated => "not_stated",
            WarningCode::MissingSection => "missing_section",
            WarningCode::ItemWithoutDecision => "item_without_decision",
            WarningCode::PartialLayout => "partial_layout",
            WarningCode::NoItems => "no_items",
            WarningCode::SeveralLetters => "several_letters",
            WarningCode::UnknownLayout => "unknown_layout",
            WarningCode::DateOrder => "date_order",
            WarningCode::CutShort => "cut_short",
            WarningCode::UnclassifiedRequest => "unclassified_request",
            WarningCode::UnknownDrug => "unknown_drug",
            WarningCode::Ocr => "ocr",
            WarningCode::OcrConfusion => "ocr_confusion",
        }
    }
}

impl Warning {
    /// A warning with its code from [`WarningCode`].
    pub fn new(code: WarningCode, message: impl Into<String>, pointer: Option<String>) -> Warning {
        Warning {
            code: code.as_str().into(),
            message: message.into(),
            pointer,
        }
    }

    /// Whether the warning has this code.
    pub fn is(&self, code: WarningCode) -> bool {
        self.code == code.as_str()
    }
}

/// Something a careful reader should know about an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Warning {
    pub code: String,
    pub message: String,
    /// JSON Pointer into the analysis, or null.
    pub pointer: Option<String>,
}

/// JSON Pointer → `[start, end)` in UTF-16 code units of the analysed text.
pub type Spans = BTreeMap<String, [usize; 2]>;

/// How the analysed text was obtained (SCHEMA.md `text_source`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TextSource {
    /// Given as text: pasted, a `.txt` file, standard input.
    #[default]
    Text,
    /// The PDF's own text layer.
    Pdf,
    /// Recognised from page images (a scan, a fax, an image file).
    Ocr,
}

impl TextSource {
    /// Every value, in the order above.
    pub const ALL: [TextSource; 3] = [TextSource::Text, TextSource::Pdf, TextSource::Ocr];

    /// The value of its name (`text`, `pdf`, `ocr`).
    pub fn from_name(name: &str) -> Option<TextSource> {
        TextSource::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The value as written in the analysis and the Letters table.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSource::Text => "text",
            TextSource::Pdf => "pdf",
            TextSource::Ocr => "ocr",
        }
    }
}

/// How an OCR'd letter was read (SCHEMA.md `ocr`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct OcrInfo {
    /// The engine and its version (`tesseract 5.3.0`).
    pub engine: String,
    /// The pages read.
    pub pages: u32,
    /// The mean word confidence, 0–100 (one decimal); null when the engine gave none.
    pub confidence: Option<f64>,
}

/// The analysis of one letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Analysis {
    pub schema: String,
    pub analyzer: String,
    pub source: String,
    pub layout: Layout,
    pub case_number: Option<String>,
    pub dates: Dates,
    pub priority: Option<String>,
    pub reviewer: Reviewer,
    pub patient: Patient,
    /// `upheld`, `overturned` or `partially overturned`, from the items'
    /// decisions; null when no item has a decision.
    pub outcome: Option<LetterOutcome>,
    /// How the analysed text was obtained: `text`, `pdf` or `ocr`.
    pub text_source: TextSource,
    /// How the text was recognised; null unless `text_source` is `ocr`.
    pub ocr: Option<OcrInfo>,
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub spans: Spans,
}

/// The `error` member of an error object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// What an input that is not a letter gives instead of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ErrorObject {
    pub schema: String,
    pub analyzer: String,
    pub source: String,
    pub error: ErrorBody,
}

// Deserialized by hand (below), not as serde's `untagged`: that buffers the
// whole value and costs the page's WASM its size. (A plain comment: the doc
// comment is the schema's description.)
/// One input's result: an analysis or an error object (one JSONL line).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Outcome {
    Analysis(Box<Analysis>),
    Error(ErrorObject),
}

/// The members of both an analysis and an error object, read in one pass:
/// an `error` member makes it an error object, else every analysis member
/// must be there (`case_number` and `priority` may be null or absent, as
/// for [`Analysis`]).
#[derive(Deserialize)]
struct OutcomeMembers {
    schema: String,
    analyzer: String,
    source: String,
    error: Option<ErrorBody>,
    layout: Option<Layout>,
    case_number: Option<String>,
    dates: Option<Dates>,
    priority: Option<String>,
    reviewer: Option<Reviewer>,
    patient: Option<Patient>,
    outcome: Option<LetterOutcome>,
    text_source: Option<TextSource>,
    ocr: Option<OcrInfo>,
    items: Option<Vec<Item>>,
    warnings: Option<Vec<Warning>>,
    spans: Option<Spans>,
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fn need<T, E: serde::de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(name))
        }
        let m = OutcomeMembers::deserialize(deserializer)?;
        if let Some(error) = m.error {
            return Ok(Outcome::Error(ErrorObject {
                schema: m.schema,
                analyzer: m.analyzer,
                source: m.source,
                error,
            }));
        }
        Ok(Outcome::Analysis(Box::new(Analysis {
            schema: m.schema,
            analyzer: m.analyzer,
            source: m.source,
            layout: need(m.layout, "layout")?,
            case_number: m.case_number,
            dates: need(m.dates, "dates")?,
            priority: m.priority,
            reviewer: need(m.reviewer, "reviewer")?,
            patient: need(m.patient, "patient")?,
            outcome: m.outcome,
            // Saved before the field existed: given as text.
            text_source: m.text_source.unwrap_or_default(),
            ocr: m.ocr,
            items: need(m.items, "items")?,
            warnings: need(m.warnings, "warnings")?,
            spans: need(m.spans, "spans")?,
        })))
    }
}

impl Outcome {
    pub fn source(&self) -> &str {
        match self {
            Outcome::Analysis(a) => &a.source,
            Outcome::Error(e) => &e.source,
        }
    }
    pub fn analysis(&self) -> Option<&Analysis> {
        match self {
            Outcome::Analysis(a) => Some(a),
            Outcome::Error(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(decisions: &[Option<Decision>]) -> Vec<Item> {
        decisions
            .iter()
            .enumerate()
            .map(|(i, &decision)| Item {
                number: i as u32 + 1,
                decision,
                ..Item::default()
            })
            .collect()
    }

    #[test]
    fn letter_outcome_follows_the_decided_items() {
        use Decision::{Overturned as O, Upheld as U};
        let of = |d: &[Option<Decision>]| LetterOutcome::of(&items(d)).map(LetterOutcome::as_str);
        assert_eq!(of(&[Some(U), Some(U)]), Some("upheld"));
        assert_eq!(of(&[Some(O)]), Some("overturned"));
        assert_eq!(
            of(&[Some(U), Some(O), Some(U)]),
            Some("partially overturned")
        );
        // An item without a decision does not count either way.
        assert_eq!(of(&[Some(O), None]), Some("overturned"));
        assert_eq!(of(&[None, None]), None);
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn letter_outcome_serializes_as_schema_names_it() {
        let json = serde_json::to_string(&LetterOutcome::PartiallyOverturned).unwrap();
        assert_eq!(json, "\"partially overturned\"");
        let back: LetterOutcome = serde_json::from_str("\"upheld\"").unwrap();
        assert_eq!(back, LetterOutcome::Upheld);
    }
}
