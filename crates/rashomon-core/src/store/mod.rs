//! SQLite storage: raw pages exactly as imported, extraction results, sentences, search index.
//!
//! Invariants: an article is stored whole (row, blocks, sentences, index rows) or not at all; raw
//! bytes are never altered and are unique by sha256; the schema is only ever changed by the
//! numbered migrations in `migrations.rs`, and a database newer than this build is never touched.

pub mod findings;
mod migrations;
pub mod search;
mod vectors;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::extract::BlockKind;
use crate::span::Span;

pub use migrations::SCHEMA_VERSION;
#[doc(hidden)]
pub use migrations::migrate_to;

/// Outlet political sides the app knows by name (labelled and coloured in the UI, ordered first
/// in stories). A researcher of another conflict names sides of their own ([`check_side`]).
pub const SIDES: [&str; 6] = ["russian", "turkish", "syrian_government", "syrian_opposition", "ukrainian", "other"];

/// A side is one of [`SIDES`] or a name of the researcher's own: lowercase ASCII letters,
/// digits and '_', starting with a letter, at most 32 bytes (as the schema checks it).
/// A name a letter away from one of [`SIDES`] (two for the long ones) is refused as its
/// misspelling ("rusian", "turksh", "others", "syrian_goverment"): a side of one's own made by a
/// typo would split an outlet's accounts from their side in every story and export.
pub fn check_side(side: &str) -> Result<()> {
    let named = side.len() <= 32 && side.starts_with(|c: char| c.is_ascii_lowercase()) && side.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if named {
        match misspelt_side(side) {
            Some(known) => Err(Error::bad_input(format!(
                "side '{side}' looks like a misspelling of '{known}': use '{known}', or a name of your own that is not a letter or two away from {}",
                SIDES.join(", ")
            ))),
            None => Ok(()),
        }
    } else {
        Err(Error::bad_input(format!(
            "side '{side}' is not a side name: use one of {} or a name of your own in lowercase letters, digits and '_' (starting with a letter, at most 32)",
            SIDES.join(", ")
        )))
    }
}

/// The side of [`SIDES`] that `side` (not one of them) is one edit away from (two for names of
/// nine letters or more): a letter added, dropped, changed, or two neighbours swapped. ("kurdish"
/// is two from "turkish": a side of its own.)
fn misspelt_side(side: &str) -> Option<&'static str> {
    if SIDES.contains(&side) {
        return None;
    }
    SIDES.into_iter().find(|known| {
        let limit = if known.len().min(side.len()) < 9 { 1 } else { 2 };
        side.len().abs_diff(known.len()) <= limit && edit_distance(side.as_bytes(), known.as_bytes()) <= limit
    })
}

/// Optimal string alignment distance (Levenshtein with swaps of neighbours) of two byte strings.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let w = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let change = d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]);
                let mut best = change.min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// A side as another tool writes it ("Russian", "Syrian government", "pro-Kurdish") as a side
/// name ("russian", "syrian_government", "pro_kurdish"), when it makes one.
pub fn side_from_label(label: &str) -> Option<String> {
    let words: Vec<String> = label.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let side = words.join("_");
    check_side(&side).is_ok().then_some(side)
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    in_batch: bool,
    /// A fixed time for everything this store stamps (tests and golden files); `None`: the clock.
    fixed_time: Option<String>,
}

/// Everything needed to store one article; built by `api::import`.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub outlet: Option<NewOutlet>,
    pub source_name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub language: String,
    pub published: Option<String>,
    pub raw: Vec<u8>,
    pub raw_sha256: String,
    pub encoding: String,
    pub format: String,
    pub page_text: String,
    pub clean_text: String,
    pub title_span: Option<Span>,
    pub blocks: Vec<(BlockKind, Span)>,
    pub sentences: Vec<Span>,
}

