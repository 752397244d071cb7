//! Actor gazetteer: canonical actors with surface forms per language, loaded from TOML
//! (`data/actors.toml` is compiled in; a user file can be merged on top).

use crate::text::stem::{russian_light, stem};
use crate::text::tokenize::{tokens, Token};
use crate::text::Lang;
use crate::span::Span;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

const BUILTIN: &str = include_str!("../../data/actors.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    pub side: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub names: HashMap<String, Vec<String>>,
    #[serde(default)]
    pub titles: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct ActorFile {
    #[serde(default)]
    actor: Vec<ActorDef>,
}

#[derive(Debug, Clone)]
struct Entry {
    keys: Vec<String>,
    actor: usize,
    is_name: bool,
}

/// The compiled gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub actors: Vec<ActorDef>,
    /// Per language: first key → entries.
    index: HashMap<Lang, crate::claims::lexicon::FastMap<String, Vec<Entry>>>,
}

/// An actor named in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    /// Token range `[tok_start, tok_end)` in the token list given to [`Gazetteer::find`].
    pub tok_start: usize,
    pub tok_end: usize,
    pub span: Span,
    pub actor: usize,
    pub is_name: bool,
}

const LANGS: [(Lang, &str); 4] = [(Lang::Ar, "ar"), (Lang::Ru, "ru"), (Lang::Tr, "tr"), (Lang::En, "en")];

/// Matching key of a normalised word.
pub(crate) fn key(norm: &str, lang: Lang) -> String {
    let base = match norm.find('\'') {
        Some(i) if i > 0 => &norm[..i],
        _ => norm,
    };
    match lang {
        Lang::Ar | Lang::Other => base.to_string(),
        Lang::Ru => russian_light(base),
        _ => stem(base, lang),
    }
}

/// Call `f` on the Arabic clitic variants of a normalised word (itself, without و/ف, without
/// ب/ل/ك, both, and لل → ال) until it returns `Some`.
pub(crate) fn ar_find<T>(w: &str, mut f: impl FnMut(&str) -> Option<T>) -> Option<T> {
    if let Some(x) = f(w) {
        return Some(x);
    }
    let long = |r: &str| r.chars().nth(1).is_some();
    let conj = ["و", "ف"].iter().find_map(|p| w.strip_prefix(p)).filter(|r| long(r));
    if let Some(r) = conj {
        if let Some(x) = f(r) {
            return Some(x);
        }
    }
    for base in [Some(w), conj].into_iter().flatten() {
        for p in ["ب", "ل", "ك"] {
            if let Some(r) = base.strip_prefix(p).filter(|r| long(r)) {
                if let Some(x) = f(r) {
                    return Some(x);
                }
            }
        }
        if let Some(r) = base.strip_prefix("لل").filter(|r| long(r)) {
            if let Some(x) = f(&format!("ال{r}")) {
                return Some(x);
            }
        }
    }
    None
}

/// The gazetteer in use and its key (0: the built-in one alone). One per process: the app, the
/// server and each CLI command work on one project, whose own actors (`api::set_lexicon`) are
/// installed when its database is opened (`api::open`).
static ACTIVE: RwLock<Option<(u64, Arc<Gazetteer>)>> = RwLock::new(None);

fn builtin_arc() -> &'static Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Arc::new(Gazetteer::from_toml(BUILTIN).expect("built-in actors.toml parses")))
}

