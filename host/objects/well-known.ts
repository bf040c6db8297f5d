// Well-known Kubernetes label and annotation keys, and the API server's defaults tpe applies: one
// owner for each, so that no two readers can disagree about a key (docs/rules.md §1, §2, §5, §8).

/** The node label kube-proxy reads its zone from (docs/rules.md §1); the EndpointSlice controller writes it into `zone`. */
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
/** Nodes the topology cache leaves out of the CPU shares (docs/rules.md §5). */
export const LABEL_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
/** The EndpointSlice label that ties a slice to its Service (docs/rules.md §2). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Who manages an EndpointSlice, and the value the EndpointSlice controller writes. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY_CONTROLLER = 'endpointslice-controller.k8s.io';

/** The topology annotations (docs/rules.md §5): the deprecated key shadows the new one when present. */
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

/** SetDefaults_SessionAffinityConfig: ClientIP affinity lasts three hours unless told otherwise. */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

/** A Service with a non-empty selector: the EndpointSlice controller manages its slices. */
export function hasSelector<S extends { selector: Readonly<Record<string, string>> | null }>(
  service: S,
): service is S & { selector: Readonly<Record<string, string>> } {
  return service.selector !== null && Object.keys(service.selector).length > 0;
}
