//! Schema upgrade: a database made at schema version 1, holding an article stored the way
//! version 1 stored it, opened by the current build: it is upgraded to the current version
//! (however many migrations that is) and the article, its raw bytes and its index survive.

use rashomon_core::store::{migrate_to, SCHEMA_VERSION};
use rashomon_core::text::normalize::fold;
use rashomon_core::text::segment::sentences;
use rashomon_core::text::Lang;
use rashomon_core::Span;
use sha2::Digest;

use crate::util::{s, samples, Env};

#[test]
fn a_version_1_database_is_upgraded_and_its_article_survives() {
    let env = Env::new();
    let file = samples().join("003_f5b8c9bc2459abb0.txt");
    let raw = std::fs::read(&file).unwrap();
    let text = std::str::from_utf8(&raw).unwrap();
    let sha = hex::encode(sha2::Sha256::digest(&raw));
    let body = Span::new(text.find('\n').unwrap() + 1, text.trim_end().len());
    let title = Span::new(0, text.find('\n').unwrap());
    let sents = sentences(text, body, Lang::Ar);
    assert!(sents.len() > 3);
    {
        let mut conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        migrate_to(&mut conn, 1).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
        // Stored as version 1 stored it: outlet, article (page_text NULL: UTF-8 without BOM),
        // one block, its sentences and their folded index rows, the title's index row.
        conn.execute("INSERT INTO outlets(id, name, side, language) VALUES (1, 'RT Arabic', 'russian', 'ar')", []).unwrap();
        conn.execute(
            "INSERT INTO articles(id, outlet_id, source_name, url, title, language, published, imported_at, raw, raw_sha256,
               encoding, format, page_text, clean_text, title_start, title_end)
             VALUES (1, 1, '003_f5b8c9bc2459abb0.txt', NULL, ?1, 'ar', '2020-03-05', '2020-03-06T10:00:00Z', ?2, ?3,
               'UTF-8', 'txt', NULL, ?4, ?5, ?6)",
            rusqlite::params![title.text(text), raw, sha, body.text(text), title.start as i64, title.end as i64],
        )
        .unwrap();
        conn.execute("INSERT INTO blocks(article_id, idx, kind, start, end) VALUES (1, 0, 'paragraph', ?1, ?2)", [body.start as i64, body.end as i64]).unwrap();
        for (i, sp) in sents.iter().enumerate() {
            conn.execute("INSERT INTO sentences(id, article_id, idx, start, end) VALUES (?1, 1, ?2, ?3, ?4)", [i as i64 + 1, i as i64, sp.start as i64, sp.end as i64]).unwrap();
            conn.execute("INSERT INTO sentence_fts(rowid, text) VALUES (?1, ?2)", rusqlite::params![i as i64 + 1, fold(sp.text(text))]).unwrap();
        }
        conn.execute("INSERT INTO title_fts(rowid, text) VALUES (1, ?1)", [fold(title.text(text))]).unwrap();
    }

    // The current build opens it: upgraded, everything there.
    let list = env.json(&["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["outlet"], "RT Arabic");
    assert_eq!(list[0]["side"], "russian");
    let art = env.json(&["show", "1", "--json"]);
    assert_eq!(art["raw_sha256"], sha);
    assert_eq!(art["page_text"].as_str().unwrap().as_bytes(), &raw[..]);
    let stored = art["sentences"].as_array().unwrap();
    assert_eq!(stored.len(), sents.len());
    for (x, sp) in stored.iter().zip(&sents) {
        assert_eq!(x["text"].as_str().unwrap(), sp.text(text));
    }
    let word = fold(sents[1].text(text)).split_whitespace().max_by_key(|w| w.len()).unwrap().to_string();
    let hits = env.json(&["search", &word, "--json"]);
    assert!(hits.as_array().unwrap().iter().any(|h| h["article_id"] == 1), "{word}: {hits}");
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION, "upgraded to the current version");
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        let stored_raw: Vec<u8> = conn.query_row("SELECT raw FROM articles WHERE id = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(stored_raw, raw, "raw bytes survive the upgrade");
        // Version 5 rebuilt the outlets table: the article still points at its outlet.
        let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(broken, 0);
        let outlet: String = conn.query_row("SELECT o.name FROM articles a JOIN outlets o ON o.id = a.outlet_id WHERE a.id = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(outlet, "RT Arabic");
    }
    // The same bytes again: recognised, not stored twice.
    let out = env.run_ok(&["import", s(&file)]);
    assert!(out.contains("already imported as #1"), "{out}");
    // Version 1 knew five sides: 'ukrainian' and a researcher's own side are taken after the upgrade.
    env.run_ok(&["import", s(&samples().join("001_4489f4de29ce8df6.txt")), "--outlet", "Ukrinform", "--side", "ukrainian"]);
    env.run_ok(&["import", s(&samples().join("002_7353f3c6e7c0b215.txt")), "--outlet", "Armenpress", "--side", "armenian"]);
    let list = env.json(&["list", "--json"]);
    let side_of = |outlet: &str| list.as_array().unwrap().iter().find(|a| a["outlet"] == outlet).map(|a| a["side"].clone());
    assert_eq!(side_of("Ukrinform"), Some("ukrainian".into()), "{list}");
    assert_eq!(side_of("Armenpress"), Some("armenian".into()), "{list}");
    assert_eq!(side_of("RT Arabic"), Some("russian".into()), "{list}");
}

/// The schema checks a side's form as `store::check_side` does: a bad one written past the
/// API is refused by the database too.
#[test]
fn the_schema_refuses_a_malformed_side() {
    let env = Env::new();
    env.run_ok(&["list"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    for bad in ["Russian", "1st", "", "a-b", "side with spaces", &"x".repeat(33)] {
        assert!(conn.execute("INSERT INTO outlets(name, side) VALUES ('X', ?1)", [bad]).is_err(), "{bad:?} was stored");
    }
    for good in ["ukrainian", "armenian", "kurdish_sdf2"] {
        conn.execute("INSERT INTO outlets(name, side) VALUES (?1, ?1)", [good]).unwrap();
    }
}
