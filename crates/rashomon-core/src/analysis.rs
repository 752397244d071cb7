//! Per-article analysis, computed once and reused: the claims (`claims::analyze`), the aligner's
//! per-account part (`align::Prepared`: tokens, stems, trigrams, numbers, actors and the indexes
//! over them), the number and speaker marks the compare view shows, and — once every claim has
//! one — the claim embeddings. A comparison, the `claims` request, the story views and the
//! exports all read it from here instead of re-analysing the article.
//!
//! A bounded in-process cache (least recently used out past a byte budget), not a table: the
//! analysis is a pure function of (page text, sentence spans, language, this code), so it is keyed
//! by exactly that — a hash of the page text and of the spans, the raw bytes' sha256, the
//! language and [`ANALYSIS_VERSION`] — and an entry can never be served for other input or by
//! other code (a new build is a new process). Stored derived data would have to be versioned by
//! hand on every change to `claims/` or `align/features.rs` (a forgotten bump serves stale
//! claims), needs a migration and a serialised form of `Claim` and `Unit`, and decoding it costs a
//! good part of recomputing it. What is lost: a fresh process analyses an article on first use
//! (a few milliseconds per 2,000 words), which the long-running app and `serve` pay once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::align::{PackedVectors, Prepared};
use crate::claims::Claim;
use crate::store::{Article, Store};
use crate::text::Lang;

/// Bump when a change to the analysis should drop what a running process has cached (within one
/// build the key already covers the input; this documents and enforces the dependency).
pub const ANALYSIS_VERSION: u32 = 1;

/// Default budget of the process-wide cache (estimated heap bytes of the entries).
pub const DEFAULT_BUDGET: usize = 48 << 20;

/// Where an article's numbers and speakers are: byte spans `[start, end)` into its page text,
/// sorted by start (then end). Speakers carried over from an earlier clause (coreference) point
/// at that clause and are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct ClaimMarks {
    pub numbers: Vec<(usize, usize)>,
    pub speakers: Vec<(usize, usize)>,
}

impl ClaimMarks {
    pub fn of(claims: &[Claim]) -> ClaimMarks {
        let mut numbers: Vec<(usize, usize)> = claims.iter().flat_map(|c| c.numbers.iter().map(|n| (n.span.start, n.span.end))).collect();
        let mut speakers: Vec<(usize, usize)> =
            claims.iter().filter_map(|c| c.speaker.as_ref()).filter(|s| !s.coref).map(|s| (s.span.start, s.span.end)).collect();
        numbers.sort_unstable();
        speakers.sort_unstable();
        ClaimMarks { numbers, speakers }
    }
}

/// One side of an article that quotes two sides (see `api::compare` of an article with itself).
pub struct SideClaims {
    /// Indices of the side's claims in the article's claims.
    pub idx: Vec<usize>,
    pub claims: Vec<Claim>,
    pub prepared: Prepared,
}

/// Everything derived from one article that does not depend on what it is compared with.
pub struct ArticleAnalysis {
    pub claims: Vec<Claim>,
    pub prepared: Prepared,
    pub marks: ClaimMarks,
    /// The two most quoted sides' claims, when at least two sides speak (computed on first use).
    pub(crate) sides: OnceLock<Option<(SideClaims, SideClaims)>>,
    /// Claim embeddings, once every claim has one (until then they are read from the store).
    pub(crate) vectors: OnceLock<Arc<Vec<Vec<f32>>>>,
    /// Those embeddings packed for the aligner's cosines (made on first use).
    packed: OnceLock<PackedVectors>,
    /// The two sides' embeddings (from `vectors`) and the right side's packed, for the article
    /// compared with itself (made on first use).
    side_vectors: OnceLock<SideVectors>,
    bytes: usize,
}

/// The embeddings of the two sides of an article quoting both ([`ArticleAnalysis::sides`]), in
/// their claims' order, and the right side's packed for the aligner.
pub struct SideVectors {
    pub left: Vec<Vec<f32>>,
    pub right: Vec<Vec<f32>>,
    pub packed_right: PackedVectors,
}

