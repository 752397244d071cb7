//! Plain-text extraction against hand-made gold: the five seed pages and synthetic pages in
//! Russian, Turkish, English and Arabic (fixtures under tests/fixtures/extract/).

use std::collections::BTreeSet;
use std::path::Path;

use rashomon_core::extract::{plaintext, BlockKind};

struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    titles_ok: usize,
    titles: usize,
    failures: Vec<String>,
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, pos: usize) -> usize {
    text[..pos].bytes().filter(|&b| b == b'\n').count() + 1
}

fn run(dir: &str, gold_file: &str) -> Score {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract").join(dir);
    let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join(gold_file)).unwrap()).unwrap();
    let mut sc = Score { tp: 0, fp: 0, fn_: 0, titles_ok: 0, titles: 0, failures: vec![] };
    for page in gold["seeds"].as_array().unwrap() {
        let file = page["file"].as_str().unwrap();
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        let lo = page["body_lines"][0].as_u64().unwrap() as usize;
        let hi = page["body_lines"][1].as_u64().unwrap() as usize;
        let want: BTreeSet<usize> = (lo..=hi).filter(|&l| !lines[l - 1].trim().is_empty()).collect();
        let want_sub: BTreeSet<usize> = page
            .get("subheading_lines")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|v| v.as_u64().unwrap() as usize).collect())
            .unwrap_or_default();
        let ex = plaintext::extract(text.clone(), "UTF-8").unwrap();
        assert!(ex.blocks.iter().all(|b| b.span.is_valid_in(&ex.page_text)));
        let got: BTreeSet<usize> = ex.blocks.iter().map(|b| line_of(&text, b.span.start)).collect();
        let got_sub: BTreeSet<usize> =
            ex.blocks.iter().filter(|b| b.kind == BlockKind::Subheading).map(|b| line_of(&text, b.span.start)).collect();
        let tp = got.intersection(&want).count();
        let fp = got.len() - tp;
        let fn_ = want.len() - tp;
        sc.tp += tp;
        sc.fp += fp;
        sc.fn_ += fn_;
        let want_title = page["title_line"].as_u64().map(|v| v as usize);
        let got_title = ex.title.map(|s| line_of(&text, s.start));
        if want_title.is_some() {
            sc.titles += 1;
        }
        let title_ok = want_title == got_title;
        if title_ok && want_title.is_some() {
            sc.titles_ok += 1;
        }
        if !title_ok {
            sc.failures.push(format!("{file}: title want {want_title:?} got {got_title:?}"));
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        eprintln!(
            "{file}: P={p:.3} R={r:.3} title={got_title:?}/{want_title:?} extra={:?} missed={:?} subheadings={:?}/{:?}",
            got.difference(&want).collect::<Vec<_>>(),
            want.difference(&got).collect::<Vec<_>>(),
            got_sub,
            want_sub
        );
    }
    let p = sc.tp as f64 / (sc.tp + sc.fp).max(1) as f64;
    let r = sc.tp as f64 / (sc.tp + sc.fn_).max(1) as f64;
    eprintln!("{dir} micro: P={p:.3} R={r:.3} titles {}/{}", sc.titles_ok, sc.titles);
    sc
}

fn check(sc: &Score) {
    let p = sc.tp as f64 / (sc.tp + sc.fp).max(1) as f64;
    let r = sc.tp as f64 / (sc.tp + sc.fn_).max(1) as f64;
    assert!(p >= 0.95, "precision {p:.3} < 0.95");
    assert!(r >= 0.95, "recall {r:.3} < 0.95");
    assert!(sc.failures.is_empty(), "title failures: {:?}", sc.failures);
}

#[test]
fn seeds_match_gold() {
    check(&run("seeds", "seeds.json"));
}

#[test]
fn synthetic_pages_match_expected() {
    check(&run("synthetic", "expected.json"));
}
