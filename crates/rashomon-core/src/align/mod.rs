//! Pairwise alignment of two accounts: which unit (clause) of one answers which of the other,
//! how their words differ, and where they contradict.
//!
//! Invariants: every unit of both sides appears in exactly one primary row (aligned, merged into
//! a one-to-many row, unaligned, or linked as `related` — `paraphrase` when it says the same — to
//! a unit that is aligned elsewhere; that partner then appears in two rows); every span indexes
//! its own article's page text; the result does not depend on the order of units (assignment is
//! global, not in-order).

pub mod concepts;
pub mod features;
pub mod framing;
pub mod grid;
mod hungarian;
pub mod matrix;
pub mod prepared;
pub mod story;
pub mod vocab;
mod worddiff;

use std::ops::Range;

use serde::Serialize;

use crate::span::Span;
use crate::text::Lang;
use features::{Token, Unit};
use grid::Grid;
pub use prepared::{PackedVectors, Prepared};

/// How two aligned units relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Same,
    Paraphrase,
    Contradiction,
    Related,
    /// The unit has no counterpart on the other side.
    Omission,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ContradictionKind {
    Numeric,
    Polarity,
    Attribution,
    Framing,
    None,
}

impl Relation {
    /// The serialised name (as in gold files and JSON output).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Paraphrase => "paraphrase",
            Relation::Contradiction => "contradiction",
            Relation::Related => "related",
            Relation::Omission => "omission",
        }
    }
}

impl ContradictionKind {
    /// The serialised name (as in gold files and JSON output).
    pub fn as_str(self) -> &'static str {
        match self {
            ContradictionKind::Numeric => "numeric",
            ContradictionKind::Polarity => "polarity",
            ContradictionKind::Attribution => "attribution",
            ContradictionKind::Framing => "framing",
            ContradictionKind::None => "none",
        }
    }
}

/// One side of an aligned row.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ClaimRef {
    /// Index of the (first) unit in its article.
    pub clause: usize,
    /// All unit indices (more than one when this side merges what the other splits).
    pub clauses: Vec<usize>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffOpKind {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// One run of a word-level diff, with byte spans into each page text.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DiffOp {
    pub op: DiffOpKind,
    pub a_text: String,
    pub b_text: String,
    pub a_span: Option<Span>,
    pub b_span: Option<Span>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AlignedPair {
    pub a: Option<ClaimRef>,
    pub b: Option<ClaimRef>,
    pub relation: Relation,
    pub kind: ContradictionKind,
    /// Similarity in [0, 1].
    pub score: f64,
    /// Why the relation was chosen, for people (e.g. "33 vs 36 جندي").
    pub explanation: Option<String>,
    pub diff: Vec<DiffOp>,
}

/// An account to align: its page text, language, and its claims (one per clause).
pub struct Doc<'a> {
    pub text: &'a str,
    pub lang: Lang,
    pub claims: &'a [crate::claims::Claim],
    /// Publication date (YYYY-MM-DD…) when known: numbers reported on different days may differ.
    pub published: Option<&'a str>,
    /// One sentence embedding per claim (multilingual, L2-normalised), when the model is there:
    /// what lets accounts in different languages align.
    pub vectors: Option<&'a [Vec<f32>]>,
}

/// Thresholds of the aligner.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Minimum similarity for an aligned pair.
    pub min_score: f64,
    /// A pair must reach this fraction of the best score in its row and in its column.
    pub relative: f64,
    /// At or above: `same` (token overlap).
    pub same_overlap: f64,
    /// At or above: `paraphrase`; below: `related`.
    pub paraphrase_score: f64,
    /// An unpaired claim whose best counterpart (taken by another claim) scores at least this
    /// is shown as `related` to it rather than as an omission.
    pub related_link: f64,
    /// Aligned pairs at or above this similarity whose polarity differs contradict.
    pub polarity_score: f64,
    /// Unaligned units with at least this many content words are omissions.
    pub omission_min_words: usize,
    /// At or above this rescaled embedding similarity an aligned pair is a `paraphrase`, whatever
    /// its words (the same claim in another language or other words).
    pub semantic_paraphrase: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params { min_score: 0.12, relative: 0.7, same_overlap: 0.8, paraphrase_score: 0.32, related_link: 0.14, polarity_score: 0.2, omission_min_words: 4, semantic_paraphrase: 0.3 }
    }
}

/// Align two accounts.
///
/// The claims are aligned in text order whatever order they are given in (merges join claims
/// that are neighbours in the text, and ties break the same way), so the result does not depend
/// on the order of the claims; row indices refer to the order given.
pub fn align(a: &Doc<'_>, b: &Doc<'_>, p: &Params) -> Vec<AlignedPair> {
    let in_order = |c: &[crate::claims::Claim]| c.windows(2).all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end));
    if in_order(a.claims) && in_order(b.claims) {
        return align_impl(a, &Prepared::new(units_of_words(a)), b, &Prepared::new(units_of_words(b)), None, p, false);
    }
    let text_order = |c: &[crate::claims::Claim]| -> (Vec<usize>, Vec<crate::claims::Claim>) {
        let mut order: Vec<usize> = (0..c.len()).collect();
        order.sort_by_key(|&i| (c[i].span.start, c[i].span.end));
        let sorted = order.iter().map(|&i| c[i].clone()).collect();
        (order, sorted)
    };
    let ((oa, ca), (ob, cb)) = (text_order(a.claims), text_order(b.claims));
    // Vectors follow their claims.
    let reorder = |v: Option<&[Vec<f32>]>, order: &[usize]| v.map(|v| order.iter().map(|&i| v.get(i).cloned().unwrap_or_default()).collect::<Vec<_>>());
    let (va, vb) = (reorder(a.vectors, &oa), reorder(b.vectors, &ob));
    let da = Doc { text: a.text, lang: a.lang, claims: &ca, published: a.published, vectors: va.as_deref() };
    let db = Doc { text: b.text, lang: b.lang, claims: &cb, published: b.published, vectors: vb.as_deref() };
    let mut rows = align_impl(&da, &Prepared::new(units_of_words(&da)), &db, &Prepared::new(units_of_words(&db)), None, p, false);
    let renumber = |r: &mut Option<ClaimRef>, order: &[usize]| {
        if let Some(r) = r {
            r.clauses = r.clauses.iter().map(|&k| order[k]).collect();
            r.clauses.sort_unstable();
            r.clause = r.clauses[0];
        }
    };
    for r in &mut rows {
        renumber(&mut r.a, &oa);
        renumber(&mut r.b, &ob);
    }
    rows
}

/// Align the claims of one article with each other (an article quoting both sides): each unit
/// is paired with another unit, never with itself.
pub fn align_within(a: &Doc<'_>, p: &Params) -> Vec<AlignedPair> {
    align_within_prepared(a, &Prepared::new(units_of_words(a)), p)
}

/// [`align`] with each account's [`Prepared`] part computed ahead (`pa` from `a.claims`, in
/// that order, and likewise `pb`): the same result, without redoing per-account work.
pub fn align_prepared(a: &Doc<'_>, pa: &Prepared, b: &Doc<'_>, pb: &Prepared, p: &Params) -> Vec<AlignedPair> {
    align_prepared_packed(a, pa, b, (pb, None), p)
}

/// [`align_prepared`] with B's vectors also packed ahead, when they are: `packed_b` is
/// [`PackedVectors::of`] `b.vectors` (the article's analysis keeps it). The same result.
pub fn align_prepared_packed(a: &Doc<'_>, pa: &Prepared, b: &Doc<'_>, (pb, packed_b): (&Prepared, Option<&PackedVectors>), p: &Params) -> Vec<AlignedPair> {
    let in_order = |c: &[crate::claims::Claim]| c.windows(2).all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end));
    if !(in_order(a.claims) && in_order(b.claims)) || pa.len() != a.claims.len() || pb.len() != b.claims.len() {
        return align(a, b, p);
    }
    align_impl(a, pa, b, pb, packed_b, p, false)
}

/// [`align_within`] with the account's [`Prepared`] part computed ahead.
pub fn align_within_prepared(a: &Doc<'_>, pa: &Prepared, p: &Params) -> Vec<AlignedPair> {
    let rows = if pa.len() == a.claims.len() {
        align_impl(a, pa, a, pa, None, p, true)
    } else {
        let pa = Prepared::new(units_of_words(a));
        align_impl(a, &pa, a, &pa, None, p, true)
    };
    // Each pair appears twice (i~j and j~i); keep one, and drop the side-B copies of units.
    let mut seen = std::collections::HashSet::new();
    rows.into_iter()
        .filter(|r| match (&r.a, &r.b) {
            (Some(x), Some(y)) => seen.insert((x.clause.min(y.clause), x.clause.max(y.clause))),
            (Some(_), None) => true,
            _ => false,
        })
        .collect()
}

