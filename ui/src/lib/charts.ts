// Pure helpers for the story charts (no imports with side effects, so the unit tests can load this
// file alone). The charts themselves are drawn by Chart.js (see ../components/ChartCanvas.svelte).
import type { ArticleSummary, StoryNumber } from '../generated/types';

const QUALIFIER_MARK: Record<string, string> = {
  more_than: '>',
  at_least: '≥',
  about: '~',
  up_to: '≤',
  less_than: '<',
};

const QUALIFIER_WORDS: Record<string, string> = {
  more_than: 'more than',
  at_least: 'at least',
  about: 'about',
  up_to: 'up to',
  less_than: 'less than',
};

export const qualifierWords = (q: string | null): string => (q ? (QUALIFIER_WORDS[q] ?? q.replace(/_/g, ' ')) : '');

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** "> 30", "~6", "20–90 (vague)", "4–5": the value as the outlet reported it, qualifier included. */
export function numberLabel(n: Pick<StoryNumber, 'value' | 'value_max' | 'qualifier' | 'vague'>): string {
  const mark = n.qualifier ? (QUALIFIER_MARK[n.qualifier] ?? n.qualifier) : '';
  const core = n.value_max != null && n.value_max !== n.value ? `${fmt(n.value)}–${fmt(n.value_max)}` : fmt(n.value);
  return `${mark ? `${mark} ` : ''}${core}${n.vague ? ' (vague)' : ''}`;
}

/** One quantity (what is counted, and what happened to it) and every report of it in a story. */
export interface Quantity {
  key: string;
  event: string | null;
  counted: string | null;
  items: StoryNumber[];
  /** Distinct reporting articles. */
  articles: number;
}

export const quantityKey = (n: Pick<StoryNumber, 'event' | 'counted'>) => `${n.event ?? ''}|${n.counted ?? ''}`;

/**
 * Group a story's numbers by quantity. An article repeating the same figure counts once. Order:
 * quantities with an event (killed, wounded, …) first, then those reported by more articles,
 * then more reports, then by key (stable).
 */
export function quantities(numbers: readonly StoryNumber[]): Quantity[] {
  const groups = new Map<string, Quantity>();
  const seen = new Set<string>();
  for (const n of numbers) {
    const key = quantityKey(n);
    const dup = `${key}#${n.article_id}#${n.value}#${n.value_max}#${n.qualifier}`;
    if (seen.has(dup)) continue;
    seen.add(dup);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, event: n.event, counted: n.counted, items: [], articles: 0 }));
    g.items.push(n);
  }
  for (const g of groups.values()) g.articles = new Set(g.items.map((n) => n.article_id)).size;
  return [...groups.values()].sort(
    (x, y) =>
      Number(y.event != null) - Number(x.event != null) ||
      y.articles - x.articles ||
      y.items.length - x.items.length ||
      x.key.localeCompare(y.key),
  );
}

/** "killed: جندي" — the event in English, the counted noun as the engine normalised it. */
export function quantityTitle(q: Pick<Quantity, 'event' | 'counted'>): string {
  if (q.event && q.counted) return `${q.event}: ${q.counted}`;
  return q.event ?? q.counted ?? 'number';
}

/** Publication time in ms since the epoch, or null (undated or unparsable). */
export function publishedMs(published: string | null): number | null {
  if (!published) return null;
  const t = Date.parse(published.length === 10 ? `${published}T00:00:00Z` : published);
  return Number.isNaN(t) ? null : t;
}

export interface TimelinePoint {
  x: number;
  /** The row label: the outlet (or the file name when the outlet is unknown). */
  y: string;
  id: number;
  side: string;
  published: string;
  title: string;
}

/** One point per dated article; rows are outlets in order of their first publication. */
export function timelinePoints(articles: readonly ArticleSummary[]): { points: TimelinePoint[]; rows: string[]; undated: ArticleSummary[] } {
  const points: TimelinePoint[] = [];
  const undated: ArticleSummary[] = [];
  for (const a of articles) {
    const x = publishedMs(a.published);
    if (x == null) undated.push(a);
    else points.push({ x, y: a.outlet ?? a.source_name, id: a.id, side: a.side, published: a.published!, title: a.title ?? a.source_name });
  }
  points.sort((p, q) => p.x - q.x || p.id - q.id);
  const rows = [...new Set(points.map((p) => p.y))];
  return { points, rows, undated };
}

/** "2020-02-28" (UTC) for an axis tick; with the time when it is not midnight. */
export function tickDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Shorten a long outlet name for an axis label (the tooltip shows it whole). */
export function shortLabel(s: string, max = 28): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
