// Lint's facts from listed flows: what the emulator's outcome tally and endpoint load say, regrouped
// by hand from Flow objects — hand-written ones in the rule tests, a report that lists every flow in
// the tests that check the tally against the listing.
import type { PortLoad, PortOutcome } from '../../emulator/lint/facts.js';
import type { Flow } from '../../emulator/document.js';

/** Flows grouped by Service port and outcome (traffic, via, verdict, shortCircuit, topologyMode), with their source nodes. */
export function outcomesOf(flows: readonly Flow[]): PortOutcome[] {
  const cells = new Map<string, PortOutcome & { nodes: string[] }>();
  for (const f of flows) {
    const key = [f.to.service, f.to.port, f.traffic, f.via, f.verdict, f.shortCircuit === true, f.topologyMode].join('\u0000');
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        to: { ...f.to },
        traffic: f.traffic,
        via: f.via,
        verdict: f.verdict,
        ...(f.shortCircuit ? { shortCircuit: true } : {}),
        topologyMode: f.topologyMode,
        flows: 0,
        requestsPerSecond: 0,
        nodes: [],
      };
      cells.set(key, cell);
    }
    cell.flows += 1;
    cell.requestsPerSecond += f.requestsPerSecond;
    if (!cell.nodes.includes(f.from.node)) cell.nodes.push(f.from.node);
  }
  return [...cells.values()];
}

/** Requests per second per endpoint of each Service port, from the routed flows' shares; endpoints in address order. */
export function loadsOf(flows: readonly Flow[]): PortLoad[] {
  const ports = new Map<string, { service: string; port: string; load: Map<string, { node: string | null; rps: number }> }>();
  for (const f of flows) {
    if (f.verdict !== 'route') continue;
    const key = `${f.to.service}\u0000${f.to.port}`;
    let port = ports.get(key);
    if (!port) ports.set(key, (port = { service: f.to.service, port: f.to.port, load: new Map() }));
    for (const e of f.endpoints) {
      const entry = port.load.get(e.endpoint) ?? { node: e.node, rps: 0 };
      entry.rps += f.requestsPerSecond * e.share;
      port.load.set(e.endpoint, entry);
    }
  }
  return [...ports.values()].map(({ service, port, load }) => ({
    service,
    port,
    endpoints: [...load.keys()]
      .sort()
      .map((endpoint) => ({ endpoint, node: load.get(endpoint)!.node, requestsPerSecond: load.get(endpoint)!.rps })),
  }));
}