/// (`packed_b`: B's vectors packed, when they were ahead.)
fn align_impl(a: &Doc<'_>, pa: &Prepared, b: &Doc<'_>, pb: &Prepared, packed_b: Option<&PackedVectors>, p: &Params, within: bool) -> Vec<AlignedPair> {
    let (ua, ub) = (&pa.units[..], &pb.units[..]);
    // The two vocabularies of stems are merged once, for the similarity and the common stems.
    let shared = pa.stem_merge(pb);
    let (mut sim, sem) = similarity_parts(pa, pb, &vectors_of(a, ua), (&vectors_of(b, ub), packed_b), &shared);
    if a.lang != b.lang {
        concepts::lift_across(&mut sim, ua, ub);
    }
    let common = if within { common_stems(pa, None) } else { Common { stems: pa.stems_shared_at_least(pb, &shared, common_limit(pa, Some(pb))) } };
    if within {
        for i in 0..ua.len() {
            sim[i][i] = 0.0;
        }
    }
    // A clause joins its neighbour's pair only when the two could be one clause split in two:
    // one polarity, one speaker's side ("the Turkish army says it violated the airspace" / "the
    // Russian ministry says it never left Syrian skies" are two claims, not one).
    let joinable = |on_a: bool, x: usize, y: usize| {
        let u = if on_a { ua } else { ub };
        u[x].negated == u[y].negated && (u[x].side.is_none() || u[y].side.is_none() || u[x].side == u[y].side)
    };
    let pairs = assign(&sim, ua.len(), ub.len(), p, joinable);
    // A pair's units (neighbours) as a slice of their indices: a window of 0, 1, 2, ….
    let counting: Vec<usize> = (0..ua.len().max(ub.len())).collect();
    let norms = prepared::PairNorms::new(pa, pb);
    // (At most a row per pair and per unit, and the links: room for all from the start.)
    let mut rows = Vec::with_capacity(pairs.len() + ua.len() + ub.len() + LINKS_PER_CLAIM * ua.len().min(ub.len()));
    let mut used_a = vec![false; ua.len()];
    let mut used_b = vec![false; ub.len()];
    for (ia, ib) in &pairs {
        used_a[ia.clone()].fill(true);
        used_b[ib.clone()].fill(true);
    }
    for (ia, ib) in &pairs {
        let (ia, ib) = (&counting[ia.clone()], &counting[ib.clone()]);
        let score = ia.iter().flat_map(|&i| ib.iter().map(move |&j| (i, j))).map(|(i, j)| sim[i][j]).fold(0.0, f64::max);
        let semantic = sem.as_ref().map(|e| ia.iter().flat_map(|&i| ib.iter().map(move |&j| (i, j))).filter_map(|(i, j)| e[i][j]).fold(0.0, f64::max));
        rows.push(make_pair((a, pa), (b, pb), &norms, ia, ib, (score, semantic.unwrap_or(0.0)), &common, p));
    }
    // A claim left without a partner of its own may still speak to a claim the other side
    // aligned elsewhere: that is a `related` link (the partner appears in two rows), not an
    // omission. Only claims with no such link are omissions.
    // Two unpaired claims that are each other's best counterpart get one link row, not two.
    let links = if within { Vec::new() } else { contradiction_links((a, pa), (b, pb), &norms, &sim, &pairs, &common, p) };
    // A claim in a contradiction link is not an omission; a related link that would repeat a
    // contradiction link is left out.
    // (Cells and units as flags: the sets are small, and hashing them cost more than the rest.)
    let nb = ub.len();
    let mut linked = vec![false; ua.len() * nb];
    let (mut link_a, mut link_b) = (vec![false; ua.len()], vec![false; nb]);
    for r in &links {
        if let (Some(x), Some(y)) = (&r.a, &r.b) {
            linked[x.clause * nb + y.clause] = true;
            link_a[x.clause] = true;
            link_b[y.clause] = true;
        }
    }
    let mut link = |i: usize, j: usize| !std::mem::replace(&mut linked[i * nb + j], true);
    rows.extend(links);
    for (i, u) in ua.iter().enumerate() {
        if used_a[i] {
            continue;
        }
        let (j, s) = best(sim[i].iter().copied());
        if !within && s >= p.related_link {
            if link(i, j) {
                rows.push(related_link((a, pa), (b, pb), &norms, i, j, s, &common, p));
            }
        } else if !link_a[i] {
            rows.push(unaligned(a, u, i, true, p));
        }
    }
    for (j, u) in ub.iter().enumerate() {
        if used_b[j] {
            continue;
        }
        let (i, s) = best(sim.col(j).copied());
        if !within && s >= p.related_link {
            if link(i, j) {
                rows.push(related_link((a, pa), (b, pb), &norms, i, j, s, &common, p));
            }
        } else if !link_b[j] {
            rows.push(unaligned(b, u, j, false, p));
        }
    }
    // Reading order of side A, with B-only rows placed after the A row of their nearest B neighbour.
    rows.sort_by_key(order_key);
    rows
}

/// Each unit's embedding: the unit's own, else the document's for that claim (empty = none).
fn vectors_of<'x>(d: &'x Doc<'_>, units: &'x [Unit]) -> Vec<Option<&'x [f32]>> {
    units.iter().enumerate().map(|(k, u)| u.vector.as_deref().or_else(|| d.vectors.and_then(|v| v.get(k)).filter(|v| !v.is_empty()).map(|v| v.as_slice()))).collect()
}

/// The aligner's units of a document, without embeddings (they are read from the document).
pub fn units_of_words(d: &Doc<'_>) -> Vec<Unit> {
    d.claims.iter().map(|c| Unit::from_claim(d.text, c, d.lang)).collect()
}

/// The aligner's units of a document, with their embeddings when it has them.
pub(crate) fn units_of(d: &Doc<'_>) -> Vec<Unit> {
    d.claims
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut u = Unit::from_claim(d.text, c, d.lang);
            u.vector = d.vectors.and_then(|v| v.get(k)).filter(|v| !v.is_empty()).map(|v| std::sync::Arc::from(v.as_slice()));
            u
        })
        .collect()
}

fn order_key(p: &AlignedPair) -> (usize, usize) {
    let clause = |c: &Option<ClaimRef>| c.as_ref().map_or(usize::MAX, |c| c.clause);
    (clause(&p.a), clause(&p.b))
}

/// Similarity of every unit pair: TF-IDF cosine over stems, character trigram overlap inside
/// words, shared numbers and shared actors; and, when both units have sentence embeddings, their
/// cosine above the pair of documents' own baseline (embeddings of any two sentences about one
/// event are close, so only the excess over the typical pair says "these answer each other").
pub fn similarity_matrix(ua: &[Unit], ub: &[Unit]) -> Grid<f64> {
    fn refs(us: &[Unit]) -> Vec<Option<&[f32]>> {
        us.iter().map(|u| u.vector.as_deref()).collect()
    }
    let pa = Prepared::new(ua.to_vec());
    let pb = if std::ptr::eq(ua, ub) { None } else { Some(Prepared::new(ub.to_vec())) };
    let pb = pb.as_ref().unwrap_or(&pa);
    similarity_parts(&pa, pb, &refs(ua), (&refs(ub), None), &pa.stem_merge(pb)).0
}

/// The similarity matrix of two documents' units and its semantic part (for explanations and
/// diagnostics: why a pair was or was not aligned).
pub fn doc_similarity(a: &Doc<'_>, b: &Doc<'_>) -> (Grid<f64>, Option<SemanticMatrix>) {
    let (pa, pb) = (Prepared::new(units_of_words(a)), Prepared::new(units_of_words(b)));
    similarity_parts(&pa, &pb, &vectors_of(a, &pa.units), (&vectors_of(b, &pb.units), None), &pa.stem_merge(&pb))
}

