// NoEndpoints: a Service port whose clients are rejected — no usable endpoint anywhere in the
// cluster, so every address of the port answers "connection refused" (docs/rules.md §6, §11.5).
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates, byServicePort, nodesOf } from '../states.js';
import type { LintFinding } from '../types.js';

export function noEndpoints(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const rejected = outcomes.filter((o) => o.verdict === 'reject');
      if (rejected.length === 0) continue;
      const { service, port } = rejected[0]!.to;
      out.push({
        code: 'NoEndpoints',
        severity: 'error',
        object: serviceObject(service),
        port,
        nodes: nodesOf(rejected),
        message:
          'The port has no Ready (nor serving terminating) endpoint anywhere: kube-proxy rejects its traffic (connection refused). ' +
          "Check that the Service's selector matches Ready pods and that its targetPort exists on them.",
        reference: 'docs/rules.md §3, §6',
      });
    }
    return out;
  });
}
