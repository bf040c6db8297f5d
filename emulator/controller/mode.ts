// Where a Service's hints come from, as the EndpointSlice controller of one Kubernetes release
// decides it (docs/rules.md §5; ESL `reconciler.go` reconcileByAddressType, `utils.go` hintsEnabled,
// `trafficdist/`; kube-controller-manager's endpointslice_controller.go):
//
// - the topology annotation says Auto ⇒ the proportional heuristic, but only if the controller
//   keeps a topology cache, which it creates only with the TopologyAwareHints gate on. With the gate
//   off it writes no hints at all: spec.trafficDistribution is not consulted while the annotation
//   says Auto (canUseTrafficDistribution requires !hintsEnabled);
// - else spec.trafficDistribution, when valid for the release: the ServiceTrafficDistribution gate on
//   and PreferClose, or also PreferSameTrafficDistribution on and PreferSameZone / PreferSameNode;
// - else every hint is removed.
//
// The topology-mode key exists from 1.27; before that the controller reads only topology-aware-hints.
import type { ServiceModel } from '../../host/objects/model.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE } from '../../host/objects/well-known.js';
import type { ControllerEra } from './types.js';

/** First minor whose controller reads service.kubernetes.io/topology-mode. */
export const TOPOLOGY_MODE_SINCE = 27;

/** The trafficDistribution heuristics the controller knows; PreferClose is PreferSameZone's older name. */
export type DistributionHeuristic = 'PreferSameZone' | 'PreferSameNode';

/** A topology annotation the controller reads (or skips) without it turning hints on. */
export interface IgnoredAnnotation {
  annotation: string;
  value: string;
  /** Why it enables nothing: a sentence. */
  reason: string;
}

export type HintMode =
  | {
      source: 'annotation';
      annotation: string;
      value: string;
      ignoredField: string | null;
      /** False when the TopologyAwareHints gate is off: no topology cache, so no hints. */
      topologyCache: boolean;
      minor: number;
    }
  | {
      source: 'trafficDistribution';
      value: string;
      heuristic: DistributionHeuristic | null;
      /** Why the field gives no hints (heuristic null): a sentence fragment. */
      unusable: string | null;
      annotationNote: string;
      ignoredAnnotation: IgnoredAnnotation | null;
    }
  | { source: 'none'; annotationNote: string; ignoredAnnotation: IgnoredAnnotation | null };

export function hintMode(service: ServiceModel, era: ControllerEra): HintMode {
  const { annotation, value } = readAnnotation(service, era.minor);
  if (annotation !== null && (value === 'Auto' || value === 'auto')) {
    return {
      source: 'annotation',
      annotation,
      value,
      ignoredField: service.trafficDistribution,
      topologyCache: era.gates.TopologyAwareHints,
      minor: era.minor,
    };
  }
  const ignoredAnnotation = annotationIgnored(service, era.minor);
  const annotationNote = ignoredAnnotation === null ? '' : `${ignoredAnnotation.reason}.`;
  const field = service.trafficDistribution;
  if (field === null) return { source: 'none', annotationNote, ignoredAnnotation };
  const unusable = unusableBecause(field, era);
  return {
    source: 'trafficDistribution',
    value: field,
    heuristic: unusable === null ? (field === 'PreferSameNode' ? 'PreferSameNode' : 'PreferSameZone') : null,
    unusable,
    annotationNote,
    ignoredAnnotation,
  };
}

/** The annotation that decides, as hintsEnabled reads it: the deprecated key whenever present. */
function readAnnotation(service: ServiceModel, minor: number): { annotation: string | null; value: string } {
  const a = service.annotations;
  if (ANNOTATION_TOPOLOGY_AWARE_HINTS in a)
    return { annotation: ANNOTATION_TOPOLOGY_AWARE_HINTS, value: a[ANNOTATION_TOPOLOGY_AWARE_HINTS]! };
  if (minor >= TOPOLOGY_MODE_SINCE && ANNOTATION_TOPOLOGY_MODE in a)
    return { annotation: ANNOTATION_TOPOLOGY_MODE, value: a[ANNOTATION_TOPOLOGY_MODE]! };
  return { annotation: null, value: '' };
}

/** Values that deliberately turn the heuristic off: no warning for them. */
const OFF_VALUES = new Set(['', 'Disabled', 'disabled']);

/**
 * A topology annotation that is set but turns nothing on in this release: a value other than
 * Auto/auto/Disabled/disabled/"" on the key that decides, topology-mode before 1.27, or topology-mode
 * shadowed by the older key. Null when no annotation is set, when it says Auto, or when it is off on purpose.
 */
export function annotationIgnored(service: ServiceModel, minor: number): IgnoredAnnotation | null {
  const a = service.annotations;
  const { annotation, value } = readAnnotation(service, minor);
  if (annotation === null) {
    if (ANNOTATION_TOPOLOGY_MODE in a && !OFF_VALUES.has(a[ANNOTATION_TOPOLOGY_MODE]!)) {
      return {
        annotation: ANNOTATION_TOPOLOGY_MODE,
        value: a[ANNOTATION_TOPOLOGY_MODE]!,
        reason:
          `Annotation ${ANNOTATION_TOPOLOGY_MODE}=${JSON.stringify(a[ANNOTATION_TOPOLOGY_MODE])} is not read by the EndpointSlice controller of Kubernetes 1.${minor}: ` +
          `the key exists from 1.${TOPOLOGY_MODE_SINCE}; this release reads only ${ANNOTATION_TOPOLOGY_AWARE_HINTS}`,
      };
    }
    return null;
  }
  if (value === 'Auto' || value === 'auto') return null;
  const other = annotation === ANNOTATION_TOPOLOGY_AWARE_HINTS && minor >= TOPOLOGY_MODE_SINCE ? a[ANNOTATION_TOPOLOGY_MODE] : undefined;
  if (OFF_VALUES.has(value)) {
    // Off on purpose, unless it silently overrides an Auto on the newer key.
    if (other === 'Auto' || other === 'auto') {
      return {
        annotation: ANNOTATION_TOPOLOGY_MODE,
        value: other,
        reason:
          `Annotation ${ANNOTATION_TOPOLOGY_MODE}=${JSON.stringify(other)} is overridden by the older key ${ANNOTATION_TOPOLOGY_AWARE_HINTS}=${JSON.stringify(value)}, ` +
          'which the EndpointSlice controller reads first whenever it is present, so topology-aware hints stay off',
      };
    }
    return null;
  }
  let reason = `Annotation ${annotation}=${JSON.stringify(value)} turns nothing on: the EndpointSlice controller writes topology-aware hints only for "Auto" (or "auto")`;
  if (other !== undefined) reason += `, and as the older key it overrides ${ANNOTATION_TOPOLOGY_MODE}=${JSON.stringify(other)}`;
  return { annotation, value, reason };
}

/** Why spec.trafficDistribution gives no hints in this release, or null when the controller uses it. */
function unusableBecause(value: string, era: ControllerEra): string | null {
  if (!era.gates.ServiceTrafficDistribution) {
    return `needs the ServiceTrafficDistribution feature gate (on by default from Kubernetes 1.31), which is off in 1.${era.minor} here`;
  }
  if (value === 'PreferClose') return null;
  if (value === 'PreferSameZone' || value === 'PreferSameNode') {
    return era.gates.PreferSameTrafficDistribution
      ? null
      : `needs the PreferSameTrafficDistribution feature gate (on by default from Kubernetes 1.34), which is off in 1.${era.minor} here`;
  }
  return 'is not a value the EndpointSlice controller knows';
}
