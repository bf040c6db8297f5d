// Where a Service's hints come from (docs/rules.md §5; ESL `reconciler.go` hintsEnabled and
// `trafficdist/`): the topology annotation if it says Auto, else spec.trafficDistribution, else none.
import type { ServiceModel } from '../../host/objects/model.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE } from '../../host/objects/well-known.js';

/** The trafficDistribution heuristics the controller knows; PreferClose is PreferSameZone's older name. */
export type DistributionHeuristic = 'PreferSameZone' | 'PreferSameNode';

export type HintMode =
  | { source: 'annotation'; annotation: string; value: string; ignoredField: string | null }
  | { source: 'trafficDistribution'; value: string; heuristic: DistributionHeuristic | null; annotationNote: string }
  | { source: 'none'; annotationNote: string };

export function hintMode(service: ServiceModel, preferSameTrafficDistribution: boolean): HintMode {
  // The deprecated key decides whenever it is present, even if it says Disabled and topology-mode
  // says Auto; only exactly `Auto`/`auto` turns the heuristic on.
  const annotation =
    ANNOTATION_TOPOLOGY_AWARE_HINTS in service.annotations
      ? ANNOTATION_TOPOLOGY_AWARE_HINTS
      : ANNOTATION_TOPOLOGY_MODE in service.annotations
        ? ANNOTATION_TOPOLOGY_MODE
        : null;
  const value = annotation === null ? '' : service.annotations[annotation]!;
  if (annotation !== null && (value === 'Auto' || value === 'auto')) {
    return { source: 'annotation', annotation, value, ignoredField: service.trafficDistribution };
  }
  const annotationNote = annotation === null ? '' : annotationOffNote(service, annotation, value);
  const field = service.trafficDistribution;
  if (field === null) return { source: 'none', annotationNote };
  return { source: 'trafficDistribution', value: field, heuristic: heuristicFor(field, preferSameTrafficDistribution), annotationNote };
}

function heuristicFor(value: string, preferSameTrafficDistribution: boolean): DistributionHeuristic | null {
  if (value === 'PreferClose') return 'PreferSameZone';
  if (!preferSameTrafficDistribution) return null;
  if (value === 'PreferSameZone' || value === 'PreferSameNode') return value;
  return null;
}

function annotationOffNote(service: ServiceModel, annotation: string, value: string): string {
  let note = `Annotation ${annotation}=${JSON.stringify(value)} does not turn topology-aware routing on (only "Auto" or "auto" does)`;
  const other = service.annotations[ANNOTATION_TOPOLOGY_MODE];
  if (annotation === ANNOTATION_TOPOLOGY_AWARE_HINTS && other !== undefined) {
    note += `, and as the older key it overrides ${ANNOTATION_TOPOLOGY_MODE}=${JSON.stringify(other)}`;
  }
  return `${note}.`;
}
