//! Alignment speed: two ~1,500-word Arabic articles aligned and diffed (target < 5 ms), their
//! claims already analysed (as they are when stored).
//! The articles are built from the sample pages' sentences, shuffled differently per side.

use criterion::{criterion_group, criterion_main, Criterion};
use rashomon_core::align::{align, Doc, Params};
use rashomon_core::span::Span;
use rashomon_core::text::{segment, Lang};

fn article(seed: usize) -> (String, Vec<Span>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples");
    let mut sentences = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    names.sort();
    for p in names {
        let t = std::fs::read_to_string(p).unwrap();
        let ex = rashomon_core::extract::extract_text(t, "UTF-8", rashomon_core::extract::Format::Txt).unwrap();
        for para in ex.paragraphs() {
            for s in segment::sentences(&ex.page_text, para, Lang::Ar) {
                sentences.push(s.text(&ex.page_text).to_string());
            }
        }
    }
    // Deterministic shuffle, then take sentences until ~1,500 words.
    let n = sentences.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut x = seed as u64 * 2654435761 + 1;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut words = 0;
    for &i in order.iter().cycle() {
        if words >= 1500 {
            break;
        }
        let s = &sentences[i];
        let start = text.len();
        text.push_str(s);
        spans.push(Span::new(start, text.len()));
        text.push('\n');
        words += s.split_whitespace().count();
    }
    (text, spans)
}

fn bench(c: &mut Criterion) {
    let (ta, sa) = article(1);
    let (tb, sb) = article(2);
    let (ca, cb) = (rashomon_core::claims::analyze(&ta, &sa, Lang::Ar), rashomon_core::claims::analyze(&tb, &sb, Lang::Ar));
    let a = Doc { text: &ta, lang: Lang::Ar, claims: &ca, published: None };
    let b = Doc { text: &tb, lang: Lang::Ar, claims: &cb, published: None };
    let p = Params::default();
    c.bench_function("align two 1500-word articles", |bch| bch.iter(|| align(&a, &b, &p)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
