//! Import throughput: the five sample pages (made distinct per iteration) imported into a real
//! SQLite file through the API, as `rashomon import` does.

use std::sync::atomic::AtomicBool;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rashomon_core::api::{self, ImportOptions};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let samples = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"));
    let pages: Vec<(String, String)> = std::fs::read_dir(samples)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let mut store = api::open(&dir.path().join("bench.db")).unwrap();
    let mut round = 0u64;
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("five sample pages", |b| {
        b.iter(|| {
            round += 1;
            let batch = dir.path().join(format!("r{round}"));
            std::fs::create_dir_all(&batch).unwrap();
            for (name, text) in &pages {
                std::fs::write(batch.join(name), format!("{text}\nنسخة {round}\n")).unwrap();
            }
            let r = api::import(&mut store, std::slice::from_ref(&batch), &ImportOptions::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
            assert_eq!(r.imported, pages.len());
            std::fs::remove_dir_all(&batch).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
