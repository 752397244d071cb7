//! Hostile input through the real binary: each bad file gets a clear error that names it, and
//! nothing already stored changes (a digest of every stored row, before and after).

use crate::util::{db_digest, run_measured, s, samples, Env};

/// A database holding one sample article; returns its digest.
fn seeded() -> (Env, String) {
    let env = Env::new();
    env.run_ok(&["import", s(&samples().join("001_4489f4de29ce8df6.txt"))]);
    let d = db_digest(&env.db());
    (env, d)
}

/// Import one file that must be refused: exit 1, an error naming the file with `code` and
/// `needle`, and the database unchanged.
fn refused(env: &Env, before: &str, name: &str, code: &str, needle: &str) {
    let path = env.path(name);
    let o = env.run(&["import", "--json", s(&path)]);
    assert_eq!(o.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &r["items"][0]["error"];
    let msg = e["message"].as_str().unwrap_or_default();
    assert!(msg.starts_with(s(&path)), "error does not name the file: {msg}");
    assert_eq!(e["code"], code, "{msg}");
    assert!(msg.contains(needle), "{msg}");
    assert_eq!(db_digest(&env.db()), before, "{name}: stored rows changed");
}

#[test]
fn zip_bytes_are_not_text() {
    let (env, before) = seeded();
    // A real (stored, uncompressed) ZIP archive holding one text file.
    let mut zip = b"PK\x03\x04\x0a\0\0\0\0\0\0\0!\0".to_vec();
    zip.extend_from_slice(&[0x3a, 0x1f, 0x6e, 0x8c, 5, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0]);
    zip.extend_from_slice(b"a.txthello");
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0\x33\0\0\0\x23\0\0\0\0\0");
    std::fs::write(env.path("archive.zip.txt"), &zip).unwrap();
    refused(&env, &before, "archive.zip.txt", "bad_input", "not a text file");
}

#[test]
fn a_200_mb_page_is_refused_before_it_is_read() {
    let (env, before) = seeded();
    // Exactly 200 MiB (sparse: no disk used). Over the 50 MB page limit, at the 200 MB limit for
    // a file of records: it must be refused from its size alone. Documented bound: the refusing
    // import's peak RSS stays under 64 MiB (reading the file would take over 200 MiB).
    for name in ["big.txt", "big.html"] {
        let f = std::fs::File::create(env.path(name)).unwrap();
        f.set_len(200 * 1024 * 1024).unwrap();
        drop(f);
        let (o, rss_kib) = run_measured(&env, &["import", "--json", s(&env.path(name))]);
        assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let msg = r["items"][0]["error"]["message"].as_str().unwrap();
        assert!(msg.starts_with(s(&env.path(name))) && msg.contains("the limit for one page is 50 MB"), "{msg}");
        assert_eq!(r["items"][0]["error"]["code"], "too_large");
        eprintln!("{name}: refused with peak RSS {} KiB", rss_kib);
        assert!(rss_kib < 64 * 1024, "{name}: peak RSS {rss_kib} KiB — the file was read");
        assert_eq!(db_digest(&env.db()), before);
    }
}

#[test]
fn a_page_of_100000_one_character_lines() {
    let (env, before) = seeded();
    let page: String = (0..100_000).map(|i| ["ا\n", "a\n", ".\n", "٣\n", "я\n"][i % 5]).collect();
    std::fs::write(env.path("lines.txt"), &page).unwrap();
    let o = env.run(&["import", "--json", s(&env.path("lines.txt"))]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{o:?}"));
    let item = &r["items"][0];
    match o.status.code() {
        // Imported: every sentence span indexes the page.
        Some(0) => {
            let id = item["article_id"].as_i64().unwrap().to_string();
            let art = env.json(&["show", &id, "--json"]);
            assert_eq!(art["page_text"].as_str().unwrap(), page);
            for x in art["sentences"].as_array().unwrap() {
                let (a, b) = (x["start"].as_u64().unwrap() as usize, x["end"].as_u64().unwrap() as usize);
                assert_eq!(&page[a..b], x["text"].as_str().unwrap());
            }
        }
        // Refused: by name, with nothing changed.
        Some(1) => {
            let msg = item["error"]["message"].as_str().unwrap();
            assert!(msg.starts_with(s(&env.path("lines.txt"))), "{msg}");
            assert_eq!(db_digest(&env.db()), before);
        }
        c => panic!("exit {c:?}: {}", String::from_utf8_lossy(&o.stderr)),
    }
}

#[test]
fn html_nested_100000_levels_is_refused() {
    let (env, before) = seeded();
    let html = format!(
        "<!doctype html><html><body>{}<p>Путин заявил, что переговоры продолжатся завтра в Москве.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(env.path("nested.html"), html).unwrap();
    refused(&env, &before, "nested.html", "bad_input", "nests elements more than");
}

#[test]
fn fts5_syntax_typed_into_search_is_plain_text() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    let before = db_digest(&env.db());
    let words = ["\"إدلب", "إدلب\"", "إدلب*", "^إدلب", "-إدلب", "إدلب:", "(إدلب", "{إدلب}", "إدلب' --"];
    for q in words {
        let hits = env.json(&["search", "--json", "--", q]);
        assert!(!hits.as_array().unwrap().is_empty(), "{q:?} found nothing");
    }
    // After `--`: a query starting with `-` is a query, not an option.
    for q in ["\"", "NEAR(", "*", "^", "-", ":", "\"\"", "(", ")", "NEAR(a b", "a -b", "col:*", "a:b^c", "'; DROP TABLE articles; --"] {
        let o = env.run(&["search", "--json", "--", q]);
        match o.status.code() {
            Some(0) => assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap().is_array()),
            Some(2) => {
                // Only a query with no word at all is refused, as such.
                let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
                assert_eq!(e["code"], "bad_query", "{q:?}: {e}");
                assert!(e["message"].as_str().unwrap().contains("nothing to search for"), "{q:?}: {e}");
                assert!(!q.chars().any(char::is_alphanumeric), "{q:?} has words but was refused: {e}");
            }
            c => panic!("{q:?}: exit {c:?}: {}", String::from_utf8_lossy(&o.stderr)),
        }
    }
    assert_eq!(db_digest(&env.db()), before, "search changed the database");
}

#[test]
fn bidi_zero_width_and_script_in_text_and_metadata_are_stored_verbatim() {
    let env = Env::new();
    let title = "Evil \u{202E}txt.exe\u{202C} <script>alert(1)</script> ti\u{200B}tle \u{1b}[2J\u{1b}]0;pwned\u{7}";
    let outlet = "Outlet\u{2067} <img src=x onerror=alert(1)>\u{2069}\u{200D}";
    let url = "javascript:alert(document.cookie)";
    let body = "Путин заявил, что переговоры продолжатся завтра в Москве, сообщил Кремль. \
                <script>window.__pwned=1</script> и ссылка <a href=\"javascript:alert(1)\">здесь</a>.\n\n\
                Эрдоган\u{202E} ответил, что Анкара не уйдёт из Идлиба\u{200B}, добавил он журналистам.\n";
    std::fs::create_dir_all(env.path("in")).unwrap();
    std::fs::write(env.path("in/evil.txt"), body).unwrap();
    let manifest = serde_json::json!({"files": [{"file": "evil.txt", "outlet": outlet, "title": title, "url": url, "side": "russian", "published": "2020-03-05"}]});
    std::fs::write(env.path("in/manifest.json"), manifest.to_string()).unwrap();
    let r = env.json(&["import", "--json", s(&env.path("in"))]);
    assert_eq!(r["imported"], 1, "{r}");
    let list = env.json(&["list", "--json"]);
    let a = &list[0];
    assert_eq!(a["title"], title);
    assert_eq!(a["outlet"], outlet);
    assert_eq!(a["url"], url);
    let art = env.json(&["show", &a["id"].to_string(), "--json"]);
    assert_eq!(art["page_text"].as_str().unwrap(), body, "page text stored verbatim");
    assert!(art["clean_text"].as_str().unwrap().contains("<script>window.__pwned=1</script>"));
    assert!(art["sentences"].as_array().unwrap().iter().any(|x| x["text"].as_str().unwrap().contains('\u{202E}')));
    // The search index folds invisible characters away: the word with a zero-width space inside
    // is found by its letters.
    let hits = env.json(&["search", "Идлиба", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    // On the terminal the same text is shown, not obeyed: no escape sequence that is not a
    // colour, no bell, no bidi override reaches it; they appear as visible markers.
    let id = a["id"].to_string();
    for args in [vec!["list"], vec!["show", &id], vec!["search", "Идлиба"], vec!["claims", &id]] {
        let out = env.run_ok(&args);
        assert!(!out.contains('\u{202E}') && !out.contains('\u{2067}') && !out.contains('\u{7}'), "{args:?}: {out}");
        assert!(!out.contains("\u{1b}[2J") && !out.contains("\u{1b}]"), "{args:?}: {out:?}");
        assert!(out.contains("⟨U+202E⟩"), "{args:?}: {out}");
    }
}

/// `rashomon serve` on a library of the samples, with a known token; its port and the child. Its
/// output is read up to the address only (the pipe then closes, as when a launcher stops reading).
fn serve(env: &Env) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rashomon"))
        .args(["--db", s(&env.db()), "serve", "--port", "0", "--token", "tok"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(env.path("serve.err")).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok());
    (child, port.unwrap_or_else(|| panic!("no address in {line:?}")))
}

fn get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(c, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer tok\r\nConnection: close\r\n\r\n")?;
    let mut out = String::new();
    c.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn serve_outlives_clients_that_hang_up_mid_answer() {
    use std::io::Write;
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    let (mut child, port) = serve(&env);
    // SIGPIPE is ignored by the server process (bit 13 of the SigIgn mask), so a write to a
    // closed connection is an error, not the end of the process
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let ign = status.lines().find_map(|l| l.strip_prefix("SigIgn:")).map(|m| u64::from_str_radix(m.trim(), 16).unwrap()).unwrap();
    assert!(ign & (1 << (libc::SIGPIPE - 1)) != 0, "SIGPIPE not ignored: SigIgn {ign:x}");
    // clients asking for the largest answers and leaving at once (reset: SO_LINGER 0)
    for _ in 0..50 {
        use std::os::fd::AsRawFd;
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let linger = libc::linger { l_onoff: 1, l_linger: 0 };
        // SAFETY: a valid socket and a linger struct of the size passed.
        let r = unsafe {
            libc::setsockopt(c.as_raw_fd(), libc::SOL_SOCKET, libc::SO_LINGER, (&linger as *const libc::linger).cast(), std::mem::size_of::<libc::linger>() as libc::socklen_t)
        };
        assert_eq!(r, 0);
        let _ = write!(c, "GET /api/articles/1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer tok\r\n\r\n");
        drop(c);
    }
    // the server is still there and answers (a connection of its own may be reset on a loaded
    // machine: asked again, a few times; a server that ended fails every time)
    let mut health = Err(std::io::Error::other("not asked"));
    for _ in 0..5 {
        if let Some(st) = child.try_wait().unwrap() {
            panic!("serve ended: {st}\n{}", std::fs::read_to_string(env.path("serve.err")).unwrap_or_default());
        }
        health = get(port, "/api/health");
        if health.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let health = health.unwrap();
    assert!(child.try_wait().unwrap().is_none(), "serve ended");
    assert!(health.starts_with("HTTP/1.1 200") && health.contains(r#"{"ok":true}"#), "{health}");
    let _ = child.kill();
    let _ = child.wait();
}
