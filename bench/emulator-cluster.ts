// A generated cluster at the SIG-scalability limits, as the parsed objects of a `kubectl get -o yaml`
// dump: 5,000 Nodes in 3 zones, 150,000 Pods, 10,000 Services (the 10 largest with 250 endpoints,
// the others 14), their EndpointSlices (≤ 100 endpoints each). A mix of policies, so the proxy views
// take every path: 60% plain ClusterIP, 15% PreferSameZone (zone hints on the slices), 10%
// internalTrafficPolicy Local, 10% LoadBalancer with externalTrafficPolicy Local, 5% NodePort.
export const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export interface ScaleOptions {
  nodes: number;
  pods: number;
  services: number;
  largest: number;
  largestCount: number;
  small: number;
  namespaces: number;
}

export const SIG_SCALE: ScaleOptions = {
  nodes: 5000,
  pods: 150_000,
  services: 10_000,
  largest: 250,
  largestCount: 10,
  small: 14,
  namespaces: 100,
};

const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;

export type Policy = 'cluster' | 'sameZone' | 'itpLocal' | 'etpLocal' | 'nodePort';

/** Every policy 1 time in 20 … 12 in 20; the ten largest Services get a mix (s × 3 runs over all residues). */
export function policyOf(s: number): Policy {
  const m = (s * 3) % 20;
  if (m < 12) return 'cluster';
  if (m < 15) return 'sameZone';
  if (m < 17) return 'itpLocal';
  if (m < 19) return 'etpLocal';
  return 'nodePort';
}

export function generateCluster(o: ScaleOptions = SIG_SCALE): unknown[] {
  const objects: unknown[] = [];
  for (let i = 0; i < o.nodes; i++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: nodeName(i),
        labels: { 'kubernetes.io/hostname': nodeName(i), 'topology.kubernetes.io/zone': ZONES[i % ZONES.length] },
      },
      spec: { podCIDR: `10.${64 + (i >> 8)}.${i & 255}.0/24` },
      status: {
        addresses: [{ type: 'InternalIP', address: `172.16.${i >> 8}.${i & 255}` }],
        allocatable: { cpu: '16' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  }
  const hosts = new Int32Array(o.nodes).fill(2);
  let podIndex = 0;
  const place = () => {
    // Spread pods over nodes with a stride co-prime to the node count: neighbours land in other zones.
    const n = (podIndex * 7919) % o.nodes;
    const ip = `10.${64 + (n >> 8)}.${n & 255}.${hosts[n]!++}`;
    podIndex++;
    return { node: nodeName(n), zone: ZONES[n % ZONES.length]!, ip };
  };
  const pod = (namespace: string, name: string, app: string, at: ReturnType<typeof place>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app } },
    spec: { nodeName: at.node, containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: at.ip, conditions: [{ type: 'Ready', status: 'True' }] },
  });

  for (let s = 0; s < o.services; s++) {
    const namespace = `ns-${String(s % o.namespaces).padStart(2, '0')}`;
    const name = `svc-${String(s).padStart(5, '0')}`;
    const size = s < o.largestCount ? o.largest : o.small;
    const policy = policyOf(s);
    const type = policy === 'etpLocal' ? 'LoadBalancer' : policy === 'nodePort' ? 'NodePort' : 'ClusterIP';
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: {
        type,
        clusterIP: `10.96.${s >> 8}.${s & 255}`,
        selector: { app: name },
        ports: [
          { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', ...(type !== 'ClusterIP' ? { nodePort: 30000 + (s % 2700) } : {}) },
        ],
        ...(policy === 'itpLocal' ? { internalTrafficPolicy: 'Local' } : {}),
        ...(policy === 'etpLocal' ? { externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 + (s % 700) } : {}),
        ...(policy === 'sameZone' ? { trafficDistribution: 'PreferClose' } : {}),
      },
      status: type === 'LoadBalancer' ? { loadBalancer: { ingress: [{ ip: `203.0.${s >> 8}.${s & 255}` }] } } : {},
    });
    const endpoints = [];
    for (let k = 0; k < size; k++) {
      const at = place();
      const podName = `${name}-${k}`;
      objects.push(pod(namespace, podName, name, at));
      endpoints.push({
        addresses: [at.ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: at.node,
        zone: at.zone,
        ...(policy === 'sameZone' ? { hints: { forZones: [{ name: at.zone }] } } : {}),
        targetRef: { kind: 'Pod', namespace, name: podName },
      });
    }
    for (let start = 0, n = 1; start < endpoints.length; start += 100, n++) {
      objects.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${name}-${n}`, namespace, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: endpoints.slice(start, start + 100),
      });
    }
  }
  // The rest of the pods run no Service: batch jobs, clients.
  for (let c = 0; podIndex < o.pods; c++)
    objects.push(pod(`ns-${String(c % o.namespaces).padStart(2, '0')}`, `client-${c}`, 'client', place()));
  return objects;
}
