// Correcting an article's details in the article view, against the real `rashomon serve` and a
// real Chromium: a bad date is refused with the core's reason and nothing changes; a side of the
// researcher's own is stored, named and coloured, and the library filters by it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, shot, repoRoot } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];

async function api(path) {
  const r = await fetch(`${server.base}api${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  return r.json();
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('article details: a bad date is refused and changes nothing; an own side and a date are saved and shown', async () => {
  const target = (await api('/articles')).find((a) => a.source_name === '000_3706dea661108fa7.txt');
  assert.equal(target.side, 'other');
  await page.goto(`${server.base}#/article/${target.id}`);
  await page.locator('[data-testid=article]').waitFor();
  await page.click('[data-testid=edit-article]');
  const form = page.locator('[data-testid=edit-details]');
  await form.waitFor();
  assert.equal(await form.locator('input[name=outlet]').inputValue(), target.outlet);
  await form.locator('input[name=side]').fill('armenian');
  await form.locator('input[name=published]').fill('5 March 2020');
  await form.locator('button[type=submit]').click();
  const err = page.locator('[data-testid=edit-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /'5 March 2020' is not a date/);
  let stored = (await api('/articles')).find((a) => a.id === target.id);
  assert.deepEqual([stored.side, stored.published], ['other', target.published], 'a refused edit changed the article');

  await form.locator('input[name=published]').fill('2020-02-29');
  await form.locator('button[type=submit]').click();
  await form.waitFor({ state: 'detached' });
  stored = (await api('/articles')).find((a) => a.id === target.id);
  assert.deepEqual([stored.side, stored.published], ['armenian', '2020-02-29']);
  const meta = page.locator('[data-testid=article] .meta');
  assert.match(await meta.innerText(), /Armenian/);
  assert.match(await meta.innerText(), /2020-02-29/);
  // Its own colour, not the grey of "other".
  const chip = meta.locator('.chip').first();
  const bg = await chip.evaluate((el) => getComputedStyle(el).backgroundColor);
  const otherBg = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.background = 'var(--side-other-bg)';
    document.body.append(probe);
    const c = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return c;
  });
  assert.notEqual(bg, otherBg);
  await shot(page, 'edit-article-own-side');

  // The library shows and filters by the new side.
  // (The library shows the list it had, then the one it asks for on the way back.)
  await page.goto(`${server.base}#/`);
  await page.locator('[data-testid=article-row][data-side=armenian]').waitFor();
  const options = await page.locator('[data-testid=filter-side] option').allInnerTexts();
  assert.ok(options.includes('Armenian'), options.join(', '));
  await page.selectOption('[data-testid=filter-side]', 'armenian');
  const rows = page.locator('[data-testid=article-row]');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-side'), 'armenian');
});

const RUSSIAN = Buffer.from(
  'Переговоры в Москве\n\n' +
    'Президент России Владимир Путин и президент Турции Реджеп Тайип Эрдоган договорились о прекращении огня в Идлибе с полуночи. ' +
    'По словам Путина, стороны не всегда сходятся в оценках, но смогли найти общий подход.\n',
);

test('import details: a batch takes the outlet, side, language and date given; a bad date refuses the batch', async () => {
  await page.goto(`${server.base}#/`);
  await page.locator('[data-testid=article-row]').first().waitFor();
  const before = (await api('/articles')).length;
  const details = page.locator('[data-testid=import-details]');
  await details.locator('summary').click();
  await details.locator('input[name=outlet]').fill('TASS');
  await details.locator('input[name=side]').fill('russian');
  await details.locator('select[name=language]').selectOption('ru');
  await details.locator('input[name=published]').fill('March 5');
  await page.locator('[data-testid=file-input]').setInputFiles([{ name: 'tass.txt', mimeType: 'text/plain', buffer: RUSSIAN }]);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') === 'done');
  const errors = await page.locator('[data-testid=import-batch]').first().locator('[data-testid=import-error]').allInnerTexts();
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /tass\.txt.*'March 5' is not a date/);
  assert.equal((await api('/articles')).length, before, 'a refused batch stored nothing');

  await details.locator('input[name=published]').fill('2020-03-05');
  await page.locator('[data-testid=file-input]').setInputFiles([{ name: 'tass.txt', mimeType: 'text/plain', buffer: RUSSIAN }]);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') === 'done');
  const batch = page.locator('[data-testid=import-batch]').first();
  assert.equal(await batch.locator('[data-testid=import-error]').count(), 0);
  assert.match(await batch.locator('[data-testid=import-as]').innerText(), /as TASS · Russian · ru · 2020-03-05/);
  const tass = (await api('/articles')).find((a) => a.source_name === 'tass.txt');
  assert.deepEqual([tass.outlet, tass.side, tass.language, tass.published], ['TASS', 'russian', 'ru', '2020-03-05']);
  await shot(page, 'import-details');
});

