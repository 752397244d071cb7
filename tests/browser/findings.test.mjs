// End-to-end tests of the findings UI (codes, codings, verdicts, notes, exports) against the real
// `rashomon serve` and a real Chromium: what the page shows is checked against what the server stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, shot, artifacts } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // Deleting asks inside the page; a native confirm()/alert() would be a defect.
  page.on('dialog', (d) => {
    pageErrors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.url);
  await page.locator('[data-testid=article-row]').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** GET an API path with the tab's token (as the page does). */
const api = (path) =>
  page.evaluate(async (p) => {
    const r = await fetch(`./api${p}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem('rashomon.token')}` } });
    return r.json();
  }, path);

const go = (hash) => page.evaluate((h) => (location.hash = h), hash);

test('codes panel: create nested codes; delete asks, then Undo restores', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Codes' }).click();
  await page.locator('[data-testid=codes-panel]').waitFor();
  await page.locator('[data-testid=code-name]').fill('رقم الضحايا');
  await page.locator('[data-testid=code-colour]').fill('#d94f4f');
  await page.locator('[data-testid=code-description]').fill('casualty figures');
  await page.locator('[data-testid=code-add]').click();
  await page.locator('[data-testid=code-item][data-code="رقم الضحايا"]').waitFor();
  await page.locator('[data-testid=code-parent]').selectOption({ label: 'رقم الضحايا' });
  await page.locator('[data-testid=code-name]').fill('disputed');
  await page.locator('[data-testid=code-add]').click();
  const child = page.locator('[data-testid=code-item][data-code=disputed]');
  await child.waitFor();
  assert.equal(await child.getAttribute('data-depth'), '1');
  let codes = await api('/codes');
  const parent = codes.find((c) => c.name === 'رقم الضحايا');
  assert.equal(parent.colour.toLowerCase(), '#d94f4f');
  assert.equal(parent.description, 'casualty figures');
  assert.equal(codes.find((c) => c.name === 'disputed').parent_id, parent.id);

  // delete the parent: a confirmation first (nothing deleted yet), then Undo brings both back
  await page.locator('[data-testid=code-item][data-code="رقم الضحايا"] [data-testid=code-delete]').click();
  const confirm = page.locator('[data-testid=confirm-delete]');
  assert.match(await confirm.innerText(), /and its 1 sub-code/);
  assert.equal((await api('/codes')).length, 2);
  await page.locator('[data-testid=confirm-delete-yes]').click();
  await page.locator('[data-testid=undo-toast]').waitFor();
  await page.locator('[data-testid=code-item]').first().waitFor({ state: 'detached' });
  assert.equal((await api('/codes')).length, 0);
  await shot(page, '20-codes-undo-toast');
  await page.locator('[data-testid=undo]').click();
  await page.locator('[data-testid=code-item][data-code=disputed]').waitFor();
  codes = await api('/codes');
  assert.deepEqual(codes.map((c) => c.name).sort(), ['disputed', 'رقم الضحايا']);
  await shot(page, '21-codes');
});

test('article view: code a selection of Arabic text; the stored byte span holds exactly the selected text', async () => {
  const arts = await api('/articles');
  const ar = arts.find((a) => a.language === 'ar');
  await go(`#/article/${ar.id}`);
  await page.locator('[data-testid=clean] [data-b]').first().waitFor();
  // select characters 4..24 of the first long text piece (multi-byte letters on both ends)
  const selected = await page.evaluate(() => {
    const el = [...document.querySelectorAll('[data-testid=clean] span[data-b]:not([data-ctl])')].find((e) => (e.textContent ?? '').length > 40);
    const t = el.firstChild;
    const r = document.createRange();
    r.setStart(t, 4);
    r.setEnd(t, 24);
    const s = getSelection();
    s.removeAllRanges();
    s.addRange(r);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    return t.data.slice(4, 24);
  });
  assert.ok(/[\u0600-\u06FF]/.test(selected), `not Arabic: ${selected}`);
  await page.locator('[data-testid=selection-toolbar]').waitFor();
  await page.locator('[data-testid=code-selection]').click();
  await page.locator('[data-testid=code-picker] [data-code=disputed]').click();
  const mark = page.locator('[data-testid=clean] mark.coding');
  await mark.first().waitFor();
  assert.equal((await mark.allInnerTexts()).join(''), selected);
  assert.equal(await mark.first().getAttribute('data-codes'), 'disputed');
  assert.equal(await page.locator('[data-testid=coding]').count(), 1);

  // the server stored a UTF-8 byte span of the page text that decodes to the selection
  const [coding] = await api(`/codings?article=${ar.id}`);
  assert.equal(coding.target.kind, 'selection');
  const full = await api(`/articles/${ar.id}`);
  const bytes = new TextEncoder().encode(full.page_text);
  assert.equal(new TextDecoder().decode(bytes.slice(coding.target.span.start, coding.target.span.end)), selected);

  // create a code inline from the picker and code a second selection with it
  await page.evaluate(() => {
    const el = [...document.querySelectorAll('[data-testid=clean] span[data-b]:not([data-ctl])')].reverse().find((e) => (e.textContent ?? '').length > 30);
    const r = document.createRange();
    r.setStart(el.firstChild, 0);
    r.setEnd(el.firstChild, 12);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  });
  await page.locator('[data-testid=code-selection]').click();
  await page.locator('[data-testid=new-code-name]').fill('framing');
  await page.locator('[data-testid=new-code-create]').click();
  await page.locator('[data-testid=clean] mark.coding[data-codes=framing]').first().waitFor();
  assert.equal((await api(`/codings?article=${ar.id}`)).length, 2);

  // a note on the article
  await page.locator('[data-testid=article-note-text]').fill('الرقم يختلف عن بيان الوزارة');
  await page.locator('[data-testid=add-article-note]').click();
  await page.locator('[data-testid=note]').first().waitFor();
  assert.ok((await api('/notes')).some((n) => n.target.kind === 'article' && n.text === 'الرقم يختلف عن بيان الوزارة'));
  await shot(page, '22-article-codings');

  // remove the second coding
  await page.locator('[data-testid=remove-coding]').nth(1).click();
  await page.locator('[data-testid=clean] mark.coding[data-codes=framing]').first().waitFor({ state: 'detached' });
  assert.equal((await api(`/codings?article=${ar.id}`)).length, 1);
});

