//! Rashomon's desktop shell: a Tauri window whose commands are `rashomon_core::api`, one for one.
//!
//! Nothing is decided here. Each command opens the library, calls the matching API function on
//! a blocking thread and returns its result; errors are `rashomon_core::Error` as-is, so the UI
//! sees `{code, message}`. Long imports emit every `ImportEvent` as the `import-progress` event,
//! and `cancel_import` sets the flag the API checks between files.
//!
//! | UI call                               | API                          |
//! |---------------------------------------|------------------------------|
//! | `invoke("list_articles")`             | `api::list_articles`         |
//! | `invoke("list_articles_page", {offset, limit})` | `api::list_articles_page` |
//! | `invoke("get_article", {id})`         | `api::get_article`           |
//! | `invoke("edit_article", {id, edit})`  | `api::edit_article`          |
//! | `invoke("lexicon", {kind})`, `set_lexicon{kind, text, source}` | `api::lexicon`, `api::set_lexicon_text` |
//! | `invoke("list_outlets")`              | `api::list_outlets`          |
//! | `invoke("search", {q, limit})`        | `api::search`                |
//! | `invoke("import_paths", {paths, options})` | `api::import`           |
//! | `invoke("import_files", {files, options})` | `api::import_uploaded`  |
//! | `invoke("compare", {a, b, diff?})`    | `api::compare_with`          |
//! | `invoke("claims_of_article", {id})` | `api::claims_of_article`     |
//! | `invoke("stories")`                   | `api::stories`               |
//! | `invoke("story_narratives", {id})`    | `api::story_narratives`      |
//! | `invoke("story_numbers", {id})`       | `api::story_numbers`         |
//! | `invoke("story_matrix", {id})`        | `api::story_matrix`          |
//! | `invoke("cancel_import")`             | sets the cancel flag         |
//! | `invoke("page_painted")`              | removes the native placeholder (boot.rs) |
//! | `invoke("list_codes", {includeDeleted})`, `add_code{code}`, `delete_code{id}`, `restore_code{id}` | the codebook |
//! | `invoke("list_codings", {article})`, `add_coding{codeId, target}`, `delete_coding{id}` | codings |
//! | `invoke("list_notes")`, `add_note{target, text}`, `delete_note{id}` | notes |
//! | `invoke("list_verdicts")`, `set_verdict{verdict}`, `clear_verdict{pair}` | verdicts |
//! | `invoke("export", {request})`, `invoke("save_as", {path})` | `api::export`, `api::save_as` |

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rashomon_core::api::{self, Article, ArticleSummary, ImportEvent, ImportOptions, ImportReport, Outlet, SearchHit, UploadedFile};
use rashomon_core::{Error, ErrorCode};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The event carrying each serialized [`ImportEvent`] of a running import.
pub const IMPORT_PROGRESS: &str = "import-progress";

/// Default number of search hits when the UI gives no limit.
const DEFAULT_SEARCH_LIMIT: usize = 50;

/// Managed state: where the library is, and the cancel flag of the running import.
pub struct Library {
    pub db: PathBuf,
    pub cancel: Arc<AtomicBool>,
}

impl Library {
    pub fn new(db: PathBuf) -> Self {
        Library { db, cancel: Arc::new(AtomicBool::new(false)) }
    }

    /// `RASHOMON_DB` if set, else the per-user default (`api::default_db_path`).
    pub fn from_env() -> Self {
        Self::new(api::default_db_path())
    }
}

/// Run `f` on a blocking thread; a panic there becomes an `internal` error.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, Error> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(ErrorCode::Internal, format!("the operation failed: {e}")))?
}

#[tauri::command(async)]
async fn list_articles(state: State<'_, Library>) -> Result<Vec<ArticleSummary>, Error> {
    let db = state.db.clone();
    blocking(move || api::list_articles(&api::open(&db)?)).await
}

#[tauri::command(async)]
async fn list_articles_page(state: State<'_, Library>, offset: usize, limit: usize) -> Result<api::ArticlePage, Error> {
    let db = state.db.clone();
    blocking(move || api::list_articles_page(&api::open(&db)?, offset, limit)).await
}

