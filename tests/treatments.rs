//! Golden test of the treatment stage: every development item's `treatment`
//! against the hand-labelled gold of `../shared/letters/*/treatments/`,
//! field by field, scored the way `eval/score.py --treatments` scores it
//! (body parts as a set, the drug as a set of ingredients, the strength
//! without spaces, every null counted).
//!
//! `cargo test --release --test treatments -- --nocapture` prints the
//! per-field table.

mod common;

use common::*;
use imr_analyzer::model::Outcome;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The fields scored, in score.py's order.
const FIELDS: [&str; 9] = [
    "category",
    "subcategory",
    "body_parts",
    "drug",
    "brand",
    "strength",
    "quantity",
    "sessions",
    "retrospective",
];

fn low(v: &Value) -> Value {
    match v.as_str() {
        Some(s) => json!(s.trim().to_lowercase()),
        None => v.clone(),
    }
}

/// White space collapsed, as score.py's `norm` does; empty → null.
fn norm(v: Value) -> Value {
    match v {
        Value::String(s) => {
            let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() {
                Value::Null
            } else {
                json!(t)
            }
        }
        Value::Array(a) if a.is_empty() => Value::Null,
        other => other,
    }
}

/// One field of a treatment object, as score.py reads it.
fn field(t: &Value, name: &str) -> Value {
    let drug = &t["drug"];
    let v = match name {
        "category" | "subcategory" | "sessions" => t[name].clone(),
        "body_parts" => {
            let mut parts: Vec<String> = t["body_parts"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|b| b.as_str().map(|s| s.trim().to_lowercase()))
                        .collect()
                })
                .unwrap_or_default();
            parts.sort();
            json!(parts)
        }
        "drug" => match drug["name"].as_str() {
            Some(n) => {
                let mut parts: Vec<String> =
                    n.split('/').map(|p| p.trim().to_lowercase()).collect();
                parts.sort();
                json!(parts)
            }
            None => Value::Null,
        },
        "brand" => low(&drug["brand"]),
        "strength" => match drug["strength"].as_str() {
            Some(s) => json!(s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()),
            None => Value::Null,
        },
        "quantity" => drug["quantity"].clone(),
        "retrospective" => json!(t["retrospective"].as_bool().unwrap_or(false)),
        _ => unreachable!("unknown field {name}"),
    };
    norm(v)
}

/// Right / all per field, and the misses, for one folder of texts against
/// one gold folder.
fn score_folder(
    texts: &Path,
    gold: &Path,
) -> (BTreeMap<&'static str, (usize, usize)>, Vec<String>, usize) {
    let mut totals: BTreeMap<&'static str, (usize, usize)> =
        FIELDS.iter().map(|f| (*f, (0, 0))).collect();
    let mut misses = Vec::new();
    let mut items = 0;
    let mut golds: Vec<_> = std::fs::read_dir(gold)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", gold.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golds.sort();
    assert!(!golds.is_empty(), "no gold in {}", gold.display());
    for g in golds {
        let stem = g.file_stem().unwrap().to_string_lossy().into_owned();
        let want: Value = serde_json::from_slice(&std::fs::read(&g).unwrap()).unwrap();
        let path = texts.join(format!("{stem}.txt"));
        let got: Value = match std::fs::read(&path) {
            Ok(bytes) => {
                let o = imr_analyzer::outcome(imr_analyzer::analyze_bytes(&bytes, &stem), &stem);
                match o {
                    Outcome::Analysis(a) => serde_json::to_value(&*a).unwrap(),
                    Outcome::Error(_) => Value::Null,
                }
            }
            Err(_) => Value::Null,
        };
        let empty = Vec::new();
        let got_items = got["items"].as_array().unwrap_or(&empty);
        for (n, gi) in want["items"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .enumerate()
        {
            items += 1;
            let got_t = got_items.get(n).map(|i| &i["treatment"]);
            for f in FIELDS {
                let w = field(&gi["treatment"], f);
                let g = match got_t {
                    Some(t) if t.is_object() => field(t, f),
                    _ => json!("<none>"),
                };
                let e = totals.get_mut(f).unwrap();
                e.1 += 1;
                if w == g {
                    e.0 += 1;
                } else {
                    misses.push(format!(
                        "{stem} item {} {f}: want {w} got {g}  [{}]",
                        n + 1,
                        gi["request"]
                    ));
                }
            }
        }
    }
    (totals, misses, items)
}

#[test]
fn treatment_fields_per_folder() {
    let Some(letters) = letters_dir() else { return };
    let mut sets: Vec<(String, std::path::PathBuf, std::path::PathBuf)> = FOLDERS
        .iter()
        .map(|f| {
            (
                format!("dwc-2016 {f}"),
                letters.join("dwc-2016/text").join(f),
                letters.join("dwc-2016/treatments"),
            )
        })
        .collect();
    sets.push((
        "seeds".into(),
        letters.join("seeds"),
        letters.join("seeds/treatments"),
    ));
    let mut table = format!("| text | {} | items |\n|---|", FIELDS.join(" | "));
    table.push_str(&"---|".repeat(FIELDS.len() + 1));
    table.push('\n');
    let mut failures = Vec::new();
    for (label, texts, gold) in sets {
        let (totals, misses, items) = score_folder(&texts, &gold);
        table.push_str(&format!("| {label} |"));
        for f in FIELDS {
            let (r, a) = totals[f];
            let pct = 100.0 * r as f64 / a.max(1) as f64;
            table.push_str(&format!(" {pct:.1}% |"));
            if pct < 98.0 {
                failures.push(format!("{label}: {f} {pct:.1}% ({r}/{a})"));
            }
        }
        table.push_str(&format!(" {items} |\n"));
        for m in &misses {
            eprintln!("MISS {label}: {m}");
        }
        assert!(items > 0, "{label}: no gold items");
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "treatment fields below 98%:\n{}",
        failures.join("\n")
    );
}

/// The scorer itself: it must tell a wrong value from a right one, and
/// count sets and spellings the way score.py does.
#[test]
fn the_scoring_reads_fields_like_score_py() {
    let t = json!({
        "category": "Pharmaceuticals",
        "subcategory": "Opioids",
        "body_parts": ["Left Knee", "cervical spine"],
        "drug": {"name": "hydrocodone/acetaminophen", "brand": "Norco ", "strength": "10/325 MG", "quantity": 35},
        "sessions": null,
        "retrospective": false
    });
    assert_eq!(
        field(&t, "body_parts"),
        json!(["cervical spine", "left knee"])
    );
    assert_eq!(field(&t, "drug"), json!(["acetaminophen", "hydrocodone"]));
    assert_eq!(field(&t, "brand"), json!("norco"));
    assert_eq!(field(&t, "strength"), json!("10/325mg"));
    assert_eq!(field(&t, "quantity"), json!(35));
    assert_eq!(field(&t, "sessions"), Value::Null);
    let none = json!({"category": null, "body_parts": [], "drug": null, "retrospective": false});
    assert_eq!(field(&none, "body_parts"), Value::Null);
    assert_eq!(field(&none, "drug"), Value::Null);
    assert_ne!(field(&t, "category"), field(&none, "category"));
}
