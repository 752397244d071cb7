//! What the aligner knows about one unit (a clause or sentence): tokens with spans, folded forms,
//! stems, character n-grams, numbers, negation, actors.

use std::collections::HashSet;

use crate::span::Span;
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
    pub qualifier: Option<String>,
    /// The counted noun's lemma, if any.
    pub counted: Option<String>,
    /// killed / wounded / neutralised …
    pub event: Option<String>,
    /// "dozens", "several": not a precise count.
    pub vague: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub span: Span,
    pub tokens: Vec<Token>,
    pub numbers: Vec<Number>,
    pub negated: bool,
    pub actors: HashSet<String>,
    /// The speaker's side (russian / turkish / …) when known.
    pub side: Option<String>,
    /// Character trigrams of the words (hashed), sorted and deduplicated.
    pub grams: Vec<u64>,
    /// Sentence embedding (L2-normalised), when available.
    pub vector: Option<std::sync::Arc<[f32]>>,
}

impl Unit {
    /// A unit from a claim: numbers, negation and speaker come from the claim analysis.
    pub fn from_claim(text: &str, claim: &crate::claims::Claim, lang: Lang) -> Unit {
        let mut u = Unit::build(text, claim.span, lang);
        u.numbers = claim
            .numbers
            .iter()
            .map(|n| Number {
                value: n.value,
                qualifier: n.qualifier.clone(),
                counted: n.counted.clone(),
                event: n.event.clone(),
                vague: n.vague,
                span: n.span,
            })
            .collect();
        u.negated = claim.negated;
        if let Some(sp) = &claim.speaker {
            if let Some(a) = &sp.actor_id {
                u.actors.insert(a.clone());
            }
            u.side = sp.side.clone();
        }
        u
    }

    /// A unit from a bare span (no claim analysis): words and the actors named in it.
    pub fn build(text: &str, span: Span, lang: Lang) -> Unit {
        let raw = crate::text::tokenize::tokens(text, span, lang);
        let gaz = crate::claims::actors::Gazetteer::builtin();
        let actors = gaz.find(&raw, lang).into_iter().map(|m| gaz.actors[m.actor].id.clone()).collect();
        let tokens = words(raw, lang);
        let numbers = Vec::new();
        let negated = false;
        let mut grams = Vec::new();
        let mut padded: Vec<char> = Vec::new();
        // Function words' trigrams say nothing about content and dominate short-word scripts.
        for t in tokens.iter().filter(|t| !is_stop(&t.norm)) {
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
        Unit { span, tokens, numbers, negated, actors, side: None, grams, vector: None }
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

/// Words and numbers of `text[span]` (the text module's tokeniser), with stems.
pub fn tokenize(text: &str, span: Span, lang: Lang) -> Vec<Token> {
    words(crate::text::tokenize::tokens(text, span, lang), lang)
}

fn words(raw: Vec<crate::text::tokenize::Token>, lang: Lang) -> Vec<Token> {
    raw.into_iter()
        .filter(|t| t.kind != crate::text::tokenize::TokKind::Punct && !t.norm.is_empty())
        .map(|t| {
            let base = t.base().to_string();
            let stem = stem(&base, lang);
            Token { span: t.span, norm: base, stem }
        })
        .collect()
}

/// Stem for matching. The language is taken from the word's script when it differs from the
/// document's (Latin names inside Arabic text).
pub fn stem(w: &str, lang: Lang) -> String {
    let is_ar = w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let lang = if is_ar { Lang::Ar } else if lang == Lang::Ar { Lang::Other } else { lang };
    crate::text::stem::stem(w, lang)
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
