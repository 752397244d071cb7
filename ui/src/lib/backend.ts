// The one way the UI talks to the Rashomon core. Two transports with the same interface:
// HTTP (`rashomon serve`, token from `#token=…` in the URL, Bearer header) and Tauri (`invoke`).
// Every failure is thrown as an `ApiError` carrying the core's `{code, message}`.

import type {
  Article,
  ArticleEdit,
  Lexicon,
  LexiconKind,
  ArticlePage,
  Comparison,
  ArticleSummary,
  ClaimsReport,
  DiffDetail,
  ErrorCode,
  ImportEvent,
  ImportOptions,
  ImportReport,
  Outlet,
  SearchHit,
  SideNarrative,
  Story,
  StoryNumber,
  StoryMatrix,
  ModelStatus,
  UploadedFile,
  Code,
  Coding,
  CodingTarget,
  ExportFormat,
  ExportScope,
  ExportedFile,
  NewCode,
  NewVerdict,
  Note,
  NoteTarget,
  PairKey,
  Verdict,
} from '../generated/types';

export class ApiError extends Error {
  readonly code: ErrorCode | 'network' | 'unauthorized' | 'forbidden';
  constructor(code: ApiError['code'], message: string) {
    super(message);
    this.code = code;
    this.name = 'ApiError';
  }
  /** Normalise anything thrown (core error JSON, fetch failure, string) to an ApiError. */
  static from(e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
      const o = e as { code: unknown; message: unknown };
      return new ApiError(String(o.code) as ErrorCode, String(o.message));
    }
    if (e instanceof Error) return new ApiError('network', e.message);
    return new ApiError('internal', String(e));
  }
}

export interface Backend {
  readonly kind: 'http' | 'tauri';
  health(): Promise<boolean>;
  listArticles(): Promise<ArticleSummary[]>;
  /** `limit` articles from position `offset` of `listArticles`, with the library's size. */
  listArticlesPage(offset: number, limit: number): Promise<ArticlePage>;
  getArticle(id: number): Promise<Article>;
  /** Correct an article's outlet, its outlet's side (all that outlet's articles) or its date. */
  editArticle(id: number, edit: ArticleEdit): Promise<ArticleSummary>;
  /** The project's own lexicon of a kind (actors, framing groups), merged on top of the built-in one. */
  lexicon(kind: LexiconKind): Promise<Lexicon>;
  /** Set it from a file's text (`source`: its name), or remove it with null. */
  setLexicon(kind: LexiconKind, text: string | null, source: string): Promise<Lexicon>;
  listOutlets(): Promise<Outlet[]>;
  search(q: string, limit?: number): Promise<SearchHit[]>;
  /** Call `cb` whenever an import (e.g. the desktop app's first-start import) finishes. */
  onLibraryChanged(cb: () => void): Promise<() => void>;
  /** Align article `a` with article `b` claim by claim. `diff: 'spans'`: each pair's word diff as
   * the byte spans that differ, without the words or the equal runs (what the compare view draws;
   * 40% less JSON for two long articles); `'full'` (the default) is `rashomon compare --json`. */
  compare(a: number, b: number, diff?: DiffDetail): Promise<Comparison>;
  /** The claims of an article: speaker, numbers, negation, each with byte spans. */
  claims(id: number): Promise<ClaimsReport>;
  /** The library grouped into stories (articles about one event). Ids are positions, recomputed as the library changes. */
  stories(): Promise<Story[]>;
  /** What each side's officials say across the articles of story `id`. */
  storyNarratives(id: number): Promise<SideNarrative[]>;
  /** Every counted number (killed, wounded, …) reported in the articles of story `id`. */
  storyNumbers(id: number): Promise<StoryNumber[]>;
  /** Claim matrix (claims × articles) and each side's framing terms for story `id`. */
  storyMatrix(id: number): Promise<StoryMatrix>;
  /** Whether cross-language alignment is on (the embedding model was found), and why not. */
  modelStatus(): Promise<ModelStatus>;
  /** Import files sent from the browser (contents base64-encoded). */
  importFiles(files: UploadedFile[], options?: Partial<ImportOptions>, signal?: AbortSignal): Promise<ImportReport>;
  /** Import files or folders by path on the machine running the core. */
  importPaths(paths: string[], options?: Partial<ImportOptions>): Promise<ImportReport>;
  /** The codebook (deleted codes too when asked: they can be restored). */
  listCodes(includeDeleted?: boolean): Promise<Code[]>;
  addCode(code: NewCode): Promise<Code>;
  /** Delete a code and its sub-codes (undo with restoreCode). */
  deleteCode(id: number): Promise<Code[]>;
  restoreCode(id: number): Promise<Code[]>;
  listCodings(article?: number): Promise<Coding[]>;
  addCoding(codeId: number, target: CodingTarget): Promise<Coding>;
  deleteCoding(id: number): Promise<Coding>;
  listNotes(): Promise<Note[]>;
  addNote(target: NoteTarget, text: string): Promise<Note>;
  deleteNote(id: number): Promise<Note>;
  listVerdicts(): Promise<Verdict[]>;
  /** Confirm, reject or relabel a pair's computed relation (overrides it everywhere). */
  setVerdict(v: NewVerdict): Promise<Verdict>;
  clearVerdict(pair: PairKey): Promise<Verdict | null>;
  /** Render an export in memory (HTTP: the browser downloads it). */
  exportFile(format: ExportFormat, scope?: ExportScope): Promise<ExportedFile>;
  /**
   * The native open dialog (desktop only): chosen paths, or null when the user cancels. The
   * browser has no paths; it uses <input type=file> and sends the contents (importFiles).
   */
  pickPaths?(directory: boolean): Promise<string[] | null>;
  /** Progress of a running importPaths (desktop: the `import-progress` events). */
  onImportProgress?(cb: (e: ImportEvent) => void): Promise<() => void>;
  /** Stop a running importPaths between files (desktop: the `cancel_import` command). */
  cancelImport?(): Promise<void>;
}

