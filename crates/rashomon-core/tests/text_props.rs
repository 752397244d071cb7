//! Property tests: arbitrary strings (bidi overrides, lone combining marks, quotes, digits) never
//! make normalisation, segmentation, clause splitting or claim analysis panic, every span is inside
//! the text on char boundaries, and normalised spans map back exactly.

use proptest::prelude::*;
use rashomon_core::claims::analyze;
use rashomon_core::text::normalize::{normalize, normalize_str};
use rashomon_core::text::segment::{clauses, sentences};
use rashomon_core::text::Lang;
use rashomon_core::Span;

const POOL: &[char] = &[
    'a', 'Z', 'I', 'İ', 'ı', ' ', ' ', '\n', '.', '.', ',', '!', '?', '؟', '؛', '،', '…', '"', '«', '»', '“', '”', '„',
    '\'', '(', ')', '-', '—', '0', '5', '٣', '۷', '/', ':', 'ا', 'أ', 'ل', 'ـ', 'ة', 'ى', 'و', 'ق', '\u{064B}',
    '\u{0651}', '\u{0301}', '\u{0327}', '\u{202E}', '\u{202B}', '\u{2067}', '\u{200F}', '\u{200D}', '\u{FEFF}',
    '\u{00A0}', 'ё', 'Ё', 'д', 'н', 'е', '\u{FEFB}', 'ﷺ', 'ﬁ', '½', '_', '#', 'ş', 'ğ',
];

fn text_strategy() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => prop::sample::select(POOL),
        1 => any::<char>(),
    ];
    prop::collection::vec(c, 0..120).prop_map(|v| v.into_iter().collect())
}

fn words_strategy() -> impl Strategy<Value = String> {
    let w = prop::sample::select(vec![
        "قال", "وأضاف", "بوتين", "أردوغان", "أكثر", "من", "30", "جنديا", "على", "الأقل", "لم", "«", "»", ".", "،",
        "said", "Peskov", "at", "least", "33", "soldiers", "not", "\"", "заявил", "Песков", "не", "менее", "военных",
        "en", "az", "askerimiz", "açıkladı", "değil", "04/12/2025", "2020", "ثلاثة", "مدرعتين", "و", "كما", "and",
        "adding", "that", "и", "добавил", "ekledi", "diye", "konuştu", "\u{202E}", "\u{0301}", "\n", "?", "…",
    ]);
    prop::collection::vec(w, 0..60).prop_map(|v| v.join(" "))
}

fn check_span(s: &str, sp: Span) {
    assert!(sp.is_valid_in(s), "bad span {sp:?} in {s:?}");
}

fn check_all(s: &str) {
    for lang in [Lang::Ar, Lang::Ru, Lang::Tr, Lang::En, Lang::Other] {
        // Normaliser map.
        let n = normalize(s, lang);
        assert_eq!(n.map.len(), n.text.len() + 1);
        assert_eq!(n.text, normalize_str(s, lang));
        assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*n.map.last().unwrap(), s.len());
        for &m in &n.map {
            assert!(s.is_char_boundary(m));
        }
        // Segment-aligned normalised spans map back exactly.
        let starts: Vec<usize> = (0..=n.text.len()).filter(|&i| i == 0 || i == n.text.len() || n.map[i] != n.map[i - 1]).collect();
        for (x, &a) in starts.iter().enumerate().step_by(3) {
            for &b in starts[x..].iter().step_by(5) {
                let orig = n.to_original(a, b);
                check_span(s, orig);
                let back = normalize_str(&s[n.map[a]..n.map[b]], lang);
                assert_eq!(back, &n.text[a..b], "span {a}..{b} of {s:?}");
                let _ = orig;
            }
        }
        // Segmentation and claims.
        let sents = sentences(s, Span::new(0, s.len()), lang);
        let mut prev_end = 0;
        for &sp in &sents {
            check_span(s, sp);
            assert!(sp.start >= prev_end && !sp.is_empty());
            prev_end = sp.end;
            for c in clauses(s, sp, lang) {
                check_span(s, c);
                assert!(c.start >= sp.start && c.end <= sp.end);
            }
        }
        for c in analyze(s, &sents, lang) {
            check_span(s, c.span);
            if let Some(sp) = &c.speaker {
                check_span(s, sp.span);
            }
            if let Some(q) = c.quote {
                check_span(s, q);
            }
            for m in &c.numbers {
                check_span(s, m.span);
                assert!(m.value.is_finite());
            }
            for x in c.negation_cues.iter().chain(c.times.iter()) {
                check_span(s, *x);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn text_props_random_chars(s in text_strategy()) {
        check_all(&s);
    }

    #[test]
    fn text_props_random_words(s in words_strategy()) {
        check_all(&s);
    }

    #[test]
    fn text_props_sub_spans(s in text_strategy(), a in 0usize..200, b in 0usize..200) {
        let (a, b) = (a.min(b).min(s.len()), a.max(b).min(s.len()));
        for lang in [Lang::Ar, Lang::En] {
            for sp in sentences(&s, Span::new(a, b), lang) {
                check_span(&s, sp);
                assert!(sp.start >= a && sp.end <= b);
            }
        }
    }
}
