//! Exports: what the researcher found, in the formats a paper, a spreadsheet or a QDA tool
//! reads. One module per format; [`gather`] builds one [`ExportData`] (the content every format
//! shares, and the JSON export itself), and every file is written through [`atomic`].
//!
//! Invariants: the same project and the same `exported_at` give byte-identical output (ids,
//! guids and order are derived from the data, never from the clock or a random source); an
//! export never leaves a half-written file (temp file in the same folder + fsync + rename).

pub mod atomic;
pub mod cite;
pub mod csv;
pub mod html;
pub mod json;
pub mod md;
pub mod qdpx;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::align::{ContradictionKind, DiffOp, Relation};
use crate::api::{self, LabelSource, RelationCounts};
use crate::error::{Error, Result};
use crate::span::Span;
use crate::store::findings::{guid_from, Code, CodingTarget, NoteTarget, PairKey, Verdict, VerdictAction};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    Csv,
    Json,
    Html,
    Md,
    Qdpx,
    CslJson,
    Bibtex,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 7] = [Self::Csv, Self::Json, Self::Html, Self::Md, Self::Qdpx, Self::CslJson, Self::Bibtex];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Html => "html",
            Self::Md => "md",
            Self::Qdpx => "qdpx",
            Self::CslJson => "csl-json",
            Self::Bibtex => "bibtex",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| Error::bad_input(format!("unknown export format '{s}'; use one of: csv, json, html, md, qdpx, csl-json, bibtex")))
    }
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Html => "html",
            Self::Md => "md",
            Self::Qdpx => "qdpx",
            Self::CslJson => "json",
            Self::Bibtex => "bib",
        }
    }
}

/// What to export: everything (each story's pairs), one story, or chosen articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportScope {
    /// A story number as `api::stories` numbers them now.
    #[serde(default)]
    pub story: Option<usize>,
    /// Article ids: every pair among them is compared.
    #[serde(default)]
    pub articles: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportReport {
    pub format: ExportFormat,
    /// Files written (CSV writes three: pairs, claims, numbers).
    pub files: Vec<String>,
    pub articles: usize,
    pub pairs: usize,
}

/// Everything an export holds. Serialised as-is, this is the JSON export
/// (schema: `data/export.schema.json`).
#[derive(Debug, Clone, Serialize)]
pub struct ExportData {
    pub format: &'static str,
    pub format_version: u32,
    pub generator: String,
    /// How the comparisons were made, for a paper's methods section.
    pub method: ExMethod,
    pub exported_at: String,
    pub scope: ExportScope,
    pub articles: Vec<ExArticle>,
    pub stories: Vec<ExStory>,
    pub pairs: Vec<ExPair>,
    pub claims: Vec<ExClaim>,
    pub numbers: Vec<ExNumber>,
    pub codes: Vec<Code>,
    pub codings: Vec<ExCoding>,
    pub notes: Vec<ExNote>,
    pub verdicts: Vec<Verdict>,
}

