// The routes that answer from a cluster snapshot, through app.request(): decision, pick, batch,
// status and PUT /v1/snapshot, over test/fixtures/cluster/two-zones.yaml. Expected endpoints are
// derived from docs/rules.md for the fixture's objects (its header lists them):
//   node-1, node-2 in zone-a; node-3 in zone-b.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { bytes, clusterText, expectStatus, fixtureStore } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

/** A seeded random source: the values given, in turn. */
function sequence(...values: number[]) {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('GET /v1/services/{namespace}/{name}/decision', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ engine, store: fixtureStore() });
  });

  it('ITP=Local routes to the node-local endpoint on node-1 and drops on node-2 (docs/rules.md §3, §6)', async () => {
    const one = await app.request('/v1/services/shop/web/decision?node=node-1');
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      service: 'shop/web',
      port: 'http',
      node: 'node-1',
      kubernetesVersion: '1.35',
      clusterEndpoints: null,
      localEndpoints: ['10.1.1.10:8080'],
      internal: { verdict: 'route', endpoints: ['10.1.1.10:8080'] },
      external: null,
    });
    const two = await (await app.request('/v1/services/shop/web/decision?node=node-2')).json();
    expect(two).toMatchObject({ localEndpoints: [], hasAnyEndpoints: true, internal: { verdict: 'drop', endpoints: [] } });
  });

  it('answers exactly what POST /v1/categorize answers for the same objects', async () => {
    const items = parseDocuments(clusterText, 'yaml') as { kind: string; metadata: { name: string; labels?: Record<string, string> } }[];
    const service = items.find((o) => o.kind === 'Service' && o.metadata.name === 'api');
    const slices = items.filter((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'api');
    const node = items.find((o) => o.kind === 'Node' && o.metadata.name === 'node-3');
    const decision = await (await app.request('/v1/services/shop/api/decision?node=node-3&port=grpc')).json();
    expect(decision).toEqual(engine.categorize({ node, service, endpointSlices: slices }));
  });

  it('zone hints keep each node to its zone (docs/rules.md §4), with per-endpoint reasons on ?explain=true', async () => {
    const res = await app.request('/v1/services/shop/api/decision?node=node-2&explain=true');
    const result = await res.json();
    expect(result).toMatchObject({ topologyMode: 'PreferSameZone', clusterEndpoints: ['10.1.1.20:9000'], internal: { verdict: 'route' } });
    expect(result.explain).toEqual([
      expect.objectContaining({ endpoint: '10.1.1.20:9000', cluster: true, reason: 'ReadyInZone' }),
      expect.objectContaining({ endpoint: '10.1.3.20:9000', cluster: false, reason: 'HintForOtherZone' }),
    ]);
    const plain = await (await app.request('/v1/services/shop/api/decision?node=node-2')).json();
    expect(plain.explain).toBeUndefined();
  });

  it('a port by number, and the external verdict of an ETP=Local LoadBalancer (docs/rules.md §6)', async () => {
    const one = await (await app.request('/v1/services/shop/lb/decision?node=node-1&port=443')).json();
    expect(one).toMatchObject({
      port: 'https',
      internal: { verdict: 'route', endpoints: ['10.1.3.30:8443'] },
      external: { verdict: 'drop', endpoints: [] },
    });
    const three = await (await app.request('/v1/services/shop/lb/decision?node=node-3')).json();
    expect(three.external).toEqual({ verdict: 'route', endpoints: ['10.1.3.30:8443'] });
  });

  it('no endpoints anywhere is reject (docs/rules.md §6)', async () => {
    const result = await (await app.request('/v1/services/shop/gone/decision?node=node-1')).json();
    expect(result).toMatchObject({ hasAnyEndpoints: false, internal: { verdict: 'reject', endpoints: [] } });
  });

  it('404 NotFound for a Service or node the snapshot does not hold; the node message lists the known ones', async () => {
    await expectStatus(await app.request('/v1/services/shop/nope/decision?node=node-1'), 404, 'NotFound');
    const status = await expectStatus(await app.request('/v1/services/shop/web/decision?node=node-9'), 404, 'NotFound');
    expect(status.message).toContain('known nodes: node-1, node-2, node-3');
    expect(status.details).toEqual({ kind: 'nodes', name: 'node-9' });
  });

  it.each([
    ['', 'query.node', 'FieldValueRequired'],
    ['node=', 'query.node', 'FieldValueRequired'],
    ['node=node-1&port=smtp', 'query.port', 'FieldValueNotSupported'],
    ['node=node-1&ipFamily=IPv5', 'query.ipFamily', 'FieldValueNotSupported'],
    ['node=node-1&ipFamily=IPv6', 'query.ipFamily', 'FieldValueInvalid'],
    ['node=node-1&explain=yes', 'query.explain', 'FieldValueNotSupported'],
    ['node=node-1&color=blue', 'query.color', 'FieldValueNotSupported'],
  ])('400 BadRequest naming the field for ?%s', async (query, field, reason) => {
    const status = await expectStatus(await app.request(`/v1/services/shop/web/decision?${query}`), 400, 'BadRequest');
    expect(status.details?.causes).toEqual([expect.objectContaining({ field, reason })]);
  });

  it('400 for a Service kube-proxy does not proxy (headless)', async () => {
    const status = await expectStatus(await app.request('/v1/services/shop/db/decision?node=node-1'), 400, 'BadRequest');
    expect(status.message).toContain('headless');
  });

  it('503 ServiceUnavailable before any snapshot is loaded', async () => {
    const empty = createApp({ engine });
    const status = await expectStatus(await empty.request('/v1/services/shop/web/decision?node=node-1'), 503, 'ServiceUnavailable');
    expect(status.message).toContain('no cluster snapshot loaded');
  });
});

