//! What the aligner knows about one unit (a clause or sentence): tokens with spans, folded forms,
//! stems, character n-grams, numbers, negation, actors.

use std::collections::HashSet;

use crate::span::Span;
use crate::text::normalize::fold;
use crate::text::Lang;

#[derive(Debug, Clone)]
pub struct Token {
    /// Byte span in the page text.
    pub span: Span,
    /// Folded form (matching).
    pub norm: String,
    /// Light stem of the folded form.
    pub stem: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    /// `more_than`, `at_least`, `about`, `up_to`, `less_than`.
    pub qualifier: Option<&'static str>,
    /// Stem of the counted noun (the next content word), if any.
    pub counted: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub span: Span,
    pub tokens: Vec<Token>,
    pub numbers: Vec<Number>,
    pub negated: bool,
    pub actors: HashSet<&'static str>,
    /// Character trigrams of the words (hashed), sorted and deduplicated.
    pub grams: Vec<u64>,
}

impl Unit {
    pub fn build(text: &str, span: Span, lang: Lang) -> Unit {
        let tokens = tokenize(text, span, lang);
        let numbers = numbers(&tokens);
        let negated = tokens.iter().any(|t| is_negation(&t.norm, lang));
        let actors = tokens.iter().filter_map(|t| actor_of(&t.norm).or_else(|| actor_of(&t.stem))).collect();
        let mut grams = Vec::new();
        let mut padded: Vec<char> = Vec::new();
        for t in &tokens {
            padded.clear();
            padded.push('#');
            padded.extend(t.norm.chars());
            padded.push('#');
            for w in padded.windows(3) {
                grams.push(hash_chars(w));
            }
        }
        grams.sort_unstable();
        grams.dedup();
        Unit { span, tokens, numbers, negated, actors, grams }
    }

    /// Content-bearing tokens (not stop words), used to weigh omissions.
    pub fn content_len(&self) -> usize {
        self.tokens.iter().filter(|t| !is_stop(&t.norm)).count()
    }
}