#[tauri::command(async)]
async fn get_article(state: State<'_, Library>, id: i64) -> Result<Article, Error> {
    let db = state.db.clone();
    blocking(move || api::get_article(&api::open(&db)?, id)).await
}

#[tauri::command(async)]
async fn list_outlets(state: State<'_, Library>) -> Result<Vec<Outlet>, Error> {
    let db = state.db.clone();
    blocking(move || api::list_outlets(&api::open(&db)?)).await
}

#[tauri::command(async)]
async fn search(state: State<'_, Library>, q: String, limit: Option<usize>) -> Result<Vec<SearchHit>, Error> {
    let db = state.db.clone();
    blocking(move || api::search(&api::open(&db)?, &q, limit.unwrap_or(DEFAULT_SEARCH_LIMIT))).await
}

#[tauri::command(async)]
async fn compare(state: State<'_, Library>, a: i64, b: i64, diff: Option<api::DiffDetail>) -> Result<api::Comparison, Error> {
    let db = state.db.clone();
    blocking(move || api::compare_with(&api::open(&db)?, a, b, diff.unwrap_or_default())).await
}

#[tauri::command(async)]
async fn claims_of_article(state: State<'_, Library>, id: i64) -> Result<api::ClaimsReport, Error> {
    let db = state.db.clone();
    blocking(move || api::claims_of_article(&api::open(&db)?, id)).await
}

#[tauri::command(async)]
async fn stories(state: State<'_, Library>) -> Result<Vec<api::Story>, Error> {
    let db = state.db.clone();
    blocking(move || api::stories(&api::open(&db)?)).await
}

#[tauri::command(async)]
async fn story_narratives(state: State<'_, Library>, id: usize) -> Result<Vec<api::SideNarrative>, Error> {
    let db = state.db.clone();
    blocking(move || api::story_narratives(&api::open(&db)?, id)).await
}

/// Findings and exports: one command per API function, nothing decided here.
macro_rules! store_command {
    ($name:ident($($arg:ident : $ty:ty),*) -> $ret:ty, |$s:ident| $body:expr) => {
        #[tauri::command(async)]
        async fn $name(state: State<'_, Library>, $($arg: $ty),*) -> Result<$ret, Error> {
            let db = state.db.clone();
            #[allow(unused_mut)]
            blocking(move || {
                let mut $s = api::open(&db)?;
                $body
            })
            .await
        }
    };
}

store_command!(list_codes(include_deleted: Option<bool>) -> Vec<api::Code>, |s| api::list_codes(&s, include_deleted.unwrap_or(false)));
store_command!(add_code(code: api::NewCode) -> api::Code, |s| api::add_code(&mut s, &code));
store_command!(delete_code(id: i64) -> Vec<api::Code>, |s| api::delete_code(&mut s, id));
store_command!(restore_code(id: i64) -> Vec<api::Code>, |s| api::restore_code(&mut s, id));
store_command!(list_codings(article: Option<i64>) -> Vec<api::Coding>, |s| api::list_codings(&s, article));
store_command!(add_coding(code_id: i64, target: api::CodingTarget) -> api::Coding, |s| api::add_coding(&mut s, code_id, &target));
store_command!(delete_coding(id: i64) -> api::Coding, |s| api::delete_coding(&mut s, id));
store_command!(list_notes() -> Vec<api::Note>, |s| api::list_notes(&s));
store_command!(add_note(target: api::NoteTarget, text: String) -> api::Note, |s| api::add_note(&mut s, &target, &text));
store_command!(delete_note(id: i64) -> api::Note, |s| api::delete_note(&mut s, id));
store_command!(edit_article(id: i64, edit: api::ArticleEdit) -> ArticleSummary, |s| api::edit_article(&mut s, id, &edit));
store_command!(lexicon(kind: api::LexiconKind) -> api::Lexicon, |s| api::lexicon(&s, kind));
store_command!(set_lexicon(kind: api::LexiconKind, text: Option<String>, source: String) -> api::Lexicon, |s| api::set_lexicon_text(&mut s, kind, text.as_deref(), &source));
store_command!(list_verdicts() -> Vec<api::Verdict>, |s| api::list_verdicts(&s));
store_command!(set_verdict(verdict: api::NewVerdict) -> api::Verdict, |s| api::set_verdict(&mut s, &verdict));
store_command!(clear_verdict(pair: api::PairKey) -> Option<api::Verdict>, |s| api::clear_verdict(&mut s, &pair));
store_command!(export(request: api::ExportRequest) -> rashomon_core::export::ExportReport, |s| api::export(&s, &request));
store_command!(save_as(path: PathBuf) -> api::SavedProject, |s| api::save_as(&s, &path));

