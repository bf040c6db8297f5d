// What traffic does with the sets (docs/rules.md §6, docs/eras.md `internal` / `external` bullets).
import type { TrafficDecision } from '../../host/engine/types.js';
import type { RefContext, RefSets } from './types.js';

/** The endpoint lists that pod → ClusterIP and outside → node traffic may use. */
export interface TrafficLists {
  internal: string[];
  external: string[];
}

/** `reject` when no endpoint exists anywhere; `drop` when none is usable from here; else `route`. */
export function decide(hasAnyEndpoints: boolean, list: string[]): TrafficDecision {
  if (!hasAnyEndpoints) return { verdict: 'reject', endpoints: [] };
  if (list.length === 0) return { verdict: 'drop', endpoints: [] };
  return { verdict: 'route', endpoints: list };
}

/** 1.24+: internal follows ITP (Local list or Cluster list), external follows ETP. */
export function trafficListsFromPolicies(sets: RefSets, ctx: RefContext): TrafficLists {
  const internal = ctx.itpLocal ? sets.localEndpoints : sets.clusterEndpoints;
  const external = ctx.etpLocal ? sets.localEndpoints : sets.clusterEndpoints;
  return { internal: internal ?? [], external: external ?? [] };
}

/** `external` is null unless the port is externally accessible (docs/contracts.md §2). */
export function decisions(
  sets: RefSets,
  lists: TrafficLists,
  ctx: RefContext,
): { internal: TrafficDecision; external: TrafficDecision | null } {
  return {
    internal: decide(sets.hasAnyEndpoints, lists.internal),
    external: ctx.externallyAccessible ? decide(sets.hasAnyEndpoints, lists.external) : null,
  };
}
