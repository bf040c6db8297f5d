// Compare mode: A pinned, B live — the same comparison as `tpe diff A B` (emulator/diff), at the
// step shown, with the figures side by side.
import { diffReports, type FlowChange, type FlowState } from '../../emulator/diff/diff.js';
import { formatBytes, formatUsd, signed } from '../../emulator/text/format.js';
import type { SimulationReport } from '../../emulator/document.js';
import type { RunResult } from './run.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function at(report: SimulationReport, step: number): Pick<SimulationReport, 'flows' | 'summary'> {
  const s = report.steps?.[Math.min(step, report.steps.length - 1)];
  return s ?? report;
}

export function compareHtml(a: RunResult, b: RunResult, step: number): string {
  if (!a.report || !b.report)
    return `<h2>Compare</h2><p class="error">${esc((a.error ?? b.error)?.message ?? 'A side cannot be simulated')}</p>`;
  const diff = diffReports(at(a.report, step), at(b.report, step));
  const s = diff.summary;
  const row = (label: string, d: { before: number; after: number; delta: number }, f: (n: number) => string, key: string) =>
    `<tr data-compare="${key}"><th>${label}</th><td>${f(d.before)}</td><td>${f(d.after)}</td><td class="${d.delta === 0 ? '' : 'changed'}">${signed(d.delta, f)}</td></tr>`;
  const n = (x: number) => String(x);
  const bytes = (x: number) => `${formatBytes(x)}/s`;
  return (
    `<h2>Compare: A (pinned) vs B (what you edit)</h2>` +
    `<p data-compare="flows">${diff.flows.changed} flow${diff.flows.changed === 1 ? '' : 's'} changed, ${diff.flows.added} new, ${diff.flows.removed} gone, ${diff.flows.unchanged} unchanged.</p>` +
    `<table class="compare-figures"><tr><th></th><th>A</th><th>B</th><th>Δ</th></tr>` +
    row('route', s.route, n, 'route') +
    row('drop', s.drop, n, 'drop') +
    row('reject', s.reject, n, 'reject') +
    row('same node', s.bytesPerSecond.sameNode, bytes, 'same-node') +
    row('same zone', s.bytesPerSecond.sameZone, bytes, 'same-zone') +
    row('cross-zone', s.bytesPerSecond.crossZone, bytes, 'cross-zone') +
    row('cost / month', s.crossZoneCostPerMonth, formatUsd, 'cost') +
    row('busiest endpoint req/s', s.endpointLoadMax, (x) => x.toFixed(1), 'load-max') +
    `</table>` +
    (diff.changes.length ? changesHtml(diff.changes) : '<p>No flow changed verdict or endpoints.</p>')
  );
}

const LISTED = 40;

function side(state: FlowState | null): string {
  if (!state) return '—';
  return state.verdict === 'route' ? `route → ${state.endpoints.map(esc).join(', ')}` : state.verdict.toUpperCase();
}

/** The changed flows (those of `tpe diff`), one row each: who, to what, A's outcome, B's. */
function changesHtml(changes: readonly FlowChange[]): string {
  const rows = changes
    .slice(0, LISTED)
    .map((c) => {
      const who = c.from.pod ?? `${c.from.external ? 'external via' : 'host'} ${c.from.node}`;
      return `<tr class="${c.after?.verdict ?? 'gone'}"><td>${esc(who)}</td><td>${esc(`${c.to.service}:${c.to.port}`)}</td><td>${side(c.before)}</td><td>${side(c.after)}</td></tr>`;
    })
    .join('');
  const more = changes.length > LISTED ? `<p class="muted">and ${changes.length - LISTED} more (download the reports for all)</p>` : '';
  return `<table class="changes"><tr><th>client</th><th>Service port</th><th>A</th><th>B</th></tr>${rows}</table>${more}`;
}
