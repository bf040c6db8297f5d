// Hints from spec.trafficDistribution (docs/rules.md §5; ESL `trafficdist/trafficdist.go`;
// KEP-4444, KEP-3015): no allocation, no safeguards — each ready endpoint is hinted for where it is.
import type { EndpointModel } from '../../host/objects/model.js';
import type { DistributionHeuristic } from './mode.js';

export interface DistributionHints {
  forZones: string[][];
  forNodes: string[][];
  /** Ready endpoints, and those of them without a zone (their node has no zone label). */
  ready: number;
  zoneless: number;
}

/**
 * Per ready endpoint: `forZones = [its zone]` when it has one; with PreferSameNode also
 * `forNodes = [its node]`. Not-ready endpoints get no hints: kube-proxy ignores them when it
 * checks hints (docs/rules.md §4), and upstream leaves them untouched.
 */
export function distributionHints(endpoints: readonly EndpointModel[], heuristic: DistributionHeuristic): DistributionHints {
  const hints: DistributionHints = { forZones: [], forNodes: [], ready: 0, zoneless: 0 };
  for (const ep of endpoints) {
    const ready = ep.conditions.ready === true;
    if (ready) hints.ready++;
    if (ready && ep.zone === null) hints.zoneless++;
    hints.forZones.push(ready && ep.zone !== null ? [ep.zone] : []);
    hints.forNodes.push(ready && heuristic === 'PreferSameNode' && ep.nodeName !== null ? [ep.nodeName] : []);
  }
  return hints;
}
