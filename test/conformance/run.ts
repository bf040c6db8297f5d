// The conformance table's case shapes and the one comparison every runner uses (reference, WASM
// library, HTTP route): `checkCase(outcome, case)` throws with every mismatch listed.
import type { CategorizeRequest, CategorizeResult, TrafficDecision } from '../../host/engine/types.js';
import type { Status } from '../../host/objects/status.js';

interface CaseBase {
  name: string;
  /** The rule the case pins, e.g. `§3.2c terminating fallback`. */
  rule: string;
  request: CategorizeRequest;
}

/** A decision the engine must answer; `expect` lists the fields the case pins. */
export interface ResultCase extends CaseBase {
  expect: Partial<CategorizeResult>;
}

/** A request the engine must refuse with a Status. */
export interface ErrorCase extends CaseBase {
  /** `field`, when given, must equal or prefix (followed by `.` or `[`) one of `details.causes[].field`. */
  expectStatus: { code: number; reason: string; field?: string };
}

export type ConformanceCase = ResultCase | ErrorCase;

export function isErrorCase(c: ConformanceCase): c is ErrorCase {
  return 'expectStatus' in c;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** Calls `categorize`; a thrown error carrying a `status` (docs/contracts.md §4b) becomes that Status. */
export function outcomeOf(categorize: (r: CategorizeRequest) => CategorizeResult, request: CategorizeRequest): CategorizeResult | Status {
  try {
    return categorize(request);
  } catch (e) {
    const status = (e as { status?: unknown } | null)?.status;
    if (isStatus(status)) return status;
    throw e;
  }
}

const show = (v: unknown) => JSON.stringify(v);

function sameList(a: string[] | null | undefined, b: string[] | null | undefined): boolean {
  return show(a) === show(b);
}

function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return a === b;
  return show([...a].sort()) === show([...b].sort());
}

function sameDecision(a: TrafficDecision | null | undefined, b: TrafficDecision | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  return a.verdict === b.verdict && sameList(a.endpoints, b.endpoints);
}

function fieldMatches(actual: string, expected: string): boolean {
  return actual === expected || actual.startsWith(`${expected}.`) || actual.startsWith(`${expected}[`);
}

/** Every way `outcome` differs from what `c` pins; empty when it conforms. */
export function caseMismatches(outcome: CategorizeResult | Status, c: ConformanceCase): string[] {
  if (isErrorCase(c)) {
    if (!isStatus(outcome)) return [`expected a ${c.expectStatus.code} ${c.expectStatus.reason} Status, got a result: ${show(outcome)}`];
    const out: string[] = [];
    if (outcome.code !== c.expectStatus.code) out.push(`status code: expected ${c.expectStatus.code}, got ${outcome.code}`);
    if (outcome.reason !== c.expectStatus.reason) out.push(`status reason: expected ${c.expectStatus.reason}, got ${outcome.reason}`);
    const field = c.expectStatus.field;
    if (field !== undefined) {
      const fields = (outcome.details?.causes ?? []).map((cause) => cause.field);
      if (!fields.some((f) => fieldMatches(f, field)))
        out.push(`status causes: expected a cause for ${field}, got ${show(fields)} (${outcome.message})`);
    }
    return out;
  }
  if (isStatus(outcome)) return [`expected a result, got Status ${outcome.code} ${outcome.reason}: ${outcome.message}`];
  const out: string[] = [];
  for (const [key, expected] of Object.entries(c.expect)) {
    const actual = (outcome as unknown as Record<string, unknown>)[key];
    let same: boolean;
    switch (key) {
      case 'allReachableEndpoints':
        same = sameSet(actual as string[] | undefined, expected as string[]);
        break;
      case 'internal':
      case 'external':
        same = sameDecision(actual as TrafficDecision | null | undefined, expected as TrafficDecision | null);
        break;
      default:
        same = show(actual) === show(expected);
    }
    if (!same) out.push(`${key}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return out;
}

/** Throws an Error naming the case, its rule and every mismatch. */
export function checkCase(outcome: CategorizeResult | Status, c: ConformanceCase): void {
  const mismatches = caseMismatches(outcome, c);
  if (mismatches.length > 0) throw new Error(`${c.name} [${c.rule}]\n  ${mismatches.join('\n  ')}`);
}
