// Flow objects for the report (docs/contracts.md §5): built only for the flows a report lists, from the same
// rows the tally used. Shares: uniform over the usable endpoints (kube-proxy's random choice), or
// all of it on the one endpoint ClientIP affinity pins the client to.
import type { Flow, FlowEndpoint } from '../document.js';
import type { Cluster } from '../model/cluster.js';
import { answerOf, rowOf } from '../proxy/port-view.js';
import { affinityPick } from './affinity.js';
import { LANE_CLUSTER, LANE_INTERNAL, type FlowGroup } from './plan.js';
import { decideFlow, type FlowRef } from './route.js';

const VERDICTS = ['route', 'drop', 'reject'] as const;

export function buildFlows(refs: readonly FlowRef[], groups: readonly FlowGroup[], cluster: Cluster): Flow[] {
  return refs.map((ref) => buildFlow(ref, groups[ref.group]!, cluster));
}

function buildFlow(ref: FlowRef, g: FlowGroup, cluster: Cluster): Flow {
  const view = g.ports[ref.port]!;
  const c = ref.client;
  const judge = g.judge[c]!;
  const row = rowOf(view, judge, cluster.zoneOf);
  const lane = g.lane[c]!;
  const { verdict, run } = decideFlow(view, row, lane);
  const endpoints: FlowEndpoint[] = [];
  if (verdict === 0 && run.length > 0) {
    const pinned =
      view.service.model.sessionAffinity === 'ClientIP' ? affinityPick(g.affinity[c]!, g.portHash[ref.port]!, run, view.epHash) : -1;
    for (let k = 0; k < run.length; k++) {
      const e = run[k]!;
      if (pinned >= 0 && e !== pinned) continue;
      const ep = view.req.endpoints[e]!;
      const node = view.epNode[e]! >= 0 ? cluster.nodes[view.epNode[e]!]! : null;
      endpoints.push({
        endpoint: ep.key,
        pod: ep.targetPod,
        node: ep.nodeName !== '' ? ep.nodeName : null,
        zone: node ? node.zone : ep.zone,
        share: pinned >= 0 ? 1 : 1 / run.length,
      });
    }
  }
  const rps = g.requestsPerSecond;
  const flow: Flow = {
    from: { ...g.sources[c]! },
    to: { service: view.serviceKey, port: view.portName },
    traffic: lane === LANE_INTERNAL ? 'internal' : 'external',
    verdict: VERDICTS[verdict]!,
    endpoints,
    via: g.via,
    // Cluster semantics although the Service says ETP=Local: the short-circuit of docs/rules.md §6.
    ...(lane === LANE_CLUSTER && view.req.facts.etpLocal ? { shortCircuit: true } : {}),
    topologyMode: answerOf(view, row).topologyMode,
    requestsPerSecond: rps,
    bytesPerSecond: rps * g.bytesPerRequest,
  };
  if (g.spec?.name) flow.name = g.spec.name;
  return flow;
}
