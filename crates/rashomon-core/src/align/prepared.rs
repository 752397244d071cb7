//! What the aligner derives from one account on its own, computed once and reused for every pair
//! the account is aligned in: its units (tokens, stems, trigrams, numbers, actors), and indexes
//! over them — distinct stems and trigrams with document frequencies and postings, per-unit term
//! lists in first-occurrence order, sorted actor sets, hashed folded forms for the word diff.
//!
//! The pairwise part ([`lexical`], [`semantic`]) then touches only what two accounts share: the
//! two vocabularies are merged once per pair, TF-IDF cosines and trigram overlaps are summed
//! through postings (only co-occurring terms are visited), and embedding cosines run over
//! blocks of the other side's vectors. The sums of products (TF-IDF and embedding cosines) are
//! taken in the order the straightforward computation takes them (terms by first occurrence
//! over A's units then B's; vector components in order), so they are bit for bit those of the
//! pairwise definition in `mod.rs`; only B's TF-IDF norms add their squares in B's own term
//! order, a few ulps from it.

use super::features::Unit;
use super::grid::Grid;

const NONE: u32 = u32::MAX;

/// FNV-1a: fast and stable; equal strings are still compared in full after equal hashes.
fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Compressed rows: `items[offsets[k]..offsets[k + 1]]` belong to row `k`.
#[derive(Debug, Clone, Default)]
struct Csr {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn row(&self, k: usize) -> std::ops::Range<usize> {
        self.offsets[k] as usize..self.offsets[k + 1] as usize
    }
}

/// Postings of `n` items: for each item the units holding it, ascending (`units`: each unit's
/// item ids).
fn postings<I: Iterator<Item = u32>>(n: usize, units: impl Iterator<Item = I> + Clone) -> Csr {
    let mut offsets = vec![0u32; n + 1];
    for ids in units.clone() {
        for x in ids {
            offsets[x as usize + 1] += 1;
        }
    }
    for k in 0..n {
        offsets[k + 1] += offsets[k];
    }
    let mut fill = offsets.clone();
    let mut items = vec![0u32; offsets[n] as usize];
    for (j, ids) in units.enumerate() {
        for x in ids {
            let k = &mut fill[x as usize];
            items[*k as usize] = j as u32;
            *k += 1;
        }
    }
    Csr { offsets, items }
}

/// Adds to cell (i, j) of `out` (row-major, `nb` columns) one for each item that unit `i` of A
/// and unit `j` of B both hold, over the pairs of equal items (`matches`: A's id, B's id).
fn count_shared(pa: &Csr, pb: &Csr, matches: &[(u32, u32)], nb: usize, out: &mut [u32]) {
    for &(x, y) in matches {
        let rb = &pb.items[pb.row(y as usize)];
        for &i in &pa.items[pa.row(x as usize)] {
            let row = &mut out[i as usize * nb..(i as usize + 1) * nb];
            for &j in rb {
                row[j as usize] += 1;
            }
        }
    }
}

/// The per-account part of the aligner's similarity, and the units themselves.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub units: Vec<Unit>,
    /// Distinct stems (of non-stop tokens), numbered by first occurrence over the units.
    stems: Vec<Box<str>>,
    stem_hash: Vec<u64>,
    /// Stem ids ordered by (hash, stem): the order two vocabularies are merged in.
    stems_sorted: Vec<u32>,
    /// The hashes in that order, when no two stems share one (see [`Keys`]).
    stem_keys: Keys,
    /// Number of units each stem occurs in.
    df: Vec<u32>,
    /// Per unit: (stem id, occurrences, slot in `stem_postings`), by stem id.
    unit_terms: Vec<Vec<(u32, u32, u32)>>,
    /// Per stem: the units it occurs in, ascending.
    stem_postings: Csr,
    /// Distinct trigram hashes, sorted; per unit its trigrams as indices into them.
    grams: Vec<u64>,
    unit_grams: Vec<Vec<u32>>,
    gram_postings: Csr,
    /// Distinct actors with their hashes, by (hash, name) (an actor's id is its place here): two
    /// lists are merged comparing hashes, and names only where hashes are equal. Per actor the
    /// units naming it; per unit how many it names.
    actors: Vec<(u64, Box<str>)>,
    actor_postings: Csr,
    actor_count: Vec<u32>,
    /// Distinct folded forms of the tokens (all tokens), numbered by first occurrence.
    norms: Vec<Box<str>>,
    norm_hash: Vec<u64>,
    norms_sorted: Vec<u32>,
    norm_keys: Keys,
    /// Each token's folded-form id and span, all units' tokens in a row (unit `k`'s from
    /// `token_start[k]` to `token_start[k + 1]`): the word diff of a row reads its units'
    /// tokens as one slice (a row's units are neighbours), without copying them.
    token_norms: Vec<u32>,
    token_spans: Vec<crate::span::Span>,
    token_start: Vec<u32>,
    /// Per unit: its distinct folded-form ids, sorted.
    unit_norm_set: Vec<Vec<u32>>,
    /// Per unit: the framing lexicon's terms found in it.
    pub(super) framing: Vec<Vec<super::framing::Found>>,
}

impl Prepared {
    /// In how many units a (non-stop) stem occurs; 0 when it does not.
    pub fn stem_df(&self, stem: &str) -> u32 {
        let key = (hash_str(stem), stem);
        self.stems_sorted
            .binary_search_by(|&x| (self.stem_hash[x as usize], &*self.stems[x as usize]).cmp(&key))
            .map_or(0, |k| self.df[self.stems_sorted[k] as usize])
    }

    /// The stems occurring in at least `limit` units of this account and `other` together
    /// (`None`: this account alone).
    pub(super) fn stems_at_least<'p>(&'p self, other: Option<&'p Prepared>, limit: u32) -> Vec<&'p str> {
        let Some(pb) = other else {
            return self.stems_sorted.iter().filter(|&&x| self.df[x as usize] >= limit).map(|&x| &*self.stems[x as usize]).collect();
        };
        self.stems_shared_at_least(pb, &self.stem_merge(pb), limit)
    }

