// Without the embedding model the app still works (words only) and says so; with it, it says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, launchBrowser, shot } from './harness.mjs';

async function banner(env) {
  const server = await startServer({ env });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.locator('[data-testid=article-row]').first().waitFor();
    // The status request is answered after the library: give it a moment either way.
    await page.waitForTimeout(500);
    const b = page.locator('[data-testid=model-off]');
    const shown = await b.count();
    const title = shown ? await b.getAttribute('title') : null;
    if (shown) await shot(page, 'model-off-banner');
    // The library works either way.
    assert.equal(await page.locator('[data-testid=article-row]').count(), 5);
    return { shown, title };
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('without the model: a "words only" status with the reason', async () => {
  const { shown, title } = await banner({ RASHOMON_NO_MODEL: '1' });
  assert.equal(shown, 1);
  assert.match(title, /cross-language alignment off/);
  assert.match(title, /RASHOMON_NO_MODEL/);
});

test('with the model: no status shown', { skip: !existsSync(new URL('../../models/e5-small-q4.bin', import.meta.url)) && process.env.RASHOMON_REQUIRE_MODEL !== '1' }, async () => {
  const { shown } = await banner({});
  assert.equal(shown, 0);
});
