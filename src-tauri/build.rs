//! Build script: tauri-build, plus one fallback. The window's page is the web UI's build output
//! (`../ui/dist`, from `npm run build` in ui/). When it has not been built yet, the placeholder
//! page in `../tests/desktop/fixture-dist` is embedded instead (with a warning), so the shell and
//! its tests build on their own. An explicit `TAURI_CONFIG` always wins.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=../tests/desktop/fixture-dist");
    let real = Path::new("../ui/dist/index.html").exists();
    if real {
        println!("cargo:rerun-if-changed=../ui/dist");
    } else if std::env::var_os("TAURI_CONFIG").is_none() {
        println!("cargo:warning=ui/dist is not built: embedding the placeholder page tests/desktop/fixture-dist");
        let patch = r#"{"build":{"frontendDist":"../tests/desktop/fixture-dist"}}"#;
        // For tauri-build (this process) and for `generate_context!` (the compiler's environment).
        std::env::set_var("TAURI_CONFIG", patch);
        println!("cargo:rustc-env=TAURI_CONFIG={patch}");
    }
    tauri_build::build()
}
