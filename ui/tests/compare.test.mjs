import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const src = readFileSync(new URL('../src/lib/compare.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'rashomon-ui-')), 'compare.mjs');
writeFileSync(file, js);
const { unalignedRows, nextContradiction, relationLabel, isContradiction, rowsFromComparison } = await import(file);

test('unalignedRows pairs by position and pads the shorter side', () => {
  const rows = unalignedRows([{ index: 0, text: 'a' }, { index: 1, text: 'b' }], [{ index: 0, text: 'x' }]);
  assert.equal(rows.length, 2);
  assert.equal(rows[1].right, null);
  assert.equal(rows[0].relation, null);
});

test('nextContradiction walks forward and backward', () => {
  const rows = ['same', 'contradiction:numeric', 'omission', 'contradiction:framing', null].map((relation) => ({ left: null, right: null, relation }));
  assert.equal(nextContradiction(rows, -1, 1), 1);
  assert.equal(nextContradiction(rows, 1, 1), 3);
  assert.equal(nextContradiction(rows, 3, 1), -1);
  assert.equal(nextContradiction(rows, 3, -1), 1);
  assert.equal(nextContradiction(rows, 1, -1), -1);
  assert.ok(isContradiction('contradiction:polarity'));
  assert.equal(relationLabel('contradiction:attribution'), 'contradiction (attribution)');
  assert.equal(relationLabel(null), 'not aligned');
});

test('claim marks of the comparison (numbers, speakers), shifted into each row', () => {
  // As api::Comparison sends them: byte spans into each page text, sorted by start.
  const marks = { numbers: [[10, 12], [40, 42]], speakers: [[0, 5]] };
  const c = {
    pairs: [{ a: { clause: 0, clauses: [0], start: 0, end: 20, text: 'x'.repeat(20) }, b: { clause: 1, clauses: [1], start: 30, end: 50, text: 'y'.repeat(20) }, relation: 'same', kind: 'none', score: 1, explanation: null, diff: [] }],
    marks_a: marks,
    marks_b: marks,
  };
  const [row] = rowsFromComparison(c);
  assert.deepEqual(row.left.numbers, [[10, 12]]);
  assert.deepEqual(row.left.speakers, [[0, 5]]);
  assert.deepEqual(row.right.numbers, [[10, 12]]); // 40..42 inside 30..50
  assert.deepEqual(row.right.speakers, []);
});

test('within: the sorted spans inside a range, shifted (binary search agrees with a plain filter)', async () => {
  const { within } = await import(file);
  const spans = [];
  for (let i = 0; i < 400; i++) spans.push([i * 7, i * 7 + 1 + (i % 9)]);
  for (const [s, e] of [[0, 0], [0, 20], [13, 100], [700, 2900], [2795, 2801], [5000, 6000]]) {
    const plain = spans.filter(([x, y]) => x >= s && y <= e).map(([x, y]) => [x - s, y - s]);
    assert.deepEqual(within(spans, s, e), plain, `${s}..${e}`);
  }
  assert.deepEqual(within(undefined, 0, 10), []);
});
