// The HTTP app through app.request(): no network, one engine for the file. Every error class of
// docs/contracts.md §2/§3 answers a Status, and none of them disturbs the next request.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { createApp } from '../../host/http/app.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/requests/${name}`, import.meta.url), 'utf8');
const nodeA = fixture('itp-local-node-a.yaml');
const nodeB = fixture('itp-local-node-b.json');
const invalidPolicy = fixture('itp-invalid-policy.yaml');

let engine: Engine;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  engine = await loadEngine();
  app = createApp({ engine, bodyLimitBytes: 64 * 1024 });
});

// A string body would get `text/plain` from the Request constructor; bytes go without a content type.
const bytes = (body: BodyInit) => (typeof body === 'string' ? new TextEncoder().encode(body) : body);
const post = (body: BodyInit, contentType?: string) =>
  app.request('/v1/categorize', { method: 'POST', body: bytes(body), headers: contentType ? { 'content-type': contentType } : {} });

async function expectStatus(res: Response, code: number, reason: string) {
  expect(res.status).toBe(code);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const status = await res.json();
  expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  return status as { message: string; details?: { causes?: { field: string; reason: string; message: string }[] } };
}

describe('POST /v1/categorize', () => {
  it('answers a JSON request with the result as JSON', async () => {
    const res = await post(nodeB, 'application/json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({
      service: 'shop/web',
      port: 'http',
      node: 'node-b',
      clusterEndpoints: null,
      localEndpoints: ['10.0.2.7:8080'],
      internal: { verdict: 'route', endpoints: ['10.0.2.7:8080'] },
      external: null,
    });
  });

  it.each(['application/yaml', 'application/x-yaml', 'text/yaml', 'application/yaml; charset=utf-8'])(
    'reads YAML sent as %s',
    async (type) => {
      const res = await post(nodeA, type);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ node: 'node-a', localEndpoints: ['10.0.1.5:8080'] });
    },
  );

  it('answers the same result as the library', async () => {
    const res = await post(nodeB, 'application/json');
    expect(await res.json()).toEqual(engine.categorize(JSON.parse(nodeB)));
  });

  it('reads JSON and YAML bodies sent without a content type', async () => {
    const json = await post(nodeB);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ node: 'node-b' });
    const yaml = await post(nodeA);
    expect(yaml.status).toBe(200);
    expect(await yaml.json()).toMatchObject({ node: 'node-a' });
  });

  it('answers drop from a node with no local endpoint', async () => {
    const res = await post(fixture('itp-local-node-c.json'), 'application/json');
    expect(await res.json()).toMatchObject({ localEndpoints: [], hasAnyEndpoints: true, internal: { verdict: 'drop', endpoints: [] } });
  });

  it('sets explain when asked', async () => {
    const res = await post(JSON.stringify({ ...JSON.parse(nodeB), explain: true }), 'application/json');
    const result = await res.json();
    expect(result.explain).toHaveLength(2);
    expect(result.explain[0]).toMatchObject({ endpoint: '10.0.1.5:8080', reason: 'NotLocal' });
  });
});

