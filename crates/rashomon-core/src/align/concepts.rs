//! Notions named in set phrases across languages ("وقف إطلاق النار", "прекращение огня", "ateşkes":
//! ceasefire). The lexicon is the data file `data/concepts.json` (compiled in; extend it there).
//! A bridge between languages where the small multilingual embedding scores two renderings of
//! one statement low.

use std::sync::OnceLock;

use serde::Deserialize;

use super::features::{stems_meet, tokenize, Token};
#[cfg(test)]
use super::features::Unit;
use crate::span::Span;
use crate::text::Lang;

#[derive(Deserialize)]
struct Lexicon {
    concepts: Vec<Concept>,
}

#[derive(Deserialize)]
struct Concept {
    terms: Vec<Term>,
}

#[derive(Deserialize)]
struct Term {
    form: String,
    lang: String,
    #[serde(skip)]
    stems: Vec<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex: Lexicon = serde_json::from_str(include_str!("../../data/concepts.json")).expect("data/concepts.json is valid");
        for c in &mut lex.concepts {
            for t in &mut c.terms {
                let lang = Lang::from_code(&t.lang);
                t.stems = tokenize(&t.form, Span::new(0, t.form.len()), lang).into_iter().map(|t| t.stem).collect();
            }
        }
        lex
    })
}

/// A word of the text against a word of a term: [`stems_meet`], or the text's word behind a
/// one-letter proclitic however short the rest ("وحق" / "حق"; the light stemmer leaves a
/// proclitic on a short word, and reads a word-initial و as one on a long word: "وحدة" alone is
/// "حد", in "ووحدة" it is "وحد"). Safe in phrases of set words, not for single words at large.
fn meet(text: &str, term: &str) -> bool {
    stems_meet(text, term) || text.strip_prefix(['و', 'ف', 'ب', 'ل']).is_some_and(|r| r == term)
}

/// The concepts (indices into the lexicon) named in a unit's words, sorted and distinct: some
/// term's stems in a row among the words' (an Arabic proclitic aside, [`meet`]).
pub fn of_tokens(tokens: &[Token]) -> Vec<u8> {
    let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
    let mut out = Vec::new();
    for (ci, c) in lexicon().concepts.iter().enumerate() {
        let named = c.terms.iter().any(|t| !t.stems.is_empty() && stems.windows(t.stems.len()).any(|w| w.iter().zip(&t.stems).all(|(a, b)| meet(a, b))));
        if named {
            out.push(ci as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(u: &Unit) -> Vec<u8> {
        u.notions.clone()
    }

    fn unit(text: &str, lang: Lang) -> Unit {
        Unit::build(text, Span::new(0, text.len()), lang)
    }

    #[test]
    fn set_phrases_meet_across_languages() {
        let ar = of(&unit("ننطلق من ضرورة الالتزام بمبدأ احترام سيادة سوريا ووحدة أراضيها", Lang::Ar));
        let ru = of(&unit("Мы подтвердили приверженность суверенитету и территориальной целостности Сирии", Lang::Ru));
        assert_eq!(ar.len(), 2, "{ar:?}");
        assert_eq!(ar, ru);
        let ar = of(&unit("توصل الرئيسان إلى اتفاق حول وقف لإطلاق النار في إدلب", Lang::Ar));
        let tr = of(&unit("İdlib'de ateşkes konusunda anlaştı", Lang::Tr));
        assert_eq!(ar, tr);
        assert_eq!(ar.len(), 1);
        // A word of a phrase alone is not the phrase ("إطلاق سراح", release, is no ceasefire).
        assert!(of(&unit("أعلن إطلاق سراح المعتقلين", Lang::Ar)).is_empty());
    }

    #[test]
    fn every_term_of_the_lexicon_names_its_concept() {
        // A term the tokeniser or the stemmer reads otherwise in a sentence than alone (a
        // word-initial و taken for a conjunction) would never match: each is found in a sentence
        // of its language, after a word and with a conjunction before it where Arabic allows.
        for (ci, c) in lexicon().concepts.iter().enumerate() {
            for t in &c.terms {
                assert!(!t.stems.is_empty(), "{}: no words", t.form);
                let lang = Lang::from_code(&t.lang);
                let mut cases = vec![format!("x {} x.", t.form)];
                if lang == Lang::Ar {
                    cases.push(format!("x و{} x.", t.form));
                }
                for s in cases {
                    assert!(of(&unit(&s, lang)).contains(&(ci as u8)), "«{s}» does not name concept {ci} ({:?})", t.stems);
                }
            }
        }
    }
}
