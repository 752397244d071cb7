//! Versioned schema migrations, tracked in `PRAGMA user_version`.
//! Append a migration to add a version; never edit one that has shipped.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, ErrorCode, Result};

const MIGRATIONS: &[&str] = &[
    // 1: outlets, articles (raw bytes exactly as read), blocks, sentences, search index.
    r#"
    CREATE TABLE outlets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        side TEXT NOT NULL DEFAULT 'other'
            CHECK (side IN ('russian','turkish','syrian_government','syrian_opposition','other')),
        country TEXT,
        language TEXT
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        outlet_id INTEGER REFERENCES outlets(id),
        source_name TEXT NOT NULL,
        url TEXT,
        title TEXT,
        language TEXT NOT NULL,
        published TEXT,
        imported_at TEXT NOT NULL,
        raw BLOB NOT NULL,
        raw_sha256 TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL,
        format TEXT NOT NULL,
        -- The decoded page all spans index; NULL when it equals the raw bytes (UTF-8, no BOM).
        page_text TEXT,
        clean_text TEXT NOT NULL,
        title_start INTEGER,
        title_end INTEGER
    );
    CREATE INDEX articles_outlet ON articles(outlet_id);
    CREATE TABLE blocks (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('paragraph','subheading')),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        UNIQUE (article_id, idx)
    );
    -- Search indexes hold the folded (normalised) text; rowid = sentences.id / articles.id.
    CREATE VIRTUAL TABLE sentence_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE title_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
        DELETE FROM sentence_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM title_fts WHERE rowid = old.id;
    END;
    "#,
    // 2: sentence embeddings of claims (per model), and which articles are fully embedded.
    r#"
    CREATE TABLE claim_vectors (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        vec BLOB NOT NULL,
        PRIMARY KEY (article_id, model, start, end)
    ) WITHOUT ROWID;
    CREATE TABLE embedded_articles (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        PRIMARY KEY (article_id, model)
    ) WITHOUT ROWID;
    "#,
    // 3: findings — codebook (nested, soft-deletable), codings on article spans or aligned pairs,
    // notes on the project / an article / a selection / a pair / a story, verdicts on pairs.
    // A pair is identified by (a article, a span, b article, b span), stored normalised (the
    // smaller (article, span) first); a missing span (an omission row) is NULL. A story is
    // identified by its smallest article id (story numbers are positions, recomputed).
    r#"
    CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        colour TEXT NOT NULL CHECK (colour GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
        description TEXT,
        parent_id INTEGER REFERENCES codes(id),
        created_at TEXT NOT NULL,
        deleted_at TEXT
    );
    CREATE UNIQUE INDEX codes_live_name ON codes(COALESCE(parent_id, 0), name) WHERE deleted_at IS NULL;
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        code_id INTEGER NOT NULL REFERENCES codes(id),
        target TEXT NOT NULL CHECK (target IN ('selection','pair')),
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER,
        end INTEGER,
        b_article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
        b_start INTEGER,
        b_end INTEGER,
        created_at TEXT NOT NULL
    );
    CREATE INDEX codings_article ON codings(article_id);
    CREATE INDEX codings_b_article ON codings(b_article_id);
    CREATE INDEX codings_code ON codings(code_id);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        target TEXT NOT NULL CHECK (target IN ('project','article','selection','pair','story')),
        article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER,
        end INTEGER,
        b_article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
        b_start INTEGER,
        b_end INTEGER,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX notes_article ON notes(article_id);
    CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        a_article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        a_start INTEGER,
        a_end INTEGER,
        b_article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b_start INTEGER,
        b_end INTEGER,
        action TEXT NOT NULL CHECK (action IN ('confirm','reject','relabel')),
        relation TEXT CHECK (relation IN ('same','paraphrase','contradiction','related','omission')),
        kind TEXT CHECK (kind IN ('numeric','polarity','attribution','framing','none')),
        text TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX verdicts_pair ON verdicts(a_article_id, COALESCE(a_start, -1), COALESCE(a_end, -1),
        b_article_id, COALESCE(b_start, -1), COALESCE(b_end, -1));
    CREATE INDEX verdicts_b_article ON verdicts(b_article_id);
    "#,
    // 4: the library's order (Store::list_articles), so a page of a large library is read from
    // the index instead of sorting every article row (the first screen of 10,000 articles).
    r#"
    CREATE INDEX articles_order ON articles((published IS NULL), published, id);
    "#,
    // 5: an outlet's side is any side name (lowercase ASCII letters, digits and '_', starting
    // with a letter, at most 32: `store::check_side`), not version 1's fixed list, which lacked
    // 'ukrainian' and every side of a conflict other than Syria's. SQLite cannot alter a CHECK:
    // the table is rebuilt (its id, name and rows kept; articles refer to it by id).
    r#"
    CREATE TABLE outlets_new (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        side TEXT NOT NULL DEFAULT 'other'
            CHECK (length(side) BETWEEN 1 AND 32 AND side GLOB '[a-z]*' AND side NOT GLOB '*[^a-z0-9_]*'),
        country TEXT,
        language TEXT
    );
    INSERT INTO outlets_new(id, name, side, country, language) SELECT id, name, side, country, language FROM outlets;
    DROP TABLE outlets;
    ALTER TABLE outlets_new RENAME TO outlets;
    "#,
    // 6: the project's own lexicons (its actors, TOML as data/actors.toml; its framing groups,
    // JSON as data/framing.json), kept in the database so a project carries the lexicons its
    // articles were analysed with.
    r#"
    CREATE TABLE lexicons (
        kind TEXT PRIMARY KEY CHECK (kind IN ('actors', 'framing')),
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    "#,
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Apply the migrations up to version `target` only (tests build databases of older versions
/// with it); a database newer than this build is refused and left untouched.
#[doc(hidden)]
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::new(
            ErrorCode::SchemaTooNew,
            format!(
                "this database has schema version {current}, newer than this Rashomon knows ({SCHEMA_VERSION}); \
                 it was left untouched — open it with a newer Rashomon"
            ),
        ));
    }
    if current >= target {
        return Ok(());
    }
    // A migration that rebuilds a table drops the old one, which foreign keys would refuse (or
    // cascade): they are off while migrating (the pragma is a no-op inside a transaction, so
    // here), each migration is checked with `foreign_key_check` before it commits, and they are
    // put back as they were, whatever happened.
    let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply(conn, current, target);
    conn.pragma_update(None, "foreign_keys", fk)?;
    result
}

fn apply(conn: &mut Connection, current: i64, target: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().take(target.max(0) as usize).skip(current as usize) {
        let version = i as i64 + 1;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Re-check inside the write lock: another process may have migrated meanwhile.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now >= version {
            continue;
        }
        tx.execute_batch(sql)?;
        let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(Error::new(ErrorCode::Database, format!("schema migration {version} would leave rows of {table} referring to missing rows; nothing was changed")));
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
