// Flows folded into groups a person can read: one row per (Service port, how the traffic arrives,
// verdict) instead of one per client, so a 5,000-node cluster prints a screenful, not 5,000 lines.
import type { Flow, FlowOutcome, FlowVia } from '../document.js';
import type { Verdict } from '../../host/engine/types.js';
import { landing, naturalCompare, type Landing } from './format.js';

/** What a row of the flow table is: one Service port, one way the traffic arrives, one verdict. */
export interface GroupKey {
  service: string;
  port: string;
  traffic: Flow['traffic'];
  via: FlowVia;
  /** Flows given Cluster semantics by the ETP=Local short-circuit (docs/rules.md §6). */
  shortCircuit: boolean;
  verdict: Verdict;
}

export interface FlowGroup extends GroupKey {
  flows: number;
  /** Source nodes, natural order. */
  nodes: string[];
  /** Client pods named by the flows (external and node clients have none). */
  pods: number;
  requestsPerSecond: number;
  bytesPerSecond: number;
  landing: Landing;
  /** Distinct endpoints reached by any flow of the group. */
  endpoints: number;
  topologyModes: string[];
}

const VERDICT_ORDER: Record<Verdict, number> = { drop: 0, reject: 1, route: 2 };
const VIA_ORDER: Record<FlowVia, number> = { clusterIP: 0, nodePort: 1, loadBalancer: 2, externalIP: 3 };

/** The group a flow or an outcome belongs to, and the map key of that group. */
function groupKey(x: Pick<Flow, 'to' | 'traffic' | 'via' | 'verdict' | 'shortCircuit'>): { key: string; group: GroupKey } {
  const group: GroupKey = {
    service: x.to.service,
    port: x.to.port,
    traffic: x.traffic,
    via: x.via,
    shortCircuit: x.shortCircuit === true,
    verdict: x.verdict,
  };
  return { key: [group.service, group.port, group.traffic, group.via, group.shortCircuit, group.verdict].join('\u0000'), group };
}

/** Row order: Service port, then problems first (drop, reject, route), then the address. */
function byRow(a: GroupKey, b: GroupKey): number {
  return (
    naturalCompare(a.service, b.service) ||
    naturalCompare(a.port, b.port) ||
    VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
    VIA_ORDER[a.via] - VIA_ORDER[b.via] ||
    Number(a.shortCircuit) - Number(b.shortCircuit)
  );
}

/** Problems first within each Service port: drop, then reject, then route. */
export function groupFlows(flows: readonly Flow[]): FlowGroup[] {
  const groups = new Map<string, FlowGroup & { nodeSet: Set<string>; endpointSet: Set<string>; modeSet: Set<string> }>();
  for (const flow of flows) {
    const { key, group } = groupKey(flow);
    let g = groups.get(key);
    if (!g) {
      g = {
        ...group,
        flows: 0,
        nodes: [],
        pods: 0,
        requestsPerSecond: 0,
        bytesPerSecond: 0,
        landing: { sameNode: 0, sameZone: 0, crossZone: 0, unknownZone: 0 },
        endpoints: 0,
        topologyModes: [],
        nodeSet: new Set(),
        endpointSet: new Set(),
        modeSet: new Set(),
      };
      groups.set(key, g);
    }
    g.flows += 1;
    g.nodeSet.add(flow.from.node);
    if (flow.from.pod !== undefined) g.pods += 1;
    g.requestsPerSecond += flow.requestsPerSecond;
    g.bytesPerSecond += flow.bytesPerSecond;
    const l = landing(flow);
    g.landing.sameNode += l.sameNode;
    g.landing.sameZone += l.sameZone;
    g.landing.crossZone += l.crossZone;
    g.landing.unknownZone += l.unknownZone;
    for (const ep of flow.endpoints) g.endpointSet.add(ep.endpoint);
    g.modeSet.add(flow.topologyMode);
  }
  return [...groups.values()]
    .map(({ nodeSet, endpointSet, modeSet, ...g }) => ({
      ...g,
      nodes: [...nodeSet].sort(naturalCompare),
      endpoints: endpointSet.size,
      topologyModes: [...modeSet].sort(),
    }))
    .sort(byRow);
}

/** How the traffic reaches the Service, in words: `ClusterIP`, `NodePort (external)`, `LB IP from a pod (short-circuit)`. */
export function describeVia(g: Pick<FlowGroup, 'traffic' | 'via' | 'shortCircuit'>): string {
  const address = { clusterIP: 'ClusterIP', nodePort: 'NodePort', loadBalancer: 'LB IP', externalIP: 'externalIP' }[g.via];
  if (g.shortCircuit) return `${address}, short-circuit`;
  return g.via === 'clusterIP' ? address : `${address} (${g.traffic})`;
}

/** A group of flows counted but not listed (above maxFlows): what the report's outcomes say of it. */
export interface OutcomeGroup extends GroupKey {
  flows: number;
  requestsPerSecond: number;
  /** Source nodes: the outcomes name them for dropped and rejected flows only. */
  nodes: string[] | null;
  topologyModes: string[];
}

/** The report's outcomes folded like groupFlows folds flows (outcomes are also split by topology mode). */
export function groupOutcomes(outcomes: readonly FlowOutcome[]): OutcomeGroup[] {
  const groups = new Map<
    string,
    GroupKey & { flows: number; requestsPerSecond: number; nodeSet: Set<string> | null; modeSet: Set<string> }
  >();
  for (const o of outcomes) {
    const { key, group } = groupKey(o);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ...group, flows: 0, requestsPerSecond: 0, nodeSet: null, modeSet: new Set() }));
    g.flows += o.flows;
    g.requestsPerSecond += o.requestsPerSecond;
    g.modeSet.add(o.topologyMode);
    if (o.nodes) {
      g.nodeSet ??= new Set();
      for (const n of o.nodes) g.nodeSet.add(n);
    }
  }
  return [...groups.values()]
    .map(({ nodeSet, modeSet, ...g }) => ({
      ...g,
      nodes: nodeSet ? [...nodeSet].sort(naturalCompare) : null,
      topologyModes: [...modeSet].sort(),
    }))
    .sort(byRow);
}
