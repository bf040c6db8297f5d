// GET /v1/services/{namespace}/{name}/pick: one endpoint for one connection, as kube-proxy on `node`
// would pick it (docs/rules.md §6), in the body and in `x-gateway-destination-endpoint` — the header
// Envoy's override-host load balancing and the Gateway API endpoint-picker protocol read. A drop or
// reject verdict answers 503 with a Status saying which and why, and no header.
import { createRoute } from '@hono/zod-openapi';
import { affinityTimeout, endpointNodes, unavailable } from '../../cluster/pick.js';
import type { ProxyEndpoint } from '../../engine/endpoints.js';
import { fieldError, badRequest } from '../../objects/status.js';
import { recordDecision } from '../middleware/metrics.js';
import { documentedRoute, statusResponses } from '../openapi.js';
import { PickQuerySchema, PickResultSchema, ServiceParamsSchema } from '../schemas.js';
import { jsonResponse } from '../respond.js';
import { parseWith } from '../validation.js';
import type { App, RouteContext } from './context.js';
import { refuseRepeatedQuery } from '../request.js';

export const DESTINATION_HEADER = 'x-gateway-destination-endpoint';

export function registerPick(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/services/{namespace}/{name}/pick',
    summary: 'Pick one endpoint for a connection from a node, as kube-proxy would',
    request: { params: ServiceParamsSchema, query: PickQuerySchema },
    responses: {
      200: {
        description: `The endpoint, also in the ${DESTINATION_HEADER} header as ip:port`,
        headers: { [DESTINATION_HEADER]: { schema: { type: 'string' }, description: 'ip:port ([ip]:port for IPv6)' } },
        content: { 'application/json': { schema: PickResultSchema } },
      },
      ...statusResponses([400, 404, 503], {
        400: 'a bad query parameter, a port the Service does not have, or traffic=external on a port that is not externally accessible',
        503: 'ServiceUnavailable: the verdict is drop (endpoints exist, none usable from this node) or reject (no endpoints); the message says which and why',
      }),
    },
  });

  documentedRoute(app, route, async (c) => {
    refuseRepeatedQuery(c.req.url);
    const query = parseWith(PickQuerySchema, c.req.query(), 'query');
    const traffic = query.traffic ?? 'internal';
    const { decisions, revision } = ctx.store.current;
    const service = decisions.service(c.req.param('namespace')!, c.req.param('name')!);
    const node = decisions.node(query.node);
    const target = decisions.target(service, query.port, query.ipFamily, 'query.');
    const engine = await ctx.engine.loaded();
    const explain = query.explain === 'true';
    const result = decisions.decide(engine, target, node, explain);
    const decision = traffic === 'internal' ? result.internal : result.external;
    if (!decision) {
      const cause = fieldError.invalid(
        'query.traffic',
        traffic,
        `${result.service} port ${result.port} has no NodePort, externalIP or load-balancer IP: only internal traffic reaches it`,
      );
      throw badRequest(`query.traffic: ${cause.message}`, [cause]);
    }
    recordDecision(c, decision.verdict, traffic);
    const endpoints = decisions.portRequest(target).endpoints;
    if (decision.verdict !== 'route') {
      throw unavailable(result, traffic, service, endpointNodes(endpoints));
    }
    const timeout = affinityTimeout(service);
    const pick = ctx.picker.pick({
      scope: `${node.name}\0${result.service}\0${result.port}\0${target.family}`,
      endpoints: decision.endpoints,
      client: query.client ?? null,
      affinityTimeoutSeconds: timeout,
    });
    const backend = byKey(endpoints, pick.endpoint);
    const body = {
      endpoint: pick.endpoint,
      verdict: 'route' as const,
      traffic,
      service: result.service,
      port: result.port,
      node: node.name,
      ipFamily: target.family,
      client: query.client ?? null,
      topologyMode: result.topologyMode,
      backend: { node: backend?.nodeName || null, zone: backend?.zone ?? null, pod: backend?.targetPod ?? null },
      sessionAffinity: timeout === null ? ('None' as const) : ('ClientIP' as const),
      pinned: pick.pinned,
      affinityExpiresAt: pick.affinityExpiresAt?.toISOString() ?? null,
      revision,
      // The why, only when asked: a pick's answer stays small on the hot path.
      ...(explain ? { candidates: decision.endpoints, explain: result.explain } : {}),
    };
    return jsonResponse(c, body, 200, { [DESTINATION_HEADER]: pick.endpoint });
  });
}

/** The endpoint with `key`: the list is sorted by key (endpoints.ts), so a binary search finds it. */
function byKey(endpoints: readonly ProxyEndpoint[], key: string): ProxyEndpoint | undefined {
  let lo = 0;
  let hi = endpoints.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = endpoints[mid]!.key;
    if (k === key) return endpoints[mid];
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
