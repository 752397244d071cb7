//! Extract many files in one process; prints one JSON line per file: `{"file", "body"}` (plus
//! `"title"`, or `"error"` when extraction failed). Used by `bench/extraction.sh`.
//!
//! Usage: `extract_dir FILE...` or `extract_dir --list LISTFILE` (one path per line).

use std::io::Write;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        let list = args.get(1).cloned().unwrap_or_else(|| {
            eprintln!("usage: extract_dir --list LISTFILE | FILE...");
            std::process::exit(2)
        });
        let text = std::fs::read_to_string(&list).unwrap_or_else(|e| {
            eprintln!("{list}: {e}");
            std::process::exit(2)
        });
        args = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in args {
        let line = match std::fs::read(&file) {
            Err(e) => serde_json::json!({"file": file, "body": "", "error": e.to_string()}),
            Ok(bytes) => match rashomon_core::extract::extract_bytes(&bytes, &file) {
                Ok(ex) => serde_json::json!({"file": file, "body": ex.body_text(), "title": ex.title_text()}),
                Err(e) => serde_json::json!({"file": file, "body": "", "error": e.to_string()}),
            },
        };
        let _ = writeln!(out, "{line}");
    }
}
