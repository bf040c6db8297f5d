// `npm run bench:playground`: the playground in headless Chromium, served as `npm start` serves it.
//   bundle          every file the first load fetches, raw and gzipped (what the server sends)
//   first load      navigation start → the tour simulated and drawn (fresh browser context each time)
//   edit → redraw   on a generated 50-node / 1,000-pod / 50-Service cluster: a file changed as typing
//                   changes it, then the scenario re-run (simulate + lint), the picture, the figures
//                   and the controls redrawn, until the next frame — median and p95 over 50 edits
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '../surfaces/node/serve.js';
import { launchChromium, openPlayground, PLAYGROUND_DIR } from '../test/playground/browser.js';
import { generatedCluster } from '../test/playground/generated.js';

const EDITS = 50;
const LOADS = 5;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

let raw = 0;
let gzipped = 0;
const rows: string[] = [];
for (const name of readdirSync(PLAYGROUND_DIR)
  .filter((n) => n !== 'README.txt')
  .sort()) {
  const body = readFileSync(join(PLAYGROUND_DIR, name));
  const gz = gzipSync(body, { level: 9 }).byteLength;
  raw += body.byteLength;
  gzipped += gz;
  rows.push(`| \`${name}\` | ${kb(body.byteLength)} | ${kb(gz)} |`);
}
console.log('| file | raw | gzipped |\n|---|---:|---:|');
console.log(rows.join('\n'));
console.log(`| **first load, all files** | ${kb(raw)} | **${kb(gzipped)}** |\n`);

const chromium = await launchChromium();
const server = await serve({ port: 0, host: '127.0.0.1', handleSignals: false, accessLog: false, log: () => undefined });
try {
  const loads: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openPlayground(page, `${server.url}/`);
    loads.push(Number(await page.evaluate(() => document.body.dataset.readyMs)));
    await context.close();
  }
  console.log(
    `first load to interactive (tour drawn), ${LOADS} fresh contexts: median ${quantile(loads, 0.5)} ms, max ${Math.max(...loads)} ms`,
  );

  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openPlayground(page, `${server.url}/`);
  const files = generatedCluster();
  await page.evaluate(`window.tpePlayground.load(${JSON.stringify(files)})`);
  const apps = files.findIndex((f) => f.name === 'apps.yaml');
  const base = files[apps]!.text;
  const timings = (await page.evaluate(
    async ({ base, apps, edits }) => {
      const hooks = (
        window as unknown as {
          tpePlayground: { edit(t: string, f: number): Promise<void>; lastRunMs(): number; timings(): Record<string, number> };
        }
      ).tpePlayground;
      const out: Array<{ total: number; run: number; phases: Record<string, number> }> = [];
      for (let i = 0; i < edits; i++) {
        // app-00's Deployment and Service, a dozen lines apart: the Service flips between Local and Cluster
        // (the playground's typical edit) and the replicas go up by one, so every text is new (no cache hit).
        const text = base
          .replace('internalTrafficPolicy: Local', i % 2 ? 'internalTrafficPolicy: Local' : 'internalTrafficPolicy: Cluster')
          .replace('replicas: 10', `replicas: ${10 + i}`);
        const t0 = performance.now();
        await hooks.edit(text, apps);
        await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        out.push({ total: performance.now() - t0, run: hooks.lastRunMs(), phases: hooks.timings() });
      }
      return out;
    },
    { base, apps, edits: EDITS },
  )) as Array<{ total: number; run: number; phases: Record<string, number> }>;
  const total = timings.map((t) => t.total);
  const run = timings.map((t) => t.run);
  const names = Object.keys(timings[0]!.phases);
  console.log(
    `median per part: ${names
      .map(
        (n) =>
          `${n} ${quantile(
            timings.map((t) => t.phases[n] ?? 0),
            0.5,
          ).toFixed(1)} ms`,
      )
      .join(', ')}`,
  );
  const summary = await page.evaluate(() => document.querySelector('.verdicts')?.textContent?.replace(/\s+/g, ' ').trim());
  console.log(
    `edit → redraw on 50 nodes / 1,000 pods / 50 Services (${EDITS} edits): median ${quantile(total, 0.5).toFixed(0)} ms, p95 ${quantile(total, 0.95).toFixed(0)} ms ` +
      `(of which simulate + lint: median ${quantile(run, 0.5).toFixed(0)} ms, p95 ${quantile(run, 0.95).toFixed(0)} ms); last figures: ${summary}`,
  );
} finally {
  await chromium.close();
  await server.close();
}
