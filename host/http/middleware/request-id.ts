// The request id: the caller's `x-request-id` when it is a plain token of at most 128 characters
// (letters, digits, `_`, `-`, `=`), else a fresh UUID; echoed in the response's `x-request-id` and
// kept on the context for the access log.
import { requestId as honoRequestId, type RequestIdVariables } from 'hono/request-id';

declare module 'hono' {
  interface ContextVariableMap extends RequestIdVariables {}
}

export const MAX_REQUEST_ID_LENGTH = 128;

export const requestId = () => honoRequestId({ limitLength: MAX_REQUEST_ID_LENGTH });