describe('GET /v1/services/{namespace}/{name}/pick', () => {
  it('one endpoint in the body and in x-gateway-destination-endpoint, with where it runs', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const res = await app.request('/v1/services/shop/web/pick?node=node-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gateway-destination-endpoint')).toBe('10.1.1.10:8080');
    expect(await res.json()).toEqual({
      endpoint: '10.1.1.10:8080',
      verdict: 'route',
      traffic: 'internal',
      service: 'shop/web',
      port: 'http',
      node: 'node-1',
      ipFamily: 'IPv4',
      client: null,
      topologyMode: 'None',
      backend: { node: 'node-1', zone: 'zone-a', pod: 'shop/web-0' },
      sessionAffinity: 'None',
      pinned: false,
      affinityExpiresAt: null,
      revision: 1,
    });
  });

  it('503 with a Status saying drop, and no destination header, on a node without a local endpoint', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const res = await app.request('/v1/services/shop/web/pick?node=node-2');
    expect(res.headers.get('x-gateway-destination-endpoint')).toBeNull();
    const status = await expectStatus(res, 503, 'ServiceUnavailable');
    expect(status.message).toMatch(/^drop: internalTrafficPolicy Local and node node-2 has no local endpoint/);
    expect(status.message).toContain('endpoints are on node-1');
  });

  it('503 saying reject when the Service has no endpoints', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const status = await expectStatus(await app.request('/v1/services/shop/gone/pick?node=node-3'), 503, 'ServiceUnavailable');
    expect(status.message).toMatch(/^reject: shop\/gone port http has no endpoints/);
  });

  it('traffic=external picks by the external verdict: ETP=Local drops on node-1, routes on node-3', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const drop = await expectStatus(await app.request('/v1/services/shop/lb/pick?node=node-1&traffic=external'), 503, 'ServiceUnavailable');
    expect(drop.message).toMatch(/^drop: externalTrafficPolicy Local/);
    const route = await app.request('/v1/services/shop/lb/pick?node=node-3&traffic=external');
    expect(route.headers.get('x-gateway-destination-endpoint')).toBe('10.1.3.30:8443');
    // Internal traffic of the same Service is Cluster policy: it routes from node-1.
    expect((await app.request('/v1/services/shop/lb/pick?node=node-1')).headers.get('x-gateway-destination-endpoint')).toBe(
      '10.1.3.30:8443',
    );
  });

  it('400 for traffic=external on a port that is not externally accessible', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const status = await expectStatus(await app.request('/v1/services/shop/web/pick?node=node-1&traffic=external'), 400, 'BadRequest');
    expect(status.details?.causes).toEqual([expect.objectContaining({ field: 'query.traffic' })]);
  });

  it('uniform among the candidates: endpoint ⌊r·n⌋ of the sorted list for random r (docs/rules.md §6)', async () => {
    const app = createApp({ engine, store: fixtureStore(), pick: { random: sequence(0, 0.34, 0.67, 0.999) } });
    const picked: (string | null)[] = [];
    for (let i = 0; i < 4; i++)
      picked.push((await app.request('/v1/services/shop/sticky/pick?node=node-2')).headers.get('x-gateway-destination-endpoint'));
    expect(picked).toEqual(['10.1.1.40:8080', '10.1.2.40:8080', '10.1.3.40:8080', '10.1.3.40:8080']);
  });

  it('ClientIP affinity pins a client until timeoutSeconds pass without a pick, per node and per client', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    // 0.5 picks the middle endpoint, 0 the first.
    const app = createApp({ engine, store: fixtureStore(), pick: { random: sequence(0.5, 0, 0, 0), now: () => now } });
    const pick = async (node: string, client: string) =>
      (await app.request(`/v1/services/shop/sticky/pick?node=${node}&client=${client}`)).json();

    const first = await pick('node-1', '10.0.0.7');
    expect(first).toMatchObject({
      endpoint: '10.1.2.40:8080',
      sessionAffinity: 'ClientIP',
      pinned: false,
      affinityExpiresAt: '2026-01-01T00:01:00.000Z',
    });
    now += 59_000;
    expect(await pick('node-1', '10.0.0.7')).toMatchObject({
      endpoint: '10.1.2.40:8080',
      pinned: true,
      affinityExpiresAt: '2026-01-01T00:01:59.000Z',
    });
    // Another client and the same client on another node's kube-proxy are picked for afresh.
    expect(await pick('node-1', '10.0.0.8')).toMatchObject({ endpoint: '10.1.1.40:8080', pinned: false });
    expect(await pick('node-2', '10.0.0.7')).toMatchObject({ endpoint: '10.1.1.40:8080', pinned: false });
    // 60 s after the last pick the pin has lapsed.
    now += 60_000;
    expect(await pick('node-1', '10.0.0.7')).toMatchObject({ endpoint: '10.1.1.40:8080', pinned: false });
  });

  it('a pin to an endpoint that left the snapshot is dropped; one that stayed survives the swap', async () => {
    const store = fixtureStore();
    const app = createApp({ engine, store, pick: { random: sequence(0.9, 0) } });
    const url = '/v1/services/shop/sticky/pick?node=node-1&client=10.0.0.7';
    expect((await (await app.request(url)).json()).endpoint).toBe('10.1.3.40:8080');
    store.loadFiles([{ name: 'x.yaml', text: clusterText.replace('- { addresses: [10.1.3.40]', '- { addresses: [10.1.3.41]') }], 'x.yaml');
    const after = await (await app.request(url)).json();
    expect(after).toMatchObject({ endpoint: '10.1.1.40:8080', pinned: false, revision: 2 });
    expect(await (await app.request(url)).json()).toMatchObject({ endpoint: '10.1.1.40:8080', pinned: true });
  });

  it('400 for a client that is not an IP address', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const status = await expectStatus(await app.request('/v1/services/shop/sticky/pick?node=node-1&client=10.0.0.300'), 400, 'BadRequest');
    expect(status.details?.causes).toEqual([expect.objectContaining({ field: 'query.client', reason: 'FieldValueInvalid' })]);
  });

  it('?explain=true adds the candidates and the reasons to the pick', async () => {
    const app = createApp({ engine, store: fixtureStore() });
    const result = await (await app.request('/v1/services/shop/api/pick?node=node-3&explain=true')).json();
    expect(result).toMatchObject({ endpoint: '10.1.3.20:9000', topologyMode: 'PreferSameZone', candidates: ['10.1.3.20:9000'] });
    expect(result.explain.map((e: { reason: string }) => e.reason)).toEqual(['HintForOtherZone', 'ReadyInZone']);
  });
});

