// End-to-end tests of the web UI against the real `rashomon serve` and a real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, shot } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // A CSP violation (a chart library injecting inline script or eval, a remote font) is a failure.
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(`CSP: ${m.text()}`);
  });
  // The UI's own files (scripts, styles, bundled fonts) must all load: a font URL the build left
  // unresolved (a package missing from node_modules) is a 404 that only shows as a fallback font.
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/assets/')) pageErrors.push(`${r.status()} ${r.url()}`);
  });
  page.on('dialog', (d) => {
    pageErrors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = () => page.locator('[data-testid=article-row]');

async function toLibrary() {
  await page.evaluate(() => (location.hash = '#/'));
  await page.locator('[data-testid=article-table]').waitFor();
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

test('library lists the five samples with their sides', async () => {
  await rows().first().waitFor();
  assert.equal(await rows().count(), 5);
  const sides = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-side')).sort());
  assert.deepEqual(sides, ['other', 'other', 'other', 'russian', 'turkish']);
  const chips = await page.locator('[data-testid=article-table]').innerText();
  assert.match(chips, /Russian/);
  assert.match(chips, /Turkish/);
  assert.match(chips, /Other/);
  // the token left the address bar and is kept for the tab
  assert.ok(!page.url().includes('token='), page.url());
  await shot(page, '01-library');
});

test('stories: list, story view with narrative by side (Russian column first, Arabic claims rtl)', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stories' }).click();
  const items = page.locator('[data-testid=story-item]');
  await items.first().waitFor();
  const n = await items.count();
  assert.ok(n >= 1, `${n} stories`);
  // every story shows a date range, an article count and side chips
  const first = await items.first().innerText();
  assert.match(first, /\d{4}-\d{2}-\d{2}/);
  assert.match(first, /\d+ articles?/);
  assert.match(first, /Russian|Turkish|Other/);
  await shot(page, '12-stories');

  // open each story until one has a Russian-side column quoting Putin or Peskov (the samples have two)
  let found = false;
  for (let i = 0; i < n && !found; i++) {
    await page.evaluate(() => (location.hash = '#/stories'));
    await items.nth(i).locator('h2 a').click();
    await page.locator('[data-testid=story]').waitFor();
    await page.locator('[data-testid=narratives], [data-testid=story] section p.muted:has-text("No attributed")').first().waitFor();
    assert.ok((await page.locator('[data-testid=story-article]').count()) >= 1);
    assert.ok((await page.locator('[data-testid=timeline] li').count()) >= 1);
    const cols = await page.locator('[data-testid=narrative-column]').evaluateAll((els) => els.map((e) => e.getAttribute('data-side')));
    if (!cols.includes('russian')) continue;
    assert.equal(cols[0], 'russian', `columns: ${cols}`);
    if (cols.includes('turkish')) assert.equal(cols[1], 'turkish', `columns: ${cols}`);
    const claim = page.locator('[data-testid=narrative-column][data-side=russian] [data-testid=claim]').filter({ hasText: /Putin|Peskov/ }).first();
    if ((await claim.count()) === 0) continue;
    found = true;
    const p = claim.locator('[data-testid=claim-text]');
    assert.equal(await p.getAttribute('dir'), 'auto');
    assert.match(await p.innerText(), /[\u0600-\u06FF]/);
    assert.equal(await p.evaluate((e) => getComputedStyle(e).direction), 'rtl');
    // the outlet's own side is shown next to each claim, and negated claims carry a "denies" badge
    assert.ok((await claim.locator('.chip').count()) >= 1);
    const negated = page.locator('[data-testid=claim][data-negated=true]');
    if ((await negated.count()) > 0) assert.match(await negated.first().locator('.denies').innerText(), /denies/);
    // no horizontal overflow of the page
    const overflow = await page.evaluate(() => {
      const sc = document.querySelector('[data-testid=story]').closest('.scroll');
      return sc.scrollWidth - sc.clientWidth;
    });
    assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
    await shot(page, '13-story');
    await page.locator('[data-testid=narratives]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, '14-story-narratives');
  }
  assert.ok(found, 'no story with a Russian-side claim by Putin or Peskov');
  await toLibrary();
});

/** GET an API route with the token, parsed. */
async function api(path) {
  const r = await fetch(`${server.base}api${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  return { status: r.status, body: await r.json() };
}

/** The story with the most articles (the samples have one of three: RT Arabic, Al-Hal Net, Al Jazeera relay). */
async function biggestStory() {
  const { body } = await api('/stories');
  return body.reduce((a, b) => (b.articles.length > a.articles.length ? b : a));
}

async function openStory(id) {
  await page.evaluate((id) => (location.hash = `#/story/${id}`), id);
  await page.locator(`[data-testid=story][data-story-id="${id}"]`).waitFor();
}

test('story view: claim matrix heat map matches api::story_matrix; contested filter; framing terms per side', async () => {
  const story = await biggestStory();
  const { status, body: m } = await api(`/stories/${story.id}/matrix`);
  assert.equal(status, 200);
  assert.ok(m.rows.length >= 2, `${m.rows.length} matrix rows`);
  await openStory(story.id);
  await page.locator('[data-testid=matrix]').waitFor();
  // columns: the API's order (Russian side first), one header per article
  const heads = await page.locator('[data-testid=matrix] thead .col-h').evaluateAll((els) => els.map((e) => e.getAttribute('data-side')));
  assert.deepEqual(heads, m.columns.map((c) => c.side));
  assert.equal(heads[0], 'russian');
  // every cell shows the engine's state, in order
  const rowsEl = page.locator('[data-testid=matrix-row]');
  assert.equal(await rowsEl.count(), m.rows.length);
  const states = await rowsEl.evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('[data-testid=matrix-cell]')].map((c) => c.getAttribute('data-state'))));
  assert.deepEqual(states, m.rows.map((r) => r.cells.map((c) => c.state)));
  const flat = states.flat();
  assert.ok(flat.includes('affirms') && flat.includes('denies'), flat.join(','));
  // states differ by colour and by mark (never colour alone)
  const look = async (st) =>
    page.locator(`[data-testid=matrix-cell][data-state=${st}]`).first().evaluate((e) => [getComputedStyle(e).backgroundColor, e.innerText.trim()]);
  const [aff, den] = [await look('affirms'), await look('denies')];
  assert.notEqual(aff[0], den[0]);
  assert.deepEqual([aff[1], den[1]], ['✓', '✗']);
  // the row text is the claim's original text, right-to-left for Arabic
  const first = rowsEl.first().locator('th.claim');
  assert.ok((await first.innerText()).includes(m.rows[0].text.slice(0, 20)));
  assert.equal(await first.evaluate((e) => getComputedStyle(e).direction), 'rtl');
  // filter: only contested rows
  await page.locator('[data-testid=contested-only]').check();
  assert.equal(await rowsEl.count(), m.rows.filter((r) => r.contested).length);
  assert.equal(await page.locator('[data-testid=matrix-row][data-contested=false]').count(), 0);
  await shot(page, '15-story-matrix');
  await page.locator('[data-testid=contested-only]').uncheck();
  // framing terms: one box per side the API gives, Russian first, the API's terms in order
  const sides = await page.locator('[data-testid=framing-side]').evaluateAll((els) => els.map((e) => e.getAttribute('data-side')));
  assert.deepEqual([...sides].sort(), m.framing.map((f) => f.side).sort());
  if (sides.includes('russian')) assert.equal(sides[0], 'russian');
  for (const f of m.framing) {
    const terms = await page.locator(`[data-testid=framing-side][data-side=${f.side}] [data-testid=framing-term] .term`).allInnerTexts();
    assert.deepEqual(terms, f.terms.map((t) => t.term));
  }
  const withTerms = m.framing.find((f) => f.terms.length);
  if (withTerms) {
    const term = page.locator(`[data-testid=framing-side][data-side=${withTerms.side}] [data-testid=framing-term]`).first();
    await term.locator('summary').click();
    assert.ok((await term.locator('.examples li').count()) >= 1, 'examples of the term in context');
  }
  await page.locator('[data-testid=framing]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shot(page, '16-story-framing');
});

test('story view: timeline and reported-number charts drawn by Chart.js under the CSP, qualifiers shown', async () => {
  const story = await biggestStory();
  const { body: nums } = await api(`/stories/${story.id}/numbers`);
  const bad = await api('/stories/9999/numbers');
  assert.equal(bad.status, 404);
  assert.equal(bad.body.code, 'not_found');
  // the samples: Al-Hal Net reports 36 soldiers killed, the Al Jazeera relay "more than 30"
  const killed = nums.filter((n) => n.event === 'killed');
  assert.ok(killed.some((n) => n.value === 36 && n.qualifier === null), JSON.stringify(killed));
  assert.ok(killed.some((n) => n.value === 30 && n.qualifier === 'more_than'), JSON.stringify(killed));
  for (const n of nums) assert.ok(n.surface.length > 0 && n.claim.includes(n.surface), JSON.stringify(n));

  await openStory(story.id);
  const inked = (sel) =>
    page.locator(sel).evaluateAll((cs) =>
      cs.map((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return { w: c.width, h: c.height, inked: n };
      }),
    );
  // timeline: one canvas, drawn (Chart.js loaded as its own chunk from 'self')
  await page.locator('[data-testid=timeline-chart][data-ready=true]').waitFor();
  const [tl] = await inked('[data-testid=timeline-chart]');
  assert.ok(tl.w > 300 && tl.h > 100 && tl.inked > 1000, JSON.stringify(tl));
  const label = await page.locator('[data-testid=timeline-chart]').locator('..').getAttribute('aria-label');
  for (const a of story.articles.filter((a) => a.published)) assert.ok(label.includes(a.published.slice(0, 10)), label);
  // one chart per quantity with an event, each drawn
  const quantities = new Set(nums.filter((n) => n.event).map((n) => `${n.event}|${n.counted}`));
  const figs = page.locator('[data-testid=quantity]');
  assert.equal(await figs.count(), quantities.size);
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid=number-chart][data-ready=true]').length === k, quantities.size);
  for (const c of await inked('[data-testid=number-chart]')) assert.ok(c.inked > 200, JSON.stringify(c));
  // the soldiers-killed chart lists each report with its qualifier, as written
  const soldiers = page.locator('[data-testid=quantity][data-event=killed]').filter({ has: page.locator('[data-testid=number-report][data-value="36"]') });
  const reports = await soldiers.locator('[data-testid=number-report]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-value'), e.getAttribute('data-qualifier'), e.querySelector('.figure').textContent.trim()]),
  );
  assert.ok(reports.some(([v, q, f]) => v === '30' && q === 'more_than' && f === '> 30'), JSON.stringify(reports));
  assert.ok(reports.some(([v, q, f]) => v === '36' && q === '' && f === '36'), JSON.stringify(reports));
  await soldiers.scrollIntoViewIfNeeded();
  await shot(page, '17-story-numbers');
  // dark scheme: the charts are redrawn with the dark theme's colours
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=number-chart][data-ready=true]').length > 0);
  await shot(page, '18-story-numbers-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await toLibrary();
});

