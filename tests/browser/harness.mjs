// Test harness: starts the real `rashomon serve` binary on a temporary database and a headless
// Debian Chromium driven by playwright-core (no browser download, no network).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(repoRoot, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Start `rashomon serve --port 0` on a fresh database; resolves with {url, base, token, stop}.
 * `env`: extra environment for the server (e.g. RASHOMON_NO_MODEL). */
export async function startServer({ importSamples = true, env = {} } = {}) {
  const bin = resolve(repoRoot, process.env.RASHOMON_BIN ?? 'target/debug/rashomon');
  if (!existsSync(bin)) throw new Error(`rashomon binary not found at ${bin} (build it or set RASHOMON_BIN)`);
  const uiDir = join(repoRoot, 'ui', 'dist');
  if (!existsSync(join(uiDir, 'index.html'))) throw new Error('ui/dist is not built: cd ui && npm ci && npm run build');
  const tmp = mkdtempSync(join(tmpdir(), 'rashomon-browser-'));
  const args = ['serve', '--port', '0', '--ui-dir', uiDir];
  if (importSamples) args.push('--import', join(repoRoot, 'samples'));
  const child = spawn(bin, args, {
    env: { ...process.env, ...env, RASHOMON_DB: join(tmp, 'test.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 60 s\n${out}\n${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Rashomon is serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}\n${out}\n${err}`));
    });
  });
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token');
  return {
    url,
    base: `${u.origin}/`,
    token,
    stderr: () => err,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 5000);
        child.on('exit', () => {
          clearTimeout(t);
          r();
        });
      });
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rashomon-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
