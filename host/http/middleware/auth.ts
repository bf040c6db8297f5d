// Optional bearer-token access (docs/contracts.md §3, `$TPE_AUTH_TOKEN`): mounted on /v1/ only, so probes,
// scrapes and the OpenAPI document stay open. Failures answer a 401 Status with the challenge of
// RFC 6750 §3.
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { statusError } from '../../objects/status.js';
import { statusResponse } from '../errors.js';

const BEARER = /^Bearer +(\S+) *$/i;

export function bearerAuth(token: string): MiddlewareHandler {
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization');
    if (header === undefined) {
      return statusResponse(c, unauthorized('this server requires a bearer token: send the header Authorization: Bearer <token>'), {
        'www-authenticate': 'Bearer',
      });
    }
    const presented = BEARER.exec(header)?.[1];
    // Compared as SHA-256 digests, in constant time: how long a guess matched does not show.
    if (presented === undefined || !(await timingSafeEqual(presented, token))) {
      return statusResponse(c, unauthorized('the bearer token is not valid'), { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    await next();
  };
}

function unauthorized(message: string) {
  return statusError('Unauthorized', 401, message).status;
}
