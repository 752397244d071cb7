//! Guards on the window's security settings: fails when tauri.conf.json's CSP loosens scripts or
//! admits remote content, or when a capability grants a permission outside the allow-list.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Every permission the app may grant its windows. Adding one is a reviewed change to this list.
const ALLOWED_PERMISSIONS: &[&str] = &[
    "core:event:default",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:event:allow-emit",
    "dialog:allow-open",
    "dialog:allow-save",
];
/// Never, whatever the list says: the UI touches files only through the app's commands.
const FORBIDDEN_PREFIXES: &[&str] = &["fs:", "shell:", "http:", "process:", "opener:", "updater:"];
/// The only non-'self' network sources: Tauri's IPC (custom protocol, and its Linux/Windows form).
const IPC_SOURCES: &[&str] = &["ipc:", "http://ipc.localhost"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn config() -> Value {
    read_json(&dir().join("tauri.conf.json"))
}

/// CSP as directive -> sources, from a string or Tauri's object form.
fn parse_csp(v: &Value) -> Vec<(String, Vec<String>)> {
    match v {
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let mut it = d.split_whitespace();
                let name = it.next()?.to_ascii_lowercase();
                Some((name, it.map(str::to_owned).collect()))
            })
            .collect(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let sources = match v {
                    Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
                    Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
                    other => panic!("unexpected CSP value for {k}: {other}"),
                };
                (k.to_ascii_lowercase(), sources)
            })
            .collect(),
        other => panic!("the CSP must be set (string or object), found {other}"),
    }
}

/// Problems with a CSP; empty when it is acceptable.
fn csp_problems(csp: &Value) -> Vec<String> {
    if csp.is_null() {
        return vec!["no CSP: Tauri would serve the page without one".into()];
    }
    let directives = parse_csp(csp);
    let get = |n: &str| directives.iter().find(|(d, _)| d == n).map(|(_, s)| s.clone());
    let mut problems = Vec::new();
    let script = get("script-src").or_else(|| get("default-src"));
    match &script {
        None => problems.push("no script-src or default-src".into()),
        Some(s) => {
            for bad in ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "*"] {
                if s.iter().any(|x| x.eq_ignore_ascii_case(bad)) {
                    problems.push(format!("scripts allow {bad}"));
                }
            }
        }
    }
    if get("default-src").is_none() {
        problems.push("no default-src".into());
    }
    for (name, want) in [("object-src", "'none'"), ("base-uri", "'none'")] {
        if get(name).as_deref() != Some(&[want.to_string()][..]) {
            problems.push(format!("{name} must be {want}"));
        }
    }
    for (name, sources) in &directives {
        for s in sources {
            let l = s.to_ascii_lowercase();
            let ipc = name == "connect-src" && IPC_SOURCES.contains(&l.as_str());
            let remote = l.contains("://") || ["http:", "https:", "ws:", "wss:", "ftp:"].contains(&l.as_str()) || l.contains('*');
            if remote && !ipc {
                problems.push(format!("{name} allows remote source {s}"));
            }
            if name.starts_with("script") && (l.contains("'unsafe-") || l == "'strict-dynamic'") {
                problems.push(format!("{name} allows {s}"));
            }
        }
    }
    problems
}

/// Problems with one capability file; empty when it is acceptable.
fn capability_problems(cap: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if cap.get("remote").is_some() {
        problems.push("capability grants IPC to remote URLs".into());
    }
    let perms = cap["permissions"].as_array().cloned().unwrap_or_default();
    for p in perms {
        let id = match &p {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.get("identifier").and_then(Value::as_str).unwrap_or("<no identifier>").to_owned(),
            other => format!("{other}"),
        };
        if FORBIDDEN_PREFIXES.iter().any(|f| id.starts_with(f)) {
            problems.push(format!("forbidden permission {id}"));
        } else if !ALLOWED_PERMISSIONS.contains(&id.as_str()) {
            problems.push(format!("permission {id} is not in the allow-list"));
        }
    }
    problems
}

