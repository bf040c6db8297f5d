// Our own fixtures, written in the shapes of real `kubectl get -o yaml/json` dumps, read end to end.
import { describe, expect, it } from 'vitest';
import { parseDocuments, splitObjects } from '../../host/objects/parse.js';
import { readService, type ServiceContext } from '../../host/objects/service.js';
import { readEndpointSlice } from '../../host/objects/endpointslice.js';
import { fixture } from './helpers.js';

const newest: ServiceContext = {
  minor: 35,
  gates: { ServiceInternalTrafficPolicy: true, ServiceTrafficDistribution: true, PreferSameTrafficDistribution: true },
};

const load = (name: string) => splitObjects(parseDocuments(fixture(name)));
const services = (name: string, ctx = newest) => load(name).services.map((s, i) => readService(s, ctx, `services[${i}]`));
const slices = (name: string) => load(name).endpointSlices.map((s, i) => readEndpointSlice(s, `endpointSlices[${i}]`));

describe('fixtures', () => {
  it('dualstack-nodeport.yaml: a dual-stack NodePort Service with one slice per family', () => {
    const [{ service, warnings }] = services('dualstack-nodeport.yaml') as [ReturnType<typeof readService>];
    expect(warnings).toEqual([]);
    expect(service).toMatchObject({
      namespace: 'media',
      name: 'relay',
      type: 'NodePort',
      clusterIP: '10.96.31.7',
      ipFamilies: ['IPv4', 'IPv6'],
      internalTrafficPolicy: 'Cluster',
      externalTrafficPolicy: 'Cluster',
      ports: [
        { name: 'web', port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 31080 },
        { name: 'syslog', port: 514, protocol: 'UDP', targetPort: 5140, nodePort: 31514 },
      ],
    });
    const read = slices('dualstack-nodeport.yaml');
    expect(read.map((r) => [r.slice.name, r.slice.addressType, r.slice.serviceName])).toEqual([
      ['relay-v6x9z', 'IPv6', 'relay'],
      ['relay-4mq7t', 'IPv4', 'relay'],
    ]);
    expect(read[0]!.slice.endpoints.map((e) => [e.addresses[0], e.nodeName, e.targetPod])).toEqual([
      ['fd00:10:244:3::1a', 'ds-worker-b', 'media/relay-6d4f8b7c9-k2x8p'],
      ['fd00:10:244:1::2b', 'ds-worker-a', 'media/relay-6d4f8b7c9-q7w3m'],
    ]);
    expect(read[1]!.slice.ports).toEqual([
      { name: 'web', port: 8080, protocol: 'TCP' },
      { name: 'syslog', port: 5140, protocol: 'UDP' },
    ]);
  });

  it('terminating-only.yaml: the only endpoint is serving and terminating; unnamed ports', () => {
    const [{ service }] = services('terminating-only.yaml') as [ReturnType<typeof readService>];
    expect(service.ports).toEqual([{ name: '', port: 9000, protocol: 'TCP', targetPort: 9000, nodePort: null }]);
    expect(service.externalTrafficPolicy).toBeNull();
    expect(service.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"drain-svc"');
    const [{ slice }] = slices('terminating-only.yaml') as [ReturnType<typeof readEndpointSlice>];
    expect(slice.ports).toEqual([{ name: '', port: 9000, protocol: 'TCP' }]);
    expect(slice.endpoints[0]!.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('hints-trimmed-list.yaml: a kindless List of a slice without metadata, conditions or ports', () => {
    const [{ slice, warnings }] = slices('hints-trimmed-list.yaml') as [ReturnType<typeof readEndpointSlice>];
    expect(slice).toMatchObject({ name: '', namespace: 'shop', serviceName: null, ports: [] });
    expect(slice.endpoints.map((e) => [e.addresses[0], e.zone, e.forZones, e.conditions])).toEqual([
      ['10.50.12.8', 'us-east-2a', ['us-east-2a'], { ready: null, serving: null, terminating: null }],
      ['10.50.77.140', 'us-east-2b', ['us-east-2b'], { ready: null, serving: null, terminating: null }],
    ]);
    expect(warnings.map((w) => w.field)).toEqual(['endpointSlices[0].metadata.name', 'endpointSlices[0].metadata.namespace']);
  });

  it('endpointslicelist.json: an API-server EndpointSliceList with managedFields and a v1beta1 topology field', () => {
    const read = slices('endpointslicelist.json');
    expect(read.map((r) => `${r.slice.namespace}/${r.slice.name} → ${r.slice.serviceName}`)).toEqual([
      'default/kubernetes → kubernetes',
      'kube-system/dns-6xk2p → dns',
    ]);
    expect(read[0]!.slice.endpoints[0]).toMatchObject({
      addresses: ['192.168.49.2'],
      nodeName: null,
      conditions: { ready: true, serving: null, terminating: null },
    });
    expect(read[1]!.slice.endpoints[0]).toMatchObject({ nodeName: 'lab-control-plane', targetPod: 'kube-system/coredns-5d78c9869d-4wq8t' });
    expect(read[1]!.warnings).toEqual([
      { field: 'endpointSlices[1].endpoints[0].topology', message: expect.stringContaining('v1beta1 field') },
    ]);
  });

  it('svc-endpoints-slice.yaml: the legacy Endpoints object is kept apart from the slice', () => {
    const split = load('svc-endpoints-slice.yaml');
    expect([split.services.length, split.endpoints.length, split.endpointSlices.length, split.others.length]).toEqual([1, 1, 1, 0]);
    const [{ service }] = services('svc-endpoints-slice.yaml') as [ReturnType<typeof readService>];
    expect(service.ports[0]).toMatchObject({ port: 80, targetPort: 3000 });
    expect(slices('svc-endpoints-slice.yaml')[0]!.slice.endpoints[0]).toMatchObject({ addresses: ['10.244.0.31'], nodeName: 'minikube' });
  });

  it('v1beta1-list.yaml: Lists of Services and Endpoints, and a v1beta1 slice with topology', () => {
    const split = load('v1beta1-list.yaml');
    expect([split.services.length, split.endpoints.length, split.endpointSlices.length]).toEqual([1, 1, 1]);
    // A 1.21-era Service without internalTrafficPolicy gets the newest era's default.
    expect(services('v1beta1-list.yaml')[0]!.service.internalTrafficPolicy).toBe('Cluster');
    const [{ slice, warnings }] = slices('v1beta1-list.yaml') as [ReturnType<typeof readEndpointSlice>];
    expect(slice.serviceName).toBeNull();
    expect(slice.endpoints.map((e) => [e.addresses[0], e.nodeName, e.zone])).toEqual([
      ['10.1.0.14', 'east-worker', 'east-1'],
      ['10.1.0.15', 'east-worker', null],
    ]);
    expect(warnings).toEqual([{ field: 'endpointSlices[0].apiVersion', message: expect.stringContaining('removed in Kubernetes 1.25') }]);
  });

  it('every fixture reads in the 1.21 era too, the dropped ITP field only warned about', () => {
    const old: ServiceContext = {
      minor: 21,
      gates: { ServiceInternalTrafficPolicy: false, ServiceTrafficDistribution: false, PreferSameTrafficDistribution: false },
    };
    const names = ['dualstack-nodeport.yaml', 'terminating-only.yaml', 'svc-endpoints-slice.yaml', 'v1beta1-list.yaml'];
    const read = names.flatMap((n) => services(n, old));
    expect(read.map((r) => r.service.internalTrafficPolicy)).toEqual([null, null, null, null]);
    expect(read.map((r) => r.warnings.length)).toEqual([1, 1, 1, 0]);
  });
});
