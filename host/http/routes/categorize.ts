// POST /v1/categorize: one decision over the objects in the body (docs/contracts.md §2). The engine reads and
// validates the request, with the API server's field errors; the schema documents it.
import { createRoute } from '@hono/zod-openapi';
import { bodyContent, documentedRoute, statusResponses } from '../openapi.js';
import { readRequestDocument } from '../request.js';
import { jsonResponse } from '../respond.js';
import { CategorizeRequestSchema, CategorizeResultSchema } from '../schemas.js';
import { recordDecisions } from '../middleware/metrics.js';
import type { App, RouteContext } from './context.js';

export function registerCategorize(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'post',
    path: '/v1/categorize',
    summary: 'Decide one Service port seen from one node, over objects in the body',
    request: { body: { required: true, content: bodyContent(CategorizeRequestSchema) } },
    responses: {
      200: { description: 'The decision', content: { 'application/json': { schema: CategorizeResultSchema } } },
      ...statusResponses([400, 413, 415, 503]),
    },
  });
  documentedRoute(app, route, async (c) => {
    // Read the body first: a bad body is the client's answer even while the engine is loading.
    const request = await readRequestDocument(c.req.raw, ctx.bodyLimitBytes, ctx.jsonLimits);
    const engine = await ctx.engine.loaded();
    const result = engine.categorize(request);
    recordDecisions(c, result);
    return jsonResponse(c, result);
  });
}
