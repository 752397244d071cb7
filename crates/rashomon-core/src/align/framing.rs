//! Framing: the same referent named with loaded terms. The lexicon is the data file
//! `data/framing.json` (compiled in), with a project's own groups merged on top
//! ([`install`], from `api::set_lexicon_text`).

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use serde::Deserialize;

use super::features::{stems_of, tokenize, Unit};
use crate::span::Span;
use crate::text::Lang;

#[derive(Deserialize)]
struct Lexicon {
    groups: Vec<Group>,
    /// The terms (group, term) by their first stem: a unit is searched word by word.
    #[serde(skip)]
    by_first: HashMap<String, Vec<(usize, usize)>>,
    /// Turkish terms by their first word's folded form, when it is long enough to be found at
    /// the beginning of an inflected word ([`Term::meets`]).
    #[serde(skip)]
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
}

#[derive(Deserialize)]
pub(crate) struct Group {
    pub(crate) referent: String,
    pub(crate) terms: Vec<Term>,
}

#[derive(Deserialize)]
pub(crate) struct Term {
    pub(crate) form: String,
    pub(crate) lang: String,
    pub(crate) framing: String,
    #[serde(skip)]
    stems: Vec<String>,
    /// The folded words (as tokens' `norm`), for Turkish terms only.
    #[serde(skip)]
    words: Vec<String>,
}

/// Shortest Turkish term word found at the beginning of a longer word.
const TR_PREFIX_MIN: usize = 4;

impl Term {
    /// Does the token name the term's `j`-th word? Its stem, or — Turkish stacks suffixes on a
    /// noun and the Snowball stemmer does not strip them alike ("ordusu" → "ordus", "ordusunun"
    /// → "ordu"; "rejimi" → "rej", "rejimini" → "rejim") — a Turkish word that begins with the
    /// term's word.
    fn meets(&self, j: usize, t: &super::features::Token) -> bool {
        t.stem == self.stems[j] || self.words.get(j).is_some_and(|w| w.chars().count() >= TR_PREFIX_MIN && t.norm.starts_with(w.as_str()))
    }
}

const BUILTIN: &str = include_str!("../../data/framing.json");

impl Lexicon {
    /// The stems of every term and the index by first stem.
    fn indexed(mut self) -> Lexicon {
        self.by_first.clear();
        self.by_first_word.clear();
        for (gi, g) in self.groups.iter_mut().enumerate() {
            for (ti, t) in g.terms.iter_mut().enumerate() {
                let lang = Lang::from_code(&t.lang);
                let toks = tokenize(&t.form, Span::new(0, t.form.len()), lang);
                t.stems = toks.iter().map(|k| k.stem.clone()).collect();
                if lang == Lang::Tr {
                    t.words = toks.into_iter().map(|k| k.norm).collect();
                }
                if let Some(first) = t.stems.first() {
                    self.by_first.entry(first.clone()).or_default().push((gi, ti));
                }
                if let Some(w) = t.words.first().filter(|w| w.chars().count() >= TR_PREFIX_MIN) {
                    self.by_first_word.entry(w.clone()).or_default().push((gi, ti));
                }
            }
        }
        self
    }
}

fn builtin() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| serde_json::from_str::<Lexicon>(BUILTIN).expect("data/framing.json is valid").indexed())
}

/// The lexicon in use and its key (none: the built-in one alone). One per process, as the
/// gazetteer (`claims::actors::Gazetteer::active`). A lexicon installed stays allocated for the
/// life of the process (found terms borrow from it); a project changes it a handful of times.
static ACTIVE: RwLock<Option<(u64, &'static Lexicon)>> = RwLock::new(None);

fn lexicon() -> &'static Lexicon {
    ACTIVE.read().unwrap_or_else(|e| e.into_inner()).map_or_else(builtin, |(_, l)| l)
}

