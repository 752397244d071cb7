//! Framing vocabulary per side: which words one side's articles use more than the others',
//! scored by weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn
//! 2008, "Fightin' Words", eq. 16–22). Words are compared by stem; each term is shown in its
//! most frequent surface form with example sentences.

use std::collections::HashMap;

use serde::Serialize;

use super::features::{is_stop, tokenize};
use crate::span::Span;
use crate::text::Lang;

/// One article's contribution: its side, text, language and sentences.
pub struct SideDoc<'a> {
    pub article_id: i64,
    pub side: &'a str,
    pub text: &'a str,
    pub lang: Lang,
    pub sentences: &'a [Span],
}

/// A sentence that uses a term.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TermExample {
    pub article_id: i64,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SideTerm {
    /// Most frequent surface form.
    pub term: String,
    /// The stem the counts are over.
    pub stem: String,
    /// z-score of the log-odds ratio (side vs the rest of the story); > 1.96 is p < .05.
    pub z: f64,
    /// Occurrences in this side's articles / in the other sides' articles.
    pub count: usize,
    pub other_count: usize,
    pub examples: Vec<TermExample>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SideTerms {
    pub side: String,
    pub articles: usize,
    pub terms: Vec<SideTerm>,
}

/// Terms each side over-uses relative to the others, at most `top` per side with z ≥ `min_z`.
/// The prior is the story's own word distribution with strength `alpha0` (total pseudo-counts);
/// sides with no other side to compare against get no terms.
pub fn side_terms(docs: &[SideDoc<'_>], top: usize, min_z: f64, alpha0: f64) -> Vec<SideTerms> {
    struct Occ {
        doc: usize,
        sentence: Option<Span>,
        surface: String,
    }
    let mut sides: Vec<&str> = docs.iter().map(|d| d.side).collect();
    sides.sort_unstable();
    sides.dedup();
    let mut counts: HashMap<String, Vec<usize>> = HashMap::new();
    let mut occ: HashMap<String, Vec<Occ>> = HashMap::new();
    let mut totals = vec![0usize; sides.len()];
    for (di, d) in docs.iter().enumerate() {
        let s = sides.binary_search(&d.side).expect("side listed");
        for sent in d.sentences {
            for t in tokenize(d.text, *sent, d.lang) {
                if is_stop(&t.norm) || t.norm.chars().count() < 3 || t.norm.chars().all(|c| c.is_numeric()) {
                    continue;
                }
                let c = counts.entry(t.stem.clone()).or_insert_with(|| vec![0; sides.len()]);
                c[s] += 1;
                totals[s] += 1;
                occ.entry(t.stem).or_default().push(Occ { doc: di, sentence: Some(*sent), surface: t.span.text(d.text).to_string() });
            }
        }
    }
    let grand: usize = totals.iter().sum();
    if sides.len() < 2 || grand == 0 {
        return sides.iter().map(|s| SideTerms { side: s.to_string(), articles: docs.iter().filter(|d| d.side == *s).count(), terms: vec![] }).collect();
    }
    let mut out = Vec::new();
    for (s, side) in sides.iter().enumerate() {
        let (n_i, n_j) = (totals[s] as f64, (grand - totals[s]) as f64);
        let mut scored: Vec<(f64, &String, usize, usize)> = counts
            .iter()
            .map(|(w, c)| {
                let y_i = c[s] as f64;
                let y_all: usize = c.iter().sum();
                let y_j = y_all as f64 - y_i;
                let a_w = alpha0 * y_all as f64 / grand as f64;
                let d = ((y_i + a_w) / (n_i + alpha0 - y_i - a_w)).ln() - ((y_j + a_w) / (n_j + alpha0 - y_j - a_w)).ln();
                let var = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w);
                (d / var.sqrt(), w, c[s], y_all - c[s])
            })
            .filter(|(z, _, ci, _)| *z >= min_z && *ci >= 2)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.truncate(top);
        let terms = scored
            .into_iter()
            .map(|(z, stem, count, other_count)| {
                let list = &occ[stem];
                let mut forms: HashMap<&str, usize> = HashMap::new();
                for o in list.iter().filter(|o| docs[o.doc].side == *side) {
                    *forms.entry(o.surface.as_str()).or_default() += 1;
                }
                let term = forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(f, _)| f.to_string()).unwrap_or_else(|| stem.clone());
                let mut examples: Vec<TermExample> = Vec::new();
                for o in list.iter().filter(|o| docs[o.doc].side == *side) {
                    let Some(sp) = o.sentence else { continue };
                    let id = docs[o.doc].article_id;
                    if examples.iter().any(|e| e.article_id == id && e.start == sp.start) {
                        continue;
                    }
                    examples.push(TermExample { article_id: id, start: sp.start, end: sp.end, text: sp.text(docs[o.doc].text).to_string() });
                    if examples.len() == 2 {
                        break;
                    }
                }
                SideTerm { term, stem: stem.clone(), z: (z * 100.0).round() / 100.0, count, other_count, examples }
            })
            .collect();
        out.push(SideTerms { side: side.to_string(), articles: docs.iter().filter(|d| d.side == *side).count(), terms });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::sentences;

    #[test]
    fn each_side_gets_its_own_loaded_words() {
        let ru = [
            "The terrorists attacked the Syrian army near Idlib. The terrorists shelled the town.",
            "Syrian army units repelled terrorists who attacked from Idlib. Talks continue.",
        ];
        let tr = [
            "The regime attacked Turkish soldiers near Idlib. The regime shelled the town.",
            "Regime forces attacked civilians fleeing Idlib, the regime denied it. Talks continue.",
        ];
        let spans: Vec<(String, Vec<Span>, &str)> = ru
            .iter()
            .map(|t| (t.to_string(), "russian"))
            .chain(tr.iter().map(|t| (t.to_string(), "turkish")))
            .map(|(t, s)| {
                let sp = sentences(&t, Span::new(0, t.len()), Lang::En);
                (t, sp, s)
            })
            .collect();
        let docs: Vec<SideDoc<'_>> = spans
            .iter()
            .enumerate()
            .map(|(i, (t, sp, s))| SideDoc { article_id: i as i64 + 1, side: s, text: t, lang: Lang::En, sentences: sp })
            .collect();
        let out = side_terms(&docs, 10, 1.0, 20.0);
        let ru = out.iter().find(|s| s.side == "russian").unwrap();
        let tr = out.iter().find(|s| s.side == "turkish").unwrap();
        assert_eq!(ru.terms.first().map(|t| t.term.as_str()), Some("terrorists"), "{ru:#?}");
        assert_eq!(tr.terms.first().map(|t| t.stem.as_str()), Some("regim"), "{tr:#?}");
        // Shared words are not anybody's framing.
        assert!(ru.terms.iter().chain(&tr.terms).all(|t| t.stem != "idlib" && t.stem != "attack"));
        let ex = &ru.terms[0].examples;
        assert!(!ex.is_empty() && ex.iter().all(|e| e.text.contains("errorists")));
    }
}
