//! The Hungarian assignment (Kuhn–Munkres, maximum weight) of a square matrix of integer
//! weights: `pathfinding::kuhn_munkres` step for step — the same labels, the same slack scan
//! (the first smallest slack wins), the same augmenting paths — so the same assignment, ties
//! included. Why not call it: it reads every weight through a trait, keeps the path's rows in a
//! hashed set and its marks as `Option`s; over the aligner's flat matrix, plain arrays and a
//! list (a row joins the path at most once per search) do the same work in fewer steps.
//! (Tested against `pathfinding` on random matrices with many ties.)

/// Unmatched / not on the alternating path.
const NONE: usize = usize::MAX;

/// The slack of a column on the alternating path: above any real slack (weights are scaled
/// similarities, at most a few million) after any number of subtractions of one search.
const FAR: i64 = i64::MAX / 4;

/// The column assigned to each row of the `n` × `n` matrix `w` (row-major) that maximises the
/// total weight, as `pathfinding::kuhn_munkres` assigns it.
pub(super) fn assign(w: &[i64], n: usize) -> Vec<usize> {
    debug_assert_eq!(w.len(), n * n);
    debug_assert!(w.iter().all(|x| x.abs() < 1 << 40), "weights far below FAR");
    let row = |x: usize| &w[x * n..(x + 1) * n];
    let mut xy = vec![NONE; n];
    let mut yx = vec![NONE; n];
    let mut lx: Vec<i64> = (0..n).map(|x| row(x).iter().copied().max().unwrap_or(0)).collect();
    let mut ly = vec![0i64; n];
    let mut s: Vec<usize> = Vec::with_capacity(n);
    let mut alternating = vec![NONE; n];
    // A column on the alternating path has its slack parked at FAR (never the smallest, and
    // never read again in this search) and `free` 0; the others `free` -1 (an all-ones mask).
    // The scans and updates are then branch-free over all columns, and do what the original's
    // tests of `alternating` do.
    let mut free = vec![-1i64; n];
    let mut slack = vec![0i64; n];
    let mut slackx = vec![0usize; n];
    for root in 0..n {
        alternating.fill(NONE);
        free.fill(-1);
        s.clear();
        s.push(root);
        let wr = row(root);
        for y in 0..n {
            slack[y] = lx[root] + ly[y] - wr[y];
        }
        slackx.fill(root);
        let mut y = loop {
            // The first smallest slack of a free column.
            let mut delta = i64::MAX;
            let mut y = 0;
            for (yy, &sl) in slack.iter().enumerate() {
                if sl < delta {
                    delta = sl;
                    y = yy;
                }
            }
            let x = slackx[y];
            if delta > 0 {
                for &x in &s {
                    lx[x] -= delta;
                }
                for ((l, sl), &f) in ly.iter_mut().zip(slack.iter_mut()).zip(&free) {
                    *l += delta & !f;
                    *sl -= delta & f;
                }
            }
            alternating[y] = x;
            free[y] = 0;
            slack[y] = FAR;
            if yx[y] == NONE {
                break y;
            }
            let x = yx[y];
            s.push(x);
            let (lxx, wx) = (lx[x], row(x));
            for (((sl, sx), (&l, &wy)), &f) in slack.iter_mut().zip(slackx.iter_mut()).zip(ly.iter().zip(wx)).zip(&free) {
                let alternate = lxx + l - wy;
                if f != 0 && *sl > alternate {
                    *sl = alternate;
                    *sx = x;
                }
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
            assert_eq!(super::assign(&w, n), kuhn_munkres(&m).1, "case {case}: {w:?}");
        }
    }
}

