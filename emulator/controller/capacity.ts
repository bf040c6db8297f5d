// Each zone's share of the cluster's CPU, as the topology cache computes it from Nodes (ESL
// `topologycache/topologycache.go` SetNodes; KEP-2433 "Identifying Zones", "Excluding Control
// Plane Nodes"). The proportional heuristic gives each zone endpoints in these shares.
import type { EmuNode } from '../model/types.js';
import { safeguard, type Safeguard } from './safeguards.js';
import { LABEL_CONTROL_PLANE } from '../../host/objects/well-known.js';

export type ZoneCapacity = { ok: true; zones: ZoneShare[] } | { ok: false; safeguard: Safeguard };

export interface ZoneShare {
  zone: string;
  milliCPU: number;
  /** milliCPU / total, as upstream's float64 division. */
  ratio: number;
  /** Nodes counted in the zone, and how many of them report no allocatable CPU (assumed, see model/node.ts). */
  nodes: number;
  defaultedNodes: number;
}

// Nodes with either role label are left out of the capacity, whatever the label's value.
const MASTER_LABEL = 'node-role.kubernetes.io/master';

/**
 * Zone shares over the Ready nodes that are not control-plane nodes, sorted by zone. Upstream gives
 * up on the whole cluster as soon as one counted node lacks a zone label or allocatable CPU, and
 * when fewer than two zones (or no CPU at all) remain; each case is a safeguard here. Upstream
 * reports the one-zone case with its insufficient-node-info Event; we name it for what it is.
 */
export function zoneCapacity(nodes: readonly EmuNode[]): ZoneCapacity {
  // One pass over every node: callers with many Auto Services compute this once (ControllerInput.zoneCapacity).
  const byZone = new Map<string, number>();
  const nodesIn = new Map<string, { nodes: number; defaulted: number }>();
  const lacking: EmuNode[] = [];
  let counted = 0;
  let total = 0;
  for (const node of nodes) {
    if (!node.ready || node.controlPlane || LABEL_CONTROL_PLANE in node.labels || MASTER_LABEL in node.labels) continue;
    counted++;
    if (node.zone === '' || !(node.milliCPU > 0)) {
      lacking.push(node);
      continue;
    }
    byZone.set(node.zone, (byZone.get(node.zone) ?? 0) + node.milliCPU);
    const count = nodesIn.get(node.zone) ?? { nodes: 0, defaulted: 0 };
    count.nodes++;
    if (node.cpuDefaulted === true) count.defaulted++;
    nodesIn.set(node.zone, count);
    total += node.milliCPU;
  }
  if (lacking.length > 0)
    return { ok: false, safeguard: safeguard.insufficientNodeInfo(lacking.sort((a, b) => (a.name < b.name ? -1 : 1))) };
  if (counted === 0) return { ok: false, safeguard: safeguard.noWorkerNodes(nodes.length) };
  const zones = [...byZone.keys()].sort();
  if (zones.length < 2) return { ok: false, safeguard: safeguard.nodesInOneZone(zones[0]!, counted) };
  return {
    ok: true,
    zones: zones.map((zone) => ({
      zone,
      milliCPU: byZone.get(zone)!,
      ratio: byZone.get(zone)! / total,
      nodes: nodesIn.get(zone)!.nodes,
      defaultedNodes: nodesIn.get(zone)!.defaulted,
    })),
  };
}
