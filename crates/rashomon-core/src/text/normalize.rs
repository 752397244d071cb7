//! Normalisation for matching (search, alignment, diffs, claims). Display always uses the
//! original text: a [`Normalized`] carries a byte map back to it.
//!
//! What it does, per language: NFKC; harakat, tatweel, bidi controls, zero-width characters and
//! soft hyphens removed; Arabic letter variants folded (أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک →
//! ي ك); Arabic-Indic and Persian digits → ASCII; quotes and dashes unified (`"`, `'`, `-`);
//! ё → е; language-aware lower case (Turkish İ → i, I → ı; elsewhere both → i).
//!
//! The text is processed in segments of one starter plus its combining marks, each independently,
//! so normalising any substring that starts and ends on segment boundaries gives exactly the
//! corresponding slice of the normalised whole.

use super::Lang;
use crate::span::Span;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// A normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the byte offset in the original of the segment that produced normalised byte
    /// `i`; `map[text.len()]` is the original length (end sentinel). Non-decreasing.
    pub map: Vec<usize>,
}

impl Normalized {
    /// Original span of the normalised byte range `[a, b)` (clamped; always on char boundaries of
    /// the original). A range ending inside a segment extends to that segment's end.
    pub fn to_original(&self, a: usize, b: usize) -> Span {
        let n = self.text.len();
        let a = a.min(n);
        let b = b.clamp(a, n);
        let start = self.map[a];
        if b == a {
            return Span::new(start, start);
        }
        let last = self.map[b - 1];
        let mut k = b;
        while k < n && self.map[k] == last {
            k += 1;
        }
        Span::new(start, self.map[k].max(start))
    }
}

/// Normalise `s` for `lang`, with an offset map back to `s`.
pub fn normalize(s: &str, lang: Lang) -> Normalized {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    run(s, lang, &mut text, Some(&mut map));
    map.push(s.len());
    Normalized { text, map }
}

/// Normalise without building a map (faster; same text as [`normalize`]).
pub fn normalize_str(s: &str, lang: Lang) -> String {
    let mut text = String::with_capacity(s.len());
    run(s, lang, &mut text, None);
    text
}

/// Fold a string for language-neutral matching (the search index): the normaliser for
/// [`Lang::Other`], where Turkish dotted and dotless i meet English i.
pub fn fold(s: &str) -> String {
    normalize_str(s, Lang::Other)
}

/// Characters removed outright.
#[inline]
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}'
        | '\u{180E}')
}

/// Characters whose NFKC form is themselves and that never compose with a following mark we keep:
/// the fast path.
#[inline]
fn is_simple(c: char) -> bool {
    c.is_ascii()
        || ('\u{0621}'..='\u{064A}').contains(&c)
        || ('\u{0660}'..='\u{0669}').contains(&c)
        || ('\u{0410}'..='\u{044F}').contains(&c)
        || matches!(c, 'ç' | 'ğ' | 'ı' | 'ö' | 'ş' | 'ü' | 'Ç' | 'Ğ' | 'İ' | 'Ö' | 'Ş' | 'Ü' | 'ё' | 'Ё' | '،' | '؛' | '؟')
}

fn run(s: &str, lang: Lang, out: &mut String, mut map: Option<&mut Vec<usize>>) {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut buf = String::new();
    while i < s.len() {
        // ASCII fast path (most common outside Arabic).
        let b = bytes[i];
        if b < 0x80 && (i + 1 >= s.len() || bytes[i + 1] < 0x80) {
            let before = out.len();
            push_folded(b as char, lang, out);
            if let Some(m) = map.as_deref_mut() {
                m.resize(m.len() + out.len() - before, i);
            }
            i += 1;
            continue;
        }
        // One segment: a char and the combining marks after it.
        let mut it = s[i..].char_indices();
        let (_, first) = it.next().expect("non-empty");
        let mut end = i + first.len_utf8();
        let mut all_simple = is_simple(first);
        for (j, c) in it {
            if canonical_combining_class(c) == 0 && !is_ignorable(c) {
                break;
            }
            if !is_ignorable(c) {
                all_simple = false;
            }
            end = i + j + c.len_utf8();
        }
        let seg = &s[i..end];
        let before = out.len();
        if all_simple {
            for c in seg.chars() {
                push_folded(c, lang, out);
            }
        } else {
            buf.clear();
            buf.extend(seg.nfkc());
            for c in buf.chars() {
                push_folded(c, lang, out);
            }
        }
        if let Some(m) = map.as_deref_mut() {
            m.resize(m.len() + out.len() - before, i);
        }
        i = end;
    }
}

