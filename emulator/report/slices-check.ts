// `tpe slices --check` as text (the check is emulator/slices/check.ts): a line saying what was compared and whether it matched, then per
// Service with differences a table of the differing endpoints (input vs tpe) and the reasons, each
// distinct reason once, wrapped. Notes say where the comparison is weaker (pods inferred from slices).
import type { SliceCheckReport } from '../slices/check.js';
import { formatNumber } from '../text/format.js';
import { heading, table } from '../text/table.js';
import { wrap } from '../text/wrap.js';

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

export function renderCheckText(report: SliceCheckReport): string {
  const endpoints = report.services.reduce((n, s) => n + s.endpoints, 0);
  const compared = `${plural(report.services.length, 'Service')}, ${plural(endpoints, 'endpoint')}`;
  const parts: string[] = [];
  parts.push(
    report.differences === 0
      ? `tpe slices --check (Kubernetes ${report.kubernetesVersion}): the controller's EndpointSlices match the input's — ${compared} compared.`
      : `tpe slices --check (Kubernetes ${report.kubernetesVersion}): ${plural(report.differences, 'difference')} — ${compared} compared.`,
  );
  if (report.services.length === 0) parts.push('The input holds no EndpointSlices of a Service with a selector: nothing to compare.');
  for (const s of report.services) {
    if (s.podsInferred) {
      parts.push(
        wrap(
          `${s.service}: the input has no Pods behind it, so tpe inferred them from its slices; conditions, nodes and zones are compared with themselves, hints are the real check.`,
        ),
      );
    }
    if (s.differences.length === 0) continue;
    const differing = new Set(s.differences.map((d) => `${d.addressType} ${d.endpoint}`)).size;
    parts.push(
      '',
      heading(`${s.service}: ${formatNumber(differing)} of ${plural(s.endpoints, 'endpoint')} differ`),
      table(
        ['endpoint', 'pod', 'differs', 'input', 'tpe'],
        s.differences.map((d) => [d.endpoint, d.pod ?? '–', d.field, d.input, d.tpe]),
      ),
    );
    const reasons = new Map<string, string[]>();
    for (const d of s.differences) {
      const key = `${d.field}\u0000${d.reason}`;
      reasons.set(key, [...(reasons.get(key) ?? []), d.endpoint]);
    }
    parts.push('Why:');
    for (const [key, eps] of reasons) {
      const [field, reason] = key.split('\u0000') as [string, string];
      const which = reasons.size === 1 || eps.length === s.differences.length ? '' : ` (${eps.join(', ')})`;
      parts.push(wrap(`- ${field}${which}: ${reason}`, 100, '  ').replace(/^ {2}/, ''));
    }
  }
  if (report.skipped.length) {
    parts.push('', wrap(`Not compared (the input holds no EndpointSlices for them): ${report.skipped.join(', ')}.`));
  }
  return `${parts.join('\n')}\n`;
}
