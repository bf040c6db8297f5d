// EndpointSlices → the endpoint list of one Service port and IP family (docs/rules.md §2,
// docs/eras.md "Inputs, all eras" and "Gate visibility").
import { familyOf } from './service.js';
import { arr, obj, sortEndpoints, str, type Family, type Obj, type RefContext, type RefEndpoint } from './types.js';

/** `ready` = absent or true. */
export function readReady(conditions: Obj): boolean {
  return conditions.ready === undefined || conditions.ready === null || conditions.ready === true;
}

/** `serving` = absent or true. */
export function readServing(conditions: Obj): boolean {
  return conditions.serving === undefined || conditions.serving === null || conditions.serving === true;
}

/** `terminating` = present and true. */
export function readTerminating(conditions: Obj): boolean {
  return conditions.terminating === true;
}

/** Local = endpoint `nodeName` non-empty and equal to the node's (non-empty) name. */
export function readIsLocal(endpoint: Obj, nodeName: string): boolean {
  const epNode = str(endpoint.nodeName);
  return !!epNode && nodeName !== '' && epNode === nodeName;
}

function hintNames(list: unknown): string[] {
  return arr(list).map((h) => str(obj(h).name) ?? '');
}

/** Zone hints are read only with TopologyAwareHints on, or from 1.27 on. */
export function readZoneHints(endpoint: Obj, ctx: RefContext): string[] {
  if (!ctx.gates.TopologyAwareHints && ctx.minor < 27) return [];
  return hintNames(obj(endpoint.hints).forZones);
}

/** Node hints are read only with PreferSameTrafficDistribution on. */
export function readNodeHints(endpoint: Obj, ctx: RefContext): string[] {
  if (!ctx.gates.PreferSameTrafficDistribution) return [];
  return hintNames(obj(endpoint.hints).forNodes);
}

/** `ip:port`, with brackets for IPv6. */
export function formatIpPort(ip: string, port: number): string {
  return familyOf(ip) === 'IPv6' ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Slice ports with no name or no/zero port are skipped; the Service port matches by name. */
export function matchingSlicePorts(slice: Obj, servicePortName: string, protocol: string): number[] {
  const ports: number[] = [];
  for (const p of arr(slice.ports).map(obj)) {
    // The API server defaults a missing name to "" and protocol to TCP (SetDefaults_EndpointPort),
    // so kube-proxy's skip of nil names never triggers on a stored object.
    const name = str(p.name) ?? '';
    if (typeof p.port !== 'number' || p.port === 0) continue;
    // kube-proxy keys ports by name and protocol (ServicePortName).
    if (name === servicePortName && (str(p.protocol) ?? 'TCP') === protocol) ports.push(p.port);
  }
  return ports;
}

/** Slices in `metadata.name` order (docs/eras.md: tpe's deterministic stand-in for map order). */
export function slicesInNameOrder(slices: unknown[]): Obj[] {
  const name = (s: Obj) => str(obj(s.metadata).name) ?? '';
  return slices.map(obj).sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/**
 * One slice endpoint as kube-proxy reads it, or null when it is skipped: no addresses, an
 * `addresses[0]` of the other family, or (EndpointSliceTerminatingCondition off) not ready.
 */
export function readEndpoint(endpoint: Obj, port: number, ctx: RefContext): RefEndpoint | null {
  const ip = str(arr(endpoint.addresses)[0]);
  if (ip === undefined) return null;
  if (familyOf(ip) !== ctx.family) return null;
  const conditions = obj(endpoint.conditions);
  const ready = readReady(conditions);
  const terminatingConditionOn = ctx.gates.EndpointSliceTerminatingCondition;
  if (!terminatingConditionOn && !ready) return null;
  return {
    ipPort: formatIpPort(ip, port),
    isLocal: readIsLocal(endpoint, ctx.nodeName),
    ready,
    // With EndpointSliceTerminatingCondition off the API server drops serving/terminating.
    serving: terminatingConditionOn ? readServing(conditions) : true,
    terminating: terminatingConditionOn ? readTerminating(conditions) : false,
    zoneHints: readZoneHints(endpoint, ctx),
    nodeHints: readNodeHints(endpoint, ctx),
  };
}

/** A later duplicate replaces an earlier one unless the later one is terminating. */
export function addWithDuplicateRule(byIpPort: Map<string, RefEndpoint>, endpoint: RefEndpoint): void {
  if (byIpPort.has(endpoint.ipPort) && endpoint.terminating) return;
  byIpPort.set(endpoint.ipPort, endpoint);
}

/**
 * The endpoint list of the Service port `servicePortName` in `family`, sorted by `ip:port`.
 * Gate visibility is applied per slice endpoint, before the duplicate rule: the API server drops
 * serving/terminating and kube-proxy's cache drops not-ready endpoints as each slice is read
 * (docs/rules.md §9 v1.21–1.23); docs/eras.md does not fix this order.
 */
export function buildEndpointList(
  slices: unknown[],
  servicePortName: string,
  protocol: string,
  family: Family,
  ctx: RefContext,
): RefEndpoint[] {
  const byIpPort = new Map<string, RefEndpoint>();
  for (const slice of slicesInNameOrder(slices)) {
    if (slice.addressType !== family) continue;
    for (const port of matchingSlicePorts(slice, servicePortName, protocol)) {
      for (const raw of arr(slice.endpoints).map(obj)) {
        const endpoint = readEndpoint(raw, port, ctx);
        if (endpoint) addWithDuplicateRule(byIpPort, endpoint);
      }
    }
  }
  const order = sortEndpoints([...byIpPort.keys()]);
  return order.map((key) => byIpPort.get(key)!);
}
