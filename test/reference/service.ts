// Service, port, node and IP-family inputs (docs/eras.md "Inputs, all eras" / "Service-level inputs",
// docs/rules.md §1 and §8 defaulting). One rule per function.
import type { FeatureGates } from '../../host/engine/eras.js';
import { arr, obj, str, type Family, type Obj } from './types.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A `{name, labels}` node or a whole v1 Node object (docs/contracts.md §2). */
export function readNode(node: unknown): { name: string; labels: Record<string, string> } {
  const n = obj(node);
  const isNodeObject = 'apiVersion' in n || 'kind' in n || 'metadata' in n;
  const source = isNodeObject ? obj(n.metadata) : n;
  return { name: str(source.name) ?? '', labels: obj(source.labels) as Record<string, string> };
}

/** The node's zone: the zone label, `""` when missing (docs/rules.md §1). */
export function nodeZone(labels: Record<string, string>): string {
  return labels[ZONE_LABEL] ?? '';
}

export function serviceSpec(service: unknown): Obj {
  return obj(obj(service).spec);
}

/** `spec.type`, defaulted to ClusterIP (docs/rules.md §8). */
export function serviceType(service: unknown): string {
  return str(serviceSpec(service).type) || 'ClusterIP';
}

/** Type NodePort or LoadBalancer, or ClusterIP with externalIPs (docs/rules.md §8, DEF). */
export function isExternallyAccessibleAtApiLevel(service: unknown): boolean {
  const type = serviceType(service);
  if (type === 'NodePort' || type === 'LoadBalancer') return true;
  return type === 'ClusterIP' && arr(serviceSpec(service).externalIPs).length > 0;
}

/** ITP=Local, with the ITP gate on; missing ITP defaults to Cluster (docs/eras.md). */
export function isInternalPolicyLocal(service: unknown, gates: FeatureGates): boolean {
  if (!gates.ServiceInternalTrafficPolicy) return false;
  return serviceSpec(service).internalTrafficPolicy === 'Local';
}

/** ETP=Local on a Service externally accessible at the API level (DEF `ExternalPolicyLocal`). */
export function isExternalPolicyLocal(service: unknown): boolean {
  if (!isExternallyAccessibleAtApiLevel(service)) return false;
  return serviceSpec(service).externalTrafficPolicy === 'Local';
}

/** Go's net.IP.To4() != nil: an IPv4-mapped IPv6 address (`::ffff:192.0.2.10`, `0:0:0:0:0:ffff:c000:20a`) is IPv4. */
export function familyOf(ip: string): Family {
  if (!ip.includes(':')) return 'IPv4';
  const mapped = /^(?:(?:0{1,4}:){5}|::(?:0{1,4}:){0,4})ffff:(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4}:[0-9a-f]{1,4})$/i;
  return mapped.test(ip) ? 'IPv4' : 'IPv6';
}

/**
 * `spec.ipFamilies[0]`; when absent, defaulted as the registry does from the family of the
 * (first) cluster IP; else IPv4.
 */
export function primaryFamily(service: unknown): Family {
  const spec = serviceSpec(service);
  const first = arr(spec.ipFamilies)[0];
  if (first === 'IPv4' || first === 'IPv6') return first;
  const clusterIP = str(arr(spec.clusterIPs)[0]) ?? str(spec.clusterIP) ?? '';
  if (clusterIP !== '' && clusterIP !== 'None') return familyOf(clusterIP);
  return 'IPv4';
}

/** The requested family, else the Service's primary family (docs/contracts.md §2). */
export function requestFamily(requested: unknown, service: unknown): Family {
  if (requested === 'IPv4' || requested === 'IPv6') return requested;
  return primaryFamily(service);
}

export interface RefServicePort {
  name: string;
  port: number;
  /** Defaulted to TCP, as the API server does. */
  protocol: string;
  nodePort: number | undefined;
}

function readServicePort(value: unknown): RefServicePort {
  const p = obj(value);
  const nodePort = typeof p.nodePort === 'number' && p.nodePort !== 0 ? p.nodePort : undefined;
  return { name: str(p.name) ?? '', port: Number(p.port), protocol: str(p.protocol) ?? 'TCP', nodePort };
}

/** The Service port named by the request: by name, else by number; default the first port (docs/contracts.md §2). */
export function selectServicePort(service: unknown, port: unknown): RefServicePort {
  const ports = arr(serviceSpec(service).ports).map(readServicePort);
  if (port === undefined || port === null) {
    const first = ports[0];
    if (!first) throw new Error('reference: the Service has no ports');
    return first;
  }
  const byName = ports.find((p) => typeof port === 'string' && p.name === port);
  if (byName) return byName;
  const byNumber = ports.find((p) => p.port === Number(port));
  if (byNumber && String(Number(port)) === String(port)) return byNumber;
  throw new Error(`reference: the Service has no port ${JSON.stringify(port)}`);
}

/** Type NodePort always; LoadBalancer when nodePort is set or the API server would allocate one. */
export function hasNodePort(service: unknown, port: RefServicePort): boolean {
  const type = serviceType(service);
  if (type === 'NodePort') return true;
  if (type !== 'LoadBalancer') return false;
  return port.nodePort !== undefined || serviceSpec(service).allocateLoadBalancerNodePorts !== false;
}

/** A `type: LoadBalancer` ingress IP of this family not in Proxy mode (ipMode read from 1.29). */
export function hasLoadBalancerVip(service: unknown, family: Family, minor: number): boolean {
  if (serviceType(service) !== 'LoadBalancer') return false;
  const ingress = arr(obj(obj(obj(service).status).loadBalancer).ingress).map(obj);
  return ingress.some((i) => {
    const ip = str(i.ip);
    if (!ip || familyOf(ip) !== family) return false;
    return minor < 29 || i.ipMode !== 'Proxy';
  });
}

/** An `spec.externalIPs` entry of this family. */
export function hasExternalIP(service: unknown, family: Family): boolean {
  return arr(serviceSpec(service).externalIPs).some((ip) => typeof ip === 'string' && familyOf(ip) === family);
}

/** Per port and family (docs/rules.md §1, docs/eras.md). */
export function isExternallyAccessible(service: unknown, port: RefServicePort, family: Family, minor: number): boolean {
  return hasNodePort(service, port) || hasLoadBalancerVip(service, family, minor) || hasExternalIP(service, family);
}

export function annotationsOf(service: unknown): Record<string, string> {
  return obj(obj(obj(service).metadata).annotations) as Record<string, string>;
}

/** `namespace/name` for the result echo; namespace defaults to `default`. */
export function serviceKey(service: unknown): string {
  const meta = obj(obj(service).metadata);
  return `${str(meta.namespace) || 'default'}/${str(meta.name) ?? ''}`;
}
