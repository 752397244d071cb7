//! The Hungarian assignment (Kuhn–Munkres, maximum weight) of a square matrix of whole-number
//! weights: `pathfinding::kuhn_munkres` step for step — the same labels, the same slack scan
//! (the first smallest slack wins), the same augmenting paths — so the same assignment, ties
//! included. Why not call it: it reads every weight through a trait, keeps the path's rows in a
//! hashed set and its marks as `Option`s; over the aligner's flat matrix, plain arrays and a
//! list (a row joins the path at most once per search) do the same work in fewer steps.
//! (Tested against `pathfinding` on random matrices with many ties.)

/// Unmatched / not on the alternating path.
const NONE: usize = usize::MAX;

/// The whole numbers a search runs on: `f64` (any weights below 2^40: every label and slack is
/// then a whole number below 2^53, exact as in integers), or `i32` where every label and slack
/// stays below 2^30 (the aligner's: similarities times a million, a few dozen claims a side),
/// which fills twice the lanes of a vector. Either compares and selects on vector lanes without
/// branches (64-bit integer lanes do not).
trait Whole: Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self> {
    const ZERO: Self;
    /// The slack of a column on the alternating path: above any real slack, and as the
    /// smallest of itself and itself plus any real slack, itself.
    const FAR: Self;
    /// Below any weight.
    const LOWEST: Self;
    /// `x` where `on`, else zero; `on` is a [`Whole::flag`].
    fn gate(self, on: Self) -> Self;
    /// A flag: `f64` 1 or 0 (gated by a product, exact), `i32` all ones or none (gated by a mask).
    fn flag(b: bool) -> Self;
    fn min(self, other: Self) -> Self;
    fn max(self, other: Self) -> Self;
    /// A row index as a whole number, and back.
    fn of_row(x: usize) -> Self;
    fn row(self) -> usize;
}

/// A [`Whole`] type: its FAR, how it gates a value, what its flags are, and its smaller and
/// larger of two.
macro_rules! whole {
    ($t:ty, far: $far:expr, gate: |$x:ident, $on:ident| $gate:expr, flag: |$b:ident| $flag:expr, min: $min:path, max: $max:path) => {
        impl Whole for $t {
            const ZERO: $t = 0 as $t;
            const FAR: $t = $far;
            const LOWEST: $t = <$t>::MIN;
            fn gate(self, on: $t) -> $t {
                let ($x, $on) = (self, on);
                $gate
            }
            fn flag($b: bool) -> $t {
                $flag
            }
            fn min(self, other: $t) -> $t {
                $min(self, other)
            }
            fn max(self, other: $t) -> $t {
                $max(self, other)
            }
            fn of_row(x: usize) -> $t {
                x as $t
            }
            fn row(self) -> usize {
                self as usize
            }
        }
    };
}

// FAR plus a whole number below 2^53 is FAR.
whole!(f64, far: 1e300, gate: |x, on| x * on, flag: |b| b as u8 as f64, min: f64::min, max: f64::max);
// Real slacks and labels stay below 2^30 ([`assign`]), so FAR plus one stays below 2^31.
whole!(i32, far: 1 << 30, gate: |x, on| x & on, flag: |b| -(b as i32), min: Ord::min, max: Ord::max);

