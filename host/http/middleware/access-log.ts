// The access log: one JSON line per request to an injected sink (the Node adapter: stderr, batched),
// carrying the request id that the response echoes in `x-request-id`, so a client's report finds its
// line. The line is written as text field by field — no entry object, no JSON.stringify of one — in
// the order of AccessLogEntry, which documents it.

/** What only the runtime knows about the connection a request came on. */
export interface Connection {
  /** The client's address. */
  remote?: string;
  /**
   * Calls `report` once the response has been sent, with the bytes written for it (status line and
   * headers included). Without it the log has the body's declared Content-Length, if any.
   */
  sent?: (report: (bytesOut: number) => void) => void;
}

/** One line of the access log, parsed (the line holds these fields in this order). */
export interface AccessLogEntry {
  /** When the request arrived, ISO 8601. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** From the request's arrival until its response was ready to send. */
  durationMs: number;
  /** The request's declared Content-Length; null for a body sent without one. */
  bytesIn: number | null;
  bytesOut: number | null;
  remote: string | null;
}

/** What the middleware knows of a request once its response is ready. */
export interface AnsweredRequest {
  arrivedMs: number;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  contentLength: string | undefined;
}

/**
 * Writes the line of `request` to `sink`: at once, or — when the runtime reports the bytes sent —
 * once it has.
 */
export function logRequest(
  sink: (line: string) => void,
  request: AnsweredRequest,
  conn: Connection | undefined,
  responseLength: () => string | null | undefined,
): void {
  const head =
    `{"time":"${isoTime(request.arrivedMs)}","requestId":${quoted(request.requestId)},"method":${quoted(request.method)}` +
    `,"path":${quoted(request.path)},"status":${request.status},"durationMs":${Math.round(request.durationMs * 1000) / 1000}` +
    `,"bytesIn":${declaredLength(request.contentLength)},"bytesOut":`;
  const tail = `,"remote":${conn?.remote === undefined ? 'null' : quoted(conn.remote)}}`;
  if (conn?.sent) conn.sent((bytesOut) => sink(head + String(bytesOut) + tail));
  else sink(head + String(declaredLength(responseLength() ?? undefined)) + tail);
}

let lastMs = NaN;
let lastIso = '';

/** Requests arriving in the same millisecond share one formatted time. */
function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

const PLAIN = /^[\w\-=./:~%+@!$&'()*,;]*$/;

/** A JSON string: most values (ids, methods, paths, addresses) need no escaping. */
function quoted(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

function declaredLength(header: string | undefined): number | null {
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}
