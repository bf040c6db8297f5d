// Hints written by the emulator's EndpointSlice controller (docs/rules.md §5): which path decides
// (annotation Auto → proportional CPU heuristic; else spec.trafficDistribution; else none), the
// allocation, and every safeguard with its report code and message. Expected hints are worked out
// by hand below from the documented algorithm (KEP-2433; ESL topologycache getAllocations /
// getGivingAndReceivingZones / redistributeHints), not taken from the code's output.
import { describe, expect, it } from 'vitest';
import type { EmuNode, EmuPod } from '../../emulator/model/types.js';
import { reconcileEndpointSlices, SAFEGUARD_CODES, zoneCapacity } from '../../emulator/controller/index.js';
import { allEndpoints, era, HINTS, MODE, NEWEST, node, pod, reconcile, service, zoneHints } from './controller-builders.js';

const auto = (spec: Record<string, unknown> = {}) => service(spec, { annotations: { [MODE]: 'Auto' } });

/** `count` pods `<prefix>1…` on `nodeName`, with addresses from `base`. */
function pods(prefix: string, count: number, nodeName: string, base: number, changes: Partial<EmuPod> = {}): EmuPod[] {
  return Array.from({ length: count }, (_, i) => pod(`${prefix}${i + 1}`, nodeName, [`10.0.${base}.${i + 1}`], changes));
}

