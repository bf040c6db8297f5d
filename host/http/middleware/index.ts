// The middleware every request passes through (docs/contracts.md §3), mounted by createApp before any route.
// The request id, the access log, the metrics and the time limit are one layer (each async layer
// costs a microsecond or two on a pick that takes tens): it names the request, arms the time limit
// where the request can wait, and once the response is ready echoes the id, counts the request and
// writes its log line. Bearer auth (/v1/ only) runs inside it. `GET /metrics` is mounted here too,
// ahead of auth, so scrapes stay open and cheap.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { SnapshotStore } from '../../cluster/store.js';
import type { EngineState } from '../engine-state.js';
import { statusOf, statusResponse } from '../errors.js';
import { logRequest, type Connection } from './access-log.js';
import { bearerAuth } from './auth.js';
import { createMetrics } from './metrics.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { canWait, DEFAULT_REQUEST_TIMEOUT_MS, withinTimeLimit } from './timeout.js';
import type { App } from '../routes/context.js';
import { EXPOSITION_CONTENT_TYPE } from './registry.js';

export type { AccessLogEntry, Connection } from './access-log.js';

/** The middleware features a benchmark can switch off one at a time to price each (production keeps all). */
export const MIDDLEWARE_FEATURES = ['requestId', 'accessLog', 'metrics', 'timeLimit'] as const;
export type MiddlewareFeature = (typeof MIDDLEWARE_FEATURES)[number];

export interface MiddlewareOptions {
  /** When set (non-empty), every /v1/ route requires `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Answer 504 Timeout for a request not answered within this many ms (default 10 s). */
  requestTimeoutMs?: number;
  /** Receives one JSON line per request; no access log without it. */
  accessLog?: (line: string) => void;
  /** What the runtime knows of a request's connection (client address, bytes sent), for the access log. */
  connection?: (c: Context) => Connection;
  /** Features switched off, for `npm run bench:http`'s price of each; never in production. */
  without?: readonly MiddlewareFeature[];
}

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics: requests, latency, errors by reason, decisions by verdict, snapshot revision and age',
  responses: { 200: { description: 'The text exposition format 0.0.4', content: { [EXPOSITION_CONTENT_TYPE]: { schema: z.string() } } } },
});

export function mountMiddleware(app: App, engine: EngineState, store: SnapshotStore, own: MiddlewareOptions = {}): void {
  const off = new Set(own.without ?? []);
  const metrics = off.has('metrics') ? undefined : createMetrics({ engine: engine.loaded(), store });
  const sink = off.has('accessLog') ? undefined : own.accessLog;
  const connection = own.connection;
  const withIds = !off.has('requestId');
  const limitMs = off.has('timeLimit') ? undefined : (own.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const engineReady = () => engine.ready;

  app.use(async function observe(c, next) {
    const start = performance.now();
    const arrivedMs = sink ? Date.now() : 0;
    const conn = sink ? connection?.(c) : undefined;
    const id = withIds ? requestIdFor(c.req.header(REQUEST_ID_HEADER)) : '';
    if (withIds) c.set('requestId', id);
    metrics?.attach(c);
    if (limitMs !== undefined && canWait(c, engineReady)) {
      try {
        await withinTimeLimit(next(), limitMs);
      } catch (error) {
        // The app's onError answers what a route throws; this is the limit (or an error past onError).
        c.res = statusResponse(c, statusOf(error));
      }
    } else {
      await next();
    }
    // Answers made by jsonResponse carry the id already; others (text, /metrics) get it here.
    if (withIds && c.get('requestIdSent') !== true) c.res.headers.set(REQUEST_ID_HEADER, id);
    const now = performance.now();
    metrics?.observe(c, start, now);
    if (sink) {
      const res = c.res;
      logRequest(
        sink,
        {
          arrivedMs,
          requestId: id,
          method: c.req.method,
          path: c.req.path,
          status: res.status,
          durationMs: now - start,
          contentLength: c.req.header('content-length'),
        },
        conn,
        () => res.headers.get('content-length'),
      );
    }
  });
  if (metrics) {
    app.openAPIRegistry.registerPath(metricsRoute);
    app.get(metricsRoute.path, metrics.handler);
  }
  if (own.authToken) app.use('/v1/*', bearerAuth(own.authToken));
}
