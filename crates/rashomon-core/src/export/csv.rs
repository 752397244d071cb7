//! `--format csv`: tidy tables — one row per aligned pair, one per claim, one per number. UTF-8
//! with a BOM (Excel then reads Arabic and Russian right), RFC 4180: CRLF line ends, fields with
//! `"`, `,`, CR or LF quoted, quotes doubled. Free-text cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`) get a leading `'` (OWASP CSV injection advice).

use std::io::Write;

use super::{ExSide, ExportData};
use crate::error::Result;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

struct Csv<'a> {
    w: &'a mut dyn Write,
}

impl Csv<'_> {
    fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.w.write_all(b",")?;
            }
            let c = c.as_ref();
            if c.contains(['"', ',', '\r', '\n']) {
                self.w.write_all(b"\"")?;
                self.w.write_all(c.replace('"', "\"\"").as_bytes())?;
                self.w.write_all(b"\"")?;
            } else {
                self.w.write_all(c.as_bytes())?;
            }
        }
        self.w.write_all(b"\r\n")?;
        Ok(())
    }
}

/// A free-text cell, defused against formula execution.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

pub const PAIR_COLUMNS: [&str; 37] = [
    "story", "relation", "kind", "label_source", "computed_relation", "computed_kind", "score", "verdict", "verdict_text",
    "a_article", "a_outlet", "a_side", "a_language", "a_date", "a_text", "a_byte_start", "a_byte_end", "a_char_start", "a_char_end",
    "b_article", "b_outlet", "b_side", "b_language", "b_date", "b_text", "b_byte_start", "b_byte_end", "b_char_start", "b_char_end",
    "explanation", "codes", "notes", "a_clauses", "b_clauses", "a_title", "b_title", "b_url",
];

pub fn pairs(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    w.write_all(BOM)?;
    let mut c = Csv { w };
    c.row(&PAIR_COLUMNS)?;
    let title = |id: i64| d.articles.iter().find(|a| a.id == id).and_then(|a| a.title.clone()).unwrap_or_default();
    let url = |id: i64| d.articles.iter().find(|a| a.id == id).and_then(|a| a.url.clone()).unwrap_or_default();
    for p in &d.pairs {
        let side = |s: &Option<ExSide>, article: i64| -> Vec<String> {
            match s {
                Some(s) => vec![
                    s.article_id.to_string(),
                    text(&opt(&s.outlet)),
                    s.side.clone(),
                    s.language.clone(),
                    opt(&s.published),
                    text(&s.text),
                    s.byte_start.to_string(),
                    s.byte_end.to_string(),
                    s.char_start.to_string(),
                    s.char_end.to_string(),
                ],
                None => {
                    let a = d.articles.iter().find(|x| x.id == article);
                    let mut v = vec![article.to_string()];
                    v.push(text(&a.and_then(|a| a.outlet.clone()).unwrap_or_default()));
                    v.push(a.map(|a| a.side.clone()).unwrap_or_default());
                    v.push(a.map(|a| a.language.clone()).unwrap_or_default());
                    v.push(a.and_then(|a| a.published.clone()).unwrap_or_default());
                    v.extend(std::iter::repeat_n(String::new(), 5));
                    v
                }
            }
        };
        let mut row = vec![
            opt(&p.story),
            p.relation.as_str().to_string(),
            p.kind.as_str().to_string(),
            match p.label_source {
                crate::api::LabelSource::Computed => "computed",
                crate::api::LabelSource::Researcher => "researcher",
            }
            .to_string(),
            p.computed_relation.as_str().to_string(),
            p.computed_kind.as_str().to_string(),
            format!("{:.3}", p.score),
            p.verdict.map(|v| v.as_str().to_string()).unwrap_or_default(),
            text(&opt(&p.verdict_text)),
        ];
        row.extend(side(&p.a, p.key.a_article));
        row.extend(side(&p.b, p.key.b_article));
        row.push(text(&opt(&p.explanation)));
        row.push(text(&p.codes.join("; ")));
        row.push(text(&p.notes.join(" | ")));
        let clauses = |s: &Option<ExSide>| s.as_ref().map(|s| s.clauses.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")).unwrap_or_default();
        row.push(clauses(&p.a));
        row.push(clauses(&p.b));
        row.push(text(&title(p.key.a_article)));
        row.push(text(&title(p.key.b_article)));
        row.push(url(p.key.b_article));
        c.row(&row)?;
    }
    Ok(())
}

pub const CLAIM_COLUMNS: [&str; 19] = [
    "article", "outlet", "side", "language", "date", "claim", "sentence", "text", "byte_start", "byte_end", "char_start", "char_end",
    "speaker", "speaker_actor", "speaker_side", "verb", "quote", "negated", "numbers",
];

pub fn claims(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    w.write_all(BOM)?;
    let mut c = Csv { w };
    c.row(&CLAIM_COLUMNS)?;
    for x in &d.claims {
        c.row(&[
            x.article_id.to_string(),
            text(&opt(&x.outlet)),
            x.side.clone(),
            x.language.clone(),
            opt(&x.published),
            x.index.to_string(),
            x.sentence.to_string(),
            text(&x.text),
            x.byte_start.to_string(),
            x.byte_end.to_string(),
            x.char_start.to_string(),
            x.char_end.to_string(),
            text(&opt(&x.speaker)),
            opt(&x.speaker_actor),
            opt(&x.speaker_side),
            text(&opt(&x.verb)),
            text(&opt(&x.quote)),
            x.negated.to_string(),
            x.numbers.to_string(),
        ])?;
    }
    Ok(())
}

pub const NUMBER_COLUMNS: [&str; 16] = [
    "article", "outlet", "side", "claim", "text", "value", "value_max", "qualifier", "counted", "event", "vague", "speaker",
    "byte_start", "byte_end", "char_start", "char_end",
];

pub fn numbers(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    w.write_all(BOM)?;
    let mut c = Csv { w };
    c.row(&NUMBER_COLUMNS)?;
    for n in &d.numbers {
        c.row(&[
            n.article_id.to_string(),
            text(&opt(&n.outlet)),
            n.side.clone(),
            n.claim_index.to_string(),
            text(&n.text),
            n.value.to_string(),
            opt(&n.value_max),
            opt(&n.qualifier),
            text(&opt(&n.counted)),
            opt(&n.event),
            n.vague.to_string(),
            text(&opt(&n.speaker)),
            n.byte_start.to_string(),
            n.byte_end.to_string(),
            n.char_start.to_string(),
            n.char_end.to_string(),
        ])?;
    }
    Ok(())
}
