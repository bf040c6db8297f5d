// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, and the two ways the
// playground is served: by the Node server `npm start` runs (in-process, port 0, 127.0.0.1) and as
// the static folder dist/playground (a plain file server, as any static host would). One browser
// for a whole test file; pages are reused.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PLAYGROUND_DIR = join(ROOT, 'dist/playground');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  // No --user-data-dir: playwright refuses it in launch() and gives each launch a fresh temporary profile itself.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

/** dist/playground as a static host serves it: a file per path, nothing else. */
export async function serveStatic(dir = PLAYGROUND_DIR): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (name.includes('/') || name.includes('..')) return res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opens `url` and waits until the engine is loaded and the first scenario drawn; page errors fail the test. */
export async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 20_000 });
  const ready = await page.evaluate(() => document.body.dataset.ready);
  if (ready !== 'true') throw new Error(`the playground did not start: ${await page.locator('#error').textContent()}`);
}

/** Waits until the page has re-run and redrawn after the last action. */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { tpePlayground: { settled(): Promise<void> } }).tpePlayground.settled());
}

/** Collects uncaught page errors and console errors, to assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}
