//! The plain-text and HTML extractors: never a panic; every span inside `page_text`, on char
//! boundaries, non-empty, trimmed and in reading order; `.txt` page text is the input exactly;
//! HTML page text holds every visible word (entities decoded) and nothing from scripts, styles,
//! comments or attributes; nesting bombs are refused; output is deterministic.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rashomon_core::extract::html::MAX_NESTING;
use rashomon_core::extract::{html, plaintext, Extracted};
use rashomon_core::ErrorCode;

use crate::ensure;
use crate::gen::{check, text, AR_WORDS, EN_WORDS, NUMBERS, RU_WORDS, SPECIAL, TR_WORDS};

fn spans_ok(ex: &Extracted) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for b in &ex.blocks {
        ensure!(b.span.is_valid_in(&ex.page_text), "block span {:?} invalid", b.span);
        let t = b.span.text(&ex.page_text);
        ensure!(!t.is_empty(), "empty block");
        ensure!(t == t.trim(), "block not trimmed: {t:?}");
        ensure!(b.span.start >= prev_end, "blocks overlap or out of order");
        prev_end = b.span.end;
    }
    if let Some(t) = ex.title {
        ensure!(t.is_valid_in(&ex.page_text), "title span {t:?} invalid");
        ensure!(!t.text(&ex.page_text).trim().is_empty(), "empty title");
    }
    Ok(())
}

fn same(a: &Extracted, b: &Extracted) -> bool {
    a.page_text == b.page_text && a.title == b.title && a.blocks.iter().map(|x| (x.kind, x.span)).eq(b.blocks.iter().map(|x| (x.kind, x.span)))
}

// Structured pieces of text dumps (menus, tickers, CRLF, NBSP runs, hashtags) — from the first
// extractor property tests, kept here.
const PIECES: &[&str] = &[
    "<div>", "</div>", "<p>", "</p>", "<br>", "<h2>", "</h2>", "<li>", "<ul>", "</ul>", "<script>x<y</script>",
    "<style>p{}</style>", "<!-- c -->", "<a href='x'>", "</a>", "<title>", "</title>", "<body>", "<html lang=ar>",
    "Путин заявил, что переговоры продолжатся завтра в Москве. ", "Erdoğan ve Putin görüştü. ",
    "أكد الكرملين أن الرئيسين سيجتمعان. ", "The talks will continue on Monday in the capital. ",
    "\u{a0}\u{a0}\u{a0}", "\n", "\n\n", " ", "…", "04/12/2025", "• ", "#وسم", "é", "🙂", "\r\n", "*", ":",
    "\u{202E}", "\u{200B}", "\u{0651}", "Home | World | Sport", "اقرأ أيضا", "Читайте также:",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

fn plaintext_input() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), pieces(), text(200).prop_map(|(_, s)| s)]
}

#[test]
fn plaintext_extractor() {
    check("extract_plaintext", 500, plaintext_input(), |s| {
        let ex = plaintext::extract(s.clone(), "UTF-8").map_err(|e| TestCaseError::fail(format!("refused: {}", e.message)))?;
        ensure!(ex.page_text == s, ".txt page text must be the input exactly");
        spans_ok(&ex)?;
        ensure!(same(&ex, &plaintext::extract(s, "UTF-8").unwrap()), "not deterministic");
        Ok(())
    });
}

/// Never shown: every occurrence sits in a script, style, comment or attribute.
const SECRET: &str = "SECRETMARK";

#[derive(Debug, Clone)]
struct Page {
    html: String,
    /// Text that must appear in the page text (visible words, decoded entities).
    visible: Vec<String>,
    /// Broken markup inside: visible words may be swallowed by an open attribute or comment.
    junk: bool,
}

fn visible_word() -> impl Strategy<Value = String> {
    let words: Vec<&'static str> = [AR_WORDS, RU_WORDS, TR_WORDS, EN_WORDS, NUMBERS].concat();
    prop::sample::select(words).prop_map(str::to_owned)
}

fn leaf() -> impl Strategy<Value = Page> {
    let page = |html: String, visible: Vec<String>, junk: bool| Page { html, visible, junk };
    prop_oneof![
        8 => prop::collection::vec(visible_word(), 1..12).prop_map(move |w| page(w.join(" "), w, false)),
        2 => prop::sample::select(SPECIAL).prop_map(move |s| page(s.replace('<', "&lt;").replace('>', "&gt;").replace('\0', ""), vec![], false)),
        2 => prop::sample::select(vec![("&amp;", "&"), ("&lt;b&gt;", "<b>"), ("&#1575;", "ا"), ("&quot;", "\""), ("&#x202E;", "\u{202E}"), ("&laquo;", "«"), ("&bogus;", "&bogus;"), ("&nbsp;", "")])
            .prop_map(move |(h, v)| page(h.to_owned(), if v.is_empty() { vec![] } else { vec![v.to_owned()] }, false)),
        2 => prop::sample::select(vec![
            "<script>var SECRETMARK = '<p>x</p>'; if (a < b && c > d) {}</script>",
            "<script type=\"application/ld+json\">{\"headline\": \"SECRETMARK\"}</script>",
            "<style>.SECRETMARK { color: red }</style>",
            "<!-- SECRETMARK <p>hidden</p> -->",
            "<div><noscript>SECRETMARK</noscript></div>",
            "<template><p>SECRETMARK</p></template>",
            "<img src=\"x\" alt=\"SECRETMARK\" onerror=\"SECRETMARK()\">",
            "<a href=\"javascript:SECRETMARK()\" title=\"SECRETMARK\">",
            "<svg><text>SECRETMARK</text></svg>",
            "<br>", "<br/>", "<hr>", "<wbr>",
        ]).prop_map(move |h| page(h.to_owned(), vec![], false)),
        1 => prop::sample::select(vec!["<", "</p", "<div class=\"", "&", "<![CDATA[", "</", "<!--", "<p <p>", "\"'>", "</table></td>", "<table><td>", "</body></html><p>"])
            .prop_map(move |h| page(h.to_owned(), vec![], true)),
    ]
}

