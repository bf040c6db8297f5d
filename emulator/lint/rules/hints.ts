// Topology that does not do what the Service asks for (docs/rules.md §4, §5, §11.1–2):
// - HintsDisabledBySafeguard: topology-mode: Auto, but a safeguard of the EndpointSlice controller
//   removed every hint — the controller's own HintReport says which one and why;
// - PreferSameNodeNoLocalEndpoint: trafficDistribution: PreferSameNode, and clients on nodes with no
//   endpoint of their own: kube-proxy falls back to the zone (or to every endpoint);
// - TopologyNotApplied: the Service asks for same-zone routing, but kube-proxy applied no topology
//   from some nodes (no endpoint hinted for their zone, no zone label, or one Ready endpoint without
//   hints turning topology off for everybody).
// - TopologyAnnotationIgnored: a topology annotation set to a value that turns nothing on ("true",
//   a typo, topology-mode before 1.27, or shadowed by the older key).
// The topology mode of each outcome is the engine's; the hint reports are the controller's.
import { serviceObject, type LintFacts } from '../facts.js';
import { acrossStates, byServicePort, nodesOf } from '../states.js';
import type { LintFinding } from '../types.js';
import { annotationIgnored } from '../../controller/mode.js';

export function hintsDisabledBySafeguard(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) =>
    state.hints
      .filter((h) => !h.hinted && h.safeguard !== null)
      .map((h) => ({
        code: 'HintsDisabledBySafeguard' as const,
        severity: 'warning' as const,
        object: serviceObject(h.service),
        message: `The EndpointSlice controller wrote no topology hints (safeguard ${h.safeguard}), so kube-proxy routes to every endpoint from every zone. ${h.message}`,
        reference: 'docs/rules.md §5',
      })),
  );
}

export function preferSameNodeNoLocalEndpoint(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const { service, port } = outcomes[0]!.to;
      if (state.services.get(service)?.trafficDistribution !== 'PreferSameNode') continue;
      const away = outcomes.filter((o) => o.traffic === 'internal' && o.verdict === 'route' && o.topologyMode !== 'PreferSameNode');
      if (away.length === 0) continue;
      const modes = [...new Set(away.map((o) => o.topologyMode))].sort();
      out.push({
        code: 'PreferSameNodeNoLocalEndpoint',
        severity: 'warning',
        object: serviceObject(service),
        port,
        nodes: nodesOf(away),
        message:
          `trafficDistribution: PreferSameNode, but clients run on nodes with no endpoint hinted for them: kube-proxy there uses ${modes.join(' / ')} ` +
          '(PreferSameZone: endpoints of the zone; None: every endpoint), so their traffic leaves the node. Run an endpoint on those nodes (a DaemonSet) if node-local traffic matters.',
        reference: 'docs/rules.md §4, §5',
      });
    }
    return out;
  });
}

export function topologyNotApplied(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const hints = new Map(state.hints.map((h) => [h.service, h]));
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const { service, port } = outcomes[0]!.to;
      const model = state.services.get(service);
      const hint = hints.get(service);
      const asked = (hint !== undefined && hint.source !== 'none') || (model?.trafficDistribution ?? null) !== null;
      // PreferSameNode has its own finding; a safeguard that removed the hints has its own too.
      if (!asked || model?.trafficDistribution === 'PreferSameNode' || (hint?.safeguard ?? null) !== null) continue;
      const unfiltered = outcomes.filter((o) => o.verdict === 'route' && !o.shortCircuit && o.topologyMode === 'None');
      if (unfiltered.length === 0) continue;
      const why = hint && !hint.hinted ? ` ${hint.message}` : '';
      out.push({
        code: 'TopologyNotApplied',
        severity: 'warning',
        object: serviceObject(service),
        port,
        nodes: nodesOf(unfiltered),
        message:
          'The Service asks for same-zone routing, but kube-proxy applied no topology on these nodes: their traffic goes to every endpoint, across zones. ' +
          "kube-proxy filters only when every Ready endpoint carries hints and one is hinted for the node's zone (no endpoint in the zone, a node without " +
          `a zone label, or one unhinted Ready endpoint turns it off).${why}`,
        reference: 'docs/rules.md §4, §11.1, §11.2',
      });
    }
    return out;
  });
}

export function topologyAnnotationIgnored(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const [key, service] of state.services) {
      const ignored = annotationIgnored(service, facts.minor);
      if (ignored === null) continue;
      out.push({
        code: 'TopologyAnnotationIgnored',
        severity: 'warning',
        object: serviceObject(key),
        message: `${ignored.reason}. The Service gets no topology-aware hints from it. Set it to "Auto" to turn the heuristic on, or remove it.`,
        reference: 'docs/rules.md §5',
      });
    }
    return out;
  });
}
