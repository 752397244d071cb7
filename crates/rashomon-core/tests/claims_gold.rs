//! Gold checks for claims against the seed pages: numbers (precision/recall on value, counted
//! noun, qualifier) and speakers (speaker and side per row).

use rashomon_core::claims::{analyze, Claim};
use rashomon_core::text::normalize::normalize_str;
use rashomon_core::text::stem::arabic_light;
use rashomon_core::text::{segment, Lang};
use rashomon_core::Span;
use std::collections::HashMap;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "text", name].iter().collect();
    std::fs::read_to_string(p).unwrap()
}

fn jsonl(name: &str) -> Vec<serde_json::Value> {
    fixture(name).lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Claims of a seed page, keyed by 1-based line number.
fn page_claims(file: &str) -> (String, HashMap<usize, Vec<Claim>>) {
    let page = fixture(file);
    let mut sents = Vec::new();
    let mut line_of = Vec::new();
    let mut start = 0;
    for (i, line) in page.split('\n').enumerate() {
        for s in segment::sentences(&page, Span::new(start, start + line.len()), Lang::Ar) {
            sents.push(s);
            line_of.push(i + 1);
        }
        start += line.len() + 1;
    }
    let mut by_line: HashMap<usize, Vec<Claim>> = HashMap::new();
    for c in analyze(&page, &sents, Lang::Ar) {
        by_line.entry(line_of[c.sentence]).or_default().push(c);
    }
    (page, by_line)
}

fn counted_key(s: &str) -> String {
    let n = normalize_str(s, Lang::Ar);
    arabic_light(&n)
}

#[test]
fn claims_gold_numbers_precision_recall() {
    let gold = jsonl("seed-numbers.jsonl");
    type Row = (f64, String, Option<String>);
    let mut gold_by: HashMap<(String, usize), Vec<Row>> = HashMap::new();
    for g in &gold {
        gold_by.entry((g["file"].as_str().unwrap().to_string(), g["line"].as_u64().unwrap() as usize)).or_default().push((
            g["value"].as_f64().unwrap(),
            counted_key(g["counted"].as_str().unwrap()),
            g["qualifier"].as_str().map(str::to_string),
        ));
    }
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    let mut cache: HashMap<String, (String, HashMap<usize, Vec<Claim>>)> = HashMap::new();
    let mut keys: Vec<_> = gold_by.keys().cloned().collect();
    keys.sort();
    for (file, line) in keys {
        let (page, claims) = cache.entry(file.clone()).or_insert_with(|| page_claims(&file));
        let mut want = gold_by[&(file.clone(), line)].clone();
        let got: Vec<(f64, String, Option<String>, String)> = claims
            .get(&line)
            .into_iter()
            .flatten()
            .flat_map(|c| c.numbers.iter())
            .filter(|n| !n.vague)
            .map(|n| (n.value, n.counted.as_deref().map(counted_key).unwrap_or_default(), n.qualifier.clone(), n.span.text(page).to_string()))
            .collect();
        for g in got {
            if let Some(p) = want.iter().position(|w| w.0 == g.0 && w.1 == g.1 && w.2 == g.2) {
                want.remove(p);
                tp += 1;
            } else {
                fp += 1;
                report.push(format!("FP {file}:{line} {g:?}"));
            }
        }
        for w in want {
            fnn += 1;
            report.push(format!("FN {file}:{line} {w:?}"));
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fnn).max(1) as f64;
    eprintln!("numbers: P={p:.3} R={r:.3} (tp {tp}, fp {fp}, fn {fnn})\n{}", report.join("\n"));
    assert!(p >= 0.95 && r >= 0.95, "P={p:.3} R={r:.3}\n{}", report.join("\n"));
}

#[test]
fn claims_gold_speakers() {
    let gold = jsonl("seed-speakers.jsonl");
    let mut ok = 0;
    let mut report = Vec::new();
    let mut cache: HashMap<String, (String, HashMap<usize, Vec<Claim>>)> = HashMap::new();
    for g in &gold {
        let file = g["file"].as_str().unwrap().to_string();
        let line = g["line"].as_u64().unwrap() as usize;
        let (_, claims) = cache.entry(file.clone()).or_insert_with(|| page_claims(&file));
        let verb = normalize_str(g["verb"].as_str().unwrap(), Lang::Ar);
        let cands: Vec<&Claim> = claims.get(&line).into_iter().flatten().collect();
        let claim = cands.iter().find(|c| c.verb.as_deref() == Some(verb.as_str()));
        let Some(claim) = claim else {
            report.push(format!("NO VERB {file}:{line} {verb} in {:?}", cands.iter().map(|c| &c.verb).collect::<Vec<_>>()));
            continue;
        };
        let sp = claim.speaker.as_ref();
        let side_ok = sp.and_then(|s| s.side.as_deref()) == g["side"].as_str();
        let who_ok = match g["speaker_surface"].as_str() {
            Some(surface) => sp.is_some_and(|s| {
                let a = normalize_str(surface, Lang::Ar);
                let b = normalize_str(s.surface.trim_start_matches('و'), Lang::Ar);
                !b.is_empty() && (a.contains(&b) || b.contains(&a))
            }),
            None => sp.is_some_and(|s| {
                let last = s.name.as_deref().unwrap_or("?").split(' ').next_back().unwrap_or("?").replace('ğ', "g");
                s.coref && g["speaker"].as_str().unwrap().contains(&last)
            }),
        };
        if side_ok && who_ok {
            ok += 1;
        } else {
            report.push(format!("WRONG {file}:{line} want {:?}/{:?} got {:?}", g["speaker_surface"], g["side"], sp));
        }
    }
    let pct = ok as f64 / gold.len() as f64;
    eprintln!("speakers: {ok}/{} = {:.1}%\n{}", gold.len(), pct * 100.0, report.join("\n"));
    assert!(pct >= 0.9, "{}", report.join("\n"));
}
