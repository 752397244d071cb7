use crate::util::{s, samples, Env};

#[test]
fn imports_samples_with_manifest_and_dedups() {
    let env = Env::new();
    let r = env.json(&["import", s(&samples()), "--json"]);
    assert_eq!(r["imported"], 5, "{r}");
    assert_eq!(r["failed"], 0);
    let list = env.json(&["list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    let rt = list.iter().find(|a| a["outlet"] == "RT Arabic").expect("RT Arabic from manifest");
    assert_eq!(rt["side"], "russian");
    assert_eq!(rt["published"], "2020-03-05");
    assert_eq!(rt["language"], "ar");
    assert!(list.iter().any(|a| a["side"] == "turkish"));

    // Same bytes again: a no-op that names the existing article.
    let out = env.run_ok(&["import", s(&samples().join("004_34246c2b77bf952b.txt"))]);
    assert!(out.contains(&format!("already imported as #{}", rt["id"])), "{out}");
    assert_eq!(env.json(&["list", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn show_gives_sentences_as_byte_spans_into_the_raw_text() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    let list = env.json(&["list", "--json"]);
    for a in list.as_array().unwrap() {
        let id = a["id"].as_i64().unwrap().to_string();
        let art = env.json(&["show", &id, "--json"]);
        let raw = std::fs::read(samples().join(art["source_name"].as_str().unwrap())).unwrap();
        let page = art["page_text"].as_str().unwrap();
        // UTF-8 pages: the page text is the raw file, byte for byte.
        assert_eq!(page.as_bytes(), &raw[..]);
        let sents = art["sentences"].as_array().unwrap();
        assert!(!sents.is_empty());
        for x in sents {
            let (st, en) = (x["start"].as_u64().unwrap() as usize, x["end"].as_u64().unwrap() as usize);
            assert_eq!(&page[st..en], x["text"].as_str().unwrap());
        }
        use sha2::Digest;
        assert_eq!(art["raw_sha256"], hex::encode(sha2::Sha256::digest(&raw)));
    }
}

#[test]
fn search_folds_arabic_and_survives_fts_syntax() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    // إردوغان (with hamza below) in one page, أردوغان in others: folded to one term.
    let hits = env.json(&["search", "اردوغان", "--json"]);
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 3, "{hits:?}");
    for h in hits {
        let snip = h["snippet"].as_str().unwrap();
        let hl = h["highlights"].as_array().unwrap();
        assert!(!hl.is_empty());
        let (a, b) = (hl[0][0].as_u64().unwrap() as usize, hl[0][1].as_u64().unwrap() as usize);
        assert!(snip[a..b].contains("دوغان"), "{}", &snip[a..b]);
    }
    for q in ["\"", "NEAR(", "*", "a OR", "أردوغان\" AND (", "title:x^"] {
        let o = env.run(&["search", q, "--json"]);
        let code = o.status.code().unwrap();
        assert!(code == 0 || code == 2, "search {q:?} crashed: {o:?}");
        if code == 2 {
            let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert!(e["code"] == "bad_query", "{e}");
        }
    }
}

#[test]
fn imports_json_and_jsonl_records_with_metadata() {
    let env = Env::new();
    let body = "Министерство обороны России заявило, что турецкие военные находились в боевых порядках террористов. \
                По данным ведомства, Анкара не сообщила о присутствии своих военнослужащих в этом районе.";
    let jsonl = format!(
        "{}\n{}\n",
        serde_json::json!({"text": format!("Минобороны: Анкара не предупредила\n\n{body}\n"), "outlet": "TASS", "side": "russian", "published": "2020-02-28", "url": "https://example.org/1"}),
        serde_json::json!({"text": "Milli Savunma Bakanlığı, İdlib'de hayatını kaybeden asker sayısının 33 olduğunu açıkladı. Bakanlık, Rus tarafının birliklerin konumundan haberdar edildiğini belirtti.", "outlet": "Anadolu", "side": "turkish", "language": "tr"})
    );
    std::fs::write(env.path("batch.jsonl"), jsonl).unwrap();
    let r = env.json(&["import", s(&env.path("batch.jsonl")), "--json"]);
    assert_eq!(r["imported"], 2, "{r}");
    let list = env.json(&["list", "--json"]);
    let tass = list.as_array().unwrap().iter().find(|a| a["outlet"] == "TASS").unwrap();
    assert_eq!(tass["side"], "russian");
    assert_eq!(tass["language"], "ru");
    assert_eq!(tass["url"], "https://example.org/1");
    let aa = list.as_array().unwrap().iter().find(|a| a["outlet"] == "Anadolu").unwrap();
    assert_eq!(aa["language"], "tr");
}

#[test]
fn legacy_encodings_are_detected_and_stored() {
    let env = Env::new();
    let ru = "Кремль заявил, что президенты России и Турции встретятся в течение недели. \
              Песков сообщил журналистам, что решение о встрече пока не принято.\n";
    let ar = "أكد الكرملين أن الرئيس الروسي والتركي سيجتمعان خلال أسبوع بعد مقتل عشرات الجنود الأتراك في ريف إدلب.\n\
              وقال المتحدث باسم الرئاسة الروسية إن القرار لم يتخذ بعد بشأن موعد اللقاء بين الرئيسين.\n";
    let (b1, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
    let (b2, _, _) = encoding_rs::WINDOWS_1256.encode(ar);
    std::fs::write(env.path("ru.txt"), &b1).unwrap();
    std::fs::write(env.path("ar.txt"), &b2).unwrap();
    let r = env.json(&["import", s(&env.path("ru.txt")), s(&env.path("ar.txt")), "--json"]);
    assert_eq!(r["imported"], 2, "{r}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let encs: Vec<(String, String, Vec<u8>)> = conn
        .prepare("SELECT source_name, encoding, raw FROM articles ORDER BY source_name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(encs[0].1, "windows-1256");
    assert_eq!(encs[0].2, b2.to_vec(), "raw bytes kept exactly");
    assert_eq!(encs[1].1, "windows-1251");
}
