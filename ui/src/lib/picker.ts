// Finding an article by what a researcher remembers of it: words of its outlet, side, date or
// title, in any order. A picker over a library of 10,000 articles shows a page of matches, never
// an element per article.
import type { ArticleSummary } from '../generated/types';
import { sideLabel } from './sides';

/** Folded for matching only (never shown): lower case, compatibility forms, Arabic harakat and
 * tatweel dropped, alef / yeh / teh marbuta variants merged. */
export function fold(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

/** What a picker shows for an article: side, outlet, date, title. */
export function articleLabel(x: ArticleSummary): string {
  return `[${sideLabel(x.side)}] ${x.outlet ?? x.source_name} — ${x.published ?? 'no date'} — ${x.title || x.source_name}`;
}

/** The folded text an article is searched by (outlet, side and its name, language, date, title, file). */
export function haystack(x: ArticleSummary): string {
  return fold([x.outlet ?? '', x.side, sideLabel(x.side), x.language, x.published ?? '', x.title ?? '', x.source_name].join(' \u0001 '));
}

export interface Matches {
  /** At most `limit` articles, in library order. */
  shown: ArticleSummary[];
  /** How many articles match in all. */
  total: number;
}

/** The articles whose search text holds every word of `query` (all of them for an empty query):
 * the first `limit`, and how many there are. `hay(i)` is `haystack(articles[i])`, computed once
 * by the caller. */
export function matchArticles(articles: readonly ArticleSummary[], hay: (i: number) => string, query: string, limit: number): Matches {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const shown: ArticleSummary[] = [];
  let total = 0;
  for (let i = 0; i < articles.length; i++) {
    if (words.length) {
      const h = hay(i);
      if (!words.every((w) => h.includes(w))) continue;
    }
    if (total++ < limit) shown.push(articles[i]);
  }
  return { shown, total };
}
