// A tally of flows (traffic/route.ts) → the report's Summary (docs/contracts.md §5 plus tpe's figures): counts
// by verdict, bytes split by locality, the cross-zone bill, zone and node matrices, endpoint load.
// Matrix keys are `from→to`; a node without a zone label is in zone `(no zone)`, an endpoint on a
// node the cluster does not know is in `(unknown)`.
import type { Cluster } from '../model/cluster.js';
import type { Summary } from '../document.js';
import type { Tally } from '../traffic/route.js';
import { monthlyCost, pricePerGiB, type Price } from './prices.js';
import { round } from './round.js';

export function summarize(tally: Tally, cluster: Cluster, price: Price): Summary {
  const zoneName = (z: number) => (z === cluster.zones.length ? '(unknown)' : cluster.zones[z] === '' ? '(no zone)' : cluster.zones[z]!);
  const ZU = cluster.zones.length + 1;
  const zoneMatrix: Record<string, number> = {};
  const zoneCells: Array<[string, number]> = [];
  for (let i = 0; i < ZU; i++)
    for (let j = 0; j < ZU; j++) {
      const bytes = tally.zoneBytes[i * ZU + j]!;
      if (bytes > 0) zoneCells.push([`${zoneName(i)}→${zoneName(j)}`, bytes]);
    }
  for (const [k, v] of zoneCells.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) zoneMatrix[k] = round(v);

  const summary: Summary = {
    flows: tally.flows,
    route: tally.route,
    drop: tally.drop,
    reject: tally.reject,
    bytesPerSecond: {
      sameNode: round(tally.bytesSameNode),
      sameZone: round(Math.max(0, tally.bytesSameZone)),
      crossZone: round(tally.bytesCrossZone),
      ...(tally.bytesUnknownZone > 1e-9 ? { unknownZone: round(tally.bytesUnknownZone) } : {}),
    },
    crossZoneCostPerMonth: {
      usd: round(monthlyCost(tally.bytesCrossZone, price)),
      pricePerGiB: round(pricePerGiB(price)),
      billedBothDirections: price.billedBothDirections,
      provider: price.provider,
      quoted: { usd: price.usd, per: price.unit, source: price.source },
    },
    requestsPerSecond: {
      routed: round(tally.requestsRouted),
      dropped: round(tally.requestsDropped),
      rejected: round(tally.requestsRejected),
    },
    zoneMatrix,
  };
  if (tally.nodeBytes) {
    const N = cluster.nodes.length;
    const nodeMatrix: Record<string, number> = {};
    const cells: Array<[string, number]> = [];
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        const bytes = tally.nodeBytes[i * N + j]!;
        if (bytes > 0) cells.push([`${cluster.nodes[i]!.name}→${cluster.nodes[j]!.name}`, bytes]);
      }
    for (const [k, v] of cells.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) nodeMatrix[k] = round(v);
    summary.nodeMatrix = nodeMatrix;
  }
  summary.endpointLoad = endpointLoad(tally);
  return summary;
}

/** Over the endpoints of the Service ports flows went to (an endpoint of two Services counts once per Service port). */
function endpointLoad(tally: Tally): NonNullable<Summary['endpointLoad']> {
  const load = tally.endpointLoad;
  let max = 0;
  let busiest = -1;
  let sum = 0;
  let count = 0;
  for (let id = 0; id < load.length; id++) {
    const v = load[id]!;
    if (v <= 0) continue;
    sum += v;
    count++;
    if (v > max) {
      max = v;
      busiest = id;
    }
  }
  return { max: round(max), mean: round(count ? sum / count : 0), busiest: busiest < 0 ? null : endpointName(tally, busiest) };
}

/** `shop/cart-7 (10.0.1.5:8080)`, or the address alone when the slice names no pod. */
function endpointName(tally: Tally, index: number): string {
  let lo = 0;
  let hi = tally.loadStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tally.loadStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  const ep = tally.loadPorts[lo]!.req.endpoints[index - tally.loadStarts[lo]!]!;
  return ep.targetPod !== null ? `${ep.targetPod} (${ep.key})` : ep.key;
}
