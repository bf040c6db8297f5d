// Which pods back a Service: the EndpointSlice controller's pod selection (ESL `reconciler.go` and
// `utils.go` DesiredEndpointSlicesFromServicePods, `util` ShouldPodBeInEndpoints; docs/rules.md §5).
import type { ServiceModel } from '../../host/objects/model.js';
import type { EmuNode, EmuPod } from '../model/types.js';

export interface SelectedPod {
  pod: EmuPod;
  /** The pod's node; null only when the node is unknown and publishNotReadyAddresses keeps the pod. */
  node: EmuNode | null;
}

/**
 * The pods of `service`'s namespace whose labels match its selector and that the controller would
 * publish, ordered by `namespace/name` so slices and names come out the same on every run
 * (upstream's order is its informer's and hash sets'; ours is one fixed choice of it).
 *
 * Skipped as upstream does: terminal pods (Succeeded/Failed), pods without an IP, and pods whose
 * node is unknown — the last kept when publishNotReadyAddresses asks for every address. Terminating
 * pods stay: the controller publishes them with `terminating: true` (docs/rules.md §2).
 */
export function selectPods(
  service: ServiceModel & { selector: Record<string, string> },
  pods: readonly EmuPod[],
  nodesByName: ReadonlyMap<string, EmuNode>,
): SelectedPod[] {
  const selector = Object.entries(service.selector);
  const selected: SelectedPod[] = [];
  for (const pod of pods) {
    if (pod.namespace !== service.namespace) continue;
    if (!selector.every(([key, value]) => pod.labels[key] === value)) continue;
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    if (pod.ips.length === 0) continue;
    const node = pod.nodeName === null ? undefined : nodesByName.get(pod.nodeName);
    if (node === undefined && !service.publishNotReadyAddresses) continue;
    selected.push({ pod, node: node ?? null });
  }
  return selected.sort((a, b) => (a.pod.key < b.pod.key ? -1 : a.pod.key > b.pod.key ? 1 : 0));
}
