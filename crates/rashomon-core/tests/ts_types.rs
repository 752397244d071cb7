//! The committed TypeScript types must equal what the Rust types generate.
//! `UPDATE_TS_TYPES=1 cargo test -p rashomon-core --test ts_types` rewrites them.

use std::path::PathBuf;

#[test]
fn committed_typescript_types_are_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/types.ts");
    let want = rashomon_core::api::typescript_declarations();
    if std::env::var_os("UPDATE_TS_TYPES").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run `make types` (UPDATE_TS_TYPES=1 cargo test -p rashomon-core --test ts_types) and commit it",
        path.display()
    );
}
