//! The word diff's core: Myers' linear-space diff (divide and conquer on the middle snake) over
//! token ids, step for step the algorithm of `similar::algorithms::myers` — the same furthest
//! reaching paths, the same middle snakes, the same order of hook calls — so that, fed through
//! `similar`'s own `Compact` and `Replace` hooks, the ops are exactly
//! `similar::capture_diff_slices(Algorithm::Myers, a, b)`.
//!
//! Why not call `similar`: the aligner diffs two clauses of 20–40 words with a handful in common,
//! so the edit distance is nearly the whole length and the middle-snake rounds are the cost (they
//! were about a third of a comparison). `similar` walks each round's diagonals one by one, with a
//! data-dependent branch per diagonal and a match test at each. Here no round is walked diagonal
//! by diagonal: without snakes a round's furthest x is `(d + k) / 2` on every diagonal, so a
//! rectangle without a match has a closed-form middle snake ([`disjoint_snake`]), and otherwise
//! each search keeps only the snakes it has met, from which any diagonal's x and the overlap
//! follow ([`sparse_rounds`]); snakes are looked for only on diagonals that still hold a match
//! ahead of the search, the rounds in which no match can be reached and the two searches cannot
//! overlap are jumped over ([`next_meeting`]), and the working memory is reused across diffs. The rounds over per-parity diagonal arrays
//! ([`rounds`], as `similar` runs them) are kept as the tests' reference. The tests compare the
//! ops with `similar`'s on random sequences and on every unit pair of the sample pages.

use similar::algorithms::{Capture, Compact, DiffHook, Replace};
use similar::DiffOp;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The ops of `similar::capture_diff_slices(Algorithm::Myers, old, new)`.
pub(super) fn ops(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    let mut d = Compact::new(Replace::new(Capture::new()), old, new);
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.prepare(old, new);
        conquer(&mut d, old, 0..old.len(), new, 0..new.len(), &mut s, false);
        if s.points.capacity() > KEEP_POINTS {
            s.points = Vec::new();
        }
    });
    let _ = d.finish();
    d.into_inner().into_inner().into_ops()
}

/// Match lists above this many entries are not kept between diffs (two long runs of one word).
const KEEP_POINTS: usize = 1 << 14;

fn max_d(len1: usize, len2: usize) -> usize {
    // similar's bound: ceil((len1 + len2) / 2) + 1.
    (len1 + len2).div_ceil(2) + 1
}

/// Working memory of one diff, kept per thread between diffs.
///
/// For the reference rounds only (tests): the furthest-reaching x of the forward (`f`) and
/// backward (`b`) paths per diagonal `k` are stored by parity — `f[p][(k + off) >> 1]` for `k ≡ p (mod 2)`, `off` even — so that a round,
/// which writes the diagonals of one parity from those of the other, runs over contiguous
/// memory (and vectorises). Which values a round reads is exactly what `similar` reads: the
/// previous round's diagonals `k ± 1`, and the other direction's latest round; nothing left from
/// an earlier call is read, so nothing is cleared.
///
/// A snake can only start where the two sequences match: `points` are the matches `(x, y)` of
/// the whole diff; each middle-snake search lists the diagonals of those inside its rectangle
/// (`kf` forward, `kb` backward, nearest to diagonal 0 first), so a round looks for snakes only
/// on the diagonals it reaches that hold a match. `sf` and `sb` are the snakes the forward and
/// backward searches met ([`sparse_rounds`]).
#[derive(Default)]
struct Scratch {
    #[cfg(test)]
    f: [Vec<i32>; 2],
    #[cfg(test)]
    b: [Vec<i32>; 2],
    #[cfg(test)]
    off: i32,
    points: Vec<(i32, i32)>,
    kf: Vec<i32>,
    kb: Vec<i32>,
    /// The matches inside the current search's rectangle as (diagonal, x), grouped by
    /// diagonal in the order of `kf` (forward, `pf`) and of `kb` (backward, `pb`, in reversed
    /// coordinates), x ascending within one; `gf`/`gb` delimit the groups, and `cf`/`cb` are
    /// each group's first match not yet passed by the search. A round then looks for a snake
    /// only where a match is left, and [`sparse_rounds`] knows the next round that can meet one.
    pf: Vec<(i32, i32)>,
    pb: Vec<(i32, i32)>,
    gf: Vec<u32>,
    gb: Vec<u32>,
    cf: Vec<u32>,
    cb: Vec<u32>,
    /// Snakes found so far by the forward and backward searches of [`sparse_rounds`].
    sf: Vec<Source>,
    sb: Vec<Source>,
}

