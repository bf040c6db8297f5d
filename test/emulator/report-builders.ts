// Hand-made SimulationReport values for the renderer, diff and lint tests: small, readable, and
// with figures worked out by hand in each test (not produced by the emulator).
import type { Flow, FlowEndpoint, SimulationReport, Summary } from '../../emulator/document.js';

/** `node-a` is in `zone-a`, `node-b1`/`node-b2` in `zone-b`: the zone is the node name's letter. */
export const zoneOf = (node: string) => `zone-${node.slice('node-'.length, 'node-'.length + 1)}`;

export function ep(endpoint: string, node: string, share: number, pod: string | null = null): FlowEndpoint {
  return { endpoint, pod, node, zone: zoneOf(node), share };
}

export interface FlowSpec {
  pod?: string;
  node: string;
  service: string;
  port?: string;
  verdict?: Flow['verdict'];
  endpoints?: FlowEndpoint[];
  traffic?: Flow['traffic'];
  via?: Flow['via'];
  external?: boolean;
  hostNetwork?: boolean;
  shortCircuit?: boolean;
  rps?: number;
  bytesPerRequest?: number;
  topologyMode?: Flow['topologyMode'];
  name?: string;
}

export function flow(s: FlowSpec): Flow {
  const rps = s.rps ?? 1;
  const from: Flow['from'] = { node: s.node, zone: zoneOf(s.node) };
  if (s.pod !== undefined) from.pod = s.pod;
  if (s.external) from.external = true;
  if (s.hostNetwork) from.hostNetwork = true;
  const f: Flow = {
    from,
    to: { service: s.service, port: s.port ?? 'http' },
    traffic: s.traffic ?? (s.external ? 'external' : 'internal'),
    verdict: s.verdict ?? ((s.endpoints ?? []).length ? 'route' : 'drop'),
    endpoints: s.endpoints ?? [],
    via: s.via ?? (s.external ? 'nodePort' : 'clusterIP'),
    topologyMode: s.topologyMode ?? 'None',
    requestsPerSecond: rps,
    bytesPerSecond: rps * (s.bytesPerRequest ?? 1024),
  };
  if (s.shortCircuit) f.shortCircuit = true;
  if (s.name !== undefined) f.name = s.name;
  return f;
}

export function summary(over: Partial<Summary> = {}): Summary {
  return {
    flows: 0,
    route: 0,
    drop: 0,
    reject: 0,
    bytesPerSecond: { sameNode: 0, sameZone: 0, crossZone: 0 },
    crossZoneCostPerMonth: { usd: 0, pricePerGiB: 0.01, billedBothDirections: true, provider: 'aws' },
    ...over,
  };
}

export function report(flows: Flow[], over: Partial<SimulationReport> = {}, summaryOver: Partial<Summary> = {}): SimulationReport {
  const count = (v: Flow['verdict']) => flows.filter((f) => f.verdict === v).length;
  return {
    flows,
    summary: summary({ flows: flows.length, route: count('route'), drop: count('drop'), reject: count('reject'), ...summaryOver }),
    ...over,
  };
}
