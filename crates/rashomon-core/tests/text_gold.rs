//! Gold checks for segmentation against the seed pages (fixtures copied from shared/gold).

use rashomon_core::text::{segment, Lang};
use rashomon_core::Span;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "text", name].iter().collect();
    std::fs::read_to_string(p).unwrap()
}

/// Span of 1-based line `n` in `text`.
fn line_span(text: &str, n: usize) -> Span {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == n {
            return Span::new(start, start + line.len());
        }
        start += line.len() + 1;
    }
    panic!("no line {n}");
}

#[test]
fn text_gold_pairs_are_whole_sentences() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for l in fixture("seed-pairs.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        for side in ["a", "b"] {
            let file = v[format!("{side}_file")].as_str().unwrap();
            let line = v[format!("{side}_line")].as_u64().unwrap() as usize;
            let want = v[format!("{side}_text")].as_str().unwrap();
            let page = fixture(file);
            let span = line_span(&page, line);
            let got: Vec<&str> = segment::sentences(&page, span, Lang::Ar).iter().map(|s| s.text(&page)).collect();
            checked += 1;
            if !got.contains(&want) {
                failures.push(format!("{file}:{line}: {} sentences, none equal to gold", got.len()));
            }
        }
    }
    assert_eq!(checked, 22);
    assert!(failures.is_empty(), "{failures:#?}");
}
