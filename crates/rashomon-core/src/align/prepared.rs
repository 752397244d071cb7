//! What the aligner derives from one account on its own, computed once and reused for every pair
//! the account is aligned in: its units (tokens, stems, trigrams, numbers, actors), and indexes
//! over them — distinct stems and trigrams with document frequencies and postings, per-unit term
//! lists in first-occurrence order, sorted actor sets, hashed folded forms for the word diff.
//!
//! The pairwise part ([`lexical`], [`semantic`]) then touches only what two accounts share: the
//! two vocabularies are merged once per pair, TF-IDF cosines and trigram overlaps are summed
//! through postings (only co-occurring terms are visited), and embedding cosines run over
//! blocks of the other side's vectors. Every sum is taken in the order the straightforward
//! computation takes it (terms by first occurrence over A's units then B's; vector components in
//! order), so the scores are bit for bit those of the pairwise definition in `mod.rs`.

use super::features::{self, Unit};

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

/// The per-account part of the aligner's similarity, and the units themselves.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub units: Vec<Unit>,
    /// Distinct stems (of non-stop tokens), numbered by first occurrence over the units.
    stems: Vec<Box<str>>,
    stem_hash: Vec<u64>,
    /// Stem ids ordered by (hash, stem): the order two vocabularies are merged in.
    stems_sorted: Vec<u32>,
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
    /// Per unit: its actors, sorted.
    actors: Vec<Vec<Box<str>>>,
    /// Per unit, per token: hash of the folded form (the diff compares these first).
    pub(super) norm_hash: Vec<Vec<u64>>,
}