test('filters by side', async () => {
  await page.selectOption('[data-testid=filter-side]', 'russian');
  assert.equal(await rows().count(), 1);
  await page.selectOption('[data-testid=filter-side]', '');
  assert.equal(await rows().count(), 5);
});

test('sorts by date, both directions', async () => {
  const dates = () => rows().locator('.date').allInnerTexts();
  await page.click('[data-testid=sort-published]');
  const asc = await dates();
  assert.deepEqual(asc, [...asc].sort());
  await page.click('[data-testid=sort-published]');
  const desc = await dates();
  assert.deepEqual(desc, [...asc].sort().reverse());
  assert.equal(await page.locator('[role=columnheader][aria-sort=descending]').count(), 1);
});

test('keyboard: arrow keys move between rows', async () => {
  await rows().nth(0).locator('a').focus();
  await page.keyboard.press('ArrowDown');
  const idx = await page.evaluate(() => document.activeElement?.closest('[data-row-index]')?.getAttribute('data-row-index'));
  assert.equal(idx, '1');
});

test('full-text search shows highlighted original sentences', async () => {
  await page.fill('[data-testid=search]', 'أردوغان');
  await page.locator('[data-testid=search-hit]').first().waitFor();
  const n = await page.locator('[data-testid=search-hit]').count();
  assert.ok(n >= 1);
  const marks = await page.locator('[data-testid=search-hit] .snippet mark').allInnerTexts();
  assert.ok(marks.length >= 1, 'no highlights');
  assert.ok(marks.some((m) => m.includes('أردوغان')), `marks: ${marks.join(' | ')}`);
  const dir = await page.locator('[data-testid=search-hit] .snippet').first().evaluate((e) => getComputedStyle(e).direction);
  assert.equal(dir, 'rtl');
  await shot(page, '02-search');
  // a hit opens its article at the matching sentence
  await page.locator('[data-testid=search-hit] a').first().click();
  await page.locator('[data-testid=clean] .sentence.target').waitFor();
  assert.match(await page.locator('[data-testid=clean] .sentence.target').innerText(), /أردوغان/);
  await toLibrary();
  await page.fill('[data-testid=search]', '');
  await rows().first().waitFor();
});