describe('proportional CPU allocation (topology-mode: Auto)', () => {
  // CPU: zone-a 6000m (3 nodes), zone-b 3000m, zone-c 1000m → shares 0.6 / 0.3 / 0.1. A control-plane
  // node and a not-Ready node carry a lot of CPU and must not count (KEP-2433).
  const nodes: EmuNode[] = [
    node('a1', 'zone-a', { milliCPU: 2000 }),
    node('a2', 'zone-a', { milliCPU: 2000 }),
    node('a3', 'zone-a', { milliCPU: 2000 }),
    node('b1', 'zone-b', { milliCPU: 3000 }),
    node('c1', 'zone-c', { milliCPU: 1000 }),
    node('cp', 'zone-c', {
      milliCPU: 64000,
      controlPlane: true,
      labels: { 'topology.kubernetes.io/zone': 'zone-c', 'node-role.kubernetes.io/control-plane': '' },
    }),
    node('b-down', 'zone-b', { milliCPU: 50000, ready: false }),
  ];

  it('allocates 20 ready endpoints 12/6/2 across 3 zones with uneven CPU, moving endpoints from zones with a surplus', () => {
    // 20 ready endpoints: 6 in zone-a, 7 in zone-b, 7 in zone-c, plus one not-ready in zone-c.
    // desired = share × 20 = 12 / 6 / 2; minimum = ⌈desired / 1.2⌉ = 10 / 5 / 2, total 17 ≤ 20.
    // Own-zone counts 6 / 7 / 7 → surplus b 1, c 5; deficit a 6. Largest surplus gives first:
    // c gives 5 (a's deficit 6 → 1), then b gives 1 (a → 0). In endpoint order, the first zone-b
    // endpoint (web-b1) and the first five zone-c endpoints (web-c1…c5) are hinted for zone-a.
    const all = [
      ...pods('web-a', 2, 'a1', 1),
      ...pods('web-a', 6, 'a2', 1).slice(2, 4),
      ...pods('web-a', 6, 'a3', 1).slice(4, 6),
      ...pods('web-b', 7, 'b1', 2),
      ...pods('web-c', 7, 'c1', 3),
      pod('web-c8', 'c1', ['10.0.3.8'], { ready: false }),
    ];
    const out = reconcile(auto(), all, nodes);
    const expected: Record<string, string[]> = {};
    for (let i = 1; i <= 6; i++) expected[`web-a${i}`] = ['zone-a'];
    expected['web-b1'] = ['zone-a'];
    for (let i = 2; i <= 7; i++) expected[`web-b${i}`] = ['zone-b'];
    for (let i = 1; i <= 5; i++) expected[`web-c${i}`] = ['zone-a'];
    expected['web-c6'] = ['zone-c'];
    expected['web-c7'] = ['zone-c'];
    expected['web-c8'] = [];
    expect(zoneHints(out.slices)).toEqual(expected);
    expect(allEndpoints(out.slices).every((ep) => ep.forNodes.length === 0)).toBe(true);
    expect(out.hints).toMatchObject({
      service: 'shop/web',
      source: 'annotation',
      hinted: true,
      safeguard: null,
      allocation: { 'zone-a': 12, 'zone-b': 6, 'zone-c': 2 },
    });
    expect(Object.keys(out.hints.allocation!)).toEqual(['zone-a', 'zone-b', 'zone-c']);
    for (const part of [
      'zone-a 12 (60% of CPU)',
      'zone-b 6 (30% of CPU)',
      'zone-c 2 (10% of CPU)',
      '1 in zone-b serves zone-a',
      '5 in zone-c serve zone-a',
      '1 not-ready endpoint',
    ]) {
      expect(out.hints.message).toContain(part);
    }
  });

  it('follows the CPU: with the shares reversed (0.1 / 0.3 / 0.6) zone-a and zone-b give to zone-c', () => {
    // desired 2 / 6 / 12, minimum 2 / 5 / 10. Own-zone counts 6 / 7 / 7 → surplus a 4, b 1; deficit c 5.
    // a gives 4 (c → 1), then b gives 1: web-a1…a4 and web-b1 are hinted for zone-c.
    const reversed = [
      node('a1', 'zone-a', { milliCPU: 1000 }),
      node('b1', 'zone-b', { milliCPU: 3000 }),
      node('c1', 'zone-c', { milliCPU: 6000 }),
    ];
    const out = reconcile(auto(), [...pods('web-a', 6, 'a1', 1), ...pods('web-b', 7, 'b1', 2), ...pods('web-c', 7, 'c1', 3)], reversed);
    const hints = zoneHints(out.slices);
    expect(['web-a1', 'web-a2', 'web-a3', 'web-a4', 'web-b1'].map((p) => hints[p])).toEqual(Array(5).fill(['zone-c']));
    expect([hints['web-a5'], hints['web-a6'], hints['web-b2'], hints['web-c1']]).toEqual([['zone-a'], ['zone-a'], ['zone-b'], ['zone-c']]);
    expect(out.hints.allocation).toEqual({ 'zone-a': 2, 'zone-b': 6, 'zone-c': 12 });
  });

  it('moves whole endpoints only while at least half of one is owed: 7 endpoints in one of two equal zones end 4 / 3', () => {
    // desired 3.5 each, minimum ⌈2.92⌉ = 3. Surplus a 3.5, deficit b 3.5 → moves at 3.5, 2.5, 1.5;
    // at 0.5 / 0.5 neither side has a whole endpoint left, so the fourth is not moved.
    const nodes2 = [node('a1', 'zone-a', { milliCPU: 2000 }), node('b1', 'zone-b', { milliCPU: 2000 })];
    const out = reconcile(auto(), pods('web-', 7, 'a1', 1), nodes2);
    expect(Object.values(zoneHints(out.slices))).toEqual([
      ['zone-b'],
      ['zone-b'],
      ['zone-b'],
      ['zone-a'],
      ['zone-a'],
      ['zone-a'],
      ['zone-a'],
    ]);
    expect(out.hints.allocation).toEqual({ 'zone-a': 4, 'zone-b': 3 });
  });

  it('breaks ties between zones by name (upstream picks at random): 6 endpoints in zone-c of three equal zones', () => {
    // desired 2 each (minimum 2). Surplus c 4; deficits a 2, b 2 (tie → a), then b 2 > a 1 → b,
    // then a 1 = b 1 (tie → a), then b. Moved endpoints go to the first receiving zone by name: a, a, b, b.
    const equal = [node('a1', 'zone-a'), node('b1', 'zone-b'), node('c1', 'zone-c')];
    const out = reconcile(auto(), pods('web-', 6, 'c1', 1), equal);
    expect(Object.values(zoneHints(out.slices))).toEqual([['zone-a'], ['zone-a'], ['zone-b'], ['zone-b'], ['zone-c'], ['zone-c']]);
    expect(out.hints.message).toContain('2 in zone-c serve zone-a, 2 in zone-c serve zone-b');
  });

  it('breaks a tie between giving zones by name: with room for one move, zone-a gives, not zone-b', () => {
    // 10 endpoints over three equal zones: desired 3.33 each (minimum 3). Own-zone 4 / 4 / 2 → surplus a 0.67,
    // b 0.67 (tie → a), deficit c 1.33. After a gives one, c is owed 0.33 < 0.5: stop. web-a1 serves zone-c.
    const equal = [node('a1', 'zone-a'), node('b1', 'zone-b'), node('c1', 'zone-c')];
    const out = reconcile(auto(), [...pods('web-a', 4, 'a1', 1), ...pods('web-b', 4, 'b1', 2), ...pods('web-c', 2, 'c1', 3)], equal);
    const hints = zoneHints(out.slices);
    expect([hints['web-a1'], hints['web-a2'], hints['web-b1'], hints['web-c1']]).toEqual([['zone-c'], ['zone-a'], ['zone-b'], ['zone-c']]);
    expect(out.hints.allocation).toEqual({ 'zone-a': 3, 'zone-b': 4, 'zone-c': 3 });
  });

  it('reports every endpoint at home when own-zone counts already match the CPU shares', () => {
    const out = reconcile(
      auto(),
      [...pods('web-a', 2, 'a1', 1), ...pods('web-b', 2, 'b1', 2)],
      [node('a1', 'zone-a'), node('b1', 'zone-b')],
    );
    expect(Object.values(zoneHints(out.slices))).toEqual([['zone-a'], ['zone-a'], ['zone-b'], ['zone-b']]);
    expect(out.hints.message).toContain('Every endpoint is hinted for its own zone');
  });

  it('publishNotReadyAddresses counts every published endpoint as ready for the allocation', () => {
    const out = reconcile(
      auto({ publishNotReadyAddresses: true }),
      [...pods('web-a', 2, 'a1', 1, { ready: false }), ...pods('web-b', 2, 'b1', 2)],
      [node('a1', 'zone-a'), node('b1', 'zone-b')],
    );
    expect(Object.values(zoneHints(out.slices))).toEqual([['zone-a'], ['zone-a'], ['zone-b'], ['zone-b']]);
  });
});