#[derive(Debug, Clone)]
pub struct NewOutlet {
    pub name: String,
    pub side: String,
    pub country: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ArticleSummary {
    pub id: i64,
    pub outlet: Option<String>,
    pub side: String,
    pub language: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source_name: String,
    pub imported_at: String,
    pub sentence_count: i64,
    pub chars: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StoredBlock {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StoredSentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub raw_sha256: String,
    pub encoding: String,
    pub format: String,
    pub title_span: Option<Span>,
    pub clean_text: String,
    /// The decoded page every span indexes (byte offsets).
    pub page_text: String,
    pub blocks: Vec<StoredBlock>,
    pub sentences: Vec<StoredSentence>,
}

impl Article {
    /// The byte spans of the article's sentences in its page text.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentences.iter().map(|s| Span::new(s.start, s.end)).collect()
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Outlet {
    pub id: i64,
    pub name: String,
    pub side: String,
    pub country: Option<String>,
    pub language: Option<String>,
    pub articles: i64,
}

impl Store {
    /// Open (creating if needed) a database file and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let conn = Connection::open(path)
            .map_err(|e| Error::new(ErrorCode::Database, format!("cannot open {}: {e}", path.display())))?;
        let mut store = Store { conn, path: Some(path.to_path_buf()), in_batch: false, fixed_time: None };
        store.configure(true)?;
        Ok(store)
    }

    /// A private in-memory database (unit tests).
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store { conn: Connection::open_in_memory()?, path: None, in_batch: false, fixed_time: None };
        store.configure(false)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Stamp findings with this time (RFC 3339) instead of the clock: golden-file tests.
    pub fn set_fixed_time(&mut self, t: Option<String>) {
        self.fixed_time = t;
    }

    /// The time findings are stamped with (UTC, RFC 3339, seconds).
    pub fn now(&self) -> String {
        self.fixed_time.clone().unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    fn configure(&mut self, wal: bool) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(10))?;
        // Fewer, larger checkpoints: each one fsyncs, and imports write a lot.
        self.conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if wal {
            let mode: String = self.conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::new(ErrorCode::Database, format!("could not enable WAL (got {mode})")));
            }
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        migrations::migrate(&mut self.conn)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn find_by_sha(&self, sha: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM articles WHERE raw_sha256 = ?1", [sha], |r| r.get(0))
            .optional()?)
    }

    /// Store an article and everything derived from it, all or nothing. Returns
    /// `InsertOutcome::Existing` when the same bytes are already stored (checked under the write
    /// lock, so two concurrent importers cannot both insert).
    pub fn insert_article(&mut self, a: &NewArticle) -> Result<InsertOutcome> {
        // Inside a batch: a savepoint per article, so a failing article leaves no trace and the
        // others stand. Alone: its own IMMEDIATE transaction.
        let (open, done, undo) = if self.in_batch {
            ("SAVEPOINT article", "RELEASE article", "ROLLBACK TO article; RELEASE article")
        } else {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        };
        self.conn.execute_batch(open)?;
        match self.insert_article_inner(a) {
            Ok(outcome) => {
                self.conn.execute_batch(done)?;
                Ok(outcome)
            }
            Err(e) => {
                let _ = self.conn.execute_batch(undo);
                Err(e)
            }
        }
    }

    /// Start a batch: one write transaction holding many articles (each in its own savepoint),
    /// committed by [`Store::commit_batch`]. Many small commits would each flush the search index.
    pub fn begin_batch(&mut self) -> Result<()> {
        if !self.in_batch {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_batch = true;
        }
        Ok(())
    }