describe('POST /v1/batch', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ engine, store: fixtureStore() });
  });
  const batch = (body?: unknown, contentType = 'application/json') =>
    app.request('/v1/batch', {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { body: bytes(typeof body === 'string' ? body : JSON.stringify(body)), headers: { 'content-type': contentType } }),
    });

  it('an empty body decides every Service port of the snapshot for every node', async () => {
    const res = await batch();
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result).toMatchObject({ source: 'two-zones.yaml', revision: 1, kubernetesVersion: '1.35' });
    // web: route on node-1, drop on 2 and 3; api, lb, sticky: route everywhere; gone: reject everywhere.
    // External: only lb's, ETP=Local with its pod on node-3.
    expect(result.summary).toEqual({
      servicePorts: 5,
      decisions: 15,
      internal: { route: 10, drop: 2, reject: 3 },
      external: { route: 1, drop: 2, reject: 0 },
    });
    expect(result.skipped).toEqual([{ service: 'shop/db', reason: expect.stringContaining('headless') }]);
    const web = result.servicePorts.find((g: { service: string }) => g.service === 'shop/web');
    expect(web.results.map((r: { node: string; internal: { verdict: string } }) => `${r.node}:${r.internal.verdict}`)).toEqual([
      'node-1:route',
      'node-2:drop',
      'node-3:drop',
    ]);
  });

  it('each result equals the single decision route’s', async () => {
    const result = await (await batch({ services: ['shop/api'], explain: true })).json();
    for (const r of result.servicePorts[0].results) {
      expect(r).toEqual(await (await app.request(`/v1/services/shop/api/decision?node=${r.node}&explain=true`)).json());
    }
  });

  it('a subset: chosen services, nodes and ports', async () => {
    const result = await (await batch({ services: ['shop/web', 'shop/lb'], nodes: ['node-2'], ports: ['https'] })).json();
    expect(result.servicePorts).toHaveLength(1);
    expect(result.servicePorts[0]).toMatchObject({ service: 'shop/lb', port: 'https', ipFamily: 'IPv4' });
    expect(result.servicePorts[0].results.map((r: { node: string }) => r.node)).toEqual(['node-2']);
  });

  it('decides objects sent in the body, in the era the body names (1.21: ITP=Local is alpha and off)', async () => {
    const objects = (parseDocuments(clusterText, 'yaml') as { kind: string; metadata: { name: string } }[]).filter(
      (o) => o.kind === 'Node' || o.metadata.name.startsWith('web'),
    );
    const now = await (await batch({ objects, services: ['shop/web'], nodes: ['node-2'] })).json();
    expect(now).toMatchObject({ revision: null, source: 'request body', summary: { internal: { drop: 1 } } });
    // docs/rules.md §9 v1.21: with the gate off the API server drops the field and nothing is filtered.
    const old = await (await batch({ objects, kubernetesVersion: '1.21', services: ['shop/web'], nodes: ['node-2'] })).json();
    expect(old.kubernetesVersion).toBe('1.21');
    expect(old.servicePorts[0].results[0].internal).toEqual({ verdict: 'route', endpoints: ['10.1.1.10:8080'] });
  });

  it('a cluster dump as the body is decided whole', async () => {
    const result = await (await batch(clusterText, 'application/yaml')).json();
    expect(result).toMatchObject({ revision: null, summary: { decisions: 15 } });
  });

  it.each([
    [{ services: ['web'] }, 'body.services[0]', 400],
    [{ ports: ['smtp'] }, 'body.ports[0]', 400],
    [{ kubernetesVersion: '1.30' }, 'body.kubernetesVersion', 400],
    [{ nodes: 'node-1' }, 'body.nodes', 400],
    [{ verbose: true }, 'body.verbose', 400],
  ])('400 naming the field for %j', async (body, field, code) => {
    const status = await expectStatus(await batch(body), code, 'BadRequest');
    expect(status.details?.causes?.map((c) => c.field)).toContain(field);
  });

  it('404 for a Service or node the snapshot does not hold', async () => {
    await expectStatus(await batch({ services: ['shop/nope'] }), 404, 'NotFound');
    await expectStatus(await batch({ nodes: ['node-9'] }), 404, 'NotFound');
  });
});

