//! Alignment speed: two ~1,500-word Arabic articles aligned and diffed (target < 5 ms), their
//! claims already analysed; and the same with each article's whole analysis made ahead (the
//! aligner's per-account part too, as `analysis::Cache` has it in the app), and that analysis alone.
//! The articles are built from the sample pages' sentences, shuffled differently per side.
//! Also: the claim matrix and framing terms of a 50-article story (target < 1 s).

use criterion::{criterion_group, criterion_main, Criterion};
use rashomon_core::align::{align, align_prepared, matrix, story, units_of_words, vocab, Doc, Params, Prepared};
use rashomon_core::span::Span;
use rashomon_core::text::{segment, Lang};

fn article(seed: usize, target_words: usize) -> (String, Vec<Span>) {
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
        if words >= target_words {
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
    let (ta, sa) = article(1, 1500);
    let (tb, sb) = article(2, 1500);
    let (ca, cb) = (rashomon_core::claims::analyze(&ta, &sa, Lang::Ar), rashomon_core::claims::analyze(&tb, &sb, Lang::Ar));
    let a = Doc { text: &ta, lang: Lang::Ar, claims: &ca, published: None, vectors: None };
    let b = Doc { text: &tb, lang: Lang::Ar, claims: &cb, published: None, vectors: None };
    let p = Params::default();
    c.bench_function("align two 1500-word articles", |bch| bch.iter(|| align(&a, &b, &p)));
    let (pa, pb) = (Prepared::new(units_of_words(&a)), Prepared::new(units_of_words(&b)));
    c.bench_function("align two 1500-word articles, analysis made", |bch| bch.iter(|| align_prepared(&a, &pa, &b, &pb, &p)));
    c.bench_function("analyse one 1500-word article (claims + aligner part)", |bch| {
        bch.iter(|| {
            let claims = rashomon_core::claims::analyze(&ta, &sa, Lang::Ar);
            let d = Doc { text: &ta, lang: Lang::Ar, claims: &claims, published: None, vectors: None };
            Prepared::new(units_of_words(&d))
        })
    });

    // A story of 50 articles of ~600 words (each a different mix of the same sentences).
    let arts: Vec<(String, Vec<Span>)> = (0..50).map(|k| article(100 + k, 600)).collect();
    let claims: Vec<_> = arts.iter().map(|(t, s)| rashomon_core::claims::analyze(t, s, Lang::Ar)).collect();
    let docs: Vec<Doc<'_>> = arts.iter().zip(&claims).map(|((t, _), c)| Doc { text: t, lang: Lang::Ar, claims: c, published: None, vectors: None }).collect();
    let sides = ["russian", "turkish", "other"];
    let side_docs: Vec<vocab::SideDoc<'_>> = arts
        .iter()
        .enumerate()
        .map(|(k, (t, s))| vocab::SideDoc { article_id: k as i64, side: sides[k % 3], text: t, lang: Lang::Ar, sentences: s })
        .collect();
    let mut g = c.benchmark_group("story");
    g.sample_size(10);
    g.bench_function("claim matrix + framing terms, 50 articles", |bch| {
        bch.iter(|| (matrix::claim_matrix(&docs, &p, 2), vocab::side_terms(&side_docs, 15, 1.96, 2000.0)))
    });
    // Stories over a library of 2,000 short articles (two sample sentences and a numbered line
    // each, dates over four weeks, as bench/ui-perf.mjs's large library): the grouping scores only
    // pairs that share a key. Every pair scored took over a minute at 10,000 articles.
    let (all, spans) = article(7, 3000);
    let sents: Vec<&str> = spans.iter().map(|s| &all[s.start..s.end]).collect();
    let lib: Vec<(String, String)> = (0..2000usize)
        .map(|i| {
            let (x, y) = (sents[i % sents.len()], sents[(i * 31 + 7) % sents.len()]);
            (format!("{x} {y} وأضاف المصدر أن عدد الجنود بلغ {i} جنديا."), format!("2020-02-{:02}", 1 + i % 28))
        })
        .collect();
    let inputs: Vec<story::StoryInput<'_>> = lib.iter().enumerate().map(|(i, (t, d))| story::StoryInput { id: i as i64, text: t, lang: Lang::Ar, published: Some(d) }).collect();
    g.bench_function("group 2,000 articles into stories", |bch| bch.iter(|| story::group(&inputs, &story::StoryParams::default())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
