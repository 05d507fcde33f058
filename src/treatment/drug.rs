//! Drugs: names resolved through `data/drugs.tsv` (brand → generic →
//! class), compounds, strength and quantity (TREATMENTS.md, drug).

use super::lexicon::{rows, Hit, Phrases, Words};
use super::numbers;
use std::sync::OnceLock;

/// What a name of the drug table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Generic,
    /// A brand, a compounding kit or a medical food: written as a brand.
    Brand,
    ReleaseForm,
    TopicalForm,
    Compound,
}

/// One row of the drug table.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub generic: &'static str,
    pub class: &'static str,
    pub kind: Kind,
}

pub struct Table {
    pub names: Phrases<Row>,
    /// The generic combinations (hydrocodone/acetaminophen), found by
    /// their set of ingredients.
    combinations: Vec<Row>,
}

const RAW: &[u8] = include_bytes!("data/drugs.tsv");
static TABLE: ([u8; RAW.len() + 1], usize) = super::lexicon::strip_comments(RAW);
/// The names made from public data by `scripts/build-drugs.py` (FDA UNII
/// names, WHO ATC classes, INN stems); the hand-kept table above wins.
const PUBLIC_RAW: &[u8] = include_bytes!("data/drugs_public.tsv");
static PUBLIC: ([u8; PUBLIC_RAW.len() + 1], usize) = super::lexicon::strip_comments(PUBLIC_RAW);

/// Classes whose single drug, written as a topical, is a Topical Analgesic.
const TOPICAL_CLASSES: &[&str] = &[
    "NSAID",
    "Muscle Relaxant",
    "Anti-epilepsy drugs",
    "Antidepressant",
    "Misc Analgesics",
    "Antihistamine",
    "Topical Analgesics",
];

pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut list = Vec::new();
        let mut combinations: Vec<Row> = Vec::new();
        let mut section = "";
        let tables = rows(super::lexicon::text(&TABLE)).chain(rows(super::lexicon::text(&PUBLIC)));
        for r in tables {
            let cell = |k: usize| r.get(k).copied().unwrap_or("");
            let name = cell(0);
            if let Some(s) = name.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                section = s;
                continue;
            }
            let (kind, class) = match section {
                "release-form" => (Kind::ReleaseForm, ""),
                "topical-form" => (Kind::TopicalForm, ""),
                "compound" => (Kind::Compound, ""),
                class => match (cell(1), cell(2)) {
                    ("", _) | (_, "generic" | "abbreviation") => (Kind::Generic, class),
                    _ => (Kind::Brand, class),
                },
            };
            let phrase = phrase(name);
            let generic = match cell(1) {
                // a generic written alone (in lower case) is its own name
                "" => name,
                g => g,
            };
            let row = Row {
                generic,
                class,
                kind,
            };
            if kind == Kind::Generic && row.generic.contains('/') {
                combinations.push(row);
            }
            list.push((phrase, row));
        }
        Table {
            names: Phrases::new(list, false),
            combinations,
        }
    })
}

/// A name of the table as a phrase: lower case, punctuation as spaces
/// (`Synvisc-One` → `synvisc one`).
fn phrase(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect()
}

/// A drug named in the request: words `[i, end)` (a brand's release form
/// included) and its row.
#[derive(Debug, Clone, Copy)]
pub struct Named {
    pub i: usize,
    pub end: usize,
    pub row: Row,
}

/// What the drug table finds in a request.
#[derive(Debug, Default)]
pub struct Found {
    pub drugs: Vec<Named>,
    pub topical_form: bool,
    pub compound: bool,
}

pub fn scan(w: &Words<'_>) -> Found {
    let t = table();
    let hits: Vec<Hit<'_, Row>> = t.names.scan(w);
    let mut f = Found::default();
    for (k, h) in hits.iter().enumerate() {
        match h.value.kind {
            Kind::Generic | Kind::Brand => {
                let mut end = h.i + h.len;
                if h.value.kind == Kind::Brand {
                    if let Some(next) = hits.get(k + 1) {
                        if next.i == end
                            && next.value.kind == Kind::ReleaseForm
                            && w.joined(end - 1)
                        {
                            end = next.i + next.len;
                        }
                    }
                }
                f.drugs.push(Named {
                    i: h.i,
                    end,
                    row: *h.value,
                });
            }
            Kind::TopicalForm => f.topical_form = true,
            Kind::Compound => f.compound = true,
            Kind::ReleaseForm => {}
        }
    }
    f
}

/// The drug of a Pharmaceuticals item and its class, with byte ranges of
/// the name, strength and quantity.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Read {
    pub name: Option<String>,
    pub brand: Option<String>,
    pub strength: Option<String>,
    pub quantity: Option<u32>,
    pub class: Option<&'static str>,
    pub name_span: Option<(usize, usize)>,
    pub strength_span: Option<(usize, usize)>,
    pub quantity_span: Option<(usize, usize)>,
}

