// One pod → one endpoint of one address family (ESL `utils.go` podToEndpoint; docs/rules.md §2
// "Background (EP)"): the conditions kube-proxy will read, the topology fields, the target pod.
import type { EndpointModel, IPFamily, ServiceModel } from '../../host/objects/model.js';
import { familyOf } from '../../host/engine/service-port.js';
import type { SelectedPod } from './select.js';

/**
 * The endpoint for `selected` in `family`, without hints (those are decided over the whole
 * Service, see trafficdist.ts and topologycache.ts); null when the pod has no IP of that family.
 *
 * - serving = the pod is Ready, whether or not it is terminating;
 * - terminating = the pod has a deletionTimestamp;
 * - ready = serving and not terminating, or true for every published pod with publishNotReadyAddresses.
 * The controller always writes all three, so none is left `null`.
 */
export function podToEndpoint(selected: SelectedPod, family: IPFamily, service: ServiceModel): EndpointModel | null {
  const { pod, node } = selected;
  const addresses = pod.ips.filter((ip) => familyOf(ip) === family);
  if (addresses.length === 0) return null;
  const serving = pod.ready;
  const terminating = pod.terminating;
  return {
    addresses,
    conditions: { ready: service.publishNotReadyAddresses || (serving && !terminating), serving, terminating },
    nodeName: pod.nodeName,
    // The zone comes from the node's label; an unlabelled (or unknown) node leaves it unset.
    zone: node !== null && node.zone !== '' ? node.zone : null,
    forZones: [],
    forNodes: [],
    targetPod: pod.key,
  };
}
