//! Crash safety: the real binary killed with SIGKILL in the middle of imports, then checked.
//! `RASHOMON_CRASH_KILLS` raises the number of kills (the long variant: 100+).

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use sha2::Digest;

use crate::util::{s, samples, Env};

fn make_batch(env: &Env, n: usize) -> Vec<std::path::PathBuf> {
    let dir = env.path("batch");
    std::fs::create_dir_all(&dir).unwrap();
    let seeds: Vec<String> = std::fs::read_dir(samples())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let p = dir.join(format!("page_{i:04}.txt"));
            let mut t = seeds[i % seeds.len()].clone();
            t.push_str(&format!("\nوأضاف المصدر أن عدد الجنود بلغ {i} جنديا في المنطقة وفق التقديرات الأولية.\n"));
            std::fs::write(&p, t).unwrap();
            p
        })
        .collect()
}

fn check_integrity(env: &Env, files: &[std::path::PathBuf]) -> usize {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    // A kill before the first migration committed leaves a database without tables: nothing stored.
    let schema: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles'", [], |r| r.get(0)).unwrap();
    if schema == 0 {
        return 0;
    }
    let hashes: HashSet<String> = files.iter().map(|f| hex::encode(sha2::Sha256::digest(std::fs::read(f).unwrap()))).collect();
    let mut st = conn.prepare("SELECT id, raw, raw_sha256, (SELECT count(*) FROM sentences s WHERE s.article_id = a.id) FROM articles a").unwrap();
    let rows: Vec<(i64, Vec<u8>, String, i64)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect();
    for (id, raw, sha, sentences) in &rows {
        assert_eq!(&hex::encode(sha2::Sha256::digest(raw)), sha, "article #{id}: stored bytes differ from their hash");
        assert!(hashes.contains(sha), "article #{id}: not one of the files");
        assert!(*sentences > 0, "article #{id} stored without its sentences");
    }
    let fts: i64 = conn.query_row("SELECT count(*) FROM sentence_fts", [], |r| r.get(0)).unwrap();
    let sents: i64 = conn.query_row("SELECT count(*) FROM sentences", [], |r| r.get(0)).unwrap();
    assert_eq!(fts, sents, "every sentence has its index row");
    rows.len()
}

#[test]
fn sigkill_during_import_leaves_no_partial_article() {
    let kills: usize = std::env::var("RASHOMON_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let env = Env::new();
    // Enough pages that every kill lands while pages are still being written.
    let files = make_batch(&env, 100 + 40 * kills);
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64 | 1;
    let mut killed_mid_batch = 0;
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = 20 + seed % 250;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rashomon"))
            .args(["import", s(&env.path("batch"))])
            .env("RASHOMON_DB", env.db())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            killed_mid_batch += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        check_integrity(&env, &files);
    }
    eprintln!("{kills} kills, {killed_mid_batch} in the middle of a batch");
    assert!(killed_mid_batch * 2 >= kills, "only {killed_mid_batch} of {kills} kills landed during an import");
    // Re-running completes the batch, with no duplicates.
    let r = env.json(&["import", s(&env.path("batch")), "--json"]);
    assert_eq!(r["failed"], 0, "{r}");
    assert_eq!(check_integrity(&env, &files), files.len());
}

#[test]
fn two_processes_write_the_same_database_at_once() {
    let env = Env::new();
    let files = make_batch(&env, 60);
    // Both import the whole batch concurrently: every article once, no "database is locked".
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_rashomon"))
            .args(["import", "--json", s(&env.path("batch"))])
            .env("RASHOMON_DB", env.db())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for o in [&oa, &ob] {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(!err.contains("locked"), "{err}");
    }
    let (ra, rb): (serde_json::Value, serde_json::Value) =
        (serde_json::from_slice(&oa.stdout).unwrap(), serde_json::from_slice(&ob.stdout).unwrap());
    let imported = ra["imported"].as_u64().unwrap() + rb["imported"].as_u64().unwrap();
    assert_eq!(imported as usize, files.len(), "each page imported by exactly one process");
    assert_eq!(check_integrity(&env, &files), files.len());
}