impl Scratch {
    fn prepare(&mut self, old: &[u32], new: &[u32]) {
        #[cfg(test)]
        {
            let top = max_d(old.len(), new.len()) as i32;
            self.off = (top + 3) & !1;
            let len = (self.off as usize) + 4;
            for v in self.f.iter_mut().chain(self.b.iter_mut()) {
                if v.len() < len {
                    v.resize(len, 0);
                }
            }
        }
        self.points.clear();
        // A 256-bit filter of the new side's ids: most old ids match nothing, and are passed
        // over without a look at the new side.
        let mut seen = [0u64; 4];
        for &b in new {
            seen[(b as usize >> 6) & 3] |= 1 << (b & 63);
        }
        for (x, &a) in old.iter().enumerate() {
            if seen[(a as usize >> 6) & 3] & (1 << (a & 63)) == 0 {
                continue;
            }
            for (y, &b) in new.iter().enumerate() {
                if a == b {
                    self.points.push((x as i32, y as i32));
                }
            }
        }
    }
}

#[inline(always)]
fn prefix(old: &[u32], new: &[u32]) -> usize {
    old.iter().zip(new).take_while(|(a, b)| a == b).count()
}

#[inline(always)]
fn suffix(old: &[u32], new: &[u32]) -> usize {
    old.iter().rev().zip(new.iter().rev()).take_while(|(a, b)| a == b).count()
}

/// One round of one direction: the furthest-reaching x on diagonals `-d..=d` (step 2, at
/// positions `lo..=hi` of `cur`) from the previous round (`prev`, the other parity), before
/// snakes: `k = -d` comes from `k + 1`, `k = d` from `k - 1`, any other `k` from the further of
/// the two (`k + 1` when `x[k - 1] < x[k + 1]`, else one past `k - 1`).
#[cfg(test)]
#[inline(always)]
fn round(cur: &mut [i32], prev: &[i32], lo: usize, hi: usize, p: usize) {
    cur[lo] = prev[lo + p];
    if hi > lo {
        cur[hi] = prev[hi - 1 + p] + 1;
        // `if l < u { u } else { l + 1 }` is `max(u, l + 1)` (l < u exactly when l + 1 <= u).
        let len = hi - lo - 1;
        let (c, l, u) = (&mut cur[lo + 1..lo + 1 + len], &prev[lo + p..lo + p + len], &prev[lo + 1 + p..lo + 1 + p + len]);
        for ((c, &l), &u) in c.iter_mut().zip(l).zip(u) {
            *c = u.max(l + 1);
        }
    }
}

/// Does any diagonal `k` of `hi, hi - 2, …, lo` (one parity) have `here[k] + there[delta - k] >= n`
/// (the two searches overlap)? A branch-free scan (it vectorises) before the ordered one.
#[cfg(test)]
#[inline(always)]
fn reaches(here: &[i32], there: &[i32], pos: impl Fn(i32) -> usize, hi: i32, lo: i32, delta: i32, n: i32) -> bool {
    if hi < lo {
        return false;
    }
    let xs = &here[pos(lo)..=pos(hi)];
    let ys = &there[pos(delta - hi)..=pos(delta - lo)];
    xs.iter().zip(ys.iter().rev()).fold(false, |hit, (x, y)| hit | (x + y >= n))
}

/// The start of the middle snake of `old[or] ~ new[nr]` (both non-empty), as absolute indices.
/// The middle snake's start, and whether the rectangle holds a match (`bare`: known to hold none,
/// as every part of a rectangle without one).
fn middle_snake(old: &[u32], or: std::ops::Range<usize>, new: &[u32], nr: std::ops::Range<usize>, s: &mut Scratch, bare: bool) -> (Option<(usize, usize)>, bool) {
    let (a, b) = (&old[or.clone()], &new[nr.clone()]);
    let (n, m) = (a.len() as i32, b.len() as i32);
    // How many matches the rectangle holds: none, one (most of the recursion's rectangles with
    // a match), or more.
    let (os, ns) = (or.start as i32, nr.start as i32);
    let (mut inside, mut only) = (0, (0, 0));
    if !bare {
        for &(x, y) in &s.points {
            let (x, y) = (x - os, y - ns);
            if x >= 0 && x < n && y >= 0 && y < m {
                inside += 1;
                only = (x, y);
                if inside > 1 {
                    break;
                }
            }
        }
    }
    if inside == 0 {
        // No match inside: no snake anywhere, so the rounds follow a closed form (see
        // [`disjoint_snake`]); skip them.
        let (x, y) = disjoint_snake(n, m);
        return (Some(((x as usize) + or.start, (y as usize) + nr.start)), false);
    }
    if inside == 1 {
        let at = one_match(n, m, only).map(|(x, y)| ((x as isize as usize).wrapping_add(or.start), (y as isize as usize).wrapping_add(nr.start)));
        return (at, true);
    }
    s.select(os, n, ns, m);
    (sparse_rounds(a, b, or.start, nr.start, s), true)
}

