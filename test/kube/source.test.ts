// `tpe serve --kubeconfig` against the API server double (test/kube/apiserver.ts), through
// @kubernetes/client-node: the first sync, every event kind applied incrementally, relist after 410
// Gone, a watch cut mid-stream, the server gone and back, a wrong token, TLS verification, the
// staleness threshold and the in-cluster service account.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFromObjects } from '../../host/cluster/snapshot.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { serve, type RunningServer } from '../../surfaces/node/serve.js';
import type { KubeTarget } from '../../surfaces/node/kube/config.js';
import { ApiServerDouble, TEST_CA } from './apiserver.js';
import { node, service, slice } from './objects.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const running: { server?: RunningServer; double?: ApiServerDouble }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.server?.close();
    await r.double?.stop();
  }
});

/** Polls `check` every 20 ms until it returns true, for at most `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ep = (ip: string, nodeName: string, zone: string, ready = true) => ({ ip, node: nodeName, zone, ready });

async function cluster(): Promise<ApiServerDouble> {
  const double = await new ApiServerDouble().start();
  running.push({ double });
  double.put(node('n1', 'zone-a'));
  double.put(node('n2', 'zone-b'));
  double.put(service('shop', 'web', { internalTrafficPolicy: 'Local' }));
  double.put(slice('shop', 'web-abc', 'web', [ep('10.1.0.1', 'n1', 'zone-a')]));
  return double;
}

async function start(kube: KubeTarget, options: { maxStalenessSeconds?: number; maxBackoffMs?: number } = {}) {
  const lines: string[] = [];
  const server = await serve({
    port: 0,
    host: '127.0.0.1',
    engine,
    kube,
    maxStalenessSeconds: options.maxStalenessSeconds,
    kubeBackoff: { initialMs: 30, maxMs: options.maxBackoffMs ?? 300 },
    handleSignals: false,
    accessLog: false,
    log: (l) => lines.push(l),
  });
  running.push({ server });
  const get = (path: string) => fetch(server.url + path);
  const json = async (path: string) => (await get(path)).json();
  return { server, lines, get, json };
}

/** The live snapshot equals a full rebuild from what the double holds. */
function expectInStep(server: RunningServer, double: ApiServerDouble) {
  const live = server.store.current.snapshot;
  const full = snapshotFromObjects(
    ['Node', 'Service', 'EndpointSlice'].flatMap((k) => double.objects(k)),
    live.era,
    'oracle',
  );
  expect([...live.nodes]).toEqual([...full.nodes]);
  expect([...live.services]).toEqual([...full.services]);
  expect([...live.slicesByService]).toEqual([...full.slicesByService]);
}

