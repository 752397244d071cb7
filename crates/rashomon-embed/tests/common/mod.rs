//! The model is a build artefact (`make model`), not part of the repository. Without it these
//! tests fail when RASHOMON_REQUIRE_MODEL=1 (as `make test` sets) and otherwise say they skip.
#![allow(dead_code)]

use rashomon_embed::Embedder;
use std::path::PathBuf;

pub fn required() -> bool {
    std::env::var("RASHOMON_REQUIRE_MODEL").is_ok_and(|v| v == "1")
}

/// `Some(x)`, or `None` after printing why the test is skipped (panicking instead when required).
pub fn need<T>(what: Option<T>, why: impl FnOnce() -> String) -> Option<T> {
    if what.is_none() {
        let msg = why();
        if required() {
            panic!("RASHOMON_REQUIRE_MODEL=1 but {msg}");
        }
        eprintln!("SKIPPED: {msg} (run `make model`; RASHOMON_REQUIRE_MODEL=1 turns this into a failure)");
    }
    what
}

pub fn embedder() -> Option<Embedder> {
    let path = Embedder::default_path();
    let path = need(path, || {
        format!("no embedding model found (looked in {:?} and RASHOMON_MODEL)", Embedder::candidate_paths())
    })?;
    Some(Embedder::load(&path).unwrap_or_else(|e| panic!("{e}")))
}

pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("RASHOMON_CACHE_DIR") {
        return PathBuf::from(d);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"));
    base.join("rashomon")
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
