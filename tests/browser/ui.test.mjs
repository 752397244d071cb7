// End-to-end tests of the web UI against the real `rashomon serve` and a real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
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
  await shot(page, '06-compare');
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

test('no uncaught page errors', () => {
  assert.deepEqual(pageErrors, []);
});
