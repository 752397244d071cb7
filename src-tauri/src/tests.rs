//! Every command called through the IPC, with the `tauri::test` mock runtime and a temporary
//! library (`RASHOMON_DB`). One test function: the env var is process-wide.

use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Listener, WebviewWindow, WebviewWindowBuilder};

use super::*;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples").canonicalize().unwrap()
}

fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn commands_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    std::env::set_var("RASHOMON_DB", &db);
    let library = Library::from_env();
    assert_eq!(library.db, db, "the state takes RASHOMON_DB");

    let app = builder(mock_builder(), library).build(mock_context(noop_assets())).unwrap();
    let w = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = events.clone();
    app.listen_any(IMPORT_PROGRESS, move |e| sink.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap()));

    // Empty library.
    assert_eq!(invoke(&w, "list_articles", json!({})).unwrap(), json!([]));
    assert_eq!(invoke(&w, "list_outlets", json!({})).unwrap(), json!([]));

    // Import the sample folder; progress arrives as import-progress events.
    let report = invoke(&w, "import_paths", json!({"paths": [samples()], "options": null})).unwrap();
    assert_eq!(report["imported"], 5, "{report}");
    assert_eq!(report["failed"], 0, "{report}");
    assert_eq!(report["cancelled"], false);
    {
        let ev = events.lock().unwrap();
        assert_eq!(ev.first().unwrap(), &json!({"event": "started", "total": 5}), "{ev:?}");
        assert_eq!(ev.iter().filter(|e| e["event"] == "item").count(), 5, "{ev:?}");
        let last = ev.last().unwrap();
        assert_eq!((last["event"].as_str(), last["imported"].as_u64()), (Some("finished"), Some(5)), "{ev:?}");
    }

    let list = invoke(&w, "list_articles", json!({})).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    let id = list[0]["id"].as_i64().unwrap();
    let article = invoke(&w, "get_article", json!({"id": id})).unwrap();
    assert_eq!(article["id"], id, "{article}");

    let outlets = invoke(&w, "list_outlets", json!({})).unwrap();
    assert!(outlets.as_array().unwrap().iter().any(|o| o["name"] == "Turkey Now (تركيا الان)"), "{outlets}");

    let hits = invoke(&w, "search", json!({"q": "إدلب", "limit": 3})).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3, "{hits:?}");
    assert!(hits[0]["article_id"].is_i64());
    let hits = invoke(&w, "search", json!({"q": "إدلب"})).unwrap();
    assert!(hits.as_array().unwrap().len() > 3, "limit is optional");

    // The reported numbers of each story: every figure has its reporting article and what it counts.
    let stories = invoke(&w, "stories", json!({})).unwrap();
    let figures: usize = (1..=stories.as_array().unwrap().len())
        .map(|id| {
            let nums = invoke(&w, "story_numbers", json!({"id": id})).unwrap();
            let nums = nums.as_array().unwrap().clone();
            assert!(nums.iter().all(|n| n["article_id"].is_i64() && (n["counted"].is_string() || n["event"].is_string())), "{nums:?}");
            nums.len()
        })
        .sum();
    assert!(figures > 0, "the samples report casualty figures");
    assert_eq!(invoke(&w, "story_numbers", json!({"id": 999})).unwrap_err()["code"], "not_found");

    // Errors come back as rashomon_core::Error: exactly {code, message}.
    let err = invoke(&w, "get_article", json!({"id": 999_999})).unwrap_err();
    let obj = err.as_object().expect("error is an object");
    assert_eq!(obj.len(), 2, "{err}");
    assert_eq!(err["code"], "not_found", "{err}");
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()), "{err}");
    let err = invoke(&w, "search", json!({"q": "  "})).unwrap_err();
    assert_eq!(err["code"], "bad_query", "{err}");
    let err = invoke(&w, "import_paths", json!({"paths": [dir.path().join("nope")]})).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let err = invoke(&w, "import_paths", json!({"paths": [samples()], "options": {"side": "Martian side"}})).unwrap_err();
    assert_eq!(err["code"], "bad_input", "{err}");

    // Re-import is a no-op.
    let again = invoke(&w, "import_paths", json!({"paths": [samples()]})).unwrap();
    assert_eq!((again["imported"].as_u64(), again["already_imported"].as_u64()), (Some(0), Some(5)), "{again}");

    // Uploaded files (drag and drop), with options.
    let text = "A headline\n\nFirst paragraph of a short test article about a ceasefire in Idlib. It has two sentences.\n";
    let file = json!({"name": "note.txt", "data_base64": base64::engine::general_purpose::STANDARD.encode(text)});
    let up = invoke(&w, "import_files", json!({"files": [file, {"name": "bad.txt", "data_base64": "%%%"}], "options": {"outlet": "Test Outlet", "side": "other"}})).unwrap();
    assert_eq!((up["imported"].as_u64(), up["failed"].as_u64()), (Some(1), Some(1)), "{up}");
    assert_eq!(up["items"][1]["error"]["code"], "bad_input", "{up}");
    let all = invoke(&w, "list_articles", json!({})).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 6);
    // the first page of the library (camelCase arguments, as the UI sends them)
    let page = invoke(&w, "list_articles_page", json!({"offset": 1, "limit": 2})).unwrap();
    assert_eq!((page["total"].as_u64(), page["offset"].as_u64()), (Some(6), Some(1)), "{page}");
    assert_eq!(page["articles"], json!([all[1], all[2]]));

    // Details corrected (camelCase arguments, as the UI sends them); a bad date is refused.
    let id = all[0]["id"].as_i64().unwrap();
    let edited = invoke(&w, "edit_article", json!({"id": id, "edit": {"outlet": "Renamed", "side": "armenian", "published": "2020-03-01"}})).unwrap();
    assert_eq!((edited["outlet"].as_str(), edited["side"].as_str(), edited["published"].as_str()), (Some("Renamed"), Some("armenian"), Some("2020-03-01")), "{edited}");
    let err = invoke(&w, "edit_article", json!({"id": id, "edit": {"outlet": null, "side": null, "published": "March"}})).unwrap_err();
    assert_eq!(err["code"], "bad_input", "{err}");
    // The project's own actors: set from a file's text, listed, removed.
    let toml = "[[actor]]\nid = \"x\"\nname = \"X Y\"\nside = \"armenian\"\nnames.en = [\"X Y\"]\n";
    let lex = invoke(&w, "set_lexicon", json!({"kind": "actors", "text": toml, "source": "a.toml"})).unwrap();
    assert_eq!(lex["actors"][0]["side"], "armenian", "{lex}");
    assert_eq!(invoke(&w, "lexicon", json!({"kind": "actors"})).unwrap()["source"], "a.toml");
    let err = invoke(&w, "set_lexicon", json!({"kind": "actors", "text": "[[actor]]\nid = 1", "source": "b.toml"})).unwrap_err();
    assert!(err["message"].as_str().is_some_and(|m| m.starts_with("b.toml: ")), "{err}");
    assert!(invoke(&w, "set_lexicon", json!({"kind": "actors", "text": null, "source": ""})).unwrap()["text"].is_null());

    // cancel_import sets the flag the API checks; the next import starts with it cleared.
    assert_eq!(invoke(&w, "cancel_import", json!({})).unwrap(), Value::Null);
    assert!(app.state::<Library>().cancel.load(Ordering::Relaxed));
    invoke(&w, "import_files", json!({"files": []})).unwrap();
    assert!(!app.state::<Library>().cancel.load(Ordering::Relaxed));
}

#[test]
fn first_start_imports_samples_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("first.db");
    let cancel = AtomicBool::new(false);
    let mut n = 0;
    let report = seed_if_empty(&db, &samples(), &mut |_| n += 1, &cancel).unwrap().expect("empty library is seeded");
    assert_eq!(report.imported, 5);
    assert_eq!(n, 7, "started + 5 items + finished");
    assert!(seed_if_empty(&db, &samples(), &mut |_| {}, &cancel).unwrap().is_none(), "seeding happens once");
}