#[tauri::command(async)]
async fn story_numbers(state: State<'_, Library>, id: usize) -> Result<Vec<api::StoryNumber>, Error> {
    let db = state.db.clone();
    blocking(move || api::story_numbers(&api::open(&db)?, id)).await
}

#[tauri::command(async)]
async fn story_matrix(state: State<'_, Library>, id: usize) -> Result<api::StoryMatrix, Error> {
    let db = state.db.clone();
    blocking(move || api::story_matrix(&api::open(&db)?, id)).await
}

#[tauri::command(async)]
async fn import_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Library>,
    paths: Vec<PathBuf>,
    options: Option<ImportOptions>,
) -> Result<ImportReport, Error> {
    run_import(app, &state, move |store, opts, on_event, cancel| api::import(store, &paths, opts, on_event, cancel), options).await
}

#[tauri::command(async)]
async fn import_files<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Library>,
    files: Vec<UploadedFile>,
    options: Option<ImportOptions>,
) -> Result<ImportReport, Error> {
    run_import(app, &state, move |store, opts, on_event, cancel| api::import_uploaded(store, files, opts, on_event, cancel), options)
        .await
}

/// The shared plumbing of an import command: reset the cancel flag, open the store on a
/// blocking thread, forward progress as events.
async fn run_import<R: Runtime>(
    app: AppHandle<R>,
    state: &Library,
    job: impl FnOnce(&mut rashomon_core::store::Store, &ImportOptions, &mut dyn FnMut(&ImportEvent), &AtomicBool) -> Result<ImportReport, Error> + Send + 'static,
    options: Option<ImportOptions>,
) -> Result<ImportReport, Error> {
    let (db, cancel) = (state.db.clone(), state.cancel.clone());
    cancel.store(false, Ordering::Relaxed);
    let (db2, app2) = (db.clone(), app.clone());
    let report = blocking(move || {
        let mut store = api::open(&db)?;
        job(&mut store, &options.unwrap_or_default(), &mut emitter(&app), &cancel)
    })
    .await;
    embed_later(app2, db2);
    report
}

/// Embed new articles' claims for cross-language alignment in the background, reporting
/// `embed-progress` events ({done, total}).
fn embed_later<R: Runtime>(app: AppHandle<R>, db: PathBuf) {
    api::embed_in_background(
        db,
        move |done, total| {
            let _ = app.emit("embed-progress", serde_json::json!({ "done": done, "total": total }));
        },
        Arc::new(AtomicBool::new(false)),
    );
}

#[tauri::command(async)]
async fn model_status() -> Result<rashomon_core::semantic::ModelStatus, Error> {
    blocking(|| Ok(api::model_status())).await
}

/// The page's first frame is painted (ui/src/main.ts): the native placeholder can go.
#[tauri::command]
fn page_painted<R: Runtime>(app: AppHandle<R>) {
    #[cfg(target_os = "linux")]
    let _ = app.run_on_main_thread(|| boot::uncover("page"));
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[tauri::command]
fn cancel_import(state: State<'_, Library>) {
    state.cancel.store(true, Ordering::Relaxed);
}

/// Forward import events to every window as `import-progress`.
fn emitter<R: Runtime>(app: &AppHandle<R>) -> impl FnMut(&ImportEvent) + '_ {
    move |ev| {
        let _ = app.emit(IMPORT_PROGRESS, ev);
    }
}

/// First start: when the library is empty, import the bundled sample corpus. Returns the report,
/// or `None` when the library already had articles.
pub fn seed_if_empty(
    db: &Path,
    samples: &Path,
    on_event: &mut dyn FnMut(&ImportEvent),
    cancel: &AtomicBool,
) -> Result<Option<ImportReport>, Error> {
    let mut store = api::open(db)?;
    if !api::list_articles(&store)?.is_empty() {
        return Ok(None);
    }
    api::import(&mut store, &[samples.to_path_buf()], &ImportOptions::default(), on_event, cancel).map(Some)
}