/// Read the drug of `request` (its lower-cased words `w`, the table's
/// finds `f`).
pub fn read(request: &str, w: &Words<'_>, f: &Found) -> Read {
    let mut out = Read::default();
    let strength = numbers::strength(w.low);
    let topical = f.topical_form
        || strength
            .as_ref()
            .is_some_and(|s| s.2.contains('%') || s.2.contains("/g"));
    // distinct products, in order
    let mut products: Vec<Named> = Vec::new();
    for d in &f.drugs {
        if !products.iter().any(|p| p.row.generic == d.row.generic) {
            products.push(*d);
        }
    }
    let ingredients = |ps: &[Named]| {
        let mut v: Vec<&'static str> = Vec::new();
        for p in ps {
            for g in p.row.generic.split('/') {
                if !v.contains(&g) {
                    v.push(g);
                }
            }
        }
        v
    };
    let mut compound = f.compound;
    let mut single: Option<Named> = products.first().copied();
    let mut combination: Option<Row> = None;
    // "sitagliptin/metformin", "butalbital/APAP/caffeine": one product of
    // the ingredients written with slashes, any the table lacks kept
    let slashed = if topical || compound {
        None
    } else {
        slash_combination(w, f)
    };
    if let Some(c) = &slashed {
        let key: Vec<&str> = c.ingredients.iter().map(String::as_str).collect();
        let row = table().combinations.iter().find(|r| {
            r.generic.split('/').count() == key.len()
                && r.generic.split('/').all(|g| key.contains(&g))
        });
        out.name = Some(row.map_or_else(|| key.join("/"), |r| r.generic.to_string()));
        out.class = Some(row.map_or(c.class, |r| r.class));
        out.name_span = Some(c.span);
        single = None;
        products.clear();
    }
    if products.len() >= 2 {
        let all_generic = products.iter().all(|p| p.row.kind == Kind::Generic);
        let key = ingredients(&products);
        let same = |r: &&Row| {
            r.generic.split('/').count() == key.len()
                && r.generic.split('/').all(|g| key.contains(&g))
        };
        match table()
            .combinations
            .iter()
            .find(same)
            .filter(|_| all_generic)
        {
            Some(row) => combination = Some(*row),
            // a compound lists ingredients (generics); two products
            // ("Lidoderm ... and Ultram ...") are two requests: the first
            None if compound || (topical && all_generic) => {
                compound = true;
                single = None;
            }
            None => {}
        }
    }
    if compound && products.len() >= 2 && combination.is_none() {
        single = None;
    }
    let skip: Vec<(usize, usize)> = f.drugs.iter().map(|d| (d.i, d.end)).collect();
    if let Some((n, s, e)) = numbers::quantity(w, &skip) {
        out.quantity = Some(n);
        out.quantity_span = Some((s, e));
    }
    if let Some(row) = combination {
        let (first, last) = (products[0], products[products.len() - 1]);
        out.name = Some(row.generic.to_string());
        out.class = Some(row.class);
        out.name_span = Some((w.range(first.i).0, w.range(last.end - 1).1));
    } else if let Some(p) = single.filter(|_| !compound || products.len() == 1) {
        out.name = Some(p.row.generic.to_string());
        let (s, e) = (w.range(p.i).0, w.range(p.end - 1).1);
        out.name_span = Some((s, e));
        // the brand, also when written beside the generic:
        // "Cyclobenzaprine (Flexeril)", "Flexeril (cyclobenzaprine)"
        let brand = std::iter::once(&p)
            .chain(f.drugs.iter())
            .find(|d| d.row.kind == Kind::Brand && d.row.generic == p.row.generic);
        if let Some(b) = brand {
            let (bs, be) = (w.range(b.i).0, w.range(b.end - 1).1);
            out.brand = Some(request[bs..be].to_string());
        }
        out.class = Some(if compound {
            "Topical Compounds"
        } else if topical && TOPICAL_CLASSES.contains(&p.row.class) {
            "Topical Analgesics"
        } else {
            p.row.class
        });
    } else if !products.is_empty() {
        // a compound: its ingredients in the order written
        out.name = Some(ingredients(&products).join("/"));
        let (first, last) = (products[0], products[products.len() - 1]);
        out.name_span = Some((w.range(first.i).0, w.range(last.end - 1).1));
        out.class = Some("Topical Compounds");
    } else if compound {
        out.class = Some("Topical Compounds");
    }
    if slashed.is_some() {
        // the generic names were written: no brand
        out.brand = None;
    }
    let several = out.name.as_deref().is_some_and(|n| n.contains('/'));
    let is_compound = out.class == Some("Topical Compounds") && several;
    if !is_compound {
        if let Some((s, e, v)) = strength {
            out.strength = Some(v);
            out.strength_span = Some((s, e));
        } else if let Some((s, e)) = ratio_after(w, out.name_span) {
            out.strength = Some(w.low[s..e].to_string());
            out.strength_span = Some((s, e));
        }
    }
    out
}

