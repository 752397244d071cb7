//! Extract many files in one process; prints one JSON line per file: `{"file", "body"}` (plus
//! `"title"`, or `"error"` when extraction failed). Used by `bench/extraction.sh`.
//!
//! Usage: `extract_dir [--page] FILE...` or `extract_dir [--page] --list LISTFILE` (one path per
//! line). `--page` adds the rendered `page_text` to each record.

use std::io::Write;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let with_page = args.first().map(String::as_str) == Some("--page");
    if with_page {
        args.remove(0);
    }
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
                Ok(ex) => {
                    let mut v = serde_json::json!({"file": file, "body": ex.body_text(), "title": ex.title_text()});
                    if with_page {
                        v["page"] = serde_json::Value::String(ex.page_text.clone());
                    }
                    v
                }
                Err(e) => serde_json::json!({"file": file, "body": "", "error": e.to_string()}),
            },
        };
        let _ = writeln!(out, "{line}");
    }
}
