//! Requests written for the purpose from the vocabulary of medicine (how
//! prescribers write doses, counts and frequencies; formulary names; device,
//! supply and procedure names), not from the development letters: each row
//! of `tests/requests/*.tsv` names the fields it checks and their values
//! under TREATMENTS.md. Every listed value must hold.
//!
//! `cargo test --test requests -- --nocapture` prints the per-field table
//! (the README's "own requests" line).

use imr_analyzer::treatment::understand;
use std::collections::BTreeMap;
use std::path::Path;

/// The value of one field of the treatment, written as the tables write
/// it: `null`, a number, a string, body parts joined with `; `.
fn field(t: &imr_analyzer::model::Treatment, name: &str) -> String {
    let s = |v: Option<&str>| v.map_or("null".to_string(), str::to_string);
    let n = |v: Option<u32>| v.map_or("null".to_string(), |n| n.to_string());
    let d = t.drug.as_ref();
    match name {
        "category" => s(t.category.as_deref()),
        "subcategory" => s(t.subcategory.as_deref()),
        "body_parts" if t.body_parts.is_empty() => "null".into(),
        "body_parts" => t.body_parts.join("; "),
        "drug" => s(d.and_then(|d| d.name.as_deref())),
        "brand" => s(d.and_then(|d| d.brand.as_deref())),
        "strength" => s(d.and_then(|d| d.strength.as_deref())),
        "quantity" => n(d.and_then(|d| d.quantity)),
        "sessions" => n(t.sessions),
        "retrospective" => t.retrospective.to_string(),
        other => panic!("unknown field {other:?}"),
    }
}

const FIELDS: [&str; 10] = [
    "category",
    "subcategory",
    "body_parts",
    "drug",
    "brand",
    "strength",
    "quantity",
    "sessions",
    "retrospective",
    "warning",
];

/// One row: the request and its expected `(field, value)` pairs.
type Row = (String, Vec<(String, String)>);

fn rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cells = l.split('\t');
            let request = cells.next().unwrap().to_string();
            let want = cells
                .map(|c| {
                    let (f, v) = c.split_once('=').unwrap_or_else(|| {
                        panic!("{}: cell {c:?} is not field=value", path.display())
                    });
                    assert!(
                        FIELDS.contains(&f),
                        "{}: unknown field {f:?}",
                        path.display()
                    );
                    (f.to_string(), v.to_string())
                })
                .collect::<Vec<_>>();
            assert!(
                !want.is_empty(),
                "{}: {request:?} checks nothing",
                path.display()
            );
            (request, want)
        })
        .collect()
}

/// The warning the treatment stage gives an item with this request
/// (`unknown_drug`, `unclassified_request`), or `null`.
fn warning(request: &str) -> String {
    let u = understand(request);
    u.warning.map_or("null".into(), |w| w.as_str().to_string())
}

#[test]
fn own_requests_per_field() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/requests");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut table = String::from("| requests | rows | checks | ");
    table.push_str(&FIELDS.join(" | "));
    table.push_str(" |\n|---|---|---|");
    table.push_str(&"---|".repeat(FIELDS.len()));
    table.push('\n');
    let mut misses = Vec::new();
    let mut all: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut n_rows, mut n_checks) = (0, 0);
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let rows = rows(path);
        let mut checks = 0;
        for (request, want) in &rows {
            let t = understand(request).treatment;
            for (f, v) in want {
                let got = if f == "warning" {
                    warning(request)
                } else {
                    field(&t, f)
                };
                let key = FIELDS.iter().find(|x| **x == f).unwrap();
                let e = per.entry(key).or_default();
                let a = all.entry(key).or_default();
                e.1 += 1;
                a.1 += 1;
                checks += 1;
                if &got == v {
                    e.0 += 1;
                    a.0 += 1;
                } else {
                    misses.push(format!("{name}: {request:?} {f}: want {v} got {got}"));
                }
            }
        }
        n_rows += rows.len();
        n_checks += checks;
        table.push_str(&line(&name, rows.len(), checks, &per));
    }
    table.push_str(&line("all", n_rows, n_checks, &all));
    println!("{table}");
    assert!(
        misses.is_empty(),
        "{} of {n_checks} checks failed:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

fn line(name: &str, rows: usize, checks: usize, per: &BTreeMap<&str, (usize, usize)>) -> String {
    let mut s = format!("| {name} | {rows} | {checks} |");
    for f in FIELDS {
        match per.get(f) {
            Some((r, a)) => s.push_str(&format!(
                " {:.1}% ({r}/{a}) |",
                100.0 * *r as f64 / *a as f64
            )),
            None => s.push_str(" – |"),
        }
    }
    s.push('\n');
    s
}
