// 1.21–1.23: FilterEndpoints' one list per Service port and node, used for all traffic
// (docs/rules.md §9, TOPO21; docs/eras.md "1.21–1.23").
import {
  GATE_INTERNAL_TRAFFIC_POLICY, SVC_ITP_LOCAL, SVC_ETP_LOCAL, SVC_EXTERNAL,
  MODE_NONE, MODE_SAME_ZONE,
  OUT_HAS_ANY, OUT_CLUSTER_USED, OUT_LOCAL_USED, OUT_ALL_SHIFT, ALL_CLUSTER, ALL_LOCAL, ALL_UNION,
  OUT_INTERNAL_SHIFT, OUT_INTERNAL_LOCAL, OUT_EXTERNAL, OUT_EXTERNAL_SHIFT, OUT_EXTERNAL_LOCAL,
} from './abi';
import {
  readyStart, readyLen, servingTerminatingLen, zoneReadyStart, zoneReadyLen,
  localReadyStart, localReadyLen, localTermStart, localTermLen,
} from './sets';
import { legacyHintsFilter } from './topology';
import { verdict } from './verdicts';
import { writeAnswer } from './output';

export function decideLegacy(j: u32, node: u32, zone: u32, minor: u32, gates: u32, service: u32, annHints: u32): void {
  const itpLocal = (service & SVC_ITP_LOCAL) != 0 && (gates & GATE_INTERNAL_TRAFFIC_POLICY) != 0;
  const etpLocal = (service & SVC_ETP_LOCAL) != 0;
  const external = (service & SVC_EXTERNAL) != 0;

  // The filtered list, already reduced to its Ready endpoints (what the proxier programs).
  let mode = MODE_NONE;
  let itpFiltered = false;
  let listStart = readyStart, listLen = readyLen;
  if (etpLocal) {
    // ETP=Local: no filtering at all — ITP and hints are not used (the seed's constraint).
  } else if (itpLocal) {
    itpFiltered = true;
    listLen = localReadyLen(node);
    // An empty run starts at 0: a node without local endpoints may have no table row at all.
    listStart = listLen > 0 ? localReadyStart(node) : 0;
  } else if (legacyHintsFilter(minor, gates, annHints, zone)) {
    mode = MODE_SAME_ZONE;
    listStart = zoneReadyStart(zone);
    listLen = zoneReadyLen(zone);
  }

  let hasEndpoints = listLen > 0;
  // From 1.22, ProxyTerminatingEndpoints with ETP=Local: serving+terminating endpoints count too
  // (the set is empty without the gate).
  if (!hasEndpoints && etpLocal && servingTerminatingLen > 0) hasEndpoints = true;

  let localStart: u32 = 0, localLen: u32 = 0;
  if (etpLocal) {
    localLen = localReadyLen(node);
    if (localLen > 0) localStart = localReadyStart(node);
    else {
      localLen = localTermLen(node);
      if (localLen > 0) localStart = localTermStart(node);
    }
  }

  let flags: u32 = mode;
  let clusterStart: u32 = 0, clusterLen: u32 = 0;
  if (etpLocal) {
    flags |= OUT_CLUSTER_USED | OUT_LOCAL_USED | (ALL_UNION << OUT_ALL_SHIFT);
    clusterStart = listStart;
    clusterLen = listLen;
  } else if (itpFiltered) {
    flags |= OUT_LOCAL_USED | (ALL_LOCAL << OUT_ALL_SHIFT);
    localStart = listStart;
    localLen = listLen;
  } else {
    flags |= OUT_CLUSTER_USED | (ALL_CLUSTER << OUT_ALL_SHIFT);
    clusterStart = listStart;
    clusterLen = listLen;
  }
  if (hasEndpoints) flags |= OUT_HAS_ANY;
  flags |= verdict(hasEndpoints, listLen) << OUT_INTERNAL_SHIFT;
  if (itpFiltered) flags |= OUT_INTERNAL_LOCAL;
  if (external) {
    flags |= OUT_EXTERNAL;
    if (etpLocal) flags |= OUT_EXTERNAL_LOCAL | (verdict(hasEndpoints, localLen) << OUT_EXTERNAL_SHIFT);
    else {
      // One list for everything: ITP=Local restricts NodePort/LB traffic too (kubernetes#105470).
      if (itpFiltered) flags |= OUT_EXTERNAL_LOCAL;
      flags |= verdict(hasEndpoints, listLen) << OUT_EXTERNAL_SHIFT;
    }
  }
  writeAnswer(j, flags, clusterStart, clusterLen, localStart, localLen);
}
