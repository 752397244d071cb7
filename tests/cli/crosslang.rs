//! Cross-language alignment through the real binary: Russian, Turkish and English retellings of
//! RT Arabic's report (tests/fixtures/crosslang, with their gold pairs) aligned with the
//! multilingual embedding model, and the honest fallback without it.

use std::process::Command;

use crate::util::{repo, s, samples, Env};

/// The id of the stored article whose file name ends with `name`.
fn id_of(env: &Env, name: &str) -> String {
    let list = env.json(&["list", "--json"]);
    list.as_array().unwrap().iter().find(|a| a["source_name"].as_str().unwrap().ends_with(name)).unwrap()["id"].as_i64().unwrap().to_string()
}

/// No claim of the imported page whose file name ends with `page` contains `furniture`.
fn assert_no_claim_has(env: &Env, page: &str, furniture: &str) {
    let claims = env.json(&["claims", &id_of(env, page), "--json"]);
    let text = claims["page_text"].as_str().unwrap();
    for c in claims["claims"].as_array().unwrap() {
        let (a, b) = (c["span"]["start"].as_u64().unwrap() as usize, c["span"]["end"].as_u64().unwrap() as usize);
        assert!(!text[a..b].contains(furniture), "{page}: «{}» taken as article text", &text[a..b]);
    }
}

/// The held-out set in `dir` imported and embedded, and its gold evaluated with the model; `None`
/// (the test skipped) without the model.
fn held_out_eval(env: &Env, dir: &str, gold: &str) -> Option<serde_json::Value> {
    env.run_ok(&["import", s(&repo().join(dir))]);
    if !model_available(env) {
        return None;
    }
    env.run_ok(&["embed"]);
    Some(env.eval(gold, false))
}

/// The scores of one contradiction kind in an eval report.
fn kind(on: &serde_json::Value, k: &str) -> serde_json::Value {
    on["kinds"].as_array().unwrap().iter().find(|r| r["relation"] == k).cloned().unwrap()
}

/// Whether the model is there; with RASHOMON_REQUIRE_MODEL=1 (as `make test` sets) its absence fails.
fn model_available(env: &Env) -> bool {
    let st = env.json(&["embed", "--json"]);
    let available = st["model"]["available"].as_bool().unwrap();
    if !available {
        assert!(std::env::var("RASHOMON_REQUIRE_MODEL").as_deref() != Ok("1"), "the embedding model is required: {st}");
        eprintln!("skipping the model half: {}", st["model"]["message"]);
    }
    available
}

#[test]
fn accounts_in_four_languages_align_with_the_model_and_degrade_without_it() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples()), s(&repo().join("tests/fixtures/crosslang"))]);
    // Without the model: words only — across scripts only what the numbers, names and the
    // concept lexicon's set phrases carry aligns (0.58 measured), and it says why.
    let off = env.eval("tests/fixtures/crosslang-pairs.jsonl", true);
    let recall_off = off["alignment_recall"].as_f64().unwrap();
    assert!(recall_off < 0.7, "{off}");
    let o = Command::new(env!("CARGO_BIN_EXE_rashomon")).args(["embed"]).env("RASHOMON_DB", env.db()).env("RASHOMON_NO_MODEL", "1").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("cross-language alignment off"), "{}", String::from_utf8_lossy(&o.stdout));
    if !model_available(&env) {
        return;
    }
    // `embed` stored a vector for every claim of every article; a second run has nothing to do.
    let again = env.json(&["embed", "--json"]);
    assert_eq!(again["articles"], 0, "{again}");
    let on = env.eval("tests/fixtures/crosslang-pairs.jsonl", false);
    let recall = on["alignment_recall"].as_f64().unwrap();
    assert!(recall >= 0.8, "cross-language alignment recall {recall}: {on}");
    assert!(recall > recall_off + 0.3, "{on}");
    let para = on["relations"].as_array().unwrap().iter().find(|r| r["relation"] == "paraphrase").unwrap();
    assert!(para["recall"].as_f64().unwrap() >= 0.5, "{para}");
    // The planted 33 vs 36 soldiers (English vs Turkish, same day) is a numeric contradiction.
    let id = |name: &str| id_of(&env, name);
    let cmp = env.json(&["compare", &id("en_summit.txt"), &id("tr_summit.txt"), "--json"]);
    let numeric = cmp["pairs"].as_array().unwrap().iter().find(|p| p["kind"] == "numeric").expect("a numeric row");
    assert_eq!(numeric["relation"], "contradiction", "{numeric}");
    assert!(numeric["explanation"].as_str().unwrap().contains("33 vs 36"), "{numeric}");
}

