// The EndpointSlice controller's slices (docs/rules.md §5, §2 "Background (EP)"): which pods become
// endpoints, their conditions and topology, ports, slice layout, families and names. Expected
// values come from the controller's documented behaviour (ESL reconciler/utils), not from runs.
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../host/objects/status.js';
import { allEndpoints, endpointOf, HTTP_PORT, node, pod, reconcile, service } from './controller-builders.js';

const nodes = [node('node-a', 'zone-a'), node('node-b', 'zone-b')];
const podNames = (out: ReturnType<typeof reconcile>) => allEndpoints(out.slices).map((ep) => ep.targetPod);

describe('pod selection', () => {
  it('selects pods of the Service namespace whose labels match every selector label', () => {
    const svc = service({ selector: { app: 'web', tier: 'front' } });
    const out = reconcile(
      svc,
      [
        pod('match', 'node-a', ['10.0.0.1'], { labels: { app: 'web', tier: 'front', extra: 'x' } }),
        pod('partial', 'node-a', ['10.0.0.2'], { labels: { app: 'web' } }),
        pod('other-ns', 'node-a', ['10.0.0.3'], { namespace: 'other', labels: { app: 'web', tier: 'front' } }),
        pod('wrong-value', 'node-a', ['10.0.0.4'], { labels: { app: 'web', tier: 'back' } }),
      ],
      nodes,
    );
    expect(podNames(out)).toEqual(['shop/match']);
  });

  it('skips terminal pods (Succeeded, Failed) and pods without an IP; keeps Pending and Unknown pods that have one', () => {
    const out = reconcile(
      service(),
      [
        pod('done', 'node-a', ['10.0.0.1'], { phase: 'Succeeded', ready: false }),
        pod('failed', 'node-a', ['10.0.0.2'], { phase: 'Failed', ready: false }),
        pod('no-ip', 'node-a', []),
        pod('pending', 'node-a', ['10.0.0.4'], { phase: 'Pending', ready: false }),
        pod('unknown', 'node-a', ['10.0.0.5'], { phase: 'Unknown', ready: false }),
      ],
      nodes,
    );
    expect(podNames(out)).toEqual(['shop/pending', 'shop/unknown']);
  });

  it('skips a pod whose node is unknown or unset, unless publishNotReadyAddresses publishes it (without zone)', () => {
    const pods = [pod('lost', 'node-gone', ['10.0.0.1']), pod('unplaced', null, ['10.0.0.2']), pod('ok', 'node-b', ['10.0.0.3'])];
    expect(podNames(reconcile(service(), pods, nodes))).toEqual(['shop/ok']);

    const published = reconcile(service({ publishNotReadyAddresses: true }), pods, nodes);
    expect(podNames(published)).toEqual(['shop/lost', 'shop/ok', 'shop/unplaced']);
    expect(endpointOf(published.slices, 'lost')).toMatchObject({ nodeName: 'node-gone', zone: null });
    expect(endpointOf(published.slices, 'unplaced')).toMatchObject({ nodeName: null, zone: null });
  });

  it('orders endpoints by pod namespace/name whatever the input order', () => {
    const pods = [pod('web-c', 'node-a', ['10.0.0.3']), pod('web-a', 'node-b', ['10.0.0.1']), pod('web-b', 'node-a', ['10.0.0.2'])];
    const forward = reconcile(service(), pods, nodes);
    const reversed = reconcile(service(), [...pods].reverse(), [...nodes].reverse());
    expect(podNames(forward)).toEqual(['shop/web-a', 'shop/web-b', 'shop/web-c']);
    expect(reversed).toEqual(forward);
  });
});

