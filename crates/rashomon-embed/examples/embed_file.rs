//! Embed the lines of a file (or the sample clauses) and report throughput; for peak memory run it
//! under `/usr/bin/time -v`:
//!   cargo run --release -p rashomon-embed --example embed_file -- [FILE] [--repeat N]
use rashomon_embed::{Embedder, Prefix};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeat = args.iter().position(|a| a == "--repeat").map(|i| args[i + 1].parse().unwrap()).unwrap_or(3);
    let file = args.iter().find(|a| !a.starts_with("--") && a.parse::<usize>().is_err()).cloned();
    let t0 = Instant::now();
    let e = Embedder::load_default().unwrap_or_else(|err| {
        eprintln!("{err}");
        std::process::exit(1)
    });
    eprintln!("loaded {} in {:.2?} (kernel {}, {} threads, heap {:.1} MB)", e.path().display(), t0.elapsed(), e.kernel(), e.threads(), e.heap_bytes() as f64 / 1e6);
    let text = match file {
        Some(f) => std::fs::read_to_string(&f).unwrap(),
        None => std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sentences.tsv")).unwrap(),
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    let tokens: usize = lines.iter().map(|l| e.token_ids(l, Prefix::Passage).len()).sum();
    for _ in 0..repeat {
        let t = Instant::now();
        let v = e.embed(&lines, Prefix::Passage);
        let s = t.elapsed().as_secs_f64();
        println!("{} texts ({:.1} tokens each) in {:.3}s: {:.1} texts/s, {:.0} tokens/s", v.len(), tokens as f64 / lines.len() as f64, s, lines.len() as f64 / s, tokens as f64 / s);
    }
    if let Ok(st) = std::fs::read_to_string("/proc/self/status") {
        let pick: Vec<&str> = st.lines().filter(|l| l.starts_with("VmHWM") || l.starts_with("Rss")).collect();
        println!("{}", pick.join("; ").split_whitespace().collect::<Vec<_>>().join(" "));
    }
}
