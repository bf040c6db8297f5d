// NoClients: the cluster has Services kube-proxy proxies, but no flow at all — no client pod runs (the
// default traffic calls every Service port from every node that runs a pod) or the Traffic names no
// flow. Lint reads routed flows: it can then say nothing about routing, only about configuration, and
// "No findings." would read as "all is well". (A Traffic that calls some Services and not others is
// deliberate and gets no finding.)
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates } from '../states.js';
import type { LintFinding } from '../types.js';

export function noClients(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    if (state.outcomes.length > 0) return out;
    for (const [key, service] of state.services) {
      if (service.type === 'ExternalName' || service.clusterIP === 'None' || service.ports.length === 0) continue;
      out.push({
        code: 'NoClients',
        severity: 'info',
        object: serviceObject(key),
        message:
          'No client calls any Service in the simulation (no pod runs that could call one, and no Traffic flow names one), ' +
          "so lint checked this Service's configuration only, not where its traffic goes. Add client pods, or a Traffic with flows to it.",
        reference: 'docs/emulator.md',
      });
    }
    return out;
  });
}
