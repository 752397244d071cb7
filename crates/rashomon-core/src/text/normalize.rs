//! Normalisation for matching (search, alignment, diffs). Display always uses the original text.
//! PLACEHOLDER-LEVEL: a plain fold without offset map; the text-analysis work replaces it with
//! per-language normalisers that carry an offset map, keeping `fold` as the search entry point.

use unicode_normalization::UnicodeNormalization;

/// Fold a string for matching: NFKC, lower case, Arabic letter variants and digits unified,
/// harakat / tatweel / bidi and zero-width controls removed, ё → е.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            'ё' | 'Ё' => out.push('е'),
            // Matching is language-neutral: Turkish dotted and dotless i meet English i.
            'I' | 'İ' | 'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}
