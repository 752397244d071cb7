//! Export speed: a story of 1,000+ aligned pairs (the five sample pages plus six variants, every
//! pair of the eleven compared) exported in each format — target < 1 s per export, alignment
//! included. Also the rendering alone, from gathered data.

use std::sync::atomic::AtomicBool;

use criterion::{criterion_group, criterion_main, Criterion};
use rashomon_core::api::{self, ExportRequest, UploadedFile};
use rashomon_core::export::{self, ExportFormat, ExportScope};

fn corpus(dir: &std::path::Path) -> (rashomon_core::store::Store, Vec<i64>) {
    use base64::Engine;
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples");
    let mut store = api::open(&dir.join("bench.rashomon")).unwrap();
    api::import(&mut store, &[samples.into()], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let mut files = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(samples).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    names.sort();
    for k in 0..6 {
        let mut t = std::fs::read(&names[k % names.len()]).unwrap();
        t.extend_from_slice(format!("\n\nنسخة {k}\n").as_bytes());
        files.push(UploadedFile { name: format!("variant{k}.txt"), data_base64: base64::engine::general_purpose::STANDARD.encode(&t) });
    }
    let opts = api::ImportOptions { language: Some("ar".into()), ..Default::default() };
    api::import_uploaded(&mut store, files, &opts, &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let ids = api::list_articles(&store).unwrap().iter().map(|a| a.id).collect();
    (store, ids)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = corpus(dir.path());
    let scope = ExportScope { story: None, articles: Some(ids) };
    let data = export::gather(&store, &scope, "2024-01-01T00:00:00Z").unwrap();
    assert!(data.pairs.len() >= 1000, "only {} pairs", data.pairs.len());
    eprintln!("export bench: {} articles, {} pairs", data.articles.len(), data.pairs.len());
    let mut g = c.benchmark_group("export_1000_pairs");
    g.sample_size(10);
    for f in ExportFormat::ALL {
        let path = dir.path().join(format!("out.{}", f.extension()));
        let req = ExportRequest { format: f, scope: scope.clone(), path: path.display().to_string() };
        g.bench_function(format!("{}_end_to_end", f.as_str()), |b| b.iter(|| api::export(&store, &req).unwrap()));
        g.bench_function(format!("{}_render", f.as_str()), |b| b.iter(|| export::write(&data, f, &path).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
