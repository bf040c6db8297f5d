// The access log: one JSON line per request to an injected sink (the Node adapter: stderr), carrying
// the request id that the response echoes in `x-request-id`, so a client's report finds its line.
import type { Context, MiddlewareHandler } from 'hono';

/** What only the runtime knows about the connection a request came on. */
export interface Connection {
  /** The client's address. */
  remote?: string;
  /**
   * Resolves once the response has been sent, with the bytes written for it (status line and
   * headers included). Without it the log has the body's declared Content-Length, if any.
   */
  sent?: Promise<number>;
}

export interface AccessLogEntry {
  /** When the request arrived, ISO 8601. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** Until the response was sent when the runtime reports it, else until it was ready. */
  durationMs: number;
  /** The request's declared Content-Length; null for a body sent without one. */
  bytesIn: number | null;
  bytesOut: number | null;
  remote: string | null;
}

export function accessLog(sink: (line: string) => void, connection?: (c: Context) => Connection): MiddlewareHandler {
  return async function accessLog(c, next) {
    const arrived = Date.now();
    const start = performance.now();
    const conn = connection?.(c) ?? {};
    await next();
    const entry: AccessLogEntry = {
      time: new Date(arrived).toISOString(),
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: 0,
      bytesIn: declaredLength(c.req.header('content-length')),
      bytesOut: null,
      remote: conn.remote ?? null,
    };
    const write = (bytesOut: number | null) => {
      entry.durationMs = Math.round((performance.now() - start) * 1000) / 1000;
      entry.bytesOut = bytesOut;
      sink(JSON.stringify(entry));
    };
    if (conn.sent) void conn.sent.then(write);
    else write(declaredLength(c.res.headers.get('content-length') ?? undefined));
  };
}

function declaredLength(header: string | undefined): number | null {
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}