impl ArticleAnalysis {
    /// Analyse `article` (no cache).
    pub fn compute(article: &Article) -> ArticleAnalysis {
        let lang = Lang::from_code(&article.summary.language);
        let claims = crate::claims::analyze(&article.page_text, &article.sentence_spans(), lang);
        let units = claims.iter().map(|c| crate::align::features::Unit::from_claim(&article.page_text, c, lang)).collect();
        let prepared = Prepared::new(units);
        let marks = ClaimMarks::of(&claims);
        let claim_bytes: usize = claims.iter().map(|c| 200 + c.numbers.len() * 120 + c.speaker.as_ref().map_or(0, |s| 100 + s.surface.len())).sum();
        // Embeddings (384 floats a claim, and as many doubles packed) are counted ahead: they
        // join the entry once complete.
        let bytes = 256 + prepared.heap_bytes() + claim_bytes + (marks.numbers.len() + marks.speakers.len()) * 16 + claims.len() * (384 * (4 + 8) + 24);
        ArticleAnalysis { claims, prepared, marks, sides: OnceLock::new(), vectors: OnceLock::new(), packed: OnceLock::new(), side_vectors: OnceLock::new(), bytes }
    }

    /// The two sides' claims of an article quoting both (`split` picks the claim indices).
    pub(crate) fn sides(&self, split: impl FnOnce(&[Claim]) -> Option<(Vec<usize>, Vec<usize>)>) -> Option<&(SideClaims, SideClaims)> {
        self.sides
            .get_or_init(|| {
                let (l, r) = split(&self.claims)?;
                let side = |idx: Vec<usize>| SideClaims {
                    claims: idx.iter().map(|&i| self.claims[i].clone()).collect(),
                    prepared: Prepared::new(idx.iter().map(|&i| self.prepared.units[i].clone()).collect()),
                    idx,
                };
                Some((side(l), side(r)))
            })
            .as_ref()
    }

    /// `vectors` packed for the aligner ([`PackedVectors::of`]), when they are the complete
    /// embeddings kept here ([`Self::vectors`] gave them); `None` for any others.
    pub fn packed_vectors(&self, vectors: &Arc<Vec<Vec<f32>>>) -> Option<&PackedVectors> {
        let own = self.vectors.get().filter(|v| Arc::ptr_eq(v, vectors))?;
        Some(self.packed.get_or_init(|| PackedVectors::of(own)))
    }

    /// The sides' embeddings picked from `vectors` ([`SideVectors`]), when they are the complete
    /// embeddings kept here and the article quotes two sides; `None` otherwise.
    pub(crate) fn side_vectors(&self, vectors: &Arc<Vec<Vec<f32>>>) -> Option<&SideVectors> {
        let own = self.vectors.get().filter(|v| Arc::ptr_eq(v, vectors))?;
        let (left, right) = self.sides.get()?.as_ref()?;
        Some(self.side_vectors.get_or_init(|| {
            let pick = |idx: &[usize]| idx.iter().map(|&i| own[i].clone()).collect::<Vec<_>>();
            let (left, right) = (pick(&left.idx), pick(&right.idx));
            let packed_right = PackedVectors::of(&right);
            SideVectors { left, right, packed_right }
        }))
    }

