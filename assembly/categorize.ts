// CategorizeEndpoints, 1.24 and newer (docs/rules.md §3; docs/eras.md): one node's clusterEndpoints,
// localEndpoints, allReachableEndpoints, hasAnyEndpoints and the §6 verdicts, as runs of the pool.
import {
  GATE_INTERNAL_TRAFFIC_POLICY, SVC_ITP_LOCAL, SVC_ETP_LOCAL, SVC_EXTERNAL,
  MODE_NONE, MODE_SAME_ZONE, MODE_SAME_NODE,
  OUT_HAS_ANY, OUT_CLUSTER_USED, OUT_LOCAL_USED, OUT_ALL_SHIFT, ALL_CLUSTER, ALL_LOCAL, ALL_UNION,
  OUT_INTERNAL_SHIFT, OUT_INTERNAL_LOCAL, OUT_EXTERNAL, OUT_EXTERNAL_SHIFT, OUT_EXTERNAL_LOCAL,
} from './abi';
import {
  readyStart, readyLen, servingTerminatingStart, servingTerminatingLen,
  zoneReadyStart, zoneReadyLen, nodeHintedStart, nodeHintedLen,
  localReadyStart, localReadyLen, localTermStart, localTermLen,
} from './sets';
import { topologyMode } from './topology';
import { verdict } from './verdicts';
import { writeAnswer } from './output';
import { runWithin } from './runs';

export function decideCategorize(
  j: u32, node: u32, zone: u32, minor: u32, gates: u32, service: u32, annHints: u32, annMode: u32,
): void {
  const itpLocal = (service & SVC_ITP_LOCAL) != 0 && (gates & GATE_INTERNAL_TRAFFIC_POLICY) != 0;
  const etpLocal = (service & SVC_ETP_LOCAL) != 0;
  const external = (service & SVC_EXTERNAL) != 0;
  // §1 "Which policies a port uses": Cluster endpoints are also needed for the ETP=Local
  // short-circuit whenever the port is externally accessible.
  const usesCluster = !itpLocal || external;
  const usesLocal = itpLocal || (etpLocal && external);

  let flags: u32 = 0;
  let mode = MODE_NONE;
  let hasAny = false;
  let clusterStart: u32 = 0, clusterLen: u32 = 0;
  if (usesCluster) {
    flags |= OUT_CLUSTER_USED;
    mode = topologyMode(minor, gates, annHints, annMode, node, zone);
    if (mode == MODE_SAME_NODE) {
      clusterStart = nodeHintedStart(node);
      clusterLen = nodeHintedLen(node);
    } else if (mode == MODE_SAME_ZONE) {
      clusterStart = zoneReadyStart(zone);
      clusterLen = zoneReadyLen(zone);
    } else {
      clusterStart = readyStart;
      clusterLen = readyLen;
    }
    // §3.2c: no Ready endpoint ⇒ every serving+terminating one, topology ignored (the set is
    // empty when ProxyTerminatingEndpoints is off: prepare never marks them).
    if (clusterLen == 0) {
      clusterStart = servingTerminatingStart;
      clusterLen = servingTerminatingLen;
    }
    hasAny = clusterLen > 0;
  }

  let localStart: u32 = 0, localLen: u32 = 0;
  let localIsTerminating = false;
  if (usesLocal) {
    flags |= OUT_LOCAL_USED;
    // §3.4: any usable endpoint anywhere keeps the service from rejecting.
    if (readyLen > 0 || servingTerminatingLen > 0) hasAny = true;
    // §3.5: local Ready, else local serving+terminating; never topology-filtered.
    // An empty run starts at 0: a node without local endpoints may have no table row at all.
    localLen = localReadyLen(node);
    if (localLen > 0) {
      localStart = localReadyStart(node);
    } else {
      localLen = localTermLen(node);
      localIsTerminating = localLen > 0;
      if (localIsTerminating) localStart = localTermStart(node);
    }
  }
  if (!usesLocal) flags |= ALL_CLUSTER << OUT_ALL_SHIFT;
  else if (!usesCluster) flags |= ALL_LOCAL << OUT_ALL_SHIFT;
  // §3.7: without topology and with Ready local endpoints, clusterEndpoints is a superset.
  else if (mode == MODE_NONE && !localIsTerminating) flags |= ALL_CLUSTER << OUT_ALL_SHIFT;
  // §3.8 is a set union: when the (few) local endpoints are already in clusterEndpoints, the union
  // is clusterEndpoints itself and every node in the zone shares one answer.
  else if (runWithin(localStart, localLen, clusterStart, clusterLen)) flags |= ALL_CLUSTER << OUT_ALL_SHIFT;
  else flags |= ALL_UNION << OUT_ALL_SHIFT;

  if (hasAny) flags |= OUT_HAS_ANY;
  flags |= mode;
  // §6: ClusterIP traffic follows ITP, external traffic follows ETP.
  if (itpLocal) flags |= OUT_INTERNAL_LOCAL | (verdict(hasAny, localLen) << OUT_INTERNAL_SHIFT);
  else flags |= verdict(hasAny, clusterLen) << OUT_INTERNAL_SHIFT;
  if (external) {
    flags |= OUT_EXTERNAL;
    if (etpLocal) flags |= OUT_EXTERNAL_LOCAL | (verdict(hasAny, localLen) << OUT_EXTERNAL_SHIFT);
    else flags |= verdict(hasAny, clusterLen) << OUT_EXTERNAL_SHIFT;
  }
  writeAnswer(j, flags, clusterStart, clusterLen, localStart, localLen);
}
