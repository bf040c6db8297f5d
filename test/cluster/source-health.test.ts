// A store following a live source, through the HTTP app: /readyz waits for the first full sync and
// fails past the staleness threshold, /v1/status and /metrics report each kind, PUT /v1/snapshot is
// refused (one source at a time), and a log line marks each change of state.
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveSnapshot } from '../../host/cluster/live.js';
import { SourceMonitor } from '../../host/cluster/source-health.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { expectStatus } from '../http/helpers.js';
import { node, service, slice } from '../kube/objects.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

async function setup(maxStalenessSeconds: number | null) {
  let now = new Date('2026-12-01T10:00:00Z');
  const lines: string[] = [];
  const store = new SnapshotStore();
  const monitor = new SourceMonitor({
    type: 'kubernetes',
    server: 'https://127.0.0.1:6443',
    kinds: ['Node', 'Service', 'EndpointSlice'],
    maxStalenessSeconds,
    log: (l) => lines.push(l),
    now: () => now,
  });
  store.attachSource(monitor);
  const live = new LiveSnapshot({ store, source: 'kubernetes https://127.0.0.1:6443' });
  const app = createApp({ engine, store });
  // The app takes the engine on its next turn.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { store, monitor, live, app, lines, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
}

describe('a store following the API server', () => {
  it('is not ready until every kind is listed, then answers from the live snapshot and reports per kind', async () => {
    const { monitor, live, app, lines } = await setup(null);
    const notReady = await expectStatus(await app.request('/readyz'), 503, 'ServiceUnavailable');
    expect(notReady.message).toBe('not ready: waiting for the first full list of Node, Service, EndpointSlice from https://127.0.0.1:6443');

    live.push({ type: 'replace', kind: 'Node', objects: [node('n1', 'zone-a')] });
    monitor.listed('Node');
    live.push({ type: 'replace', kind: 'Service', objects: [service('shop', 'web')] });
    monitor.listed('Service');
    expect((await app.request('/readyz')).status).toBe(503);
    live.push({
      type: 'replace',
      kind: 'EndpointSlice',
      objects: [slice('shop', 'web-1', 'web', [{ ip: '10.1.0.5', node: 'n1', zone: 'zone-a' }])],
    });
    monitor.listed('EndpointSlice');
    live.flush();
    expect((await app.request('/readyz')).status).toBe(200);
    expect(lines).toEqual(['tpe: first full sync of Node, Service, EndpointSlice from https://127.0.0.1:6443: ready']);

    const pick = await app.request('/v1/services/shop/web/pick?node=n1');
    expect(await pick.json()).toMatchObject({ endpoint: '10.1.0.5:8080', revision: 1 });

    const status = await (await app.request('/v1/status')).json();
    expect(status).toMatchObject({
      source: 'kubernetes https://127.0.0.1:6443',
      counts: { services: 1, endpointSlices: 1, nodes: 1 },
      sourceHealth: { type: 'kubernetes', synced: true, up: true, downSince: null, maxStalenessSeconds: null },
    });
    expect(status.sourceHealth.kinds.map((k: { kind: string; synced: boolean }) => [k.kind, k.synced])).toEqual([
      ['Node', true],
      ['Service', true],
      ['EndpointSlice', true],
    ]);

    const put = await app.request('/v1/snapshot', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(node('x', 'z')),
    });
    expect((await expectStatus(put, 409, 'Conflict')).message).toMatch(
      /follows kubernetes https:\/\/127\.0\.0\.1:6443, one source at a time/,
    );
  });

  it('keeps answering while the source is down, says so, and fails /readyz only past the threshold', async () => {
    const { monitor, live, app, lines, advance } = await setup(30);
    for (const kind of ['Node', 'Service', 'EndpointSlice'] as const) {
      live.push({ type: 'replace', kind, objects: kind === 'Node' ? [node('n1', 'zone-a')] : [] });
      monitor.listed(kind);
    }
    live.flush();
    monitor.watching('EndpointSlice');
    monitor.watching('EndpointSlice');
    monitor.failed('EndpointSlice', 'watch of endpointslices on https://127.0.0.1:6443 failed: connect ECONNREFUSED');
    monitor.failed('EndpointSlice', 'watch of endpointslices on https://127.0.0.1:6443 failed: connect ECONNREFUSED');
    expect((await app.request('/readyz')).status).toBe(200);
    advance(31);
    const stale = await expectStatus(await app.request('/readyz'), 503, 'ServiceUnavailable');
    expect(stale.message).toMatch(/unreachable since 2026-12-01T10:00:00.000Z, longer than the staleness threshold of 30 s/);
    expect((await app.request('/v1/services/x/y/decision?node=n1')).status).toBe(404);

    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('tpe_source_up{kind="EndpointSlice"} 0');
    expect(metrics).toContain('tpe_source_up{kind="Node"} 1');
    expect(metrics).toContain('tpe_source_errors_total{kind="EndpointSlice"} 2');
    expect(metrics).toContain('tpe_source_watch_restarts_total{kind="EndpointSlice"} 1');
    expect(metrics).toContain(`tpe_source_last_sync_timestamp_seconds{kind="Service"} ${Date.parse('2026-12-01T10:00:00Z') / 1000}\n`);

    monitor.listed('EndpointSlice');
    expect((await app.request('/readyz')).status).toBe(200);
    // One line per change of state: down once (not per error), up once.
    expect(lines.slice(1)).toEqual([
      'tpe: EndpointSlice source down: watch of endpointslices on https://127.0.0.1:6443 failed: connect ECONNREFUSED',
      'tpe: EndpointSlice source up again after 2 error(s)',
    ]);
  });
});
