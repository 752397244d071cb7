import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

// picker.ts and the module it imports, transpiled side by side
const dir = mkdtempSync(join(tmpdir(), 'rashomon-ui-'));
for (const name of ['picker', 'sides']) {
  const src = readFileSync(new URL(`../src/lib/${name}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(dir, `${name}.mjs`), js.replace("from './sides'", "from './sides.mjs'"));
}
const { fold, articleLabel, haystack, matchArticles } = await import(join(dir, 'picker.mjs'));

const art = (id, o) => ({ id, outlet: 'RT Arabic', side: 'russian', language: 'ar', published: '2020-03-05', title: 'بوتين وأردوغان', url: null, source_name: `${id}.html`, imported_at: '', sentence_count: 1, chars: 1, ...o });

test('fold: case, harakat, tatweel and letter variants do not matter; the text is otherwise kept', () => {
  assert.equal(fold('Sputnik ARABIC'), 'sputnik arabic');
  assert.equal(fold('أَرْدُوغَانُ'), 'اردوغان');
  assert.equal(fold('إدلـــب'), 'ادلب');
  assert.equal(fold('مصطفى الهدنة'), 'مصطفي الهدنه');
  assert.equal(fold('ﻻ'), 'لا'); // a presentation form (NFKC)
});

test('articleLabel shows side, outlet, date and title; a missing outlet or title falls back to the file', () => {
  assert.equal(articleLabel(art(1)), '[Russian] RT Arabic — 2020-03-05 — بوتين وأردوغان');
  assert.equal(articleLabel(art(2, { outlet: null, title: null, published: null, side: 'other' })), '[Other] 2.html — no date — 2.html');
});

test('matchArticles: every word, in any order, of outlet, side, date or title; a page and the total', () => {
  const xs = [
    art(1),
    art(2, { outlet: 'TRT Arabi', side: 'turkish', title: 'أنقرة تتهم دمشق', published: '2020-03-06' }),
    art(3, { outlet: 'Sputnik Arabic', title: 'موسكو: الهدنة في إدلب' }),
    ...Array.from({ length: 120 }, (_, i) => art(10 + i, { outlet: 'Wire', side: 'other', title: `Report ${i}`, source_name: 'wire.html' })),
  ];
  const hay = (i) => haystack(xs[i]);
  const all = matchArticles(xs, hay, '', 50);
  assert.equal(all.total, xs.length);
  assert.deepEqual(all.shown.map((x) => x.id), xs.slice(0, 50).map((x) => x.id));
  assert.deepEqual(matchArticles(xs, hay, 'turkish', 50).shown.map((x) => x.id), [2]);
  assert.deepEqual(matchArticles(xs, hay, 'arabic  RUSSIAN', 50).shown.map((x) => x.id), [1, 3]);
  assert.deepEqual(matchArticles(xs, hay, 'ادلب sputnik', 50).shown.map((x) => x.id), [3]); // إدلب folded
  assert.deepEqual(matchArticles(xs, hay, '2020-03-06', 50).shown.map((x) => x.id), [2]);
  const r = matchArticles(xs, hay, 'report 1', 5);
  assert.equal(r.total, 1 + 10 + 8 + 20); // 1, 10–19, 21…91, 100–119
  assert.deepEqual(r.shown.map((x) => x.title), ['Report 1', 'Report 10', 'Report 11', 'Report 12', 'Report 13']);
  assert.deepEqual(matchArticles(xs, hay, 'nothing like this', 50), { shown: [], total: 0 });
});
