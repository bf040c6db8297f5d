// `tpe lint`'s findings: risks in a cluster's Service setup, each with a stable code (docs/lint.md),
// a severity, the object and the nodes it concerns, and a sentence saying what happens and what
// would fix it. Findings are read off the emulator's own results (its tally of every flow, the hint
// reports, the engine's per-node answers): lint never decides a route itself.

export type Severity = 'error' | 'warning' | 'info';

/** Most severe first: the order findings are listed in and `--fail-on` compares with. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type LintCode =
  | 'ITPLocalNoLocalEndpoint'
  | 'NoEndpoints'
  | 'HealthCheckFailsWhileServing'
  | 'ExternalLocalNoEndpoint'
  | 'ExternalTrafficPolicyIgnored'
  | 'HintsDisabledBySafeguard'
  | 'PreferSameNodeNoLocalEndpoint'
  | 'TopologyNotApplied'
  | 'EndpointOverload'
  | 'LocalPolicyShortCircuit'
  | 'TopologyAnnotationIgnored'
  | 'OnlyTerminatingEndpoints'
  | 'NoClients';

export interface LintFinding {
  code: LintCode;
  severity: Severity;
  /** `Service shop/cart`. */
  object: string;
  /** The Service port (name, or number when unnamed), when the finding is about one. */
  port?: string;
  /** The nodes concerned, in natural order. */
  nodes?: string[];
  /** The fake-clock steps at which the risk shows (`0s`, `60s`); absent without events. */
  at?: string[];
  message: string;
  /** The rule behind it: a section of docs/rules.md. */
  reference: string;
}

export interface LintResult {
  findings: LintFinding[];
  /** Findings per severity. */
  counts: Record<Severity, number>;
}
