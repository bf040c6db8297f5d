// Nodes, Services and EndpointSlices as the API server sends them (with resourceVersion), small enough
// to vary in property tests and to serve from the API server double.
export const ZONE = 'topology.kubernetes.io/zone';

export function node(name: string, zone: string, resourceVersion = '1') {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, resourceVersion, labels: { 'kubernetes.io/hostname': name, [ZONE]: zone } },
    spec: {},
    status: { allocatable: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface ServiceOptions {
  internalTrafficPolicy?: string;
  trafficDistribution?: string;
  clusterIP?: string;
}

export function service(namespace: string, name: string, o: ServiceOptions = {}, resourceVersion = '1') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, resourceVersion },
    spec: {
      type: 'ClusterIP',
      clusterIP: o.clusterIP ?? '10.96.0.10',
      clusterIPs: [o.clusterIP ?? '10.96.0.10'],
      ipFamilies: ['IPv4'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      internalTrafficPolicy: o.internalTrafficPolicy ?? 'Cluster',
      ...(o.trafficDistribution ? { trafficDistribution: o.trafficDistribution } : {}),
    },
  };
}

export interface EndpointOptions {
  ip: string;
  node: string;
  zone: string;
  ready?: boolean;
  terminating?: boolean;
  hintZone?: string;
}

export function slice(namespace: string, name: string, serviceName: string | null, endpoints: EndpointOptions[], resourceVersion = '1') {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace,
      resourceVersion,
      labels: serviceName === null ? {} : { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: e.terminating ?? false },
      nodeName: e.node,
      zone: e.zone,
      ...(e.hintZone ? { hints: { forZones: [{ name: e.hintZone }] } } : {}),
    })),
  };
}
