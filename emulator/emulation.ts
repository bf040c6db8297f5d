// One emulated cluster over time: the model (cluster), its EndpointSlices (controller or input),
// kube-proxy's view on every node (proxy views) and the traffic plan, kept consistent with each
// other. Data flows one way — objects → model → slices → views → flows → figures — and after an
// event only what the event touched is recomputed. simulate.ts drives it; `tpe lint` and `tpe diff`
// use it to look inside (the cluster, one node's view of every port).
import type { Engine } from '../host/engine/engine.js';
import { readEndpointSlice } from '../host/objects/endpointslice.js';
import { badRequest } from '../host/objects/status.js';
import { resolveEra, type Era } from '../host/engine/eras.js';
import type { DecodedAnswer } from '../host/engine/decode.js';
import { reconcileEndpointSlices } from './controller/index.js';
import type { Cluster } from './model/cluster.js';
import { ingest } from './model/ingest.js';
import { expirePods, nextExpiry, reconcileWorkloads } from './model/lifecycle.js';
import { readPlaced, sortInput, describeOrigin, type ObjectOrigin } from '../host/cluster/ingest.js';
import { Warnings } from '../host/cluster/warnings.js';
import { SliceStore } from './slices/store.js';
import { ProxyViews } from './proxy/views.js';
import type { PortView } from './proxy/port-view.js';
import { readTraffic, type EventSpec, type TrafficSpec } from './traffic/kind.js';
import { flowCount, planTraffic, type FlowGroup } from './traffic/plan.js';
import { routeFlows, type Tally } from './traffic/route.js';
import { buildFlows } from './traffic/flows.js';
import { resolvePrice, type CustomPrice, type Price, type Provider } from './figures/prices.js';
import { summarize } from './figures/summary.js';
import { applyEvent } from './faults/events.js';
import type { Flow, FlowOutcome, HintReport, Summary } from './document.js';
import { hintsIgnoredBecause, kubeProxyReadsHints } from './proxy/reads-hints.js';
import { notProxiedReason } from '../host/engine/service-port.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE } from '../host/objects/well-known.js';

export interface SimulateOptions {
  /** Where each object came from, index for index (a file and its place in it): errors and warnings name it. Default: `objects[i]`. */
  origins?: readonly ObjectOrigin[];
  /** Seed of the load-balancing choices (ClientIP affinity picks); overrides the Traffic's spec.seed. Default 0. */
  seed?: number;
  /** `"1.21"` … `"1.35"` (docs/contracts.md §2); default the newest. */
  kubernetesVersion?: string;
  /** Overrides of that version's feature gates (docs/contracts.md §2). */
  featureGates?: Record<string, boolean>;
  /** Cross-zone price: a provider of the table (`aws`, default; `gcp`; `azure`) or a custom price. */
  prices?: Provider | CustomPrice;
  /** Ignore the input's EndpointSlices of Services with a selector: let the controller make them all. */
  generateSlices?: boolean;
  /** Flows listed per step; above it the report lists only dropped and rejected flows (up to this many) and counts every flow in `outcomes`. Default 10,000. */
  maxFlows?: number;
  /** Progress of long runs: stages `ingest`, `slices`, `views`, `flows`, `steps`. */
  onProgress?: (done: number, total: number, stage: string) => void;
  /**
   * Called by simulate() at each state it reports (the initial one, then every step), with the
   * emulation as it is then and its routing: to look inside the same run (`tpe lint`) without
   * running a second one.
   */
  onStep?: (step: StepView) => void;
}

/** One state of a simulate() run, as onStep sees it. */
export interface StepView {
  /** The step time as written (`60s`); null when the Traffic has no events (a single state). */
  at: string | null;
  emulation: Emulation;
  routing: Routing;
}

export const DEFAULT_SEED = 0;
export const DEFAULT_MAX_FLOWS = 10_000;

/** The routed traffic at one moment. */
export interface Routing {
  groups: FlowGroup[];
  tally: Tally;
  flows: Flow[];
  /** Every flow by Service port and outcome (the report's `outcomes`): only when `flows` does not list them all. */
  outcomes?: FlowOutcome[];
  summary: Summary;
}

