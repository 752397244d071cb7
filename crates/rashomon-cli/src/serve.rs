//! `rashomon serve`: the web UI and the JSON API over HTTP, on loopback by default.
//!
//! Security: a random token (printed at start, passed to the UI in the URL fragment) is required
//! on every `/api` request as `Authorization: Bearer TOKEN`; requests whose `Host` is not the
//! bound address or whose `Origin` is foreign are refused (DNS rebinding); bodies are capped.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rashomon_core::api::{self, ImportOptions};
use rashomon_core::store::Store;
use rashomon_core::{Error, ErrorCode};
use serde::Deserialize;

pub struct Config {
    pub db: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub ui_dir: Option<PathBuf>,
    pub import: Vec<PathBuf>,
    pub open: bool,
    pub token: Option<String>,
}

#[derive(Clone)]
struct AppState {
    db: Arc<PathBuf>,
    /// Open stores kept between requests (see `with_store`).
    stores: Arc<Mutex<Vec<Store>>>,
    token: Arc<String>,
    port: u16,
    bind: IpAddr,
}

/// Largest request body: imports send file contents.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn run(cfg: Config) -> Result<(), Error> {
    // A client that hangs up while an answer is being written must not end the server. `main`
    // gives SIGPIPE its default action (ending the process) so that `rashomon list | head` ends
    // quietly, and hyper writes answers with writev, which raises SIGPIPE on a closed connection
    // (send, used for single buffers, does not): a browser closing a tab during a large answer
    // (the list of a 10,000-article library) killed `serve`. Ignored, it is an error on that
    // connection only.
    #[cfg(unix)]
    // SAFETY: sets the disposition of one signal, before the runtime's threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot start runtime: {e}")))?;
    rt.block_on(serve(cfg))
}

fn random_token() -> String {
    use std::io::Read;
    let mut b = [0u8; 16];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut b)).is_err() {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        b[..16].copy_from_slice(&t.as_nanos().to_le_bytes());
        b[0] ^= std::process::id() as u8;
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn ui_dir(cfg: &Option<PathBuf>) -> Option<PathBuf> {
    if let Some(d) = cfg {
        return Some(d.clone());
    }
    let exe = std::env::current_exe().ok()?;
    // target/{debug,release}/rashomon → repo/ui/dist
    for anc in exe.ancestors().skip(1) {
        let d = anc.join("ui").join("dist");
        if d.join("index.html").exists() {
            return Some(d);
        }
    }
    None
}

async fn serve(cfg: Config) -> Result<(), Error> {
    if !cfg.import.is_empty() {
        let db = cfg.db.clone();
        let paths = cfg.import.clone();
        blocking(move || {
            let mut store = api::open(&db)?;
            let r = api::import(&mut store, &paths, &ImportOptions::default(), &mut |_| {}, &AtomicBool::new(false))?;
            for it in r.items.iter().filter_map(|i| i.error.as_ref()) {
                eprintln!("warning: {}", it.message);
            }
            Ok(())
        })
        .await?;
    }
    // Fail early on a bad database rather than on the first request.
    {
        let db = cfg.db.clone();
        blocking(move || api::open(&db).map(|_| ())).await?;
    }
    // Say whether cross-language alignment is on, and embed what is not embedded yet.
    {
        let db = cfg.db.clone();
        let status = blocking(move || {
            let s = api::model_status();
            api::embed_in_background(db, |_, _| {}, Arc::new(AtomicBool::new(false)));
            Ok(s)
        })
        .await?;
        eprintln!("{}", status.message);
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(cfg.bind, cfg.port))
        .await
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot listen on {}:{}: {e}", cfg.bind, cfg.port)))?;
    let addr = listener.local_addr()?;
    let token = cfg.token.clone().unwrap_or_else(random_token);
    let state = AppState { db: Arc::new(cfg.db.clone()), stores: Arc::default(), token: Arc::new(token.clone()), port: addr.port(), bind: cfg.bind };

    let api_routes = Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({"ok": true})) }))
        .route("/articles", get(list_articles))
        .route("/articles/page", get(list_articles_page))
        .route("/articles/{id}", get(get_article).post(edit_article))
        .route("/articles/{id}/claims", get(article_claims))
        .route("/outlets", get(list_outlets))
        .route("/search", get(search))
        .route("/compare", get(compare))
        .route("/stories", get(list_stories))
        .route("/stories/{id}/narratives", get(story_narratives))
        .route("/stories/{id}/numbers", get(story_numbers))
        .route("/stories/{id}/matrix", get(story_matrix))
        .route("/model", get(|| async { Json(api::model_status()) }))
        .route("/lexicon/{kind}", get(get_lexicon).post(set_lexicon))
        .route("/codes", get(list_codes).post(add_code))
        .route("/codes/{id}/delete", post(delete_code))
        .route("/codes/{id}/restore", post(restore_code))
        .route("/codings", get(list_codings).post(add_coding))
        .route("/codings/{id}/delete", post(delete_coding))
        .route("/notes", get(list_notes).post(add_note))
        .route("/notes/{id}/delete", post(delete_note))
        .route("/verdicts", get(list_verdicts).post(set_verdict))
        .route("/verdicts/clear", post(clear_verdict))
        .route("/export", post(export_download))
        .route("/import", post(import_paths))
        .route("/import/files", post(import_files))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));

    let mut app = Router::new().nest("/api", api_routes);
    let dir = ui_dir(&cfg.ui_dir);
    if let Some(dir) = &dir {
        app = app.fallback_service(tower_http::services::ServeDir::new(dir).append_index_html_on_directories(true));
    } else {
        app = app.fallback(|| async {
            (StatusCode::NOT_FOUND, "the web UI is not built: run `make ui` (or `make run`)").into_response()
        });
    }
    let app = app
        .layer(middleware::from_fn_with_state(state.clone(), check_host_origin))
        .layer(middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);

    // Written, not `println!`: whoever started the server may stop reading its output after the
    // address (SIGPIPE is ignored here, and `println!` panics on a closed pipe).
    use std::io::Write;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Rashomon is serving on http://{addr}/#token={token}");
        let _ = writeln!(out, "database: {}", cfg.db.display());
        if dir.is_none() {
            let _ = writeln!(out, "(the web UI is not built; the API is available under /api)");
        }
        let _ = out.flush();
    }
    if cfg.open {
        let url = format!("http://{addr}/#token={token}");
        if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
            eprintln!("could not open a browser ({e}); open the URL above yourself");
        }
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::new(ErrorCode::Io, e.to_string()))
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(ErrorCode::Internal, format!("worker failed: {e}")))?
}

