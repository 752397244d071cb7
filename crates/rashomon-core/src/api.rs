//! The one API of Rashomon. The CLI, the HTTP server and the desktop app are thin shells over
//! these functions; nothing they do is decided anywhere else.
//!
//! Every function is synchronous and does blocking I/O; shells run them on a blocking thread.
//! Long jobs take a progress callback and a cancellation flag checked between units of work
//! (files), so cancelling never leaves a unit half-done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorCode, Result};
use crate::extract::{self, Extracted, Format};
use crate::span::Span;
use crate::store::{self, InsertOutcome, NewArticle, NewOutlet, Store};
use crate::text::{self, Lang};

pub use crate::store::search::SearchHit;
pub use crate::store::findings::{Code, Coding, CodingTarget, NewCode, NewVerdict, Note, NoteTarget, PairKey, Verdict, VerdictAction};
pub use crate::store::{Article, ArticleSummary, Outlet};

/// Where the database lives unless `--db` / `RASHOMON_DB` says otherwise.
pub fn default_db_path() -> PathBuf {
    if let Ok(p) = std::env::var("RASHOMON_DB") {
        if !p.is_empty() {
            return PathBuf::from(p);
        }
    }
    directories::ProjectDirs::from("org", "Rashomon", "rashomon")
        .map(|d| d.data_dir().join("rashomon.db"))
        .unwrap_or_else(|| PathBuf::from("rashomon.db"))
}

/// Open a project's database and make its own lexicons (actors, framing groups) the ones its
/// articles are analysed with.
pub fn open(db: &Path) -> Result<Store> {
    let store = Store::open(db)?;
    install_lexicons(&store)?;
    Ok(store)
}

/// Install the project's own lexicons. One that no longer reads (stored by another version with
/// other rules) is not installed — the built-in one serves — and [`lexicon`] reports the problem,
/// so the project still opens and the lexicon can be replaced or removed.
fn install_lexicons(store: &Store) -> Result<()> {
    for kind in [LexiconKind::Actors, LexiconKind::Framing] {
        let own = store.lexicon(kind.as_str())?;
        if kind.install(own.as_ref().map(|(text, _)| text.as_str())).is_err() {
            kind.install(None).map_err(|e| Error::new(ErrorCode::Database, e))?;
        }
    }
    Ok(())
}

/// A project's own lexicons, merged on top of the built-in ones: `actors` (speakers and parties
/// with their sides, names and titles per language; TOML as `data/actors.toml`) and `framing`
/// (loaded names of one referent; JSON as `data/framing.json`) — for a conflict the built-in
/// ones do not know, a spokesperson they lack, the terms of the researcher's own study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LexiconKind {
    Actors,
    Framing,
}

impl LexiconKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LexiconKind::Actors => "actors",
            LexiconKind::Framing => "framing",
        }
    }

    /// Check a project's own lexicon of this kind (the problem, in words, when it does not read).
    fn check(self, text: &str) -> std::result::Result<(), String> {
        match self {
            LexiconKind::Actors => crate::claims::actors::Gazetteer::check_extra(text).map(|_| ()),
            LexiconKind::Framing => crate::align::framing::parse_extra(text).map(|_| ()),
        }
    }

    /// Make `text` (None: nothing) the project's own lexicon of this kind in use.
    fn install(self, text: Option<&str>) -> std::result::Result<(), String> {
        match self {
            LexiconKind::Actors => crate::claims::actors::Gazetteer::install(text),
            LexiconKind::Framing => crate::align::framing::install(text),
        }
    }

    pub fn parse(s: &str) -> Result<LexiconKind> {
        match s {
            "actors" => Ok(LexiconKind::Actors),
            "framing" => Ok(LexiconKind::Framing),
            other => Err(Error::bad_input(format!("unknown lexicon '{other}'; use actors or framing"))),
        }
    }
}

/// A project's own lexicon of one kind, as stored and as read.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Lexicon {
    pub kind: LexiconKind,
    /// The text as stored (None: the project has none of this kind).
    pub text: Option<String>,
    /// The file it was read from.
    pub source: Option<String>,
    /// Why the stored lexicon is not in use (it no longer reads), if so.
    pub problem: Option<String>,
    /// Its actors (kind `actors`).
    pub actors: Vec<LexiconActor>,
    /// Its groups (kind `framing`).
    pub groups: Vec<LexiconGroup>,
}

/// One actor of a project's own lexicon, as the UI lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LexiconActor {
    pub id: String,
    pub name: String,
    pub side: String,
    pub kind: String,
    /// Names and titles by language code, names first.
    pub forms: Vec<(String, Vec<String>)>,
}

/// One framing group of a project's own lexicon: a referent and its terms (form, language,
/// framing).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LexiconGroup {
    pub referent: String,
    pub terms: Vec<(String, String, String)>,
}

/// The project's own lexicon of `kind`.
pub fn lexicon(store: &Store, kind: LexiconKind) -> Result<Lexicon> {
    let own = store.lexicon(kind.as_str())?;
    let mut lex = Lexicon { kind, text: None, source: None, problem: None, actors: Vec::new(), groups: Vec::new() };
    if let Some((text, _)) = &own {
        lex.problem = kind.check(text).err().map(|e| format!("not in use (the built-in lexicon serves): {e}; load a corrected file or remove it"));
        match kind {
            LexiconKind::Actors => {
                let actors = crate::claims::actors::Gazetteer::parse_extra(text).unwrap_or_default();
                lex.actors = actors
                    .into_iter()
                    .map(|a| {
                        let mut forms: Vec<(String, Vec<String>)> = Vec::new();
                        for lang in ["ar", "ru", "tr", "en"] {
                            let all: Vec<String> = a.names.get(lang).into_iter().chain(a.titles.get(lang)).flatten().cloned().collect();
                            if !all.is_empty() {
                                forms.push((lang.to_string(), all));
                            }
                        }
                        LexiconActor { id: a.id, name: a.name, side: a.side, kind: a.kind, forms }
                    })
                    .collect();
            }
            LexiconKind::Framing => {
                let groups = crate::align::framing::parse_extra(text).unwrap_or_default();
                lex.groups = groups
                    .into_iter()
                    .map(|g| LexiconGroup { referent: g.referent, terms: g.terms.into_iter().map(|t| (t.form, t.lang, t.framing)).collect() })
                    .collect();
            }
        }
    }
    (lex.text, lex.source) = own.map_or((None, None), |(t, s)| (Some(t), Some(s)));
    Ok(lex)
}

/// Set the project's own lexicon of `kind` from a file (actors: TOML as `data/actors.toml`,
/// `[[actor]]` tables with id, name, side, kind, names.LANG, titles.LANG, an existing id adding
/// surface forms to the built-in actor; framing: JSON as `data/framing.json`), or with `None`
/// remove it. See [`set_lexicon_text`].
pub fn set_lexicon(store: &mut Store, kind: LexiconKind, file: Option<&Path>) -> Result<Lexicon> {
    match file {
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| Error::new(ErrorCode::Io, format!("{name}: {e}")))?;
            set_lexicon_text(store, kind, Some(&text), &name)
        }
        None => set_lexicon_text(store, kind, None, ""),
    }
}

/// [`set_lexicon`] from the text of a file named `source` (the app sends a picked file's
/// contents). The text is checked first: an error names `source` and the problem, and the
/// stored lexicon is unchanged. Articles are re-analysed with the new lexicon on next use.
pub fn set_lexicon_text(store: &mut Store, kind: LexiconKind, text: Option<&str>, source: &str) -> Result<Lexicon> {
    if let Some(text) = text {
        kind.check(text).map_err(|e| Error::bad_input(format!("{source}: {e}")))?;
    }
    store.set_lexicon(kind.as_str(), text.map(|t| (t, source)))?;
    install_lexicons(store)?;
    lexicon(store, kind)
}

/// Metadata given by the user for a batch; overrides what the manifest or page says.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportOptions {
    pub outlet: Option<String>,
    pub side: Option<String>,
    pub language: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// Per-file metadata from a `manifest.json` or a JSON record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourceMeta {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub side: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default, alias = "lang")]
    pub language: Option<String>,
    #[serde(default, alias = "date")]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Imported,
    AlreadyImported,
    Failed,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportItem {
    /// File path, with `#N` for the N-th record of a JSON/JSONL file.
    pub source: String,
    pub status: ImportStatus,
    pub article_id: Option<i64>,
    pub title: Option<String>,
    pub error: Option<Error>,
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
    pub imported: usize,
    pub already_imported: usize,
    pub failed: usize,
    pub cancelled: bool,
    /// From REFI-QDA projects: codes created, codings and notes stored, selections skipped
    /// (offsets outside their source's text).
    pub codes_added: usize,
    pub codings_added: usize,
    pub notes_added: usize,
    pub codings_skipped: usize,
}

fn merge_report(into: &mut ImportReport, r: ImportReport) {
    into.items.extend(r.items);
    into.imported += r.imported;
    into.already_imported += r.already_imported;
    into.failed += r.failed;
    into.cancelled |= r.cancelled;
    into.codes_added += r.codes_added;
    into.codings_added += r.codings_added;
    into.notes_added += r.notes_added;
    into.codings_skipped += r.codings_skipped;
}

fn is_qdpx(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdpx")) && p.is_file()
}