/// The held-out set (tests/fixtures/heldout: the Sochi memorandum in Arabic, Russian and
/// Turkish, written before the aligner first ran on it): alignment, paraphrases and the planted
/// contradictions with the model. Floors below what it measures (README), so a regression fails.
#[test]
fn held_out_accounts_align_and_their_planted_contradictions_are_found() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout", "tests/fixtures/heldout-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.9, "{on}");
    let para = on["relations"].as_array().unwrap().iter().find(|r| r["relation"] == "paraphrase").unwrap();
    assert!(para["recall"].as_f64().unwrap() >= 0.85, "{para}");
    assert_eq!(on["contradictions_right_kind"], 3, "{on}");
    // Per kind: two numeric (Arabic and Russian against Turkish), one polarity.
    assert_eq!((kind(&on, "numeric")["gold"].as_u64(), kind(&on, "numeric")["correct"].as_u64()), (Some(2), Some(2)), "{on}");
    assert_eq!((kind(&on, "polarity")["gold"].as_u64(), kind(&on, "polarity")["correct"].as_u64()), (Some(1), Some(1)), "{on}");
    // 765 militants (Russian) against 775 terrorists (Turkish), same day: one count, framed
    // two ways.
    let id = |name: &str| id_of(&env, name);
    let cmp = env.json(&["compare", &id("ru_sochi.txt"), &id("tr_sochi.txt"), "--json"]);
    let numeric = cmp["pairs"].as_array().unwrap().iter().find(|p| p["kind"] == "numeric").unwrap_or_else(|| panic!("no numeric row: {cmp}"));
    assert_eq!(numeric["relation"], "contradiction", "{numeric}");
    assert!(numeric["explanation"].as_str().unwrap().contains("765 vs 775"), "{numeric}");
}

/// The second held-out set (tests/fixtures/heldout2: the Su-24 shot down in November 2015, in
/// Russian, Turkish and Arabic): its first run aligned 11 of 17 pairs and found none of the
/// contradictions; the concept lexicon's common words across languages, the violate act and the
/// rule that a clause joins its neighbour's row only at one polarity and one side took it to the
/// floors below (README). Without the model it is not asked.
#[test]
fn second_held_out_set_the_airspace_denial_and_the_marines_count() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout2", "tests/fixtures/heldout2-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.85, "{on}");
    assert!(on["contradictions_right_kind"].as_u64().unwrap() >= 3, "{on}");
    let id = |name: &str| id_of(&env, name);
    // "Did not violate Turkish airspace" (Russian) against "violated Turkish airspace" (Turkish
    // army, in Arabic), and one marine killed against two.
    let cmp = env.json(&["compare", &id("ru_su24.txt"), &id("ar_su24.txt"), "--json"]);
    let rows = cmp["pairs"].as_array().unwrap();
    let polarity = rows.iter().find(|p| p["kind"] == "polarity" && p["a"]["text"].as_str().is_some_and(|t| t.contains("не нарушал"))).unwrap_or_else(|| panic!("no polarity row: {cmp}"));
    assert_eq!(polarity["relation"], "contradiction", "{polarity}");
    assert!(polarity["b"]["text"].as_str().unwrap().contains("انتهكت"), "{polarity}");
    let numeric = rows.iter().find(|p| p["kind"] == "numeric").unwrap_or_else(|| panic!("no numeric row: {cmp}"));
    assert_eq!(numeric["relation"], "contradiction", "{numeric}");
    assert!(numeric["explanation"].as_str().unwrap().contains("1 vs 2"), "{numeric}");
    // The Russian denial and the Arabic account of the Russian ministry (it never left Syrian
    // skies) stay one row, apart from the Turkish army's claim beside it.
    let denial = rows.iter().find(|p| p["a"]["text"].as_str().is_some_and(|t| t.contains("не нарушал")) && p["relation"] == "paraphrase").unwrap_or_else(|| panic!("{cmp}"));
    assert_eq!(denial["b"]["clauses"].as_array().unwrap().len(), 1, "{denial}");
}

