// Each zone's share of the cluster's CPU, as the topology cache computes it from Nodes (ESL
// `topologycache/topologycache.go` SetNodes; KEP-2433 "Identifying Zones", "Excluding Control
// Plane Nodes"). The proportional heuristic gives each zone endpoints in these shares.
import type { EmuNode } from '../model/types.js';
import { safeguard, type Safeguard } from './safeguards.js';

export type ZoneCapacity =
  | { ok: true; zones: ZoneShare[] }
  | { ok: false; safeguard: Safeguard };

export interface ZoneShare {
  zone: string;
  milliCPU: number;
  /** milliCPU / total, as upstream's float64 division. */
  ratio: number;
}

const EXCLUDED_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/**
 * Zone shares over the Ready nodes that are not control-plane nodes, sorted by zone. Upstream gives
 * up on the whole cluster as soon as one counted node lacks a zone label or allocatable CPU, and
 * when fewer than two zones (or no CPU at all) remain; each case is a safeguard here. Upstream
 * reports the one-zone case with its insufficient-node-info Event; we name it for what it is.
 */
export function zoneCapacity(nodes: readonly EmuNode[]): ZoneCapacity {
  const counted = nodes
    .filter((n) => n.ready && !n.controlPlane && !EXCLUDED_LABELS.some((l) => l in n.labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lacking = counted.filter((n) => n.zone === '' || !(n.milliCPU > 0));
  if (lacking.length > 0) return { ok: false, safeguard: safeguard.insufficientNodeInfo(lacking) };
  if (counted.length === 0) return { ok: false, safeguard: safeguard.noWorkerNodes(nodes.length) };

  const byZone = new Map<string, number>();
  let total = 0;
  for (const node of counted) {
    byZone.set(node.zone, (byZone.get(node.zone) ?? 0) + node.milliCPU);
    total += node.milliCPU;
  }
  if (byZone.size < 2) return { ok: false, safeguard: safeguard.nodesInOneZone(counted[0]!.zone, counted.length) };
  const zones = [...byZone.keys()].sort().map((zone) => ({ zone, milliCPU: byZone.get(zone)!, ratio: byZone.get(zone)! / total }));
  return { ok: true, zones };
}
