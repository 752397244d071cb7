//! `rashomon edit`: correcting an article's outlet, its outlet's side, its date and its language. A side
//! belongs to an outlet (every article of it moves); a bad value is refused with the reason and
//! nothing stored changes.

use crate::util::{s, samples, Env};

fn article<'a>(list: &'a serde_json::Value, source: &str) -> &'a serde_json::Value {
    list.as_array().unwrap().iter().find(|a| a["source_name"] == source).unwrap_or_else(|| panic!("{source} in {list}"))
}

#[test]
fn an_articles_outlet_side_and_date_are_corrected_and_bad_values_change_nothing() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    let list = env.json(&["list", "--json"]);
    let rt = article(&list, "003_f5b8c9bc2459abb0.txt");
    let id = rt["id"].as_i64().unwrap().to_string();
    let before = rt.clone();

    // Bad values: refused with the reason, nothing changed.
    for (args, why) in [
        (vec!["--published", "5 March 2020"], "is not a date"),
        (vec!["--published", "2020-3-5"], "is not a date"),
        (vec!["--side", "Russian side"], "is not a side name"),
        (vec!["--side", "rusian"], "looks like a misspelling of 'russian'"),
        (vec!["--outlet", "Somewhere new", "--side", "turksh"], "misspelling of 'turkish'"),
        (vec!["--outlet", "  "], "cannot be empty"),
        (vec!["--outlet", "Somewhere new", "--published", "yesterday"], "is not a date"),
    ] {
        let mut all = vec!["edit", id.as_str()];
        all.extend(args.iter().copied());
        let o = env.run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(why), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let o = env.run(&["edit", "999", "--side", "russian"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article #999"));
    let list = env.json(&["list", "--json"]);
    assert_eq!(article(&list, "003_f5b8c9bc2459abb0.txt"), &before, "a refused edit changed the article");
    assert!(env.json(&["outlets", "--json"]).as_array().unwrap().iter().all(|o| o["name"] != "Somewhere new"), "a refused edit made an outlet");

    // The date, then a new outlet on a side of the researcher's own.
    let a = env.json(&["edit", &id, "--published", "2020-03-06", "--json"]);
    assert_eq!(a["published"], "2020-03-06");
    let a = env.json(&["edit", &id, "--outlet", "RT Arabic (archive)", "--side", "armenian", "--json"]);
    assert_eq!((a["outlet"].as_str(), a["side"].as_str()), (Some("RT Arabic (archive)"), Some("armenian")));
    let a = env.json(&["edit", &id, "--published", "", "--json"]);
    assert!(a["published"].is_null(), "{a}");

    // A side belongs to the outlet: moving a second article there puts it on that side, and a
    // side change through either moves both.
    let other = article(&list, "004_34246c2b77bf952b.txt")["id"].as_i64().unwrap().to_string();
    let b = env.json(&["edit", &other, "--outlet", "RT Arabic (archive)", "--json"]);
    assert_eq!(b["side"], "armenian");
    env.run_ok(&["edit", &other, "--side", "russian"]);
    let list = env.json(&["list", "--json"]);
    for src in ["003_f5b8c9bc2459abb0.txt", "004_34246c2b77bf952b.txt"] {
        assert_eq!(article(&list, src)["side"], "russian", "{src}");
    }
    // The rest of the library is untouched.
    let untouched = article(&list, "000_3706dea661108fa7.txt");
    assert_eq!((untouched["side"].as_str(), untouched["published"].as_str()), (Some("other"), Some("2020-02-28")));
}

#[test]
fn a_language_set_again_splits_the_sentences_by_its_rules() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    // Russian, imported as English: "г." and "им." end sentences by English rules.
    let page = dir.path().join("peskov.txt");
    std::fs::write(&page, "Встреча прошла в г. Москве им. Ленина. Анкара обвинила Дамаск в ударе.\n").unwrap();
    env.run_ok(&["import", s(&page), "--lang", "en"]);
    let id = article(&env.json(&["list", "--json"]), "peskov.txt")["id"].as_i64().unwrap().to_string();
    let sentences = |env: &Env| env.json(&["show", &id, "--json"])["sentences"].as_array().unwrap().iter().map(|x| x["text"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(sentences(&env).len() > 2, "{:?}", sentences(&env));
    let o = env.run(&["edit", &id, "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("language 'fr' is not one Rashomon reads"), "{}", String::from_utf8_lossy(&o.stderr));
    let a = env.json(&["edit", &id, "--lang", "ru", "--json"]);
    assert_eq!(a["language"], "ru");
    assert_eq!(sentences(&env), ["Встреча прошла в г. Москве им. Ленина.", "Анкара обвинила Дамаск в ударе."]);
    // The search index follows.
    let hits = env.json(&["search", "Ленина", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
}

