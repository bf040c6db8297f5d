// Which topology mode kube-proxy applies for a node (docs/rules.md §4; docs/eras.md per era).
// Only Ready endpoints are inspected: `prepare` counted hints on Ready endpoints only.
import {
  GATE_TOPOLOGY_AWARE_HINTS, GATE_TRAFFIC_DISTRIBUTION, GATE_PREFER_SAME,
  ANN_ABSENT, ANN_EMPTY, ANN_AUTO_UPPER, ANN_AUTO_LOWER, ANN_DISABLED_UPPER, ANN_DISABLED_LOWER,
  MODE_NONE, MODE_SAME_ZONE, MODE_SAME_NODE,
} from './abi';
import { allReadyZoneHinted, allReadyNodeHinted, allZoneHinted, zoneReadyLen, zoneHintedAnyLen, nodeHintedLen } from './sets';

/** 1.24–1.26 (and the 1.22–1.23 filter): the annotation must be exactly `Auto` or `auto`. */
@inline function annotationIsAuto(ann: u32): bool {
  return ann == ANN_AUTO_UPPER || ann == ANN_AUTO_LOWER;
}

/** 1.27+: the deprecated key wins unless empty; any value but "", disabled, Disabled enables. */
function annotationEnables(annHints: u32, annMode: u32): bool {
  const value = annHints == ANN_ABSENT || annHints == ANN_EMPTY ? annMode : annHints;
  return value != ANN_ABSENT && value != ANN_EMPTY && value != ANN_DISABLED_UPPER && value != ANN_DISABLED_LOWER;
}

/** canUseTopology's configuration half for 1.24–1.32 (TOPO25, TOPO27, TOPO30). */
function hintsConfigured(minor: u32, gates: u32, annHints: u32, annMode: u32): bool {
  const tah = (gates & GATE_TOPOLOGY_AWARE_HINTS) != 0;
  if (minor <= 26) return tah && annotationIsAuto(annHints);
  if (minor <= 29) return tah && annotationEnables(annHints, annMode);
  // 1.30–1.32: ServiceTrafficDistribution makes kube-proxy honour hints without the annotation.
  const std = (gates & GATE_TRAFFIC_DISTRIBUTION) != 0;
  if (!tah && !std) return false;
  return std || annotationEnables(annHints, annMode);
}

/** CategorizeEndpoints' topology mode for 1.24+. `zone` 0 is the empty zone. */
export function topologyMode(minor: u32, gates: u32, annHints: u32, annMode: u32, node: u32, zone: u32): u32 {
  if (minor >= 33) {
    // topologyModeFromHints (TOPO): node hints first, then zone hints; no annotation, no zone check.
    if ((gates & GATE_PREFER_SAME) != 0 && allReadyNodeHinted && nodeHintedLen(node) > 0) return MODE_SAME_NODE;
    if (allReadyZoneHinted && zoneReadyLen(zone) > 0) return MODE_SAME_ZONE;
    return MODE_NONE;
  }
  if (!hintsConfigured(minor, gates, annHints, annMode)) return MODE_NONE;
  if (zone == 0) return MODE_NONE; // node without a zone label
  return allReadyZoneHinted && zoneReadyLen(zone) > 0 ? MODE_SAME_ZONE : MODE_NONE;
}

/** FilterEndpoints' hints step for 1.21–1.23 (TOPO21): does it filter for this zone? */
export function legacyHintsFilter(minor: u32, gates: u32, annHints: u32, zone: u32): bool {
  if ((gates & GATE_TOPOLOGY_AWARE_HINTS) == 0 || zone == 0) return false;
  if (minor == 21) {
    // Exactly "auto"; any endpoint in the list (ready or not) lacking hints disables filtering.
    return annHints == ANN_AUTO_LOWER && allZoneHinted && zoneHintedAnyLen(zone) > 0;
  }
  // 1.22–1.23: readiness-aware; Ready endpoints must all be hinted, one for this zone.
  return annotationIsAuto(annHints) && allReadyZoneHinted && zoneReadyLen(zone) > 0;
}
