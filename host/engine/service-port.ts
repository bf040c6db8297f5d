// What kube-proxy knows about one Service port in one IP family (docs/rules.md §1, SP; docs/eras.md
// "Service-level inputs"): the policy flags and external accessibility the engine decides with.
import type { IPFamily, ServiceModel, ServicePortModel } from '../objects/model.js';
import { parseIP } from '../objects/formats.js';
import { badRequest, fieldError } from '../objects/status.js';

export interface ServicePortFacts {
  itpLocal: boolean;
  etpLocal: boolean;
  externallyAccessible: boolean;
}

/**
 * The IP family of an address as validation reads it (host/objects/formats.ts parseIP, Go's
 * net.ParseIP): an IPv4-mapped IPv6 address such as `::ffff:192.0.2.10` is IPv4. Null when it is
 * not an address (validation has refused such objects before any decision).
 */
export function familyOf(ip: string): IPFamily | null {
  return parseIP(ip)?.family ?? null;
}

/** The Service port a request names (by name or number); the first port by default. */
export function selectPort(service: ServiceModel, port: unknown, field = 'port'): ServicePortModel {
  const first = service.ports[0];
  if (port === undefined || port === null) {
    if (first) return first;
    throw badRequest(`Service ${service.namespace}/${service.name} has no ports`);
  }
  const found = service.ports.find((p) =>
    typeof port === 'number' ? p.port === port : p.name === port || (/^\d+$/.test(String(port)) && p.port === Number(port)),
  );
  if (found) return found;
  const supported = service.ports.map((p) => (p.name !== '' ? p.name : String(p.port)));
  const cause = fieldError.notSupported(field, port, supported);
  throw badRequest(`${field}: ${cause.message}`, [cause]);
}

/** The IP family a request asks about: default the Service's primary family. */
export function selectFamily(service: ServiceModel, family: unknown, field = 'ipFamily'): IPFamily {
  if (family === undefined || family === null) return service.ipFamilies[0] ?? 'IPv4';
  if (family !== 'IPv4' && family !== 'IPv6') {
    const cause = fieldError.notSupported(field, family, ['IPv4', 'IPv6']);
    throw badRequest(`${field}: ${cause.message}`, [cause]);
  }
  if (service.ipFamilies.length > 0 && !service.ipFamilies.includes(family)) {
    const cause = fieldError.invalid(
      field,
      family,
      `Service ${service.namespace}/${service.name} has no ${family} ClusterIP (spec.ipFamilies: ${service.ipFamilies.join(', ')}); kube-proxy does not program it for ${family}`,
    );
    throw badRequest(`${field}: ${cause.message}`, [cause]);
  }
  return family;
}

/** Why kube-proxy programs nothing for a Service — headless or ExternalName (docs/contracts.md §2) — or null when it proxies it. */
export function notProxiedReason(service: ServiceModel): string | null {
  if (service.type === 'ExternalName') return 'type ExternalName: it is a DNS alias, kube-proxy does not proxy it';
  if (service.clusterIP === 'None')
    return 'headless (spec.clusterIP: None): clients reach endpoints directly by DNS, kube-proxy does not proxy it';
  return null;
}

/** A 400 Status for a Service kube-proxy does not proxy. */
export function assertProxied(service: ServiceModel): void {
  const reason = notProxiedReason(service);
  if (reason !== null) throw badRequest(`Service ${service.namespace}/${service.name} is ${reason}`);
}

export function servicePortFacts(service: ServiceModel, port: ServicePortModel, family: IPFamily, minor: number): ServicePortFacts {
  return {
    itpLocal: service.internalTrafficPolicy === 'Local',
    // Validation leaves ETP set only on externally accessible Services (DEF ExternalPolicyLocal).
    etpLocal: service.externalTrafficPolicy === 'Local',
    externallyAccessible:
      hasNodePort(service, port) || hasVipIngress(service, family, minor) || service.externalIPs.some((ip) => familyOf(ip) === family),
  };
}

/** NodePort Services always get one; LoadBalancers unless allocateLoadBalancerNodePorts is false. */
export function hasNodePort(service: ServiceModel, port: ServicePortModel): boolean {
  if (service.type === 'NodePort') return true;
  if (service.type === 'LoadBalancer') return port.nodePort !== null || service.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** A load-balancer IP of this family in VIP mode; `ipMode: Proxy` is read from 1.29 (LoadBalancerIPMode). */
function hasVipIngress(service: ServiceModel, family: IPFamily, minor: number): boolean {
  if (service.type !== 'LoadBalancer') return false;
  return service.loadBalancerIngress.some(
    (ing) => ing.ip !== null && familyOf(ing.ip) === family && !(minor >= 29 && ing.ipMode === 'Proxy'),
  );
}