/// The middle snake's start in an `n` × `m` rectangle holding one match, at (`px`, `py`), in
/// its own coordinates: what [`sparse_rounds`] finds there, without its lists.
///
/// With one match each search meets at most one snake, of length one: the forward search on
/// diagonal `px - py` at round `px + py` (where its closed-form x first reaches `px`), the
/// backward search on its diagonal `delta - (px - py)` at round `(n - 1 - px) + (m - 1 - py)`.
/// Each is the [`Source`] `sparse_rounds` would have pushed in that round, and passing it before
/// then changes nothing, as [`excess`] and [`highest`] look only at snakes met by the round they
/// are asked about. The two searches cannot overlap while the overlap's threshold exceeds two
/// (the largest excesses added), so the rounds before that are skipped, as `sparse_rounds`
/// skips them; the rest run as there.
fn one_match(n: i32, m: i32, (px, py): (i32, i32)) -> Option<(i32, i32)> {
    let delta = n - m;
    let odd = delta & 1 == 1;
    let sf = [Source { d: px + py, k: px - py, e: 1 }];
    let sb = [Source { d: (n - 1 - px) + (m - 1 - py), k: delta - (px - py), e: 1 }];
    let d_max = max_d(n as usize, m as usize) as i32;
    let mut d = (if odd { n - (delta - 1) / 2 - 2 } else { n - delta / 2 - 2 }).max(0);
    while d < d_max {
        let met = if odd { forward_meets(&sf, &sb, d, delta, n) } else { backward_meets(&sf, &sb, d, delta, (n, m)) };
        if met.is_some() {
            return met;
        }
        d += 1;
    }
    None
}

/// An odd `delta`: does the forward search at round `d` overlap the backward one at round
/// `d - 1` (x + x' >= n, where the sum of the closed forms is (2d - 1 + delta) / 2)? The middle
/// snake's start, in the rectangle's coordinates.
fn forward_meets(sf: &[Source], sb: &[Source], d: i32, delta: i32, n: i32) -> Option<(i32, i32)> {
    let k = highest(sf, d, sb, d - 1, delta, ((delta - (d - 1)).max(-d), (delta + (d - 1)).min(d)), n - (2 * d - 1 + delta) / 2)?;
    let f = |j: i32| (d - 1 + j) / 2 + excess(sf, d - 1, j);
    let x0 = if k == -d {
        f(k + 1)
    } else if k == d || f(k - 1) >= f(k + 1) {
        f(k - 1) + 1
    } else {
        f(k + 1)
    };
    Some((x0, x0 - k))
}

/// An even `delta`: do both searches overlap at round `d` (the closed forms sum to
/// d + delta / 2)? The middle snake's start, in the rectangle's coordinates.
fn backward_meets(sf: &[Source], sb: &[Source], d: i32, delta: i32, (n, m): (i32, i32)) -> Option<(i32, i32)> {
    let k = highest(sb, d, sf, d, delta, ((delta - d).max(-d), (delta + d).min(d)), n - (d + delta / 2))?;
    let x = (d + k) / 2 + excess(sb, d, k);
    Some((n - x, m - (x - k)))
}

impl Scratch {
    /// Lists the matches inside the `n` × `m` rectangle at (`os`, `ns`): their diagonals, in
    /// its numbering (k = x - y local; the backward search's diagonal of a match is delta - k),
    /// nearest to diagonal 0 first, and the matches themselves by diagonal. False when there is
    /// none.
    fn select(&mut self, os: i32, n: i32, ns: i32, m: i32) -> bool {
        let delta = n - m;
        let Scratch { points, kf, kb, pf, pb, gf, gb, cf, cb, .. } = self;
        pf.clear();
        pb.clear();
        for &(x, y) in points.iter() {
            let (x, y) = (x - os, y - ns);
            if x >= 0 && x < n && y >= 0 && y < m {
                pf.push((x - y, x));
                pb.push((delta - (x - y), n - 1 - x));
            }
        }
        if pf.is_empty() {
            kf.clear();
            kb.clear();
            return false;
        }
        for (p, k, g, c) in [(&mut *pf, &mut *kf, &mut *gf, &mut *cf), (&mut *pb, &mut *kb, &mut *gb, &mut *cb)] {
            p.sort_unstable_by_key(|&(k, x)| (k.abs(), k, x));
            k.clear();
            g.clear();
            for (at, &(d, _)) in p.iter().enumerate() {
                if k.last() != Some(&d) {
                    k.push(d);
                    g.push(at as u32);
                }
            }
            g.push(p.len() as u32);
            c.clear();
            c.extend_from_slice(&g[..k.len()]);
        }
        true
    }
}

