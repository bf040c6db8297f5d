// `explain`: one entry per endpoint saying why it is or is not in this node's sets. Reasons are
// read off the engine's own answer (membership and each endpoint's state as the era sees it), so
// explain can never disagree with the decision. The list is documented in docs/explain.md.
import type { Abi, Views } from './kernel.js';
import type { ProxyEndpoint } from './endpoints.js';
import type { ExplainEntry, ExplainReason, TopologyMode } from './types.js';

export function explainNode(
  abi: Abi,
  views: Views,
  j: number,
  endpoints: readonly ProxyEndpoint[],
  mode: TopologyMode,
  node: { name: string; zone: string },
): ExplainEntry[] {
  const inCluster = membership(views, endpoints.length, views.outClusterStart[j]!, views.outClusterLen[j]!);
  const inLocal = membership(views, endpoints.length, views.outLocalStart[j]!, views.outLocalLen[j]!);
  const flags = views.outFlags[j]!;
  const clusterUsed = (flags & abi.OUT_CLUSTER_USED) !== 0;
  const localUsed = (flags & abi.OUT_LOCAL_USED) !== 0;
  const anyReadyInCluster = endpoints.some((_, i) => inCluster[i] && views.state[i]! & abi.STATE_READY);
  return endpoints.map((ep, i) => {
    const state = views.state[i]!;
    const cluster = clusterUsed && inCluster[i] === 1;
    const local = localUsed && inLocal[i] === 1;
    const reason = reasonFor(abi, ep, state, cluster, local, mode, anyReadyInCluster, localUsed && !clusterUsed);
    return { endpoint: ep.key, cluster, local, reason, detail: detail(reason, ep, node) };
  });
}

function membership(views: Views, n: number, start: number, len: number): Uint8Array {
  const marks = new Uint8Array(n);
  for (let k = 0; k < len; k++) marks[views.pool[start + k]!] = 1;
  return marks;
}

function reasonFor(
  abi: Abi,
  ep: ProxyEndpoint,
  state: number,
  cluster: boolean,
  local: boolean,
  mode: TopologyMode,
  anyReadyInCluster: boolean,
  localOnly: boolean,
): ExplainReason {
  const ready = (state & abi.STATE_READY) !== 0;
  if (cluster) {
    if (!ready) return 'ServingTerminatingFallback';
    return mode === 'PreferSameZone' ? 'ReadyInZone' : mode === 'PreferSameNode' ? 'ReadyForNode' : 'Ready';
  }
  if (local) return ready ? 'LocalReady' : 'LocalServingTerminating';
  if (ready) {
    if (localOnly) return 'NotLocal';
    if (mode === 'PreferSameZone') return 'HintForOtherZone';
    if (mode === 'PreferSameNode') return 'HintForOtherNode';
    return 'NotLocal';
  }
  if (state & abi.STATE_SERVING_TERMINATING) return anyReadyInCluster || !localOnly ? 'ServingTerminatingNotNeeded' : 'NotLocal';
  if (ep.serving && ep.terminating) return 'TerminatingFallbackDisabled';
  return 'NotReady';
}

function detail(reason: ExplainReason, ep: ProxyEndpoint, node: { name: string; zone: string }): string {
  const where = ep.nodeName ? `on node ${ep.nodeName}` : 'with no nodeName';
  switch (reason) {
    case 'Ready':
      return `ready endpoint ${where}; no topology filtering applies`;
    case 'ReadyInZone':
      return `ready and hinted for this node's zone ${JSON.stringify(node.zone)}`;
    case 'ReadyForNode':
      return `ready and hinted for this node (${node.name})`;
    case 'ServingTerminatingFallback':
      return 'serving but terminating: used because no ready endpoint exists (terminating fallback, topology ignored)';
    case 'LocalReady':
      return `ready and local to ${node.name}`;
    case 'LocalServingTerminating':
      return `local to ${node.name}, serving but terminating: used because ${node.name} has no ready local endpoint`;
    case 'HintForOtherZone':
      return `ready, but hinted for zone(s) ${ep.zoneHints.join(', ')}, not this node's zone ${JSON.stringify(node.zone)}`;
    case 'HintForOtherNode':
      return `ready, but hinted for node(s) ${ep.nodeHints.join(', ')}, not ${node.name}`;
    case 'NotLocal':
      return `${where}, not ${node.name}: a Local traffic policy only uses endpoints on this node`;
    case 'ServingTerminatingNotNeeded':
      return 'serving but terminating: not used while ready endpoints exist';
    case 'TerminatingFallbackDisabled':
      return 'serving but terminating: the terminating fallback is off (ProxyTerminatingEndpoints) in this version';
    case 'NotReady':
      return 'not ready and not serving+terminating: never used';
  }
}
