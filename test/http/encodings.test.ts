// Bodies and queries tpe cannot read as they are: compressed bodies (415 whether or not the header
// says so), numbers JSON cannot hold exactly (said as such, never `null`), a query naming a
// parameter twice (400, not the first of them).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../host/http/app.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { expectStatus, fixtureStore } from './helpers.js';

const engine = await loadEngine();
const app = createApp({ engine, store: fixtureStore() });
const request = readFileSync(new URL('../fixtures/requests/itp-local-node-b.json', import.meta.url), 'utf8');
const post = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  app.request('/v1/categorize', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('compressed bodies', () => {
  it('a gzip body without Content-Encoding is a 415 saying it is compressed, not "not valid UTF-8"', async () => {
    const status = await expectStatus(await post(new Uint8Array(gzipSync(request)), {}), 415, 'UnsupportedMediaType');
    expect(status.message).toBe('request body is gzip-compressed: send it uncompressed (Content-Encoding is not supported)');
  });

  it('any Content-Encoding but identity is a 415, even over a plain body', async () => {
    for (const [encoding, body] of [
      ['gzip', new Uint8Array(gzipSync(request))],
      ['br', new TextEncoder().encode(request)],
    ] as const) {
      const status = await expectStatus(await post(body, { 'content-encoding': encoding }), 415, 'UnsupportedMediaType');
      expect(status.message).toBe(
        `Content-Encoding "${encoding}" is not supported: send the body uncompressed (Content-Encoding: identity or none)`,
      );
    }
    expect((await post(new TextEncoder().encode(request), { 'content-encoding': 'identity' })).status).toBe(200);
  });
});

describe('numbers JSON cannot hold exactly', () => {
  const withPort = (port: string) => new TextEncoder().encode(request.replace(/"port": 80\b/, `"port": ${port}`));

  it('1e309 is said to be too large, not null', async () => {
    expect(request).toMatch(/"port": 80\b/);
    const status = await expectStatus(await post(withPort('1e309'), {}), 400, 'Invalid');
    expect(status.message).toContain('a number too large to hold');
    expect(status.message).not.toContain('Invalid value: null');
  });

  it('9007199254740993 is said to be rounded', async () => {
    const status = await expectStatus(await post(withPort('9007199254740993'), {}), 400, 'Invalid');
    expect(status.message).toContain('9007199254740992 (rounded: a number past ±2^53 is not read exactly)');
  });
});

describe('repeated query parameters', () => {
  it('?node=a&node=b is a 400 on decision and pick, naming the parameter', async () => {
    for (const route of ['decision', 'pick']) {
      const status = await expectStatus(await app.request(`/v1/services/shop/web/${route}?node=node-1&node=node-2`), 400, 'BadRequest');
      expect(status.message).toBe('query.node: Duplicate value: the query names node more than once');
      expect((await app.request(`/v1/services/shop/web/${route}?node=node-1`)).status).toBe(200);
    }
  });
});
