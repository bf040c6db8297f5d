// Seeded and ordered: the same input and seed give byte-identical JSON (docs/contracts.md §5); a different seed
// gives different load-balancing picks; input order does not matter.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate } from '../../emulator/index.js';
import type { Flow, FlowOutcome } from '../../emulator/document.js';
import { daemonSet, deployment, node, pod, service, traffic } from './objects.js';
import { outcomesOf } from './lint-builders.js';

const engine = await loadEngine();

const zones = ['zone-a', 'zone-b', 'zone-c'];
const objects = (seed: number) => [
  ...zones.flatMap((z) => [node(`${z}-1`, z), node(`${z}-2`, z)]),
  deployment('cart', 5, { grace: 15 }),
  deployment('web', 6, { labels: { app: 'web' } }),
  daemonSet('agent'),
  pod('batch', 'zone-b-2', '10.200.0.9', { labels: { app: 'batch' } }),
  service('cart', { affinity: true, trafficDistribution: 'PreferSameZone' }),
  service('agent', { itp: 'Local', clusterIP: '10.96.0.20' }),
  service('front', { type: 'LoadBalancer', etp: 'Local', lbIP: '203.0.113.7', selector: { app: 'web' }, clusterIP: '10.96.0.30' }),
  traffic({
    seed,
    flows: [
      { from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' }, requestsPerSecond: 20, bytesPerRequest: 2048 },
      { from: { namespace: 'shop', selector: { app: 'batch' } }, to: { service: 'shop/agent' } },
      { from: { external: true }, to: { service: 'shop/front' }, requestsPerSecond: 600 },
    ],
    events: [
      { at: '30s', terminatePod: { pod: 'shop/cart-0' } },
      { at: '1m', zoneDown: { zone: 'zone-c' } },
      { at: '2m', scale: { deployment: 'shop/cart', replicas: 2 } },
    ],
  }),
];

describe('determinism', () => {
  it('the same input and seed give byte-identical JSON, events included', () => {
    const a = JSON.stringify(simulate(engine, objects(42)));
    const b = JSON.stringify(simulate(engine, objects(42)));
    expect(a).toBe(b);
    expect(JSON.parse(a).steps.length).toBeGreaterThan(3);
  });

  it('the order of the input objects does not matter', () => {
    const forward = simulate(engine, objects(42));
    const reversed = simulate(engine, [...objects(42)].reverse());
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(forward));
  });

  it('a different seed gives different affinity picks and nothing else changes', () => {
    const a = simulate(engine, objects(1));
    const b = simulate(engine, objects(2));
    const picks = (r: typeof a) => r.flows.filter((f) => f.to.service === 'shop/cart').map((f) => f.endpoints[0]!.endpoint);
    expect(picks(a)).not.toEqual(picks(b));
    expect(a.flows.map((f) => [f.from, f.verdict])).toEqual(b.flows.map((f) => [f.from, f.verdict]));
    expect(a.summary.requestsPerSecond).toEqual(b.summary.requestsPerSecond);
  });
});

describe('reports at scale aggregate instead of listing every flow', () => {
  it('above maxFlows only dropped and rejected flows are listed; the summary still counts all', () => {
    const report = simulate(engine, objects(42), { maxFlows: 4 });
    expect(report.summary.flows).toBeGreaterThan(4);
    expect(report.flows.length).toBeLessThanOrEqual(4);
    expect(report.flows.every((f) => f.verdict !== 'route')).toBe(true);
    const full = simulate(engine, objects(42));
    expect(full.summary).toEqual(report.summary);
    expect(full.flows.filter((f) => f.verdict !== 'route').slice(0, 4)).toEqual(report.flows);
    expect(report.warnings!.map((w) => w.code)).toContain('FlowsAggregated');
    expect(full.outcomes).toBeUndefined();
  });

  it('`outcomes` counts every flow of every step by port and outcome, as the full listing groups them', () => {
    const report = simulate(engine, objects(42), { maxFlows: 4 });
    const full = simulate(engine, objects(42));
    // The listing regrouped: requests rounded like every figure, nodes named (in name order) for dropped and rejected flows only.
    const expected = (flows: Flow[]): FlowOutcome[] =>
      outcomesOf(flows).map(({ nodes, ...o }) => ({
        ...o,
        requestsPerSecond: Number(o.requestsPerSecond.toPrecision(9)),
        ...(o.verdict !== 'route' ? { nodes: [...nodes].sort() } : {}),
      }));
    const byKey = (outcomes: FlowOutcome[]) => [...outcomes].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(report.steps!.length).toBeGreaterThan(3);
    report.steps!.forEach((step, i) => {
      expect(step.outcomes!.reduce((n, o) => n + o.flows, 0)).toBe(step.summary.flows);
      expect(byKey(step.outcomes!)).toEqual(byKey(expected(full.steps![i]!.flows)));
    });
    expect(report.outcomes).toEqual(report.steps![0]!.outcomes);
    // Internal traffic (ClientIP affinity among it) and external traffic both show.
    expect(new Set(report.outcomes!.map((o) => `${o.traffic}/${o.via}`))).toEqual(new Set(['internal/clusterIP', 'external/loadBalancer']));
  });

  it('`outcomes` is byte-identical whatever the order of the input objects', () => {
    const forward = JSON.stringify(simulate(engine, objects(42), { maxFlows: 4 }));
    expect(JSON.stringify(simulate(engine, [...objects(42)].reverse(), { maxFlows: 4 }))).toBe(forward);
    expect(forward).toContain('"outcomes"');
  });
});
