// Ingest: objects → the emulated cluster. Placement follows the rule documented in
// emulator/model/schedule.ts; missing optional fields are defaulted with a warning; an invalid
// object is a Status naming the object and its field.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { statusOf } from '../objects/helpers.js';
import { Emulation, simulate } from '../../emulator/index.js';
import { daemonSet, deployment, node, pod, service, slice } from './objects.js';

const engine = await loadEngine();

describe('DaemonSets and Deployments become pods on nodes', () => {
  const nodes = [
    node('a-1', 'zone-a'),
    node('a-2', 'zone-a', { unschedulable: true }),
    node('b-1', 'zone-b', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    node('b-2', 'zone-b', { ready: false }),
    node('c-1', 'zone-c', { labels: { disk: 'ssd' } }),
  ];

  it('a DaemonSet runs on every node whose taints it tolerates, cordoned and NotReady ones included', () => {
    const e = new Emulation(engine, [...nodes, daemonSet('agent')]);
    expect(e.cluster.pods().map((p) => `${p.name}@${p.nodeName}:${p.ready ? 'ready' : 'unready'}`)).toEqual([
      'agent-a-1@a-1:ready',
      'agent-a-2@a-2:ready',
      'agent-b-2@b-2:unready',
      'agent-c-1@c-1:ready',
    ]);
    const tolerant = new Emulation(engine, [...nodes, daemonSet('agent', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] })]);
    expect(tolerant.cluster.pods().map((p) => p.nodeName)).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1']);
    const selective = new Emulation(engine, [...nodes, daemonSet('agent', { nodeSelector: { disk: 'ssd' } })]);
    expect(selective.cluster.pods().map((p) => p.nodeName)).toEqual(['c-1']);
  });

  it('a Deployment skips cordoned, NotReady and tainted nodes and spreads zone by zone', () => {
    const e = new Emulation(engine, [...nodes, deployment('web', 4)]);
    // Eligible: a-1 (zone-a) and c-1 (zone-c). Zones in turn by fewest pods, ties by name: a, c, a, c.
    expect(e.cluster.pods().map((p) => `${p.name}@${p.nodeName}`)).toEqual(['web-0@a-1', 'web-1@c-1', 'web-2@a-1', 'web-3@c-1']);
  });

  it("gives pods addresses from the node's pod range, host-network pods the node's address", () => {
    const withRange = {
      ...node('a-1', 'zone-a'),
      spec: { podCIDR: '10.244.7.0/24' },
      status: { ...node('a-1', 'zone-a').status, addresses: [{ type: 'InternalIP', address: '192.168.1.10' }] },
    };
    const e = new Emulation(engine, [withRange, deployment('web', 2), daemonSet('agent', { hostNetwork: true })]);
    expect(e.cluster.pods().map((p) => [p.name, p.ips])).toEqual([
      ['agent-a-1', ['192.168.1.10']],
      ['web-0', ['10.244.7.2']],
      ['web-1', ['10.244.7.3']],
    ]);
  });

  it('leaves a pod no node can run Pending, with a warning', () => {
    const report = simulate(engine, [node('a-1', 'zone-a', { unschedulable: true }), deployment('web', 1)]);
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'UnschedulablePod', object: 'Pod shop/web-0' }));
    expect(report.summary.flows).toBe(0);
  });
});

