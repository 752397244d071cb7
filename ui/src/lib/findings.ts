// Helpers for the findings UI (codes, codings, notes, verdicts, exports). Spans from the core are
// UTF-8 byte offsets into an article's page text; they are only ever turned into text with
// `ByteText` (lib/text.ts), never used as JavaScript (UTF-16) string indices.

import type { Code, Coding, ExportFormat, ExportScope, Note, PairKey } from '../generated/types';
import { ApiError, type Backend } from './backend';
import { ByteText } from './text';

const encoder = new TextEncoder();

/** UTF-8 length of a string in bytes. */
export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

export interface Layer {
  /** Byte range [start, end) in the page text. */
  start: number;
  end: number;
  text: string;
  /** Indices (into the `spans` given) of every span covering this piece, in input order. */
  marks: number[];
}

/**
 * Cut the byte range [from, to) of `bt` at every boundary of `spans` (which may overlap): each
 * piece lists all spans covering it. Joining the pieces' text gives the range's text exactly.
 */
export function layerSpans(bt: ByteText, from: number, to: number, spans: ReadonlyArray<readonly [number, number]>): Layer[] {
  const cuts = new Set<number>([from, to]);
  for (const [s, e] of spans) {
    if (s > from && s < to) cuts.add(s);
    if (e > from && e < to) cuts.add(e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Layer[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const text = bt.slice(s, e);
    if (!text) continue;
    const marks: number[] = [];
    spans.forEach(([a, b], k) => {
      if (a <= s && b >= e && b > a) marks.push(k);
    });
    out.push({ start: s, end: e, text, marks });
  }
  return out;
}

/**
 * The byte offset in the page text of a DOM point inside text rendered by CodedText: every piece
 * of text sits in an element with `data-b` (its byte start) and `data-e` (byte end); a visible
 * stand-in for a bidi control character also has `data-ctl`. Returns null outside such text.
 */
export function byteOffsetOfPoint(node: Node, offset: number, root: Element): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const el = node.parentElement?.closest<HTMLElement>('[data-b]');
    if (!el || !root.contains(el)) return null;
    const b = Number(el.dataset.b);
    if (el.hasAttribute('data-ctl')) return offset > 0 ? Number(el.dataset.e) : b;
    // The element holds exactly one text node (SafeText splits pieces into separate elements).
    return b + utf8Length((node as Text).data.slice(0, offset));
  }
  if (!(node instanceof Element) || !root.contains(node)) return null;
  const own = node.closest<HTMLElement>('[data-b]');
  if (own && root.contains(own)) return offset === 0 ? Number(own.dataset.b) : Number(own.dataset.e);
  const kids = node.childNodes;
  for (let i = offset; i < kids.length; i++) {
    const k = kids[i];
    const el = k instanceof HTMLElement ? (k.matches('[data-b]') ? k : k.querySelector<HTMLElement>('[data-b]')) : null;
    if (el) return Number(el.dataset.b);
  }
  for (let i = Math.min(offset, kids.length) - 1; i >= 0; i--) {
    const k = kids[i];
    if (!(k instanceof HTMLElement)) continue;
    const all = k.matches('[data-b]') ? [k] : [...k.querySelectorAll<HTMLElement>('[data-b]')];
    if (all.length) return Number(all[all.length - 1].dataset.e);
  }
  return null;
}

/** The byte span of the current selection inside `root`, or null when nothing there is selected. */
export function selectionByteSpan(root: Element): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!root.contains(r.commonAncestorContainer) && r.commonAncestorContainer !== root) return null;
  const a = byteOffsetOfPoint(r.startContainer, r.startOffset, root);
  const b = byteOffsetOfPoint(r.endContainer, r.endOffset, root);
  if (a == null || b == null) return null;
  const [start, end] = a <= b ? [a, b] : [b, a];
  return end > start ? { start, end } : null;
}

