//! Extraction speed: plain-text classifier on the seed pages, HTML extraction on a generated page.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rashomon_core::extract::{html, plaintext};

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// A news-like page: navigation, a ticker, an article of 12 paragraphs, related links, a footer.
fn generated_page() -> String {
    let mut s = String::from("<!doctype html><html lang=\"en\"><head><title>Talks end - Example</title>");
    s.push_str("<meta property=\"og:site_name\" content=\"Example\"><script>var a=1;</script></head><body>");
    s.push_str("<header><nav><ul>");
    for i in 0..40 {
        s.push_str(&format!("<li><a href=\"/s{i}\">Section {i}</a></li>"));
    }
    s.push_str("</ul></nav></header><main><article><h1>Talks end without agreement</h1>");
    for i in 0..12 {
        if i == 6 {
            s.push_str("<h2>What comes next</h2>");
        }
        s.push_str(&format!(
            "<p>Paragraph {i}: the delegations met for <b>six hours</b> on Monday and said that further \
             talks would be held <a href=\"/x\">next week</a>, according to officials familiar with the matter.</p>"
        ));
    }
    s.push_str("</article><aside><h3>Related</h3><ul>");
    for i in 0..20 {
        s.push_str(&format!("<li><a href=\"/r{i}\">Related headline number {i}</a></li>"));
    }
    s.push_str("</ul></aside></main><footer><p>© Example News</p></footer></body></html>");
    s
}

fn bench(c: &mut Criterion) {
    let pages = seeds();
    c.bench_function("plaintext/5 seeds", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(plaintext::extract(p.clone(), "UTF-8").unwrap());
            }
        })
    });
    let page = generated_page();
    c.bench_function("html/generated page", |b| b.iter(|| black_box(html::extract(page.clone(), "UTF-8").unwrap())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
