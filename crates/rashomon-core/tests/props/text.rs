//! Normaliser and its offset map, tokens, sentence and clause segmentation. (The character-pool
//! generators here are the first text property tests, kept; `gen::text` adds realistic mixes.)

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rashomon_core::text::normalize::{normalize, normalize_str};
use rashomon_core::text::segment::{clauses, sentences};
use rashomon_core::text::tokenize::tokens;
use rashomon_core::text::Lang;
use rashomon_core::Span;

use crate::ensure;
use crate::gen::{check, text};

const POOL: &[char] = &[
    'a', 'Z', 'I', 'İ', 'ı', ' ', ' ', '\n', '.', '.', ',', '!', '?', '؟', '؛', '،', '…', '"', '«', '»', '“', '”', '„',
    '\'', '(', ')', '-', '—', '0', '5', '٣', '۷', '/', ':', 'ا', 'أ', 'ل', 'ـ', 'ة', 'ى', 'و', 'ق', '\u{064B}',
    '\u{0651}', '\u{0301}', '\u{0327}', '\u{202E}', '\u{202B}', '\u{2067}', '\u{200F}', '\u{200D}', '\u{FEFF}',
    '\u{00A0}', 'ё', 'Ё', 'д', 'н', 'е', '\u{FEFB}', 'ﷺ', 'ﬁ', '½', '_', '#', 'ş', 'ğ',
];

pub fn char_pool_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![4 => prop::sample::select(POOL), 1 => any::<char>()];
    prop::collection::vec(c, 0..120).prop_map(|v| v.into_iter().collect())
}

/// Char-pool text, realistic mixed text, or arbitrary strings, with a language to analyse it as.
pub fn input() -> impl Strategy<Value = (Lang, String)> {
    prop_oneof![
        3 => text(80),
        1 => (crate::gen::any_lang(), char_pool_text()),
        1 => (crate::gen::any_lang(), any::<String>()),
    ]
}

fn span_ok(s: &str, sp: Span, what: &str) -> Result<(), TestCaseError> {
    ensure!(sp.is_valid_in(s), "{what}: bad span {sp:?} in a text of {} bytes", s.len());
    Ok(())
}

fn normaliser(s: &str, lang: Lang, cuts: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let n = normalize(s, lang);
    ensure!(n.map.len() == n.text.len() + 1, "map length");
    ensure!(n.text == normalize_str(s, lang), "normalize and normalize_str differ");
    ensure!(n.map.windows(2).all(|w| w[0] <= w[1]), "map not monotone");
    ensure!(*n.map.last().unwrap() == s.len(), "map end sentinel");
    ensure!(n.map.iter().all(|&m| s.is_char_boundary(m)), "map off a char boundary");
    // Segment starts of the normalised text: normalising the original slice between any two
    // gives exactly the normalised slice.
    let starts: Vec<usize> =
        (0..=n.text.len()).filter(|&i| i == 0 || i == n.text.len() || n.map[i] != n.map[i - 1]).collect();
    for &(x, y) in cuts {
        let (a, b) = (starts[x % starts.len()], starts[y % starts.len()]);
        let (a, b) = (a.min(b), a.max(b));
        let orig = n.to_original(a, b);
        span_ok(s, orig, "to_original")?;
        ensure!(normalize_str(&s[n.map[a]..n.map[b]], lang) == n.text[a..b], "segment {a}..{b} does not map back exactly");
    }
    // Any byte range at all (even inside a char of the normalised text) maps onto char boundaries.
    for &(x, y) in cuts {
        let (a, b) = (x % (n.text.len() + 1), y % (n.text.len() + 1));
        let sp = n.to_original(a.min(b), a.max(b));
        span_ok(s, sp, "to_original (any range)")?;
    }
    Ok(())
}

#[test]
fn normaliser_offset_map() {
    let strat = (input(), prop::collection::vec((any::<usize>(), any::<usize>()), 1..24));
    check("text_normaliser", 500, strat, |((lang, s), cuts)| {
        normaliser(&s, lang, &cuts)?;
        if lang != Lang::Other {
            normaliser(&s, Lang::Other, &cuts)?;
        }
        Ok(())
    });
}

pub fn segmentation(s: &str, within: Span, lang: Lang) -> Result<Vec<Span>, TestCaseError> {
    let sents = sentences(s, within, lang);
    let mut prev_end = within.start;
    for &sp in &sents {
        span_ok(s, sp, "sentence")?;
        ensure!(sp.start >= prev_end && sp.end <= within.end, "sentence {sp:?} out of order or outside {within:?}");
        ensure!(!sp.text(s).trim().is_empty(), "blank sentence {sp:?}");
        prev_end = sp.end;
        let mut prev = sp.start;
        for c in clauses(s, sp, lang) {
            span_ok(s, c, "clause")?;
            ensure!(c.start >= prev && c.end <= sp.end, "clause {c:?} out of order or outside sentence {sp:?}");
            prev = c.end;
        }
        let mut prev = sp.start;
        for t in tokens(s, sp, lang) {
            span_ok(s, t.span, "token")?;
            ensure!(t.span.start >= prev && t.span.end <= sp.end, "token {:?} out of order or outside {sp:?}", t.span);
            ensure!(!t.span.is_empty(), "empty token");
            prev = t.span.end;
        }
    }
    Ok(sents)
}

#[test]
fn sentences_clauses_tokens() {
    check("text_segmenter", 500, input(), |(lang, s)| {
        segmentation(&s, Span::new(0, s.len()), lang)?;
        Ok(())
    });
}

#[test]
fn segmentation_of_sub_spans() {
    check("text_segmenter_sub_spans", 300, (input(), any::<usize>(), any::<usize>()), |((lang, s), x, y)| {
        let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let (a, b) = (cuts[x % cuts.len()], cuts[y % cuts.len()]);
        segmentation(&s, Span::new(a.min(b), a.max(b)), lang)?;
        Ok(())
    });
}