/// A key of the lexicon in use (0 for the built-in one alone): analyses made with another are
/// not reused.
pub fn active_key() -> u64 {
    ACTIVE.read().unwrap_or_else(|e| e.into_inner()).map_or(0, |(k, _)| k)
}

/// A project's own framing groups (JSON as `data/framing.json`: `{"groups": [{"referent",
/// "terms": [{"form", "lang", "framing"}]}]}`), checked: every term with a form, a language
/// (ar, ru, tr, en) and a framing; a group of a new referent with at least two framings (one
/// framing contradicts nothing). A group whose referent the built-in lexicon has adds its terms
/// to that group.
pub(crate) fn parse_extra(extra: &str) -> Result<Vec<Group>, String> {
    #[derive(Deserialize)]
    struct File {
        groups: Vec<Group>,
    }
    let f: File = serde_json::from_str(extra).map_err(|e| e.to_string())?;
    for g in &f.groups {
        if g.referent.trim().is_empty() {
            return Err("a group without a referent".into());
        }
        for t in &g.terms {
            if t.form.trim().is_empty() || t.framing.trim().is_empty() {
                return Err(format!("group '{}': a term needs a form and a framing", g.referent));
            }
            if !["ar", "ru", "tr", "en"].contains(&t.lang.as_str()) {
                return Err(format!("group '{}': term '{}': unknown language '{}' (use ar, ru, tr, en)", g.referent, t.form, t.lang));
            }
            if stems_of(&t.form, Lang::from_code(&t.lang)).is_empty() {
                return Err(format!("group '{}': term '{}' has no word to find it by", g.referent, t.form));
            }
        }
        let mut framings: Vec<&str> = g.terms.iter().map(|t| t.framing.as_str()).collect();
        framings.sort_unstable();
        framings.dedup();
        let known = builtin().groups.iter().any(|b| b.referent == g.referent);
        if framings.len() < 2 && !known {
            return Err(format!("group '{}': its terms carry {} framing; a framing contradiction needs two", g.referent, framings.len()));
        }
    }
    Ok(f.groups)
}

/// Make the built-in lexicon with `extra` (a project's own groups, [`parse_extra`]) merged on
/// top the one in use; `None`: the built-in one alone.
pub fn install(extra: Option<&str>) -> Result<(), String> {
    let key = extra.map_or(0, |t| crate::analysis::text_hash(t.as_bytes()) | 1);
    if active_key() == key {
        return Ok(());
    }
    let lex = match extra {
        None => None,
        Some(t) => {
            let mut lex: Lexicon = serde_json::from_str(BUILTIN).expect("data/framing.json is valid");
            for g in parse_extra(t)? {
                match lex.groups.iter_mut().find(|b| b.referent == g.referent) {
                    Some(b) => b.terms.extend(g.terms),
                    None => lex.groups.push(g),
                }
            }
            Some((key, &*Box::leak(Box::new(lex.indexed()))))
        }
    };
    *ACTIVE.write().unwrap_or_else(|e| e.into_inner()) = lex;
    Ok(())
}

/// A lexicon term found in a unit: (group, framing, form).
pub type Found = (usize, &'static str, &'static str);

/// (group, framing) of every lexicon term found in the unit, in the lexicon's order.
pub fn found(u: &Unit) -> Vec<Found> {
    let lex = lexicon();
    let toks = &u.tokens;
    // The terms starting at each word (by its stem, or a Turkish term by a beginning of the
    // word), checked whole there.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for (k, tok) in toks.iter().enumerate() {
        let by_stem = lex.by_first.get(tok.stem.as_str()).map_or(&[][..], Vec::as_slice);
        let by_word = tok
            .norm
            .char_indices()
            .skip(TR_PREFIX_MIN)
            .map(|(i, _)| i)
            .chain([tok.norm.len()])
            .filter_map(|i| lex.by_first_word.get(&tok.norm[..i]))
            .flatten();
        for &(gi, ti) in by_stem.iter().chain(by_word) {
            let t = &lex.groups[gi].terms[ti];
            if toks.len() - k >= t.stems.len() && toks[k..].iter().take(t.stems.len()).enumerate().all(|(j, x)| t.meets(j, x)) {
                hits.push((gi, ti));
            }
        }
    }
    hits.sort_unstable();
    hits.dedup();
    hits.into_iter()
        .map(|(gi, ti)| {
            let t = &lex.groups[gi].terms[ti];
            (gi, t.framing.as_str(), t.form.as_str())
        })
        .collect()
}