/// [`similarity_matrix`] and its semantic part (rescaled embedding cosines), when there is one.
pub type SemanticMatrix = Grid<Option<f64>>;
/// (`shared`: the two accounts' stems merged, [`Prepared::stem_merge`]; B's vectors with their
/// packing, if made ahead.)
fn similarity_parts(pa: &Prepared, pb: &Prepared, va: &[Option<&[f32]>], vb: (&[Option<&[f32]>], Option<&PackedVectors>), shared: &(Vec<u32>, Vec<u32>)) -> (Grid<f64>, Option<SemanticMatrix>) {
    let (ua, ub) = (&pa.units[..], &pb.units[..]);
    let nums = numbers_shared(ua, ub);
    let mut m = prepared::lexical_shared(pa, pb, shared, &nums);
    let emb = semantic_matrix(va, vb);
    if let Some(e) = &emb {
        for ((x, s), &nums) in m.cells_mut().iter_mut().zip(e.cells()).zip(&nums) {
            if let Some(s) = s {
                // Lexical evidence stays; semantic evidence can lift a pair that shares no
                // words (another language, or a paraphrase).
                *x = x.max((0.5 * *x + SEMANTIC_WEIGHT * s + 0.08 * nums).clamp(0.0, 1.0));
            }
        }
    }
    // The same accusation in other words: both claims lay blame on the same state, army or
    // armed group, by speakers of one side ("Moscow accuses Turkey of failing to curb the militants" / "the Kremlin
    // accuses Turkey of not preventing the attacks"), in any two languages.
    for (i, x) in ua.iter().enumerate().filter(|(_, x)| x.blame) {
        for (j, y) in ub.iter().enumerate().filter(|(_, y)| y.blame) {
            if same_blame(x, y).is_some() {
                m[i][j] = (m[i][j] + SAME_BLAME).min(1.0);
            }
        }
    }
    // The same set phrases ("sovereignty and territorial integrity", "ceasefire"), in any two
    // languages: evidence of one statement that the embedding may miss.
    for (i, x) in ua.iter().enumerate().filter(|(_, x)| !x.notions.is_empty()) {
        for (j, y) in ub.iter().enumerate().filter(|(_, y)| !y.notions.is_empty()) {
            let n = notions_shared(x, y, false).min(2);
            if n > 0 {
                m[i][j] = (m[i][j] + NOTION_LIFT * n as f64).min(1.0);
            }
        }
    }
    (m, emb)
}

/// Added to the similarity of two claims for each set phrase they share (at most two).
const NOTION_LIFT: f64 = 0.05;

/// Added to the similarity of two claims that blame the same party.
const SAME_BLAME: f64 = 0.06;

/// Weight of the embedding signal (its rescaled cosine, 0–1) in the similarity.
const SEMANTIC_WEIGHT: f64 = 0.6;

/// Rescaled embedding cosines, `None` where a unit has no vector; `None` overall when no pair has.
fn semantic_matrix(va: &[Option<&[f32]>], (vb, packed_b): (&[Option<&[f32]>], Option<&PackedVectors>)) -> Option<SemanticMatrix> {
    if !va.iter().any(|v| v.is_some()) || !vb.iter().any(|v| v.is_some()) {
        return None;
    }
    // Cosine of every pair with vectors: the f64 sum of component products, in component order.
    let (mut raw, mut all) = prepared::cosines(va, vb, packed_b);
    // Baseline: the median cosine of the pair of documents (robust to the few true pairs), but
    // never below what unrelated sentences of one topic score.
    let mid = all.len() / 2;
    let base = if all.len() >= 9 { *all.select_nth_unstable_by(mid, f64::total_cmp).1 } else { 0.84 }.max(0.78);
    for c in raw.cells_mut().iter_mut().flatten() {
        *c = ((*c - base) / (1.0 - base)).clamp(0.0, 1.0);
    }
    Some(raw)
}

/// The lexical part of [`similarity_matrix`] for one unit pair, from its signals: the TF-IDF
/// cosine over stems (IDF over the units of both sides), the Dice overlap of character trigrams,
/// the share of numbers in common and the Jaccard overlap of actors. (The signals are computed
/// for all pairs at once in `prepared::lexical`.)
#[inline(always)]
fn lexical_score(cos: f64, dice: f64, nums: f64, actors: f64) -> f64 {
    (0.55 * cos + 0.3 * dice + 0.08 * nums + 0.07 * actors).clamp(0.0, 1.0)
}

/// [`shared_numbers`] of every unit pair, row-major (0 where either unit has no number: most
/// units, so only the few pairs of units with numbers are looked at).
fn numbers_shared(ua: &[Unit], ub: &[Unit]) -> Vec<f64> {
    let nb = ub.len();
    let mut out = vec![0.0; ua.len() * nb];
    let with_numbers = |us: &[Unit]| -> Vec<usize> { (0..us.len()).filter(|&k| !us[k].numbers.is_empty()).collect() };
    let ys = with_numbers(ub);
    for i in with_numbers(ua) {
        for &j in &ys {
            out[i * nb + j] = shared_numbers(&ua[i], &ub[j]);
        }
    }
    out
}

fn shared_numbers(x: &Unit, y: &Unit) -> f64 {
    if x.numbers.is_empty() || y.numbers.is_empty() {
        return 0.0;
    }
    let same = x.numbers.iter().filter(|n| y.numbers.iter().any(|m| m.value == n.value)).count();
    same as f64 / x.numbers.len().max(y.numbers.len()) as f64
}

/// Global 1:1 assignment (Hungarian), pruned by absolute and relative thresholds, then
/// one-to-many merges of adjacent units whose best counterpart is already taken. Each pair's
/// units on either side are neighbours (a unit joins next to one already there): ranges.
fn assign(sim: &Grid<f64>, na: usize, nb: usize, p: &Params, joinable: impl Fn(bool, usize, usize) -> bool) -> Vec<(Range<usize>, Range<usize>)> {
    if na == 0 || nb == 0 {
        return Vec::new();
    }
    let n = na.max(nb);
    const SCALE: f64 = 1_000_000.0;
    let mut w = vec![0.0f64; n * n];
    for (i, row) in sim.iter_rows().enumerate() {
        for (w, &s) in w[i * n..i * n + nb].iter_mut().zip(row) {
            // Whole numbers, as integer weights would be (similarities are in [0, 1]); cut by
            // a conversion, as `f64::trunc` (a library call on the baseline x86-64) does.
            *w = (s * SCALE) as i64 as f64;
        }
    }
    let cols = hungarian::assign(&w, n);
    let row_best: Vec<f64> = (0..na).map(|i| sim[i].iter().cloned().fold(0.0, f64::max)).collect();
    // Each column's maximum in row order, taken row by row (a column is a strided walk).
    let mut col_best = vec![0.0f64; nb];
    for row in sim.iter_rows() {
        for (m, &s) in col_best.iter_mut().zip(row) {
            *m = m.max(s);
        }
    }
    let mut pairs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut a_of_b = vec![None; nb];
    let mut b_of_a = vec![None; na];
    for (i, &j) in cols.iter().enumerate().take(na) {
        if j >= nb {
            continue;
        }
        let s = sim[i][j];
        if s >= p.min_score && s >= p.relative * row_best[i] && s >= p.relative * col_best[j] {
            a_of_b[j] = Some(pairs.len());
            b_of_a[i] = Some(pairs.len());
            pairs.push((i..i + 1, j..j + 1));
        }
    }
    // One-to-many: an unaligned unit next to an aligned one, whose best counterpart is that
    // unit's partner, joins the pair (one side split what the other said in one clause).
    for i in 0..na {
        if b_of_a[i].is_some() {
            continue;
        }
        let (j, s) = best(sim[i].iter().copied());
        if let Some(k) = a_of_b[j] {
            let adjacent = next_to(&pairs[k].0, i).is_some_and(|x| joinable(true, i, x));
            if adjacent && s >= p.min_score * 1.5 && s >= 0.6 * sim[pairs[k].0.start][j] {
                pairs[k].0 = with(&pairs[k].0, i);
                b_of_a[i] = Some(k);
            }
        }
    }
    for (j, joined) in a_of_b.iter_mut().enumerate() {
        if joined.is_some() {
            continue;
        }
        let (i, s) = best(sim.col(j).copied());
        if let Some(k) = b_of_a[i] {
            let adjacent = next_to(&pairs[k].1, j).is_some_and(|x| joinable(false, j, x));
            if adjacent && pairs[k].0.len() == 1 && s >= p.min_score * 1.5 && s >= 0.6 * sim[i][pairs[k].1.start] {
                pairs[k].1 = with(&pairs[k].1, j);
                *joined = Some(k);
            }
        }
    }
    pairs
}

/// The unit of neighbours `r` next to unit `i` (not one of them), if one is.
fn next_to(r: &Range<usize>, i: usize) -> Option<usize> {
    if i + 1 == r.start {
        Some(r.start)
    } else if i == r.end {
        Some(r.end - 1)
    } else {
        None
    }
}

/// Neighbours `r` with unit `i` next to them.
fn with(r: &Range<usize>, i: usize) -> Range<usize> {
    r.start.min(i)..r.end.max(i + 1)
}

