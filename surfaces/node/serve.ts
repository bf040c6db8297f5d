// The Node adapter of the HTTP app (docs/contracts.md §3, what `npm start` runs): load the cluster snapshot
// (--cluster FILE|DIR, $TPE_CLUSTER, the API server with --kubeconfig / --in-cluster, else the
// built-in demo — one source at a time) and follow it, listen, log the URL, and on SIGTERM/SIGINT
// stop accepting, let every in-flight response finish writing (within $TPE_DRAIN_TIMEOUT_MS), log
// each, exit 0 — what a Pod being deleted needs. The app's limits and access come from the
// environment here, never in the app: $TPE_AUTH_TOKEN, $TPE_BODY_LIMIT, $TPE_REQUEST_TIMEOUT_MS,
// $TPE_DUMP_HEAP_MB; the access log goes to stderr.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { serve as listen, type HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { DEMO_CLUSTER, DEMO_SOURCE } from '../../host/cluster/demo.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import type { Engine } from '../../host/engine/engine.js';
import { resolveEra } from '../../host/engine/eras.js';
import { createApp } from '../../host/http/app.js';
import type { Connection, MiddlewareFeature } from '../../host/http/middleware/index.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../host/http/middleware/timeout.js';
import { badRequest, fieldError } from '../../host/objects/status.js';
import { workerDumpReader } from './dump-reader.js';
import { loadEngine } from './index.js';
import { findPlayground, withPlayground } from './playground.js';
import { packageVersion } from './version.js';
import { connectKube, type KubeTarget } from './kube/config.js';
import { startKubeSource, type BackoffOptions, type KubeSource } from './kube/source.js';
import { describeLoad, loadAndWatchDump, type DumpWatch } from './watch.js';
import { optionalCount } from '../../host/http/built-in.js';

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
  /** Follow the API server instead of a dump: a kubeconfig (and context) or the in-cluster service account. */
  kube?: KubeTarget;
  /** With `kube`: /readyz fails once the API server has been unreachable longer than this; default never. */
  maxStalenessSeconds?: number;
  /** With `kube`: retry timing after a failed list or watch (tests shorten it). */
  kubeBackoff?: BackoffOptions;
  /** Quiet time after a change to the dump before it is read again (default 100 ms). */
  watchDebounceMs?: number;
  /** Default: the packaged engine, loaded while the server already answers /healthz. */
  engine?: Engine | Promise<Engine>;
  /** Install SIGTERM/SIGINT handlers that shut down and exit the process (default true). */
  handleSignals?: boolean;
  /**
   * How long in-flight responses may take to finish writing on shutdown before their connections
   * are cut. Default `$TPE_DRAIN_TIMEOUT_MS`, else 20 s.
   */
  shutdownTimeoutMs?: number;
  log?: (line: string) => void;
  /** Middleware features switched off: only `npm run bench:http`'s price of each uses it. */
  without?: readonly MiddlewareFeature[];
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
  /** The API server source, when following one. */
  kube?: KubeSource;
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
  let kube: KubeSource | undefined;
  if (options.kube && options.cluster !== undefined) {
    throw badRequest('--cluster and --kubeconfig/--in-cluster name two sources: the snapshot follows one source at a time');
  }
  if (options.kube) {
    // Not awaited: the server answers /healthz at once and /readyz once the first full list is in.
    kube = startKubeSource({
      connection: connectKube(options.kube),
      store,
      log,
      maxStalenessSeconds: options.maxStalenessSeconds,
      backoff: options.kubeBackoff,
    });
    watch = kube;
  } else if (cluster !== undefined) {
    watch = await loadAndWatchDump(store, cluster, { log, debounceMs: options.watchDebounceMs });
  } else {
    log(`tpe: no --cluster given: ${describeLoad(store.loadObjects(DEMO_CLUSTER, DEMO_SOURCE))} (the built-in demo)`);
  }

  const app = createApp({
    engine,
    store,
    version: packageVersion(),
    bodyLimitBytes,
    // A PUT /v1/snapshot is read in a worker thread: picks keep answering meanwhile.
    dumpReader: workerDumpReader({ maxHeapMb: optionalCount(env.TPE_DUMP_HEAP_MB, 'TPE_DUMP_HEAP_MB') }),
    middleware: {
      authToken: options.authToken ?? env.TPE_AUTH_TOKEN,
      requestTimeoutMs,
      accessLog: accessLog || undefined,
      connection: (c) => nodeConnection(c, stderrLines.later),
      without: options.without,
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

  const drain = trackResponses(server);
  const drainTimeoutMs =
    options.shutdownTimeoutMs ?? optionalCount(env.TPE_DRAIN_TIMEOUT_MS, 'TPE_DRAIN_TIMEOUT_MS') ?? DEFAULT_DRAIN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      // A response still being written past the drain timeout is cut rather than holding the shutdown forever.
      const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
      force.unref();
      // close() stops accepting; connections are ended once they have nothing left to write.
      const sweep = setInterval(drain.endIdle, 50);
      drain.endIdle();
      // node:http's close() first runs closeIdleConnections, which destroys a connection whose
      // response has ended but is still being written: stop listening the net.Server way instead.
      netClose.call(server, () => {
        clearTimeout(force);
        clearInterval(sweep);
        // The access log writes a response's line when its connection closes: let those run first.
        setImmediate(() => resolve(watch?.close()));
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

  return { url, port: bound, engine, store, kube, close };
}

/** A batch of access-log lines is written once it holds this much, or this long after its first line. */
const LOG_BATCH_BYTES = 64 * 1024;
const LOG_BATCH_MS = 20;
const netClose = NetServer.prototype.close;

/** Kubernetes gives a Pod 30 s between SIGTERM and SIGKILL by default; deploy/ spends 5 of them in preStop. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 20_000;

/**
 * The connections of `server` and which of them still owe a response. Node's closeIdleConnections
 * counts a connection idle as soon as its response has ended, while megabytes of it may still wait
 * in the socket for a slow reader: ending those cut large responses short on SIGTERM. Here a
 * connection is idle when no response is pending on it and its socket has handed every byte on.
 */
function trackResponses(server: Server): { endIdle: () => void } {
  const sockets = new Set<Socket>();
  const responding = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    responding.set(socket, (responding.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (responding.get(socket) ?? 1) - 1;
      if (left > 0) responding.set(socket, left);
      else responding.delete(socket);
    });
  });
  return {
    endIdle() {
      for (const socket of sockets) {
        if (!responding.has(socket) && socket.writableLength === 0 && !socket.writableEnded) socket.end();
      }
    },
  };
}

/**
 * Lines for `stream`, written in batches: under load one write call carries the access log of
 * hundreds of requests, instead of a (synchronous, for stderr) write per request or per turn of the
 * event loop — the largest cost of a pick after the response itself. A line waits at most
 * LOG_BATCH_MS; `flush` writes what waits (on shutdown). `later` runs a task once this turn's
 * responses have been written (the access log's byte counts).
 */
function batchedLines(stream: NodeJS.WritableStream): {
  write: (line: string) => void;
  later: (task: () => void) => void;
  flush: () => void;
} {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tasks: (() => void)[] = [];
  let immediate = false;
  const runTasks = () => {
    immediate = false;
    const due = tasks;
    tasks = [];
    for (const task of due) task();
  };
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    runTasks();
    if (pending === '') return;
    const out = pending;
    pending = '';
    stream.write(out);
  };
  return {
    write(line) {
      pending += `${line}\n`;
      if (pending.length >= LOG_BATCH_BYTES) flush();
      else timer ??= setTimeout(flush, LOG_BATCH_MS);
    },
    later(task) {
      tasks.push(task);
      if (!immediate) {
        immediate = true;
        setImmediate(runTasks);
      }
    },
    flush,
  };
}

/**
 * The client's address, and the bytes written for the response: the socket's counter from the start
 * of the request until the response has been written (keep-alive requests on a socket come one at a
 * time). A response is written in the turn it is ready, so the count is read when that turn's log
 * batch is written (`later`) — no listener or promise per request; one still being written (a
 * streamed body) is counted when it finishes.
 */
function nodeConnection(c: Context, later: (task: () => void) => void): Connection {
  const { incoming, outgoing } = c.env as HttpBindings;
  const socket = incoming.socket;
  const before = socket.bytesWritten;
  return {
    remote: socket.remoteAddress,
    sent: (report) =>
      later(() => {
        if (outgoing.writableFinished) report(socket.bytesWritten - before);
        else outgoing.once('close', () => report(socket.bytesWritten - before));
      }),
  };
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
