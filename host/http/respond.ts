// JSON answers as plain Responses with a plain headers object: the request id goes in with the
// content type, so neither Hono's `c.header()` (an undici Headers per request) nor the Node adapter's
// conversion of one runs; `@hono/node-server` writes a plain object's headers as they are.
import type { Context } from 'hono';
import { REQUEST_ID_HEADER } from './middleware/request-id.js';

/** `body` as JSON with `status`, `headers` (lower-case names) and the request's `x-request-id`. */
export function jsonResponse(c: Context, body: unknown, status = 200, headers?: Record<string, string>): Response {
  const init: Record<string, string> = { 'content-type': 'application/json', ...headers };
  const id = c.get('requestId');
  if (id !== undefined) {
    init[REQUEST_ID_HEADER] = id;
    c.set('requestIdSent', true);
  }
  return new Response(JSON.stringify(body), { status, headers: init });
}
