//! `--format csl-json` (Zotero, pandoc) and `--format bibtex` (LaTeX): one citation per article,
//! the outlet as the container, with URL, date and language.

use std::io::Write;

use serde_json::{json, Value};

use super::{ExArticle, ExportData};
use crate::error::Result;

/// `YYYY[-MM[-DD]]` at the start of a date → [year, month, day] parts.
fn date_parts(d: &str) -> Option<Vec<i64>> {
    let head: String = d.chars().take(10).collect();
    let parts: Vec<i64> = head.split('-').map_while(|p| p.parse().ok()).collect();
    (!parts.is_empty() && parts[0] > 0).then_some(parts)
}

/// The citation key: `rashomon<id>` plus the year, ASCII only (BibTeX keys must be).
pub fn key(a: &ExArticle) -> String {
    let year = a.published.as_deref().and_then(date_parts).map(|p| p[0].to_string()).unwrap_or_default();
    format!("rashomon{}{}{}", a.id, if year.is_empty() { "" } else { "_" }, year)
}

pub fn csl_json(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    let items: Vec<Value> = d
        .articles
        .iter()
        .map(|a| {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), json!(key(a)));
            o.insert("type".into(), json!("article-newspaper"));
            o.insert("title".into(), json!(a.title.clone().unwrap_or_else(|| a.source_name.clone())));
            if let Some(x) = &a.outlet {
                o.insert("container-title".into(), json!(x));
            }
            if let Some(u) = &a.url {
                o.insert("URL".into(), json!(u));
            }
            if let Some(p) = a.published.as_deref().and_then(date_parts) {
                o.insert("issued".into(), json!({ "date-parts": [p] }));
            }
            o.insert("language".into(), json!(a.language));
            o.insert("note".into(), json!(format!("Rashomon article #{}; side: {}; source file: {}", a.id, a.side, a.source_name)));
            Value::Object(o)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &items)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Escape BibTeX/LaTeX specials; non-ASCII text stays UTF-8 (biber and modern BibTeX read it).
fn bib(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                o.push('\\');
                o.push(c);
            }
            '~' => o.push_str("\\textasciitilde{}"),
            '^' => o.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// A URL inside `url = {…}`: braces and backslashes are the only characters that break it.
fn bib_url(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '{' | '}' | '\\')).collect()
}

pub fn bibtex(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    writeln!(w, "% Exported by {} at {} — one entry per article.", d.generator, d.exported_at)?;
    for a in &d.articles {
        writeln!(w, "\n@article{{{},", key(a))?;
        writeln!(w, "  title = {{{{{}}}}},", bib(a.title.as_deref().unwrap_or(&a.source_name)))?;
        if let Some(o) = &a.outlet {
            writeln!(w, "  journal = {{{}}},", bib(o))?;
        }
        if let Some(p) = a.published.as_deref().and_then(date_parts) {
            writeln!(w, "  year = {{{}}},", p[0])?;
            if let Some(m) = p.get(1) {
                writeln!(w, "  month = {{{m}}},")?;
            }
            writeln!(w, "  date = {{{}}},", p.iter().enumerate().map(|(i, x)| if i == 0 { format!("{x:04}") } else { format!("{x:02}") }).collect::<Vec<_>>().join("-"))?;
        }
        if let Some(u) = &a.url {
            writeln!(w, "  url = {{{}}},", bib_url(u))?;
        }
        writeln!(w, "  language = {{{}}},", bib(&a.language))?;
        writeln!(w, "  note = {{Rashomon article \\#{}; side: {}}}", a.id, bib(&a.side))?;
        writeln!(w, "}}")?;
    }
    Ok(())
}
