// GET /openapi.json: the OpenAPI 3.1 document of every route, generated once from the registry.
import { createRoute, z } from '@hono/zod-openapi';
import { openAPIDocument } from '../openapi.js';
import type { App } from './context.js';

export function registerOpenAPI(app: App, version: string): void {
  const route = createRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
  });
  // Built on first use, when every route (middleware's too) is registered.
  let document: ReturnType<typeof openAPIDocument> | undefined;
  app.openapi(route, (c) => c.json((document ??= openAPIDocument(app, version)), 200));
}