/// Import a REFI-QDA project (e.g. from QualCoder): its text sources become articles (through
/// the same path as any page), its codebook codes, its selections codings at the same
/// characters, its notes notes. Codes, codings and notes already brought (same guid) are kept,
/// not duplicated.
pub fn import_qdpx(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    use crate::export::{qdpx, CharIndex};
    use crate::store::findings::NewCode;
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::new(ErrorCode::Io, format!("{name}: {e}")))?;
    let project = qdpx::read(std::io::BufReader::new(file)).map_err(|e| e.in_file(&name))?;
    let units: Vec<Unit> = project
        .sources
        .iter()
        .map(|s| {
            let var = |k: &str| s.variables.get(k).filter(|v| !v.is_empty()).cloned();
            let meta = SourceMeta {
                outlet: var("outlet"),
                // (Typed in another tool: "Russian", "Syrian government".)
                side: var("side").and_then(|v| store::side_from_label(&v)),
                language: var("language"),
                published: var("date").or_else(|| var("published")),
                ..Default::default()
            };
            let bytes = match (&s.text, &s.problem) {
                (Some(t), _) => Payload::Bytes(t.clone()),
                (None, p) => Payload::Failed(Error::bad_input(p.clone().unwrap_or_else(|| "no text".into()))),
            };
            Unit { source: format!("{name}#{}", if s.name.is_empty() { &s.guid } else { &s.name }), bytes, format: Some(Format::Txt), meta }
        })
        .collect();
    let mut report = run_units(store, units, opts, on_event, cancel)?;
    if report.cancelled {
        return Ok(report);
    }
    // Codes, parents first (document order).
    let mut codes: HashMap<String, i64> = HashMap::new();
    for c in &project.codes {
        let parent = c.parent.as_ref().and_then(|g| codes.get(g)).copied();
        let existing = match store.code_by_guid(&c.guid)? {
            Some(k) if k.deleted_at.is_none() => Some(k),
            _ => store.code_named(c.name.trim(), parent)?,
        };
        let id = match existing {
            Some(k) => k.id,
            None => {
                let colour = c.colour.as_deref().map(|col| {
                    let h = col.trim_start_matches('#');
                    if h.len() == 3 { format!("#{0}{0}{1}{1}{2}{2}", &h[0..1], &h[1..2], &h[2..3]) } else { format!("#{h}") }
                });
                let new = NewCode { name: c.name.clone(), colour: colour.filter(|c| crate::store::findings::check_colour(c).is_ok()), description: c.description.clone(), parent_id: parent };
                let guid_free = !c.guid.is_empty() && store.code_by_guid(&c.guid)?.is_none();
                report.codes_added += 1;
                store.add_code(&new, guid_free.then_some(c.guid.as_str())).map_err(|e| e.in_file(&name))?.id
            }
        };
        codes.insert(c.guid.clone(), id);
    }
    let note_text = |g: &str| project.notes.get(g).map(|(n, t)| if n.is_empty() { t.clone() } else { format!("{n}: {t}") });
    for (s, item) in project.sources.iter().zip(report.items.clone()) {
        let Some(id) = item.article_id else { continue };
        let text = store.article(id)?.page_text;
        let ix = CharIndex::new(&text);
        for g in &s.notes {
            if let Some(t) = note_text(g) {
                if !store.finding_guid_exists(g)? {
                    store.add_note(&NoteTarget::Article { article_id: id }, &t, Some(g))?;
                    report.notes_added += 1;
                }
            }
        }
        for sel in &s.selections {
            let span = match (ix.byte_of(&text, sel.start), ix.byte_of(&text, sel.end)) {
                (Some(a), Some(b)) if a < b => Span::new(a, b),
                _ => {
                    report.codings_skipped += sel.codings.len();
                    continue;
                }
            };
            for (cg, code_guid) in &sel.codings {
                let Some(code) = codes.get(code_guid) else {
                    report.codings_skipped += 1;
                    continue;
                };
                if !cg.is_empty() && store.finding_guid_exists(cg)? {
                    continue;
                }
                store.add_coding(*code, &CodingTarget::Selection { article_id: id, span }, (!cg.is_empty()).then_some(cg.as_str()))?;
                report.codings_added += 1;
            }
            for g in &sel.notes {
                if let Some(t) = note_text(g) {
                    // A note may hang on several selections: the guid is stored once.
                    let guid = if store.finding_guid_exists(g)? { None } else { Some(g.as_str()) };
                    if guid.is_some() {
                        store.add_note(&NoteTarget::Selection { article_id: id, span }, &t, guid)?;
                        report.notes_added += 1;
                    }
                }
            }
        }
    }
    for g in &project.project_notes {
        if let Some(t) = note_text(g) {
            if !store.finding_guid_exists(g)? {
                store.add_note(&NoteTarget::Project, &t, Some(g))?;
                report.notes_added += 1;
            }
        }
    }
    Ok(report)
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ImportEvent {
    Started { total: usize },
    Item { done: usize, total: usize, item: ImportItem },
    Finished { imported: usize, already_imported: usize, failed: usize, cancelled: bool },
}

/// One unit of import work: a file, or one record of a JSON/JSONL file.
struct Unit {
    source: String,
    bytes: Payload,
    format: Option<Format>,
    meta: SourceMeta,
}

/// A unit's content: read when the unit is imported (so a batch of 10,000 files holds one
/// page in memory at a time), already in memory (JSON records, uploads), or an error.
enum Payload {
    File(PathBuf),
    Bytes(Vec<u8>),
    Failed(Error),
}

impl From<std::result::Result<Vec<u8>, Error>> for Payload {
    fn from(r: std::result::Result<Vec<u8>, Error>) -> Self {
        match r {
            Ok(b) => Payload::Bytes(b),
            Err(e) => Payload::Failed(e),
        }
    }
}

impl Payload {
    fn read(self) -> Result<Vec<u8>> {
        match self {
            Payload::Bytes(b) => Ok(b),
            Payload::Failed(e) => Err(e),
            // A page over the page limit is refused before it is read, not read and then refused.
            Payload::File(p) => read_limited(&p, extract::decode::MAX_PAGE_BYTES),
        }
    }
}

/// Read a file, refusing before reading when it is over `limit` bytes.
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>> {
    let md = std::fs::metadata(path).map_err(|e| Error::new(ErrorCode::Io, e.to_string()))?;
    if md.len() > limit as u64 {
        return Err(too_large(md.len(), limit));
    }
    std::fs::read(path).map_err(|e| Error::new(ErrorCode::Io, e.to_string()))
}

/// Import files and directories (recursively). Bad files are reported per item and never stop
/// the batch; what is already stored is never modified.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    // REFI-QDA projects come in through their own reader (sources, codes, codings, notes).
    let (qdpx, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| is_qdpx(p));
    if !qdpx.is_empty() {
        let mut report = ImportReport::default();
        for q in qdpx {
            merge_report(&mut report, import_qdpx(store, q, opts, on_event, cancel)?);
        }
        if !paths.is_empty() {
            let rest: Vec<PathBuf> = paths.into_iter().cloned().collect();
            merge_report(&mut report, import(store, &rest, opts, on_event, cancel)?);
        }
        return Ok(report);
    }
    let mut files = Vec::new();
    for p in paths {
        collect_files(p, &mut files)?;
    }
    let manifests = load_manifests(&files);
    let mut units = Vec::new();
    for f in &files {
        if is_manifest(f) {
            continue;
        }
        let meta = manifests.get(f).cloned().unwrap_or_default();
        expand_unit(f, meta, &mut units);
    }
    run_units(store, units, opts, on_event, cancel)
}

fn run_units(
    store: &mut Store,
    units: Vec<Unit>,
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    // A bad batch option is the user's mistake, not a file's: refuse the whole batch.
    if let Some(side) = &opts.side {
        store::check_side(side)?;
    }
    if let Some(date) = &opts.published {
        check_date(date)?;
    }
    let total = units.len();
    on_event(&ImportEvent::Started { total });
    let mut report = ImportReport::default();
    // Articles are committed in batches (each article still all-or-nothing inside its
    // savepoint): a commit per article would flush the search index every time.
    const BATCH: usize = 128;
    let mut in_batch = 0usize;
    for (i, unit) in units.into_iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        if in_batch == 0 {
            store.begin_batch()?;
        }
        let item = import_unit(store, unit, opts);
        in_batch += 1;
        if in_batch == BATCH {
            store.commit_batch()?;
            in_batch = 0;
        }
        match item.status {
            ImportStatus::Imported => report.imported += 1,
            ImportStatus::AlreadyImported => report.already_imported += 1,
            ImportStatus::Failed => report.failed += 1,
        }
        on_event(&ImportEvent::Item { done: i + 1, total, item: item.clone() });
        report.items.push(item);
    }
    store.commit_batch()?;
    on_event(&ImportEvent::Finished {
        imported: report.imported,
        already_imported: report.already_imported,
        failed: report.failed,
        cancelled: report.cancelled,
    });
    Ok(report)
}

fn is_manifest(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n == "manifest.json")
}

fn collect_files(p: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let md = std::fs::metadata(p)
        .map_err(|e| Error::new(ErrorCode::NotFound, format!("{}: {e}", p.display())))?;
    if md.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| Error::new(ErrorCode::Io, format!("{}: {e}", p.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            let name = e.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if e.is_dir() {
                collect_files(&e, out)?;
            } else if is_manifest(&e) || is_importable_name(&name) {
                out.push(e);
            }
        }
    } else {
        out.push(p.to_path_buf());
    }
    Ok(())
}

/// File names a directory import picks up (a file named explicitly is always tried).
fn is_importable_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    [".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"].iter().any(|e| l.ends_with(e))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ManifestFile {
    List(Vec<SourceMeta>),
    Object { files: Vec<SourceMeta> },
}

/// `manifest.json` files found among the inputs (or next to an input file), keyed by the
/// files they describe.
fn load_manifests(files: &[PathBuf]) -> HashMap<PathBuf, SourceMeta> {
    let mut dirs: Vec<PathBuf> = files.iter().filter_map(|f| f.parent().map(Path::to_path_buf)).collect();
    dirs.sort();
    dirs.dedup();
    let mut out = HashMap::new();
    for d in dirs {
        let m = d.join("manifest.json");
        let Ok(bytes) = std::fs::read(&m) else { continue };
        let Ok(parsed) = serde_json::from_slice::<ManifestFile>(&bytes) else { continue };
        let list = match parsed {
            ManifestFile::List(l) => l,
            ManifestFile::Object { files } => files,
        };
        for meta in list {
            if let Some(f) = &meta.file {
                out.insert(d.join(f), meta.clone());
            }
        }
    }
    out
}

fn expand_unit(path: &Path, meta: SourceMeta, units: &mut Vec<Unit>) {
    let source = path.display().to_string();
    if !is_records_name(&source) {
        // A page: read when its turn comes.
        units.push(Unit { format: Format::from_path(&source), source, bytes: Payload::File(path.to_path_buf()), meta });
        return;
    }
    match read_limited(path, MAX_FILE_BYTES) {
        Ok(b) => expand_bytes(source, b, meta, units),
        Err(e) => units.push(Unit { source, bytes: Payload::Failed(e), format: None, meta }),
    }
}

fn is_records_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".json") || l.ends_with(".jsonl") || l.ends_with(".ndjson")
}

/// Largest file read: one page, or a JSON/JSONL file of many records.
pub const MAX_FILE_BYTES: usize = 4 * extract::decode::MAX_PAGE_BYTES;

fn too_large(len: u64, limit: usize) -> Error {
    let what = if limit == MAX_FILE_BYTES { "a file of records" } else { "one page" };
    Error::new(
        ErrorCode::TooLarge,
        format!("the file is {} MB; the limit for {what} is {} MB", len / (1 << 20), limit >> 20),
    )
}

