// Generated from the Rust types by `rashomon_core::api::typescript_declarations` — do not edit.
// Regenerate with `make types`. 64-bit integers are JSON numbers (ids and offsets stay below 2^53).

export type ErrorCode = "not_found" | "bad_input" | "empty" | "too_large" | "encoding" | "bad_query" | "database" | "schema_too_new" | "io" | "cancelled" | "internal";

export type Error = { code: ErrorCode, message: string, };

export type Span = { start: number, end: number, };

export type BlockKind = "paragraph" | "subheading";

export type Format = "txt" | "html";

export type ArticleSummary = { id: number, outlet: string | null, side: string, language: string, published: string | null, title: string | null, url: string | null, source_name: string, imported_at: string, sentence_count: number, chars: number, };

export type ArticlePage = { 
/**
 * Number of articles in the library.
 */
total: number, offset: number, articles: Array<ArticleSummary>, };

export type StoredBlock = { kind: BlockKind, start: number, end: number, };

export type StoredSentence = { index: number, start: number, end: number, text: string, };

export type Article = { raw_sha256: string, encoding: string, format: string, title_span: Span | null, clean_text: string, 
/**
 * The decoded page every span indexes (byte offsets).
 */
page_text: string, blocks: Array<StoredBlock>, sentences: Array<StoredSentence>, id: number, outlet: string | null, side: string, language: string, published: string | null, title: string | null, url: string | null, source_name: string, imported_at: string, sentence_count: number, chars: number, };

export type Outlet = { id: number, name: string, side: string, country: string | null, language: string | null, articles: number, };

export type SearchHit = { article_id: number, title: string | null, outlet: string | null, side: string, language: string, 
/**
 * Sentence index within the article (`None` when the title matched).
 */
sentence: number | null, 
/**
 * Byte span of the matching sentence (or title) in the article's page text.
 */
start: number, end: number, 
/**
 * The original sentence text.
 */
snippet: string, 
/**
 * Byte ranges inside `snippet` that match query terms.
 */
highlights: Array<[number, number]>, };

export type ArticleEdit = { 
/**
 * The outlet's name: the article moves to that outlet (made when there is none).
 */
outlet: string | null, 
/**
 * The side of the article's outlet (every article of that outlet takes it): one of
 * `store::SIDES` or a side of the researcher's own.
 */
side: string | null, 
/**
 * Publication date, YYYY-MM-DD or RFC 3339; "" clears it.
 */
published: string | null, 
/**
 * The article's language (ar, ru, tr, en, or und for another): its sentences are split
 * again by that language's rules, and its claims read by them.
 */
language: string | null, };

export type Lexicon = { kind: LexiconKind, 
/**
 * The text as stored (None: the project has none of this kind).
 */
text: string | null, 
/**
 * The file it was read from.
 */
source: string | null, 
/**
 * Why the stored lexicon is not in use (it no longer reads), if so.
 */
problem: string | null, 
/**
 * Its actors (kind `actors`).
 */
actors: Array<LexiconActor>, 
/**
 * Its groups (kind `framing`).
 */
groups: Array<LexiconGroup>, };

export type LexiconActor = { id: string, name: string, side: string, kind: string, 
/**
 * Names and titles by language code, names first.
 */
forms: Array<[string, Array<string>]>, };

export type LexiconKind = "actors" | "framing";

export type LexiconGroup = { referent: string, terms: Array<[string, string, string]>, };

export type ImportOptions = { outlet: string | null, side: string | null, language: string | null, published: string | null, url: string | null, title: string | null, };

export type ImportStatus = "imported" | "already_imported" | "failed";

export type ImportItem = { 
/**
 * File path, with `#N` for the N-th record of a JSON/JSONL file.
 */
source: string, status: ImportStatus, article_id: number | null, title: string | null, error: Error | null, };

export type ImportReport = { items: Array<ImportItem>, imported: number, already_imported: number, failed: number, cancelled: boolean, 
/**
 * From REFI-QDA projects: codes created, codings and notes stored, selections skipped
 * (offsets outside their source's text).
 */
codes_added: number, codings_added: number, notes_added: number, codings_skipped: number, };

