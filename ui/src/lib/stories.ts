// Pure helpers for the story views (no imports with side effects, so the unit tests can load this file alone).
import type { ArticleSummary, SideNarrative, Story } from '../generated/types';

const SIDE_ORDER = ['russian', 'turkish', 'syrian_government', 'syrian_opposition', 'ukrainian'];

/** Russian first, then Turkish, then the other known sides, then the researcher's own (alphabetical), "other" last (as the core's side_rank). */
export function sideRank(side: string): number {
  if (side === 'other') return SIDE_ORDER.length + 1;
  const i = SIDE_ORDER.indexOf(side);
  return i < 0 ? SIDE_ORDER.length : i;
}

export function orderNarratives(list: readonly SideNarrative[]): SideNarrative[] {
  return [...list].sort((x, y) => sideRank(x.side) - sideRank(y.side) || x.side.localeCompare(y.side));
}

/** Distinct sides of a story's articles, in display order. */
export function storySides(articles: readonly ArticleSummary[]): string[] {
  return [...new Set(articles.map((a) => a.side))].sort((x, y) => sideRank(x) - sideRank(y) || x.localeCompare(y));
}

/** Articles ordered by publication date (undated last), ties by id. */
export function byDate(articles: readonly ArticleSummary[]): ArticleSummary[] {
  return [...articles].sort((x, y) => {
    if (x.published === y.published) return x.id - y.id;
    if (x.published == null) return 1;
    if (y.published == null) return -1;
    return x.published < y.published ? -1 : 1;
  });
}

/** Every (Russian-side, Turkish-side) pair of articles in a story, for the Compare links. */
export function comparePairs(articles: readonly ArticleSummary[]): [ArticleSummary, ArticleSummary][] {
  const ru = articles.filter((a) => a.side === 'russian');
  const tr = articles.filter((a) => a.side === 'turkish');
  return ru.flatMap((r) => tr.map((t) => [r, t] as [ArticleSummary, ArticleSummary]));
}

/** Article id → 1-based number of the near-duplicate group it belongs to (only groups of ≥ 2). */
export function duplicateGroups(story: Pick<Story, 'duplicates'>): Map<number, number> {
  const m = new Map<number, number>();
  story.duplicates.filter((g) => g.length > 1).forEach((g, k) => g.forEach((id) => m.set(id, k + 1)));
  return m;
}

/** "2020-03-05" or "2020-03-05 – 2020-03-06" (dates only, from ISO timestamps); "undated" when none. */
export function dateRange(first: string | null, last: string | null): string {
  const d = (s: string | null) => (s ? s.slice(0, 10) : null);
  const [a, b] = [d(first), d(last)];
  if (!a && !b) return 'undated';
  if (!a || !b || a === b) return (a ?? b)!;
  return `${a} – ${b}`;
}
