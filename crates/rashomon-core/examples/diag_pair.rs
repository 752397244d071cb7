// scratch: not committed
use rashomon_core::{align::*, api, store::Store, text::Lang};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store = Store::open(std::path::Path::new(&std::env::var("RASHOMON_DB").unwrap())).unwrap();
    let (ia, ib): (i64, i64) = (args[1].parse().unwrap(), args[2].parse().unwrap());
    let needle_a = args.get(3).cloned().unwrap_or_default();
    let needle_b = args.get(4).cloned().unwrap_or_default();
    let aa = store.article(ia).unwrap();
    let ab = store.article(ib).unwrap();
    let ca = api::claims_of(&aa);
    let cb = api::claims_of(&ab);
    let va = api::claim_vectors(Some(&store), &aa, &ca);
    let vb = api::claim_vectors(Some(&store), &ab, &cb);
    let da = Doc { text: &aa.page_text, lang: Lang::from_code(&aa.summary.language), claims: &ca, published: None, vectors: va.as_deref() };
    let db = Doc { text: &ab.page_text, lang: Lang::from_code(&ab.summary.language), claims: &cb, published: None, vectors: vb.as_deref() };
    let (m, sem) = doc_similarity(&da, &db);
    let t = |d: &Doc, i: usize| d.text[d.claims[i].span.start..d.claims[i].span.end].chars().take(90).collect::<String>();
    for (i, row) in m.iter().enumerate() {
        if !t(&da, i).contains(&needle_a) { continue; }
        let mut idx: Vec<usize> = (0..row.len()).collect();
        idx.sort_by(|&x, &y| row[y].total_cmp(&row[x]));
        let u = features::Unit::from_claim(da.text, &ca[i], da.lang);
        println!("A{i} neg={} scope={:?} blame={} agents={:?} {}", ca[i].negated, u.neg_scope, u.blame, u.agents, t(&da, i));
        for &j in idx.iter().take(6) {
            let s = sem.as_ref().and_then(|s| s[i][j]).unwrap_or(-1.0);
            let colbest = m.iter().map(|r| r[j]).fold(0.0, f64::max);
            println!("   {:.3} sem {:.3} colbest {:.3} B{j} neg={} {}", row[j], s, colbest, cb[j].negated, t(&db, j));
        }
    }
    if !needle_b.is_empty() {
        for j in 0..cb.len() {
            if !t(&db, j).contains(&needle_b) { continue; }
            let mut idx: Vec<usize> = (0..ca.len()).collect();
            idx.sort_by(|&x, &y| m[y][j].total_cmp(&m[x][j]));
            let u = features::Unit::from_claim(db.text, &cb[j], db.lang);
            println!("B{j} neg={} scope={:?} blame={} agents={:?} stems={:?} {}", cb[j].negated, u.neg_scope, u.blame, u.agents, u.tokens.iter().map(|t| t.stem.clone()).collect::<Vec<_>>(), t(&db, j));
            for &i in idx.iter().take(6) {
                let s = sem.as_ref().and_then(|s| s[i][j]).unwrap_or(-1.0);
                println!("   {:.3} sem {:.3} A{i} {}", m[i][j], s, t(&da, i));
            }
        }
    }
}
#[allow(dead_code)]
fn _x() {}