/// Most stores kept open between requests: about as many as run at once.
const POOL: usize = 4;

/// Run `f` with an open store and turn the result into a JSON response. The store comes from the
/// pool (opening one — file, WAL, pragmas, migration check, then SQLite reading the schema on the
/// first statement — costs a millisecond or more, and more under load) and goes back to it unless
/// it was left inside a transaction. The work runs on this worker thread (`block_in_place`: other
/// tasks move to another worker) rather than being handed to a blocking thread and back, which on
/// a busy machine cost two thread wake-ups per request; the JSON is encoded there too. The
/// response says where its time went (`Server-Timing`, read by the browser's resource timing).
async fn with_store<T: serde::Serialize + Send + 'static>(
    st: &AppState,
    f: impl FnOnce(&mut Store) -> Result<T, Error> + Send + 'static,
) -> Response {
    let (db, stores) = (st.db.clone(), st.stores.clone());
    let run = move || {
        let started = Instant::now();
        let pooled = stores.lock().ok().and_then(|mut p| p.pop());
        let reused = pooled.is_some();
        let mut store = match pooled {
            Some(s) => s,
            None => api::open(&db)?,
        };
        let opened = Instant::now();
        let v = f(&mut store);
        if store.conn().is_autocommit() {
            if let Ok(mut p) = stores.lock() {
                if p.len() < POOL {
                    p.push(store);
                }
            }
        }
        let v = v?;
        let worked = Instant::now();
        let body = serde_json::to_vec(&v).map_err(|e| Error::new(ErrorCode::Internal, format!("cannot encode the answer: {e}")))?;
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        let timing = format!(
            "open;dur={:.2};desc=\"{}\", work;dur={:.2}, json;dur={:.2}",
            ms(started, opened),
            if reused { "pooled" } else { "opened" },
            ms(opened, worked),
            ms(worked, Instant::now())
        );
        Ok::<_, Error>((body, timing))
    };
    let done = tokio::task::block_in_place(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)))
        .unwrap_or_else(|_| Err(Error::new(ErrorCode::Internal, "the request failed (panic); see the server's log")));
    match done {
        Ok((body, timing)) => {
            let mut res = ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
            if let Ok(v) = HeaderValue::from_str(&timing) {
                res.headers_mut().insert(SERVER_TIMING, v);
            }
            res
        }
        Err(e) => ApiError(e).into_response(),
    }
}

