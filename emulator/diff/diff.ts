// Two simulation reports compared (`tpe diff A B`, and the steps of one report): which flows changed
// verdict or endpoints, and how the figures moved. Reads reports only; every verdict in them was
// decided by the engine, so a diff can never disagree with `tpe simulate`.
import type { CrossZoneCost, Flow, SimulationReport, Summary } from '../document.js';
import type { Verdict } from '../../host/engine/types.js';
import { landing } from '../text/format.js';

/** One side of a changed flow. */
export interface FlowState {
  verdict: Verdict;
  /** Endpoints that get a share of the flow, sorted. */
  endpoints: string[];
  bytesPerSecond: number;
  /** The part of bytesPerSecond that lands on an endpoint in another zone than the source's. */
  crossZoneBytesPerSecond: number;
}

export type ChangeKind = 'added' | 'removed' | 'verdict' | 'endpoints' | 'shares';

export interface FlowChange {
  kind: ChangeKind;
  /** The flow's identity in both reports (see flowKey). */
  key: string;
  from: Flow['from'];
  to: Flow['to'];
  traffic: Flow['traffic'];
  via: Flow['via'];
  /** ETP=Local bypassed (pod→LB IP, pod→own node's NodePort), in B (or in A for a flow gone). */
  shortCircuit?: boolean;
  name?: string;
  /** null when the flow exists only in B. */
  before: FlowState | null;
  /** null when the flow exists only in A. */
  after: FlowState | null;
}

export interface Delta {
  before: number;
  after: number;
  delta: number;
}

export interface ReportDiff {
  flows: {
    before: number;
    after: number;
    unchanged: number;
    changed: number;
    added: number;
    removed: number;
    /**
     * Both reports list every flow. False when either has more flows than its maxFlows and lists
     * only its dropped and rejected ones: then only those are compared flow by flow (`before` and
     * `after` count listed flows), while `summary` still compares every flow.
     */
    complete: boolean;
  };
  /** Sorted by Service, port, then flow key. */
  changes: FlowChange[];
  summary: {
    route: Delta;
    drop: Delta;
    reject: Delta;
    bytesPerSecond: { sameNode: Delta; sameZone: Delta; crossZone: Delta };
    /** Per month; the price is B's (the two runs share the options, so normally A's too). */
    crossZoneCostPerMonth: Delta & Omit<CrossZoneCost, 'usd'>;
    /** The busiest endpoint's requests per second: what Local policies cost in balance. */
    endpointLoadMax: Delta;
  };
}

/**
 * A flow's identity: who sends (pod, or node for node and external clients), to which Service
 * port, how (ClusterIP, NodePort, LB IP, externalIP) and under which Traffic flow name.
 */
export function flowKey(flow: Flow): string {
  const source = flow.from.pod ?? `${flow.from.external ? 'external' : flow.from.hostNetwork ? 'host' : 'node'}@${flow.from.node}`;
  return [source, `${flow.to.service}:${flow.to.port}`, flow.traffic, flow.via, flow.name ?? ''].join(' ');
}

function state(flow: Flow): FlowState {
  return {
    verdict: flow.verdict,
    endpoints: flow.endpoints
      .filter((e) => e.share > 0)
      .map((e) => e.endpoint)
      .sort(),
    bytesPerSecond: flow.bytesPerSecond,
    crossZoneBytesPerSecond: landing(flow).crossZone,
  };
}

/** Keys made unique by their order of appearance, so two identical flows are compared in order. */
function keyed(flows: readonly Flow[]): Map<string, Flow> {
  const out = new Map<string, Flow>();
  const seen = new Map<string, number>();
  for (const flow of flows) {
    const base = flowKey(flow);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(n === 0 ? base : `${base} #${n + 1}`, flow);
  }
  return out;
}

/** Shares that differ by less than this are the same (they are fractions from divisions). */
const SHARE_EPSILON = 1e-9;

function sharesDiffer(a: Flow, b: Flow): boolean {
  const before = new Map(a.endpoints.map((e) => [e.endpoint, e.share]));
  if (a.endpoints.length !== b.endpoints.length) return true;
  return b.endpoints.some((e) => Math.abs((before.get(e.endpoint) ?? -1) - e.share) > SHARE_EPSILON);
}

function classify(a: Flow, b: Flow): ChangeKind | null {
  if (a.verdict !== b.verdict) return 'verdict';
  const sa = state(a).endpoints;
  const sb = state(b).endpoints;
  if (sa.length !== sb.length || sa.some((e, i) => e !== sb[i])) return 'endpoints';
  return sharesDiffer(a, b) ? 'shares' : null;
}

export function diffFlows(before: readonly Flow[], after: readonly Flow[]): { changes: FlowChange[]; unchanged: number } {
  const a = keyed(before);
  const b = keyed(after);
  const changes: FlowChange[] = [];
  let unchanged = 0;
  const change = (kind: ChangeKind, key: string, flow: Flow, x: Flow | undefined, y: Flow | undefined): FlowChange => {
    const c: FlowChange = {
      kind,
      key,
      from: flow.from,
      to: flow.to,
      traffic: flow.traffic,
      via: flow.via,
      before: x ? state(x) : null,
      after: y ? state(y) : null,
    };
    if (flow.shortCircuit) c.shortCircuit = true;
    if (flow.name !== undefined) c.name = flow.name;
    return c;
  };
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) {
      changes.push(change('removed', key, x, x, undefined));
      continue;
    }
    const kind = classify(x, y);
    if (kind) changes.push(change(kind, key, y, x, y));
    else unchanged += 1;
  }
  for (const [key, y] of b) if (!a.has(key)) changes.push(change('added', key, y, undefined, y));
  changes.sort((p, q) => p.to.service.localeCompare(q.to.service) || p.to.port.localeCompare(q.to.port) || p.key.localeCompare(q.key));
  return { changes, unchanged };
}

const delta = (before: number, after: number): Delta => ({ before, after, delta: after - before });

export function diffSummaries(a: Summary, b: Summary): ReportDiff['summary'] {
  const { usd: _usd, ...price } = b.crossZoneCostPerMonth;
  const cost: ReportDiff['summary']['crossZoneCostPerMonth'] = {
    ...delta(a.crossZoneCostPerMonth.usd, b.crossZoneCostPerMonth.usd),
    ...price,
  };
  return {
    route: delta(a.route, b.route),
    drop: delta(a.drop, b.drop),
    reject: delta(a.reject, b.reject),
    bytesPerSecond: {
      sameNode: delta(a.bytesPerSecond.sameNode, b.bytesPerSecond.sameNode),
      sameZone: delta(a.bytesPerSecond.sameZone, b.bytesPerSecond.sameZone),
      crossZone: delta(a.bytesPerSecond.crossZone, b.bytesPerSecond.crossZone),
    },
    crossZoneCostPerMonth: cost,
    endpointLoadMax: delta(a.endpointLoad?.max ?? 0, b.endpointLoad?.max ?? 0),
  };
}

/** A → B: the flows that changed and the figures' deltas. */
export function diffReports(a: Pick<SimulationReport, 'flows' | 'summary'>, b: Pick<SimulationReport, 'flows' | 'summary'>): ReportDiff {
  const { changes, unchanged } = diffFlows(a.flows, b.flows);
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  return {
    flows: {
      before: a.flows.length,
      after: b.flows.length,
      unchanged,
      changed: changes.length - count('added') - count('removed'),
      added: count('added'),
      removed: count('removed'),
      complete: a.flows.length === a.summary.flows && b.flows.length === b.summary.flows,
    },
    changes,
    summary: diffSummaries(a.summary, b.summary),
  };
}
