// fast-check arbitraries for the differential test (WASM engine vs reference oracle): VALID random
// requests (docs/contracts.md §2) with small pools, so that duplicates, locality, hint and policy collisions
// are frequent. Gate overrides respect host/engine/eras.ts (no gate before its alpha, locked gates
// only true); trafficDistribution only takes values valid for the version and gates; when both
// topology annotations are present they carry the same value (the API server requires it).
import fc from 'fast-check';
import { GATES, NEWEST_MINOR, OLDEST_MINOR, resolveEra, type GateName } from '../../host/engine/eras.js';
import type { CategorizeRequest } from '../../host/engine/types.js';

type G = fc.GeneratorValue;
type Obj = Record<string, unknown>;

export const POOLS = {
  nodes: ['n1', 'n2', 'n3', 'n4'],
  zones: ['zone-a', 'zone-b', 'zone-c'],
  ipv4: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'],
  ipv6: ['fd00::1', 'fd00::2', 'fd00::3', 'fd00::4', 'fd00::5', 'fd00::6'],
  externalIPs: ['192.0.2.10', '198.51.100.20', '2001:db8::10'],
  ingressIPs: ['198.51.100.7', '203.0.113.9', '2001:db8::7'],
  portNames: ['http', 'https', 'metrics'],
  servicePorts: [80, 443, 8443],
  targetPorts: [80, 8080, 9090],
  sliceNames: ['svc-a', 'svc-b', 'svc-c', 'svc-d'],
  annotationValues: ['Auto', 'auto', 'aUto', 'disabled', 'Disabled', '', 'PreferClose', 'junk'],
} as const;

const HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
const MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Unbiased: fast-check's default bias towards small integers would skew every weight below. */
const uniformInt = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

function pick<T>(g: G, values: readonly T[]): T {
  return values[g(uniformInt, 0, values.length - 1)]!;
}

function chance(g: G, percent: number): boolean {
  return g(uniformInt, 0, 99) < percent;
}

function subset<T>(g: G, values: readonly T[], min: number, max: number): T[] {
  return g(fc.shuffledSubarray, [...values], { minLength: min, maxLength: Math.min(max, values.length) });
}

/** Overrides a kube-proxy of that minor accepts: existing gates, locked ones only true. */
function gateOverrides(g: G, minor: number): Record<string, boolean> | undefined {
  const overrides: Record<string, boolean> = {};
  for (const [name, h] of Object.entries(GATES) as [GateName, (typeof GATES)[GateName]][]) {
    if (minor < h.alpha || !chance(g, 30)) continue;
    overrides[name] = minor >= h.locked ? true : g(fc.boolean);
  }
  return Object.keys(overrides).length > 0 || chance(g, 50) ? overrides : undefined;
}

/** `spec.trafficDistribution` values the API server of that era accepts (docs/rules.md §8). */
function validTrafficDistributions(minor: number, gates: Record<GateName, boolean>): string[] {
  if (minor < 30 || !gates.ServiceTrafficDistribution) return [];
  if (minor >= 33 && gates.PreferSameTrafficDistribution) return ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
  return ['PreferClose'];
}

interface PortChoice {
  name: string | undefined;
  port: number;
}

function servicePorts(g: G): PortChoice[] {
  const count = g(fc.integer, { min: 1, max: 3 });
  const numbers = subset(g, POOLS.servicePorts, count, count);
  if (count === 1) return [{ name: chance(g, 50) ? undefined : pick(g, POOLS.portNames), port: numbers[0]! }];
  const names = subset(g, POOLS.portNames, count, count);
  return numbers.map((port, i) => ({ name: names[i], port }));
}

function annotations(g: G): Record<string, string> | undefined {
  const value = pick(g, POOLS.annotationValues);
  switch (pick(g, ['none', 'hints', 'mode', 'both'] as const)) {
    case 'none':
      return undefined;
    case 'hints':
      return { [HINTS_ANNOTATION]: value };
    case 'mode':
      return { [MODE_ANNOTATION]: value };
    case 'both':
      return { [HINTS_ANNOTATION]: value, [MODE_ANNOTATION]: value };
  }
}