/// A framing conflict between two aligned units, explained, or `None`.
pub fn conflict(_a_text: &str, _b_text: &str, x: &Unit, y: &Unit) -> Option<String> {
    conflict_of(&found(x), &found(y))
}

/// [`conflict`] from the terms found in each unit ([`found`], computed ahead per unit).
pub fn conflict_of(fx: &[Found], fy: &[Found]) -> Option<String> {
    for &(g, framing_x, form_x) in fx {
        for &(h, framing_y, form_y) in fy {
            if g != h || framing_x == framing_y {
                continue;
            }
            // Only a conflict when neither side also uses the other's framing.
            if fx.iter().any(|&(k, f, _)| k == g && f == framing_y) || fy.iter().any(|&(k, f, _)| k == g && f == framing_x) {
                continue;
            }
            // (The lexicon the terms were found with, unless the project changed it meanwhile.)
            let referent = lexicon().groups.get(g).map_or("the same referent", |r| r.referent.as_str());
            return Some(format!("{referent}: «{form_x}» ({framing_x}) vs «{form_y}» ({framing_y})"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexicon searched through its first stems finds what every term tried at every word
    /// finds, in the same order: on each term's own form, and on two forms in one text.
    #[test]
    fn found_by_first_stem_is_every_term_at_every_word() {
        let scan = |u: &Unit| -> Vec<Found> {
            let mut out = Vec::new();
            for (gi, g) in lexicon().groups.iter().enumerate() {
                for t in g.terms.iter().filter(|t| !t.stems.is_empty()) {
                    if u.tokens.windows(t.stems.len()).any(|w| w.iter().enumerate().all(|(j, x)| t.meets(j, x))) {
                        out.push((gi, t.framing.as_str(), t.form.as_str()));
                    }
                }
            }
            out
        };
        let terms: Vec<&Term> = lexicon().groups.iter().flat_map(|g| &g.terms).collect();
        let mut found_some = 0;
        for x in &terms {
            for y in &terms {
                let text = format!("{} ، {} {}", y.form, x.form, y.form);
                let u = Unit::build(&text, Span::new(0, text.len()), Lang::from_code(&x.lang));
                let f = found(&u);
                assert_eq!(f, scan(&u), "{text}");
                found_some += !f.is_empty() as usize;
            }
        }
        assert!(found_some > terms.len() * terms.len() / 2, "{found_some}");
    }

    /// A Turkish genitive ("Suriye ordusunun füzesi") names the army as the bare form does, and
    /// the English "Syrian government" is a state's name against "the Assad regime".
    #[test]
    fn inflected_and_plain_state_names_meet_the_loaded_ones() {
        let unit = |t: &str, l: Lang| Unit::build(t, Span::new(0, t.len()), l);
        let tr = unit("Rus uçağı, Suriye ordusunun S-200 sistemlerinden atılan bir füzeyle vuruldu.", Lang::Tr);
        let en = unit("The plane was hit by a missile fired by the Assad regime's S-200 batteries.", Lang::En);
        assert!(conflict("", "", &tr, &en).is_some(), "{:?} {:?}", found(&tr), found(&en));
        let gov = unit("The Israeli army blamed the Syrian government, Iran and Hezbollah.", Lang::En);
        let regime = unit("The Israeli army holds the Assad regime fully responsible.", Lang::En);
        assert!(conflict("", "", &gov, &regime).is_some(), "{:?} {:?}", found(&gov), found(&regime));
    }
}