export type ImportEvent = { "event": "started", total: number, } | { "event": "item", done: number, total: number, item: ImportItem, } | { "event": "finished", imported: number, already_imported: number, failed: number, cancelled: boolean, };

export type UploadedFile = { name: string, data_base64: string, };

export type ExtractResult = { file: string, title: string | null, title_span: Span | null, body: string, 
/**
 * Byte spans of the article's blocks in the decoded UTF-8 text of the file.
 */
body_spans: Array<Span>, language: string, encoding: string, format: string, };

export type Relation = "same" | "paraphrase" | "contradiction" | "related" | "omission";

export type ContradictionKind = "numeric" | "polarity" | "attribution" | "framing" | "none";

export type ClaimRef = { 
/**
 * Index of the (first) unit in its article.
 */
clause: number, 
/**
 * All unit indices (more than one when this side merges what the other splits).
 */
clauses: Array<number>, start: number, end: number, text: string, };

export type DiffOpKind = "equal" | "delete" | "insert" | "replace";

export type DiffOp = { op: DiffOpKind, a_text: string, b_text: string, a_span: Span | null, b_span: Span | null, };

export type DiffDetail = "full" | "spans";

export type AlignedPair = { a: ClaimRef | null, b: ClaimRef | null, relation: Relation, kind: ContradictionKind, 
/**
 * Similarity in [0, 1].
 */
score: number, 
/**
 * Why the relation was chosen, for people (e.g. "33 vs 36 جندي").
 */
explanation: string | null, diff: Array<DiffOp>, };

export type NumberMention = { span: Span, value: number, value_max: number | null, 
/**
 * more_than | at_least | about | up_to | less_than
 */
qualifier: string | null, 
/**
 * The counted noun as a normalised lemma (or stem when unknown); "%" for percentages.
 */
counted: string | null, 
/**
 * killed | wounded | neutralised | destroyed | downed | captured
 */
event: string | null, 
/**
 * A vague quantity ("عشرات", "dozens", "несколько"): `value`..`value_max` are bounds.
 */
vague: boolean, };

export type Speaker = { 
/**
 * Surface text of the mention (for coreference: of the antecedent).
 */
surface: string, span: Span, actor_id: string | null, name: string | null, side: string | null, 
/**
 * True when the clause has no explicit subject and the speaker carries over.
 */
coref: boolean, };

export type Claim = { 
/**
 * Index into the sentence spans given to [`analyze`].
 */
sentence: number, span: Span, speaker: Speaker | null, 
/**
 * The reporting verb, normalised, without conjunction prefix.
 */
verb: string | null, quote: Span | null, numbers: Array<NumberMention>, negated: boolean, negation_cues: Array<Span>, times: Array<Span>, };

export type ClaimsReport = { 
/**
 * The article id, or `None` for a file analysed without the database.
 */
article_id: number | null, title: string | null, language: string, sentences: Array<Span>, claims: Array<Claim>, 
/**
 * The page text every span indexes.
 */
page_text: string, };

export type LabelSource = "computed" | "researcher";

export type PairKey = { a_article: number, a: Span | null, b_article: number, b: Span | null, };

export type VerdictAction = "confirm" | "reject" | "relabel";

export type Verdict = { id: number, pair: PairKey, action: VerdictAction, 
/**
 * For `relabel`: the researcher's relation and kind.
 */
relation: Relation | null, kind: ContradictionKind | null, 
/**
 * The researcher's reason, e.g. "numeric contradiction, explained by date".
 */
text: string | null, created_at: string, updated_at: string, };

export type NewVerdict = { pair: PairKey, action: VerdictAction, 
/**
 * same | paraphrase | contradiction | related | omission (required for `relabel`).
 */
relation: string | null, 
/**
 * numeric | polarity | attribution | framing | none (for a contradiction).
 */
kind: string | null, text: string | null, };

export type Code = { id: number, 
/**
 * A UUID, kept through REFI-QDA export and import.
 */
guid: string, name: string, 
/**
 * `#RRGGBB`.
 */
colour: string, description: string | null, parent_id: number | null, created_at: string, 
/**
 * Set when the code was deleted (it can be restored).
 */
deleted_at: string | null, };

