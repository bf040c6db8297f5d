// The Node adapter on a real socket: an ephemeral port, a categorize round trip, and a graceful
// shutdown that lets an in-flight request finish — in-process through the handle, and as a
// process through SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../host/index.js';
import { serve, type RunningServer } from '../../host/adapters/node/serve.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
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

  it('logs the URL it listens on', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(logged).toEqual([`tpe listening on ${server.url}`]);
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
});

describe('tpe serve as a process', () => {
  it('serves on the port it logs and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'host/adapters/node/cli.ts', 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
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
    const res = await categorize(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ node: 'node-b', localEndpoints: ['10.0.2.7:8080'] });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain('SIGTERM received');
  });
});