test('import by file picker: new file appears, bad files get per-file errors', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles([
    { name: 'new-article.txt', mimeType: 'text/plain', buffer: Buffer.from(
      'قمة جديدة في موسكو حول إدلب\n\n' +
        'قال الرئيس التركي رجب طيب أردوغان إن المحادثات مع الجانب الروسي ستستمر يوم الخميس في العاصمة الروسية موسكو. ' +
        'وأضاف أن الوضع في محافظة إدلب شمال غربي سوريا صعب للغاية ويتطلب وقفا فوريا لإطلاق النار.\n\n' +
        'من جهته أكد الكرملين أن الرئيس فلاديمير بوتين سيستقبل نظيره التركي لبحث التطورات الميدانية الأخيرة في المنطقة.\n',
    ) },
    { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: 'picture.png', mimeType: 'image/png', buffer: PNG },
  ]);
  const batch = page.locator('[data-testid=import-batch]').first();
  await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') === 'done');
  const errors = await batch.locator('[data-testid=import-error]').allInnerTexts();
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('empty.txt')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('picture.png')), errors.join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=article-row]').length === 6);
  await shot(page, '03-import');
});

test('import by drag and drop', async () => {
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File([
      'Путин и Эрдоган встретились в Москве\n\n' +
        'Президенты России и Турции Владимир Путин и Реджеп Тайип Эрдоган встретились в Москве в четверг и провели переговоры. ' +
        'Они договорились о прекращении огня в сирийской провинции Идлиб начиная с полуночи пятницы.\n\n' +
        'Стороны также условились создать коридор безопасности вдоль трассы М4 и организовать совместное патрулирование.\n',
    ], 'dropped-ru.txt', { type: 'text/plain' }));
    return d;
  });
  await page.locator('[data-testid=dropzone]').dispatchEvent('dragover', { dataTransfer: dt });
  await page.locator('[data-testid=dropzone]').dispatchEvent('drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=article-row]').length === 7);
  const states = await page.locator('[data-testid=import-batch]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  assert.equal(states[0], 'done');
});

