//! Sentence embeddings for alignment across languages (multilingual-e5-small, 4-bit, computed in
//! Rust by `rashomon-embed`). Optional: without the model file Rashomon aligns with its
//! monolingual signals only and says so ([`status`]).
//!
//! The loaded model holds about 100 MB (its weights repacked for the kernels, and the mapped
//! file), so it is loaded only when there is something to embed and released when that is done:
//! [`embedder`] loads it on first use, [`release`] drops it (the background job calls it when it
//! finishes), and a model nobody has used for [`IDLE`] is released on its own. [`status`] never
//! loads it: before the first load it checks the file the way a load would (`Embedder::probe`),
//! so "cross-language alignment on/off" is known at start without the memory.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rashomon_embed::{Embedder, ModelInfo, Prefix};
use serde::Serialize;

/// Key under which vectors are stored: the model and the prefix (changing either invalidates them).
pub const MODEL_KEY: &str = "multilingual-e5-small-q4/query";

/// A loaded model unused for this long is released (the next use loads it again).
pub const IDLE: Duration = Duration::from_secs(30);

/// Whether cross-language alignment is available, for the UI and `rashomon health`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModelStatus {
    pub available: bool,
    /// The model file in use.
    pub path: Option<String>,
    /// What the user should know (where the model was looked for, how to get it).
    pub message: String,
}

/// What this process knows about the model.
enum Slot {
    /// Nothing checked yet.
    Unknown,
    /// The file checked (probed, or loaded before and released): usable, not in memory.
    Ready(ModelInfo),
    /// In memory; `last_used` for the idle release.
    Loaded { model: Arc<Embedder>, last_used: Instant },
    /// Switched off or unusable, with the reason (not retried: the answer would not change).
    Off(String),
}

static SLOT: Mutex<Slot> = Mutex::new(Slot::Unknown);
/// Serialises loads, so that two callers never both repack the weights; `SLOT` itself is only
/// held for short moments (a status request never waits for a load).
static LOADING: Mutex<()> = Mutex::new(());
static DISABLED: AtomicBool = AtomicBool::new(false);
static REAPER: AtomicBool = AtomicBool::new(false);

fn slot() -> MutexGuard<'static, Slot> {
    SLOT.lock().unwrap_or_else(|p| p.into_inner())
}

fn switched_off() -> Option<String> {
    std::env::var_os("RASHOMON_NO_MODEL")
        .is_some_and(|v| !v.is_empty() && v != "0")
        .then(|| "the embedding model is switched off (RASHOMON_NO_MODEL)".to_string())
}

/// Align by words only in this process from now on (golden-file tests: their output must not
/// depend on whether the model is installed or on the CPU's float rounding).
pub fn disable() {
    DISABLED.store(true, Ordering::SeqCst);
}

/// The embedding model, loaded if it is not in memory, or `None` when it is absent or unusable.
/// The model stays loaded while a caller holds it and for [`IDLE`] after the last use.
pub fn embedder() -> Option<Arc<Embedder>> {
    if DISABLED.load(Ordering::SeqCst) {
        return None;
    }
    if let Some(m) = in_memory() {
        return Some(m);
    }
    let _loading = LOADING.lock().unwrap_or_else(|p| p.into_inner());
    // Loaded by another caller while this one waited?
    if let Some(m) = in_memory() {
        return Some(m);
    }
    if let Slot::Off(_) = &*slot() {
        return None;
    }
    let loaded = match switched_off() {
        Some(why) => Err(why),
        None => Embedder::load_default().map_err(|e| e.to_string()),
    };
    let mut s = slot();
    match loaded {
        Ok(e) => {
            let model = Arc::new(e);
            *s = Slot::Loaded { model: model.clone(), last_used: Instant::now() };
            drop(s);
            start_reaper();
            Some(model)
        }
        Err(why) => {
            *s = Slot::Off(why);
            None
        }
    }
}

/// The model if it is in memory now (and marks it used).
fn in_memory() -> Option<Arc<Embedder>> {
    match &mut *slot() {
        Slot::Loaded { model, last_used } => {
            *last_used = Instant::now();
            Some(model.clone())
        }
        _ => None,
    }
}

/// Whether the model is in memory now (for tests and diagnostics; never loads it).
pub fn is_loaded() -> bool {
    matches!(&*slot(), Slot::Loaded { .. })
}