describe('precomputed inputs for many Services', () => {
  it('nodesByName and zoneCapacity given by the caller give the same result as computing them', () => {
    const nodes = [node('a1', 'zone-a', { milliCPU: 2000 }), node('b1', 'zone-b', { milliCPU: 1000 })];
    const input = {
      service: auto(),
      pods: [...pods('web-a', 2, 'a1', 1), ...pods('web-b', 1, 'b1', 2)],
      nodes,
      era: NEWEST,
    };
    const computed = reconcileEndpointSlices(input);
    const given = reconcileEndpointSlices({
      ...input,
      nodesByName: new Map(nodes.map((n) => [n.name, n])),
      zoneCapacity: zoneCapacity(nodes),
    });
    expect(given).toEqual(computed);
    expect(computed.hints.allocation).toEqual({ 'zone-a': 2, 'zone-b': 1 });
  });

  it('a given zoneCapacity is used as is (the caller owns keeping it current)', () => {
    const nodes = [node('a1', 'zone-a'), node('b1', 'zone-b')];
    const stale = zoneCapacity([node('a1', 'zone-a')]);
    const out = reconcileEndpointSlices({
      service: auto(),
      pods: [...pods('web-a', 2, 'a1', 1), ...pods('web-b', 2, 'b1', 2)],
      nodes,
      zoneCapacity: stale,
      era: NEWEST,
    });
    expect(out.hints.safeguard).toBe('NodesInOneZone');
  });
});