    /// The claims' embeddings (stored ones from `store`, missing ones computed and stored), kept
    /// here once complete. `None` without the model.
    pub fn vectors(&self, store: Option<&Store>, article: &Article) -> Option<Arc<Vec<Vec<f32>>>> {
        // The model can be switched off in a process (tests): never use vectors then. Asked
        // without loading it: with every vector stored or cached no model is needed, and after
        // the idle release (30 s) `embedder()` here reloaded ~100 MB on every comparison.
        if !crate::semantic::available() {
            return None;
        }
        if let Some(v) = self.vectors.get() {
            return Some(v.clone());
        }
        let v = Arc::new(crate::api::claim_vectors(store, article, &self.claims)?);
        if v.iter().all(|x| !x.is_empty()) {
            let _ = self.vectors.set(v.clone());
        }
        Some(v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    version: u32,
    sha256: String,
    language: String,
    text: u64,
    sentences: u64,
    /// The lexicons the article was analysed with (a project's own actors change speakers, its
    /// framing groups the terms found): the gazetteer's key and the framing lexicon's.
    lexicons: (u64, u64),
}

impl Key {
    fn of(a: &Article) -> Key {
        // The page text by a fast multiply-mix over 8-byte words (every comparison looks its two
        // articles up, and SipHash over a long page was a visible part of it); deterministic.
        // Only a 64-bit collision of two different page texts with the same sha256 of their raw
        // bytes (one page extracted by two versions of the code) could confuse two entries.
        let text = text_hash(a.page_text.as_bytes());
        Key {
            version: ANALYSIS_VERSION,
            sha256: a.raw_sha256.clone(),
            language: a.summary.language.clone(),
            text,
            sentences: spans_hash(&a.sentences),
            lexicons: (crate::claims::actors::Gazetteer::active_key(), crate::align::framing::active_key()),
        }
    }
}

/// 64-bit hash of the sentences' byte spans, start and end of each mixed in turn (read where
/// the article keeps them: collecting them as bytes first was an allocation per lookup).
fn spans_hash(sentences: &[crate::store::StoredSentence]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h ^ w).rotate_left(29).wrapping_mul(K);
    let h = sentences.iter().fold(0x243f_6a88_85a3_08d3, |h, s| mix(mix(h, s.start as u64), s.end as u64));
    let h = (h ^ sentences.len() as u64 ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 31)
}

/// 64-bit hash of `bytes`: four lanes, each mixing in every fourth 8-byte word by xor, rotate
/// and multiply (four independent chains: a page hashes at the multiplier's throughput, not at
/// its latency), then the lanes and the last words (zero-padded) into one, the length, and a
/// final avalanche (splitmix64's).
pub(crate) fn text_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: &[u8]| {
        let mut word = [0u8; 8];
        word[..w.len()].copy_from_slice(w);
        (h ^ u64::from_le_bytes(word)).rotate_left(29).wrapping_mul(K)
    };
    let mut lanes: [u64; 4] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word);
        }
    }
    let mut h = lanes.iter().fold(0, |h, lane| mix(h, &lane.to_le_bytes()));
    for word in blocks.remainder().chunks(8) {
        h = mix(h, word);
    }
    h ^= bytes.len() as u64;
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

struct Entry {
    analysis: Arc<ArticleAnalysis>,
    last_use: u64,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, Entry>,
    tick: u64,
    bytes: usize,
}

/// A bounded cache of article analyses (least recently used entries go first).
pub struct Cache {
    inner: Mutex<Inner>,
    budget: usize,
}

impl Cache {
    pub fn new(budget_bytes: usize) -> Cache {
        Cache { inner: Mutex::new(Inner::default()), budget: budget_bytes }
    }

