//! The claim matrix of a story: rows are clusters of claims that answer each other across
//! articles, columns are the articles; a cell says whether that article affirms the claim,
//! denies it, reports a different number, or does not have it.
//!
//! Clusters come from the pairwise aligner: every pair of articles is aligned (global
//! Hungarian assignment over one similarity matrix with story-wide IDF), and aligned pairs are
//! joined strongest first, never putting two claims of one article in one cluster.

use serde::Serialize;

use super::features::Unit;
use super::grid::Grid;
use super::{assign, numeric_conflict, similarity_matrix, Doc, Params};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    Affirms,
    Denies,
    /// The article has the claim with a number that conflicts with another article's.
    DifferentNumber,
    Absent,
}

/// One article's answer to one claim cluster.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MatrixCell {
    pub state: CellState,
    /// Claim (clause) index in the article, when present.
    pub clause: Option<usize>,
    /// Byte span of the claim in the article's page text.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// For `different_number`: which numbers disagree (e.g. "33 vs 36 جنديا").
    pub explanation: Option<String>,
}

/// One cluster of claims.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MatrixRow {
    /// Column of the representative claim (the member most similar to the others).
    pub column: usize,
    pub clause: usize,
    pub start: usize,
    pub end: usize,
    /// The representative claim's text.
    pub text: String,
    /// How many articles have the claim.
    pub support: usize,
    /// Articles disagree (affirm vs deny, or different numbers).
    pub contested: bool,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
}