/// `char::is_alphabetic` with fast paths for the scripts Rashomon reads most.
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0x0621..=0x063A | 0x0641..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x0400..=0x045F => true,
        0x0600..=0x0620 | 0x063B..=0x0640 | 0x064B..=0x066D => false,
        _ => c.is_alphabetic(),
    }
}

/// Fold one (already NFKC) character into `out`.
#[inline]
fn push_folded(c: char, lang: Lang, out: &mut String) {
    if c.is_ascii() {
        out.push(if lang == Lang::Tr && c == 'I' { 'ı' } else { c.to_ascii_lowercase() });
        return;
    }
    if is_ignorable(c) {
        return;
    }
    let r = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '٫' => '.',
        '٬' => ',',
        '٪' => '%',
        'ё' | 'Ё' => 'е',
        '«' | '»' | '“' | '”' | '„' | '‟' | '″' | '‹' | '›' | '〝' | '〞' | '＂' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' | '`' | '´' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        'İ' => 'i',
        'ı' if lang == Lang::Other => 'i',
        '\u{0600}'..='\u{06FF}' | '\u{0430}'..='\u{044F}' | '\u{0450}'..='\u{045F}' => c,
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        _ => {
            if c.is_lowercase() || !c.is_alphabetic() {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            return;
        }
    };
    out.push(r);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_folds() {
        assert_eq!(normalize_str("أكّد الرئيسُ إردوغان آنذاك ٱلقاهرة", Lang::Ar), "اكد الرئيس اردوغان انذاك القاهره");
        assert_eq!(normalize_str("مصطفى الجزيرة ٣٦ جندياً ۱۲", Lang::Ar), "مصطفي الجزيره 36 جنديا 12");
        assert_eq!(normalize_str("عـــاجل\u{200F}\u{202B}«نص»", Lang::Ar), "عاجل\"نص\"");
        // Presentation forms (lam-alef ligature) through NFKC.
        assert_eq!(normalize_str("\u{FEFB}", Lang::Ar), "لا");
    }

    #[test]
    fn turkish_and_russian_case() {
        assert_eq!(normalize_str("İSTANBUL IŞIK Iğdır", Lang::Tr), "istanbul ışık ığdır");
        assert_eq!(normalize_str("İSTANBUL IŞIK", Lang::En), "istanbul işik");
        assert_eq!(normalize_str("Ёлка ЁЖ", Lang::Ru), "елка еж");
        assert_eq!(fold("Işık İzmir"), "işik izmir");
        assert_eq!(normalize_str("“Hi” — ‘x’ – y", Lang::En), "\"hi\" - 'x' - y");
    }

    #[test]
    fn fold_matches_old_behaviour() {
        assert_eq!(fold("أكد الكرملين"), "اكد الكرملين");
        assert_eq!(fold("Ёж"), "еж");
        assert_eq!(fold("٢٠٢٠"), "2020");
    }

    #[test]
    fn map_back() {
        let s = "قال «بوتين» إنّ ٣٦ جندياً";
        let n = normalize(s, Lang::Ar);
        assert_eq!(n.map.len(), n.text.len() + 1);
        let a = n.text.find("36").unwrap();
        assert_eq!(n.to_original(a, a + 2).text(s), "٣٦");
        let w = n.text.find("جنديا").unwrap();
        assert_eq!(n.to_original(w, w + "جنديا".len()).text(s), "جندياً");
        let q = n.text.find("\"بوتين\"").unwrap();
        assert_eq!(n.to_original(q, q + "\"بوتين\"".len()).text(s), "«بوتين»");
        // Decomposed input composes.
        let d = "s\u{0327}ehit";
        assert_eq!(normalize_str(d, Lang::Tr), "şehit");
        let nd = normalize(d, Lang::Tr);
        assert_eq!(nd.to_original(0, 2).text(d), "s\u{0327}");
    }
}
