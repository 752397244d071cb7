//! Findings and exports through the real binary on a real database file.

use crate::util::{s, samples, Env};

#[test]
fn code_coding_note_verdict_export_and_save_as() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    // Codes: nested, deleted and restored.
    let parent = env.json(&["code", "add", "casualties", "--colour", "#d62728", "--json"]);
    let pid = parent["id"].as_i64().unwrap().to_string();
    env.run_ok(&["code", "add", "soldiers", "--parent", "casualties"]);
    let out = env.run_ok(&["code", "rm", "casualties"]);
    assert!(out.contains("undo: rashomon code restore"), "{out}");
    assert_eq!(env.json(&["code", "list", "--json"]).as_array().unwrap().len(), 0);
    assert_eq!(env.json(&["code", "list", "--deleted", "--json"]).as_array().unwrap().len(), 2);
    env.run_ok(&["code", "restore", &pid]);
    assert_eq!(env.json(&["code", "list", "--json"]).as_array().unwrap().len(), 2);
    // A coding on a selection; a bad span is refused with a clear error and stores nothing.
    let c = env.json(&["coding", "add", "soldiers", "--article", "1", "--span", "0..10", "--json"]);
    assert_eq!(c["code_name"], "soldiers");
    let bad = env.run(&["coding", "add", "soldiers", "--article", "1", "--span", "1..2", "--json"]);
    assert!(!bad.status.success());
    let e: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(e["code"], "bad_input");
    assert!(e["message"].as_str().unwrap().contains("character boundaries"), "{e}");
    assert_eq!(env.json(&["coding", "list", "--json"]).as_array().unwrap().len(), 1);
    // A verdict on a computed contradiction overrides it in `compare`.
    let cmp = env.json(&["compare", "4", "5", "--json"]);
    let p = cmp["pairs"].as_array().unwrap().iter().find(|p| p["relation"] == "contradiction").unwrap();
    let key = format!(
        "{}:{}..{}~{}:{}..{}",
        p["key"]["a_article"], p["key"]["a"]["start"], p["key"]["a"]["end"], p["key"]["b_article"], p["key"]["b"]["start"], p["key"]["b"]["end"]
    );
    env.run_ok(&["verdict", "set", &key, "reject", "--text", "not a contradiction"]);
    let cmp2 = env.json(&["compare", "4", "5", "--json"]);
    let p2 = cmp2["pairs"].as_array().unwrap().iter().find(|q| q["key"] == p["key"]).unwrap();
    assert_eq!((p2["relation"].as_str(), p2["computed_relation"].as_str(), p2["label_source"].as_str()), (Some("related"), Some("contradiction"), Some("researcher")));
    assert_eq!(p2["verdict"]["text"], "not a contradiction");
    assert_eq!(cmp2["counts"]["contradiction"].as_i64().unwrap(), cmp["counts"]["contradiction"].as_i64().unwrap() - 1);
    env.run_ok(&["note", "add", "memo on the story", "--story", "2"]);
    env.run_ok(&["note", "add", "memo on the pair", "--pair", &key]);
    env.run_ok(&["note", "add", "project memo"]);
    assert_eq!(env.json(&["note", "list", "--json"]).as_array().unwrap().len(), 3);
    // Every format exports; the files exist and say what they should.
    for (fmt, file) in [("csv", "p.csv"), ("json", "p.json"), ("html", "p.html"), ("md", "p.md"), ("qdpx", "p.qdpx"), ("csl-json", "p.csl.json"), ("bibtex", "p.bib")] {
        let out = env.path(file);
        let r = env.json(&["export", "--format", fmt, "--story", "2", "-o", s(&out), "--json"]);
        assert!(r["pairs"].as_u64().unwrap() > 0, "{fmt}: {r}");
        assert!(std::fs::metadata(&out).unwrap().len() > 100, "{fmt}");
    }
    assert!(env.path("p-claims.csv").exists() && env.path("p-numbers.csv").exists());
    let html = std::fs::read_to_string(env.path("p.html")).unwrap();
    assert!(html.contains("not a contradiction") && html.contains("memo on the story"));
    let j: serde_json::Value = serde_json::from_slice(&std::fs::read(env.path("p.json")).unwrap()).unwrap();
    assert_eq!(j["verdicts"].as_array().unwrap().len(), 1);
    // Articles scope, and a bad format is a clear error that writes nothing.
    env.run_ok(&["export", "--format", "bibtex", "--articles", "2,3", "-o", s(&env.path("two.bib"))]);
    assert_eq!(std::fs::read_to_string(env.path("two.bib")).unwrap().matches("@article{").count(), 2);
    let bad = env.run(&["export", "--format", "docx", "-o", s(&env.path("x.docx"))]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("unknown export format"));
    assert!(!env.path("x.docx").exists());
    // Save as, and open the copy with --db: everything is there.
    let copy = env.path("copy.rashomon");
    env.run_ok(&["save-as", s(&copy)]);
    let listed = env.run_ok(&["--db", s(&copy), "verdict", "list"]);
    assert!(listed.contains("not a contradiction"), "{listed}");
    // A .qdpx imports into a fresh library through `rashomon import`.
    let other = Env::new();
    let r = other.json(&["import", s(&env.path("p.qdpx")), "--json"]);
    assert_eq!(r["imported"], 3, "{r}");
    assert!(r["codings_added"].as_u64().unwrap() >= 1);
    assert_eq!(other.json(&["code", "list", "--json"]).as_array().unwrap().len(), 2);
}
