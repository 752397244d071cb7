//! Sentence segmentation with byte spans.
//! PLACEHOLDER: splits on sentence punctuation followed by whitespace; the text-analysis work
//! replaces it with abbreviation-, quote- and number-aware rules per language.

use super::Lang;
use crate::span::Span;

/// Sentences of `text[within]`, as spans into `text`, trimmed of surrounding whitespace.
pub fn sentences(text: &str, within: Span, _lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    let s = within.text(text);
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '؟' | '؛') {
            let next_ws = chars.peek().map_or(true, |&(_, n)| n.is_whitespace());
            if next_ws {
                push_trimmed(&mut out, s, start, i + c.len_utf8(), within.start);
                start = i + c.len_utf8();
            }
        }
    }
    push_trimmed(&mut out, s, start, s.len(), within.start);
    out
}

fn push_trimmed(out: &mut Vec<Span>, s: &str, a: usize, b: usize, base: usize) {
    let piece = &s[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let t = piece.trim();
    if !t.is_empty() {
        out.push(Span::new(base + a + lead, base + a + lead + t.len()));
    }
}