/// The third held-out set (tests/fixtures/heldout3: Russia suspends the Black Sea grain deal, in
/// Russian, Turkish and Arabic). First run: 14 of 14 aligned, paraphrase 9 of 10, none of the two
/// contradictions; "received no guarantees" against "received guarantees" needed a ninth act
/// (receive), and 32.8 against 33 million tonnes needed tonnes counted and "за год" (over the
/// year) read as a running total like the Turkish "bugüne kadar". "About 33" is compatible.
#[test]
fn third_held_out_set_the_guarantees_and_the_tonnes() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout3", "tests/fixtures/heldout3-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.9, "{on}");
    assert_eq!(on["contradictions_right_kind"], 2, "{on}");
    let id = |name: &str| id_of(&env, name);
    let cmp = env.json(&["compare", &id("ru_grain.txt"), &id("tr_grain.txt"), "--json"]);
    let numeric = cmp["pairs"].as_array().unwrap().iter().find(|p| p["kind"] == "numeric").unwrap_or_else(|| panic!("no numeric row: {cmp}"));
    assert_eq!(numeric["relation"], "contradiction", "{numeric}");
    // Against the Arabic "about 33 million tonnes" the Russian 32.8 is no contradiction.
    let cmp = env.json(&["compare", &id("ru_grain.txt"), &id("ar_grain.txt"), "--json"]);
    assert!(cmp["pairs"].as_array().unwrap().iter().all(|p| !(p["kind"] == "numeric" && p["relation"] == "contradiction")), "{cmp}");
}

/// The fourth held-out set (tests/fixtures/heldout4: US sanctions on Turkey over the S-400).
/// First run: 14 of 15 aligned, paraphrase 8 of 10, contradictions 1 of 3, and one false
/// polarity row — "غير شرعي" (illegitimate) read as a denial against the Russian
/// "нелегитимным". After: the two 2.5 / 2.8 billion dollar rows ("dolarlık" counted), no
/// false row. Session 7: "will not be integrated into NATO systems" / "will integrate" found
/// (the integrate act; the Turkish negative light verb denies "entegre").
#[test]
fn fourth_held_out_set_the_deal_value_and_no_false_denial() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout4", "tests/fixtures/heldout4-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.9, "{on}");
    assert_eq!(kind(&on, "numeric")["correct"].as_u64(), Some(2), "{on}");
    assert_eq!(kind(&on, "polarity")["correct"].as_u64(), Some(1), "{on}");
    let id = |name: &str| id_of(&env, name);
    let cmp = env.json(&["compare", &id("ru_s400.txt"), &id("ar_s400.txt"), "--json"]);
    assert!(cmp["pairs"].as_array().unwrap().iter().all(|p| p["kind"] != "polarity"), "{cmp}");
}

/// The fifth held-out set (tests/fixtures/heldout5: Russia and Ukraine exchange 35 prisoners
/// each, 7 September 2019, in English, Russian and Turkish). First run (main b95d9aa): 20 of 20
/// aligned, paraphrase 15 of 15, contradictions 1 of 5 (the vessels not returned / returned),
/// no false contradiction row. Sailors were no counted noun (24 / 22 twice missed) and Kyiv no
/// party (the delay blamed on Moscow / on Kyiv twice missed). After: 5 of 5, still no false row.
#[test]
fn fifth_held_out_set_the_sailors_and_the_blame_for_the_delay() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout5", "tests/fixtures/heldout5-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.95, "{on}");
    for (k, n) in [("numeric", 2), ("attribution", 2), ("polarity", 1)] {
        assert_eq!(kind(&on, k)["correct"].as_u64(), Some(n), "{k}: {on}");
    }
    let id = |name: &str| id_of(&env, name);
    let cmp = env.json(&["compare", &id("en_swap.txt"), &id("ru_swap.txt"), "--json"]);
    let rows = cmp["pairs"].as_array().unwrap();
    let numeric = rows.iter().find(|p| p["kind"] == "numeric").unwrap_or_else(|| panic!("no numeric row: {cmp}"));
    assert!(numeric["explanation"].as_str().unwrap().contains("24 vs 22"), "{numeric}");
    let blame = rows.iter().find(|p| p["kind"] == "attribution").unwrap_or_else(|| panic!("no attribution row: {cmp}"));
    assert_eq!(blame["relation"], "contradiction", "{blame}");
    // The English and Turkish accounts agree on all they share: no contradiction between them.
    let cmp = env.json(&["compare", &id("en_swap.txt"), &id("tr_swap.txt"), "--json"]);
    assert!(cmp["pairs"].as_array().unwrap().iter().all(|p| p["relation"] != "contradiction"), "{cmp}");
}

