//! Terminal rendering of API results (the `--json` forms print the API types directly).
//!
//! Every line goes through [`terminal_safe`]: text from pages is hostile input, and a title may
//! hold escape sequences or bidi overrides that would rewrite the user's terminal.

/// `println!` whose output is made [`terminal_safe`].
macro_rules! println {
    () => { std::println!() };
    ($($t:tt)*) => { std::println!("{}", $crate::render::terminal_safe(&format!($($t)*))) };
}

/// `eprintln!` whose output is made [`terminal_safe`].
macro_rules! eprintln {
    ($($t:tt)*) => { std::eprintln!("{}", $crate::render::terminal_safe(&format!($($t)*))) };
}

/// Control characters shown, not obeyed: C0/C1 controls (but newline, tab and colour codes —
/// `ESC [ digits ; m` — which only colour) become `\u{..}`, and bidi embeddings, overrides and
/// isolates become visible markers such as `⟨U+202E⟩`.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || bidi(c);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\u{1b}' {
            let rest = &s[i + 1..];
            let sgr = rest.strip_prefix('[').and_then(|r| r.find('m').map(|k| &r[..k])).filter(|body| body.chars().all(|d| d.is_ascii_digit() || d == ';'));
            if let Some(body) = sgr {
                out.push('\u{1b}');
                out.push('[');
                out.push_str(body);
                out.push('m');
                for _ in 0..body.chars().count() + 2 {
                    it.next();
                }
                continue;
            }
        }
        if bidi(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

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
            // Highlights: bold yellow on a terminal, [[brackets]] when piped.
            marked.push_str(if painted() { "\x1b[1;33m" } else { "[[" });
            marked.push_str(&h.snippet[s..e]);
            marked.push_str(if painted() { "\x1b[0m" } else { "]]" });
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

use rashomon_core::align::{AlignedPair, ContradictionKind, DiffOpKind, Relation};
use rashomon_core::api::{Comparison, EvalReport};
use unicode_width::UnicodeWidthStr;

/// "same", "CONTRADICTION:numeric", "related:framing" …: contradictions shouted.
fn relation_label(p: &AlignedPair) -> String {
    let r = match p.relation {
        Relation::Contradiction => "CONTRADICTION".to_string(),
        other => other.as_str().to_string(),
    };
    match p.kind {
        ContradictionKind::None => r,
        k => format!("{r}:{}", k.as_str()),
    }
}

/// ANSI colours only on a terminal (and not when NO_COLOR is set), so piped output stays clean.
fn painted() -> bool {
    use std::io::IsTerminal;
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none())
}

fn ansi(code: &'static str) -> &'static str {
    if painted() { code } else { "" }
}

fn colour(p: &AlignedPair) -> &'static str {
    if !painted() {
        return "";
    }
    match p.relation {
        Relation::Contradiction => "\x1b[1;31m",
        Relation::Same => "\x1b[32m",
        Relation::Paraphrase => "\x1b[36m",
        Relation::Omission => "\x1b[33m",
        Relation::Related => "\x1b[37m",
    }
}

