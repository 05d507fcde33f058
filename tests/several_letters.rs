//! Several letters in one input (SCHEMA.md): every development letter of one
//! text folder joined to its neighbours, in each of the seven extractions,
//! gives back each letter's own analysis, named `source#k`, the parts
//! together the whole input.

mod common;

use imr_analyzer::model::Outcome;
use imr_analyzer::{analyze_input, analyze_letters, Input, Origin};
use serde_json::Value;

fn fields(o: &Outcome) -> Value {
    let mut v = serde_json::to_value(o).unwrap();
    let m = v.as_object_mut().unwrap();
    m.remove("source");
    m.remove("spans");
    v
}

#[test]
fn letters_joined_in_threes_come_apart_as_each_letter_alone() {
    let Some(letters) = common::letters_dir() else {
        return;
    };
    let mut groups = 0;
    for folder in std::fs::read_dir(letters.join("dwc-2016/text")).unwrap() {
        let folder = folder.unwrap().path();
        let mut names: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        for three in names.chunks(3) {
            let texts: Vec<String> = three
                .iter()
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect();
            // Joined as a paste or a merged file would be: a form feed or blank lines between.
            let joined = texts.join(if groups % 2 == 0 { "\u{c}" } else { "\n\n" });
            let parts = analyze_letters(Input::Text(&joined), "merged.txt", 0, &Origin::default());
            let where_ = format!("{}: {:?}", folder.display(), three);
            if texts.len() == 1 {
                assert_eq!(parts.len(), 1, "{where_}");
                continue;
            }
            assert_eq!(parts.len(), texts.len(), "{where_}");
            let whole: String = parts.iter().map(|p| p.text.as_deref().unwrap()).collect();
            assert_eq!(whole, joined, "the parts hold all of the input: {where_}");
            for (k, (part, text)) in parts.iter().zip(&texts).enumerate() {
                assert_eq!(part.outcome.source(), format!("merged.txt#{}", k + 1));
                let alone = analyze_input(Input::Text(text), "alone.txt", 0).outcome;
                assert_eq!(
                    fields(&part.outcome),
                    fields(&alone),
                    "letter {} of {where_}",
                    k + 1
                );
            }
            groups += 1;
        }
    }
    assert!(groups >= 7 * 20, "{groups} groups");
    // The 2013 letters (no Case Number block: each opens at its first heading).
    let mut seeds: Vec<_> = std::fs::read_dir(letters.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let texts: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let joined = texts.concat();
    let parts = analyze_letters(Input::Text(&joined), "seeds.txt", 0, &Origin::default());
    assert_eq!(parts.len(), texts.len());
    for (part, text) in parts.iter().zip(&texts) {
        assert_eq!(part.text.as_deref(), Some(text.as_str()));
        assert_eq!(
            fields(&part.outcome),
            fields(&analyze_input(Input::Text(text), "x", 0).outcome)
        );
    }
}

#[test]
fn one_letter_or_no_letter_is_one_outcome_under_its_own_name() {
    let one = analyze_letters(
        Input::Text("Case Number: CM16-0000001\nHOW THE IMR FINAL DETERMINATION WAS MADE\n"),
        "a.txt",
        0,
        &Origin::default(),
    );
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].outcome.source(), "a.txt");
    let none = analyze_letters(
        Input::Text("a shopping list"),
        "b.txt",
        0,
        &Origin::default(),
    );
    assert_eq!(none.len(), 1);
    assert!(matches!(&none[0].outcome, Outcome::Error(e) if e.error.code == "not_a_letter"));
}
