// The Node adapter of the HTTP app (api.md §3, what `npm start` runs): load the cluster snapshot
// (--cluster FILE|DIR, $TPE_CLUSTER, else the built-in demo) and watch it, listen, log the URL, and on
// SIGTERM/SIGINT stop accepting, let in-flight requests finish, exit 0 — what a Pod being deleted
// needs. The app's limits and access come from the environment here, never in the app:
// $TPE_AUTH_TOKEN, $TPE_BODY_LIMIT, $TPE_REQUEST_TIMEOUT_MS; the access log goes to stderr.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as listen, type HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { DEMO_CLUSTER, DEMO_SOURCE } from '../../host/cluster/demo.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import type { Engine } from '../../host/engine/engine.js';
import { resolveEra } from '../../host/engine/eras.js';
import { createApp } from '../../host/http/app.js';
import type { Connection } from '../../host/http/middleware/index.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../host/http/middleware/timeout.js';
import { badRequest, fieldError } from '../../host/objects/status.js';
import { loadEngine } from './index.js';
import { findPlayground, withPlayground } from './playground.js';
import { packageVersion } from './version.js';
import { describeLoad, loadAndWatchDump, type DumpWatch } from './watch.js';

export interface ServeOptions {
  /** Default `$PORT`, else 8080; 0 picks a free port. */
  port?: number;
  /** Default `$HOST`, else all interfaces. */
  host?: string;
  /** Default `$TPE_BODY_LIMIT`, else 1 MiB. */
  bodyLimitBytes?: number;
  /** Bearer token every /v1/ route requires. Default `$TPE_AUTH_TOKEN`; unset or empty: open. */
  authToken?: string;
  /** Time limit of a request (504 past it). Default `$TPE_REQUEST_TIMEOUT_MS`, else 10 s. */
  requestTimeoutMs?: number;
  /** Where the access log's JSON lines go (default stderr); false for none. */
  accessLog?: ((line: string) => void) | false;
  /** The cluster dump to load and watch, a file or a directory. Default `$TPE_CLUSTER`, else the built-in demo cluster. */
  cluster?: string;
  /** The era the snapshot is validated and decided in (default the newest), e.g. `1.30`. */
  kubernetesVersion?: string;
  /** Feature-gate overrides of that era, e.g. `{ PreferSameTrafficDistribution: true }`. */
  featureGates?: Record<string, boolean>;
  /** Quiet time after a change to the dump before it is read again (default 100 ms). */
  watchDebounceMs?: number;
  /** Default: the packaged engine, loaded while the server already answers /healthz. */
  engine?: Engine | Promise<Engine>;
  /** Install SIGTERM/SIGINT handlers that shut down and exit the process (default true). */
  handleSignals?: boolean;
  /** How long in-flight requests may take to finish on shutdown before their connections are cut. */
  shutdownTimeoutMs?: number;
  log?: (line: string) => void;
  /** The playground's folder served at `/` (default dist/playground when built); false for none. */
  playground?: string | false;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The engine the app answers with; rejects when it cannot be loaded. */
  engine: Promise<Engine>;
  /** The snapshot the app answers from. */
  store: SnapshotStore;
  /** Graceful shutdown: stop accepting, wait for in-flight requests, resolve when closed. */
  close(): Promise<void>;
}

