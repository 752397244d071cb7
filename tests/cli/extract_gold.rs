//! `rashomon extract` against the hand-made gold line ranges of the seed pages.

use crate::util::{repo, s, samples, Env};

/// 1-based line number of a byte offset.
fn line_of(text: &str, off: usize) -> usize {
    text[..off].matches('\n').count() + 1
}

#[test]
fn extract_matches_gold_lines_on_the_seeds() {
    let gold_path = {
        let shared = repo().join("../shared/gold/seeds.json");
        if shared.exists() { shared } else { repo().join("tests/fixtures/seeds-gold.json") }
    };
    let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let env = Env::new();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    for g in gold["seeds"].as_array().unwrap() {
        let file = samples().join(g["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        let r = env.json(&["extract", s(&file), "--json"]);
        let (b0, b1) = (g["body_lines"][0].as_u64().unwrap() as usize, g["body_lines"][1].as_u64().unwrap() as usize);
        let want: std::collections::BTreeSet<usize> =
            (b0..=b1).filter(|&l| !lines[l - 1].trim().is_empty()).collect();
        let mut got = std::collections::BTreeSet::new();
        for sp in r["body_spans"].as_array().unwrap() {
            let (a, b) = (sp["start"].as_u64().unwrap() as usize, sp["end"].as_u64().unwrap() as usize);
            for l in line_of(&text, a)..=line_of(&text, b) {
                if !lines[l - 1].trim().is_empty() {
                    got.insert(l);
                }
            }
        }
        let t = got.intersection(&want).count();
        tp += t;
        fp += got.len() - t;
        fn_ += want.len() - t;
        report += &format!("{}: tp {t} fp {} fn {}\n", g["file"], got.len() - t, want.len() - t);
        // Title: the gold line, or none.
        match g["title_line"].as_u64() {
            Some(tl) => {
                let ts = &r["title_span"];
                assert!(!ts.is_null(), "{}: no title found, gold line {tl}", g["file"]);
                assert_eq!(line_of(&text, ts["start"].as_u64().unwrap() as usize), tl as usize, "{}: title line", g["file"]);
            }
            None => assert!(r["title_span"].is_null(), "{}: page has no title, got {}", g["file"], r["title"]),
        }
    }
    let p = tp as f64 / (tp + fp) as f64;
    let rc = tp as f64 / (tp + fn_) as f64;
    eprintln!("{report}body lines: precision {p:.3} recall {rc:.3}");
    assert!(p >= 0.95 && rc >= 0.95, "{report}precision {p:.3} recall {rc:.3}");
}
