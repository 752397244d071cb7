// Unit tests for src/lib/text.ts (compiled on the fly with the TypeScript in node_modules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const src = readFileSync(new URL('../src/lib/text.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'rashomon-ui-')), 'text.mjs');
writeFileSync(file, js);
const { ByteText, segmentByteSpans, visibleBidi, dirForLanguage } = await import(file);

const bytesOf = (s) => new TextEncoder().encode(s).length;

test('ByteText slices by UTF-8 byte offsets (Arabic, Cyrillic, emoji)', () => {
  const t = 'أردوغان: Путин 😀 ok';
  const bt = new ByteText(t);
  const a = bytesOf('أردوغان');
  assert.equal(bt.slice(0, a), 'أردوغان');
  const p0 = bytesOf('أردوغان: ');
  assert.equal(bt.slice(p0, p0 + bytesOf('Путин')), 'Путин');
  const e0 = bytesOf('أردوغان: Путин ');
  assert.equal(bt.slice(e0, e0 + 4), '😀');
  assert.equal(bt.slice(e0 + 4, 10_000), ' ok');
  assert.equal(bt.slice(-5, 0), '');
  // an offset inside a character snaps back to its start instead of producing U+FFFD
  assert.equal(bt.slice(1, a), 'أردوغان');
});

test('segmentByteSpans covers the text exactly and marks spans', () => {
  const t = 'قال أردوغان إن تركيا';
  const s = bytesOf('قال ');
  const e = s + bytesOf('أردوغان');
  const segs = segmentByteSpans(t, [[s, e]]);
  assert.deepEqual(segs, [
    { text: 'قال ', mark: -1 },
    { text: 'أردوغان', mark: 0 },
    { text: ' إن تركيا', mark: -1 },
  ]);
  assert.equal(segs.map((x) => x.text).join(''), t);
});

test('segmentByteSpans: unsorted, overlapping, empty, out of range', () => {
  const t = 'abcdefghij';
  const segs = segmentByteSpans(t, [[6, 8], [1, 3], [2, 5], [4, 4], [9, 99]]);
  assert.equal(segs.map((x) => x.text).join(''), t);
  assert.deepEqual(segs.filter((x) => x.mark >= 0).map((x) => [x.text, x.mark]), [['bc', 1], ['de', 2], ['gh', 0], ['j', 4]]);
  assert.deepEqual(segmentByteSpans('', [[0, 3]]), []);
});

test('visibleBidi replaces override/isolate characters with visible markers', () => {
  const parts = visibleBidi('abc\u202Edef\u2066x');
  assert.deepEqual(parts, [
    { text: 'abc', control: false },
    { text: '⟨RLO⟩', control: true },
    { text: 'def', control: false },
    { text: '⟨LRI⟩', control: true },
    { text: 'x', control: false },
  ]);
  assert.deepEqual(visibleBidi(''), [{ text: '', control: false }]);
  assert.ok(!parts.map((p) => p.text).join('').match(/[\u202A-\u202E\u2066-\u2069]/));
});

test('dirForLanguage', () => {
  assert.equal(dirForLanguage('ar'), 'rtl');
  assert.equal(dirForLanguage('ar-SY'), 'rtl');
  assert.equal(dirForLanguage('ru'), 'ltr');
  assert.equal(dirForLanguage(null), 'ltr');
});

test('bidiSafe flattens to a string without controls', async () => {
  const { bidiSafe } = await import(file);
  assert.equal(bidiSafe('a\u202Eb'), 'a⟨RLO⟩b');
  assert.equal(bidiSafe(null), '');
});

test('segmentLayers: overlapping layers split at every boundary, text preserved', async () => {
  const { segmentLayers } = await import(file);
  const text = 'قتل 33 جنديا'; // bytes: قتل = 6, space, 33 = 2 bytes at 7..9
  const segs = segmentLayers(text, { number: [[7, 9]], diff: [[0, 9]], speaker: [] });
  assert.equal(segs.map((s) => s.text).join(''), text);
  assert.deepEqual(segs.map((s) => [s.text, s.layers.join('+')]), [['قتل ', 'diff'], ['33', 'diff+number'], [' جنديا', '']]);
  assert.deepEqual(segmentLayers('abc', {}), [{ text: 'abc', layers: [] }]);
});
