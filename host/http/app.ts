// The HTTP decision service (api.md §3) as a runtime-free Hono app: no node: imports, so the Node
// server, the Workers bundle and tests (`app.request()`) all run this same app.
import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Engine } from '../engine/engine.js';
import { statusError, type Status } from '../objects/status.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './body.js';
import { methodNotAllowedStatus, notFound, statusOf, statusResponse } from './errors.js';
import { readRequestDocument } from './request.js';

export interface AppOptions {
  /** A loaded engine, or the promise of one: the app answers /healthz at once and /readyz once it resolves. */
  engine: Engine | Promise<Engine>;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
}

export function createApp(options: AppOptions): Hono {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const engine = watchEngine(options.engine);
  const app = new Hono();

  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => statusResponse(c, methodNotAllowedStatus(c.req.method, allowed), { Allow: allowed.join(', ') }),
    }),
  );

  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => (engine.ready ? c.text('ok') : statusResponse(c, engine.notReadyStatus())));

  app.post('/v1/categorize', async (c) => {
    // Read the body first: a bad body is the client's answer even while the engine is loading.
    const request = await readRequestDocument(c.req.raw, bodyLimit);
    const loaded = await engine.loaded();
    return c.json(loaded.categorize(request));
  });

  app.notFound((c) => statusResponse(c, notFound(c.req.path)));
  app.onError((error, c) => statusResponse(c, statusOf(error)));
  return app;
}

interface EngineState {
  readonly ready: boolean;
  /** The engine, or a 503 Status when it failed to load. */
  loaded(): Promise<Engine>;
  notReadyStatus(): Status;
}

/** Tracks the engine promise so /readyz can answer synchronously and a failed load is reported, not unhandled. */
function watchEngine(source: Engine | Promise<Engine>): EngineState {
  let engine: Engine | undefined;
  let failure: string | undefined;
  const settled = Promise.resolve(source).then(
    (e) => {
      engine = e;
    },
    (e: unknown) => {
      failure = e instanceof Error ? e.message : String(e);
    },
  );
  return {
    get ready() {
      return engine !== undefined;
    },
    async loaded() {
      await settled;
      if (engine) return engine;
      throw unavailable(failure);
    },
    notReadyStatus: () => unavailable(failure).status,
  };
}

function unavailable(failure: string | undefined) {
  const message = failure === undefined ? 'the engine is still loading' : `the engine failed to load: ${failure}`;
  return statusError('ServiceUnavailable', 503, message);
}