/// How the comparisons of an export were made.
#[derive(Debug, Clone, Serialize)]
pub struct ExMethod {
    /// The sentence-embedding model the claims were aligned with across languages, or None:
    /// aligned by their words only (the model was not installed or was switched off).
    pub embedding_model: Option<String>,
    /// The project's own lexicons merged on top of the built-in ones.
    pub lexicons: Vec<ExLexicon>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExLexicon {
    /// actors | framing
    pub kind: &'static str,
    /// The file it was read from.
    pub source: String,
    /// Actors or framing groups it defines or extends.
    pub entries: usize,
}

impl ExMethod {
    /// One sentence for a report: "Claims aligned by their words and the sentence embeddings of
    /// MODEL; lexicons: built-in, with the project's actors from FILE (2)."
    pub fn sentence(&self) -> String {
        let how = match &self.embedding_model {
            Some(m) => format!("Claims aligned by their words and by multilingual sentence embeddings ({m})"),
            None => "Claims aligned by their words only (no sentence-embedding model)".to_string(),
        };
        let own: Vec<String> = self.lexicons.iter().map(|l| format!("{} from {} ({})", l.kind, l.source, l.entries)).collect();
        if own.is_empty() {
            format!("{how}; the built-in lexicons of actors and framing.")
        } else {
            format!("{how}; the built-in lexicons of actors and framing, with the project's own {}.", own.join(" and "))
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ExArticle {
    pub id: i64,
    /// Stable across projects: derived from the raw bytes' sha256.
    pub guid: String,
    pub story: Option<usize>,
    pub outlet: Option<String>,
    pub side: String,
    pub language: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source_name: String,
    pub raw_sha256: String,
    /// Length of the page text in characters (the text codings' character offsets index).
    pub chars: usize,
    #[serde(skip)]
    pub page_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExStory {
    pub number: usize,
    /// The story's smallest article id: what notes about the story are keyed by.
    pub key_article_id: i64,
    pub title: Option<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub article_ids: Vec<i64>,
    pub counts: RelationCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExSide {
    pub article_id: i64,
    pub outlet: Option<String>,
    pub side: String,
    pub language: String,
    pub published: Option<String>,
    pub clauses: Vec<usize>,
    pub text: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExPair {
    pub story: Option<usize>,
    pub key: PairKey,
    pub a: Option<ExSide>,
    pub b: Option<ExSide>,
    /// The label in force: the researcher's when `label_source` is `researcher`.
    pub relation: Relation,
    pub kind: ContradictionKind,
    pub computed_relation: Relation,
    pub computed_kind: ContradictionKind,
    pub score: f64,
    pub label_source: LabelSource,
    pub verdict: Option<VerdictAction>,
    pub verdict_text: Option<String>,
    pub explanation: Option<String>,
    /// Codes on the pair or on a selection overlapping either claim.
    pub codes: Vec<String>,
    /// Notes on the pair or on a selection overlapping either claim.
    pub notes: Vec<String>,
    pub diff: Vec<DiffOp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExClaim {
    pub article_id: i64,
    pub outlet: Option<String>,
    pub side: String,
    pub language: String,
    pub published: Option<String>,
    /// Index of the claim (clause) in its article.
    pub index: usize,
    pub sentence: usize,
    pub text: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub speaker: Option<String>,
    pub speaker_actor: Option<String>,
    pub speaker_side: Option<String>,
    pub verb: Option<String>,
    pub quote: Option<String>,
    pub negated: bool,
    pub numbers: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExNumber {
    pub article_id: i64,
    pub outlet: Option<String>,
    pub side: String,
    pub claim_index: usize,
    pub text: String,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<String>,
    pub counted: Option<String>,
    pub event: Option<String>,
    pub vague: bool,
    pub speaker: Option<String>,
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExCoding {
    pub id: i64,
    pub guid: String,
    pub code_id: i64,
    pub code: String,
    /// `selection` or `pair`.
    pub target: &'static str,
    pub article_id: i64,
    pub byte_start: Option<usize>,
    pub byte_end: Option<usize>,
    pub char_start: Option<usize>,
    pub char_end: Option<usize>,
    pub text: Option<String>,
    pub b_article_id: Option<i64>,
    pub b_byte_start: Option<usize>,
    pub b_byte_end: Option<usize>,
    pub b_char_start: Option<usize>,
    pub b_char_end: Option<usize>,
    pub b_text: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExNote {
    pub id: i64,
    pub guid: String,
    pub target: NoteTarget,
    /// What the note is about, for people ("article #3", "story 2", "pair #3 ~ #5", …).
    pub about: String,
    /// The quoted selection, for a note on a selection.
    pub quote: Option<String>,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Byte offset → character offset in one text.
pub struct CharIndex {
    /// Character index of each byte offset (valid at char boundaries), one past the end included.
    map: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut map = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for k in 0..c.len_utf8() {
                map[i + k] = n;
            }
            n += 1;
        }
        map[text.len()] = n;
        CharIndex { map }
    }
    pub fn char_at(&self, byte: usize) -> usize {
        self.map.get(byte).copied().unwrap_or(*self.map.last().unwrap_or(&0)) as usize
    }
    /// The byte offset of character `ch` (the text's length past the end), or `None` if out of range.
    pub fn byte_of(&self, text: &str, ch: usize) -> Option<usize> {
        if ch == self.char_at(text.len()) {
            return Some(text.len());
        }
        text.char_indices().nth(ch).map(|(b, _)| b)
    }
}

/// The article guid used in every export (from the raw bytes: the same page, the same guid).
pub fn article_guid(raw_sha256: &str) -> String {
    guid_from(&format!("article:{raw_sha256}"))
}

/// Gather what `scope` covers. `exported_at` is the stamp written in the files (RFC 3339).
pub fn gather(store: &Store, scope: &ExportScope, exported_at: &str) -> Result<ExportData> {
    let stories = api::stories(store)?;
    let story_of: HashMap<i64, usize> = stories.iter().flat_map(|s| s.articles.iter().map(move |a| (a.id, s.id))).collect();
    // Groups of articles whose pairs are compared, with their story number.
    let mut groups: Vec<(Option<usize>, Vec<i64>)> = Vec::new();
    match (&scope.story, &scope.articles) {
        (Some(_), Some(_)) => return Err(Error::bad_input("export either a story or a list of articles, not both")),
        (Some(n), None) => {
            let s = stories.get(n.wrapping_sub(1)).ok_or_else(|| Error::not_found(format!("no story #{n} (there are {})", stories.len())))?;
            let mut ids: Vec<i64> = s.articles.iter().map(|a| a.id).collect();
            ids.sort_unstable();
            groups.push((Some(s.id), ids));
        }
        (None, Some(list)) => {
            if list.is_empty() {
                return Err(Error::bad_input("no articles given to export"));
            }
            let mut ids = list.clone();
            ids.sort_unstable();
            ids.dedup();
            for id in &ids {
                store.article_summary(*id)?;
            }
            let same_story = ids.iter().map(|i| story_of.get(i)).collect::<std::collections::HashSet<_>>();
            let n = if same_story.len() == 1 { same_story.into_iter().next().flatten().copied() } else { None };
            groups.push((n, ids));
        }
        (None, None) => {
            for s in &stories {
                let mut ids: Vec<i64> = s.articles.iter().map(|a| a.id).collect();
                ids.sort_unstable();
                groups.push((Some(s.id), ids));
            }
        }
    }
    let mut article_ids: Vec<i64> = groups.iter().flat_map(|g| g.1.iter().copied()).collect();
    article_ids.sort_unstable();
    article_ids.dedup();
    if article_ids.is_empty() {
        return Err(Error::new(crate::ErrorCode::Empty, "nothing to export: the library has no articles"));
    }

    let mut loaded: HashMap<i64, crate::store::Article> = HashMap::new();
    for id in &article_ids {
        loaded.insert(*id, store.article(*id)?);
    }
    let index: HashMap<i64, CharIndex> = loaded.iter().map(|(id, a)| (*id, CharIndex::new(&a.page_text))).collect();
    let articles: Vec<ExArticle> = article_ids
        .iter()
        .map(|id| {
            let a = &loaded[id];
            let s = &a.summary;
            ExArticle {
                id: *id,
                guid: article_guid(&a.raw_sha256),
                story: story_of.get(id).copied(),
                outlet: s.outlet.clone(),
                side: s.side.clone(),
                language: s.language.clone(),
                published: s.published.clone(),
                url: s.url.clone(),
                title: s.title.clone(),
                source_name: s.source_name.clone(),
                raw_sha256: a.raw_sha256.clone(),
                chars: index[id].char_at(a.page_text.len()),
                page_text: a.page_text.clone(),
            }
        })
        .collect();
    let in_scope = |id: i64| loaded.contains_key(&id);

    // Findings in scope.
    let codes = store.codes(false)?;
    let codings: Vec<_> = store
        .codings(None)?
        .into_iter()
        .filter(|c| match &c.target {
            CodingTarget::Selection { article_id, .. } => in_scope(*article_id),
            CodingTarget::Pair { pair } => in_scope(pair.a_article) && in_scope(pair.b_article),
        })
        .collect();
    let notes: Vec<_> = store
        .notes()?
        .into_iter()
        .filter(|n| match &n.target {
            NoteTarget::Project => true,
            NoteTarget::Article { article_id } | NoteTarget::Selection { article_id, .. } | NoteTarget::Story { key_article_id: article_id } => in_scope(*article_id),
            NoteTarget::Pair { pair } => in_scope(pair.a_article) && in_scope(pair.b_article),
        })
        .collect();
    let verdicts: Vec<Verdict> = store.verdicts()?.into_iter().filter(|v| in_scope(v.pair.a_article) && in_scope(v.pair.b_article)).collect();

    let side_of = |id: i64, span: Span, clauses: Vec<usize>| -> ExSide {
        let a = &loaded[&id];
        let ix = &index[&id];
        ExSide {
            article_id: id,
            outlet: a.summary.outlet.clone(),
            side: a.summary.side.clone(),
            language: a.summary.language.clone(),
            published: a.summary.published.clone(),
            clauses,
            text: a.page_text[span.start..span.end].to_string(),
            byte_start: span.start,
            byte_end: span.end,
            char_start: ix.char_at(span.start),
            char_end: ix.char_at(span.end),
        }
    };
    let overlaps = |id: i64, span: Span, oid: i64, o: Span| id == oid && o.start < span.end && span.start < o.end;

    // Pairs: every pair of articles of each group, compared with verdicts in force.
    let mut pairs = Vec::new();
    let mut ex_stories = Vec::new();
    for (story, ids) in &groups {
        let mut counts = RelationCounts::default();
        for (i, &x) in ids.iter().enumerate() {
            for &y in &ids[i + 1..] {
                let mut cmp = api::compare_articles(loaded[&x].clone(), loaded[&y].clone());
                api::apply_verdicts(store, &mut cmp)?;
                for p in cmp.pairs {
                    let sa = p.key.a.map(|s| (x, s));
                    let sb = p.key.b.map(|s| (y, s));
                    let nk = p.key.normalised();
                    let mut codes_here: Vec<String> = Vec::new();
                    for c in &codings {
                        let hit = match &c.target {
                            CodingTarget::Pair { pair } => *pair == nk,
                            CodingTarget::Selection { article_id, span } => {
                                [sa, sb].iter().flatten().any(|(id, s)| overlaps(*id, *s, *article_id, *span))
                            }
                        };
                        if hit && !codes_here.contains(&c.code_name) {
                            codes_here.push(c.code_name.clone());
                        }
                    }
                    let notes_here: Vec<String> = notes
                        .iter()
                        .filter(|n| match &n.target {
                            NoteTarget::Pair { pair } => *pair == nk,
                            NoteTarget::Selection { article_id, span } => [sa, sb].iter().flatten().any(|(id, s)| overlaps(*id, *s, *article_id, *span)),
                            _ => false,
                        })
                        .map(|n| n.text.clone())
                        .collect();
                    let ex = ExPair {
                        story: *story,
                        key: p.key,
                        a: p.a.as_ref().map(|c| side_of(x, Span::new(c.start, c.end), c.clauses.clone())),
                        b: p.b.as_ref().map(|c| side_of(y, Span::new(c.start, c.end), c.clauses.clone())),
                        relation: p.pair.relation,
                        kind: p.pair.kind,
                        computed_relation: p.computed_relation,
                        computed_kind: p.computed_kind,
                        score: p.pair.score,
                        label_source: p.label_source,
                        verdict: p.verdict.as_ref().map(|v| v.action),
                        verdict_text: p.verdict.as_ref().and_then(|v| v.text.clone()),
                        explanation: p.pair.explanation.clone(),
                        codes: codes_here,
                        notes: notes_here,
                        diff: p.pair.diff,
                    };
                    add_count(&mut counts, ex.relation);
                    pairs.push(ex);
                }
            }
        }
        if let Some(n) = story {
            let s = &stories[n - 1];
            ex_stories.push(ExStory {
                number: *n,
                key_article_id: *ids.first().unwrap_or(&0),
                title: s.title.clone(),
                first_published: s.first_published.clone(),
                last_published: s.last_published.clone(),
                article_ids: ids.clone(),
                counts,
            });
        }
    }

    // Claims and numbers of every article in scope.
    let mut claims = Vec::new();
    let mut numbers = Vec::new();
    for id in &article_ids {
        let a = &loaded[id];
        let ix = &index[id];
        for (k, c) in crate::analysis::of(a).claims.iter().enumerate() {
            let speaker = c.speaker.as_ref().map(|s| s.name.clone().unwrap_or_else(|| s.surface.clone()));
            for n in &c.numbers {
                numbers.push(ExNumber {
                    article_id: *id,
                    outlet: a.summary.outlet.clone(),
                    side: a.summary.side.clone(),
                    claim_index: k,
                    text: a.page_text[n.span.start..n.span.end].to_string(),
                    value: n.value,
                    value_max: n.value_max,
                    qualifier: n.qualifier.clone(),
                    counted: n.counted.clone(),
                    event: n.event.clone(),
                    vague: n.vague,
                    speaker: speaker.clone(),
                    byte_start: n.span.start,
                    byte_end: n.span.end,
                    char_start: ix.char_at(n.span.start),
                    char_end: ix.char_at(n.span.end),
                });
            }
            claims.push(ExClaim {
                article_id: *id,
                outlet: a.summary.outlet.clone(),
                side: a.summary.side.clone(),
                language: a.summary.language.clone(),
                published: a.summary.published.clone(),
                index: k,
                sentence: c.sentence,
                text: a.page_text[c.span.start..c.span.end].to_string(),
                byte_start: c.span.start,
                byte_end: c.span.end,
                char_start: ix.char_at(c.span.start),
                char_end: ix.char_at(c.span.end),
                speaker,
                speaker_actor: c.speaker.as_ref().and_then(|s| s.actor_id.clone()),
                speaker_side: c.speaker.as_ref().and_then(|s| s.side.clone()),
                verb: c.verb.clone(),
                quote: c.quote.map(|q| a.page_text[q.start..q.end].to_string()),
                negated: c.negated,
                numbers: c.numbers.len(),
            });
        }
    }

    let text_of = |id: i64, s: Option<Span>| s.and_then(|s| loaded.get(&id).and_then(|a| a.page_text.get(s.start..s.end)).map(str::to_owned));
    let chars_of = |id: i64, s: Option<Span>| -> (Option<usize>, Option<usize>) {
        match (s, index.get(&id)) {
            (Some(s), Some(ix)) => (Some(ix.char_at(s.start)), Some(ix.char_at(s.end))),
            _ => (None, None),
        }
    };
    let ex_codings = codings
        .iter()
        .map(|c| {
            let (a, sa, b, sb) = match &c.target {
                CodingTarget::Selection { article_id, span } => (*article_id, Some(*span), None, None),
                CodingTarget::Pair { pair } => (pair.a_article, pair.a, Some(pair.b_article), pair.b),
            };
            let (cs, ce) = chars_of(a, sa);
            let (bcs, bce) = b.map(|b| chars_of(b, sb)).unwrap_or((None, None));
            ExCoding {
                id: c.id,
                guid: c.guid.clone(),
                code_id: c.code_id,
                code: c.code_name.clone(),
                target: if b.is_some() { "pair" } else { "selection" },
                article_id: a,
                byte_start: sa.map(|s| s.start),
                byte_end: sa.map(|s| s.end),
                char_start: cs,
                char_end: ce,
                text: text_of(a, sa),
                b_article_id: b,
                b_byte_start: sb.map(|s| s.start),
                b_byte_end: sb.map(|s| s.end),
                b_char_start: bcs,
                b_char_end: bce,
                b_text: b.and_then(|b| text_of(b, sb)),
                created_at: c.created_at.clone(),
            }
        })
        .collect();
    let story_number = |key: i64| ex_stories.iter().find(|s| s.key_article_id == key).map(|s| s.number).or_else(|| story_of.get(&key).copied());
    let ex_notes = notes
        .iter()
        .map(|n| {
            let (about, quote) = match &n.target {
                NoteTarget::Project => ("project".to_string(), None),
                NoteTarget::Article { article_id } => (format!("article #{article_id}"), None),
                NoteTarget::Selection { article_id, span } => (format!("article #{article_id}, bytes {}..{}", span.start, span.end), text_of(*article_id, Some(*span))),
                NoteTarget::Pair { pair } => (format!("pair #{} ~ #{}", pair.a_article, pair.b_article), None),
                NoteTarget::Story { key_article_id } => match story_number(*key_article_id) {
                    Some(s) => (format!("story {s}"), None),
                    None => (format!("story of article #{key_article_id}"), None),
                },
            };
            ExNote { id: n.id, guid: n.guid.clone(), target: n.target.clone(), about, quote, text: n.text.clone(), created_at: n.created_at.clone(), updated_at: n.updated_at.clone() }
        })
        .collect();

    Ok(ExportData {
        format: "rashomon-export",
        format_version: 1,
        generator: format!("Rashomon {}", env!("CARGO_PKG_VERSION")),
        method: method(store)?,
        exported_at: exported_at.to_string(),
        scope: scope.clone(),
        articles,
        stories: ex_stories,
        pairs,
        claims,
        numbers,
        codes,
        codings: ex_codings,
        notes: ex_notes,
        verdicts,
    })
}

fn method(store: &Store) -> Result<ExMethod> {
    let mut lexicons = Vec::new();
    for kind in [api::LexiconKind::Actors, api::LexiconKind::Framing] {
        let l = api::lexicon(store, kind)?;
        if let Some(source) = l.source {
            lexicons.push(ExLexicon { kind: kind.as_str(), source, entries: l.actors.len() + l.groups.len() });
        }
    }
    // (The model's status is probed, not loaded: the comparisons above loaded it if it was usable.)
    let embedding_model = crate::semantic::status().available.then(|| crate::semantic::MODEL_KEY.split('/').next().unwrap_or(crate::semantic::MODEL_KEY).to_string());
    Ok(ExMethod { embedding_model, lexicons })
}

fn add_count(c: &mut RelationCounts, r: Relation) {
    match r {
        Relation::Same => c.same += 1,
        Relation::Paraphrase => c.paraphrase += 1,
        Relation::Contradiction => c.contradiction += 1,
        Relation::Related => c.related += 1,
        Relation::Omission => c.omission += 1,
    }
}

/// Write `data` as `format` to `path` (CSV: `path` holds the pairs, `<stem>-claims.csv` and
/// `<stem>-numbers.csv` beside it). Returns the files written.
pub fn write(data: &ExportData, format: ExportFormat, path: &Path) -> Result<Vec<PathBuf>> {
    match format {
        ExportFormat::Csv => {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
            let dir = path.parent().unwrap_or(Path::new(""));
            let claims = dir.join(format!("{stem}-claims.csv"));
            let numbers = dir.join(format!("{stem}-numbers.csv"));
            atomic::write(path, |w| csv::pairs(data, w))?;
            atomic::write(&claims, |w| csv::claims(data, w))?;
            atomic::write(&numbers, |w| csv::numbers(data, w))?;
            Ok(vec![path.to_path_buf(), claims, numbers])
        }
        ExportFormat::Json => atomic::write(path, |w| json::write(data, w)).map(|_| vec![path.to_path_buf()]),
        ExportFormat::Html => atomic::write(path, |w| html::write(data, w)).map(|_| vec![path.to_path_buf()]),
        ExportFormat::Md => atomic::write(path, |w| md::write(data, w)).map(|_| vec![path.to_path_buf()]),
        ExportFormat::Qdpx => atomic::write(path, |w| qdpx::write(data, w)).map(|_| vec![path.to_path_buf()]),
        ExportFormat::CslJson => atomic::write(path, |w| cite::csl_json(data, w)).map(|_| vec![path.to_path_buf()]),
        ExportFormat::Bibtex => atomic::write(path, |w| cite::bibtex(data, w)).map(|_| vec![path.to_path_buf()]),
    }
}

/// Escape text for HTML and XML (text and attribute values).
pub fn escape_xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Characters XML 1.0 forbids (C0 controls other than tab/newline/CR).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// Bidi embedding/override/isolate controls shown as visible markers (reports for people: a
/// page must not reorder the report's text), e.g. `[U+202E]`.
pub fn show_bidi_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let is_ctl = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(is_ctl) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(|c| if is_ctl(c) { format!("[U+{:04X}]", c as u32) } else { c.to_string() }).collect())
}

pub fn relation_label(r: Relation, k: ContradictionKind) -> String {
    if r == Relation::Contradiction && k != ContradictionKind::None {
        format!("contradiction ({})", k.as_str())
    } else {
        r.as_str().to_string()
    }
}
