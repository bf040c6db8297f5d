// Endpoints → EndpointSlices, as the controller lays them out when it creates a Service's slices
// from scratch (ESL `reconciler.go` reconcileByAddressType / reconcileByPortMapping, placeholder
// slice): one set of slices per address family and per distinct port set, each at most
// maxEndpointsPerSlice endpoints, filled in order.
import type { EndpointModel, EndpointPortModel, EndpointSliceModel, IPFamily } from '../../host/objects/model.js';
import { portSetKey } from './ports.js';

/** A slice before it has a name; `endpoints` carry no hints yet. */
export interface SlicePlan {
  addressType: IPFamily;
  ports: EndpointPortModel[];
  endpoints: EndpointModel[];
}

export interface Member {
  ports: EndpointPortModel[];
  endpoint: EndpointModel;
}

/**
 * The slices of one family. Members keep their order inside a port set; port sets are ordered by
 * their key, so the layout does not depend on which pod happens to come first. A family with no
 * endpoint at all still gets one empty slice without ports: upstream's placeholder, which tells
 * kube-proxy the Service has no endpoints rather than no slices.
 */
export function planSlices(family: IPFamily, members: readonly Member[], maxEndpointsPerSlice: number): SlicePlan[] {
  if (members.length === 0) return [{ addressType: family, ports: [], endpoints: [] }];
  const groups = new Map<string, Member[]>();
  for (const member of members) {
    const key = portSetKey(member.ports);
    const group = groups.get(key);
    if (group) group.push(member);
    else groups.set(key, [member]);
  }
  const plans: SlicePlan[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    for (let start = 0; start < group.length; start += maxEndpointsPerSlice) {
      plans.push({
        addressType: family,
        ports: [...group[0]!.ports],
        endpoints: group.slice(start, start + maxEndpointsPerSlice).map((m) => m.endpoint),
      });
    }
  }
  return plans;
}

/**
 * Names `<service>-<n>` (n from 1, in plan order) and returns the slices sorted by name, the order
 * kube-proxy's cache reads them in (host/engine/endpoints.ts). Upstream names slices with a random
 * generateName suffix; a counter keeps ours reproducible.
 */
export function nameSlices(namespace: string, serviceName: string, plans: readonly SlicePlan[]): EndpointSliceModel[] {
  const slices = plans.map((plan, i): EndpointSliceModel => ({
    namespace,
    name: `${serviceName}-${i + 1}`,
    serviceName,
    addressType: plan.addressType,
    ports: plan.ports,
    endpoints: plan.endpoints,
  }));
  return slices.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
