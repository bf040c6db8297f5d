// The Node adapter of the HTTP app (api.md §3, what `npm start` runs): listen, log the URL, and on
// SIGTERM/SIGINT stop accepting, let in-flight requests finish, exit 0 — what a Pod being
// deleted needs.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as listen } from '@hono/node-server';
import type { Engine } from '../../engine/engine.js';
import { createApp } from '../../http/app.js';
import { badRequest, fieldError } from '../../objects/status.js';
import { loadEngine } from '../../index.js';

export interface ServeOptions {
  /** Default `$PORT`, else 8080; 0 picks a free port. */
  port?: number;
  /** Default `$HOST`, else all interfaces. */
  host?: string;
  bodyLimitBytes?: number;
  /** Default: the packaged engine, loaded while the server already answers /healthz. */
  engine?: Engine | Promise<Engine>;
  /** Install SIGTERM/SIGINT handlers that shut down and exit the process (default true). */
  handleSignals?: boolean;
  /** How long in-flight requests may take to finish on shutdown before their connections are cut. */
  shutdownTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The engine the app answers with; rejects when it cannot be loaded. */
  engine: Promise<Engine>;
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
  const app = createApp({ engine, bodyLimitBytes: options.bodyLimitBytes });

  // @hono/node-server builds a node:http server unless told otherwise.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = listen({ fetch: app.fetch, port, hostname: host }, () => resolve(s as Server)) as Server;
    s.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`)));
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
        resolve();
      });
    });
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`tpe: ${signal} received, finishing in-flight requests`);
    void close().then(() => process.exit(0));
  };
  if (options.handleSignals ?? true) process.on('SIGTERM', onSignal).on('SIGINT', onSignal);

  return { url, port: bound, engine, close };
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