function service(g: G, minor: number, gates: Record<GateName, boolean>, ports: PortChoice[], families: string[] | undefined): Obj {
  const type = pick(g, ['ClusterIP', 'NodePort', 'LoadBalancer'] as const);
  const primary = families?.[0] ?? 'IPv4';
  const withNodePorts = type !== 'ClusterIP';
  const spec: Obj = {
    clusterIP: primary === 'IPv6' ? 'fd00:10:96::10' : '10.96.0.10',
    selector: { app: 'svc' },
    ports: ports.map((p, i) => {
      const out: Obj = { port: p.port, protocol: 'TCP', targetPort: pick(g, POOLS.targetPorts) };
      if (p.name !== undefined) out.name = p.name;
      if (withNodePorts && chance(g, 60)) out.nodePort = 30001 + i;
      return out;
    }),
  };
  if (type !== 'ClusterIP' || chance(g, 30)) spec.type = type;
  if (families) spec.ipFamilies = families;
  if (chance(g, 30)) spec.externalIPs = subset(g, POOLS.externalIPs, 1, 2);
  const apiExternal = type !== 'ClusterIP' || spec.externalIPs !== undefined;
  const itp = pick(g, [undefined, 'Cluster', 'Local']);
  if (itp) spec.internalTrafficPolicy = itp;
  const etp = apiExternal ? pick(g, [undefined, 'Cluster', 'Local', 'Local']) : undefined;
  if (etp) spec.externalTrafficPolicy = etp;
  if (type === 'LoadBalancer') {
    const allocate = pick(g, [undefined, true, false]);
    if (allocate !== undefined) spec.allocateLoadBalancerNodePorts = allocate;
  }
  const distributions = validTrafficDistributions(minor, gates);
  if (distributions.length > 0 && chance(g, 30)) spec.trafficDistribution = pick(g, distributions);

  const metadata: Obj = { name: 'svc', namespace: 'default' };
  const notes = annotations(g);
  if (notes) metadata.annotations = notes;
  const out: Obj = { apiVersion: 'v1', kind: 'Service', metadata, spec };
  if (type === 'LoadBalancer' && chance(g, 60)) {
    const count = g(fc.integer, { min: 1, max: 2 });
    const ingress = Array.from({ length: count }, () => {
      if (chance(g, 10)) return { hostname: 'lb.example.com' };
      const entry: Obj = { ip: pick(g, POOLS.ingressIPs) };
      const ipMode = pick(g, [undefined, 'VIP', 'Proxy']);
      if (ipMode) entry.ipMode = ipMode;
      return entry;
    });
    out.status = { loadBalancer: { ingress } };
  }
  return out;
}

type HintStyle = 'none' | 'zones' | 'nodesAndZones' | 'mixed';

function hints(g: G, style: HintStyle): Obj | undefined {
  const zones = () => ({ forZones: subset(g, POOLS.zones, 1, 2).map((name) => ({ name })) });
  const nodes = () => ({ forNodes: subset(g, POOLS.nodes, 1, 2).map((name) => ({ name })) });
  // A few endpoints miss their hints even in hinted styles: one unhinted Ready endpoint matters.
  if (style === 'none' || chance(g, 3)) return undefined;
  if (style === 'zones') return zones();
  if (style === 'nodesAndZones') return { ...zones(), ...nodes() };
  switch (pick(g, ['absent', 'empty', 'emptyLists', 'zones', 'nodes', 'both'] as const)) {
    case 'absent':
      return undefined;
    case 'empty':
      return {};
    case 'emptyLists':
      return { forZones: [], forNodes: [] };
    case 'zones':
      return zones();
    case 'nodes':
      return nodes();
    case 'both':
      return { ...zones(), ...nodes() };
  }
}

