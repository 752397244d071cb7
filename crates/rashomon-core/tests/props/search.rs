//! Search against a real store (a SQLite file with the sample pages imported): no query string,
//! however full of FTS5 syntax, reaches SQLite as syntax. Every query either runs or — only when it
//! holds no word at all — is refused as `bad_query`; hits and highlights are valid spans; a stored
//! word wrapped in any amount of query syntax is found; nothing is written.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use proptest::prelude::*;
use rashomon_core::api;
use rashomon_core::store::search::parse_query;
use rashomon_core::store::Store;
use rashomon_core::text::normalize::fold;
use rashomon_core::ErrorCode;

use crate::ensure;
use crate::gen::{check, text};

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    words: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("props.db");
        let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        let mut store = Store::open(&db).unwrap();
        let r = api::import(&mut store, &[samples], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
        assert!(r.imported >= 5, "{r:?}");
        let mut words = Vec::new();
        for a in store.list_articles().unwrap() {
            for s in store.article(a.id).unwrap().sentences {
                words.extend(fold(&s.text).split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(str::to_owned));
            }
        }
        words.sort();
        words.dedup();
        Fixture { _dir: dir, db, words }
    })
}

const SYNTAX: &[&str] = &[
    "\"", "\"\"", "*", "^", "-", ":", "(", ")", "{", "}", "+", "'", ";", "\\", "--", "/*", "*/", ",", ".", "~", "%",
    "NEAR(", "NEAR/2", "AND", "OR", "NOT", "title:", "sentence_fts:", "text:", "rowid", "MATCH", "'; DROP TABLE articles; --",
    "\0", "\u{202E}", "\u{200B}", "\u{FEFF}", " ", "  ", "\t", "\n", "ـ", "\u{064B}", "«", "»", "“",
];

fn query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(SYNTAX).prop_map(str::to_owned),
        2 => text(6).prop_map(|(_, s)| s),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

#[test]
fn arbitrary_queries_never_reach_sqlite_as_syntax() {
    let f = fixture();
    let store = Store::open(&f.db).unwrap();
    let before = store.conn().total_changes();
    check("search_arbitrary_queries", 400, query(), |q| {
        match store.search(&q, 20) {
            Ok(hits) => {
                for h in &hits {
                    for &(a, b) in &h.highlights {
                        ensure!(a < b && b <= h.snippet.len() && h.snippet.is_char_boundary(a) && h.snippet.is_char_boundary(b), "highlight {a}..{b}");
                    }
                    ensure!(h.start <= h.end, "hit span");
                }
            }
            Err(e) => {
                ensure!(e.code == ErrorCode::BadQuery, "{q:?}: {:?}: {}", e.code, e.message);
                ensure!(parse_query(&q).is_empty(), "{q:?} has words but was refused: {}", e.message);
            }
        }
        Ok(())
    });
    assert_eq!(store.conn().total_changes(), before, "search wrote to the database");
}

#[test]
fn a_stored_word_in_any_syntax_is_found() {
    let f = fixture();
    let store = Store::open(&f.db).unwrap();
    let no_words: Vec<&str> = SYNTAX.iter().copied().filter(|s| !s.chars().any(char::is_alphanumeric)).collect();
    let strat = (prop::sample::select(f.words.clone()), prop::collection::vec(prop::sample::select(no_words.clone()), 0..4), prop::collection::vec(prop::sample::select(no_words), 0..4));
    check("search_stored_word_found", 300, strat, |(w, pre, post)| {
        let q = format!("{}{w}{}", pre.concat(), post.concat());
        let hits = store.search(&q, 5).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{q:?}: {}", e.message)))?;
        ensure!(!hits.is_empty(), "{q:?} found nothing though {w:?} is stored");
        Ok(())
    });
}
