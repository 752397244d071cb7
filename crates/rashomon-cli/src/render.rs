//! Terminal rendering of API results (the `--json` forms print the API types directly).

use rashomon_core::api::{Article, ArticleSummary, ExtractResult, ImportItem, ImportStatus, Outlet, SearchHit};

pub fn import_item(item: &ImportItem) {
    match (&item.status, &item.error) {
        (ImportStatus::Failed, Some(e)) => eprintln!("  ✗ {}", e.message),
        (ImportStatus::AlreadyImported, _) => {
            println!("  = {}: already imported as #{}", item.source, item.article_id.unwrap_or_default())
        }
        _ => println!(
            "  + #{} {} — {}",
            item.article_id.unwrap_or_default(),
            item.source,
            item.title.as_deref().unwrap_or("(no title)")
        ),
    }
    let _ = crate::status_word(item.status);
}

pub fn article_list(list: &[ArticleSummary]) {
    if list.is_empty() {
        println!("no articles yet — import some with `rashomon import PATH`");
        return;
    }
    println!("{:>4}  {:<10} {:<4} {:<10} {:<28} title", "id", "side", "lang", "date", "outlet");
    for a in list {
        println!(
            "{:>4}  {:<10} {:<4} {:<10} {:<28} {}",
            a.id,
            a.side,
            a.language,
            a.published.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("-"),
            truncate(a.outlet.as_deref().unwrap_or("-"), 28),
            a.title.as_deref().unwrap_or("(no title)")
        );
    }
}

pub fn article(a: &Article) {
    let s = &a.summary;
    println!("#{} {}", s.id, s.title.as_deref().unwrap_or("(no title)"));
    println!(
        "outlet: {}   side: {}   language: {}   published: {}",
        s.outlet.as_deref().unwrap_or("-"),
        s.side,
        s.language,
        s.published.as_deref().unwrap_or("-")
    );
    println!("source: {}   encoding: {}   format: {}   sha256: {}", s.source_name, a.encoding, a.format, a.raw_sha256);
    if let Some(u) = &s.url {
        println!("url: {u}");
    }
    println!("\n{}\n", a.clean_text);
    println!("sentences ({}):", a.sentences.len());
    for x in &a.sentences {
        println!("  [{}] {}..{}  {}", x.index, x.start, x.end, x.text);
    }
}

pub fn extract(r: &ExtractResult) {
    println!("{} ({}, {}, {})", r.file, r.format, r.encoding, r.language);
    println!("title: {}", r.title.as_deref().unwrap_or("(none)"));
    println!("\n{}", r.body);
}

pub fn search(hits: &[SearchHit]) {
    if hits.is_empty() {
        println!("no matches");
    }
    for h in hits {
        let mut marked = String::new();
        let mut last = 0;
        for &(s, e) in &h.highlights {
            marked.push_str(&h.snippet[last..s]);
            marked.push_str("\x1b[1;33m");
            marked.push_str(&h.snippet[s..e]);
            marked.push_str("\x1b[0m");
            last = e;
        }
        marked.push_str(&h.snippet[last..]);
        println!("#{} {} [{}] {}", h.article_id, h.outlet.as_deref().unwrap_or("-"), h.side, h.title.as_deref().unwrap_or(""));
        println!("    {marked}");
    }
}

pub fn outlets(list: &[Outlet]) {
    for o in list {
        println!("{:>4}  {:<10} {:<4} {:>3} articles  {}", o.id, o.side, o.language.as_deref().unwrap_or("-"), o.articles, o.name);
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
