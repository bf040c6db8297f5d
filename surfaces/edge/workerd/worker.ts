// tpe in Cloudflare Workers and workerd: the decision service as a module worker. workerd does not
// compile WASM from bytes at run time, so the engine arrives as the `tpe.wasm` module the config
// (or wrangler) uploads beside this one. The app is made on the isolate's first request, not at
// start: the worker's bindings (settings) arrive with a request, and the clock reads 0 (1970) in
// the global scope, which would date the built-in snapshot's load there.
import type { ExecutionContext } from 'hono';
import builtIn from 'tpe-edge:built-in';
import { loadEngine } from '../../../host/index.js';
import { builtInMiddleware, createBuiltInApp } from '../../../host/http/built-in.js';
import type { App } from '../../../host/http/routes/context.js';
import engineModule from 'tpe-edge:engine-module';

let app: App | undefined;

function createWorkerApp(env: Record<string, unknown>): App {
  const binding = (name: string) => (typeof env[name] === 'string' ? env[name] : undefined);
  return createBuiltInApp(builtIn.snapshot, {
    engine: loadEngine(engineModule),
    version: builtIn.version,
    ...builtInMiddleware(binding),
  }).app;
}

export default {
  fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createWorkerApp(env);
    return app.fetch(request, env, ctx);
  },
};
