// tpe in Cloudflare Workers and workerd: the decision service as a module worker. workerd does not
// compile WASM from bytes at run time, so the engine arrives as the `tpe.wasm` module the config
// (or wrangler) uploads beside this one, instantiated when the isolate starts. The app itself is
// made on the isolate's first request: the worker's bindings (settings) arrive with a request, and
// the clock reads 0 (1970) in the global scope, which would date the built-in snapshot's load there.
import type { ExecutionContext } from 'hono';
import builtIn from 'tpe-edge:built-in';
import { loadEngine, type Engine } from '../../../host/index.js';
import { builtInMiddleware, createBuiltInApp } from '../../../host/http/built-in.js';
import type { App } from '../../../host/http/routes/context.js';
import engineModule from 'tpe-edge:engine-module';

const engine = loadEngine(engineModule);
let app: Promise<App> | undefined;

function createWorkerApp(loaded: Engine, env: Record<string, unknown>): App {
  const binding = (name: string) => (typeof env[name] === 'string' ? env[name] : undefined);
  return createBuiltInApp(builtIn.snapshot, {
    engine: loaded,
    version: builtIn.version,
    ...builtInMiddleware(binding),
  }).app;
}

export default {
  async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    app ??= engine.then((loaded) => createWorkerApp(loaded, env));
    return (await app).fetch(request, env, ctx);
  },
};