/// A combination written as its ingredients joined by slashes.
struct Slashed {
    ingredients: Vec<String>,
    class: &'static str,
    span: (usize, usize),
}

/// The class of a combination: that of its strongest ingredient, by the
/// order of `class-strength` (`data/words.tsv`).
pub fn strongest<'a>(classes: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let order = super::lexicon::list(super::lexicon::List::ClassStrength);
    classes
        .into_iter()
        .min_by_key(|c| order.iter().position(|o| o == c).unwrap_or(order.len()))
}

/// The ingredients written with slashes from the first drug named
/// ("sitagliptin/metformin", "butalbital/APAP/caffeine"): each a name of
/// the table (a generic) or, between them, a word of letters the table does
/// not know (kept as written: an ingredient is never dropped). `None`
/// unless two or more ingredients are so joined and the first is a generic.
fn slash_combination(w: &Words<'_>, f: &Found) -> Option<Slashed> {
    let first = f.drugs.first()?;
    if first.row.kind != Kind::Generic {
        return None;
    }
    let mut ingredients: Vec<String> = Vec::new();
    let mut classes: Vec<&'static str> = Vec::new();
    let mut pos = first.i;
    let mut parts = 0;
    let end = loop {
        let next = match f.drugs.iter().find(|d| d.i == pos) {
            Some(d) if d.row.kind == Kind::Generic => {
                for g in d.row.generic.split('/') {
                    if !ingredients.iter().any(|x| x == g) {
                        ingredients.push(g.to_string());
                    }
                }
                classes.push(d.row.class);
                d.end
            }
            Some(_) => break pos,
            None => {
                let word = w.word(pos);
                if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
                    break pos;
                }
                ingredients.push(word.to_string());
                pos + 1
            }
        };
        parts += 1;
        if next < w.len() && w.glued(next - 1) && w.has_between(next - 1, '/') {
            pos = next;
        } else {
            break next;
        }
    };
    if parts < 2 || ingredients.len() < 2 {
        return None;
    }
    Some(Slashed {
        ingredients,
        class: strongest(classes)?,
        span: (w.range(first.i).0, w.range(end - 1).1),
    })
}

