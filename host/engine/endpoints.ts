// EndpointSlices → the endpoint list kube-proxy's cache builds for one Service port and IP family
// (docs/rules.md §2; docs/eras.md "Inputs"). The one place these conversion rules live.
import type { EndpointSliceModel, IPFamily, ServicePortModel } from '../objects/model.js';

export interface ProxyEndpoint {
  /** `ip:port`, `[ip]:port` for IPv6: the identity kube-proxy dedupes and sorts by. */
  key: string;
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName: string;
  /** The slice's `zone` field: never read by kube-proxy, kept for reports. */
  zone: string | null;
  zoneHints: readonly string[];
  nodeHints: readonly string[];
  targetPod: string | null;
  slice: string;
}

/**
 * The endpoints of `port` in `family`: slices in name order, slice ports matched by name and
 * protocol, `addresses[0]` only, nil conditions defaulted, a later duplicate replacing an earlier one
 * unless it is terminating, sorted by key.
 *
 * Without EndpointSliceTerminatingCondition (`terminatingCondition` false) the API server drops
 * serving/terminating and kube-proxy's cache drops not-ready endpoints as it reads each slice —
 * before the duplicate rule, so a not-ready copy never replaces a ready one (docs/rules.md §9).
 */
export function endpointsForPort(
  slices: readonly EndpointSliceModel[],
  port: ServicePortModel,
  family: IPFamily,
  terminatingCondition = true,
): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  const ordered = [...slices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const slice of ordered) {
    if (slice.addressType !== family) continue;
    for (const slicePort of slice.ports) {
      // Ports with no name or no number are skipped (ESC); the name must equal the Service port's.
      if (slicePort.name === null || !slicePort.port) continue;
      if (slicePort.name !== port.name || slicePort.protocol !== port.protocol) continue;
      for (const ep of slice.endpoints) {
        const ip = ep.addresses[0];
        if (ip === undefined) continue;
        const ready = ep.conditions.ready ?? true;
        if (!terminatingCondition && !ready) continue;
        const key = family === 'IPv6' ? `[${ip}]:${slicePort.port}` : `${ip}:${slicePort.port}`;
        const endpoint: ProxyEndpoint = {
          key,
          ip,
          port: slicePort.port,
          ready,
          serving: terminatingCondition ? (ep.conditions.serving ?? true) : true,
          terminating: terminatingCondition ? (ep.conditions.terminating ?? false) : false,
          nodeName: ep.nodeName ?? '',
          zone: ep.zone,
          zoneHints: ep.forZones,
          nodeHints: ep.forNodes,
          targetPod: ep.targetPod,
          slice: slice.name,
        };
        if (byKey.has(key) && endpoint.terminating) continue;
        byKey.set(key, endpoint);
      }
    }
  }
  // The default sort orders strings by UTF-16 code units, as `<` does, without calling back into JS
  // for every comparison: several times faster on thousands of endpoints.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}
