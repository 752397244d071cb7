//! Every span the UI cuts text at (sentences, blocks, claims, speakers, numbers, word diffs) starts
//! and ends on a grapheme-cluster boundary: never between an Arabic letter and its harakat,
//! shadda or tanween. The views wrap each span in its own element, and WebKit shapes each element's
//! text on its own, so a boundary inside a cluster would draw the marks apart from their letter.
//! Checked on fully vocalised pages (tests/fixtures/vocalised) and the sample corpus, through the
//! same API calls the views make, on a real SQLite file.
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use rashomon_core::api;
use rashomon_core::store::Store;
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;

/// Does a span boundary at byte `k` of `text` cut a cluster (or a UTF-8 character)?
fn cuts_cluster(text: &str, k: usize) -> bool {
    if k == 0 || k >= text.len() {
        return false;
    }
    if !text.is_char_boundary(k) {
        return true;
    }
    let next = text[k..].chars().next().unwrap();
    // a combining mark (harakat, shadda, tanween, superscript alef…) or a joiner continues the cluster
    is_combining_mark(next) || matches!(next, '\u{200D}' | '\u{034F}')
}

/// Byte spans in a serialized API value: `{start, end}` objects (Span, ClaimRef) and the
/// `[start, end]` pairs of the compare view's number and speaker marks.
fn spans(v: &Value, key: &str, out: &mut Vec<(usize, usize)>) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e)) = (m.get("start").and_then(Value::as_u64), m.get("end").and_then(Value::as_u64)) {
                out.push((s as usize, e as usize));
            }
            for (k, x) in m {
                spans(x, k, out);
            }
        }
        Value::Array(xs) => {
            if matches!(key, "numbers" | "speakers") && xs.iter().all(|x| x.as_array().is_some_and(|p| p.len() == 2 && p.iter().all(Value::is_u64))) {
                out.extend(xs.iter().map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize)));
                return;
            }
            for x in xs {
                spans(x, key, out);
            }
        }
        _ => {}
    }
}

fn check(what: &str, text: &str, spans: &[(usize, usize)], bad: &mut Vec<String>) {
    for &(s, e) in spans {
        for k in [s, e] {
            if cuts_cluster(text, k) {
                let mut from = k.saturating_sub(12);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (k + 12).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                bad.push(format!("{what}: span {s}..{e} cuts a cluster at {k}: {:?}", &text[from..to]));
            }
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn the_checker_sees_a_mark_cut_from_its_letter() {
    let t = "قُتِلَ ثَلاثَةٌ";
    let after_qaf = 'ق'.len_utf8(); // between ق and its damma
    assert!(cuts_cluster(t, after_qaf));
    assert!(!cuts_cluster(t, t.find(' ').unwrap()));
    assert!(!cuts_cluster(t, 0) && !cuts_cluster(t, t.len()));
    let mut bad = Vec::new();
    check("self-test", t, &[(0, after_qaf)], &mut bad);
    assert_eq!(bad.len(), 1, "{bad:?}");
}

#[test]
fn spans_never_split_a_letter_from_its_marks() {
    rashomon_core::semantic::disable();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("library.db")).unwrap();
    for folder in ["tests/fixtures/vocalised", "../../samples"] {
        let r = api::import(&mut s, &[fixture(folder)], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
        assert!(r.imported > 0, "{folder}: nothing imported");
    }
    let ids: Vec<i64> = api::list_articles(&s).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), 7);
    let mut bad = Vec::new();
    let mut texts = std::collections::HashMap::new();
    let (mut marks_seen, mut counted) = (0, 0);
    for &id in &ids {
        let a = api::get_article(&s, id).unwrap();
        let mut sp = Vec::new();
        spans(&serde_json::to_value(&a).unwrap(), "", &mut sp);
        check(&format!("article {id}"), &a.page_text, &sp, &mut bad);
        let c = api::claims_of_article(&s, id).unwrap();
        let mut sp = Vec::new();
        spans(&serde_json::to_value(&c.claims).unwrap(), "", &mut sp);
        check(&format!("claims of {id}"), &c.page_text, &sp, &mut bad);
        marks_seen += a.page_text.chars().filter(|&c| is_combining_mark(c)).count();
        counted += sp.len();
        texts.insert(id, a.page_text);
    }
    assert!(marks_seen > 100, "the vocalised pages carry harakat: {marks_seen}");
    assert!(counted > 100, "claims have spans to check: {counted}");
    let mut diff_spans = 0;
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            let c = api::compare(&s, a, b).unwrap();
            let v = serde_json::to_value(&c).unwrap();
            let (ta, tb) = (&texts[&a], &texts[&b]);
            let (mut sa, mut sb) = (Vec::new(), Vec::new());
            spans(&v["marks_a"], "", &mut sa);
            spans(&v["marks_b"], "", &mut sb);
            for p in v["pairs"].as_array().unwrap() {
                spans(&p["a"], "", &mut sa);
                spans(&p["b"], "", &mut sb);
                for d in p["diff"].as_array().unwrap() {
                    spans(&d["a_span"], "", &mut sa);
                    spans(&d["b_span"], "", &mut sb);
                }
            }
            diff_spans += sa.len() + sb.len();
            check(&format!("compare {a}/{b}, side a"), ta, &sa, &mut bad);
            check(&format!("compare {a}/{b}, side b"), tb, &sb, &mut bad);
        }
    }
    assert!(diff_spans > 100, "comparisons have spans to check: {diff_spans}");
    assert!(bad.is_empty(), "{} spans cut a grapheme cluster:\n{}", bad.len(), bad.join("\n"));
}
