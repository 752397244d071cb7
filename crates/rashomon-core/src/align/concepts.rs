//! Notions named in set phrases across languages ("وقف إطلاق النار", "прекращение огня", "ateşkes":
//! ceasefire). The lexicon is the data file `data/concepts.json` (compiled in; extend it there).
//! A bridge between languages where the small multilingual embedding scores two renderings of
//! one statement low.

use std::collections::HashMap;
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
    /// (concept, term) by the term's first stem, and by that stem without a one-letter proclitic:
    /// the candidates for a word, found without scanning the lexicon.
    #[serde(skip)]
    by_first: HashMap<String, Vec<(u8, usize)>>,
}

/// One-letter Arabic proclitics ([`stems_meet`] and [`meet`] read them off).
const PROCLITICS: [char; 6] = ['و', 'ف', 'ب', 'ل', 'ك', 'س'];

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
        for (ci, c) in lex.concepts.iter_mut().enumerate() {
            for (ti, t) in c.terms.iter_mut().enumerate() {
                let lang = Lang::from_code(&t.lang);
                t.stems = tokenize(&t.form, Span::new(0, t.form.len()), lang).into_iter().map(|t| t.stem).collect();
                let Some(first) = t.stems.first() else { continue };
                for key in [Some(first.as_str()), first.strip_prefix(PROCLITICS)].into_iter().flatten() {
                    lex.by_first.entry(key.to_string()).or_default().push((ci as u8, ti));
                }
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
    let lex = lexicon();
    let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
    let mut out = Vec::new();
    for (i, s) in stems.iter().enumerate() {
        for key in [Some(*s), s.strip_prefix(PROCLITICS)].into_iter().flatten() {
            for &(ci, ti) in lex.by_first.get(key).map_or(&[][..], Vec::as_slice) {
                let t = &lex.concepts[ci as usize].terms[ti].stems;
                if !out.contains(&ci) && stems.get(i..i + t.len()).is_some_and(|w| w.iter().zip(t).all(|(a, b)| meet(a, b))) {
                    out.push(ci);
                }
            }
        }
    }
    out.sort_unstable();
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

    /// The lexicon scanned term by term, window by window: what the index must find.
    fn scan(tokens: &[Token]) -> Vec<u8> {
        let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        let lex = lexicon();
        (0..lex.concepts.len())
            .filter(|&ci| lex.concepts[ci].terms.iter().any(|t| !t.stems.is_empty() && stems.windows(t.stems.len()).any(|w| w.iter().zip(&t.stems).all(|(a, b)| meet(a, b)))))
            .map(|ci| ci as u8)
            .collect()
    }

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        // Every sentence of the samples and fixtures, and every term in a sentence with each
        // proclitic before it.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut texts: Vec<(String, Lang)> = Vec::new();
        for dir in ["samples", "tests/fixtures/crosslang", "tests/fixtures/heldout"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "txt") {
                    let name = p.file_name().unwrap().to_string_lossy().to_string();
                    let lang = ["ru_", "tr_", "en_"].iter().find(|x| name.starts_with(**x)).map_or(Lang::Ar, |x| Lang::from_code(&x[..2]));
                    let text = std::fs::read_to_string(&p).unwrap();
                    texts.extend(text.split(['.', '\n']).map(|s| (s.to_string(), lang)));
                }
            }
        }
        for c in &lexicon().concepts {
            for t in &c.terms {
                let lang = Lang::from_code(&t.lang);
                for p in ["", "و", "ف", "ب", "ل", "ك", "س"] {
                    texts.push((format!("x {p}{} x", t.form), lang));
                }
            }
        }
        let mut named = 0;
        for (t, lang) in &texts {
            let toks = tokenize(t, Span::new(0, t.len()), *lang);
            let (got, want) = (of_tokens(&toks), scan(&toks));
            assert_eq!(got, want, "«{t}»");
            named += usize::from(!want.is_empty());
        }
        assert!(named > 200, "{named} of {} texts name a concept", texts.len());
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