/// Turn one file's bytes into units: a page, or the records of a JSON/JSONL file.
fn expand_bytes(source: String, bytes: Vec<u8>, meta: SourceMeta, units: &mut Vec<Unit>) {
    let lower = source.to_ascii_lowercase();
    let is_jsonl = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
    if !is_records_name(&lower) {
        units.push(Unit { format: Format::from_path(&lower), source, bytes: Payload::Bytes(bytes), meta });
        return;
    }
    match parse_records(&bytes, is_jsonl) {
        Ok(records) if records.is_empty() => {
            let e = Error::new(ErrorCode::Empty, "no records in the file");
            units.push(Unit { source, bytes: Payload::Failed(e), format: None, meta });
        }
        Ok(records) => {
            for (i, r) in records.into_iter().enumerate() {
                let src = format!("{source}#{}", i + 1);
                match r {
                    Ok(rec) => {
                        let (body, format) = match (rec.text, rec.html) {
                            (_, Some(h)) => (Ok(h.into_bytes()), Some(Format::Html)),
                            (Some(t), None) => (Ok(t.into_bytes()), Some(Format::Txt)),
                            (None, None) => (Err(Error::bad_input("record has neither \"text\" nor \"html\"")), None),
                        };
                        let m = merge_meta(&rec.meta, &meta);
                        units.push(Unit { source: src, bytes: body.into(), format, meta: m });
                    }
                    Err(e) => units.push(Unit { source: src, bytes: Payload::Failed(e), format: None, meta: meta.clone() }),
                }
            }
        }
        Err(e) => units.push(Unit { source, bytes: Payload::Failed(e), format: None, meta }),
    }
}

/// A file sent by a client that cannot give paths (the browser): name and base64 content.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct UploadedFile {
    pub name: String,
    pub data_base64: String,
}

/// Import files sent as content (drag-and-drop in the browser). Same rules as [`import`].
pub fn import_uploaded(
    store: &mut Store,
    files: Vec<UploadedFile>,
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(&ImportEvent),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    use base64::Engine;
    let mut units = Vec::new();
    for f in files {
        match base64::engine::general_purpose::STANDARD.decode(f.data_base64.as_bytes()) {
            Ok(b) if b.len() > MAX_FILE_BYTES => {
                units.push(Unit { source: f.name, bytes: Payload::Failed(too_large(b.len() as u64, MAX_FILE_BYTES)), format: None, meta: SourceMeta::default() })
            }
            Ok(b) => expand_bytes(f.name, b, SourceMeta::default(), &mut units),
            Err(e) => units.push(Unit {
                source: f.name,
                bytes: Payload::Failed(Error::bad_input(format!("upload is not valid base64: {e}"))),
                format: None,
                meta: SourceMeta::default(),
            }),
        }
    }
    run_units(store, units, opts, on_event, cancel)
}

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(flatten)]
    meta: SourceMeta,
}

fn parse_records(bytes: &[u8], jsonl: bool) -> Result<Vec<Result<Record>>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| Error::new(ErrorCode::Encoding, format!("JSON must be UTF-8: invalid byte at {}", e.valid_up_to())))?;
    if jsonl {
        Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| serde_json::from_str::<Record>(l).map_err(|e| Error::bad_input(format!("line {}: invalid JSON record: {e}", n + 1))))
            .collect())
    } else {
        let v: serde_json::Value = serde_json::from_str(text)?;
        let arr = match v {
            serde_json::Value::Array(a) => a,
            o @ serde_json::Value::Object(_) => vec![o],
            _ => return Err(Error::bad_input("expected a JSON object or an array of objects")),
        };
        Ok(arr
            .into_iter()
            .map(|v| serde_json::from_value::<Record>(v).map_err(|e| Error::bad_input(format!("invalid record: {e}"))))
            .collect())
    }
}

fn merge_meta(primary: &SourceMeta, fallback: &SourceMeta) -> SourceMeta {
    SourceMeta {
        file: primary.file.clone().or_else(|| fallback.file.clone()),
        outlet: primary.outlet.clone().or_else(|| fallback.outlet.clone()),
        side: primary.side.clone().or_else(|| fallback.side.clone()),
        country: primary.country.clone().or_else(|| fallback.country.clone()),
        language: primary.language.clone().or_else(|| fallback.language.clone()),
        published: primary.published.clone().or_else(|| fallback.published.clone()),
        url: primary.url.clone().or_else(|| fallback.url.clone()),
        title: primary.title.clone().or_else(|| fallback.title.clone()),
    }
}

fn import_unit(store: &mut Store, unit: Unit, opts: &ImportOptions) -> ImportItem {
    let source = unit.source.clone();
    match import_unit_inner(store, unit, opts) {
        Ok((status, id, title)) => ImportItem { source, status, article_id: Some(id), title, error: None },
        Err(e) => ImportItem { source: source.clone(), status: ImportStatus::Failed, article_id: None, title: None, error: Some(e.in_file(&source)) },
    }
}

fn import_unit_inner(store: &mut Store, unit: Unit, opts: &ImportOptions) -> Result<(ImportStatus, i64, Option<String>)> {
    let raw = unit.bytes.read()?;
    let sha = hex::encode(Sha256::digest(&raw));
    if let Some(id) = store.find_by_sha(&sha)? {
        let title = store.article_summary(id)?.title;
        return Ok((ImportStatus::AlreadyImported, id, title));
    }
    let decoded = extract::decode::decode(&raw)?;
    let format = unit.format.unwrap_or_else(|| Format::sniff(&decoded.text));
    let ex = extract::extract_text(decoded.text, decoded.encoding, format)?;
    let new = build_article(ex, raw, sha, &unit.source, &unit.meta, opts)?;
    let title = new.title.clone();
    match store.insert_article(&new)? {
        InsertOutcome::Inserted(id) => Ok((ImportStatus::Imported, id, title)),
        InsertOutcome::Existing(id) => Ok((ImportStatus::AlreadyImported, id, title)),
    }
}

fn build_article(
    ex: Extracted,
    raw: Vec<u8>,
    sha: String,
    source: &str,
    meta: &SourceMeta,
    opts: &ImportOptions,
) -> Result<NewArticle> {
    let clean_text = ex.body_text();
    let language = opts
        .language
        .clone()
        .or_else(|| meta.language.clone())
        .or_else(|| ex.meta.language.clone().filter(|l| Lang::from_code(l) != Lang::Other))
        .unwrap_or_else(|| text::detect_language(&clean_text).code().to_string());
    let lang = Lang::from_code(&language);
    let mut sentences: Vec<Span> = Vec::new();
    for p in ex.paragraphs() {
        sentences.extend(text::segment::sentences(&ex.page_text, p, lang));
    }
    let outlet_name = opts.outlet.clone().or_else(|| meta.outlet.clone()).or_else(|| ex.meta.site_name.clone());
    let side = opts.side.clone().or_else(|| meta.side.clone()).unwrap_or_else(|| "other".into());
    store::check_side(&side)?;
    let outlet = outlet_name.map(|name| NewOutlet { name, side, country: meta.country.clone(), language: Some(language.clone()) });
    let title = opts
        .title
        .clone()
        .or_else(|| meta.title.clone())
        .or_else(|| ex.title_text().map(str::to_owned));
    let source_name = Path::new(source.split('#').next().unwrap_or(source))
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_string());
    Ok(NewArticle {
        outlet,
        source_name,
        url: opts.url.clone().or_else(|| meta.url.clone()).or_else(|| ex.meta.url.clone()),
        title,
        language,
        published: opts.published.clone().or_else(|| meta.published.clone()).or_else(|| ex.meta.published.clone()),
        raw,
        raw_sha256: sha,
        encoding: ex.encoding.to_string(),
        format: ex.format.as_str().to_string(),
        clean_text,
        title_span: ex.title,
        blocks: ex.blocks.iter().map(|b| (b.kind, b.span)).collect(),
        sentences,
        page_text: ex.page_text,
    })
}

pub fn list_articles(store: &Store) -> Result<Vec<ArticleSummary>> {
    store.list_articles()
}

/// A slice of the library in [`list_articles`] order, with the library's size: the UI paints
/// the first screen of a large library from a small first page, then loads the whole list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ArticlePage {
    /// Number of articles in the library.
    pub total: usize,
    pub offset: usize,
    pub articles: Vec<ArticleSummary>,
}

/// `limit` articles from position `offset` of [`list_articles`] (fewer at the end; none past it).
pub fn list_articles_page(store: &Store, offset: usize, limit: usize) -> Result<ArticlePage> {
    Ok(ArticlePage { total: store.count_articles()?, offset, articles: store.list_articles_range(offset, limit)? })
}

/// An edit of an article's details; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ArticleEdit {
    /// The outlet's name: the article moves to that outlet (made when there is none).
    #[serde(default)]
    pub outlet: Option<String>,
    /// The side of the article's outlet (every article of that outlet takes it): one of
    /// `store::SIDES` or a side of the researcher's own.
    #[serde(default)]
    pub side: Option<String>,
    /// Publication date, YYYY-MM-DD or RFC 3339; "" clears it.
    #[serde(default)]
    pub published: Option<String>,
    /// The article's language (ar, ru, tr, en, or und for another): its sentences are split
    /// again by that language's rules, and its claims read by them.
    #[serde(default)]
    pub language: Option<String>,
}

/// Change an article's outlet, its outlet's side, its publication date or its language (a page's
/// metadata is often missing or wrong, and a short page's language can be misdetected: the side
/// and the date decide how stories and contradictions read, the language how sentences are split
/// and claims read). A new language splits the article's paragraphs into sentences again; the
/// raw bytes, the page text and everything pointing at byte spans (codings, notes, verdicts, claim
/// embeddings) stay; claims whose span changed get embeddings at the next `embed` or comparison.
/// All or nothing; returns the article's summary as it now is.
pub fn edit_article(store: &mut Store, id: i64, edit: &ArticleEdit) -> Result<ArticleSummary> {
    let outlet = edit.outlet.as_deref().map(str::trim);
    if outlet == Some("") {
        return Err(Error::bad_input("an outlet's name cannot be empty"));
    }
    let published = match edit.published.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(d) => {
            check_date(d)?;
            Some(Some(d))
        }
    };
    let language = match edit.language.as_deref().map(str::trim) {
        None => None,
        Some(code) => {
            let lang = match Lang::from_code(code) {
                Lang::Other if !matches!(code, "und" | "other") => {
                    return Err(Error::bad_input(format!("language '{code}' is not one Rashomon reads: use ar, ru, tr, en, or und for another language")));
                }
                lang => lang,
            };
            let article = store.article(id)?;
            // The language it has already: nothing to read again.
            (article.summary.language != lang.code()).then(|| {
                let sentences: Vec<Span> = article
                    .blocks
                    .iter()
                    .filter(|b| b.kind == crate::extract::BlockKind::Paragraph)
                    .flat_map(|b| text::segment::sentences(&article.page_text, Span::new(b.start, b.end), lang))
                    .collect();
                (lang.code(), sentences)
            })
        }
    };
    store.edit_article(id, outlet, edit.side.as_deref().map(str::trim), published, language.as_ref().map(|(code, spans)| (*code, spans.as_slice())))?;
    store.article_summary(id)
}