/// The first round after `d` at which a search whose snakes reach at most `most` past the
/// closed form can meet a match left on its diagonals (`ks`, groups `g` of `pts`, first match
/// not passed `c`), or later: a lower bound.
///
/// A diagonal `k` is looked at in the rounds of its parity, from round `|k|` on, at
/// `(d + k) / 2 + excess`; the excess never falls and is at most the largest of the snakes'
/// (while no new snake is met), so the x looked at grows by at least one every two rounds. A
/// match the last look passed (or met) is never met again, and one at `xp` cannot be met
/// before `(d' + k) / 2 + max excess` reaches it.
fn next_meeting(ks: &[i32], pts: &[(i32, i32)], g: &[u32], c: &[u32], most: i32, d: i32) -> i32 {
    let mut first = i32::MAX;
    for (q, &k) in ks.iter().enumerate() {
        if c[q] == g[q + 1] {
            continue;
        }
        let xp = pts[c[q] as usize].1;
        let mut r = (2 * (xp - most) - k).max(k.abs()).max(d + 1);
        r += (r - k) & 1;
        first = first.min(r);
    }
    first
}

/// A snake met by one search: from round `d` on, the diagonals within `d' - d` of diagonal `k`
/// (at round `d'`) reach at least `e` further than the closed form `(d' + k) / 2`.
#[derive(Debug, Clone, Copy)]
struct Source {
    d: i32,
    k: i32,
    e: i32,
}

/// How far past the closed form diagonal `k` reaches at round `d`, given the snakes met.
///
/// Without snakes a round's x on diagonal `k` is `(d + k) / 2` (see [`disjoint_snake`]); a
/// round takes on each diagonal the further of its neighbours' previous values, and both
/// neighbours' closed forms give the same x, so the excess over the closed form is the larger
/// of the neighbours' excesses: a snake's excess spreads one diagonal further each round, and
/// the excess anywhere is the largest of the snakes whose spread has reached it.
#[inline(always)]
fn excess(src: &[Source], d: i32, k: i32) -> i32 {
    src.iter().filter(|s| s.d <= d && (k - s.k).abs() <= d - s.d).fold(0, |e, s| e.max(s.e))
}

/// The highest diagonal `k` of round `d`'s parity in `klo..=khi` where `own` (at round `d`)
/// and `other` (at round `d2`, on diagonal `delta - k`) together reach `t` past their closed
/// forms: the first diagonal the rounds' overlap scan (from the top) stops at. Each pair of
/// snakes (or none) holds on an interval of diagonals; the answer is the highest top of those
/// intervals whose two excesses add up.
fn highest(own: &[Source], d: i32, other: &[Source], d2: i32, delta: i32, (klo, khi): (i32, i32), t: i32) -> Option<i32> {
    let lo0 = klo + ((klo - d) & 1);
    let hi0 = khi - ((khi - d) & 1);
    if hi0 < lo0 {
        return None;
    }
    // No two excesses add up to `t` (the most common answer, asked every round).
    let most = |src: &[Source]| src.iter().fold(0, |e, s| e.max(s.e));
    if most(own) + most(other) < t {
        return None;
    }
    let span = |s: Option<&Source>, at: i32, mirror: bool| -> Option<(i32, i32, i32)> {
        match s {
            None => Some((0, i32::MIN, i32::MAX)),
            Some(s) if s.d <= at => {
                let r = at - s.d;
                Some(if mirror { (s.e, delta - s.k - r, delta - s.k + r) } else { (s.e, s.k - r, s.k + r) })
            }
            Some(_) => None,
        }
    };
    let mut best: Option<i32> = None;
    for i in 0..=own.len() {
        let Some((e1, lo1, hi1)) = span(own.get(i), d, false) else { continue };
        for j in 0..=other.len() {
            let Some((e2, lo2, hi2)) = span(other.get(j), d2, true) else { continue };
            if e1 + e2 < t {
                continue;
            }
            let (lo, hi) = (lo0.max(lo1).max(lo2), hi0.min(hi1).min(hi2));
            if hi >= lo && best.is_none_or(|b| hi > b) {
                best = Some(hi);
            }
        }
    }
    best
}

