//! RASHOMON_MODEL wins over the default places, and a wrong setting is reported by name.
//! (Its own test binary: it changes the process environment.)

use rashomon_embed::{Embedder, ErrorKind};

#[test]
fn rashomon_model_env_is_used_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elsewhere.bin");
    std::env::set_var("RASHOMON_MODEL", &path);
    assert_eq!(Embedder::default_path(), Some(path.clone()));
    let e = Embedder::load_default().expect_err("no file there");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.starts_with(&path.display().to_string()), "{}", e.message);
    std::env::remove_var("RASHOMON_MODEL");
    // the places searched include the repository's models/ folder
    assert!(Embedder::candidate_paths().iter().any(|p| p.ends_with("models/e5-small-q4.bin")));
}
