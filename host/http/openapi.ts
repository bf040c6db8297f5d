// The OpenAPI 3.1 document (docs/contracts.md §3: /openapi.json of every route), generated from the zod schemas
// the routes validate with. Routes are registered with `documentedRoute`: the route config goes into
// the document, and the handler validates its own input with the same schemas (`parseWith`) —
// bodies because tpe reads JSON or YAML itself, streamed within the body limit; queries because a
// synchronous parse costs a fraction of the validator middleware on the pick path.
import type { RouteConfig, z } from '@hono/zod-openapi';
import type { Handler } from 'hono';
import { StatusSchema } from './schemas.js';
import type { App } from './routes/context.js';

const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'BadRequest or Invalid: the field path of each problem is in details.causes',
  404: 'NotFound: no such Service or Node in the snapshot',
  413: 'RequestEntityTooLarge: the body is over the limit',
  415: 'UnsupportedMediaType: send JSON or YAML',
  503: 'ServiceUnavailable',
};

/** Status answers for the OpenAPI document; `overrides` word a code for one route. */
export function statusResponses<C extends number>(
  codes: readonly C[],
  overrides: { readonly [K in C]?: string } = {} as { [K in C]?: string },
) {
  const entries = codes.map((code) => [
    code,
    { description: overrides[code] ?? STATUS_DESCRIPTIONS[code] ?? 'Status', content: { 'application/json': { schema: StatusSchema } } },
  ]);
  return Object.fromEntries(entries) as Record<
    C,
    { description: string; content: { 'application/json': { schema: typeof StatusSchema } } }
  >;
}

/** The request body media types tpe reads, all with the same schema. */
export function bodyContent(schema: z.ZodType) {
  return Object.fromEntries(['application/json', 'application/yaml'].map((t) => [t, { schema }]));
}

/** A route in the document whose handler validates its own input. */
export function documentedRoute(app: App, route: RouteConfig, handler: Handler): void {
  app.openAPIRegistry.registerPath(route);
  // OpenAPI writes path parameters `{name}`, Hono's router `:name`.
  app.on(route.method.toUpperCase(), route.path.replace(/\{(\w+)\}/g, ':$1'), handler);
}

export function openAPIDocument(app: App, version: string) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'tpe — the traffic policy engine',
      version,
      description:
        "kube-proxy's Service endpoint selection as an HTTP service: decisions for one Service port seen from one node, against objects in the request or a cluster snapshot the service holds. Every error is a Kubernetes Status.",
    },
  });
}