let pairIds;

test('compare view: a relabel verdict overrides the computed label; keys reject and clear', async () => {
  await go('#/compare');
  await page.locator('[data-testid=pair-verdict]').first().waitFor();
  pairIds = [Number(await page.locator('[data-testid=pick-a]').getAttribute('data-id')), Number(await page.locator('[data-testid=pick-b]').getAttribute('data-id'))];
  const rows = page.locator('[data-testid=compare-row]');
  const aligned = await rows.evaluateAll((els) => els.map((e, i) => (e.querySelector('.cell.left .num') && e.querySelector('.cell.right .num') ? i : -1)).filter((i) => i >= 0));
  assert.ok(aligned.length >= 2, `aligned rows: ${aligned}`);
  const row = rows.nth(aligned[0]);
  const before = await row.getAttribute('data-relation');
  assert.equal(await row.locator('[data-testid=pair-verdict]').getAttribute('data-source'), 'computed');
  assert.match(await row.locator('[data-testid=label-score]').innerText(), /^[01]\.\d\d$/);

  // relabel to a relation different from the computed one
  const target = before === 'contradiction:numeric' ? 'same' : 'contradiction';
  await row.locator('[data-testid=verdict-more]').click();
  await row.locator('[data-testid=relabel-relation]').selectOption(target);
  if (target === 'contradiction') await row.locator('[data-testid=relabel-kind]').selectOption('numeric');
  await row.locator('[data-testid=relabel-text]').fill('numeric contradiction, explained by date');
  await row.locator('[data-testid=relabel-save]').click();
  const want = target === 'contradiction' ? 'contradiction:numeric' : 'same';
  await page.waitForFunction(([i, w]) => document.querySelectorAll('[data-testid=compare-row]')[i]?.getAttribute('data-relation') === w, [aligned[0], want]);
  await row.locator('[data-testid=label-you]').waitFor();
  assert.match(await row.locator('[data-testid=label-you]').getAttribute('title'), /your verdict: relabel — numeric contradiction, explained by date; computed: /);
  const verdicts = await api('/verdicts');
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0].action, 'relabel');
  // the label in force comes back from the server for this pair too
  const cmp = await api(`/compare?a=${pairIds[0]}&b=${pairIds[1]}`);
  assert.equal(cmp.pairs.filter((p) => p.label_source === 'researcher').length, 1);

  // a note on the pair: m opens the panel on the note field
  await row.locator('[data-testid=verdict-confirm]').focus();
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pair-note-text');
  await row.locator('[data-testid=pair-note-text]').fill('check the ministry statement');
  await row.locator('[data-testid=pair-note-add]').click();
  await row.locator('[data-testid=pair-note]').waitFor();
  assert.equal(await row.locator('[data-testid=pair-note-count]').innerText(), '✎1');
  // a code on the whole pair
  await row.locator('[data-testid=pair-code-add]').click();
  await row.locator('[data-testid=pair-coding]').waitFor();
  const codings = await api('/codings');
  assert.ok(codings.some((g) => g.target.kind === 'pair'), JSON.stringify(codings));
  await shot(page, '23-compare-verdict');
  await page.keyboard.press('Escape');

  // keyboard: on the second aligned row, x rejects (the pair becomes "related", marked as yours), u clears
  const row2 = rows.nth(aligned[1]);
  await row2.locator('[data-testid=verdict-confirm]').focus();
  await page.keyboard.press('x');
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid=compare-row]')[i]?.querySelector('[data-testid=pair-verdict]')?.getAttribute('data-action') === 'reject', aligned[1]);
  assert.equal(await row2.getAttribute('data-relation'), 'none');
  assert.match(await row2.locator('.cell.rel').innerText(), /related/);
  await row2.locator('[data-testid=label-you]').waitFor();
  assert.equal((await api('/verdicts')).length, 2);
  await row2.locator('[data-testid=verdict-confirm]').focus();
  await page.keyboard.press('u');
  await row2.locator('[data-testid=label-score]').waitFor();
  assert.equal((await api('/verdicts')).length, 1);
});

