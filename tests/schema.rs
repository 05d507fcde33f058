//! The JSON Schema of the output (`schema/imr-letter-1.schema.json`), generated
//! from the Rust types with `schemars`, and every development-set output and
//! error object validated against it with `jsonschema`.
//!
//! Regenerate the committed file after changing `src/model.rs`:
//! `UPDATE_SCHEMA=1 cargo test --test schema`.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use imr_analyzer::{analyze, analyze_bytes, error_object, outcome, InputError, Outcome};
use serde_json::{json, Value};
use std::path::PathBuf;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/imr-letter-1.schema.json")
}

/// The schema of one output line (an analysis or an error object), as the
/// committed file has it. It describes what the analyzer *writes*
/// (serialize contract): every field present, `null` where unknown.
fn generated() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Outcome>();
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

fn committed() -> Value {
    let path = schema_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; generate it with UPDATE_SCHEMA=1 cargo test --test schema",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("committed schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed()).expect("committed schema is a valid JSON Schema")
}

/// The errors of `instance` against the schema, one line each.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schema_matches_the_rust_types() {
    let fresh = generated();
    let path = schema_path();
    if std::env::var("UPDATE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let fresh: Value = serde_json::from_str(&fresh).unwrap();
    assert!(
        committed() == fresh,
        "{} is out of date with src/model.rs; regenerate it with UPDATE_SCHEMA=1 cargo test --test schema",
        path.display()
    );
}

#[test]
fn schema_describes_both_kinds_of_output() {
    let schema = committed();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = schema["$defs"].as_object().expect("$defs");
    for name in ["Analysis", "ErrorObject", "Item", "Citation", "Warning"] {
        assert!(defs.contains_key(name), "$defs lacks {name}");
    }
    let required: Vec<&str> = defs["Analysis"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in [
        "schema",
        "analyzer",
        "source",
        "layout",
        "case_number",
        "dates",
        "priority",
        "reviewer",
        "patient",
        "items",
        "warnings",
        "spans",
    ] {
        assert!(
            required.contains(&field),
            "Analysis does not require {field}"
        );
    }
}

#[test]
fn every_development_output_validates() {
    let Some(letters) = common::letters("schema validation of the development set") else {
        return;
    };
    let validator = validator();
    let mut analyses = 0;
    for letter in &letters {
        let out = outcome(analyze_bytes(&letter.bytes, &letter.name), &letter.name);
        assert!(
            matches!(out, Outcome::Analysis(_)),
            "{} gave an error object: {out:?}",
            letter.name
        );
        analyses += 1;
        let value = serde_json::to_value(&out).unwrap();
        let errs = errors(&validator, &value);
        assert!(errs.is_empty(), "{}: {}", letter.name, errs.join("\n"));
        // What the command line prints (one JSONL line) reads back as the same outcome.
        let back: Outcome = serde_json::from_value(value).unwrap();
        assert_eq!(
            back, out,
            "{} does not round-trip through JSON",
            letter.name
        );
    }
    assert_eq!(analyses, letters.len());
    assert!(analyses >= 250, "only {analyses} development letters");
}

#[test]
fn error_objects_validate() {
    let validator = validator();
    let cases: Vec<(&str, Result<_, InputError>)> = vec![
        ("empty.txt", analyze_bytes(b"", "empty.txt")),
        ("blank.txt", analyze_bytes(b" \r\n\t\n", "blank.txt")),
        (
            "binary.bin",
            analyze_bytes(b"\x00\x01\x02PK\x03\x04", "binary.bin"),
        ),
        (
            "recipe.txt",
            analyze(
                "Mix the flour and the eggs.\nBake for an hour.\n",
                "recipe.txt",
            ),
        ),
    ];
    for (source, result) in cases {
        let out = outcome(result, source);
        let Outcome::Error(ref e) = out else {
            panic!("{source} was analyzed: {out:?}");
        };
        assert_eq!(e.source, source);
        let errs = errors(&validator, &serde_json::to_value(&out).unwrap());
        assert!(errs.is_empty(), "{source}: {}", errs.join("\n"));
    }
    // The error kinds that come only from PDFs and size limits.
    for error in [
        InputError::NoText,
        InputError::PasswordPdf,
        InputError::DamagedPdf("no xref table".into()),
        InputError::TooLarge {
            size: 200_000_000,
            limit: 100_000_000,
        },
    ] {
        let value = serde_json::to_value(error_object(&error, "scan.pdf")).unwrap();
        assert_eq!(value["error"]["code"], error.code());
        let errs = errors(&validator, &value);
        assert!(errs.is_empty(), "{}: {}", error.code(), errs.join("\n"));
    }
}

type Breaker = fn(&mut Value);

/// The schema is strict enough to catch output that breaks the contract.
#[test]
fn schema_rejects_broken_output() {
    let validator = validator();
    let good = serde_json::to_value(outcome(
        analyze(
            "Case Number: CM16-0000001\nIMR ISSUES, DECISIONS AND RATIONALES\n\
             MRI of the knee: Upheld\n\
             Decision rationale: The request for MRI of the knee is not medically necessary.\n",
            "pasted",
        ),
        "pasted",
    ))
    .unwrap();
    assert!(errors(&validator, &good).is_empty(), "{good}");
    assert!(!good["items"].as_array().unwrap().is_empty(), "{good}");

    let broken: &[(&str, Breaker)] = &[
        ("no case_number (null, not absent)", |v| {
            drop(v.as_object_mut().unwrap().remove("case_number"))
        }),
        ("no layout", |v| {
            drop(v.as_object_mut().unwrap().remove("layout"))
        }),
        ("unknown layout", |v| v["layout"] = json!("dwc-2099")),
        ("case number as number", |v| v["case_number"] = json!(16)),
        ("decision word", |v| {
            v["items"][0]["decision"] = json!("denied")
        }),
        ("item without number", |v| {
            drop(v["items"][0].as_object_mut().unwrap().remove("number"))
        }),
        ("negative age", |v| v["patient"]["age"] = json!(-3)),
        ("sex", |v| v["patient"]["sex"] = json!("M")),
        ("span of three", |v| {
            v["spans"]["/case_number"] = json!([1, 2, 3])
        }),
        ("negative span", |v| {
            v["spans"]["/case_number"] = json!([-1, 2])
        }),
        ("warning without code", |v| {
            v["warnings"] = json!([{ "message": "m", "pointer": null }])
        }),
        ("items not a list", |v| v["items"] = json!({})),
    ];
    for &(what, break_it) in broken {
        let mut v = good.clone();
        break_it(&mut v);
        assert!(
            !validator.is_valid(&v),
            "schema accepts output with {what}: {v}"
        );
    }

    let error = serde_json::to_value(error_object(&InputError::Empty, "x.txt")).unwrap();
    assert!(validator.is_valid(&error));
    let mut no_message = error.clone();
    no_message["error"]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(
        !validator.is_valid(&no_message),
        "schema accepts an error without message"
    );
}