/// Stems found in a quarter of all units of both sides (at least three): the event's place and
/// parties, which say nothing about whether a denial meets an affirmation. Looked up in the two
/// accounts' stem document frequencies (within one account: once).
/// (The few common stems are listed once per pair: they are asked about for every word the
/// relation checks look at.)
struct Common<'p> {
    stems: Vec<&'p str>,
}

impl Common<'_> {
    fn contains(&self, stem: &str) -> bool {
        self.stems.contains(&stem)
    }
}

fn common_stems<'p>(pa: &'p Prepared, pb: Option<&'p Prepared>) -> Common<'p> {
    Common { stems: pa.stems_at_least(pb, common_limit(pa, pb)) }
}

/// In how many units a common stem occurs at least (a quarter of all, at least three).
fn common_limit(pa: &Prepared, pb: Option<&Prepared>) -> u32 {
    let n = pa.units.len() + pb.map_or(0, |b| b.units.len());
    (n / 4).max(3) as u32
}

/// Not in any pair.
const NONE_PAIR: usize = usize::MAX;

/// How many of a unit's best counterparts are looked at for contradictions beyond its own pair.
const LINK_CANDIDATES: usize = 3;
/// At most this many contradiction links per claim.
const LINKS_PER_CLAIM: usize = 3;

/// The best [`LINK_CANDIDATES`] values offered of a row or column (highest first; of equal values
/// the first offered), by their places. Kept without a branch on the values: whether a cell is
/// among its row's or column's best is a coin toss to the predictor, and every cell is offered
/// twice per comparison.
#[derive(Clone, Copy)]
struct Best {
    /// The values as keys in `f64::total_cmp`'s order, highest first (`i64::MIN`: none yet;
    /// similarities are in [0, 1], far above it).
    keys: [i64; LINK_CANDIDATES],
    at: [u32; LINK_CANDIDATES],
}

impl Best {
    const EMPTY: Best = Best { keys: [i64::MIN; LINK_CANDIDATES], at: [0; LINK_CANDIDATES] };

    /// `x`'s key: integers compare as `f64::total_cmp` orders the values.
    fn key(x: f64) -> i64 {
        let bits = x.to_bits() as i64;
        bits ^ (((bits >> 63) as u64) >> 1) as i64
    }

    /// Offer the value of key `key` at `at`: it goes in before the first lower one, and the
    /// ones from there move down (the last falls out), each entry a select, not a branch.
    #[inline(always)]
    fn offer(&mut self, key: i64, at: u32) {
        let higher = self.keys.map(|k| key > k);
        for m in (0..LINK_CANDIDATES).rev() {
            let down = m > 0 && higher[m - 1];
            let (k, x) = if down { (self.keys[m - 1], self.at[m - 1]) } else if higher[m] { (key, at) } else { (self.keys[m], self.at[m]) };
            (self.keys[m], self.at[m]) = (k, x);
        }
    }

    /// The places of the best of `len` values offered.
    fn places(&self, len: usize) -> &[u32] {
        &self.at[..len.min(LINK_CANDIDATES)]
    }
}

