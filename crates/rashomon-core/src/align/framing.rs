//! Framing: the same referent named with loaded terms. The lexicon is the data file
//! `data/framing.json` (compiled in; researchers extend it there).

use std::sync::OnceLock;

use serde::Deserialize;

use super::features::{stems_of, Unit};
use crate::text::Lang;

#[derive(Deserialize)]
struct Lexicon {
    groups: Vec<Group>,
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
        for g in &mut lex.groups {
            for t in &mut g.terms {
                t.stems = stems_of(&t.form, Lang::from_code(&t.lang));
            }
        }
        lex
    })
}

/// A lexicon term found in a unit: (group, framing, form).
pub type Found = (usize, &'static str, &'static str);

/// (group, framing) of every lexicon term found in the unit.
pub fn found(u: &Unit) -> Vec<Found> {
    let stems: Vec<&str> = u.tokens.iter().map(|t| t.stem.as_str()).collect();
    let mut out = Vec::new();
    for (gi, g) in lexicon().groups.iter().enumerate() {
        for t in &g.terms {
            if t.stems.is_empty() {
                continue;
            }
            if stems.windows(t.stems.len()).any(|w| w.iter().zip(&t.stems).all(|(a, b)| a == b)) {
                out.push((gi, t.framing.as_str(), t.form.as_str()));
            }
        }
    }
    out
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