/// A publication date as the app reads one: YYYY-MM-DD or RFC 3339.
fn check_date(d: &str) -> Result<()> {
    let ok = (d.len() == 10 && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()) || chrono::DateTime::parse_from_rfc3339(d).is_ok();
    if ok {
        Ok(())
    } else {
        Err(Error::bad_input(format!("'{d}' is not a date: use YYYY-MM-DD (e.g. 2020-03-05) or RFC 3339 (2020-03-05T14:30:00+03:00)")))
    }
}

pub fn get_article(store: &Store, id: i64) -> Result<Article> {
    store.article(id)
}

pub fn list_outlets(store: &Store) -> Result<Vec<Outlet>> {
    store.outlets()
}

pub fn search(store: &Store, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    store.search(query, limit)
}

/// What `rashomon extract` prints: extraction of one file without a database.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExtractResult {
    pub file: String,
    pub title: Option<String>,
    pub title_span: Option<Span>,
    pub body: String,
    /// Byte spans of the article's blocks in the decoded UTF-8 text of the file.
    pub body_spans: Vec<Span>,
    pub language: String,
    pub encoding: String,
    pub format: String,
}

pub fn extract_file(path: &Path) -> Result<ExtractResult> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::new(ErrorCode::Io, format!("{name}: {e}")))?;
    let ex = extract::extract_bytes(&bytes, &name).map_err(|e| e.in_file(&name))?;
    let body = ex.body_text();
    Ok(ExtractResult {
        file: name,
        title: ex.title_text().map(str::to_owned),
        title_span: ex.title,
        language: text::detect_language(&body).code().to_string(),
        body_spans: ex.blocks.iter().map(|b| b.span).collect(),
        body,
        encoding: ex.encoding.to_string(),
        format: ex.format.as_str().to_string(),
    })
}

/// The TypeScript declarations of every type that crosses the API, in one file
/// (`ui/src/generated/types.ts`). A test fails when the committed file is stale.
pub fn typescript_declarations() -> String {
    use ts_rs::TS;
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        crate::error::ErrorCode::decl(&cfg),
        crate::error::Error::decl(&cfg),
        crate::span::Span::decl(&cfg),
        crate::extract::BlockKind::decl(&cfg),
        crate::extract::Format::decl(&cfg),
        crate::store::ArticleSummary::decl(&cfg),
        ArticlePage::decl(&cfg),
        crate::store::StoredBlock::decl(&cfg),
        crate::store::StoredSentence::decl(&cfg),
        crate::store::Article::decl(&cfg),
        crate::store::Outlet::decl(&cfg),
        crate::store::search::SearchHit::decl(&cfg),
        ArticleEdit::decl(&cfg),
        Lexicon::decl(&cfg),
        LexiconActor::decl(&cfg),
        LexiconKind::decl(&cfg),
        LexiconGroup::decl(&cfg),
        ImportOptions::decl(&cfg),
        ImportStatus::decl(&cfg),
        ImportItem::decl(&cfg),
        ImportReport::decl(&cfg),
        ImportEvent::decl(&cfg),
        UploadedFile::decl(&cfg),
        ExtractResult::decl(&cfg),
        crate::align::Relation::decl(&cfg),
        crate::align::ContradictionKind::decl(&cfg),
        crate::align::ClaimRef::decl(&cfg),
        crate::align::DiffOpKind::decl(&cfg),
        crate::align::DiffOp::decl(&cfg),
        DiffDetail::decl(&cfg),
        crate::align::AlignedPair::decl(&cfg),
        crate::claims::NumberMention::decl(&cfg),
        crate::claims::Speaker::decl(&cfg),
        crate::claims::Claim::decl(&cfg),
        ClaimsReport::decl(&cfg),
        LabelSource::decl(&cfg),
        crate::store::findings::PairKey::decl(&cfg),
        crate::store::findings::VerdictAction::decl(&cfg),
        crate::store::findings::Verdict::decl(&cfg),
        crate::store::findings::NewVerdict::decl(&cfg),
        crate::store::findings::Code::decl(&cfg),
        crate::store::findings::NewCode::decl(&cfg),
        crate::store::findings::CodingTarget::decl(&cfg),
        crate::store::findings::Coding::decl(&cfg),
        crate::store::findings::NoteTarget::decl(&cfg),
        crate::store::findings::Note::decl(&cfg),
        SavedProject::decl(&cfg),
        crate::export::ExportFormat::decl(&cfg),
        crate::export::ExportScope::decl(&cfg),
        crate::export::ExportReport::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportedFile::decl(&cfg),
        ComparedPair::decl(&cfg),
        crate::analysis::ClaimMarks::decl(&cfg),
        Comparison::decl(&cfg),
        Story::decl(&cfg),
        NarrativeClaim::decl(&cfg),
        SideNarrative::decl(&cfg),
        StoryNumber::decl(&cfg),
        RelationCounts::decl(&cfg),
        RelationScore::decl(&cfg),
        EvalReport::decl(&cfg),
        crate::align::matrix::CellState::decl(&cfg),
        crate::align::matrix::MatrixCell::decl(&cfg),
        crate::align::matrix::MatrixRow::decl(&cfg),
        StoryMatrix::decl(&cfg),
        crate::align::vocab::TermExample::decl(&cfg),
        crate::align::vocab::SideTerm::decl(&cfg),
        crate::align::vocab::SideTerms::decl(&cfg),
        crate::semantic::ModelStatus::decl(&cfg),
        EmbedReport::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `rashomon_core::api::typescript_declarations` — do not edit.\n\
         // Regenerate with `make types`. 64-bit integers are JSON numbers (ids and offsets stay below 2^53).\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out
}

/// Two accounts aligned claim by claim.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Comparison {
    pub a: ArticleSummary,
    pub b: ArticleSummary,
    pub pairs: Vec<ComparedPair>,
    /// Counts of the labels in force (the researcher's where a verdict exists).
    pub counts: RelationCounts,
    /// Numbers and speakers in A's and B's page texts (what the compare view marks in the rows).
    pub marks_a: crate::analysis::ClaimMarks,
    pub marks_b: crate::analysis::ClaimMarks,
}

/// Who gave a pair the label it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelSource {
    Computed,
    Researcher,
}

/// An aligned pair as shown everywhere: `relation` and `kind` are the labels in force — the
/// researcher's verdict when there is one, else the computed ones; `computed_relation`,
/// `computed_kind` and `score` are always the aligner's.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ComparedPair {
    #[serde(flatten)]
    pub pair: crate::align::AlignedPair,
    pub computed_relation: crate::align::Relation,
    pub computed_kind: crate::align::ContradictionKind,
    pub label_source: LabelSource,
    pub verdict: Option<Verdict>,
    /// The stable key of this pair (for codings, notes and verdicts).
    pub key: PairKey,
}

impl std::ops::Deref for ComparedPair {
    type Target = crate::align::AlignedPair;
    fn deref(&self) -> &Self::Target {
        &self.pair
    }
}

impl ComparedPair {
    fn computed(pair: crate::align::AlignedPair, a: i64, b: i64) -> Self {
        let key = PairKey {
            a_article: a,
            a: pair.a.as_ref().map(|c| Span::new(c.start, c.end)),
            b_article: b,
            b: pair.b.as_ref().map(|c| Span::new(c.start, c.end)),
        };
        ComparedPair { computed_relation: pair.relation, computed_kind: pair.kind, label_source: LabelSource::Computed, verdict: None, key, pair }
    }

    /// Put the researcher's verdict in force.
    pub fn apply_verdict(&mut self, v: Verdict) {
        let (r, k) = v.apply(self.computed_relation, self.computed_kind);
        self.pair.relation = r;
        self.pair.kind = k;
        self.label_source = LabelSource::Researcher;
        self.verdict = Some(v);
    }
}

fn count_relations(pairs: &[ComparedPair]) -> RelationCounts {
    let mut counts = RelationCounts::default();
    for p in pairs {
        use crate::align::Relation::*;
        match p.relation {
            Same => counts.same += 1,
            Paraphrase => counts.paraphrase += 1,
            Contradiction => counts.contradiction += 1,
            Related => counts.related += 1,
            Omission => counts.omission += 1,
        }
    }
    counts
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct RelationCounts {
    pub same: usize,
    pub paraphrase: usize,
    pub contradiction: usize,
    pub related: usize,
    pub omission: usize,
}

/// The claims of an article, one per clause of its sentences.
pub fn claims_of(article: &Article) -> Vec<crate::claims::Claim> {
    crate::claims::analyze(&article.page_text, &article.sentence_spans(), Lang::from_code(&article.summary.language))
}

/// Align article `a` with article `b`. The same article twice compares the narratives inside
/// it: the claims of one side's speakers against the other side's (an article quoting both the
/// Russian and the Turkish account), or, without two sides, its claims with each other.
/// The researcher's verdicts override the computed labels (see [`ComparedPair`]).
pub fn compare(store: &Store, a: i64, b: i64) -> Result<Comparison> {
    compare_with(store, a, b, DiffDetail::Full)
}

/// How much of each pair's word diff a comparison carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffDetail {
    /// Every run of the diff, equal ones too, each with its words (`a_text`, `b_text`): what
    /// `rashomon compare --json` prints.
    #[default]
    Full,
    /// Only the runs that differ, by their byte spans; `a_text` and `b_text` are empty. What the
    /// compare view uses (it marks the spans in the claims' own text): for two 2,000-word
    /// articles the answer is 40% smaller (the diffs' words and equal runs were ~115 of 240 kB).
    Spans,
}

