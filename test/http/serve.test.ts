// The Node adapter on a real socket: an ephemeral port, a categorize round trip, the snapshot it
// serves (--cluster, $TPE_CLUSTER, else the demo), and a graceful shutdown that lets an in-flight
// request finish — in-process through the handle, and as a process through SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { serve, type RunningServer } from '../../surfaces/node/serve.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const clusterFixture = fileURLToPath(new URL('../fixtures/cluster/two-zones.yaml', import.meta.url));
const request = readFileSync(new URL('../fixtures/requests/itp-local-node-b.json', import.meta.url), 'utf8');
const categorize = (url: string, init: RequestInit = {}) =>
  fetch(`${url}/v1/categorize`, { method: 'POST', body: request, headers: { 'content-type': 'application/json' }, ...init });

describe('serve()', () => {
  let engine: Engine;
  let server: RunningServer;
  const logged: string[] = [];
  beforeAll(async () => {
    engine = await loadEngine();
    server = await serve({ port: 0, host: '127.0.0.1', engine, handleSignals: false, log: (l) => logged.push(l) });
  });
  afterAll(() => server.close());

  it('logs the snapshot it serves and the URL it listens on', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(logged).toEqual([
      'tpe: no --cluster given: cluster snapshot revision 1 loaded from demo: 7 Services, 7 EndpointSlices, 6 Nodes, Kubernetes 1.35 (the built-in demo)',
      `tpe listening on ${server.url}`,
    ]);
  });

  it('serves the demo cluster without --cluster: the node agent (ITP=Local) routes on node-a1, drops on node-b2', async () => {
    const a1 = await fetch(`${server.url}/v1/services/monitoring/node-agent/pick?node=node-a1`);
    expect(a1.status).toBe(200);
    expect(a1.headers.get('x-gateway-destination-endpoint')).toBe('10.244.1.10:9100');
    const b2 = await fetch(`${server.url}/v1/services/monitoring/node-agent/pick?node=node-b2`);
    expect(b2.status).toBe(503);
    expect((await b2.json()).message).toMatch(/^drop: internalTrafficPolicy Local and node node-b2 has no local endpoint/);
  });

  it('answers categorize over HTTP', async () => {
    const res = await categorize(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(engine.categorize(JSON.parse(request)));
    expect(await (await fetch(`${server.url}/readyz`)).text()).toBe('ok');
  });

  it('lets an in-flight request finish on close, then refuses connections', async () => {
    const own = await serve({ port: 0, host: '127.0.0.1', engine, handleSignals: false, log: () => undefined });
    // The body arrives in two parts, so the request is still in flight when close() is called.
    const bytes = new TextEncoder().encode(request);
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (send = c) });
    send.enqueue(bytes.subarray(0, 100));
    const inFlight = categorize(own.url, { body, duplex: 'half' } as RequestInit);
    await new Promise((r) => setTimeout(r, 50));
    let closed = false;
    const closing = own.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    send.enqueue(bytes.subarray(100));
    send.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ node: 'node-b' });
    await closing;
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });

  it('refuses a port that is not a number', async () => {
    await expect(serve({ port: Number.NaN, handleSignals: false })).rejects.toMatchObject({ status: { reason: 'BadRequest' } });
  });

  it('serves --cluster (or $TPE_CLUSTER) in the era asked for', async () => {
    const saved = process.env.TPE_CLUSTER;
    process.env.TPE_CLUSTER = clusterFixture;
    try {
      const own = await serve({
        port: 0,
        host: '127.0.0.1',
        engine,
        handleSignals: false,
        log: () => undefined,
        kubernetesVersion: '1.21',
      });
      const status = await (await fetch(`${own.url}/v1/status`)).json();
      expect(status).toMatchObject({ revision: 1, source: clusterFixture, kubernetesVersion: '1.21', counts: { nodes: 3 } });
      // docs/rules.md §9: in 1.21 ITP=Local is alpha and off by default, so node-2 is not restricted to local endpoints.
      const pick = await fetch(`${own.url}/v1/services/shop/web/pick?node=node-2`);
      expect(pick.headers.get('x-gateway-destination-endpoint')).toBe('10.1.1.10:8080');
      await own.close();
    } finally {
      if (saved === undefined) delete process.env.TPE_CLUSTER;
      else process.env.TPE_CLUSTER = saved;
    }
  });

  it('refuses to start on a dump it cannot load, or on a gate the era does not have', async () => {
    await expect(
      serve({ port: 0, engine, handleSignals: false, cluster: `${root}/nope.yaml`, log: () => undefined }),
    ).rejects.toMatchObject({
      status: { reason: 'BadRequest', message: `cannot read ${root}/nope.yaml: no such file or directory` },
    });
    await expect(
      serve({ port: 0, engine, handleSignals: false, kubernetesVersion: '1.29', featureGates: { PreferSameTrafficDistribution: true } }),
    ).rejects.toMatchObject({
      status: { reason: 'BadRequest', details: { causes: [{ field: '--feature-gate.PreferSameTrafficDistribution' }] } },
    });
    await expect(serve({ port: 0, engine, handleSignals: false, kubernetesVersion: '1.40' })).rejects.toMatchObject({
      status: { reason: 'BadRequest', message: expect.stringMatching(/^--kubernetes-version: Unsupported value: "1.40"/) },
    });
  });
});

describe('tpe serve as a process', () => {
  it('serves on the port it logs and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'surfaces/cli/cli.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--cluster', clusterFixture],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const m = /tpe listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`tpe serve exited early: ${stderr}`)));
    });
    const exited = once(child, 'exit');
    try {
      const res = await categorize(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ node: 'node-b', localEndpoints: ['10.0.2.7:8080'] });
      const pick = await fetch(`${url}/v1/services/shop/web/pick?node=node-1`);
      expect(pick.headers.get('x-gateway-destination-endpoint')).toBe('10.1.1.10:8080');
      expect(stderr).toContain(`tpe: cluster snapshot revision 1 loaded from ${clusterFixture}`);
    } catch (e) {
      // A failed check must not leave the server running.
      child.kill('SIGKILL');
      throw e;
    }
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain('SIGTERM received');
  });

  it('exits 2 with the Status message for a --feature-gate it cannot parse', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'surfaces/cli/cli.ts', 'serve', '--port', '0', '--feature-gate', 'PreferSameTrafficDistribution'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain(
      "option '--feature-gate <Name=bool>' argument 'PreferSameTrafficDistribution' is invalid. must be Name=true or Name=false",
    );
  });
});
