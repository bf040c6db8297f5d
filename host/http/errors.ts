// Every HTTP error answer is a Kubernetes Status (docs/contracts.md §2): clients parse one shape whatever went
// wrong. Bad input arrives here as a StatusError; anything else is a bug and becomes a 500.
import type { Context } from 'hono';
import { isStatusError, statusError, type Status } from '../objects/status.js';
import { jsonResponse } from './respond.js';

/** Answers `status` with its own code, as JSON; the metrics count it by reason (middleware/metrics.ts). */
export function statusResponse(c: Context, status: Status, headers?: Record<string, string>): Response {
  c.set('tpeStatus', status);
  return jsonResponse(c, status, status.code, headers);
}

/**
 * The Status for a thrown value. A non-StatusError means tpe itself failed: it is logged (the stack is
 * for the operator) and the client gets a 500 without internals.
 */
export function statusOf(error: unknown): Status {
  if (isStatusError(error)) return error.status;
  console.error('tpe: internal error while answering a request:', error);
  return statusError('InternalError', 500, 'internal error: the request could not be answered; see the server log').status;
}

export function notFound(path: string): Status {
  return statusError('NotFound', 404, `the server could not find the requested resource: ${path}`).status;
}

/** Kubernetes answers a wrong verb with reason `MethodNotAllowed`. */
export function methodNotAllowedStatus(method: string, allowed: readonly string[]): Status {
  const message = `method ${method} is not supported here; allowed: ${allowed.join(', ')}`;
  return statusError('MethodNotAllowed', 405, message).status;
}
