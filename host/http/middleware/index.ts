// The middleware every request passes through (docs/contracts.md §3), mounted by createApp before any route:
// request id → access log → metrics → bearer auth (/v1/ only) → time limit. `GET /metrics` is
// mounted here too, ahead of auth and the time limit, so scrapes stay open and cheap.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SnapshotStore } from '../../cluster/store.js';
import type { EngineState } from '../engine-state.js';
import { accessLog, type Connection } from './access-log.js';
import { bearerAuth } from './auth.js';
import { createMetrics } from './metrics.js';
import { requestId } from './request-id.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, requestTimeout } from './timeout.js';
import type { App } from '../routes/context.js';
import { EXPOSITION_CONTENT_TYPE } from './registry.js';

export type { AccessLogEntry, Connection } from './access-log.js';

export interface MiddlewareOptions {
  /** When set (non-empty), every /v1/ route requires `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Answer 504 Timeout for a request not answered within this many ms (default 10 s). */
  requestTimeoutMs?: number;
  /** Receives one JSON line per request; no access log without it. */
  accessLog?: (line: string) => void;
  /** What the runtime knows of a request's connection (client address, bytes sent), for the access log. */
  connection?: (c: Context) => Connection;
}

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics: requests, latency, errors by reason, decisions by verdict, snapshot revision and age',
  responses: { 200: { description: 'The text exposition format 0.0.4', content: { [EXPOSITION_CONTENT_TYPE]: { schema: z.string() } } } },
});

export function mountMiddleware(app: App, engine: EngineState, store: SnapshotStore, own: MiddlewareOptions = {}): void {
  const metrics = createMetrics({ engine: engine.loaded(), store });
  app.use(requestId());
  if (own.accessLog) app.use(accessLog(own.accessLog, own.connection));
  app.use(metrics.middleware);
  app.openAPIRegistry.registerPath(metricsRoute);
  app.get(metricsRoute.path, metrics.handler);
  if (own.authToken) app.use('/v1/*', bearerAuth(own.authToken));
  app.use(requestTimeout(own.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, () => engine.ready));
}