/// The rounds of the middle-snake search without the rounds' arrays: each search keeps only
/// the snakes it has met ([`Source`]), from which any diagonal's furthest x is
/// `(d + k) / 2 + excess`. A round looks at the diagonals holding a match (as [`rounds`]
/// does) and finds the overlap from the snakes (see [`highest`]): its cost is in the matches,
/// not in the number of diagonals. Same results as [`rounds`] (tested).
fn sparse_rounds(a: &[u32], b: &[u32], os: usize, ns: usize, s: &mut Scratch) -> Option<(usize, usize)> {
    let (n, m) = (a.len() as i32, b.len() as i32);
    let delta = n - m;
    let odd = delta & 1 == 1;
    let Scratch { kf, kb, sf, sb, pf, pb, gf, gb, cf, cb, .. } = s;
    sf.clear();
    sb.clear();
    let (mut nf, mut nb) = (0, 0);
    let d_max = max_d(n as usize, m as usize) as i32;
    let mut d = 0;
    while d < d_max {
        // Forward.
        while nf < kf.len() && kf[nf].abs() <= d {
            nf += 1;
        }
        for (q, &k) in kf[..nf].iter().enumerate() {
            // (A diagonal without a match left cannot start a snake.)
            if (k ^ d) & 1 != 0 || cf[q] == gf[q + 1] {
                continue;
            }
            let e = excess(sf, d, k);
            let x = (d + k) / 2 + e;
            // A snake starts at (x, x - k) exactly when it is a match of the rectangle.
            let (c, end) = (&mut cf[q], gf[q + 1]);
            while *c < end && pf[*c as usize].1 < x {
                *c += 1;
            }
            if *c < end && pf[*c as usize].1 == x {
                *c += 1;
                let y = x - k;
                let len = prefix(&a[x as usize..], &b[y as usize..]) as i32;
                sf.push(Source { d, k, e: e + len });
            }
        }
        if odd {
            // Forward at round d against backward at round d - 1.
            if let Some((x, y)) = forward_meets(sf, sb, d, delta, n) {
                return Some(((x as isize as usize).wrapping_add(os), (y as isize as usize).wrapping_add(ns)));
            }
        }
        // Backward, on the reversed sequences.
        while nb < kb.len() && kb[nb].abs() <= d {
            nb += 1;
        }
        for (q, &k) in kb[..nb].iter().enumerate() {
            if (k ^ d) & 1 != 0 || cb[q] == gb[q + 1] {
                continue;
            }
            let e = excess(sb, d, k);
            let x = (d + k) / 2 + e;
            let (c, end) = (&mut cb[q], gb[q + 1]);
            while *c < end && pb[*c as usize].1 < x {
                *c += 1;
            }
            if *c < end && pb[*c as usize].1 == x {
                *c += 1;
                let y = x - k;
                let len = suffix(&a[..(n - x) as usize], &b[..(m - y) as usize]) as i32;
                sb.push(Source { d, k, e: e + len });
            }
        }
        if !odd {
            // Both at round d.
            if let Some((x, y)) = backward_meets(sf, sb, d, delta, (n, m)) {
                return Some(((x as isize as usize).wrapping_add(os), (y as isize as usize).wrapping_add(ns)));
            }
        }
        // Jump over the rounds in which nothing can happen: no snake can be met before the
        // next meetings, and the two searches cannot overlap while the overlap's threshold
        // (falling by one a round) exceeds the largest excesses of the two added.
        let (mf, mb) = (sf.iter().fold(0, |e, s| e.max(s.e)), sb.iter().fold(0, |e, s| e.max(s.e)));
        let overlap = if odd { n - (delta - 1) / 2 - (mf + mb) } else { n - delta / 2 - (mf + mb) };
        d = (d + 1).max(overlap.min(next_meeting(kf, pf, gf, cf, mf, d)).min(next_meeting(kb, pb, gb, cb, mb, d)));
    }
    None
}

/// The middle snake of an `n` × `m` rectangle (both non-empty) holding no match, in its own
/// coordinates: what the rounds of [`rounds`] find there, without running them.
///
/// Without snakes every round's furthest-reaching x is `(d + k) / 2` on each diagonal `k` of
/// round `d`, forward and backward (the two candidates, from `k + 1` and one past `k - 1`,
/// are then equal, so the tie rule does not matter; nor do the bounds, which the rounds do
/// not clip). The overlap sum is then the same on every diagonal: forward (odd delta) it is
/// `(2d - 1 + delta) / 2 >= n`, first true at `d = (n + m + 1) / 2`; backward (even delta)
/// `d + delta / 2 >= n`, first true at `d = (n + m) / 2`. Either scan starts at the highest
/// diagonal of the round's parity in range, which is therefore the one found. (Checked against
/// the rounds for every size up to 80 × 80 in the tests.)
fn disjoint_snake(n: i32, m: i32) -> (i32, i32) {
    let delta = n - m;
    if delta & 1 == 1 {
        let d = (n + m + 1) / 2;
        let khi = (delta + (d - 1)).min(d);
        let k = khi - ((khi - d) & 1);
        // Forward: the snake starts where the round's path entered diagonal k.
        let x0 = (d + k) / 2;
        (x0, x0 - k)
    } else {
        let d = (n + m) / 2;
        let khi = (delta + d).min(d);
        let k = khi - ((khi - d) & 1);
        let x = (d + k) / 2;
        (n - x, m - (x - k))
    }
}

