// Synthetic data for the developer pages (#/dev/virtual, #/dev/compare): they exercise the windowed
// list and every relation kind of the comparison rows without a database.
import type { ArticleSummary } from '../generated/types';
import type { CompareRow } from './compare';

export function demoArticles(n = 10_000): ArticleSummary[] {
  const sides = ['russian', 'turkish', 'other', 'syrian_government', 'syrian_opposition'];
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    outlet: `Outlet ${i % 37}`,
    side: sides[i % sides.length],
    language: ['ar', 'ru', 'tr', 'en'][i % 4],
    published: `2020-0${1 + (i % 9)}-1${i % 10}`,
    title: i % 4 === 0 ? `مقال رقم ${i + 1} عن إدلب` : `Synthetic article ${i + 1}`,
    url: null,
    source_name: `demo-${i + 1}.txt`,
    imported_at: '2020-01-01T00:00:00Z',
    sentence_count: 10,
    chars: 1000,
  }));
}

const b = (s: string) => new TextEncoder().encode(s).length;
/** Byte range of `word` inside `text`. */
function at(text: string, word: string): [number, number] {
  const i = text.indexOf(word);
  const s = b(text.slice(0, i));
  return [s, s + b(word)];
}

export const demoCompare = (() => {
  const l1 = 'قتل 34 جنديا تركيا في غارة على إدلب.';
  const r1 = 'قتل 33 جنديا تركيا في غارة جوية على إدلب.';
  const l2 = 'أعلنت موسكو أن دمشق لم تنفذ الغارة.';
  const r2 = 'أكدت أنقرة أن قوات النظام السوري نفذت الغارة.';
  const rows: CompareRow[] = [
    { left: { index: 0, text: 'التقى الرئيسان في موسكو يوم الخميس.' }, right: { index: 0, text: 'التقى الرئيسان في موسكو يوم الخميس.' }, relation: 'same' },
    { left: { index: 1, text: l1, diff: [at(l1, '34')] }, right: { index: 1, text: r1, diff: [at(r1, '33')] }, relation: 'contradiction:numeric', note: '34 vs 33' },
    { left: { index: 2, text: 'اتفق الجانبان على وقف إطلاق النار.' }, right: { index: 2, text: 'توصل الطرفان إلى اتفاق لوقف إطلاق النار.' }, relation: 'paraphrase' },
    { left: { index: 3, text: l2, diff: [at(l2, 'لم تنفذ')] }, right: { index: 3, text: r2, diff: [at(r2, 'نفذت')] }, relation: 'contradiction:polarity' },
    { left: null, right: { index: 4, text: 'وسيتم تسيير دوريات مشتركة على الطريق M4.' }, relation: 'omission' },
    { left: { index: 4, text: 'وصف الكرملين الاجتماع بأنه ناجح.' }, right: { index: 5, text: 'وصف مسؤولون أتراك الاجتماع بأنه صعب.' }, relation: 'contradiction:framing' },
  ];
  const side = (s: string, outlet: string) => ({ side: s, language: 'ar', outlet, title: 'قمة موسكو', source_name: 'demo' });
  return { a: side('russian', 'RT Arabic'), b: side('turkish', 'TRT Arabic'), rows };
})();
