// The figures beside the picture, from the report of the step shown: verdict counts, where the
// bytes land, the cross-zone bill, endpoint load, and lint's findings with their codes.
import type { ReportWarning, Summary } from '../../emulator/document.js';
import { formatBytes, formatUsd } from '../../emulator/text/format.js';
import type { LintResult } from '../../emulator/lint/types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function figuresHtml(summary: Summary, lint: LintResult | null, warnings: readonly ReportWarning[], ms: number): string {
  const b = summary.bytesPerSecond;
  const total = b.sameNode + b.sameZone + b.crossZone;
  const pct = (n: number) => (total > 0 ? `${Math.round((100 * n) / total)}%` : '–');
  const cost = summary.crossZoneCostPerMonth;
  const load = summary.endpointLoad;
  const findings = lint?.findings ?? [];
  return (
    `<div class="verdicts">` +
    `<div class="figure route" data-figure="route"><span class="glyph">→</span><b>${summary.route}</b> routed</div>` +
    `<div class="figure drop${summary.drop > 0 ? ' alarm' : ''}" data-figure="drop"><span class="glyph">✕</span><b>${summary.drop}</b> dropped</div>` +
    `<div class="figure reject${summary.reject > 0 ? ' alarm' : ''}" data-figure="reject"><span class="glyph">⊘</span><b>${summary.reject}</b> rejected</div>` +
    `</div>` +
    `<table class="bytes"><caption>Where the bytes go</caption>` +
    `<tr><th>same node</th><td data-figure="same-node">${formatBytes(b.sameNode)}/s</td><td>${pct(b.sameNode)}</td></tr>` +
    `<tr><th>same zone</th><td data-figure="same-zone">${formatBytes(b.sameZone)}/s</td><td>${pct(b.sameZone)}</td></tr>` +
    `<tr><th>cross-zone</th><td data-figure="cross-zone">${formatBytes(b.crossZone)}/s</td><td>${pct(b.crossZone)}</td></tr></table>` +
    `<p class="cost">Cross-zone cost <b data-figure="cost">${formatUsd(cost.usd)}</b>/month <span class="muted">at $${cost.pricePerGiB.toFixed(4)}/GiB` +
    `${cost.billedBothDirections ? ', billed both ways' : ''} (${esc(cost.provider ?? 'custom')})</span></p>` +
    (load
      ? `<p>Endpoint load: max <b data-figure="load-max">${load.max.toFixed(1)}</b> req/s, mean ${load.mean.toFixed(1)}` +
        `${load.mean > 0 ? ` (max/mean ${(load.max / load.mean).toFixed(2)}×)` : ''}${load.busiest ? ` <span class="muted">busiest ${esc(load.busiest)}</span>` : ''}</p>`
      : '') +
    `<div class="findings" data-figure="lint"><h3>Lint: ${findings.length === 0 ? 'no findings' : `${findings.length} finding${findings.length === 1 ? '' : 's'}`}</h3>` +
    findings
      .map(
        (f) =>
          `<div class="finding ${f.severity}"><span class="sev">${f.severity}</span> <code>${f.code}</code> ${esc(f.object)}${f.port ? `:${esc(f.port)}` : ''}` +
          `<div class="msg">${esc(f.message)}</div></div>`,
      )
      .join('') +
    `</div>` +
    (warnings.length
      ? `<details class="warnings"><summary>${warnings.length} input warning${warnings.length === 1 ? '' : 's'}</summary>${warnings
          .map((w) => `<div><code>${esc(w.code)}</code> ${esc(w.object)}: ${esc(w.message)}</div>`)
          .join('')}</details>`
      : '') +
    `<p class="muted small">simulated in the page in ${ms.toFixed(0)} ms</p>`
  );
}