export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const port = options.port !== undefined ? readPort(options.port, 'port') : readPort(process.env.PORT ?? 8080, 'PORT');
  const host = options.host ?? process.env.HOST ?? '0.0.0.0';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const engine = Promise.resolve(options.engine ?? loadEngine());
  // The app reports a failed load on /readyz; this catch only keeps it from being an unhandled rejection.
  engine.catch(() => undefined);
  const env = process.env;
  const bodyLimitBytes = options.bodyLimitBytes ?? optionalCount(env.TPE_BODY_LIMIT, 'TPE_BODY_LIMIT');
  const requestTimeoutMs =
    options.requestTimeoutMs ?? optionalCount(env.TPE_REQUEST_TIMEOUT_MS, 'TPE_REQUEST_TIMEOUT_MS') ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const stderrLines = batchedLines(process.stderr);
  const accessLog = options.accessLog ?? stderrLines.write;

  // The snapshot is loaded before listening: a bad --cluster fails the start (exit 2) instead of
  // serving 503s, and a ready server has something to answer from.
  const store = new SnapshotStore({
    era: resolveEra(options.kubernetesVersion, options.featureGates, { version: '--kubernetes-version', gates: '--feature-gate' }),
  });
  const cluster = options.cluster ?? (env.TPE_CLUSTER || undefined);
  let watch: DumpWatch | undefined;
  if (cluster !== undefined) {
    watch = await loadAndWatchDump(store, cluster, { log, debounceMs: options.watchDebounceMs });
  } else {
    log(`tpe: no --cluster given: ${describeLoad(store.loadObjects(DEMO_CLUSTER, DEMO_SOURCE))} (the built-in demo)`);
  }

  const app = createApp({
    engine,
    store,
    version: packageVersion(),
    bodyLimitBytes,
    middleware: {
      authToken: options.authToken ?? env.TPE_AUTH_TOKEN,
      requestTimeoutMs,
      accessLog: accessLog || undefined,
      connection: nodeConnection,
    },
  });

  const playground = options.playground ?? findPlayground();
  const fetch = playground ? withPlayground(app.fetch, playground) : app.fetch;

  // @hono/node-server builds a node:http server unless told otherwise. Node cuts a request whose
  // body is still arriving a second after the app has answered it 504.
  const server = await new Promise<Server>((resolve, reject) => {
    const serverOptions = { requestTimeout: requestTimeoutMs + 1000 };
    const s = listen({ fetch, port, hostname: host, serverOptions }, () => resolve(s as Server)) as Server;
    s.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`)));
  }).catch(async (e: unknown) => {
    await watch?.close();
    throw e;
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  log(`tpe listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      // A request slower than the timeout is cut rather than holding the shutdown forever.
      const force = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
      force.unref();
      // close() stops accepting but ends only the keep-alive connections idle at that moment; one
      // whose response finishes later would hold the server open until the client lets go.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.close(() => {
        clearTimeout(force);
        clearInterval(sweep);
        resolve(watch?.close());
      });
    });
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`tpe: ${signal} received, finishing in-flight requests`);
    void close().then(() => {
      stderrLines.flush();
      process.exit(0);
    });
  };
  if (options.handleSignals ?? true) process.on('SIGTERM', onSignal).on('SIGINT', onSignal);

  return { url, port: bound, engine, store, close };
}

/**
 * Lines for `stream`, written once per turn of the event loop: under load one write call carries
 * the access log of every request the turn answered, instead of a (synchronous, for stderr) write
 * per request — the largest cost of a pick after the response itself.
 */
function batchedLines(stream: NodeJS.WritableStream): { write: (line: string) => void; flush: () => void } {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const out = pending;
    pending = '';
    stream.write(out);
  };
  return {
    write(line) {
      if (pending === '') setImmediate(flush);
      pending += `${line}\n`;
    },
    flush,
  };
}

/**
 * The client's address, and the bytes written for the response (the socket's counter from the
 * start of the request to the response's close: keep-alive requests on a socket come one at a time).
 */
function nodeConnection(c: Context): Connection {
  const { incoming, outgoing } = c.env as HttpBindings;
  const socket = incoming.socket;
  const before = socket.bytesWritten;
  return {
    remote: socket.remoteAddress,
    sent: new Promise((resolve) => outgoing.once('close', () => resolve(socket.bytesWritten - before))),
  };
}

/** A positive whole number from the environment variable `name`, or undefined when it is unset. */
function optionalCount(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) {
    const cause = fieldError.invalid(name, value, 'must be a positive whole number');
    throw badRequest(`${name}: ${cause.message}`, [cause]);
  }
  return Number(value);
}

/** `field` names where the value came from: the option or the `$PORT` environment variable. */
function readPort(value: number | string, field: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || String(value).trim() === '') {
    const cause = fieldError.invalid(field, value, 'must be a port number between 0 and 65535');
    throw badRequest(`${field}: ${cause.message}`, [cause]);
  }
  return port;
}