/// Drop the loaded model (callers still holding it keep it until they finish); the next
/// [`embedder`] loads it again. Returns whether it was loaded.
pub fn release() -> bool {
    let mut s = slot();
    let Slot::Loaded { model, .. } = &*s else { return false };
    let info = ModelInfo { path: model.path().to_path_buf(), kernel: model.kernel() };
    let model = std::mem::replace(&mut *s, Slot::Ready(info));
    drop(s);
    drop(model);
    return_freed_memory();
    true
}

/// Hand freed heap back to the system: glibc keeps freed blocks below its (adaptive) mmap
/// threshold in its arenas, so without this the released weights would stay in the process's RSS.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// One thread per process while a model is loaded: releases it after [`IDLE`] without use.
fn start_reaper() {
    if REAPER.swap(true, Ordering::SeqCst) {
        return;
    }
    let spawned = std::thread::Builder::new().name("model-idle".into()).spawn(|| loop {
        std::thread::sleep(IDLE / 4);
        let idle = match &*slot() {
            // in use by someone (a running embedding holds its own handle): not idle
            Slot::Loaded { model, last_used } => last_used.elapsed() >= IDLE && Arc::strong_count(model) == 1,
            _ => {
                REAPER.store(false, Ordering::SeqCst);
                return;
            }
        };
        if idle {
            release();
        }
    });
    if spawned.is_err() {
        REAPER.store(false, Ordering::SeqCst);
    }
}

/// Whether the model can be used: [`status`]`().available`, without making the status's path
/// and message (a lock, a path's copy and two formatted strings; every comparison asks, once a
/// side).
pub fn available() -> bool {
    if DISABLED.load(Ordering::SeqCst) {
        return false;
    }
    let known = match &*slot() {
        Slot::Unknown => None,
        Slot::Ready(_) | Slot::Loaded { .. } => Some(true),
        Slot::Off(_) => Some(false),
    };
    // The first question probes the file, as `status` does.
    known.unwrap_or_else(|| status().available)
}

pub fn status() -> ModelStatus {
    if DISABLED.load(Ordering::SeqCst) {
        return ModelStatus { available: false, path: None, message: "cross-language alignment off in this process (words only)".into() };
    }
    let known = match &*slot() {
        Slot::Unknown => None,
        Slot::Ready(info) => Some(Ok(info.clone())),
        Slot::Loaded { model, .. } => Some(Ok(ModelInfo { path: model.path().to_path_buf(), kernel: model.kernel() })),
        Slot::Off(why) => Some(Err(why.clone())),
    };
    let known = known.unwrap_or_else(|| {
        // First question: check the file without loading it, and remember the answer.
        let probed = match switched_off() {
            Some(why) => Err(why),
            None => Embedder::probe_default().map_err(|e| e.to_string()),
        };
        let mut s = slot();
        if let Slot::Unknown = &*s {
            *s = match &probed {
                Ok(info) => Slot::Ready(info.clone()),
                Err(why) => Slot::Off(why.clone()),
            };
        }
        probed
    });
    match known {
        Ok(info) => ModelStatus {
            available: true,
            path: Some(info.path.display().to_string()),
            message: format!("cross-language alignment on (multilingual-e5-small, {} kernel)", info.kernel),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's whole life in one process: known without loading, loaded by a use, released,
    /// loaded again. (One test: the model is per process, so parallel tests would race.)
    #[test]
    fn loaded_only_for_use_and_released() {
        if rashomon_embed::Embedder::default_path().is_none() || switched_off().is_some() {
            assert!(std::env::var("RASHOMON_REQUIRE_MODEL").as_deref() != Ok("1"), "RASHOMON_REQUIRE_MODEL=1 but no model");
            eprintln!("SKIPPED: no embedding model (make model)");
            let s = status();
            assert!(!s.available && s.message.contains("words only"), "{}", s.message);
            assert!(embedder().is_none() && !is_loaded());
            return;
        }
        let s = status();
        assert!(s.available, "{}", s.message);
        assert!(!is_loaded(), "status() must not load the model");
        let v = embed(&["33 soldiers were killed"]).expect("vectors");
        assert_eq!(v[0].len(), rashomon_embed::DIM);
        assert!(is_loaded());
        let held = embedder().unwrap();
        assert!(release());
        assert!(!is_loaded() && !release());
        // a holder keeps its model working after the release
        assert_eq!(held.embed(&["x"], Prefix::Query)[0].len(), rashomon_embed::DIM);
        drop(held);
        let after = status();
        assert!(after.available && after.path == s.path, "{after:?}");
        assert!(!is_loaded());
        // the next use loads it again, with the same vectors
        assert_eq!(embed(&["33 soldiers were killed"]).unwrap(), v);
        assert!(is_loaded());
        release();
    }
}