/// [`compare`] with the word diffs in the detail asked for.
pub fn compare_with(store: &Store, a: i64, b: i64, detail: DiffDetail) -> Result<Comparison> {
    let (aa, ab) = (store.article(a)?, store.article(b)?);
    let mut c = compare_loaded(Some(store), aa, ab);
    apply_verdicts(store, &mut c)?;
    if detail == DiffDetail::Spans {
        for p in &mut c.pairs {
            p.pair.diff.retain(|d| d.op != crate::align::DiffOpKind::Equal);
            for d in &mut p.pair.diff {
                d.a_text = String::new();
                d.b_text = String::new();
            }
        }
    }
    Ok(c)
}

/// Put the stored verdicts on the pairs of a comparison in force.
pub fn apply_verdicts(store: &Store, c: &mut Comparison) -> Result<()> {
    let verdicts = store.verdicts_between(c.a.id, c.b.id)?;
    if verdicts.is_empty() {
        return Ok(());
    }
    let by_key: HashMap<PairKey, Verdict> = verdicts.into_iter().map(|v| (v.pair, v)).collect();
    for p in &mut c.pairs {
        if let Some(v) = by_key.get(&p.key.normalised()) {
            p.apply_verdict(v.clone());
        }
    }
    c.counts = count_relations(&c.pairs);
    Ok(())
}

/// Align two loaded articles (see [`compare`]); claim embeddings are computed, not cached.
pub fn compare_articles(aa: Article, ab: Article) -> Comparison {
    compare_loaded(None, aa, ab)
}

/// Embeddings of an article's claims when the model is available: stored ones from `store`,
/// the rest computed (and stored, when a store is given). `None` without the model.
pub fn claim_vectors(store: Option<&Store>, article: &Article, claims: &[crate::claims::Claim]) -> Option<Vec<Vec<f32>>> {
    // Not `embedder()`: when every vector is stored, the model is not loaded at all.
    if !crate::semantic::available() {
        return None;
    }
    let key = crate::semantic::MODEL_KEY;
    let mut known = store.and_then(|s| s.claim_vectors(article.summary.id, key).ok()).unwrap_or_default();
    let fresh = embed_missing(&known, article, claims)?;
    if !fresh.is_empty() {
        if let Some(s) = store {
            // A cache: a read-only or busy database only costs recomputation next time.
            let _ = s.put_claim_vectors(article.summary.id, key, &fresh, false);
        }
        known.extend(fresh);
    }
    Some(claims.iter().map(|c| known.get(&c.span).cloned().unwrap_or_default()).collect())
}

/// Embeddings of the claims whose spans `known` lacks (none to do: empty); `None` without the model.
fn embed_missing(known: &HashMap<crate::span::Span, Vec<f32>>, article: &Article, claims: &[crate::claims::Claim]) -> Option<Vec<(crate::span::Span, Vec<f32>)>> {
    let missing: Vec<crate::span::Span> = claims.iter().map(|c| c.span).filter(|sp| !known.contains_key(sp)).collect();
    if missing.is_empty() {
        return Some(Vec::new());
    }
    let texts: Vec<&str> = missing.iter().map(|sp| sp.text(&article.page_text)).collect();
    Some(missing.into_iter().zip(crate::semantic::embed(&texts)?).collect())
}

fn compare_loaded(store: Option<&Store>, aa: Article, ab: Article) -> Comparison {
    compare_cached(crate::analysis::Cache::global(), store, aa, ab)
}

/// [`compare_loaded`] with the articles' analyses from `cache` (computed there on first use).
fn compare_cached(cache: &crate::analysis::Cache, store: Option<&Store>, aa: Article, ab: Article) -> Comparison {
    use crate::align::{align_prepared, align_prepared_packed, align_within_prepared, Doc, Params};
    let params = Params::default();
    let (la, lb) = (Lang::from_code(&aa.summary.language), Lang::from_code(&ab.summary.language));
    let xa = cache.get(&aa);
    let va = xa.vectors(store, &aa);
    let (pairs, marks_b) = if aa.summary.id == ab.summary.id {
        let pairs = match xa.sides(split_by_side) {
            Some((left, right)) => {
                let doc = |claims, vectors| Doc { text: &aa.page_text, lang: la, claims, published: aa.summary.published.as_deref(), vectors };
                // The sides' vectors picked (and the right side's packed) once for the article
                // when its embeddings are complete; else picked for this comparison.
                let mut rows = match va.as_ref().and_then(|v| xa.side_vectors(v)) {
                    Some(sv) => align_prepared_packed(
                        &doc(&left.claims, Some(sv.left.as_slice())),
                        &left.prepared,
                        &doc(&right.claims, Some(sv.right.as_slice())),
                        (&right.prepared, Some(&sv.packed_right)),
                        &params,
                    ),
                    None => {
                        let pick = |idx: &[usize]| va.as_ref().map(|v| idx.iter().map(|&i| v[i].clone()).collect::<Vec<_>>());
                        let (vl, vr) = (pick(&left.idx), pick(&right.idx));
                        align_prepared(&doc(&left.claims, vl.as_deref()), &left.prepared, &doc(&right.claims, vr.as_deref()), &right.prepared, &params)
                    }
                };
                for r in &mut rows {
                    remap(&mut r.a, &left.idx);
                    remap(&mut r.b, &right.idx);
                }
                rows
            }
            None => {
                let doc = Doc { text: &aa.page_text, lang: la, claims: &xa.claims, published: aa.summary.published.as_deref(), vectors: va.as_ref().map(|v| v.as_slice()) };
                align_within_prepared(&doc, &xa.prepared, &params)
            }
        };
        (pairs, xa.marks.clone())
    } else {
        let xb = cache.get(&ab);
        let vb = xb.vectors(store, &ab);
        let da = Doc { text: &aa.page_text, lang: la, claims: &xa.claims, published: aa.summary.published.as_deref(), vectors: va.as_ref().map(|v| v.as_slice()) };
        let db = Doc { text: &ab.page_text, lang: lb, claims: &xb.claims, published: ab.summary.published.as_deref(), vectors: vb.as_ref().map(|v| v.as_slice()) };
        // B's vectors packed once for the article (when they are its complete ones).
        let packed_b = vb.as_ref().and_then(|v| xb.packed_vectors(v));
        (align_prepared_packed(&da, &xa.prepared, &db, (&xb.prepared, packed_b), &params), xb.marks.clone())
    };
    let (ida, idb) = (aa.summary.id, ab.summary.id);
    let pairs: Vec<ComparedPair> = pairs.into_iter().map(|p| ComparedPair::computed(p, ida, idb)).collect();
    let counts = count_relations(&pairs);
    Comparison { a: aa.summary, b: ab.summary, pairs, counts, marks_a: xa.marks.clone(), marks_b }
}

/// Indices of the claims of the two sides most quoted in an article (e.g. russian vs turkish),
/// when at least two sides speak.
pub(crate) fn split_by_side(claims: &[crate::claims::Claim]) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut by_side: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let Some(side) = c.speaker.as_ref().and_then(|s| s.side.clone()) else { continue };
        if side == "other" {
            continue;
        }
        match by_side.iter_mut().find(|(s, _)| *s == side) {
            Some((_, v)) => v.push(i),
            None => by_side.push((side, vec![i])),
        }
    }
    by_side.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then_with(|| x.0.cmp(&y.0)));
    if by_side.len() < 2 {
        return None;
    }
    let mut it = by_side.into_iter();
    let (mut first, mut second) = (it.next()?, it.next()?);
    // Russian on the left, Turkish on the right, as the compare view shows them.
    if second.0 == "russian" || first.0 == "turkish" {
        std::mem::swap(&mut first, &mut second);
    }
    Some((first.1, second.1))
}

fn remap(side: &mut Option<crate::align::ClaimRef>, idx: &[usize]) {
    if let Some(c) = side {
        c.clause = idx[c.clause];
        for k in &mut c.clauses {
            *k = idx[*k];
        }
    }
}

