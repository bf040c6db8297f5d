// The runtime-free glue of the edge bundles (host/http/built-in.ts): the app over a built-in
// snapshot, ready from its first request, with the Node server's settings read from a runtime's
// environment.
import { describe, expect, it } from 'vitest';
import { DEMO_CLUSTER, DEMO_SOURCE } from '../../host/cluster/demo.js';
import { builtInMiddleware, createBuiltInApp } from '../../host/http/built-in.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { clusterText, CLUSTER_FIXTURE } from '../http/helpers.js';

const engine = await loadEngine();
const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('createBuiltInApp', () => {
  it('answers from the built-in objects, and is ready on its first request when given a loaded engine', async () => {
    const { app, store } = createBuiltInApp({ source: DEMO_SOURCE, objects: [...DEMO_CLUSTER] }, { engine });
    expect((await app.request('/readyz')).status).toBe(200);
    expect(store.status()).toMatchObject({ revision: 1, source: DEMO_SOURCE, counts: { nodes: 6 } });
    const pick = await app.request('/v1/services/monitoring/node-agent/pick?node=node-a1');
    expect(pick.headers.get('x-gateway-destination-endpoint')).toBe('10.244.1.10:9100');
  });

  it('reads built-in files in the era given, as tpe serve --cluster FILE --kubernetes-version does', async () => {
    const { store } = createBuiltInApp(
      { source: CLUSTER_FIXTURE, files: [{ name: CLUSTER_FIXTURE, text: clusterText }], kubernetesVersion: '1.28' },
      { engine },
    );
    expect(store.status()).toMatchObject({ source: CLUSTER_FIXTURE, kubernetesVersion: '1.28', counts: { nodes: 3 } });
  });

  it('refuses an era that does not exist, naming the field', () => {
    expect(() => createBuiltInApp({ source: DEMO_SOURCE, objects: [...DEMO_CLUSTER], kubernetesVersion: '1.99' }, { engine })).toThrow(
      /kubernetesVersion/,
    );
  });
});

describe('builtInMiddleware', () => {
  it('takes the token, body limit and time limit from the environment', async () => {
    const options = builtInMiddleware(env({ TPE_AUTH_TOKEN: 's3cret', TPE_BODY_LIMIT: '2048', TPE_REQUEST_TIMEOUT_MS: '500' }));
    expect(options).toEqual({ bodyLimitBytes: 2048, middleware: { authToken: 's3cret', requestTimeoutMs: 500 } });
    const { app } = createBuiltInApp({ source: DEMO_SOURCE, objects: [...DEMO_CLUSTER] }, { engine, ...options });
    expect((await app.request('/v1/status')).status).toBe(401);
    expect((await app.request('/v1/status', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('leaves everything at its default when nothing is set, or set empty', () => {
    expect(builtInMiddleware(env({}))).toEqual({ middleware: {} });
    expect(builtInMiddleware(env({ TPE_AUTH_TOKEN: '', TPE_BODY_LIMIT: ' ' }))).toEqual({ middleware: {} });
  });

  it('refuses a limit that is not a positive whole number, naming the variable', () => {
    expect(() => builtInMiddleware(env({ TPE_BODY_LIMIT: '1e6' }))).toThrow(/TPE_BODY_LIMIT.*positive whole number/);
    expect(() => builtInMiddleware(env({ TPE_REQUEST_TIMEOUT_MS: '0' }))).toThrow(/TPE_REQUEST_TIMEOUT_MS/);
  });
});
