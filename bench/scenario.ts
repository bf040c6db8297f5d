// A generated Service for the benchmarks: N endpoints over a 1,000-node, 3-zone cluster, zone hints
// on every endpoint (PreferSameZone), a LoadBalancer with externalTrafficPolicy: Local — so a decision
// exercises topology, the Cluster and Local sets, their union and the terminating fallback scan.
import type { CategorizeRequest } from '../host/engine/types.js';

export const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export function nodesOf(count: number): { name: string; labels: Record<string, string> }[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i}`,
    labels: { 'topology.kubernetes.io/zone': ZONES[i % ZONES.length]! },
  }));
}

export function scenario(endpointCount: number, nodeCount = 1000): Omit<CategorizeRequest, 'node'> {
  const slices = [];
  for (let s = 0; s * 100 < endpointCount; s++) {
    const endpoints = [];
    for (let i = s * 100; i < Math.min(endpointCount, (s + 1) * 100); i++) {
      const nodeIndex = (i * 7) % nodeCount;
      // 90% ready, 5% serving+terminating, 5% not ready.
      const kind = i % 20;
      const conditions =
        kind === 0
          ? { ready: false, serving: true, terminating: true }
          : kind === 1
            ? { ready: false, serving: false, terminating: false }
            : { ready: true, serving: true, terminating: false };
      endpoints.push({
        addresses: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
        conditions,
        nodeName: `node-${nodeIndex}`,
        zone: ZONES[nodeIndex % ZONES.length],
        hints: { forZones: [{ name: ZONES[nodeIndex % ZONES.length] }] },
      });
    }
    slices.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `web-${s}`, namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints,
    });
  }
  return {
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.10',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 31000,
        ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
        selector: { app: 'web' },
        trafficDistribution: 'PreferClose',
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
    },
    endpointSlices: slices,
    port: 'http',
  };
}
