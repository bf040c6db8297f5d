// Every flow counted by what happened to it, whether or not the report lists it: per Service port
// and outcome — traffic (internal, external, or external short-circuited to Cluster semantics),
// via, verdict and topology mode, all as the engine decided them on the deciding node — the number
// of flows, their requests per second and the set of nodes they come from (Flow.from.node). One
// cell per (port, outcome) however many clients there are: a port has a handful of outcomes, and a
// cell's nodes are a bitset of node ids, so the whole tally is bounded by ports × nodes / 32 words,
// never by flows. Filled by routeFlows' hot loop (route.ts); read by the report (`outcomes`, above
// maxFlows) and by `tpe lint`.
import type { TopologyMode, Verdict } from '../../host/engine/types.js';
import type { Cluster } from '../model/cluster.js';
import type { FlowOutcome, FlowVia } from '../document.js';
import { answerOf, DROP, REJECT, type PortView } from '../proxy/port-view.js';
import { round } from '../figures/round.js';

export const VIAS: readonly FlowVia[] = ['clusterIP', 'nodePort', 'loadBalancer', 'externalIP'];
const VERDICTS: readonly Verdict[] = ['route', 'drop', 'reject'];
const MODES: readonly TopologyMode[] = ['None', 'PreferSameZone', 'PreferSameNode'];

/** What the report says of a flow's traffic: Flow.traffic, and Flow.shortCircuit. */
export const CLASS_INTERNAL = 0;
export const CLASS_EXTERNAL = 1;
export const CLASS_SHORT_CIRCUIT = 2;

/** Outcome codes: ((via × 3 + class) × 3 + verdict) × 3 + topology mode. */
export const OUTCOME_CODES = VIAS.length * 3 * 3 * MODES.length;

export const outcomeCode = (via: number, cls: number, verdict: number, mode: number): number => ((via * 3 + cls) * 3 + verdict) * 3 + mode;

/** Each row's topology mode (index into MODES; -1 not read yet), read from the engine's answer once per port view. */
const modesByView = new WeakMap<PortView, Int8Array>();

export function topologyModeOf(view: PortView, row: number): number {
  let modes = modesByView.get(view);
  if (!modes) modesByView.set(view, (modes = new Int8Array(view.rows).fill(-1)));
  let mode = modes[row]!;
  if (mode < 0) modes[row] = mode = MODES.indexOf(answerOf(view, row).topologyMode);
  return mode;
}

/** One cell, in the report's words. */
export type OutcomeClass = Pick<FlowOutcome, 'to' | 'traffic' | 'via' | 'verdict' | 'shortCircuit' | 'topologyMode'>;

export class OutcomeTally {
  /** Per cell: its port view and outcome code, in the order first met. */
  readonly views: PortView[] = [];
  readonly codes: number[] = [];
  /** Per cell: bitset of the source node ids, `words` 32-bit words. */
  readonly nodes: Uint32Array[] = [];
  flows = new Float64Array(16);
  requests = new Float64Array(16);
  readonly words: number;
  private readonly cellsByView = new Map<PortView, Int32Array>();

  constructor(nodeCount: number) {
    this.words = Math.max(1, Math.ceil(nodeCount / 32));
  }

  /** A port's cell ids by outcome code (-1: none yet). */
  cellsOf(view: PortView): Int32Array {
    let cells = this.cellsByView.get(view);
    if (!cells) this.cellsByView.set(view, (cells = new Int32Array(OUTCOME_CODES).fill(-1)));
    return cells;
  }

  /** The cell of `view` (its `cells`, from cellsOf) and outcome `code`, made on first use. */
  cell(view: PortView, cells: Int32Array, code: number): number {
    const found = cells[code]!;
    if (found >= 0) return found;
    const cell = this.views.length;
    if (cell === this.flows.length) {
      const flows = new Float64Array(cell * 2);
      const requests = new Float64Array(cell * 2);
      flows.set(this.flows);
      requests.set(this.requests);
      this.flows = flows;
      this.requests = requests;
    }
    this.views.push(view);
    this.codes.push(code);
    this.nodes.push(new Uint32Array(this.words));
    cells[code] = cell;
    return cell;
  }

  count(cell: number, flows: number, requests: number): void {
    this.flows[cell] = this.flows[cell]! + flows;
    this.requests[cell] = this.requests[cell]! + requests;
  }

  /** Cell ids by port key, then outcome code: the order the report lists them in. */
  order(): number[] {
    const keys = this.views.map((v) => v.key);
    return this.views
      .map((_, i) => i)
      .sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : this.codes[a]! - this.codes[b]!));
  }

  describe(cell: number): OutcomeClass {
    const view = this.views[cell]!;
    const code = this.codes[cell]!;
    const mode = code % 3;
    const verdict = ((code / 3) | 0) % 3;
    const cls = ((code / 9) | 0) % 3;
    const via = (code / 27) | 0;
    return {
      to: { service: view.serviceKey, port: view.portName },
      traffic: cls === CLASS_INTERNAL ? 'internal' : 'external',
      via: VIAS[via]!,
      verdict: VERDICTS[verdict]!,
      ...(cls === CLASS_SHORT_CIRCUIT ? { shortCircuit: true } : {}),
      topologyMode: MODES[mode]!,
    };
  }

  isFailure(cell: number): boolean {
    const verdict = ((this.codes[cell]! / 3) | 0) % 3;
    return verdict === DROP || verdict === REJECT;
  }

  /** The report's `outcomes`: every cell, its nodes named for dropped and rejected flows only (routed ones are the bulk). */
  report(cluster: Cluster): FlowOutcome[] {
    return this.order().map((cell) => {
      const outcome: FlowOutcome = { ...this.describe(cell), flows: this.flows[cell]!, requestsPerSecond: round(this.requests[cell]!) };
      if (this.isFailure(cell)) outcome.nodes = nodeNames(this.nodes[cell]!, cluster);
      return outcome;
    });
  }
}

/** The names of the nodes in a bitset of node ids, in the cluster's (name) order. */
export function nodeNames(bits: Uint32Array, cluster: Cluster): string[] {
  const out: string[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      out.push(cluster.nodes[w * 32 + 31 - Math.clz32(low)]!.name);
      word ^= low;
    }
  }
  return out;
}
