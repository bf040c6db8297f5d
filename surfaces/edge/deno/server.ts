// tpe in Deno: `deno serve` runs this module's default `{ fetch }` on the address it is given
// (--host, --port). The engine is inlined into the bundle; settings come from the environment,
// readable with --allow-env=TPE_AUTH_TOKEN,TPE_BODY_LIMIT,TPE_REQUEST_TIMEOUT_MS.
import builtIn from 'tpe-edge:built-in';
import engineBytes from 'tpe-edge:engine-bytes';
import { loadEngine } from '../../../host/index.js';
import { builtInMiddleware, createBuiltInApp } from '../../../host/http/built-in.js';

const { app } = createBuiltInApp(builtIn.snapshot, {
  engine: loadEngine(engineBytes),
  version: builtIn.version,
  ...builtInMiddleware((name) => Deno.env.get(name)),
});

export default { fetch: app.fetch };
