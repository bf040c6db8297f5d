// The OpenAPI 3.1 document (api.md §3: /openapi.json of every route), generated from the zod schemas
// the routes validate with. Routes whose body tpe reads itself (JSON or YAML, streamed within the
// body limit) are registered here: documented with their schema, validated by `parseWith`.
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
export function statusResponses<C extends number>(codes: readonly C[], overrides: { readonly [K in C]?: string } = {} as { [K in C]?: string }) {
  const entries = codes.map((code) => [code, { description: overrides[code] ?? STATUS_DESCRIPTIONS[code] ?? 'Status', content: { 'application/json': { schema: StatusSchema } } }]);
  return Object.fromEntries(entries) as Record<C, { description: string; content: { 'application/json': { schema: typeof StatusSchema } } }>;
}

/** The request body media types tpe reads, all with the same schema. */
export function bodyContent(schema: z.ZodType) {
  return Object.fromEntries(['application/json', 'application/yaml'].map((t) => [t, { schema }]));
}

/** A route whose body the handler reads and validates itself: in the document, without zod-openapi's JSON-only body validator. */
export function bodyRoute(app: App, route: RouteConfig, handler: Handler): void {
  app.openAPIRegistry.registerPath(route);
  app.on(route.method.toUpperCase(), route.path, handler);
}

export function openAPIDocument(app: App, version: string) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'tpe — the traffic policy engine',
      version,
      description: "kube-proxy's Service endpoint selection as an HTTP service: decisions for one Service port seen from one node, against objects in the request or a cluster snapshot the service holds. Every error is a Kubernetes Status.",
    },
  });
}
