//! Framing: the same referent named with loaded terms. The lexicon is the data file
//! `data/framing.json` (compiled in; researchers extend it there).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::features::{stems_of, Unit};
use crate::text::Lang;

#[derive(Deserialize)]
struct Lexicon {
    groups: Vec<Group>,
    /// The terms (group, term) by their first stem: a unit is searched word by word.
    #[serde(skip)]
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

#[derive(Deserialize)]
struct Group {
    referent: String,
    terms: Vec<Term>,
}

#[derive(Deserialize)]
struct Term {
    form: String,
    lang: String,
    framing: String,
    #[serde(skip)]
    stems: Vec<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex: Lexicon = serde_json::from_str(include_str!("../../data/framing.json")).expect("data/framing.json is valid");
        for (gi, g) in lex.groups.iter_mut().enumerate() {
            for (ti, t) in g.terms.iter_mut().enumerate() {
                t.stems = stems_of(&t.form, Lang::from_code(&t.lang));
                if let Some(first) = t.stems.first() {
                    lex.by_first.entry(first.clone()).or_default().push((gi, ti));
                }
            }
        }
        lex
    })
}

/// A lexicon term found in a unit: (group, framing, form).
pub type Found = (usize, &'static str, &'static str);

/// (group, framing) of every lexicon term found in the unit, in the lexicon's order.
pub fn found(u: &Unit) -> Vec<Found> {
    let lex = lexicon();
    let stems: Vec<&str> = u.tokens.iter().map(|t| t.stem.as_str()).collect();
    // The terms starting at each word, checked whole there.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for (k, s) in stems.iter().enumerate() {
        for &(gi, ti) in lex.by_first.get(*s).map_or(&[][..], Vec::as_slice) {
            let t = &lex.groups[gi].terms[ti].stems;
            if stems.len() - k >= t.len() && stems[k..].iter().zip(t).all(|(a, b)| a == b) {
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
            let referent = &lexicon().groups[g].referent;
            return Some(format!("{referent}: «{form_x}» ({framing_x}) vs «{form_y}» ({framing_y})"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// The lexicon searched through its first stems finds what every term tried at every word
    /// finds, in the same order: on each term's own form, and on two forms in one text.
    #[test]
    fn found_by_first_stem_is_every_term_at_every_word() {
        let scan = |u: &Unit| -> Vec<Found> {
            let stems: Vec<&str> = u.tokens.iter().map(|t| t.stem.as_str()).collect();
            let mut out = Vec::new();
            for (gi, g) in lexicon().groups.iter().enumerate() {
                for t in g.terms.iter().filter(|t| !t.stems.is_empty()) {
                    if stems.windows(t.stems.len()).any(|w| w.iter().zip(&t.stems).all(|(a, b)| a == b)) {
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
}
