// The middleware every request passes through (api.md §3), mounted by createApp before any route:
// request id → access log → metrics → bearer auth (/v1/ only) → time limit. `GET /metrics` is
// mounted here too, ahead of auth and the time limit, so scrapes stay open and cheap.
import type { Context, Env, Hono } from 'hono';
import type { AppOptions } from '../app.js';
import { accessLog, type Connection } from './access-log.js';
import { bearerAuth } from './auth.js';
import { createMetrics, type SnapshotInfo } from './metrics.js';
import { requestId } from './request-id.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, requestTimeout } from './timeout.js';

export { checkJsonLimits, DEFAULT_JSON_LIMITS, type JsonLimits } from './limits.js';
export { recordDecision, recordDecisions, type SnapshotInfo, type Traffic } from './metrics.js';
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
  /** The snapshot decisions are made against, for `tpe_snapshot_*`; null before one is loaded. */
  snapshotInfo?: () => SnapshotInfo | null;
}

/** `app` is any Hono app (createApp's is an OpenAPIHono, whose Env differs from a bare Hono's). */
export function mountMiddleware<E extends Env>(app: Hono<E>, options: AppOptions): void {
  const own = options.middleware ?? {};
  const metrics = createMetrics({ engine: options.engine, snapshotInfo: own.snapshotInfo });
  app.use(requestId());
  if (own.accessLog) app.use(accessLog(own.accessLog, own.connection));
  app.use(metrics.middleware);
  app.get('/metrics', metrics.handler);
  if (own.authToken) app.use('/v1/*', bearerAuth(own.authToken));
  app.use(requestTimeout(own.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
}