/// Lines of at most `width` display columns, each in visual order (right-to-left runs
/// reordered), so Arabic reads correctly on terminals that do not apply the bidi algorithm.
fn wrap_visual(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.width() + 1 + w.width() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
        .into_iter()
        .map(|l| {
            let info = unicode_bidi::BidiInfo::new(&l, None);
            match info.paragraphs.first() {
                Some(para) => {
                    let rtl = para.level.is_rtl();
                    let v = info.reorder_line(para, para.range.clone()).into_owned();
                    // Right-align right-to-left lines inside their column.
                    if rtl { format!("{}{}", " ".repeat(width.saturating_sub(v.width())), v) } else { v }
                }
                None => l,
            }
        })
        .collect()
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

pub fn comparison(c: &Comparison, width: usize) {
    let col = (width.saturating_sub(3) / 2).max(20);
    let head = |a: &rashomon_core::api::ArticleSummary| {
        format!("#{} {} [{}] {}", a.id, a.outlet.as_deref().unwrap_or("-"), a.side, a.published.as_deref().unwrap_or(""))
    };
    println!("{} │ {}", pad(&head(&c.a), col), head(&c.b));
    println!("{}", "─".repeat(col * 2 + 3));
    for p in &c.pairs {
        let la = p.a.as_ref().map(|x| wrap_visual(&x.text, col)).unwrap_or_default();
        let lb = p.b.as_ref().map(|x| wrap_visual(&x.text, col)).unwrap_or_default();
        let label = match &p.explanation {
            Some(e) => format!("{} ({:.2}) — {e}", relation_label(p), p.score),
            None => format!("{} ({:.2})", relation_label(p), p.score),
        };
        println!("{}{label}{}", colour(p), ansi("\x1b[0m"));
        for k in 0..la.len().max(lb.len()) {
            let a = la.get(k).map(String::as_str).unwrap_or("");
            let b = lb.get(k).map(String::as_str).unwrap_or("");
            println!("{} │ {}", pad(a, col), b);
        }
        let changes: Vec<String> = p
            .diff
            .iter()
            .filter(|d| d.op != DiffOpKind::Equal)
            .take(6)
            .map(|d| match d.op {
                DiffOpKind::Delete => format!("−«{}»", d.a_text),
                DiffOpKind::Insert => format!("+«{}»", d.b_text),
                _ => format!("«{}» → «{}»", d.a_text, d.b_text),
            })
            .collect();
        if !changes.is_empty() && p.relation != Relation::Related {
            println!("  {}diff: {}{}", ansi("\x1b[2m"), changes.join("  "), ansi("\x1b[0m"));
        }
        println!();
    }
    let n = &c.counts;
    println!(
        "{} same, {} paraphrase, {} contradiction, {} related, {} omission",
        n.same, n.paraphrase, n.contradiction, n.related, n.omission
    );
}

pub fn eval(r: &EvalReport) {
    println!("gold pairs: {}   aligned: {} (recall {:.2})", r.pairs, r.aligned, r.alignment_recall);
    println!("{:<14} {:>5} {:>8} {:>8} {:>10} {:>6} {:>6}", "relation", "gold", "aligned", "correct", "precision", "recall", "F1");
    for s in &r.relations {
        println!(
            "{:<14} {:>5} {:>8} {:>8} {:>10.2} {:>6.2} {:>6.2}",
            s.relation, s.gold, s.aligned, s.correct, s.precision, s.recall, s.f1
        );
    }
    if r.kinds.iter().any(|k| k.gold > 0 || k.predicted > 0) {
        println!("{:<14} {:>5} {:>8} {:>8} {:>10} {:>6} {:>6}", "contradiction", "gold", "aligned", "right", "precision", "recall", "F1");
        for k in r.kinds.iter().filter(|k| k.gold > 0 || k.predicted > 0) {
            println!("{:<14} {:>5} {:>8} {:>8} {:>10.2} {:>6.2} {:>6.2}", format!("  {}", k.relation), k.gold, k.aligned, k.correct, k.precision, k.recall, k.f1);
        }
    }
    println!("contradictions found with the right kind: {}/{}", r.contradictions_right_kind, r.contradictions);
    for m in &r.misses {
        println!("  miss: {m}");
    }
    println!("time: {:.2} ms with the articles analysed (median of {} passes after as many to warm up), {:.2} ms cold (analysis included)", r.align_ms, r.passes, r.cold_ms);
}

pub fn claims(r: &rashomon_core::api::ClaimsReport) {
    let t = &r.page_text;
    println!("{} ({})", r.title.as_deref().unwrap_or("(no title)"), r.language);
    let mut last_sentence = usize::MAX;
    for c in &r.claims {
        if c.sentence != last_sentence {
            let s = r.sentences[c.sentence];
            println!("\n[{}] {}..{}", c.sentence, s.start, s.end);
            last_sentence = c.sentence;
        }
        println!("  • {}..{}  {}", c.span.start, c.span.end, &t[c.span.start..c.span.end]);
        if let Some(sp) = &c.speaker {
            println!(
                "      speaker: {}{}{}{}",
                sp.surface,
                sp.name.as_deref().map(|n| format!(" = {n}")).unwrap_or_default(),
                sp.side.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default(),
                if sp.coref { " (continued)" } else { "" }
            );
        }
        if let Some(v) = &c.verb {
            println!("      verb: {v}");
        }
        if let Some(q) = c.quote {
            println!("      quote: {}", &t[q.start..q.end]);
        }
        for n in &c.numbers {
            println!(
                "      number: {}{}{}{}  «{}»",
                n.value,
                n.qualifier.as_deref().map(|q| format!(" ({q})")).unwrap_or_default(),
                n.counted.as_deref().map(|x| format!(" {x}")).unwrap_or_default(),
                n.event.as_deref().map(|x| format!(" {x}")).unwrap_or_default(),
                &t[n.span.start..n.span.end]
            );
        }
        if c.negated {
            let cues: Vec<&str> = c.negation_cues.iter().map(|s| &t[s.start..s.end]).collect();
            println!("      negated: {}", cues.join(", "));
        }
    }
}

pub fn stories(list: &[rashomon_core::api::Story]) {
    for s in list {
        let dates = match (&s.first_published, &s.last_published) {
            (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
            (Some(a), _) => a.clone(),
            _ => "undated".into(),
        };
        println!("story {}: {} article(s), {dates} — {}", s.id, s.articles.len(), s.title.as_deref().unwrap_or("(no title)"));
        for a in &s.articles {
            println!("    #{} [{}] {} — {}", a.id, a.side, a.outlet.as_deref().unwrap_or("-"), a.title.as_deref().unwrap_or("(no title)"));
        }
        for d in &s.duplicates {
            let ids: Vec<String> = d.iter().map(|i| format!("#{i}")).collect();
            println!("    near-duplicates (one text reprinted): {}", ids.join(", "));
        }
    }
}

pub fn narratives(sides: &[rashomon_core::api::SideNarrative]) {
    if sides.is_empty() {
        println!("no attributed claims in this story");
    }
    for s in sides {
        println!("\n== {} narrative ({} claims)", s.side, s.claims.len());
        for c in &s.claims {
            println!(
                "  #{} {} [{} outlet] {}{}: {}",
                c.article_id,
                c.outlet.as_deref().unwrap_or("-"),
                c.outlet_side,
                c.speaker,
                if c.negated { " (denies)" } else { "" },
                c.text
            );
        }
    }
}

/// The claim matrix: one line per claim cluster, a symbol per article
/// (+ affirms, − denies, ≠ different number, · absent), then each side's framing terms.
pub fn matrix(m: &rashomon_core::api::StoryMatrix) {
    use rashomon_core::align::matrix::CellState;
    println!("story #{}: {} articles, {} shared claims", m.story_id, m.columns.len(), m.rows.len());
    for (k, a) in m.columns.iter().enumerate() {
        println!(
            "  [{}] #{} {} ({}, {}) — {} claims only here",
            k + 1,
            a.id,
            a.outlet.as_deref().unwrap_or("-"),
            a.side,
            a.published.as_deref().unwrap_or("no date"),
            m.unique_claims.get(k).copied().unwrap_or(0)
        );
    }
    println!("\n  {}  claim (+ affirms  − denies  ≠ different number  · absent)", (1..=m.columns.len()).map(|k| (k % 10).to_string()).collect::<String>());
    for r in &m.rows {
        let cells: String = r
            .cells
            .iter()
            .map(|c| match c.state {
                CellState::Affirms => '+',
                CellState::Denies => '−',
                CellState::DifferentNumber => '≠',
                CellState::Absent => '·',
            })
            .collect();
        let flag = if r.contested { format!("{}!{}", ansi("\x1b[1;31m"), ansi("\x1b[0m")) } else { " ".into() };
        let text = wrap_visual(&truncate(&r.text, 90), 100).join(" ");
        println!("{flag} {cells}  {text}");
    }
    for s in &m.framing {
        if s.terms.is_empty() {
            continue;
        }
        let terms: Vec<String> = s.terms.iter().map(|t| format!("{} ({:.1})", wrap_visual(&t.term, 40).join(""), t.z)).collect();
        println!("\n== {} framing ({} articles): {}", s.side, s.articles, terms.join(", "));
    }
}

pub fn embed(r: &rashomon_core::api::EmbedReport) {
    if !r.model.available {
        println!("{}", r.model.message);
        return;
    }
    println!(
        "embedded {} claims of {} articles{}",
        r.claims,
        r.articles,
        if r.cancelled { format!(" — cancelled, {} articles left", r.pending) } else { String::new() }
    );
}

pub fn codes(list: &[rashomon_core::api::Code]) {
    if list.is_empty() {
        println!("no codes");
    }
    for c in list {
        let depth = {
            let mut d = 0;
            let mut p = c.parent_id;
            while let Some(id) = p {
                d += 1;
                p = list.iter().find(|x| x.id == id).and_then(|x| x.parent_id);
                if d > 32 {
                    break;
                }
            }
            d
        };
        let deleted = if c.deleted_at.is_some() { "  (deleted)" } else { "" };
        println!("#{:<4} {} {}{}{}", c.id, c.colour, "  ".repeat(depth), c.name, deleted);
    }
}

pub fn codings(list: &[rashomon_core::api::Coding]) {
    if list.is_empty() {
        println!("no codings");
    }
    for c in list {
        let target = match &c.target {
            rashomon_core::api::CodingTarget::Selection { article_id, span } => format!("article #{article_id} {}..{}", span.start, span.end),
            rashomon_core::api::CodingTarget::Pair { pair } => format!("pair {}", rashomon_core::api::format_pair_key(pair)),
        };
        println!("#{:<4} {:<24} {}", c.id, c.code_name, target);
    }
}

pub fn notes(list: &[rashomon_core::api::Note]) {
    if list.is_empty() {
        println!("no notes");
    }
    for n in list {
        let target = match &n.target {
            rashomon_core::api::NoteTarget::Project => "project".to_string(),
            rashomon_core::api::NoteTarget::Article { article_id } => format!("article #{article_id}"),
            rashomon_core::api::NoteTarget::Selection { article_id, span } => format!("article #{article_id} {}..{}", span.start, span.end),
            rashomon_core::api::NoteTarget::Pair { pair } => format!("pair {}", rashomon_core::api::format_pair_key(pair)),
            rashomon_core::api::NoteTarget::Story { key_article_id } => format!("story of article #{key_article_id}"),
        };
        println!("#{:<4} [{}] {}", n.id, target, n.text.replace('\n', " "));
    }
}

pub fn verdicts(list: &[rashomon_core::api::Verdict]) {
    if list.is_empty() {
        println!("no verdicts");
    }
    for v in list {
        let label = match (v.relation, v.kind) {
            (Some(r), Some(k)) if k != ContradictionKind::None => format!(" → {}/{}", r.as_str(), k.as_str()),
            (Some(r), _) => format!(" → {}", r.as_str()),
            _ => String::new(),
        };
        println!("#{:<4} {}{} {}  {}", v.id, v.action.as_str(), label, rashomon_core::api::format_pair_key(&v.pair), v.text.as_deref().unwrap_or(""));
    }
}
