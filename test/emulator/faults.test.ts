// Faults on the fake clock, expected results derived by hand from docs/rules.md: terminating
// fallback while a pod drains (§3.2c, §10), zones going down, drains and scaling with replacements,
// and a Service patched mid-run.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate, type Step } from '../../emulator/index.js';
import { daemonSet, deployment, node, pod, service, slice, traffic } from './objects.js';

const engine = await loadEngine();

const verdicts = (step: Step) =>
  step.flows.map((f) => `${f.from.pod ?? f.from.node}:${f.verdict}:${f.endpoints.map((e) => e.endpoint).join(',')}`);

describe('terminatePod: serving and terminating until the grace period ends, then gone', () => {
  const cluster = [
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    pod('cart-1', 'node-a', '10.0.1.5', { labels: { app: 'cart' }, grace: 30 }),
    pod('web-a', 'node-a', '10.0.1.11', { labels: { app: 'web' } }),
    pod('web-b', 'node-b', '10.0.2.11', { labels: { app: 'web' } }),
  ];
  const events = [{ at: '60s', terminatePod: { pod: 'shop/cart-1' } }];
  const webFlows = [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' } }];

  it('ITP=Cluster: both clients fall back to the terminating endpoint, then get REJECT (§3.2c, §6, §10)', () => {
    const report = simulate(engine, [...cluster, service('cart'), traffic({ flows: webFlows, events })]);
    const steps = report.steps!;
    expect(steps.map((s) => [s.atMs, s.at])).toEqual([
      [0, '0s'],
      [60_000, '60s'],
      [90_000, '1m30s'],
    ]);
    expect(verdicts(steps[0]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:route:10.0.1.5:8080']);
    expect(steps[1]!.events).toEqual(['pod shop/cart-1 terminating (grace period 30s)']);
    // No Ready endpoint left: clusterEndpoints falls back to serving+terminating ones.
    expect(verdicts(steps[1]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:route:10.0.1.5:8080']);
    expect(steps[2]!.events).toEqual(['pod shop/cart-1 gone (grace period ended)']);
    expect(verdicts(steps[2]!)).toEqual(['shop/web-a:reject:', 'shop/web-b:reject:']);
    // The top-level figures are the initial state's.
    expect(report.flows).toEqual(steps[0]!.flows);
  });

  it("ITP=Local: the client on the pod's node keeps it while it terminates, the other one drops (§10)", () => {
    const report = simulate(engine, [...cluster, service('cart', { itp: 'Local' }), traffic({ flows: webFlows, events })]);
    expect(verdicts(report.steps![1]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:drop:']);
    expect(verdicts(report.steps![2]!)).toEqual(['shop/web-a:reject:', 'shop/web-b:reject:']);
  });

  it("ETP=Local: external traffic through the pod's node still reaches the terminating pod (§3 step 5, §10)", () => {
    const report = simulate(engine, [
      ...cluster,
      service('cart', { type: 'NodePort', etp: 'Local' }),
      traffic({
        flows: [
          { from: { external: true, node: 'node-a' }, to: { service: 'shop/cart' } },
          { from: { external: true, node: 'node-b' }, to: { service: 'shop/cart' } },
        ],
        events: [{ at: '10s', terminatePod: { pod: 'shop/cart-1', gracePeriodSeconds: 5 } }],
      }),
    ]);
    const step = report.steps![1]!;
    expect(step.events).toEqual(['pod shop/cart-1 terminating (grace period 5s)']);
    expect(verdicts(step)).toEqual(['node-a:route:10.0.1.5:8080', 'node-b:drop:']);
    expect(report.steps![2]!.atMs).toBe(15_000);
  });
});

describe('zoneDown', () => {
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  const objects = (policy: { trafficDistribution?: string }) => [
    ...zones.map((z) => node(`node-${z}`, z)),
    ...zones.flatMap((z, i) => [
      pod(`cart-${z}`, `node-${z}`, `10.0.${i}.5`, { labels: { app: 'cart' } }),
      pod(`web-${z}`, `node-${z}`, `10.0.${i}.11`, { labels: { app: 'web' } }),
    ]),
    service('cart', policy),
    traffic({
      flows: [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' }, bytesPerRequest: 300 }],
      events: [{ at: '2m', zoneDown: { zone: 'zone-a' } }],
    }),
  ];

  it("Cluster: the zone's clients stop sending, the others spread over the two zones left", () => {
    const report = simulate(engine, objects({}));
    const [before, after] = report.steps!;
    expect(before!.summary.flows).toBe(3);
    expect(after!.events).toEqual(['node node-zone-a NotReady (down)']);
    // zone-a's pods are not Ready: their endpoint is neither Ready nor serving (§2), so unused.
    expect(verdicts(after!)).toEqual([
      'shop/web-zone-b:route:10.0.1.5:8080,10.0.2.5:8080',
      'shop/web-zone-c:route:10.0.1.5:8080,10.0.2.5:8080',
    ]);
    // Each client: 300 B/s, half on its own node, half across zones.
    expect(after!.summary.bytesPerSecond).toEqual({ sameNode: 300, sameZone: 0, crossZone: 300 });
  });

  it('PreferSameZone: the zones left keep their traffic at home', () => {
    const report = simulate(engine, objects({ trafficDistribution: 'PreferSameZone' }));
    const after = report.steps![1]!;
    expect(verdicts(after)).toEqual(['shop/web-zone-b:route:10.0.1.5:8080', 'shop/web-zone-c:route:10.0.2.5:8080']);
    expect(after.summary.bytesPerSecond.crossZone).toBe(0);
  });
});

describe('drain and scale: Deployments replace their pods (model/schedule.ts placement rule)', () => {
  it("drain terminates the node's pods, a replacement starts on the other node, the old pod drains then goes", () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-a'),
      deployment('cart', 2, { grace: 20 }),
      pod('web', 'node-b', '10.9.0.1', { labels: { app: 'web' } }),
      service('cart'),
      traffic({ flows: [{ from: { pod: 'shop/web' }, to: { service: 'shop/cart' } }], events: [{ at: '10s', drain: { node: 'node-a' } }] }),
    ]);
    const [start, drained, gone] = report.steps!;
    // Placement: one zone, fewest pods per node, ties by name: cart-0 on node-a, cart-1 on node-b.
    expect(start!.flows[0]!.endpoints.map((e) => [e.pod, e.node, e.share])).toEqual([
      ['shop/cart-0', 'node-a', 0.5],
      ['shop/cart-1', 'node-b', 0.5],
    ]);
    expect(drained!.events).toEqual([
      'drain node node-a: cordoned',
      'drain node node-a: pod shop/cart-0 terminating (grace period 20s)',
      'Deployment shop/cart: pod shop/cart-2 created on node-b',
    ]);
    // cart-0 is terminating: not Ready, so unused while Ready endpoints exist (§3.2b).
    expect(drained!.flows[0]!.endpoints.map((e) => [e.pod, e.node, e.share])).toEqual([
      ['shop/cart-1', 'node-b', 0.5],
      ['shop/cart-2', 'node-b', 0.5],
    ]);
    expect(drained!.summary.bytesPerSecond).toEqual({ sameNode: 1024, sameZone: 0, crossZone: 0 });
    expect(gone!.atMs).toBe(30_000);
    expect(gone!.events).toEqual(['pod shop/cart-0 gone (grace period ended)']);
  });

  it('scale down terminates the newest pods; scale up spreads new ones over the zones', () => {
    const report = simulate(engine, [
      node('a-1', 'zone-a'),
      node('a-2', 'zone-a'),
      node('b-1', 'zone-b'),
      deployment('cart', 3, { grace: 0 }),
      service('cart'),
      traffic({
        flows: [{ from: { node: 'b-1' }, to: { service: 'shop/cart' } }],
        events: [
          { at: '1m', scale: { deployment: 'shop/cart', replicas: 1 } },
          { at: '2m', scale: { deployment: 'shop/cart', replicas: 4 } },
        ],
      }),
    ]);
    const pods = (s: Step) => s.flows[0]!.endpoints.map((e) => `${e.pod}@${e.node}`).sort();
    // Zone with fewest pods first (ties by zone name), then node with fewest (ties by name): a-1, b-1, a-2.
    expect(pods(report.steps![0]!)).toEqual(['shop/cart-0@a-1', 'shop/cart-1@b-1', 'shop/cart-2@a-2']);
    expect(report.steps![1]!.events).toEqual([
      'scale Deployment shop/cart from 3 to 1 replicas',
      'Deployment shop/cart: pod shop/cart-2 deleted',
      'Deployment shop/cart: pod shop/cart-1 deleted',
    ]);
    expect(pods(report.steps![1]!)).toEqual(['shop/cart-0@a-1']);
    // Up to 4 with cart-0 on a-1: zone-b (0) gets cart-3 on b-1, then zone-a (1) vs zone-b (1) → zone-a, a-2; then zone-b.
    expect(pods(report.steps![2]!)).toEqual(['shop/cart-0@a-1', 'shop/cart-3@b-1', 'shop/cart-4@a-2', 'shop/cart-5@b-1']);
  });
});

describe('patch a Service mid-run', () => {
  it('switching internalTrafficPolicy to Local drops the client on the node without an endpoint from that step on', () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      pod('cart', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
      pod('web-a', 'node-a', '10.0.1.11', { labels: { app: 'web' } }),
      pod('web-b', 'node-b', '10.0.2.11', { labels: { app: 'web' } }),
      service('cart'),
      traffic({
        flows: [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' } }],
        events: [{ at: '30s', patch: { service: 'shop/cart', spec: { internalTrafficPolicy: 'Local' } } }],
      }),
    ]);
    expect(verdicts(report.steps![0]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:route:10.0.1.5:8080']);
    expect(report.steps![1]!.events).toEqual(['patch Service shop/cart: {"spec":{"internalTrafficPolicy":"Local"}}']);
    expect(verdicts(report.steps![1]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:drop:']);
  });

  it('a __proto__ key in a patch is a field of that name, not the prototype of spec: the policy stays Cluster', () => {
    const patch = JSON.parse('{"service": "shop/cart", "spec": {"__proto__": {"internalTrafficPolicy": "Local"}}}') as unknown;
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      pod('cart', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
      pod('web-a', 'node-a', '10.0.1.11', { labels: { app: 'web' } }),
      pod('web-b', 'node-b', '10.0.2.11', { labels: { app: 'web' } }),
      service('cart'),
      traffic({
        flows: [{ from: { namespace: 'shop', selector: { app: 'web' } }, to: { service: 'shop/cart' } }],
        events: [{ at: '30s', patch }],
      }),
    ]);
    expect(verdicts(report.steps![1]!)).toEqual(['shop/web-a:route:10.0.1.5:8080', 'shop/web-b:route:10.0.1.5:8080']);
  });

  it('an invalid patch is a Status naming the event and the field', () => {
    const run = () =>
      simulate(engine, [
        node('node-a', 'zone-a'),
        service('cart'),
        traffic({ events: [{ at: '30s', patch: { service: 'shop/cart', spec: { internalTrafficPolicy: 'local' } } }] }),
      ]);
    expect(run).toThrow(/spec\.events\[0\].*internalTrafficPolicy: Unsupported value: "local"/);
    try {
      run();
    } catch (e) {
      expect((e as { status: { details: { causes: { field: string }[] } } }).status.details.causes[0]!.field).toBe(
        'spec.events[0].patch.spec.internalTrafficPolicy',
      );
    }
  });
});

describe('a dump of Services and EndpointSlices only', () => {
  it('terminatePod acts on the pod inferred from its endpoint: the fallback, then REJECT', () => {
    const report = simulate(engine, [
      service('cart'),
      slice('cart-x1', 'cart', [{ ip: '10.0.1.5', node: 'worker-1', zone: 'zone-a', pod: 'cart-1' }]),
      traffic({
        flows: [{ from: { node: 'worker-1' }, to: { service: 'shop/cart' } }],
        events: [{ at: '5s', terminatePod: { pod: 'shop/cart-1', gracePeriodSeconds: 10 } }],
      }),
    ]);
    expect(report.steps!.map((s) => verdicts(s))).toEqual([
      ['worker-1:route:10.0.1.5:8080'],
      ['worker-1:route:10.0.1.5:8080'],
      ['worker-1:reject:'],
    ]);
    expect(report.warnings!.map((w) => w.code)).toEqual(expect.arrayContaining(['InferredNode', 'InferredPods', 'SlicesRegenerated']));
  });
});

describe('hint reports per step', () => {
  it("a step carries the controller's hint reports when they changed", () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b'),
      pod('cart-a', 'node-a', '10.0.1.5', { labels: { app: 'cart' } }),
      pod('cart-b', 'node-b', '10.0.2.5', { labels: { app: 'cart' } }),
      service('cart'),
      traffic({
        events: [
          { at: '30s', patch: { service: 'shop/cart', spec: { trafficDistribution: 'PreferClose' } } },
          { at: '60s', cordon: { node: 'node-a' } },
        ],
      }),
    ]);
    const [start, patched, cordoned] = report.steps!;
    expect(start!.hints).toBeUndefined();
    expect(patched!.hints).toEqual([expect.objectContaining({ service: 'shop/cart', source: 'trafficDistribution', hinted: true })]);
    expect(cordoned!.hints).toBeUndefined();
    // After the patch each node's kube-proxy prefers its own zone's endpoint (§4).
    expect(verdicts(patched!)).toEqual(['node-a:route:10.0.1.5:8080', 'node-b:route:10.0.2.5:8080']);
  });
});

describe('DaemonSet pods on the clock', () => {
  it('a terminated daemon pod is replaced on its node only once it is gone; meanwhile ITP=Local falls back to it', () => {
    const report = simulate(engine, [
      node('node-a', 'zone-a'),
      daemonSet('agent'),
      service('agent', { itp: 'Local' }),
      traffic({
        flows: [{ from: { node: 'node-a' }, to: { service: 'shop/agent' } }],
        events: [{ at: '5s', terminatePod: { pod: 'shop/agent-node-a', gracePeriodSeconds: 10 } }],
      }),
    ]);
    const [start, terminating, replaced] = report.steps!;
    expect(verdicts(start!)).toEqual(['node-a:route:10.128.0.2:8080']);
    expect(terminating!.events).toEqual(['pod shop/agent-node-a terminating (grace period 10s)']);
    expect(verdicts(terminating!)).toEqual(['node-a:route:10.128.0.2:8080']);
    expect(replaced!.events).toEqual([
      'pod shop/agent-node-a gone (grace period ended)',
      'DaemonSet shop/agent: pod shop/agent-node-a created on node-a',
    ]);
    expect(verdicts(replaced!)).toEqual(['node-a:route:10.128.0.3:8080']);
  });
});
