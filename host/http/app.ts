// The HTTP decision service (docs/contracts.md §3) as a runtime-free Hono app: no node: imports, so the Node
// server and tests (`app.request()`) run this same app. Routes live one concern per file in
// routes/; their zod schemas (schemas.ts) validate requests and make /openapi.json.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Engine } from '../engine/engine.js';
import { Picker, type PickerOptions } from '../cluster/pick.js';
import { SnapshotStore } from '../cluster/store.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './body.js';
import { watchEngine } from './engine-state.js';
import { methodNotAllowedStatus, notFound, statusOf, statusResponse } from './errors.js';
import { readDumpInline, type DumpReader } from './dump.js';
import { DEFAULT_JSON_LIMITS, type JsonLimits } from './limits.js';
import { allowedMethods } from './method-not-allowed.js';
import { mountMiddleware, type MiddlewareOptions } from './middleware/index.js';
import type { App, RouteContext } from './routes/context.js';
import { registerBatch } from './routes/batch.js';
import { registerCategorize } from './routes/categorize.js';
import { registerDecision } from './routes/decision.js';
import { registerHealth } from './routes/health.js';
import { registerImage } from './routes/image.js';
import { registerOpenAPI } from './routes/openapi.js';
import { registerPick } from './routes/pick.js';
import { registerSnapshot } from './routes/snapshot.js';
import { registerStatus } from './routes/status.js';

/** A cluster dump is bigger than a decision request: its own limit. */
export const DEFAULT_SNAPSHOT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface AppOptions {
  /** A loaded engine, or the promise of one: the app answers /healthz at once and /readyz once it resolves. */
  engine: Engine | Promise<Engine>;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Largest cluster dump accepted by PUT /v1/snapshot, in bytes (default 16 MiB). */
  snapshotBodyLimitBytes?: number;
  /** Nesting depth and value count of one request document (default 64 levels, 100,000 values). */
  jsonLimits?: JsonLimits;
  /** Where PUT /v1/snapshot reads a dump (default: inline; the Node adapter: a worker thread). */
  dumpReader?: DumpReader;
  /**
   * The cluster snapshot the /v1/services routes answer from; the Node adapter passes one loaded
   * from --cluster or the demo. Default: an empty store (503 until a PUT /v1/snapshot).
   */
  store?: SnapshotStore;
  /** The pick route's random source and clock (tests seed them). */
  pick?: PickerOptions;
  /** The version /openapi.json reports. */
  version?: string;
  /** Access log, auth and time limit (middleware/index.ts). */
  middleware?: MiddlewareOptions;
}

export function createApp(options: AppOptions): App {
  const store = options.store ?? new SnapshotStore();
  const ctx: RouteContext = {
    engine: watchEngine(options.engine),
    store,
    picker: new Picker(options.pick),
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    snapshotBodyLimitBytes: options.snapshotBodyLimitBytes ?? DEFAULT_SNAPSHOT_BODY_LIMIT_BYTES,
    jsonLimits: options.jsonLimits ?? DEFAULT_JSON_LIMITS,
    dumpReader: options.dumpReader ?? readDumpInline,
  };
  const app = new OpenAPIHono();

  mountMiddleware(app, ctx.engine, store, options.middleware);

  registerHealth(app, ctx);
  registerCategorize(app, ctx);
  registerDecision(app, ctx);
  registerPick(app, ctx);
  registerBatch(app, ctx);
  registerStatus(app, ctx);
  registerSnapshot(app, ctx);
  registerImage(app, ctx);
  registerOpenAPI(app, options.version ?? '0.0.0');

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    // No route for this method and path: a 405 when the path has routes for other methods.
    const methods = allowed(c.req.path);
    if (methods.length === 0 || methods.includes(c.req.method)) return statusResponse(c, notFound(c.req.path));
    return statusResponse(c, methodNotAllowedStatus(c.req.method, methods), { allow: methods.join(', ') });
  });
  app.onError((error, c) => statusResponse(c, statusOf(error)));
  return app;
}