#[test]
fn csp_is_strict() {
    let cfg = config();
    let csp = &cfg["app"]["security"]["csp"];
    let problems = csp_problems(csp);
    assert!(problems.is_empty(), "tauri.conf.json CSP: {problems:#?}");
    let sec = &cfg["app"]["security"];
    for key in ["dangerousDisableAssetCspModification", "dangerousRemoteDomainIpcAccess"] {
        assert!(sec.get(key).is_none(), "tauri.conf.json sets {key}");
    }
    assert_ne!(sec["assetProtocol"]["enable"], true, "the asset protocol stays off");
    assert_ne!(cfg["app"]["withGlobalTauri"], true, "no global window.__TAURI__");
}

#[test]
fn frontend_is_local() {
    let cfg = config();
    let dist = cfg["build"]["frontendDist"].as_str().expect("frontendDist is a local folder");
    assert!(!dist.contains("://"), "frontendDist must not be a URL: {dist}");
    assert_eq!(dist, "../ui/dist");
    for w in cfg["app"]["windows"].as_array().unwrap() {
        if let Some(url) = w["url"].as_str() {
            assert!(!url.contains("://"), "window loads a remote URL: {url}");
        }
    }
}

#[test]
fn capabilities_are_allow_listed() {
    let cap_dir = dir().join("capabilities");
    let mut n = 0;
    for entry in std::fs::read_dir(&cap_dir).unwrap() {
        let p = entry.unwrap().path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        assert!(ext == "json", "only JSON capabilities are checked, found {}", p.display());
        let problems = capability_problems(&read_json(&p));
        assert!(problems.is_empty(), "{}: {problems:#?}", p.display());
        n += 1;
    }
    assert!(n > 0, "no capability files");
    // Capabilities inlined in tauri.conf.json are checked too.
    let cfg = config();
    for cap in cfg["app"]["security"]["capabilities"].as_array().into_iter().flatten() {
        if cap.is_object() {
            let problems = capability_problems(cap);
            assert!(problems.is_empty(), "inline capability: {problems:#?}");
        }
    }
}

/// The checks themselves catch what they are for.
#[test]
fn checks_reject_loosened_settings() {
    let ok = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: asset:; font-src 'self'; connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'";
    assert!(csp_problems(&Value::from(ok)).is_empty());
    for bad in [
        ok.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        ok.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        ok.replace("script-src 'self'; ", "").replace("default-src 'self'", "default-src 'self' 'unsafe-inline'"),
        ok.replace("script-src 'self'", "script-src 'self' https://cdn.example.com"),
        ok.replace("img-src 'self'", "img-src 'self' https:"),
        ok.replace("connect-src ipc:", "connect-src ipc: http://localhost:8080"),
        ok.replace("font-src 'self'", "font-src 'self' *"),
        ok.replace("; object-src 'none'", ""),
    ] {
        assert!(!csp_problems(&Value::from(bad.clone())).is_empty(), "accepted: {bad}");
    }
    assert!(!csp_problems(&Value::Null).is_empty(), "a missing CSP is rejected");
    let cap = |p: Value| serde_json::json!({"identifier": "x", "windows": ["main"], "permissions": p});
    assert!(capability_problems(&cap(serde_json::json!(["core:event:default", "dialog:allow-open"]))).is_empty());
    for bad in ["fs:default", "shell:allow-open", "http:default", "core:window:allow-close", "dialog:default", "dialog:allow-message"] {
        assert!(!capability_problems(&cap(serde_json::json!([bad]))).is_empty(), "accepted {bad}");
    }
    assert!(!capability_problems(&cap(serde_json::json!([{"identifier": "fs:allow-read-file", "allow": [{"path": "$HOME/**"}]}]))).is_empty());
    assert!(!capability_problems(&serde_json::json!({"identifier": "r", "remote": {"urls": ["https://x"]}, "permissions": []})).is_empty());
}