    /// The process-wide cache every API function uses.
    pub fn global() -> &'static Cache {
        static CACHE: OnceLock<Cache> = OnceLock::new();
        CACHE.get_or_init(|| Cache::new(DEFAULT_BUDGET))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a consistent map (every update is one insert or remove).
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The analysis of `article`, computed now if it is not cached (outside the lock: two threads
    /// may both compute one article; the second result replaces the first).
    pub fn get(&self, article: &Article) -> Arc<ArticleAnalysis> {
        let key = Key::of(article);
        {
            let mut g = self.lock();
            g.tick += 1;
            let tick = g.tick;
            if let Some(e) = g.map.get_mut(&key) {
                e.last_use = tick;
                return e.analysis.clone();
            }
        }
        let analysis = Arc::new(ArticleAnalysis::compute(article));
        let mut g = self.lock();
        g.tick += 1;
        let tick = g.tick;
        let bytes = analysis.bytes;
        if let Some(old) = g.map.insert(key, Entry { analysis: analysis.clone(), last_use: tick }) {
            g.bytes -= old.analysis.bytes;
        }
        g.bytes += bytes;
        // Over budget: drop the least recently used (never the entry just made).
        while g.bytes > self.budget && g.map.len() > 1 {
            let Some(victim) = g.map.iter().filter(|(_, e)| e.last_use != tick).min_by_key(|(_, e)| e.last_use).map(|(k, _)| k.clone()) else { break };
            if let Some(e) = g.map.remove(&victim) {
                g.bytes -= e.analysis.bytes;
            }
        }
        analysis
    }

    /// Number of cached analyses.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forget everything.
    pub fn clear(&self) {
        let mut g = self.lock();
        g.map.clear();
        g.bytes = 0;
    }
}

/// The analysis of `article` from the process-wide cache.
pub fn of(article: &Article) -> Arc<ArticleAnalysis> {
    Cache::global().get(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align, align_prepared, Doc, Params};

    fn samples() -> Vec<Article> {
        let mut store = Store::open_in_memory().unwrap();
        let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"));
        let cancel = std::sync::atomic::AtomicBool::new(false);
        crate::api::import(&mut store, &[dir], &Default::default(), &mut |_| {}, &cancel).unwrap();
        store.list_articles().unwrap().iter().map(|a| store.article(a.id).unwrap()).collect()
    }

    #[test]
    fn analysed_once_and_keyed_by_content() {
        let arts = samples();
        assert!(arts.len() >= 5);
        let cache = Cache::new(usize::MAX);
        let x = cache.get(&arts[0]);
        assert!(Arc::ptr_eq(&x, &cache.get(&arts[0])), "second use is the cached analysis");
        assert_eq!(x.claims, crate::api::claims_of(&arts[0]));
        assert_eq!(x.prepared.len(), x.claims.len());
        // Other input, other entry: language, sentence spans, page text.
        let mut other_lang = arts[0].clone();
        other_lang.summary.language = "en".into();
        let mut fewer_sentences = arts[0].clone();
        fewer_sentences.sentences.pop();
        let mut other_text = arts[0].clone();
        other_text.page_text = other_text.page_text.replacen('ا', "أ", 1);
        for a in [&other_lang, &fewer_sentences, &other_text] {
            assert!(!Arc::ptr_eq(&x, &cache.get(a)));
        }
        assert_eq!(cache.len(), 4);
        assert_eq!(cache.get(&fewer_sentences).claims, crate::api::claims_of(&fewer_sentences));
        cache.clear();
        assert!(cache.is_empty());
    }

    #[test]
    fn over_budget_the_least_recently_used_goes() {
        let arts = samples();
        let one = ArticleAnalysis::compute(&arts[0]).bytes.max(ArticleAnalysis::compute(&arts[1]).bytes);
        let cache = Cache::new(one * 2 + one / 2);
        let a0 = cache.get(&arts[0]);
        cache.get(&arts[1]);
        cache.get(&arts[0]); // 0 is now more recent than 1
        cache.get(&arts[2]);
        assert!(cache.len() <= 2, "budget holds two entries, has {}", cache.len());
        assert!(Arc::ptr_eq(&a0, &cache.get(&arts[0])), "the recently used entry stays");
        // A budget smaller than one entry still serves (and keeps) the entry just made.
        let tiny = Cache::new(1);
        tiny.get(&arts[0]);
        tiny.get(&arts[1]);
        assert_eq!(tiny.len(), 1);
    }

    #[test]
    fn cached_units_align_exactly_like_fresh_ones() {
        let arts = samples();
        let cache = Cache::new(usize::MAX);
        let p = Params::default();
        for a in &arts {
            for b in &arts {
                let (xa, xb) = (cache.get(a), cache.get(b));
                let (la, lb) = (Lang::from_code(&a.summary.language), Lang::from_code(&b.summary.language));
                let da = Doc { text: &a.page_text, lang: la, claims: &xa.claims, published: a.summary.published.as_deref(), vectors: None };
                let db = Doc { text: &b.page_text, lang: lb, claims: &xb.claims, published: b.summary.published.as_deref(), vectors: None };
                let fresh = serde_json::to_string(&align(&da, &db, &p)).unwrap();
                let cached = serde_json::to_string(&align_prepared(&da, &xa.prepared, &db, &xb.prepared, &p)).unwrap();
                assert_eq!(fresh, cached, "{} ~ {}", a.summary.id, b.summary.id);
            }
        }
    }

    #[test]
    fn side_vectors_kept_align_exactly_like_picked_ones() {
        use crate::align::align_prepared_packed;
        let arts = samples();
        let p = Params::default();
        let mut rng = crate::align::XorShift(0x9e37_79b9_7f4a_7c15);
        let mut checked = 0;
        for a in &arts {
            let x = ArticleAnalysis::compute(a);
            let Some((left, right)) = x.sides(crate::api::split_by_side) else { continue };
            // Unit vectors of the model's length, one a claim: the article's complete embeddings.
            let vectors: Vec<Vec<f32>> = x
                .claims
                .iter()
                .map(|_| {
                    let v: Vec<f32> = (0..384).map(|_| rng.centred()).collect();
                    let norm = v.iter().map(|c| c * c).sum::<f32>().sqrt();
                    v.into_iter().map(|c| c / norm).collect()
                })
                .collect();
            let vectors = Arc::new(vectors);
            assert!(x.side_vectors(&vectors).is_none(), "not the analysis' own embeddings");
            x.vectors.set(vectors.clone()).unwrap();
            let sv = x.side_vectors(&vectors).expect("own embeddings of an article quoting two sides");
            let lang = Lang::from_code(&a.summary.language);
            let doc = |claims, vectors| Doc { text: &a.page_text, lang, claims, published: a.summary.published.as_deref(), vectors };
            let pick = |idx: &[usize]| idx.iter().map(|&i| vectors[i].clone()).collect::<Vec<_>>();
            let (vl, vr) = (pick(&left.idx), pick(&right.idx));
            assert_eq!((&sv.left, &sv.right), (&vl, &vr));
            let picked = align_prepared(&doc(&left.claims, Some(&vl[..])), &left.prepared, &doc(&right.claims, Some(&vr[..])), &right.prepared, &p);
            let kept = align_prepared_packed(&doc(&left.claims, Some(&sv.left[..])), &left.prepared, &doc(&right.claims, Some(&sv.right[..])), (&right.prepared, Some(&sv.packed_right)), &p);
            assert_eq!(serde_json::to_string(&picked).unwrap(), serde_json::to_string(&kept).unwrap(), "article {}", a.summary.id);
            checked += 1;
        }
        assert!(checked >= 1, "a sample article quotes two sides");
    }

    #[test]
    fn marks_are_numbers_and_explicit_speakers_sorted() {
        let text = "Turkish officials said 33 soldiers were killed in Idlib. He added that 12 were wounded. \
                    The Russian defence ministry said 2 aircraft were downed.";
        let spans = crate::text::segment::sentences(text, crate::span::Span::new(0, text.len()), Lang::En);
        let claims = crate::claims::analyze(text, &spans, Lang::En);
        let m = ClaimMarks::of(&claims);
        let texts = |v: &[(usize, usize)]| v.iter().map(|&(s, e)| text[s..e].to_string()).collect::<Vec<_>>();
        let numbers = texts(&m.numbers);
        assert_eq!(numbers.len(), 3, "{numbers:?}");
        for (n, lead) in numbers.iter().zip(["33", "12", "2"]) {
            assert!(n.starts_with(lead), "{numbers:?}");
        }
        let speakers = texts(&m.speakers);
        assert!(speakers.iter().any(|s| s.contains("officials")) && speakers.iter().any(|s| s.contains("ministry")), "{speakers:?}");
        assert!(!speakers.iter().any(|s| s == "He"), "a carried-over speaker is not marked again: {speakers:?}");
        assert!(m.numbers.windows(2).all(|w| w[0] <= w[1]) && m.speakers.windows(2).all(|w| w[0] <= w[1]));
    }
}