/// A strength written without a unit right after the drug's name:
/// `Norco 10/325`.
fn ratio_after(w: &Words<'_>, name: Option<(usize, usize)>) -> Option<(usize, usize)> {
    let (_, end) = name?;
    let i = (0..w.len()).find(|&i| w.range(i).0 > end)?;
    let between = &w.low[end..w.range(i).0];
    if !between.trim().is_empty() {
        return None;
    }
    let num = |k: usize| k < w.len() && w.word(k).bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if num(i)
        && num(i + 1)
        && w.glued(i)
        && w.has_between(i, '/')
        && !(w.glued(i + 1) && w.has_between(i + 1, '/'))
    {
        return Some((w.range(i).0, w.range(i + 1).1));
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    type Reading = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<u32>,
        Option<&'static str>,
    );

    fn drug(s: &str) -> Reading {
        let low = s.to_ascii_lowercase();
        let w = Words::new(&low);
        let f = scan(&w);
        let r = read(s, &w, &f);
        (r.name, r.brand, r.strength, r.quantity, r.class)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn brand_to_generic_to_class() {
        assert_eq!(
            drug("Norco 10/325mg #35"),
            (
                some("hydrocodone/acetaminophen"),
                some("Norco"),
                some("10/325mg"),
                Some(35),
                Some("Opioids")
            )
        );
        assert_eq!(
            drug("Ultram ER 100mg #60"),
            (
                some("tramadol"),
                some("Ultram ER"),
                some("100mg"),
                Some(60),
                Some("Opioids")
            )
        );
        assert_eq!(drug("Synapryn 10mg/ml").0, some("tramadol"));
        assert_eq!(drug("Tabradol").4, Some("Muscle Relaxant"));
        assert_eq!(drug("Deprizine 15mg/ml").4, Some("H2 Blocker"));
        assert_eq!(drug("Fanatrex").0, some("gabapentin"));
        assert_eq!(drug("Dicopanol").0, some("diphenhydramine"));
        assert_eq!(drug("Theramine #60").4, Some("Nutritional Products"));
        assert_eq!(drug("Fioricet #120").4, Some("Barbiturates"));
        assert_eq!(
            drug("Synvisc-One injection").4,
            Some("Viscosupplementation")
        );
        assert_eq!(drug("Norco 10/325").2, some("10/325"));
    }

    #[test]
    fn generics_drop_salts_and_release_forms() {
        assert_eq!(
            drug("Orphenadrine Citrate ER 100mg tabs #30"),
            (
                some("orphenadrine"),
                None,
                some("100mg"),
                Some(30),
                Some("Muscle Relaxant")
            )
        );
        assert_eq!(drug("Diclofenac ER 100mg #60").1, None);
        assert_eq!(
            drug("Hydrocodone bitartrate/APAP 10/325mg").0,
            some("hydrocodone/acetaminophen")
        );
    }

    #[test]
    fn topicals_and_compounds() {
        assert_eq!(drug("Lidocaine 5% patch #1").4, Some("Topical Analgesics"));
        assert_eq!(drug("Voltaren gel 1%").4, Some("Topical Analgesics"));
        assert_eq!(drug("Voltaren 75mg #60").4, Some("NSAID"));
        assert_eq!(
            drug("Diclofenac sodium 3% 300mg/g #1").4,
            Some("Topical Analgesics")
        );
        assert_eq!(
            drug("Terocin lotion 120ml").0.map(|n| n.split('/').count()),
            Some(4)
        );
        let c = drug(
            "Flurbiprofen 10%, Cyclobenzaprine 3%, Gabapentin 6%, Lidocaine 5%/Dextromethorphan",
        );
        assert_eq!(
            c.0,
            some("flurbiprofen/cyclobenzaprine/gabapentin/lidocaine/dextromethorphan")
        );
        assert_eq!((c.2, c.4), (None, Some("Topical Compounds")));
        assert_eq!(
            drug("Compounded ketoprofen cream").4,
            Some("Topical Compounds")
        );
        // two oral drugs named together: the first
        assert_eq!(drug("Tramadol 50mg and Flexeril 10mg").0, some("tramadol"));
        assert_eq!(
            drug("Lidocaine 5% patch #30 and Ultram 50mg #90").0,
            some("lidocaine")
        );
        assert_eq!(
            drug("Synapryn 10mg/1ml oral suspension").2,
            some("10mg/1ml")
        );
    }

    /// The Pharmaceuticals subcategories of TREATMENTS.md.
    pub(crate) const CLASSES: [&str; 31] = [
        "Adrenal Cortical Steroids",
        "AntiAnxiety",
        "Anti-coagulant",
        "Antidepressant",
        "Antidiabetics",
        "Antiemetic",
        "Anti-epilepsy drugs",
        "Antihistamine",
        "Antihypertensive",
        "Anti-infectives",
        "Antimigraine Agent",
        "Atypical Antipsychotic",
        "Barbiturates",
        "Benzodiazepines",
        "Bisphosphonates",
        "GI Agents",
        "H2 Blocker",
        "Hormones",
        "Impotence Agents",
        "Misc Analgesics",
        "Muscle Relaxant",
        "NSAID",
        "Nutritional Products",
        "Opioids",
        "Opioid Antagonist",
        "Proton Pump Inhibitors",
        "Sedative-hypnotics",
        "Statin",
        "Topical Analgesics",
        "Topical Compounds",
        "Viscosupplementation",
    ];

    #[test]
    fn the_table_covers_the_medicines_of_workers_comp() {
        let t = table();
        let drugs: Vec<&Row> = t
            .names
            .values()
            .filter(|r| matches!(r.kind, Kind::Generic | Kind::Brand))
            .collect();
        assert!(drugs.len() >= 300, "only {} names", drugs.len());
        for r in &drugs {
            assert!(CLASSES.contains(&r.class), "unknown class {:?}", r.class);
            assert!(!r.generic.is_empty());
            assert_eq!(
                r.generic,
                r.generic.to_lowercase(),
                "generic not lower case"
            );
        }
        for class in [
            "Opioids",
            "NSAID",
            "Muscle Relaxant",
            "Anti-epilepsy drugs",
            "Antidepressant",
            "Benzodiazepines",
            "Sedative-hypnotics",
            "Proton Pump Inhibitors",
            "H2 Blocker",
            "Antiemetic",
            "GI Agents",
            "Antimigraine Agent",
            "Topical Analgesics",
            "Nutritional Products",
        ] {
            let n = drugs.iter().filter(|r| r.class == class).count();
            assert!(n >= 4, "{class}: {n} names");
        }
        // the California compounding kits
        for (kit, generic) in [
            ("Synapryn", "tramadol"),
            ("Tabradol", "cyclobenzaprine"),
            ("Deprizine", "ranitidine"),
            ("Dicopanol", "diphenhydramine"),
            ("Fanatrex", "gabapentin"),
        ] {
            assert_eq!(drug(kit).0.as_deref(), Some(generic), "{kit}");
        }
        assert_eq!(drug("Theramine").4, Some("Nutritional Products"));
        assert_eq!(drug("LidoPro").4, Some("Topical Analgesics"));
    }
}
