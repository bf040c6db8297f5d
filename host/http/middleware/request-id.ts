// The request id: the caller's `x-request-id` when it is a plain token of at most 128 characters
// (letters, digits, `_`, `-`, `=`), else a fresh one; echoed in the response's `x-request-id` and
// kept on the context for the access log. A fresh id is this process's random prefix and a counter
// (`3f9c2a7b1d04-1842`): unique without a UUID per request, and ids of one process sort by arrival.

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id (the response's `x-request-id`). */
    requestId: string;
    /** Set by responses that carry `x-request-id` in their own headers (respond.ts), so it is not set twice. */
    requestIdSent: boolean;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const MAX_REQUEST_ID_LENGTH = 128;

const PLAIN_TOKEN = /^[\w\-=]+$/;

/** 48 random bits, as 12 hex digits: two processes share a prefix once in 2^24 starts of both. */
function processPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

// Drawn on the first request, not at import: Workers refuse random values in global scope.
let prefix: string | undefined;
let counter = 0;

/** The id of a request that sent `given` (its `x-request-id`, if any). */
export function requestIdFor(given: string | undefined): string {
  if (given !== undefined && given.length <= MAX_REQUEST_ID_LENGTH && PLAIN_TOKEN.test(given)) return given;
  prefix ??= `${processPrefix()}-`;
  return prefix + String(++counter);
}
