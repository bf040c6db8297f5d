// kube-proxy's health check server for ETP=Local LoadBalancers (docs/rules.md §7, HC, EPS): on each
// node it reports the number of distinct IPs of the Service's local Ready endpoints, 200 when there
// are some and 503 when there are none — terminating endpoints never count, even while traffic falls
// back to them. Read off the engine's per-node answer (its localEndpoints, which are the local Ready
// endpoints whenever any exist, docs/rules.md §3.5) and the endpoints' conditions as the engine read
// them from the slices (host/engine/endpoints.ts).
import type { Emulation } from '../emulation.js';
import type { PortView } from '../proxy/port-view.js';
import type { HealthCheckView } from './facts.js';

/** Services that get a healthCheckNodePort: type LoadBalancer with externalTrafficPolicy Local (apiservice.NeedsHealthCheck). */
function checkedPorts(emulation: Emulation): Map<string, PortView[]> {
  const out = new Map<string, PortView[]>();
  for (const service of emulation.cluster.services()) {
    const { type, externalTrafficPolicy } = service.model;
    if (type !== 'LoadBalancer' || externalTrafficPolicy !== 'Local') continue;
    const ports = emulation.views.portsOf(service.key).filter((v) => v.req.facts.etpLocal && v.req.facts.externallyAccessible);
    if (ports.length) out.set(service.key, [...ports]);
  }
  return out;
}

export function healthChecks(emulation: Emulation): HealthCheckView[] {
  const out: HealthCheckView[] = [];
  for (const [service, ports] of checkedPorts(emulation)) {
    const endpoints = ports.map((view) => new Map(view.req.endpoints.map((e) => [e.key, e])));
    for (const node of emulation.cluster.nodes) {
      const readyIPs = new Set<string>();
      let serving = false;
      ports.forEach((view, i) => {
        const answer = emulation.views.answer(view, node.name);
        if (!answer) return;
        if (answer.external?.verdict === 'route') serving = true;
        for (const key of answer.localEndpoints ?? []) {
          const ep = endpoints[i]!.get(key);
          if (ep?.ready) readyIPs.add(ep.ip);
        }
      });
      out.push({ service, node: node.name, localReady: readyIPs.size, serving });
    }
  }
  return out;
}