async function download(format) {
  await page.locator('[data-testid=open-export]').click();
  const dlg = page.locator('[data-testid=export-dialog]');
  await dlg.waitFor();
  await dlg.locator('[data-testid=export-format]').selectOption(format);
  await dlg.locator('[data-testid=scope-pair]').check();
  // the searchable pickers: the article's title words, then its option (by id)
  for (const [k, id] of [['a', pairIds[0]], ['b', pairIds[1]]]) {
    const { title, source_name } = await api(`/articles/${id}`);
    const input = dlg.locator(`[data-testid=export-article-${k}-input]`);
    await input.focus();
    await input.fill((title || source_name).split(/\s+/).slice(0, 4).join(' '));
    await dlg.locator(`[data-testid=export-article-${k}-list] [role=option][data-id="${id}"]`).click();
    assert.equal(await dlg.locator(`[data-testid=export-article-${k}]`).getAttribute('data-id'), String(id));
  }
  const [dl] = await Promise.all([page.waitForEvent('download'), dlg.locator('[data-testid=export-go]').click()]);
  const path = join(artifacts, `export-${dl.suggestedFilename()}`);
  await dl.saveAs(path);
  assert.match(await dlg.locator('[data-testid=export-message]').innerText(), /Downloaded rashomon\./);
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
  return { name: dl.suggestedFilename(), path, bytes: readFileSync(path) };
}

test('export dialog: CSV download starts with a UTF-8 BOM and carries the verdict', async () => {
  const f = await download('csv');
  assert.equal(f.name, 'rashomon.csv');
  assert.deepEqual([...f.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = f.bytes.toString('utf8');
  assert.match(text.split('\n')[0], /label_source/);
  for (const want of [',researcher,', 'numeric contradiction, explained by date', 'check the ministry statement', 'disputed']) {
    assert.ok(text.includes(want), `the CSV lacks ${want}`);
  }
});

test('export dialog: the HTML report opened offline in Chromium renders the report', async () => {
  const f = await download('html');
  assert.equal(f.name, 'rashomon.html');
  const report = await browser.context.newPage();
  const requests = [];
  report.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await browser.context.setOffline(true);
  try {
    await report.goto(pathToFileURL(f.path).href);
    await report.locator('section.title-page h1').waitFor();
    const body = await report.locator('body').innerText();
    assert.match(body, /researcher's verdict: relabel/);
    assert.match(body, /disputed/);
    assert.ok(await report.locator('.badge.researcher').count() >= 1);
    await report.screenshot({ path: join(artifacts, '24-export-html-report.png'), fullPage: false });
  } finally {
    await browser.context.setOffline(false);
    await report.close();
  }
  assert.deepEqual(requests, [], 'the report made network requests');
});

test('notes on a story and on the project are stored with their targets', async () => {
  await go('#/stories');
  await page.locator('a[href^="#/story/"]').first().click();
  const box = page.locator('[data-testid=story-notes]');
  await box.waitFor();
  await box.locator('[data-testid=story-notes-text]').fill('الرواية الروسية تغفل عدد القتلى');
  await box.locator('[data-testid=story-notes-add]').click();
  await box.locator('[data-testid=story-notes-note]').waitFor();
  await go('#/codes');
  const proj = page.locator('[data-testid=project-notes]');
  await proj.waitFor();
  await proj.locator('[data-testid=project-notes-text]').fill('Coding scheme v2: casualties by outlet side');
  await proj.locator('[data-testid=project-notes-add]').click();
  await proj.locator('[data-testid=project-notes-note]').waitFor();
  const notes = await api('/notes');
  const story = notes.find((n) => n.target.kind === 'story');
  assert.equal(story?.text, 'الرواية الروسية تغفل عدد القتلى');
  assert.ok(story.target.key_article_id >= 1);
  assert.ok(notes.some((n) => n.target.kind === 'project' && n.text.startsWith('Coding scheme v2')));
  // The story note stays with its story after a reload.
  await page.reload();
  await go(`#/codes`);
  await page.locator('[data-testid=project-notes-note]').waitFor();
});

test('no uncaught page errors', () => {
  assert.deepEqual(pageErrors, []);
});
