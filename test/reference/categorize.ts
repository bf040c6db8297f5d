// 1.24 and newer: CategorizeEndpoints (docs/rules.md §3, docs/eras.md "1.24 and newer").
import { availableForMode, topologyMode, type TopologyMode } from './topology.js';
import { sortEndpoints, type RefContext, type RefEndpoint, type RefSets } from './types.js';

/** Uses Cluster ⇔ ITP≠Local or externally accessible (docs/rules.md §1). */
export function usesClusterPolicy(ctx: RefContext): boolean {
  return !ctx.itpLocal || ctx.externallyAccessible;
}

/** Uses Local ⇔ ITP=Local or (ETP=Local and externally accessible) (docs/rules.md §1). */
export function usesLocalPolicy(ctx: RefContext): boolean {
  return ctx.itpLocal || (ctx.etpLocal && ctx.externallyAccessible);
}

/** Serving+terminating endpoints are visible only with ProxyTerminatingEndpoints on (§9 v1.24). */
export function isUsableServingTerminating(ep: RefEndpoint, ctx: RefContext): boolean {
  return ctx.gates.ProxyTerminatingEndpoints && ep.serving && ep.terminating;
}

function ipPorts(list: RefEndpoint[]): string[] {
  return list.map((ep) => ep.ipPort);
}

/** §3.2b: Ready endpoints available for the mode; §3.2c: else all serving+terminating ones. */
export function clusterEndpointsFor(list: RefEndpoint[], mode: TopologyMode, ctx: RefContext): string[] {
  const available = list.filter((ep) => ep.ready && availableForMode(ep, mode, ctx));
  if (available.length > 0) return ipPorts(available);
  return ipPorts(list.filter((ep) => isUsableServingTerminating(ep, ctx)));
}

/** §3.5: local Ready endpoints; else local serving+terminating; else empty. Never topology-filtered. */
export function localEndpointsFor(list: RefEndpoint[], ctx: RefContext): { endpoints: string[]; usingTerminating: boolean } {
  const localReady = list.filter((ep) => ep.isLocal && ep.ready);
  if (localReady.length > 0) return { endpoints: ipPorts(localReady), usingTerminating: false };
  const localTerminating = list.filter((ep) => ep.isLocal && isUsableServingTerminating(ep, ctx));
  return { endpoints: ipPorts(localTerminating), usingTerminating: localTerminating.length > 0 };
}

/** §3.4: any Ready endpoint, or any serving+terminating one, anywhere in the cluster. */
export function anyUsableEndpoint(list: RefEndpoint[], ctx: RefContext): boolean {
  return list.some((ep) => ep.ready || isUsableServingTerminating(ep, ctx));
}

/** Set union, sorted. */
export function union(a: string[], b: string[]): string[] {
  return sortEndpoints([...new Set([...a, ...b])]);
}

/** §3.1 (tpe's reading, docs/contracts.md §2): no endpoints ⇒ empty lists for the policies the port uses. */
export function categorizeNoEndpoints(ctx: RefContext): RefSets {
  return {
    topologyMode: 'None',
    clusterEndpoints: usesClusterPolicy(ctx) ? [] : null,
    localEndpoints: usesLocalPolicy(ctx) ? [] : null,
    allReachableEndpoints: [],
    hasAnyEndpoints: false,
  };
}

export function categorizeEndpoints(list: RefEndpoint[], ctx: RefContext): RefSets {
  if (list.length === 0) return categorizeNoEndpoints(ctx);
  const usesCluster = usesClusterPolicy(ctx);
  const usesLocal = usesLocalPolicy(ctx);

  // §3.2
  const mode: TopologyMode = usesCluster ? topologyMode(list, ctx) : 'None';
  const clusterEndpoints = usesCluster ? clusterEndpointsFor(list, mode, ctx) : null;
  let hasAnyEndpoints = clusterEndpoints !== null && clusterEndpoints.length > 0;

  // §3.3
  if (!usesLocal) {
    return { topologyMode: mode, clusterEndpoints, localEndpoints: null, allReachableEndpoints: clusterEndpoints ?? [], hasAnyEndpoints };
  }

  // §3.4, §3.5
  if (anyUsableEndpoint(list, ctx)) hasAnyEndpoints = true;
  const local = localEndpointsFor(list, ctx);

  // §3.6
  if (clusterEndpoints === null) {
    return {
      topologyMode: mode,
      clusterEndpoints: null,
      localEndpoints: local.endpoints,
      allReachableEndpoints: local.endpoints,
      hasAnyEndpoints,
    };
  }
  // §3.7: no topology and local holds Ready endpoints (or nothing): cluster is a superset.
  if (mode === 'None' && !local.usingTerminating) {
    return {
      topologyMode: mode,
      clusterEndpoints,
      localEndpoints: local.endpoints,
      allReachableEndpoints: clusterEndpoints,
      hasAnyEndpoints,
    };
  }
  // §3.8
  return {
    topologyMode: mode,
    clusterEndpoints,
    localEndpoints: local.endpoints,
    allReachableEndpoints: union(clusterEndpoints, local.endpoints),
    hasAnyEndpoints,
  };
}
