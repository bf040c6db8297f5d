// tpe's metrics (docs/contracts.md §3, `GET /metrics`): requests and their latency by route pattern, error
// answers by Status reason, decisions by verdict, the snapshot's revision and age, and the engine's
// memory. One registry per app, so apps in one process (tests) count apart.
import type { Context, Handler, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Traffic } from '../../cluster/pick.js';
import type { SnapshotStore } from '../../cluster/store.js';
import type { Engine } from '../../engine/engine.js';
import type { CategorizeResult, Verdict } from '../../engine/types.js';
import type { Status } from '../../objects/status.js';
import { Counter, EXPOSITION_CONTENT_TYPE, Histogram, Registry, Sampled } from './registry.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the metrics middleware: `tpe_decisions_total` of this app. */
    tpeDecisions: Counter;
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
  /** Counts every request; mount before everything else so it sees every answer. */
  middleware: MiddlewareHandler;
  /** `GET /metrics`. */
  handler: Handler;
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
  let engine: Engine | undefined;
  Promise.resolve(options.engine).then(
    (e) => void (engine = e),
    () => undefined,
  );
  registry.register(
    new Sampled('tpe_engine_memory_bytes', "Bytes of the engine's WebAssembly linear memory.", () => engine?.kernel.memoryBytes ?? null),
  );

  return {
    async middleware(c, next) {
      const start = performance.now();
      c.set('tpeDecisions', decisions);
      await next();
      const route = routeOf(c);
      const method = METHODS.has(c.req.method) ? c.req.method : 'other';
      requests.inc([route, method, String(c.res.status)]);
      latency.observe([route, method], (performance.now() - start) / 1000);
      if (c.res.status >= 400) errors.inc([c.get('tpeStatus')?.reason ?? 'Unknown']);
    },
    handler: (c) => c.body(registry.expose(), 200, { 'content-type': EXPOSITION_CONTENT_TYPE }),
  };
}

/**
 * Counts a decision for `tpe_decisions_total`: routes call it once per decision they answer (a
 * pick: the verdict of the traffic it picked for). A no-op when metrics are not mounted.
 */
export function recordDecision(c: Context, verdict: Verdict, traffic: Traffic): void {
  c.get('tpeDecisions')?.inc([routeOf(c), verdict, traffic]);
}

/** Counts the internal and (where the port has one) external verdict of every result answered. */
export function recordDecisions(c: Context, results: CategorizeResult | readonly CategorizeResult[]): void {
  const decisions = c.get('tpeDecisions');
  if (!decisions) return;
  const counts = { internal: { route: 0, drop: 0, reject: 0 }, external: { route: 0, drop: 0, reject: 0 } };
  const list: readonly CategorizeResult[] = isResultList(results) ? results : [results];
  for (const result of list) {
    counts.internal[result.internal.verdict] += 1;
    if (result.external) counts.external[result.external.verdict] += 1;
  }
  for (const traffic of ['internal', 'external'] as const) {
    for (const verdict of ['route', 'drop', 'reject'] as const) {
      if (counts[traffic][verdict] > 0) decisions.inc([routeOf(c), verdict, traffic], counts[traffic][verdict]);
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