const TAGS: &[&str] = &[
    "div", "p", "span", "b", "i", "em", "strong", "a", "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "th",
    "article", "section", "blockquote", "pre", "nav", "header", "footer", "aside", "figure", "figcaption", "main",
    "bdo", "bdi", "q", "sup", "font",
];

fn node() -> impl Strategy<Value = Page> {
    leaf().prop_recursive(6, 80, 6, |inner| {
        let attrs = prop::sample::select(vec!["", " dir=\"rtl\"", " dir=\"ltr\" lang=\"ru\"", " class=\"article-body\"", " id=\"main\"", " href=\"javascript:alert(1)\"", " style=\"display:none\""]);
        (prop::sample::select(TAGS), attrs, prop::collection::vec(inner, 0..6)).prop_map(|(t, a, kids)| {
            let mut html = format!("<{t}{a}>");
            let mut visible = Vec::new();
            let mut junk = false;
            for k in kids {
                html.push_str(&k.html);
                visible.extend(k.visible);
                junk |= k.junk;
            }
            html.push_str(&format!("</{t}>"));
            Page { html, visible, junk }
        })
    })
}

fn page() -> impl Strategy<Value = Page> {
    let head = prop::sample::select(vec![
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>عنوان الصفحة</title><script>SECRETMARK()</script></head><body>",
        "<!DOCTYPE html><html><head><title>Title &amp; more</title><meta property=\"og:site_name\" content=\"SECRETMARK\"></head><body>",
        "<html><body>",
        "",
    ]);
    (head, prop::collection::vec(node(), 0..8)).prop_map(|(h, nodes)| {
        let mut html = h.to_owned();
        let mut visible = Vec::new();
        let mut junk = false;
        for n in nodes {
            html.push_str(&n.html);
            visible.extend(n.visible);
            junk |= n.junk;
        }
        if !h.is_empty() {
            html.push_str("</body></html>");
        }
        Page { html, visible, junk }
    })
}

#[test]
fn html_extractor_generated_pages() {
    check("extract_html_generated", 300, page(), |p| {
        let ex = match html::extract(p.html.clone(), "UTF-8") {
            Ok(ex) => ex,
            Err(e) => {
                ensure!(matches!(e.code, ErrorCode::Empty | ErrorCode::BadInput), "{:?}: {}", e.code, e.message);
                return Ok(());
            }
        };
        spans_ok(&ex)?;
        // Broken markup may legitimately expose a script as text (`</p<script>` is one end tag, as
        // in browsers), so the hidden-content and visible-word checks hold for well-formed pages.
        if !p.junk {
            ensure!(!ex.page_text.contains(SECRET), "hidden content reached the page text: {:?}", ex.page_text);
            for v in &p.visible {
                ensure!(ex.page_text.contains(v.as_str()), "visible text {v:?} missing from {:?}", ex.page_text);
            }
        }
        ensure!(same(&ex, &html::extract(p.html, "UTF-8").unwrap()), "not deterministic");
        Ok(())
    });
}

#[test]
fn html_extractor_random_strings_and_pieces() {
    check("extract_html_random", 300, prop_oneof![any::<String>(), pieces(), text(200).prop_map(|(_, s)| s)], |s| {
        if let Ok(ex) = html::extract(s, "UTF-8") {
            spans_ok(&ex)?;
        }
        Ok(())
    });
}

#[test]
fn html_nesting_bombs_are_refused_not_parsed() {
    let depth = prop_oneof![4 => 0usize..300, 1 => (MAX_NESTING - 50)..(MAX_NESTING + 50), 1 => (MAX_NESTING + 1)..(MAX_NESTING * 3)];
    let tag = prop::sample::select(vec!["div", "span", "b", "section", "blockquote", "font"]);
    check("extract_html_nesting", 24, (depth, tag), |(d, t)| {
        let html = format!("<html><body>{}<p>Путин заявил, что переговоры продолжатся завтра в Москве.</p>{}</body></html>", format!("<{t}>").repeat(d), format!("</{t}>").repeat(d));
        match html::extract(html, "UTF-8") {
            Ok(ex) => {
                ensure!(d <= MAX_NESTING, "depth {d} accepted");
                spans_ok(&ex)?;
                ensure!(ex.page_text.contains("Путин заявил"), "text lost at depth {d}");
            }
            Err(e) => {
                ensure!(d > MAX_NESTING - 50, "depth {d} refused: {}", e.message);
                ensure!(e.code == ErrorCode::BadInput && e.message.contains("nests"), "{:?}: {}", e.code, e.message);
            }
        }
        Ok(())
    });
}
