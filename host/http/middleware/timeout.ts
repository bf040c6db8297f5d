// A time limit per request (default 10 s): past it the client gets a 504 Status (reason Timeout, the
// code the API server uses for it) instead of waiting on a stalled body upload or on an engine that
// is still loading. The work itself is not interrupted — a decision is synchronous WASM — only
// answered for. A GET, once the engine is loaded, is answered synchronously and has nothing to wait
// on: it skips the timer (the pick path's cost).
import type { MiddlewareHandler } from 'hono';
import { statusError } from '../../objects/status.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function requestTimeout(ms: number, engineReady: () => boolean): MiddlewareHandler {
  return async function requestTimeout(c, next) {
    // The method, not `c.req.raw.body`: on Node that getter builds a whole fetch Request.
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && engineReady()) return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(statusError('Timeout', 504, `the request was not answered within the limit of ${ms} ms`)), ms);
    });
    try {
      // A rejection reaches the app's onError, which answers its Status.
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
