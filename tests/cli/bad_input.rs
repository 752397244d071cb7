use crate::util::{s, samples, Env};

fn snapshot(env: &Env) -> Vec<(i64, String, Vec<u8>)> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut st = conn.prepare("SELECT id, raw_sha256, raw FROM articles ORDER BY id").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn bad_files_get_clear_errors_and_the_rest_of_the_batch_is_imported() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples().join("001_4489f4de29ce8df6.txt"))]);
    let before = snapshot(&env);

    std::fs::write(env.path("empty.txt"), b"").unwrap();
    std::fs::write(env.path("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let prose = "أعلن المتحدث باسم الرئاسة الروسية أن الرئيسين لا يعتزمان عقد لقاء. ".repeat(10);
    let bad_at = prose.char_indices().map(|(i, _)| i).find(|&i| i >= 300).unwrap();
    let mut broken = prose.into_bytes();
    broken.insert(bad_at, 0xFF);
    std::fs::write(env.path("broken.txt"), &broken).unwrap();
    let mut utf16 = Vec::new();
    for u in "Kremlin said the presidents would meet within a week. Nothing was decided.".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(env.path("utf16-nobom.txt"), &utf16).unwrap();
    // A 201 MB file (sparse: no disk used) is refused before it is read.
    let big = std::fs::File::create(env.path("huge.txt")).unwrap();
    big.set_len(201 * 1024 * 1024).unwrap();
    drop(big);
    std::fs::copy(samples().join("003_f5b8c9bc2459abb0.txt"), env.path("good.txt")).unwrap();

    let names = ["empty.txt", "image.png", "broken.txt", "utf16-nobom.txt", "huge.txt", "good.txt"];
    let paths: Vec<String> = names.iter().map(|n| s(&env.path(n)).to_string()).collect();
    let mut args = vec!["import", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let o = env.run(&args);
    assert_eq!(o.status.code(), Some(1), "bad files make the exit code non-zero");
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["imported"], 1, "{r}");
    assert_eq!(r["failed"], 5, "{r}");
    for item in r["items"].as_array().unwrap() {
        let src = item["source"].as_str().unwrap();
        if src.ends_with("good.txt") {
            assert_eq!(item["status"], "imported");
            continue;
        }
        let e = &item["error"];
        let msg = e["message"].as_str().unwrap();
        assert!(msg.starts_with(src), "error names the file: {msg}");
        let want = if src.ends_with("empty.txt") {
            ("empty", "empty")
        } else if src.ends_with("image.png") || src.ends_with("utf16-nobom.txt") {
            ("bad_input", "not a text file")
        } else if src.ends_with("broken.txt") {
            ("encoding", "invalid UTF-8 at byte")
        } else {
            ("too_large", "limit")
        };
        assert_eq!(e["code"], want.0, "{msg}");
        assert!(msg.contains(want.1), "{msg}");
        if src.ends_with("broken.txt") {
            assert!(msg.ends_with(&format!("at byte {bad_at}")), "{msg}");
        }
    }
    // Nothing already stored changed.
    let after = snapshot(&env);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(&after[..before.len()], &before[..]);

    // Human output names the file and the problem on stderr.
    let o = env.run(&["import", &paths[0]]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
}

#[test]
fn missing_path_and_bad_side_are_errors_not_panics() {
    let env = Env::new();
    let o = env.run(&["import", "/nonexistent/file.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/file.txt"));
    let o = env.run(&["import", s(&samples()), "--side", "Russian side"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("side 'Russian side' is not a side name"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = env.run(&["import", s(&samples()), "--published", "March 5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("'March 5' is not a date"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(env.json(&["list", "--json"]).as_array().unwrap().len(), 0, "a refused batch stored nothing");
    let o = env.run(&["show", "999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article #999"));
}

#[test]
fn a_database_from_a_newer_schema_is_refused_and_left_untouched() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples().join("001_4489f4de29ce8df6.txt"))]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let bytes = std::fs::read(env.db()).unwrap();
    let o = env.run(&["list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("schema version 999") && err.contains("untouched"), "{err}");
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
}
