//! The word diff's core: a longest common subsequence of two token-id sequences by bit-parallel
//! dynamic programming (Allison and Dix 1986; Crochemore et al. 2001), traced back from the end,
//! written as `similar`'s ops (equal, delete, insert, replace).
//!
//! Why not Myers' algorithm (`similar`'s): the aligner diffs clauses of 20–150 words that share a
//! handful of words (a related link, a paraphrase), so the edit distance D is nearly their whole
//! length, and Myers' O((n + m)·D) steps each take a data-dependent branch. The branch predictor
//! cannot learn them across the hundred different diffs of a comparison, and the diffs were 40% of
//! a comparison. Here each token of the new side costs one add, three logic operations per 64
//! tokens of the old side, whatever the two have in common, and the trace back is one step per
//! token.
//!
//! The script is minimal, as Myers' is: it has as many equal tokens as any diff can. Where several
//! alignments are minimal (a word that occurs twice on one side and once on the other), the choice
//! can differ from Myers'; this one matches the earliest occurrence on the old side.
//!
//! `similar`'s `Compact` hook, which slides a hunk along an equal run to join it to the next,
//! is not used: it changed 9 of 1,258 diffs of the sample pages, and after a slide it leaves a
//! delete's new-side index and an insert's old-side index where they were, so its ops do not
//! follow on. Here each op starts where the one before it ends, on both sides.

use similar::DiffOp;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Mask and column tables larger than this many words (8 MB) are dropped after their diff.
const KEEP_WORDS: usize = 1 << 20;

/// Working memory of one diff, kept per thread between diffs (a comparison makes a hundred).
#[derive(Default)]
struct Scratch {
    /// The match mask of each token id, `words` 64-bit words each: bit `i` set where `old[i]`
    /// is that token. The masks one diff sets are cleared at its end, so the table is cleared
    /// whole only when it grows.
    masks: Vec<u64>,
    /// The dynamic programme's columns: after `j` tokens of the new side, bit `i` is 0 where the
    /// LCS of `old[..=i]` and `new[..j]` is one longer than that of `old[..i]` and `new[..j]`
    /// (column 0 is all ones), `words` words each.
    cols: Vec<u64>,
    /// Which tokens of the old side are matched to which of the new, from the end back.
    matched: Vec<(u32, u32)>,
}

/// [`ops_into`] as a new vector.
#[cfg(test)]
pub(super) fn ops(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    let mut out = Vec::new();
    ops_into(old, new, &mut out);
    out
}

/// The ops of a minimal diff of `old` and `new`, into `out` (cleared first): equal runs, and
/// between two of them the tokens of each side that the other lacks as one delete, insert or
/// replace (the ops of `similar::capture_diff_slices`, without its compaction).
pub(super) fn ops_into(old: &[u32], new: &[u32], out: &mut Vec<DiffOp>) {
    out.clear();
    // The common prefix and suffix are part of some LCS; only the middle needs the programme.
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suf = old[pre..].iter().rev().zip(new[pre..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    let push_equal = |out: &mut Vec<DiffOp>, old_index: usize, new_index: usize, len: usize| {
        if len > 0 {
            out.push(DiffOp::Equal { old_index, new_index, len });
        }
    };
    push_equal(out, 0, 0, pre);
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        s.lcs(a, b);
        // Tables grown by one very long pair (a merged unit of thousands of words) are not kept.
        if s.masks.len() + s.cols.len() > KEEP_WORDS {
            (s.masks, s.cols) = (Vec::new(), Vec::new());
        }
        // The matches, first to last: equal runs, each after the gap that leads to it.
        let (mut x, mut y) = (0usize, 0usize);
        let mut k = s.matched.len();
        loop {
            let (mx, my) = if k > 0 { (s.matched[k - 1].0 as usize, s.matched[k - 1].1 as usize) } else { (a.len(), b.len()) };
            let (old_index, new_index, old_len, new_len) = (pre + x, pre + y, mx - x, my - y);
            match (old_len, new_len) {
                (0, 0) => {}
                (_, 0) => out.push(DiffOp::Delete { old_index, old_len, new_index }),
                (0, _) => out.push(DiffOp::Insert { old_index, new_index, new_len }),
                _ => out.push(DiffOp::Replace { old_index, old_len, new_index, new_len }),
            }
            if k == 0 {
                break;
            }
            // One equal run: the matches that go on along the diagonal.
            let mut len = 0;
            while k > 0 && s.matched[k - 1] == ((mx + len) as u32, (my + len) as u32) {
                len += 1;
                k -= 1;
            }
            push_equal(out, pre + mx, pre + my, len);
            (x, y) = (mx + len, my + len);
        }
    });
    push_equal(out, old.len() - suf, new.len() - suf, suf);
}

