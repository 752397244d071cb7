//! Throughput of normalise + segment + claims on the Arabic seed pages.
//! `cargo bench -p rashomon-core --bench text`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rashomon_core::claims::analyze;
use rashomon_core::text::normalize::normalize;
use rashomon_core::text::segment::sentences;
use rashomon_core::text::Lang;
use rashomon_core::Span;

const SEEDS: &[&str] = &[
    include_str!("../tests/fixtures/text/000_3706dea661108fa7.txt"),
    include_str!("../tests/fixtures/text/001_4489f4de29ce8df6.txt"),
    include_str!("../tests/fixtures/text/002_7353f3c6e7c0b215.txt"),
    include_str!("../tests/fixtures/text/003_f5b8c9bc2459abb0.txt"),
    include_str!("../tests/fixtures/text/004_34246c2b77bf952b.txt"),
];

fn pipeline(text: &str) -> usize {
    let n = normalize(text, Lang::Ar);
    let s = sentences(text, Span::new(0, text.len()), Lang::Ar);
    let c = analyze(text, &s, Lang::Ar);
    n.text.len() + c.len()
}

fn bench(c: &mut Criterion) {
    let text: String = SEEDS.join("\n");
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize", |b| b.iter(|| normalize(black_box(&text), Lang::Ar).text.len()));
    g.bench_function("segment", |b| b.iter(|| sentences(black_box(&text), Span::new(0, text.len()), Lang::Ar).len()));
    g.bench_function("normalize+segment+claims", |b| b.iter(|| pipeline(black_box(&text))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
