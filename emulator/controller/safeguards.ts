// The safeguards of the proportional (topology-mode: Auto) heuristic: each has a stable code for
// reports and lint, and a message that says what tripped it, in the cluster's own names, and what
// would fix it. Upstream says the same through a TopologyAwareHintsDisabled Event whose text is
// quoted at the end of each message, so users can match it with `kubectl describe service`.
// (ESL `topologycache/event.go`, `topologycache.go`; KEP-2433 "Safeguards".)
import type { EndpointModel } from '../../host/objects/model.js';
import type { EmuNode } from '../model/types.js';
import { LABEL_ZONE } from '../../host/objects/well-known.js';

export type SafeguardCode =
  'InsufficientNodeInfo' | 'NodesInOneZone' | 'TooFewEndpoints' | 'MinimumAllocationExceedsThreshold' | 'EndpointWithoutZone';

export const SAFEGUARD_CODES: readonly SafeguardCode[] = [
  'InsufficientNodeInfo',
  'NodesInOneZone',
  'TooFewEndpoints',
  'MinimumAllocationExceedsThreshold',
  'EndpointWithoutZone',
];

export interface Safeguard {
  code: SafeguardCode;
  message: string;
}

/** The minimum a zone needs, as a line of the message: `3 in zone-a (67% of CPU)`. */
export interface ZoneMinimum {
  zone: string;
  ratio: number;
  minimum: number;
}

const EVENT_NODE_INFO = 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes';

export const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** `a, b, c` or `a, b, c and 4 more`: messages stay one readable line on big clusters. */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const safeguard = {
  insufficientNodeInfo(lacking: readonly EmuNode[]): Safeguard {
    // An empty label is not a missing one: say which, so the user looks for the right mistake.
    const why = (n: EmuNode) =>
      n.zone !== '' ? 'no allocatable CPU' : LABEL_ZONE in n.labels ? `an empty ${LABEL_ZONE} label` : `no ${LABEL_ZONE} label`;
    const described = listNames(lacking.map((n) => `${n.name} (${why(n)})`));
    const count = lacking.length === 1 ? 'Ready node' : `${lacking.length} Ready nodes`;
    return {
      code: 'InsufficientNodeInfo',
      message:
        `Hints removed: ${count} ${described} cannot be counted in a zone's CPU, and the EndpointSlice controller then ` +
        `drops topology-aware hints for every Service using topology-mode Auto in the cluster. Give every Ready worker ` +
        `node a ${LABEL_ZONE} label and allocatable CPU (control-plane and not-Ready nodes are not counted). ` +
        `Event: "${EVENT_NODE_INFO}".`,
    };
  },

  noWorkerNodes(total: number): Safeguard {
    return {
      code: 'InsufficientNodeInfo',
      message:
        `Hints removed: none of the ${total} nodes is a Ready worker node (not-Ready and control-plane nodes are not ` +
        `counted), so there is no zone CPU to share endpoints by. Event: "${EVENT_NODE_INFO}".`,
    };
  },

  nodesInOneZone(zone: string, nodes: number): Safeguard {
    const all = nodes === 1 ? 'the only Ready worker node is' : `all ${nodes} Ready worker nodes are`;
    return {
      code: 'NodesInOneZone',
      message:
        `Hints removed: ${all} in zone ${zone}; topology-aware routing needs Ready worker nodes in at least 2 zones. ` +
        `Every node has its zone and CPU, but the controller reports this case with the same Event it uses for missing ones, ` +
        `"${EVENT_NODE_INFO}": it does not mean a label is missing here.`,
    };
  },

  tooFewEndpoints(ready: number, zones: readonly string[], needed: number): Safeguard {
    return {
      code: 'TooFewEndpoints',
      message:
        `Hints removed: ${ready} ready endpoint${ready === 1 ? '' : 's'} for ${zones.length} zones (${listNames(zones)}); ` +
        `the controller needs at least one ready endpoint per zone, and with this zone CPU split the smallest count it ` +
        `accepts is ${needed}. Event: "Insufficient number of endpoints (${ready} endpoints, ${zones.length} zones)".`,
    };
  },

  minimumAllocationExceedsThreshold(ready: number, minimums: readonly ZoneMinimum[], needed: number): Safeguard {
    const total = minimums.reduce((sum, z) => sum + z.minimum, 0);
    const parts = minimums.map((z) => `${z.minimum} in ${z.zone} (${percent(z.ratio)} of CPU)`).join(' + ');
    return {
      code: 'MinimumAllocationExceedsThreshold',
      message:
        `Hints removed: keeping every zone within 20% of its fair share of traffic needs at least ${parts} = ${total} ` +
        `ready endpoints, more than the ${ready} there are. With this zone CPU split the next count the controller ` +
        `accepts is ${needed}. Event: "Unable to allocate minimum required endpoints to each zone without exceeding overload ` +
        `threshold (${ready} endpoints, ${minimums.length} zones)".`,
    };
  },

  endpointWithoutZone(zoneless: readonly EndpointModel[]): Safeguard {
    const first = zoneless[0]!;
    const where = first.nodeName === null ? 'no node' : `node ${first.nodeName}`;
    const others = zoneless.length > 1 ? ` (and ${zoneless.length - 1} more)` : '';
    return {
      code: 'EndpointWithoutZone',
      message:
        `Hints removed: ready endpoint ${first.addresses[0]} (pod ${first.targetPod ?? 'unknown'} on ${where})${others} ` +
        `has no zone, because its node's ${LABEL_ZONE} label is missing or empty, or the node is unknown; the controller needs a zone on every ` +
        `ready endpoint. Nodes that are not Ready or are control-plane nodes are not checked for the label, but the ` +
        `pods on them still need it. Event: "One or more endpoints do not have a zone specified".`,
    };
  },
};