test('article language: set again in the form, the sentences are split by its rules and the view reads them anew', async () => {
  // Russian, imported as English: English rules end sentences at "г." and "им.".
  await page.goto(`${server.base}#/`);
  await page.locator('[data-testid=article-row]').first().waitFor();
  const details = page.locator('[data-testid=import-details]');
  if (!(await details.locator('select[name=language]').isVisible())) await details.locator('summary').click();
  for (const name of ['outlet', 'side', 'published']) await details.locator(`input[name=${name}]`).fill('');
  await details.locator('select[name=language]').selectOption('en');
  const text = Buffer.from('Встреча прошла в г. Москве им. Ленина. Анкара обвинила Дамаск в ударе.\n');
  await page.locator('[data-testid=file-input]').setInputFiles([{ name: 'moscow.txt', mimeType: 'text/plain', buffer: text }]);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') === 'done');
  const art = (await api('/articles')).find((a) => a.source_name === 'moscow.txt');
  assert.equal(art.language, 'en');
  assert.ok(art.sentence_count > 2, `split by English rules: ${art.sentence_count}`);

  await page.goto(`${server.base}#/article/${art.id}`);
  await page.locator('[data-testid=article]').waitFor();
  await page.click('[data-testid=edit-article]');
  const form = page.locator('[data-testid=edit-details]');
  await form.locator('select[name=language]').selectOption('ru');
  assert.match(await form.innerText(), /split again by the rules of Russian/);
  await form.locator('button[type=submit]').click();
  await form.waitFor({ state: 'detached' });
  const meta = page.locator('[data-testid=article] .meta');
  await page.waitForFunction(() => /Sentences\s*2/.test(document.querySelector('[data-testid=article] .meta')?.innerText ?? ''));
  assert.match(await meta.innerText(), /Language\s*ru/);
  const stored = await api(`/articles/${art.id}`);
  assert.deepEqual(stored.sentences.map((x) => x.text), ['Встреча прошла в г. Москве им. Ленина.', 'Анкара обвинила Дамаск в ударе.']);
});

const FIXTURES = join(repoRoot, 'tests', 'fixtures', 'lexicon');
const ACTORS = readFileSync(join(FIXTURES, 'actors.toml'), 'utf8');
const KARABAKH = readFileSync(join(FIXTURES, 'karabakh.txt'), 'utf8');
const FRAMING = JSON.stringify({
  groups: [
    {
      referent: 'Nagorno-Karabakh',
      terms: [
        { form: 'Artsakh', lang: 'en', framing: 'Armenian (Artsakh)' },
        { form: 'Nagorno-Karabakh', lang: 'en', framing: 'neutral / Azerbaijani' },
      ],
    },
  ],
});

