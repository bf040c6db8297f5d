// The built-in demo cluster: what `tpe serve` answers from when no --cluster is given, so the first
// `npm start` shows every policy at work. Three zones of two nodes, and one Service per behaviour:
//
//   monitoring/node-agent   internalTrafficPolicy: Local, a DaemonSet-like agent that runs on only some
//                           nodes (node-b2 is tainted, node-c2's pod is still starting): routes on
//                           node-a1, drops on node-b2 (docs/rules.md §6)
//   shop/storefront         type LoadBalancer, externalTrafficPolicy: Local, pods on node-a1 and node-b1:
//                           external traffic drops on the other nodes, internal traffic routes anywhere
//   shop/web                trafficDistribution: PreferClose with zone hints: each node keeps to its zone
//   shop/batch              every pod terminating but still serving: the terminating fallback routes
//   shop/cart               a plain Cluster Service (one pod not ready, left out)
//   shop/checkout           sessionAffinity: ClientIP (600 s): a client stays on its endpoint
//   shop/search             scaled to zero: no endpoints, traffic is rejected
//
// Pod IPs are 10.244.N.x on the N-th node, ClusterIPs 10.96.x.y.
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME, LABEL_ZONE, MANAGED_BY_CONTROLLER } from '../objects/well-known.js';

interface DemoNode {
  name: string;
  zone: string;
  /** Pod CIDR third octet. */
  subnet: number;
}

const NODES: readonly DemoNode[] = [
  { name: 'node-a1', zone: 'zone-a', subnet: 1 },
  { name: 'node-a2', zone: 'zone-a', subnet: 2 },
  { name: 'node-b1', zone: 'zone-b', subnet: 3 },
  { name: 'node-b2', zone: 'zone-b', subnet: 4 },
  { name: 'node-c1', zone: 'zone-c', subnet: 5 },
  { name: 'node-c2', zone: 'zone-c', subnet: 6 },
];

