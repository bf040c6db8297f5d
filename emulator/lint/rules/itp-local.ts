// ITPLocalNoLocalEndpoint: internalTrafficPolicy: Local and client pods on nodes with no endpoint of
// the Service. kube-proxy DROPs their ClusterIP traffic there (docs/rules.md §6, §11.5: endpoints
// elsewhere, none local) — no error, no fallback: the silent blackhole of a DaemonSet that skips a
// node. The verdicts are the engine's (the emulator's outcome tally); the Service says which policy it was.
import type { LintFacts } from '../facts.js';
import { serviceObject } from '../facts.js';
import { acrossStates, byServicePort, countOf, nodesOf } from '../states.js';
import type { LintFinding } from '../types.js';

export function itpLocalNoLocalEndpoint(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const { service, port } = outcomes[0]!.to;
      if (state.services.get(service)?.internalTrafficPolicy !== 'Local') continue;
      const dropped = outcomes.filter((o) => o.traffic === 'internal' && o.verdict === 'drop');
      if (dropped.length === 0) continue;
      const { flows, requestsPerSecond } = countOf(dropped);
      out.push({
        code: 'ITPLocalNoLocalEndpoint',
        severity: 'error',
        object: serviceObject(service),
        port,
        nodes: nodesOf(dropped),
        message:
          `internalTrafficPolicy: Local, and clients run on nodes with no endpoint of ${service}: kube-proxy drops their ClusterIP traffic ` +
          `(${flows} flow${flows === 1 ? '' : 's'}, ${requestsPerSecond} req/s), with no error and no fallback to other nodes. ` +
          'Run a backend on every node that has clients (a DaemonSet: check its nodeSelector, affinity and tolerations), ' +
          'or use trafficDistribution: PreferSameNode, which prefers the local endpoint but falls back.',
        reference: 'docs/rules.md §6, §11.5',
      });
    }
    return out;
  });
}
