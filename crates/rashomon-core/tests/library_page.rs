//! `api::list_articles_page`: the first screen of a large library comes from a small page in the
//! same order as the full list (a real SQLite file, the sample corpus).
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use rashomon_core::api;
use rashomon_core::store::Store;

#[test]
fn pages_are_slices_of_the_full_list() {
    rashomon_core::semantic::disable();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("library.db")).unwrap();
    let empty = api::list_articles_page(&s, 0, 10).unwrap();
    assert_eq!((empty.total, empty.offset, empty.articles.len()), (0, 0, 0));

    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let r = api::import(&mut s, &[samples], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.imported, 5);
    let all: Vec<i64> = api::list_articles(&s).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(all.len(), 5);
    for (offset, limit) in [(0, 2), (2, 2), (4, 2), (0, 5), (0, 100), (3, 1), (5, 3), (99, 1), (1, 0)] {
        let p = api::list_articles_page(&s, offset, limit).unwrap();
        assert_eq!(p.total, 5);
        assert_eq!(p.offset, offset);
        let want: Vec<i64> = all.iter().copied().skip(offset).take(limit).collect();
        assert_eq!(p.articles.iter().map(|a| a.id).collect::<Vec<_>>(), want, "offset {offset} limit {limit}");
    }
    // the summaries are the list's own, field for field
    let full = api::list_articles(&s).unwrap();
    let page = api::list_articles_page(&s, 1, 3).unwrap();
    assert_eq!(serde_json::to_value(&page.articles).unwrap(), serde_json::to_value(&full[1..4]).unwrap());
}
