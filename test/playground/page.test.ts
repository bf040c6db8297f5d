// The playground in a real browser (headless Chromium): served by the Node server `npm start` runs
// and as the static build, the ITP story (a drop appears in the picture and the figures when the
// Service goes Local), an invalid value shown at its line, a share link restoring the same state,
// a node's kube-proxy view, the fault timeline and compare mode.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../emulator/report/csv.js';
import { serve, type RunningServer } from '../../surfaces/node/serve.js';
import { launchChromium, openPlayground, serveStatic, settled, watchErrors, type Chromium } from './browser.js';

interface Hooks {
  state(): { files: Array<{ name: string; text: string }>; step: number; featureGates: Record<string, boolean> };
  diagnostics(): Array<{ file: number; line: number; col: number; severity: string; message: string }>;
  selectText(text: string, after?: string): void;
}
/** Runs `f` in the page on its test hooks (window.tpePlayground). */
const hooks = <T>(page: Page, f: (h: Hooks) => T) => page.evaluate(`(${f.toString()})(window.tpePlayground)`) as Promise<T>;

let chromium: Chromium;
let server: RunningServer;
let statics: { url: string; close(): Promise<void> };
let page: Page;
let errors: string[];

const figure = async (name: string) => (await page.locator(`[data-figure="${name}"]`).first().innerText()).trim();
const ITP = '#itp-monitoring_node_agent';

/** CodeMirror reads typed keys from the DOM asynchronously: wait until the open file holds `text`, then for the redraw. */
async function typed(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => (window as unknown as { tpePlayground: Hooks }).tpePlayground.state().files.some((f) => f.text.includes(t)),
    text,
    { timeout: 5000 },
  );
  await settled(page);
}

async function pickExample(id: string): Promise<void> {
  await page.selectOption('#example', id);
  await settled(page);
}

beforeAll(async () => {
  chromium = await launchChromium();
  server = await serve({ port: 0, host: '127.0.0.1', handleSignals: false, accessLog: false, log: () => undefined });
  statics = await serveStatic();
  page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
  errors = watchErrors(page);
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await statics?.close();
});