test('import cancel stops sending further chunks', async () => {
  const files = Array.from({ length: 400 }, (_, i) => ({ name: `blank-${i}.txt`, mimeType: 'text/plain', buffer: Buffer.alloc(0) }));
  await page.locator('[data-testid=file-input]').setInputFiles(files);
  const batch = page.locator('[data-testid=import-batch]').first();
  await batch.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') !== 'sending');
  assert.equal(await batch.getAttribute('data-state'), 'cancelled');
  const done = Number(await batch.locator('progress').getAttribute('value'));
  assert.ok(done < 400, `sent ${done} files`);
  assert.equal(await batch.locator('[data-testid=import-error]').count(), done);
  await batch.getByRole('button', { name: 'Dismiss' }).click();
});

test('article view: clean paragraphs and original page with marked blocks', async () => {
  await rows().filter({ has: page.locator('[data-side=russian]') }).first().waitFor().catch(() => {});
  await page.locator('[data-testid=article-row][data-side=russian] a').first().click();
  await page.locator('[data-testid=article]').waitFor();
  const clean = page.locator('[data-testid=clean]');
  assert.ok((await clean.innerText()).trim().length > 50);
  assert.equal(await clean.locator('p').first().getAttribute('dir'), 'auto');
  await shot(page, '04-article');
  await page.click('[data-testid=toggle-original]');
  await page.locator('[data-testid=original]').waitFor();
  assert.equal(await page.getAttribute('[data-testid=toggle-original]', 'aria-pressed'), 'true');
  assert.ok((await page.locator('[data-testid=original] mark.block').count()) >= 1);
  await shot(page, '05-original');
});

