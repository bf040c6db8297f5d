// The views kept up to date event by event equal the views recomputed from scratch, and both equal
// the naive evaluation (engine.decide once per node, no zone sharing) — over generated clusters and
// generated fault sequences (fast-check). And an event re-evaluates only the Service ports it touches.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadEngine } from '../../surfaces/node/index.js';
import type { NodeModel } from '../../host/objects/model.js';
import { Emulation, ProxyViews, SliceStore } from '../../emulator/index.js';
import { reconcileEndpointSlices } from '../../emulator/controller/index.js';
import { planTraffic } from '../../emulator/traffic/plan.js';
import { routeFlows } from '../../emulator/traffic/route.js';
import { summarize } from '../../emulator/figures/summary.js';
import { Warnings } from '../../host/cluster/warnings.js';
import { node, pod, service, slice, traffic } from './objects.js';

const engine = await loadEngine();

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

interface Gen {
  nodes: Array<{ zone: number }>;
  services: Array<{
    type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
    itp: 'Cluster' | 'Local';
    etp: 'Cluster' | 'Local';
    td: string | null;
    affinity: boolean;
  }>;
  pods: Array<{ service: number; node: number; ready: boolean; terminating: boolean }>;
  events: Array<{ kind: string; target: number; at: number; grace: number }>;
}

