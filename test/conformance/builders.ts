// Small builders so each conformance case reads in a few lines, like topology_test.go rows.
import type { CategorizeRequest } from '../../host/engine/types.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HINTS = 'service.kubernetes.io/topology-aware-hints';
export const MODE = 'service.kubernetes.io/topology-mode';

export interface PortSpec {
  name?: string;
  port: number;
  targetPort?: number;
  /** Set for NodePort/LoadBalancer by default (30000 + port); `null` omits it. */
  nodePort?: number | null;
  protocol?: string;
}

export interface SvcOptions {
  name?: string;
  namespace?: string;
  /** Omitted from the object when not given (defaults to ClusterIP). */
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  /** Default: one port `http` 80. */
  ports?: PortSpec[];
  itp?: 'Cluster' | 'Local';
  etp?: 'Cluster' | 'Local';
  trafficDistribution?: string;
  externalIPs?: string[];
  allocateLoadBalancerNodePorts?: boolean;
  ipFamilies?: ('IPv4' | 'IPv6')[];
  /** `status.loadBalancer.ingress`. */
  ingress?: { ip?: string; hostname?: string; ipMode?: 'VIP' | 'Proxy' }[];
  annotations?: Record<string, string>;
  externalName?: string;
}

/** A v1 Service named `svc` in `default` with one port `http` 80 unless told otherwise. */
export function svc(o: SvcOptions = {}): Record<string, unknown> {
  const withNodePort = o.type === 'NodePort' || o.type === 'LoadBalancer';
  const ports = (o.ports ?? [{ name: 'http', port: 80 }]).map((p) => {
    const out: Record<string, unknown> = { port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port };
    if (p.name !== undefined) out.name = p.name;
    const nodePort = p.nodePort === undefined ? (withNodePort ? 30000 + p.port : null) : p.nodePort;
    if (nodePort !== null) out.nodePort = nodePort;
    return out;
  });
  const spec: Record<string, unknown> = { ports, selector: { app: 'svc' } };
  if (o.type !== undefined) spec.type = o.type;
  if (o.type !== 'ExternalName') spec.clusterIP = o.clusterIP ?? (o.ipFamilies?.[0] === 'IPv6' ? 'fd00:10:96::10' : '10.96.0.10');
  if (o.itp !== undefined) spec.internalTrafficPolicy = o.itp;
  if (o.etp !== undefined) spec.externalTrafficPolicy = o.etp;
  if (o.trafficDistribution !== undefined) spec.trafficDistribution = o.trafficDistribution;
  if (o.externalIPs !== undefined) spec.externalIPs = o.externalIPs;
  if (o.allocateLoadBalancerNodePorts !== undefined) spec.allocateLoadBalancerNodePorts = o.allocateLoadBalancerNodePorts;
  if (o.ipFamilies !== undefined) spec.ipFamilies = o.ipFamilies;
  if (o.externalName !== undefined) spec.externalName = o.externalName;
  const metadata: Record<string, unknown> = { name: o.name ?? 'svc', namespace: o.namespace ?? 'default' };
  if (o.annotations !== undefined) metadata.annotations = o.annotations;
  const service: Record<string, unknown> = { apiVersion: 'v1', kind: 'Service', metadata, spec };
  if (o.ingress !== undefined) service.status = { loadBalancer: { ingress: o.ingress } };
  return service;
}

export interface EpOptions {
  /** `null` leaves the condition out. Defaults: ready true, serving true, terminating false. */
  ready?: boolean | null;
  serving?: boolean | null;
  terminating?: boolean | null;
  /** No `conditions` object at all. */
  noConditions?: boolean;
  node?: string;
  /** The endpoint's own `zone` field (never consulted by kube-proxy). */
  zone?: string;
  /** `hints.forZones`. */
  zones?: string[];
  /** `hints.forNodes`. */
  nodes?: string[];
  /** Replaces `[ip]` as `addresses`. */
  addresses?: string[];
}

