// EndpointOverload: the price of Local policies and topology ("overload is the price of
// Local"). Clients use only the endpoints near them, so an endpoint in a zone or on a node with many
// clients and few endpoints takes far more than its share. Read off the emulator's endpoint load
// (every routed flow's requests spread over its endpoints as kube-proxy picks them): requests per
// second per endpoint, per Service port, against the mean over the endpoints that get any.
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates } from '../states.js';
import type { LintFinding } from '../types.js';

/** The busiest endpoint at this multiple of the mean (or more) is a finding. */
export const OVERLOAD_RATIO = 2;

export function endpointOverload(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const { service, port, endpoints: busy } of state.endpointLoad) {
      if (busy.length < 2) continue;
      const mean = busy.reduce((n, e) => n + e.requestsPerSecond, 0) / busy.length;
      const max = busy.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
      const ratio = max.requestsPerSecond / mean;
      if (ratio < OVERLOAD_RATIO) continue;
      const round = (n: number) => Math.round(n * 100) / 100;
      out.push({
        code: 'EndpointOverload',
        severity: 'warning',
        object: serviceObject(service),
        port,
        ...(max.node !== null ? { nodes: [max.node] } : {}),
        message:
          `Endpoint ${max.endpoint} takes ${round(max.requestsPerSecond)} req/s, ${round(ratio)}× the mean of the ${busy.length} endpoints that get traffic (${round(mean)} req/s): ` +
          'clients use only the endpoints near them (a Local policy, topology hints or session affinity), and their placement is uneven. ' +
          'Spread endpoints like the clients (per zone, per node), or accept cross-zone traffic for balance.',
        reference: 'docs/rules.md §3, §4, §6',
      });
    }
    return out;
  });
}