const gen: fc.Arbitrary<Gen> = fc.record({
  nodes: fc.array(fc.record({ zone: fc.integer({ min: 0, max: 3 }) }), { minLength: 2, maxLength: 6 }),
  services: fc.array(
    fc.record({
      type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
      itp: fc.constantFrom('Cluster' as const, 'Local' as const),
      etp: fc.constantFrom('Cluster' as const, 'Local' as const),
      td: fc.constantFrom(null, 'PreferClose', 'PreferSameZone', 'PreferSameNode'),
      affinity: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  pods: fc.array(fc.record({ service: fc.nat(), node: fc.nat(), ready: fc.boolean(), terminating: fc.boolean() }), { maxLength: 10 }),
  events: fc.array(
    fc.record({
      kind: fc.constantFrom('cordon', 'nodeDown', 'nodeUp', 'zoneDown', 'deletePod', 'terminatePod', 'patchItp', 'patchTd'),
      target: fc.nat(),
      at: fc.integer({ min: 1, max: 5 }),
      grace: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

function objectsOf(g: Gen): unknown[] {
  const nodes = g.nodes.map((n, i) => node(`node-${i}`, n.zone === 3 ? null : ZONES[n.zone]!));
  const services = g.services.map((s, i) =>
    service(`svc-${i}`, {
      type: s.type,
      itp: s.itp,
      ...(s.type !== 'ClusterIP' ? { etp: s.etp } : {}),
      ...(s.td ? { trafficDistribution: s.td } : {}),
      affinity: s.affinity,
      clusterIP: `10.96.0.${10 + i}`,
      ...(s.type === 'LoadBalancer' ? { lbIP: `203.0.113.${i + 1}` } : {}),
      ports: [{ name: 'http', port: 80, targetPort: 8080, ...(s.type !== 'ClusterIP' ? { nodePort: 30080 + i } : {}) }],
    }),
  );
  const pods = g.pods.map((p, i) =>
    pod(`p-${i}`, `node-${p.node % g.nodes.length}`, `10.1.${i >> 8}.${(i & 255) + 1}`, {
      labels: { app: `svc-${p.service % g.services.length}` },
      ready: p.ready,
      terminating: p.terminating,
      grace: 2,
    }),
  );
  const clients = g.nodes.map((_, i) => pod(`client-${i}`, `node-${i}`, `10.2.0.${i + 1}`, { labels: { role: 'client' } }));
  const events = g.events.map((e) => {
    const at = `${e.at}s`;
    const nodeName = `node-${e.target % g.nodes.length}`;
    const podName = `shop/p-${g.pods.length ? e.target % g.pods.length : 0}`;
    const svc = `shop/svc-${e.target % g.services.length}`;
    switch (e.kind) {
      case 'cordon':
        return { at, cordon: { node: nodeName } };
      case 'nodeDown':
        return { at, nodeDown: { node: nodeName } };
      case 'nodeUp':
        return { at, nodeUp: { node: nodeName } };
      case 'zoneDown':
        return { at, zoneDown: { zone: ZONES[e.target % 3] } };
      case 'deletePod':
        return { at, deletePod: { pod: podName } };
      case 'terminatePod':
        return { at, terminatePod: { pod: podName, gracePeriodSeconds: e.grace } };
      case 'patchItp':
        return { at, patch: { service: svc, spec: { internalTrafficPolicy: e.grace % 2 ? 'Local' : 'Cluster' } } };
      default:
        return { at, patch: { service: svc, spec: { trafficDistribution: e.grace % 2 ? 'PreferSameZone' : null } } };
    }
  });
  const flows = g.services.flatMap((s, i) => [
    { from: { namespace: 'shop', selector: { role: 'client' } }, to: { service: `shop/svc-${i}` } },
    ...(s.type !== 'ClusterIP'
      ? [
          {
            from: { namespace: 'shop', selector: { role: 'client' } },
            to: { service: `shop/svc-${i}`, via: s.type === 'LoadBalancer' ? 'loadBalancer' : 'nodePort' },
          },
        ]
      : []),
  ]);
  return [...nodes, ...services, ...pods, ...clients, traffic({ seed: 3, flows, events })];
}

/** Every port × node decision of a set of views, as JSON-able data. */
function decisions(e: Emulation, views: ProxyViews) {
  const out: Record<string, unknown> = {};
  for (const view of views.ports()) for (const n of e.cluster.nodes) out[`${view.key}@${n.name}`] = views.answer(view, n.name);
  return out;
}

function fromScratch(e: Emulation) {
  const warnings = new Warnings();
  const slices = new SliceStore(e.cluster, e.era, reconcileEndpointSlices, true, warnings);
  slices.buildAll();
  const views = new ProxyViews(engine, e.era, e.cluster, slices);
  views.buildAll();
  return { slices, views };
}

function summaryWith(e: Emulation, views: ProxyViews) {
  const groups = planTraffic(e.traffic, e.cluster, views, e.seed, new Warnings());
  const tally = routeFlows(groups, e.cluster, 1e9);
  const { endpointLoad, ...rest } = summarize(tally, e.cluster, e.price);
  return { ...rest, load: [endpointLoad!.max, endpointLoad!.mean] };
}

describe('incremental updates equal a full recompute', () => {
  it("after every step of generated fault sequences (slices, every node's view, and the figures)", () => {
    fc.assert(
      fc.property(gen, (g) => {
        const e = new Emulation(engine, objectsOf(g), { generateSlices: true });
        for (let t = e.nextTime(), steps = 0; t !== null && steps < 12; t = e.nextTime(), steps++) {
          e.advance(t);
          const fresh = fromScratch(e);
          for (const s of e.cluster.services()) expect(e.slices.slicesOf(s.key)).toEqual(fresh.slices.slicesOf(s.key));
          expect(decisions(e, e.views)).toEqual(decisions(e, fresh.views));
          expect(summaryWith(e, e.views)).toEqual(summaryWith(e, fresh.views));
        }
      }),
      { numRuns: 40, seed: 20261129 },
    );
  });
});

describe('the shared zone rows equal the naive evaluation, one engine.decide per node', () => {
  it('for every port and node of generated clusters', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const e = new Emulation(engine, objectsOf(g), { generateSlices: true });
        for (const view of e.views.ports()) {
          for (const n of e.cluster.nodes) {
            const model: NodeModel = {
              name: n.name,
              labels: n.labels,
              zone: n.zone,
              controlPlane: false,
              allocatableMilliCPU: null,
              ready: null,
              unschedulable: false,
              taints: [],
            };
            const naive = engine.decide(view.req, [model])[0]!;
            const shared = e.views.answer(view, n.name)!;
            expect(shared).toEqual({
              topologyMode: naive.topologyMode,
              clusterEndpoints: naive.clusterEndpoints,
              localEndpoints: naive.localEndpoints,
              allReachableEndpoints: naive.allReachableEndpoints,
              hasAnyEndpoints: naive.hasAnyEndpoints,
              internal: naive.internal,
              external: naive.external,
            });
          }
        }
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe('an event re-evaluates only what it touches', () => {
  it("terminating one Service's pod re-evaluates that Service's ports and no other", () => {
    const objects = [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      ...['cart', 'db', 'search'].flatMap((s, i) => [
        service(s, {
          clusterIP: `10.96.0.${20 + i}`,
          ports: [
            { name: 'http', port: 80, targetPort: 8080 },
            { name: 'admin', port: 81, targetPort: 8081 },
          ],
        }),
        pod(`${s}-1`, 'node-a', `10.0.${i}.5`, { labels: { app: s } }),
        pod(`${s}-2`, 'node-b', `10.0.${i}.6`, { labels: { app: s } }),
      ]),
      traffic({
        events: [
          { at: '5s', terminatePod: { pod: 'shop/db-1', gracePeriodSeconds: 10 } },
          { at: '6s', cordon: { node: 'node-b' } },
        ],
      }),
    ];
    const e = new Emulation(engine, objects);
    expect(e.views.evaluations).toBe(6);
    const first = e.advance(e.nextTime()!);
    expect(first.slicesChanged).toEqual(['shop/db']);
    expect(first.portsReevaluated).toEqual(['shop/db:admin', 'shop/db:http']);
    expect(e.views.evaluations).toBe(8);
    // A cordon changes no EndpointSlice (kube-proxy reads neither cordon nor node readiness).
    const second = e.advance(e.nextTime()!);
    expect(second.portsReevaluated).toEqual([]);
    const gone = e.advance(e.nextTime()!);
    expect([gone.atMs, gone.portsReevaluated]).toEqual([15_000, ['shop/db:admin', 'shop/db:http']]);
  });
});

describe('a changed EndpointSlice from outside (Emulation.applySlices)', () => {
  it("re-evaluates that Service's port only, and the node views follow", () => {
    const e = new Emulation(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      service('cart', { itp: 'Local', selector: null }),
      service('db', { clusterIP: '10.96.0.11' }),
      slice('cart-1', 'cart', [{ ip: '10.0.1.5', node: 'node-a' }]),
    ]);
    const cart = () => e.nodeView('node-b').find((v) => v.service === 'shop/cart')!.answer;
    expect(cart().internal).toEqual({ verdict: 'drop', endpoints: [] });
    const moved = e.applySlices('shop/cart', [slice('cart-1', 'cart', [{ ip: '10.0.2.5', node: 'node-b' }])]);
    expect(moved).toEqual({ changed: true, portsReevaluated: ['shop/cart:http'] });
    expect(cart().internal).toEqual({ verdict: 'route', endpoints: ['10.0.2.5:8080'] });
    expect(e.applySlices('shop/cart', [slice('cart-1', 'cart', [{ ip: '10.0.2.5', node: 'node-b' }])])).toEqual({
      changed: false,
      portsReevaluated: [],
    });
    expect(() => e.applySlices('shop/cart', [slice('db-1', 'db', [])])).toThrow(/does not belong to Service shop\/cart/);
  });
});