/** A slice endpoint, Ready by default. */
export function ep(ip: string, o: EpOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { addresses: o.addresses ?? [ip] };
  if (!o.noConditions) {
    const conditions: Record<string, boolean> = {};
    const ready = o.ready === undefined ? true : o.ready;
    const serving = o.serving === undefined ? true : o.serving;
    const terminating = o.terminating === undefined ? false : o.terminating;
    if (ready !== null) conditions.ready = ready;
    if (serving !== null) conditions.serving = serving;
    if (terminating !== null) conditions.terminating = terminating;
    out.conditions = conditions;
  }
  if (o.node !== undefined) out.nodeName = o.node;
  if (o.zone !== undefined) out.zone = o.zone;
  if (o.zones !== undefined || o.nodes !== undefined) {
    const hints: Record<string, unknown> = {};
    if (o.zones !== undefined) hints.forZones = o.zones.map((name) => ({ name }));
    if (o.nodes !== undefined) hints.forNodes = o.nodes.map((name) => ({ name }));
    out.hints = hints;
  }
  return out;
}

/** Serving and terminating, not ready: what a deleted pod still draining looks like. */
export function term(ip: string, o: EpOptions = {}): Record<string, unknown> {
  return ep(ip, { ready: false, serving: true, terminating: true, ...o });
}

/** Not ready, not serving, not terminating. */
export function notReady(ip: string, o: EpOptions = {}): Record<string, unknown> {
  return ep(ip, { ready: false, serving: false, terminating: false, ...o });
}

export interface SliceOptions {
  /** Default: `svc-<n>` with a counter, so slices sort in the order they were built. */
  name?: string;
  service?: string;
  namespace?: string;
  addressType?: 'IPv4' | 'IPv6' | 'FQDN';
  /** Default: one port `http` 80. */
  ports?: { name?: string; port?: number; protocol?: string }[];
}

let sliceCounter = 0;

/** A discovery.k8s.io/v1 EndpointSlice of `svc`; the address type follows the first endpoint. */
export function slice(endpoints: Record<string, unknown>[], o: SliceOptions = {}): Record<string, unknown> {
  sliceCounter += 1;
  const firstIp = (endpoints[0]?.addresses as string[] | undefined)?.[0] ?? '';
  const addressType = o.addressType ?? (firstIp.includes(':') ? 'IPv6' : 'IPv4');
  const ports = (o.ports ?? [{ name: 'http', port: 80 }]).map((p) => {
    const out: Record<string, unknown> = { protocol: p.protocol ?? 'TCP' };
    if (p.name !== undefined) out.name = p.name;
    if (p.port !== undefined) out.port = p.port;
    return out;
  });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: o.name ?? `svc-${String(sliceCounter).padStart(5, '0')}`,
      namespace: o.namespace ?? 'default',
      labels: { 'kubernetes.io/service-name': o.service ?? 'svc' },
    },
    addressType,
    ports,
    endpoints,
  };
}

/** `{name, labels}` with the zone label when a zone is given (`''` gives an empty label). */
export function node(name: string, zone?: string): { name: string; labels: Record<string, string> } {
  return { name, labels: zone === undefined ? {} : { [ZONE_LABEL]: zone } };
}

/** The same node as a whole v1 Node object. */
export function nodeObject(name: string, zone?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone === undefined ? {} : { [ZONE_LABEL]: zone }) } },
    status: { allocatable: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface ReqOptions {
  /** Default: node n1 in zone-a. */
  node?: Record<string, unknown>;
  service: Record<string, unknown>;
  slices?: Record<string, unknown>[];
  port?: string | number;
  ipFamily?: 'IPv4' | 'IPv6';
  version?: string;
  gates?: Record<string, boolean>;
}

export function req(o: ReqOptions): CategorizeRequest {
  const request: CategorizeRequest = {
    node: o.node ?? node('n1', 'zone-a'),
    service: o.service,
    endpointSlices: o.slices ?? [],
  };
  if (o.port !== undefined) request.port = o.port;
  if (o.ipFamily !== undefined) request.ipFamily = o.ipFamily;
  if (o.version !== undefined) request.kubernetesVersion = o.version;
  if (o.gates !== undefined) request.featureGates = o.gates;
  return request;
}