test('compare view: default Russian vs Turkish, Arabic columns are rtl, n/p wired', async () => {
  await page.evaluate(() => (location.hash = '#/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  for (const col of ['col-a', 'col-b']) {
    assert.equal(await page.locator(`[data-testid=${col}]`).evaluate((e) => getComputedStyle(e).direction), 'rtl');
  }
  const cellDir = await page.locator('[data-testid=compare-row] .cell.left').first().evaluate((e) => getComputedStyle(e).direction);
  assert.equal(cellDir, 'rtl');
  const a = await page.locator('[data-testid=col-a]').innerText();
  const b = await page.locator('[data-testid=col-b]').innerText();
  assert.match(a, /Russian/);
  assert.match(b, /Turkish/);
  // The real alignment engine: some rows are aligned with a relation, and n jumps to a contradiction.
  const rels = await page.locator('[data-testid=compare-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-relation')));
  assert.ok(rels.some((r) => r === 'same' || r === 'paraphrase' || r?.startsWith('contradiction')), `aligned rows: ${rels}`);
  assert.match(await page.locator('[data-testid=compare-counts]').innerText(), /\d+ same · \d+ paraphrase · \d+ contradiction/);
  await page.locator('body').press('n');
  const status = await page.locator('[data-testid=compare-status]').innerText();
  if (rels.some((r) => r?.startsWith('contradiction'))) {
    assert.match(status, /Contradiction 1/);
    const focusedRel = await page.evaluate(() => document.activeElement?.getAttribute('data-relation'));
    assert.match(focusedRel ?? '', /^contradiction:/);
  } else {
    assert.match(status, /No contradictions/);
  }
  // Numbers and speakers the claim engine found are marked inside the rows, at the API's spans.
  await page.locator('[data-testid=compare-row] .number').first().waitFor();
  // textContent, not innerText: rows below the fold are skipped by content-visibility, and
  // innerText of content not rendered is empty.
  const numbers = await page.locator('[data-testid=compare-row] .number').allTextContents();
  assert.ok(numbers.length >= 1 && numbers.every((t) => /[0-9٠-٩]|[\u0600-\u06FF]/.test(t)), numbers.join(' | '));
  const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid=pick-a], [data-testid=pick-b]')].map((s) => Number(s.dataset.id)));
  const claimsA = (await api(`/articles/${ids[0]}/claims`)).body;
  const surfacesA = new Set(claimsA.claims.flatMap((c) => c.numbers.map((n) => Buffer.from(claimsA.page_text).subarray(n.span.start, n.span.end).toString())));
  const shownA = await page.locator('[data-testid=compare-row] .cell.left .number').allTextContents();
  assert.ok(shownA.every((t) => [...surfacesA].some((s) => s.includes(t))), `${shownA} vs ${[...surfacesA]}`);
  assert.ok((await page.locator('[data-testid=compare-row] .speaker').count()) >= 1, 'speakers marked');
  await shot(page, '06-compare');
});