/// One gold pair, in the format of `seed-pairs.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPair {
    pub a_file: String,
    pub a_text: String,
    pub b_file: String,
    pub b_text: String,
    pub relation: String,
    pub kind: String,
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct RelationScore {
    pub relation: String,
    /// Gold pairs with this relation.
    pub gold: usize,
    /// ... that the aligner paired.
    pub aligned: usize,
    /// ... paired and given this relation.
    pub correct: usize,
    /// System rows with this relation over gold-annotated sentences.
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct EvalReport {
    pub pairs: usize,
    pub aligned: usize,
    pub alignment_recall: f64,
    pub relations: Vec<RelationScore>,
    /// The same scores per contradiction kind (numeric, polarity, attribution, framing; in
    /// `relation`): a gold pair counts for its kind when it is a contradiction, and is right when
    /// the row is a contradiction of that kind; predicted are contradiction rows of that kind over
    /// gold-annotated sentences.
    pub kinds: Vec<RelationScore>,
    /// Gold contradictions found as contradictions with the right kind.
    pub contradictions_right_kind: usize,
    pub contradictions: usize,
    pub misses: Vec<String>,
    /// Time to compare every article pair of the gold, in milliseconds, with each article's
    /// analysis (claims, aligner features, embeddings) already made, as the app has it after
    /// first use: the alignment and diff work proper. The median of `passes` passes (one pass
    /// moves by tens of percent on a shared machine).
    pub align_ms: f64,
    /// How many warm passes `align_ms` is the median of: the second half of the warm passes,
    /// which run until there are at least twice [`EVAL_PASSES`] and they add up to at least
    /// [`EVAL_MIN_MS`] (at most [`EVAL_MAX_PASSES`]); the first half warms up.
    pub passes: usize,
    /// The same comparisons from nothing (articles loaded, nothing analysed): each article is
    /// analysed at its first use and its embeddings read from the store, in milliseconds.
    pub cold_ms: f64,
}

/// Warm passes over the gold's article pairs in [`eval_pairs`]: they run until there are at least
/// twice this many and they add up to at least [`EVAL_MIN_MS`]; the first half warms up, and
/// `align_ms` is the median of the second half. A gold's pass can take 0.4 ms: fifteen passes
/// right after the cold one were 6 ms of measurement, taken while the process still warmed up
/// (the first passes of a fresh process run 0.54 → 0.44 ms, settling near 0.41 after twenty:
/// memory the allocator gets from the system for the first time, caches, branch history), and
/// one preemption moved them by a sixth. Criterion warms up before it measures for the same
/// reason. bench/align_baseline.py times the Python pipeline by the same rule.
pub const EVAL_PASSES: usize = 15;
/// Milliseconds the warm passes of [`eval_pairs`] add up to at least (warm-up and measured
/// halves together), unless [`EVAL_MAX_PASSES`] come first.
pub const EVAL_MIN_MS: f64 = 500.0;
/// The most warm passes [`eval_pairs`] runs.
pub const EVAL_MAX_PASSES: usize = 2001;

/// Score alignment and relations against a gold file (JSONL, `seed-pairs.jsonl` format). Articles
/// are found by file name among stored articles; sentences are matched by text overlap.
pub fn eval_pairs(store: &Store, gold_path: &Path) -> Result<EvalReport> {
    let name = gold_path.display().to_string();
    let text = std::fs::read_to_string(gold_path).map_err(|e| Error::new(ErrorCode::Io, format!("{name}: {e}")))?;
    let gold: Vec<GoldPair> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| Error::bad_input(format!("{name}: line {}: {e}", i + 1))))
        .collect::<Result<_>>()?;
    let by_name: HashMap<String, i64> = store.list_articles()?.into_iter().map(|a| (a.source_name, a.id)).collect();
    let mut cache: HashMap<(i64, i64), Comparison> = HashMap::new();
    let mut report = EvalReport { pairs: gold.len(), ..Default::default() };
    // Loading the embedding model (once per process) is not alignment time.
    let _ = crate::semantic::embedder();
    // The article pairs, in gold order, loaded (loading is not alignment time either).
    let mut keys: Vec<(i64, i64)> = Vec::new();
    for g in &gold {
        let find = |f: &str| by_name.get(f).copied().ok_or_else(|| Error::not_found(format!("{f} is not imported; import the gold's pages first")));
        let (ia, ib) = (find(&g.a_file)?, find(&g.b_file)?);
        let key = (ia.min(ib), ia.max(ib));
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let mut loaded: HashMap<i64, Article> = HashMap::new();
    for &(x, y) in &keys {
        for id in [x, y] {
            if let std::collections::hash_map::Entry::Vacant(slot) = loaded.entry(id) {
                slot.insert(store.article(id)?);
            }
        }
    }
    // Cold: a cache of its own, empty; each article is analysed when a pair first needs it.
    // Warm: the same comparisons again, every analysis made (as in the running app), in at
    // least 2 × EVAL_PASSES passes adding up to EVAL_MIN_MS; each pass gives the same comparisons.
    let analyses = crate::analysis::Cache::new(usize::MAX);
    let mut passes: Vec<f64> = Vec::new();
    let (mut pass, mut warm_ms) = (0, 0.0);
    while passes.len() < 2 * EVAL_PASSES || (warm_ms < EVAL_MIN_MS && passes.len() < EVAL_MAX_PASSES) {
        let mut total = 0.0;
        for &(x, y) in &keys {
            let (ax, ay) = (loaded[&x].clone(), loaded[&y].clone());
            let t = std::time::Instant::now();
            let c = compare_cached(&analyses, Some(store), ax, ay);
            total += t.elapsed().as_secs_f64() * 1000.0;
            if pass > 0 {
                cache.insert((x, y), c);
            }
        }
        if pass == 0 {
            report.cold_ms = total;
        } else {
            passes.push(total);
            warm_ms += total;
        }
        pass += 1;
    }
    // The second half, measured after the first warmed up.
    let mut measured = passes.split_off(passes.len() / 2);
    report.passes = measured.len();
    measured.sort_by(f64::total_cmp);
    report.align_ms = measured[measured.len() / 2];
    let rel_names = ["same", "paraphrase", "contradiction", "related"];
    let mut scores: Vec<RelationScore> = rel_names.iter().map(|r| RelationScore { relation: r.to_string(), ..Default::default() }).collect();
    let kind_names = ["numeric", "polarity", "attribution", "framing"];
    let mut kinds: Vec<RelationScore> = kind_names.iter().map(|k| RelationScore { relation: k.to_string(), ..Default::default() }).collect();
    let mut annotated: Vec<(i64, i64, String, String)> = Vec::new();
    for g in &gold {
        let find = |f: &str| by_name.get(f).copied().ok_or_else(|| Error::not_found(format!("{f} is not imported; import the gold's pages first")));
        let (ia, ib) = (find(&g.a_file)?, find(&g.b_file)?);
        let key = (ia.min(ib), ia.max(ib));
        let cmp = &cache[&key];
        let (ta, tb) = if ia <= ib { (&g.a_text, &g.b_text) } else { (&g.b_text, &g.a_text) };
        annotated.push((key.0, key.1, ta.clone(), tb.clone()));
        let row = cmp.pairs.iter().find(|p| match (&p.a, &p.b) {
            (Some(x), Some(y)) => (text_match(&x.text, ta) && text_match(&y.text, tb)) || (ia == ib && text_match(&x.text, tb) && text_match(&y.text, ta)),
            _ => false,
        });
        let score = scores.iter_mut().find(|s| s.relation == g.relation);
        if let Some(s) = score {
            s.gold += 1;
            if let Some(r) = row {
                s.aligned += 1;
                if r.relation.as_str() == g.relation {
                    s.correct += 1;
                }
            }
        }
        if g.relation == "contradiction" {
            if let Some(k) = kinds.iter_mut().find(|k| k.relation == g.kind) {
                k.gold += 1;
                if let Some(r) = row {
                    k.aligned += 1;
                    if r.relation == crate::align::Relation::Contradiction && r.kind.as_str() == g.kind {
                        k.correct += 1;
                    }
                }
            }
            report.contradictions += 1;
            if row.is_some_and(|r| r.relation == crate::align::Relation::Contradiction && r.kind.as_str() == g.kind) {
                report.contradictions_right_kind += 1;
            }
        }
        match row {
            Some(r) => {
                report.aligned += 1;
                if r.relation.as_str() != g.relation {
                    report.misses.push(format!("{} ~ {}: gold {}/{}, got {}/{}", g.a_file, g.b_file, g.relation, g.kind, r.relation.as_str(), r.kind.as_str()));
                }
            }
            None => report.misses.push(format!("{} ~ {}: gold {}/{} not aligned: «{}»", g.a_file, g.b_file, g.relation, g.kind, g.a_text.chars().take(60).collect::<String>())),
        }
    }
    // Precision: system rows whose two sides are both gold-annotated sentences of one gold pair.
    for ((ka, kb), cmp) in &cache {
        for p in &cmp.pairs {
            let (Some(x), Some(y)) = (&p.a, &p.b) else { continue };
            let on_gold = annotated.iter().any(|(a, b, ta, tb)| a == ka && b == kb && ((text_match(&x.text, ta) && text_match(&y.text, tb)) || (ka == kb && text_match(&x.text, tb) && text_match(&y.text, ta))));
            if on_gold {
                if let Some(s) = scores.iter_mut().find(|s| s.relation == p.relation.as_str()) {
                    s.predicted += 1;
                }
                if p.relation == crate::align::Relation::Contradiction {
                    if let Some(k) = kinds.iter_mut().find(|k| k.relation == p.kind.as_str()) {
                        k.predicted += 1;
                    }
                }
            }
        }
    }
    for s in scores.iter_mut().chain(kinds.iter_mut()) {
        s.precision = if s.predicted > 0 { s.correct as f64 / s.predicted as f64 } else { 0.0 };
        s.recall = if s.gold > 0 { s.correct as f64 / s.gold as f64 } else { 0.0 };
        s.f1 = if s.precision + s.recall > 0.0 { 2.0 * s.precision * s.recall / (s.precision + s.recall) } else { 0.0 };
    }
    report.alignment_recall = if report.pairs > 0 { report.aligned as f64 / report.pairs as f64 } else { 0.0 };
    report.relations = scores;
    report.kinds = kinds;
    Ok(report)
}

/// A system unit (a clause, or clauses) matches a gold sentence when most of its words lie in
/// that sentence (a clause of it), or most of the sentence's words lie in the unit.
fn text_match(unit: &str, gold: &str) -> bool {
    let words = |s: &str| -> std::collections::HashSet<String> {
        crate::text::normalize::fold(s).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
    };
    let (u, g) = (words(unit), words(gold));
    if u.is_empty() || g.is_empty() {
        return false;
    }
    let inter = u.intersection(&g).count() as f64;
    (inter / u.len() as f64 >= 0.7 && inter >= 4.0_f64.min(g.len() as f64)) || inter / g.len() as f64 >= 0.7
}

/// An article's sentences and claims (`rashomon claims`).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ClaimsReport {
    /// The article id, or `None` for a file analysed without the database.
    pub article_id: Option<i64>,
    pub title: Option<String>,
    pub language: String,
    pub sentences: Vec<Span>,
    pub claims: Vec<crate::claims::Claim>,
    /// The page text every span indexes.
    pub page_text: String,
}

/// Claims of a stored article.
pub fn claims_of_article(store: &Store, id: i64) -> Result<ClaimsReport> {
    let a = store.article(id)?;
    let sentences = a.sentence_spans();
    let claims = crate::analysis::of(&a).claims.clone();
    Ok(ClaimsReport {
        article_id: Some(id),
        title: a.summary.title.clone(),
        language: a.summary.language.clone(),
        sentences,
        claims,
        page_text: a.page_text,
    })
}

/// Claims of a file, extracted and analysed without the database.
pub fn claims_of_file(path: &Path) -> Result<ClaimsReport> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::new(ErrorCode::Io, format!("{name}: {e}")))?;
    let ex = extract::extract_bytes(&bytes, &name).map_err(|e| e.in_file(&name))?;
    let lang = text::detect_language(&ex.body_text());
    let sentences: Vec<Span> = ex.paragraphs().flat_map(|p| text::segment::sentences(&ex.page_text, p, lang)).collect();
    let claims = crate::claims::analyze(&ex.page_text, &sentences, lang);
    Ok(ClaimsReport {
        article_id: None,
        title: ex.title_text().map(str::to_owned),
        language: lang.code().to_string(),
        sentences,
        claims,
        page_text: ex.page_text,
    })
}

/// Articles about one event (computed from content and dates; ids follow the first article's order).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Story {
    /// 1-based position in the current grouping (recomputed as the library changes).
    pub id: usize,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub articles: Vec<ArticleSummary>,
    /// Groups of near-duplicate article ids (reprints of one text), not independent accounts.
    pub duplicates: Vec<Vec<i64>>,
}

