// One family's endpoints → their hints, by the path mode.ts chose (docs/rules.md §5). Hints are
// decided per address family over all of that family's slices, as upstream does.
import type { EndpointModel } from '../../host/objects/model.js';
import type { ZoneCapacity } from './capacity.js';
import type { HintMode } from './mode.js';
import type { SlicePlan } from './slices.js';
import { autoHints, type AutoHints } from './topologycache.js';
import { distributionHints, type DistributionHints } from './trafficdist.js';

/** What happened, for report.ts to put into words. */
export type HintOutcome =
  /** `auto` is null when the controller keeps no topology cache (TopologyAwareHints off): no hints at all. */
  | { mode: Extract<HintMode, { source: 'annotation' }>; auto: AutoHints | null; notReady: number }
  | { mode: Extract<HintMode, { source: 'trafficDistribution' }>; distribution: DistributionHints | null; notReady: number }
  | { mode: Extract<HintMode, { source: 'none' }> };

export interface FamilyHints {
  forZones: string[][] | null;
  forNodes: string[][] | null;
  outcome: HintOutcome;
}

/** `capacity` gives the cluster's zone CPU; only the annotation path asks for it. */
export function decideHints(mode: HintMode, endpoints: readonly EndpointModel[], capacity: () => ZoneCapacity): FamilyHints {
  const notReady = endpoints.filter((ep) => ep.conditions.ready !== true).length;
  switch (mode.source) {
    case 'annotation': {
      if (!mode.topologyCache) return { forZones: null, forNodes: null, outcome: { mode, auto: null, notReady } };
      const zones = capacity();
      const auto: AutoHints = zones.ok ? autoHints(endpoints, zones.zones) : zones;
      return { forZones: auto.ok ? auto.forZones : null, forNodes: null, outcome: { mode, auto, notReady } };
    }
    case 'trafficDistribution': {
      const distribution = mode.heuristic === null ? null : distributionHints(endpoints, mode.heuristic);
      return {
        forZones: distribution?.forZones ?? null,
        forNodes: distribution?.forNodes ?? null,
        outcome: { mode, distribution, notReady },
      };
    }
    case 'none':
      return { forZones: null, forNodes: null, outcome: { mode } };
  }
}

/** The plans with hints written into their endpoints (index for index over the plans' endpoints in order). */
export function withHints(plans: readonly SlicePlan[], hints: FamilyHints): SlicePlan[] {
  let i = 0;
  return plans.map((plan) => ({
    ...plan,
    endpoints: plan.endpoints.map((ep) => {
      const index = i++;
      return { ...ep, forZones: hints.forZones?.[index] ?? [], forNodes: hints.forNodes?.[index] ?? [] };
    }),
  }));
}
