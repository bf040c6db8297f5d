// GET /healthz (the process is up) and GET /readyz (the engine is loaded and, when the snapshot follows
// the API server, its first full list has arrived and it is not stale past the threshold; 503 until then).
import { createRoute, z } from '@hono/zod-openapi';
import { StatusError, statusError } from '../../objects/status.js';
import { statusResponses } from '../openapi.js';
import type { App, RouteContext } from './context.js';

const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string().openapi({ example: 'ok' }) } } });

export function registerHealth(app: App, ctx: RouteContext): void {
  app.openapi(createRoute({ method: 'get', path: '/healthz', summary: 'The process is up', responses: { 200: text('ok') } }), (c) =>
    c.text('ok', 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      summary: 'The engine is loaded',
      responses: {
        200: text('ok'),
        ...statusResponses([503], {
          503: 'the engine is still loading or failed to load, or the API server source has not synced yet or is stale (the message says which)',
        }),
      },
    }),
    (c) => {
      if (!ctx.engine.ready) throw new StatusError(ctx.engine.notReadyStatus());
      const snapshot = ctx.store.notReady();
      if (snapshot !== null) throw statusError('ServiceUnavailable', 503, `not ready: ${snapshot}`);
      return c.text('ok', 200);
    },
  );
}
