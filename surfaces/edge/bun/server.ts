// tpe in Bun: `bun server.js [--host H] [--port P]` serves the decision service with Bun.serve on
// that address (else $HOST and $PORT, else 127.0.0.1:8080). The module has no default export: Bun
// would auto-serve a default `{ fetch }` on every interface. The engine is inlined into the bundle.
import builtIn from 'tpe-edge:built-in';
import engineBytes from 'tpe-edge:engine-bytes';
import { loadEngine } from '../../../host/index.js';
import { builtInMiddleware, createBuiltInApp } from '../../../host/http/built-in.js';
import { badRequest, fieldError } from '../../../host/objects/status.js';

const { app } = createBuiltInApp(builtIn.snapshot, {
  engine: loadEngine(engineBytes),
  version: builtIn.version,
  ...builtInMiddleware((name) => Bun.env[name]),
});

/** The Hono handler, for a program that serves it itself. */
export const fetch = app.fetch;

/** `--name value` or `--name=value` from the command line, else the environment variable. */
function setting(flag: string, variable: string): string | undefined {
  const args = Bun.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${flag}`) return args[i + 1];
    if (args[i]!.startsWith(`--${flag}=`)) return args[i]!.slice(flag.length + 3);
  }
  return Bun.env[variable];
}

function readPort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    const cause = fieldError.invalid('port', value, 'must be a port number between 0 and 65535');
    throw badRequest(`port: ${cause.message}`, [cause]);
  }
  return port;
}

const server = Bun.serve({
  hostname: setting('host', 'HOST') ?? '127.0.0.1',
  port: readPort(setting('port', 'PORT') ?? '8080'),
  fetch: app.fetch,
});
console.error(`tpe listening on ${server.url.origin}`);

const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop).on('SIGINT', stop);