/// The column assigned to each row of the `n` × `n` matrix `w` (row-major) that maximises the
/// total weight, as `pathfinding::kuhn_munkres` assigns it. The weights are whole numbers (of
/// magnitude below 2^40), kept in `f64`. Non-negative weights below 2^30 / (n + 1) are searched
/// in `i32`: each step of the search lowers the sum of the labels by its delta, from at most n
/// times the largest weight to at least the best total, which is not negative; so the deltas of
/// the whole run add up to at most n × the largest weight, every label moves by no more, and
/// every label, slack and sum of them in a step stays within (n + 1) × the largest weight.
pub(super) fn assign(w: &[f64], n: usize) -> Vec<usize> {
    debug_assert_eq!(w.len(), n * n);
    debug_assert!(w.iter().all(|x| x.fract() == 0.0 && x.abs() < (1u64 << 40) as f64), "whole weights far below 2^53");
    let (low, high) = w.iter().fold((0.0f64, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
    if low >= 0.0 && high * ((n + 1) as f64) < (1u64 << 30) as f64 {
        search(&w.iter().map(|&x| x as i32).collect::<Vec<i32>>(), n)
    } else {
        search(w, n)
    }
}

/// [`assign`] in whole numbers of type `T`.
fn search<T: Whole>(w: &[T], n: usize) -> Vec<usize> {
    let row = |x: usize| &w[x * n..(x + 1) * n];
    let mut xy = vec![NONE; n];
    let mut yx = vec![NONE; n];
    let mut lx: Vec<T> = (0..n).map(|x| row(x).iter().copied().fold(T::LOWEST, T::max)).collect();
    let mut ly = vec![T::ZERO; n];
    let mut s: Vec<usize> = Vec::with_capacity(n);
    let mut alternating = vec![NONE; n];
    // `on_path` flags a column on the alternating path; such a column's slack is parked at FAR
    // (never the smallest, and never read again in this search). The scans and updates are
    // then branch-free over all columns and do what the original's tests of `alternating` do
    // (a flag gates a value exactly, and FAR stays FAR). The row that gave a column its slack
    // (`slackx`) is a whole number too, replaced by arithmetic (a conditional store is a branch
    // per column).
    let (yes, no) = (T::flag(true), T::flag(false));
    let mut on_path = vec![no; n];
    let mut slack = vec![T::ZERO; n];
    let mut slackx = vec![T::ZERO; n];
    for root in 0..n {
        alternating.fill(NONE);
        on_path.fill(no);
        s.clear();
        s.push(root);
        let wr = row(root);
        for y in 0..n {
            slack[y] = lx[root] + ly[y] - wr[y];
        }
        slackx.fill(T::of_row(root));
        let mut y = loop {
            // The first smallest slack of a free column: the smallest value, then its first place.
            let delta = slack.iter().copied().fold(T::FAR, T::min);
            let y = slack.iter().position(|&sl| sl == delta).expect("a free column");
            let x = slackx[y].row();
            if delta > T::ZERO {
                for &x in &s {
                    lx[x] = lx[x] - delta;
                }
                for ((l, sl), &p) in ly.iter_mut().zip(slack.iter_mut()).zip(&on_path) {
                    *l = *l + delta.gate(p);
                    *sl = *sl - delta.gate(yes - p);
                }
            }
            alternating[y] = x;
            on_path[y] = yes;
            slack[y] = T::FAR;
            if yx[y] == NONE {
                break y;
            }
            let x = yx[y];
            s.push(x);
            let (lxx, wx, xf) = (lx[x], row(x), T::of_row(x));
            for (((sl, sx), (&l, &wy)), &p) in slack.iter_mut().zip(slackx.iter_mut()).zip(ly.iter().zip(wx)).zip(&on_path) {
                // A strictly smaller slack takes the column (with its row).
                let alternate = lxx + l - wy + T::FAR.gate(p);
                let better = T::flag(alternate < *sl);
                *sx = *sx + (xf - *sx).gate(better);
                *sl = sl.min(alternate);
            }
        };
        // Inverse the edges along the augmenting path.
        loop {
            let x = alternating[y];
            let prec = xy[x];
            yx[y] = x;
            xy[x] = y;
            if prec == NONE {
                break;
            }
            y = prec;
        }
    }
    xy
}

#[cfg(test)]
mod tests {
    use pathfinding::prelude::{kuhn_munkres, Matrix};

    #[test]
    fn same_assignment_as_pathfinding() {
        let mut rng = crate::align::XorShift(0x2545f4914f6cdd1d);
        let mut next = move |n: u64| rng.below(n);
        for case in 0..4000 {
            let n = 1 + next(24) as usize;
            // Few distinct values (ties everywhere), zero padding as the aligner's, or wide ones
            // (searched in i32), or wider than i32 lanes hold (searched in f64).
            let range = [2, 5, 1_000_000, 1 << 38][case % 4];
            let (na, nb) = (1 + next(n as u64) as usize, 1 + next(n as u64) as usize);
            let (na, nb) = if case % 2 == 0 { (n, n) } else { (na.max(nb).min(n), na.min(nb)) };
            let mut w = vec![0i64; n * n];
            for i in 0..na {
                for j in 0..nb {
                    w[i * n + j] = next(range) as i64;
                }
            }
            let mut m = Matrix::new(n, n, 0i64);
            for i in 0..n {
                for j in 0..n {
                    m[(i, j)] = w[i * n + j];
                }
            }
            let whole: Vec<f64> = w.iter().map(|&x| x as f64).collect();
            assert_eq!(super::assign(&whole, n), kuhn_munkres(&m).1, "case {case}: {w:?}");
        }
    }
}

