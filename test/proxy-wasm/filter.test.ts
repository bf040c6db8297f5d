// The Envoy filter in the proxy-wasm harness: for every node of each test cluster, every Service port
// and both kinds of traffic, what the filter does equals the library's decision — the endpoints it
// picks from (route), or the 503 Status tpe serve's pick route gives (drop, reject).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEMO_CLUSTER } from '../../host/cluster/demo.js';
import { compileImage } from '../../host/cluster/image.js';
import { endpointNodes, unavailable } from '../../host/cluster/pick.js';
import { snapshotFromFiles, snapshotFromObjects, type ClusterSnapshot } from '../../host/cluster/snapshot.js';
import { resolveEra } from '../../host/engine/eras.js';
import { base64, demoSnapshot, engine, libraryDecision, startFilter } from './cluster.js';

const snapshot = demoSnapshot();
const DESTINATION = 'x-gateway-destination-endpoint';
const fixture = readFileSync(new URL('../fixtures/cluster/two-zones.yaml', import.meta.url), 'utf8');

/** Clusters to compare on: the demo in the newest era and in a 1.21–1.23 one (the legacy decider), and the route tests' fixture (a headless Service, an LB). */
const clusters: [string, ClusterSnapshot][] = [
  ['the demo cluster, 1.35', snapshot],
  ['the demo cluster, 1.22', snapshotFromObjects(DEMO_CLUSTER, resolveEra('1.22', undefined), 'demo')],
  [
    'test/fixtures/cluster/two-zones.yaml, 1.35',
    snapshotFromFiles([{ name: 'two-zones.yaml', text: fixture }], resolveEra(undefined, undefined), 'two-zones.yaml'),
  ],
];
const cases = clusters.flatMap(([name, s]) =>
  (['internal', 'external'] as const).flatMap((mode) => [...s.nodes.keys()].map((node) => [name, mode, node, s] as const)),
);

describe('the filter decides every Service port as the library does', () => {
  it.each(cases)('%s, %s traffic, from %s', async (_name, mode, node, cluster) => {
    const host = await startFilter(cluster, node, mode);
    let compared = 0;
    for (const service of cluster.services.values()) {
      for (const port of service.ports) {
        const authority = `${service.name}.${service.namespace}.svc.cluster.local:${port.port}`;
        const proxied = service.type !== 'ExternalName' && service.clusterIP !== 'None';
        const portName = port.name !== '' ? port.name : String(port.port);
        const library = proxied ? libraryDecision(cluster, service.namespace, service.name, portName, node, mode) : null;
        if (library === null || library.decision === null) {
          // Not proxied by kube-proxy, or not externally accessible: the filter does not know the port and passes the request.
          const answer = host.request([[':authority', authority]]);
          expect(answer.localResponse).toBeNull();
          expect(answer.requestHeaders.find(([k]) => k === DESTINATION)).toBeUndefined();
          continue;
        }
        const { result, decision, decisions, target } = library;
        compared++;
        if (decision.verdict === 'route') {
          const picked = new Set<string>();
          // Uniform among n candidates: 40·n picks miss one with probability below n·(1 − 1/n)^(40n) < 1e-9 (seeded, so the same every run).
          for (let i = 0; i < 40 * decision.endpoints.length; i++) {
            const answer = host.request([[':authority', authority]], { properties: { 'source.address': `10.1.0.${i % 250}:40000` } });
            expect(answer.localResponse).toBeNull();
            expect(answer.action).toBe(0);
            picked.add(answer.requestHeaders.find(([k]) => k === DESTINATION)![1]);
          }
          expect([...picked].sort()).toEqual([...decision.endpoints].sort());
        } else {
          const answer = host.request([[':authority', authority]]);
          expect(answer.action).toBe(1);
          const holders = endpointNodes(decisions.portRequest(target).endpoints);
          const status = unavailable(result, mode, service, holders).status;
          expect(answer.localResponse).toEqual({
            status: 503,
            details: `tpe_${decision.verdict}`,
            body: JSON.stringify(status),
            headers: [['content-type', 'application/json']],
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect(host.failed).toBeNull();
  });
});

it('passes a request for no known Service through untouched', async () => {
  const host = await startFilter(snapshot, 'node-a1');
  const headers: [string, string][] = [
    [':authority', 'example.com'],
    [':path', '/'],
  ];
  const answer = host.request(headers);
  expect(answer).toEqual({ action: 0, requestHeaders: headers, responseHeaders: [], localResponse: null });
});

describe('ClientIP session affinity (shop/checkout: 600 s)', () => {
  const CHECKOUT = 'checkout.shop.svc.cluster.local';
  const pickFor = (host: Awaited<ReturnType<typeof startFilter>>, address: string) =>
    host
      .request([[':authority', CHECKOUT]], { properties: { 'source.address': address } })
      .requestHeaders.find(([k]) => k === DESTINATION)![1];
  const candidates = libraryDecision(snapshot, 'shop', 'checkout', 'http', 'node-a1', 'internal').decision!.endpoints;

  it('pins a client to its endpoint while the pin is younger than the timeout, refreshed by every pick', async () => {
    const host = await startFilter(snapshot, 'node-a1');
    const first = pickFor(host, '10.1.2.3:40000');
    expect(candidates).toContain(first);
    for (let i = 0; i < 10; i++) {
      host.advance(599_000);
      // Another source port, the same client IP.
      expect(pickFor(host, `10.1.2.3:${40001 + i}`)).toBe(first);
    }
    expect(pickFor(host, '[fd00::7]:5000')).toBe(pickFor(host, '[fd00::7]:5001'));
  });

  it('spreads clients over every candidate, and picks again once a pin is older than the timeout', async () => {
    const host = await startFilter(snapshot, 'node-a1');
    const clients = Array.from({ length: 30 }, (_, i) => `10.2.0.${i + 1}`);
    const pinned = clients.map((ip) => pickFor(host, `${ip}:1234`));
    expect(new Set(pinned)).toEqual(new Set(candidates));
    expect(clients.map((ip) => pickFor(host, `${ip}:999`))).toEqual(pinned);
    host.advance(600_000);
    const again = clients.map((ip) => pickFor(host, `${ip}:1234`));
    expect(again).not.toEqual(pinned);
    expect(clients.map((ip) => pickFor(host, `${ip}:1`))).toEqual(again);
  });

  it('drops a pin whose endpoint left the candidates (a new image), and pins the client again', async () => {
    const host = await startFilter(snapshot, 'node-a1');
    const first = pickFor(host, '10.3.0.1:1');
    const objects = structuredClone(DEMO_CLUSTER) as Record<string, any>[];
    const slice = objects.find((o) => o.kind === 'EndpointSlice' && o.metadata.labels['kubernetes.io/service-name'] === 'checkout')!;
    slice.endpoints = slice.endpoints.filter((e: { addresses: string[] }) => `${e.addresses[0]}:8080` !== first);
    const image = compileImage(engine, demoSnapshot(objects), 'node-a1', 'internal');
    expect(host.configure(JSON.stringify({ node: 'node-a1', image: base64(image) }))).toBe(true);
    const second = pickFor(host, '10.3.0.1:2');
    expect(second).not.toBe(first);
    expect(candidates).toContain(second);
    expect(pickFor(host, '10.3.0.1:3')).toBe(second);
  });
});