/// Claim clusters over `docs` that at least `min_support` articles share, most shared first.
/// Also returns, per column, how many claims of that article are in no shared row.
pub fn claim_matrix(docs: &[Doc<'_>], p: &Params, min_support: usize) -> (Vec<MatrixRow>, Vec<usize>) {
    claim_matrix_of_units(docs, docs.iter().map(super::units_of).collect(), p, min_support)
}

/// [`claim_matrix`] with each document's units (with their embeddings) made ahead.
pub fn claim_matrix_of_units(docs: &[Doc<'_>], units: Vec<Vec<Unit>>, p: &Params, min_support: usize) -> (Vec<MatrixRow>, Vec<usize>) {
    let offsets: Vec<usize> = units
        .iter()
        .scan(0, |acc, u| {
            let o = *acc;
            *acc += u.len();
            Some(o)
        })
        .collect();
    let all: Vec<Unit> = units.iter().flatten().cloned().collect();
    let n = all.len();
    let owner: Vec<usize> = units.iter().enumerate().flat_map(|(d, u)| std::iter::repeat_n(d, u.len())).collect();
    let sim = similarity_matrix(&all, &all);
    // Aligned pairs of every article pair.
    let mut edges: Vec<(f64, usize, usize)> = Vec::new();
    for x in 0..docs.len() {
        for y in x + 1..docs.len() {
            let (ox, oy) = (offsets[x], offsets[y]);
            let (nx, ny) = (units[x].len(), units[y].len());
            let sub = Grid::from_cells(nx, ny, (0..nx).flat_map(|i| sim[ox + i][oy..oy + ny].iter().copied()).collect());
            // Merged (one-to-many) rows join through their first units only, so which clauses
            // may join a row does not matter here.
            for (ia, ib) in assign(&sub, units[x].len(), units[y].len(), p, |_, _, _| true) {
                let (i, j) = (ox + ia.start, oy + ib.start);
                edges.push((sim[i][j], i, j));
            }
        }
    }
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // Union-find whose roots keep the set of articles present in their cluster.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(_, i, j) in &edges {
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        if ri == rj {
            continue;
        }
        let clash = members[ri].iter().any(|&u| members[rj].iter().any(|&v| owner[u] == owner[v]));
        if clash {
            continue;
        }
        let moved = std::mem::take(&mut members[rj]);
        members[ri].extend(moved);
        parent[rj] = ri;
    }
    let mut in_row = vec![false; n];
    let mut rows: Vec<MatrixRow> = Vec::new();
    for root in 0..n {
        if parent[root] != root || members[root].len() < min_support.max(1) {
            continue;
        }
        let mut m = members[root].clone();
        m.sort_unstable();
        // Representative: the member most similar to the rest.
        let rep = *m
            .iter()
            .max_by(|&&a, &&b| {
                let sa: f64 = m.iter().map(|&o| sim[a][o]).sum();
                let sb: f64 = m.iter().map(|&o| sim[b][o]).sum();
                sa.total_cmp(&sb).then(b.cmp(&a))
            })
            .expect("non-empty cluster");
        let mut cells: Vec<MatrixCell> = (0..docs.len())
            .map(|_| MatrixCell { state: CellState::Absent, clause: None, start: None, end: None, explanation: None })
            .collect();
        for &u in &m {
            in_row[u] = true;
            let d = owner[u];
            let k = u - offsets[d];
            let claim = &docs[d].claims[k];
            let conflict = m.iter().filter(|&&o| o != u).find_map(|&o| numeric_conflict(&all[u], &all[o], &docs[d], &docs[owner[o]]).map(|(why, _)| why));
            let state = match (&conflict, claim.negated) {
                (Some(_), _) => CellState::DifferentNumber,
                (None, true) => CellState::Denies,
                (None, false) => CellState::Affirms,
            };
            cells[d] = MatrixCell { state, clause: Some(k), start: Some(claim.span.start), end: Some(claim.span.end), explanation: conflict };
        }
        // Contested: numbers that disagree, or a denial beside an affirmation — not beside a
        // member that reports the same failure in other words ("left without an agreement" /
        // "Turkey failed to persuade Russia"). (Rows are clusters of claims that answer each
        // other; the pairwise comparison, not the matrix, says whether the denial meets the act.)
        let denial_met = m.iter().any(|&u| all[u].negated && m.iter().any(|&o| !all[o].negated && !all[o].failure));
        let contested = cells.iter().any(|c| c.state == CellState::DifferentNumber) || denial_met;
        let (rd, rk) = (owner[rep], rep - offsets[owner[rep]]);
        let span = docs[rd].claims[rk].span;
        rows.push(MatrixRow {
            column: rd,
            clause: rk,
            start: span.start,
            end: span.end,
            text: docs[rd].text[span.start..span.end].to_string(),
            support: m.len(),
            contested,
            cells,
        });
    }
    rows.sort_by(|a, b| b.support.cmp(&a.support).then(a.column.cmp(&b.column)).then(a.clause.cmp(&b.clause)));
    let unique: Vec<usize> = (0..docs.len()).map(|d| (0..units[d].len()).filter(|&k| !in_row[offsets[d] + k]).count()).collect();
    (rows, unique)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::analyze;
    use crate::span::Span;
    use crate::text::segment::sentences;
    use crate::text::Lang;

    #[test]
    fn clusters_across_three_accounts_with_states() {
        let texts = [
            "Turkish officials said 33 soldiers were killed in the air strike in Idlib. Ankara said it had informed Moscow of the positions of its troops. The weather in Ankara was cold.",
            "Ankara did not inform Moscow of the positions of its troops. Russian officials said 36 soldiers were killed in the air strike in Idlib.",
            "Officials said 33 soldiers were killed in the air strike in Idlib. Ankara had informed Moscow of the positions of its troops, the ministry said.",
        ];
        let claims: Vec<_> = texts.iter().map(|t| analyze(t, &sentences(t, Span::new(0, t.len()), Lang::En), Lang::En)).collect();
        let docs: Vec<Doc<'_>> = texts.iter().zip(&claims).map(|(t, c)| Doc { text: t, lang: Lang::En, claims: c, published: None, vectors: None }).collect();
        let (rows, unique) = claim_matrix(&docs, &Params::default(), 2);
        let killed = rows.iter().find(|r| r.text.contains("killed")).expect("killed row");
        assert_eq!(killed.support, 3, "{rows:#?}");
        assert!(killed.contested);
        assert!(killed.cells.iter().any(|c| c.state == CellState::DifferentNumber));
        let informed = rows.iter().find(|r| r.text.contains("inform")).expect("informed row");
        assert_eq!(informed.cells[1].state, CellState::Denies, "{informed:#?}");
        assert_eq!(informed.cells[0].state, CellState::Affirms);
        assert!(informed.contested);
        // The weather is only in the first article.
        assert!(rows.iter().all(|r| !r.text.contains("weather")));
        assert!(unique[0] >= 1);
        // No cluster holds two claims of one article; every present cell's span is that claim's.
        for r in &rows {
            for (d, c) in r.cells.iter().enumerate() {
                if let (Some(k), Some(s)) = (c.clause, c.start) {
                    assert_eq!(docs[d].claims[k].span.start, s);
                }
            }
        }
    }

    #[test]
    fn a_failure_told_in_other_words_agrees_with_the_denial() {
        let texts = [
            "The Russian delegation left Ankara without an agreement on the Idlib clashes, a Turkish source said.",
            "Turkey failed to reach an agreement with the Russian delegation on the Idlib clashes, a Turkish source said.",
        ];
        let claims: Vec<_> = texts.iter().map(|t| analyze(t, &sentences(t, Span::new(0, t.len()), Lang::En), Lang::En)).collect();
        let docs: Vec<Doc<'_>> = texts.iter().zip(&claims).map(|(t, c)| Doc { text: t, lang: Lang::En, claims: c, published: None, vectors: None }).collect();
        let (rows, _) = claim_matrix(&docs, &Params::default(), 2);
        let r = rows.iter().find(|r| r.support == 2).expect("one shared claim");
        assert_eq!(r.cells[0].state, CellState::Denies, "{rows:#?}");
        assert!(!r.contested, "{rows:#?}");
    }
}
