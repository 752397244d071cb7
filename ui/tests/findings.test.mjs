import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

// findings.ts with its real imports (text.ts, backend.ts), transpiled side by side.
const dir = mkdtempSync(join(tmpdir(), 'rashomon-ui-'));
for (const name of ['text', 'backend', 'findings']) {
  const src = readFileSync(new URL(`../src/lib/${name}.ts`, import.meta.url), 'utf8');
  const js = ts
    .transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    .outputText.replace(/from '\.\/(text|backend)'/g, "from './$1.mjs'");
  writeFileSync(join(dir, `${name}.mjs`), js);
}
const { layerSpans, samePairKey, codeTree, utf8Length } = await import(join(dir, 'findings.mjs'));
const { ByteText } = await import(join(dir, 'text.mjs'));

test('layerSpans cuts at every boundary of overlapping byte spans and keeps the text whole', () => {
  const text = 'قال بيسكوف إن 33 جنديا';
  const bt = new ByteText(text);
  const b = (s) => utf8Length(text.slice(0, text.indexOf(s)));
  const spans = [
    [b('بيسكوف'), b('إن')],
    [b('وف'), b('33') + 2],
  ];
  const layers = layerSpans(bt, 0, bt.byteLength, spans);
  assert.equal(layers.map((l) => l.text).join(''), text);
  assert.deepEqual(
    layers.map((l) => [l.text, l.marks]),
    [
      ['قال ', []],
      ['بيسك', [0]],
      ['وف ', [0, 1]],
      ['إن 33', [1]],
      [' جنديا', []],
    ],
  );
  // a sub-range only sees the part of each span inside it
  const part = layerSpans(bt, b('إن'), bt.byteLength, spans);
  assert.deepEqual(part.map((l) => [l.text, l.marks]), [['إن 33', [1]], [' جنديا', []]]);
});

test('samePairKey matches a key seen from either side, and nothing else', () => {
  const k = { a_article: 5, a: { start: 10, end: 20 }, b_article: 2, b: null };
  assert.ok(samePairKey(k, { ...k }));
  assert.ok(samePairKey(k, { a_article: 2, a: null, b_article: 5, b: { start: 10, end: 20 } }));
  assert.ok(!samePairKey(k, { ...k, a: { start: 10, end: 21 } }));
  assert.ok(!samePairKey(k, { ...k, b: { start: 0, end: 1 } }));
});

test('codeTree nests children under parents, by name; orphans go to the top', () => {
  const c = (id, name, parent_id = null) => ({ id, name, parent_id, colour: '#000000' });
  const tree = codeTree([c(1, 'b'), c(2, 'a'), c(3, 'z', 1), c(4, 'y', 1), c(5, 'x', 3), c(6, 'o', 99)]);
  assert.deepEqual(tree.map((n) => [n.code.name, n.depth]), [['a', 0], ['b', 0], ['y', 1], ['z', 1], ['x', 2], ['o', 0]]);
});
