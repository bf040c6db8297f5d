// `tpe simulate`'s default output: the report (types.ts) as tables a platform engineer reads without
// knowing the JSON — flows by verdict, where the bytes go, what cross-zone traffic costs, how
// uneven the endpoint load is, which safeguard removed hints, and what each step of the fake clock
// changed. Pure: a report in, text out.
import type { Flow, ReportWarning, SimulationReport, Step, Summary } from '../document.js';
import { describeVia, groupFlows, groupOutcomes } from '../text/flows.js';
import { compactNames, formatLanding, formatNumber, formatPercent, formatRate, formatUsd, naturalCompare } from '../text/format.js';
import { heading, table } from '../text/table.js';
import { renderHints } from '../text/hints.js';
import { diffFlows } from '../diff/diff.js';
import { renderChangeGroups } from '../diff/text.js';

export interface TextOptions {
  /** Node names or ranges shown per row before `… (+N more)`. */
  maxNodeItems?: number;
  /** Busiest endpoints listed under the load line. */
  topEndpoints?: number;
}

const SECONDS_PER_MONTH = 30 * 24 * 3600;
const GIB = 1024 ** 3;

export function renderText(report: SimulationReport, options: TextOptions = {}): string {
  const sections = [
    header(report),
    flowsSection(report, options),
    bytesSection(report.summary, report.meta?.zones ?? []),
    costSection(report.summary),
    loadSection(report.flows, report.summary, options),
    renderHints(report.hints ?? [], options),
    warningsSection(report.warnings ?? []),
    stepsSection(report.steps ?? [], options),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(report: SimulationReport): string {
  const m = report.meta;
  if (!m) return 'tpe simulate';
  const zones = m.zones.length ? ` in ${m.zones.length} zone${m.zones.length === 1 ? '' : 's'} (${m.zones.join(', ')})` : '';
  return [
    `tpe simulate — ${plural(m.nodes, 'node')}${zones}, ${plural(m.pods, 'pod')}, ${plural(m.services, 'Service')}`,
    `Kubernetes ${m.kubernetesVersion} · seed ${m.seed}`,
  ].join('\n');
}

function flowsSection(report: SimulationReport, options: TextOptions): string {
  const { flows, summary } = report;
  const title = heading(
    `Flows: ${formatNumber(summary.flows)} — route ${formatNumber(summary.route)}, drop ${formatNumber(summary.drop)}, reject ${formatNumber(summary.reject)}`,
  );
  if (summary.flows === 0) return `${title}\n${noFlows(report)}`;
  // Above maxFlows the report lists only dropped and rejected flows, and counts every flow in its
  // outcomes: the table is made of those, so routed traffic keeps its rows.
  const rows = report.outcomes
    ? groupOutcomes(report.outcomes).map((g) => [
        `${g.service}:${g.port}`,
        describeVia(g),
        g.verdict,
        g.nodes ? compactNames(g.nodes, options.maxNodeItems) : '(not listed)',
        formatNumber(g.flows),
        formatNumber(g.requestsPerSecond),
        '–',
        g.verdict === 'route' ? `(${g.topologyModes.join(', ')})` : '–',
      ])
    : groupFlows(flows).map((g) => [
        `${g.service}:${g.port}`,
        describeVia(g),
        g.verdict,
        compactNames(g.nodes, options.maxNodeItems),
        formatNumber(g.flows),
        formatNumber(g.requestsPerSecond),
        g.verdict === 'route' ? formatLanding(g.landing) : '–',
        g.verdict === 'route' ? `${formatNumber(g.endpoints)} (${g.topologyModes.join(', ')})` : '–',
      ]);
  const legend = [];
  // Above maxFlows the emulator lists only dropped and rejected flows; the figures still count every flow.
  if (flows.length < summary.flows) {
    legend.push(
      `${formatNumber(summary.flows)} flows, more than --max-flows: rows count every flow, but name source nodes of dropped and rejected flows only, ` +
        'and where routed flows land is in the figures below (which count every flow), not per row.',
    );
  }
  if (summary.drop > 0) legend.push('drop: the Service has endpoints, but a Local policy left none on the source node (docs/rules.md §6).');
  if (summary.reject > 0) legend.push('reject: the Service has no usable endpoint anywhere; clients get connection refused.');
  const t = table(['Service port', 'address', 'verdict', 'from nodes', 'flows', 'req/s', 'lands', 'endpoints (topology)'], rows, [
    'left',
    'left',
    'left',
    'left',
    'right',
    'right',
    'left',
    'left',
  ]);
  return [title, t, ...legend].join('\n');
}

/** Why there is no flow: no Service to call, or Services that no client calls. */
function noFlows(report: SimulationReport): string {
  const services = report.meta?.services;
  if (services === undefined) return 'No flows: the cluster has no client and no Service port to send to.';
  if (services === 0) return 'No flows: the cluster has no Service to send to.';
  return (
    `No flows: the cluster has ${plural(services, 'Service')} but no client calls ${services === 1 ? 'it' : 'them'} ` +
    '(no pod runs that could call one, and no Traffic flow names one).'
  );
}

function bytesSection(summary: Summary, zones: readonly string[]): string {
  const b = summary.bytesPerSecond;
  const unknown = b.unknownZone ?? 0;
  const total = b.sameNode + b.sameZone + b.crossZone + unknown;
  const rows = [
    ['same node', formatRate(b.sameNode), formatPercent(b.sameNode, total)],
    ['same zone', formatRate(b.sameZone), formatPercent(b.sameZone, total)],
    ['cross-zone', formatRate(b.crossZone), formatPercent(b.crossZone, total)],
  ];
  // Nodes without a zone label: their traffic to other nodes is neither same- nor cross-zone.
  if (unknown > 0) rows.push(['zone unknown', formatRate(unknown), formatPercent(unknown, total)]);
  const parts = [heading('Where the bytes go'), table(['', 'bytes/s', 'share'], rows, ['left', 'right', 'right'])];
  const matrix = zoneMatrix(summary.zoneMatrix ?? {}, zones);
  if (matrix) parts.push('', 'Zone matrix (bytes/s; rows: client zone, columns: endpoint zone)', matrix);
  return parts.join('\n');
}

/** The `"zone-a→zone-b"` keys of the summary as a table: a row per client zone with traffic, a column per zone. */
function zoneMatrix(cells: Record<string, number>, allZones: readonly string[]): string {
  const entries = Object.entries(cells);
  if (entries.length === 0) return '';
  const from = new Set<string>();
  const to = new Set<string>();
  for (const [key] of entries) {
    const [a = '', b = ''] = key.split('→');
    from.add(a);
    to.add(b);
  }
  const zones = [...new Set([...allZones, ...from, ...to])].sort(naturalCompare);
  const name = (z: string) => (z === '' ? '(no zone)' : z);
  const rows = zones
    .filter((z) => from.has(z))
    .map((a) => [name(a), ...zones.map((b) => (cells[`${a}→${b}`] ? formatRate(cells[`${a}→${b}`]!) : '·'))]);
  return table(['from \\ to', ...zones.map(name)], rows, ['left', ...zones.map(() => 'right' as const)]);
}

function costSection(summary: Summary): string {
  const c = summary.crossZoneCostPerMonth;
  const gibPerMonth = (summary.bytesPerSecond.crossZone * SECONDS_PER_MONTH) / GIB;
  // The price as the provider quotes it ($0.01/GB for AWS), else per GiB as the document always has it.
  const quoted = c.quoted ? `$${c.quoted.usd}/${c.quoted.per}` : `$${formatNumber(c.pricePerGiB)}/GiB`;
  const provider = c.provider ? ` (${c.provider})` : '';
  const lines = [
    heading(`Cross-zone cost: ${formatUsd(c.usd)} per month`),
    `${formatNumber(gibPerMonth)} GiB/month cross-zone (${formatRate(summary.bytesPerSecond.crossZone)} for 30 days) at ${quoted}${provider}` +
      (c.billedBothDirections ? ', billed on both the sending and the receiving side.' : ', billed once.'),
  ];
  if (c.quoted) lines.push(`Price source: ${c.quoted.source}`);
  const unknown = summary.bytesPerSecond.unknownZone ?? 0;
  if (unknown > 0) {
    lines.push(
      `Not priced: ${formatRate(unknown)} between nodes where a side has no zone label (or is not in the input), so whether it crosses zones is unknown.`,
    );
  }
  return lines.join('\n');
}

interface EndpointRate {
  service: string;
  endpoint: string;
  pod: string | null;
  node: string | null;
  rps: number;
}

/** Requests per second per endpoint of each Service port, from the flows' shares: who carries the load. */
function endpointRates(flows: readonly Flow[]): EndpointRate[] {
  const rates = new Map<string, EndpointRate>();
  for (const flow of flows) {
    if (flow.verdict !== 'route') continue;
    const service = `${flow.to.service}:${flow.to.port}`;
    for (const ep of flow.endpoints) {
      const key = `${service} ${ep.endpoint}`;
      const r = rates.get(key) ?? { service, endpoint: ep.endpoint, pod: ep.pod, node: ep.node, rps: 0 };
      r.rps += flow.requestsPerSecond * ep.share;
      rates.set(key, r);
    }
  }
  return [...rates.values()]
    .filter((r) => r.rps > 0)
    .sort((a, b) => b.rps - a.rps || naturalCompare(a.service, b.service) || naturalCompare(a.endpoint, b.endpoint));
}

function loadSection(flows: readonly Flow[], summary: Summary, options: TextOptions): string {
  const load = summary.endpointLoad;
  if (!load || load.max === 0) return '';
  const ratio = load.mean > 0 ? load.max / load.mean : 1;
  const lines = [
    heading('Endpoint load'),
    `busiest ${load.busiest ?? '?'} at ${formatNumber(load.max)} req/s; mean ${formatNumber(load.mean)} req/s over the endpoints that get traffic (max/mean ${formatNumber(ratio)}×).`,
  ];
  if (ratio >= 1.5)
    lines.push('Uneven load is the price of Local policies and topology: clients use only the endpoints near them, however few.');
  const rates = endpointRates(flows);
  const top = rates.slice(0, options.topEndpoints ?? 5);
  if (top.length > 1) {
    lines.push(
      table(
        ['Service port', 'endpoint', 'pod', 'node', 'req/s'],
        top.map((r) => [r.service, r.endpoint, r.pod ?? '–', r.node ?? '–', formatNumber(r.rps)]),
        ['left', 'left', 'left', 'left', 'right'],
      ),
    );
    if (rates.length > top.length) {
      lines.push(
        `The ${formatNumber(top.length)} busiest of ${formatNumber(rates.length)} endpoints with traffic; ${formatNumber(rates.length - top.length)} more not shown.`,
      );
    }
  }
  return lines.join('\n');
}

function warningsSection(warnings: readonly ReportWarning[]): string {
  if (warnings.length === 0) return '';
  return [
    heading(`Warnings: ${warnings.length}`),
    table(
      ['code', 'object', 'message'],
      warnings.map((w) => [w.code, w.object, w.message]),
    ),
  ].join('\n');
}

function stepsSection(steps: readonly Step[], options: TextOptions): string {
  if (steps.length === 0) return '';
  const rows = steps.map((s) => [
    s.at,
    s.events.length ? s.events.join('\n') : '(start)',
    formatNumber(s.summary.route),
    formatNumber(s.summary.drop),
    formatNumber(s.summary.reject),
    formatRate(s.summary.bytesPerSecond.crossZone),
    formatUsd(s.summary.crossZoneCostPerMonth.usd),
    s.summary.endpointLoad ? formatNumber(s.summary.endpointLoad.max) : '–',
  ]);
  const parts = [
    heading(`Fake clock: ${plural(steps.length, 'step')}`),
    table(['at', 'events', 'route', 'drop', 'reject', 'cross-zone', 'cost/month', 'max req/s per endpoint'], rows, [
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
  ];
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i]!;
    const { changes } = diffFlows(steps[i - 1]!.flows, step.flows);
    parts.push(
      '',
      `At ${step.at} (${step.events.join('; ')}): ${changes.length ? plural(changes.length, 'flow') + ' changed' : 'no flow changed'}`,
    );
    if (changes.length) parts.push(renderChangeGroups(changes, options.maxNodeItems));
    // The controller re-decided hints at this step (a zone went down, endpoints moved).
    for (const h of step.hints ?? []) {
      parts.push(
        `Hints of ${h.service}: ${h.hinted ? 'written' : `none${h.safeguard ? ` (safeguard ${h.safeguard})` : ''}`} — ${h.message}`,
      );
    }
  }
  return parts.join('\n');
}

function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}
