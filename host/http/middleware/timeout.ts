// A time limit per request (default 10 s): past it the client gets a 504 Status (reason Timeout, the
// code the API server uses for it) instead of waiting on a stalled body upload or a decision over a
// huge cluster. The work itself is not interrupted — a decision is synchronous WASM — only answered for.
import type { MiddlewareHandler } from 'hono';
import { statusError } from '../../objects/status.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function requestTimeout(ms: number): MiddlewareHandler {
  return async function requestTimeout(_c, next) {
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
