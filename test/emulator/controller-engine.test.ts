// The controller's slices read by the engine exactly as real ones are (host/engine endpointsForPort
// via portRequestFor, then Engine.decide): hints it writes steer kube-proxy's choice as docs/rules.md
// §4 says. Expected endpoint sets are worked out by hand from the hints and §3/§4.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { portRequestFor } from '../../host/engine/request.js';
import { resolveEra } from '../../host/engine/eras.js';
import type { EndpointSliceModel, NodeModel } from '../../host/objects/model.js';
import type { EmuNode, EmuPod, EmuService } from '../../emulator/model/types.js';
import { MODE, node, pod, reconcile, service } from './controller-builders.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const asNode = (n: EmuNode): NodeModel => ({
  name: n.name,
  labels: n.labels,
  zone: n.zone,
  controlPlane: n.controlPlane,
  allocatableMilliCPU: n.milliCPU,
  ready: n.ready,
  unschedulable: n.unschedulable,
  taints: n.taints,
});

function decide(svc: EmuService, slices: readonly EndpointSliceModel[], nodes: readonly EmuNode[], version = '1.35') {
  const request = portRequestFor({ era: resolveEra(version, undefined), service: svc.model, slices });
  return Object.fromEntries(engine.decide(request, nodes.map(asNode)).map((r) => [r.node, r]));
}

const nodes = [
  node('a1', 'zone-a'),
  node('a2', 'zone-a'),
  node('a3', 'zone-a'),
  node('b1', 'zone-b'),
  node('c1', 'zone-c'),
  node('x1', 'zone-x'),
];
const backends: EmuPod[] = [
  pod('web-a1', 'a1', ['10.0.1.1']),
  pod('web-a2', 'a2', ['10.0.1.2']),
  pod('web-b1', 'b1', ['10.0.2.1']),
  pod('web-c1', 'c1', ['10.0.3.1']),
  pod('web-c2', 'c1', ['10.0.3.2'], { ready: false }),
];

describe('the engine reads the controller’s slices', () => {
  it('PreferClose: each zone keeps its traffic; a zone without hinted endpoints uses every ready one', () => {
    const svc = service({ trafficDistribution: 'PreferClose' });
    const { slices } = reconcile(svc, backends, nodes);
    const r = decide(svc, slices, nodes);
    expect(r.a1).toMatchObject({ topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.1.1:8080', '10.0.1.2:8080'] });
    expect(r.b1).toMatchObject({ topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.2.1:8080'] });
    expect(r.c1).toMatchObject({ topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.3.1:8080'] });
    // zone-x: no ready endpoint is hinted for it → no filtering (docs/rules.md §4); not-ready web-c2 is never used.
    expect(r.x1).toMatchObject({
      topologyMode: 'None',
      clusterEndpoints: ['10.0.1.1:8080', '10.0.1.2:8080', '10.0.2.1:8080', '10.0.3.1:8080'],
    });
  });

  it('PreferSameNode: the node’s own endpoint; a node without one falls back to its zone', () => {
    const svc = service({ trafficDistribution: 'PreferSameNode' });
    const { slices } = reconcile(svc, backends, nodes);
    const r = decide(svc, slices, nodes);
    expect(r.a1).toMatchObject({ topologyMode: 'PreferSameNode', clusterEndpoints: ['10.0.1.1:8080'] });
    expect(r.a2).toMatchObject({ topologyMode: 'PreferSameNode', clusterEndpoints: ['10.0.1.2:8080'] });
    expect(r.a3).toMatchObject({ topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.1.1:8080', '10.0.1.2:8080'] });
  });

  it('no hints (no annotation, no field): every node uses every ready endpoint', () => {
    const svc = service();
    const { slices } = reconcile(svc, backends, nodes);
    const r = decide(svc, slices, nodes);
    for (const n of ['a1', 'b1', 'x1'])
      expect(r[n]).toMatchObject({
        topologyMode: 'None',
        clusterEndpoints: ['10.0.1.1:8080', '10.0.1.2:8080', '10.0.2.1:8080', '10.0.3.1:8080'],
      });
  });

  it('topology-mode Auto: zone-c sees the two endpoints left for it, zone-a the twelve allocated to it', () => {
    // Shares 0.6 / 0.3 / 0.1 over 6 / 7 / 7 ready endpoints (worked out in controller-hints.test.ts):
    // web-b1 and web-c1…c5 serve zone-a, web-c6 and web-c7 stay in zone-c.
    const cpu = [
      node('a1', 'zone-a', { milliCPU: 6000 }),
      node('b1', 'zone-b', { milliCPU: 3000 }),
      node('c1', 'zone-c', { milliCPU: 1000 }),
    ];
    const all = [
      ...Array.from({ length: 6 }, (_, i) => pod(`web-a${i + 1}`, 'a1', [`10.0.1.${i + 1}`])),
      ...Array.from({ length: 7 }, (_, i) => pod(`web-b${i + 1}`, 'b1', [`10.0.2.${i + 1}`])),
      ...Array.from({ length: 7 }, (_, i) => pod(`web-c${i + 1}`, 'c1', [`10.0.3.${i + 1}`])),
    ];
    const svc = service({}, { annotations: { [MODE]: 'Auto' } });
    const { slices } = reconcile(svc, all, cpu);
    const r = decide(svc, slices, cpu);
    expect(r.c1!.clusterEndpoints).toEqual(['10.0.3.6:8080', '10.0.3.7:8080']);
    expect(r.b1!.clusterEndpoints).toEqual([
      '10.0.2.2:8080',
      '10.0.2.3:8080',
      '10.0.2.4:8080',
      '10.0.2.5:8080',
      '10.0.2.6:8080',
      '10.0.2.7:8080',
    ]);
    expect(r.a1!.clusterEndpoints).toEqual([
      ...['1', '2', '3', '4', '5', '6'].map((i) => `10.0.1.${i}:8080`),
      '10.0.2.1:8080',
      ...['1', '2', '3', '4', '5'].map((i) => `10.0.3.${i}:8080`),
    ]);
  });

  it('250 endpoints over three slices are one endpoint list; terminating endpoints carry their conditions through', () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      pod(`web-${String(i).padStart(3, '0')}`, 'a1', [`10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`]),
    );
    const svc = service();
    const { slices } = reconcile(svc, many, nodes);
    expect(slices).toHaveLength(3);
    expect(decide(svc, slices, nodes).a1!.clusterEndpoints).toHaveLength(250);

    // Only a terminating (still serving) pod left: Cluster falls back to it (docs/rules.md §3 2c).
    const draining = reconcile(svc, [pod('web-0', 'a1', ['10.0.0.9'], { terminating: true })], nodes);
    expect(decide(svc, draining.slices, nodes).b1).toMatchObject({ clusterEndpoints: ['10.0.0.9:8080'], hasAnyEndpoints: true });
  });

  it('the placeholder slice of a Service without pods means no endpoints: ClusterIP traffic is rejected', () => {
    const svc = service();
    const { slices } = reconcile(svc, [], nodes);
    expect(decide(svc, slices, nodes).a1).toMatchObject({ hasAnyEndpoints: false, internal: { verdict: 'reject' } });
  });
});
