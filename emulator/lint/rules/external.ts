// externalTrafficPolicy: Local risks (docs/rules.md §1, §6, §7, §11.4, §11.6):
// - HealthCheckFailsWhileServing: a LoadBalancer's healthCheckNodePort answers 503 on a node whose
//   only local endpoints are terminating, although the node still serves external traffic through
//   them — health checks count local Ready endpoints only, traffic falls back to terminating ones.
//   The load balancer takes the node out early; when no node passes, it has no healthy backend.
// - ExternalLocalNoEndpoint: external traffic arriving at a node without a local endpoint is dropped.
//   Behind a load balancer the failing health check keeps it away (info); a NodePort Service has no
//   health check, so clients that pick such a node lose their connections (warning).
// - ExternalTrafficPolicyIgnored: ETP=Local on a port kube-proxy does not see as externally
//   accessible (no NodePort, no VIP-mode LB IP, no externalIP) is ignored.
import { notProxiedReason, servicePortFacts } from '../../../host/engine/service-port.js';
import { portLabel, serviceObject, type LintFacts } from '../facts.js';
import { acrossStates, byServicePort, nodesOf, sortedNodes } from '../states.js';
import type { LintFinding } from '../types.js';

export function healthCheckFailsWhileServing(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const byService = new Map<string, { failing: string[]; passing: number }>();
    for (const view of state.healthChecks) {
      const entry = byService.get(view.service) ?? { failing: [], passing: 0 };
      if (view.localReady > 0) entry.passing += 1;
      else if (view.serving) entry.failing.push(view.node);
      byService.set(view.service, entry);
    }
    const out: LintFinding[] = [];
    for (const [service, { failing, passing }] of byService) {
      if (failing.length === 0) continue;
      const none =
        passing === 0
          ? ' No node passes the health check: the load balancer has no healthy backend while these nodes could still serve.'
          : '';
      out.push({
        code: 'HealthCheckFailsWhileServing',
        severity: 'warning',
        object: serviceObject(service),
        nodes: sortedNodes(failing),
        message:
          'externalTrafficPolicy: Local LoadBalancer: on these nodes every local endpoint is terminating, so the healthCheckNodePort answers 503 ' +
          '(it counts local Ready endpoints only) while kube-proxy still sends arriving traffic to the terminating pods. ' +
          `Give pods a preStop delay and a grace period longer than the load balancer's health-check interval × threshold, and roll out with maxSurge so a Ready pod exists first.${none}`,
        reference: 'docs/rules.md §7, §11.4',
      });
    }
    return out;
  });
}

export function externalLocalNoEndpoint(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const outcomes of byServicePort(state.outcomes).values()) {
      const { service, port } = outcomes[0]!.to;
      const model = state.services.get(service);
      if (model?.externalTrafficPolicy !== 'Local') continue;
      const dropped = outcomes.filter((o) => o.traffic === 'external' && !o.shortCircuit && o.verdict === 'drop');
      if (dropped.length === 0) continue;
      const balanced = model.type === 'LoadBalancer';
      out.push({
        code: 'ExternalLocalNoEndpoint',
        severity: balanced ? 'info' : 'warning',
        object: serviceObject(service),
        port,
        nodes: nodesOf(dropped),
        message: balanced
          ? 'externalTrafficPolicy: Local: traffic arriving at these nodes is dropped (no local endpoint). Their healthCheckNodePort answers 503, so a load balancer that honours it sends nothing there.'
          : `externalTrafficPolicy: Local on a ${model.type} Service: NodePort traffic arriving at these nodes is dropped (no local endpoint), and nothing health-checks the nodes for clients. Point clients only at nodes that run the backend, or use externalTrafficPolicy: Cluster.`,
        reference: 'docs/rules.md §6, §7',
      });
    }
    return out;
  });
}

export function externalTrafficPolicyIgnored(facts: LintFacts): LintFinding[] {
  return acrossStates(facts.states, (state) => {
    const out: LintFinding[] = [];
    for (const [key, service] of state.services) {
      if (service.externalTrafficPolicy !== 'Local' || notProxiedReason(service) !== null) continue;
      for (const port of service.ports) {
        const families = service.ipFamilies.length ? service.ipFamilies : (['IPv4'] as const);
        const ignored = families.filter((family) => !servicePortFacts(service, port, family, facts.minor).externallyAccessible);
        if (ignored.length === 0) continue;
        out.push({
          code: 'ExternalTrafficPolicyIgnored',
          severity: 'warning',
          object: serviceObject(key),
          port: portLabel(port),
          message:
            `externalTrafficPolicy: Local is ignored for ${ignored.join(' and ')}: kube-proxy does not see the port as externally accessible ` +
            '(no NodePort, no load-balancer IP in VIP mode, no externalIP of the family — e.g. allocateLoadBalancerNodePorts: false before the IP is assigned).',
          reference: 'docs/rules.md §1, §11.6',
        });
      }
    }
    return out;
  });
}
