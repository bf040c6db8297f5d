// tpe's metrics (docs/contracts.md §3, `GET /metrics`): requests and their latency by route pattern, error
// answers by Status reason, decisions by verdict, the snapshot's revision and age, and the engine's
// memory. One registry per app, so apps in one process (tests) count apart.
import type { Context, Handler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Traffic } from '../../cluster/pick.js';
import type { KindHealth } from '../../cluster/source-health.js';
import type { SnapshotStore } from '../../cluster/store.js';
import type { Engine } from '../../engine/engine.js';
import type { CategorizeResult, Verdict } from '../../engine/types.js';
import type { Status } from '../../objects/status.js';
import {
  Counter,
  CounterSeries,
  EXPOSITION_CONTENT_TYPE,
  Histogram,
  HistogramSeries,
  Registry,
  Sampled,
  SampledSeries,
} from './registry.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the metrics middleware: this app's series, for the routes' decision counts. */
    tpeMetrics: RouteMetrics;
    /** The series of the route this request matched, once resolved. */
    tpeRouteSeries: RouteSeries;
    /** The Status this request was answered with (errors.ts sets it). */
    tpeStatus: Status;
  }
}

/** Latency buckets in seconds: fine below a millisecond, where a decision should answer. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
/** The route label of a request no route matched: raw paths would make a series per scanner probe. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface MetricsOptions {
  engine: Engine | Promise<Engine>;
  /** The snapshot decisions are made against, for `tpe_snapshot_*`. */
  store: SnapshotStore;
}

export interface Metrics {
  /**
   * Counts one answered request (its route, method, code, latency, error reason): the app's one
   * middleware (index.ts) calls it once the response is ready. `start` is `performance.now()` at arrival.
   */
  observe(c: Context, start: number, now: number): void;
  /** Makes the request's decisions count (recordDecision); called when the request arrives. */
  attach(c: Context): void;
  /** `GET /metrics`. */
  handler: Handler;
}

/** The series one route counts on, resolved the first time the route answers, by method, code and verdict. */
export class RouteSeries {
  readonly #methods = new Map<string, { latency: HistogramSeries; codes: Map<number, CounterSeries> }>();
  readonly #decisions = new Map<string, CounterSeries>();

  constructor(
    private readonly route: string,
    private readonly metrics: { requests: Counter; latency: Histogram; decisions: Counter },
  ) {}

  request(method: string, code: number): { latency: HistogramSeries; count: CounterSeries } {
    let byMethod = this.#methods.get(method);
    if (!byMethod) {
      byMethod = { latency: this.metrics.latency.series([this.route, method]), codes: new Map() };
      this.#methods.set(method, byMethod);
    }
    let count = byMethod.codes.get(code);
    if (!count) {
      count = this.metrics.requests.series([this.route, method, String(code)]);
      byMethod.codes.set(code, count);
    }
    return { latency: byMethod.latency, count };
  }

  decision(verdict: Verdict, traffic: Traffic): CounterSeries {
    const key = verdict + traffic;
    let series = this.#decisions.get(key);
    if (!series) {
      series = this.metrics.decisions.series([this.route, verdict, traffic]);
      this.#decisions.set(key, series);
    }
    return series;
  }
}

/** An app's route series, by route pattern. */
export class RouteMetrics {
  readonly #routes = new Map<string, RouteSeries>();

  constructor(private readonly metrics: { requests: Counter; latency: Histogram; decisions: Counter }) {}

