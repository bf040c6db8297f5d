// EndpointOverload: the price of Local policies and topology (issue 4: "overload is the price of
// Local"). Clients use only the endpoints near them, so an endpoint in a zone or on a node with many
// clients and few endpoints takes far more than its share. Read off the flows' shares: requests per
// second per endpoint, per Service port, against the mean over the endpoints that get any.
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates, byServicePort } from '../states.js';
import type { LintFinding } from '../types.js';

/** The busiest endpoint at this multiple of the mean (or more) is a finding. */
export const OVERLOAD_RATIO = 2;

export function endpointOverload(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const flows of byServicePort(state.flows).values()) {
      const load = new Map<string, { rps: number; node: string | null }>();
      for (const f of flows) {
        if (f.verdict !== 'route') continue;
        for (const ep of f.endpoints) {
          const entry = load.get(ep.endpoint) ?? { rps: 0, node: ep.node };
          entry.rps += f.requestsPerSecond * ep.share;
          load.set(ep.endpoint, entry);
        }
      }
      const busy = [...load.entries()].filter(([, l]) => l.rps > 0);
      if (busy.length < 2) continue;
      const mean = busy.reduce((n, [, l]) => n + l.rps, 0) / busy.length;
      const [endpoint, max] = busy.reduce((a, b) => (b[1].rps > a[1].rps ? b : a));
      const ratio = max.rps / mean;
      if (ratio < OVERLOAD_RATIO) continue;
      const { service, port } = flows[0]!.to;
      const round = (n: number) => Math.round(n * 100) / 100;
      out.push({
        code: 'EndpointOverload',
        severity: 'warning',
        object: serviceObject(service),
        port,
        ...(max.node !== null ? { nodes: [max.node] } : {}),
        message:
          `Endpoint ${endpoint} takes ${round(max.rps)} req/s, ${round(ratio)}× the mean of the ${busy.length} endpoints that get traffic (${round(mean)} req/s): ` +
          'clients use only the endpoints near them (a Local policy, topology hints or session affinity), and their placement is uneven. ' +
          'Spread endpoints like the clients (per zone, per node), or accept cross-zone traffic for balance.',
        reference: 'semantics.md §3, §4, §6',
      });
    }
    return out;
  });
}