/** What an event time changed. */
export interface Advance {
  atMs: number;
  /** One line per thing that happened (events, pods gone, pods replaced). */
  events: string[];
  /** Services whose EndpointSlices changed. */
  slicesChanged: string[];
  /** Port views re-evaluated (only the changed Services' ports). */
  portsReevaluated: string[];
}

export class Emulation {
  readonly era: Era;
  readonly warnings = new Warnings();
  readonly cluster: Cluster;
  readonly slices: SliceStore;
  readonly views: ProxyViews;
  readonly traffic: TrafficSpec | null;
  readonly seed: number;
  readonly price: Price;
  readonly maxFlows: number;
  /** The fake clock, in milliseconds. */
  nowMs = 0;
  private readonly pending: EventSpec[];

  constructor(
    readonly engine: Engine,
    objects: readonly unknown[],
    private readonly options: SimulateOptions = {},
  ) {
    const progress = options.onProgress;
    this.era = resolveEra(options.kubernetesVersion, options.featureGates);
    this.price = resolvePrice(options.prices);
    this.maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
    const sorted = sortInput(objects, options.origins, this.warnings);
    // The Traffic is the question, not part of the cluster: a second one is a mistake (two example
    // folders read at once), never a newer state of the first.
    const [traffic, second] = sorted.traffic;
    if (second) {
      throw badRequest(
        `${describeOrigin(second)}: a simulation takes at most one Traffic object (another one is ${describeOrigin(traffic!)})`,
      );
    }
    this.traffic = traffic ? readPlaced(traffic, 'Traffic', () => readTraffic(traffic.raw)) : null;
    this.seed = options.seed ?? this.traffic?.seed ?? DEFAULT_SEED;
    this.pending = [...(this.traffic?.events ?? [])];
    progress?.(0, 1, 'ingest');
    this.cluster = ingest(sorted, this.era, this.warnings);
    progress?.(1, 1, 'ingest');
    this.slices = new SliceStore(this.cluster, this.era, reconcileEndpointSlices, options.generateSlices ?? false, this.warnings);
    this.slices.buildAll(progress && ((done, total) => progress(done, total, 'slices')));
    this.views = new ProxyViews(engine, this.era, this.cluster, this.slices);
    this.views.buildAll(progress && ((done, total) => progress(done, total, 'views')));
  }

  private readonly readsHints = new Map<string, boolean>();

  /**
   * The controller's hint reports of the Services that asked for hints or set a topology annotation
   * that turns nothing on, each hinted one saying whether this release's kube-proxy reads its hints.
   */
  hintReports(): HintReport[] {
    return this.slices
      .hints()
      .filter((h) => h.source !== 'none' || h.ignoredAnnotation !== undefined)
      .map((h) => (h.hinted ? this.withHonoured(h) : h));
  }

  private withHonoured(report: HintReport): HintReport {
    const service = this.cluster.service(report.service);
    if (!service || notProxiedReason(service.model) !== null) return report;
    const a = service.model.annotations;
    const key = JSON.stringify([a[ANNOTATION_TOPOLOGY_AWARE_HINTS] ?? null, a[ANNOTATION_TOPOLOGY_MODE] ?? null]);
    let reads = this.readsHints.get(key);
    if (reads === undefined) this.readsHints.set(key, (reads = kubeProxyReadsHints(this.engine, this.era, service.model)));
    if (reads) return { ...report, honoured: true };
    return {
      ...report,
      honoured: false,
      message:
        `${report.message} But kube-proxy of Kubernetes ${this.era.version} ignores these hints for this Service and spreads traffic over every ready endpoint: ` +
        `${hintsIgnoredBecause(this.era)}.`,
    };
  }

