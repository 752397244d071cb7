use crate::util::{s, samples, Env};

/// Stories over the samples, and the claim matrix of the story that holds RT Arabic: columns
/// Russian side first, every present cell pointing at real text of its article, shared claims
/// only, contested rows named, framing terms with example sentences from their own side.
#[test]
fn story_matrix_on_the_samples() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    let stories = env.json(&["story", "--json"]);
    let stories = stories.as_array().unwrap();
    let story = stories
        .iter()
        .find(|st| st["articles"].as_array().unwrap().iter().any(|a| a["outlet"] == "RT Arabic"))
        .expect("a story with RT Arabic");
    let id = story["id"].as_u64().unwrap().to_string();
    let m = env.json(&["story", &id, "--matrix", "--json"]);
    let cols = m["columns"].as_array().unwrap();
    assert_eq!(cols.len(), story["articles"].as_array().unwrap().len());
    assert_eq!(cols[0]["side"], "russian", "Russian-side outlet first: {cols:?}");
    let pages: Vec<String> = cols
        .iter()
        .map(|c| env.json(&["show", &c["id"].as_i64().unwrap().to_string(), "--json"])["page_text"].as_str().unwrap().to_string())
        .collect();
    let rows = m["rows"].as_array().unwrap();
    assert!(rows.len() >= 3, "{m}");
    for r in rows {
        let cells = r["cells"].as_array().unwrap();
        assert_eq!(cells.len(), cols.len());
        let present = cells.iter().filter(|c| c["state"] != "absent").count();
        assert!(present >= 2, "shared rows only: {r}");
        assert_eq!(present as u64, r["support"].as_u64().unwrap());
        for (k, c) in cells.iter().enumerate() {
            if c["state"] == "absent" {
                assert!(c["start"].is_null());
                continue;
            }
            let (a, b) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
            assert!(!pages[k][a..b].trim().is_empty());
        }
        let col = r["column"].as_u64().unwrap() as usize;
        let (a, b) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert_eq!(&pages[col][a..b], r["text"].as_str().unwrap());
    }
    // The summit: RT says the presidents agreed a ceasefire; analysts elsewhere wrote they could not.
    let contested: Vec<_> = rows.iter().filter(|r| r["contested"] == true).collect();
    assert!(
        contested.iter().any(|r| r["cells"].as_array().unwrap().iter().any(|c| c["state"] == "denies")),
        "a contested row with a denial: {contested:?}"
    );
    let framing = m["framing"].as_array().unwrap();
    let ru = framing.iter().find(|f| f["side"] == "russian").expect("russian framing");
    let terms = ru["terms"].as_array().unwrap();
    assert!(!terms.is_empty(), "{ru}");
    for t in terms {
        assert!(t["z"].as_f64().unwrap() >= 1.96);
        for e in t["examples"].as_array().unwrap() {
            let col = cols.iter().position(|c| c["id"] == e["article_id"]).unwrap();
            assert_eq!(cols[col]["side"], "russian");
            let (a, b) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
            assert_eq!(&pages[col][a..b], e["text"].as_str().unwrap());
        }
    }
    // Piped output has no terminal colour codes.
    let out = env.run_ok(&["story", &id, "--matrix"]);
    assert!(out.contains("shared claims") && !out.contains('\x1b'), "{out}");
}
