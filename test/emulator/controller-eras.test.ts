// The EndpointSlice controller of each release reads the gates upstream's reads (docs/rules.md §5;
// kube-controller-manager's endpointslice_controller.go and ESL reconciler.go): a topology cache only
// with TopologyAwareHints on, spec.trafficDistribution only with ServiceTrafficDistribution on (and
// PreferSameZone / PreferSameNode also with PreferSameTrafficDistribution), the trafficDistribution
// field never while the annotation says Auto, and the topology-mode key only from 1.27. Each row's
// expectation is worked out by hand from those rules: two zones of equal CPU, two Ready pods in each,
// so the heuristic hints every endpoint for its own zone and trafficDistribution does the same.
import { describe, expect, it } from 'vitest';
import { era, HINTS, MODE, node, pod, reconcile, service, zoneHints } from './controller-builders.js';

const nodes = [node('a1', 'zone-a'), node('b1', 'zone-b')];
const pods = [
  pod('web-a1', 'a1', ['10.0.1.1']),
  pod('web-a2', 'a1', ['10.0.1.2']),
  pod('web-b1', 'b1', ['10.0.2.1']),
  pod('web-b2', 'b1', ['10.0.2.2']),
];
const OWN_ZONE = { 'web-a1': ['zone-a'], 'web-a2': ['zone-a'], 'web-b1': ['zone-b'], 'web-b2': ['zone-b'] };
const NONE = { 'web-a1': [], 'web-a2': [], 'web-b1': [], 'web-b2': [] };

interface Row {
  minor: number;
  gates?: Record<string, boolean>;
  annotations?: Record<string, string>;
  trafficDistribution?: string;
  source: 'annotation' | 'trafficDistribution' | 'none';
  hinted: boolean;
  /** A phrase of the report's message that says why. */
  says: string;
}

const auto = { [MODE]: 'Auto' };
const ROWS: Row[] = [
  // 1.21–1.23: the gate is off by default (on from 1.24); the annotation is the old key only.
  {
    minor: 21,
    gates: { TopologyAwareHints: true },
    annotations: { [HINTS]: 'Auto' },
    source: 'annotation',
    hinted: true,
    says: 'own zone',
  },
  { minor: 23, annotations: { [HINTS]: 'Auto' }, source: 'annotation', hinted: false, says: 'TopologyAwareHints feature gate is off' },
  {
    minor: 23,
    gates: { TopologyAwareHints: true },
    annotations: { [HINTS]: 'auto' },
    source: 'annotation',
    hinted: true,
    says: 'own zone',
  },
  { minor: 24, annotations: { [HINTS]: 'Auto' }, source: 'annotation', hinted: true, says: 'own zone' },
  {
    minor: 24,
    gates: { TopologyAwareHints: false },
    annotations: { [HINTS]: 'Auto' },
    source: 'annotation',
    hinted: false,
    says: 'no topology cache',
  },
  // topology-mode is read from 1.27 on.
  { minor: 26, annotations: auto, source: 'none', hinted: false, says: 'the key exists from 1.27' },
  { minor: 27, annotations: auto, source: 'annotation', hinted: true, says: 'own zone' },
  // 1.30: ServiceTrafficDistribution is alpha (off); 1.31 on by default.
  {
    minor: 30,
    trafficDistribution: 'PreferClose',
    source: 'trafficDistribution',
    hinted: false,
    says: 'ServiceTrafficDistribution feature gate',
  },
  {
    minor: 30,
    gates: { ServiceTrafficDistribution: true },
    trafficDistribution: 'PreferClose',
    source: 'trafficDistribution',
    hinted: true,
    says: 'own zone',
  },
  { minor: 31, trafficDistribution: 'PreferClose', source: 'trafficDistribution', hinted: true, says: 'own zone' },
  // TopologyAwareHints off (allowed until 1.32): no cache, so Auto writes nothing and the field is not consulted either.
  {
    minor: 32,
    gates: { TopologyAwareHints: false },
    annotations: auto,
    source: 'annotation',
    hinted: false,
    says: 'TopologyAwareHints feature gate is off in Kubernetes 1.32',
  },
  {
    minor: 32,
    gates: { TopologyAwareHints: false },
    annotations: auto,
    trafficDistribution: 'PreferClose',
    source: 'annotation',
    hinted: false,
    says: 'does not use spec.trafficDistribution either',
  },
  {
    minor: 32,
    gates: { TopologyAwareHints: false },
    trafficDistribution: 'PreferClose',
    source: 'trafficDistribution',
    hinted: true,
    says: 'own zone',
  },
  // The annotation wins over the field whenever it says Auto and the gate is on.
  {
    minor: 35,
    annotations: auto,
    trafficDistribution: 'PreferSameNode',
    source: 'annotation',
    hinted: true,
    says: 'is ignored while the annotation is on',
  },
  // PreferSameZone / PreferSameNode need PreferSameTrafficDistribution (alpha in 1.33, on from 1.34).
  {
    minor: 33,
    trafficDistribution: 'PreferSameZone',
    source: 'trafficDistribution',
    hinted: false,
    says: 'PreferSameTrafficDistribution feature gate',
  },
  {
    minor: 33,
    gates: { PreferSameTrafficDistribution: true },
    trafficDistribution: 'PreferSameZone',
    source: 'trafficDistribution',
    hinted: true,
    says: 'own zone',
  },
  { minor: 34, trafficDistribution: 'PreferSameZone', source: 'trafficDistribution', hinted: true, says: 'own zone' },
  // A value that enables nothing.
  { minor: 35, annotations: { [MODE]: 'true' }, source: 'none', hinted: false, says: 'turns nothing on' },
];

