import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const src = readFileSync(new URL('../src/lib/charts.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'rashomon-ui-')), 'charts.mjs');
writeFileSync(file, js);
const { numberLabel, quantities, quantityTitle, timelinePoints, tickDate, publishedMs, shortLabel } = await import(file);

const num = (o) => ({ article_id: 1, outlet: 'A', side: 'other', published: null, value: 1, value_max: null, qualifier: null, counted: 'جندي', event: 'killed', vague: false, surface: '1', claim: '1', start: 0, end: 1, ...o });

test('numberLabel keeps the qualifier and ranges as reported', () => {
  assert.equal(numberLabel(num({ value: 30, qualifier: 'more_than' })), '> 30');
  assert.equal(numberLabel(num({ value: 50, qualifier: 'at_least' })), '≥ 50');
  assert.equal(numberLabel(num({ value: 6, qualifier: 'about' })), '~ 6');
  assert.equal(numberLabel(num({ value: 20, value_max: 99, vague: true })), '20–99 (vague)');
  assert.equal(numberLabel(num({ value: 36 })), '36');
  assert.equal(numberLabel(num({ value: 2.5 })), '2.5');
});

test('quantities: grouped by event and counted noun, repeats of one article counted once, events first', () => {
  const qs = quantities([
    num({ article_id: 1, value: 33 }),
    num({ article_id: 1, value: 33 }), // the same article repeating the figure
    num({ article_id: 2, value: 36 }),
    num({ article_id: 2, value: 5, event: null, counted: 'دبابه' }),
    num({ article_id: 3, value: 4, event: 'wounded' }),
  ]);
  assert.deepEqual(qs.map((q) => q.key), ['killed|جندي', 'wounded|جندي', '|دبابه']);
  assert.equal(qs[0].items.length, 2);
  assert.equal(qs[0].articles, 2);
  assert.equal(quantityTitle(qs[0]), 'killed: جندي');
  assert.equal(quantityTitle(qs[2]), 'دبابه');
});

test('timeline: dated articles by time, rows are outlets in order of first appearance, undated apart', () => {
  const art = (id, outlet, published) => ({ id, outlet, published, side: 'other', title: null, source_name: `f${id}.txt` });
  const { points, rows, undated } = timelinePoints([art(1, 'B', '2020-03-05'), art(2, 'A', '2020-02-28T10:00:00Z'), art(3, null, null), art(4, 'B', '2020-02-01')]);
  assert.deepEqual(points.map((p) => p.id), [4, 2, 1]);
  assert.deepEqual(rows, ['B', 'A']);
  assert.deepEqual(undated.map((a) => a.id), [3]);
  assert.equal(publishedMs('2020-03-05'), Date.UTC(2020, 2, 5));
  assert.equal(publishedMs('not a date'), null);
  assert.equal(tickDate(Date.UTC(2020, 2, 5)), '2020-03-05');
  assert.equal(tickDate(Date.UTC(2020, 2, 5, 14, 30)), '2020-03-05 14:30');
  assert.equal(shortLabel('abcdef', 4), 'abc…');
});
