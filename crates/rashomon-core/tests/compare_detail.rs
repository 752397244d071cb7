//! `api::compare_with(.., DiffDetail::Spans)`: the compare view's lean answer is the full
//! comparison with each diff cut to the runs that differ and their words left out — same pairs,
//! same labels, same marks, the same differing spans (a real SQLite file, the sample corpus).
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use rashomon_core::api::{self, DiffDetail};
use rashomon_core::store::Store;
use serde_json::Value;

#[test]
fn spans_form_is_the_full_comparison_without_equal_runs_and_words() {
    rashomon_core::semantic::disable();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("library.db")).unwrap();
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    api::import(&mut s, &[samples], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let ids: Vec<i64> = api::list_articles(&s).unwrap().iter().map(|a| a.id).collect();
    let (mut differing, mut equal, mut full_bytes, mut lean_bytes) = (0, 0, 0, 0);
    for &a in &ids {
        for &b in &ids {
            let full = serde_json::to_value(api::compare(&s, a, b).unwrap()).unwrap();
            let lean = serde_json::to_value(api::compare_with(&s, a, b, DiffDetail::Spans).unwrap()).unwrap();
            assert_eq!(full, serde_json::to_value(api::compare_with(&s, a, b, DiffDetail::Full).unwrap()).unwrap());
            full_bytes += full.to_string().len();
            lean_bytes += lean.to_string().len();
            // everything but the diffs is the same
            let strip = |v: &Value| {
                let mut v = v.clone();
                for p in v["pairs"].as_array_mut().unwrap() {
                    p.as_object_mut().unwrap().remove("diff");
                }
                v
            };
            assert_eq!(strip(&full), strip(&lean), "{a}/{b}");
            let (fp, lp) = (full["pairs"].as_array().unwrap(), lean["pairs"].as_array().unwrap());
            for (f, l) in fp.iter().zip(lp) {
                let want: Vec<Value> = f["diff"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["op"] != "equal")
                    .map(|d| {
                        let mut d = d.clone();
                        d["a_text"] = "".into();
                        d["b_text"] = "".into();
                        d
                    })
                    .collect();
                equal += f["diff"].as_array().unwrap().len() - want.len();
                differing += want.len();
                assert_eq!(l["diff"].as_array().unwrap(), &want, "{a}/{b}");
            }
        }
    }
    assert!(differing > 50 && equal > 50, "the samples have both kinds of run: {differing} differing, {equal} equal");
    assert!(lean_bytes * 10 < full_bytes * 8, "the lean form is smaller: {lean_bytes} against {full_bytes} bytes");
}