impl Scratch {
    /// An LCS of `a` and `b` into `matched`, as (index in `a`, index in `b`) from the last match
    /// to the first.
    fn lcs(&mut self, a: &[u32], b: &[u32]) {
        self.matched.clear();
        if a.is_empty() || b.is_empty() {
            return;
        }
        let words = a.len().div_ceil(64);
        let top = a.iter().chain(b).copied().max().unwrap_or(0) as usize;
        // Match masks by token id, `words` words each: a token absent from `a` has an all-zero
        // mask, which leaves a column as it is, so no token is looked up with a branch.
        if self.masks.len() < (top + 1) * words {
            self.masks.clear();
            self.masks.resize((top + 1) * words, 0);
        }
        for (i, &t) in a.iter().enumerate() {
            self.masks[t as usize * words + i / 64] |= 1 << (i % 64);
        }
        // Column j + 1 from column j: V' = (V + (V & M)) | (V & !M), M the mask of b[j]; the
        // addition carries across words. Every column past the first is written before it is
        // read, so the table is only grown, never cleared.
        if self.cols.len() < (b.len() + 1) * words {
            self.cols.resize((b.len() + 1) * words, 0);
        }
        self.cols[..words].fill(!0);
        for (j, &t) in b.iter().enumerate() {
            let (done, next) = self.cols.split_at_mut((j + 1) * words);
            let (v, out) = (&done[j * words..], &mut next[..words]);
            let m = &self.masks[t as usize * words..(t as usize + 1) * words];
            let mut carry = false;
            for w in 0..words {
                let u = v[w] & m[w];
                let (sum, c1) = v[w].overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry as u64);
                carry = c1 | c2;
                out[w] = sum | (v[w] & !m[w]);
            }
        }
        // Only the words set above are cleared, each by one store (a `fill` of `words` words
        // per token was a call to memset per token).
        for (i, &t) in a.iter().enumerate() {
            self.masks[t as usize * words + i / 64] = 0;
        }
        // Back from the end: equal tokens are always matched (some LCS matches them); otherwise
        // the old side's token is dropped when that keeps the LCS length (bit set), else the
        // new side's. Dropping the old side's first leaves its earliest occurrences to match.
        // Without a branch on the data: every step writes its place, and only a match keeps it.
        self.matched.resize(a.len().min(b.len()) + 1, (0, 0));
        let (mut i, mut j, mut n) = (a.len(), b.len(), 0);
        while i > 0 && j > 0 {
            let equal = a[i - 1] == b[j - 1];
            let keeps = self.cols[j * words + (i - 1) / 64] >> ((i - 1) % 64) & 1 == 1;
            self.matched[n] = ((i - 1) as u32, (j - 1) as u32);
            n += equal as usize;
            i -= (equal | keeps) as usize;
            j -= (equal | !keeps) as usize;
        }
        self.matched.truncate(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `similar`'s Myers ops, with its `Replace` hook and without its compaction.
    fn myers(a: &[u32], b: &[u32]) -> Vec<DiffOp> {
        let mut d = similar::algorithms::Replace::new(similar::algorithms::Capture::new());
        similar::algorithms::myers::diff(&mut d, a, 0..a.len(), b, 0..b.len()).unwrap();
        d.into_inner().into_ops()
    }

    /// The LCS length by the textbook quadratic programme.
    fn lcs_len(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diag = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    /// `ops` is a script that turns `a` into `b`: the ops tile both sides in order, equal ops
    /// cover equal tokens, and no two neighbours could be one op.
    fn check_script(a: &[u32], b: &[u32], ops: &[DiffOp]) -> usize {
        let (mut x, mut y, mut equal) = (0, 0, 0);
        for op in ops {
            let (ox, oy) = (op.old_range(), op.new_range());
            assert_eq!((ox.start, oy.start), (x, y), "{ops:?}");
            if let DiffOp::Equal { .. } = op {
                assert_eq!(a[ox.clone()], b[oy.clone()], "{ops:?}");
                equal += ox.len();
            }
            (x, y) = (ox.end, oy.end);
        }
        assert_eq!((x, y), (a.len(), b.len()), "{ops:?}");
        for w in ops.windows(2) {
            assert_ne!(std::mem::discriminant(&w[0]), std::mem::discriminant(&w[1]), "{ops:?}");
        }
        equal
    }

    fn random_pair(next: &mut impl FnMut(u64) -> u64) -> (Vec<u32>, Vec<u32>) {
        // Small alphabets give many matches and ties; large ones the aligner's usual case.
        let alphabet = [2, 3, 5, 10, 40, 200][next(6) as usize];
        let (la, lb) = (next(160) as usize, next(160) as usize);
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
        (a, b)
    }

    /// On random sequences (up to 160 tokens: several words of the bit-parallel columns), the
    /// ops are a script with as many equal tokens as the LCS, as many as `similar`'s Myers finds.
    #[test]
    fn a_minimal_script_on_random_sequences() {
        let mut rng = crate::align::XorShift(0x2545f4914f6cdd1d);
        let mut next = move |n: u64| rng.below(n);
        let mut multiword = 0;
        for _ in 0..20_000 {
            let (a, b) = random_pair(&mut next);
            let got = ops(&a, &b);
            let equal = check_script(&a, &b, &got);
            assert_eq!(equal, lcs_len(&a, &b), "{a:?} ~ {b:?}");
            assert_eq!(equal, check_script(&a, &b, &myers(&a, &b)), "{a:?} ~ {b:?}");
            multiword += (a.len() > 64) as usize;
        }
        assert!(multiword > 5_000, "{multiword}");
        for (a, b) in [(vec![], vec![]), (vec![1], vec![]), (vec![], vec![1, 2]), (vec![1, 2, 3], vec![1, 2, 3]), (vec![1, 2], vec![3, 4, 5])] {
            let got = ops(&a, &b);
            assert_eq!(check_script(&a, &b, &got), lcs_len(&a, &b));
            assert_eq!(got, myers(&a, &b));
        }
    }

    /// Where the LCS is one alignment only (no token repeats), the ops are `similar`'s exactly.
    #[test]
    fn the_ops_of_similar_where_the_alignment_is_unique() {
        let mut rng = crate::align::XorShift(0x9e3779b97f4a7c15);
        let mut next = move |n: u64| rng.below(n);
        let mut unique = 0;
        for _ in 0..5_000 {
            // Two orderings of distinct tokens, partly shared.
            let (la, lb) = (next(90) as usize, next(90) as usize);
            let mut a: Vec<u32> = (0..la as u32).collect();
            let mut b: Vec<u32> = (0..lb as u32).map(|k| if next(3) == 0 { 1000 + k } else { k }).collect();
            for v in [&mut a, &mut b] {
                for _ in 0..next(4) {
                    let (p, q) = (next(v.len().max(1) as u64) as usize, next(v.len().max(1) as u64) as usize);
                    if p < v.len() && q < v.len() {
                        v.swap(p, q);
                    }
                }
            }
            let expected = myers(&a, &b);
            let got = ops(&a, &b);
            // One LCS, but a move can leave two LCSs of one length: compare where unique.
            if lcs_unique(&a, &b) {
                assert_eq!(got, expected, "{a:?} ~ {b:?}");
                unique += 1;
            }
        }
        assert!(unique > 1_000, "{unique}");
    }

    /// Whether two sequences of distinct tokens have one LCS only (counted by the programme).
    fn lcs_unique(a: &[u32], b: &[u32]) -> bool {
        // count[i][j]: number of distinct LCS index sets of a[..i], b[..j], capped at 2.
        let (n, m) = (a.len(), b.len());
        let mut len = vec![vec![0usize; m + 1]; n + 1];
        let mut count = vec![vec![1u8; m + 1]; n + 1];
        for i in 1..=n {
            for j in 1..=m {
                if a[i - 1] == b[j - 1] {
                    len[i][j] = len[i - 1][j - 1] + 1;
                    count[i][j] = count[i - 1][j - 1];
                } else {
                    len[i][j] = len[i - 1][j].max(len[i][j - 1]);
                    let mut c = 0u8;
                    if len[i - 1][j] == len[i][j] {
                        c += count[i - 1][j];
                    }
                    if len[i][j - 1] == len[i][j] {
                        c += count[i][j - 1];
                    }
                    if len[i - 1][j - 1] == len[i][j] {
                        c -= count[i - 1][j - 1];
                    }
                    count[i][j] = c.min(2);
                }
            }
        }
        count[n][m] == 1
    }

    /// Every unit of each sample page against every unit of the next page, as token ids the way
    /// the aligner numbers them: a minimal script each time, most often `similar`'s own, and no
    /// more ops than `similar`'s.
    #[test]
    fn minimal_scripts_on_the_sample_pages() {
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
        let (mut diffs, mut as_similar) = (0, 0);
        let (mut ours_ops, mut their_ops) = (0, 0);
        for (k, pa) in docs.iter().enumerate() {
            let pb = &docs[(k + 1) % docs.len()];
            let norms = PairNorms::new(pa, pb);
            for i in 0..pa.len() {
                for j in 0..pb.len() {
                    let (x, y) = (norms.ids(pa, &[i], false), norms.ids(pb, &[j], true));
                    let got = ops(&x, &y);
                    let myers = myers(&x, &y);
                    assert_eq!(check_script(&x, &y, &got), check_script(&x, &y, &myers), "units {i} ~ {j}");
                    as_similar += (got == myers) as usize;
                    (ours_ops, their_ops) = (ours_ops + got.len(), their_ops + myers.len());
                    diffs += 1;
                }
            }
        }
        assert!(diffs > 1000, "{diffs}");
        // Where a repeated word leaves several minimal alignments the choice can differ (about
        // one diff in five here, 980 of 1258 are `similar`'s exactly), but the hunks are no more
        // broken up: as many ops in all as Myers' (1341 against 1353 where they differ).
        assert!(as_similar * 10 >= diffs * 7, "{as_similar} of {diffs}");
        assert!(ours_ops * 100 <= their_ops * 101, "{ours_ops} ops against {their_ops}");
    }

    #[test]
    fn a_longer_diff_after_a_shorter_one_reuses_the_scratch() {
        let long_a: Vec<u32> = (0..500).map(|k| k % 37).collect();
        let long_b: Vec<u32> = (0..450).map(|k| (k * 7) % 41).collect();
        for (a, b) in [(vec![1, 2], vec![2, 3]), (long_a.clone(), long_b.clone()), (vec![5, 1, 2], vec![2, 3]), (long_b, long_a)] {
            let got = ops(&a, &b);
            assert_eq!(check_script(&a, &b, &got), lcs_len(&a, &b));
        }
        // A very long pair (a merged unit of thousands of words): its tables are not kept.
        let huge_a: Vec<u32> = (0..8000).map(|k| (k * 13) % 5000).collect();
        let huge_b: Vec<u32> = (0..6000).map(|k| (k * 7) % 4999).collect();
        let got = ops(&huge_a, &huge_b);
        assert_eq!(check_script(&huge_a, &huge_b, &got), lcs_len(&huge_a, &huge_b));
        SCRATCH.with(|s| assert!(s.borrow().masks.is_empty() && s.borrow().cols.is_empty()));
        assert_eq!(ops(&[5, 1, 2], &[2, 3]), myers(&[5, 1, 2], &[2, 3]));
    }
}