const noScope: ExportScope = { story: null, articles: null };

export const emptyOptions: ImportOptions = {
  outlet: null,
  side: null,
  language: null,
  published: null,
  url: null,
  title: null,
};

const TOKEN_KEY = 'rashomon.token';

/** Take `#token=…` out of the URL (so it is not left in the address bar) and keep it for this tab. */
export function takeTokenFromLocation(): string | null {
  const m = /(?:^#|[#&])token=([0-9A-Za-z_-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + location.search + '#/');
    return m[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export class HttpBackend implements Backend {
  readonly kind = 'http' as const;
  private readonly base: string;
  private readonly token: string | null;
  constructor(token: string | null, base = './api') {
    this.token = token;
    this.base = base;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw new ApiError('cancelled', 'cancelled');
      throw new ApiError('network', `cannot reach the Rashomon server: ${(e as Error).message ?? e}`);
    }
    const text = await res.text();
    let data: unknown = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    if (!res.ok) {
      if (data && typeof data === 'object' && 'code' in data && 'message' in data) {
        const d = data as { code: ErrorCode; message: string };
        const code = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : d.code;
        throw new ApiError(code, d.message);
      }
      const code = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 413 ? 'too_large' : 'internal';
      throw new ApiError(code, `HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    return data as T;
  }

  async health() {
    const r = await this.call<{ ok: boolean }>('GET', '/health');
    return !!r?.ok;
  }
  listArticles() {
    return this.call<ArticleSummary[]>('GET', '/articles');
  }
  listArticlesPage(offset: number, limit: number) {
    return this.call<ArticlePage>('GET', `/articles/page?offset=${offset}&limit=${limit}`);
  }
  getArticle(id: number) {
    return this.call<Article>('GET', `/articles/${encodeURIComponent(String(id))}`);
  }
  editArticle(id: number, edit: ArticleEdit) {
    return this.call<ArticleSummary>('POST', `/articles/${encodeURIComponent(String(id))}`, edit);
  }
  lexicon(kind: LexiconKind) {
    return this.call<Lexicon>('GET', `/lexicon/${kind}`);
  }
  setLexicon(kind: LexiconKind, text: string | null, source: string) {
    return this.call<Lexicon>('POST', `/lexicon/${kind}`, { text, source });
  }
  listOutlets() {
    return this.call<Outlet[]>('GET', '/outlets');
  }
  search(q: string, limit = 50) {
    return this.call<SearchHit[]>('GET', `/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  }
  compare(a: number, b: number, diff: DiffDetail = 'full') {
    return this.call<Comparison>('GET', `/compare?a=${encodeURIComponent(String(a))}&b=${encodeURIComponent(String(b))}&diff=${diff}`);
  }
  claims(id: number) {
    return this.call<ClaimsReport>('GET', `/articles/${encodeURIComponent(String(id))}/claims`);
  }
  stories() {
    return this.call<Story[]>('GET', '/stories');
  }
  storyNarratives(id: number) {
    return this.call<SideNarrative[]>('GET', `/stories/${encodeURIComponent(String(id))}/narratives`);
  }
  storyNumbers(id: number) {
    return this.call<StoryNumber[]>('GET', `/stories/${encodeURIComponent(String(id))}/numbers`);
  }
  storyMatrix(id: number) {
    return this.call<StoryMatrix>('GET', `/stories/${encodeURIComponent(String(id))}/matrix`);
  }
  modelStatus() {
    return this.call<ModelStatus>('GET', '/model');
  }
  async onLibraryChanged(_cb: () => void) {
    // The server imports only on request; the page refreshes after its own imports.
    return () => {};
  }
  importFiles(files: UploadedFile[], options: Partial<ImportOptions> = {}, signal?: AbortSignal) {
    return this.call<ImportReport>('POST', '/import/files', { files, options: { ...emptyOptions, ...options } }, signal);
  }
  importPaths(paths: string[], options: Partial<ImportOptions> = {}) {
    return this.call<ImportReport>('POST', '/import', { paths, options: { ...emptyOptions, ...options } });
  }
  listCodes(includeDeleted = false) {
    return this.call<Code[]>('GET', `/codes?deleted=${includeDeleted}`);
  }
  addCode(code: NewCode) {
    return this.call<Code>('POST', '/codes', code);
  }
  deleteCode(id: number) {
    return this.call<Code[]>('POST', `/codes/${encodeURIComponent(String(id))}/delete`);
  }
  restoreCode(id: number) {
    return this.call<Code[]>('POST', `/codes/${encodeURIComponent(String(id))}/restore`);
  }
  listCodings(article?: number) {
    return this.call<Coding[]>('GET', article === undefined ? '/codings' : `/codings?article=${encodeURIComponent(String(article))}`);
  }
  addCoding(codeId: number, target: CodingTarget) {
    return this.call<Coding>('POST', '/codings', { code_id: codeId, target });
  }
  deleteCoding(id: number) {
    return this.call<Coding>('POST', `/codings/${encodeURIComponent(String(id))}/delete`);
  }
  listNotes() {
    return this.call<Note[]>('GET', '/notes');
  }
  addNote(target: NoteTarget, text: string) {
    return this.call<Note>('POST', '/notes', { target, text });
  }
  deleteNote(id: number) {
    return this.call<Note>('POST', `/notes/${encodeURIComponent(String(id))}/delete`);
  }
  listVerdicts() {
    return this.call<Verdict[]>('GET', '/verdicts');
  }
  setVerdict(v: NewVerdict) {
    return this.call<Verdict>('POST', '/verdicts', v);
  }
  clearVerdict(pair: PairKey) {
    return this.call<Verdict | null>('POST', '/verdicts/clear', pair);
  }
  exportFile(format: ExportFormat, scope: ExportScope = noScope) {
    return this.call<ExportedFile>('POST', '/export', { format, scope });
  }
}

/**
 * Tauri: command names are the snake_case names of the `rashomon_core::api` functions, arguments
 * camelCase as Tauri expects: list_articles(), list_articles_page{offset, limit}, get_article{id}, list_outlets(), search{query, limit},
 * import_files{files, options}, import_paths{paths, options}, stories(), story_narratives{id}, story_numbers{id}, story_matrix{id}, claims_of_article{id}. Errors must reject with `{code, message}`.
 */
export class TauriBackend implements Backend {
  readonly kind = 'tauri' as const;
  private async call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    const { invoke } = await import('@tauri-apps/api/core');
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      throw ApiError.from(e);
    }
  }
  async health() {
    return true;
  }
  listArticles() {
    return this.call<ArticleSummary[]>('list_articles');
  }
  listArticlesPage(offset: number, limit: number) {
    return this.call<ArticlePage>('list_articles_page', { offset, limit });
  }
  getArticle(id: number) {
    return this.call<Article>('get_article', { id });
  }
  editArticle(id: number, edit: ArticleEdit) {
    return this.call<ArticleSummary>('edit_article', { id, edit });
  }
  lexicon(kind: LexiconKind) {
    return this.call<Lexicon>('lexicon', { kind });
  }
  setLexicon(kind: LexiconKind, text: string | null, source: string) {
    return this.call<Lexicon>('set_lexicon', { kind, text, source });
  }
  listOutlets() {
    return this.call<Outlet[]>('list_outlets');
  }
  search(q: string, limit = 50) {
    return this.call<SearchHit[]>('search', { q, limit });
  }
  compare(a: number, b: number, diff: DiffDetail = 'full') {
    return this.call<Comparison>('compare', { a, b, diff });
  }
  claims(id: number) {
    return this.call<ClaimsReport>('claims_of_article', { id });
  }
  stories() {
    return this.call<Story[]>('stories');
  }
  storyNarratives(id: number) {
    return this.call<SideNarrative[]>('story_narratives', { id });
  }
  storyNumbers(id: number) {
    return this.call<StoryNumber[]>('story_numbers', { id });
  }
  storyMatrix(id: number) {
    return this.call<StoryMatrix>('story_matrix', { id });
  }
  modelStatus() {
    return this.call<ModelStatus>('model_status');
  }
  async onLibraryChanged(cb: () => void) {
    const { listen } = await import('@tauri-apps/api/event');
    return listen<{ event: string }>('import-progress', (e) => {
      if (e.payload?.event === 'finished') cb();
    });
  }
  importFiles(files: UploadedFile[], options: Partial<ImportOptions> = {}) {
    return this.call<ImportReport>('import_files', { files, options: { ...emptyOptions, ...options } });
  }
  importPaths(paths: string[], options: Partial<ImportOptions> = {}) {
    return this.call<ImportReport>('import_paths', { paths, options: { ...emptyOptions, ...options } });
  }
  listCodes(includeDeleted = false) {
    return this.call<Code[]>('list_codes', { includeDeleted });
  }
  addCode(code: NewCode) {
    return this.call<Code>('add_code', { code });
  }
  deleteCode(id: number) {
    return this.call<Code[]>('delete_code', { id });
  }
  restoreCode(id: number) {
    return this.call<Code[]>('restore_code', { id });
  }
  listCodings(article?: number) {
    return this.call<Coding[]>('list_codings', { article: article ?? null });
  }
  addCoding(codeId: number, target: CodingTarget) {
    return this.call<Coding>('add_coding', { codeId, target });
  }
  deleteCoding(id: number) {
    return this.call<Coding>('delete_coding', { id });
  }
  listNotes() {
    return this.call<Note[]>('list_notes');
  }
  addNote(target: NoteTarget, text: string) {
    return this.call<Note>('add_note', { target, text });
  }
  deleteNote(id: number) {
    return this.call<Note>('delete_note', { id });
  }
  listVerdicts() {
    return this.call<Verdict[]>('list_verdicts');
  }
  setVerdict(verdict: NewVerdict) {
    return this.call<Verdict>('set_verdict', { verdict });
  }
  clearVerdict(pair: PairKey) {
    return this.call<Verdict | null>('clear_verdict', { pair });
  }
  /** The desktop writes exports to a path (export{request}); in-memory rendering is HTTP only. */
  async exportFile(_format: ExportFormat, _scope: ExportScope = noScope): Promise<ExportedFile> {
    throw new ApiError('bad_input', 'in the desktop app, exports are written to a file chosen in the save dialog');
  }
  async pickPaths(directory: boolean) {
    const { open } = await import('@tauri-apps/plugin-dialog');
    const filters = directory ? undefined : [{ name: 'News pages', extensions: ['html', 'htm', 'txt', 'json', 'jsonl'] }];
    try {
      const got = await open({ multiple: true, directory, filters, title: directory ? 'Import folders' : 'Import files' });
      return got == null ? null : Array.isArray(got) ? got : [got];
    } catch (e) {
      throw ApiError.from(e);
    }
  }
  async onImportProgress(cb: (e: ImportEvent) => void) {
    const { listen } = await import('@tauri-apps/api/event');
    return listen<ImportEvent>('import-progress', (e) => cb(e.payload));
  }
  async cancelImport() {
    await this.call<null>('cancel_import');
  }
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export function createBackend(): Backend {
  return isTauri() ? new TauriBackend() : new HttpBackend(takeTokenFromLocation());
}

/** Read a browser File as base64 (without the data: URL prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(new ApiError('io', r.error?.message ?? 'cannot read file'));
    r.onload = () => {
      const s = String(r.result ?? '');
      const i = s.indexOf(',');
      resolve(i >= 0 ? s.slice(i + 1) : '');
    };
    r.readAsDataURL(file);
  });
}
