//! The seed gold pairs (a copy of shared/gold/seed-pairs.jsonl in the core's text fixtures)
//! scored through the real binary: every gold contradiction found with its kind (polarity,
//! attribution), with and without the embedding model.

use crate::util::{s, samples, Env};

#[test]
fn seed_gold_contradictions_are_found_with_their_kind() {
    let env = Env::new();
    env.run_ok(&["import", s(&samples())]);
    for no_model in [true, false] {
        let r = env.eval("crates/rashomon-core/tests/fixtures/text/seed-pairs.jsonl", no_model);
        let (found, all) = (r["contradictions_right_kind"].as_u64().unwrap(), r["contradictions"].as_u64().unwrap());
        assert_eq!(all, 4, "{r}");
        assert!(found as f64 >= 0.8 * all as f64, "no_model={no_model}: {found}/{all} contradictions with the right kind: {r}");
        assert!(r["alignment_recall"].as_f64().unwrap() >= 0.5, "no_model={no_model}: {r}");
    }
}