describe('safeguards of topology-mode: Auto, each with its code and message', () => {
  const twoZones = [node('a1', 'zone-a'), node('b1', 'zone-b')];
  const enough = [...pods('web-a', 3, 'a1', 1), ...pods('web-b', 3, 'b1', 2)];

  function expectRemoved(out: ReturnType<typeof reconcile>, code: string, ...fragments: string[]) {
    expect(out.hints).toMatchObject({ source: 'annotation', hinted: false, safeguard: code });
    expect(out.hints.allocation).toBeUndefined();
    expect(allEndpoints(out.slices).every((ep) => ep.forZones.length === 0 && ep.forNodes.length === 0)).toBe(true);
    expect(out.hints.message).toContain('Hints removed');
    for (const f of fragments) expect(out.hints.message).toContain(f);
  }

  it('the codes are the five documented ones', () => {
    expect(SAFEGUARD_CODES).toEqual([
      'InsufficientNodeInfo',
      'NodesInOneZone',
      'TooFewEndpoints',
      'MinimumAllocationExceedsThreshold',
      'EndpointWithoutZone',
    ]);
  });

  it('InsufficientNodeInfo: a Ready worker node without a zone label, naming it', () => {
    const out = reconcile(auto(), enough, [...twoZones, node('mystery', '')]);
    expectRemoved(out, 'InsufficientNodeInfo', 'mystery (no topology.kubernetes.io/zone label)', 'Insufficient Node information');
  });

  it('InsufficientNodeInfo: a Ready worker node without allocatable CPU', () => {
    const out = reconcile(auto(), enough, [...twoZones, node('tiny', 'zone-b', { milliCPU: 0 })]);
    expectRemoved(out, 'InsufficientNodeInfo', 'tiny (no allocatable CPU)');
  });

  it('InsufficientNodeInfo: no Ready worker node at all', () => {
    const out = reconcile(
      auto(),
      enough,
      twoZones.map((n) => ({ ...n, ready: false })),
    );
    expectRemoved(out, 'InsufficientNodeInfo', 'none of the 2 nodes is a Ready worker node');
  });

  it('not-Ready and control-plane nodes are not checked: without zone labels they trip nothing', () => {
    const out = reconcile(auto(), enough, [...twoZones, node('down', '', { ready: false }), node('cp', '', { controlPlane: true })]);
    expect(out.hints).toMatchObject({ hinted: true, safeguard: null, allocation: { 'zone-a': 3, 'zone-b': 3 } });
  });

  it('a node with the legacy master role label is excluded like a control-plane node', () => {
    const master = node('m', '', { labels: { 'node-role.kubernetes.io/master': '' } });
    expect(reconcile(auto(), enough, [...twoZones, master]).hints).toMatchObject({ hinted: true, safeguard: null });
  });

  it('NodesInOneZone: every Ready worker node in one zone (the zone-b node is not Ready)', () => {
    const out = reconcile(auto(), enough, [node('a1', 'zone-a'), node('a2', 'zone-a'), node('b1', 'zone-b', { ready: false })]);
    expectRemoved(out, 'NodesInOneZone', 'all 2 Ready worker nodes are in zone zone-a', 'at least 2 zones');
  });

  it('TooFewEndpoints: fewer ready endpoints than zones (a not-ready one does not count)', () => {
    const three = [node('a1', 'zone-a'), node('b1', 'zone-b'), node('c1', 'zone-c')];
    const out = reconcile(
      auto(),
      [pod('web-1', 'a1', ['10.0.0.1']), pod('web-2', 'b1', ['10.0.0.2']), pod('web-3', 'c1', ['10.0.0.3'], { ready: false })],
      three,
    );
    // With equal shares, 3 endpoints need ⌈1/1.2⌉ = 1 per zone: 3 is the smallest accepted count.
    expectRemoved(
      out,
      'TooFewEndpoints',
      '2 ready endpoints for 3 zones (zone-a, zone-b, zone-c)',
      'the smallest count it accepts is 3',
      'Insufficient number of endpoints (2 endpoints, 3 zones)',
    );
  });

  it('TooFewEndpoints: a selector matching no pod (placeholder slice) under Auto', () => {
    const out = reconcile(auto(), [], twoZones);
    expectRemoved(out, 'TooFewEndpoints', '0 ready endpoints for 2 zones');
  });

  it('MinimumAllocationExceedsThreshold: 4 endpoints over shares 2/3 and 1/3 need 3 + 2; 5 endpoints work', () => {
    // desired 2.67 / 1.33 → minimum ⌈2.22⌉ = 3 and ⌈1.11⌉ = 2: 5 > 4. With 5: minimum ⌈2.78⌉ + ⌈1.39⌉ = 5 ≤ 5.
    // (3 would pass too — ⌈1.67⌉ + ⌈0.83⌉ = 3 — acceptance is not monotone; the message names the next count up.)
    const uneven = [node('a1', 'zone-a', { milliCPU: 2000 }), node('b1', 'zone-b', { milliCPU: 1000 })];
    const four = [...pods('web-a', 2, 'a1', 1), ...pods('web-b', 2, 'b1', 2)];
    expectRemoved(
      reconcile(auto(), four, uneven),
      'MinimumAllocationExceedsThreshold',
      '3 in zone-a (67% of CPU) + 2 in zone-b (33% of CPU) = 5',
      'more than the 4 there are',
      'the next count the controller accepts is 5',
      'without exceeding overload threshold (4 endpoints, 2 zones)',
    );
    // 5 endpoints (2 in a, 3 in b): desired 3.33 / max(1.67, 2) = 2. Surplus b 1, deficit a 1.33 → web-b1 moves to a.
    const five = reconcile(auto(), [...four, pod('web-b3', 'b1', ['10.0.2.3'])], uneven);
    expect(zoneHints(five.slices)).toEqual({
      'web-a1': ['zone-a'],
      'web-a2': ['zone-a'],
      'web-b1': ['zone-a'],
      'web-b2': ['zone-b'],
      'web-b3': ['zone-b'],
    });
    expect(five.hints.allocation).toEqual({ 'zone-a': 3, 'zone-b': 2 });
    const three = reconcile(auto(), four.slice(0, 3), uneven);
    expect(three.hints).toMatchObject({ hinted: true, allocation: { 'zone-a': 2, 'zone-b': 1 } });
  });

  it('EndpointWithoutZone: a ready pod on a control-plane node without a zone label, naming the endpoint', () => {
    // 7 ready endpoints over 2 equal zones pass the allocation (minimum 3 + 3 ≤ 7), then the zoneless one stops it.
    const cp = node('cp', '', { controlPlane: true });
    const out = reconcile(auto(), [...enough, pod('web-cp', 'cp', ['10.0.9.9'])], [...twoZones, cp]);
    expectRemoved(out, 'EndpointWithoutZone', '10.0.9.9 (pod shop/web-cp on node cp)', 'do not have a zone specified');
  });

  it('a not-ready endpoint without a zone trips nothing', () => {
    const out = reconcile(
      auto(),
      [...enough, pod('web-cp', 'cp', ['10.0.9.9'], { ready: false })],
      [...twoZones, node('cp', '', { controlPlane: true })],
    );
    expect(out.hints).toMatchObject({ hinted: true, safeguard: null });
  });

  it('checks the endpoint count before zones of endpoints: 1 zoneless endpoint for 2 zones is TooFewEndpoints', () => {
    const out = reconcile(auto(), [pod('web-cp', 'cp', ['10.0.9.9'])], [...twoZones, node('cp', '', { controlPlane: true })]);
    expect(out.hints.safeguard).toBe('TooFewEndpoints');
  });

  it('dual-stack: decided per family; the report names the families when they differ', () => {
    // IPv4: 4 ready endpoints, 2 per zone (minimum 2 + 2 ≤ 4) → hinted. IPv6: only web-a1 has an IPv6 address → 1 < 2 zones.
    const svc = service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] }, { annotations: { [MODE]: 'Auto' } });
    const out = reconcile(
      svc,
      [
        pod('web-a1', 'a1', ['10.0.1.1', 'fd00::1']),
        pod('web-a2', 'a1', ['10.0.1.2']),
        pod('web-b1', 'b1', ['10.0.2.1']),
        pod('web-b2', 'b1', ['10.0.2.2']),
      ],
      twoZones,
    );
    const v4 = out.slices.find((s) => s.addressType === 'IPv4')!;
    const v6 = out.slices.find((s) => s.addressType === 'IPv6')!;
    expect(v4.endpoints.map((ep) => ep.forZones)).toEqual([['zone-a'], ['zone-a'], ['zone-b'], ['zone-b']]);
    expect(v6.endpoints.map((ep) => ep.forZones)).toEqual([[]]);
    expect(out.hints).toMatchObject({ hinted: true, safeguard: 'TooFewEndpoints', allocation: { 'zone-a': 2, 'zone-b': 2 } });
    expect(out.hints.message).toMatch(/^IPv4: .* IPv6: .*1 ready endpoint for 2 zones/);
  });
});

