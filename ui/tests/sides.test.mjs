import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const src = readFileSync(new URL('../src/lib/sides.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'rashomon-ui-')), 'sides.mjs');
writeFileSync(file, js);
const { knownSide, sideLabel, sideHue, ownSideColours } = await import(file);

test('known sides keep their names; a researcher\'s own side is named from its id', () => {
  assert.equal(sideLabel('syrian_opposition'), 'Syrian opp.');
  assert.equal(sideLabel('armenian'), 'Armenian');
  assert.equal(sideLabel('kurdish_sdf'), 'Kurdish sdf');
  assert.ok(knownSide('ukrainian') && !knownSide('armenian') && !knownSide('constructor'));
});

test('own sides get a stable colour of their own', () => {
  assert.equal(sideHue('armenian'), sideHue('armenian'));
  const hues = new Set(['armenian', 'azerbaijani', 'israeli', 'palestinian', 'kurdish_sdf'].map(sideHue));
  assert.ok(hues.size >= 4, `hues collide: ${[...hues]}`);
  for (const h of hues) assert.ok(h >= 0 && h < 360);
});

// WCAG relative luminance of an hsl() colour as ownSideColours writes it.
function luminance(hsl) {
  const [h, s, l] = hsl.match(/[\d.]+/g).map(Number);
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(0) + 0.7152 * f(8) + 0.0722 * f(4);
}

test('own side chips are readable (contrast at least 4.5:1) at every hue, light and dark', () => {
  for (let h = 0; h < 360; h += 1) {
    for (const dark of [false, true]) {
      // A name whose hue is h is not needed: the colours depend on the hue alone.
      const { bg, fg } = ownSideColours('x', dark);
      const [lb, lf] = [luminance(bg.replace(/^hsl\(\d+/, `hsl(${h}`)), luminance(fg.replace(/^hsl\(\d+/, `hsl(${h}`))];
      const ratio = (Math.max(lb, lf) + 0.05) / (Math.min(lb, lf) + 0.05);
      assert.ok(ratio >= 4.5, `hue ${h} ${dark ? 'dark' : 'light'}: ${ratio.toFixed(2)}`);
    }
  }
});