impl Gazetteer {
    /// The built-in gazetteer (compiled from `data/actors.toml`).
    pub fn builtin() -> &'static Gazetteer {
        builtin_arc()
    }

    /// The gazetteer claims are analysed with: the built-in one, with the open project's own
    /// actors merged on top when it has some ([`Gazetteer::install`]).
    pub fn active() -> Arc<Gazetteer> {
        match &*ACTIVE.read().unwrap_or_else(|e| e.into_inner()) {
            Some((_, g)) => g.clone(),
            None => builtin_arc().clone(),
        }
    }

    /// A key of [`Gazetteer::active`] (0 for the built-in gazetteer alone): cached analyses made
    /// with another gazetteer are not reused.
    pub fn active_key() -> u64 {
        ACTIVE.read().unwrap_or_else(|e| e.into_inner()).as_ref().map_or(0, |(k, _)| *k)
    }

    /// Make the built-in gazetteer with `extra` (a project's own actors, TOML) merged on top the
    /// active one; `None`: the built-in one alone. Parsed only when it differs from the active one.
    pub fn install(extra: Option<&str>) -> Result<(), String> {
        let key = extra.map_or(0, |t| crate::analysis::text_hash(t.as_bytes()) | 1);
        if Self::active_key() == key {
            return Ok(());
        }
        let g = match extra {
            Some(t) => Some((key, Arc::new(Gazetteer::with_extra(t)?))),
            None => None,
        };
        *ACTIVE.write().unwrap_or_else(|e| e.into_inner()) = g;
        Ok(())
    }

    /// Check a project's own actors file: TOML as `data/actors.toml`, every actor with an id, a
    /// name, a side (`store::check_side`) and at least one name or title.
    pub fn check_extra(extra: &str) -> Result<usize, String> {
        let actors = Self::parse_extra(extra)?;
        for a in &actors {
            crate::store::check_side(&a.side).map_err(|e| format!("actor '{}': {}", a.id, e.message))?;
            if a.id.trim().is_empty() || a.name.trim().is_empty() {
                return Err(format!("actor '{}': an actor needs an id and a name", a.id));
            }
            if a.names.values().chain(a.titles.values()).all(Vec::is_empty) {
                return Err(format!("actor '{}': no names or titles (names.en = [\"...\"], titles.ru = [...]) to find it by", a.id));
            }
            if let Some(lang) = a.names.keys().chain(a.titles.keys()).find(|l| !LANGS.iter().any(|(_, c)| c == l)) {
                return Err(format!("actor '{}': unknown language '{lang}' (use ar, ru, tr, en)", a.id));
            }
        }
        Ok(actors.len())
    }

    /// The actors of a project's own actors file, as written.
    pub fn parse_extra(extra: &str) -> Result<Vec<ActorDef>, String> {
        toml::from_str::<ActorFile>(extra).map(|f| f.actor).map_err(|e| e.to_string())
    }

    /// Parse a gazetteer from TOML text (`[[actor]]` tables as in `data/actors.toml`).
    pub fn from_toml(s: &str) -> Result<Gazetteer, String> {
        let f: ActorFile = toml::from_str(s).map_err(|e| e.to_string())?;
        let mut g = Gazetteer::default();
        for a in f.actor {
            g.add(a);
        }
        Ok(g)
    }

    /// The built-in gazetteer with a user file merged on top (an actor with an existing id
    /// adds surface forms to it).
    pub fn with_extra(extra_toml: &str) -> Result<Gazetteer, String> {
        let mut g = Gazetteer::builtin().clone();
        let f: ActorFile = toml::from_str(extra_toml).map_err(|e| e.to_string())?;
        for a in f.actor {
            g.add(a);
        }
        Ok(g)
    }

    fn add(&mut self, a: ActorDef) {
        let idx = match self.actors.iter().position(|x| x.id == a.id) {
            Some(i) => i,
            None => {
                self.actors.push(ActorDef { names: HashMap::new(), titles: HashMap::new(), ..a.clone() });
                self.actors.len() - 1
            }
        };
        for (lang, code) in LANGS {
            for (is_name, map) in [(true, &a.names), (false, &a.titles)] {
                for surface in map.get(code).into_iter().flatten() {
                    let keys: Vec<String> = tokens(surface, Span::new(0, surface.len()), lang)
                        .iter()
                        .filter(|t| t.is_word() || t.kind == crate::text::tokenize::TokKind::Number)
                        .map(|t| key(&t.norm, lang))
                        .collect();
                    if keys.is_empty() {
                        continue;
                    }
                    let e = Entry { keys: keys.clone(), actor: idx, is_name };
                    self.index.entry(lang).or_default().entry(keys[0].clone()).or_default().push(e);
                }
            }
        }
    }

    /// Actor mentions in `toks` (longest match first, left to right, non-overlapping).
    pub fn find(&self, toks: &[Token], lang: Lang) -> Vec<ActorMention> {
        let mut out = Vec::new();
        let Some(index) = self.index.get(&lang) else { return out };
        let words: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].is_word() || toks[i].kind == crate::text::tokenize::TokKind::Number).collect();
        let keys: Vec<String> = words.iter().map(|&i| key(&toks[i].norm, lang)).collect();
        let mut w = 0;
        while w < words.len() {
            let mut best: Option<(usize, &Entry)> = None;
            let mut firsts: Vec<&Vec<Entry>> = Vec::new();
            if lang == Lang::Ar {
                ar_find::<()>(&keys[w], |f| {
                    if let Some(es) = index.get(f) {
                        firsts.push(es);
                    }
                    None
                });
            } else if let Some(es) = index.get(keys[w].as_str()) {
                firsts.push(es);
            }
            for es in firsts {
                for e in es {
                    let n = e.keys.len();
                    if w + n > words.len() {
                        continue;
                    }
                    // Consecutive words, allowing only quotes/hashes/commas-free gaps.
                    let ok = (1..n).all(|j| {
                        keys[w + j] == e.keys[j] && gap_ok(toks, words[w + j - 1], words[w + j])
                    });
                    if ok && best.is_none_or(|(bn, be)| n > bn || (n == bn && e.is_name && !be.is_name)) {
                        best = Some((n, e));
                    }
                }
            }
            if let Some((n, e)) = best {
                let (a, b) = (words[w], words[w + n - 1]);
                out.push(ActorMention {
                    tok_start: a,
                    tok_end: b + 1,
                    span: Span::new(toks[a].span.start, toks[b].span.end),
                    actor: e.actor,
                    is_name: e.is_name,
                });
                w += n;
            } else {
                w += 1;
            }
        }
        out
    }
}

