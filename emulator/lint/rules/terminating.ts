// OnlyTerminatingEndpoints: a Service whose every usable endpoint is serving but terminating — no
// Ready one anywhere. kube-proxy then answers only through the terminating fallback (docs/rules.md
// §3): traffic still flows, to pods that are shutting down, until they are gone; then it is
// rejected. A rollout whose new pods never become Ready looks exactly like this.
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates } from '../states.js';
import type { LintFinding } from '../types.js';

export function onlyTerminatingEndpoints(facts: LintFacts): LintFinding[] {
  const fallback = facts.terminatingFallback ?? true;
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const [service, counts] of state.endpointConditions ?? []) {
      if (counts.ready > 0 || counts.servingTerminating === 0) continue;
      const n = counts.servingTerminating;
      out.push({
        code: 'OnlyTerminatingEndpoints',
        severity: 'warning',
        object: serviceObject(service),
        message:
          `No endpoint is Ready: all ${n} usable endpoint${n === 1 ? ' is' : 's are'} serving but terminating. ` +
          (fallback
            ? 'kube-proxy answers only through the terminating fallback, sending traffic to pods that are shutting down; once they are gone it rejects it. '
            : 'This release has no terminating fallback (gate ProxyTerminatingEndpoints off): kube-proxy already rejects the traffic. ') +
          'Check why the replacement pods are not Ready (readiness probe, image, scheduling).',
        reference: 'docs/rules.md §3',
      });
    }
    return out;
  });
}