    /// Commit the batch (no-op outside one).
    pub fn commit_batch(&mut self) -> Result<()> {
        if self.in_batch {
            self.in_batch = false;
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    fn insert_article_inner(&self, a: &NewArticle) -> Result<InsertOutcome> {
        let tx = &self.conn;
        if let Some(id) = tx
            .query_row("SELECT id FROM articles WHERE raw_sha256 = ?1", [&a.raw_sha256], |r| r.get(0))
            .optional()?
        {
            return Ok(InsertOutcome::Existing(id));
        }
        let outlet_id: Option<i64> = match &a.outlet {
            None => None,
            Some(o) => {
                check_side(&o.side)?;
                tx.execute(
                    "INSERT INTO outlets(name, side, country, language) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(name) DO UPDATE SET
                       side = CASE WHEN excluded.side <> 'other' THEN excluded.side ELSE outlets.side END,
                       country = COALESCE(excluded.country, outlets.country),
                       language = COALESCE(outlets.language, excluded.language)",
                    params![o.name, o.side, o.country, o.language],
                )?;
                Some(tx.query_row("SELECT id FROM outlets WHERE name = ?1", [&o.name], |r| r.get(0))?)
            }
        };
        tx.execute(
            "INSERT INTO articles(outlet_id, source_name, url, title, language, published, imported_at,
               raw, raw_sha256, encoding, format, page_text, clean_text, title_start, title_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                outlet_id,
                a.source_name,
                a.url,
                a.title,
                a.language,
                a.published,
                a.raw,
                a.raw_sha256,
                a.encoding,
                a.format,
                (a.page_text.as_bytes() != a.raw.as_slice()).then_some(a.page_text.as_str()),
                a.clean_text,
                a.title_span.map(|s| s.start as i64),
                a.title_span.map(|s| s.end as i64),
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut st = tx.prepare("INSERT INTO blocks(article_id, idx, kind, start, end) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (i, (kind, span)) in a.blocks.iter().enumerate() {
                let k = match kind {
                    BlockKind::Paragraph => "paragraph",
                    BlockKind::Subheading => "subheading",
                };
                st.execute(params![id, i as i64, k, span.start as i64, span.end as i64])?;
            }
            insert_sentences(tx, id, &a.page_text, &a.sentences)?;
            if let Some(t) = &a.title {
                tx.execute(
                    "INSERT INTO title_fts(rowid, text) VALUES (?1, ?2)",
                    params![id, crate::text::normalize::fold(t)],
                )?;
            }
        }
        Ok(InsertOutcome::Inserted(id))
    }

    pub fn list_articles(&self) -> Result<Vec<ArticleSummary>> {
        let mut st = self.conn.prepare(&format!("{SUMMARY_SELECT} {SUMMARY_ORDER}"))?;
        let rows = st.query_map([], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// `limit` articles from position `offset` of [`Store::list_articles`].
    pub fn list_articles_range(&self, offset: usize, limit: usize) -> Result<Vec<ArticleSummary>> {
        let clamp = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        // the page's ids first (sorting the bare rows), so the summary columns (a sentence count,
        // the text length) are computed for the page only, not for the whole library
        let mut st = self.conn.prepare(&format!(
            "{SUMMARY_SELECT} WHERE a.id IN (SELECT a.id FROM articles a {SUMMARY_ORDER} LIMIT ?1 OFFSET ?2) {SUMMARY_ORDER}"
        ))?;
        let rows = st.query_map(params![clamp(limit), clamp(offset)], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn count_articles(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn article_summary(&self, id: i64) -> Result<ArticleSummary> {
        self.conn
            .query_row(&format!("{SUMMARY_SELECT} WHERE a.id = ?1"), [id], summary_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no article #{id}")))
    }

    pub fn article(&self, id: i64) -> Result<Article> {
        let summary = self.article_summary(id)?;
        let (raw_sha256, encoding, format, ts, te, clean_text, page_text): (
            String,
            String,
            String,
            Option<i64>,
            Option<i64>,
            String,
            String,
        ) = self.conn.query_row(
            "SELECT raw_sha256, encoding, format, title_start, title_end, clean_text,
                    COALESCE(page_text, CAST(raw AS TEXT)) FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )?;
        let mut st = self.conn.prepare("SELECT kind, start, end FROM blocks WHERE article_id = ?1 ORDER BY idx")?;
        let blocks = st
            .query_map([id], |r| {
                let k: String = r.get(0)?;
                Ok(StoredBlock {
                    kind: if k == "subheading" { BlockKind::Subheading } else { BlockKind::Paragraph },
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self.conn.prepare("SELECT idx, start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        let sentences = st
            .query_map([id], |r| {
                let (s, e) = (r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize);
                Ok(StoredSentence { index: r.get::<_, i64>(0)? as usize, start: s, end: e, text: String::new() })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|mut s| {
                s.text = page_text.get(s.start..s.end).unwrap_or_default().to_string();
                s
            })
            .collect();
        Ok(Article {
            summary,
            raw_sha256,
            encoding,
            format,
            title_span: match (ts, te) {
                (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
                _ => None,
            },
            clean_text,
            page_text,
            blocks,
            sentences,
        })
    }

    /// The raw bytes exactly as imported.
    pub fn raw(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT raw FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no article #{id}")))
    }

    pub fn outlets(&self) -> Result<Vec<Outlet>> {
        let mut st = self.conn.prepare(
            "SELECT o.id, o.name, o.side, o.country, o.language, (SELECT count(*) FROM articles a WHERE a.outlet_id = o.id)
             FROM outlets o ORDER BY o.name",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Outlet {
                id: r.get(0)?,
                name: r.get(1)?,
                side: r.get(2)?,
                country: r.get(3)?,
                language: r.get(4)?,
                articles: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Change an article's outlet, that outlet's side and the article's publication date, in one
    /// transaction (`None`: unchanged; nothing is changed when any part fails). `outlet`: the
    /// article moves to the outlet of that name, made (on `side`, else 'other') when there is none.
    /// `side` is then set on the article's outlet: a side belongs to an outlet, so every article of
    /// that outlet takes it. `published`: `Some(None)` clears the date.
    /// `language`: the new language's code and the article's sentences split by its rules
    /// (they replace the stored ones, in the search index too; the article is embedded again).
    pub fn edit_article(&mut self, id: i64, outlet: Option<&str>, side: Option<&str>, published: Option<Option<&str>>, language: Option<(&str, &[Span])>) -> Result<()> {
        if let Some(s) = side {
            check_side(s)?;
        }
        let tx = self.conn.transaction()?;
        let current: Option<i64> = tx
            .query_row("SELECT outlet_id FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no article #{id}")))?;
        let outlet_id = match outlet {
            Some(name) => {
                tx.execute("INSERT INTO outlets(name, side) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING", params![name, side.unwrap_or("other")])?;
                let oid: i64 = tx.query_row("SELECT id FROM outlets WHERE name = ?1", [name], |r| r.get(0))?;
                tx.execute("UPDATE articles SET outlet_id = ?1 WHERE id = ?2", [oid, id])?;
                Some(oid)
            }
            None => current,
        };
        if let Some(s) = side {
            let oid = outlet_id.ok_or_else(|| Error::bad_input(format!("article #{id} has no outlet: name its outlet to give it a side (a side belongs to an outlet)")))?;
            tx.execute("UPDATE outlets SET side = ?1 WHERE id = ?2", params![s, oid])?;
        }
        if let Some(p) = published {
            tx.execute("UPDATE articles SET published = ?1 WHERE id = ?2", params![p, id])?;
        }
        if let Some((code, sentences)) = language {
            tx.execute("UPDATE articles SET language = ?1 WHERE id = ?2", params![code, id])?;
            let page_text: String = tx.query_row("SELECT COALESCE(page_text, CAST(raw AS TEXT)) FROM articles WHERE id = ?1", [id], |r| r.get(0))?;
            // (The delete trigger takes the sentences out of the search index.)
            tx.execute("DELETE FROM sentences WHERE article_id = ?1", [id])?;
            insert_sentences(&tx, id, &page_text, sentences)?;
            // Claims may now have other spans: the article's embeddings are completed again.
            tx.execute("DELETE FROM embedded_articles WHERE article_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The project's own lexicon of `kind` ("actors"): its text and the file it came from.
    pub fn lexicon(&self, kind: &str) -> Result<Option<(String, String)>> {
        Ok(self.conn.query_row("SELECT text, source FROM lexicons WHERE kind = ?1", [kind], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// Store (or with `None` remove) the project's own lexicon of `kind`; checked by the caller.
    pub fn set_lexicon(&mut self, kind: &str, text: Option<(&str, &str)>) -> Result<()> {
        match text {
            Some((text, source)) => {
                let now = self.now();
                self.conn.execute(
                    "INSERT INTO lexicons(kind, text, source, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(kind) DO UPDATE SET text = excluded.text, source = excluded.source, updated_at = excluded.updated_at",
                    params![kind, text, source, now],
                )?;
            }
            None => {
                self.conn.execute("DELETE FROM lexicons WHERE kind = ?1", [kind])?;
            }
        }
        Ok(())
    }

    pub fn article_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
    }
}

/// An article's sentences, in order, and their folded texts in the search index (an import, and
/// a language set again).
fn insert_sentences(tx: &Connection, id: i64, page_text: &str, sentences: &[Span]) -> Result<()> {
    let mut st = tx.prepare("INSERT INTO sentences(article_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
    let mut fts = tx.prepare("INSERT INTO sentence_fts(rowid, text) VALUES (?1, ?2)")?;
    for (i, span) in sentences.iter().enumerate() {
        let text = page_text.get(span.start..span.end).ok_or_else(|| Error::bad_input(format!("sentence {i} of article #{id} is outside its text")))?;
        st.execute(params![id, i as i64, span.start as i64, span.end as i64])?;
        fts.execute(params![tx.last_insert_rowid(), crate::text::normalize::fold(text)])?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted(i64),
    Existing(i64),
}

const SUMMARY_SELECT: &str = "SELECT a.id, o.name, COALESCE(o.side, 'other'), a.language, a.published, a.title, a.url,
    a.source_name, a.imported_at, (SELECT count(*) FROM sentences s WHERE s.article_id = a.id), length(a.clean_text)
    FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id";
const SUMMARY_ORDER: &str = "ORDER BY a.published IS NULL, a.published, a.id";

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(0)?,
        outlet: r.get(1)?,
        side: r.get(2)?,
        language: r.get(3)?,
        published: r.get(4)?,
        title: r.get(5)?,
        url: r.get(6)?,
        source_name: r.get(7)?,
        imported_at: r.get(8)?,
        sentence_count: r.get(9)?,
        chars: r.get(10)?,
    })
}

#[cfg(test)]
mod side_tests {
    use super::check_side;

    #[test]
    fn sides_are_the_known_ones_or_well_formed_names_of_ones_own() {
        for ok in ["russian", "ukrainian", "other", "armenian", "kurdish_sdf", "a2", &"x".repeat(32)] {
            assert!(check_side(ok).is_ok(), "{ok:?}");
        }
        for bad in ["", "Russian", "2nd", "_x", "a-b", "with space", "турецкий", &"x".repeat(33)] {
            let e = check_side(bad).unwrap_err();
            assert!(e.message.contains("is not a side name"), "{bad:?}: {}", e.message);
        }
    }

    #[test]
    fn a_letter_or_two_from_a_known_side_is_its_misspelling() {
        for (typo, known) in [
            ("rusian", "russian"),
            ("russain", "russian"),
            ("russians", "russian"),
            ("russia", "russian"),
            ("turksh", "turkish"),
            ("turkishh", "turkish"),
            ("syrian_goverment", "syrian_government"),
            ("syrian_oposition", "syrian_opposition"),
            ("syrain_goverment", "syrian_government"),
            ("ukranian", "ukrainian"),
            ("others", "other"),
            ("ohter", "other"),
        ] {
            let e = check_side(typo).unwrap_err();
            assert!(e.message.contains(&format!("misspelling of '{known}'")), "{typo:?}: {}", e.message);
        }
        // Sides of one's own near a known one but not a slip of the keyboard: a country for
        // its adjective, another conflict's parties, short names.
        for own in ["turkey", "ukraine", "syria", "syrian_kurds", "kurdish", "armenian", "azerbaijani", "iranian", "israeli", "otter_x", "rus"] {
            assert!(check_side(own).is_ok(), "{own:?}: {:?}", check_side(own));
        }
        assert_eq!(super::edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(super::edit_distance(b"ab", b"ba"), 1);
        assert_eq!(super::edit_distance(b"", b"abc"), 3);
    }

    #[test]
    fn labels_of_other_tools_become_side_names() {
        use super::side_from_label;
        assert_eq!(side_from_label("Russian").as_deref(), Some("russian"));
        assert_eq!(side_from_label(" Syrian government ").as_deref(), Some("syrian_government"));
        assert_eq!(side_from_label("pro-Kurdish").as_deref(), Some("pro_kurdish"));
        assert_eq!(side_from_label("syrian_opposition").as_deref(), Some("syrian_opposition"));
        assert_eq!(side_from_label("турецкий"), None);
        assert_eq!(side_from_label(""), None);
    }
}