/// FNV-1a over the code points: fast, stable across runs, good enough for trigram sets.
fn hash_chars(w: &[char]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in w {
        h ^= c as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Words of `text[span]` with byte spans into `text`.
pub fn tokenize(text: &str, span: Span, lang: Lang) -> Vec<Token> {
    let s = span.text(text);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let word_char = |c: char| c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0640}' || c == '\u{0670}';
    let push = |a: usize, b: usize, out: &mut Vec<Token>| {
        let norm = fold(&s[a..b]);
        if norm.is_empty() {
            return;
        }
        let stem = stem(&norm, lang);
        out.push(Token { span: Span::new(span.start + a, span.start + b), norm, stem });
    };
    for (i, c) in s.char_indices() {
        // A decimal point or thousands separator between digits stays inside the number.
        let inner_sep = (c == '.' || c == ',' || c == '٫' || c == '٬')
            && start.is_some()
            && s[..i].chars().next_back().is_some_and(|p| p.is_numeric())
            && s[i + c.len_utf8()..].chars().next().is_some_and(|n| n.is_numeric());
        match (word_char(c) || inner_sep, start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                push(a, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        push(a, s.len(), &mut out);
    }
    out
}

/// Light stemming for matching. Arabic: strip the common proclitics and suffixes
/// (Light10-style) with length guards; other languages: strip frequent inflection endings.
pub fn stem(w: &str, lang: Lang) -> String {
    let chars: Vec<char> = w.chars().collect();
    let is_ar = chars.iter().any(|c| ('\u{0600}'..='\u{06FF}').contains(c));
    if is_ar {
        let mut s: &str = w;
        if s.chars().count() > 3 && s.starts_with('و') {
            s = &s['و'.len_utf8()..];
        }
        for p in ["وال", "بال", "كال", "فال", "لل", "ال"] {
            if s.starts_with(p) && s.chars().count() - p.chars().count() >= 2 {
                s = &s[p.len()..];
                break;
            }
        }
        for suf in ["ها", "ان", "ات", "ون", "ين", "يه", "يه", "ه", "ي"] {
            if s.ends_with(suf) && s.chars().count() - suf.chars().count() >= 2 {
                s = &s[..s.len() - suf.len()];
                break;
            }
        }
        return s.to_string();
    }
    let n = chars.len();
    let strip = |sufs: &[&str]| -> Option<String> {
        for suf in sufs {
            let k = suf.chars().count();
            if w.ends_with(suf) && n > k + 2 {
                return Some(chars[..n - k].iter().collect());
            }
        }
        None
    };
    let sufs: &[&str] = match lang {
        Lang::Ru => &["ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ах", "ях", "ов", "ев", "ом", "ем", "ой", "ей", "ий", "ый", "ая", "ое", "ые", "ие", "ам", "ям", "а", "я", "ы", "и", "у", "ю", "е", "о"],
        Lang::Tr => &["lerin", "ların", "leri", "ları", "ler", "lar", "nin", "nın", "nun", "nün", "in", "ın", "un", "ün", "de", "da", "te", "ta", "i", "ı", "u", "ü"],
        _ => &["ing", "ed", "es", "s"],
    };
    strip(sufs).unwrap_or_else(|| w.to_string())
}

const QUALIFIERS: &[(&str, &str)] = &[
    ("اكثر من", "more_than"),
    ("ما لا يقل عن", "at_least"),
    ("لا يقل عن", "at_least"),
    ("نحو", "about"),
    ("حوالي", "about"),
    ("قرابه", "about"),
    ("اقل من", "less_than"),
    ("more than", "more_than"),
    ("over", "more_than"),
    ("at least", "at_least"),
    ("about", "about"),
    ("around", "about"),
    ("nearly", "about"),
    ("up to", "up_to"),
    ("более", "more_than"),
    ("свыше", "more_than"),
    ("не менее", "at_least"),
    ("около", "about"),
    ("порядка", "about"),
    ("до", "up_to"),
    ("en az", "at_least"),
    ("yaklaşık", "about"),
    ("fazla", "more_than"),
];

fn numbers(tokens: &[Token]) -> Vec<Number> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let digits: String = t.norm.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
        if digits.is_empty() || !t.norm.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(value) = digits.trim_end_matches('.').parse::<f64>() else { continue };
        // Years and dates are not counts.
        if (1900.0..=2100.0).contains(&value) && value.fract() == 0.0 {
            continue;
        }
        let before: Vec<&str> = tokens[i.saturating_sub(4)..i].iter().map(|t| t.norm.as_str()).collect();
        let before = before.join(" ");
        let qualifier = QUALIFIERS.iter().find(|(q, _)| before.ends_with(q)).map(|(_, k)| *k);
        let counted = tokens.get(i + 1).filter(|n| !is_stop(&n.norm)).map(|n| n.stem.clone());
        out.push(Number { value, qualifier, counted, span: t.span });
    }
    out
}

fn is_negation(w: &str, lang: Lang) -> bool {
    const AR: &[&str] = &["لم", "لن", "لا", "ليس", "ليست", "غير", "دون", "نفي", "نفت", "عدم", "ولم", "ولا", "ولن", "فلم"];
    const RU: &[&str] = &["не", "нет", "ни", "никогда", "отрицает", "опроверг"];
    const EN: &[&str] = &["not", "no", "never", "denied", "denies", "didn't", "did", "failed"];
    const TR: &[&str] = &["değil", "yok", "hiç"];
    match lang {
        Lang::Ar => AR.contains(&w),
        Lang::Ru => RU.contains(&w),
        Lang::En => EN.contains(&w) && w != "did",
        Lang::Tr => TR.contains(&w) || w.ends_with("medi") || w.ends_with("madı") || w.ends_with("miyor") || w.ends_with("mıyor"),
        Lang::Other => AR.contains(&w) || RU.contains(&w) || TR.contains(&w),
    }
}

const STOP: &[&str] = &[
    "في", "من", "على", "الى", "الي", "عن", "ان", "او", "ثم", "مع", "هذا", "هذه", "التي", "الذي", "ما", "قد", "كان", "كانت", "و", "ب", "ل",
    "the", "a", "an", "of", "to", "in", "and", "on", "for", "with", "that", "is", "was", "by", "at", "as", "it",
    "и", "в", "на", "с", "по", "что", "о", "к", "из", "за", "от", "для",
    "ve", "bir", "bu", "ile", "için", "da", "de", "ki",
];

pub fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// Minimal actor recognition (stems of folded surface forms → canonical id).
fn actor_of(stem: &str) -> Option<&'static str> {
    const ACTORS: &[(&str, &str)] = &[
        ("بوتين", "putin"), ("putin", "putin"), ("путин", "putin"),
        ("اردوغان", "erdogan"), ("erdogan", "erdogan"), ("erdoğan", "erdogan"), ("эрдоган", "erdogan"),
        ("بيسكوف", "peskov"), ("песков", "peskov"), ("peskov", "peskov"),
        ("الاسد", "assad"), ("اسد", "assad"), ("assad", "assad"), ("асад", "assad"),
        ("كرملين", "kremlin"), ("kremlin", "kremlin"), ("кремл", "kremlin"),
        ("انقره", "ankara"), ("ankara", "ankara"), ("анкар", "ankara"),
        ("موسكو", "moscow"), ("moscow", "moscow"), ("москв", "moscow"), ("moskova", "moscow"),
        ("تركيا", "turkey"), ("turkey", "turkey"), ("турц", "turkey"), ("türkiye", "turkey"),
        ("روسيا", "russia"), ("russia", "russia"), ("росс", "russia"), ("rusya", "russia"),
    ];
    ACTORS
        .iter()
        .find(|(s, _)| *s == stem || (s.chars().count() >= 4 && !s.is_ascii() && stem.starts_with(s) && stem.chars().count() <= s.chars().count() + 3))
        .map(|(_, a)| *a)
}
