//! Stemming for matching: a light Arabic stemmer (Light10-style) and Snowball stemmers
//! (`rust-stemmers`) for Russian, Turkish and English. Input is a normalised word.

use super::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn snowball(lang: Lang) -> Option<&'static Stemmer> {
    static RU: OnceLock<Stemmer> = OnceLock::new();
    static TR: OnceLock<Stemmer> = OnceLock::new();
    static EN: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        Lang::Ru => Some(RU.get_or_init(|| Stemmer::create(Algorithm::Russian))),
        Lang::Tr => Some(TR.get_or_init(|| Stemmer::create(Algorithm::Turkish))),
        Lang::En => Some(EN.get_or_init(|| Stemmer::create(Algorithm::English))),
        _ => None,
    }
}

/// Stem a normalised word for `lang` (Arabic: Light10; Russian/Turkish/English: Snowball;
/// other languages: unchanged).
pub fn stem(word: &str, lang: Lang) -> String {
    match lang {
        Lang::Ar => arabic_light(word),
        _ => match snowball(lang) {
            Some(st) => st.stem(word).into_owned(),
            None => word.to_string(),
        },
    }
}

const AR_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const AR_SUFFIXES: [&str; 9] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي", "ة"];

/// Light10-style Arabic stemmer over normalised text (ة already folded to ه): strip و when at
/// least 3 letters remain, one definite-article prefix when at least 2 remain, then each suffix
/// in turn while more than 2 letters remain.
pub fn arabic_light(word: &str) -> String {
    let mut w: &str = word;
    let len = |s: &str| s.chars().count();
    if len(w) >= 4 && w.starts_with('و') {
        w = &w['و'.len_utf8()..];
    }
    for p in AR_PREFIXES {
        if w.starts_with(p) && len(w) - len(p) >= 2 {
            w = &w[p.len()..];
            break;
        }
    }
    for suf in AR_SUFFIXES {
        if w.ends_with(suf) && len(w) - len(suf) >= 2 {
            w = &w[..w.len() - suf.len()];
        }
    }
    w.to_string()
}

const RU_ENDINGS: &[&str] = &[
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ах", "ях", "ом", "ем", "ой", "ей", "ый", "ий", "ая",
    "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ую", "юю", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и",
    "о", "ь", "й",
];

/// A crude Russian inflection stripper for matching proper names and gazetteer nouns: removes up
/// to two case endings while at least three letters remain ("Пескову", "Пескова", "Песков" →
/// "песк"; "Кремле", "Кремль" → "кремл").
pub fn russian_light(word: &str) -> String {
    let mut w = word;
    for _ in 0..2 {
        let mut stripped = false;
        for e in RU_ENDINGS {
            if let Some(r) = w.strip_suffix(e) {
                if r.chars().count() >= 3 {
                    w = r;
                    stripped = true;
                    break;
                }
            }
        }
        if !stripped {
            break;
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize_str;
    fn ar(w: &str) -> String {
        arabic_light(&normalize_str(w, Lang::Ar))
    }
    #[test]
    fn arabic_seed_words() {
        // Words from the seed pages.
        assert_eq!(ar("والتركي"), "ترك");
        assert_eq!(ar("التركية"), "ترك");
        assert_eq!(ar("الجنود"), "جنود");
        assert_eq!(ar("للنظام"), "نظام");
        assert_eq!(ar("بالجماعات"), "جماع");
        assert_eq!(ar("المسلحين"), "مسلح");
        assert_eq!(ar("دبابات"), "دباب");
        assert_eq!(ar("دبابة"), "دباب");
        assert_eq!(ar("الروسية"), "روس");
        assert_eq!(ar("والروسي"), "روس");
        assert_eq!(ar("وأنقرة"), "انقر");
        assert_eq!(ar("موسكو"), "موسكو");
        // Minimum-length guards keep short words.
        assert_eq!(ar("وله"), "ول");
        assert_eq!(ar("لها"), "لها");
        assert_eq!(ar("ومن"), "ومن");
        assert_eq!(ar("الى"), "ال");
    }
    #[test]
    fn snowball_languages() {
        assert_eq!(stem("военных", Lang::Ru), stem("военные", Lang::Ru));
        assert_eq!(stem("askerler", Lang::Tr), "asker");
        assert_eq!(stem("soldiers", Lang::En), "soldier");
    }
}