test('compare view: the first screen renders first, then every pair of the API becomes a row, in order', async () => {
  await page.evaluate(() => (location.hash = '#/'));
  await page.locator('[data-testid=article-row]').first().waitFor();
  // One comparison request draws the view: the number and speaker marks come with it.
  const apiCalls = [];
  const onRequest = (r) => new URL(r.url()).pathname.startsWith('/api/') && apiCalls.push(new URL(r.url()).pathname);
  page.on('request', onRequest);
  await page.evaluate(() => (location.hash = '#/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  page.off('request', onRequest);
  assert.deepEqual(apiCalls.filter((u) => u.endsWith('/claims')), [], apiCalls.join(' '));
  assert.equal(apiCalls.filter((u) => u === '/api/compare').length, 1, apiCalls.join(' '));
  const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid=pick-a], [data-testid=pick-b]')].map((s) => Number(s.dataset.id)));
  const { body } = await api(`/compare?a=${ids[0]}&b=${ids[1]}`);
  assert.ok(body.marks_a.numbers.length > 0 && body.marks_b.speakers.length > 0, JSON.stringify([body.marks_a, body.marks_b]).slice(0, 200));
  assert.ok(body.pairs.length > 12, `a comparison longer than the first batch: ${body.pairs.length} pairs`);
  // the rest arrives in idle time
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=compare-row]').length === n, body.pairs.length);
  const rels = await page.locator('[data-testid=compare-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-relation')));
  const want = body.pairs.map((p) => (p.relation === 'contradiction' ? `contradiction:${p.kind === 'none' ? 'polarity' : p.kind}` : p.relation === 'related' ? 'none' : p.relation));
  assert.deepEqual(rels, want);
  const leftNums = await page.locator('[data-testid=compare-row]').evaluateAll((els) => els.map((e) => e.querySelector('.cell.left .num')?.textContent ?? null));
  assert.deepEqual(leftNums, body.pairs.map((p) => (p.a ? String(p.a.clause + 1) : null)));
  // A related row whose sentence is the row above's refers to it instead of repeating it; every
  // other sentence is shown in full.
  const cells = await page.locator('[data-testid=compare-row]').evaluateAll((els) =>
    els.map((e) => ['left', 'right'].map((s) => (e.querySelector(`.cell.${s} .again`) ? 'again' : e.querySelector(`.cell.${s} .num`) ? 'text' : null))),
  );
  const expected = body.pairs.map((p, i) =>
    ['a', 'b'].map((s) => (!p[s] ? null : p.relation === 'related' && i > 0 && body.pairs[i - 1][s]?.clause === p[s].clause ? 'again' : 'text')),
  );
  assert.deepEqual(cells, expected);
  assert.ok(expected.flat().includes('again'), 'this comparison has a claim related to several');
});