    /// [`Prepared::stems_at_least`] of two accounts whose stems were merged ahead.
    pub(super) fn stems_shared_at_least<'p>(&'p self, pb: &'p Prepared, (a2b, b2a): &(Vec<u32>, Vec<u32>), limit: u32) -> Vec<&'p str> {
        let mut out: Vec<&str> = (0..self.stems.len()).filter(|&x| self.df[x] + df_of(&pb.df, a2b[x]) >= limit).map(|x| &*self.stems[x]).collect();
        out.extend((0..pb.stems.len()).filter(|&y| (b2a[y] == NONE) & (pb.df[y] >= limit)).map(|y| &*pb.stems[y]));
        out
    }

    /// The shared stems of two accounts: for each of this account's stem ids the other's (or
    /// NONE), and the reverse.
    pub(super) fn stem_merge(&self, pb: &Prepared) -> (Vec<u32>, Vec<u32>) {
        merge_vocab(
            (self.stems.len(), &self.stems_sorted, |x| (self.stem_hash[x as usize], &*self.stems[x as usize])),
            (pb.stems.len(), &pb.stems_sorted, |y| (pb.stem_hash[y as usize], &*pb.stems[y as usize])),
            (&self.stem_keys, &pb.stem_keys),
        )
    }

    pub fn new(units: Vec<Unit>) -> Prepared {
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut stems: Vec<Box<str>> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut unit_terms: Vec<Vec<(u32, u32, u32)>> = Vec::with_capacity(units.len());
        for u in &units {
            let mut terms: Vec<u32> = u
                .tokens
                .iter()
                .filter(|t| !t.stop)
                .map(|t| {
                    *ids.entry(t.stem.as_str()).or_insert_with(|| {
                        stems.push(t.stem.as_str().into());
                        df.push(0);
                        (stems.len() - 1) as u32
                    })
                })
                .collect();
            terms.sort_unstable();
            let mut counted: Vec<(u32, u32, u32)> = Vec::with_capacity(terms.len());
            for t in terms {
                match counted.last_mut() {
                    Some((last, c, _)) if *last == t => *c += 1,
                    _ => counted.push((t, 1, 0)),
                }
            }
            for &(t, _, _) in &counted {
                df[t as usize] += 1;
            }
            unit_terms.push(counted);
        }
        drop(ids);
        let stem_hash: Vec<u64> = stems.iter().map(|s| hash_str(s)).collect();
        let mut stems_sorted: Vec<u32> = (0..stems.len() as u32).collect();
        stems_sorted.sort_unstable_by(|&x, &y| (stem_hash[x as usize], &stems[x as usize]).cmp(&(stem_hash[y as usize], &stems[y as usize])));
        // Postings of stems, and each unit term's slot in them.
        let mut offsets = vec![0u32; stems.len() + 1];
        for (t, &d) in df.iter().enumerate() {
            offsets[t + 1] = offsets[t] + d;
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; *offsets.last().unwrap_or(&0) as usize];
        for (j, terms) in unit_terms.iter_mut().enumerate() {
            for (t, _, slot) in terms.iter_mut() {
                let k = &mut fill[*t as usize];
                items[*k as usize] = j as u32;
                *slot = *k;
                *k += 1;
            }
        }
        let stem_postings = Csr { offsets, items };
        // Trigrams.
        let mut grams: Vec<u64> = units.iter().flat_map(|u| u.grams.iter().copied()).collect();
        grams.sort_unstable();
        grams.dedup();
        let unit_grams: Vec<Vec<u32>> = units.iter().map(|u| u.grams.iter().map(|g| grams.binary_search(g).expect("own gram") as u32).collect()).collect();
        let gram_postings = postings(grams.len(), unit_grams.iter().map(|ug| ug.iter().copied()));
        let mut actors: Vec<(u64, Box<str>)> = units.iter().flat_map(|u| u.actors.iter().map(|a| (hash_str(a), a.as_str().into()))).collect();
        actors.sort_unstable();
        actors.dedup();
        let actor_id = |a: &String| actors.binary_search_by(|(h, x)| (*h, &**x).cmp(&(hash_str(a), a.as_str()))).expect("own actor") as u32;
        let actor_postings = postings(actors.len(), units.iter().map(|u| u.actors.iter().map(actor_id)));
        let actor_count = units.iter().map(|u| u.actors.len() as u32).collect();
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut norms: Vec<Box<str>> = Vec::new();
        let token_norms: Vec<u32> = units
            .iter()
            .flat_map(|u| &u.tokens)
            .map(|t| {
                *ids.entry(t.norm.as_str()).or_insert_with(|| {
                    norms.push(t.norm.as_str().into());
                    (norms.len() - 1) as u32
                })
            })
            .collect();
        drop(ids);
        let token_spans = units.iter().flat_map(|u| u.tokens.iter().map(|t| t.span)).collect();
        let token_start: Vec<u32> = std::iter::once(0).chain(units.iter().scan(0u32, |n, u| Some(*n + u.tokens.len() as u32).inspect(|&m| *n = m))).collect();
        let unit_norm_set = (0..units.len())
            .map(|k| {
                let mut s = token_norms[token_start[k] as usize..token_start[k + 1] as usize].to_vec();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let norm_hash: Vec<u64> = norms.iter().map(|s| hash_str(s)).collect();
        let mut norms_sorted: Vec<u32> = (0..norms.len() as u32).collect();
        norms_sorted.sort_unstable_by(|&x, &y| (norm_hash[x as usize], &norms[x as usize]).cmp(&(norm_hash[y as usize], &norms[y as usize])));
        let framing = units.iter().map(super::framing::found).collect();
        let stem_keys = Keys::new(&stems_sorted, &stem_hash);
        let norm_keys = Keys::new(&norms_sorted, &norm_hash);
        Prepared {
            stem_keys,
            norm_keys,
            framing,
            units,
            stems,
            stem_hash,
            stems_sorted,
            df,
            unit_terms,
            stem_postings,
            grams,
            unit_grams,
            gram_postings,
            actors,
            actor_postings,
            actor_count,
            norms,
            norm_hash,
            norms_sorted,
            token_norms,
            token_spans,
            token_start,
            unit_norm_set,
        }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Where unit `k`'s tokens are in the per-token lists.
    fn unit_tokens(&self, k: usize) -> std::ops::Range<usize> {
        self.token_start[k] as usize..self.token_start[k + 1] as usize
    }

    /// Where the tokens of units `idx` are in the per-token lists, when the units are
    /// neighbours in order (as a row's are); `None` for any other set.
    fn token_range(&self, idx: &[usize]) -> Option<std::ops::Range<usize>> {
        let (&first, &last) = (idx.first()?, idx.last()?);
        idx.iter().enumerate().all(|(k, &i)| i == first + k).then(|| self.token_start[first] as usize..self.token_start[last + 1] as usize)
    }

    /// The spans of the tokens of units `idx`, in order.
    pub(super) fn token_spans(&self, idx: &[usize]) -> std::borrow::Cow<'_, [crate::span::Span]> {
        match self.token_range(idx) {
            Some(r) => std::borrow::Cow::Borrowed(&self.token_spans[r]),
            None => std::borrow::Cow::Owned(idx.iter().flat_map(|&i| self.token_spans[self.unit_tokens(i)].iter().copied()).collect()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Rough heap size in bytes (for cache budgets).
    pub fn heap_bytes(&self) -> usize {
        let tokens: usize = self.units.iter().map(|u| u.tokens.iter().map(|t| 48 + t.norm.len() + t.stem.len() + 16).sum::<usize>() + u.grams.len() * 8 + 160).sum();
        let stems: usize = self.stems.iter().map(|s| s.len() + 16 + 8 + 4 + 4 + 8).sum();
        let terms: usize = self.unit_terms.iter().map(|v| v.len() * 12 + 24).sum::<usize>() + self.stem_postings.items.len() * 4;
        let grams = self.grams.len() * 12 + self.unit_grams.iter().map(|v| v.len() * 4 + 24).sum::<usize>() + self.gram_postings.items.len() * 4;
        let norms: usize = self.norms.iter().map(|s| s.len() + 16 + 8 + 4 + 8).sum::<usize>() + self.token_norms.len() * (4 + 16) + self.units.len() * 52;
        tokens + stems + terms + grams + norms
    }
}

/// The folded forms of two accounts under one numbering (equal ids exactly for equal forms):
/// A's ids as they are, B's mapped (shared forms take A's id).
pub(super) struct PairNorms {
    b_map: Vec<u32>,
}

impl PairNorms {
    pub(super) fn new(pa: &Prepared, pb: &Prepared) -> PairNorms {
        if std::ptr::eq(pa, pb) {
            return PairNorms { b_map: (0..pa.norms.len() as u32).collect() };
        }
        let (_, b2a) = merge_vocab(
            (pa.norms.len(), &pa.norms_sorted, |x| (pa.norm_hash[x as usize], &*pa.norms[x as usize])),
            (pb.norms.len(), &pb.norms_sorted, |y| (pb.norm_hash[y as usize], &*pb.norms[y as usize])),
            (&pa.norm_keys, &pb.norm_keys),
        );
        let va = pa.norms.len() as u32;
        PairNorms { b_map: b2a.iter().enumerate().map(|(m, &a)| if a == NONE { va + m as u32 } else { a }).collect() }
    }

    /// Folded-form ids of the tokens of units `idx`, of side A or B.
    #[cfg(test)]
    pub(super) fn ids(&self, pu: &Prepared, idx: &[usize], side_b: bool) -> Vec<u32> {
        self.ids_in(pu, idx, side_b, &mut Vec::new()).to_vec()
    }

    /// [`PairNorms::ids`]: side A's as they are kept (A's numbering is the pair's), side B's
    /// mapped into `buf`.
    pub(super) fn ids_in<'x>(&self, pu: &'x Prepared, idx: &[usize], side_b: bool, buf: &'x mut Vec<u32>) -> &'x [u32] {
        if let (false, Some(r)) = (side_b, pu.token_range(idx)) {
            return &pu.token_norms[r];
        }
        buf.clear();
        let map = |x: u32| if side_b { self.b_map[x as usize] } else { x };
        buf.extend(idx.iter().flat_map(|&i| pu.token_norms[pu.unit_tokens(i)].iter().map(move |&x| map(x))));
        buf
    }

    /// How many folded forms units `ia` of A and units `ib` of B share, and how many distinct
    /// ones each side has. Each side's set is in its own numbering (a single unit's was made
    /// ahead, and nothing is sorted per pair): B's forms are looked up among A's by their pair
    /// ids, and a form only B has is in no set of A's.
    pub(super) fn overlap(&self, (pa, ia): (&Prepared, &[usize]), (pb, ib): (&Prepared, &[usize])) -> (usize, usize, usize) {
        let (x, y) = (Self::set(pa, ia), Self::set(pb, ib));
        let shared = y.iter().filter(|&&m| x.binary_search(&self.b_map[m as usize]).is_ok()).count();
        (shared, x.len(), y.len())
    }

    /// The distinct folded-form ids of units `idx` in their account's numbering, sorted.
    fn set<'p>(pu: &'p Prepared, idx: &[usize]) -> std::borrow::Cow<'p, [u32]> {
        if idx.len() == 1 {
            return std::borrow::Cow::Borrowed(&pu.unit_norm_set[idx[0]]);
        }
        let mut v: Vec<u32> = idx.iter().flat_map(|&i| pu.token_norms[pu.unit_tokens(i)].iter().copied()).collect();
        v.sort_unstable();
        v.dedup();
        std::borrow::Cow::Owned(v)
    }
}

/// A vocabulary's hashes in its (hash, key) order, when they are distinct (`None` when two keys
/// share one): two such vocabularies merge over the hashes alone, a key compared only where
/// two hashes meet.
#[derive(Debug, Clone, Default)]
struct Keys(Option<Vec<u64>>);

impl Keys {
    fn new(order: &[u32], hash: &[u64]) -> Keys {
        let sorted: Vec<u64> = order.iter().map(|&x| hash[x as usize]).collect();
        Keys(sorted.windows(2).all(|w| w[0] != w[1]).then_some(sorted))
    }
}

/// The document frequency of stem `k` in `df`, 0 for NONE (a stem the other account lacks);
/// without a branch, as whether a stem is shared is a coin toss to the predictor.
fn df_of(df: &[u32], k: u32) -> u32 {
    let shared = k != NONE;
    df.get(if shared { k as usize } else { 0 }).map_or(0, |&d| d * shared as u32)
}

/// The ids shared with the other vocabulary (`a2b` of [`merge_vocab`]) with their other ids, in
/// ascending order; collected without a branch on whether each is shared.
fn shared_ids(a2b: &[u32]) -> impl Iterator<Item = (usize, u32)> + '_ {
    let mut ids = vec![0u32; a2b.len()];
    let mut n = 0;
    for (t, &m) in a2b.iter().enumerate() {
        ids[n] = t as u32;
        n += (m != NONE) as usize;
    }
    ids.truncate(n);
    ids.into_iter().map(move |t| (t as usize, a2b[t as usize]))
}

/// Pairs of equal keys of two vocabularies: for each of `a`'s ids the matching `b` id (or NONE),
/// and the reverse. `order_*` lists ids by (hash, key); `key_*` gives (hash, key) of an id.
/// With both vocabularies' distinct hashes (`keys`), the merge runs over them, branch-free,
/// and compares keys only where the hashes are equal; should two different keys share a hash
/// across the two, the merge by (hash, key) decides.
fn merge_vocab<'x, T: Ord + ?Sized + 'x>(
    (na, order_a, key_a): (usize, &[u32], impl Fn(u32) -> (u64, &'x T)),
    (nb, order_b, key_b): (usize, &[u32], impl Fn(u32) -> (u64, &'x T)),
    keys: (&Keys, &Keys),
) -> (Vec<u32>, Vec<u32>) {
    let (mut a2b, mut b2a) = (vec![NONE; na], vec![NONE; nb]);
    if let (Keys(Some(ha)), Keys(Some(hb))) = keys {
        let mut clash = false;
        for (i, j) in shared_values(ha, hb) {
            let (x, y) = (order_a[i as usize], order_b[j as usize]);
            if key_a(x).1 != key_b(y).1 {
                clash = true;
                break;
            }
            a2b[x as usize] = y;
            b2a[y as usize] = x;
        }
        if !clash {
            return (a2b, b2a);
        }
        a2b.fill(NONE);
        b2a.fill(NONE);
    }
    let (mut i, mut j) = (0, 0);
    while i < order_a.len() && j < order_b.len() {
        let (x, y) = (order_a[i], order_b[j]);
        match key_a(x).cmp(&key_b(y)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                a2b[x as usize] = y;
                b2a[y as usize] = x;
                i += 1;
                j += 1;
            }
        }
    }
    (a2b, b2a)
}

/// The lexical similarity of every unit pair (see `mod.rs`: TF-IDF cosine over stems with IDF
/// over the units of both sides, trigram Dice, shared numbers, shared actors).
#[cfg(test)]
pub(super) fn lexical(pa: &Prepared, pb: &Prepared) -> Grid<f64> {
    lexical_shared(pa, pb, &pa.stem_merge(pb), &super::numbers_shared(&pa.units, &pb.units))
}

/// [`lexical`] with the two accounts' stems merged ahead ([`Prepared::stem_merge`]) and the
/// share of numbers in common of every cell (row-major, [`super::numbers_shared`]).
pub(super) fn lexical_shared(pa: &Prepared, pb: &Prepared, (a2b, b2a): &(Vec<u32>, Vec<u32>), nums: &[f64]) -> Grid<f64> {
    let (na, nb) = (pa.units.len(), pb.units.len());
    let (va, vb) = (pa.stems.len(), pb.stems.len());
    // Shared stems; document frequency over both sides.
    let n = (na + nb).max(1) as f64;
    // (A stem is in at most all units of both sides.)
    let mut idf_of: Vec<f64> = vec![f64::NAN; na + nb + 1];
    let mut idf = |df: u32| -> f64 {
        let d = df as usize;
        if idf_of[d].is_nan() {
            idf_of[d] = (1.0 + n / (1.0 + df as f64)).ln();
        }
        idf_of[d]
    };
    let idf_a: Vec<f64> = (0..va).map(|t| idf(pa.df[t] + df_of(&pb.df, a2b[t]))).collect();
    let idf_b: Vec<f64> = (0..vb).map(|t| idf(pb.df[t] + df_of(&pa.df, b2a[t]))).collect();
    // L2-normalised TF-IDF weights; a term's weight is its IDF added once per occurrence.
    let weigh = |terms: &[(u32, u32, u32)], idf: &[f64], out: &mut Vec<f64>| {
        out.clear();
        for &(t, c, _) in terms {
            let mut w = idf[t as usize];
            for _ in 1..c {
                w += idf[t as usize];
            }
            out.push(w);
        }
    };
    // A's units: terms already in pair order; weights go to the postings' slots.
    let mut wa_slot = vec![0.0f64; pa.stem_postings.items.len()];
    let mut buf = Vec::new();
    for terms in &pa.unit_terms {
        weigh(terms, &idf_a, &mut buf);
        let norm = buf.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-9);
        for (&(_, _, slot), &w) in terms.iter().zip(&buf) {
            wa_slot[slot as usize] = w / norm;
        }
    }
    // B's units alike, in B's own term order.
    let mut wb_slot = vec![0.0f64; pb.stem_postings.items.len()];
    for terms in &pb.unit_terms {
        weigh(terms, &idf_b, &mut buf);
        let norm = buf.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-9);
        for (&(_, _, slot), &w) in terms.iter().zip(&buf) {
            wb_slot[slot as usize] = w / norm;
        }
    }
    // Only what the two sides share is visited: each shared stem, in A's term order (so every
    // cell sums its products in pair order, as the unit-by-unit dot product does), adds its
    // products to the cells of the units holding it; each shared trigram counts once in the
    // cells of the units holding it.
    let mut cos = vec![0.0f64; na * nb];
    for (t, mb) in shared_ids(a2b) {
        let (ra, rb) = (pa.stem_postings.row(t), pb.stem_postings.row(mb as usize));
        for sa in ra {
            let (i, w) = (pa.stem_postings.items[sa] as usize, wa_slot[sa]);
            let row = &mut cos[i * nb..(i + 1) * nb];
            for sb in rb.clone() {
                row[pb.stem_postings.items[sb] as usize] += w * wb_slot[sb];
            }
        }
    }
    // Shared trigrams and actors, counted per cell through postings.
    let mut grams = vec![0u32; na * nb];
    count_shared(&pa.gram_postings, &pb.gram_postings, &shared_values(&pa.grams, &pb.grams), nb, &mut grams);
    let mut actors = vec![0u32; na * nb];
    count_shared(&pa.actor_postings, &pb.actor_postings, &shared_values(&pa.actors, &pb.actors), nb, &mut actors);
    // Every cell by one formula, without a branch: a unit without trigrams (or actors) shares
    // none, so dividing by at least one gives the 0 the definition gives it.
    let mut m = Grid::filled(na, nb, 0.0);
    for i in 0..na {
        let (gx, ax) = (pa.unit_grams[i].len(), pa.actor_count[i]);
        let cells = i * nb..(i + 1) * nb;
        let row = m[i].iter_mut().zip(&cos[cells.clone()]).zip(&grams[cells.clone()]).zip(&actors[cells.clone()]).zip(&nums[cells]);
        for (j, ((((out, &cos), &g), &a), &nums)) in row.enumerate() {
            let dice = 2.0 * g as f64 / (gx + pb.unit_grams[j].len()).max(1) as f64;
            let actors = a as f64 / (ax + pb.actor_count[j] - a).max(1) as f64;
            *out = super::lexical_score(cos, dice, nums, actors);
        }
    }
    m
}

/// Merges run side by side in [`shared_values`].
const MERGES: usize = 2;

/// The places `(i, j)` of the equal values `a[i] == b[j]` of two sorted, distinct lists, in
/// ascending order (as `u32`: lists of that many at most, and half the bytes to write and
/// read of `usize`). A branch-free merge (the lists are long and mostly disjoint, so a branch on
/// equality is mispredicted often): every step writes its place, and only a match keeps it.
/// Each step waits on the one before it (its loads and compares), so the lists are cut at A's
/// quarters into [`MERGES`] pairs of runs (a value and its equal fall in the same pair), merged
/// side by side in one loop: independent chains the core overlaps.
fn shared_values<T: Ord>(a: &[T], b: &[T]) -> Vec<(u32, u32)> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    // Run k: A's [i[k], end_a[k]) with B's [j[k], end_b[k]); its matches go to `out` from n[k].
    let cut = |k: usize| if k == MERGES { (a.len(), b.len()) } else { (a.len() * k / MERGES, b.partition_point(|y| *y < a[a.len() * k / MERGES])) };
    let (mut i, mut j, mut end_a, mut end_b, mut n) = ([0; MERGES], [0; MERGES], [0; MERGES], [0; MERGES], [0; MERGES]);
    let mut room = 0;
    for k in 0..MERGES {
        ((i[k], j[k]), (end_a[k], end_b[k])) = (cut(k), cut(k + 1));
        n[k] = room;
        room += (end_a[k] - i[k]).min(end_b[k] - j[k]) + 1;
    }
    let start = n;
    let mut out = vec![(0, 0); room];
    let step = |k: usize, i: &mut [usize; MERGES], j: &mut [usize; MERGES], n: &mut [usize; MERGES], out: &mut [(u32, u32)]| {
        let (x, y) = (&a[i[k]], &b[j[k]]);
        out[n[k]] = (i[k] as u32, j[k] as u32);
        n[k] += (x == y) as usize;
        i[k] += (x <= y) as usize;
        j[k] += (y <= x) as usize;
    };
    while (0..MERGES).all(|k| i[k] < end_a[k] && j[k] < end_b[k]) {
        for k in 0..MERGES {
            step(k, &mut i, &mut j, &mut n, &mut out);
        }
    }
    // Each run's rest alone, then the runs' matches moved together.
    let mut len = 0;
    for k in 0..MERGES {
        while i[k] < end_a[k] && j[k] < end_b[k] {
            step(k, &mut i, &mut j, &mut n, &mut out);
        }
        out.copy_within(start[k]..n[k], len);
        len += n[k] - start[k];
    }
    out.truncate(len);
    out
}

/// Lanes of one block of B's vectors (one accumulator per lane; 16 f64 accumulators keep four
/// AVX2 registers of independent sums in flight).
const LANES: usize = 16;

/// One account's vectors as the cosine kernel reads them: the units that have one, in blocks of
/// LANES units, component-major, widened to f64. Packed once per article (its analysis keeps
/// them): the widening transpose cost as much as the products it feeds.
#[derive(Debug, Clone, Default)]
pub struct PackedVectors {
    /// Number of units (with a vector or not).
    units: usize,
    /// The units with a vector, in order.
    cols: Vec<usize>,
    /// The vectors' common length (0: none, or of different lengths; then nothing is packed).
    dim: usize,
    blocks: Vec<f64>,
}

impl PackedVectors {
    /// `vectors` packed (an empty vector: none for that unit).
    pub fn of(vectors: &[Vec<f32>]) -> PackedVectors {
        PackedVectors::new(&vectors.iter().map(|v| (!v.is_empty()).then_some(v.as_slice())).collect::<Vec<_>>())
    }

    fn new(vb: &[Option<&[f32]>]) -> PackedVectors {
        let cols: Vec<usize> = (0..vb.len()).filter(|&j| vb[j].is_some()).collect();
        let dim = cols.first().map_or(0, |&j| vb[j].expect("has a vector").len());
        if cols.iter().any(|&j| vb[j].expect("has a vector").len() != dim) {
            return PackedVectors { units: vb.len(), cols, dim: 0, blocks: Vec::new() };
        }
        let mut blocks = vec![0.0f64; cols.len().div_ceil(LANES) * dim * LANES];
        for (group, block) in cols.chunks(LANES).zip(blocks.chunks_exact_mut(dim * LANES)) {
            // Component by component, the block's lanes written in a row.
            let vs: Vec<&[f32]> = group.iter().map(|&j| &vb[j].expect("has a vector")[..dim]).collect();
            for (k, out) in block.chunks_exact_mut(LANES).enumerate() {
                for (o, v) in out.iter_mut().zip(&vs) {
                    *o = v[k] as f64;
                }
            }
        }
        PackedVectors { units: vb.len(), cols, dim, blocks }
    }

    /// Heap size in bytes (for cache budgets).
    pub fn heap_bytes(&self) -> usize {
        self.cols.len() * 8 + self.blocks.len() * 8
    }
}

/// Raw embedding cosines (`None` where either unit has no vector), each the f64 sum of the
/// component products in component order, and all of them in a flat list (for the median).
/// `packed_b`: `vb` packed ahead, if it was ([`PackedVectors::of`] the vectors `vb` reads).
pub(super) fn cosines(va: &[Option<&[f32]>], vb: &[Option<&[f32]>], packed_b: Option<&PackedVectors>) -> (Grid<Option<f64>>, Vec<f64>) {
    let mut raw = Grid::filled(va.len(), vb.len(), None);
    let mut all = Vec::with_capacity(va.len() * vb.len());
    let dim = va.iter().chain(vb).flatten().map(|v| v.len()).next().unwrap_or(0);
    let uniform = va.iter().chain(vb).flatten().all(|v| v.len() == dim);
    if !uniform || dim == 0 {
        // Vectors of different lengths (never from one model): the plain definition.
        for (i, x) in va.iter().enumerate() {
            let Some(x) = x else { continue };
            for (j, y) in vb.iter().enumerate() {
                let Some(y) = y else { continue };
                let c: f64 = x.iter().zip(y.iter()).map(|(p, q)| (*p as f64) * (*q as f64)).sum();
                raw[i][j] = Some(c);
                all.push(c);
            }
        }
        return (raw, all);
    }
    let fresh;
    let packed = match packed_b {
        // (Only the shape can be checked here at no cost; debug builds check every value.)
        Some(pk) if pk.units == vb.len() && pk.dim == dim && pk.cols.iter().all(|&j| vb[j].is_some()) && pk.cols.len() == vb.iter().flatten().count() => {
            debug_assert_eq!(pk.blocks, PackedVectors::new(vb).blocks, "packed from other vectors");
            pk
        }
        _ => {
            fresh = PackedVectors::new(vb);
            &fresh
        }
    };
    let (cols, blocks) = (&packed.cols, packed.cols.len().div_ceil(LANES));
    let rows: Vec<usize> = (0..va.len()).filter(|&i| va[i].is_some()).collect();
    // A's vectors widened, ROWS at a time against each block: the block's components are
    // loaded once for ROWS rows, and ROWS × LANES independent sums keep the FMA units busy.
    let mut xs = vec![0.0f64; ROWS * dim];
    for group in rows.chunks(ROWS) {
        for (r, &i) in group.iter().enumerate() {
            let x = va[i].expect("has a vector");
            for (o, &c) in xs[r * dim..(r + 1) * dim].iter_mut().zip(&x[..dim]) {
                *o = c as f64;
            }
        }
        for blk in 0..blocks {
            let acc = dot_block(&xs, &packed.blocks[blk * dim * LANES..(blk + 1) * dim * LANES]);
            for (r, &i) in group.iter().enumerate() {
                for (&j, &c) in cols[blk * LANES..].iter().zip(&acc[r]) {
                    raw[i][j] = Some(c);
                }
            }
        }
    }
    all.extend(raw.cells().iter().flatten());
    (raw, all)
}

/// Rows of A's vectors taken together against one block of B's.
const ROWS: usize = 4;

/// `ROWS` × `LANES` dot products of `ROWS` vectors (one after the other in `xs`; rows past the
/// last are ignored by the caller) with a component-major block; each sum runs in component
/// order.
fn dot_block(xs: &[f64], block: &[f64]) -> [[f64; LANES]; ROWS] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F (checked above).
            return unsafe { dot_block_avx512(xs, block) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (checked above).
            return unsafe { dot_block_fma(xs, block) };
        }
    }
    dot_block_plain(xs, block)
}

