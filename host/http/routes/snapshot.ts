// PUT /v1/snapshot: replace the cluster snapshot with the dump in the body (YAML or JSON, multi-document
// or a List). It is validated whole and swapped in atomically; a bad one answers its 400 Status, is
// recorded as the last error (GET /v1/status, /metrics), and the snapshot in use stays.
import { createRoute } from '@hono/zod-openapi';
import { isStatusError } from '../../objects/status.js';
import { bodyContent, documentedRoute, statusResponses } from '../openapi.js';
import { readRequestDocuments } from '../request.js';
import { ClusterDumpSchema, SnapshotStatusSchema } from '../schemas.js';
import type { App, RouteContext } from './context.js';

export const SNAPSHOT_SOURCE = 'PUT /v1/snapshot';

export function registerSnapshot(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'put',
    path: '/v1/snapshot',
    summary: 'Replace the cluster snapshot',
    request: { body: { required: true, content: bodyContent(ClusterDumpSchema) } },
    responses: {
      200: { description: 'The new snapshot status', content: { 'application/json': { schema: SnapshotStatusSchema } } },
      ...statusResponses([400, 409, 413, 415], {
        400: 'an unreadable or empty dump, or an invalid object (named in the message); the snapshot in use stays',
        409: 'the snapshot follows the API server (tpe serve --kubeconfig): one source at a time',
      }),
    },
  });
  documentedRoute(app, route, async (c) => {
    let objects: unknown[];
    try {
      objects = await readRequestDocuments(c.req.raw, ctx.snapshotBodyLimitBytes, ctx.jsonLimits);
    } catch (e) {
      // A dump that cannot be read is a failed load like an invalid one (the store records those).
      if (isStatusError(e))
        ctx.store.recordError({ ...e.status, message: `cluster snapshot from ${SNAPSHOT_SOURCE} rejected: ${e.status.message}` });
      throw e;
    }
    ctx.store.loadObjects(objects, SNAPSHOT_SOURCE);
    return c.json(ctx.store.status(), 200);
  });
}
