//! The Hungarian assignment (Kuhn–Munkres, maximum weight) of a square matrix of whole-number
//! weights: `pathfinding::kuhn_munkres` step for step — the same labels, the same slack scan
//! (the first smallest slack wins), the same augmenting paths — so the same assignment, ties
//! included. Why not call it: it reads every weight through a trait, keeps the path's rows in a
//! hashed set and its marks as `Option`s; over the aligner's flat matrix, plain arrays and a
//! list (a row joins the path at most once per search) do the same work in fewer steps.
//! (Tested against `pathfinding` on random matrices with many ties.)

/// Unmatched / not on the alternating path.
const NONE: usize = usize::MAX;

/// The slack of a column on the alternating path: above any real slack after any number of
/// subtractions of one search.
const FAR: f64 = 1e300;

/// The column assigned to each row of the `n` × `n` matrix `w` (row-major) that maximises the
/// total weight, as `pathfinding::kuhn_munkres` assigns it. The weights are whole numbers (of
/// magnitude below 2^40), kept in `f64`: every label and slack is then a whole number below 2^53,
/// computed exactly as in integers, while the scans run on floating-point lanes, which compare
/// and select without branches (64-bit integer lanes do not).
pub(super) fn assign(w: &[f64], n: usize) -> Vec<usize> {
    debug_assert_eq!(w.len(), n * n);
    debug_assert!(w.iter().all(|x| x.fract() == 0.0 && x.abs() < (1u64 << 40) as f64), "whole weights far below 2^53");
    let row = |x: usize| &w[x * n..(x + 1) * n];
    let mut xy = vec![NONE; n];
    let mut yx = vec![NONE; n];
    let mut lx: Vec<f64> = (0..n).map(|x| row(x).iter().copied().fold(f64::MIN, f64::max)).collect();
    let mut ly = vec![0.0f64; n];
    let mut s: Vec<usize> = Vec::with_capacity(n);
    let mut alternating = vec![NONE; n];
    // `on_path` is 1 for a column on the alternating path, else 0; such a column's slack is
    // parked at FAR (never the smallest, and never read again in this search). The scans and
    // updates are then branch-free over all columns and do what the original's tests of
    // `alternating` do: a product by 0 or 1 is exact, and FAR plus a whole number below 2^53 is
    // FAR. The row that gave a column its slack (`slackx`) is a whole number too, replaced by
    // arithmetic (a conditional store is a branch per column).
    let mut on_path = vec![0.0f64; n];
    let mut slack = vec![0.0f64; n];
    let mut slackx = vec![0.0f64; n];
    for root in 0..n {
        alternating.fill(NONE);
        on_path.fill(0.0);
        s.clear();
        s.push(root);
        let wr = row(root);
        for y in 0..n {
            slack[y] = lx[root] + ly[y] - wr[y];
        }
        slackx.fill(root as f64);
        let mut y = loop {
            // The first smallest slack of a free column: the smallest value, then its first place.
            let delta = slack.iter().copied().fold(FAR, f64::min);
            let y = slack.iter().position(|&sl| sl == delta).expect("a free column");
            let x = slackx[y] as usize;
            if delta > 0.0 {
                for &x in &s {
                    lx[x] -= delta;
                }
                for ((l, sl), &p) in ly.iter_mut().zip(slack.iter_mut()).zip(&on_path) {
                    *l += delta * p;
                    *sl -= delta * (1.0 - p);
                }
            }
            alternating[y] = x;
            on_path[y] = 1.0;
            slack[y] = FAR;
            if yx[y] == NONE {
                break y;
            }
            let x = yx[y];
            s.push(x);
            let (lxx, wx, xf) = (lx[x], row(x), x as f64);
            for (((sl, sx), (&l, &wy)), &p) in slack.iter_mut().zip(slackx.iter_mut()).zip(ly.iter().zip(wx)).zip(&on_path) {
                // A strictly smaller slack takes the column (with its row).
                let alternate = lxx + l - wy + p * FAR;
                let better = (alternate < *sl) as u8 as f64;
                *sx += (xf - *sx) * better;
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
            // Few distinct values (ties everywhere), zero padding as the aligner's, or wide ones.
            let range = [2, 5, 1_000_000][case % 3];
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

