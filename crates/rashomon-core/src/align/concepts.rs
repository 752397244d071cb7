//! Notions named in set phrases across languages ("وقف إطلاق النار", "прекращение огня", "ateşkes":
//! ceasefire). The lexicon is the data file `data/concepts.json` (compiled in; extend it there).
//! A bridge between languages where the small multilingual embedding scores two renderings of
//! one statement low.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::features::{stems_meet, stems_of, Token};
#[cfg(test)]
use super::features::Unit;
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
    /// "word": a common word of the news in each language (`Unit::words`, [`lift_across`]);
    /// otherwise a set phrase ([`of_tokens`], `Unit::notions`).
    #[serde(default)]
    tier: Option<String>,
}

impl Concept {
    fn is_word(&self) -> bool {
        self.tier.as_deref() == Some("word")
    }
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
                t.stems = stems_of(&t.form, Lang::from_code(&t.lang));
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

/// The set phrases (indices into the lexicon) named in a unit's words, sorted and distinct: some
/// term's stems in a row among the words' (an Arabic proclitic aside, [`meet`]).
pub fn of_tokens(tokens: &[Token]) -> Vec<u8> {
    named(tokens).0
}

/// The set phrases and the common words (tier "word": aircraft, airspace, killed, border, …) a
/// unit names, both sorted and distinct.
pub fn named(tokens: &[Token]) -> (Vec<u8>, Vec<u8>) {
    let lex = lexicon();
    let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
    let (mut phrases, mut words) = (Vec::new(), Vec::new());
    for (i, s) in stems.iter().enumerate() {
        for key in [Some(*s), s.strip_prefix(PROCLITICS)].into_iter().flatten() {
            for &(ci, ti) in lex.by_first.get(key).map_or(&[][..], Vec::as_slice) {
                let c = &lex.concepts[ci as usize];
                let out = if c.is_word() { &mut words } else { &mut phrases };
                let t = &c.terms[ti].stems;
                if !out.contains(&ci) && stems.get(i..i + t.len()).is_some_and(|w| w.iter().zip(t).all(|(a, b)| meet(a, b))) {
                    out.push(ci);
                }
            }
        }
    }
    phrases.sort_unstable();
    words.sort_unstable();
    (phrases, words)
}

/// Does some term of concept `ci` have all its stems among `scope` (a negation's governed
/// stems): is the word itself denied ("не нарушал воздушное пространство": airspace)?
pub fn in_scope(ci: u8, scope: &[String]) -> bool {
    lexicon().concepts.get(ci as usize).is_some_and(|c| c.terms.iter().any(|t| !t.stems.is_empty() && t.stems.iter().all(|s| scope.iter().any(|x| meet(x, s)))))
}

/// Across languages, where no stems meet, the common words two units both name stand for their
/// shared words: `sim` gains `WORD_WEIGHT` times the cosine of the units' words, each weighted
/// by its rarity over the units of both accounts (a word every claim of an air-incident story
/// names, "aircraft", says little of which claims answer each other).
pub fn lift_across(sim: &mut super::grid::Grid<f64>, ua: &[super::features::Unit], ub: &[super::features::Unit]) {
    if ua.iter().all(|u| u.words.is_empty()) || ub.iter().all(|u| u.words.is_empty()) {
        return;
    }
    let mut df: HashMap<u8, f64> = HashMap::new();
    for u in ua.iter().chain(ub) {
        for &w in &u.words {
            *df.entry(w).or_default() += 1.0;
        }
    }
    let n = (ua.len() + ub.len()) as f64;
    let idf = |w: &u8| (1.0 + n / (1.0 + df[w])).ln();
    let norm = |u: &super::features::Unit| u.words.iter().map(|w| idf(w).powi(2)).sum::<f64>().sqrt();
    let nb: Vec<f64> = ub.iter().map(norm).collect();
    for (i, x) in ua.iter().enumerate().filter(|(_, x)| !x.words.is_empty()) {
        let nx = norm(x);
        for (j, y) in ub.iter().enumerate().filter(|(_, y)| !y.words.is_empty()) {
            let dot: f64 = x.words.iter().filter(|w| y.words.binary_search(w).is_ok()).map(|w| idf(w).powi(2)).sum();
            if dot > 0.0 {
                sim[i][j] = (sim[i][j] + WORD_WEIGHT * dot / (nx * nb[j])).min(1.0);
            }
        }
    }
}

/// Weight of the common words' cosine across languages (the stems' cosine weighs 0.55 within
/// one language; these words are fewer and coarser).
const WORD_WEIGHT: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::features::tokenize;
    use crate::span::Span;

    fn of(u: &Unit) -> Vec<u8> {
        let mut all = [u.notions.clone(), u.words.clone()].concat();
        all.sort_unstable();
        all
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
    fn common_words_meet_across_languages_apart_from_set_phrases() {
        let ru = unit("Самолет не нарушал воздушное пространство Турции", Lang::Ru);
        let tr = unit("Uçak Türk hava sahasını 17 saniye ihlal etti", Lang::Tr);
        let ar = unit("قال الجيش التركي إن الطائرة انتهكت المجال الجوي التركي", Lang::Ar);
        assert!(ru.notions.is_empty() && tr.notions.is_empty() && ar.notions.is_empty());
        assert_eq!(ru.words, tr.words, "aircraft and airspace");
        assert_eq!(ru.words, ar.words);
        assert_eq!(ru.words.len(), 2);
        // The denied word: in the negation's scope ("не нарушал воздушное пространство"), and
        // not what a denial's setting names.
        let airspace = *ru.words.iter().find(|&&w| in_scope(w, &["воздушн".into(), "пространств".into()])).expect("airspace in scope");
        assert!(!in_scope(airspace, &["воздушн".into()]), "both words of the term");
        // The lift across languages: a pair sharing the rarer word gains more than one sharing
        // only the word every claim names.
        let other = unit("Самолет был сбит над Сирией", Lang::Ru);
        let mut sim = super::super::grid::Grid::filled(2, 1, 0.0);
        lift_across(&mut sim, &[ru.clone(), other], std::slice::from_ref(&tr));
        assert!(sim[0][0] > sim[1][0] && sim[1][0] > 0.0, "{sim:?}");
    }

    /// The lexicon scanned term by term, window by window: what the index must find.
    fn scan(tokens: &[Token]) -> Vec<u8> {
        let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        let lex = lexicon();
        (0..lex.concepts.len())
            .filter(|&ci| !lex.concepts[ci].is_word())
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