  /** Routes every flow of the traffic as the cluster is now. */
  route(): Routing {
    const groups = planTraffic(this.traffic, this.cluster, this.views, this.seed, this.warnings);
    const total = flowCount(groups);
    this.options.onProgress?.(0, total, 'flows');
    const tally = routeFlows(groups, this.cluster, this.maxFlows);
    this.options.onProgress?.(total, total, 'flows');
    const flows = buildFlows(tally.listed, groups, this.cluster);
    const summary = summarize(tally, this.cluster, this.price);
    if (tally.unlisted === 0) return { groups, tally, flows, summary };
    this.warnings.add(
      'FlowsAggregated',
      'report',
      `${total} flows: more than maxFlows (${this.maxFlows}), so the report lists only dropped and rejected flows (up to ${this.maxFlows}); ` +
        '`outcomes` and the summary count every flow',
    );
    return { groups, tally, flows, outcomes: tally.outcomes.report(this.cluster), summary };
  }

  /** The next time something happens on the clock (an event, or a terminating pod's grace period ending); null when nothing will. */
  nextTime(): number | null {
    const event = this.pending[0]?.atMs ?? null;
    const expiry = nextExpiry(this.cluster, this.nowMs);
    if (event === null) return expiry;
    return expiry === null ? event : Math.min(event, expiry);
  }

  /**
   * Moves the clock to `atMs`: applies the events due, removes pods whose grace period ended, lets
   * the workload controllers react, then brings the slices and views up to date — the Services
   * the changes touched, nothing else.
   */
  advance(atMs: number): Advance {
    this.nowMs = atMs;
    const events: string[] = [];
    while (this.pending.length > 0 && this.pending[0]!.atMs <= atMs) {
      events.push(...applyEvent(this.cluster, this.pending.shift()!, this.era, this.warnings));
    }
    events.push(...expirePods(this.cluster, atMs));
    events.push(...reconcileWorkloads(this.cluster, atMs, this.warnings));
    const { slicesChanged, portsReevaluated } = this.catchUp();
    return { atMs, events, slicesChanged, portsReevaluated };
  }

  /** Slices, then views, of what the cluster's recorded changes touched. */
  catchUp(): { slicesChanged: string[]; portsReevaluated: string[] } {
    const changes = this.cluster.takeChanges();
    const slicesChanged = this.slices.update(changes);
    const portsReevaluated = this.views.update(new Set([...slicesChanged, ...changes.patched]));
    return { slicesChanged: [...slicesChanged].sort(), portsReevaluated };
  }

  /**
   * EndpointSlices of one Service replaced from outside (a changed slice in a watched dump): read
   * and validated like the input's, then only that Service's ports are re-evaluated.
   */
  applySlices(serviceKey: string, rawSlices: readonly unknown[]): { changed: boolean; portsReevaluated: string[] } {
    const service = this.cluster.service(serviceKey);
    if (!service) throw badRequest(`Service ${serviceKey} is not in the cluster`);
    const slices = rawSlices.map((raw, i) =>
      readPlaced(
        { raw, position: i, origin: { source: `endpointSlices[${i}]`, index: 0, count: 1 } },
        'EndpointSlice',
        () => readEndpointSlice(raw).slice,
      ),
    );
    for (const [i, slice] of slices.entries()) {
      if (slice.namespace !== service.model.namespace || slice.serviceName !== service.model.name) {
        throw badRequest(
          `endpointSlices[${i}]: EndpointSlice ${slice.namespace}/${slice.name} does not belong to Service ${serviceKey} (label kubernetes.io/service-name and namespace)`,
        );
      }
    }
    const changed = this.slices.replaceGiven(serviceKey, slices);
    return { changed, portsReevaluated: changed ? this.views.update([serviceKey]) : [] };
  }

  /** One node's kube-proxy: its decision for every proxied Service port (docs/contracts.md §2's decision part). */
  nodeView(nodeName: string): Array<{ service: string; port: string; answer: DecodedAnswer }> {
    if (this.cluster.nodeId(nodeName) === undefined) return [];
    return this.views
      .ports()
      .map((view: PortView) => ({ service: view.serviceKey, port: view.portName, answer: this.views.answer(view, nodeName)! }));
  }
}