describe('endpoint conditions and topology from pod state', () => {
  // [ready, serving, terminating] per pod state: ready = Ready && !terminating (or publishNotReadyAddresses),
  // serving = Ready, terminating = deletionTimestamp set.
  const states = [
    { name: 'ready', pod: { ready: true, terminating: false }, expected: { ready: true, serving: true, terminating: false } },
    { name: 'not-ready', pod: { ready: false, terminating: false }, expected: { ready: false, serving: false, terminating: false } },
    { name: 'terminating-ready', pod: { ready: true, terminating: true }, expected: { ready: false, serving: true, terminating: true } },
    {
      name: 'terminating-not-ready',
      pod: { ready: false, terminating: true },
      expected: { ready: false, serving: false, terminating: true },
    },
  ];

  for (const state of states) {
    it(`${state.name} pod → ready=${state.expected.ready} serving=${state.expected.serving} terminating=${state.expected.terminating}`, () => {
      const out = reconcile(service(), [pod('web-1', 'node-a', ['10.0.0.1'], state.pod)], nodes);
      expect(endpointOf(out.slices, 'web-1').conditions).toEqual(state.expected);
    });
  }

  it('publishNotReadyAddresses makes every published endpoint ready; serving and terminating still follow the pod', () => {
    const out = reconcile(
      service({ publishNotReadyAddresses: true }),
      [
        pod('not-ready', 'node-a', ['10.0.0.1'], { ready: false }),
        pod('terminating', 'node-a', ['10.0.0.2'], { ready: false, terminating: true }),
      ],
      nodes,
    );
    expect(endpointOf(out.slices, 'not-ready').conditions).toEqual({ ready: true, serving: false, terminating: false });
    expect(endpointOf(out.slices, 'terminating').conditions).toEqual({ ready: true, serving: false, terminating: true });
  });

  it('sets nodeName, the zone from the node label (null when the node has none), targetRef and the address', () => {
    const out = reconcile(
      service(),
      [pod('web-1', 'node-b', ['10.0.0.7']), pod('web-2', 'bare', ['10.0.0.8'])],
      [...nodes, node('bare', '')],
    );
    expect(endpointOf(out.slices, 'web-1')).toEqual({
      addresses: ['10.0.0.7'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'node-b',
      zone: 'zone-b',
      forZones: [],
      forNodes: [],
      targetPod: 'shop/web-1',
    });
    expect(endpointOf(out.slices, 'web-2')).toMatchObject({ nodeName: 'bare', zone: null });
  });
});

describe('ports', () => {
  it('names each slice port after the Service port, with its protocol and the resolved target port', () => {
    const svc = service({
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 },
      ],
    });
    const out = reconcile(svc, [pod('web-1', 'node-a', ['10.0.0.1'])], nodes);
    expect(out.slices).toHaveLength(1);
    expect(out.slices[0]!.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'dns', port: 5353, protocol: 'UDP' },
    ]);
  });

  it('an unnamed single port keeps the empty name and a numeric targetPort defaults to the port', () => {
    const out = reconcile(service({ ports: [{ port: 8443 }] }), [pod('web-1', 'node-a', ['10.0.0.1'])], nodes);
    expect(out.slices[0]!.ports).toEqual([{ name: '', port: 8443, protocol: 'TCP' }]);
  });

  it('pods resolving a named targetPort differently, or not at all, get separate slices per port set', () => {
    const svc = service({
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, targetPort: 'metrics' },
      ],
    });
    const metrics = { name: 'metrics', containerPort: 9100, protocol: 'TCP' as const };
    const out = reconcile(
      svc,
      [
        pod('v1-a', 'node-a', ['10.0.0.1'], { containerPorts: [HTTP_PORT, metrics] }),
        pod('v1-b', 'node-b', ['10.0.0.2'], { containerPorts: [HTTP_PORT, metrics] }),
        pod('v2', 'node-a', ['10.0.0.3'], { containerPorts: [{ name: 'http', containerPort: 8081, protocol: 'TCP' }, metrics] }),
        pod('no-metrics', 'node-b', ['10.0.0.4'], { containerPorts: [HTTP_PORT] }),
        // A same-named container port of another protocol does not match (findPort checks both).
        pod('udp-http', 'node-b', ['10.0.0.5'], { containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }, metrics] }),
      ],
      nodes,
    );
    const layout = out.slices.map((s) => ({
      ports: s.ports.map((p) => `${p.name}:${p.port}`),
      pods: s.endpoints.map((ep) => ep.targetPod),
    }));
    expect(layout).toHaveLength(4);
    expect(layout).toEqual(
      expect.arrayContaining([
        { ports: ['http:8080', 'metrics:9100'], pods: ['shop/v1-a', 'shop/v1-b'] },
        { ports: ['http:8081', 'metrics:9100'], pods: ['shop/v2'] },
        { ports: ['http:8080'], pods: ['shop/no-metrics'] },
        { ports: ['metrics:9100'], pods: ['shop/udp-http'] },
      ]),
    );
  });

  it('a pod that resolves none of the ports is still an endpoint, in a slice without ports', () => {
    const out = reconcile(service(), [pod('bare', 'node-a', ['10.0.0.1'], { containerPorts: [] })], nodes);
    expect(out.slices).toHaveLength(1);
    expect(out.slices[0]!.ports).toEqual([]);
    expect(out.slices[0]!.endpoints.map((ep) => ep.targetPod)).toEqual(['shop/bare']);
  });
});