/// Group the library into stories.
pub fn stories(store: &Store) -> Result<Vec<Story>> {
    let summaries = store.list_articles()?;
    let mut texts = Vec::with_capacity(summaries.len());
    for s in &summaries {
        let clean: String = store.conn().query_row("SELECT COALESCE(title, '') || '\n' || clean_text FROM articles WHERE id = ?1", [s.id], |r| r.get(0))?;
        texts.push(clean);
    }
    let inputs: Vec<crate::align::story::StoryInput<'_>> = summaries
        .iter()
        .zip(&texts)
        .map(|(s, t)| crate::align::story::StoryInput { id: s.id, text: t, lang: Lang::from_code(&s.language), published: s.published.as_deref() })
        .collect();
    let groups = crate::align::story::group(&inputs, &Default::default());
    let by_id: HashMap<i64, &ArticleSummary> = summaries.iter().map(|s| (s.id, s)).collect();
    Ok(groups
        .into_iter()
        .enumerate()
        .map(|(k, (ids, duplicates))| {
            let articles: Vec<ArticleSummary> = ids.iter().map(|i| by_id[i].clone()).collect();
            let mut dates: Vec<&str> = articles.iter().filter_map(|a| a.published.as_deref()).collect();
            dates.sort_unstable();
            Story {
                id: k + 1,
                title: articles.iter().find_map(|a| a.title.clone()),
                first_published: dates.first().map(|d| d.to_string()),
                last_published: dates.last().map(|d| d.to_string()),
                articles,
                duplicates,
            }
        })
        .collect())
}

/// One claim in a side's narrative.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct NarrativeClaim {
    pub article_id: i64,
    pub outlet: Option<String>,
    /// The side of the outlet that reports it (an RT article quoting Akar is Turkish narrative
    /// reported by a Russian outlet).
    pub outlet_side: String,
    pub speaker: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub negated: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SideNarrative {
    pub side: String,
    pub claims: Vec<NarrativeClaim>,
}

/// What each side's officials say across every article of a story.
pub fn story_narratives(store: &Store, story_id: usize) -> Result<Vec<SideNarrative>> {
    let all = stories(store)?;
    let story = all.get(story_id.wrapping_sub(1)).ok_or_else(|| Error::not_found(format!("no story #{story_id}")))?;
    let mut sides: Vec<SideNarrative> = Vec::new();
    for a in &story.articles {
        let article = store.article(a.id)?;
        for c in &crate::analysis::of(&article).claims {
            let Some(sp) = &c.speaker else { continue };
            let Some(side) = sp.side.clone() else { continue };
            let claim = NarrativeClaim {
                article_id: a.id,
                outlet: a.outlet.clone(),
                outlet_side: a.side.clone(),
                speaker: sp.name.clone().unwrap_or_else(|| sp.surface.clone()),
                start: c.span.start,
                end: c.span.end,
                text: article.page_text[c.span.start..c.span.end].to_string(),
                negated: c.negated,
            };
            match sides.iter_mut().find(|s| s.side == side) {
                Some(s) => s.claims.push(claim),
                None => sides.push(SideNarrative { side, claims: vec![claim] }),
            }
        }
    }
    sides.sort_by(|x, y| side_rank(&x.side).cmp(&side_rank(&y.side)));
    Ok(sides)
}

/// One number reported in a story (`story_numbers`): who reports it and what it counts.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StoryNumber {
    pub article_id: i64,
    pub outlet: Option<String>,
    /// The side of the reporting outlet.
    pub side: String,
    pub published: Option<String>,
    pub value: f64,
    pub value_max: Option<f64>,
    /// more_than | at_least | about | up_to | less_than
    pub qualifier: Option<String>,
    /// The counted noun (lemma or stem), "%" for percentages.
    pub counted: Option<String>,
    /// killed | wounded | neutralised | destroyed | downed | captured
    pub event: Option<String>,
    pub vague: bool,
    /// The number as written (a span of the page text, shown as-is).
    pub surface: String,
    /// The claim the number appears in, and its span.
    pub claim: String,
    pub start: usize,
    pub end: usize,
}

/// Every counted number in the articles of story `story_id` (numbers with neither a counted noun
/// nor an event are left out: they are ordinals, times or sizes, not tallies), in article order.
pub fn story_numbers(store: &Store, story_id: usize) -> Result<Vec<StoryNumber>> {
    let all = stories(store)?;
    let story = all.get(story_id.wrapping_sub(1)).ok_or_else(|| Error::not_found(format!("no story #{story_id}")))?;
    let mut out = Vec::new();
    for a in &story.articles {
        let article = store.article(a.id)?;
        for c in &crate::analysis::of(&article).claims {
            for n in c.numbers.iter().filter(|n| n.counted.is_some() || n.event.is_some()) {
                out.push(StoryNumber {
                    article_id: a.id,
                    outlet: a.outlet.clone(),
                    side: a.side.clone(),
                    published: a.published.clone(),
                    value: n.value,
                    value_max: n.value_max,
                    qualifier: n.qualifier.clone(),
                    counted: n.counted.clone(),
                    event: n.event.clone(),
                    vague: n.vague,
                    surface: article.page_text[n.span.start..n.span.end].to_string(),
                    claim: article.page_text[c.span.start..c.span.end].to_string(),
                    start: n.span.start,
                    end: n.span.end,
                });
            }
        }
    }
    Ok(out)
}

/// The claim matrix of a story (claims × articles) with each side's framing vocabulary.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StoryMatrix {
    pub story_id: usize,
    /// The articles, Russian-side outlets first, then Turkish, then the rest; by date within a side.
    pub columns: Vec<ArticleSummary>,
    /// Claim clusters shared by at least two articles, most shared first.
    pub rows: Vec<crate::align::matrix::MatrixRow>,
    /// Per column: claims of that article in no shared row (what only it reports).
    pub unique_claims: Vec<usize>,
    /// Words each outlet side over-uses relative to the other sides (Fightin' Words).
    pub framing: Vec<crate::align::vocab::SideTerms>,
}

/// Sides in display order: those of [`crate::store::SIDES`] in its order, then the
/// researcher's own sides alphabetically, "other" last.
fn side_rank(s: &str) -> (usize, &str) {
    let n = crate::store::SIDES.len();
    match crate::store::SIDES.iter().position(|&x| x == s) {
        _ if s == "other" => (n + 1, ""),
        Some(k) => (k, ""),
        None => (n, s),
    }
}

/// Claim matrix and framing terms of story `story_id` (as numbered by [`stories`]).
pub fn story_matrix(store: &Store, story_id: usize) -> Result<StoryMatrix> {
    let all = stories(store)?;
    let story = all.get(story_id.wrapping_sub(1)).ok_or_else(|| Error::not_found(format!("no story #{story_id}")))?;
    let mut columns = story.articles.clone();
    columns.sort_by(|a, b| side_rank(&a.side).cmp(&side_rank(&b.side)).then(a.published.cmp(&b.published)).then(a.id.cmp(&b.id)));
    let articles: Vec<Article> = columns.iter().map(|a| store.article(a.id)).collect::<Result<_>>()?;
    Ok(matrix_of(Some(store), story_id, columns, &articles))
}

/// [`story_matrix`] over loaded articles (columns in the order given).
pub fn matrix_of(store: Option<&Store>, story_id: usize, columns: Vec<ArticleSummary>, articles: &[Article]) -> StoryMatrix {
    use crate::align::{matrix, vocab, Doc, Params};
    let analyses: Vec<_> = articles.iter().map(crate::analysis::of).collect();
    let claims: Vec<&[crate::claims::Claim]> = analyses.iter().map(|x| x.claims.as_slice()).collect();
    let vectors: Vec<Option<std::sync::Arc<Vec<Vec<f32>>>>> = analyses.iter().zip(articles).map(|(x, a)| x.vectors(store, a)).collect();
    let sentences: Vec<Vec<crate::span::Span>> = articles.iter().map(|a| a.sentence_spans()).collect();
    let docs: Vec<Doc<'_>> = articles
        .iter()
        .zip(&claims)
        .zip(&vectors)
        .map(|((a, c), v)| Doc { text: &a.page_text, lang: Lang::from_code(&a.summary.language), claims: c, published: a.summary.published.as_deref(), vectors: v.as_ref().map(|v| v.as_slice()) })
        .collect();
    // The aligner's units, made once per article, with their embeddings.
    let units: Vec<Vec<crate::align::features::Unit>> = analyses
        .iter()
        .zip(&docs)
        .map(|(x, d)| {
            let mut us = x.prepared.units.clone();
            for (k, u) in us.iter_mut().enumerate() {
                u.vector = d.vectors.and_then(|v| v.get(k)).filter(|v| !v.is_empty()).map(|v| std::sync::Arc::from(v.as_slice()));
            }
            us
        })
        .collect();
    let (rows, unique_claims) = matrix::claim_matrix_of_units(&docs, units, &Params::default(), 2);
    let side_docs: Vec<vocab::SideDoc<'_>> = articles
        .iter()
        .zip(&sentences)
        .map(|(a, s)| vocab::SideDoc { article_id: a.summary.id, side: &a.summary.side, text: &a.page_text, lang: Lang::from_code(&a.summary.language), sentences: s })
        .collect();
    // Prior strength: about half the story's word count (≈ 6 characters a word), so a term
    // needs real evidence on its own side.
    let total_chars: usize = articles.iter().map(|a| a.summary.chars as usize).sum();
    let framing = vocab::side_terms(&side_docs, 15, 1.96, (total_chars as f64 / 12.0).max(50.0));
    StoryMatrix { story_id, columns, rows, unique_claims, framing }
}

/// What [`embed_pending`] did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EmbedReport {
    pub model: crate::semantic::ModelStatus,
    /// Articles embedded in this run.
    pub articles: usize,
    pub claims: usize,
    /// Articles still waiting (cancelled, or no model).
    pub pending: usize,
    pub cancelled: bool,
}

/// Embed the claims of every article not embedded yet (the background job after an import).
/// `progress(done, total)` after each article; `cancel` is checked between articles, and every
/// finished article is kept, so a cancelled run resumes where it stopped.
pub fn embed_pending(store: &Store, progress: &mut dyn FnMut(usize, usize), cancel: &AtomicBool) -> Result<EmbedReport> {
    let model = crate::semantic::status();
    let todo = store.articles_to_embed(crate::semantic::MODEL_KEY)?;
    let mut report = EmbedReport { model: model.clone(), articles: 0, claims: 0, pending: todo.len(), cancelled: false };
    if !model.available {
        return Ok(report);
    }
    let total = todo.len();
    for (k, id) in todo.into_iter().enumerate() {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        let article = store.article(id)?;
        let claims = claims_of(&article);
        let known = store.claim_vectors(id, crate::semantic::MODEL_KEY)?;
        let fresh = embed_missing(&known, &article, &claims).unwrap_or_default();
        report.claims += fresh.len();
        store.put_claim_vectors(id, crate::semantic::MODEL_KEY, &fresh, true)?;
        report.articles += 1;
        report.pending -= 1;
        progress(k + 1, total);
    }
    Ok(report)
}