describe('dumps with parts missing', () => {
  it('infers the Nodes and the Pods of a `kubectl get svc,endpointslices` dump, with warnings', () => {
    const e = new Emulation(engine, [
      service('cart'),
      slice('cart-abc', 'cart', [
        { ip: '10.0.1.5', node: 'worker-1', zone: 'eu-1a', pod: 'cart-1' },
        { ip: '10.0.2.5', node: 'worker-2', zone: 'eu-1b', pod: 'cart-2', ready: false, serving: true, terminating: true },
      ]),
    ]);
    expect(e.cluster.nodes.map((n) => [n.name, n.zone])).toEqual([
      ['worker-1', 'eu-1a'],
      ['worker-2', 'eu-1b'],
    ]);
    expect(e.cluster.pods().map((p) => [p.key, p.nodeName, p.ips, p.ready, p.terminating])).toEqual([
      ['shop/cart-1', 'worker-1', ['10.0.1.5'], true, false],
      ['shop/cart-2', 'worker-2', ['10.0.2.5'], true, true],
    ]);
    // The inferred pods carry the Service's selector, so the controller finds them after a fault.
    expect(e.cluster.podsOfService(e.cluster.service('shop/cart')!.model).map((p) => p.key)).toEqual(['shop/cart-1', 'shop/cart-2']);
    const codes = e.warnings.list().map((w) => w.code);
    expect(codes).toContain('InferredNode');
    expect(codes).toContain('InferredPods');
    // Until an event touches the Service, its slices are the input's.
    expect(e.slices.source('shop/cart')).toBe('given');
  });

  it('defaults a Node without allocatable CPU or Ready condition, and says so', () => {
    const bare = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare', labels: { 'topology.kubernetes.io/zone': 'z' } } };
    const e = new Emulation(engine, [bare]);
    expect(e.cluster.nodes[0]).toMatchObject({ name: 'bare', zone: 'z', milliCPU: 4000, ready: true });
    expect(e.warnings.list().map((w) => [w.code, w.object])).toEqual([
      ['DefaultedNodeCPU', 'Node bare'],
      ['DefaultedNodeReady', 'Node bare'],
    ]);
  });

  it('folds thousands of identical warnings into a few entries and a count', () => {
    const bare = Array.from({ length: 25 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `n-${i}` },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    }));
    const list = new Emulation(engine, bare).warnings.list();
    expect(list.filter((w) => w.code === 'DefaultedNodeCPU')).toHaveLength(11);
    expect(list.at(-1)).toMatchObject({ code: 'DefaultedNodeCPU', object: '15 more' });
  });

  it('runs a Pod manifest without status: placed, Running, Ready, addressed', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'cli', namespace: 'shop', labels: { app: 'cli' } },
      spec: { containers: [{ name: 'c' }] },
    };
    const e = new Emulation(engine, [node('a-1', 'zone-a'), node('a-2', 'zone-a'), pod('busy', 'a-1', '10.1.0.9'), manifest]);
    expect(e.cluster.pod('shop/cli')).toMatchObject({ nodeName: 'a-2', phase: 'Running', ready: true });
    expect(e.cluster.pod('shop/cli')!.ips).toHaveLength(1);
  });

  it('sets aside kinds it does not read and legacy Endpoints, with warnings', () => {
    const docs = parseDocuments(`
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: { name: c }
- apiVersion: v1
  kind: Endpoints
  metadata: { name: e }
`);
    const codes = new Emulation(engine, docs).warnings.list().map((w) => w.code);
    expect(codes).toEqual(['LegacyEndpointsIgnored', 'KindIgnored']);
  });
});

describe('invalid objects are Status errors naming the object and the field', () => {
  it('a Pod with a bad address', () => {
    const status = statusOf(() => simulate(engine, [node('a', 'z'), pod('web', 'a', '10.0.0.300')]));
    expect(status.reason).toBe('Invalid');
    expect(status.message).toMatch(/^objects\[1\] \(Pod shop\/web\): Pod "web" is invalid: status\.podIP: Invalid value: "10\.0\.0\.300"/);
    expect(status.details!.causes![0]!.field).toBe('status.podIP');
  });

  it('a Deployment whose selector does not match its template', () => {
    const bad = deployment('web', 1);
    bad.spec.selector.matchLabels = { app: 'other' };
    const status = statusOf(() => simulate(engine, [bad]));
    expect(status.message).toMatch(
      /Deployment shop\/web\): Deployment "web" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    );
  });

  it('a Deployment container port out of range, read by the Pod reader at its template path', () => {
    const bad = deployment('web', 1);
    bad.spec.template.spec.containers[0]!.ports[0]!.containerPort = 70000;
    const status = statusOf(() => simulate(engine, [bad]));
    expect(status.details!.causes![0]!.field).toBe('spec.template.spec.containers[0].ports[0].containerPort');
  });

  it('a Node with a bad podCIDR', () => {
    const bad = { ...node('a', 'z'), spec: { podCIDR: '10.0.0.0/28' } };
    const status = statusOf(() => simulate(engine, [bad]));
    expect(status.details!.causes![0]!.field).toBe('spec.podCIDR');
  });

  it('two Pods of the same name: the later document wins, as kubectl apply would apply them, with a warning', () => {
    const e = new Emulation(engine, [node('a', 'z'), pod('web', 'a', '10.0.0.1'), pod('web', 'a', '10.0.0.2')]);
    expect(e.cluster.pods().map((p) => [p.key, p.ips])).toEqual([['shop/web', ['10.0.0.2']]]);
    expect(e.warnings.list()).toContainEqual({
      code: 'ReplacedObject',
      object: 'Pod shop/web',
      message: expect.stringContaining('objects[1] is named again by objects[2]'),
    });
  });

  it('two Traffic objects', () => {
    const t = { apiVersion: 'tpe.dev/v1alpha1', kind: 'Traffic', metadata: { name: 't' }, spec: {} };
    expect(statusOf(() => simulate(engine, [t, { ...t, metadata: { name: 'u' } }])).message).toMatch(/at most one Traffic/);
  });
});