struct ApiError(Error);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self.0.code {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::BadInput | ErrorCode::BadQuery | ErrorCode::Empty | ErrorCode::Encoding => StatusCode::BAD_REQUEST,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Cancelled => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

fn err(code: ErrorCode, status: StatusCode, msg: &str) -> Response {
    (status, Json(Error::new(code, msg))).into_response()
}

async fn require_token(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| constant_time_eq(t.as_bytes(), st.token.as_bytes()));
    if !ok {
        return err(ErrorCode::BadInput, StatusCode::UNAUTHORIZED, "missing or wrong API token");
    }
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuse requests addressed to another host name (DNS rebinding) or sent from a foreign page.
async fn check_host_origin(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let allowed_hosts: Vec<String> = {
        let mut v = vec![format!("127.0.0.1:{}", st.port), format!("localhost:{}", st.port), format!("[::1]:{}", st.port)];
        if !st.bind.is_loopback() {
            v.push(match st.bind {
                IpAddr::V4(a) => format!("{a}:{}", st.port),
                IpAddr::V6(a) => format!("[{a}]:{}", st.port),
            });
        }
        v
    };
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !st.bind.is_unspecified() && !allowed_hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return err(ErrorCode::BadInput, StatusCode::FORBIDDEN, "request for a foreign host name refused");
    }
    if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok()) {
        let ok = origin
            .strip_prefix("http://")
            .is_some_and(|o| allowed_hosts.iter().any(|h| h.eq_ignore_ascii_case(o)) || (st.bind.is_unspecified() && o.eq_ignore_ascii_case(host)));
        if !ok {
            return err(ErrorCode::BadInput, StatusCode::FORBIDDEN, "request from a foreign origin refused");
        }
    }
    next.run(req).await
}

const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

async fn security_headers(req: Request, next: Next) -> Response {
    let t = Instant::now();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // the whole request inside the server (middleware, routing, the handler), beside the handler's parts
    let total = format!("total;dur={:.2}", t.elapsed().as_secs_f64() * 1000.0);
    let timing = match h.get(&SERVER_TIMING).and_then(|v| v.to_str().ok()) {
        Some(parts) => format!("{parts}, {total}"),
        None => total,
    };
    if let Ok(v) = HeaderValue::from_str(&timing) {
        h.insert(SERVER_TIMING, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

async fn list_articles(State(st): State<AppState>) -> Response {
    with_store(&st, |s| api::list_articles(s)).await
}

#[derive(Deserialize)]
struct PageParams {
    #[serde(default)]
    offset: usize,
    #[serde(default = "default_limit")]
    limit: usize,
}

async fn list_articles_page(State(st): State<AppState>, Query(p): Query<PageParams>) -> Response {
    with_store(&st, move |s| api::list_articles_page(s, p.offset, p.limit.min(1000))).await
}

async fn get_article(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::get_article(s, id)).await
}

async fn article_claims(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::claims_of_article(s, id)).await
}

async fn list_outlets(State(st): State<AppState>) -> Response {
    with_store(&st, |s| api::list_outlets(s)).await
}

#[derive(Deserialize)]
struct SearchParams {
    q: String,
    #[serde(default = "default_limit")]
    limit: usize,
}
fn default_limit() -> usize {
    50
}

async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> Response {
    with_store(&st, move |s| api::search(s, &p.q, p.limit.min(500))).await
}

async fn list_stories(State(st): State<AppState>) -> Response {
    with_store(&st, |s| api::stories(s)).await
}

async fn story_narratives(State(st): State<AppState>, Path(id): Path<usize>) -> Response {
    with_store(&st, move |s| api::story_narratives(s, id)).await
}

async fn story_numbers(State(st): State<AppState>, Path(id): Path<usize>) -> Response {
    with_store(&st, move |s| api::story_numbers(s, id)).await
}

async fn story_matrix(State(st): State<AppState>, Path(id): Path<usize>) -> Response {
    with_store(&st, move |s| api::story_matrix(s, id)).await
}

#[derive(Deserialize)]
struct CompareParams {
    a: i64,
    b: i64,
    /// `diff=spans`: the word diffs without their words (what the UI asks for); default `full`.
    #[serde(default)]
    diff: api::DiffDetail,
}

async fn compare(State(st): State<AppState>, Query(p): Query<CompareParams>) -> Response {
    with_store(&st, move |s| api::compare_with(s, p.a, p.b, p.diff)).await
}

#[derive(Deserialize)]
struct ImportPathsBody {
    paths: Vec<PathBuf>,
    #[serde(default)]
    options: ImportOptions,
}

async fn import_paths(State(st): State<AppState>, Json(b): Json<ImportPathsBody>) -> Response {
    let r = with_store(&st, move |s| api::import(s, &b.paths, &b.options, &mut |_| {}, &AtomicBool::new(false))).await;
    embed_later(&st);
    r
}

/// New articles' claims are embedded for cross-language alignment in the background.
fn embed_later(st: &AppState) {
    api::embed_in_background(st.db.as_ref().clone(), |_, _| {}, Arc::new(AtomicBool::new(false)));
}

#[derive(Deserialize)]
struct ImportFilesBody {
    files: Vec<api::UploadedFile>,
    #[serde(default)]
    options: ImportOptions,
}

async fn import_files(State(st): State<AppState>, Json(b): Json<ImportFilesBody>) -> Response {
    let r = with_store(&st, move |s| api::import_uploaded(s, b.files, &b.options, &mut |_| {}, &AtomicBool::new(false))).await;
    embed_later(&st);
    r
}

#[derive(Deserialize)]
struct CodesParams {
    #[serde(default)]
    deleted: bool,
}

async fn list_codes(State(st): State<AppState>, Query(p): Query<CodesParams>) -> Response {
    with_store(&st, move |s| api::list_codes(s, p.deleted)).await
}

async fn add_code(State(st): State<AppState>, Json(b): Json<api::NewCode>) -> Response {
    with_store(&st, move |s| api::add_code(s, &b)).await
}

async fn delete_code(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::delete_code(s, id)).await
}

