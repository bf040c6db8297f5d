// The engine and the emulator in the page are the library's: the whole conformance table run in
// Chromium answers exactly as the Node library does (and as the table expects), and every example
// bundled into the page simulates, in the page, to the very report `tpe simulate --json` prints.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { cases } from '../conformance/cases.js';
import { checkCase, outcomeOf } from '../conformance/run.js';
import { launchChromium, openPlayground, ROOT, serveStatic, type Chromium } from './browser.js';

interface Hooks {
  categorize(request: unknown): unknown;
  simulate(files: Array<{ name: string; text: string }>): unknown;
  examples(): Array<{ id: string; files: Array<{ name: string; text: string }> }>;
}

let chromium: Chromium;
let statics: { url: string; close(): Promise<void> };
let page: Page;

beforeAll(async () => {
  chromium = await launchChromium();
  statics = await serveStatic();
  page = await chromium.browser.newPage();
  await openPlayground(page, `${statics.url}/`);
});

afterAll(async () => {
  await chromium?.close();
  await statics?.close();
});

describe('the engine in the page', () => {
  it(`answers all ${cases.length} cases of the conformance table as the Node library does`, async () => {
    const engine = await loadEngine();
    const inPage = (await page.evaluate(
      (requests) => requests.map((r) => (window as unknown as { tpePlayground: Hooks }).tpePlayground.categorize(r)),
      cases.map((c) => c.request as unknown),
    )) as unknown[];
    expect(inPage).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const node = outcomeOf((r) => engine.categorize(r), c.request);
      expect(inPage[i], c.name).toEqual(JSON.parse(JSON.stringify(node)));
      checkCase(inPage[i] as never, c);
    });
  });
});

describe('the emulator in the page', () => {
  const folders = (dir: string): string[] =>
    readdirSync(join(ROOT, 'examples', dir), { withFileTypes: true }).flatMap((e) => {
      if (!e.isDirectory()) return [];
      const sub = dir === '' ? e.name : `${dir}/${e.name}`;
      const holdsManifests = readdirSync(join(ROOT, 'examples', sub)).some((f) => /\.ya?ml$/.test(f));
      return holdsManifests ? [sub, ...folders(sub)] : folders(sub);
    });
  const onDisk = folders('');

  it('bundles every example folder, file for file', async () => {
    const bundled = await page.evaluate(() => (window as unknown as { tpePlayground: Hooks }).tpePlayground.examples());
    expect(bundled.map((e) => e.id).sort()).toEqual([...onDisk].sort());
    for (const e of bundled) {
      for (const f of e.files) expect(f.text, `${e.id}/${f.name}`).toBe(readFileSync(join(ROOT, 'examples', e.id, f.name), 'utf8'));
    }
  });

  it.each(onDisk)('examples/%s: the same report as tpe simulate --json', async (id) => {
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist/surfaces/cli/cli.js'), 'simulate', '--json', `examples/${id}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    const files = await page.evaluate(
      (wanted) => (window as unknown as { tpePlayground: Hooks }).tpePlayground.examples().find((e) => e.id === wanted)!.files,
      id,
    );
    const report = await page.evaluate((f) => (window as unknown as { tpePlayground: Hooks }).tpePlayground.simulate(f), files);
    expect(report).toEqual(JSON.parse(cli.stdout));
  });
});
