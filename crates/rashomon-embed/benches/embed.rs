//! Embedding throughput on realistic clauses: pieces of the sample pages (samples/*.txt) cut at
//! sentence punctuation and clause commas, kept when they are 15–40 tokens long, embedded in one
//! batch on every core. Criterion reports elements/s = clauses/s (target ≥ 200 on 2 cores).
//! Without the model (`make model`) the bench says so and measures nothing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rashomon_embed::{Embedder, Prefix};

fn clauses(e: &Embedder) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        // the pages separate headlines and paragraphs with runs of spaces or newlines
        for block in text.split("   ").flat_map(|b| b.split('\n')) {
            for piece in block.split(['.', '!', '?', '؟', '،', ';', '؛']) {
                let piece = piece.split_whitespace().collect::<Vec<_>>().join(" ");
                let n = e.token_ids(&piece, Prefix::Passage).len();
                if (15..=40).contains(&n) {
                    out.push(piece);
                }
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let e = match Embedder::load_default() {
        Ok(e) => e,
        Err(err) => {
            eprintln!("embed bench skipped: {err}");
            return;
        }
    };
    let mut cl = clauses(&e);
    cl.truncate(128);
    let refs: Vec<&str> = cl.iter().map(|s| s.as_str()).collect();
    let tokens: usize = refs.iter().map(|s| e.token_ids(s, Prefix::Passage).len()).sum();
    eprintln!(
        "{} clauses, {:.1} tokens each on average, kernel {}, {} threads",
        refs.len(),
        tokens as f64 / refs.len() as f64,
        e.kernel(),
        e.threads()
    );
    let mut g = c.benchmark_group("embed");
    g.sample_size(10);
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("clauses", |b| b.iter(|| e.embed(&refs, Prefix::Passage)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
