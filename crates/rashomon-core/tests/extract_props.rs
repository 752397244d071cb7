//! Property tests: extraction never panics and every span is valid, trimmed and on char boundaries.

use proptest::prelude::*;
use rashomon_core::extract::{html, plaintext, Extracted};

fn check(ex: &Extracted) {
    for span in ex.blocks.iter().map(|b| b.span).chain(ex.title) {
        assert!(span.is_valid_in(&ex.page_text), "invalid span {span:?}");
        let t = span.text(&ex.page_text);
        assert!(!t.is_empty());
        assert_eq!(t, t.trim(), "span not trimmed");
    }
}

const PIECES: &[&str] = &[
    "<div>", "</div>", "<p>", "</p>", "<br>", "<h2>", "</h2>", "<li>", "<ul>", "</ul>", "<script>x<y</script>",
    "<style>p{}</style>", "<!-- c -->", "<a href='x'>", "</a>", "<title>", "</title>", "<body>", "<html lang=ar>",
    "Путин заявил, что переговоры продолжатся завтра в Москве. ", "Erdoğan ve Putin görüştü. ",
    "أكد الكرملين أن الرئيسين سيجتمعان. ", "The talks will continue on Monday in the capital. ",
    "\u{a0}\u{a0}\u{a0}", "\n", "\n\n", " ", "…", "04/12/2025", "• ", "#وسم", "é", "🙂", "\r\n", "*", ":",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn plaintext_spans_valid_random(s in any::<String>()) {
        check(&plaintext::extract(s, "UTF-8").unwrap());
    }

    #[test]
    fn plaintext_spans_valid_structured(s in pieces()) {
        check(&plaintext::extract(s, "UTF-8").unwrap());
    }

    #[test]
    fn html_spans_valid_random(s in any::<String>()) {
        if let Ok(ex) = html::extract(s, "UTF-8") { check(&ex) }
    }

    #[test]
    fn html_spans_valid_structured(s in pieces()) {
        if let Ok(ex) = html::extract(s, "UTF-8") { check(&ex) }
    }
}