fn gap_ok(toks: &[Token], a: usize, b: usize) -> bool {
    toks[a + 1..b].iter().all(|t| matches!(t.norm.as_str(), "\"" | "#" | "'" | "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn claims_builtin_loads_and_matches() {
        let g = Gazetteer::builtin();
        assert!(g.actors.len() >= 30);
        let s = "وأكد بيسكوف أن الرئيس الروسي التقى بأردوغان في #وزارة_الدفاع_التركية";
        let t = tokens(s, Span::new(0, s.len()), Lang::Ar);
        let m = g.find(&t, Lang::Ar);
        let ids: Vec<&str> = m.iter().map(|x| g.actors[x.actor].id.as_str()).collect();
        assert_eq!(ids, ["peskov", "putin", "erdogan", "turkish_mod"]);
        let r = "По словам Пескова, Минобороны России и Эрдоган";
        let t = tokens(r, Span::new(0, r.len()), Lang::Ru);
        let ids: Vec<&str> = g.find(&t, Lang::Ru).iter().map(|x| g.actors[x.actor].id.as_str()).collect();
        assert_eq!(ids, ["peskov", "russian_mod", "erdogan"]);
        let tr = "Erdoğan'ın açıklamasına göre Milli Savunma Bakanlığı'ndan";
        let t = tokens(tr, Span::new(0, tr.len()), Lang::Tr);
        let ids: Vec<&str> = g.find(&t, Lang::Tr).iter().map(|x| g.actors[x.actor].id.as_str()).collect();
        assert_eq!(ids, ["erdogan", "turkish_mod"]);
    }
    #[test]
    fn claims_extra_file_merges() {
        let g = Gazetteer::with_extra("[[actor]]\nid = \"x\"\nname = \"X\"\nside = \"other\"\nnames.en = [\"Foo Bar\"]\n").unwrap();
        let s = "Foo Bar said";
        let t = tokens(s, Span::new(0, s.len()), Lang::En);
        assert_eq!(g.actors[g.find(&t, Lang::En)[0].actor].id, "x");
    }
}
