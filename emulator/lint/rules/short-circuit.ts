// LocalPolicyShortCircuit: pods reaching an ETP=Local Service through its LB IP, an externalIP or
// their own node's NodePort get Cluster semantics (docs/rules.md §6, §11.7): their traffic may leave
// the node and zone though the Service says Local. Informational: it is kube-proxy working as designed.
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates, byServicePort, nodesOf } from '../states.js';
import type { LintFinding } from '../types.js';

export function localPolicyShortCircuit(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const bypassed = outcomes.filter((o) => o.shortCircuit === true);
      if (bypassed.length === 0) continue;
      const { service, port } = bypassed[0]!.to;
      out.push({
        code: 'LocalPolicyShortCircuit',
        severity: 'info',
        object: serviceObject(service),
        port,
        nodes: nodesOf(bypassed),
        message:
          "externalTrafficPolicy: Local does not apply to pods calling the LB IP, an externalIP or their own node's NodePort: " +
          'kube-proxy short-circuits them to the Cluster endpoints (any node, any zone). Use the ClusterIP (with internalTrafficPolicy or trafficDistribution) for in-cluster clients.',
        reference: 'docs/rules.md §6, §11.7',
      });
    }
    return out;
  });
}
