//! `--format html`: one self-contained, printable report. No scripts, no external requests
//! (inline CSS, inline SVG charts); every piece of text from a page or a researcher is escaped
//! (a page holding `<script>` stays text) and bidi controls are shown, not obeyed; every claim
//! carries `dir="auto"` so Arabic reads right to left beside Russian or English.

use std::fmt::Write as _;
use std::io::Write;

use super::{escape_xml, relation_label, show_bidi_controls, ExArticle, ExPair, ExSide, ExportData};
use crate::align::{DiffOpKind, Relation};
use crate::api::LabelSource;
use crate::error::Result;

/// Escaped text for the report.
fn e(s: &str) -> String {
    escape_xml(&show_bidi_controls(s))
}

const CSS: &str = r#"
:root { --c-same:#2ca02c; --c-paraphrase:#17becf; --c-contradiction:#d62728; --c-related:#7f7f7f; --c-omission:#ff7f0e; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif; color:#111; margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 22pt; margin: 0 0 8px; } h2 { font-size: 16pt; border-bottom: 2px solid #333; margin-top: 28px; } h3 { font-size: 12.5pt; margin: 18px 0 6px; }
.title-page { min-height: 60vh; } .muted { color:#555; } .small { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: start; }
th { background: #eee; font-weight: 600; }
td.claim { width: 40%; unicode-bidi: plaintext; }
td.rel { width: 20%; font-size: 9.5pt; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; color: #fff; font-size: 9pt; white-space: nowrap; }
.r-same { background: var(--c-same); } .r-paraphrase { background: var(--c-paraphrase); } .r-contradiction { background: var(--c-contradiction); }
.r-related { background: var(--c-related); } .r-omission { background: var(--c-omission); }
.researcher { border: 2px solid #000; } .computed-was { text-decoration: line-through; color: #777; }
mark.d { background: #ffd6d6; } mark.i { background: #d6f5d6; }
blockquote { margin: 4px 0; padding: 4px 10px; border-inline-start: 4px solid #d62728; background: #fafafa; unicode-bidi: plaintext; }
.cite { font-size: 9pt; color: #444; }
ol.contradictions > li { margin-bottom: 12px; break-inside: avoid; }
.note { background: #fffbe6; border: 1px solid #e6d97a; padding: 4px 8px; margin: 4px 0; white-space: pre-wrap; unicode-bidi: plaintext; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 16mm; }
@media print { body { max-width: none; padding: 0; } .title-page { break-after: page; } section.story { break-before: page; } tr, blockquote { break-inside: avoid; } }
"#;

fn citation_no(d: &ExportData, id: i64) -> usize {
    d.articles.iter().position(|a| a.id == id).map(|i| i + 1).unwrap_or(0)
}

fn article(d: &ExportData, id: i64) -> Option<&ExArticle> {
    d.articles.iter().find(|a| a.id == id)
}

fn who(a: Option<&ExArticle>) -> String {
    match a {
        Some(a) => format!("{} ({}), {}", a.outlet.as_deref().unwrap_or(&a.source_name), a.side, a.published.as_deref().unwrap_or("undated")),
        None => String::new(),
    }
}

fn badge(r: Relation, label: &str, researcher: bool) -> String {
    format!("<span class=\"badge r-{}{}\">{}</span>", r.as_str(), if researcher { " researcher" } else { "" }, e(label))
}

/// A claim's text with the words that differ marked (byte ranges of the diff on this side).
fn claim_html(d: &ExportData, p: &ExPair, s: &ExSide, side_a: bool) -> String {
    let page = article(d, s.article_id).map(|a| a.page_text.as_str()).unwrap_or("");
    let mut ranges: Vec<(usize, usize, bool)> = Vec::new();
    let highlight = matches!(p.computed_relation, Relation::Same | Relation::Paraphrase | Relation::Contradiction | Relation::Related);
    if highlight && page.len() >= s.byte_end {
        for op in &p.diff {
            if op.op == DiffOpKind::Equal {
                continue;
            }
            let sp = if side_a { op.a_span } else { op.b_span };
            if let Some(sp) = sp {
                if sp.start >= s.byte_start && sp.end <= s.byte_end && sp.start < sp.end && page.is_char_boundary(sp.start) && page.is_char_boundary(sp.end) {
                    ranges.push((sp.start, sp.end, side_a));
                }
            }
        }
    }
    ranges.sort();
    let mut out = String::new();
    let mut at = s.byte_start;
    for (a, b, is_a) in ranges {
        if a < at {
            continue;
        }
        out.push_str(&e(&page[at..a]));
        let _ = write!(out, "<mark class=\"{}\">{}</mark>", if is_a { "d" } else { "i" }, e(&page[a..b]));
        at = b;
    }
    if at <= s.byte_end && page.len() >= s.byte_end {
        out.push_str(&e(&page[at..s.byte_end]));
    } else {
        out = e(&s.text);
    }
    out
}

/// Horizontal bar chart of relation counts as inline SVG.
fn bar_chart(title: &str, bars: &[(&str, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (w, row) = (520.0, 22.0);
    let h = 28.0 + row * bars.len() as f64;
    let mut s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>{}</title>", e(title));
    let _ = write!(s, "<text x=\"0\" y=\"14\" font-size=\"12\" font-weight=\"600\">{}</text>", e(title));
    for (i, (label, n, colour)) in bars.iter().enumerate() {
        let y = 24.0 + row * i as f64;
        let bw = 330.0 * (*n as f64) / max as f64;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{:.0}\" font-size=\"11\">{}</text><rect x=\"120\" y=\"{:.0}\" width=\"{bw:.1}\" height=\"15\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.0}\" font-size=\"11\">{n}</text>",
            y + 12.0,
            e(label),
            y + 1.0,
            126.0 + bw,
            y + 12.0
        );
    }
    s.push_str("</svg>");
    s
}

fn relation_bars(pairs: &[&ExPair]) -> Vec<(&'static str, usize, &'static str)> {
    let n = |r: Relation| pairs.iter().filter(|p| p.relation == r).count();
    vec![
        ("same", n(Relation::Same), "#2ca02c"),
        ("paraphrase", n(Relation::Paraphrase), "#17becf"),
        ("contradiction", n(Relation::Contradiction), "#d62728"),
        ("related", n(Relation::Related), "#7f7f7f"),
        ("omission", n(Relation::Omission), "#ff7f0e"),
    ]
}

pub fn render(d: &ExportData) -> String {
    let mut h = String::with_capacity(64 * 1024 + d.pairs.len() * 1024);
    let title = match (&d.scope.story, d.stories.first()) {
        (Some(_), Some(s)) => format!("Rashomon report — story {}: {}", s.number, s.title.as_deref().unwrap_or("untitled")),
        _ => "Rashomon report".to_string(),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        e(&d.generator),
        e(&title)
    );
    // Title page.
    let all: Vec<&ExPair> = d.pairs.iter().collect();
    let contradictions = d.pairs.iter().filter(|p| p.relation == Relation::Contradiction).count();
    let researcher = d.pairs.iter().filter(|p| p.label_source == LabelSource::Researcher).count();
    let _ = write!(
        h,
        "<section class=\"title-page\">\n<h1>{}</h1>\n<p class=\"muted\">Exported {} by {}.</p>\n<p class=\"muted method\">{}</p>\n<p>{} articles, {} stories, {} aligned pairs, {} contradictions; {} labels are the researcher's verdicts, the others computed (with their similarity score).</p>\n",
        e(&title),
        e(&d.exported_at),
        e(&d.generator),
        e(&d.method.sentence()),
        d.articles.len(),
        d.stories.len(),
        d.pairs.len(),
        contradictions,
        researcher
    );
    h.push_str(&bar_chart("Relations (labels in force)", &relation_bars(&all)));
    let project_notes: Vec<_> = d.notes.iter().filter(|n| n.about == "project").collect();
    if !project_notes.is_empty() {
        h.push_str("<h3>Project notes</h3>\n");
        for n in project_notes {
            let _ = writeln!(h, "<div class=\"note\" dir=\"auto\">{}</div>", e(&n.text));
        }
    }
    h.push_str("</section>\n");

    // Stories.
    for s in &d.stories {
        let pairs: Vec<&ExPair> = d.pairs.iter().filter(|p| p.story == Some(s.number)).collect();
        let _ = write!(
            h,
            "<section class=\"story\" id=\"story-{}\">\n<h2>Story {}: <span dir=\"auto\">{}</span></h2>\n<p class=\"muted\">{} – {}; {} articles, {} pairs.</p>\n",
            s.number,
            s.number,
            e(s.title.as_deref().unwrap_or("untitled")),
            e(s.first_published.as_deref().unwrap_or("?")),
            e(s.last_published.as_deref().unwrap_or("?")),
            s.article_ids.len(),
            pairs.len()
        );
        for n in d.notes.iter().filter(|n| matches!(n.target, crate::store::findings::NoteTarget::Story { key_article_id } if key_article_id == s.key_article_id)) {
            let _ = writeln!(h, "<div class=\"note\" dir=\"auto\">{}</div>", e(&n.text));
        }
        if !pairs.is_empty() {
            h.push_str(&bar_chart(&format!("Story {}: relations", s.number), &relation_bars(&pairs)));
        }
        comparisons(&mut h, d, &pairs);
        h.push_str("</section>\n");
    }
    let loose: Vec<&ExPair> = d.pairs.iter().filter(|p| p.story.is_none()).collect();
    if !loose.is_empty() {
        h.push_str("<section class=\"story\">\n<h2>Compared articles</h2>\n");
        comparisons(&mut h, d, &loose);
        h.push_str("</section>\n");
    }

    // Contradictions with quotes and citations.
    h.push_str("<section>\n<h2>Contradictions</h2>\n");
    let list: Vec<&ExPair> = d.pairs.iter().filter(|p| p.relation == Relation::Contradiction).collect();
    if list.is_empty() {
        h.push_str("<p class=\"muted\">None.</p>\n");
    } else {
        h.push_str("<ol class=\"contradictions\">\n");
        for p in list {
            let _ = write!(h, "<li>{} ", badge(p.relation, &relation_label(p.relation, p.kind), p.label_source == LabelSource::Researcher));
            label_note(&mut h, p);
            for s in [&p.a, &p.b].into_iter().flatten() {
                let a = article(d, s.article_id);
                let _ = write!(
                    h,
                    "<blockquote dir=\"auto\">{}</blockquote><div class=\"cite\">— {} [{}], characters {}–{}</div>",
                    e(&s.text),
                    e(&who(a)),
                    citation_no(d, s.article_id),
                    s.char_start,
                    s.char_end
                );
            }
            if let Some(x) = &p.explanation {
                let _ = write!(h, "<div class=\"small\" dir=\"auto\">{}</div>", e(x));
            }
            for n in &p.notes {
                let _ = write!(h, "<div class=\"note\" dir=\"auto\">{}</div>", e(n));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n");

    // Notes.
    h.push_str("<section>\n<h2>Researcher notes</h2>\n");
    if d.notes.is_empty() {
        h.push_str("<p class=\"muted\">None.</p>\n");
    }
    for n in &d.notes {
        let _ = write!(h, "<h3>{}</h3>", e(&n.about));
        if let Some(q) = &n.quote {
            let _ = write!(h, "<blockquote dir=\"auto\">{}</blockquote>", e(q));
        }
        let _ = writeln!(h, "<div class=\"note\" dir=\"auto\">{}</div><div class=\"small muted\">{}</div>", e(&n.text), e(&n.updated_at));
    }
    h.push_str("</section>\n");

    // Codebook.
    if !d.codes.is_empty() {
        h.push_str("<section>\n<h2>Codes</h2>\n<table><thead><tr><th>Code</th><th>Description</th><th>Codings</th><th>Coded text</th></tr></thead><tbody>\n");
        for c in &d.codes {
            let codings: Vec<_> = d.codings.iter().filter(|x| x.code_id == c.id).collect();
            let parent = c.parent_id.and_then(|p| d.codes.iter().find(|x| x.id == p)).map(|p| format!("{} › ", p.name)).unwrap_or_default();
            let _ = write!(
                h,
                "<tr><td><span class=\"badge\" style=\"background:{}\">&#160;</span> {}{}</td><td dir=\"auto\">{}</td><td>{}</td><td>",
                e(&c.colour),
                e(&parent),
                e(&c.name),
                e(c.description.as_deref().unwrap_or("")),
                codings.len()
            );
            for x in codings {
                for (t, id) in [(&x.text, Some(x.article_id)), (&x.b_text, x.b_article_id)] {
                    if let (Some(t), Some(id)) = (t, id) {
                        let _ = write!(h, "<div dir=\"auto\">«{}» <span class=\"cite\">[{}]</span></div>", e(t), citation_no(d, id));
                    }
                }
            }
            h.push_str("</td></tr>\n");
        }
        h.push_str("</tbody></table>\n</section>\n");
    }

    // Sources.
    h.push_str("<section>\n<h2>Sources</h2>\n<ol>\n");
    for a in &d.articles {
        let _ = write!(h, "<li>{}, «<span dir=\"auto\">{}</span>», {}", e(a.outlet.as_deref().unwrap_or("unknown outlet")), e(a.title.as_deref().unwrap_or(&a.source_name)), e(a.published.as_deref().unwrap_or("undated")));
        if let Some(u) = &a.url {
            // Only web links become links; anything else (javascript:, data:) stays text.
            if u.starts_with("https://") || u.starts_with("http://") {
                let _ = write!(h, ", <a href=\"{}\">{}</a>", e(u), e(u));
            } else {
                let _ = write!(h, ", {}", e(u));
            }
        }
        let _ = writeln!(h, ". <span class=\"small muted\">Article #{}, {}, language {}, file {}.</span></li>", a.id, e(&a.side), e(&a.language), e(&a.source_name));
    }
    h.push_str("</ol>\n</section>\n</body>\n</html>\n");
    h
}

fn label_note(h: &mut String, p: &ExPair) {
    match p.label_source {
        LabelSource::Researcher => {
            let _ = write!(
                h,
                "<span class=\"small\">researcher's verdict: {}; computed: <span class=\"computed-was\">{}</span> (score {:.2})</span>",
                e(p.verdict.map(|v| v.as_str()).unwrap_or("")),
                e(&relation_label(p.computed_relation, p.computed_kind)),
                p.score
            );
            if let Some(t) = &p.verdict_text {
                let _ = write!(h, " <span class=\"small\" dir=\"auto\">— {}</span>", e(t));
            }
        }
        LabelSource::Computed => {
            let _ = write!(h, "<span class=\"small muted\">computed (score {:.2})</span>", p.score);
        }
    }
}

/// Side-by-side tables, one per compared pair of articles.
fn comparisons(h: &mut String, d: &ExportData, pairs: &[&ExPair]) {
    let mut i = 0;
    while i < pairs.len() {
        let (x, y) = (pairs[i].key.a_article, pairs[i].key.b_article);
        let mut j = i;
        while j < pairs.len() && pairs[j].key.a_article == x && pairs[j].key.b_article == y {
            j += 1;
        }
        let (ax, ay) = (article(d, x), article(d, y));
        let _ = write!(
            h,
            "<h3><span dir=\"auto\">{}</span> [{}] ⟷ <span dir=\"auto\">{}</span> [{}]</h3>\n<table><thead><tr><th>A: <span dir=\"auto\">{}</span></th><th>Relation</th><th>B: <span dir=\"auto\">{}</span></th></tr></thead><tbody>\n",
            e(&who(ax)),
            citation_no(d, x),
            e(&who(ay)),
            citation_no(d, y),
            e(ax.and_then(|a| a.outlet.as_deref()).unwrap_or("A")),
            e(ay.and_then(|a| a.outlet.as_deref()).unwrap_or("B")),
        );
        for p in &pairs[i..j] {
            h.push_str("<tr><td class=\"claim\" dir=\"auto\">");
            if let Some(s) = &p.a {
                h.push_str(&claim_html(d, p, s, true));
            }
            let _ = write!(h, "</td><td class=\"rel\">{} ", badge(p.relation, &relation_label(p.relation, p.kind), p.label_source == LabelSource::Researcher));
            label_note(h, p);
            if !p.codes.is_empty() {
                let _ = write!(h, "<div class=\"small\">codes: {}</div>", e(&p.codes.join(", ")));
            }
            for n in &p.notes {
                let _ = write!(h, "<div class=\"note small\" dir=\"auto\">{}</div>", e(n));
            }
            h.push_str("</td><td class=\"claim\" dir=\"auto\">");
            if let Some(s) = &p.b {
                h.push_str(&claim_html(d, p, s, false));
            }
            h.push_str("</td></tr>\n");
        }
        h.push_str("</tbody></table>\n");
        i = j;
    }
}

pub fn write(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    w.write_all(render(d).as_bytes())?;
    Ok(())
}
