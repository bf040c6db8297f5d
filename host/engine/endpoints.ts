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
  // Every endpoint of the port in slice-name order, duplicates included: the duplicate rule needs
  // their order of arrival.
  const arrived: ProxyEndpoint[] = [];
  const ordered = slices.length > 1 ? [...slices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : slices;
  for (const slice of ordered) {
    if (slice.addressType !== family) continue;
    for (const slicePort of slice.ports) {
      // Ports with no name or no number are skipped (ESC); the name must equal the Service port's.
      if (slicePort.name === null || !slicePort.port) continue;
      if (slicePort.name !== port.name || slicePort.protocol !== port.protocol) continue;
      const portNumber = slicePort.port;
      const suffix = `:${portNumber}`;
      for (const ep of slice.endpoints) {
        const ip = ep.addresses[0];
        if (ip === undefined) continue;
        const ready = ep.conditions.ready ?? true;
        if (!terminatingCondition && !ready) continue;
        arrived.push({
          key: family === 'IPv6' ? `[${ip}]${suffix}` : ip + suffix,
          ip,
          port: portNumber,
          ready,
          serving: terminatingCondition ? (ep.conditions.serving ?? true) : true,
          terminating: terminatingCondition ? (ep.conditions.terminating ?? false) : false,
          nodeName: ep.nodeName ?? '',
          zone: ep.zone,
          zoneHints: ep.forZones,
          nodeHints: ep.forNodes,
          targetPod: ep.targetPod,
          slice: slice.name,
        });
      }
    }
  }
  return (family === 'IPv4' && byAddressRank(arrived)) || byKeyString(arrived);
}

/** A later duplicate replaces an earlier one unless it is terminating. */
const replaces = (later: ProxyEndpoint) => !later.terminating;

/**
 * The common case without a Map or a string sort: one port number and canonical dotted-quad
 * addresses. Each endpoint gets a sort key of its address's rank (ipv4Rank: ordered as the `ip:port`
 * strings are) and its index of arrival, in one double; a numeric sort then brings duplicates
 * together in arrival order. Null when the endpoints do not fit this case.
 */
function byAddressRank(arrived: readonly ProxyEndpoint[]): ProxyEndpoint[] | null {
  const n = arrived.length;
  if (n === 0) return [];
  if (n > MAX_RANKED) return null;
  const port = arrived[0]!.port;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ep = arrived[i]!;
    const rank = ipv4Rank(ep.ip);
    if (rank < 0 || ep.port !== port) return null;
    keys[i] = rank * MAX_RANKED + i;
  }
  keys.sort();
  const out: ProxyEndpoint[] = [];
  let lastRank = -1;
  for (let k = 0; k < n; k++) {
    const key = keys[k]!;
    const rank = Math.floor(key / MAX_RANKED);
    const ep = arrived[key - rank * MAX_RANKED]!;
    if (rank !== lastRank) out.push(ep);
    else if (replaces(ep)) out[out.length - 1] = ep;
    lastRank = rank;
  }
  return out;
}

/** Arrival indexes fit below 2^21, beside a 32-bit rank in a double's 53 bits. */
const MAX_RANKED = 2 ** 21;

/** Any addresses and ports: deduplicated by key, sorted by key. */
function byKeyString(arrived: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  for (const ep of arrived) if (!byKey.has(ep.key) || replaces(ep)) byKey.set(ep.key, ep);
  // The default sort orders strings by UTF-16 code units, as `<` does, without calling back into JS
  // for every comparison.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

/**
 * A number that orders `ip:port` keys of one port exactly as their strings do (by UTF-16 code
 * units), for a canonical dotted-quad `ip` (no leading zeros); -1 for anything else. Strings compare
 * up to the first difference, each octet with what follows it: `.` sorts below the digits (after the
 * first three octets "1." < "10." < "2."), `:` above them (after the last one "100:" < "10:"). So a
 * key's order is that of its octets' ranks under those two orders, 8 bits each.
 */
export function ipv4Rank(ip: string): number {
  let rank = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  const length = ip.length;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? ip.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || dots === 4) return -1;
      rank = rank * 256 + (dots === 3 ? LAST_OCTET_RANK[octet]! : OCTET_RANK[octet]!);
      dots += 1;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // No leading zeros: "0" alone, never "01".
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return -1;
    } else {
      return -1;
    }
  }
  return dots === 4 ? rank : -1;
}

/** Ranks of the decimal strings of 0…255 in string order when `next` follows each. */
function octetRanks(next: string): Uint8Array {
  const strings = Array.from({ length: 256 }, (_, v) => `${v}${next}`);
  const ranks = new Uint8Array(256);
  [...strings].sort().forEach((s, rank) => (ranks[Number(s.slice(0, -next.length))] = rank));
  return ranks;
}

const OCTET_RANK = octetRanks('.');
const LAST_OCTET_RANK = octetRanks(':');
