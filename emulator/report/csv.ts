// `tpe simulate --csv`: one row per flow (RFC 4180: comma-separated, CRLF-free `\n` lines, fields
// with a comma, quote or newline quoted), for spreadsheets and `awk`. With events, one row per flow
// per step of the fake clock, the step in the `at` column. The columns (README and CSV_COLUMNS):
//   at                 step time as written in the Traffic (`0s`, `60s`); empty without events
//   name               the Traffic flow's name, if it had one
//   client             `pod`, `host` (host network or the node itself) or `external`
//   from_pod           namespace/name of the client pod; empty for host and external clients
//   from_node          the client's node (external clients: the node the traffic enters through)
//   from_zone          that node's zone
//   service, port      the Service (namespace/name) and port name (or number)
//   traffic            `internal` (ClusterIP semantics) or `external` (NodePort/LB/externalIP)
//   via                clusterIP, nodePort, loadBalancer or externalIP
//   short_circuit      `true` when ETP=Local was bypassed (pod→LB IP, pod→same-node NodePort)
//   topology_mode      None, PreferSameZone or PreferSameNode (what kube-proxy applied)
//   verdict            route, drop or reject
//   requests_per_second, bytes_per_second   the flow's rate (all its clients together)
//   endpoints          how many endpoints get a share
//   endpoint_shares    `ip:port=share` pairs separated by `;`, sorted by endpoint
//   same_node_bytes_per_second, same_zone_bytes_per_second, cross_zone_bytes_per_second,
//   unknown_zone_bytes_per_second (a side without a zone label)
//                      where the flow's bytes land relative to the client's node and zone
import type { Flow, SimulationReport } from '../document.js';
import { landing } from '../text/format.js';

export const CSV_COLUMNS = [
  'at',
  'name',
  'client',
  'from_pod',
  'from_node',
  'from_zone',
  'service',
  'port',
  'traffic',
  'via',
  'short_circuit',
  'topology_mode',
  'verdict',
  'requests_per_second',
  'bytes_per_second',
  'endpoints',
  'endpoint_shares',
  'same_node_bytes_per_second',
  'same_zone_bytes_per_second',
  'cross_zone_bytes_per_second',
  'unknown_zone_bytes_per_second',
] as const;

function field(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rates keep full precision (spreadsheets round on display); `1e-7` style is avoided for readers like awk. */
function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

function row(at: string, flow: Flow): string {
  const l = landing(flow);
  const client = flow.from.external ? 'external' : flow.from.pod !== undefined && !flow.from.hostNetwork ? 'pod' : 'host';
  const shares = [...flow.endpoints]
    .sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0))
    .map((e) => `${e.endpoint}=${number(e.share)}`)
    .join(';');
  const values: Array<string | number | boolean> = [
    at,
    flow.name ?? '',
    client,
    flow.from.pod ?? '',
    flow.from.node,
    flow.from.zone,
    flow.to.service,
    flow.to.port,
    flow.traffic,
    flow.via,
    flow.shortCircuit === true,
    flow.topologyMode,
    flow.verdict,
    number(flow.requestsPerSecond),
    number(flow.bytesPerSecond),
    flow.endpoints.filter((e) => e.share > 0).length,
    shares,
    number(l.sameNode),
    number(l.sameZone),
    number(l.crossZone),
    number(l.unknownZone),
  ];
  return values.map(field).join(',');
}

export function renderCsv(report: SimulationReport): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  if (report.steps && report.steps.length > 0) {
    for (const step of report.steps) for (const flow of step.flows) lines.push(row(step.at, flow));
  } else {
    for (const flow of report.flows) lines.push(row('', flow));
  }
  return `${lines.join('\n')}\n`;
}