export type NewCode = { name: string, 
/**
 * `#RRGGBB`; a colour from a fixed palette when omitted.
 */
colour: string | null, description: string | null, parent_id: number | null, };

export type CodingTarget = { "kind": "selection", article_id: number, span: Span, } | { "kind": "pair", pair: PairKey, };

export type Coding = { id: number, guid: string, code_id: number, code_name: string, target: CodingTarget, created_at: string, };

export type NoteTarget = { "kind": "project" } | { "kind": "article", article_id: number, } | { "kind": "selection", article_id: number, span: Span, } | { "kind": "pair", pair: PairKey, } | { "kind": "story", key_article_id: number, };

export type Note = { id: number, guid: string, target: NoteTarget, text: string, created_at: string, updated_at: string, };

export type SavedProject = { path: string, bytes: number, };

export type ExportFormat = "csv" | "json" | "html" | "md" | "qdpx" | "csl-json" | "bibtex";

export type ExportScope = { 
/**
 * A story number as `api::stories` numbers them now.
 */
story: number | null, 
/**
 * Article ids: every pair among them is compared.
 */
articles: Array<number> | null, };

export type ExportReport = { format: ExportFormat, 
/**
 * Files written (CSV writes three: pairs, claims, numbers).
 */
files: Array<string>, articles: number, pairs: number, };

export type ExportRequest = { format: ExportFormat, scope: ExportScope, 
/**
 * The file to write (CSV also writes `<stem>-claims.csv` and `<stem>-numbers.csv`).
 */
path: string, };

export type ExportedFile = { name: string, mime: string, data_base64: string, };

export type ComparedPair = { computed_relation: Relation, computed_kind: ContradictionKind, label_source: LabelSource, verdict: Verdict | null, 
/**
 * The stable key of this pair (for codings, notes and verdicts).
 */
key: PairKey, a: ClaimRef | null, b: ClaimRef | null, relation: Relation, kind: ContradictionKind, 
/**
 * Similarity in [0, 1].
 */
score: number, 
/**
 * Why the relation was chosen, for people (e.g. "33 vs 36 جندي").
 */
explanation: string | null, diff: Array<DiffOp>, };

export type ClaimMarks = { numbers: Array<[number, number]>, speakers: Array<[number, number]>, };

export type Comparison = { a: ArticleSummary, b: ArticleSummary, pairs: Array<ComparedPair>, 
/**
 * Counts of the labels in force (the researcher's where a verdict exists).
 */
counts: RelationCounts, 
/**
 * Numbers and speakers in A's and B's page texts (what the compare view marks in the rows).
 */
marks_a: ClaimMarks, marks_b: ClaimMarks, };

export type Story = { 
/**
 * 1-based position in the current grouping (recomputed as the library changes).
 */
id: number, title: string | null, first_published: string | null, last_published: string | null, articles: Array<ArticleSummary>, 
/**
 * Groups of near-duplicate article ids (reprints of one text), not independent accounts.
 */
duplicates: Array<Array<number>>, };

export type NarrativeClaim = { article_id: number, outlet: string | null, 
/**
 * The side of the outlet that reports it (an RT article quoting Akar is Turkish narrative
 * reported by a Russian outlet).
 */
outlet_side: string, speaker: string, start: number, end: number, text: string, negated: boolean, };

export type SideNarrative = { side: string, claims: Array<NarrativeClaim>, };

export type StoryNumber = { article_id: number, outlet: string | null, 
/**
 * The side of the reporting outlet.
 */
side: string, published: string | null, value: number, value_max: number | null, 
/**
 * more_than | at_least | about | up_to | less_than
 */
qualifier: string | null, 
/**
 * The counted noun (lemma or stem), "%" for percentages.
 */
counted: string | null, 
/**
 * killed | wounded | neutralised | destroyed | downed | captured
 */
event: string | null, vague: boolean, 
/**
 * The number as written (a span of the page text, shown as-is).
 */
surface: string, 
/**
 * The claim the number appears in, and its span.
 */
claim: string, start: number, end: number, };

export type RelationCounts = { same: number, paraphrase: number, contradiction: number, related: number, omission: number, };

