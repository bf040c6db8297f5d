// PUT /v1/snapshot: replace the cluster snapshot with the dump in the body (YAML or JSON, multi-document
// or a List). It is validated whole and swapped in atomically; a bad one answers its 400 Status, is
// recorded as the last error (GET /v1/status, /metrics), and the snapshot in use stays.
import { createRoute } from '@hono/zod-openapi';
import { isStatusError, StatusError, type Status } from '../../objects/status.js';
import { readBodyText } from '../body.js';
import { bodyContent, documentedRoute, statusResponses } from '../openapi.js';
import { formatOf, type BodyFormat } from '../request.js';
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
    // A dump that cannot be read is a failed load like an invalid one (the store records those).
    const rejected = (status: Status): never => {
      const recorded = { ...status, message: `cluster snapshot from ${SNAPSHOT_SOURCE} rejected: ${status.message}` };
      ctx.store.recordError(recorded);
      throw new StatusError(status);
    };
    let text: string;
    let format: BodyFormat;
    try {
      format = formatOf(c.req.header('content-type') ?? null);
      text = await readBodyText(c.req.raw, ctx.snapshotBodyLimitBytes);
    } catch (e) {
      if (isStatusError(e)) rejected(e.status);
      throw e;
    }
    const result = await ctx.dumpReader({ text, format, era: ctx.store.era, source: SNAPSHOT_SOURCE, jsonLimits: ctx.jsonLimits });
    if (!result.ok) {
      if (result.stage === 'read') rejected(result.status);
      ctx.store.recordError(result.status);
      throw new StatusError(result.status);
    }
    ctx.store.swapIn(result.snapshot);
    return c.json(ctx.store.status(), 200);
  });
}