describe('the playground served by the Node server (npm start)', () => {
  it('serves the page at / and its files, and leaves the API as it was', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<script type="module" src="app.js">');
    const wasm = await fetch(`${server.url}/tpe.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(
      Object.keys(openapi.paths).every((p) => p.startsWith('/v1/') || ['/healthz', '/readyz', '/metrics', '/openapi.json'].includes(p)),
    ).toBe(true);
    expect((await fetch(`${server.url}/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).not.toBe(200);
  });

  it('opens on the internalTrafficPolicy tour: the node without an agent loses its traffic, in the picture and the figures', async () => {
    await openPlayground(page, `${server.url}/`);
    expect(await page.locator('#story').innerText()).toContain('1 flow is DROPPED on node-c');
    expect(await page.locator('.figure.drop b').innerText()).toBe('1');
    expect(await page.locator('.mark.drop[data-flows]').count()).toBe(1);
    expect(await page.locator('g.node.losing').getAttribute('data-node')).toBe('node-c');
    expect(await page.locator('.finding code').allInnerTexts()).toContain('ITPLocalNoLocalEndpoint');
  });

  it('downloads the report as tpe simulate prints it: JSON, and CSV with its columns', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#download-json').click()]);
    const report = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { summary: { drop: number }; flows: unknown[] };
    expect(json.suggestedFilename()).toBe('report.json');
    expect(report.summary.drop).toBe(1);
    expect(report.flows).toHaveLength(3);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.includes(',drop,'))).toHaveLength(1);
  });

  it('flipping the Service to Cluster routes node-c across zones; back to Local drops it again', async () => {
    await page.selectOption(ITP, 'Cluster');
    await settled(page);
    expect(await page.locator('.mark.drop[data-flows]').count()).toBe(0);
    expect(await page.locator('.figure.drop b').innerText()).toBe('0');
    expect(Number(await page.locator('#picture').getAttribute('data-cross-zone'))).toBeGreaterThan(0);
    expect(await figure('cross-zone')).not.toBe('0 B/s');
    expect(await page.locator('#story').innerText()).toContain('nothing is dropped');
    // The control wrote it into the Service's YAML, which the editor shows.
    expect((await hooks(page, (h) => h.state())).files[0]!.text).toContain('\n  internalTrafficPolicy: Cluster\n');
    expect(await page.locator('.cm-content').innerText()).toContain('internalTrafficPolicy: Cluster');

    await page.selectOption(ITP, 'Local');
    await settled(page);
    expect(await page.locator('.mark.drop[data-flows]').count()).toBe(1);
    expect(await page.locator('.figure.drop b').innerText()).toBe('1');
    expect(await figure('cross-zone')).toBe('0 B/s');
  });

  it('the Kubernetes version and feature gates: in 1.21 internalTrafficPolicy is alpha, and with its gate on that kube-proxy rejects instead of dropping', async () => {
    await page.selectOption('#k8s-version', '1.21');
    await settled(page);
    expect(await page.locator('.figure.drop b').innerText()).toBe('0');
    expect(await page.locator('.figure.reject b').innerText()).toBe('0');
    await page.locator('.gates summary').click();
    await page.selectOption('#gate-ServiceInternalTrafficPolicy', 'true');
    await settled(page);
    expect(await page.locator('.figure.drop b').innerText()).toBe('0');
    expect(await page.locator('.figure.reject b').innerText()).toBe('1');
    expect(await page.locator('.mark.reject[data-flows]').count()).toBe(1);
    expect(await page.locator('#story').innerText()).toContain('1 flow is REJECTED on node-c');
    await page.selectOption('#gate-ServiceInternalTrafficPolicy', '');
    await page.selectOption('#k8s-version', '');
    await settled(page);
    expect(await page.locator('.figure.drop b').innerText()).toBe('1');
    expect((await hooks(page, (h) => h.state())).featureGates).toEqual({});
  });

  it('clicking a node opens its kube-proxy view: each Service port with the verdict and explain', async () => {
    // The node's header: its pods lie over the rest of it (a click on a pod opens its node's view too).
    await page.locator('g.node[data-node="node-c"] > rect').click({ position: { x: 24, y: 8 } });
    await settled(page);
    const view = page.locator('#inspector');
    expect(await view.locator('h3').innerText()).toContain('kube-proxy on node-c');
    const port = view.locator('[data-port="monitoring/node-agent:otlp"]');
    expect(await port.locator('.decision.drop').innerText()).toContain('DROP');
    expect(await port.locator('ul.explain').innerText()).toMatch(/10\.244\.1\.2:4317 not used NotLocal/);
    // The same from the keyboard: focus node-a and press Enter.
    await page.locator('g.node[data-node="node-a"]').focus();
    await page.keyboard.press('Enter');
    await settled(page);
    expect(await view.locator('h3').innerText()).toContain('kube-proxy on node-a');
    expect(await view.locator('[data-port="monitoring/node-agent:otlp"] .decision.route').innerText()).toContain('10.244.1.2:4317');
  });

  it('clicking the drop says why', async () => {
    await page.locator('.mark.drop[data-flows] circle').click();
    await settled(page);
    expect(await page.locator('#inspector .why.drop').innerText()).toMatch(
      /shop\/web-2 → monitoring\/node-agent:otlp: DROPPED by kube-proxy on node-c/,
    );
  });

  it('an invalid value typed in the editor is an error at its line and column, and the tab is marked', async () => {
    await page.locator('[data-tab="0"]').click();
    const text = (await hooks(page, (h) => h.state())).files[0]!.text;
    const line = text.slice(0, text.indexOf('\n  internalTrafficPolicy: Local')).split('\n').length + 1;
    await hooks(page, (h) => h.selectText('Local', '\n  internalTrafficPolicy: '));
    await page.keyboard.type('Locl');
    await typed(page, 'internalTrafficPolicy: Locl');
    const diagnostics = await hooks(page, (h) => h.diagnostics());
    expect(diagnostics).toEqual([
      {
        file: 0,
        line,
        col: 26,
        severity: 'error',
        message: 'spec.internalTrafficPolicy: Unsupported value: "Locl": supported values: "Cluster", "Local"',
      },
    ]);
    expect(await page.locator('#error').innerText()).toContain(
      `agent.yaml line ${line}, column 26: agent.yaml, document 2 (Service monitoring/node-agent)`,
    );
    expect(await page.locator('.cm-lintRange-error').innerText()).toBe('Locl');
    expect(await page.locator('.tab.has-error').count()).toBe(1);
    // Fixed again: the error goes, the picture comes back.
    await hooks(page, (h) => h.selectText('Locl', 'internalTrafficPolicy: '));
    await page.keyboard.type('Local');
    await typed(page, 'internalTrafficPolicy: Local\n');
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.locator('.mark.drop[data-flows]').count()).toBe(1);
  });

  it('Share puts the whole state in the link; opening it restores the same state and figures', async () => {
    await page.selectOption(ITP, 'Cluster');
    await settled(page);
    await page.locator('#share').click();
    const url = await page.locator('#share-url').inputValue();
    expect(url).toMatch(/#s=/);
    const before = await hooks(page, (h) => h.state());
    const figuresBefore = await page.locator('#figures').innerText();
    const other = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const otherErrors = watchErrors(other);
    await openPlayground(other, url);
    expect(await other.evaluate(() => (window as unknown as { tpePlayground: Hooks }).tpePlayground.state())).toEqual(before);
    expect((await other.locator('#figures').innerText()).replace(/simulated in the page in \d+ ms/, '')).toBe(
      figuresBefore.replace(/simulated in the page in \d+ ms/, ''),
    );
    expect(await other.locator(ITP).inputValue()).toBe('Cluster');
    expect(otherErrors).toEqual([]);
    await other.close();
  });

  it('compare mode: A pinned at Local, B switched to Cluster, the drop and the cross-zone bytes side by side', async () => {
    await page.selectOption(ITP, 'Local');
    await settled(page);
    await page.locator('#compare').click();
    await settled(page);
    await page.selectOption(ITP, 'Cluster');
    await settled(page);
    const panel = page.locator('#compare-panel');
    expect(await panel.locator('[data-compare="drop"]').innerText()).toBe('drop\t1\t0\t-1');
    expect(await panel.locator('[data-compare="flows"]').innerText()).toMatch(/^[1-9]\d* flows? changed/);
    expect(await panel.locator('table.changes').innerText()).toContain('shop/web-2');
    await page.locator('#compare').click();
    await settled(page);
    expect(await panel.isHidden()).toBe(true);
  });

  it("the gallery's three-zone-web pair opens compared: PreferSameZone (B) ends the cross-zone bill of Cluster (A)", async () => {
    await pickExample('compare:three-zone-web');
    const panel = page.locator('#compare-panel');
    expect(await panel.isVisible()).toBe(true);
    // examples/three-zone-web/README.md, worked out by hand: $169.87 a month without topology, nothing with it.
    expect(await panel.locator('[data-compare="cost"]').innerText()).toBe('cost / month\t$169.87\t$0.00\t-$169.87');
    expect(await panel.locator('[data-compare="drop"]').innerText()).toBe('drop\t0\t0\t±0');
    expect(await page.locator('#td-shop_api').inputValue()).toBe('PreferSameZone');
  });

  it('steps through the fault timeline: the drain moves the external traffic, the chart follows', async () => {
    await pickExample('etp-local-rollout');
    expect(await page.locator('#timeline').isVisible()).toBe(true);
    expect(await page.locator('#step-label').innerText()).toContain('step 1 of 4');
    expect(await page.locator('.figure.drop b').innerText()).toBe('1');
    await page.locator('#step-next').click();
    await settled(page);
    expect(await page.locator('#step-label').innerText()).toContain('step 2 of 4 · t=30s · drain node node-b');
    expect(await page.locator('.figure.drop b').innerText()).toBe('0');
    expect(await page.locator('g.node.cordoned').getAttribute('data-node')).toBe('node-b');
    expect(await page.locator('#chart .uplot').count()).toBe(1);
    await page.locator('#step').focus();
    await page.keyboard.press('End');
    await settled(page);
    expect(await page.locator('#step-label').innerText()).toContain('step 4 of 4 · t=120s');
    // Play from the start runs to the last step and stops there.
    await page.locator('#play').click();
    await page.waitForFunction(() => document.getElementById('play')!.textContent === '❚❚ pause');
    await page.waitForFunction(() => document.getElementById('play')!.textContent === '▶ play', null, { timeout: 10_000 });
    expect(await page.locator('#step-label').innerText()).toContain('step 4 of 4');
    expect(errors).toEqual([]);
  });
});

describe('the playground as a static folder (npm run build → dist/playground)', () => {
  it('loads from a plain static server and runs the same scenario', async () => {
    const fresh = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const freshErrors = watchErrors(fresh);
    await openPlayground(fresh, `${statics.url}/`);
    expect(await fresh.locator('.figure.drop b').innerText()).toBe('1');
    expect(await fresh.locator('.mark.drop[data-flows]').count()).toBe(1);
    expect(freshErrors).toEqual([]);
    await fresh.close();
  });
});
