// `npm run screenshots`: the playground's main states as PNGs in docs/ (the README shows them) — the
// tour with its drop, the same Service switched to Cluster, a node's kube-proxy view, an invalid
// value at its line, compare mode, the fault timeline, a narrow screen and a 50-node cluster.
// Served by the Node server, as `npm start` serves it; the same browser as the tests.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serve } from '../../surfaces/node/serve.js';
import { launchChromium, openPlayground, ROOT, settled } from './browser.js';
import { generatedCluster } from './generated.js';

const out = (name: string) => join(ROOT, 'docs', `playground-${name}.png`);

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  // Focus rings and the caret are not part of the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: out(name) });
  process.stdout.write(`docs/playground-${name}.png\n`);
}

const chromium = await launchChromium();
const server = await serve({ port: 0, host: '127.0.0.1', handleSignals: false, accessLog: false, log: () => undefined });
try {
  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openPlayground(page, `${server.url}/`);
  await shot(page, 'tour');

  await page.locator('#story [data-story-itp="Cluster"]').click();
  await shot(page, 'cluster');
  await page.locator('#story [data-story-itp="Local"]').click();
  await settled(page);

  await page.locator('#story [data-story-node="node-c"]').click();
  await settled(page);
  await page.evaluate(() => document.getElementById('inspector-panel')?.scrollIntoView());
  await shot(page, 'node-view');
  await page.evaluate(() => document.querySelector('.side-pane')?.scrollTo(0, 0));

  await page.evaluate(`window.tpePlayground.selectText('Local', '\\n  internalTrafficPolicy: ')`);
  await page.keyboard.type('Locl');
  await page.waitForFunction(() => !document.getElementById('error')!.hidden);
  await shot(page, 'error');

  await page.selectOption('#example', 'compare:three-zone-web');
  await settled(page);
  await page.evaluate(() => document.getElementById('compare-panel')?.scrollIntoView());
  await shot(page, 'compare');

  await page.selectOption('#example', 'etp-local-rollout');
  await settled(page);
  await page.locator('#step-next').click();
  await shot(page, 'timeline');

  await page.setViewportSize({ width: 420, height: 900 });
  await page.selectOption('#example', 'agent-itp-local-skipped-node');
  await settled(page);
  await page.evaluate(() => document.querySelector('.picture-pane')?.scrollIntoView());
  await shot(page, 'narrow');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(`window.tpePlayground.load(${JSON.stringify(generatedCluster())})`);
  await shot(page, 'large');
} finally {
  await chromium.close();
  await server.close();
}