impl Prepared {
    pub fn new(units: Vec<Unit>) -> Prepared {
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut stems: Vec<Box<str>> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut unit_terms: Vec<Vec<(u32, u32, u32)>> = Vec::with_capacity(units.len());
        for u in &units {
            let mut terms: Vec<u32> = u
                .tokens
                .iter()
                .filter(|t| !features::is_stop(&t.norm))
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
        let mut offsets = vec![0u32; grams.len() + 1];
        for ug in &unit_grams {
            for &g in ug {
                offsets[g as usize + 1] += 1;
            }
        }
        for k in 0..grams.len() {
            offsets[k + 1] += offsets[k];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; *offsets.last().unwrap_or(&0) as usize];
        for (j, ug) in unit_grams.iter().enumerate() {
            for &g in ug {
                let k = &mut fill[g as usize];
                items[*k as usize] = j as u32;
                *k += 1;
            }
        }
        let gram_postings = Csr { offsets, items };
        let actors = units
            .iter()
            .map(|u| {
                let mut v: Vec<Box<str>> = u.actors.iter().map(|a| a.as_str().into()).collect();
                v.sort_unstable();
                v
            })
            .collect();
        let norm_hash = units.iter().map(|u| u.tokens.iter().map(|t| hash_str(&t.norm)).collect()).collect();
        Prepared { units, stems, stem_hash, stems_sorted, df, unit_terms, stem_postings, grams, unit_grams, gram_postings, actors, norm_hash }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Rough heap size in bytes (for cache budgets).
    pub fn heap_bytes(&self) -> usize {
        let tokens: usize = self.units.iter().map(|u| u.tokens.iter().map(|t| 48 + t.norm.len() + t.stem.len() + 16).sum::<usize>() + u.grams.len() * 8 + 160).sum();
        let stems: usize = self.stems.iter().map(|s| s.len() + 16 + 8 + 4 + 4).sum();
        let terms: usize = self.unit_terms.iter().map(|v| v.len() * 12 + 24).sum::<usize>() + self.stem_postings.items.len() * 4;
        let grams = self.grams.len() * 12 + self.unit_grams.iter().map(|v| v.len() * 4 + 24).sum::<usize>() + self.gram_postings.items.len() * 4;
        let norms: usize = self.norm_hash.iter().map(|v| v.len() * 8 + 24).sum();
        tokens + stems + terms + grams + norms
    }
}

/// Pairs of equal keys of two vocabularies: for each of `a`'s ids the matching `b` id (or NONE),
/// and the reverse. `order_*` lists ids by (hash, key); `key_*` gives (hash, key) of an id.
fn merge_vocab<'x, T: Ord + ?Sized + 'x>(
    (na, order_a, key_a): (usize, &[u32], impl Fn(u32) -> (u64, &'x T)),
    (nb, order_b, key_b): (usize, &[u32], impl Fn(u32) -> (u64, &'x T)),
) -> (Vec<u32>, Vec<u32>) {
    let (mut a2b, mut b2a) = (vec![NONE; na], vec![NONE; nb]);
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

/// Indices `k` of sorted `a` and `b` with equal values: a2b for every element of `a`.
fn merge_sorted(a: &[u64], b: &[u64]) -> Vec<u32> {
    let mut a2b = vec![NONE; a.len()];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                a2b[i] = j as u32;
                i += 1;
                j += 1;
            }
        }
    }
    a2b
}

pub(super) fn sorted_intersection<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The lexical similarity of every unit pair (see `mod.rs`: TF-IDF cosine over stems with IDF
/// over the units of both sides, trigram Dice, shared numbers, shared actors).
pub(super) fn lexical(pa: &Prepared, pb: &Prepared) -> Vec<Vec<f64>> {
    let (na, nb) = (pa.units.len(), pb.units.len());
    let (va, vb) = (pa.stems.len(), pb.stems.len());
    // Shared stems; document frequency over both sides.
    let (a2b, b2a) = merge_vocab(
        (va, &pa.stems_sorted, |x| (pa.stem_hash[x as usize], &*pa.stems[x as usize])),
        (vb, &pb.stems_sorted, |y| (pb.stem_hash[y as usize], &*pb.stems[y as usize])),
    );
    let n = (na + nb).max(1) as f64;
    let mut idf_of: Vec<f64> = Vec::new();
    let mut idf = |df: u32| -> f64 {
        let d = df as usize;
        if idf_of.len() <= d {
            idf_of.resize(d + 1, f64::NAN);
        }
        if idf_of[d].is_nan() {
            idf_of[d] = (1.0 + n / (1.0 + df as f64)).ln();
        }
        idf_of[d]
    };
    let idf_a: Vec<f64> = (0..va).map(|t| idf(pa.df[t] + if a2b[t] == NONE { 0 } else { pb.df[a2b[t] as usize] })).collect();
    let idf_b: Vec<f64> = (0..vb).map(|t| idf(pb.df[t] + if b2a[t] == NONE { 0 } else { pa.df[b2a[t] as usize] })).collect();
    // Term ids of the pair: A's stems by first occurrence, then B's own stems by theirs.
    let key_b = |m: u32| -> u32 { if b2a[m as usize] == NONE { va as u32 + m } else { b2a[m as usize] } };
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
    // A's units: terms already in pair order. Weights by term entry.
    let mut wa: Vec<Vec<f64>> = Vec::with_capacity(na);
    let mut buf = Vec::new();
    for terms in &pa.unit_terms {
        weigh(terms, &idf_a, &mut buf);
        let norm = buf.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-9);
        wa.push(buf.iter().map(|x| x / norm).collect());
    }
    // B's units: the norm sums squares in pair order; weights go to the postings' slots.
    let mut wb_slot = vec![0.0f64; pb.stem_postings.items.len()];
    let mut order: Vec<(u32, f64, u32)> = Vec::new();
    for terms in &pb.unit_terms {
        weigh(terms, &idf_b, &mut buf);
        order.clear();
        order.extend(terms.iter().zip(&buf).map(|(&(m, _, slot), &w)| (key_b(m), w, slot)));
        order.sort_unstable_by_key(|e| e.0);
        let norm = order.iter().map(|(_, x, _)| x * x).sum::<f64>().sqrt().max(1e-9);
        for &(_, w, slot) in &order {
            wb_slot[slot as usize] = w / norm;
        }
    }
    let ga2b = merge_sorted(&pa.grams, &pb.grams);
    let mut cos = vec![0.0f64; nb];
    let mut shared = vec![0u32; nb];
    let mut m = vec![vec![0.0; nb]; na];
    for i in 0..na {
        cos.iter_mut().for_each(|c| *c = 0.0);
        // A's terms in pair order; each shared term adds its product to every B unit holding it.
        for (&(t, _, _), &w) in pa.unit_terms[i].iter().zip(&wa[i]) {
            let mb = a2b[t as usize];
            if mb == NONE {
                continue;
            }
            for s in pb.stem_postings.row(mb as usize) {
                cos[pb.stem_postings.items[s] as usize] += w * wb_slot[s];
            }
        }
        shared.iter_mut().for_each(|c| *c = 0);
        for &g in &pa.unit_grams[i] {
            let gb = ga2b[g as usize];
            if gb == NONE {
                continue;
            }
            for s in pb.gram_postings.row(gb as usize) {
                shared[pb.gram_postings.items[s] as usize] += 1;
            }
        }
        let x = &pa.units[i];
        let ax = &pa.actors[i];
        let row = &mut m[i];
        for j in 0..nb {
            let y = &pb.units[j];
            let ay = &pb.actors[j];
            let cos = cos[j];
            let inter = shared[j] as f64;
            let dice = if x.grams.is_empty() || y.grams.is_empty() { 0.0 } else { 2.0 * inter / (x.grams.len() + y.grams.len()) as f64 };
            let nums = super::shared_numbers(x, y);
            let actors = if ax.is_empty() || ay.is_empty() {
                0.0
            } else {
                let inter = sorted_intersection(ax, ay);
                inter as f64 / (ax.len() + ay.len() - inter) as f64
            };
            row[j] = super::lexical_score(cos, dice, nums, actors);
        }
    }
    m
}

/// Lanes of one block of B's vectors (one accumulator per lane).
const LANES: usize = 8;

/// Raw embedding cosines (`None` where either unit has no vector), each the f64 sum of the
/// component products in component order, and all of them in a flat list (for the median).
pub(super) fn cosines(va: &[Option<&[f32]>], vb: &[Option<&[f32]>]) -> (Vec<Vec<Option<f64>>>, Vec<f64>) {
    let mut raw = vec![vec![None; vb.len()]; va.len()];
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
    // B's vectors in blocks of LANES units, component-major, widened to f64.
    let cols: Vec<usize> = (0..vb.len()).filter(|&j| vb[j].is_some()).collect();
    let blocks = cols.len().div_ceil(LANES);
    let mut packed = vec![0.0f64; blocks * dim * LANES];
    for (c, &j) in cols.iter().enumerate() {
        let (blk, lane) = (c / LANES, c % LANES);
        let v = vb[j].expect("has a vector");
        for k in 0..dim {
            packed[(blk * dim + k) * LANES + lane] = v[k] as f64;
        }
    }
    let rows: Vec<usize> = (0..va.len()).filter(|&i| va[i].is_some()).collect();
    let mut xs = vec![0.0f64; dim];
    for &i in &rows {
        let x = va[i].expect("has a vector");
        for k in 0..dim {
            xs[k] = x[k] as f64;
        }
        for blk in 0..blocks {
            let acc = dot_block(&xs, &packed[blk * dim * LANES..(blk + 1) * dim * LANES]);
            for lane in 0..LANES {
                let c = blk * LANES + lane;
                if c < cols.len() {
                    raw[i][cols[c]] = Some(acc[lane]);
                }
            }
        }
    }
    for r in &raw {
        all.extend(r.iter().flatten());
    }
    (raw, all)
}

/// `LANES` dot products of `x` with a component-major block; each lane sums in component order.
fn dot_block(x: &[f64], block: &[f64]) -> [f64; LANES] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked above).
            return unsafe { dot_block_avx2(x, block) };
        }
    }
    dot_block_plain(x, block)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot_block_avx2(x: &[f64], block: &[f64]) -> [f64; LANES] {
    dot_block_plain(x, block)
}

#[inline(always)]
fn dot_block_plain(x: &[f64], block: &[f64]) -> [f64; LANES] {
    let mut acc = [0.0f64; LANES];
    for (xk, lanes) in x.iter().zip(block.chunks_exact(LANES)) {
        for l in 0..LANES {
            acc[l] += xk * lanes[l];
        }
    }
    acc
}