const label = (r: Row) =>
  `1.${r.minor}${r.gates ? ` ${JSON.stringify(r.gates)}` : ''} ${JSON.stringify(r.annotations ?? {})} trafficDistribution=${r.trafficDistribution ?? '–'}`;

describe('gate × annotation × trafficDistribution, per release', () => {
  for (const row of ROWS) {
    it(`${label(row)} → ${row.source}, ${row.hinted ? 'hinted' : 'no hints'}`, () => {
      const svc = service(row.trafficDistribution ? { trafficDistribution: row.trafficDistribution } : {}, {
        annotations: row.annotations ?? {},
      });
      const out = reconcile(svc, pods, nodes, { era: era(row.minor, row.gates) });
      expect(out.hints).toMatchObject({ source: row.source, hinted: row.hinted, safeguard: null });
      expect(out.hints.message).toContain(row.says);
      expect(zoneHints(out.slices)).toEqual(row.hinted ? OWN_ZONE : NONE);
    });
  }

  it('PreferSameNode from 1.34: node hints as well as zone hints', () => {
    const out = reconcile(service({ trafficDistribution: 'PreferSameNode' }), pods, nodes, { era: era(34) });
    expect(out.slices.flatMap((s) => s.endpoints.map((ep) => ep.forNodes))).toEqual([['a1'], ['a1'], ['b1'], ['b1']]);
  });
});

describe('per-endpoint hints in the report', () => {
  it('each endpoint with its slice, pod, node, zone, readiness and hints, in slice order', () => {
    const withNotReady = [...pods.slice(0, 3), pod('web-b2', 'b1', ['10.0.2.2'], { ready: false })];
    const out = reconcile(service({ trafficDistribution: 'PreferSameNode' }), withNotReady, nodes);
    expect(out.hints.endpoints).toEqual([
      {
        slice: 'web-1',
        address: '10.0.1.1',
        pod: 'shop/web-a1',
        node: 'a1',
        zone: 'zone-a',
        ready: true,
        forZones: ['zone-a'],
        forNodes: ['a1'],
      },
      {
        slice: 'web-1',
        address: '10.0.1.2',
        pod: 'shop/web-a2',
        node: 'a1',
        zone: 'zone-a',
        ready: true,
        forZones: ['zone-a'],
        forNodes: ['a1'],
      },
      {
        slice: 'web-1',
        address: '10.0.2.1',
        pod: 'shop/web-b1',
        node: 'b1',
        zone: 'zone-b',
        ready: true,
        forZones: ['zone-b'],
        forNodes: ['b1'],
      },
      { slice: 'web-1', address: '10.0.2.2', pod: 'shop/web-b2', node: 'b1', zone: 'zone-b', ready: false, forZones: [], forNodes: [] },
    ]);
  });

  it('a Service that asks for no hints lists no endpoints', () => {
    expect(reconcile(service(), pods, nodes).hints.endpoints).toBeUndefined();
  });
});

describe('messages say which mistake it is', () => {
  const auto = service({}, { annotations: { [MODE]: 'Auto' } });
  it('an empty zone label is named as empty, a missing one as missing', () => {
    const empty = node('c1', '', { labels: { 'topology.kubernetes.io/zone': '' } });
    const missing = node('d1', '');
    const out = reconcile(auto, pods, [...nodes, empty, missing]);
    expect(out.hints.safeguard).toBe('InsufficientNodeInfo');
    expect(out.hints.message).toContain('c1 (an empty topology.kubernetes.io/zone label), d1 (no topology.kubernetes.io/zone label)');
  });

  it('NodesInOneZone says its Event does not mean a missing label', () => {
    const out = reconcile(auto, pods, [node('a1', 'zone-a'), node('a2', 'zone-a')]);
    expect(out.hints.safeguard).toBe('NodesInOneZone');
    expect(out.hints.message).toContain('it does not mean a label is missing here');
  });

  it('one endpoint moved to another zone is "its own", not "their own"', () => {
    // CPU 3:1 → desired 3 / 1 of 4 ready endpoints; own-zone 2 / 2: one zone-b endpoint serves zone-a.
    const out = reconcile(auto, pods, [node('a1', 'zone-a', { milliCPU: 3000 }), node('b1', 'zone-b', { milliCPU: 1000 })]);
    expect(out.hints.message).toContain(
      "1 endpoint is hinted for a zone other than its own, so that zone's clients cross zones to reach it",
    );
  });
});