function nodeObject(n: DemoNode): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: { 'kubernetes.io/hostname': n.name, [LABEL_ZONE]: n.zone, 'topology.kubernetes.io/region': 'demo-1' },
    },
    // node-b2 is reserved for batch work: the node agent does not tolerate its taint.
    spec: n.name === 'node-b2' ? { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] } : {},
    status: { allocatable: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

interface DemoEndpoint {
  node: string;
  /** Last octet of the pod IP. */
  host: number;
  pod: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  /** EndpointSlice controller zone hints (PreferClose): the endpoint's own zone. */
  hinted?: boolean;
}

function nodeOf(name: string): DemoNode {
  return NODES.find((n) => n.name === name)!;
}

function endpointObject(namespace: string, e: DemoEndpoint): object {
  const n = nodeOf(e.node);
  return {
    addresses: [`10.244.${n.subnet}.${e.host}`],
    conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
    nodeName: n.name,
    zone: n.zone,
    targetRef: { kind: 'Pod', namespace, name: e.pod },
    ...(e.hinted ? { hints: { forZones: [{ name: n.zone }] } } : {}),
  };
}

interface DemoService {
  namespace: string;
  name: string;
  clusterIP: string;
  port: { name: string; port: number; targetPort: number; nodePort?: number };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  endpoints: DemoEndpoint[];
}

function serviceObjects(s: DemoService): object[] {
  const { nodePort, ...port } = s.port;
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, namespace: s.namespace, labels: { app: s.name } },
      spec: {
        type: 'ClusterIP',
        clusterIP: s.clusterIP,
        clusterIPs: [s.clusterIP],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        selector: { app: s.name },
        ports: [{ ...port, protocol: 'TCP', ...(nodePort ? { nodePort } : {}) }],
        ...s.spec,
      },
      ...(s.status ? { status: s.status } : {}),
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${s.name}-demo1`,
        namespace: s.namespace,
        labels: { [LABEL_SERVICE_NAME]: s.name, [LABEL_MANAGED_BY]: MANAGED_BY_CONTROLLER },
      },
      addressType: 'IPv4',
      ports: [{ name: s.port.name, port: s.port.targetPort, protocol: 'TCP' }],
      endpoints: s.endpoints.map((e) => endpointObject(s.namespace, e)),
    },
  ];
}

const SERVICES: readonly DemoService[] = [
  {
    namespace: 'monitoring',
    name: 'node-agent',
    clusterIP: '10.96.10.10',
    port: { name: 'metrics', port: 9100, targetPort: 9100 },
    spec: { internalTrafficPolicy: 'Local' },
    endpoints: [
      { node: 'node-a1', host: 10, pod: 'node-agent-7xk2p' },
      { node: 'node-a2', host: 10, pod: 'node-agent-q9d4m' },
      { node: 'node-b1', host: 10, pod: 'node-agent-h2v8c' },
      { node: 'node-c1', host: 10, pod: 'node-agent-t5n3w' },
      { node: 'node-c2', host: 10, pod: 'node-agent-z8r6f', ready: false, serving: false },
    ],
  },
  {
    namespace: 'shop',
    name: 'storefront',
    clusterIP: '10.96.20.10',
    port: { name: 'http', port: 80, targetPort: 8080, nodePort: 30080 },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32080 },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } },
    endpoints: [
      { node: 'node-a1', host: 20, pod: 'storefront-5d8f7-abcde' },
      { node: 'node-b1', host: 20, pod: 'storefront-5d8f7-fghij' },
    ],
  },
  {
    namespace: 'shop',
    name: 'web',
    clusterIP: '10.96.20.20',
    port: { name: 'http', port: 80, targetPort: 8080 },
    spec: { trafficDistribution: 'PreferClose' },
    endpoints: [
      { node: 'node-a1', host: 30, pod: 'web-6c9b4-k2m4n', hinted: true },
      { node: 'node-a2', host: 30, pod: 'web-6c9b4-p7q8r', hinted: true },
      { node: 'node-b2', host: 30, pod: 'web-6c9b4-s3t5u', hinted: true },
      { node: 'node-c1', host: 30, pod: 'web-6c9b4-v6w7x', hinted: true },
      { node: 'node-c2', host: 30, pod: 'web-6c9b4-y9z1a', hinted: true },
    ],
  },
  {
    namespace: 'shop',
    name: 'batch',
    clusterIP: '10.96.20.30',
    port: { name: 'grpc', port: 9090, targetPort: 9090 },
    endpoints: [
      { node: 'node-b2', host: 40, pod: 'batch-7f6d5-old01', ready: false, serving: true, terminating: true },
      { node: 'node-c1', host: 40, pod: 'batch-7f6d5-old02', ready: false, serving: true, terminating: true },
    ],
  },
  {
    namespace: 'shop',
    name: 'cart',
    clusterIP: '10.96.20.40',
    port: { name: 'http', port: 80, targetPort: 8080 },
    endpoints: [
      { node: 'node-a2', host: 50, pod: 'cart-84c2d-aa111' },
      { node: 'node-b1', host: 50, pod: 'cart-84c2d-bb222' },
      { node: 'node-c2', host: 50, pod: 'cart-84c2d-cc333', ready: false, serving: false },
    ],
  },
  {
    namespace: 'shop',
    name: 'checkout',
    clusterIP: '10.96.20.50',
    port: { name: 'http', port: 80, targetPort: 8080 },
    spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } },
    endpoints: [
      { node: 'node-a1', host: 60, pod: 'checkout-3b7e1-m1' },
      { node: 'node-b1', host: 60, pod: 'checkout-3b7e1-m2' },
      { node: 'node-c1', host: 60, pod: 'checkout-3b7e1-m3' },
    ],
  },
  {
    namespace: 'shop',
    name: 'search',
    clusterIP: '10.96.20.60',
    port: { name: 'http', port: 80, targetPort: 8080 },
    endpoints: [],
  },
];

/** The demo cluster's objects, as `kubectl get nodes,services,endpointslices -A -o yaml` would list them. */
export const DEMO_CLUSTER: readonly object[] = [...NODES.map(nodeObject), ...SERVICES.flatMap(serviceObjects)];

export const DEMO_SOURCE = 'demo';
