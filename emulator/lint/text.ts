// `tpe lint`'s default output: one block per finding — severity, code, object and port, the nodes
// named (folded into ranges on big clusters), the steps of the clock it shows at, what happens and
// what would fix it — then the counts.
import type { ReportWarning } from '../document.js';
import type { LintResult } from './types.js';
import { compactNames } from '../text/format.js';

export function renderLintText(result: LintResult, options: { maxNodeItems?: number } = {}): string {
  const blocks = result.findings.map((f) => {
    const lines = [`${f.severity.toUpperCase()} ${f.code}  ${f.object}${f.port !== undefined ? ` port ${f.port}` : ''}`];
    if (f.nodes?.length) lines.push(`  nodes: ${compactNames(f.nodes, options.maxNodeItems ?? 8)}`);
    if (f.at?.length) lines.push(`  at: ${f.at.join(', ')}`);
    lines.push(`  ${f.message}`, `  see ${f.reference}; docs/lint.md#${f.code.toLowerCase()}`);
    return lines.join('\n');
  });
  const { error, warning, info } = result.counts;
  const total = result.findings.length;
  const tally =
    total === 0
      ? 'No findings.'
      : `${total} finding${total === 1 ? '' : 's'}: ${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info`;
  return `${[...blocks, tally].join('\n\n')}\n`;
}

/** The input warnings of the simulation lint ran (empty when there are none): `tpe simulate` shows the same. */
export function renderInputWarnings(warnings: readonly ReportWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.map((w) => `  ${w.code}  ${w.object}: ${w.message}`);
  return `Input warnings: ${warnings.length}\n${lines.join('\n')}\n`;
}