test('compare rows: every relation renders, n/p move between contradictions', async () => {
  await page.evaluate(() => (location.hash = '#/dev/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  const rel = await page.locator('[data-testid=compare-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-relation')));
  assert.deepEqual(rel, ['same', 'contradiction:numeric', 'paraphrase', 'contradiction:polarity', 'omission', 'contradiction:framing']);
  assert.deepEqual(await page.locator('[data-testid=compare-row] mark.diff').allInnerTexts(), ['34', '33', 'لم تنفذ', 'نفذت']);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-row'));
  await page.locator('body').press('n');
  assert.equal(await focused(), '1');
  await page.keyboard.press('n');
  assert.equal(await focused(), '3');
  await page.keyboard.press('n');
  assert.equal(await focused(), '5');
  await page.keyboard.press('n');
  assert.equal(await focused(), '5');
  assert.match(await page.locator('[data-testid=compare-status]').innerText(), /No later contradiction/);
  await page.keyboard.press('p');
  assert.equal(await focused(), '3');
  await shot(page, '06b-compare-relations');
});

test('a malicious page renders inert, bidi overrides visible', async () => {
  await toLibrary();
  const evil =
    'Evil page <script>window.__pwned=1</script> title\n\n' +
    'This paragraph of the hostile page carries a script tag <script>window.__pwned=1</script> and an image tag ' +
    '<img src=x onerror="window.__pwned=1"> in the middle of its text, which must stay inert.\n\n' +
    'This paragraph has a right-to-left override in a file name: invoice_\u202Egnp.exe\u202C was attached, ' +
    'and also <b>bold</b> markup and &amp; entities that must be shown as typed.\n';
  await page.locator('[data-testid=file-input]').setInputFiles([{ name: 'evil.txt', mimeType: 'text/plain', buffer: Buffer.from(evil) }]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=article-row]').length === 8);
  await page.locator('[data-testid=article-row] a', { hasText: 'evil' }).or(page.locator('[data-testid=article-row] a', { hasText: 'Evil' })).first().click();
  await page.locator('[data-testid=article]').waitFor();
  const text = await page.locator('[data-testid=article]').innerText();
  assert.ok(text.includes('<script>window.__pwned=1</script>') || text.includes('<img src=x onerror="window.__pwned=1">'), text);
  assert.ok(text.includes('⟨RLO⟩'), text);
  assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(text), 'a raw bidi control reached the display');
  assert.equal(await page.locator('[data-testid=article] img, [data-testid=article] script, [data-testid=article] b').count(), 0);
  await page.click('[data-testid=toggle-original]');
  const orig = await page.locator('[data-testid=original]').innerText();
  assert.ok(orig.includes('<img src=x onerror="window.__pwned=1">'), orig);
  assert.ok(orig.includes('⟨RLO⟩'));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
  await shot(page, '07-malicious');
});

function request(path, headers = {}) {
  const u = new URL(path, server.base);
  return new Promise((res, rej) => {
    const r = http.request(u, { headers }, (resp) => {
      let body = '';
      resp.on('data', (d) => (body += d));
      resp.on('end', () => res({ status: resp.statusCode, body }));
    });
    r.on('error', rej);
    r.end();
  });
}

test('API: no token → 401, foreign Origin → 403, with token → 200', async () => {
  const none = await request('/api/articles');
  assert.equal(none.status, 401);
  assert.ok(JSON.parse(none.body).message);
  const wrong = await request('/api/articles', { Authorization: 'Bearer nope' });
  assert.equal(wrong.status, 401);
  const foreign = await request('/api/articles', { Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  const ok = await request('/api/articles', { Authorization: `Bearer ${server.token}` });
  assert.equal(ok.status, 200);
  assert.equal(JSON.parse(ok.body).length, 8);
});

test('the page without a token explains what to do', async () => {
  const p = await browser.context.newPage();
  await p.goto(server.base);
  await p.locator('[role=alert]').waitFor();
  assert.match(await p.locator('[role=alert]').innerText(), /token/);
  await p.close();
});

test('10,000 rows scroll smoothly in the windowed list', async () => {
  await page.evaluate(() => (location.hash = '#/dev/virtual'));
  await page.waitForFunction(() => document.querySelector('[data-total-rows]')?.getAttribute('data-total-rows') === '10000');
  const inDom = await rows().count();
  assert.ok(inDom < 80, `${inDom} rows in the DOM`);
  const stats = await page.evaluate(async () => {
    const vp = document.querySelector('[data-total-rows]');
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      vp.scrollTop += 3000;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    vp.scrollTop = vp.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.sort((a, b) => a - b);
    const ids = [...document.querySelectorAll('[data-row-index]')].map((e) => Number(e.getAttribute('data-row-index')));
    return { median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)], maxRow: Math.max(...ids) };
  });
  assert.equal(stats.maxRow, 9999);
  assert.ok(stats.p95 < 100, JSON.stringify(stats));
  await shot(page, '08-virtual');
});

test('dark theme', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await toLibrary();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(23, 24, 26)');
  await shot(page, '09-library-dark');
  await page.evaluate(() => (location.hash = '#/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  await shot(page, '10-compare-dark');
  await page.evaluate(() => (location.hash = '#/dev/compare'));
  await page.locator('[data-testid=compare-row]').first().waitFor();
  await shot(page, '11-compare-relations-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});

test('import by folder picker: importable files sent, others skipped with a note', async () => {
  await toLibrary();
  const before = await page.evaluate(() => document.querySelector('.count')?.textContent);
  const n0 = Number(/of (\d+)/.exec(before)[1]);
  const dir = mkdtempSync(join(tmpdir(), 'rashomon-folder-'));
  writeFileSync(
    join(dir, 'folder-article.txt'),
    'هدنة جديدة في إدلب\n\nأعلنت وزارة الدفاع التركية أن الهدنة في محافظة إدلب دخلت حيز التنفيذ منتصف الليل بعد اتفاق موسكو. ' +
      'وقالت الوزارة إن دوريات مشتركة ستبدأ على الطريق الدولي خلال أسبوع.\n',
  );
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: [{ file: 'folder-article.txt', outlet: 'X' }] }));
  writeFileSync(join(dir, 'photo.png'), PNG);
  try {
    await page.locator('[data-testid=folder-input]').setInputFiles(dir);
    await page.waitForFunction(() => document.querySelector('[data-testid=import-batch]')?.getAttribute('data-state') === 'done');
    const batch = page.locator('[data-testid=import-batch]').first();
    assert.match(await batch.locator('label').innerText(), /1 of 1 file/);
    const note = await batch.locator('[data-testid=import-note]').innerText();
    assert.match(note, /2 other files/);
    assert.match(note, /manifest\.json/);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=article-row]').length === n + 1 || document.querySelector('.count')?.textContent.includes(`${n + 1} of ${n + 1}`), n0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no uncaught page errors', () => {
  assert.deepEqual(pageErrors, []);
});
