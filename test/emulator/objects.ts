// Kubernetes objects for the emulator's scenario tests, in the shapes `kubectl get -o yaml` prints
// (trimmed to what matters). Each builder takes only what a scenario varies.
export const ZONE = 'topology.kubernetes.io/zone';

export interface NodeOptions {
  cpu?: string;
  ready?: boolean;
  unschedulable?: boolean;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  labels?: Record<string, string>;
}

export function node(name: string, zone: string | null, o: NodeOptions = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone === null ? {} : { [ZONE]: zone }), ...o.labels } },
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? '4' },
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export interface PodOptions {
  labels?: Record<string, string>;
  ready?: boolean;
  terminating?: boolean;
  hostNetwork?: boolean;
  ports?: Array<{ name?: string; containerPort: number }>;
  grace?: number;
  namespace?: string;
}

export function pod(name: string, nodeName: string, ip: string, o: PodOptions = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'shop',
      labels: o.labels ?? {},
      ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName,
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
      ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
      containers: [{ name: 'main', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export interface ServiceOptions {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  selector?: Record<string, string> | null;
  itp?: 'Cluster' | 'Local';
  etp?: 'Cluster' | 'Local';
  trafficDistribution?: string;
  affinity?: boolean;
  lbIP?: string;
  externalIPs?: string[];
  annotations?: Record<string, string>;
  ports?: Array<{ name: string; port: number; targetPort: number | string; nodePort?: number }>;
  namespace?: string;
  clusterIP?: string;
}

export function service(name: string, o: ServiceOptions = {}) {
  const type = o.type ?? 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: o.namespace ?? 'shop', ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      type,
      clusterIP: o.clusterIP ?? '10.96.0.10',
      ports: (o.ports ?? [{ name: 'http', port: 80, targetPort: 8080, ...(type !== 'ClusterIP' ? { nodePort: 30080 } : {}) }]).map((p) => ({
        protocol: 'TCP',
        ...p,
      })),
      ...(o.selector === null ? {} : { selector: o.selector ?? { app: name } }),
      ...(o.itp ? { internalTrafficPolicy: o.itp } : {}),
      ...(o.etp ? { externalTrafficPolicy: o.etp } : {}),
      ...(o.etp === 'Local' && type === 'LoadBalancer' ? { healthCheckNodePort: 31000 } : {}),
      ...(o.trafficDistribution ? { trafficDistribution: o.trafficDistribution } : {}),
      ...(o.affinity ? { sessionAffinity: 'ClientIP' } : {}),
      ...(o.externalIPs ? { externalIPs: o.externalIPs } : {}),
    },
    status: o.lbIP ? { loadBalancer: { ingress: [{ ip: o.lbIP }] } } : {},
  };
}

export interface EndpointOptions {
  ip: string;
  node?: string;
  zone?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  forZones?: string[];
  pod?: string;
}

export function slice(
  name: string,
  serviceName: string,
  endpoints: EndpointOptions[],
  o: { namespace?: string; port?: number; portName?: string } = {},
) {
  const namespace = o.namespace ?? 'shop';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    ports: [{ name: o.portName ?? 'http', port: o.port ?? 8080, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
      ...(e.node ? { nodeName: e.node } : {}),
      ...(e.zone ? { zone: e.zone } : {}),
      ...(e.forZones ? { hints: { forZones: e.forZones.map((z) => ({ name: z })) } } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace, name: e.pod } } : {}),
    })),
  };
}

export function traffic(spec: Record<string, unknown>) {
  return { apiVersion: 'tpe.dev/v1alpha1', kind: 'Traffic', metadata: { name: 'test' }, spec };
}

export function deployment(
  name: string,
  replicas: number,
  o: {
    labels?: Record<string, string>;
    namespace?: string;
    grace?: number;
    nodeSelector?: Record<string, string>;
    tolerations?: unknown[];
  } = {},
) {
  const labels = o.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: o.namespace ?? 'shop' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations } : {}),
          containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
    },
  };
}

export function daemonSet(
  name: string,
  o: {
    labels?: Record<string, string>;
    namespace?: string;
    hostNetwork?: boolean;
    tolerations?: unknown[];
    nodeSelector?: Record<string, string>;
  } = {},
) {
  const labels = o.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: o.namespace ?? 'shop' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(o.hostNetwork ? { hostNetwork: true } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations } : {}),
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
    },
  };
}
