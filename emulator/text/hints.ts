// The controller's hints as a person reads them: a line per Service (what asked, whether hints were
// written, the safeguard, the allocation, whether kube-proxy reads them), the "why" as a wrapped
// paragraph, and for each hinted Service a table of its endpoints and the zones (and nodes) each
// serves — folded: endpoints with the same zone, readiness and hints share a row that names their
// nodes and pods in ranges, so a Service of thousands of endpoints prints a few rows. At most
// `maxRows` rows per Service; a line says how many were left out.
import type { HintedEndpoint, HintReport } from '../document.js';
import { compactNames, formatNumber, naturalCompare } from './format.js';
import { heading, table } from './table.js';
import { wrap } from './wrap.js';

export interface HintTextOptions {
  /** Names or ranges shown per cell before `… (+N more)`. */
  maxNodeItems?: number;
  /** Rows of a Service's endpoint table before the rest are counted, not shown. */
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 20;

export function renderHints(all: readonly HintReport[], options: HintTextOptions = {}): string {
  // A Service that asked for nothing has nothing to say, unless an annotation of it was ignored.
  const hints = all.filter((h) => h.source !== 'none' || h.ignoredAnnotation !== undefined);
  if (hints.length === 0) return '';
  const rows = hints.map((h) => [
    h.service,
    askedBy(h),
    h.hinted ? 'yes' : 'no',
    h.safeguard ?? '–',
    h.allocation
      ? Object.entries(h.allocation)
          .map(([z, n]) => `${z}: ${formatNumber(n)}`)
          .join(', ')
      : '–',
    h.honoured === undefined ? '–' : h.honoured ? 'yes' : 'no (ignored)',
  ]);
  const parts = [
    heading('Topology hints (EndpointSlice controller)'),
    table(['Service', 'asked by', 'hinted', 'safeguard', 'allocation', 'kube-proxy reads them'], rows),
  ];
  for (const h of hints) {
    parts.push('', `${h.service}:`, wrap(h.message, 100, '  '));
    if (h.hinted && h.endpoints && h.endpoints.length > 0) parts.push(endpointTable(h.endpoints, options));
  }
  return parts.join('\n');
}

function askedBy(h: HintReport): string {
  if (h.source === 'annotation') return 'topology annotation';
  if (h.source === 'trafficDistribution') return 'trafficDistribution';
  return h.ignoredAnnotation !== undefined ? `nothing (${h.ignoredAnnotation} ignored)` : 'nothing';
}

interface Row {
  zone: string;
  ready: boolean;
  forZones: string;
  forNodes: string;
  nodes: string[];
  pods: string[];
  endpoints: number;
}

/** `own node` when an endpoint's node hints are exactly its node: PreferSameNode's rows fold across nodes. */
function nodeHints(ep: HintedEndpoint): string {
  if (ep.forNodes.length === 0) return '–';
  if (ep.forNodes.length === 1 && ep.forNodes[0] === ep.node) return 'own node';
  return ep.forNodes.join(', ');
}

function endpointTable(endpoints: readonly HintedEndpoint[], options: HintTextOptions): string {
  const rows = new Map<string, Row>();
  for (const ep of endpoints) {
    const zone = ep.zone ?? '(no zone)';
    const forZones = ep.forZones.length ? ep.forZones.join(', ') : '–';
    const forNodes = nodeHints(ep);
    const key = [zone, ep.ready, forZones, forNodes].join('\u0000');
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { zone, ready: ep.ready, forZones, forNodes, nodes: [], pods: [], endpoints: 0 }));
    row.endpoints++;
    if (ep.node !== null) row.nodes.push(ep.node);
    row.pods.push(ep.pod ?? ep.address);
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      naturalCompare(a.zone, b.zone) ||
      Number(b.ready) - Number(a.ready) ||
      naturalCompare(a.forZones, b.forZones) ||
      naturalCompare(a.forNodes, b.forNodes),
  );
  const max = options.maxRows ?? DEFAULT_MAX_ROWS;
  const shown = sorted.slice(0, max);
  const items = options.maxNodeItems;
  // The node-hint column only for Services that have node hints (trafficDistribution PreferSameNode).
  const withNodes = sorted.some((r) => r.forNodes !== '–');
  const t = table(
    ['zone', 'ready', 'hinted for zones', ...(withNodes ? ['for nodes'] : []), 'endpoints', 'nodes', 'pods'],
    shown.map((r) => [
      r.zone,
      r.ready ? 'yes' : 'no',
      r.forZones,
      ...(withNodes ? [r.forNodes] : []),
      formatNumber(r.endpoints),
      r.nodes.length ? compactNames(r.nodes, items) : '–',
      compactNames(
        r.pods.map((p) => p.slice(p.indexOf('/') + 1)),
        items,
      ),
    ]),
    ['left', 'left', 'left', ...(withNodes ? (['left'] as const) : []), 'right', 'left', 'left'],
  );
  const lines = [t];
  if (sorted.length > shown.length) {
    const left = sorted.slice(max);
    const eps = left.reduce((n, r) => n + r.endpoints, 0);
    lines.push(
      `… ${formatNumber(left.length)} more row${left.length === 1 ? '' : 's'} (${formatNumber(eps)} endpoints) not shown; --json lists every endpoint.`,
    );
  }
  return lines.join('\n');
}
