//! A missing, foreign, empty or truncated model file is a clear error naming the file — never a
//! panic, never a half-loaded model.

mod common;
use rashomon_embed::{Embedder, ErrorKind};
use std::io::Write;

/// `load`'s error, checked to be the one `probe` (the cheap check without loading) gives too.
fn load_err(path: &std::path::Path) -> rashomon_embed::Error {
    let e = Embedder::load(path).expect_err("must not load");
    let p = Embedder::probe(path).expect_err("probe must refuse what load refuses");
    assert_eq!((p.kind, &p.message), (e.kind, &e.message));
    e
}

#[test]
fn missing_file_is_not_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope").join("e5-small-q4.bin");
    let e = load_err(&path);
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.code(), "not_found");
    assert!(e.message.starts_with(&path.display().to_string()), "{}", e.message);
}

#[test]
fn foreign_and_empty_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("model.bin");
    std::fs::write(&toml, "[package]\nname = \"x\"\n").unwrap();
    let e = load_err(&toml);
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.message.starts_with(&toml.display().to_string()) && e.message.contains("E5S1"), "{}", e.message);

    let empty = dir.path().join("empty.bin");
    std::fs::write(&empty, b"").unwrap();
    let e = load_err(&empty);
    assert!(e.message.contains("empty") && e.message.starts_with(&empty.display().to_string()), "{}", e.message);

    let e = load_err(dir.path());
    assert!(e.message.starts_with(&dir.path().display().to_string()), "{}", e.message);
}

#[test]
fn header_only_file_is_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.bin");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"E5S1").unwrap();
    for v in [1i32, 384, 12, 12, 1536, 250037, 512, 2] {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
    drop(f);
    let e = load_err(&path);
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.message.contains("truncated"), "{}", e.message);
}

#[test]
fn truncated_and_altered_real_model_is_refused() {
    let Some(e) = common::embedder() else { return };
    let full = std::fs::read(e.path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // cut inside the vocabulary, inside the tensor directory's data, and one byte short
    for cut in [1_000_000, 40_000_000, full.len() - 1] {
        let path = dir.path().join(format!("cut{cut}.bin"));
        std::fs::write(&path, &full[..cut]).unwrap();
        let err = load_err(&path);
        assert_eq!(err.kind, ErrorKind::Invalid, "{}", err.message);
        assert!(err.message.starts_with(&path.display().to_string()), "{}", err.message);
        assert!(err.message.contains("truncated"), "{}", err.message);
    }
    // a different version number
    let mut v2 = full.clone();
    v2[4] = 2;
    let path = dir.path().join("v2.bin");
    std::fs::write(&path, &v2).unwrap();
    assert!(load_err(&path).message.contains("version 2"));
}

#[test]
fn probe_accepts_the_real_model_without_loading_it() {
    let Some(e) = common::embedder() else { return };
    let info = Embedder::probe(e.path()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(info.path, e.path());
    assert_eq!(info.kernel, e.kernel());
}
