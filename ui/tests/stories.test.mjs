import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const src = readFileSync(new URL('../src/lib/stories.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'rashomon-ui-')), 'stories.mjs');
writeFileSync(file, js);
const { orderNarratives, storySides, byDate, comparePairs, duplicateGroups, dateRange } = await import(file);

const art = (id, side, published = null) => ({ id, side, published });

test('narrative columns: Russian, Turkish, other known sides, the researcher\'s own sides, "other" last', () => {
  const got = orderNarratives([{ side: 'zzz' }, { side: 'other' }, { side: 'turkish' }, { side: 'armenian' }, { side: 'syrian_government' }, { side: 'russian' }]);
  assert.deepEqual(got.map((s) => s.side), ['russian', 'turkish', 'syrian_government', 'armenian', 'zzz', 'other']);
});

test('story sides are distinct and ordered', () => {
  assert.deepEqual(storySides([art(1, 'other'), art(2, 'turkish'), art(3, 'russian'), art(4, 'turkish')]), ['russian', 'turkish', 'other']);
});

test('byDate puts undated articles last', () => {
  const got = byDate([art(1, 'x', null), art(2, 'x', '2020-03-06'), art(3, 'x', '2020-03-05'), art(4, 'x', '2020-03-05')]);
  assert.deepEqual(got.map((a) => a.id), [3, 4, 2, 1]);
});

test('comparePairs: every Russian × Turkish pair, none without both', () => {
  assert.deepEqual(comparePairs([art(1, 'russian'), art(2, 'turkish'), art(3, 'turkish'), art(4, 'other')]).map(([a, b]) => [a.id, b.id]), [[1, 2], [1, 3]]);
  assert.deepEqual(comparePairs([art(1, 'russian'), art(4, 'other')]), []);
});

test('duplicateGroups numbers only real groups', () => {
  const m = duplicateGroups({ duplicates: [[5], [1, 3], [2, 4]] });
  assert.deepEqual([...m.entries()], [[1, 1], [3, 1], [2, 2], [4, 2]]);
});

test('dateRange', () => {
  assert.equal(dateRange(null, null), 'undated');
  assert.equal(dateRange('2020-03-05T10:00:00Z', '2020-03-05T12:00:00Z'), '2020-03-05');
  assert.equal(dateRange('2020-03-05', '2020-03-06T01:00:00Z'), '2020-03-05 – 2020-03-06');
});
