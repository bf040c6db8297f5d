// What a click opens: a node's kube-proxy view of every Service port (the engine's categorize
// result for that node, with explain's reason per endpoint), and why a flow went where it went.
// The emulation is replayed up to the step shown, so the view is the one that step's flows used.
import type { CategorizeResult } from '../../host/engine/types.js';
import type { NodeModel } from '../../host/objects/model.js';
import { Emulation, type Flow } from '../../emulator/index.js';
import type { Engine } from '../../host/engine/engine.js';
import type { RunResult } from './run.js';

export interface PortDecision {
  service: string;
  port: string;
  result: CategorizeResult;
}

/** The emulation as it is at `atMs` (the events up to it applied). */
export function emulationAt(engine: Engine, run: RunResult, atMs: number): Emulation {
  const emulation = new Emulation(engine, run.objects, run.options);
  for (let t = emulation.nextTime(); t !== null && t <= atMs; t = emulation.nextTime()) emulation.advance(t);
  return emulation;
}

/** kube-proxy on `nodeName`: every proxied Service port's decision, explained. */
export function nodeDecisions(engine: Engine, emulation: Emulation, nodeName: string): PortDecision[] {
  const node = emulation.cluster.node(nodeName);
  if (!node) return [];
  const model = { name: node.name, zone: node.zone, labels: node.labels } as NodeModel;
  return emulation.views.ports().map((view) => {
    const [result] = engine.decide({ ...view.req, explain: true }, [model]);
    return { service: view.serviceKey, port: view.portName, result: result! };
  });
}

/** One sentence on a flow's fate, in the words of docs/rules.md. */
export function whyFlow(flow: Flow, decision: PortDecision | undefined): string {
  const from =
    flow.from.pod ??
    (flow.from.external ? `an external client entering through ${flow.from.node}` : `the host network of ${flow.from.node}`);
  const to = `${flow.to.service}:${flow.to.port}`;
  const policy = flow.traffic === 'internal' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  const local = flow.traffic === 'internal' ? decision?.result.localEndpoints : decision?.result.localEndpoints;
  if (flow.verdict === 'drop') {
    return `${from} → ${to}: DROPPED by kube-proxy on ${flow.from.node}. The Service has endpoints, but its ${policy} is Local and ${flow.from.node} runs none of them${local && local.length === 0 ? '' : ''}: kube-proxy does not fall back to other nodes, it drops the packets silently.`;
  }
  if (flow.verdict === 'reject')
    return `${from} → ${to}: REJECTED — the Service has no usable endpoint at all, so kube-proxy answers with ICMP unreachable / a reset.`;
  const where = flow.endpoints.map((e) => `${e.pod ?? e.endpoint} on ${e.node ?? '?'} (${(e.share * 100).toFixed(0)}%)`).join(', ');
  const mode =
    flow.topologyMode === 'None'
      ? 'no topology: every ready endpoint is a candidate'
      : `topology ${flow.topologyMode}: only the endpoints hinted for this ${flow.topologyMode === 'PreferSameNode' ? 'node' : 'zone'}`;
  const sc = flow.shortCircuit
    ? ' kube-proxy short-circuits a pod→load-balancer address to Cluster semantics, so ETP=Local does not apply.'
    : '';
  return `${from} → ${to} via ${flow.via}: routed (${mode}) to ${where}.${sc}`;
}