/// The sixth held-out set (tests/fixtures/heldout6: the Karlov assassination in Ankara, 19
/// December 2016, as raw HTML pages of an Arabic, a Russian and a Turkish news site, with their
/// tickers, captions, related lists and footers). First run (main 807cf72): the ticker, a caption,
/// a photo credit and a typo-report line taken as article sentences, 21 of 24 aligned,
/// contradictions 5 of 6, two false numeric rows from the ticker. After: the article exactly,
/// 21 of 24, 5 of 6, no contradiction outside the gold.
#[test]
fn sixth_held_out_set_html_pages_with_their_furniture() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout6", "tests/fixtures/heldout6-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.85, "{on}");
    for (k, n) in [("numeric", 3), ("polarity", 2)] {
        assert_eq!(kind(&on, k)["correct"].as_u64(), Some(n), "{k}: {on}");
    }
    let id = |name: &str| id_of(&env, name);
    // Only the article: no ticker headline, caption, credit or typo-report line among the claims.
    for (page, furniture) in [("ar_karlov.html", "برلين"), ("ar_karlov.html", "رويترز"), ("tr_karlov.html", "Fotoğraf"), ("ru_karlov.html", "Ctrl+Enter"), ("ru_karlov.html", "Берлине")] {
        assert_no_claim_has(&env, page, furniture);
    }
    // No contradiction beyond the planted ones: the ticker's 48 wounded in Berlin meet nothing.
    for (a, b) in [("ar_karlov.html", "ru_karlov.html"), ("ar_karlov.html", "tr_karlov.html"), ("ru_karlov.html", "tr_karlov.html")] {
        let cmp = env.json(&["compare", &id(a), &id(b), "--json"]);
        let n = cmp["pairs"].as_array().unwrap().iter().filter(|p| p["relation"] == "contradiction").count();
        assert!(n <= 3, "{a} ~ {b}: {n} contradiction rows: {cmp}");
        assert!(!cmp.to_string().contains("48 vs"), "{cmp}");
    }
}

/// The seventh held-out set (tests/fixtures/heldout7: the Il-20 shot down off Latakia, 17
/// September 2018, told by Russian, Turkish and Israeli English HTML pages and an English wire
/// account pasted as plain text). First run (main f3caf63): a dateline, a photo credit, an ad
/// label, rights lines, a follow-us line and a membership appeal taken as article sentences;
/// 20 of 31 aligned, contradictions 3 of 10 (Israel, Iran, Hezbollah and the Russian defence
/// spokesman no actors; "did not use" no act; "in advance" no word). After: the article exactly,
/// 25 of 31, 8 of 10, no contradiction row between this event and another.
#[test]
fn seventh_held_out_set_russian_turkish_and_english_pages_and_a_pasted_account() {
    let env = Env::new();
    let Some(on) = held_out_eval(&env, "tests/fixtures/heldout7", "tests/fixtures/heldout7-pairs.jsonl") else { return };
    assert!(on["alignment_recall"].as_f64().unwrap() >= 0.8, "{on}");
    for (k, n) in [("numeric", 3), ("polarity", 3), ("attribution", 2)] {
        assert_eq!(kind(&on, k)["correct"].as_u64(), Some(n), "{k}: {on}");
    }
    let id = |name: &str| id_of(&env, name);
    // Only the article: no dateline, credit, ad label, rights line, follow-us line, appeal or comment.
    let furniture = [
        ("tr_il20.html", "Güncelleme"), ("tr_il20.html", "Fotoğraf"), ("tr_il20.html", "REKLAM"), ("tr_il20.html", "hakları"), ("tr_il20.html", "Kredi"),
        ("ru_il20.html", "обновлено"), ("ru_il20.html", "Дзене"), ("ru_il20.html", "Кредит"), ("ru_il20.html", "С-300"),
        ("en_il20.html", "Chronicle articles"), ("en_il20.html", "Typical"), ("en_wire_il20.txt", "ADVERTISEMENT"), ("en_wire_il20.txt", "Tweet"),
    ];
    for (page, word) in furniture {
        assert_no_claim_has(&env, page, word);
    }
    // "More than 30 missiles" holds 33: no numeric contradiction between the Turkish and Israeli pages.
    let cmp = env.json(&["compare", &id("tr_il20.html"), &id("en_il20.html"), "--json"]);
    assert!(cmp["pairs"].as_array().unwrap().iter().all(|p| !(p["kind"] == "numeric" && p["explanation"].as_str().unwrap_or("").contains("33"))), "{cmp}");
}