/// With FMA: one fused multiply-add per product. The same sums to the bit: a product of two
/// f32 values widened to f64 is exact (24 + 24 significant bits), so rounding it first, as the
/// separate multiply does, changes nothing.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_block_fma(xs: &[f64], block: &[f64]) -> [[f64; LANES]; ROWS] {
    dot_block_fused(xs, block)
}

/// As [`dot_block_fma`], on 8-lane registers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn dot_block_avx512(xs: &[f64], block: &[f64]) -> [[f64; LANES]; ROWS] {
    dot_block_fused(xs, block)
}

#[inline(always)]
fn dot_block_fused(xs: &[f64], block: &[f64]) -> [[f64; LANES]; ROWS] {
    let dim = block.len() / LANES;
    let x: [&[f64]; ROWS] = std::array::from_fn(|r| &xs[r * dim..(r + 1) * dim]);
    let mut acc = [[0.0f64; LANES]; ROWS];
    for (k, lanes) in block.chunks_exact(LANES).enumerate() {
        for r in 0..ROWS {
            let xr = x[r][k];
            for l in 0..LANES {
                acc[r][l] = xr.mul_add(lanes[l], acc[r][l]);
            }
        }
    }
    acc
}

fn dot_block_plain(xs: &[f64], block: &[f64]) -> [[f64; LANES]; ROWS] {
    let dim = block.len() / LANES;
    let mut acc = [[0.0f64; LANES]; ROWS];
    for (k, lanes) in block.chunks_exact(LANES).enumerate() {
        for r in 0..ROWS {
            let xr = xs[r * dim + k];
            for l in 0..LANES {
                acc[r][l] += xr * lanes[l];
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    //! The pairwise definition (the aligner's code before this module: a map of stems per pair,
    //! merged sparse vectors, a HashMap of trigram postings, a plain loop over vector components)
    //! is the oracle: the prepared computation must give the same bits on real pages.
    use super::super::{features, similarity_matrix, units_of, Doc};
    use super::*;
    use crate::span::Span;
    use crate::text::{segment, Lang};
    use std::collections::HashMap;

    fn reference_lexical(ua: &[Unit], ub: &[Unit]) -> Vec<Vec<f64>> {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut unit_terms: Vec<Vec<u32>> = Vec::new();
        for u in ua.iter().chain(ub) {
            let mut terms: Vec<u32> = u
                .tokens
                .iter()
                .filter(|t| !features::is_stop(&t.norm))
                .map(|t| {
                    let next = ids.len() as u32;
                    *ids.entry(t.stem.as_str()).or_insert_with(|| {
                        df.push(0);
                        next
                    })
                })
                .collect();
            terms.sort_unstable();
            let mut distinct = terms.clone();
            distinct.dedup();
            for &t in &distinct {
                df[t as usize] += 1;
            }
            unit_terms.push(terms);
        }
        let n = (ua.len() + ub.len()).max(1) as f64;
        let vectors: Vec<Vec<(u32, f64)>> = unit_terms
            .iter()
            .map(|terms| {
                let mut v: Vec<(u32, f64)> = Vec::new();
                for &t in terms {
                    let idf = (1.0 + n / (1.0 + df[t as usize] as f64)).ln();
                    match v.last_mut() {
                        Some((last, w)) if *last == t => *w += idf,
                        _ => v.push((t, idf)),
                    }
                }
                let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt().max(1e-9);
                v.iter_mut().for_each(|(_, x)| *x /= norm);
                v
            })
            .collect();
        let (va, vb) = vectors.split_at(ua.len());
        let sparse_dot = |a: &[(u32, f64)], b: &[(u32, f64)]| {
            let (mut i, mut j, mut s) = (0, 0, 0.0);
            while i < a.len() && j < b.len() {
                match a[i].0.cmp(&b[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        s += a[i].1 * b[j].1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            s
        };
        let mut m = vec![vec![0.0; ub.len()]; ua.len()];
        for (i, x) in ua.iter().enumerate() {
            for (j, y) in ub.iter().enumerate() {
                let cos = sparse_dot(&va[i], &vb[j]);
                let inter = x.grams.iter().filter(|g| y.grams.binary_search(g).is_ok()).count() as f64;
                let dice = if x.grams.is_empty() || y.grams.is_empty() { 0.0 } else { 2.0 * inter / (x.grams.len() + y.grams.len()) as f64 };
                let nums = super::super::shared_numbers(x, y);
                let actors = if x.actors.is_empty() || y.actors.is_empty() {
                    0.0
                } else {
                    let inter = x.actors.intersection(&y.actors).count();
                    inter as f64 / (x.actors.len() + y.actors.len() - inter) as f64
                };
                m[i][j] = (0.55 * cos + 0.3 * dice + 0.08 * nums + 0.07 * actors).clamp(0.0, 1.0);
            }
        }
        m
    }

    /// The seed pages' claims as units, with deterministic pseudo-random unit vectors.
    fn sample_units() -> Vec<Vec<Unit>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples");
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        names.sort();
        let mut rng = crate::align::XorShift(0x9e3779b97f4a7c15);
        let mut next = move || rng.centred();
        names
            .iter()
            .map(|p| {
                let ex = crate::extract::extract_text(std::fs::read_to_string(p).unwrap(), "UTF-8", crate::extract::Format::Txt).unwrap();
                let spans: Vec<Span> = ex.paragraphs().flat_map(|para| segment::sentences(&ex.page_text, para, Lang::Ar)).collect();
                let claims = crate::claims::analyze(&ex.page_text, &spans, Lang::Ar);
                let vectors: Vec<Vec<f32>> = claims
                    .iter()
                    .map(|_| {
                        let v: Vec<f32> = (0..384).map(|_| next()).collect();
                        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                        v.iter().map(|x| x / norm).collect()
                    })
                    .collect();
                let doc = Doc { text: &ex.page_text, lang: Lang::Ar, claims: &claims, published: None, vectors: Some(&vectors) };
                units_of(&doc)
            })
            .collect()
    }

    /// The lexical scores are the pairwise definition's up to the order of one sum (B's TF-IDF
    /// norm adds its squares in B's own term order, the definition in the pair's: a few ulps at
    /// most); the cosines are the definition's bit for bit.
    #[test]
    fn prepared_similarity_is_the_pairwise_definition() {
        let docs = sample_units();
        assert!(docs.len() >= 5 && docs.iter().all(|u| u.len() >= 3));
        for ua in &docs {
            for ub in &docs {
                let (pa, pb) = (Prepared::new(ua.clone()), Prepared::new(ub.clone()));
                let (fast, slow) = (lexical(&pa, &pb), reference_lexical(ua, ub));
                for (r, s) in fast.iter_rows().zip(&slow) {
                    for (x, y) in r.iter().zip(s) {
                        assert!((x - y).abs() <= 1e-12, "lexical {x} vs {y}");
                    }
                }
                let xa: Vec<Option<&[f32]>> = ua.iter().map(|u| u.vector.as_deref()).collect();
                let xb: Vec<Option<&[f32]>> = ub.iter().map(|u| u.vector.as_deref()).collect();
                let (raw, all) = cosines(&xa, &xb, Some(&PackedVectors::new(&xb)));
                assert_eq!(all.len(), ua.len() * ub.len());
                for (i, x) in ua.iter().enumerate() {
                    for (j, y) in ub.iter().enumerate() {
                        let (vx, vy) = (x.vector.as_ref().unwrap(), y.vector.as_ref().unwrap());
                        let c: f64 = vx.iter().zip(vy.iter()).map(|(p, q)| (*p as f64) * (*q as f64)).sum();
                        assert_eq!(raw[i][j].unwrap().to_bits(), c.to_bits());
                    }
                }
            }
        }
        // One account against itself (the story matrix, `align_within`): IDF over both copies.
        let all: Vec<Unit> = docs.iter().flatten().cloned().collect();
        let m = similarity_matrix(&all, &all);
        let p = Prepared::new(all.clone());
        let lex = reference_lexical(&all, &all);
        assert_eq!(lexical(&p, &p).to_nested(), lex);
        assert_eq!(m.rows(), all.len());
    }

    /// The stems common to two accounts, listed by one merge, are those whose document
    /// frequencies (looked up one by one) add up to the limit.
    #[test]
    fn stems_at_least_a_limit_are_those_of_the_lookups() {
        let docs: Vec<Prepared> = sample_units().into_iter().map(Prepared::new).collect();
        let mut found = 0;
        for pa in &docs {
            for pb in &docs {
                for limit in [1, 3, 5, 9] {
                    let mut fast: Vec<&str> = pa.stems_at_least(Some(pb), limit);
                    fast.sort_unstable();
                    let mut slow: Vec<&str> = pa.stems.iter().chain(&pb.stems).map(|s| &**s).filter(|s| pa.stem_df(s) + pb.stem_df(s) >= limit).collect();
                    slow.sort_unstable();
                    slow.dedup();
                    assert_eq!(fast, slow);
                    found += fast.len();
                }
            }
            let mut alone = pa.stems_at_least(None, 3);
            alone.sort_unstable();
            let mut slow: Vec<&str> = pa.stems.iter().map(|s| &**s).filter(|s| pa.stem_df(s) >= 3).collect();
            slow.sort_unstable();
            assert_eq!(alone, slow);
        }
        assert!(found > 100, "{found}");
    }

    /// `features::stems_meet` (lengths and bytes first) agrees with its definition on every
    /// pair of the sample pages' stems and of those stems behind each proclitic.
    #[test]
    fn stems_meet_is_its_definition() {
        fn definition(x: &str, y: &str) -> bool {
            let behind = |long: &str, short: &str| long.strip_prefix(['ل', 'ب', 'ك', 'و', 'ف', 'س']).is_some_and(|r| r == short) && short.chars().count() >= 3;
            x == y || behind(x, y) || behind(y, x)
        }
        let docs: Vec<Prepared> = sample_units().into_iter().map(Prepared::new).collect();
        let mut stems: Vec<String> = docs.iter().flat_map(|p| p.stems.iter().map(|s| s.to_string())).collect();
        stems.sort_unstable();
        stems.dedup();
        stems.truncate(400);
        let mut all = stems.clone();
        for s in &stems {
            for c in ['ل', 'ب', 'ك', 'و', 'ف', 'س', 'ا', 'x'] {
                all.push(format!("{c}{s}"));
            }
        }
        all.extend(["", "ab", "abc", "لab", "لabc", "ля", "я"].map(String::from));
        let mut met = 0;
        for x in &all {
            for y in &all {
                let m = features::stems_meet(x, y);
                assert_eq!(m, definition(x, y), "{x} ~ {y}");
                met += (m && x != y) as usize;
            }
        }
        assert!(met > 1000, "{met}");
    }

    /// Two different keys with one hash across the two vocabularies: the merge over hashes
    /// gives way to the merge by (hash, key), which pairs only equal keys.
    /// The merges side by side find every equal value, in order: on random sorted lists of
    /// every size from empty to a few hundred, dense (many equal) and sparse, and runs that end
    /// at different times.
    #[test]
    fn shared_values_are_the_equal_values_in_order() {
        let mut rng = crate::align::XorShift(0x853c49e6748fea9b);
        for case in 0..5_000 {
            let range = [8, 64, 1 << 20][case % 3];
            let mut list = |len: u64| {
                let mut v: Vec<u64> = (0..rng.below(len + 1)).map(|_| rng.below(range)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (a, b) = (list(300), list(if case % 7 == 0 { 5 } else { 300 }));
            let naive: Vec<(u32, u32)> = a.iter().enumerate().filter_map(|(i, x)| b.binary_search(x).ok().map(|j| (i as u32, j as u32))).collect();
            assert_eq!(shared_values(&a, &b), naive, "{a:?} {b:?}");
            assert_eq!(shared_values(&b, &a), naive.iter().map(|&(i, j)| (j, i)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_hash_shared_by_two_keys_falls_back_to_the_keys() {
        let (ka, kb) = (["x", "y", "w"], ["z", "y", "w"]);
        let (ha, hb) = ([1u64, 2, 3], [1u64, 2, 4]);
        let order = [0u32, 1, 2];
        let (keys_a, keys_b) = (Keys::new(&order, &ha), Keys::new(&order, &hb));
        assert!(keys_a.0.is_some() && keys_b.0.is_some());
        let (a2b, b2a) = merge_vocab((3, &order, |x| (ha[x as usize], ka[x as usize])), (3, &order, |y| (hb[y as usize], kb[y as usize])), (&keys_a, &keys_b));
        assert_eq!((a2b, b2a), (vec![NONE, 1, NONE], vec![NONE, 1, NONE]));
        // Without a clash the hashes alone decide; a vocabulary with a repeated hash has no keys.
        let (a2b, _) = merge_vocab((2, &order[..2], |x| (hb[x as usize], kb[x as usize])), (2, &order[..2], |y| (hb[y as usize], kb[y as usize])), (&Keys::new(&order[..2], &hb), &Keys::new(&order[..2], &hb)));
        assert_eq!(a2b, vec![0, 1]);
        assert!(Keys::new(&order, &[5, 5, 6]).0.is_none());
    }

    /// Every kernel the CPU has gives the plain loop's sums, bit for bit (widened f32 values,
    /// whose products are exact).
    #[test]
    fn dot_block_kernels_agree_bit_for_bit() {
        let mut rng = crate::align::XorShift(0x2545f4914f6cdd1d);
        let mut next = move || rng.centred() * 0.2;
        let dim = 384;
        for _ in 0..20 {
            let xs: Vec<f64> = (0..ROWS * dim).map(|_| next() as f64).collect();
            let block: Vec<f64> = (0..LANES * dim).map(|_| next() as f64).collect();
            let plain = dot_block_plain(&xs, &block);
            let bits = |a: [[f64; LANES]; ROWS]| a.map(|r| r.map(f64::to_bits));
            assert_eq!(bits(dot_block(&xs, &block)), bits(plain));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                // SAFETY: the CPU has AVX2 and FMA (checked above).
                assert_eq!(bits(unsafe { dot_block_fma(&xs, &block) }), bits(plain));
            }
        }
    }

    #[test]
    fn units_without_vectors_are_skipped() {
        let v = [0.6f32, 0.8];
        let (raw, all) = cosines(&[Some(&v[..]), None], &[None, Some(&v[..])], None);
        assert_eq!(raw[0][0], None);
        assert_eq!(raw[1][1], None);
        assert_eq!(raw[0][1].map(|c| (c * 1e6).round()), Some(1e6));
        assert_eq!(all.len(), 1);
    }
}
