//! Text analysis shared by search, alignment and diffs: language, normalisation, segmentation.
//!
//! Invariant: nothing here changes the text it is given; it returns spans into it (and, for
//! normalised forms, an offset map back to it).

pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenize;

use serde::{Deserialize, Serialize};

/// The languages Rashomon analyses; anything else is `Other` and gets language-neutral treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    Ru,
    Tr,
    En,
    Other,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Ru => "ru",
            Lang::Tr => "tr",
            Lang::En => "en",
            Lang::Other => "und",
        }
    }
    /// Parse an ISO 639-1/3 code or an English language name; unknown codes map to `Other`.
    pub fn from_code(code: &str) -> Lang {
        match code.trim().to_ascii_lowercase().as_str() {
            "ar" | "ara" | "arabic" => Lang::Ar,
            "ru" | "rus" | "russian" => Lang::Ru,
            "tr" | "tur" | "turkish" => Lang::Tr,
            "en" | "eng" | "english" => Lang::En,
            _ => Lang::Other,
        }
    }
}

/// Detect the language of a text; short or mixed texts fall back to the dominant script.
pub fn detect_language(text: &str) -> Lang {
    let sample: String = text.chars().take(20_000).collect();
    if let Some(info) = whatlang::detect(&sample) {
        let l = match info.lang() {
            whatlang::Lang::Ara | whatlang::Lang::Pes | whatlang::Lang::Urd => Lang::Ar,
            whatlang::Lang::Rus | whatlang::Lang::Ukr | whatlang::Lang::Bel | whatlang::Lang::Bul => Lang::Ru,
            whatlang::Lang::Tur | whatlang::Lang::Aze => Lang::Tr,
            whatlang::Lang::Eng => Lang::En,
            _ => Lang::Other,
        };
        if l != Lang::Other {
            return l;
        }
    }
    // Script fallback.
    let (mut ar, mut cy, mut la) = (0usize, 0usize, 0usize);
    for c in sample.chars() {
        match c as u32 {
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => ar += 1,
            0x0400..=0x04FF => cy += 1,
            _ if c.is_ascii_alphabetic() => la += 1,
            _ => {}
        }
    }
    if ar > cy && ar > la {
        Lang::Ar
    } else if cy > la {
        Lang::Ru
    } else if la > 0 {
        Lang::En
    } else {
        Lang::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn detects_four_languages() {
        assert_eq!(detect_language("أكد الكرملين أن الرئيس الروسي فلاديمير بوتين سيجتمع مع أردوغان"), Lang::Ar);
        assert_eq!(detect_language("Министерство обороны России сообщило о гибели военных"), Lang::Ru);
        assert_eq!(detect_language("Milli Savunma Bakanlığı İdlib'de şehit olan askerlerimizi açıkladı"), Lang::Tr);
        assert_eq!(detect_language("The Kremlin said the two presidents would meet within a week"), Lang::En);
    }
}