/// Whether cross-language alignment is available (the embedding model was found).
pub fn model_status() -> crate::semantic::ModelStatus {
    crate::semantic::status()
}

/// Start [`embed_pending`] on its own thread over the database at `db`, unless one is running
/// (returns whether it started). For the shells, after an import: the claims of new articles
/// are embedded while the user reads; `progress(done, total)` reports, and `cancel` stops it
/// between articles.
pub fn embed_in_background(db: PathBuf, mut progress: impl FnMut(usize, usize) + Send + 'static, cancel: std::sync::Arc<AtomicBool>) -> bool {
    static RUNNING: AtomicBool = AtomicBool::new(false);
    // The model is checked, not loaded: it is loaded only if an article is waiting, and
    // released when the job is done (about 100 MB the app does not keep while the user reads).
    if !crate::semantic::status().available || RUNNING.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return false;
    }
    std::thread::spawn(move || {
        // Background work must not slow what the user waits for (a list, a comparison): this
        // thread and the encoder's worker threads it starts (which inherit it) run at the lowest
        // priority, so requests get the cores first.
        lower_thread_priority();
        if let Ok(store) = open(&db) {
            // Articles imported while this runs are picked up by the next round.
            while let Ok(r) = embed_pending(&store, &mut progress, &cancel) {
                if r.articles == 0 || r.cancelled {
                    break;
                }
            }
        }
        crate::semantic::release();
        RUNNING.store(false, std::sync::atomic::Ordering::SeqCst);
    });
    true
}

/// Lowest scheduling priority (nice 19) for the calling thread and the threads it starts. On
/// Linux the nice value is per thread; elsewhere this is a no-op.
fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls on the calling thread; failure only leaves the priority unchanged.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}

// ---- Findings: codes, codings, notes, verdicts (stored; see store/findings.rs) ----

pub fn add_code(store: &mut Store, new: &NewCode) -> Result<Code> {
    store.add_code(new, None)
}

/// The codebook (parents before their children); deleted codes too when `include_deleted`.
pub fn list_codes(store: &Store, include_deleted: bool) -> Result<Vec<Code>> {
    store.codes(include_deleted)
}

/// Delete a code and its sub-codes (undo with [`restore_code`]; their codings are kept).
pub fn delete_code(store: &mut Store, id: i64) -> Result<Vec<Code>> {
    store.delete_code(id)
}

pub fn restore_code(store: &mut Store, id: i64) -> Result<Vec<Code>> {
    store.restore_code(id)
}

pub fn add_coding(store: &mut Store, code_id: i64, target: &CodingTarget) -> Result<Coding> {
    store.add_coding(code_id, target, None)
}

/// Codings of live codes; of one article (either side of a pair) when `article` is given.
pub fn list_codings(store: &Store, article: Option<i64>) -> Result<Vec<Coding>> {
    store.codings(article)
}

pub fn delete_coding(store: &mut Store, id: i64) -> Result<Coding> {
    store.delete_coding(id)
}

pub fn add_note(store: &mut Store, target: &NoteTarget, text: &str) -> Result<Note> {
    store.add_note(target, text, None)
}

pub fn list_notes(store: &Store) -> Result<Vec<Note>> {
    store.notes()
}

pub fn update_note(store: &mut Store, id: i64, text: &str) -> Result<Note> {
    store.update_note(id, text)
}

pub fn delete_note(store: &mut Store, id: i64) -> Result<Note> {
    store.delete_note(id)
}

/// Confirm, reject or relabel a pair's computed relation (replaces an earlier verdict).
pub fn set_verdict(store: &mut Store, v: &NewVerdict) -> Result<Verdict> {
    store.set_verdict(v)
}

pub fn clear_verdict(store: &mut Store, pair: &PairKey) -> Result<Option<Verdict>> {
    store.clear_verdict(pair)
}

pub fn list_verdicts(store: &Store) -> Result<Vec<Verdict>> {
    store.verdicts()
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SavedProject {
    pub path: String,
    pub bytes: u64,
}

/// Save the project (articles and findings) as one `.rashomon` file — a SQLite database that
/// `--db FILE` opens. Written to a temporary name and renamed: never a half-written file.
pub fn save_as(store: &Store, dest: &Path) -> Result<SavedProject> {
    let bytes = store.save_as(dest)?;
    Ok(SavedProject { path: dest.display().to_string(), bytes })
}

/// What `rashomon export` and the export dialog ask for.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportRequest {
    pub format: crate::export::ExportFormat,
    #[serde(default)]
    pub scope: crate::export::ExportScope,
    /// The file to write (CSV also writes `<stem>-claims.csv` and `<stem>-numbers.csv`).
    pub path: String,
}

/// Export findings and comparisons to a file, atomically.
pub fn export(store: &Store, req: &ExportRequest) -> Result<crate::export::ExportReport> {
    let now = store.now();
    export_at(store, req, &now)
}

/// [`export`] with a given export time (golden files).
pub fn export_at(store: &Store, req: &ExportRequest, exported_at: &str) -> Result<crate::export::ExportReport> {
    let data = crate::export::gather(store, &req.scope, exported_at)?;
    let files = crate::export::write(&data, req.format, Path::new(&req.path))?;
    Ok(crate::export::ExportReport {
        format: req.format,
        files: files.iter().map(|f| f.display().to_string()).collect(),
        articles: data.articles.len(),
        pairs: data.pairs.len(),
    })
}

/// An export rendered in memory (the browser downloads it): file name, MIME type, base64 bytes.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportedFile {
    pub name: String,
    pub mime: String,
    pub data_base64: String,
}

/// Render an export without writing a file (for the web UI's download). CSV gives the pairs
/// table; the claims and numbers tables are separate downloads via `table`.
pub fn export_bytes(store: &Store, format: crate::export::ExportFormat, scope: &crate::export::ExportScope) -> Result<ExportedFile> {
    use base64::Engine;
    use crate::export::ExportFormat as F;
    let data = crate::export::gather(store, scope, &store.now())?;
    let mut buf: Vec<u8> = Vec::new();
    match format {
        F::Csv => crate::export::csv::pairs(&data, &mut buf)?,
        F::Json => crate::export::json::write(&data, &mut buf)?,
        F::Html => crate::export::html::write(&data, &mut buf)?,
        F::Md => crate::export::md::write(&data, &mut buf)?,
        F::Qdpx => crate::export::qdpx::write(&data, &mut buf)?,
        F::CslJson => crate::export::cite::csl_json(&data, &mut buf)?,
        F::Bibtex => crate::export::cite::bibtex(&data, &mut buf)?,
    }
    let mime = match format {
        F::Csv => "text/csv; charset=utf-8",
        F::Json | F::CslJson => "application/json",
        F::Html => "text/html; charset=utf-8",
        F::Md => "text/markdown; charset=utf-8",
        F::Qdpx => "application/zip",
        F::Bibtex => "application/x-bibtex",
    };
    let stem = match scope.story {
        Some(n) => format!("rashomon-story-{n}"),
        None => "rashomon".to_string(),
    };
    Ok(ExportedFile { name: format!("{stem}.{}", format.extension()), mime: mime.into(), data_base64: base64::engine::general_purpose::STANDARD.encode(&buf) })
}

/// The key of story `n` for notes: its smallest article id (story numbers are positions and are
/// recomputed as the library changes; the smallest article id stays unless the story regroups).
pub fn story_key(store: &Store, n: usize) -> Result<i64> {
    let all = stories(store)?;
    let s = all.get(n.wrapping_sub(1)).ok_or_else(|| Error::not_found(format!("no story #{n} (there are {})", all.len())))?;
    s.articles.iter().map(|a| a.id).min().ok_or_else(|| Error::not_found(format!("story #{n} has no articles")))
}

/// Parse a pair key as the CLI writes it: `A:START..END~B:START..END` (byte offsets; `-` for the
/// missing side of an omission), e.g. `4:0..356~5:1354..1658`.
pub fn parse_pair_key(s: &str) -> Result<PairKey> {
    let bad = || Error::bad_input(format!("pair '{s}' is not A:START..END~B:START..END (e.g. 4:0..356~5:1354..1658; '-' for a missing side)"));
    let (a, b) = s.split_once('~').ok_or_else(bad)?;
    let side = |x: &str| -> Result<(i64, Option<Span>)> {
        let (id, sp) = x.trim().split_once(':').ok_or_else(bad)?;
        let id: i64 = id.trim().trim_start_matches('#').parse().map_err(|_| bad())?;
        if sp.trim() == "-" {
            return Ok((id, None));
        }
        Ok((id, Some(parse_span(sp)?)))
    };
    let ((ia, sa), (ib, sb)) = (side(a)?, side(b)?);
    Ok(PairKey { a_article: ia, a: sa, b_article: ib, b: sb })
}

/// `START..END` (byte offsets).
pub fn parse_span(s: &str) -> Result<Span> {
    let bad = || Error::bad_input(format!("span '{s}' is not START..END (byte offsets)"));
    let (x, y) = s.trim().split_once("..").ok_or_else(bad)?;
    let (x, y): (usize, usize) = (x.trim().parse().map_err(|_| bad())?, y.trim().parse().map_err(|_| bad())?);
    if x >= y {
        return Err(bad());
    }
    Ok(Span::new(x, y))
}

/// A pair key as [`parse_pair_key`] reads it.
pub fn format_pair_key(k: &PairKey) -> String {
    let side = |id: i64, s: Option<Span>| match s {
        Some(s) => format!("{id}:{}..{}", s.start, s.end),
        None => format!("{id}:-"),
    };
    format!("{}~{}", side(k.a_article, k.a), side(k.b_article, k.b))
}

/// A code by id, or by name (a live code).
pub fn resolve_code(store: &Store, id_or_name: &str) -> Result<Code> {
    match id_or_name.parse::<i64>() {
        Ok(id) => store.code(id),
        Err(_) => store.find_code(id_or_name)?.ok_or_else(|| Error::not_found(format!("no code named '{id_or_name}'"))),
    }
}
