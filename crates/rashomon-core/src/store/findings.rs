//! What a researcher writes: the codebook, codings, notes and verdicts (migration 2).
//!
//! Invariants: every write is one IMMEDIATE transaction (all of it or nothing); nothing is ever
//! hard-deleted by a code deletion — a deleted code (with its sub-codes) is only marked and can
//! be restored, its codings kept; every span is checked against its article's page text (char
//! boundaries, inside the text) before it is stored; a pair is stored under its normalised key.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Store;
use crate::align::{ContradictionKind, Relation};
use crate::error::{Error, Result};
use crate::span::Span;

/// A code of the codebook.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Code {
    pub id: i64,
    /// A UUID, kept through REFI-QDA export and import.
    pub guid: String,
    pub name: String,
    /// `#RRGGBB`.
    pub colour: String,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
    pub created_at: String,
    /// Set when the code was deleted (it can be restored).
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewCode {
    pub name: String,
    /// `#RRGGBB`; a colour from a fixed palette when omitted.
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// An aligned pair, identified stably by its two articles and the byte spans of its two claims
/// (a span is `None` on the missing side of an omission row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
pub struct PairKey {
    pub a_article: i64,
    pub a: Option<Span>,
    pub b_article: i64,
    pub b: Option<Span>,
}

impl PairKey {
    /// The same pair seen from either side: the smaller (article, span) first.
    pub fn normalised(self) -> PairKey {
        if (self.b_article, self.b) < (self.a_article, self.a) {
            PairKey { a_article: self.b_article, a: self.b, b_article: self.a_article, b: self.a }
        } else {
            self
        }
    }
}

/// What a coding is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CodingTarget {
    /// A byte span of an article's page text.
    Selection { article_id: i64, span: Span },
    /// An aligned pair.
    Pair { pair: PairKey },
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Coding {
    pub id: i64,
    pub guid: String,
    pub code_id: i64,
    pub code_name: String,
    pub target: CodingTarget,
    pub created_at: String,
}

/// What a note is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteTarget {
    Project,
    Article { article_id: i64 },
    Selection { article_id: i64, span: Span },
    Pair { pair: PairKey },
    /// A story, keyed by its smallest article id (story numbers are positions and change as the
    /// library grows; the smallest article id of a story does not, unless the story regroups).
    Story { key_article_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Note {
    pub id: i64,
    pub guid: String,
    pub target: NoteTarget,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictAction {
    /// The computed relation and kind are right.
    Confirm,
    /// The computed label does not hold: the pair counts as `related` (no contradiction).
    Reject,
    /// The researcher's relation and kind replace the computed ones.
    Relabel,
}

impl VerdictAction {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictAction::Confirm => "confirm",
            VerdictAction::Reject => "reject",
            VerdictAction::Relabel => "relabel",
        }
    }
}

/// A researcher's verdict on a pair's computed relation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Verdict {
    pub id: i64,
    pub pair: PairKey,
    pub action: VerdictAction,
    /// For `relabel`: the researcher's relation and kind.
    pub relation: Option<Relation>,
    pub kind: Option<ContradictionKind>,
    /// The researcher's reason, e.g. "numeric contradiction, explained by date".
    pub text: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Verdict {
    /// The label the researcher's verdict gives a pair whose computed label is (`relation`, `kind`).
    pub fn apply(&self, relation: Relation, kind: ContradictionKind) -> (Relation, ContradictionKind) {
        match self.action {
            VerdictAction::Confirm => (relation, kind),
            VerdictAction::Reject => (Relation::Related, ContradictionKind::None),
            VerdictAction::Relabel => {
                let r = self.relation.unwrap_or(relation);
                let k = if r == Relation::Contradiction { self.kind.unwrap_or(kind) } else { ContradictionKind::None };
                (r, k)
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct NewVerdict {
    pub pair: PairKey,
    pub action: VerdictAction,
    /// same | paraphrase | contradiction | related | omission (required for `relabel`).
    #[serde(default)]
    pub relation: Option<String>,
    /// numeric | polarity | attribution | framing | none (for a contradiction).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

pub fn parse_relation(s: &str) -> Result<Relation> {
    Ok(match s {
        "same" => Relation::Same,
        "paraphrase" => Relation::Paraphrase,
        "contradiction" => Relation::Contradiction,
        "related" => Relation::Related,
        "omission" => Relation::Omission,
        _ => return Err(Error::bad_input(format!("unknown relation '{s}'; use one of: same, paraphrase, contradiction, related, omission"))),
    })
}

pub fn parse_kind(s: &str) -> Result<ContradictionKind> {
    Ok(match s {
        "numeric" => ContradictionKind::Numeric,
        "polarity" => ContradictionKind::Polarity,
        "attribution" => ContradictionKind::Attribution,
        "framing" => ContradictionKind::Framing,
        "none" => ContradictionKind::None,
        _ => return Err(Error::bad_input(format!("unknown contradiction kind '{s}'; use one of: numeric, polarity, attribution, framing, none"))),
    })
}

/// Colours given to new codes without one, in turn.
const PALETTE: [&str; 8] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/// A UUID-shaped id derived from `seed` (stable: the same project exports the same guids).
pub fn guid_from(seed: &str) -> String {
    let h = Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5 (name-based, SHA)
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let x = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &x[..8], &x[8..12], &x[12..16], &x[16..20], &x[20..])
}

pub fn check_colour(c: &str) -> Result<()> {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(Error::bad_input(format!("colour '{c}' is not #RRGGBB")))
    }
}

fn span_cols(s: Option<Span>) -> (Option<i64>, Option<i64>) {
    (s.map(|s| s.start as i64), s.map(|s| s.end as i64))
}

fn span_of(start: Option<i64>, end: Option<i64>) -> Option<Span> {
    match (start, end) {
        (Some(s), Some(e)) => Some(Span::new(s as usize, e as usize)),
        _ => None,
    }
}

const CODE_COLS: &str = "id, guid, name, colour, description, parent_id, created_at, deleted_at";

fn code_from_row(r: &Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        guid: r.get(1)?,
        name: r.get(2)?,
        colour: r.get(3)?,
        description: r.get(4)?,
        parent_id: r.get(5)?,
        created_at: r.get(6)?,
        deleted_at: r.get(7)?,
    })
}

impl Store {
    /// Run `f` in one IMMEDIATE transaction: all of it is stored, or nothing.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let v = f(&tx)?;
        tx.commit()?;
        Ok(v)
    }

    /// Check that `span` lies in article `id`'s page text on char boundaries.
    fn check_span(&self, id: i64, span: Span) -> Result<()> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT COALESCE(page_text, CAST(raw AS TEXT)) FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let text = text.ok_or_else(|| Error::not_found(format!("no article #{id}")))?;
        if span.start >= span.end {
            return Err(Error::bad_input(format!("span {}..{} of article #{id} is empty", span.start, span.end)));
        }
        if !span.is_valid_in(&text) {
            return Err(Error::bad_input(format!(
                "span {}..{} is not inside article #{id}'s text ({} bytes) on character boundaries",
                span.start,
                span.end,
                text.len()
            )));
        }
        Ok(())
    }

    fn check_pair(&self, p: &PairKey) -> Result<()> {
        if p.a.is_none() && p.b.is_none() {
            return Err(Error::bad_input("a pair needs the span of at least one of its two claims"));
        }
        for (id, span) in [(p.a_article, p.a), (p.b_article, p.b)] {
            match span {
                Some(s) => self.check_span(id, s)?,
                None => {
                    self.article_summary(id)?;
                }
            }
        }
        Ok(())
    }

    fn next_id(conn: &rusqlite::Connection, table: &str) -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"), [], |r| r.get(0))?)
    }

    pub fn code(&self, id: i64) -> Result<Code> {
        self.conn
            .query_row(&format!("SELECT {CODE_COLS} FROM codes WHERE id = ?1"), [id], code_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no code #{id}")))
    }

    pub fn code_by_guid(&self, guid: &str) -> Result<Option<Code>> {
        Ok(self.conn.query_row(&format!("SELECT {CODE_COLS} FROM codes WHERE guid = ?1"), [guid], code_from_row).optional()?)
    }

    /// A live code named `name` under `parent`.
    pub fn code_named(&self, name: &str, parent: Option<i64>) -> Result<Option<Code>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CODE_COLS} FROM codes WHERE name = ?1 AND COALESCE(parent_id, 0) = ?2 AND deleted_at IS NULL"),
                params![name, parent.unwrap_or(0)],
                code_from_row,
            )
            .optional()?)
    }

    /// Whether a coding or note with this guid is stored (imports skip what they brought before).
    pub fn finding_guid_exists(&self, guid: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM codings WHERE guid = ?1) OR EXISTS(SELECT 1 FROM notes WHERE guid = ?1)",
            [guid],
            |r| r.get(0),
        )?)
    }

    pub fn find_code(&self, name: &str) -> Result<Option<Code>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {CODE_COLS} FROM codes WHERE name = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1"), [name], code_from_row)
            .optional()?)
    }

    /// Add a code to the codebook. `guid` keeps an imported code's id; a new code gets one.
    pub fn add_code(&mut self, new: &NewCode, guid: Option<&str>) -> Result<Code> {
        let name = new.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::bad_input("a code needs a name"));
        }
        if let Some(c) = &new.colour {
            check_colour(c)?;
        }
        if let Some(p) = new.parent_id {
            let parent = self.code(p)?;
            if parent.deleted_at.is_some() {
                return Err(Error::bad_input(format!("parent code #{p} '{}' is deleted; restore it first", parent.name)));
            }
        }
        let now = self.now();
        let id = self.write(|tx| {
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM codes WHERE name = ?1 AND COALESCE(parent_id, 0) = ?2 AND deleted_at IS NULL",
                    params![name, new.parent_id.unwrap_or(0)],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(t) = taken {
                return Err(Error::bad_input(format!("a code named '{name}' already exists here (#{t})")));
            }
            let id = Self::next_id(tx, "codes")?;
            let colour = new.colour.clone().unwrap_or_else(|| PALETTE[(id as usize - 1) % PALETTE.len()].to_string());
            let guid = guid.map(str::to_owned).unwrap_or_else(|| guid_from(&format!("code:{id}:{name}:{now}")));
            tx.execute(
                "INSERT INTO codes(id, guid, name, colour, description, parent_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, guid, name, colour.to_ascii_lowercase(), new.description, new.parent_id, now],
            )?;
            Ok(id)
        })?;
        self.code(id)
    }

    /// The codebook, parents before children, by name; deleted codes only when asked for.
    pub fn codes(&self, include_deleted: bool) -> Result<Vec<Code>> {
        let filter = if include_deleted { "" } else { "WHERE deleted_at IS NULL" };
        let mut st = self.conn.prepare(&format!("SELECT {CODE_COLS} FROM codes {filter} ORDER BY name, id"))?;
        let all = st.query_map([], code_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        // Depth-first: each parent followed by its children.
        let mut out = Vec::with_capacity(all.len());
        fn visit(all: &[Code], parent: Option<i64>, out: &mut Vec<Code>) {
            for c in all.iter().filter(|c| c.parent_id == parent) {
                out.push(c.clone());
                visit(all, Some(c.id), out);
            }
        }
        visit(&all, None, &mut out);
        // Children of a deleted parent when deleted codes are hidden cannot happen (deletion
        // takes the subtree); orphans of any other kind go last rather than vanish.
        for c in &all {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c.clone());
            }
        }
        Ok(out)
    }

    /// Mark a code and its sub-codes deleted (their codings are kept, hidden); undo with
    /// [`Store::restore_code`]. Returns the codes deleted.
    pub fn delete_code(&mut self, id: i64) -> Result<Vec<Code>> {
        let code = self.code(id)?;
        if code.deleted_at.is_some() {
            return Err(Error::bad_input(format!("code #{id} '{}' is already deleted", code.name)));
        }
        let now = self.now();
        let ids = self.write(|tx| {
            let ids = subtree(tx, id, None)?;
            for i in &ids {
                tx.execute("UPDATE codes SET deleted_at = ?2 WHERE id = ?1", params![i, now])?;
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|i| self.code(i)).collect()
    }

    /// Restore a deleted code and the sub-codes deleted with it.
    pub fn restore_code(&mut self, id: i64) -> Result<Vec<Code>> {
        let code = self.code(id)?;
        let Some(stamp) = code.deleted_at.clone() else {
            return Err(Error::bad_input(format!("code #{id} '{}' is not deleted", code.name)));
        };
        if let Some(p) = code.parent_id {
            if self.code(p)?.deleted_at.is_some() {
                return Err(Error::bad_input(format!("the parent of code #{id} is deleted; restore the parent #{p}")));
            }
        }
        let ids = self.write(|tx| {
            let ids = subtree(tx, id, Some(&stamp))?;
            for i in &ids {
                let c: (String, Option<i64>) = tx.query_row("SELECT name, parent_id FROM codes WHERE id = ?1", [i], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let clash: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM codes WHERE name = ?1 AND COALESCE(parent_id, 0) = ?2 AND deleted_at IS NULL",
                        params![c.0, c.1.unwrap_or(0)],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(other) = clash {
                    return Err(Error::bad_input(format!("cannot restore '{}': code #{other} now has that name", c.0)));
                }
                tx.execute("UPDATE codes SET deleted_at = NULL WHERE id = ?1", [i])?;
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|i| self.code(i)).collect()
    }

    /// Apply a live code to a selection or a pair.
    pub fn add_coding(&mut self, code_id: i64, target: &CodingTarget, guid: Option<&str>) -> Result<Coding> {
        let code = self.code(code_id)?;
        if code.deleted_at.is_some() {
            return Err(Error::bad_input(format!("code #{code_id} '{}' is deleted; restore it first", code.name)));
        }
        let target = match target {
            CodingTarget::Selection { article_id, span } => {
                self.check_span(*article_id, *span)?;
                target.clone()
            }
            CodingTarget::Pair { pair } => {
                self.check_pair(pair)?;
                CodingTarget::Pair { pair: pair.normalised() }
            }
        };
        let now = self.now();
        let id = self.write(|tx| {
            let id = Self::next_id(tx, "codings")?;
            let guid = guid.map(str::to_owned).unwrap_or_else(|| guid_from(&format!("coding:{id}:{code_id}:{now}")));
            let (kind, a, sa, b, sb) = match &target {
                CodingTarget::Selection { article_id, span } => ("selection", *article_id, Some(*span), None, None),
                CodingTarget::Pair { pair } => ("pair", pair.a_article, pair.a, Some(pair.b_article), pair.b),
            };
            let ((s, e), (bs, be)) = (span_cols(sa), span_cols(sb));
            tx.execute(
                "INSERT INTO codings(id, guid, code_id, target, article_id, start, end, b_article_id, b_start, b_end, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![id, guid, code_id, kind, a, s, e, b, bs, be, now],
            )?;
            Ok(id)
        })?;
        self.coding(id)
    }

    pub fn coding(&self, id: i64) -> Result<Coding> {
        self.query_codings("WHERE c.id = ?1", params![id])?.pop().ok_or_else(|| Error::not_found(format!("no coding #{id}")))
    }

    /// Codings of live codes (of one article, on either side of a pair, when `article` is given).
    pub fn codings(&self, article: Option<i64>) -> Result<Vec<Coding>> {
        match article {
            Some(a) => self.query_codings("WHERE k.deleted_at IS NULL AND (c.article_id = ?1 OR c.b_article_id = ?1)", params![a]),
            None => self.query_codings("WHERE k.deleted_at IS NULL", params![]),
        }
    }

    fn query_codings(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Coding>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT c.id, c.guid, c.code_id, k.name, c.target, c.article_id, c.start, c.end, c.b_article_id, c.b_start, c.b_end, c.created_at
             FROM codings c JOIN codes k ON k.id = c.code_id {filter} ORDER BY c.article_id, c.start, c.id"
        ))?;
        let rows = st.query_map(p, |r| {
            let kind: String = r.get(4)?;
            let a: i64 = r.get(5)?;
            let sa = span_of(r.get(6)?, r.get(7)?);
            let target = if kind == "pair" {
                CodingTarget::Pair { pair: PairKey { a_article: a, a: sa, b_article: r.get::<_, Option<i64>>(8)?.unwrap_or(a), b: span_of(r.get(9)?, r.get(10)?) } }
            } else {
                CodingTarget::Selection { article_id: a, span: sa.unwrap_or(Span::new(0, 0)) }
            };
            Ok(Coding { id: r.get(0)?, guid: r.get(1)?, code_id: r.get(2)?, code_name: r.get(3)?, target, created_at: r.get(11)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn delete_coding(&mut self, id: i64) -> Result<Coding> {
        let c = self.coding(id)?;
        self.write(|tx| Ok(tx.execute("DELETE FROM codings WHERE id = ?1", [id])?))?;
        Ok(c)
    }

    pub fn add_note(&mut self, target: &NoteTarget, text: &str, guid: Option<&str>) -> Result<Note> {
        if text.trim().is_empty() {
            return Err(Error::bad_input("a note needs text"));
        }
        let target = match target {
            NoteTarget::Project => NoteTarget::Project,
            NoteTarget::Article { article_id } | NoteTarget::Story { key_article_id: article_id } => {
                self.article_summary(*article_id)?;
                target.clone()
            }
            NoteTarget::Selection { article_id, span } => {
                self.check_span(*article_id, *span)?;
                target.clone()
            }
            NoteTarget::Pair { pair } => {
                self.check_pair(pair)?;
                NoteTarget::Pair { pair: pair.normalised() }
            }
        };
        let now = self.now();
        let id = self.write(|tx| {
            let id = Self::next_id(tx, "notes")?;
            let guid = guid.map(str::to_owned).unwrap_or_else(|| guid_from(&format!("note:{id}:{now}")));
            let (kind, a, sa, b, sb) = match &target {
                NoteTarget::Project => ("project", None, None, None, None),
                NoteTarget::Article { article_id } => ("article", Some(*article_id), None, None, None),
                NoteTarget::Story { key_article_id } => ("story", Some(*key_article_id), None, None, None),
                NoteTarget::Selection { article_id, span } => ("selection", Some(*article_id), Some(*span), None, None),
                NoteTarget::Pair { pair } => ("pair", Some(pair.a_article), pair.a, Some(pair.b_article), pair.b),
            };
            let ((s, e), (bs, be)) = (span_cols(sa), span_cols(sb));
            tx.execute(
                "INSERT INTO notes(id, guid, target, article_id, start, end, b_article_id, b_start, b_end, text, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                params![id, guid, kind, a, s, e, b, bs, be, text, now],
            )?;
            Ok(id)
        })?;
        self.note(id)
    }

    pub fn note(&self, id: i64) -> Result<Note> {
        self.query_notes("WHERE id = ?1", params![id])?.pop().ok_or_else(|| Error::not_found(format!("no note #{id}")))
    }

    pub fn notes(&self) -> Result<Vec<Note>> {
        self.query_notes("", params![])
    }

    /// Replace a note's text (the old text is gone; the note keeps its id and creation time).
    pub fn update_note(&mut self, id: i64, text: &str) -> Result<Note> {
        self.note(id)?;
        if text.trim().is_empty() {
            return Err(Error::bad_input("a note needs text"));
        }
        let now = self.now();
        self.write(|tx| Ok(tx.execute("UPDATE notes SET text = ?2, updated_at = ?3 WHERE id = ?1", params![id, text, now])?))?;
        self.note(id)
    }

    pub fn delete_note(&mut self, id: i64) -> Result<Note> {
        let n = self.note(id)?;
        self.write(|tx| Ok(tx.execute("DELETE FROM notes WHERE id = ?1", [id])?))?;
        Ok(n)
    }

    fn query_notes(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Note>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, guid, target, article_id, start, end, b_article_id, b_start, b_end, text, created_at, updated_at
             FROM notes {filter} ORDER BY id"
        ))?;
        let rows = st.query_map(p, |r| {
            let kind: String = r.get(2)?;
            let a: Option<i64> = r.get(3)?;
            let sa = span_of(r.get(4)?, r.get(5)?);
            let target = match (kind.as_str(), a) {
                ("article", Some(a)) => NoteTarget::Article { article_id: a },
                ("story", Some(a)) => NoteTarget::Story { key_article_id: a },
                ("selection", Some(a)) => NoteTarget::Selection { article_id: a, span: sa.unwrap_or(Span::new(0, 0)) },
                ("pair", Some(a)) => NoteTarget::Pair {
                    pair: PairKey { a_article: a, a: sa, b_article: r.get::<_, Option<i64>>(6)?.unwrap_or(a), b: span_of(r.get(7)?, r.get(8)?) },
                },
                _ => NoteTarget::Project,
            };
            Ok(Note { id: r.get(0)?, guid: r.get(1)?, target, text: r.get(9)?, created_at: r.get(10)?, updated_at: r.get(11)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Set (or replace) the verdict on a pair.
    pub fn set_verdict(&mut self, v: &NewVerdict) -> Result<Verdict> {
        self.check_pair(&v.pair)?;
        let relation = v.relation.as_deref().map(parse_relation).transpose()?;
        let kind = v.kind.as_deref().map(parse_kind).transpose()?;
        if v.action == VerdictAction::Relabel && relation.is_none() {
            return Err(Error::bad_input("relabel needs the new relation (same, paraphrase, contradiction, related, omission)"));
        }
        if v.action != VerdictAction::Relabel && (relation.is_some() || kind.is_some()) {
            return Err(Error::bad_input(format!("{} takes no relation or kind; use relabel to give one", v.action.as_str())));
        }
        if kind.is_some_and(|k| k != ContradictionKind::None) && relation != Some(Relation::Contradiction) {
            return Err(Error::bad_input("a contradiction kind goes with the relation 'contradiction'"));
        }
        let kind = match relation {
            Some(Relation::Contradiction) => Some(kind.unwrap_or(ContradictionKind::None)),
            Some(_) => Some(ContradictionKind::None),
            None => None,
        };
        let p = v.pair.normalised();
        let now = self.now();
        let text = v.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let id = self.write(|tx| {
            let ((sa, ea), (sb, eb)) = (span_cols(p.a), span_cols(p.b));
            let existing: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, created_at FROM verdicts WHERE a_article_id = ?1 AND a_start IS ?2 AND a_end IS ?3
                       AND b_article_id = ?4 AND b_start IS ?5 AND b_end IS ?6",
                    params![p.a_article, sa, ea, p.b_article, sb, eb],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (id, created) = match existing {
                Some((id, created)) => {
                    tx.execute("DELETE FROM verdicts WHERE id = ?1", [id])?;
                    (id, created)
                }
                None => (Self::next_id(tx, "verdicts")?, now.clone()),
            };
            tx.execute(
                "INSERT INTO verdicts(id, a_article_id, a_start, a_end, b_article_id, b_start, b_end, action, relation, kind, text, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![id, p.a_article, sa, ea, p.b_article, sb, eb, v.action.as_str(), relation.map(|r| r.as_str()), kind.map(|k| k.as_str()), text, created, now],
            )?;
            Ok(id)
        })?;
        self.query_verdicts("WHERE id = ?1", params![id])?.pop().ok_or_else(|| Error::not_found(format!("no verdict #{id}")))
    }

    /// Remove the verdict on a pair (back to the computed label). Returns what was removed.
    pub fn clear_verdict(&mut self, pair: &PairKey) -> Result<Option<Verdict>> {
        let p = pair.normalised();
        let found = self.verdicts_between(p.a_article, p.b_article)?.into_iter().find(|v| v.pair == p);
        if let Some(v) = &found {
            let id = v.id;
            self.write(|tx| Ok(tx.execute("DELETE FROM verdicts WHERE id = ?1", [id])?))?;
        }
        Ok(found)
    }

    pub fn verdicts(&self) -> Result<Vec<Verdict>> {
        self.query_verdicts("", params![])
    }

    /// Verdicts on pairs between two articles (either order).
    pub fn verdicts_between(&self, a: i64, b: i64) -> Result<Vec<Verdict>> {
        self.query_verdicts("WHERE (a_article_id = ?1 AND b_article_id = ?2) OR (a_article_id = ?2 AND b_article_id = ?1)", params![a, b])
    }

    fn query_verdicts(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Verdict>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, a_article_id, a_start, a_end, b_article_id, b_start, b_end, action, relation, kind, text, created_at, updated_at
             FROM verdicts {filter} ORDER BY a_article_id, b_article_id, a_start, b_start, id"
        ))?;
        let rows = st.query_map(p, |r| {
            let action: String = r.get(7)?;
            let rel: Option<String> = r.get(8)?;
            let kind: Option<String> = r.get(9)?;
            Ok(Verdict {
                id: r.get(0)?,
                pair: PairKey { a_article: r.get(1)?, a: span_of(r.get(2)?, r.get(3)?), b_article: r.get(4)?, b: span_of(r.get(5)?, r.get(6)?) },
                action: match action.as_str() {
                    "confirm" => VerdictAction::Confirm,
                    "reject" => VerdictAction::Reject,
                    _ => VerdictAction::Relabel,
                },
                relation: rel.as_deref().and_then(|s| parse_relation(s).ok()),
                kind: kind.as_deref().and_then(|s| parse_kind(s).ok()),
                text: r.get(10)?,
                created_at: r.get(11)?,
                updated_at: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Copy the whole project into one self-contained SQLite file at `dest` (`VACUUM INTO` a
    /// temporary name in the same directory, fsync, then rename: an existing file is replaced
    /// only by a complete copy).
    pub fn save_as(&self, dest: &std::path::Path) -> Result<u64> {
        let name = dest.display().to_string();
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(Error::new(crate::error::ErrorCode::NotFound, format!("{name}: the folder {} does not exist", dir.display())));
        }
        if let (Some(src), Ok(d)) = (self.path.as_ref().and_then(|p| p.canonicalize().ok()), dest.canonicalize()) {
            if src == d {
                return Err(Error::bad_input(format!("{name}: this is the open project itself")));
            }
        }
        let file = dest.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| "project".into());
        let tmp = dir.join(format!(".{file}.{}.{}.tmp", std::process::id(), unique()));
        let result = (|| -> Result<u64> {
            self.conn
                .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
                .map_err(|e| Error::new(crate::error::ErrorCode::Io, format!("{name}: cannot write the copy: {e}")))?;
            let f = std::fs::File::open(&tmp).map_err(|e| Error::new(crate::error::ErrorCode::Io, format!("{name}: {e}")))?;
            f.sync_all().map_err(|e| Error::new(crate::error::ErrorCode::Io, format!("{name}: {e}")))?;
            let len = f.metadata()?.len();
            std::fs::rename(&tmp, dest).map_err(|e| Error::new(crate::error::ErrorCode::Io, format!("{name}: {e}")))?;
            if let Ok(d) = std::fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(len)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// A process-unique counter for temporary names.
pub(crate) fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Ids of code `id` and its descendants (only those deleted at `stamp` when given).
fn subtree(tx: &rusqlite::Connection, id: i64, stamp: Option<&str>) -> Result<Vec<i64>> {
    let mut out = vec![id];
    let mut i = 0;
    while i < out.len() {
        let mut st = tx.prepare("SELECT id, deleted_at FROM codes WHERE parent_id = ?1 ORDER BY id")?;
        let kids = st
            .query_map([out[i]], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (k, del) in kids {
            let take = match stamp {
                Some(s) => del.as_deref() == Some(s),
                None => del.is_none(),
            };
            if take {
                out.push(k);
            }
        }
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewArticle, Store};

    fn store_with_article(text: &str) -> (Store, i64) {
        let mut s = Store::open_in_memory().unwrap();
        s.set_fixed_time(Some("2024-01-02T03:04:05Z".into()));
        let a = NewArticle {
            outlet: None,
            source_name: "a.txt".into(),
            url: None,
            title: None,
            language: "ar".into(),
            published: None,
            raw: text.as_bytes().to_vec(),
            raw_sha256: hex::encode(Sha256::digest(text.as_bytes())),
            encoding: "UTF-8".into(),
            format: "txt".into(),
            page_text: text.into(),
            clean_text: text.into(),
            title_span: None,
            blocks: vec![],
            sentences: vec![],
        };
        let id = match s.insert_article(&a).unwrap() {
            crate::store::InsertOutcome::Inserted(id) => id,
            _ => unreachable!(),
        };
        (s, id)
    }

    #[test]
    fn codes_nest_delete_and_restore_with_their_codings() {
        let (mut s, art) = store_with_article("قال الوزير إن 33 جنديا قتلوا");
        let parent = s.add_code(&NewCode { name: "casualties".into(), ..Default::default() }, None).unwrap();
        let child = s.add_code(&NewCode { name: "soldiers".into(), parent_id: Some(parent.id), colour: Some("#AABBCC".into()), ..Default::default() }, None).unwrap();
        assert_eq!(child.colour, "#aabbcc");
        assert!(s.add_code(&NewCode { name: "casualties".into(), ..Default::default() }, None).is_err(), "duplicate live name");
        let coding = s.add_coding(child.id, &CodingTarget::Selection { article_id: art, span: Span::new(0, 6) }, None).unwrap();
        assert_eq!(s.codings(Some(art)).unwrap(), vec![coding.clone()]);
        let gone = s.delete_code(parent.id).unwrap();
        assert_eq!(gone.len(), 2);
        assert!(s.codes(false).unwrap().is_empty());
        assert!(s.codings(None).unwrap().is_empty(), "codings of deleted codes are hidden");
        assert!(s.add_coding(child.id, &CodingTarget::Selection { article_id: art, span: Span::new(0, 6) }, None).is_err());
        let back = s.restore_code(parent.id).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(s.codes(false).unwrap().iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["casualties", "soldiers"]);
        assert_eq!(s.codings(None).unwrap(), vec![coding]);
    }

    #[test]
    fn spans_must_be_inside_the_text_on_char_boundaries() {
        let (mut s, art) = store_with_article("قال الوزير");
        let c = s.add_code(&NewCode { name: "x".into(), ..Default::default() }, None).unwrap();
        for bad in [Span::new(1, 4), Span::new(0, 1000), Span::new(2, 2)] {
            let e = s.add_coding(c.id, &CodingTarget::Selection { article_id: art, span: bad }, None).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::BadInput, "{bad:?}: {}", e.message);
        }
        assert!(s.add_coding(c.id, &CodingTarget::Selection { article_id: art + 1, span: Span::new(0, 2) }, None).is_err());
        assert!(s.codings(None).unwrap().is_empty(), "nothing stored by failed writes");
        assert!(s.add_code(&NewCode { name: "y".into(), colour: Some("red".into()), ..Default::default() }, None).is_err());
    }

    #[test]
    fn verdicts_are_one_per_pair_whichever_side_first() {
        let (mut s, art) = store_with_article("one two three four five six");
        let key = PairKey { a_article: art, a: Some(Span::new(8, 13)), b_article: art, b: Some(Span::new(0, 3)) };
        let v = s.set_verdict(&NewVerdict { pair: key, action: VerdictAction::Reject, relation: None, kind: None, text: Some("not a contradiction".into()) }).unwrap();
        assert_eq!(v.pair, key.normalised());
        assert_eq!(v.apply(Relation::Contradiction, ContradictionKind::Numeric), (Relation::Related, ContradictionKind::None));
        let swapped = PairKey { a_article: art, a: key.b, b_article: art, b: key.a };
        let v2 = s
            .set_verdict(&NewVerdict { pair: swapped, action: VerdictAction::Relabel, relation: Some("contradiction".into()), kind: Some("numeric".into()), text: Some("explained by date".into()) })
            .unwrap();
        assert_eq!(v2.id, v.id);
        assert_eq!(s.verdicts().unwrap().len(), 1);
        assert_eq!(v2.apply(Relation::Same, ContradictionKind::None), (Relation::Contradiction, ContradictionKind::Numeric));
        assert!(s.set_verdict(&NewVerdict { pair: key, action: VerdictAction::Relabel, relation: None, kind: None, text: None }).is_err());
        assert!(s.set_verdict(&NewVerdict { pair: key, action: VerdictAction::Relabel, relation: Some("same".into()), kind: Some("numeric".into()), text: None }).is_err());
        assert!(s.clear_verdict(&swapped).unwrap().is_some());
        assert!(s.verdicts().unwrap().is_empty());
    }

    #[test]
    fn notes_on_every_target() {
        let (mut s, art) = store_with_article("one two three");
        let targets = [
            NoteTarget::Project,
            NoteTarget::Article { article_id: art },
            NoteTarget::Selection { article_id: art, span: Span::new(4, 7) },
            NoteTarget::Pair { pair: PairKey { a_article: art, a: Some(Span::new(0, 3)), b_article: art, b: None } },
            NoteTarget::Story { key_article_id: art },
        ];
        for t in &targets {
            s.add_note(t, "memo", None).unwrap();
        }
        let notes = s.notes().unwrap();
        let want: Vec<NoteTarget> = targets
            .iter()
            .map(|t| match t {
                NoteTarget::Pair { pair } => NoteTarget::Pair { pair: pair.normalised() },
                t => t.clone(),
            })
            .collect();
        assert_eq!(notes.iter().map(|n| n.target.clone()).collect::<Vec<_>>(), want);
        let n = s.update_note(notes[0].id, "edited").unwrap();
        assert_eq!(n.text, "edited");
        assert!(s.add_note(&NoteTarget::Project, "  ", None).is_err());
    }
}
