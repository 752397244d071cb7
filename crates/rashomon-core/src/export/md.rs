//! `--format md`: the report as Markdown (for a paper's draft or a repository). Text from pages
//! and researchers is escaped so it cannot become markup, links or raw HTML.

use std::fmt::Write as _;
use std::io::Write;

use super::{relation_label, show_bidi_controls, ExportData};
use crate::align::Relation;
use crate::api::LabelSource;
use crate::error::Result;

/// Escape Markdown (and inline HTML) in a table cell or paragraph; newlines become spaces.
fn m(s: &str) -> String {
    let s = show_bidi_controls(s);
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                o.push('\\');
                o.push(c);
            }
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

pub fn render(d: &ExportData) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Rashomon report\n\nExported {} by {}. {} articles, {} stories, {} aligned pairs.\n", m(&d.exported_at), m(&d.generator), d.articles.len(), d.stories.len(), d.pairs.len());
    let _ = writeln!(o, "{}\n", m(&d.method.sentence()));
    let _ = writeln!(o, "Labels marked **(R)** are the researcher's verdicts; the others are computed, with their similarity score.\n");
    for n in d.notes.iter().filter(|n| n.about == "project") {
        let _ = writeln!(o, "> {}\n", m(&n.text));
    }
    let cite = |id: i64| d.articles.iter().position(|a| a.id == id).map(|i| i + 1).unwrap_or(0);
    let label = |p: &super::ExPair| -> String {
        let l = relation_label(p.relation, p.kind);
        match p.label_source {
            LabelSource::Researcher => format!("{} **(R)** (computed: {}, {:.2}){}", l, relation_label(p.computed_relation, p.computed_kind), p.score, p.verdict_text.as_deref().map(|t| format!(" — {}", m(t))).unwrap_or_default()),
            LabelSource::Computed => format!("{l} ({:.2})", p.score),
        }
    };
    for s in &d.stories {
        let _ = writeln!(o, "## Story {}: {}\n", s.number, m(s.title.as_deref().unwrap_or("untitled")));
        let _ = writeln!(o, "{} – {}; same {}, paraphrase {}, contradiction {}, related {}, omission {}.\n", m(s.first_published.as_deref().unwrap_or("?")), m(s.last_published.as_deref().unwrap_or("?")), s.counts.same, s.counts.paraphrase, s.counts.contradiction, s.counts.related, s.counts.omission);
        let pairs: Vec<_> = d.pairs.iter().filter(|p| p.story == Some(s.number)).collect();
        let mut last = None;
        for p in pairs {
            let k = (p.key.a_article, p.key.b_article);
            if last != Some(k) {
                let name = |id: i64| d.articles.iter().find(|a| a.id == id).map(|a| a.outlet.clone().unwrap_or_else(|| a.source_name.clone())).unwrap_or_default();
                let _ = writeln!(o, "\n### {} [{}] vs {} [{}]\n\n| A | relation | B |\n|---|---|---|", m(&name(k.0)), cite(k.0), m(&name(k.1)), cite(k.1));
                last = Some(k);
            }
            let t = |s: &Option<super::ExSide>| s.as_ref().map(|s| m(&s.text)).unwrap_or_default();
            let _ = writeln!(o, "| {} | {} | {} |", t(&p.a), label(p), t(&p.b));
        }
        o.push('\n');
    }
    let _ = writeln!(o, "## Contradictions\n");
    let mut k = 0;
    for p in d.pairs.iter().filter(|p| p.relation == Relation::Contradiction) {
        k += 1;
        // The reason the engine gives ("A denies, B affirms (22 days apart)", "33 vs 36 killed")
        // stands beside the label: a reader checks the claim against it.
        let _ = writeln!(o, "{k}. {}", label(p));
        if let Some(x) = &p.explanation {
            let _ = writeln!(o, "   - why: {}", m(x));
        }
        for s in [&p.a, &p.b].into_iter().flatten() {
            let who = d.articles.iter().find(|a| a.id == s.article_id).and_then(|a| a.outlet.as_deref()).map(|w| format!("{} ", m(w))).unwrap_or_default();
            let _ = writeln!(o, "   > {} — {who}[{}], characters {}–{}", m(&s.text), cite(s.article_id), s.char_start, s.char_end);
        }
        for n in &p.notes {
            let _ = writeln!(o, "   - note: {}", m(n));
        }
    }
    if k == 0 {
        o.push_str("None.\n");
    }
    let _ = writeln!(o, "\n## Notes\n");
    for n in &d.notes {
        let q = n.quote.as_deref().map(|q| format!(" «{}»", m(q))).unwrap_or_default();
        let _ = writeln!(o, "- **{}**{}: {}", m(&n.about), q, m(&n.text));
    }
    let _ = writeln!(o, "\n## Sources\n");
    for (i, a) in d.articles.iter().enumerate() {
        let url = a.url.as_deref().map(|u| format!(", <{}>", u.replace(['<', '>', ' '], ""))).unwrap_or_default();
        let _ = writeln!(o, "{}. {}, «{}», {}{} (article #{}, {}, {})", i + 1, m(a.outlet.as_deref().unwrap_or("unknown outlet")), m(a.title.as_deref().unwrap_or(&a.source_name)), m(a.published.as_deref().unwrap_or("undated")), url, a.id, m(&a.side), m(&a.language));
    }
    o
}

pub fn write(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    w.write_all(render(d).as_bytes())?;
    Ok(())
}