describe('bad input answers a 4xx Status', () => {
  it('400 BadRequest for a body that is not JSON', async () => {
    const status = await expectStatus(await post('{"node": ', 'application/json'), 400, 'BadRequest');
    expect(status.message).toMatch(/^invalid JSON at line 1/);
  });

  it('400 BadRequest for a body that is not YAML', async () => {
    const status = await expectStatus(await post('node: [a, b\nservice: {', 'application/yaml'), 400, 'BadRequest');
    expect(status.message).toMatch(/^invalid YAML/);
  });

  it('400 BadRequest for text that is neither, sent without a content type', async () => {
    await expectStatus(await post('{"node": [}'), 400, 'BadRequest');
  });

  it('400 BadRequest for bytes that are not UTF-8', async () => {
    await expectStatus(await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'application/json'), 400, 'BadRequest');
  });

  it('400 BadRequest for an empty body and for two documents', async () => {
    const empty = await expectStatus(await post('', 'application/json'), 400, 'BadRequest');
    expect(empty.message).toContain('found 0');
    const two = await expectStatus(await post(`${nodeA}\n---\n${nodeA}`, 'application/yaml'), 400, 'BadRequest');
    expect(two.message).toContain('found 2');
  });

  it('400 BadRequest for a body that is not an object', async () => {
    await expectStatus(await post('[1, 2]', 'application/json'), 400, 'BadRequest');
  });

  it('400 Invalid with the field path of what the API server would reject', async () => {
    const status = await expectStatus(await post(invalidPolicy, 'application/yaml'), 400, 'Invalid');
    expect(status.message).toBe(
      'Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
    );
    expect(status.details?.causes).toEqual([
      expect.objectContaining({ field: 'service.spec.internalTrafficPolicy', reason: 'FieldValueNotSupported' }),
    ]);
  });

  it('400 for deeply nested input rather than a crash', async () => {
    const res = await post('['.repeat(20_000) + ']'.repeat(20_000), 'application/json');
    expect(res.status).toBe(400);
  });

  it('413 RequestEntityTooLarge for a declared length over the limit', async () => {
    const big = `{"pad": "${'x'.repeat(70 * 1024)}"}`;
    const status = await expectStatus(await post(big, 'application/json'), 413, 'RequestEntityTooLarge');
    expect(status.message).toContain('65536 bytes');
  });

  it('413 while streaming a body without a length, without reading it to the end', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const req = new Request('http://tpe/v1/categorize', {
      method: 'POST',
      body: endless,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    await expectStatus(await app.request(req), 413, 'RequestEntityTooLarge');
    expect(pulled).toBeLessThan(10);
  });

  it('415 UnsupportedMediaType naming the accepted types', async () => {
    const status = await expectStatus(await post(nodeB, 'text/plain'), 415, 'UnsupportedMediaType');
    expect(status.message).toContain('application/json, application/yaml, application/x-yaml, text/yaml');
  });

  it('a good request after bad ones still answers correctly', async () => {
    const good = await (await post(nodeB, 'application/json')).json();
    await post('{', 'application/json');
    await post(invalidPolicy, 'application/yaml');
    await post(JSON.stringify({ ...JSON.parse(nodeB), featureGates: { NoSuchGate: true } }), 'application/json');
    await post(JSON.stringify({ ...JSON.parse(nodeB), endpointSlices: [{ kind: 'EndpointSlice', endpoints: 7 }] }), 'application/json');
    const again = await post(nodeB, 'application/json');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(good);
  });
});

describe('routes', () => {
  it('404 NotFound Status for an unknown route', async () => {
    const status = await expectStatus(await app.request('/v1/nope'), 404, 'NotFound');
    expect(status.message).toContain('/v1/nope');
  });

  it('405 MethodNotAllowed with Allow for a wrong method', async () => {
    const get = await app.request('/v1/categorize');
    expect(get.headers.get('allow')).toBe('POST');
    await expectStatus(get, 405, 'MethodNotAllowed');
    const post = await app.request('/healthz', { method: 'POST' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await expectStatus(post, 405, 'MethodNotAllowed');
  });

  it('/healthz answers ok', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});

describe('engine loading', () => {
  it('/readyz is 503 until the engine promise resolves, then 200; categorize waits for it', async () => {
    let resolve!: (e: Engine) => void;
    const loading = createApp({ engine: new Promise<Engine>((r) => (resolve = r)) });
    expect((await loading.request('/healthz')).status).toBe(200);
    const status = await expectStatus(await loading.request('/readyz'), 503, 'ServiceUnavailable');
    expect(status.message).toContain('loading');
    const pending = loading.request('/v1/categorize', { method: 'POST', body: nodeB, headers: { 'content-type': 'application/json' } });
    resolve(engine);
    expect((await pending).status).toBe(200);
    const ready = await loading.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ok');
  });

  it('a failed load is a 503 saying why, on /readyz and categorize', async () => {
    const failed = createApp({ engine: Promise.reject(new Error('no wasm here')) });
    await new Promise((r) => setTimeout(r, 0));
    const ready = await expectStatus(await failed.request('/readyz'), 503, 'ServiceUnavailable');
    expect(ready.message).toBe('the engine failed to load: no wasm here');
    await expectStatus(await failed.request('/v1/categorize', { method: 'POST', body: bytes(nodeB) }), 503, 'ServiceUnavailable');
  });

  it('500 InternalError, without internals, when the engine fails unexpectedly', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = {
      categorize: () => {
        throw new TypeError('secret internals');
      },
    } as unknown as Engine;
    const status = await expectStatus(
      await createApp({ engine: broken }).request('/v1/categorize', { method: 'POST', body: bytes(nodeB) }),
      500,
      'InternalError',
    );
    expect(status.message).not.toContain('secret');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
