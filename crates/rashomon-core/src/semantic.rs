//! Sentence embeddings for alignment across languages (multilingual-e5-small, 4-bit, computed in
//! Rust by `rashomon-embed`). Optional: without the model file Rashomon aligns with its
//! monolingual signals only and says so ([`status`]).

use std::sync::OnceLock;

use rashomon_embed::{Embedder, Prefix};
use serde::Serialize;

/// Key under which vectors are stored: the model and the prefix (changing either invalidates them).
pub const MODEL_KEY: &str = "multilingual-e5-small-q4/query";

/// Whether cross-language alignment is available, for the UI and `rashomon health`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModelStatus {
    pub available: bool,
    /// The model file in use.
    pub path: Option<String>,
    /// What the user should know (where the model was looked for, how to get it).
    pub message: String,
}

static MODEL: OnceLock<Result<Embedder, String>> = OnceLock::new();

fn load() -> &'static Result<Embedder, String> {
    MODEL.get_or_init(|| {
        if std::env::var_os("RASHOMON_NO_MODEL").is_some_and(|v| !v.is_empty() && v != "0") {
            return Err("the embedding model is switched off (RASHOMON_NO_MODEL)".into());
        }
        Embedder::load_default().map_err(|e| e.to_string())
    })
}

/// The embedding model, loaded once per process, or `None` when it is absent or unusable.
pub fn embedder() -> Option<&'static Embedder> {
    load().as_ref().ok()
}

pub fn status() -> ModelStatus {
    match load() {
        Ok(e) => ModelStatus {
            available: true,
            path: Some(e.path().display().to_string()),
            message: format!("cross-language alignment on (multilingual-e5-small, {} kernel)", e.kernel()),
        },
        Err(why) => ModelStatus {
            available: false,
            path: None,
            message: format!("cross-language alignment off — accounts are aligned by their words only: {why}"),
        },
    }
}

/// Embeddings of `texts` (claims: a symmetric task, so the "query: " prefix on every side, as
/// the model card advises), or `None` without the model.
pub fn embed(texts: &[&str]) -> Option<Vec<Vec<f32>>> {
    let e = embedder()?;
    Some(e.embed(texts, Prefix::Query))
}
