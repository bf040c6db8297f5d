// What every request passes through (docs/contracts.md §3), through app.request(): bearer auth on /v1/, the
// request id and the access log, the time limit, the body shape limits, and /metrics.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../host/http/app.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { bytes, clusterText, expectStatus, fixtureStore } from './helpers.js';

const categorizeBody = readFileSync(new URL('../fixtures/requests/itp-local-node-b.json', import.meta.url), 'utf8');
const categorize = (app: ReturnType<typeof createApp>, body = categorizeBody, headers: Record<string, string> = {}) =>
  app.request('/v1/categorize', { method: 'POST', body: bytes(body), headers: { 'content-type': 'application/json', ...headers } });

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

describe('bearer auth ($TPE_AUTH_TOKEN)', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ engine, store: fixtureStore(), middleware: { authToken: 's3cret-token' } });
  });

  it('401 Unauthorized with a Bearer challenge without the header', async () => {
    const res = await categorize(app);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const status = await expectStatus(res, 401, 'Unauthorized');
    expect(status.message).toContain('Authorization: Bearer');
  });

  it.each(['Bearer wrong', 'Bearer s3cret-token-and-more', 'Basic czNjcmV0LXRva2Vu', 'Bearer'])(
    '401 invalid_token for %j',
    async (header) => {
      const res = await app.request('/v1/status', { headers: { authorization: header } });
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      await expectStatus(res, 401, 'Unauthorized');
    },
  );

  it('the token opens every /v1/ route, GET and POST', async () => {
    expect((await categorize(app, categorizeBody, { authorization: 'Bearer s3cret-token' })).status).toBe(200);
    expect(
      (await app.request('/v1/services/shop/web/pick?node=node-1', { headers: { authorization: 'bearer s3cret-token' } })).status,
    ).toBe(200);
  });

  it('probes, metrics and the OpenAPI document stay open', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) expect((await app.request(path)).status, path).toBe(200);
  });

  it('an unknown /v1/ path is 401 too: without the token nothing says which routes exist', async () => {
    await expectStatus(await app.request('/v1/secret-route'), 401, 'Unauthorized');
  });
});

describe('request id and access log', () => {
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ engine, store: fixtureStore(), middleware: { accessLog: (l) => lines.push(l) } });
  });

  it('one JSON line per request, with the id the response echoes in x-request-id', async () => {
    lines.length = 0;
    const ok = await app.request('/v1/services/shop/web/pick?node=node-1');
    const missing = await app.request('/v1/nope');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestId: ok.headers.get('x-request-id'),
      method: 'GET',
      path: '/v1/services/shop/web/pick',
      status: 200,
      durationMs: expect.any(Number),
      bytesIn: null,
      bytesOut: null,
      remote: null,
    });
    // A fresh id: this process's random prefix and a counter.
    expect(first.requestId).toMatch(/^[0-9a-f]{12}-\d+$/);
    expect(second).toMatchObject({ requestId: missing.headers.get('x-request-id'), status: 404 });
    expect(second.requestId).not.toBe(first.requestId);
  });

  it('keeps a caller’s plain x-request-id and replaces one that is not', async () => {
    lines.length = 0;
    const given = await app.request('/healthz', { headers: { 'x-request-id': 'proxy-7f3a_9=' } });
    expect(given.headers.get('x-request-id')).toBe('proxy-7f3a_9=');
    const odd = await app.request('/healthz', { headers: { 'x-request-id': 'two words' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-\d+$/);
    const long = await app.request('/healthz', { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-\d+$/);
    expect(long.headers.get('x-request-id')).not.toBe(odd.headers.get('x-request-id'));
    expect(lines.map((l) => JSON.parse(l).requestId)).toEqual([
      'proxy-7f3a_9=',
      odd.headers.get('x-request-id'),
      long.headers.get('x-request-id'),
    ]);
  });

  it('writes each line as JSON.stringify would write its fields, escaping what needs it', async () => {
    lines.length = 0;
    await app.request('/v1/odd%22path%5Cwith/%E2%9C%93');
    await app.request('/v1/services/shop/web/pick?node=node-1', { headers: { 'x-request-id': 'caller-1' } });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toBe(JSON.stringify(JSON.parse(line)));
    // Hono's decoded path: a quote, a backslash and a non-ASCII letter, each written as JSON writes it.
    expect(JSON.parse(lines[0]!).path).toBe('/v1/odd"path\\with/✓');
    expect(JSON.parse(lines[1]!)).toMatchObject({ requestId: 'caller-1', status: 200 });
  });

  it('the id is on every answer: JSON, text, Status errors and 405s', async () => {
    for (const [path, method] of [
      ['/v1/services/shop/web/pick?node=node-1', 'GET'],
      ['/healthz', 'GET'],
      ['/metrics', 'GET'],
      ['/v1/nope', 'GET'],
      ['/v1/categorize', 'GET'],
    ] as const) {
      const res = await app.request(path, { method, headers: { 'x-request-id': `id-${method}-${path.length}` } });
      expect(res.headers.get('x-request-id'), path).toBe(`id-${method}-${path.length}`);
    }
  });

  it('logs the declared body size', async () => {
    lines.length = 0;
    await categorize(app, categorizeBody, { 'content-length': String(bytes(categorizeBody).byteLength) });
    expect(JSON.parse(lines[0]!)).toMatchObject({ method: 'POST', status: 200, bytesIn: bytes(categorizeBody).byteLength });
  });
});

describe('request time limit', () => {
  it('504 Timeout for a body that stalls past the limit; the app answers the next request', async () => {
    const app = createApp({ engine, middleware: { requestTimeoutMs: 50 } });
    const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(bytes('{"node": ')) });
    const req = new Request('http://tpe/v1/categorize', {
      method: 'POST',
      body: stalled,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    const started = performance.now();
    const status = await expectStatus(await app.request(req), 504, 'Timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(status.message).toBe('the request was not answered within the limit of 50 ms');
    expect((await categorize(app)).status).toBe(200);
  });

  it('a request answered 504 is counted and logged like any other', async () => {
    const lines: string[] = [];
    const app = createApp({
      engine: new Promise<Engine>(() => undefined),
      store: fixtureStore(),
      middleware: { requestTimeoutMs: 50, accessLog: (l) => lines.push(l) },
    });
    const res = await app.request('/v1/services/shop/web/decision?node=node-1');
    await expectStatus(res, 504, 'Timeout');
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 504, requestId: res.headers.get('x-request-id') });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('tpe_errors_total{reason="Timeout"} 1');
    expect(text).toContain('tpe_http_requests_total{route="/v1/services/:namespace/:name/decision",method="GET",code="504"} 1');
  });

  it('504 for a request waiting on an engine that does not load in time', async () => {
    const app = createApp({ engine: new Promise<Engine>(() => undefined), store: fixtureStore(), middleware: { requestTimeoutMs: 50 } });
    await expectStatus(await app.request('/v1/services/shop/web/decision?node=node-1'), 504, 'Timeout');
  });
});