describe('tpe serve --kubeconfig against the API server double', () => {
  it('is not ready until the first full sync, lists in pages, then answers picks from the cluster', async () => {
    const double = await cluster();
    for (let i = 3; i <= 7; i++) double.put(node(`n${i}`, 'zone-c'));
    double.maxPageSize = 2;
    double.listDelayMs = 150;
    const { server, get, json, lines } = await start({ kubeconfig: double.writeKubeconfig() });
    expect((await get('/readyz')).status).toBe(503);
    expect(((await json('/readyz')) as { message: string }).message).toMatch(/^not ready: waiting for the first full list of Node/);
    await until(async () => (await get('/readyz')).status === 200);

    expect(await json('/v1/services/shop/web/pick?node=n1')).toMatchObject({ endpoint: '10.1.0.1:8080', verdict: 'route' });
    expect((await get('/v1/services/shop/web/pick?node=n2')).status).toBe(503);
    const status = await json('/v1/status');
    expect(status).toMatchObject({
      source: `kubernetes ${double.url}`,
      counts: { nodes: 7, services: 1, endpointSlices: 1 },
      sourceHealth: { type: 'kubernetes', server: double.url, synced: true, up: true },
    });
    // Seven nodes, two a page: four pages, each asking with limit= and following continue=.
    const nodeLists = double.requests.filter((r) => r.path === '/api/v1/nodes' && !r.watch);
    expect(nodeLists.map((r) => [r.query.limit, r.query.continue !== undefined])).toEqual([
      ['500', false],
      ['500', true],
      ['500', true],
      ['500', true],
    ]);
    // The watches start from the lists' resourceVersion.
    const watches = double.requests.filter((r) => r.watch);
    expect(new Set(watches.map((r) => r.path))).toEqual(
      new Set(['/api/v1/nodes', '/api/v1/services', '/apis/discovery.k8s.io/v1/endpointslices']),
    );
    expect(watches.every((r) => Number(r.query.resourceVersion) > 1000)).toBe(true);
    expectInStep(server, double);
    expect(lines).toContain(`tpe: first full sync of Node, Service, EndpointSlice from ${double.url}: ready`);
    expect(lines.join('\n')).not.toContain(double.token);
  });

  it('applies ADDED, MODIFIED, DELETED and BOOKMARK events incrementally, each batch a new revision', async () => {
    const double = await cluster();
    const { server, get, json } = await start({ kubeconfig: double.writeKubeconfig() });
    await until(async () => (await get('/readyz')).status === 200);
    await until(() => double.watching('EndpointSlice') === 1 && double.watching('Node') === 1 && double.watching('Service') === 1);
    const revision = server.store.revision;

    // MODIFIED EndpointSlice: the endpoint moves to n2.
    double.put(slice('shop', 'web-abc', 'web', [ep('10.1.0.2', 'n2', 'zone-b')]));
    await until(async () => (await get('/v1/services/shop/web/pick?node=n2')).status === 200);
    expect(server.store.revision).toBeGreaterThan(revision);
    // ADDED Service and its slice, ADDED Node.
    double.put(service('shop', 'api'));
    double.put(slice('shop', 'api-1', 'api', [ep('10.1.0.7', 'n3', 'zone-c')]));
    double.put(node('n3', 'zone-c'));
    await until(async () => (await get('/v1/services/shop/api/pick?node=n3')).status === 200);
    expect(await json('/v1/services/shop/api/pick?node=n3')).toMatchObject({ endpoint: '10.1.0.7:8080' });
    // A BOOKMARK carries no object: nothing changes.
    const before = server.store.revision;
    double.bookmark('Service');
    // DELETED EndpointSlice: the Service has no endpoints left, so it rejects.
    double.remove('EndpointSlice', 'shop', 'api-1');
    await until(async () => (await json('/v1/services/shop/api/decision?node=n3')).hasAnyEndpoints === false);
    expect(server.store.revision).toBe(before + 1);
    // DELETED Service and Node.
    double.remove('Service', 'shop', 'api');
    double.remove('Node', undefined, 'n3');
    await until(async () => (await get('/v1/services/shop/api/decision?node=n1')).status === 404);
    await until(() => !server.store.current.snapshot.nodes.has('n3'));
    expectInStep(server, double);
    expect(server.kube!.monitor.health().kinds.every((k) => k.lastEventAt !== null)).toBe(true);
  });

  it('lists again after 410 Gone and drops what went away meanwhile; a cut watch is followed again', async () => {
    const double = await cluster();
    double.put(slice('shop', 'web-def', 'web', [ep('10.1.0.3', 'n2', 'zone-b')]));
    const { server, get } = await start({ kubeconfig: double.writeKubeconfig() });
    await until(async () => (await get('/readyz')).status === 200);
    await until(() => double.watching('EndpointSlice') === 1);
    const lists = () => double.requests.filter((r) => r.path === '/apis/discovery.k8s.io/v1/endpointslices' && !r.watch).length;
    expect(lists()).toBe(1);

    // The slice goes while the client's history is compacted away: only a relist can tell.
    double.remove('EndpointSlice', 'shop', 'web-def', { quiet: true });
    double.expire('EndpointSlice');
    await until(() => lists() === 2);
    await until(() => server.store.current.snapshot.slicesByService.get('shop/web')?.length === 1);
    expectInStep(server, double);
    expect(server.kube!.monitor.health().kinds.find((k) => k.kind === 'EndpointSlice')!.watchRestarts).toBeGreaterThanOrEqual(1);

    // A watch cut mid-stream (the TCP connection destroyed): followed again, changes after it arrive.
    await until(() => double.watching('Service') === 1);
    double.cutWatches('Service');
    double.put(service('shop', 'web', { internalTrafficPolicy: 'Cluster' }));
    await until(async () => (await get('/v1/services/shop/web/pick?node=n2')).status === 200);
    expectInStep(server, double);
    const health = server.kube!.monitor.health();
    expect(health.up).toBe(true);
    expect(health.kinds.find((k) => k.kind === 'Service')!.watchRestarts).toBeGreaterThanOrEqual(1);
  });

  it('keeps answering from the last state while the API server is gone, says so, and follows it again when back', async () => {
    const double = await cluster();
    const { server, get, json, lines } = await start({ kubeconfig: double.writeKubeconfig() });
    await until(async () => (await get('/readyz')).status === 200);
    await double.stop();
    await until(() => server.kube!.monitor.health().up === false);
    // Answers go on from the last good state; no threshold configured: still ready.
    expect(await json('/v1/services/shop/web/pick?node=n1')).toMatchObject({ endpoint: '10.1.0.1:8080' });
    expect((await get('/readyz')).status).toBe(200);
    const down = (await json('/v1/status')) as {
      sourceHealth: { up: boolean; downSince: string | null; kinds: { lastError: string | null }[] };
    };
    expect(down.sourceHealth.up).toBe(false);
    expect(down.sourceHealth.downSince).not.toBeNull();
    // The server is gone: once each kind has retried, an error names it and why (a watch cut mid-read
    // may be the first error a kind records, so wait for the refused reconnect rather than read once).
    const refused = /on https:\/\/127\.0\.0\.1:\d+ failed: connection refused/;
    await until(async () => {
      const now = (await json('/v1/status')) as typeof down;
      return now.sourceHealth.kinds.some((k) => refused.test(k.lastError ?? ''));
    }, 15_000);
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/tpe_source_up\{kind="(Node|Service|EndpointSlice)"\} 0/);

    double.put(slice('shop', 'web-abc', 'web', [ep('10.1.0.9', 'n1', 'zone-a')]));
    await double.start();
    await until(async () => ((await json('/v1/services/shop/web/pick?node=n1')) as { endpoint?: string }).endpoint === '10.1.0.9:8080');
    await until(() => server.kube!.monitor.health().up);
    expectInStep(server, double);
    expect(lines.filter((l) => / source down: /.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => / source up again /.test(l)).length).toBeGreaterThanOrEqual(1);
  });

  it('fails /readyz once the API server has been gone past --max-staleness', async () => {
    const double = await cluster();
    const { get, json } = await start({ kubeconfig: double.writeKubeconfig() }, { maxStalenessSeconds: 0.3 });
    await until(async () => (await get('/readyz')).status === 200);
    await double.stop();
    await until(async () => (await get('/readyz')).status === 503);
    expect(((await json('/readyz')) as { message: string }).message).toMatch(
      /has been unreachable since .* longer than the staleness threshold of 0.3 s/,
    );
  });

  it('a wrong token is a clear error, not ready, and no retry storm; the token is never shown', async () => {
    const double = await cluster();
    const secret = 'wrong-token-do-not-print';
    const { get, json, lines } = await start({ kubeconfig: double.writeKubeconfig({ token: secret }) }, { maxBackoffMs: 5000 });
    await until(() => double.requests.length >= 3);
    await new Promise((r) => setTimeout(r, 600));
    // One request per kind, then the longest backoff (5 s here).
    expect(double.requests.length).toBe(3);
    expect(double.requests.every((r) => !r.authorized)).toBe(true);
    expect((await get('/readyz')).status).toBe(503);
    const status = (await json('/v1/status')) as { sourceHealth: { kinds: { lastError: string }[] } };
    expect(status.sourceHealth.kinds[0]!.lastError).toBe(
      `GET /api/v1/nodes on ${double.url} answered 401 Unauthorized — check the credentials in the kubeconfig and the ClusterRole (deploy/rbac.yaml)`,
    );
    expect(JSON.stringify(status) + lines.join('\n')).not.toContain(secret);
  });

  it('verifies TLS: refused without the CA, unless the kubeconfig says insecure-skip-tls-verify', async () => {
    const double = await cluster();
    const strict = await start({ kubeconfig: double.writeKubeconfig({ ca: false }) }, { maxBackoffMs: 5000 });
    await until(() => strict.server.kube!.monitor.health().kinds.every((k) => k.lastError !== null));
    expect(strict.server.kube!.monitor.health().kinds[0]!.lastError).toMatch(/TLS certificate is not trusted/);
    expect(double.requests.length).toBe(0);
    const insecure = await start({ kubeconfig: double.writeKubeconfig({ ca: false, insecure: true }) });
    await until(async () => (await insecure.get('/readyz')).status === 200);
  });

  it('names a missing context, an unreadable kubeconfig and two sources; reads the in-cluster service account', async () => {
    const double = await cluster();
    await expect(start({ kubeconfig: double.writeKubeconfig(), context: 'nope' })).rejects.toThrow(
      '--context: Unsupported value: "nope": supported values: "double"',
    );
    await expect(start({ kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow(
      /^--kubeconfig: cannot load the Kubernetes client configuration: ENOENT/,
    );
    await expect(
      serve({ port: 0, host: '127.0.0.1', engine, cluster: 'x.yaml', kube: { kubeconfig: true }, handleSignals: false }),
    ).rejects.toThrow('--cluster and --kubeconfig/--in-cluster name two sources: the snapshot follows one source at a time');

    const root = mkdtempSync(join(tmpdir(), 'tpe-sa-'));
    const dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), double.token);
    writeFileSync(join(dir, 'ca.crt'), TEST_CA);
    writeFileSync(join(dir, 'namespace'), 'tpe-system');
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = new URL(double.url).port;
    try {
      const { get, json } = await start({ inCluster: true, inClusterRoot: root });
      await until(async () => (await get('/readyz')).status === 200);
      expect(await json('/v1/services/shop/web/pick?node=n1')).toMatchObject({ endpoint: '10.1.0.1:8080' });
    } finally {
      for (const [k, v] of [
        ['KUBERNETES_SERVICE_HOST', saved.host],
        ['KUBERNETES_SERVICE_PORT', saved.port],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