describe('slice layout, families and names', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      pod(`web-${String(i).padStart(3, '0')}`, i % 2 ? 'node-b' : 'node-a', [`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`]),
    );

  it('splits 250 endpoints into slices of 100, 100 and 50, named <service>-<n> and sorted by name', () => {
    const out = reconcile(service(), many(250), nodes);
    expect(out.slices.map((s) => [s.name, s.endpoints.length])).toEqual([
      ['web-1', 100],
      ['web-2', 100],
      ['web-3', 50],
    ]);
    expect(out.slices[0]!.endpoints[0]!.targetPod).toBe('shop/web-000');
    expect(out.slices[1]!.endpoints[0]!.targetPod).toBe('shop/web-100');
    expect(out.slices[2]!.endpoints[49]!.targetPod).toBe('shop/web-249');
    for (const slice of out.slices) expect(slice).toMatchObject({ namespace: 'shop', serviceName: 'web', addressType: 'IPv4' });
  });

  it('exactly 100 endpoints fit one slice; 101 need two', () => {
    expect(reconcile(service(), many(100), nodes).slices.map((s) => s.endpoints.length)).toEqual([100]);
    expect(reconcile(service(), many(101), nodes).slices.map((s) => s.endpoints.length)).toEqual([100, 1]);
  });

  it('honours maxEndpointsPerSlice and sorts names as strings (web-10 before web-2)', () => {
    const out = reconcile(service(), many(10), nodes, { maxEndpointsPerSlice: 1 });
    expect(out.slices.map((s) => s.name)).toEqual([
      'web-1',
      'web-10',
      'web-2',
      'web-3',
      'web-4',
      'web-5',
      'web-6',
      'web-7',
      'web-8',
      'web-9',
    ]);
    expect(out.slices.find((s) => s.name === 'web-10')!.endpoints[0]!.targetPod).toBe('shop/web-009');
  });

  it('refuses a maxEndpointsPerSlice outside 1–1000 with a Status naming the field', () => {
    for (const bad of [0, 1001, 2.5]) {
      let error: unknown;
      try {
        reconcile(service(), many(1), nodes, { maxEndpointsPerSlice: bad });
      } catch (e) {
        error = e;
      }
      expect(isStatusError(error)).toBe(true);
      if (!isStatusError(error)) continue;
      expect(error.status.code).toBe(400);
      expect(error.status.details?.causes?.[0]).toMatchObject({ field: 'maxEndpointsPerSlice', reason: 'FieldValueInvalid' });
    }
  });

  it('dual-stack: one set of slices per family in spec.ipFamilies order, each with that family’s address', () => {
    const svc = service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'] });
    const out = reconcile(
      svc,
      [pod('dual', 'node-a', ['10.0.0.1', 'fd00::1']), pod('v4-only', 'node-b', ['10.0.0.2']), pod('v6-only', 'node-b', ['fd00::3'])],
      nodes,
    );
    // IPv6 is the first family, so its slice is web-1.
    expect(out.slices.map((s) => [s.name, s.addressType, s.endpoints.map((ep) => [ep.targetPod, ep.addresses])])).toEqual([
      [
        'web-1',
        'IPv6',
        [
          ['shop/dual', ['fd00::1']],
          ['shop/v6-only', ['fd00::3']],
        ],
      ],
      [
        'web-2',
        'IPv4',
        [
          ['shop/dual', ['10.0.0.1']],
          ['shop/v4-only', ['10.0.0.2']],
        ],
      ],
    ]);
  });

  it('a single-stack IPv4 Service ignores pods’ IPv6 addresses', () => {
    const out = reconcile(service(), [pod('dual', 'node-a', ['fd00::1', '10.0.0.1'])], nodes);
    expect(out.slices.map((s) => [s.addressType, s.endpoints[0]!.addresses])).toEqual([['IPv4', ['10.0.0.1']]]);
  });

  it('a selector matching no pod still gets one empty placeholder slice per family', () => {
    const svc = service({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
    const out = reconcile(svc, [], nodes);
    expect(out.slices).toEqual([
      { namespace: 'shop', name: 'web-1', serviceName: 'web', addressType: 'IPv4', ports: [], endpoints: [] },
      { namespace: 'shop', name: 'web-2', serviceName: 'web', addressType: 'IPv6', ports: [], endpoints: [] },
    ]);
  });

  it('a Service without a selector (or with an empty one) gets no slices, and the report says why', () => {
    for (const svc of [service({ selector: undefined }), service({ selector: {} })]) {
      const out = reconcile(svc, [pod('web-1', 'node-a', ['10.0.0.1'])], nodes);
      expect(out.slices).toEqual([]);
      expect(out.hints).toMatchObject({ service: 'shop/web', source: 'none', hinted: false, safeguard: null });
      expect(out.hints.message).toContain('no selector');
    }
  });

  it('an ExternalName Service gets no slices', () => {
    const svc = service({ type: 'ExternalName', externalName: 'db.example.com', ports: undefined });
    const out = reconcile(svc, [pod('web-1', 'node-a', ['10.0.0.1'])], nodes);
    expect(out.slices).toEqual([]);
    expect(out.hints.message).toContain('ExternalName');
  });
});