  of(c: Context): RouteSeries {
    const resolved = c.get('tpeRouteSeries');
    if (resolved) return resolved;
    const route = routeOf(c);
    let series = this.#routes.get(route);
    if (!series) this.#routes.set(route, (series = new RouteSeries(route, this.metrics)));
    c.set('tpeRouteSeries', series);
    return series;
  }
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const requests = registry.register(
    new Counter('tpe_http_requests_total', 'HTTP requests answered, by route pattern, method and status code.', [
      'route',
      'method',
      'code',
    ]),
  );
  const latency = registry.register(
    new Histogram(
      'tpe_http_request_duration_seconds',
      'Time to answer an HTTP request, by route pattern and method.',
      ['route', 'method'],
      LATENCY_BUCKETS,
    ),
  );
  const errors = registry.register(new Counter('tpe_errors_total', 'Error answers (Kubernetes Status), by reason.', ['reason']));
  const decisions = registry.register(
    new Counter(
      'tpe_decisions_total',
      'Decisions answered, by route pattern, verdict (route, drop, reject) and traffic (internal: pod to ClusterIP; external: NodePort, externalIP, load-balancer IP).',
      ['route', 'verdict', 'traffic'],
    ),
  );
  const { store } = options;
  registry.register(
    new Sampled(
      'tpe_snapshot_revision',
      'Revision of the cluster snapshot decisions are made against (0: none loaded).',
      () => store.revision,
    ),
  );
  registry.register(
    new Sampled('tpe_snapshot_age_seconds', 'Seconds since the cluster snapshot was loaded.', () =>
      store.loaded ? (Date.now() - store.current.loadedAt.getTime()) / 1000 : null,
    ),
  );
  registry.register(
    new Sampled(
      'tpe_snapshot_failed_loads_total',
      'Snapshot loads refused since start (each kept the snapshot in use).',
      () => store.failedLoads,
      'counter',
    ),
  );
  registry.register(
    new Sampled('tpe_snapshot_last_load_failed', '1 when the last snapshot load was refused (GET /v1/status says why), else 0.', () =>
      store.status().lastError ? 1 : 0,
    ),
  );
  // The live source (tpe serve --kubeconfig), per kind; no series without one.
  const perKind = (value: (k: KindHealth) => number | null) => () =>
    (store.sourceHealth()?.kinds ?? []).flatMap((k) => {
      const v = value(k);
      return v === null ? [] : [{ labels: [k.kind], value: v }];
    });
  registry.register(
    new SampledSeries(
      'tpe_source_up',
      '1 while the watch of this kind on the API server is up, else 0.',
      ['kind'],
      perKind((k) => (k.up ? 1 : 0)),
    ),
  );
  registry.register(
    new SampledSeries(
      'tpe_source_last_sync_timestamp_seconds',
      'Unix time of the last full list of this kind from the API server.',
      ['kind'],
      perKind((k) => (k.lastListAt === null ? null : Date.parse(k.lastListAt) / 1000)),
    ),
  );
  registry.register(
    new SampledSeries(
      'tpe_source_watch_restarts_total',
      'Watches of this kind opened again (closed by the server, relist after 410 Gone, retry after an error).',
      ['kind'],
      perKind((k) => k.watchRestarts),
      'counter',
    ),
  );
  registry.register(
    new SampledSeries(
      'tpe_source_errors_total',
      'Failed lists and watches of this kind.',
      ['kind'],
      perKind((k) => k.errors),
      'counter',
    ),
  );
  let engine: Engine | undefined;
  Promise.resolve(options.engine).then(
    (e) => void (engine = e),
    () => undefined,
  );
  registry.register(
    new Sampled('tpe_engine_memory_bytes', "Bytes of the engine's WebAssembly linear memory.", () => engine?.kernel.memoryBytes ?? null),
  );

  const routes = new RouteMetrics({ requests, latency, decisions });
  const errorsByReason = new Map<string, CounterSeries>();
  return {
    attach(c) {
      c.set('tpeMetrics', routes);
    },
    observe(c, start, now) {
      const method = METHODS.has(c.req.method) ? c.req.method : 'other';
      const code = c.res.status;
      const series = routes.of(c).request(method, code);
      series.count.value += 1;
      series.latency.observe((now - start) / 1000);
      if (code >= 400) {
        const reason = c.get('tpeStatus')?.reason ?? 'Unknown';
        let count = errorsByReason.get(reason);
        if (!count) errorsByReason.set(reason, (count = errors.series([reason])));
        count.value += 1;
      }
    },
    handler: (c) => c.body(registry.expose(), 200, { 'content-type': EXPOSITION_CONTENT_TYPE }),
  };
}

/**
 * Counts a decision for `tpe_decisions_total`: routes call it once per decision they answer (a
 * pick: the verdict of the traffic it picked for). A no-op when metrics are not mounted.
 */
export function recordDecision(c: Context, verdict: Verdict, traffic: Traffic): void {
  const metrics = c.get('tpeMetrics');
  if (metrics) metrics.of(c).decision(verdict, traffic).value += 1;
}

/** Counts the internal and (where the port has one) external verdict of every result answered. */
export function recordDecisions(c: Context, results: CategorizeResult | readonly CategorizeResult[]): void {
  const metrics = c.get('tpeMetrics');
  if (!metrics) return;
  const counts = { internal: { route: 0, drop: 0, reject: 0 }, external: { route: 0, drop: 0, reject: 0 } };
  const list: readonly CategorizeResult[] = isResultList(results) ? results : [results];
  for (const result of list) {
    counts.internal[result.internal.verdict] += 1;
    if (result.external) counts.external[result.external.verdict] += 1;
  }
  for (const traffic of ['internal', 'external'] as const) {
    for (const verdict of ['route', 'drop', 'reject'] as const) {
      if (counts[traffic][verdict] > 0) metrics.of(c).decision(verdict, traffic).value += counts[traffic][verdict];
    }
  }
}

// Array.isArray does not narrow a readonly array out of a union.
function isResultList(results: CategorizeResult | readonly CategorizeResult[]): results is readonly CategorizeResult[] {
  return Array.isArray(results);
}

/**
 * The pattern of the route that answers, or would have before a middleware answered for it (a 401):
 * the first match registered for a method — middleware is registered for all of them.
 */
function routeOf(c: Context): string {
  return matchedRoutes(c).find((r) => r.method !== 'ALL')?.path ?? UNMATCHED_ROUTE;
}