async fn restore_code(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::restore_code(s, id)).await
}

#[derive(Deserialize)]
struct CodingsParams {
    article: Option<i64>,
}

async fn list_codings(State(st): State<AppState>, Query(p): Query<CodingsParams>) -> Response {
    with_store(&st, move |s| api::list_codings(s, p.article)).await
}

#[derive(Deserialize)]
struct AddCodingBody {
    code_id: i64,
    target: api::CodingTarget,
}

async fn add_coding(State(st): State<AppState>, Json(b): Json<AddCodingBody>) -> Response {
    with_store(&st, move |s| api::add_coding(s, b.code_id, &b.target)).await
}

async fn delete_coding(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::delete_coding(s, id)).await
}

async fn list_notes(State(st): State<AppState>) -> Response {
    with_store(&st, |s| api::list_notes(s)).await
}

#[derive(Deserialize)]
struct AddNoteBody {
    target: api::NoteTarget,
    text: String,
}

async fn add_note(State(st): State<AppState>, Json(b): Json<AddNoteBody>) -> Response {
    with_store(&st, move |s| api::add_note(s, &b.target, &b.text)).await
}

async fn delete_note(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    with_store(&st, move |s| api::delete_note(s, id)).await
}

async fn list_verdicts(State(st): State<AppState>) -> Response {
    with_store(&st, |s| api::list_verdicts(s)).await
}

async fn get_lexicon(State(st): State<AppState>, Path(kind): Path<api::LexiconKind>) -> Response {
    with_store(&st, move |s| api::lexicon(s, kind)).await
}

#[derive(Deserialize)]
struct LexiconBody {
    text: Option<String>,
    #[serde(default)]
    source: String,
}

async fn set_lexicon(State(st): State<AppState>, Path(kind): Path<api::LexiconKind>, Json(b): Json<LexiconBody>) -> Response {
    with_store(&st, move |s| api::set_lexicon_text(s, kind, b.text.as_deref(), &b.source)).await
}

async fn edit_article(State(st): State<AppState>, Path(id): Path<i64>, Json(edit): Json<api::ArticleEdit>) -> Response {
    with_store(&st, move |s| api::edit_article(s, id, &edit)).await
}

async fn set_verdict(State(st): State<AppState>, Json(b): Json<api::NewVerdict>) -> Response {
    with_store(&st, move |s| api::set_verdict(s, &b)).await
}

async fn clear_verdict(State(st): State<AppState>, Json(pair): Json<api::PairKey>) -> Response {
    with_store(&st, move |s| api::clear_verdict(s, &pair)).await
}

#[derive(Deserialize)]
struct ExportBody {
    format: rashomon_core::export::ExportFormat,
    #[serde(default)]
    scope: rashomon_core::export::ExportScope,
}

/// The browser cannot be handed a path: the export comes back as a file to download.
async fn export_download(State(st): State<AppState>, Json(b): Json<ExportBody>) -> Response {
    with_store(&st, move |s| api::export_bytes(s, b.format, &b.scope)).await
}
