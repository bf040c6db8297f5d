// `tpe diff`'s default output, and the per-step changes of `tpe simulate`: changed flows folded into
// one row per (Service port, address, change), then the figures side by side with their deltas.
import type { FlowChange, ReportDiff } from './diff.js';
import { describeVia } from '../text/flows.js';
import { compactNames, formatNumber, formatRate, formatUsd, naturalCompare, signed } from '../text/format.js';
import { heading, table } from '../text/table.js';

interface ChangeGroup {
  service: string;
  port: string;
  address: string;
  change: string;
  nodes: Set<string>;
  flows: number;
  endpointsBefore: Set<string>;
  endpointsAfter: Set<string>;
  crossZoneDelta: number;
}

function describeChange(c: FlowChange): string {
  switch (c.kind) {
    case 'added':
      return `new flow (${c.after!.verdict})`;
    case 'removed':
      return `flow gone (was ${c.before!.verdict})`;
    case 'verdict':
      return `${c.before!.verdict} → ${c.after!.verdict}`;
    case 'endpoints':
      return 'other endpoints';
    case 'shares':
      return 'other shares';
  }
}

/** Changed flows as a table, one row per Service port, address and kind of change. */
export function renderChangeGroups(changes: readonly FlowChange[], maxNodeItems?: number): string {
  const groups = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const address = describeVia({ traffic: c.traffic, via: c.via, shortCircuit: c.shortCircuit === true });
    const change = describeChange(c);
    const key = [c.to.service, c.to.port, address, change].join('\u0000');
    let g = groups.get(key);
    if (!g) {
      g = {
        service: c.to.service,
        port: c.to.port,
        address,
        change,
        nodes: new Set(),
        flows: 0,
        endpointsBefore: new Set(),
        endpointsAfter: new Set(),
        crossZoneDelta: 0,
      };
      groups.set(key, g);
    }
    g.nodes.add(c.from.node);
    g.flows += 1;
    for (const e of c.before?.endpoints ?? []) g.endpointsBefore.add(e);
    for (const e of c.after?.endpoints ?? []) g.endpointsAfter.add(e);
    g.crossZoneDelta += (c.after?.crossZoneBytesPerSecond ?? 0) - (c.before?.crossZoneBytesPerSecond ?? 0);
  }
  const rows = [...groups.values()]
    .sort(
      (a, b) =>
        naturalCompare(a.service, b.service) ||
        naturalCompare(a.port, b.port) ||
        a.address.localeCompare(b.address) ||
        a.change.localeCompare(b.change),
    )
    .map((g) => [
      `${g.service}:${g.port}`,
      g.address,
      g.change,
      compactNames([...g.nodes], maxNodeItems),
      formatNumber(g.flows),
      `${formatNumber(g.endpointsBefore.size)} → ${formatNumber(g.endpointsAfter.size)}`,
      signed(g.crossZoneDelta, formatRate),
    ]);
  return table(['Service port', 'address', 'change', 'from nodes', 'flows', 'endpoints', 'Δ cross-zone'], rows, [
    'left',
    'left',
    'left',
    'left',
    'right',
    'right',
    'right',
  ]);
}

export interface DiffTextOptions {
  /** What A and B are, as the user named them. */
  labels?: [string, string];
  maxNodeItems?: number;
}

/** The price behind the cost rows, as the provider quotes it, and its source. */
function costNote(c: ReportDiff['summary']['crossZoneCostPerMonth']): string {
  const price = c.quoted ? `$${c.quoted.usd}/${c.quoted.per}` : `$${formatNumber(c.pricePerGiB)}/GiB`;
  const provider = c.provider
    ? ` (${c.provider}${c.billedBothDirections ? ', billed on both the sending and the receiving side' : ''})`
    : '';
  return `Cost per 30-day month at ${price}${provider}.${c.quoted ? ` Price source: ${c.quoted.source}` : ''}`;
}

export function renderDiffText(diff: ReportDiff, options: DiffTextOptions = {}): string {
  const [a, b] = options.labels ?? ['A', 'B'];
  const f = diff.flows;
  const s = diff.summary;
  const parts = [
    `tpe diff — A: ${a}\n           B: ${b}`,
    heading(
      `Flows: ${formatNumber(f.before)} → ${formatNumber(f.after)}; ${formatNumber(f.changed)} changed, ${formatNumber(f.added)} new, ${formatNumber(f.removed)} gone, ${formatNumber(f.unchanged)} unchanged`,
    ),
  ];
  if (!f.complete) {
    parts.push(
      `A has ${formatNumber(s.route.before + s.drop.before + s.reject.before)} flows and B ${formatNumber(s.route.after + s.drop.after + s.reject.after)}: more than --max-flows, so only dropped and rejected flows were compared one by one (the figures below compare every flow). Raise --max-flows to compare every flow.`,
    );
  }
  const none = f.complete ? 'No flow changed verdict or endpoints.' : 'No listed flow changed verdict or endpoints.';
  parts.push(diff.changes.length ? renderChangeGroups(diff.changes, options.maxNodeItems) : none);
  const row = (label: string, d: { before: number; after: number; delta: number }, format: (n: number) => string) => [
    label,
    format(d.before),
    format(d.after),
    signed(d.delta, format),
  ];
  parts.push(
    '',
    heading('Figures'),
    table(
      ['', 'A', 'B', 'Δ'],
      [
        row('route', s.route, formatNumber),
        row('drop', s.drop, formatNumber),
        row('reject', s.reject, formatNumber),
        row('same node bytes/s', s.bytesPerSecond.sameNode, formatRate),
        row('same zone bytes/s', s.bytesPerSecond.sameZone, formatRate),
        row('cross-zone bytes/s', s.bytesPerSecond.crossZone, formatRate),
        row('cross-zone cost/month', s.crossZoneCostPerMonth, formatUsd),
        row('busiest endpoint req/s', s.endpointLoadMax, formatNumber),
      ],
      ['left', 'right', 'right', 'right'],
    ),
    costNote(s.crossZoneCostPerMonth),
  );
  return `${parts.join('\n')}\n`;
}
