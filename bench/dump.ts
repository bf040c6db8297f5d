// A generated cluster dump of about `bytes` bytes, as `kubectl get nodes,services,endpointslices -A -o yaml`
// prints one (a List; YAML block style or JSON): Nodes in three zones, then Services with one
// EndpointSlice each, so its size is what a big cluster's dump is made of.
import { stringify } from 'yaml';
import { ZONES } from './scenario.js';

function objects(services: number, nodes: number): unknown[] {
  const out: unknown[] = [];
  for (let n = 0; n < nodes; n++)
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${n}`, labels: { 'kubernetes.io/hostname': `node-${n}`, 'topology.kubernetes.io/zone': ZONES[n % 3]! } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: '4', memory: '16Gi' } },
    });
  for (let s = 0; s < services; s++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'shop', labels: { app: `svc-${s}` } },
      spec: {
        type: 'ClusterIP',
        clusterIP: `10.96.${(s >> 8) & 255}.${s & 255}`,
        selector: { app: `svc-${s}` },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    });
    const endpoints = [];
    for (let e = 0; e < 10; e++) {
      const node = (s * 10 + e) % nodes;
      endpoints.push({
        addresses: [`10.${(s >> 8) & 255}.${s & 255}.${e + 1}`],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: `node-${node}`,
        zone: ZONES[node % 3],
        targetRef: { kind: 'Pod', namespace: 'shop', name: `svc-${s}-pod-${e}` },
      });
    }
    out.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${s}-abcde`, namespace: 'shop', labels: { 'kubernetes.io/service-name': `svc-${s}` } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints,
    });
  }
  return out;
}

/** A List dump of at least `bytes` bytes in `format`, and how many Services it holds. */
export function clusterDump(bytes: number, format: 'yaml' | 'json'): { text: string; services: number } {
  const render = (services: number) => {
    const list = { apiVersion: 'v1', kind: 'List', items: objects(services, 200) };
    return format === 'json' ? JSON.stringify(list, null, 2) : stringify(list);
  };
  const base = render(20).length;
  const perService = (render(40).length - base) / 20;
  const services = 20 + Math.ceil((bytes - base) / perService);
  return { text: render(services), services };
}
