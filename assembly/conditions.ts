// How this era's kube-proxy sees each endpoint (docs/rules.md §2, docs/eras.md "Gate visibility").
import {
  COND_READY, COND_SERVING, COND_TERMINATING,
  GATE_PROXY_TERMINATING, GATE_TOPOLOGY_AWARE_HINTS, GATE_PREFER_SAME,
  STATE_READY, STATE_SERVING_TERMINATING, STATE_ZONE_HINTS, STATE_NODE_HINTS,
} from './abi';

export function endpointState(cond: u8, zoneHints: u32, nodeHints: u32, minor: u32, gates: u32): u8 {
  // Every endpoint the host sends is in kube-proxy's list: the EndpointSliceTerminatingCondition
  // visibility rule is applied while reading slices (host/engine/endpoints.ts), before dedupe.
  let state: u8 = 0;
  if (cond & COND_READY) state |= STATE_READY;
  // The terminating fallback exists only behind ProxyTerminatingEndpoints (§9); without it a
  // serving+terminating endpoint is invisible to the fallback and to hasAnyEndpoints.
  if ((gates & GATE_PROXY_TERMINATING) != 0 && (cond & COND_SERVING) != 0 && (cond & COND_TERMINATING) != 0) {
    state |= STATE_SERVING_TERMINATING;
  }
  // Zone hints were read into the cache only with TopologyAwareHints until 1.26 (§2).
  if (zoneHints > 0 && (minor >= 27 || (gates & GATE_TOPOLOGY_AWARE_HINTS) != 0)) state |= STATE_ZONE_HINTS;
  // Node hints are read only with PreferSameTrafficDistribution (§2).
  if (nodeHints > 0 && (gates & GATE_PREFER_SAME) != 0) state |= STATE_NODE_HINTS;
  return state;
}