describe('body shape limits', () => {
  const app = () => createApp({ engine, jsonLimits: { maxDepth: 64, maxValues: 2000 } });

  it('413 for a document nested deeper than the limit', async () => {
    const deep = `{"node": ${'{"a": '.repeat(70)}1${'}'.repeat(70)}}`;
    const status = await expectStatus(await categorize(app(), deep), 413, 'RequestEntityTooLarge');
    expect(status.message).toBe('request body nests objects and lists deeper than the limit of 64 levels');
  });

  it('413 for a document holding more values than the limit', async () => {
    const many = JSON.stringify({ ...JSON.parse(categorizeBody), endpointSlices: Array.from({ length: 2500 }, () => 0) });
    const status = await expectStatus(await categorize(app(), many), 413, 'RequestEntityTooLarge');
    expect(status.message).toBe('request body holds more than the limit of 2000 values');
  });

  it('a body that is also unreadable answers what reading finds first: a duplicate key, a stream, not an object', async () => {
    const deepWithDuplicate = `{"node": 1, "node": ${'{"a": '.repeat(70)}1${'}'.repeat(70)}}`;
    expect((await expectStatus(await categorize(app(), deepWithDuplicate), 400, 'BadRequest')).message).toContain('duplicate key "node"');
    const deepStream = `{"a": 1} {"b": ${'['.repeat(70)}${']'.repeat(70)}}`;
    expect((await expectStatus(await categorize(app(), deepStream), 400, 'BadRequest')).message).toBe(
      'request body must hold exactly one request document, found 2',
    );
    const deepList = `${'['.repeat(70)}${']'.repeat(70)}`;
    expect((await expectStatus(await categorize(app(), deepList), 400, 'BadRequest')).message).toContain('must be a Kubernetes object');
  });

  it('the limits hold for each item of a List body, as for a YAML one', async () => {
    const item = JSON.parse(categorizeBody);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [item] });
    const yaml = `apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify(item)}\n`;
    const json = await categorize(app(), list);
    expect(json.status).toBe(200);
    const fromYaml = await categorize(app(), yaml, { 'content-type': 'application/yaml' });
    expect(await json.json()).toEqual(await fromYaml.json());
  });

  it('400 for a YAML alias bomb, before it is expanded', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
    ].join('\n');
    const status = await expectStatus(await categorize(app(), bomb, { 'content-type': 'application/yaml' }), 400, 'BadRequest');
    expect(status.message).toMatch(/alias/);
  });

  it('413 for YAML nested 100,000 deep, as for JSON (never a stack overflow)', async () => {
    const deep = `node: ${'['.repeat(100_000)}`;
    const status = await expectStatus(await categorize(app(), deep, { 'content-type': 'application/yaml' }), 413, 'RequestEntityTooLarge');
    expect(status.message).toBe('request body nests objects and lists deeper than the limit of 64 levels');
  });

  it('413 for a categorize body of 116,000 tiny YAML documents, before any is parsed', async () => {
    const many = Array.from({ length: 116_000 }, () => 'a: 1').join('\n---\n');
    const status = await expectStatus(await categorize(app(), many, { 'content-type': 'application/yaml' }), 413, 'RequestEntityTooLarge');
    expect(status.message).toBe('request body holds more than the limit of 100 YAML documents');
  });

  it('413 for a YAML flow mapping of 40,000 keys (the keys-per-mapping limit)', async () => {
    const flow = `{${Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join(', ')}}`;
    const status = await expectStatus(await categorize(app(), flow, { 'content-type': 'application/yaml' }), 413, 'RequestEntityTooLarge');
    expect(status.message).toBe('request body has a mapping of more than the limit of 10000 keys');
  });

  it('the limits hold per object of a cluster dump, so a big dump of small objects loads', async () => {
    const store = fixtureStore();
    const small = createApp({ engine, store, jsonLimits: { maxDepth: 64, maxValues: 200 } });
    const res = await small.request('/v1/snapshot', {
      method: 'PUT',
      body: bytes(clusterText),
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('requests by route pattern, latency, errors by reason, decisions by verdict, the snapshot', async () => {
    const store = fixtureStore();
    const app = createApp({ engine, store });
    await app.request('/v1/services/shop/web/pick?node=node-1');
    await app.request('/v1/services/shop/web/pick?node=node-2');
    await app.request('/v1/services/shop/web/pick?node=node-3');
    await app.request('/v1/services/shop/lb/decision?node=node-1');
    await app.request('/v1/batch', { method: 'POST' });
    await app.request('/v1/nope');
    await app.request('/v1/snapshot', { method: 'PUT', body: bytes('kind: [\n'), headers: { 'content-type': 'application/yaml' } });

    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const sample = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const pick = 'route="/v1/services/:namespace/:name/pick"';
    expect(sample(`tpe_http_requests_total{${pick},method="GET",code="200"}`)).toBe(1);
    expect(sample(`tpe_http_requests_total{${pick},method="GET",code="503"}`)).toBe(2);
    expect(sample('tpe_http_requests_total{route="unmatched",method="GET",code="404"}')).toBe(1);
    expect(sample(`tpe_decisions_total{${pick},verdict="route",traffic="internal"}`)).toBe(1);
    expect(sample(`tpe_decisions_total{${pick},verdict="drop",traffic="internal"}`)).toBe(2);
    // A decision answers both verdicts of an externally accessible port.
    const decision = 'route="/v1/services/:namespace/:name/decision"';
    expect(sample(`tpe_decisions_total{${decision},verdict="route",traffic="internal"}`)).toBe(1);
    expect(sample(`tpe_decisions_total{${decision},verdict="drop",traffic="external"}`)).toBe(1);
    // The batch over the fixture: internal 10 route, 2 drop, 3 reject (see snapshot-routes.test.ts).
    expect(sample('tpe_decisions_total{route="/v1/batch",verdict="reject",traffic="internal"}')).toBe(3);
    expect(sample('tpe_errors_total{reason="ServiceUnavailable"}')).toBe(2);
    expect(sample('tpe_errors_total{reason="NotFound"}')).toBe(1);
    expect(sample('tpe_errors_total{reason="BadRequest"}')).toBe(1);
    expect(sample(`tpe_http_request_duration_seconds_count{${pick},method="GET"}`)).toBe(3);
    expect(sample(`tpe_http_request_duration_seconds_bucket{${pick},method="GET",le="+Inf"}`)).toBe(3);
    expect(sample('tpe_snapshot_revision')).toBe(1);
    expect(sample('tpe_snapshot_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample('tpe_snapshot_failed_loads_total')).toBe(1);
    expect(sample('tpe_snapshot_last_load_failed')).toBe(1);
    expect(sample('tpe_engine_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE tpe_http_request_duration_seconds histogram');
  });

  it('two apps in one process count apart', async () => {
    const a = createApp({ engine });
    const b = createApp({ engine });
    await a.request('/healthz');
    const text = await (await b.request('/metrics')).text();
    expect(text).not.toContain('route="/healthz"');
    expect(text).toContain('tpe_snapshot_revision 0');
  });
});