/// Contradictions between claims that are not each other's partner. One account's claim can
/// contradict a claim the other account aligned elsewhere ("the presidents could not agree on a
/// ceasefire" vs "they agreed a ceasefire from midnight", when the latter is paired with the
/// other lede), and blame laid on different sides rarely shares words. Each claim gets at most
/// three such links, the best-scoring first.
#[allow(clippy::too_many_arguments)]
fn contradiction_links(
    (a, pa): (&Doc<'_>, &Prepared),
    (b, pb): (&Doc<'_>, &Prepared),
    norms: &prepared::PairNorms,
    sim: &Grid<f64>,
    pairs: &[(Range<usize>, Range<usize>)],
    common: &Common<'_>,
    p: &Params,
) -> Vec<AlignedPair> {
    let (ua, ub) = (&pa.units[..], &pb.units[..]);
    let (na, nb) = (ua.len(), ub.len());
    if na == 0 || nb == 0 {
        return Vec::new();
    }
    // Each unit is in at most one pair: two units are paired when both are in the same one.
    let (mut pair_a, mut pair_b) = (vec![NONE_PAIR; na], vec![NONE_PAIR; nb]);
    for (k, (x, y)) in pairs.iter().enumerate() {
        pair_a[x.clone()].fill(k);
        pair_b[y.clone()].fill(k);
    }
    let paired = |i: usize, j: usize| pair_a[i] != NONE_PAIR && pair_a[i] == pair_b[j];
    let mut cands: Vec<(f64, usize, usize, ContradictionKind, String)> = Vec::new();
    let mut seen = vec![false; na * nb];
    let mut consider = |i: usize, j: usize, cands: &mut Vec<_>| {
        if paired(i, j) || std::mem::replace(&mut seen[i * nb + j], true) {
            return;
        }
        if let Some((kind, why)) = cross_contradiction(&ua[i], &ub[j], a, b, sim[i][j], common, p) {
            cands.push((sim[i][j], i, j, kind, why));
        }
    };
    // The best candidates of every row and every column, in one pass over the cells (row by
    // row; each column's best kept as the rows go by).
    let mut col_best = vec![Best::EMPTY; nb];
    for (i, row) in sim.iter_rows().enumerate() {
        let mut row_best = Best::EMPTY;
        for (j, (&x, col)) in row.iter().zip(&mut col_best).enumerate() {
            let key = Best::key(x);
            row_best.offer(key, j as u32);
            col.offer(key, i as u32);
        }
        for &j in row_best.places(nb) {
            consider(i, j as usize, &mut cands);
        }
    }
    for (j, col) in col_best.iter().enumerate() {
        for &i in col.places(na) {
            consider(i as usize, j, &mut cands);
        }
    }
    // A denial and an affirmation of the same act between the same parties, at any similarity.
    for (i, x) in ua.iter().enumerate().filter(|(_, x)| !x.actors.is_empty()) {
        for (j, y) in ub.iter().enumerate().filter(|(_, y)| x.negated != y.negated && !y.actors.is_empty()) {
            let (neg, other) = if x.negated { (x, y) } else { (y, x) };
            if names_act(&neg.neg_head, other) {
                consider(i, j, &mut cands);
            }
        }
    }
    // Blame on different sides: any pair of blaming claims by speakers of different sides.
    for i in (0..na).filter(|&i| ua[i].blame) {
        for j in (0..nb).filter(|&j| ub[j].blame) {
            consider(i, j, &mut cands);
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_a, mut used_b) = (vec![0usize; na], vec![0usize; nb]);
    let mut out = Vec::new();
    for (score, i, j, kind, why) in cands {
        if used_a[i] >= LINKS_PER_CLAIM || used_b[j] >= LINKS_PER_CLAIM {
            continue;
        }
        used_a[i] += 1;
        used_b[j] += 1;
        out.push(AlignedPair {
            a: Some(claim_ref(a, &[i])),
            b: Some(claim_ref(b, &[j])),
            relation: Relation::Contradiction,
            kind,
            score: (score * 1000.0).round() / 1000.0,
            explanation: Some(format!("{why} (claims aligned elsewhere)")),
            diff: word_diff((a, pa, &[i]), (b, pb, &[j]), norms),
        });
    }
    out
}

/// The first highest value of a row or column, and where it is.
fn best(values: impl Iterator<Item = f64>) -> (usize, f64) {
    values.enumerate().fold((0, f64::MIN), |acc, (k, v)| if v > acc.1 { (k, v) } else { acc })
}

/// A secondary row between claim `i` of A and claim `j` of B, one of which is aligned elsewhere:
/// `related`, or `paraphrase` when the two share what is claimed (one account repeats a
/// statement the other makes once: "they agreed a ceasefire" in the lede and again in Erdogan's
/// words): in one language, two claim words and a lexical score of a paraphrase; across
/// languages, two notions ([`notions_shared`]).
#[allow(clippy::too_many_arguments)]
fn related_link(
    (a, pa): (&Doc<'_>, &Prepared),
    (b, pb): (&Doc<'_>, &Prepared),
    norms: &prepared::PairNorms,
    i: usize,
    j: usize,
    score: f64,
    common: &Common<'_>,
    p: &Params,
) -> AlignedPair {
    let (ua, ub) = (&pa.units, &pb.units);
    let numeric = numeric_conflict(&ua[i], &ub[j], a, b).map(|(why, _)| why);
    // The embedding alone does not make a link a paraphrase: the pair lost the assignment to
    // another, and its semantic score is then mostly the story's common topic.
    let (x, y) = (&ua[i], &ub[j]);
    let same = numeric.is_none()
        && ((a.lang == b.lang && score >= p.paraphrase_score && content_shared(x, y, common, 2) >= 2) || notions_agree(x, y, a.lang == b.lang));
    AlignedPair {
        a: Some(claim_ref(a, &[i])),
        b: Some(claim_ref(b, &[j])),
        relation: if same { Relation::Paraphrase } else { Relation::Related },
        kind: if numeric.is_some() { ContradictionKind::Numeric } else { ContradictionKind::None },
        score: (score * 1000.0).round() / 1000.0,
        explanation: Some(numeric.unwrap_or_else(|| if same { "says again what a claim aligned elsewhere says" } else { "related to a claim aligned elsewhere" }.into())),
        diff: word_diff((a, pa, &[i]), (b, pb, &[j]), norms),
    }
}

fn claim_ref(doc: &Doc<'_>, idx: &[usize]) -> ClaimRef {
    let start = idx.iter().map(|&i| doc.claims[i].span.start).min().unwrap_or(0);
    let end = idx.iter().map(|&i| doc.claims[i].span.end).max().unwrap_or(0);
    ClaimRef { clause: idx[0], clauses: idx.to_vec(), start, end, text: doc.text[start..end].to_string() }
}

fn unaligned(doc: &Doc<'_>, u: &Unit, i: usize, side_a: bool, p: &Params) -> AlignedPair {
    let r = Some(claim_ref(doc, &[i]));
    let weighty = !u.numbers.is_empty() || u.content_len() >= p.omission_min_words;
    let (a, b) = if side_a { (r, None) } else { (None, r) };
    AlignedPair {
        a,
        b,
        relation: if weighty { Relation::Omission } else { Relation::Related },
        kind: ContradictionKind::None,
        score: 0.0,
        explanation: weighty.then(|| if side_a { "only in A" } else { "only in B" }.to_string()),
        diff: Vec::new(),
    }
}

thread_local! {
    /// Each side's merged unit of a one-to-many row, rebuilt in place for every such row
    /// ([`merged`]): cloning every token's strings anew was a good part of a comparison's
    /// allocations.
    static MERGED: std::cell::RefCell<[Option<Unit>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// Units `idx` of `us` (adjacent, in text order) as one unit: the first one's, with the tokens,
/// numbers, actors, agents, negation and concepts of all; built in `scratch`, whose buffers are
/// reused. A single unit is itself.
fn merged<'u>(us: &'u [Unit], idx: &[usize], scratch: &'u mut Option<Unit>) -> &'u Unit {
    let first = &us[idx[0]];
    if idx.len() == 1 {
        return first;
    }
    let u = scratch.get_or_insert_with(|| first.clone());
    let all = || idx.iter().map(|&k| &us[k]);
    // Every field is named, so a field added to `Unit` must get its merged value here: left
    // out, the scratch would keep its value from an earlier row, of this or another comparison.
    let Unit { span, tokens, numbers, negated, actors, side, grams, vector, agents, blame, joint_parties, neg_scope, neg_head, neg_verb, named, acts, failure, notions, words } = u;
    *span = first.span;
    refill(tokens, all().flat_map(|x| &x.tokens));
    refill(numbers, all().flat_map(|x| &x.numbers));
    *negated = all().any(|x| x.negated);
    // The first set cloned whole, then the others added: the same set, iterated in the same
    // order, as the first unit's clone extended.
    *actors = first.actors.clone();
    actors.extend(all().skip(1).flat_map(|x| x.actors.iter().cloned()));
    side.clone_from(&first.side);
    refill(grams, first.grams.iter());
    vector.clone_from(&first.vector);
    refill(agents, all().flat_map(|x| &x.agents));
    *blame = all().any(|x| x.blame);
    *joint_parties = all().any(|x| x.joint_parties);
    refill(neg_scope, all().flat_map(|x| &x.neg_scope));
    refill(neg_head, all().flat_map(|x| &x.neg_head));
    refill(neg_verb, all().flat_map(|x| &x.neg_verb));
    refill(named, all().flat_map(|x| &x.named));
    refill(acts, all().flat_map(|x| &x.acts));
    acts.sort_unstable();
    acts.dedup();
    *failure = all().any(|x| x.failure);
    refill(notions, all().flat_map(|x| &x.notions));
    notions.sort_unstable();
    notions.dedup();
    refill(words, first.words.iter());
    u
}

/// `dst` made a copy of the items of `src`, its own items overwritten in place (`clone_from`
/// keeps a string's buffer).
fn refill<'s, T: Clone + 's>(dst: &mut Vec<T>, src: impl Iterator<Item = &'s T>) {
    let mut n = 0;
    for x in src {
        match dst.get_mut(n) {
            Some(d) => d.clone_from(x),
            None => dst.push(x.clone()),
        }
        n += 1;
    }
    dst.truncate(n);
}

#[allow(clippy::too_many_arguments)]
fn make_pair(
    (a, pa): (&Doc<'_>, &Prepared),
    (b, pb): (&Doc<'_>, &Prepared),
    norms: &prepared::PairNorms,
    ia: &[usize],
    ib: &[usize],
    (score, semantic): (f64, f64),
    common: &Common<'_>,
    p: &Params,
) -> AlignedPair {
    let (ua, ub) = (&pa.units[..], &pb.units[..]);
    let overlap = token_overlap(norms.overlap((pa, ia), (pb, ib)));
    // The framing terms of a single unit were found ahead; a merged unit is searched as a whole.
    fn found<'p>(pu: &'p Prepared, idx: &[usize], u: &Unit) -> std::borrow::Cow<'p, [framing::Found]> {
        if idx.len() == 1 {
            std::borrow::Cow::Borrowed(&pu.framing[idx[0]])
        } else {
            std::borrow::Cow::Owned(framing::found(u))
        }
    }
    let (relation, kind, explanation) = MERGED.with(|scratch| {
        let [sa, sb] = &mut *scratch.borrow_mut();
        let (xa, xb) = (merged(ua, ia, sa), merged(ub, ib, sb));
        let framing = || framing::conflict_of(&found(pa, ia, xa), &found(pb, ib, xb));
        classify(xa, xb, a, b, (score, semantic), overlap, framing, common, p)
    });
    AlignedPair {
        a: Some(claim_ref(a, ia)),
        b: Some(claim_ref(b, ib)),
        relation,
        kind,
        score: (score * 1000.0).round() / 1000.0,
        explanation,
        diff: word_diff((a, pa, ia), (b, pb, ib), norms),
    }
}

/// The word diff of units `ia` of A and `ib` of B. None across languages: every word differs, and
/// a row painted wholly as changed says nothing (numbers and speakers are marked apart).
fn word_diff((a, pa, ia): (&Doc<'_>, &Prepared, &[usize]), (b, pb, ib): (&Doc<'_>, &Prepared, &[usize]), norms: &prepared::PairNorms) -> Vec<DiffOp> {
    if a.lang != b.lang {
        return Vec::new();
    }
    // The tokens' spans and A's token ids are read where the accounts keep them; B's ids
    // (mapped to the pair's numbering) and the ops go to buffers kept per thread (a comparison
    // makes a hundred diffs or more).
    thread_local! {
        static BUFFERS: std::cell::RefCell<([Vec<u32>; 2], Vec<similar::DiffOp>)> = Default::default();
    }
    BUFFERS.with(|buffers| {
        let ([ba, bb], ops) = &mut *buffers.borrow_mut();
        let (xa, xb) = (norms.ids_in(pa, ia, false, ba), norms.ids_in(pb, ib, true, bb));
        diff((a.text, &pa.token_spans(ia), xa), (b.text, &pb.token_spans(ib), xb), ops)
    })
}

/// Jaccard overlap of the two sides' sets of folded forms, from how many they share and how many
/// each has ([`prepared::PairNorms::overlap`]).
fn token_overlap((inter, nx, ny): (usize, usize, usize)) -> f64 {
    if nx == 0 && ny == 0 {
        return 1.0;
    }
    inter as f64 / (nx + ny - inter) as f64
}

#[allow(clippy::too_many_arguments)]
fn classify(
    x: &Unit,
    y: &Unit,
    a: &Doc<'_>,
    b: &Doc<'_>,
    (score, semantic): (f64, f64),
    overlap: f64,
    framing: impl FnOnce() -> Option<String>,
    common: &Common<'_>,
    p: &Params,
) -> (Relation, ContradictionKind, Option<String>) {
    if let Some((why, same_day)) = numeric_conflict(x, y, a, b) {
        // Counts reported on different days may both be right (the toll rose): flag, don't accuse.
        let relation = if same_day { Relation::Contradiction } else { Relation::Related };
        return (relation, ContradictionKind::Numeric, Some(why));
    }
    // A denial contradicts an affirmation when it governs what the other affirms.
    // Across languages words cannot meet: the alignment itself (embeddings) stands for them.
    let (neg, other) = if x.negated { (x, y) } else { (y, x) };
    // Across languages (no words meet) an aligned pair where the other side names the denied act
    // itself contradicts, whatever the score ("войдут в приграничный район" / "bölgeye
    // girmeyeceğini").
    let named_across = a.lang != b.lang && !other.failure && names_act(&neg.neg_head, other);
    // Otherwise across languages the pair must be one statement by more than its score, which
    // the common words lift (a word in the scope of a denial is often its setting, not what it
    // denies: "no satisfactory result of the negotiations" / "the negotiations lasted six
    // hours"): the embedding says so, or both name a set phrase.
    let about = || semantic >= p.semantic_paraphrase || notions_shared(neg, other, false) >= 1;
    // Accounts published months apart tell of different events: what one denied then, the
    // other may affirm of another day's act (as with blame, [`far_apart`]).
    if x.negated != y.negated && !far_apart(a, b) && ((score >= p.polarity_score && (if a.lang != b.lang { about() } else { denial_meets(neg, other, common) })) || named_across) {
        let which = if x.negated { "A denies, B affirms" } else { "A affirms, B denies" };
        return (Relation::Contradiction, ContradictionKind::Polarity, Some(format!("{which}{}", days_apart(a, b))));
    }
    if let Some(why) = attribution_conflict(x, y).filter(|_| !far_apart(a, b)) {
        return (Relation::Contradiction, ContradictionKind::Attribution, Some(why));
    }
    // Loaded naming is a difference of framing, not of fact: the relation stays what the
    // wording says, and the kind names the framing.
    let framing = framing();
    let (kind, why) = match framing {
        Some(w) => (ContradictionKind::Framing, Some(w)),
        None => (ContradictionKind::None, None),
    };
    if overlap >= p.same_overlap {
        (Relation::Same, kind, why)
    } else if let Some(whom) = same_blame(x, y) {
        // The same accusation retold: both lay blame on one party, by speakers of one side.
        (Relation::Paraphrase, kind, why.or_else(|| Some(format!("both blame {whom}"))))
    } else if paraphrased(x, y, a.lang == b.lang, (score, semantic), common, p) {
        (Relation::Paraphrase, kind, why)
    } else {
        (Relation::Related, kind, why)
    }
}

/// The same act given to different actors: both units assign blame or cause, the actors they
/// name (their speakers aside) belong to different, non-overlapping sides, and they speak of one
/// act. Two units that both name acts ([`features::predicate`]) with none in common blame different
/// acts — "Turkey did not prevent the attacks" against "Russia is reinforcing its support to the
/// army" are accusations, but not of the same thing; a unit naming no known act ("the militants'
/// actions led to the resumption of hostilities") may speak of any.
fn attribution_conflict(x: &Unit, y: &Unit) -> Option<String> {
    if !x.blame || !y.blame {
        return None;
    }
    // The acts a blame can be for: those of the first eight predicate concepts. The later ones
    // (receive, allow, kill, …) serve denials; in a blaming claim "killing" is usually what the
    // blamed act caused ("the militants' actions led to the resumption of fighting, which killed
    // Turkish soldiers"), not another act.
    let blamed = |u: &Unit| -> Vec<u8> { u.acts.iter().copied().filter(|&c| c <= features::BLAME_ACTS).collect() };
    let (ax, ay) = (blamed(x), blamed(y));
    if !ax.is_empty() && !ay.is_empty() && !ax.iter().any(|c| ay.contains(c)) {
        return None;
    }
    fn sides(u: &Unit) -> Vec<&str> {
        let mut v: Vec<&str> = u.agents.iter().filter(|a| blamable(a)).map(|(_, s, _)| s.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let (sx, sy) = (sides(x), sides(y));
    if sx.is_empty() || sy.is_empty() || sx.iter().any(|s| sy.contains(s)) {
        return None;
    }
    let names = |u: &Unit| -> String {
        let mut v: Vec<&str> = u.agents.iter().filter(|a| blamable(a)).map(|(_, _, n)| n.as_str()).collect();
        v.dedup();
        v.join(", ")
    };
    Some(format!("A points to {}, B to {}", names(x), names(y)))
}

/// Is an aligned pair a paraphrase? Within one language it must share what is claimed, not only
/// who is named: two claims naming "Russian President Vladimir Putin and his Turkish
/// counterpart" score high on their names whatever they say. Across languages the embedding
/// stands for the words.
fn paraphrased(x: &Unit, y: &Unit, one_language: bool, (score, semantic): (f64, f64), common: &Common<'_>, p: &Params) -> bool {
    // (Shared stems counted only when a threshold is met: most aligned pairs meet neither.)
    let (by_score, by_meaning) = (score >= p.paraphrase_score, semantic >= p.semantic_paraphrase);
    if by_score || by_meaning {
        let shared = if one_language { content_shared(x, y, common, 2) } else { usize::MAX };
        if (by_score && shared >= 2) || (by_meaning && shared >= 1) {
            return true;
        }
    }
    notions_agree(x, y, one_language)
}

/// Two units of one polarity that name two of the same notions: set phrases of the concept
/// lexicon ("sovereignty", "territorial integrity", "ceasefire"), and across languages also
/// predicate concepts ("agree"). They are the same statement where the embedding, diluted by a
/// long sentence, is unsure ("لا يمكن تحقيق الأمن … إلا من خلال سيادة سوريا واستقلال أراضيها" /
/// "ننطلق من ضرورة الالتزام بمبدأ احترام سيادة سوريا ووحدة أراضيها" / "Мы подтвердили
/// приверженность суверенитету и территориальной целостности Сирии"). Within one language the
/// predicates are left to the shared words: "agree" and "meet" say too little there. A denial
/// against an affirmation ("could not agree on a ceasefire" / "agreed a ceasefire") is never one.
fn notions_agree(x: &Unit, y: &Unit, one_language: bool) -> bool {
    x.negated == y.negated && notions_shared(x, y, !one_language) >= 2
}

/// How many set phrases of the concept lexicon two units both name, and with `acts` how many
/// predicate concepts too.
fn notions_shared(x: &Unit, y: &Unit, acts: bool) -> usize {
    let phrases = x.notions.iter().filter(|c| y.notions.contains(c)).count();
    phrases + if acts { x.acts.iter().filter(|a| y.acts.contains(a)).count() } else { 0 }
}

/// How many stems of what `x` claims ([`Unit::term_tokens`]: no stop words, no actors' names)
/// `y` has too, the two accounts' common stems aside, counting no further than `enough` (the
/// callers ask "at least one" or "at least two").
fn content_shared(x: &Unit, y: &Unit, common: &Common<'_>, enough: usize) -> usize {
    // `y`'s stems by their tails, in a buffer kept per thread (asked for most aligned rows).
    thread_local! {
        static TAILS: std::cell::RefCell<Vec<Tail>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TAILS.with(|tails| {
        let mut ys = tails.borrow_mut();
        ys.clear();
        ys.extend(y.term_tokens().map(|t| Tail::of(&t.stem)));
        let mut found: Vec<&str> = Vec::new();
        for s in x.term_tokens().map(|t| t.stem.as_str()) {
            // Most stems meet none of `y`'s: the tails say so without a branch per pair; the few
            // that may meet one are tested in full.
            let tail = Tail::of(s);
            if ys.iter().fold(false, |any, o| any | tail.may_meet(o))
                && !found.contains(&s)
                && !common.contains(s)
                && y.term_tokens().any(|o| features::stems_meet(s, &o.stem))
            {
                found.push(s);
                if found.len() >= enough {
                    break;
                }
            }
        }
        found.len()
    })
}

/// A stem's last (up to) eight bytes, as the top bytes of a word, with the mask of the bytes it
/// holds, and its length. Stems that meet ([`features::stems_meet`]: equal, or one the other
/// behind a two-byte proclitic) end alike and are equally long or two bytes apart, so two tails
/// that differ where both hold bytes, or lengths otherwise apart, are stems that do not meet: a
/// filter of a few integer operations and no branch.
#[derive(Clone, Copy)]
struct Tail {
    bytes: u64,
    mask: u64,
    len: usize,
}

impl Tail {
    fn of(s: &str) -> Tail {
        let b = s.as_bytes();
        let n = b.len().min(8);
        // The last byte at the top, each one before it a byte lower (byte by byte: a copy of
        // `n` bytes was a call to memcpy per stem).
        let bytes = b.iter().rev().take(8).enumerate().fold(0u64, |w, (k, &c)| w | u64::from(c) << (56 - 8 * k));
        Tail { bytes, mask: u64::MAX.checked_shl(8 * (8 - n) as u32).unwrap_or(0), len: b.len() }
    }

    /// False when the two stems cannot meet.
    #[inline(always)]
    fn may_meet(&self, o: &Tail) -> bool {
        let (both, apart) = (self.mask & o.mask, self.len.abs_diff(o.len));
        ((apart == 0) | (apart == 2)) & (self.bytes & both == o.bytes & both)
    }
}

/// The party both units blame, when they do (by speakers of the same side, where known). A unit
/// that lays blame on parties of two sides joined by "and" ([`Unit::joint_parties`]: "يضع موسكو
/// وأنقرة في دائرة الاتهام", puts Moscow and Ankara in the circle of accusation — both are
/// suspected) accuses neither in particular, so it retells no one's accusation of one of them.
fn same_blame<'u>(x: &'u Unit, y: &Unit) -> Option<&'u str> {
    if !x.blame || !y.blame || matches!((&x.side, &y.side), (Some(s), Some(t)) if s != t) {
        return None;
    }
    if x.joint_parties || y.joint_parties {
        return None;
    }
    x.agents.iter().find(|a| blamable(a) && y.agents.iter().any(|b| b.0 == a.0)).map(|a| a.2.as_str())
}

/// Blame goes to states, armies and armed groups; a person named in a blaming claim is usually
/// the one who blames (a speaker the clause analysis did not attribute).
fn blamable((id, side, _): &(String, String, String)) -> bool {
    side != "other" && crate::claims::actors::Gazetteer::active().actors.iter().find(|d| &d.id == id).is_none_or(|d| d.kind != "person")
}

/// How many distinct stems of the words the negation in `neg` governs `other` has too (the
/// stems common across the two documents — place names, the parties — aside), counting no
/// further than `enough`. `content`: `other`'s tokens that are not stop words.
fn scope_shared(neg: &Unit, content: &[&Token], common: &Common<'_>, enough: usize) -> usize {
    let meets = |s: &str| !common.contains(s) && content.iter().any(|o| features::stems_meet(s, &o.stem));
    let mut all: Vec<&str> = Vec::new();
    for s in neg.neg_scope.iter().map(String::as_str) {
        if !all.contains(&s) && meets(s) {
            all.push(s);
            if all.len() >= enough {
                break;
            }
        }
    }
    all.len()
}

/// `other`'s tokens that are not stop words.
fn content_tokens(other: &Unit) -> Vec<&Token> {
    other.tokens.iter().filter(|t| !t.stop).collect()
}

/// Does the denial in `neg` contradict what `other` affirms (one language)? `other` names the
/// denied act ([`names_act`]), or has the denied word itself and another word of the negation's
/// scope or of the claim ("the talks … will not resume" / "the talks will resume tomorrow").
/// Never when `other` itself speaks of failure ("failed to curb"): it agrees with a denial
/// rather than contradicting it. (Each check is made only when the ones before leave the answer
/// open: the act, then the denied word, then the shared stems.)
fn denial_meets(neg: &Unit, other: &Unit, common: &Common<'_>) -> bool {
    if other.failure {
        return false;
    }
    if names_act(&neg.neg_head, other) {
        return true;
    }
    let content = content_tokens(other);
    let verb = neg.neg_verb.iter().any(|v| content.iter().any(|o| features::stems_meet(v, &o.stem)));
    verb && (scope_shared(neg, &content, common, 2) >= 2 || content_shared(neg, other, common, 2) >= 2)
}

/// Across languages (where no words meet), does `other` affirm what `neg` denies, whatever their
/// similarity: it names the denied act and a set phrase or a common word of the concept lexicon
/// besides ("did not violate Turkish airspace" / "hava sahasını ihlal etti") ("could
/// not agree on a ceasefire" / "договорились о прекращении огня"; a second act is not enough:
/// "Ankara did not inform Moscow before the strike" / "Moscow informed Ankara of the attacks"),
/// and does not itself report a failure.
fn denial_named_across(neg: &Unit, other: &Unit) -> bool {
    !other.failure && names_act(&neg.neg_head, other) && (notions_shared(neg, other, false) >= 1 || denied_word_named(neg, other))
}

/// Does `other` name a common word of the concept lexicon (tier "word": airspace, border, …)
/// that `neg`'s negation governs? A word named elsewhere in the denial ("will not allow a
/// corridor on its borders" / "protecting its borders is its right") is no denied word.
fn denied_word_named(neg: &Unit, other: &Unit) -> bool {
    neg.words.iter().any(|w| other.words.binary_search(w).is_ok() && concepts::in_scope(*w, &neg.neg_scope))
}

/// Does `other` name one of `acts` (predicate concepts, here a negation's denied act
/// `neg_head`), in any words and any language ("no meeting" / "will meet")?
fn names_act(acts: &[u8], other: &Unit) -> bool {
    acts.iter().any(|c| other.acts.binary_search(c).is_ok())
}

/// A contradiction between two units that are not aligned with each other (each may be aligned
/// elsewhere): a numeric conflict on the same day, a denial of what the other affirms, or blame
/// laid on different sides.
#[allow(clippy::too_many_arguments)]
fn cross_contradiction(x: &Unit, y: &Unit, a: &Doc<'_>, b: &Doc<'_>, score: f64, common: &Common<'_>, p: &Params) -> Option<(ContradictionKind, String)> {
    if score >= p.min_score {
        if let Some((why, true)) = numeric_conflict(x, y, a, b) {
            return Some((ContradictionKind::Numeric, why));
        }
    }
    if x.negated != y.negated && !far_apart(a, b) {
        let (neg, other) = if x.negated { (x, y) } else { (y, x) };
        // Beyond its own pair a denial needs the act itself named on the other side, and
        // either words in common or the same parties: "Moscow informed Ankara" against "Russia
        // did not inform Turkey" (in any two languages) whatever their similarity.
        let failure = other.failure;
        let near = score >= p.min_score && !failure && names_act(&neg.neg_head, other) && scope_shared(neg, &content_tokens(other), common, 1) >= 1;
        let parties = names_act(&neg.neg_head, other) && x.actors.intersection(&y.actors).count() >= 2;
        let across = a.lang != b.lang && denial_named_across(neg, other);
        if !failure && (near || parties || across) {
            let which = if x.negated { "A denies what B affirms" } else { "A affirms what B denies" };
            return Some((ContradictionKind::Polarity, format!("{which}{}", days_apart(a, b))));
        }
    }
    if score >= p.min_score * 0.5 && x.side.is_some() && y.side.is_some() && x.side != y.side && !far_apart(a, b) {
        if let Some(why) = attribution_conflict(x, y) {
            return Some((ContradictionKind::Attribution, why));
        }
    }
    None
}

/// The same counted thing with values that cannot both be true. "more than 30" and 33 agree;
/// "about 50" and 52 agree; reports from different days may legitimately differ.
fn numeric_conflict(x: &Unit, y: &Unit, a: &Doc<'_>, b: &Doc<'_>) -> Option<(String, bool)> {
    for n in x.numbers.iter().filter(|n| !n.vague) {
        for m in y.numbers.iter().filter(|m| !m.vague) {
            let same_thing = match (&n.counted, &m.counted) {
                (Some(cn), Some(cm)) => same_counted(cn, cm) && (n.event.is_none() || m.event.is_none() || n.event == m.event),
                (None, None) => n.event.is_some() && n.event == m.event,
                _ => false,
            };
            if !same_thing || n.value == m.value || n.counted.as_deref().is_some_and(is_duration) {
                continue;
            }
            if compatible(n.value, n.qualifier.as_deref(), m.value) || compatible(m.value, m.qualifier.as_deref(), n.value) {
                continue;
            }
            // A running total ("13 soldiers in one week", "the toll this month rose to 50")
            // holds the count of one attack ("five soldiers were killed in the second attack").
            if (n.value > m.value && cumulative(x, n) && !cumulative(y, m)) || (m.value > n.value && cumulative(y, m) && !cumulative(x, n)) {
                continue;
            }
            let cn = n.counted.as_deref().or(n.event.as_deref()).unwrap_or("");
            let dated = days_apart(a, b);
            let same_day = dated.is_empty();
            let noun = counted_word(&a.text[n.span.start..], n.span.len()).unwrap_or(cn);
            return Some((format!("{} vs {} {noun}{dated}", fmt_num(n), fmt_num(m)), same_day));
        }
    }
    None
}

/// The counted noun's word as written, for an explanation ("33 vs 36 جندي"): the last word of
/// the number's span when it holds the noun ("765 боевиков"), else the word after it; without
/// punctuation.
fn counted_word(from_number: &str, span_len: usize) -> Option<&str> {
    let inside = &from_number[..span_len.min(from_number.len())];
    let word = if inside.split_whitespace().count() > 1 { inside.split_whitespace().last() } else { from_number[inside.len()..].split_whitespace().next() };
    word.map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty())
}

/// Is number `n` of unit `u` a running total: a period or a starting point next to it ("خلال
/// أسبوع واحد", "منذ بداية الشهر", "this month", "since January", "за неделю", "bu ay"), or a
/// word for a toll or a total ("حصيلة", "ليرتفع عدد", "in total", "всего", "toplam")?
fn cumulative(u: &Unit, n: &features::Number) -> bool {
    let at = u.tokens.iter().position(|t| t.span.start >= n.span.end).unwrap_or(u.tokens.len());
    let before = u.tokens[..at].iter().rev().filter(|t| t.span.end <= n.span.start).take(6);
    let window: Vec<&str> = before.map(|t| t.norm.as_str()).collect::<Vec<_>>().into_iter().rev().chain(u.tokens[at..].iter().take(8).map(|t| t.norm.as_str())).collect();
    let period = |w: &str| {
        let w = w.strip_prefix("ال").unwrap_or(w);
        matches!(w, "اسبوع" | "اسابيع" | "شهر" | "اشهر" | "ايام" | "عام" | "سنه" | "week" | "weeks" | "month" | "months" | "year" | "days" | "hafta" | "ay" | "yıl" | "gün")
            || w.starts_with("недел") || w.starts_with("месяц") || w.starts_with("сутк") || w.starts_with("дн") || matches!(w, "год" | "года" | "году" | "лет")
    };
    window.iter().enumerate().any(|(k, &w)| {
        let next = window.get(k + 1).copied().unwrap_or("");
        let next2 = window.get(k + 2).copied().unwrap_or("");
        let w_ar = w.strip_prefix('و').filter(|r| r.chars().count() >= 3).unwrap_or(w);
        matches!(w_ar, "منذ" | "حصيله" | "اجمالي" | "الاجمالي" | "مجموع" | "يرفع" | "ليرفع" | "ليرتفع" | "ارتفع" | "ترتفع" | "يرتفع")
            || (matches!(w_ar, "خلال" | "طيله" | "طوال") && (period(next) || period(next2)))
            || matches!(w, "since" | "total" | "toll" | "altogether" | "всего" | "toplam" | "toplamda")
            || (matches!(w, "this" | "past" | "last" | "over" | "during" | "in" | "within" | "في") && (period(next) || period(next2)))
            || (w == "so" && next == "far")
            || (matches!(w, "за" | "с") && (period(next) || period(next2) || next.starts_with("начал")))
            || (w == "общей" && next.starts_with("сложност"))
            || (matches!(w, "bu" | "son") && (period(next) || period(next2)))
            || (matches!(w, "şimdiye" | "bugüne") && next == "kadar")
    })
}

/// " (reported on different days: A / B)" when the two accounts' publication dates differ, else
/// empty: what was denied on one day may have happened by the next.
/// Accounts published further apart than this tell of different events.
const ONE_EVENT_DAYS: i64 = 31;

/// Were the two accounts published more than [`ONE_EVENT_DAYS`] apart (both dates known)? Then
/// blame laid on different parties is not for one act: "Moscow says the exchange was delayed
/// because of Kyiv" (2019) and "Erdogan holds Damascus responsible for the collapse of the Idlib
/// agreements" (2020) are two stories, not two accounts of one.
fn far_apart(a: &Doc<'_>, b: &Doc<'_>) -> bool {
    match (day_number(a.published), day_number(b.published)) {
        (Some(x), Some(y)) => (x - y).abs() > ONE_EVENT_DAYS,
        _ => false,
    }
}

/// Days since 1970-01-01 of a date that starts "YYYY-MM-DD", `None` for anything else (a day
/// past its month's end too). Read without a format string and counted by arithmetic (the
/// proleptic Gregorian calendar, as chrono counts): it is asked for every candidate pair of
/// claims, and `strftime`-style parsing, later chrono's date checks and subtraction, were 2% of
/// a comparison.
pub(crate) fn day_number(s: Option<&str>) -> Option<i64> {
    let s = s?.as_bytes().get(..10)?;
    let field = |r: std::ops::Range<usize>| -> Option<i64> { s[r].iter().try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))) };
    if s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let (y, m, d) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[m as usize - 1] {
        return None;
    }
    // Years counted from March (the leap day last), in 400-year eras of 146097 days; 719468 is
    // the day number of 0000-03-01 counted from 1970-01-01 backwards.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

fn days_apart(a: &Doc<'_>, b: &Doc<'_>) -> String {
    match (a.published, b.published) {
        (Some(da), Some(db)) if da.get(..10) != db.get(..10) => format!(" (reported on different days: {} / {})", &da[..da.len().min(10)], &db[..db.len().min(10)]),
        _ => String::new(),
    }
}

/// The same counted noun, in one language or across languages ("جندي" = "военный" = "asker").
fn same_counted(a: &str, b: &str) -> bool {
    use crate::claims::lexicon::concept;
    a == b || concept(a).is_some_and(|x| concept(b) == Some(x))
}

/// Units of time: "6 hours" of talks and "24 hours" of shelling are not the same count.
fn is_duration(counted: &str) -> bool {
    const UNITS: &[&str] = &[
        "ساعه", "ساعات", "يوم", "ايام", "اسبوع", "اسابيع", "شهر", "اشهر", "شهور", "سنه", "سنوات", "عام", "اعوام", "دقيقه", "دقائق",
        "hour", "day", "week", "month", "year", "minute",
        "час", "сут", "ден", "дн", "недел", "месяц", "год", "лет", "минут",
        "saat", "gün", "hafta", "ay", "yıl", "dakika",
    ];
    let c = counted.to_lowercase();
    UNITS.iter().any(|u| c == *u || (u.chars().count() >= 3 && c.starts_with(u)))
}

fn fmt_num(n: &features::Number) -> String {
    let v = if n.value.fract() == 0.0 { format!("{}", n.value as i64) } else { format!("{}", n.value) };
    match &n.qualifier {
        Some(q) => format!("{} {v}", q.replace('_', " ")),
        None => v,
    }
}

/// Is `other` consistent with a report of `value` qualified by `q`?
fn compatible(value: f64, q: Option<&str>, other: f64) -> bool {
    match q {
        Some("more_than") => other > value,
        Some("at_least") => other >= value,
        Some("about") => (other - value).abs() <= (value * 0.15).max(2.0),
        Some("up_to") | Some("less_than") => other <= value,
        _ => false,
    }
}

/// Word-level diff over folded tokens, mapped back to original byte spans.
/// Each side: its page text, the tokens' spans, and their folded forms as ids (equal ids exactly for
/// equal forms: the diff only ever compares for equality, so it is the diff of the forms).
/// (`ops`: a buffer for the diff's ops.)
fn diff((ta_text, ta, xa): (&str, &[Span], &[u32]), (tb_text, tb, xb): (&str, &[Span], &[u32]), ops: &mut Vec<similar::DiffOp>) -> Vec<DiffOp> {
    let span_of = |ts: &[Span], from: usize, len: usize| -> Option<Span> {
        (len > 0).then(|| Span::new(ts[from].start, ts[from + len - 1].end))
    };
    let text_of = |s: &str, sp: Option<Span>| sp.map(|sp| sp.text(s).to_string()).unwrap_or_default();
    worddiff::ops_into(xa, xb, ops);
    ops.iter()
        .map(|&op| {
            let (kind, ai, al, bi, bl) = match op {
                similar::DiffOp::Equal { old_index, new_index, len } => (DiffOpKind::Equal, old_index, len, new_index, len),
                similar::DiffOp::Delete { old_index, old_len, new_index } => (DiffOpKind::Delete, old_index, old_len, new_index, 0),
                similar::DiffOp::Insert { old_index, new_index, new_len } => (DiffOpKind::Insert, old_index, 0, new_index, new_len),
                similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => (DiffOpKind::Replace, old_index, old_len, new_index, new_len),
            };
            let (sa, sb) = (span_of(ta, ai, al), span_of(tb, bi, bl));
            DiffOp { op: kind, a_text: text_of(ta_text, sa), b_text: text_of(tb_text, sb), a_span: sa, b_span: sb }
        })
        .collect()
}

/// The tests' pseudo-random numbers: xorshift64, the same sequence for a seed everywhere.
#[cfg(test)]
pub(crate) struct XorShift(pub(crate) u64);

#[cfg(test)]
impl XorShift {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in [-0.5, 0.5).
    pub(crate) fn centred(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    }
}

#[cfg(test)]
mod tests;