/** The same pair, seen from either side (the core stores keys with the smaller side first). */
export function samePairKey(x: PairKey, y: PairKey): boolean {
  const sp = (a: PairKey['a'], b: PairKey['a']) => (a == null ? b == null : b != null && a.start === b.start && a.end === b.end);
  return (
    (x.a_article === y.a_article && x.b_article === y.b_article && sp(x.a, y.a) && sp(x.b, y.b)) ||
    (x.a_article === y.b_article && x.b_article === y.a_article && sp(x.a, y.b) && sp(x.b, y.a))
  );
}

/** Notes on pair `key`. */
export function notesOfPair(notes: Note[], key: PairKey): Note[] {
  return notes.filter((n) => n.target.kind === 'pair' && samePairKey(n.target.pair, key));
}

/** Notes on article `id` or on a selection in it. */
export function notesOfArticle(notes: Note[], id: number): Note[] {
  return notes.filter((n) => (n.target.kind === 'article' || n.target.kind === 'selection') && n.target.article_id === id);
}

/** Codings of selections in article `id`, sorted by position. */
export function selectionCodings(codings: Coding[], id: number): (Coding & { target: { kind: 'selection' } })[] {
  return codings
    .filter((c): c is Coding & { target: { kind: 'selection'; article_id: number; span: { start: number; end: number } } } => c.target.kind === 'selection' && c.target.article_id === id)
    .sort((a, b) => a.target.span.start - b.target.span.start || a.id - b.id);
}

export interface CodeNode {
  code: Code;
  depth: number;
}

/** The codebook as a depth-first list (children under their parent, by name). */
export function codeTree(codes: Code[]): CodeNode[] {
  const ids = new Set(codes.map((c) => c.id));
  const kids = new Map<number | null, Code[]>();
  for (const c of codes) {
    const p = c.parent_id != null && ids.has(c.parent_id) ? c.parent_id : null;
    kids.set(p, [...(kids.get(p) ?? []), c]);
  }
  const out: CodeNode[] = [];
  const seen = new Set<number>();
  const walk = (p: number | null, depth: number) => {
    for (const c of (kids.get(p) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ code: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Black or white, whichever reads better on `#RRGGBB`. */
export function inkOn(colour: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return 'inherit';
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff';
}

export const EXPORT_FORMATS: { format: ExportFormat; label: string; ext: string }[] = [
  { format: 'csv', label: 'CSV (one row per aligned pair, UTF-8 with BOM)', ext: 'csv' },
  { format: 'json', label: 'JSON', ext: 'json' },
  { format: 'html', label: 'HTML report (self-contained, printable)', ext: 'html' },
  { format: 'md', label: 'Markdown report', ext: 'md' },
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)', ext: 'qdpx' },
  { format: 'csl-json', label: 'Citations, CSL-JSON (Zotero)', ext: 'json' },
  { format: 'bibtex', label: 'Citations, BibTeX', ext: 'bib' },
];

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Export: the browser downloads the file the server renders; the desktop app asks for a path in the
 * native save dialog and the core writes the file there. Resolves with a message for the user, or
 * null when the save dialog was cancelled.
 */
export async function runExport(backend: Backend, format: ExportFormat, scope: ExportScope): Promise<string | null> {
  const meta = EXPORT_FORMATS.find((f) => f.format === format)!;
  if (backend.kind === 'tauri') {
    const { invoke } = await import('@tauri-apps/api/core');
    try {
      const stem = scope.story != null ? `rashomon-story-${scope.story}` : 'rashomon';
      const path = await invoke<string | null>('plugin:dialog|save', {
        options: { title: 'Export', defaultPath: `${stem}.${meta.ext}`, filters: [{ name: meta.label, extensions: [meta.ext] }] },
      });
      if (!path) return null;
      const report = await invoke<{ files: string[]; pairs: number; articles: number }>('export', { request: { format, scope, path } });
      return `Wrote ${report.files.join(', ')} (${report.articles} articles, ${report.pairs} pairs).`;
    } catch (e) {
      throw ApiError.from(e);
    }
  }
  const file = await backend.exportFile(format, scope);
  const blob = new Blob([base64ToBytes(file.data_base64)], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Downloaded ${file.name} (${blob.size.toLocaleString()} bytes).`;
}