export type RelationScore = { relation: string, 
/**
 * Gold pairs with this relation.
 */
gold: number, 
/**
 * ... that the aligner paired.
 */
aligned: number, 
/**
 * ... paired and given this relation.
 */
correct: number, 
/**
 * System rows with this relation over gold-annotated sentences.
 */
predicted: number, precision: number, recall: number, f1: number, };

export type EvalReport = { pairs: number, aligned: number, alignment_recall: number, relations: Array<RelationScore>, 
/**
 * The same scores per contradiction kind (numeric, polarity, attribution, framing; in
 * `relation`): a gold pair counts for its kind when it is a contradiction, and is right when
 * the row is a contradiction of that kind; predicted are contradiction rows of that kind over
 * gold-annotated sentences.
 */
kinds: Array<RelationScore>, 
/**
 * Gold contradictions found as contradictions with the right kind.
 */
contradictions_right_kind: number, contradictions: number, misses: Array<string>, 
/**
 * Time to compare every article pair of the gold, in milliseconds, with each article's
 * analysis (claims, aligner features, embeddings) already made, as the app has it after
 * first use: the alignment and diff work proper. The median of `passes` passes (one pass
 * moves by tens of percent on a shared machine).
 */
align_ms: number, 
/**
 * How many warm passes `align_ms` is the median of: the second half of the warm passes,
 * which run until there are at least twice [`EVAL_PASSES`] and they add up to at least
 * [`EVAL_MIN_MS`] (at most [`EVAL_MAX_PASSES`]); the first half warms up.
 */
passes: number, 
/**
 * The same comparisons from nothing (articles loaded, nothing analysed): each article is
 * analysed at its first use and its embeddings read from the store, in milliseconds.
 */
cold_ms: number, };

export type CellState = "affirms" | "denies" | "different_number" | "absent";

export type MatrixCell = { state: CellState, 
/**
 * Claim (clause) index in the article, when present.
 */
clause: number | null, 
/**
 * Byte span of the claim in the article's page text.
 */
start: number | null, end: number | null, 
/**
 * For `different_number`: which numbers disagree (e.g. "33 vs 36 جنديا").
 */
explanation: string | null, };

export type MatrixRow = { 
/**
 * Column of the representative claim (the member most similar to the others).
 */
column: number, clause: number, start: number, end: number, 
/**
 * The representative claim's text.
 */
text: string, 
/**
 * How many articles have the claim.
 */
support: number, 
/**
 * Articles disagree (affirm vs deny, or different numbers).
 */
contested: boolean, 
/**
 * One cell per column.
 */
cells: Array<MatrixCell>, };

export type StoryMatrix = { story_id: number, 
/**
 * The articles, Russian-side outlets first, then Turkish, then the rest; by date within a side.
 */
columns: Array<ArticleSummary>, 
/**
 * Claim clusters shared by at least two articles, most shared first.
 */
rows: Array<MatrixRow>, 
/**
 * Per column: claims of that article in no shared row (what only it reports).
 */
unique_claims: Array<number>, 
/**
 * Words each outlet side over-uses relative to the other sides (Fightin' Words).
 */
framing: Array<SideTerms>, };

export type TermExample = { article_id: number, start: number, end: number, text: string, };

export type SideTerm = { 
/**
 * Most frequent surface form.
 */
term: string, 
/**
 * The stem the counts are over.
 */
stem: string, 
/**
 * z-score of the log-odds ratio (side vs the rest of the story); > 1.96 is p < .05.
 */
z: number, 
/**
 * Occurrences in this side's articles / in the other sides' articles.
 */
count: number, other_count: number, examples: Array<TermExample>, };

export type SideTerms = { side: string, articles: number, terms: Array<SideTerm>, };

export type ModelStatus = { available: boolean, 
/**
 * The model file in use.
 */
path: string | null, 
/**
 * What the user should know (where the model was looked for, how to get it).
 */
message: string, };

export type EmbedReport = { model: ModelStatus, 
/**
 * Articles embedded in this run.
 */
articles: number, claims: number, 
/**
 * Articles still waiting (cancelled, or no model).
 */
pending: number, cancelled: boolean, };

