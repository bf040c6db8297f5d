// GET /v1/services/{namespace}/{name}/decision: the categorize result (docs/contracts.md §2) for a Service port
// of the snapshot, seen from one of its nodes. Answers come from the snapshot's decision cache.
import { createRoute } from '@hono/zod-openapi';
import { recordDecisions } from '../middleware/metrics.js';
import { documentedRoute, statusResponses } from '../openapi.js';
import { CategorizeResultSchema, DecisionQuerySchema, ServiceParamsSchema } from '../schemas.js';
import { jsonResponse } from '../respond.js';
import { parseWith } from '../validation.js';
import type { App, RouteContext } from './context.js';
import { refuseRepeatedQuery } from '../request.js';

export function registerDecision(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/services/{namespace}/{name}/decision',
    summary: 'The decision for a Service port of the snapshot, seen from one node',
    request: { params: ServiceParamsSchema, query: DecisionQuerySchema },
    responses: {
      200: { description: 'The decision (docs/contracts.md §2)', content: { 'application/json': { schema: CategorizeResultSchema } } },
      ...statusResponses([400, 404, 503], {
        400: 'a bad query parameter, a port the Service does not have, or a Service kube-proxy does not proxy (headless, ExternalName)',
        503: 'no snapshot loaded yet, or the engine is not ready',
      }),
    },
  });
  documentedRoute(app, route, async (c) => {
    refuseRepeatedQuery(c.req.url);
    const query = parseWith(DecisionQuerySchema, c.req.query(), 'query');
    const { decisions } = ctx.store.current;
    const service = decisions.service(c.req.param('namespace')!, c.req.param('name')!);
    const node = decisions.node(query.node);
    const target = decisions.target(service, query.port, query.ipFamily, 'query.');
    const engine = await ctx.engine.loaded();
    const result = decisions.decide(engine, target, node, query.explain === 'true');
    recordDecisions(c, result);
    return jsonResponse(c, result);
  });
}