/// The bundled `samples/` resource; in a dev build, the repository's `samples/` as a fallback.
fn samples_dir<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    let bundled = app.path().resolve("samples", tauri::path::BaseDirectory::Resource).ok();
    let dev = cfg!(debug_assertions).then(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../samples")));
    bundled.into_iter().chain(dev).find(|p| p.join("manifest.json").is_file())
}

/// Registers the state and the commands: shared by the real app and the tests' mock app.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, library: Library) -> tauri::Builder<R> {
    builder.manage(library).invoke_handler(tauri::generate_handler![
        list_articles,
        list_articles_page,
        get_article,
        edit_article,
        lexicon,
        set_lexicon,
        list_outlets,
        search,
        compare,
        claims_of_article,
        stories,
        story_narratives,
        story_numbers,
        story_matrix,
        model_status,
        import_paths,
        import_files,
        cancel_import,
        page_painted,
        list_codes,
        add_code,
        delete_code,
        restore_code,
        list_codings,
        add_coding,
        delete_coding,
        list_notes,
        add_note,
        delete_note,
        list_verdicts,
        set_verdict,
        clear_verdict,
        export,
        save_as
    ])
}

/// The desktop app. `context` comes from `tauri::generate_context!()` in main.rs.
pub fn run(context: tauri::Context<tauri::Wry>) {
    #[cfg(target_os = "linux")]
    boot::trace("main");
    limit_malloc_arenas();
    #[cfg(target_os = "linux")]
    if webkit::enabled() {
        webkit::env_defaults();
    }
    // Without a display tao panics, and the release profile turns the panic into an abort with a
    // backtrace; say what is wrong instead.
    #[cfg(target_os = "linux")]
    if let Err(e) = gtk::init() {
        let display = std::env::var("WAYLAND_DISPLAY").or_else(|_| std::env::var("DISPLAY")).unwrap_or_else(|_| "(DISPLAY is not set)".into());
        eprintln!("rashomon-desktop: cannot open the display {display}: {e}");
        std::process::exit(1);
    }
    builder(tauri::Builder::default(), Library::from_env())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // The window is created hidden (tauri.conf.json) and shown here, once the webview is
            // set up: on Linux covered by the native placeholder until the page has painted.
            if let Some(w) = app.get_webview_window("main") {
                #[cfg(target_os = "linux")]
                {
                    boot::trace("setup");
                    let (tune, cover) = (webkit::enabled(), boot::enabled());
                    let _ = w.with_webview(move |pw| {
                        let view = pw.inner();
                        boot::trace_loads(&view);
                        if tune {
                            webkit::tune(&view);
                        }
                        if cover {
                            boot::cover(&view);
                        }
                    });
                }
                let _ = w.show();
            }
            let handle = app.handle().clone();
            let state = app.state::<Library>();
            let (db, cancel) = (state.db.clone(), state.cancel.clone());
            tauri::async_runtime::spawn_blocking(move || {
                match samples_dir(&handle) {
                    Some(samples) => {
                        if let Err(e) = seed_if_empty(&db, &samples, &mut emitter(&handle), &cancel) {
                            eprintln!("rashomon: importing the sample corpus failed: {} ({})", e.message, e.code.as_str());
                        }
                    }
                    None => eprintln!("rashomon: no bundled sample corpus found"),
                }
                // What earlier sessions left unembedded (the model is loaded only if something is).
                embed_later(handle.clone(), db.clone());
            });
            Ok(())
        })
        .run(context)
        .expect("error while running the Rashomon desktop app");
}

/// At most two glibc malloc arenas (instead of up to eight per core). The embedding job runs on
/// several threads, each of which can get an arena of its own, and part of what they freed can
/// stay there after the job. Measured under Xvfb after a first start, once the samples are
/// embedded: the app process kept 109-115 MB VmRSS (27-32 MB anonymous) with the default arenas
/// and 103-109 MB (20-26 MB) with two, single runs under varying load: a small, noisy gain.
/// A start with nothing to embed is 102-104 MB either way. Call before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called first thing in main.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(test)]
mod tests;

#[cfg(target_os = "linux")]
mod webkit;

#[cfg(target_os = "linux")]
mod boot;