function conditions(g: G): Obj | undefined {
  if (chance(g, 10)) return undefined;
  const out: Obj = {};
  for (const key of ['ready', 'serving', 'terminating']) {
    const value = pick(g, [undefined, true, false]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function endpoint(g: G, family: 'IPv4' | 'IPv6', style: HintStyle): Obj {
  const pool = family === 'IPv6' ? POOLS.ipv6 : POOLS.ipv4;
  const out: Obj = { addresses: chance(g, 15) ? subset(g, pool, 2, 2) : [pick(g, pool)] };
  const c = conditions(g);
  if (c) out.conditions = c;
  const nodeName = pick(g, [undefined, ...POOLS.nodes]);
  if (nodeName) out.nodeName = nodeName;
  const zone = pick(g, [undefined, ...POOLS.zones]);
  if (zone) out.zone = zone;
  const h = hints(g, style);
  if (h) out.hints = h;
  return out;
}

function endpointSlice(g: G, name: string, family: 'IPv4' | 'IPv6', ports: PortChoice[], style: HintStyle): Obj {
  const slicePorts: Obj[] = [];
  for (const p of ports) {
    const kind = pick(g, ['numbered', 'numbered', 'numbered', 'numbered', 'numbered', 'numbered', 'absent', 'noNumber'] as const);
    if (kind === 'absent') continue;
    const out: Obj = { name: p.name ?? '', protocol: 'TCP' };
    if (kind === 'numbered') out.port = pick(g, POOLS.targetPorts);
    slicePorts.push(out);
  }
  if (chance(g, 10)) slicePorts.push({ name: 'other', port: 7070, protocol: 'TCP' });
  const count = chance(g, 10) ? 0 : g(fc.integer, { min: 1, max: 12 });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'svc' } },
    addressType: family,
    ports: slicePorts,
    endpoints: Array.from({ length: count }, () => endpoint(g, family, style)),
  };
}

function requestNode(g: G): Obj {
  const name = pick(g, POOLS.nodes);
  const zone = pick(g, [undefined, '', ...POOLS.zones]);
  const labels: Record<string, string> = zone === undefined ? {} : { [ZONE_LABEL]: zone };
  if (chance(g, 20)) {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
  }
  return { name, labels };
}

function buildRequest(g: G): CategorizeRequest {
  const minor = g(fc.integer, { min: OLDEST_MINOR, max: NEWEST_MINOR });
  const featureGates = gateOverrides(g, minor);
  const gates = resolveEra(`1.${minor}`, featureGates).gates;
  const families = pick(g, [undefined, ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4']]);
  const ports = servicePorts(g);
  const svc = service(g, minor, gates, ports, families);
  const available = (families ?? ['IPv4']) as ('IPv4' | 'IPv6')[];
  const ipFamily = chance(g, 40) ? pick(g, available) : undefined;
  // Most slices are of the family decided on; the others must be ignored.
  const decided = ipFamily ?? available[0]!;
  const other = decided === 'IPv4' ? 'IPv6' : 'IPv4';
  const style = pick(g, ['none', 'zones', 'zones', 'nodesAndZones', 'nodesAndZones', 'mixed'] as const);
  const sliceCount = chance(g, 10) ? 0 : g(fc.integer, { min: 1, max: 4 });
  const names = subset(g, POOLS.sliceNames, sliceCount, sliceCount);
  const slices = names.map((name) => endpointSlice(g, name, chance(g, 80) ? decided : other, ports, style));

  const request: CategorizeRequest = { node: requestNode(g), service: svc, endpointSlices: slices };
  const portChoice = pick(g, ['default', 'name', 'number'] as const);
  const chosen = pick(g, ports);
  if (portChoice === 'name' && chosen.name !== undefined) request.port = chosen.name;
  if (portChoice === 'number') request.port = chosen.port;
  if (ipFamily) request.ipFamily = ipFamily;
  if (chance(g, 90)) request.kubernetesVersion = `1.${minor}`;
  else if (minor !== NEWEST_MINOR) request.kubernetesVersion = `v1.${minor}.${g(fc.integer, { min: 0, max: 9 })}`;
  if (featureGates) request.featureGates = featureGates;
  return request;
}

/** A valid random categorize request (docs/contracts.md §2) over small pools. */
export function arbRequest(): fc.Arbitrary<CategorizeRequest> {
  return fc.gen().map((g) => buildRequest(g));
}
