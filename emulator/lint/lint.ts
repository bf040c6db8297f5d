// `tpe lint`: every rule over the emulator's facts, findings sorted most severe first. The codes and
// what each means are documented in docs/lint.md; rules/ has one file per family of risks.
import type { LintFacts } from './facts.js';
import { SEVERITIES, type LintCode, type LintFinding, type LintResult, type Severity } from './types.js';
import { itpLocalNoLocalEndpoint } from './rules/itp-local.js';
import { noEndpoints } from './rules/no-endpoints.js';
import { externalLocalNoEndpoint, externalTrafficPolicyIgnored, healthCheckFailsWhileServing } from './rules/external.js';
import { hintsDisabledBySafeguard, preferSameNodeNoLocalEndpoint, topologyAnnotationIgnored, topologyNotApplied } from './rules/hints.js';
import { onlyTerminatingEndpoints } from './rules/terminating.js';
import { noClients } from './rules/clients.js';
import { endpointOverload } from './rules/overload.js';
import { localPolicyShortCircuit } from './rules/short-circuit.js';
import { naturalCompare } from '../text/format.js';

type Rule = (facts: LintFacts) => LintFinding[];

/** Every rule, with the codes it may report, in the order of docs/lint.md. */
export const RULES: ReadonlyArray<{ codes: readonly LintCode[]; rule: Rule }> = [
  { codes: ['ITPLocalNoLocalEndpoint'], rule: itpLocalNoLocalEndpoint },
  { codes: ['NoEndpoints'], rule: noEndpoints },
  { codes: ['HealthCheckFailsWhileServing'], rule: healthCheckFailsWhileServing },
  { codes: ['ExternalLocalNoEndpoint'], rule: externalLocalNoEndpoint },
  { codes: ['ExternalTrafficPolicyIgnored'], rule: externalTrafficPolicyIgnored },
  { codes: ['HintsDisabledBySafeguard'], rule: hintsDisabledBySafeguard },
  { codes: ['PreferSameNodeNoLocalEndpoint'], rule: preferSameNodeNoLocalEndpoint },
  { codes: ['TopologyNotApplied'], rule: topologyNotApplied },
  { codes: ['TopologyAnnotationIgnored'], rule: topologyAnnotationIgnored },
  { codes: ['OnlyTerminatingEndpoints'], rule: onlyTerminatingEndpoints },
  { codes: ['EndpointOverload'], rule: endpointOverload },
  { codes: ['LocalPolicyShortCircuit'], rule: localPolicyShortCircuit },
  { codes: ['NoClients'], rule: noClients },
];

export const LINT_CODES: readonly LintCode[] = RULES.flatMap((r) => r.codes);

const rank = (s: Severity) => SEVERITIES.indexOf(s);

export function lint(facts: LintFacts): LintResult {
  const findings = RULES.flatMap(({ rule }) => rule(facts)).sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      LINT_CODES.indexOf(a.code) - LINT_CODES.indexOf(b.code) ||
      naturalCompare(a.object, b.object) ||
      naturalCompare(a.port ?? '', b.port ?? ''),
  );
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { findings, counts };
}

/** `--fail-on`: a severity (that one or worse) or a code. */
export type FailOn = { severity: Severity } | { code: LintCode };

export function parseFailOn(value: string): FailOn | null {
  if ((SEVERITIES as readonly string[]).includes(value)) return { severity: value as Severity };
  if ((LINT_CODES as readonly string[]).includes(value)) return { code: value as LintCode };
  return null;
}

/** The findings that trip any of `gates`. */
export function gated(result: LintResult, gates: readonly FailOn[]): LintFinding[] {
  return result.findings.filter((f) => gates.some((g) => ('code' in g ? f.code === g.code : rank(f.severity) <= rank(g.severity))));
}
