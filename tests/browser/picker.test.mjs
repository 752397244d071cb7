// The compare view's article pickers on a library of 1,500 articles: a page of matches, never an
// element per article; found by words of outlet, side, date or title; keyboard-operable (ARIA
// combobox). Own server and library (the other files keep the five samples).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, shot } from './harness.mjs';

const N = 1500;
let server;
let browser;
let page;
let dir;
const pageErrors = [];

async function api(path, body) {
  const r = await fetch(`${server.base}api${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return r.json();
}

before(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'rashomon-picker-'));
  const lines = [];
  for (let i = 0; i < N; i++) {
    const text = `Generated report ${i} on the talks. The ministers met for ${i % 50} hours on day ${i % 28}, officials said. Article ${i} ends here.`;
    lines.push(JSON.stringify({ title: `Generated report ${i}`, text, outlet: `Outlet ${i % 9}`, side: i % 2 ? 'russian' : 'turkish', published: `2021-03-${String(1 + (i % 28)).padStart(2, '0')}` }));
  }
  writeFileSync(join(dir, 'library.jsonl'), lines.join('\n') + '\n');
  const r = await api('/import', { paths: [join(dir, 'library.jsonl')], options: {} });
  assert.equal(r.imported, N, JSON.stringify(r).slice(0, 300));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(pageErrors, []);
});

const input = (p) => page.locator(`[data-testid=${p}-input]`);
const options = (p) => page.locator(`[data-testid=${p}-list] [role=option]`);

test('compare pickers: a page of matches over 1,505 articles, found by words, picked with the keyboard', async () => {
  await page.locator('[data-testid=article-row]').first().waitFor();
  await page.evaluate(() => (location.hash = '#/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  // nothing per article in the view until a picker is opened
  assert.equal(await page.locator('.compare option, .compare [role=option]').count(), 0);
  const idB = await page.locator('[data-testid=pick-b]').getAttribute('data-id');
  assert.match(idB ?? '', /^\d+$/);

  // focus opens the list: the first 50 of the whole library
  await input('pick-a').focus();
  assert.equal(await input('pick-a').getAttribute('role'), 'combobox');
  assert.equal(await input('pick-a').getAttribute('aria-expanded'), 'true');
  assert.equal(await options('pick-a').count(), 50);
  assert.match(await page.locator('[data-testid=pick-a-count]').innerText(), /^50 of 1,505/);

  // words in any order, of the title and the outlet; digits of the title narrow further
  await input('pick-a').fill('report 12 outlet');
  const many = await options('pick-a').evaluateAll((els) => els.map((e) => e.textContent));
  assert.ok(many.length > 3 && many.every((t) => /Generated report \d*12\d*/.test(t) && /Outlet/.test(t)), many.join(' | '));
  // ↓ ↓ ↑: the second match is active (aria-activedescendant), Enter picks it
  await input('pick-a').press('ArrowDown');
  await input('pick-a').press('ArrowDown');
  await input('pick-a').press('ArrowUp');
  const activeId = await input('pick-a').getAttribute('aria-activedescendant');
  const want = await page.locator(`#${activeId}`).getAttribute('data-id');
  const wantTitle = await page.locator(`#${activeId} .title`).innerText();
  assert.equal(await options('pick-a').nth(1).getAttribute('id'), activeId);
  await input('pick-a').press('Enter');
  assert.equal(await input('pick-a').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('[data-testid=pick-a]').getAttribute('data-id'), want);
  // the comparison follows the pick; the input shows the article (side, outlet, date, title)
  await page.waitForFunction((t) => document.querySelector('[data-testid=col-a]')?.textContent?.includes(t), wantTitle);
  assert.match(await input('pick-a').inputValue(), new RegExp(`^\\[(Russian|Turkish)\\] Outlet \\d — 2021-03-\\d\\d — ${wantTitle}$`));
  // an exact title number finds one article
  await input('pick-a').fill('1234');
  assert.deepEqual(await options('pick-a').allTextContents().then((xs) => xs.map((t) => /Generated report 1234$/.test(t.trim()))), [true]);
  assert.match(await page.locator('[data-testid=pick-a-count]').innerText(), /^1 article/);
  await input('pick-a').press('Escape');

  // Escape closes without picking; the current article stays
  await input('pick-b').focus();
  await input('pick-b').fill('no such words zzzz');
  assert.equal(await options('pick-b').count(), 0);
  assert.match(await page.locator('[data-testid=pick-b-count]').innerText(), /No article matches/);
  await input('pick-b').press('Escape');
  assert.equal(await page.locator('[data-testid=pick-b-list]').count(), 0);
  assert.equal(await page.locator('[data-testid=pick-b]').getAttribute('data-id'), idB);
  assert.match(await input('pick-b').inputValue(), /^\[(Russian|Turkish|Other)\] /);
  // the date and the side are search words too; a click picks
  await input('pick-b').fill('2021-03-05 turkish');
  const dated = await options('pick-b').allTextContents();
  assert.ok(dated.length > 0 && dated.every((t) => t.includes('2021-03-05') && t.includes('Turkish')), dated.join(' | '));
  const clicked = await options('pick-b').first().getAttribute('data-id');
  await options('pick-b').first().click();
  assert.equal(await page.locator('[data-testid=pick-b]').getAttribute('data-id'), clicked);
  await page.locator('[data-testid=compare-row]').first().waitFor();
  await shot(page, '30-compare-picker');
});
