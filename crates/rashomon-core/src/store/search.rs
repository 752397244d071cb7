//! Full-text search over sentences and titles.
//!
//! The user's query is never handed to FTS5 as syntax: it is split into words (kept whole inside
//! double quotes, as a phrase), each folded like the index, and re-quoted, so any input is a
//! valid query. A trailing `*` on a word asks for a prefix match.

use rusqlite::params;
use serde::Serialize;

use super::Store;
use crate::error::{Error, ErrorCode, Result};
use crate::text::normalize::fold;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SearchHit {
    pub article_id: i64,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub side: String,
    pub language: String,
    /// Sentence index within the article (`None` when the title matched).
    pub sentence: Option<usize>,
    /// Byte span of the matching sentence (or title) in the article's page text.
    pub start: usize,
    pub end: usize,
    /// The original sentence text.
    pub snippet: String,
    /// Byte ranges inside `snippet` that match query terms.
    pub highlights: Vec<(usize, usize)>,
}

/// One term of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub words: Vec<String>,
    pub prefix: bool,
}

/// Parse free text into folded terms. Quotes group a phrase; other FTS5 syntax is literal text.
pub fn parse_query(q: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    // Odd-numbered pieces between double quotes are phrases.
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            let words = words_of(part);
            if !words.is_empty() {
                terms.push(Term { words, prefix: false });
            }
        } else {
            for raw in part.split_whitespace() {
                let prefix = raw.ends_with('*');
                let words = words_of(raw);
                if !words.is_empty() {
                    terms.push(Term { words, prefix });
                }
            }
        }
    }
    terms
}

fn words_of(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn fts_expr(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| {
            let phrase = format!("\"{}\"", t.words.join(" "));
            if t.prefix { format!("{phrase} *") } else { phrase }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl Store {
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let terms = parse_query(query);
        if terms.is_empty() {
            return Err(Error::new(ErrorCode::BadQuery, format!("nothing to search for in '{query}'")));
        }
        let expr = fts_expr(&terms);
        let map_err = |e: rusqlite::Error| Error::new(ErrorCode::BadQuery, format!("cannot search for '{query}': {e}"));
        let mut hits = Vec::new();
        let mut st = self
            .conn()
            .prepare(
                "SELECT a.id, a.title, o.name, COALESCE(o.side,'other'), a.language, NULL, a.title_start, a.title_end, a.title, -1e9
                 FROM title_fts f JOIN articles a ON a.id = f.rowid LEFT JOIN outlets o ON o.id = a.outlet_id
                 WHERE title_fts MATCH ?1
                 UNION ALL
                 SELECT a.id, a.title, o.name, COALESCE(o.side,'other'), a.language, s.idx, s.start, s.end,
                        substr(COALESCE(CAST(a.page_text AS BLOB), a.raw), s.start + 1, s.end - s.start), bm25(sentence_fts)
                 FROM sentence_fts JOIN sentences s ON s.id = sentence_fts.rowid JOIN articles a ON a.id = s.article_id
                 LEFT JOIN outlets o ON o.id = a.outlet_id
                 WHERE sentence_fts MATCH ?1
                 ORDER BY 10 LIMIT ?2",
            )
            .map_err(map_err)?;
        let rows = st
            .query_map(params![expr, limit as i64], |r| {
                let snippet: Option<Vec<u8>> = match r.get_ref(8)? {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => Some(t.to_vec()),
                    _ => None,
                };
                Ok(SearchHit {
                    article_id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    side: r.get(3)?,
                    language: r.get(4)?,
                    sentence: r.get::<_, Option<i64>>(5)?.map(|v| v as usize),
                    start: r.get::<_, Option<i64>>(6)?.unwrap_or(0) as usize,
                    end: r.get::<_, Option<i64>>(7)?.unwrap_or(0) as usize,
                    snippet: String::from_utf8_lossy(&snippet.unwrap_or_default()).into_owned(),
                    highlights: Vec::new(),
                })
            })
            .map_err(map_err)?;
        for h in rows {
            let mut h = h.map_err(map_err)?;
            h.highlights = highlight(&h.snippet, &terms);
            hits.push(h);
        }
        Ok(hits)
    }
}

/// Byte ranges of the words in `text` whose folded form matches a query word.
pub fn highlight(text: &str, terms: &[Term]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let check = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let w = fold(&text[s..e]);
        let hit = terms.iter().any(|t| {
            t.words.iter().enumerate().any(|(i, q)| {
                let last = i + 1 == t.words.len();
                w == *q || (t.prefix && last && w.starts_with(q.as_str()))
            })
        });
        if hit {
            out.push((s, e));
        }
    };
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0640}';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                check(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        check(s, text.len(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_input_parses_to_quoted_terms() {
        for q in ["\"", "NEAR(", "*", "a OR", "أردوغان\" AND (", "col:value^"] {
            let t = parse_query(q);
            let e = fts_expr(&t);
            assert!(!e.contains("NEAR(") || e.contains("\"near\""), "{e}");
        }
        assert_eq!(parse_query("\"وقف إطلاق\" النار*").len(), 2);
        assert!(parse_query("إطلاق*")[0].prefix);
    }

    #[test]
    fn highlights_folded_matches() {
        let terms = parse_query("اردوغان");
        let text = "وقال أردوغان إن";
        let h = highlight(text, &terms);
        assert_eq!(h.len(), 1);
        assert_eq!(&text[h[0].0..h[0].1], "أردوغان");
    }
}
