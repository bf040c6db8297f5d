// Scenarios whose expected flows, verdicts, shares and bytes are derived by hand from docs/rules.md
// (the section is cited at each expectation), not from the emulator's output.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate, type Flow, type SimulationReport } from '../../emulator/index.js';
import { node, pod, service, slice, traffic } from './objects.js';

const engine = await loadEngine();

const flowFrom = (report: SimulationReport, who: string, via?: string): Flow => {
  const found = report.flows.filter((f) => (f.from.pod ?? f.from.node) === who && (via === undefined || f.via === via));
  expect(found, `one flow from ${who}${via ? ` via ${via}` : ''}`).toHaveLength(1);
  return found[0]!;
};
const endpointsOf = (f: Flow) => f.endpoints.map((e) => [e.endpoint, e.share] as const);

describe('internalTrafficPolicy: Local (docs/rules.md §3, §6, §10)', () => {
  // Backends on node-a and node-b; three web pods on node-a, one on node-b, one on node-c (no backend).
  const cluster = [
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    node('node-c', 'zone-c'),
    pod('cart-a', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
    pod('cart-b', 'node-b', '10.0.2.5', { labels: { app: 'cart' } }),
    pod('web-a1', 'node-a', '10.0.1.11', { labels: { app: 'web' } }),
    pod('web-a2', 'node-a', '10.0.1.12', { labels: { app: 'web' } }),
    pod('web-a3', 'node-a', '10.0.1.13', { labels: { app: 'web' } }),
    pod('web-b1', 'node-b', '10.0.2.11', { labels: { app: 'web' } }),
    pod('web-c1', 'node-c', '10.0.3.11', { labels: { app: 'web' } }),
    pod('agent-c', 'node-c', '192.168.0.3', { labels: { app: 'agent' }, hostNetwork: true }),
  ];
  const flows = traffic({
    flows: [
      {
        from: { namespace: 'shop', selector: { app: 'web' } },
        to: { service: 'shop/cart', port: 'http' },
        requestsPerSecond: 10,
        bytesPerRequest: 1000,
      },
      { from: { pod: 'shop/agent-c' }, to: { service: 'shop/cart' }, requestsPerSecond: 1, bytesPerRequest: 1000 },
    ],
  });

  it('routes to the node-local endpoint only, and silently drops on a node without one', () => {
    const report = simulate(engine, [...cluster, service('cart', { itp: 'Local' }), flows]);
    // §3 step 5: localEndpoints = the node's Ready endpoints; §6: ITP=Local with none here ⇒ DROP.
    for (const web of ['shop/web-a1', 'shop/web-a2', 'shop/web-a3']) {
      const f = flowFrom(report, web);
      expect(f.verdict).toBe('route');
      expect(endpointsOf(f)).toEqual([['10.0.1.5:8080', 1]]);
      expect(f.endpoints[0]).toMatchObject({ pod: 'shop/cart-a', node: 'node-a', zone: 'zone-a' });
    }
    expect(endpointsOf(flowFrom(report, 'shop/web-b1'))).toEqual([['10.0.2.5:8080', 1]]);
    expect(flowFrom(report, 'shop/web-c1')).toMatchObject({ verdict: 'drop', endpoints: [], traffic: 'internal' });
    // §10: a host-network client follows ITP too.
    expect(flowFrom(report, 'shop/agent-c')).toMatchObject({ verdict: 'drop', from: { hostNetwork: true } });

    const s = report.summary;
    expect([s.flows, s.route, s.drop, s.reject]).toEqual([6, 4, 2, 0]);
    expect(s.requestsPerSecond).toEqual({ routed: 40, dropped: 11, rejected: 0 });
    // Every routed request stays on its node: 4 clients × 10 req/s × 1000 B.
    expect(s.bytesPerSecond).toEqual({ sameNode: 40_000, sameZone: 0, crossZone: 0 });
    // Overload is the price of Local: cart-a serves node-a's three clients, cart-b one.
    expect(s.endpointLoad).toEqual({ max: 30, mean: 20, busiest: 'shop/cart-a (10.0.1.5:8080)' });
  });

  it('with Cluster policy spreads every client evenly over both endpoints', () => {
    const report = simulate(engine, [...cluster, service('cart', { itp: 'Cluster' }), flows]);
    const f = flowFrom(report, 'shop/web-c1');
    expect(f.verdict).toBe('route');
    expect(endpointsOf(f)).toEqual([
      ['10.0.1.5:8080', 0.5],
      ['10.0.2.5:8080', 0.5],
    ]);
    const s = report.summary;
    expect([s.route, s.drop]).toEqual([6, 0]);
    // 51 req/s over two endpoints.
    expect(s.endpointLoad).toMatchObject({ max: 25.5, mean: 25.5 });
    // web-a* (30 kB/s) and web-b1 (10 kB/s): half same-node, half cross-zone; web-c1 and the agent: all cross-zone.
    expect(s.bytesPerSecond).toEqual({ sameNode: 20_000, sameZone: 0, crossZone: 20_000 + 10_000 + 1000 });
  });
});

describe('externalTrafficPolicy: Local (docs/rules.md §6, §11.7)', () => {
  const cluster = [
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    node('node-c', 'zone-c'),
    pod('cart-a', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
    pod('web-b', 'node-b', '10.0.2.11', { labels: { app: 'web' } }),
    service('cart', { type: 'LoadBalancer', etp: 'Local', lbIP: '203.0.113.10' }),
  ];
  const run = (flows: unknown[]) => simulate(engine, [...cluster, traffic({ flows })]);

  it('drops external traffic entering a node without a local endpoint, routes it on the node with one', () => {
    const report = run([
      { name: 'via-a', from: { external: true, node: 'node-a' }, to: { service: 'shop/cart' }, bytesPerRequest: 100 },
      { name: 'via-b', from: { external: true, node: 'node-b' }, to: { service: 'shop/cart' }, bytesPerRequest: 100 },
    ]);
    const [viaA, viaB] = report.flows;
    expect(viaA).toMatchObject({
      name: 'via-a',
      traffic: 'external',
      via: 'loadBalancer',
      verdict: 'route',
      from: { external: true, node: 'node-a' },
    });
    expect(endpointsOf(viaA!)).toEqual([['10.0.1.5:8080', 1]]);
    expect(viaA!.shortCircuit).toBeUndefined();
    expect(viaB).toMatchObject({ traffic: 'external', verdict: 'drop', endpoints: [] });
  });

  it('gives pod→LB IP and pod→own-node NodePort Cluster semantics (short-circuit); pod→other-node NodePort is judged there', () => {
    const report = run([
      { name: 'lb', from: { pod: 'shop/web-b' }, to: { service: 'shop/cart', via: 'loadBalancer' }, bytesPerRequest: 100 },
      { name: 'own-nodeport', from: { pod: 'shop/web-b' }, to: { service: 'shop/cart', via: 'nodePort' }, bytesPerRequest: 100 },
      {
        name: 'other-nodeport',
        from: { pod: 'shop/web-b' },
        to: { service: 'shop/cart', via: 'nodePort', node: 'node-c' },
        bytesPerRequest: 100,
      },
      { name: 'host-lb', from: { node: 'node-c' }, to: { service: 'shop/cart', via: 'loadBalancer' }, bytesPerRequest: 100 },
    ]);
    const byName = new Map(report.flows.map((f) => [f.name, f]));
    // §6 EXT chain (a): local pod traffic ⇒ Cluster chain, whatever ETP says.
    expect(byName.get('lb')).toMatchObject({ verdict: 'route', shortCircuit: true, traffic: 'external' });
    expect(endpointsOf(byName.get('lb')!)).toEqual([['10.0.1.5:8080', 1]]);
    expect(byName.get('own-nodeport')).toMatchObject({ verdict: 'route', shortCircuit: true });
    // §6 (E2E): pod on node-b → node-c's NodePort: node-c has no local endpoint ⇒ DROP.
    expect(byName.get('other-nodeport')).toMatchObject({ verdict: 'drop', endpoints: [] });
    expect(byName.get('other-nodeport')!.shortCircuit).toBeUndefined();
    // §6 EXT chain (b): host-originated ⇒ Cluster chain.
    expect(byName.get('host-lb')).toMatchObject({ verdict: 'route', shortCircuit: true, from: { node: 'node-c', hostNetwork: true } });

    // Bytes: lb, own-nodeport: b→a (cross-zone); host-lb: c→a (cross-zone); other-nodeport: its hop b→c still crosses zones.
    expect(report.summary.zoneMatrix).toEqual({ 'zone-b→zone-a': 200, 'zone-b→zone-c': 100, 'zone-c→zone-a': 100 });
    expect(report.summary.bytesPerSecond).toEqual({ sameNode: 0, sameZone: 0, crossZone: 400 });
  });

  it('rejects instead of dropping when the Service has no endpoint anywhere (§6, §11.5)', () => {
    const report = simulate(engine, [
      ...cluster.filter((o) => !(o.kind === 'Pod' && o.metadata.name === 'cart-a')),
      traffic({
        flows: [
          { from: { external: true, node: 'node-b' }, to: { service: 'shop/cart' } },
          { from: { pod: 'shop/web-b' }, to: { service: 'shop/cart', via: 'loadBalancer' } },
        ],
      }),
    ]);
    expect(report.flows.map((f) => f.verdict)).toEqual(['reject', 'reject']);
    expect(report.summary.requestsPerSecond).toEqual({ routed: 0, dropped: 0, rejected: 2 });
  });
});

describe('topology: PreferSameZone keeps traffic in its zone, and what Cluster costs (docs/rules.md §4, §5)', () => {
  // Three zones, two nodes each: the backend on x-1, the client on x-2 — same zone, other node.
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  const nodes = zones.flatMap((z) => [node(`${z}-1`, z), node(`${z}-2`, z)]);
  const pods = zones.flatMap((z, i) => [
    pod(`cart-${z}`, `${z}-1`, `10.0.${i}.5`, { labels: { app: 'cart' } }),
    pod(`web-${z}`, `${z}-2`, `10.0.${i}.11`, { labels: { app: 'web' } }),
  ]);
  const flows = traffic({
    flows: [
      { from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' }, requestsPerSecond: 10, bytesPerRequest: 1024 },
    ],
  });

  // 3 clients × 10 req/s × 1 KiB = 30,720 B/s. Under Cluster each client reaches 3 endpoints, 2 in
  // other zones: 20,480 B/s cross-zone. Per 30-day month: 20,480 × 2,592,000 = 53,084,160,000 B.
  //   AWS: 53.08416 GB × $0.01 × 2 directions = $1.0616832
  //   GCP: 53,084,160,000 / 2^30 = 49.4384765625 GiB × $0.01 = $0.494384765625
  it('Cluster (no hints): every client spreads over all three zones', () => {
    const report = simulate(engine, [...nodes, ...pods, service('cart'), flows]);
    for (const f of report.flows) {
      expect(f.topologyMode).toBe('None');
      expect(f.endpoints.map((e) => e.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    }
    const s = report.summary;
    expect(s.bytesPerSecond.sameNode).toBe(0);
    expect(s.bytesPerSecond.sameZone).toBeCloseTo(10_240, 6);
    expect(s.bytesPerSecond.crossZone).toBeCloseTo(20_480, 6);
    expect(s.crossZoneCostPerMonth).toMatchObject({ provider: 'aws', billedBothDirections: true });
    expect(s.crossZoneCostPerMonth.usd).toBeCloseTo(1.0616832, 6);
    expect(s.zoneMatrix!['zone-a→zone-b']).toBeCloseTo(10_240 / 3, 4);
    expect(simulate(engine, [...nodes, ...pods, service('cart'), flows], { prices: 'gcp' }).summary.crossZoneCostPerMonth.usd).toBeCloseTo(
      0.494384765625,
      6,
    );
    expect(simulate(engine, [...nodes, ...pods, service('cart'), flows], { prices: 'azure' }).summary.crossZoneCostPerMonth.usd).toBe(0);
  });

  it('PreferSameZone from EndpointSlice hints: each client stays in its zone, cross-zone cost 0', () => {
    const hinted = slice(
      'cart-1',
      'cart',
      zones.map((z, i) => ({ ip: `10.0.${i}.5`, node: `${z}-1`, zone: z, forZones: [z], pod: `cart-${z}` })),
    );
    const report = simulate(engine, [...nodes, ...pods, service('cart'), hinted, flows]);
    for (const [i, z] of zones.entries()) {
      const f = flowFrom(report, `shop/web-${z}`);
      expect(f.topologyMode).toBe('PreferSameZone');
      expect(endpointsOf(f)).toEqual([[`10.0.${i}.5:8080`, 1]]);
    }
    expect(report.summary.bytesPerSecond).toEqual({ sameNode: 0, sameZone: 30_720, crossZone: 0 });
    expect(report.summary.crossZoneCostPerMonth.usd).toBe(0);
    expect(report.summary.zoneMatrix).toEqual({ 'zone-a→zone-a': 10_240, 'zone-b→zone-b': 10_240, 'zone-c→zone-c': 10_240 });
  });

  it('PreferSameZone from spec.trafficDistribution, hints made by the emulator controller (§5)', () => {
    const report = simulate(engine, [...nodes, ...pods, service('cart', { trafficDistribution: 'PreferSameZone' }), flows]);
    expect(report.flows.map((f) => [f.from.zone, f.endpoints.map((e) => e.zone)])).toEqual(zones.map((z) => [z, [z]]));
    expect(report.summary.bytesPerSecond.crossZone).toBe(0);
    expect(report.hints).toEqual([expect.objectContaining({ service: 'shop/cart', source: 'trafficDistribution', hinted: true })]);
  });

  it('one Ready endpoint without hints turns topology off for everybody (§4, §11.1)', () => {
    const partly = slice('cart-1', 'cart', [
      { ip: '10.0.0.5', node: 'zone-a-1', forZones: ['zone-a'] },
      { ip: '10.0.1.5', node: 'zone-b-1', forZones: ['zone-b'] },
      { ip: '10.0.2.5', node: 'zone-c-1' },
    ]);
    const report = simulate(engine, [...nodes, ...pods, service('cart'), partly, flows]);
    expect(report.flows.every((f) => f.topologyMode === 'None' && f.endpoints.length === 3)).toBe(true);
  });
});

describe('ClientIP session affinity pins each client to one endpoint (docs/rules.md §6)', () => {
  const nodes = [node('node-a', 'zone-a'), node('node-b', 'zone-b')];
  const backends = [0, 1, 2, 3].map((i) =>
    pod(`cart-${i}`, i < 2 ? 'node-a' : 'node-b', `10.0.${i < 2 ? 1 : 2}.${5 + i}`, { labels: { app: 'cart' } }),
  );
  const clients = Array.from({ length: 12 }, (_, i) =>
    pod(`web-${i}`, i % 2 ? 'node-b' : 'node-a', `10.0.${i % 2 ? 2 : 1}.${100 + i}`, { labels: { app: 'web' } }),
  );
  const objects = (seed: number) => [
    ...nodes,
    ...backends,
    ...clients,
    service('cart', { affinity: true }),
    traffic({
      seed,
      flows: [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' }, requestsPerSecond: 3 }],
    }),
  ];

  it('gives every client exactly one endpoint with the whole share, and the load sums to the requests', () => {
    const report = simulate(engine, objects(7));
    const endpoints = new Set(backends.map((b) => `${b.status.podIP}:8080`));
    for (const f of report.flows) {
      expect(f.verdict).toBe('route');
      expect(f.endpoints).toHaveLength(1);
      expect(f.endpoints[0]!.share).toBe(1);
      expect(endpoints.has(f.endpoints[0]!.endpoint)).toBe(true);
    }
    // Load per endpoint: 3 req/s per client pinned there.
    const perEndpoint = new Map<string, number>();
    for (const f of report.flows) perEndpoint.set(f.endpoints[0]!.endpoint, (perEndpoint.get(f.endpoints[0]!.endpoint) ?? 0) + 3);
    expect(report.summary.endpointLoad!.max).toBe(Math.max(...perEndpoint.values()));
    expect(report.summary.endpointLoad!.mean).toBeCloseTo(36 / perEndpoint.size, 9);
  });

  it('picks with the seed: the same seed the same endpoints, another seed other ones', () => {
    const picks = (seed: number) => simulate(engine, objects(seed)).flows.map((f) => f.endpoints[0]!.endpoint);
    expect(picks(7)).toEqual(picks(7));
    expect(picks(8)).not.toEqual(picks(7));
    // options.seed overrides the Traffic's spec.seed.
    expect(simulate(engine, objects(7), { seed: 8 }).flows.map((f) => f.endpoints[0]!.endpoint)).toEqual(picks(8));
  });
});

describe('affinity survives endpoints coming and going (docs/rules.md §6)', () => {
  it('a client keeps its endpoint while that endpoint stays; only the clients of a removed one move', () => {
    const backends = [0, 1, 2, 3, 4].map((i) => pod(`cart-${i}`, 'node-a', `10.0.1.${10 + i}`, { labels: { app: 'cart' }, grace: 0 }));
    const clients = Array.from({ length: 30 }, (_, i) => pod(`web-${i}`, 'node-b', `10.0.2.${10 + i}`, { labels: { app: 'web' } }));
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-a'),
      ...backends,
      ...clients,
      service('cart', { affinity: true }),
      traffic({
        flows: [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' } }],
        events: [{ at: '10s', deletePod: { pod: 'shop/cart-2' } }],
      }),
    ]);
    const [before, after] = report.steps!.map((s) => new Map(s.flows.map((f) => [f.from.pod!, f.endpoints[0]!.endpoint])));
    let moved = 0;
    for (const [client, endpoint] of before!) {
      if (endpoint === '10.0.1.12:8080') {
        moved++;
        expect(after!.get(client)).not.toBe(endpoint);
      } else {
        expect(after!.get(client)).toBe(endpoint);
      }
    }
    expect(moved).toBeGreaterThan(0);
  });
});

describe('external clients without an entry node', () => {
  it('enter through every Ready node, the requests split evenly', () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      node('node-c', 'zone-c', { ready: false }),
      pod('cart-a', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
      service('cart', { type: 'NodePort' }),
      traffic({ flows: [{ from: { external: true }, to: { service: 'shop/cart' }, requestsPerSecond: 100, bytesPerRequest: 10 }] }),
    ]);
    expect(report.flows.map((f) => [f.from.node, f.via, f.verdict, f.requestsPerSecond])).toEqual([
      ['node-a', 'nodePort', 'route', 50],
      ['node-b', 'nodePort', 'route', 50],
    ]);
    // ETP=Cluster: node-b forwards its half to node-a, across zones.
    expect(report.summary.bytesPerSecond).toEqual({ sameNode: 500, sameZone: 0, crossZone: 500 });
  });
});

describe('progress', () => {
  it('reports the stages of a run in order', () => {
    const stages: string[] = [];
    simulate(engine, [node('node-a', 'zone-a'), pod('cart', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }), service('cart')], {
      onProgress: (done, total, stage) => {
        expect(done).toBeLessThanOrEqual(total);
        if (stages.at(-1) !== stage) stages.push(stage);
      },
    });
    expect(stages).toEqual(['ingest', 'slices', 'views', 'flows']);
  });
});

describe('default traffic (docs/contracts.md §5)', () => {
  it('is one flow from every node that runs a pod to every Service port, 1 request/s of 1 KiB, to the ClusterIP', () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      node('node-idle', 'zone-b'),
      pod('cart-a', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
      pod('db-b', 'node-b', '10.0.2.5', { labels: { app: 'db' } }),
      service('cart'),
      service('db', {
        clusterIP: '10.96.0.11',
        ports: [
          { name: 'sql', port: 5432, targetPort: 5432 },
          { name: 'metrics', port: 9090, targetPort: 9090 },
        ],
      }),
    ]);
    // 2 nodes with pods × 3 Service ports; db's pod has no container port 5432/9090 named, but numeric targetPorts need none.
    expect(report.summary.flows).toBe(6);
    expect(report.flows.map((f) => `${f.from.node} ${f.to.service}:${f.to.port}`)).toEqual([
      'node-a shop/cart:http',
      'node-b shop/cart:http',
      'node-a shop/db:metrics',
      'node-b shop/db:metrics',
      'node-a shop/db:sql',
      'node-b shop/db:sql',
    ]);
    for (const f of report.flows)
      expect(f).toMatchObject({ traffic: 'internal', via: 'clusterIP', requestsPerSecond: 1, bytesPerSecond: 1024, verdict: 'route' });
    expect(report.flows[0]!.from).toEqual({ node: 'node-a', zone: 'zone-a' });
  });
});