test('lexicon: a bad actors file is refused with the problem; a good one lists its actors and gives speakers their sides', async () => {
  await page.goto(`${server.base}#/lexicon`);
  const actors = page.locator('[data-testid=lexicon-kind-actors]');
  await actors.locator('[data-testid=lexicon-none]').waitFor();
  await actors.locator('[data-testid=lexicon-file]').setInputFiles([{ name: 'bad.toml', mimeType: 'text/plain', buffer: Buffer.from(ACTORS.replace('"armenian"', '"Armenian"')) }]);
  const err = actors.locator('[data-testid=lexicon-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /bad\.toml: actor 'stepanyan': side 'Armenian' is not a side name/);
  assert.equal((await api('/lexicon/actors')).text, null, 'a refused file was stored');

  await actors.locator('[data-testid=lexicon-file]').setInputFiles([{ name: 'karabakh-actors.toml', mimeType: 'text/plain', buffer: Buffer.from(ACTORS) }]);
  const table = actors.locator('[data-testid=lexicon-actors]');
  await table.waitFor();
  assert.equal(await err.count(), 0);
  assert.match(await actors.locator('[data-testid=lexicon-source]').innerText(), /2 actors .*karabakh-actors\.toml/);
  assert.deepEqual(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor'))), ['stepanyan', 'hajiyev']);
  assert.match(await table.innerText(), /Armenian[\s\S]*Azerbaijani/);

  // Framing groups of the project's own: a group with one framing is refused, a good one listed.
  const framing = page.locator('[data-testid=lexicon-kind-framing]');
  const one = JSON.stringify({ groups: [{ referent: 'Karabakh', terms: [{ form: 'Artsakh', lang: 'en', framing: 'Armenian' }] }] });
  await framing.locator('[data-testid=lexicon-file]').setInputFiles([{ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(one) }]);
  await framing.locator('[data-testid=lexicon-error]').waitFor();
  assert.match(await framing.locator('[data-testid=lexicon-error]').innerText(), /one\.json: group 'Karabakh': its terms carry 1 framing/);
  await framing.locator('[data-testid=lexicon-file]').setInputFiles([{ name: 'karabakh-framing.json', mimeType: 'application/json', buffer: Buffer.from(FRAMING) }]);
  await framing.locator('[data-testid=lexicon-groups] tr[data-referent="Nagorno-Karabakh"]').waitFor();
  await shot(page, 'lexicon');

  // Two accounts imported now are analysed with the project's lexicons: speakers on their sides,
  // and "Artsakh" against "Nagorno-Karabakh" is a framing contradiction.
  const upload = (name, text, side) =>
    fetch(`${server.base}api/import/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: [{ name, data_base64: Buffer.from(text).toString('base64') }], options: { outlet: name, side, language: 'en', published: '2020-10-05', url: null, title: null } }),
    }).then((x) => x.json());
  assert.equal((await upload('karabakh.txt', KARABAKH, 'armenian')).imported, 1);
  const other = 'Fighting in Nagorno-Karabakh\n\nThe army said its forces shelled positions in Nagorno-Karabakh overnight after attacks on Ganja.\n';
  const mine = 'Fighting in Artsakh\n\nThe army said its forces shelled positions in Artsakh overnight after attacks on Ganja.\n';
  assert.equal((await upload('az.txt', other, 'azerbaijani')).imported, 1);
  assert.equal((await upload('am.txt', mine, 'armenian')).imported, 1);
  const list = await api('/articles');
  const id = (n) => list.find((a) => a.source_name === n).id;
  const sides = (await api(`/articles/${id('karabakh.txt')}/claims`)).claims.map((c) => c.speaker?.side ?? null);
  assert.deepEqual(sides, ['armenian', 'azerbaijani']);
  const cmp = await api(`/compare?a=${id('am.txt')}&b=${id('az.txt')}`);
  const framed = cmp.pairs.filter((p) => p.kind === 'framing');
  assert.equal(framed.length, 1, JSON.stringify(cmp.pairs.map((p) => [p.relation, p.kind, p.explanation])));
  assert.match(framed[0].explanation, /Nagorno-Karabakh: «Artsakh» \(Armenian \(Artsakh\)\) vs «Nagorno-Karabakh»/);

  // Removed: back to the built-in lexicons.
  await actors.locator('[data-testid=lexicon-clear]').click();
  await actors.locator('[data-testid=lexicon-none]').waitFor();
  await framing.locator('[data-testid=lexicon-clear]').click();
  await framing.locator('[data-testid=lexicon-none]').waitFor();
  const after = (await api(`/articles/${id('karabakh.txt')}/claims`)).claims.map((c) => c.speaker?.side ?? null);
  assert.deepEqual(after, [null, null]);
  const plain = await api(`/compare?a=${id('am.txt')}&b=${id('az.txt')}`);
  assert.equal(plain.pairs.filter((p) => p.kind === 'framing').length, 0);
});

test('no uncaught page errors', () => {
  assert.deepEqual(pageErrors, []);
});
