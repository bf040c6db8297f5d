// A time limit per request (default 10 s): past it the client gets a 504 Status (reason Timeout, the
// code the API server uses for it) instead of waiting on a stalled body upload or on an engine that
// is still loading. The work itself is not interrupted — a decision is synchronous WASM — only
// answered for. A timer is armed only where a request can wait: a request with a body (it streams
// in) or any request while the engine is still loading. A GET once the engine is loaded is
// answered synchronously and has nothing to wait on: it pays for no timer (the pick path's cost).
import type { Context } from 'hono';
import { statusError } from '../../objects/status.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Whether the request can wait on something (its body, the engine loading), so needs a timer. */
export function canWait(c: Context, engineReady: () => boolean): boolean {
  // The method, not `c.req.raw.body`: on Node that getter builds a whole fetch Request.
  const method = c.req.method;
  return !((method === 'GET' || method === 'HEAD') && engineReady());
}

/** `pending`, or a 504 Status error once `ms` have passed without it settling. */
export function withinTimeLimit<T>(pending: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(statusError('Timeout', 504, `the request was not answered within the limit of ${ms} ms`)), ms);
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}