describe('which path decides: annotation, trafficDistribution, none', () => {
  const nodes = [node('a1', 'zone-a'), node('a2', 'zone-a'), node('b1', 'zone-b'), node('bare', '')];
  // web-1 a1 ready, web-2 a2 ready, web-3 b1 ready, web-4 b1 not ready, web-5 a1 terminating (serving),
  // web-6 on a node without zone label, ready.
  const mixed = [
    pod('web-1', 'a1', ['10.0.0.1']),
    pod('web-2', 'a2', ['10.0.0.2']),
    pod('web-3', 'b1', ['10.0.0.3']),
    pod('web-4', 'b1', ['10.0.0.4'], { ready: false }),
    pod('web-5', 'a1', ['10.0.0.5'], { terminating: true }),
    pod('web-6', 'bare', ['10.0.0.6']),
  ];
  const forNodes = (out: ReturnType<typeof reconcile>) =>
    Object.fromEntries(allEndpoints(out.slices).map((ep) => [ep.targetPod!.slice(5), ep.forNodes]));
  const noHints = (out: ReturnType<typeof reconcile>) =>
    allEndpoints(out.slices).every((ep) => ep.forZones.length === 0 && ep.forNodes.length === 0);
  const sameZone = { 'web-1': ['zone-a'], 'web-2': ['zone-a'], 'web-3': ['zone-b'], 'web-4': [], 'web-5': [], 'web-6': [] };

  it('PreferClose: each ready endpoint hinted for its own zone, not-ready and terminating ones untouched, whatever the gate', () => {
    for (const gate of [true, false]) {
      const out = reconcile(service({ trafficDistribution: 'PreferClose' }), mixed, nodes, { era: gate ? NEWEST : era(33) });
      expect(zoneHints(out.slices)).toEqual(sameZone);
      expect(Object.values(forNodes(out)).every((n) => n.length === 0)).toBe(true);
      expect(out.hints).toMatchObject({ source: 'trafficDistribution', hinted: true, safeguard: null });
      expect(out.hints.allocation).toBeUndefined();
      for (const f of ['4 ready endpoints', '1 ready endpoint has no zone', 'kube-proxy ignores zone hints', '2 not-ready endpoints'])
        expect(out.hints.message).toContain(f);
    }
  });

  it('PreferSameZone: like PreferClose with the PreferSameTrafficDistribution gate; no hints without it', () => {
    const on = reconcile(service({ trafficDistribution: 'PreferSameZone' }), mixed, nodes);
    expect(zoneHints(on.slices)).toEqual(sameZone);
    const off = reconcile(service({ trafficDistribution: 'PreferSameZone' }), mixed, nodes, { era: era(33) });
    expect(noHints(off)).toBe(true);
    expect(off.hints).toMatchObject({ source: 'trafficDistribution', hinted: false, safeguard: null });
    expect(off.hints.message).toContain('PreferSameTrafficDistribution feature gate');
  });

  it('PreferSameNode with the gate: ready endpoints get their zone and their node; a zoneless one its node only', () => {
    const out = reconcile(service({ trafficDistribution: 'PreferSameNode' }), mixed, nodes);
    expect(zoneHints(out.slices)).toEqual(sameZone);
    expect(forNodes(out)).toEqual({ 'web-1': ['a1'], 'web-2': ['a2'], 'web-3': ['b1'], 'web-4': [], 'web-5': [], 'web-6': ['bare'] });
    expect(out.hints).toMatchObject({ source: 'trafficDistribution', hinted: true });
    expect(out.hints.message).toContain("client's node");
  });

  it('PreferSameNode without the gate: no hints at all', () => {
    const out = reconcile(service({ trafficDistribution: 'PreferSameNode' }), mixed, nodes, { era: era(33) });
    expect(noHints(out)).toBe(true);
    expect(out.hints).toMatchObject({ source: 'trafficDistribution', hinted: false });
  });

  it('trafficDistribution with no ready endpoint writes nothing and says so', () => {
    const out = reconcile(service({ trafficDistribution: 'PreferClose' }), [pod('web-4', 'b1', ['10.0.0.4'], { ready: false })], nodes);
    expect(noHints(out)).toBe(true);
    expect(out.hints).toMatchObject({ hinted: false });
    expect(out.hints.message).toContain('no endpoint is ready');
  });

  it('no annotation and no trafficDistribution: no hints, source none', () => {
    const out = reconcile(service(), mixed, nodes);
    expect(noHints(out)).toBe(true);
    expect(out.hints).toMatchObject({ source: 'none', hinted: false, safeguard: null });
  });

  it('the annotation wins over trafficDistribution, even when a safeguard then removes every hint', () => {
    // The node `bare` is a Ready worker without a zone label → InsufficientNodeInfo, for the whole cluster;
    // PreferClose alone would have hinted web-1…3 (see the first test of this group).
    const out = reconcile(service({ trafficDistribution: 'PreferClose' }, { annotations: { [MODE]: 'Auto' } }), mixed, nodes);
    expect(noHints(out)).toBe(true);
    expect(out.hints).toMatchObject({ source: 'annotation', hinted: false, safeguard: 'InsufficientNodeInfo' });
    expect(out.hints.message).toContain('spec.trafficDistribution PreferClose is ignored while the annotation is on');
  });

  it('the annotation wins over trafficDistribution when it succeeds: the allocation, not same-zone hints', () => {
    // Shares a 2/3 (a1, a2), b 1/3. Ready: web-1, web-2 (a), web-3 (b) → desired 2 / 1, minimum 2 / 1. No moves.
    // PreferSameNode would have added node hints; the heuristic writes zones only.
    const zoned = nodes.filter((n) => n.name !== 'bare');
    const svc = service({ trafficDistribution: 'PreferSameNode' }, { annotations: { [MODE]: 'auto' } });
    const out = reconcile(
      svc,
      mixed.filter((p) => p.name !== 'web-6'),
      zoned,
    );
    expect(zoneHints(out.slices)).toEqual({ 'web-1': ['zone-a'], 'web-2': ['zone-a'], 'web-3': ['zone-b'], 'web-4': [], 'web-5': [] });
    expect(Object.values(forNodes(out)).every((n) => n.length === 0)).toBe(true);
    expect(out.hints).toMatchObject({ source: 'annotation', hinted: true, allocation: { 'zone-a': 2, 'zone-b': 1 } });
  });

  it('the deprecated topology-aware-hints key shadows topology-mode, even saying Disabled', () => {
    const svc = service();
    svc.model.annotations = { [HINTS]: 'Disabled', [MODE]: 'Auto' };
    const zoned = nodes.filter((n) => n.name !== 'bare');
    const out = reconcile(
      svc,
      mixed.filter((p) => p.name !== 'web-6'),
      zoned,
    );
    expect(noHints(out)).toBe(true);
    expect(out.hints).toMatchObject({ source: 'none', hinted: false });
    expect(out.hints.message).toContain(`${MODE}="Auto" is overridden by the older key ${HINTS}="Disabled"`);
    expect(out.hints.ignoredAnnotation).toBe(`${MODE}=Auto`);
  });

  it('the deprecated key alone with `auto` turns the heuristic on', () => {
    const zoned = nodes.filter((n) => n.name !== 'bare');
    const out = reconcile(
      service({}, { annotations: { [HINTS]: 'auto' } }),
      mixed.filter((p) => p.name !== 'web-6'),
      zoned,
    );
    expect(out.hints).toMatchObject({ source: 'annotation', hinted: true });
    expect(out.hints.message).toContain(`${HINTS}=auto`);
  });

  it('any other annotation value (aUto, Disabled) leaves the decision to trafficDistribution', () => {
    for (const value of ['aUto', 'Disabled', 'PreferZone']) {
      const out = reconcile(service({ trafficDistribution: 'PreferClose' }, { annotations: { [MODE]: value } }), mixed, nodes);
      expect(zoneHints(out.slices)).toEqual(sameZone);
      expect(out.hints).toMatchObject({ source: 'trafficDistribution', hinted: true });
      if (value === 'Disabled') {
        // Off on purpose: nothing to warn about.
        expect(out.hints.message).not.toContain(MODE);
        expect(out.hints.ignoredAnnotation).toBeUndefined();
      } else {
        expect(out.hints.message).toContain(`${MODE}=${JSON.stringify(value)} turns nothing on`);
        expect(out.hints.ignoredAnnotation).toBe(`${MODE}=${value}`);
      }
    }
  });
});