/// The rounds of the middle-snake search over the rounds' arrays, as `similar` runs them (see
/// [`middle_snake`]), `kf`/`kb` listed and sorted: the reference [`sparse_rounds`] is tested
/// against.
#[cfg(test)]
fn rounds(a: &[u32], b: &[u32], os: usize, ns: usize, s: &mut Scratch) -> Option<(usize, usize)> {
    let (n, m) = (a.len() as i32, b.len() as i32);
    let delta = n - m;
    let odd = delta & 1 == 1;
    let off = s.off;
    let pos = |k: i32| ((k + off) >> 1) as usize;
    let Scratch { f, b: bk, kf, kb, .. } = s;
    let or = os..os + a.len();
    let nr = ns..ns + b.len();
    let (mut nf, mut nb) = (0, 0);
    // The initial points: (0, -1) forward, (n, m + 1) backward.
    f[1][pos(1)] = 0;
    bk[1][pos(1)] = 0;
    let d_max = max_d(n as usize, m as usize) as i32;
    for d in 0..d_max {
        let p = (d & 1) as usize;
        let (lo, hi) = (pos(-d), pos(d));
        // Forward.
        {
            let [f0, f1] = &mut *f;
            let (cur, prev) = if p == 0 { (&mut f0[..], &f1[..]) } else { (&mut f1[..], &f0[..]) };
            round(cur, prev, lo, hi, p);
            while nf < kf.len() && kf[nf].abs() <= d {
                nf += 1;
            }
            for &k in &kf[..nf] {
                if (k & 1) as usize != p {
                    continue;
                }
                let x = cur[pos(k)];
                let y = x - k;
                if x < n && y >= 0 && y < m && a[x as usize] == b[y as usize] {
                    cur[pos(k)] = x + prefix(&a[x as usize..], &b[y as usize..]) as i32;
                }
            }
            if odd {
                // Diagonals reaching the backward paths, from k = d down (similar's order).
                let (klo, khi) = ((delta - (d - 1)).max(-d), (delta + (d - 1)).min(d));
                let back = &bk[1 - p];
                let mut k = khi - ((khi - d) & 1);
                while k >= klo && reaches(cur, back, pos, k, klo + ((klo - d) & 1), delta, n) {
                    if cur[pos(k)] + back[pos(delta - k)] >= n {
                        // The snake's start: x before the snake, recomputed from the previous round.
                        let x0 = if k == -d { prev[pos(k + 1)] } else if k == d || prev[pos(k - 1)] >= prev[pos(k + 1)] { prev[pos(k - 1)] + 1 } else { prev[pos(k + 1)] };
                        return Some(((x0 as usize).wrapping_add(or.start), ((x0 - k) as isize as usize).wrapping_add(nr.start)));
                    }
                    k -= 2;
                }
            }
        }
        // Backward, on the reversed sequences.
        {
            let [b0, b1] = &mut *bk;
            let (cur, prev) = if p == 0 { (&mut b0[..], &b1[..]) } else { (&mut b1[..], &b0[..]) };
            round(cur, prev, lo, hi, p);
            // A match at (x', y') lies on reversed diagonal (n - 1 - x') - (m - 1 - y') = delta - (x' - y').
            while nb < kb.len() && kb[nb].abs() <= d {
                nb += 1;
            }
            for &k in &kb[..nb] {
                if (k & 1) as usize != p {
                    continue;
                }
                let x = cur[pos(k)];
                let y = x - k;
                if x < n && y >= 0 && y < m && a[(n - 1 - x) as usize] == b[(m - 1 - y) as usize] {
                    cur[pos(k)] = x + suffix(&a[..(n - x) as usize], &b[..(m - y) as usize]) as i32;
                }
            }
            if !odd {
                let (klo, khi) = ((delta - d).max(-d), (delta + d).min(d));
                let fwd = &f[p];
                let mut k = khi - ((khi - d) & 1);
                while k >= klo && reaches(cur, fwd, pos, k, klo + ((klo - d) & 1), delta, n) {
                    let x = cur[pos(k)];
                    if x + fwd[pos(delta - k)] >= n {
                        let y = x - k;
                        return Some((((n - x) as isize as usize).wrapping_add(or.start), ((m - y) as isize as usize).wrapping_add(nr.start)));
                    }
                    k -= 2;
                }
            }
        }
    }
    None
}

