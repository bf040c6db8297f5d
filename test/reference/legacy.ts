// 1.21–1.23: one filtered list per Service port and node, used for all traffic (docs/rules.md §9,
// docs/eras.md "1.21–1.23: one filtered list").
import { hintsFilter121, hintsFilter122 } from './topology.js';
import { union } from './categorize.js';
import type { TrafficLists } from './verdicts.js';
import type { RefContext, RefEndpoint, RefSets } from './types.js';

/** Which step of the filter decided the list. */
export type LegacyStep = 'etpLocal' | 'itpLocal' | 'hints' | 'none';

export interface LegacyFilter {
  step: LegacyStep;
  list: RefEndpoint[];
  /** The hints filter chose a subset (topologyMode PreferSameZone). */
  topologyFiltered: boolean;
}

/** Steps 1–4 of the filter. */
export function filterEndpointsLegacy(list: RefEndpoint[], ctx: RefContext): LegacyFilter {
  // 1. ETP=Local ⇒ no filtering: ITP and hints are ignored.
  if (ctx.etpLocal) return { step: 'etpLocal', list, topologyFiltered: false };
  // 2. ITP gate on and ITP=Local ⇒ the node's local endpoints (itpLocal already includes the gate).
  if (ctx.itpLocal) return { step: 'itpLocal', list: list.filter((ep) => ep.isLocal), topologyFiltered: false };
  // 3. TopologyAwareHints on ⇒ hints filter.
  if (ctx.gates.TopologyAwareHints) {
    const result = ctx.minor === 21 ? hintsFilter121(list, ctx) : hintsFilter122(list, ctx);
    return { step: 'hints', list: result.list, topologyFiltered: result.filtered };
  }
  // 4. Everything.
  return { step: 'none', list, topologyFiltered: false };
}

/** Terminating endpoints count only from 1.22, with ProxyTerminatingEndpoints on, for ETP=Local. */
export function terminatingCountsForEtpLocal(ctx: RefContext): boolean {
  return ctx.minor >= 22 && ctx.gates.ProxyTerminatingEndpoints && ctx.etpLocal;
}

/** The proxier's `hasEndpoints`: Ready endpoints in the filtered list, or the terminating exception. */
export function hasEndpointsLegacy(ready: RefEndpoint[], unfiltered: RefEndpoint[], ctx: RefContext): boolean {
  if (ready.length > 0) return true;
  if (!terminatingCountsForEtpLocal(ctx)) return false;
  return unfiltered.some((ep) => ep.serving && ep.terminating);
}

/** ETP=Local external traffic: local Ready endpoints of the unfiltered list, else (gate on) local serving+terminating. */
export function externalLocalEndpointsLegacy(unfiltered: RefEndpoint[], ctx: RefContext): RefEndpoint[] {
  const localReady = unfiltered.filter((ep) => ep.isLocal && ep.ready);
  if (localReady.length > 0) return localReady;
  if (!terminatingCountsForEtpLocal(ctx)) return [];
  return unfiltered.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
}

function ipPorts(list: RefEndpoint[]): string[] {
  return list.map((ep) => ep.ipPort);
}

export function categorizeLegacy(list: RefEndpoint[], ctx: RefContext): { sets: RefSets; lists: TrafficLists } {
  const filter = filterEndpointsLegacy(list, ctx);
  const ready = ipPorts(filter.list.filter((ep) => ep.ready));
  const hasAnyEndpoints = hasEndpointsLegacy(
    filter.list.filter((ep) => ep.ready),
    list,
    ctx,
  );
  const topologyMode = filter.topologyFiltered ? 'PreferSameZone' : 'None';

  if (filter.step === 'etpLocal') {
    const local = ipPorts(externalLocalEndpointsLegacy(list, ctx));
    return {
      sets: { topologyMode, clusterEndpoints: ready, localEndpoints: local, allReachableEndpoints: union(ready, local), hasAnyEndpoints },
      lists: { internal: ready, external: local },
    };
  }
  if (filter.step === 'itpLocal') {
    return {
      sets: { topologyMode, clusterEndpoints: null, localEndpoints: ready, allReachableEndpoints: ready, hasAnyEndpoints },
      lists: { internal: ready, external: ready },
    };
  }
  return {
    sets: { topologyMode, clusterEndpoints: ready, localEndpoints: null, allReachableEndpoints: ready, hasAnyEndpoints },
    lists: { internal: ready, external: ready },
  };
}
