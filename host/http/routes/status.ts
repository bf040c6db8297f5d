// GET /v1/status: the snapshot the service answers from (revision, counts, load time) and the last
// failed load, if the last load failed.
import { createRoute } from '@hono/zod-openapi';
import { jsonResponse } from '../respond.js';
import { SnapshotStatusSchema } from '../schemas.js';
import type { App, RouteContext } from './context.js';

export function registerStatus(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/status',
    summary: 'The cluster snapshot: revision, object counts, load time, last error',
    responses: { 200: { description: 'The snapshot status', content: { 'application/json': { schema: SnapshotStatusSchema } } } },
  });
  app.openapi(route, (c) => jsonResponse(c, ctx.store.status()) as never);
}