/// Myers' divide and conquer over `old[or]` ~ `new[nr]`, as `similar` runs it. `bare`: the
/// rectangle is known to hold no match (a part of one that holds none), so there is no common
/// prefix or suffix and no match list to look through.
fn conquer<D: DiffHook>(d: &mut D, old: &[u32], mut or: std::ops::Range<usize>, new: &[u32], mut nr: std::ops::Range<usize>, s: &mut Scratch, bare: bool) {
    let empty = |r: &std::ops::Range<usize>| r.start >= r.end;
    let pre = if bare || empty(&or) || empty(&nr) { 0 } else { prefix(&old[or.clone()], &new[nr.clone()]) };
    if pre > 0 {
        let _ = d.equal(or.start, nr.start, pre);
    }
    or.start += pre;
    nr.start += pre;
    let suf = if bare || empty(&or) || empty(&nr) { 0 } else { suffix(&old[or.clone()], &new[nr.clone()]) };
    let tail = (or.end - suf, nr.end - suf);
    or.end -= suf;
    nr.end -= suf;
    if empty(&or) && empty(&nr) {
    } else if empty(&nr) {
        let _ = d.delete(or.start, or.len(), nr.start);
    } else if empty(&or) {
        let _ = d.insert(or.start, nr.start, nr.len());
    } else if let (Some((xs, ys)), matches) = middle_snake(old, or.clone(), new, nr.clone(), s, bare) {
        conquer(d, old, or.start..xs, new, nr.start..ys, s, !matches);
        conquer(d, old, xs..or.end, new, ys..nr.end, s, !matches);
    } else {
        let _ = d.delete(or.start, or.end - or.start, nr.start);
        let _ = d.insert(or.start, nr.start, nr.end - nr.start);
    }
    if suf > 0 {
        let _ = d.equal(tail.0, tail.1, suf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(a: &[u32], b: &[u32]) -> Vec<DiffOp> {
        similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
    }

    #[test]
    fn same_ops_as_similar_on_random_sequences() {
        let mut rng = crate::align::XorShift(0x2545f4914f6cdd1d);
        let mut next = move |n: u64| rng.below(n);
        let mut cases = 0;
        for _ in 0..20_000 {
            // Small alphabets give many matches and ties; large ones the aligner's usual case.
            let alphabet = [2, 3, 5, 10, 40, 200][next(6) as usize];
            let (la, lb) = (next(70) as usize, next(70) as usize);
            let a: Vec<u32> = (0..la).map(|_| next(alphabet) as u32).collect();
            let mut b: Vec<u32> = (0..lb).map(|_| next(alphabet) as u32).collect();
            if next(3) == 0 && !a.is_empty() {
                // A near copy: edits of one sequence.
                b = a.clone();
                for _ in 0..next(6) {
                    let at = next(b.len() as u64 + 1) as usize;
                    match next(3) {
                        0 if at < b.len() => {
                            b.remove(at);
                        }
                        1 => b.insert(at, next(alphabet) as u32),
                        _ if at < b.len() => b[at] = next(alphabet) as u32,
                        _ => {}
                    }
                }
            }
            assert_eq!(ops(&a, &b), reference(&a, &b), "{a:?} ~ {b:?}");
            cases += 1;
        }
        assert_eq!(cases, 20_000);
        // Edges: empty sides, identical, disjoint.
        for (a, b) in [(vec![], vec![]), (vec![1], vec![]), (vec![], vec![1, 2]), (vec![1, 2, 3], vec![1, 2, 3]), (vec![1, 2], vec![3, 4, 5])] {
            assert_eq!(ops(&a, &b), reference(&a, &b));
        }
    }

    /// Every unit of each sample page against every unit of the next page, as
    /// token ids the way the aligner numbers them.
    #[test]
    fn same_ops_as_similar_on_the_sample_pages() {
        use crate::align::{prepared::PairNorms, units_of_words, Doc, Prepared};
        use crate::text::{segment, Lang};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples");
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        names.sort();
        let docs: Vec<Prepared> = names
            .iter()
            .map(|p| {
                let ex = crate::extract::extract_text(std::fs::read_to_string(p).unwrap(), "UTF-8", crate::extract::Format::Txt).unwrap();
                let spans: Vec<crate::span::Span> = ex.paragraphs().flat_map(|para| segment::sentences(&ex.page_text, para, Lang::Ar)).collect();
                let claims = crate::claims::analyze(&ex.page_text, &spans, Lang::Ar);
                Prepared::new(units_of_words(&Doc { text: &ex.page_text, lang: Lang::Ar, claims: &claims, published: None, vectors: None }))
            })
            .collect();
        assert!(docs.len() >= 5);
        let mut diffs = 0;
        for (k, pa) in docs.iter().enumerate() {
            let pb = &docs[(k + 1) % docs.len()];
            let norms = PairNorms::new(pa, pb);
            for i in 0..pa.len() {
                for j in 0..pb.len() {
                    let (x, y) = (norms.ids(pa, &[i], false), norms.ids(pb, &[j], true));
                    assert_eq!(ops(&x, &y), reference(&x, &y), "units {i} ~ {j}");
                    diffs += 1;
                }
            }
        }
        assert!(diffs > 1000, "{diffs}");
    }

    /// The middle snake from the snakes met is the one the rounds' arrays give, on random
    /// sub-rectangles of random sequences (small alphabets: many matches and ties).
    #[test]
    fn sparse_rounds_find_the_rounds_middle_snake() {
        let mut rng = crate::align::XorShift(0x9e3779b97f4a7c15);
        let mut next = move |n: u64| rng.below(n);
        let mut s = Scratch::default();
        let mut with_matches = 0;
        for _ in 0..30_000 {
            let alphabet = [2, 3, 5, 10, 40, 200][next(6) as usize];
            let (la, lb) = (1 + next(60) as usize, 1 + next(60) as usize);
            let a: Vec<u32> = (0..la).map(|_| next(alphabet) as u32).collect();
            let b: Vec<u32> = (0..lb).map(|_| next(alphabet) as u32).collect();
            s.prepare(&a, &b);
            // A sub-rectangle, as the recursion asks.
            let (x0, y0) = (next(la as u64) as usize, next(lb as u64) as usize);
            let (x1, y1) = (x0 + 1 + next((la - x0) as u64) as usize, y0 + 1 + next((lb - y0) as u64) as usize);
            let (sa, sb) = (&a[x0..x1], &b[y0..y1]);
            with_matches += s.select(x0 as i32, sa.len() as i32, y0 as i32, sb.len() as i32) as usize;
            let slow = rounds(sa, sb, x0, y0, &mut s);
            assert_eq!(sparse_rounds(sa, sb, x0, y0, &mut s), slow, "{sa:?} ~ {sb:?}");
        }
        assert!(with_matches > 20_000, "{with_matches}");
    }

    /// The middle snake of a rectangle holding one match is what the rounds find there: every
    /// size up to 14 × 14 with the match at every cell, and random larger ones.
    #[test]
    fn a_rectangle_with_one_match_has_the_rounds_snake() {
        let mut s = Scratch::default();
        let check = |n: u32, m: u32, px: u32, py: u32, s: &mut Scratch| {
            let a: Vec<u32> = (0..n).collect();
            let mut b: Vec<u32> = (1000..1000 + m).collect();
            b[py as usize] = px;
            s.prepare(&a, &b);
            assert_eq!(s.points.len(), 1);
            assert!(s.select(0, n as i32, 0, m as i32));
            let slow = rounds(&a, &b, 0, 0, s);
            let fast = one_match(n as i32, m as i32, (px as i32, py as i32)).map(|(x, y)| (x as usize, y as usize));
            assert_eq!(fast, slow, "{n} x {m}, match at ({px}, {py})");
        };
        for n in 1..=14u32 {
            for m in 1..=14u32 {
                for px in 0..n {
                    for py in 0..m {
                        check(n, m, px, py, &mut s);
                    }
                }
            }
        }
        let mut rng = crate::align::XorShift(0x51afd7ed558ccd1d);
        let mut next = move |k: u64| rng.below(k);
        for _ in 0..20_000 {
            let (n, m) = (1 + next(90) as u32, 1 + next(90) as u32);
            let (px, py) = (next(n as u64) as u32, next(m as u64) as u32);
            check(n, m, px, py, &mut s);
        }
    }

    /// The closed form used for rectangles without a match is what the rounds find there, for
    /// every size up to 80 × 80.
    #[test]
    fn a_rectangle_without_matches_has_the_closed_form_snake() {
        let mut s = Scratch::default();
        for n in 1..=80u32 {
            for m in 1..=80u32 {
                let a: Vec<u32> = (0..n).collect();
                let b: Vec<u32> = (1000..1000 + m).collect();
                s.prepare(&a, &b);
                assert!(s.points.is_empty());
                let (x, y) = disjoint_snake(n as i32, m as i32);
                assert_eq!(rounds(&a, &b, 0, 0, &mut s), Some((x as usize, y as usize)), "{n} x {m}");
            }
        }
    }

    #[test]
    fn a_longer_diff_after_a_shorter_one_reuses_the_scratch() {
        let long_a: Vec<u32> = (0..500).map(|k| k % 37).collect();
        let long_b: Vec<u32> = (0..450).map(|k| (k * 7) % 41).collect();
        assert_eq!(ops(&[1, 2], &[2, 3]), reference(&[1, 2], &[2, 3]));
        assert_eq!(ops(&long_a, &long_b), reference(&long_a, &long_b));
        assert_eq!(ops(&[5, 1, 2], &[2, 3]), reference(&[5, 1, 2], &[2, 3]));
    }
}