describe('GET /v1/status and PUT /v1/snapshot', () => {
  let store: SnapshotStore;
  let app: ReturnType<typeof createApp>;
  beforeEach(() => {
    store = fixtureStore();
    app = createApp({ engine, store, snapshotBodyLimitBytes: 64 * 1024 });
  });
  const put = (body: string, contentType = 'application/yaml') =>
    app.request('/v1/snapshot', { method: 'PUT', body: bytes(body), headers: { 'content-type': contentType } });

  it('status: revision, source, object counts, the era and what was set aside', async () => {
    const status = await (await app.request('/v1/status')).json();
    expect(status).toMatchObject({
      revision: 1,
      source: 'two-zones.yaml',
      counts: { services: 6, endpointSlices: 4, nodes: 3 },
      lastError: null,
      lastErrorAt: null,
      kubernetesVersion: '1.35',
      warningCount: 2,
      failedLoads: 0,
    });
    expect(status.warnings.map((w: { message: string }) => w.message)).toEqual([
      expect.stringContaining('legacy v1 Endpoints'),
      expect.stringContaining('1 Pod ignored'),
    ]);
  });

  it('a good dump is swapped in: a new revision, and decisions answer from it', async () => {
    const moved = clusterText.replace(
      'addresses: [10.1.1.10]\n    conditions: { ready: true, serving: true, terminating: false }\n    nodeName: node-1',
      'addresses: [10.1.2.10]\n    conditions: { ready: true }\n    nodeName: node-2',
    );
    const res = await put(moved);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revision: 2, source: 'PUT /v1/snapshot', lastError: null });
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-1')).json()).internal.verdict).toBe('drop');
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-2')).json()).internal).toEqual({
      verdict: 'route',
      endpoints: ['10.1.2.10:8080'],
    });
  });

  it('a dump as JSON (a List) is read too', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: parseDocuments(clusterText, 'yaml') };
    expect((await put(JSON.stringify(list), 'application/json')).status).toBe(200);
    expect(store.revision).toBe(2);
  });

  it('an invalid object is refused with its Status; the snapshot in use stays and status reports the error', async () => {
    const bad = clusterText.replace('    internalTrafficPolicy: Local\n', '    internalTrafficPolicy: local\n');
    const status = await expectStatus(await put(bad), 400, 'Invalid');
    expect(status.message).toMatch(
      /^cluster snapshot from PUT \/v1\/snapshot rejected: objects\[\d+\] \(Service shop\/web\): Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "local"/,
    );
    const after = await (await app.request('/v1/status')).json();
    expect(after).toMatchObject({
      revision: 1,
      source: 'two-zones.yaml',
      failedLoads: 1,
      lastError: { reason: 'Invalid', message: status.message },
    });
    expect(after.lastErrorAt).not.toBeNull();
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-1')).json()).internal.verdict).toBe('route');
  });

  it('unreadable and empty dumps are refused and counted', async () => {
    await expectStatus(await put('items: [\n'), 400, 'BadRequest');
    const empty = await expectStatus(await put('# nothing\n'), 400, 'BadRequest');
    expect(empty.message).toContain('holds no objects');
    expect((await (await app.request('/v1/status')).json()).failedLoads).toBe(2);
    // The next good load clears lastError.
    expect((await put(clusterText)).status).toBe(200);
    expect(await (await app.request('/v1/status')).json()).toMatchObject({ revision: 2, lastError: null, failedLoads: 2 });
  });

  it('an object named twice is its later document, as kubectl apply would apply them, with a warning', async () => {
    // The same dump again, with shop/web switched to internalTrafficPolicy Cluster: node-2 then routes.
    const cluster = clusterText.replace('    internalTrafficPolicy: Local\n', '    internalTrafficPolicy: Cluster\n');
    expect(cluster).not.toBe(clusterText);
    expect((await put(`${clusterText}\n---\n${cluster}`)).status).toBe(200);
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-2')).json()).internal.verdict).toBe('route');
    const status = await (await app.request('/v1/status')).json();
    expect(status.warnings).toContainEqual({
      code: 'ReplacedObject',
      object: 'Service shop/web',
      message: expect.stringMatching(/^objects\[\d+\] is named again by objects\[\d+\]: the later document wins/),
    });
    // And the other way round: the ITP=Local state last, node-2 drops.
    expect((await put(`${cluster}\n---\n${clusterText}`)).status).toBe(200);
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-2')).json()).internal.verdict).toBe('drop');
  });

  it('413 over the snapshot body limit', async () => {
    await expectStatus(await put(`${clusterText}\n#${'x'.repeat(64 * 1024)}`), 413, 'RequestEntityTooLarge');
    expect(store.revision).toBe(1);
  });
});
