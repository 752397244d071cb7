//! A project's own actors (`rashomon lexicon --set FILE`): speakers of a conflict the built-in
//! lexicon does not know get their names and sides; a bad file is refused with its name and the
//! problem, and the stored lexicon stays as it was.

use crate::util::{repo, s, Env};

/// (speaker name, side) of each claim of article `id`.
fn speakers(env: &Env, id: &str) -> Vec<(Option<String>, Option<String>)> {
    let r = env.json(&["claims", id, "--json"]);
    r["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["speaker"]["name"].as_str().map(str::to_owned), c["speaker"]["side"].as_str().map(str::to_owned)))
        .collect()
}

#[test]
fn a_projects_own_actors_give_speakers_their_sides_and_a_bad_file_changes_nothing() {
    let env = Env::new();
    let fixtures = repo().join("tests/fixtures/lexicon");
    env.run_ok(&["import", s(&fixtures.join("karabakh.txt")), "--outlet", "News.am", "--side", "armenian", "--lang", "en"]);
    let id = env.json(&["list", "--json"])[0]["id"].as_i64().unwrap().to_string();
    assert!(speakers(&env, &id).iter().all(|(_, side)| side.is_none()), "the built-in lexicon knows neither speaker");

    let file = fixtures.join("actors.toml");
    let lex = env.json(&["lexicon", "--set", s(&file), "--json"]);
    assert_eq!(lex["actors"].as_array().unwrap().len(), 2);
    assert_eq!(lex["actors"][1]["side"], "azerbaijani");
    assert_eq!(lex["actors"][0]["forms"][0][0], "en");
    let want = vec![
        (Some("Shushan Stepanyan".to_string()), Some("armenian".to_string())),
        (Some("Hikmet Hajiyev".to_string()), Some("azerbaijani".to_string())),
    ];
    assert_eq!(speakers(&env, &id), want);

    // Bad files: refused with the file and the problem; the stored lexicon is unchanged.
    let bad = env.path("bad.toml");
    for (text, why) in [
        ("[[actor]]\nid = \"x\"\nname = \"X\"\nside = \"Armenian\"\nnames.en = [\"X\"]\n", "is not a side name"),
        ("[[actor]]\nid = \"x\"\nname = \"X\"\nside = \"armenian\"\n", "no names or titles"),
        ("[[actor]]\nid = \"x\"\nname = \"X\"\nside = \"armenian\"\nnames.hy = [\"X\"]\n", "unknown language 'hy'"),
        ("[[actor]\nid = 1\n", "bad.toml"),
    ] {
        std::fs::write(&bad, text).unwrap();
        let o = env.run(&["lexicon", "--set", s(&bad)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains("bad.toml") && err.contains(why), "{text}: {err}");
    }
    assert_eq!(env.json(&["lexicon", "--json"])["actors"].as_array().unwrap().len(), 2);
    assert_eq!(speakers(&env, &id), want, "a refused file changed the lexicon");

    env.run_ok(&["lexicon", "--clear"]);
    assert!(env.json(&["lexicon", "--json"])["text"].is_null());
    assert!(speakers(&env, &id).iter().all(|(_, side)| side.is_none()));

    // Framing groups: JSON as data/framing.json; checked the same way; the kinds are separate.
    let framing = env.path("framing.json");
    std::fs::write(&framing, r#"{"groups": [{"referent": "Karabakh", "terms": [{"form": "Artsakh", "lang": "en", "framing": "Armenian"}, {"form": "Nagorno-Karabakh", "lang": "xx", "framing": "neutral"}]}]}"#).unwrap();
    let o = env.run(&["lexicon", "framing", "--set", s(&framing)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("framing.json: group 'Karabakh': term 'Nagorno-Karabakh': unknown language 'xx'"), "{err}");
    std::fs::write(&framing, r#"{"groups": [{"referent": "Karabakh", "terms": [{"form": "Artsakh", "lang": "en", "framing": "Armenian"}, {"form": "Nagorno-Karabakh", "lang": "en", "framing": "neutral"}]}]}"#).unwrap();
    let lex = env.json(&["lexicon", "framing", "--set", s(&framing), "--json"]);
    assert_eq!(lex["groups"][0]["terms"][1], serde_json::json!(["Nagorno-Karabakh", "en", "neutral"]));
    assert!(env.json(&["lexicon", "actors", "--json"])["text"].is_null(), "setting framing left actors alone");
    let o = env.run(&["lexicon", "places"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown lexicon 'places'"));

    // A stored lexicon that no longer reads (another version's rules; here written past the API)
    // does not lock the project: it opens on the built-in lexicon, says why, and can be removed.
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute("UPDATE lexicons SET text = 'groups = 1' WHERE kind = 'framing'", []).unwrap();
    }
    let o = env.run(&["lexicon", "framing"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in use (the built-in lexicon serves)"), "{}", String::from_utf8_lossy(&o.stderr));
    env.run_ok(&["list"]);
    env.run_ok(&["lexicon", "framing", "--clear"]);
    assert!(env.json(&["lexicon", "framing", "--json"])["problem"].is_null());
}
