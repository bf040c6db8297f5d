// GET /openapi.json (docs/contracts.md §3: OpenAPI 3.1 of every route), and the schemas it is made of checked
// against real answers: a field an answer carries that the document does not describe fails here.
import type { z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../host/http/app.js';
import {
  BatchResultSchema,
  CategorizeResultSchema,
  PickResultSchema,
  SnapshotStatusSchema,
  StatusSchema,
} from '../../host/http/schemas.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { fixtureStore } from './helpers.js';

let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  app = createApp({ engine: await loadEngine(), store: fixtureStore(), version: '9.9.9' });
});

/** zod objects drop keys they do not know: an answer equal to its own parse has no undocumented field. */
function expectDescribedBy(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.error).toBeUndefined();
  expect(parsed.data).toEqual(value);
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of every route the app serves', async () => {
    const doc = await (await app.request('/openapi.json')).json();
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { version: '9.9.9' } });
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(new Set(documented)).toEqual(served);
  });

  it('documents the pick header, the Status of each error code, and the request schemas', async () => {
    const doc = await (await app.request('/openapi.json')).json();
    const pick = doc.paths['/v1/services/{namespace}/{name}/pick'].get;
    expect(Object.keys(pick.responses['200'].headers)).toEqual(['x-gateway-destination-endpoint']);
    expect(pick.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Status' });
    expect(pick.parameters.map((p: { name: string }) => p.name)).toEqual([
      'namespace',
      'name',
      'node',
      'port',
      'ipFamily',
      'explain',
      'client',
      'traffic',
    ]);
    expect(Object.keys(doc.paths['/v1/categorize'].post.requestBody.content)).toEqual(['application/json', 'application/yaml']);
    expect(doc.components.schemas.CategorizeRequest.required).toEqual(['node', 'service', 'endpointSlices']);
  });
});

describe('answers match the schemas the document is generated from', () => {
  it('decision, with explain', async () => {
    expectDescribedBy(CategorizeResultSchema, await (await app.request('/v1/services/shop/api/decision?node=node-1&explain=true')).json());
    expectDescribedBy(CategorizeResultSchema, await (await app.request('/v1/services/shop/lb/decision?node=node-3')).json());
  });

  it('pick, with and without affinity', async () => {
    expectDescribedBy(
      PickResultSchema,
      await (await app.request('/v1/services/shop/sticky/pick?node=node-1&client=10.0.0.1&explain=true')).json(),
    );
    expectDescribedBy(PickResultSchema, await (await app.request('/v1/services/shop/web/pick?node=node-1')).json());
  });

  it('batch, status, and a Status with causes', async () => {
    expectDescribedBy(BatchResultSchema, await (await app.request('/v1/batch', { method: 'POST' })).json());
    expectDescribedBy(SnapshotStatusSchema, await (await app.request('/v1/status')).json());
    expectDescribedBy(StatusSchema, await (await app.request('/v1/services/shop/web/pick?node=node-1&client=x')).json());
    expectDescribedBy(StatusSchema, await (await app.request('/v1/services/shop/web/pick?node=node-2')).json());
  });
});
