//! Word tokeniser: words and numbers with original byte spans and normalised forms.

use super::normalize::{is_alpha, is_ignorable, normalize_str};
use super::Lang;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// Byte span in the original text.
    pub span: Span,
    /// Normalised form (see [`super::normalize`]).
    pub norm: String,
    pub kind: TokKind,
}

impl Token {
    /// The normalised form up to the first apostrophe ("erdoğan'ın" → "erdoğan").
    pub fn base(&self) -> &str {
        match self.norm.find('\'') {
            Some(i) if i > 0 => &self.norm[..i],
            _ => &self.norm,
        }
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

#[inline]
fn is_word_char(c: char) -> bool {
    is_alpha(c) || is_ignorable(c) || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// Tokens of `text[within]`. Words keep internal apostrophes and hyphens between letters
/// ("don't", "Erdoğan'ın", "Санкт-Петербург"); numbers keep internal separators between digits
/// ("1,000", "3.5", "04/12/2025", "٣٦٬٥"); letters and digits are split ("الـ24" → "الـ", "24").
/// Other non-space characters are one-char punctuation tokens, except `_` (hashtag joiner),
/// which separates like a space.
pub fn tokens(text: &str, within: Span, lang: Lang) -> Vec<Token> {
    let s = within.text(text);
    let base = within.start;
    let mut out = Vec::with_capacity(s.len() / 5);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let mut k = 0;
    while k < n {
        let (i, c) = chars[k];
        if is_digit(c) {
            let mut j = k + 1;
            while j < n {
                let cj = chars[j].1;
                if is_digit(cj) || is_ignorable(cj) {
                    j += 1;
                } else if matches!(cj, '.' | ',' | '/' | ':' | '٫' | '٬') && j + 1 < n && is_digit(chars[j + 1].1) {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = if j < n { chars[j].0 } else { s.len() };
            push(&mut out, s, base, i, end, TokKind::Number, lang);
            k = j;
        } else if is_word_char(c) && !is_ignorable(c) {
            let mut j = k + 1;
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) && !is_digit(cj) {
                    j += 1;
                } else if (is_apostrophe(cj) || cj == '-') && j + 1 < n && is_alpha(chars[j + 1].1) && !is_digit(chars[j + 1].1) {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = if j < n { chars[j].0 } else { s.len() };
            push(&mut out, s, base, i, end, TokKind::Word, lang);
            k = j;
        } else if c.is_whitespace() || is_ignorable(c) || c == '_' {
            k += 1;
        } else {
            push(&mut out, s, base, i, i + c.len_utf8(), TokKind::Punct, lang);
            k += 1;
        }
    }
    out
}

fn push(out: &mut Vec<Token>, s: &str, base: usize, a: usize, b: usize, kind: TokKind, lang: Lang) {
    let norm = normalize_str(&s[a..b], lang);
    out.push(Token { span: Span::new(base + a, base + b), norm, kind });
}

#[cfg(test)]
mod tests {
    use super::*;
    fn toks(s: &str, lang: Lang) -> Vec<(String, String)> {
        tokens(s, Span::new(0, s.len()), lang)
            .into_iter()
            .map(|t| (t.span.text(s).to_string(), t.norm))
            .collect()
    }
    #[test]
    fn arabic_tokens() {
        let t = toks("خلال الساعات الـ24 الماضية، ٣٦ جندياً", Lang::Ar);
        let surf: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(surf, ["خلال", "الساعات", "الـ", "24", "الماضية", "،", "٣٦", "جندياً"]);
        assert_eq!(t[6].1, "36");
        assert_eq!(t[7].1, "جنديا");
    }
    #[test]
    fn latin_tokens() {
        let t = toks("Erdoğan'ın 1,000 askeri 3.5 km, don't.", Lang::Tr);
        let surf: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(surf, ["Erdoğan'ın", "1,000", "askeri", "3.5", "km", ",", "don't", "."]);
    }
}
